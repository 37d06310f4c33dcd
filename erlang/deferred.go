package erlang

import (
	"fmt"
	"math"
	"time"
)

// Deferred is work that need not be answered at once (email, back office,
// call-backs): items arrive per interval and each must be finished within
// Deadline of its arrival.
type Deferred struct {
	Arrivals []float64     // items arriving in each interval
	Interval time.Duration // interval length
	AHT      time.Duration // work per item
	Deadline time.Duration // every item finished within this of arriving; >= Interval
	Backlog  float64       // items already waiting at the start, due within Deadline
}

// DeferredPlan is the work to staff per interval.
type DeferredPlan struct {
	AgentHours []float64 // productive agent-hours to spend in each interval
	Agents     []float64 // AgentHours as agents busy the whole interval
	Open       []float64 // items (or parts) not yet finished at each interval's end
	// Carryover is the agent-hours of work arrived in the horizon but
	// scheduled after its end (its deadline lies beyond the last interval).
	Carryover float64
}

// StaffDeferred plans the work of d so that every item meets its deadline.
//
// The items arriving in interval i may be worked in intervals i … i+K-1 with
// K = ⌊Deadline/Interval⌋, and are finished by the end of i+K-1, no later
// than arrival + Deadline. The plan spreads each interval's work evenly over
// its K intervals (the initial backlog over the first K): it is feasible in
// the fluid sense (work is never planned before it arrives, as arrivals and
// work both run evenly through an interval) and smooth, with each
// interval's hours a moving sum of the last K intervals' work divided by K.
// Deadlines shorter than an interval are real-time work: staff it with
// Staff instead (ErrDeferred).
func StaffDeferred(d Deferred) (DeferredPlan, error) {
	switch {
	case d.Interval <= 0:
		return DeferredPlan{}, fmt.Errorf("%w: %v", ErrInterval, d.Interval)
	case d.AHT <= 0:
		return DeferredPlan{}, fmt.Errorf("%w: %v", ErrAHT, d.AHT)
	case d.Deadline < d.Interval:
		return DeferredPlan{}, fmt.Errorf("%w: deadline %v is shorter than the interval %v (staff it as a queue)", ErrDeferred, d.Deadline, d.Interval)
	case !(d.Backlog >= 0) || math.IsInf(d.Backlog, 1):
		return DeferredPlan{}, fmt.Errorf("%w: backlog %v", ErrDeferred, d.Backlog)
	}
	for i, v := range d.Arrivals {
		if !(v >= 0) || math.IsInf(v, 1) {
			return DeferredPlan{}, fmt.Errorf("%w: interval %d has %v arrivals", ErrVolume, i, v)
		}
	}
	k := int(d.Deadline / d.Interval)
	h := d.AHT.Hours()
	n := len(d.Arrivals)
	plan := DeferredPlan{AgentHours: make([]float64, n), Agents: make([]float64, n), Open: make([]float64, n)}
	// Work arrived in i is done at rate w/K in i … i+K-1: a moving sum.
	add := func(from int, work float64) {
		for j := from; j < from+k; j++ {
			if j < n {
				plan.AgentHours[j] += work / float64(k)
			} else {
				plan.Carryover += work / float64(k)
			}
		}
	}
	add(0, d.Backlog*h)
	for i, v := range d.Arrivals {
		add(i, v*h)
	}
	open := d.Backlog
	for i, v := range d.Arrivals {
		open += v - plan.AgentHours[i]/h
		plan.Open[i] = math.Max(0, open)
		plan.Agents[i] = plan.AgentHours[i] / d.Interval.Hours()
	}
	return plan, nil
}
