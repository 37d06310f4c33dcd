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
// time, patience and agents, with its own arrivals. Fractional agents are
// agents on duty for part of the interval (see shifts). SimServiceLevel is the
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
			loads[k] = prev
		}
	}
	m := sim.Model{Interval: o.Interval, Intervals: make([]sim.Interval, n), ServiceTime: o.ServiceTime, Shifts: shifts(loads, o.Interval)}
	for j, r := range loads {
		l := r.Load(o.Interval)
		m.Intervals[j] = sim.Interval{Volume: l.Volume, AHT: l.AHT, Patience: l.Patience}
		if classes != nil {
			c := classes[first.Add(time.Duration(j)*o.Interval)]
			if c == nil {
				c = make([]float64, len(classes[rows[0].Start]))
				c[0] = 1
			}
			m.Intervals[j].Classes = c
		}
	}
	rng := rand.New(rand.NewPCG(o.Seed, stream))
	sl := make([][]float64, n)
	within, offered := make([]float64, n), make([]float64, n)
	for range o.Replications {
		res, err := sim.Run(ctx, m, sim.Options{Replications: 1, Workers: 1, Seed: rng.Uint64()})
		if err != nil {
			return fmt.Errorf("calib: simulating the day of %v: %w", first, err)
		}
		for j, fig := range res.Intervals {
			sl[j] = append(sl[j], fig.ServiceLevel.Mean)
			within[j] += fig.ServiceLevel.Mean * fig.Offered.Mean
			offered[j] += fig.Offered.Mean
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

// shifts puts the agents of each interval of loads on duty: agent i works
// the whole of interval j when i < ⌊Agents_j⌋, its first (Agents_j -
// ⌊Agents_j⌋)·interval when i = ⌊Agents_j⌋, so that the mean number on
// duty over the interval is Agents_j. An agent's duty in consecutive
// intervals is one shift, so nobody leaves and comes back at a boundary.
func shifts(loads []Row, interval time.Duration) []sim.Shift {
	var out []sim.Shift
	for i := 0; ; i++ {
		found := false
		cur := -1 // index in out of the shift interval j may extend
		for j, r := range loads {
			start := time.Duration(j) * interval
			var d time.Duration
			switch whole := math.Floor(r.Agents); {
			case float64(i) < whole:
				d = interval
			case float64(i) == whole:
				d = time.Duration(math.Round((r.Agents - whole) * float64(interval)))
			}
			if d <= 0 {
				cur = -1
				continue
			}
			found = true
			if cur >= 0 {
				out[cur].End = start + d
			} else {
				out = append(out, sim.Shift{Start: start, End: start + d})
				cur = len(out) - 1
			}
			if d < interval {
				cur = -1
			}
		}
		if !found {
			return out
		}
	}
}
