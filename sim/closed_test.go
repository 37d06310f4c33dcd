package sim

import (
	"context"
	"math"
	"testing"
	"time"

	"github.com/staffcast/staffcast/erlang"
)

// TestClosures: contacts waiting when the centre closes are lost, those
// arriving while it is closed are lost at once, and the next day starts
// empty. Four 10-minute intervals: the first staffed by one agent, the
// second its day's last (nobody on duty), the third a gap, the fourth the
// next morning with one agent again; closed from 600 s to 1800 s. Calls
// last 30 s. At 0 and 10 s two calls (the second waits 20 s, within);
// at 590 s a call answered at once that runs past the close; at 595 s a
// call that waits and is lost at 600 s (5 s); at 600 s and 700 s calls
// lost on arrival; at 1800 s and 1805 s the morning's calls, the second
// waiting 25 s (a miss). Without the closure the 595 s call would wait to
// 1800 s and push the morning back.
func TestClosures(t *testing.T) {
	s := func(d int) time.Duration { return time.Duration(d) * time.Second }
	base := Model{
		Interval:    10 * time.Minute,
		Intervals:   []Interval{{Agents: 1}, {}, {}, {Agents: 1}},
		ServiceTime: 20 * time.Second,
		HandleTime:  Dist{Kind: Empirical, Samples: []time.Duration{s(30)}},
		Closed:      []Closure{{Start: s(600), End: s(1800)}},
	}
	for _, a := range []int{0, 10, 590, 595, 600, 700, 1800, 1805} {
		base.Arrivals = append(base.Arrivals, s(a))
	}
	shifts := base
	shifts.Shifts = []Shift{{Start: 0, End: s(600)}, {Start: s(1800), End: s(2400)}}
	impatient := base // patience 3 s: the 595 s call hangs up at 598 s, before the close
	impatient.Patience = Dist{Kind: Empirical, Samples: []time.Duration{s(3)}}
	type figs struct{ offered, sl, asa, ab float64 }
	for _, c := range []struct {
		name string
		m    Model
		want [4]figs
	}{
		{"interval counts", base, [4]figs{{4, 3.0 / 4, 25.0 / 4, 1.0 / 4}, {2, 0, 0, 1}, {0, 1, 0, 0}, {2, 0.5, 12.5, 0}}},
		{"shifts", shifts, [4]figs{{4, 3.0 / 4, 25.0 / 4, 1.0 / 4}, {2, 0, 0, 1}, {0, 1, 0, 0}, {2, 0.5, 12.5, 0}}},
		// 10 s hangs up at 13 s (its call is answered at 30 s), 595 s at
		// 598 s; 1805 s at 1808 s.
		{"impatient", impatient, [4]figs{{4, 2.0 / 4, 6.0 / 4, 2.0 / 4}, {2, 0, 0, 1}, {0, 1, 0, 0}, {2, 0.5, 1.5, 0.5}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			res, err := Run(context.Background(), c.m, Options{Replications: 2})
			if err != nil {
				t.Fatal(err)
			}
			for k, w := range c.want {
				f := res.Intervals[k]
				for _, g := range []struct {
					name string
					got  Estimate
					want float64
				}{{"offered", f.Offered, w.offered}, {"service level", f.ServiceLevel, w.sl}, {"ASA", f.ASASeconds, w.asa}, {"abandonment", f.AbandonRate, w.ab}} {
					if math.Abs(g.got.Mean-g.want) > 1e-9 || math.Abs(g.got.Low-g.want) > 1e-9 || math.Abs(g.got.High-g.want) > 1e-9 {
						t.Errorf("interval %d %s: got %+v, want %v exactly", k, g.name, g.got, g.want)
					}
				}
			}
		})
	}
}

// TestClosedWithAgents: agents on duty while the centre is closed answer
// nothing, on the fast path (interval counts, exponential handle times) and
// the general one alike.
func TestClosedWithAgents(t *testing.T) {
	l := erlang.Load{Volume: 60, Interval: 30 * time.Minute, AHT: 180 * time.Second, Patience: time.Minute}
	for _, c := range []struct {
		name   string
		handle Dist
	}{{"fast", Dist{}}, {"general", Dist{Kind: LogNormal, CV: 0.8}}} {
		t.Run(c.name, func(t *testing.T) {
			open := constant(l, 8, 3)
			open.HandleTime = c.handle
			closed := open
			closed.Closed = []Closure{{Start: 30 * time.Minute, End: time.Hour}}
			a, err := Run(context.Background(), open, Options{Replications: 20, Seed: 3})
			if err != nil {
				t.Fatal(err)
			}
			b, err := Run(context.Background(), closed, Options{Replications: 20, Seed: 3})
			if err != nil {
				t.Fatal(err)
			}
			// Before the close the draws are the same: only the contacts
			// still waiting at it fare differently.
			if x, y := a.Intervals[0], b.Intervals[0]; x.Offered != y.Offered || x.Occupancy != y.Occupancy || x.LongestQueue != y.LongestQueue ||
				!(y.AbandonRate.Mean > x.AbandonRate.Mean) || !(y.ServiceLevel.Mean <= x.ServiceLevel.Mean) {
				t.Errorf("before the closure: %+v, without it %+v", y, x)
			}
			f := b.Intervals[1]
			if !(f.Offered.Mean > 50) || f.AbandonRate != (Estimate{1, 1, 1}) || f.ServiceLevel != (Estimate{0, 0, 0}) || f.ASASeconds != (Estimate{0, 0, 0}) {
				t.Errorf("closed interval: %+v, want every contact lost at once", f)
			}
			if f.Occupancy.Mean > 0.2 {
				t.Errorf("closed interval occupancy %v: only the calls in progress at the close run on", f.Occupancy.Mean)
			}
			if f := b.Intervals[2]; f.AbandonRate.Mean > 0.2 || f.ServiceLevel.Mean < 0.6 {
				t.Errorf("after the closure: %+v", f)
			}
		})
	}
}

// TestClosedFunnelReturns: the bot's returns landing while the centre is
// closed are offered and lost at once; the seed fixes the result, whatever
// the workers.
func TestClosedFunnelReturns(t *testing.T) {
	f := erlang.Funnel{BotShare: 0.5, Escalation: 0.3, FalseContainment: 0.4, ReturnShare: 0.9, ReturnLag: time.Hour}
	m := Model{Interval: 30 * time.Minute, ServiceTime: 20 * time.Second, Funnel: &f,
		Intervals: []Interval{{Volume: 300, AHT: 200 * time.Second, Agents: 30}, {Volume: 300, AHT: 200 * time.Second, Agents: 30},
			{AHT: time.Minute}, {AHT: time.Minute}},
		Closed: []Closure{{Start: time.Hour, End: 2 * time.Hour}}}
	res, err := Run(context.Background(), m, Options{Replications: 10, Seed: 1, Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	if four, err := Run(context.Background(), m, Options{Replications: 10, Seed: 1, Workers: 4}); err != nil || !equalResults(res, four) {
		t.Errorf("four workers (%v) differ from one", err)
	}
	for k := 2; k < 4; k++ {
		if g := res.Intervals[k]; !(g.Offered.Mean > 10) || g.AbandonRate != (Estimate{1, 1, 1}) || g.ASASeconds.Mean != 0 {
			t.Errorf("interval %d, closed: %+v, want its returns lost at once", k, g)
		}
	}
}
