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
// 1981), and steps up or down to the boundary, never rescanning from zero:
// one agent at a time at first, then with a doubling stride and a final
// bisection when the answer is far (Erlang A can staff well below the
// load). Every figure is monotone in agents, so the boundary is the minimum. Erlang C
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
// search starts from the predecessor's safety margin scaled by √(a/a') (or
// its agents scaled by a/a' when it was staffed below its load), within an
// agent or two of the answer for neighbouring intervals: about 2.1 staffing
// evaluations per interval for Erlang C and 2.7 for Erlang A on a year of
// 15-minute intervals.
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
			if margin >= 0 {
				// Quality-driven: the safety margin grows like √a.
				hint = int(math.Round(e.a + margin*math.Sqrt(e.a/prev.Erlangs)))
			} else {
				// Efficiency-driven (Erlang A below the load): agents ∝ a.
				hint = int(math.Round(float64(prev.Agents) * e.a / prev.Erlangs))
			}
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
	// No sensible target needs more; an occupancy cap may, and gets room.
	limit := max(int(math.Ceil(e.a+60*math.Sqrt(e.a)))+1000, lowest+1000)
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
//
// It steps one agent at a time for the first few steps, which is all a good
// start needs, then doubles its stride (an Erlang A answer can lie thousands
// of agents below a + √a) and bisects the last stride, so a poor start costs
// O(log distance) evaluations rather than O(distance).
func search(at func(int) Metrics, t Targets, start, lowest, limit int) (Metrics, error) {
	const linear = 4 // unit steps before the stride starts doubling
	n := min(max(start, lowest), limit)
	m := at(n)
	// Invariant once found: lo fails (or is lowest-1), hi meets with mhi.
	var lo, hi int
	var mhi Metrics
	if t.met(m) {
		hi, mhi = n, m
		for i, stride := 0, 1; ; i++ {
			if hi == lowest {
				return mhi, nil
			}
			c := max(hi-stride, lowest)
			mc := at(c)
			if !t.met(mc) {
				lo = c
				break
			}
			hi, mhi = c, mc
			if i >= linear {
				stride *= 2
			}
		}
	} else {
		lo = n
		for i, stride := 0, 1; ; i++ {
			if lo >= limit {
				return Metrics{}, ErrTooLarge
			}
			c := min(lo+stride, limit)
			mc := at(c)
			if t.met(mc) {
				hi, mhi = c, mc
				break
			}
			lo = c
			if i >= linear {
				stride *= 2
			}
		}
	}
	for hi-lo > 1 {
		mid := lo + (hi-lo)/2
		if mm := at(mid); t.met(mm) {
			hi, mhi = mid, mm
		} else {
			lo = mid
		}
	}
	return mhi, nil
}

// IntervalError is StaffBatch's error about one interval.
type IntervalError struct {
	Index int // position in the loads slice
	Err   error
}

func (e *IntervalError) Error() string { return fmt.Sprintf("interval %d: %v", e.Index, e.Err) }
func (e *IntervalError) Unwrap() error { return e.Err }
