package scenario

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/staffcast/staffcast/internal/leakcheck"
)

func mustVary(t *testing.T, s string) Vary {
	t.Helper()
	v, err := ParseVary(s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// The cheapest point is the cheapest promise-keeping point of the grid,
// found by evaluating every point on its own.
func TestSweepCheapestIsBruteForce(t *testing.T) {
	d := Document{Queues: []QueueSpec{baseQueue("a"), baseQueue("b")}}
	d.Queues[0].Humans.MaxAgents = 14 // some points break the promise
	in := weekInputs("a", "b")
	vary := []Vary{mustVary(t, "bot.share=0:0.9:0.15"), mustVary(t, "queues.b.bot.escalation=0.1,0.5")}
	res, err := Sweep(context.Background(), d, in, vary, Options{Workers: 3})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Points) != 14 || !reflect.DeepEqual(res.Vary, []string{"bot.share", "queues.b.bot.escalation"}) {
		t.Fatalf("%d points, vary %v", len(res.Points), res.Vary)
	}
	var best *SweepPoint
	kept := 0
	for i, share := range vary[0].Values {
		for j, esc := range vary[1].Values {
			p := res.Points[i*len(vary[1].Values)+j]
			if p.Vary["bot.share"] != share || p.Vary["queues.b.bot.escalation"] != esc {
				t.Fatalf("point %d, %d is %v", i, j, p.Vary)
			}
			doc, _ := d.Set("bot.share", share)
			doc, _ = doc.Set("queues.b.bot.escalation", esc)
			r, err := Evaluate(context.Background(), doc, in, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if r.Totals != p.Totals {
				t.Errorf("point %v: totals differ from its own evaluation", p.Vary)
			}
			if r.Totals.KeptPromise {
				kept++
				if best == nil || r.Totals.Cost < best.Totals.Cost {
					best = &SweepPoint{Vary: p.Vary, Totals: r.Totals}
				}
			}
		}
	}
	if kept == 0 || kept == len(res.Points) {
		t.Fatalf("%d of %d points keep the promise: the test tests little", kept, len(res.Points))
	}
	if res.Cheapest == nil || !reflect.DeepEqual(*res.Cheapest, *best) {
		t.Errorf("cheapest %+v, brute force %+v", res.Cheapest, best)
	}
	// One worker gives the same answer.
	one, err := Sweep(context.Background(), d, in, vary, Options{Workers: 1})
	if err != nil || !reflect.DeepEqual(one, res) {
		t.Errorf("one worker differs: %v", err)
	}
}

func TestSweepBreakEven(t *testing.T) {
	in := weekInputs("q")
	cheapBot := baseQueue("q")
	cheapBot.Bot.Escalation, cheapBot.Bot.FalseContainment, cheapBot.Bot.CostPerSession = 0, 0, 0.01
	dearBot := baseQueue("q") // at 1.6 a session the cost curve turns inside the grid
	dearBot.Bot.CostPerSession = 1.6
	for _, c := range []struct {
		name string
		q    QueueSpec
		vary []string
		nil_ bool
		note string
	}{
		{"dear bot", dearBot, []string{"bot.share=0:1:0.1"}, false, "stops saving"},
		{"with a second field", dearBot, []string{"humans.hourly_cost=20,40", "bot.share=0:1:0.1"}, false, "cheapest point"},
		{"cost still falls at the top", cheapBot, []string{"bot.share=0:0.6:0.2"}, true, "still falls"},
		{"share not varied", baseQueue("q"), []string{"humans.hourly_cost=20,40"}, true, "not varied"},
	} {
		t.Run(c.name, func(t *testing.T) {
			var vary []Vary
			for _, v := range c.vary {
				vary = append(vary, mustVary(t, v))
			}
			res, err := Sweep(context.Background(), Document{Queues: []QueueSpec{c.q}}, in, vary, Options{Workers: 2})
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(res.Note, c.note) || (res.BreakEven == nil) != c.nil_ {
				t.Fatalf("break-even %+v, note %q", res.BreakEven, res.Note)
			}
			if c.nil_ {
				return
			}
			// Brute force along the share with the other field at the cheapest point's.
			var min *SweepPoint
			for i := range res.Points {
				p := &res.Points[i]
				if len(vary) > 1 && p.Vary[vary[0].Path] != res.Cheapest.Vary[vary[0].Path] {
					continue
				}
				if min == nil || p.Totals.Cost < min.Totals.Cost {
					min = p
				}
			}
			if res.BreakEven.Share != min.Vary["bot.share"] || res.BreakEven.Cost != min.Totals.Cost {
				t.Errorf("break-even %+v, brute force %v at %v", res.BreakEven, min.Totals.Cost, min.Vary)
			}
			if res.BreakEven.Share == 1 {
				t.Errorf("break-even at the top of the grid: %+v", res.BreakEven)
			}
		})
	}
}

func TestSweepErrors(t *testing.T) {
	d := Document{Queues: []QueueSpec{baseQueue("q")}}
	in := weekInputs("q")
	for _, c := range []struct {
		name string
		vary []Vary
		want error
	}{
		{"value out of range", []Vary{{Path: "bot.share", Values: []float64{0.5, 1.5}}}, ErrRange},
		{"unknown path", []Vary{{Path: "bot.sharee", Values: []float64{0.5}}}, ErrUnknownField},
		{"twice", []Vary{{Path: "bot.share", Values: []float64{0.5}}, {Path: "bot.share", Values: []float64{0.1}}}, ErrVary},
		{"no values", []Vary{{Path: "bot.share"}}, ErrVary},
	} {
		t.Run(c.name, func(t *testing.T) {
			if _, err := Sweep(context.Background(), d, in, c.vary, Options{}); !errors.Is(err, c.want) {
				t.Errorf("error %v, want %v", err, c.want)
			}
		})
	}
	t.Run("missing demand stops every worker", func(t *testing.T) {
		_, err := Sweep(context.Background(), d, Inputs{}, []Vary{mustVary(t, "bot.share=0:1:0.1")}, Options{Workers: 4})
		if !errors.Is(err, ErrDemand) {
			t.Errorf("error %v", err)
		}
	})
}

func TestCancelLeavesNoGoroutine(t *testing.T) {
	d := Document{Queues: []QueueSpec{baseQueue("a"), baseQueue("b")}}
	in := weekInputs("a", "b")
	for _, c := range []struct {
		name string
		run  func(ctx context.Context, progress func(Progress)) error
	}{
		{"sweep", func(ctx context.Context, p func(Progress)) error {
			_, err := Sweep(ctx, d, in, []Vary{mustVary(t, "bot.share=0:1:0.05")}, Options{Workers: 4, Progress: p})
			return err
		}},
		{"optimize", func(ctx context.Context, p func(Progress)) error {
			_, err := Optimize(ctx, d, in, OptimizeOptions{Options: Options{Workers: 4, Progress: p}})
			return err
		}},
		{"sweep with shifts", func(ctx context.Context, p func(Progress)) error {
			in := Inputs{Demand: map[string][]Interval{}} // one day and little effort keep the plans quick under -race
			for _, q := range []string{"a", "b"} {
				in.Demand[q] = synthDemand(time.UTC, 1, 15*time.Minute, 50, 240*time.Second)
			}
			in.Shifts = map[string]*Shifts{"a": shiftTemplates(), "b": shiftTemplates()}
			_, err := Sweep(ctx, d, in, []Vary{mustVary(t, "bot.share=0:1:0.1")}, Options{Workers: 4, Progress: p, ShiftEffort: 0.01})
			return err
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			base := leakcheck.Before()
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			calls := 0
			err := c.run(ctx, func(Progress) {
				calls++
				if calls >= 2 {
					cancel()
				}
			})
			if !errors.Is(err, context.Canceled) {
				t.Errorf("error %v, want context.Canceled", err)
			}
			if calls == 0 {
				t.Error("progress never called")
			}
			leakcheck.Settled(t, base)
		})
	}
}

func TestCompare(t *testing.T) {
	in := weekInputs("q")
	var results []*Result
	for _, share := range []float64{0, 0.5} {
		q := baseQueue("q")
		q.Bot.Share = Uniform(share)
		r, err := Evaluate(context.Background(), Document{Name: "share", Queues: []QueueSpec{q}}, in, Options{})
		if err != nil {
			t.Fatal(err)
		}
		results = append(results, r)
	}
	c := Compare(results, []string{"all human", ""})
	if len(c.Scenarios) != 2 || c.Scenarios[0].Name != "all human" || c.Scenarios[1].Name != "share" {
		t.Fatalf("%+v", c)
	}
	if c.Scenarios[0].Delta.Cost != 0 || c.Scenarios[0].Delta.Intervals != 0 || !c.Scenarios[0].Delta.KeptPromise {
		t.Errorf("first delta %+v", c.Scenarios[0].Delta)
	}
	a, b, dl := results[0].Totals, results[1].Totals, c.Scenarios[1].Delta
	if dl.Cost != b.Cost-a.Cost || dl.PaidHours != b.PaidHours-a.PaidHours || dl.BotSessions != b.BotSessions || dl.IntervalsBroken != b.IntervalsBroken-a.IntervalsBroken {
		t.Errorf("delta %+v", dl)
	}
}

func TestCostText(t *testing.T) {
	for _, c := range []struct {
		in   float64
		want string
	}{
		{0, "0.00"},
		{999.994, "999.99"},
		{38663.466, "38,663.47"},
		{1234567.5, "1,234,567.50"},
		{-4321.1, "-4,321.10"},
		{-999.999, "-1,000.00"},
	} {
		if got := costText(c.in); got != c.want {
			t.Errorf("costText(%v) = %q, want %q", c.in, got, c.want)
		}
	}
}

// TestSweepNoteWithoutCheapest: when no point keeps the promise, the
// break-even's note does not speak of a cheapest point.
func TestSweepNoteWithoutCheapest(t *testing.T) {
	q := baseQueue("q")
	q.Bot.CostPerSession = 1.6
	vary := []Vary{mustVary(t, "humans.max_agents=1,2"), mustVary(t, "bot.share=0:1:0.5")}
	res, err := Sweep(context.Background(), Document{Queues: []QueueSpec{q}}, weekInputs("q"), vary, Options{Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	if res.Cheapest != nil {
		t.Fatalf("a point with at most 2 agents keeps the promise: %+v", res.Cheapest)
	}
	if strings.Contains(res.Note, "cheapest point") || !strings.Contains(res.Note, "no point keeps the promise") {
		t.Errorf("note %q", res.Note)
	}
}
