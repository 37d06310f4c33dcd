package calib

import (
	"math"
	"time"
)

// steps fills StepAgents and StepArrivals of every row: its interval cut
// into steps of o.Step, each with the capacity of the interval's formula
// taken over the step, c_k = s_k·W_k + (1-s_k)·Availability·ServingAgents,
// where s_k is the share of the step with a caller waiting and W_k the mean
// number talking then, and ServingAgents stays the interval's (a step has
// too few calls to count who answered). The steps' mean is the interval's
// capacity; with the interval's handle time each becomes agents
// c_k·(talk+wrap)/talk, as Agents.
func steps(calls []Call, rows []Row, p Params, o Options) {
	k := int(o.Interval / o.Step)
	fine := make([]Interval, 0, k*len(rows))
	for _, r := range rows {
		for j := range k {
			fine = append(fine, Interval{Start: r.Start.Add(time.Duration(j) * o.Step)})
		}
	}
	occupancy(calls, fine, o.Step)
	arrivals := map[time.Time]int{}
	for _, c := range calls {
		if at, ok := c.arrival(); ok {
			arrivals[floor(at, o.Step)]++
		}
	}
	for i := range rows {
		r := &rows[i]
		talk := r.AHTSeconds()
		r.StepAgents, r.StepArrivals = make([]float64, k), make([]int, k)
		for j := range k {
			f := fine[i*k+j]
			s := math.Min(f.WaitingSeconds/o.Step.Seconds(), 1)
			c := s*f.WaitingBusyAgents + (1-s)*p.Availability*float64(r.ServingAgents)
			r.StepAgents[j] = c * r.HandleSeconds / talk
			r.StepArrivals[j] = arrivals[f.Start]
		}
	}
}
