package sim

import (
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/staffcast/staffcast/erlang"
)

// Kind is the shape of a distribution of durations.
type Kind int

const (
	// Exponential with the interval's mean (AHT or patience).
	Exponential Kind = iota
	// LogNormal with the interval's mean and Dist.CV: σ² = ln(1+CV²),
	// μ = ln(mean) - σ²/2.
	LogNormal
	// Empirical resamples Dist.Samples uniformly with replacement; the
	// interval's mean is not used.
	Empirical
)

// String is the kind's name as the CLI spells it.
func (k Kind) String() string {
	switch k {
	case Exponential:
		return "exponential"
	case LogNormal:
		return "lognormal"
	case Empirical:
		return "empirical"
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// Dist is a distribution of handle times or patiences.
type Dist struct {
	Kind Kind
	// CV is the coefficient of variation (standard deviation over mean) of
	// LogNormal, > 0.
	CV float64
	// Samples are resampled by Empirical; each > 0 (a handle time) or >= 0
	// (a patience).
	Samples []time.Duration
}

// Interval is the work and staffing of one interval.
type Interval struct {
	// Volume is the expected number of contacts offered (the Poisson mean),
	// >= 0; fractional as forecasts are. Unused with Model.Arrivals.
	Volume float64
	// AHT is the mean handle time, > 0 (unless HandleTime is Empirical).
	AHT time.Duration
	// Patience is the mean patience of a waiting contact; zero means
	// infinitely patient (unless Model.Patience is Empirical).
	Patience time.Duration
	// Agents on duty during the interval, >= 0; unused with Model.Shifts.
	Agents int
	// Classes, when non-nil, are the shares of the interval's contacts in
	// each priority class (class 0 first), each >= 0 with a positive sum
	// (normalised); every interval then gives the same number of shares
	// (see Priority in the package doc). Nil everywhere: one class, first
	// come, first served.
	Classes []float64
}

// Shift is one agent's working time, as offsets from the start of the first
// interval (negative in the warm-up). The agent is on duty in [Start, End)
// outside its breaks.
type Shift struct {
	Start, End time.Duration
	// Breaks, in order, each within the shift and not overlapping.
	Breaks []Break
}

// Break is a time off duty within a shift, [Start, End).
type Break struct{ Start, End time.Duration }

// Model is one queue over consecutive intervals of equal length.
type Model struct {
	// Interval is the length of every interval, > 0.
	Interval  time.Duration
	Intervals []Interval
	// ServiceTime is the service-level threshold: a contact answered after
	// waiting at most ServiceTime is answered within it.
	ServiceTime time.Duration
	HandleTime  Dist
	Patience    Dist
	// Arrivals, when non-nil, are replayed arrival times (offsets from the
	// start of the first interval, within the horizon) instead of Poisson
	// arrivals; Volume, the funnel and WarmUp are then not used.
	Arrivals []time.Duration
	// Shifts, when non-empty, put agents on duty instead of the intervals'
	// Agents.
	Shifts []Shift
	// Funnel, when non-nil, routes each interval's volume through the bot
	// funnel (see the package doc); BotShares, when non-nil, is the bot
	// share of every interval (len(Intervals) of them) instead of
	// Funnel.BotShare.
	Funnel    *erlang.Funnel
	BotShares []float64
	// WarmUp is simulated before the first interval with its arrivals and
	// staffing (with shifts: whatever shifts start before 0), unrecorded.
	WarmUp time.Duration
	// Closed are the times the centre is closed (see Closures in the
	// package doc), in order, not overlapping, within the horizon.
	Closed []Closure
}

// Closure is a time the centre is closed, [Start, End) as offsets from the
// start of the first interval: at Start the contacts still waiting are
// lost, and those arriving before End are lost at once.
type Closure struct{ Start, End time.Duration }

// MaxClasses bounds the priority classes (Interval.Classes).
const MaxClasses = 64

// MaxArrivals bounds the expected arrivals of one replication, so that a
// typing mistake fails fast instead of exhausting memory and time.
const MaxArrivals = 1e8

// Horizon is the length of all intervals.
func (m Model) Horizon() time.Duration { return m.Interval * time.Duration(len(m.Intervals)) }

func invalid(field, format string, args ...any) error {
	return fmt.Errorf("%w: %s: %s", ErrInvalid, field, fmt.Sprintf(format, args...))
}

// Validate reports the first field out of range, named by its dotted path.
func (m Model) Validate() error {
	if m.Interval <= 0 {
		return invalid("interval", "%v is not positive", m.Interval)
	}
	if len(m.Intervals) == 0 {
		return invalid("intervals", "none given")
	}
	if m.ServiceTime < 0 {
		return invalid("service_time", "%v is negative", m.ServiceTime)
	}
	if err := m.HandleTime.validate("handle_time", false); err != nil {
		return err
	}
	if err := m.Patience.validate("patience", true); err != nil {
		return err
	}
	if m.WarmUp < 0 {
		return invalid("warm_up", "%v is negative", m.WarmUp)
	}
	expected := 0.0
	for i, iv := range m.Intervals {
		p := fmt.Sprintf("intervals[%d]", i)
		switch {
		case !(iv.Volume >= 0) || math.IsInf(iv.Volume, 1):
			return invalid(p+".volume", "%v is not a finite number >= 0", iv.Volume)
		case iv.AHT < 0 || (iv.AHT == 0 && m.HandleTime.Kind != Empirical):
			return invalid(p+".aht", "%v is not positive", iv.AHT)
		case iv.Patience < 0:
			return invalid(p+".patience", "%v is negative", iv.Patience)
		case iv.Agents < 0 || iv.Agents > erlang.MaxAgents:
			return invalid(p+".agents", "%d is outside [0, %d]", iv.Agents, int(erlang.MaxAgents))
		}
		if len(iv.Classes) != len(m.Intervals[0].Classes) {
			return invalid(p+".classes", "%d shares, interval 0 has %d", len(iv.Classes), len(m.Intervals[0].Classes))
		}
		sum := 0.0
		for j, c := range iv.Classes {
			if !(c >= 0) || math.IsInf(c, 1) {
				return invalid(fmt.Sprintf("%s.classes[%d]", p, j), "%v is not a finite number >= 0", c)
			}
			sum += c
		}
		if len(iv.Classes) > 0 && !(sum > 0) {
			return invalid(p+".classes", "the shares sum to %v, not a positive number", sum)
		}
		expected += iv.Volume
	}
	if k := len(m.Intervals[0].Classes); k > MaxClasses {
		return invalid("intervals[0].classes", "%d classes, at most %d", k, MaxClasses)
	}
	h := m.Horizon()
	if m.Arrivals != nil {
		expected = float64(len(m.Arrivals))
		for i, a := range m.Arrivals {
			if a < 0 || a >= h {
				return invalid(fmt.Sprintf("arrivals[%d]", i), "%v is outside the horizon [0, %v)", a, h)
			}
		}
	} else {
		expected *= 1 + m.WarmUp.Seconds()/h.Seconds()
	}
	if m.Funnel != nil {
		if err := m.Funnel.Validate(); err != nil {
			return fmt.Errorf("%w: funnel: %w", ErrInvalid, err)
		}
		if m.BotShares != nil && len(m.BotShares) != len(m.Intervals) {
			return invalid("bot_shares", "%d shares for %d intervals", len(m.BotShares), len(m.Intervals))
		}
		for i, s := range m.BotShares {
			if !(s >= 0 && s <= 1) {
				return invalid(fmt.Sprintf("bot_shares[%d]", i), "%v is outside [0, 1]", s)
			}
		}
	}
	if expected > MaxArrivals {
		return fmt.Errorf("%w: %.4g contacts expected per replication, at most %g", ErrTooLarge, expected, float64(MaxArrivals))
	}
	prev := time.Duration(0)
	for i, c := range m.Closed {
		p := fmt.Sprintf("closed[%d]", i)
		switch {
		case c.Start < prev:
			return invalid(p+".start", "%v is before 0 or the previous closure's end %v", c.Start, prev)
		case c.End <= c.Start:
			return invalid(p+".end", "%v is not after start %v", c.End, c.Start)
		case c.End > h:
			return invalid(p+".end", "%v is after the horizon's end %v", c.End, h)
		}
		prev = c.End
	}
	if len(m.Shifts) > erlang.MaxAgents {
		return invalid("shifts", "%d shifts, at most %d", len(m.Shifts), int(erlang.MaxAgents))
	}
	for i, s := range m.Shifts {
		p := fmt.Sprintf("shifts[%d]", i)
		if s.End <= s.Start {
			return invalid(p+".end", "%v is not after start %v", s.End, s.Start)
		}
		last := s.Start
		for j, b := range s.Breaks {
			bp := fmt.Sprintf("%s.breaks[%d]", p, j)
			switch {
			case b.Start < last:
				return invalid(bp+".start", "%v is before the shift start or the previous break's end %v", b.Start, last)
			case b.End <= b.Start:
				return invalid(bp+".end", "%v is not after start %v", b.End, b.Start)
			case b.End > s.End:
				return invalid(bp+".end", "%v is after the shift end %v", b.End, s.End)
			}
			last = b.End
		}
	}
	return nil
}

func (d Dist) validate(field string, zeroOK bool) error {
	switch d.Kind {
	case Exponential:
	case LogNormal:
		if !(d.CV > 0) || math.IsInf(d.CV, 1) {
			return invalid(field+".cv", "%v is not a positive number", d.CV)
		}
	case Empirical:
		if len(d.Samples) == 0 {
			return invalid(field+".samples", "none given")
		}
		for i, s := range d.Samples {
			if s < 0 || (s == 0 && !zeroOK) {
				return invalid(fmt.Sprintf("%s.samples[%d]", field, i), "%v is not positive", s)
			}
		}
	default:
		return invalid(field+".kind", "unknown kind %d", int(d.Kind))
	}
	return nil
}

// IntervalsFromLoads builds intervals from erlang loads (all of one
// interval length, which it returns) and agents on duty, one per load.
func IntervalsFromLoads(loads []erlang.Load, agents []int) ([]Interval, time.Duration, error) {
	if len(loads) != len(agents) {
		return nil, 0, invalid("intervals", "%d loads for %d agent counts", len(loads), len(agents))
	}
	out := make([]Interval, len(loads))
	var length time.Duration
	for i, l := range loads {
		if i == 0 {
			length = l.Interval
		} else if l.Interval != length {
			return nil, 0, invalid(fmt.Sprintf("intervals[%d]", i), "lasts %v, interval 0 %v", l.Interval, length)
		}
		out[i] = Interval{Volume: l.Volume, AHT: l.AHT, Patience: l.Patience, Agents: agents[i]}
	}
	return out, length, nil
}

// sortedArrivals returns the replayed arrivals in seconds, sorted.
func (m Model) sortedArrivals() []float64 {
	out := make([]float64, len(m.Arrivals))
	for i, a := range m.Arrivals {
		out[i] = a.Seconds()
	}
	slices.Sort(out)
	return out
}
