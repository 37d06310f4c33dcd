package sim

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/staffcast/staffcast/erlang"
	"github.com/staffcast/staffcast/internal/leakcheck"
)

// constant is a model of n identical intervals of load l with agents.
func constant(l erlang.Load, agents, n int) Model {
	ivs := make([]Interval, n)
	for i := range ivs {
		ivs[i] = Interval{Volume: l.Volume, AHT: l.AHT, Patience: l.Patience, Agents: agents}
	}
	return Model{Interval: l.Interval, Intervals: ivs, ServiceTime: 20 * time.Second, WarmUp: 6 * time.Hour}
}

func within(t *testing.T, name string, e Estimate, want float64) {
	t.Helper()
	if want < e.Low || want > e.High {
		t.Errorf("%s: exact %.5f outside the simulated interval %.5f [%.5f, %.5f]", name, want, e.Mean, e.Low, e.High)
	}
}

// TestAgreesWithErlang: long stationary runs agree with the exact Erlang C
// (M/M/n) and Erlang A (M/M/n+M) figures within their confidence
// intervals. There are 18 checks, so each uses a 99.9% interval (Bonferroni:
// a correct simulator fails one of them with probability under 2%), and
// the intervals must be narrow enough to mean something.
func TestAgreesWithErlang(t *testing.T) {
	for _, c := range []struct {
		name   string
		load   erlang.Load
		agents int
	}{
		{"Erlang C busy", erlang.Load{Volume: 100, Interval: 30 * time.Minute, AHT: 180 * time.Second}, 12},
		{"Erlang C calm", erlang.Load{Volume: 300, Interval: 30 * time.Minute, AHT: 240 * time.Second}, 45},
		{"Erlang A understaffed", erlang.Load{Volume: 120, Interval: 30 * time.Minute, AHT: 180 * time.Second, Patience: 60 * time.Second}, 11},
		{"Erlang A staffed", erlang.Load{Volume: 200, Interval: 30 * time.Minute, AHT: 300 * time.Second, Patience: 120 * time.Second}, 36},
	} {
		t.Run(c.name, func(t *testing.T) {
			res, err := Run(context.Background(), constant(c.load, c.agents, 48), Options{Replications: 40, Seed: 7, Confidence: 0.999})
			if err != nil {
				t.Fatal(err)
			}
			m, err := erlang.Evaluate(c.load, c.agents, 20*time.Second)
			if err != nil {
				t.Fatal(err)
			}
			tot := res.Total
			within(t, "service level", tot.ServiceLevel, m.ServiceLevel)
			within(t, "ASA", tot.ASASeconds, m.ASASeconds)
			within(t, "occupancy", tot.Occupancy, m.Occupancy)
			within(t, "offered", tot.Offered, 48*c.load.Volume)
			if c.load.Patience > 0 {
				within(t, "abandonment", tot.AbandonRate, m.PAbandon)
			} else if tot.AbandonRate.High != 0 {
				t.Errorf("Erlang C abandons: %+v", tot.AbandonRate)
			}
			if w := tot.ServiceLevel.High - tot.ServiceLevel.Low; !(w > 0 && w < 0.08) {
				t.Errorf("service level interval width %v", w)
			}
		})
	}
}

// TestHandComputed: one agent, three contacts at 0, 10 and 20 s, every
// call 30 s, service time 20 s. The first waits 0, the second 20 (within),
// the third 40 (missed): SL 2/3, ASA 20 s, busy 90 s of 600, at most two
// waiting. With a patience of 25 s the third hangs up at 45 s: abandonment
// 1/3, ASA (0+20+25)/3 = 15 s, busy 60 s.
func TestHandComputed(t *testing.T) {
	base := Model{
		Interval:    10 * time.Minute,
		Intervals:   []Interval{{Agents: 1}},
		ServiceTime: 20 * time.Second,
		HandleTime:  Dist{Kind: Empirical, Samples: []time.Duration{30 * time.Second}},
		Arrivals:    []time.Duration{20 * time.Second, 0, 10 * time.Second},
	}
	impatient := base
	impatient.Patience = Dist{Kind: Empirical, Samples: []time.Duration{25 * time.Second}}
	for _, c := range []struct {
		name                      string
		m                         Model
		sl, asa, ab, occ, longest float64
	}{
		{"patient", base, 2.0 / 3, 20, 0, 90.0 / 600, 2},
		{"impatient", impatient, 2.0 / 3, 15, 1.0 / 3, 60.0 / 600, 2},
	} {
		t.Run(c.name, func(t *testing.T) {
			res, err := Run(context.Background(), c.m, Options{Replications: 3})
			if err != nil {
				t.Fatal(err)
			}
			f := res.Intervals[0]
			for _, g := range []struct {
				name string
				got  Estimate
				want float64
			}{
				{"offered", f.Offered, 3}, {"service level", f.ServiceLevel, c.sl}, {"ASA", f.ASASeconds, c.asa},
				{"abandonment", f.AbandonRate, c.ab}, {"occupancy", f.Occupancy, c.occ}, {"longest queue", f.LongestQueue, c.longest},
			} {
				if math.Abs(g.got.Mean-g.want) > 1e-9 || math.Abs(g.got.Low-g.want) > 1e-9 || math.Abs(g.got.High-g.want) > 1e-9 {
					t.Errorf("%s: got %+v, want %v exactly", g.name, g.got, g.want)
				}
			}
		})
	}
}

// TestShifts: calls in service when a shift ends or a break starts finish;
// the agent then leaves, and comes back after the break.
func TestShifts(t *testing.T) {
	s := func(d int) time.Duration { return time.Duration(d) * time.Second }
	for _, c := range []struct {
		name     string
		shifts   []Shift
		arrivals []int
		sl, asa  float64 // service time 20 s, calls 30 s
		occ      float64
	}{
		// Shift [0, 60): the call at 50 ends at 80 though the shift ended;
		// the call at 70 finds nobody and is never answered: it waits to
		// the end of the horizon, 600 s.
		{"shift end", []Shift{{Start: 0, End: s(60)}}, []int{50, 70}, 0.5, 265, 30.0 / 80},
		// The same call at 70 is answered at 100 by the next shift.
		{"next shift", []Shift{{Start: 0, End: s(60)}, {Start: s(100), End: s(600)}}, []int{50, 70}, 0.5, 15, 60.0 / 580},
		// Break [60, 120): the call at 50 finishes at 80, the one at 70
		// waits for the break's end: 50 s.
		{"break", []Shift{{Start: 0, End: s(600), Breaks: []Break{{Start: s(60), End: s(120)}}}}, []int{50, 70}, 0.5, 25, 60.0 / (600 - 40)},
		// Break [60, 70) ends before the call does: no leave at all.
		{"short break", []Shift{{Start: 0, End: s(600), Breaks: []Break{{Start: s(60), End: s(70)}}}}, []int{50, 70}, 1, 5, 60.0 / 600},
	} {
		t.Run(c.name, func(t *testing.T) {
			m := Model{
				Interval: 10 * time.Minute, Intervals: []Interval{{}}, ServiceTime: 20 * time.Second,
				HandleTime: Dist{Kind: Empirical, Samples: []time.Duration{s(30)}}, Shifts: c.shifts,
			}
			for _, a := range c.arrivals {
				m.Arrivals = append(m.Arrivals, s(a))
			}
			res, err := Run(context.Background(), m, Options{Replications: 1})
			if err != nil {
				t.Fatal(err)
			}
			f := res.Total
			if math.Abs(f.ServiceLevel.Mean-c.sl) > 1e-9 || math.Abs(f.ASASeconds.Mean-c.asa) > 1e-9 || math.Abs(f.Occupancy.Mean-c.occ) > 1e-9 {
				t.Errorf("SL %v ASA %v occupancy %v, want %v %v %v", f.ServiceLevel.Mean, f.ASASeconds.Mean, f.Occupancy.Mean, c.sl, c.asa, c.occ)
			}
		})
	}
}

// TestIntervalStaffingDrop: when the count falls at an interval start, busy
// agents finish their calls before leaving.
func TestIntervalStaffingDrop(t *testing.T) {
	m := Model{
		Interval: time.Minute, Intervals: []Interval{{Agents: 2}, {Agents: 0}}, ServiceTime: 20 * time.Second,
		HandleTime: Dist{Kind: Empirical, Samples: []time.Duration{30 * time.Second}},
		Arrivals:   []time.Duration{50 * time.Second, 55 * time.Second, 65 * time.Second},
	}
	res, err := Run(context.Background(), m, Options{Replications: 1})
	if err != nil {
		t.Fatal(err)
	}
	// Both calls of the first minute are answered at once and run into the
	// second; the call at 65 s is never answered.
	if sl := res.Intervals[0].ServiceLevel.Mean; sl != 1 {
		t.Errorf("first minute SL %v", sl)
	}
	if sl := res.Intervals[1].ServiceLevel.Mean; sl != 0 {
		t.Errorf("second minute SL %v", sl)
	}
	// Second minute: busy 20+25 s, on duty the same (they leave when done).
	if occ := res.Intervals[1].Occupancy.Mean; math.Abs(occ-1) > 1e-9 {
		t.Errorf("second minute occupancy %v", occ)
	}
}

// TestDeterministic: the seed fixes the result, whatever the workers.
func TestDeterministic(t *testing.T) {
	m := constant(erlang.Load{Volume: 80, Interval: 15 * time.Minute, AHT: 200 * time.Second, Patience: 90 * time.Second}, 18, 8)
	m.HandleTime = Dist{Kind: LogNormal, CV: 0.8}
	run := func(seed uint64, workers int) *Result {
		res, err := Run(context.Background(), m, Options{Replications: 9, Seed: seed, Workers: workers})
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	a, b, c := run(3, 1), run(3, 4), run(4, 2)
	if !equalResults(a, b) {
		t.Error("one worker and four differ")
	}
	if equalResults(a, c) {
		t.Error("seeds 3 and 4 agree")
	}
}

func equalResults(a, b *Result) bool {
	if a.Total != b.Total || len(a.Intervals) != len(b.Intervals) {
		return false
	}
	for i := range a.Intervals {
		if a.Intervals[i] != b.Intervals[i] {
			return false
		}
	}
	return true
}

// TestFunnel: the human contacts are the funnel's flows, escalations with
// their own handle time.
func TestFunnel(t *testing.T) {
	f := erlang.Funnel{BotShare: 0.5, Escalation: 0.4, FalseContainment: 0.2, ReturnShare: 0.5, ReturnLag: 30 * time.Minute, EscalatedAHT: 400 * time.Second}
	l := erlang.Load{Volume: 200, Interval: 30 * time.Minute, AHT: 200 * time.Second}
	m := constant(l, 30, 4)
	m.WarmUp = 0
	m.Funnel = &f
	// Four checks of the volume, each a 99.9% interval (Bonferroni).
	res, err := Run(context.Background(), m, Options{Replications: 60, Seed: 1, Confidence: 0.999})
	if err != nil {
		t.Fatal(err)
	}
	loads := []erlang.Load{l, l, l, l}
	_, flows, err := f.HumanSeriesShares(loads, []float64{0.5, 0.5, 0.5, 0.5})
	if err != nil {
		t.Fatal(err)
	}
	for i, fl := range flows {
		within(t, "human contacts", res.Intervals[i].Offered, fl.Human)
	}
	// Busy time is the human workload: (direct+returned)·200 + escalated·400.
	hl, _ := f.HumanSeries(loads)
	if occ := res.Intervals[3].Occupancy.Mean; math.Abs(occ-hl[3].Erlangs()/30) > 0.03 {
		t.Errorf("occupancy %v, workload %v Erlangs on 30 agents", occ, hl[3].Erlangs())
	}
}

func TestValidate(t *testing.T) {
	ok := constant(erlang.Load{Volume: 10, Interval: time.Hour, AHT: time.Minute}, 2, 2)
	for _, c := range []struct {
		name, field string
		change      func(*Model)
		want        error
	}{
		{"interval", "interval", func(m *Model) { m.Interval = 0 }, ErrInvalid},
		{"no intervals", "intervals", func(m *Model) { m.Intervals = nil }, ErrInvalid},
		{"negative volume", "intervals[1].volume", func(m *Model) { m.Intervals[1].Volume = -1 }, ErrInvalid},
		{"NaN volume", "intervals[1].volume", func(m *Model) { m.Intervals[1].Volume = math.NaN() }, ErrInvalid},
		{"zero AHT", "intervals[0].aht", func(m *Model) { m.Intervals[0].AHT = 0 }, ErrInvalid},
		{"negative agents", "intervals[1].agents", func(m *Model) { m.Intervals[1].Agents = -1 }, ErrInvalid},
		{"log-normal without CV", "handle_time.cv", func(m *Model) { m.HandleTime.Kind = LogNormal }, ErrInvalid},
		{"no samples", "patience.samples", func(m *Model) { m.Patience.Kind = Empirical }, ErrInvalid},
		{"arrival outside", "arrivals[0]", func(m *Model) { m.Arrivals = []time.Duration{3 * time.Hour} }, ErrInvalid},
		{"shift backwards", "shifts[0].end", func(m *Model) { m.Shifts = []Shift{{Start: time.Hour, End: time.Minute}} }, ErrInvalid},
		{"break outside", "shifts[0].breaks[0].end", func(m *Model) {
			m.Shifts = []Shift{{Start: 0, End: time.Hour, Breaks: []Break{{Start: 50 * time.Minute, End: 70 * time.Minute}}}}
		}, ErrInvalid},
		{"too large", "expected", func(m *Model) { m.Intervals[0].Volume = 2e8 }, ErrTooLarge},
		{"bot shares", "bot_shares", func(m *Model) { m.Funnel = &erlang.Funnel{}; m.BotShares = []float64{0.5} }, ErrInvalid},
		{"closure backwards", "closed[0].end", func(m *Model) { m.Closed = []Closure{{Start: time.Hour, End: time.Hour}} }, ErrInvalid},
		{"closure before 0", "closed[0].start", func(m *Model) { m.Closed = []Closure{{Start: -time.Minute, End: time.Hour}} }, ErrInvalid},
		{"closures overlap", "closed[1].start", func(m *Model) {
			m.Closed = []Closure{{Start: time.Hour, End: 90 * time.Minute}, {Start: 80 * time.Minute, End: 2 * time.Hour}}
		}, ErrInvalid},
		{"closure after the horizon", "closed[0].end", func(m *Model) { m.Closed = []Closure{{Start: time.Hour, End: 3 * time.Hour}} }, ErrInvalid},
	} {
		t.Run(c.name, func(t *testing.T) {
			m := ok
			m.Intervals = append([]Interval(nil), ok.Intervals...)
			c.change(&m)
			_, err := Run(context.Background(), m, Options{Replications: 2})
			if !errors.Is(err, c.want) || !strings.Contains(err.Error(), c.field) {
				t.Errorf("got %v, want %v naming %s", err, c.want, c.field)
			}
		})
	}
	if _, err := Run(context.Background(), ok, Options{Replications: -1}); !errors.Is(err, ErrInvalid) {
		t.Errorf("negative replications: %v", err)
	}
}

// TestCancel: a cancelled run returns the context's error and leaves no
// goroutine behind.
func TestCancel(t *testing.T) {
	before := leakcheck.Before()
	m := constant(erlang.Load{Volume: 500, Interval: 15 * time.Minute, AHT: 180 * time.Second}, 110, 96)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	_, err := Run(ctx, m, Options{Replications: 50, Workers: 4, Progress: func(done, total int) {
		if done == 1 {
			cancel()
		}
	}})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want context.Canceled", err)
	}
	leakcheck.Settled(t, before)
}

func TestTQuantile(t *testing.T) {
	for _, c := range []struct{ p, df, want float64 }{
		{0.975, 1, 12.7062}, {0.975, 4, 2.7764}, {0.975, 9, 2.2622}, {0.975, 99, 1.9842}, {0.95, 20, 1.7247}, {0.995, 30, 2.7500},
	} {
		if got := tQuantile(c.p, c.df); math.Abs(got-c.want) > 5e-4 {
			t.Errorf("t(%v, %v) = %v, want %v", c.p, c.df, got, c.want)
		}
	}
}
