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
	m.Shifts = shifts(agents, unit)
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

// shifts puts agents[j] agents on duty in interval j of the given length:
// agent slot i works the whole of interval j when i+1 <= agents[j], and a
// part (agents[j]-i)·interval of it when i < agents[j] < i+1, so that the
// mean number on duty over the interval is agents[j]. A part is placed at
// the start of the interval when the slot was on duty at the end of the
// one before, otherwise at its end, so that parts join their neighbours;
// each slot is one agent, its shift from its first duty to its last with
// breaks between. The simulator lets an agent finish a call in service when
// going off duty: every artificial leave would add capacity.
func shifts(agents []float64, interval time.Duration) []sim.Shift {
	type span struct{ start, end time.Duration }
	var out []sim.Shift
	for i := 0; ; i++ {
		var spans []span
		onAtEnd := false
		for j, a := range agents {
			start := time.Duration(j) * interval
			d := time.Duration(math.Round(math.Min(math.Max(a-float64(i), 0), 1) * float64(interval)))
			switch {
			case d <= 0:
				onAtEnd = false
				continue
			case d >= interval || onAtEnd:
				if onAtEnd {
					spans[len(spans)-1].end = start + d
				} else {
					spans = append(spans, span{start, start + d})
				}
				onAtEnd = d >= interval
			default:
				spans = append(spans, span{start + interval - d, start + interval})
				onAtEnd = true
			}
		}
		if len(spans) == 0 {
			return out
		}
		sh := sim.Shift{Start: spans[0].start, End: spans[len(spans)-1].end}
		for k := 1; k < len(spans); k++ {
			sh.Breaks = append(sh.Breaks, sim.Break{Start: spans[k-1].end, End: spans[k].start})
		}
		out = append(out, sh)
	}
}
