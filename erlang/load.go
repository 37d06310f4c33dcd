package erlang

import (
	"fmt"
	"math"
	"time"
)

// Load is the work offered to one queue in one interval.
type Load struct {
	// Volume is the number of contacts offered in the interval. It may be
	// fractional, as forecasts are.
	Volume float64
	// Interval is the length of the interval the volume arrives in.
	Interval time.Duration
	// AHT is the mean handle time of a contact (talk + hold + wrap-up).
	AHT time.Duration
	// Patience is the mean time a waiting contact waits before abandoning,
	// assumed exponentially distributed (Erlang A). Zero means infinitely
	// patient contacts (Erlang C).
	Patience time.Duration
}

// Erlangs is the offered load a = Volume·AHT/Interval, the mean number of
// agents busy if every contact were answered.
func (l Load) Erlangs() float64 {
	if l.Interval <= 0 {
		return math.NaN()
	}
	return l.Volume * l.AHT.Seconds() / l.Interval.Seconds()
}

// Limits on the size of a problem, far above any real queue, so that a
// typing mistake fails fast instead of exhausting memory.
const (
	MaxErlangs = 1e7 // offered load
	MaxAgents  = 1e7 // agents evaluated (chat: agents × concurrency)
)

// Validate reports the first field of l that is out of range.
func (l Load) Validate() error {
	switch {
	case !(l.Volume >= 0) || math.IsInf(l.Volume, 1):
		return fmt.Errorf("%w: %v", ErrVolume, l.Volume)
	case l.Interval <= 0:
		return fmt.Errorf("%w: %v", ErrInterval, l.Interval)
	case l.AHT <= 0:
		return fmt.Errorf("%w: %v", ErrAHT, l.AHT)
	case l.Patience < 0:
		return fmt.Errorf("%w: %v", ErrPatience, l.Patience)
	case l.Erlangs() > MaxErlangs:
		return fmt.Errorf("%w: %.4g Erlangs offered, at most %g", ErrTooLarge, l.Erlangs(), float64(MaxErlangs))
	}
	return nil
}

// rates returns the arrival rate λ, the service rate μ and the abandonment
// rate θ, all per second.
func (l Load) rates() (lambda, mu, theta float64) {
	lambda = l.Volume / l.Interval.Seconds()
	mu = 1 / l.AHT.Seconds()
	if l.Patience > 0 {
		theta = 1 / l.Patience.Seconds()
	}
	return lambda, mu, theta
}

// Metrics are the steady-state figures of a queue with a given number of
// agents. Probabilities are fractions of all offered contacts.
type Metrics struct {
	Agents int // agents answering (not scheduled: see Scheduled)
	// Scheduled is Agents grossed up for shrinkage, ceil(Agents/(1-s)); it
	// equals Agents when no shrinkage was given.
	Scheduled int
	Erlangs   float64 // offered load, Volume·AHT/Interval
	// PWait is the probability that a contact waits at all: P(W > 0).
	PWait float64
	// PAbandon is the share of offered contacts that hang up before an
	// agent answers; always 0 for Erlang C.
	PAbandon float64
	// ServiceLevel is the share of offered contacts answered within the
	// service-level time. Under Erlang A contacts that abandon count as
	// missed, whatever their wait, so ServiceLevel <= 1 - PAbandon.
	ServiceLevel float64
	// ASASeconds is the mean wait over all offered contacts, in seconds. Under
	// Erlang A it includes the time abandoning contacts waited before hanging
	// up, so that PAbandon = ASA/Patience (Little's law on the queue). It is
	// +Inf for Erlang C with Agents <= Erlangs.
	ASASeconds float64
	// Occupancy is the carried load divided by agents: the share of their
	// time agents spend handling contacts. Zero when Agents is zero.
	Occupancy float64
}

// Targets are the goals a staffing must meet all at once. A zero field is no
// goal. At least one of ServiceLevel, MaxASA, MaxAbandon, MaxOccupancy must
// be set.
type Targets struct {
	// ServiceLevel is the share of offered contacts to answer within
	// ServiceTime, in (0, 1); 0.8 with ServiceTime 20s is "80/20".
	ServiceLevel float64
	// ServiceTime is the threshold of ServiceLevel; it also sets the time at
	// which Metrics.ServiceLevel is reported. Zero means "answered at once".
	ServiceTime time.Duration
	// MaxASA caps the mean wait over all offered contacts.
	MaxASA time.Duration
	// MaxAbandon caps the share of offered contacts that abandon, in (0, 1).
	MaxAbandon float64
	// MaxOccupancy caps occupancy, in (0, 1]. It stops burning agents out
	// when service-level goals alone would run them near 100%.
	MaxOccupancy float64
	// Shrinkage is not a goal but the share of paid time agents are not
	// available (breaks, training, absence), in [0, 1). It sets
	// Metrics.Scheduled.
	Shrinkage float64
}

// Validate reports the first target out of range.
func (t Targets) Validate() error {
	switch {
	case !(t.ServiceLevel >= 0 && t.ServiceLevel < 1):
		return fmt.Errorf("%w: service level %v is outside (0, 1)", ErrTarget, t.ServiceLevel)
	case t.ServiceTime < 0:
		return fmt.Errorf("%w: %v", ErrServiceTime, t.ServiceTime)
	case t.MaxASA < 0:
		return fmt.Errorf("%w: max ASA %v is negative", ErrTarget, t.MaxASA)
	case !(t.MaxAbandon >= 0 && t.MaxAbandon < 1):
		return fmt.Errorf("%w: max abandon %v is outside (0, 1)", ErrTarget, t.MaxAbandon)
	case !(t.MaxOccupancy >= 0 && t.MaxOccupancy <= 1):
		return fmt.Errorf("%w: max occupancy %v is outside (0, 1]", ErrTarget, t.MaxOccupancy)
	case !(t.Shrinkage >= 0 && t.Shrinkage < 1):
		return fmt.Errorf("%w: %v", ErrShrinkage, t.Shrinkage)
	case t.ServiceLevel == 0 && t.MaxASA == 0 && t.MaxAbandon == 0 && t.MaxOccupancy == 0:
		return ErrNoTarget
	}
	return nil
}

// met reports whether m meets every goal of t.
func (t Targets) met(m Metrics) bool {
	if t.ServiceLevel > 0 && m.ServiceLevel < t.ServiceLevel {
		return false
	}
	if t.MaxASA > 0 && !(m.ASASeconds <= t.MaxASA.Seconds()) {
		return false
	}
	if t.MaxAbandon > 0 && m.PAbandon > t.MaxAbandon {
		return false
	}
	if t.MaxOccupancy > 0 && m.Occupancy > t.MaxOccupancy {
		return false
	}
	return true
}

// Scheduled returns the agents to schedule so that agents are available
// after shrinkage s: ceil(agents / (1 - s)). Shrinkage is the share of paid
// time lost to breaks, meetings, training and absence; 30% shrinkage turns
// 14 agents into 20 scheduled.
func Scheduled(agents int, shrinkage float64) (int, error) {
	if agents < 0 {
		return 0, fmt.Errorf("%w: %d", ErrAgents, agents)
	}
	if !(shrinkage >= 0 && shrinkage < 1) {
		return 0, fmt.Errorf("%w: %v", ErrShrinkage, shrinkage)
	}
	return scheduled(agents, shrinkage), nil
}

func scheduled(agents int, shrinkage float64) int {
	x := float64(agents) / (1 - shrinkage)
	// 14/(1-0.3) is 20.000000000000004 in binary; a planner means 20.
	return int(math.Ceil(x - 1e-9*math.Max(1, x)))
}
