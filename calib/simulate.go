package calib

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/staffcast/staffcast/sim"
)

// warmUp is simulated before each interval with its own inputs, so that
// the interval starts in steady state as the Erlang formulas assume.
const warmUp = time.Hour

// simulate fills SimServiceLevel and simNoise of every row. Each interval
// is simulated alone (Poisson arrivals, exponential handle times and
// patience, FCFS, after a warm-up with the same inputs) Replications times
// at the whole numbers of agents around Row.Agents, and the figures are
// interpolated between them as erlangAt does. SimServiceLevel is the ratio
// estimate (answered in time over offered, summed over replications);
// simNoise the mean absolute deviation of one replication's service level
// around it: how far a perfect model's prediction lies, on average, from a
// single realised half hour.
func simulate(ctx context.Context, rows []Row, o Options) error {
	for i := range rows {
		r := &rows[i]
		lo := math.Floor(r.Agents)
		f := r.Agents - lo
		mean, noise, err := simAt(ctx, r, int(lo), o, uint64(2*i))
		if err != nil {
			return err
		}
		if f > 0 {
			m2, n2, err := simAt(ctx, r, int(lo)+1, o, uint64(2*i+1))
			if err != nil {
				return err
			}
			mean, noise = mean*(1-f)+m2*f, noise*(1-f)+n2*f
		}
		r.SimServiceLevel, r.simNoise = mean, noise
	}
	return nil
}

// simAt simulates row r with agents agents, one replication per run so that
// each replication's own service level is seen.
func simAt(ctx context.Context, r *Row, agents int, o Options, stream uint64) (mean, noise float64, err error) {
	l := r.Load(o.Interval)
	m := sim.Model{
		Interval:    o.Interval,
		Intervals:   []sim.Interval{{Volume: l.Volume, AHT: l.AHT, Patience: l.Patience, Agents: agents}},
		ServiceTime: o.ServiceTime,
		WarmUp:      warmUp,
	}
	sl := make([]float64, o.Replications)
	var within, offered float64
	for k := range sl {
		res, err := sim.Run(ctx, m, sim.Options{Replications: 1, Workers: 1, Seed: o.Seed + stream*uint64(o.Replications) + uint64(k)})
		if err != nil {
			return 0, 0, fmt.Errorf("calib: simulating the interval at %v: %w", r.Start, err)
		}
		fig := res.Intervals[0]
		sl[k] = fig.ServiceLevel.Mean
		within += fig.ServiceLevel.Mean * fig.Offered.Mean
		offered += fig.Offered.Mean
	}
	mean = 1
	if offered > 0 {
		mean = within / offered
	}
	for _, v := range sl {
		noise += math.Abs(v - mean)
	}
	return mean, noise / float64(len(sl)), nil
}
