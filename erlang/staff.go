package erlang

import (
	"fmt"
	"math"
)

// Staff returns the smallest number of agents whose Metrics meet every goal
// of t at once, and those Metrics (with Scheduled grossed up for
// t.Shrinkage). The model is Erlang C or Erlang A as in Evaluate, and
// Metrics.ServiceLevel is measured at t.ServiceTime.
//
// The search starts from square-root staffing, n ≈ a + √a (Halfin & Whitt
// 1981), and steps one agent at a time up or down to the boundary; every
// figure is monotone in agents, so the first n meeting the goals after
// stepping down (or the first met stepping up) is the minimum. Erlang C
// answers always exceed the load a. A load with zero volume needs 0 agents.
func Staff(l Load, t Targets) (Metrics, error) {
	if err := l.Validate(); err != nil {
		return Metrics{}, err
	}
	if err := t.Validate(); err != nil {
		return Metrics{}, err
	}
	var e evaluator
	e.reset(l, t.ServiceTime, nil)
	return e.staff(t, -1)
}

// StaffBatch staffs every load against the same targets, as Staff does for
// one, and returns the Metrics in the same order. It is the call for a whole
// forecast: one Erlang B table's storage serves every interval, an interval
// whose load equals its predecessor's reuses its answer, and otherwise the
// search starts from the predecessor's safety margin scaled by √(a/a'),
// which is within an agent or two of the answer for neighbouring intervals.
// An invalid load is reported as an *IntervalError and nothing is returned.
func StaffBatch(loads []Load, t Targets) ([]Metrics, error) {
	if err := t.Validate(); err != nil {
		return nil, err
	}
	for i, l := range loads {
		if err := l.Validate(); err != nil {
			return nil, &IntervalError{Index: i, Err: err}
		}
	}
	out := make([]Metrics, len(loads))
	var e evaluator
	var buf []float64
	for i, l := range loads {
		if i > 0 && l == loads[i-1] {
			out[i] = out[i-1]
			continue
		}
		e.reset(l, t.ServiceTime, buf)
		hint := -1
		if i > 0 && out[i-1].Erlangs > 0 && out[i-1].Agents > 0 && e.a > 0 {
			prev := out[i-1]
			margin := float64(prev.Agents) - prev.Erlangs
			hint = int(math.Round(e.a + margin*math.Sqrt(e.a/prev.Erlangs)))
		}
		m, err := e.staff(t, hint)
		if err != nil {
			return nil, &IntervalError{Index: i, Err: err}
		}
		out[i] = m
		buf = e.b.y
	}
	return out, nil
}

// staff runs the search from hint (or square-root staffing when hint < 0).
func (e *evaluator) staff(t Targets, hint int) (Metrics, error) {
	if e.a == 0 {
		m := e.at(0)
		return m, nil
	}
	// Erlang C needs n > a; every model needs a·(1-P(ab))/n <= max occupancy,
	// and for Erlang C that is exactly n >= a/maxOcc.
	// With abandonment zero agents "meet" an occupancy cap (nobody is
	// answered); a queue with contacts gets at least one agent.
	lowest := 1
	if e.theta == 0 {
		lowest = int(math.Floor(e.a)) + 1
		if t.MaxOccupancy > 0 {
			lowest = max(lowest, int(math.Ceil(e.a/t.MaxOccupancy-1e-9)))
		}
	}
	limit := int(math.Ceil(e.a+60*math.Sqrt(e.a))) + 1000
	n := hint
	if n < 0 {
		n = int(math.Ceil(e.a + math.Sqrt(e.a)))
	}
	m, err := search(e.at, t, n, lowest, limit)
	if err != nil {
		return Metrics{}, fmt.Errorf("%w: %.6g Erlangs need more than %d agents for these targets", err, e.a, limit)
	}
	m.Scheduled = scheduled(m.Agents, t.Shrinkage)
	return m, nil
}

// search steps from start (clamped to [lowest, limit]) to the smallest n in
// that range whose metrics meet t, assuming they are monotone in n. It fails
// with ErrTooLarge when limit agents do not suffice.
func search(at func(int) Metrics, t Targets, start, lowest, limit int) (Metrics, error) {
	n := min(max(start, lowest), limit)
	m := at(n)
	if t.met(m) {
		for n > lowest {
			down := at(n - 1)
			if !t.met(down) {
				break
			}
			n, m = n-1, down
		}
		return m, nil
	}
	for !t.met(m) {
		if n >= limit {
			return Metrics{}, ErrTooLarge
		}
		n++
		m = at(n)
	}
	return m, nil
}

// IntervalError is StaffBatch's error about one interval.
type IntervalError struct {
	Index int // position in the loads slice
	Err   error
}

func (e *IntervalError) Error() string { return fmt.Sprintf("interval %d: %v", e.Index, e.Err) }
func (e *IntervalError) Unwrap() error { return e.Err }
