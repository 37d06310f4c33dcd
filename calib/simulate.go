package calib

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"github.com/staffcast/staffcast/sim"
)

// simulate fills SimServiceLevel and simNoise of every row. Each day of the
// records is simulated as one sequence of intervals, from its first row to
// its last (Poisson arrivals, exponential handle times and patience, FCFS,
// the queue starting empty), so that a queue built up in one interval
// carries over into the next as it did on the day; the steady-state
// formulas cannot show that. An interval inside the day without a row
// (no arrival, or none answered: skipped) keeps the previous row's handle
// time, patience and agents, with its own arrivals. With Options.Step the
// day runs in steps: each gets its row's handle time and patience, its own
// recorded arrivals as the Poisson mean and the row's StepAgents, and the
// figures are summed back to the row's interval. Fractional agents are
// agents on duty for part of the interval or step (see shifts). SimServiceLevel is the
// ratio estimate (answered in time over offered, summed over
// Replications); simNoise the mean absolute deviation of one replication's
// service level around it: how far a perfect model's prediction lies, on
// average, from a single realised interval. With classes (per interval
// start, the arrivals of each priority class; see Options.Class) the
// simulator serves them by priority; an interval without arrivals of its
// own has all in class 0.
func simulate(ctx context.Context, rows []Row, skipped []Interval, o Options, classes map[time.Time][]float64) error {
	extra := make(map[time.Time]int, len(skipped))
	for _, iv := range skipped {
		extra[iv.Start] = iv.Arrivals
	}
	for lo := 0; lo < len(rows); {
		hi := lo + 1
		for hi < len(rows) && sameDay(rows[hi].Start, rows[lo].Start) {
			hi++
		}
		if err := simulateDay(ctx, rows[lo:hi], extra, o, uint64(lo), classes); err != nil {
			return err
		}
		lo = hi
	}
	return nil
}

func sameDay(a, b time.Time) bool {
	ya, ma, da := a.Date()
	yb, mb, db := b.Date()
	return ya == yb && ma == mb && da == db
}

// simulateDay simulates rows, one day's in time order, as one sequence;
// stream separates the day's random numbers from other days'.
func simulateDay(ctx context.Context, rows []Row, extra map[time.Time]int, o Options, stream uint64, classes map[time.Time][]float64) error {
	first := rows[0].Start
	n := int(rows[len(rows)-1].Start.Sub(first)/o.Interval) + 1
	loads := make([]Row, n) // the inputs of each interval of the day
	at := make([]int, len(rows))
	for i, r := range rows {
		at[i] = int(r.Start.Sub(first) / o.Interval)
		loads[at[i]] = r
	}
	for k := 1; k < n; k++ {
		if loads[k].HandleSeconds == 0 {
			prev := loads[k-1]
			prev.Interval = Interval{Arrivals: extra[first.Add(time.Duration(k)*o.Interval)]}
			prev.StepAgents, prev.StepArrivals = nil, nil
			loads[k] = prev
		}
	}
	unit, k := o.Interval, 1 // the simulator's intervals, k to a row
	if o.Step > 0 {
		unit, k = o.Step, int(o.Interval/o.Step)
	}
	m := sim.Model{Interval: unit, Intervals: make([]sim.Interval, n*k), ServiceTime: o.ServiceTime}
	agents := make([]float64, n*k)
	for j, r := range loads {
		l := r.Load(o.Interval)
		var c []float64
		if classes != nil {
			c = classes[first.Add(time.Duration(j)*o.Interval)]
			if c == nil {
				c = make([]float64, len(classes[rows[0].Start]))
				c[0] = 1
			}
		}
		for q := range k {
			v, a := l.Volume/float64(k), r.Agents
			if len(r.StepAgents) == k {
				a, v = r.StepAgents[q], float64(r.StepArrivals[q])
			}
			m.Intervals[j*k+q] = sim.Interval{Volume: v, AHT: l.AHT, Patience: l.Patience, Classes: c}
			agents[j*k+q] = a
		}
	}
	m.Shifts = shifts(agents, unit, k)
	rng := rand.New(rand.NewPCG(o.Seed, stream))
	sl := make([][]float64, n)
	within, offered := make([]float64, n), make([]float64, n)
	for range o.Replications {
		res, err := sim.Run(ctx, m, sim.Options{Replications: 1, Workers: 1, Seed: rng.Uint64()})
		if err != nil {
			return fmt.Errorf("calib: simulating the day of %v: %w", first, err)
		}
		for j := range n {
			var in, off float64
			for _, fig := range res.Intervals[j*k : (j+1)*k] {
				in += fig.ServiceLevel.Mean * fig.Offered.Mean
				off += fig.Offered.Mean
			}
			v := 1.0
			if off > 0 {
				v = in / off
			}
			sl[j] = append(sl[j], v)
			within[j] += in
			offered[j] += off
		}
	}
	for i := range rows {
		j := at[i]
		mean := 1.0
		if offered[j] > 0 {
			mean = within[j] / offered[j]
		}
		var noise float64
		for _, v := range sl[j] {
			noise += math.Abs(v - mean)
		}
		rows[i].SimServiceLevel, rows[i].simNoise = mean, noise/float64(len(sl[j]))
	}
	return nil
}

// shifts puts agents[j] agents on duty in interval j of the given length
// (a step; k of them make a scored interval): agent slot i works the whole
// of interval j when i+1 <= agents[j], and a part (agents[j]-i) of it when
// i < agents[j] < i+1. The parts of a run of consecutive partial intervals
// of a slot within one scored interval are placed as one block (next to
// the slot's whole intervals when one follows and none precedes, otherwise
// at the run's start), so that the mean number on duty over every scored
// interval is exact and over each step nearly so; each slot is one agent,
// its shift from its first duty to its last with breaks between. The block
// matters: the simulator lets an agent finish a call in service when going
// off duty, so every artificial leave would add capacity the records did
// not show (a part at the start of every 5-minute step added 0.02 to the
// bias on January 1999).
func shifts(agents []float64, interval time.Duration, k int) []sim.Shift {
	type span struct{ start, end time.Duration }
	var out []sim.Shift
	for i := 0; ; i++ {
		var spans []span
		add := func(s, e time.Duration) {
			if e <= s {
				return
			}
			if n := len(spans); n > 0 && spans[n-1].end >= s {
				spans[n-1].end = max(spans[n-1].end, e)
				return
			}
			spans = append(spans, span{s, e})
		}
		f := make([]float64, len(agents))
		for j, a := range agents {
			f[j] = math.Min(math.Max(a-float64(i), 0), 1)
		}
		for j := 0; j < len(f); {
			start := time.Duration(j) * interval
			switch {
			case f[j] >= 1:
				add(start, start+interval)
				j++
				continue
			case f[j] <= 0:
				j++
				continue
			}
			// a run of partial intervals within one scored interval
			e := j
			mass := 0.0
			for e < len(f) && f[e] > 0 && f[e] < 1 && (e == j || e%k != 0) {
				mass += f[e]
				e++
			}
			d := time.Duration(math.Round(mass * float64(interval)))
			prevOn := j > 0 && f[j-1] >= 1
			nextOn := e < len(f) && f[e] >= 1
			if !prevOn && nextOn {
				end := time.Duration(e) * interval
				add(end-d, end)
			} else {
				add(start, start+d)
			}
			j = e
		}
		if len(spans) == 0 {
			return out
		}
		sh := sim.Shift{Start: spans[0].start, End: spans[len(spans)-1].end}
		for q := 1; q < len(spans); q++ {
			sh.Breaks = append(sh.Breaks, sim.Break{Start: spans[q-1].end, End: spans[q].start})
		}
		out = append(out, sh)
	}
}
