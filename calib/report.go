package calib

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/staffcast/staffcast/erlang"
)

// Model names, as the report's JSON spells them.
const (
	ModelErlangC = "erlang_c"
	ModelErlangA = "erlang_a"
	ModelSim     = "sim"
)

// ModelNames lists the compared models in report order (a fresh array
// each call: no package state a caller could change).
func ModelNames() [3]string { return [...]string{ModelErlangC, ModelErlangA, ModelSim} }

// Bins is the number of calibration bins, each 1/Bins wide in predicted
// service level.
const Bins = 5

// Options tune Calibrate.
type Options struct {
	// Interval is the length of the intervals, dividing a day; 0 means 30m.
	Interval time.Duration
	// ServiceTime is the service-level threshold; 0 means 20s.
	ServiceTime time.Duration
	// Replications of the simulator (each day simulated as a sequence); 0 means
	// DefaultReplications.
	Replications int
	// Seed makes the simulated figures reproducible.
	Seed uint64
	// Class, when non-nil, puts each call in a priority class (0 served
	// first, >= 0) and the simulator serves the classes by non-preemptive
	// priority, first come first served within a class, each interval's
	// class shares those of its arrivals (sim's Interval.Classes). Nil is
	// one first-come-first-served queue, the method of the README: in the
	// bank's records priority is weak (see Calibrate) and strict priority
	// fits worse.
	Class func(Call) int
	// Step is the resolution of the simulator's staffing and arrivals:
	// each interval's capacity is estimated per step from the records (see
	// Calibrate), each step gets its own recorded arrivals as the Poisson
	// mean, and the simulator runs the day in steps, while every figure is
	// still scored per interval. 0 means DefaultStep when it is shorter
	// than Interval and divides it, else the longest whole minute below it
	// that does (2 minutes for a 10-minute interval), else one capacity per
	// interval; a Step equal to Interval (or negative)
	// is one capacity per interval. A positive Step that does not divide
	// Interval, a longer one included, is ErrStep.
	Step time.Duration
}

// DefaultStep is Options.Step when zero: the time scale chosen on 1-17
// January 1999 among 1, 2, 3, 5, 6, 10 and 15 minutes (README).
const DefaultStep = 3 * time.Minute

// DefaultReplications is Options.Replications when zero.
const DefaultReplications = 40

// Row is one interval's estimated inputs, what happened and what each
// model predicts.
type Row struct {
	Interval
	// HandleSeconds is the handle time the models use: the mean talk time
	// plus Params.WrapSeconds.
	HandleSeconds float64
	// PatienceSeconds is the mean patience the models use (the file's).
	PatienceSeconds float64
	// Agents is the effective agents (see Calibrate), fractional.
	Agents float64
	// StepAgents, with Options.Step, are the effective agents of each step
	// of the interval (their mean is Agents), and StepArrivals its
	// recorded arrivals.
	StepAgents   []float64
	StepArrivals []int

	ErlangCServiceLevel, ErlangAServiceLevel, ErlangAAbandonRate float64
	SimServiceLevel                                              float64
	// simNoise is the mean absolute deviation of one simulated interval's
	// service level around the simulated mean.
	simNoise float64
}

// Predicted returns the service level the named model predicts.
func (r Row) Predicted(model string) float64 {
	switch model {
	case ModelErlangC:
		return r.ErlangCServiceLevel
	case ModelErlangA:
		return r.ErlangAServiceLevel
	}
	return r.SimServiceLevel
}

// Bin is one calibration bin: the intervals whose predicted service level
// falls in it, their mean predicted and mean observed service level.
type Bin struct {
	Low, High float64 `json:"-"`
	Predicted float64 `json:"predicted"`
	Observed  float64 `json:"observed"`
	Intervals int     `json:"intervals"`
}

// ModelSummary is how one model did over every interval.
type ModelSummary struct {
	// MAE is the mean over intervals of |predicted - observed| service level.
	MAE float64 `json:"mae"`
	// Bias is the calls-weighted mean predicted minus the calls-weighted
	// mean observed service level.
	Bias float64 `json:"bias"`
	// Calibration holds the non-empty bins of width 1/Bins by predicted
	// service level, lowest first, with unweighted means.
	Calibration []Bin `json:"calibration"`
}

// Report is Calibrate's answer.
type Report struct {
	Params Params
	Rows   []Row
	// Skipped counts intervals with arrivals but no answered call with a
	// talk time, whose handle time cannot be estimated, or no agent named
	// as answering and nobody talking while callers waited, whose agents
	// cannot be estimated (a zero capacity although calls were answered);
	// they are left out.
	Skipped int
	// Calls is the arrivals over Rows; ObservedServiceLevel and
	// ObservedAbandonRate are their calls-weighted means.
	Calls                                     int
	ObservedServiceLevel, ObservedAbandonRate float64
	Models                                    map[string]ModelSummary
	// NoiseFloor is the MAE a perfect model would show: the mean over
	// intervals of the mean absolute deviation of a simulated interval's
	// service level around its expected value, with each interval's inputs.
	NoiseFloor float64
}

// Calibrate estimates each interval's inputs from the calls, predicts its
// service level and abandonment with Erlang C, Erlang A and the simulator,
// and compares them with what happened.
//
// Effective agents: the records show who talked, not who was available.
// In an M/M/n queue every agent is busy whenever a caller waits, so the
// mean number talking while callers waited (WaitingBusyAgents, over the
// WaitingSeconds of the interval, share s = WaitingSeconds/interval) is the
// agents serving then. Where nobody waited that is unknown, and the agents
// who answered calls (ServingAgents) scaled by the file's Availability
// stands in. The talking capacity is c = s·WaitingBusyAgents +
// (1-s)·Availability·ServingAgents. Agents also spend time between calls
// while callers wait (Params.WrapSeconds, w); counting it as handle time,
// the models get handle time h = talk + w and agents c·h/talk (the same
// occupancy, more servers). An interval where c is zero has no evidence of
// its agents (its calls were answered by no named agent, with nobody
// talking while callers waited) and is skipped, like one without a talk
// time.
//
// Capacity within the interval (Options.Step, 3 minutes by default): the
// same formula taken over each step, s_k·W_k + (1-s_k)·Availability·
// ServingAgents with the step's waiting share and mean talking while
// callers waited, and the interval's ServingAgents, averages to the
// interval's c; the simulator gets each step's agents and each step's own
// recorded arrivals, so that a dip of the agents inside the interval, and
// the arrivals' bunching, carry into the prediction. The step's W_k, like the
// interval's, is measured while callers waited, so it partly reflects the
// outcome; it is still the agents' evidence, not a fit to service levels.
//
// Queue discipline: the simulator serves one first-come-first-served queue
// unless Options.Class sets priority classes. The bank's records name each
// call's type and priority, but within a half hour a queued priority-2 call
// waits only about 5 s less than a priority-1 one, and an answered NW call
// 20-30 s more than a PS one, far from what strict priority would give
// (the priority of calls answered at once is not recorded: 0).
func Calibrate(ctx context.Context, calls []Call, o Options) (*Report, error) {
	if o.Interval == 0 {
		o.Interval = 30 * time.Minute
	}
	if o.ServiceTime == 0 {
		o.ServiceTime = 20 * time.Second
	}
	if o.Replications == 0 {
		o.Replications = DefaultReplications
	}
	for s := DefaultStep; o.Step == 0 && s >= time.Minute; s -= time.Minute {
		if s < o.Interval && o.Interval%s == 0 {
			o.Step = s
		}
	}
	if o.Step > 0 && o.Interval%o.Step != 0 {
		return nil, fmt.Errorf("%w: step %v does not divide the interval %v", ErrStep, o.Step, o.Interval)
	}
	ivs, err := Aggregate(calls, o.Interval, o.ServiceTime)
	if err != nil {
		return nil, err
	}
	rep := &Report{Params: EstimateParams(calls, ivs), Models: map[string]ModelSummary{}}
	p := rep.Params
	var skipped []Interval
	for _, iv := range ivs {
		s := math.Min(iv.WaitingSeconds/o.Interval.Seconds(), 1)
		capacity := s*iv.WaitingBusyAgents + (1-s)*p.Availability*float64(iv.ServingAgents)
		if iv.Answered == 0 || iv.TalkSeconds <= 0 || !(capacity > 0) {
			rep.Skipped++
			skipped = append(skipped, iv)
			continue
		}
		talk := iv.AHTSeconds()
		r := Row{
			Interval:        iv,
			HandleSeconds:   talk + p.WrapSeconds,
			PatienceSeconds: p.PatienceSeconds,
			Agents:          capacity * (talk + p.WrapSeconds) / talk,
		}
		a := r.Load(o.Interval)
		c := a
		c.Patience = 0
		r.ErlangCServiceLevel, _ = erlangAt(c, r.Agents, o.ServiceTime)
		r.ErlangAServiceLevel, r.ErlangAAbandonRate = erlangAt(a, r.Agents, o.ServiceTime)
		rep.Rows = append(rep.Rows, r)
	}
	if len(rep.Rows) == 0 {
		return nil, fmt.Errorf("%w with an answered call", ErrNoCalls)
	}
	if o.Step > 0 && o.Step < o.Interval {
		steps(calls, rep.Rows, p, o)
		rep.Params.StepSeconds = o.Step.Seconds()
	} else {
		o.Step = 0
	}
	if err := simulate(ctx, rep.Rows, skipped, o, classShares(calls, o)); err != nil {
		return nil, err
	}
	rep.summarise()
	return rep, nil
}

// classShares counts the arrivals of each interval by o.Class (nil
// without it); every count slice has as many classes as the largest class
// seen, plus one.
func classShares(calls []Call, o Options) map[time.Time][]float64 {
	if o.Class == nil {
		return nil
	}
	k := 1
	type arrival struct {
		start time.Time
		class int
	}
	var as []arrival
	for _, c := range calls {
		at, ok := c.arrival()
		if !ok {
			continue
		}
		cl := max(o.Class(c), 0)
		k = max(k, cl+1)
		as = append(as, arrival{floor(at, o.Interval), cl})
	}
	out := map[time.Time][]float64{}
	for _, a := range as {
		if out[a.start] == nil {
			out[a.start] = make([]float64, k)
		}
		out[a.start][a.class]++
	}
	return out
}

// Load is the Erlang A load of the row: its arrivals in an interval of the
// given length, its handle time and patience.
func (r Row) Load(interval time.Duration) erlang.Load {
	return erlang.Load{
		Volume:   float64(r.Arrivals),
		Interval: interval,
		AHT:      seconds(r.HandleSeconds),
		Patience: seconds(r.PatienceSeconds),
	}
}

func seconds(s float64) time.Duration { return time.Duration(math.Round(s * float64(time.Second))) }

// erlangAt returns the service level and abandonment share of l with a
// fractional number of agents, interpolated linearly between the whole
// numbers around it. An Erlang C queue without a steady state answers
// nobody in time.
func erlangAt(l erlang.Load, agents float64, serviceTime time.Duration) (sl, abandon float64) {
	lo := math.Floor(agents)
	f := agents - lo
	at := func(n int) (float64, float64) {
		m, _ := erlang.Evaluate(l, n, serviceTime)
		return m.ServiceLevel, m.PAbandon
	}
	sl, abandon = at(int(lo))
	if f > 0 {
		s2, a2 := at(int(lo) + 1)
		sl, abandon = sl*(1-f)+s2*f, abandon*(1-f)+a2*f
	}
	return sl, abandon
}

// summarise fills the report's totals and per-model summaries.
func (rep *Report) summarise() {
	var obs, ab, noise float64
	for _, r := range rep.Rows {
		rep.Calls += r.Arrivals
		obs += float64(r.AnsweredWithin)
		ab += float64(r.Abandoned)
		noise += r.simNoise
	}
	rep.ObservedServiceLevel = obs / float64(rep.Calls)
	rep.ObservedAbandonRate = ab / float64(rep.Calls)
	rep.NoiseFloor = noise / float64(len(rep.Rows))
	for _, m := range ModelNames() {
		rep.Models[m] = summary(rep.Rows, m)
	}
}

// summary compares one model's predictions with what happened.
func summary(rows []Row, model string) ModelSummary {
	var s ModelSummary
	var pred, obs, calls float64
	bins := make([]Bin, Bins)
	for i := range bins {
		bins[i].Low, bins[i].High = float64(i)/Bins, float64(i+1)/Bins
	}
	for _, r := range rows {
		p, o, n := r.Predicted(model), r.ObservedServiceLevel(), float64(r.Arrivals)
		s.MAE += math.Abs(p - o)
		pred += p * n
		obs += o * n
		calls += n
		b := &bins[min(int(p*Bins), Bins-1)]
		b.Predicted += p
		b.Observed += o
		b.Intervals++
	}
	s.MAE /= float64(len(rows))
	s.Bias = (pred - obs) / calls
	s.Calibration = []Bin{}
	for _, b := range bins {
		if b.Intervals > 0 {
			b.Predicted /= float64(b.Intervals)
			b.Observed /= float64(b.Intervals)
			s.Calibration = append(s.Calibration, b)
		}
	}
	return s
}
