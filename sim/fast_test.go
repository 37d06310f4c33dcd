package sim

import (
	"context"
	"math"
	"testing"
	"time"

	"github.com/staffcast/staffcast/erlang"
)

// TestFastAgreesWithGeneral: the fast path (agents as counts, exponential
// handle times) and the general one (an end time per call in a heap) are
// the same model. On a day whose staffing rises and falls (to zero and
// back, busy agents leaving mid-call), with three handle-time means busy at
// once (the AHT changes and the funnel's escalations), every figure of
// every interval agrees: |difference| under 4 standard errors of the
// difference (30 checks, each failing by chance with probability 6e-5).
func TestFastAgreesWithGeneral(t *testing.T) {
	agents := []int{30, 22, 34, 0, 30, 20}
	aht := []time.Duration{180, 240, 240, 300, 180, 200}
	ivs := make([]Interval, len(agents))
	for i := range ivs {
		ivs[i] = Interval{Volume: 120, AHT: aht[i] * time.Second, Patience: 90 * time.Second, Agents: agents[i]}
	}
	m := Model{
		Interval: 15 * time.Minute, Intervals: ivs, ServiceTime: 20 * time.Second, WarmUp: 10 * time.Minute,
		Funnel: &erlang.Funnel{BotShare: 0.3, Escalation: 0.5, EscalatedAHT: 420 * time.Second, EscalatedPatience: 40 * time.Second},
	}
	o := Options{Replications: 300, Seed: 5, Confidence: 0.95}
	run := func(fast bool) *Result {
		p, err := prepare(m)
		if err != nil {
			t.Fatal(err)
		}
		if !p.fast {
			t.Fatal("the model does not take the fast path")
		}
		p.fast = fast
		res, err := runPrepared(context.Background(), p, o)
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	fast, general := run(true), run(false)
	tq := tQuantile(0.975, float64(o.Replications-1))
	se := func(e Estimate) float64 { return (e.High - e.Low) / (2 * tq) }
	for k := range ivs {
		f, g := fast.Intervals[k], general.Intervals[k]
		for _, c := range []struct {
			name string
			a, b Estimate
		}{
			{"offered", f.Offered, g.Offered}, {"service level", f.ServiceLevel, g.ServiceLevel},
			{"ASA", f.ASASeconds, g.ASASeconds}, {"abandonment", f.AbandonRate, g.AbandonRate},
			{"occupancy", f.Occupancy, g.Occupancy},
		} {
			d := math.Abs(c.a.Mean - c.b.Mean)
			if s := math.Hypot(se(c.a), se(c.b)); d > 4*s || (s == 0 && d > 1e-12) {
				t.Errorf("interval %d %s: fast %.4f, general %.4f (standard error of the difference %.4f)", k, c.name, c.a.Mean, c.b.Mean, s)
			}
		}
	}
}
