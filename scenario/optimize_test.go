package scenario

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

// Optimize equals brute force over every combination of shares for three
// open hours from a three-value grid (27 combinations), with returns that
// link the hours (45 minutes) and without, on volumes and bot prices where
// the best split is mostly not a single share.
func TestOptimizeBruteForce(t *testing.T) {
	day := synthDemand(time.UTC, 1, 15*time.Minute, 100, 240*time.Second)
	grid := []float64{0, 0.4, 0.8}
	split := 0
	for _, vols := range [][3]float64{{6, 120, 40}, {3, 200, 30}, {40, 8, 150}} {
		for _, cps := range []float64{1.2, 1.3, 1.4} {
			for _, lag := range []time.Duration{0, 45 * time.Minute} {
				name := fmt.Sprintf("volumes %v, %.1f a session, returns over %v", vols, cps, lag)
				t.Run(name, func(t *testing.T) {
					demand := slices.Clone(day[8*4 : 11*4]) // 08:00-11:00
					for i := range demand {
						demand[i].Volume = vols[i/4]
					}
					q := baseQueue("q")
					q.Bot.ReturnLag = Duration(lag)
					q.Bot.CostPerSession = cps
					d := Document{Queues: []QueueSpec{q}}
					in := Inputs{Demand: map[string][]Interval{"q": demand}}
					res, err := Optimize(context.Background(), d, in, OptimizeOptions{Options: Options{Workers: 2}, Grid: grid})
					if err != nil {
						t.Fatal(err)
					}
					if strings.HasPrefix(res.Note, "exact") != (lag == 0) {
						t.Errorf("note %q", res.Note)
					}
					var best struct {
						x      [3]float64
						broken int
						cost   float64
					}
					best.broken = -1
					for _, a := range grid {
						for _, b := range grid {
							for _, e := range grid {
								var by [24]float64
								by[8], by[9], by[10] = a, b, e
								d.Queues[0].Bot.Share = ByHour(by)
								r, err := Evaluate(context.Background(), d, in, Options{})
								if err != nil {
									t.Fatal(err)
								}
								if best.broken < 0 || better(r.Totals.IntervalsBroken, r.Totals.Cost, best.broken, best.cost) {
									best.x, best.broken, best.cost = [3]float64{a, b, e}, r.Totals.IntervalsBroken, r.Totals.Cost
								}
							}
						}
					}
					if res.Totals.IntervalsBroken != best.broken {
						t.Errorf("optimize breaks %d intervals, brute force %d", res.Totals.IntervalsBroken, best.broken)
					}
					near(t, fmt.Sprintf("cost of %v (brute force %v)", res.Queues[0].Shares[8:11], best.x), res.Totals.Cost, best.cost, 1e-9)
					if best.x[0] != best.x[1] || best.x[1] != best.x[2] {
						split++
					}
					// The optimised document evaluates to the reported result.
					r, err := Evaluate(context.Background(), res.Document, in, Options{})
					if err != nil || r.Totals != res.Totals {
						t.Errorf("optimised document evaluates to %+v (%v), reported %+v", r.Totals, err, res.Totals)
					}
				})
			}
		}
	}
	if split < 9 {
		t.Errorf("only %d cases have a split better than a single share: the test tests little", split)
	}
}

// Optimize is never worse than the best single share of its grid, which it
// reports correctly.
func TestOptimizeNeverWorseThanBestSingle(t *testing.T) {
	hours, err := ParseHours(`{"mon-fri": "07:00-21:00", "sat": "09:00-17:00"}`)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		mod  func(q *QueueSpec)
	}{
		{"returns a day later", func(q *QueueSpec) {}},
		{"no returns", func(q *QueueSpec) { q.Bot.ReturnShare = 0 }},
		{"human hours and a cap", func(q *QueueSpec) { q.Humans.Hours = hours; q.Humans.MaxAgents = 12 }},
	} {
		t.Run(c.name, func(t *testing.T) {
			d := Document{Queues: []QueueSpec{baseQueue("a"), baseQueue("b")}}
			for i := range d.Queues {
				c.mod(&d.Queues[i])
			}
			d.Queues[1].Bot.CostPerSession = 1.4
			in := weekInputs("a", "b")
			grid := []float64{0, 0.2, 0.4, 0.6, 0.8, 1}
			res, err := Optimize(context.Background(), d, in, OptimizeOptions{Options: Options{Workers: 2}, Grid: grid})
			if err != nil {
				t.Fatal(err)
			}
			o, b := res.Totals, res.BestSingleTotals
			if better(b.IntervalsBroken, b.Cost, o.IntervalsBroken, o.Cost) {
				t.Errorf("optimised %d broken, cost %v; best single %d broken, cost %v", o.IntervalsBroken, o.Cost, b.IntervalsBroken, b.Cost)
			}
			// Only keeping a promise no single share keeps may cost more.
			if res.Saving < 0 && !(o.KeptPromise && !b.KeptPromise) {
				t.Errorf("saving %v", res.Saving)
			}
			near(t, "saving", res.Saving, res.BestSingleTotals.Cost-res.Totals.Cost, 1e-12)
			for i, oq := range res.Queues {
				var bestShare float64
				var bestBroken = -1
				var bestCost float64
				for _, s := range grid {
					doc, _ := d.Set("queues."+oq.Queue+".bot.share", s)
					r, err := Evaluate(context.Background(), Document{Queues: doc.Queues[i : i+1]}, in, Options{})
					if err != nil {
						t.Fatal(err)
					}
					if bestBroken < 0 || better(r.Totals.IntervalsBroken, r.Totals.Cost, bestBroken, bestCost) {
						bestShare, bestBroken, bestCost = s, r.Totals.IntervalsBroken, r.Totals.Cost
					}
				}
				if oq.BestSingleShare != bestShare || oq.BestSingleCost != bestCost {
					t.Errorf("%s: best single %v at %v, brute force %v at %v", oq.Queue, oq.BestSingleShare, oq.BestSingleCost, bestShare, bestCost)
				}
			}
		})
	}
}

func TestOptimizeWithShifts(t *testing.T) {
	d := Document{Queues: []QueueSpec{baseQueue("q")}}
	in := Inputs{Demand: map[string][]Interval{"q": synthDemand(time.UTC, 2, 15*time.Minute, 60, 240*time.Second)},
		Shifts: map[string]*Shifts{"q": shiftTemplates()}}
	res, err := Optimize(context.Background(), d, in, OptimizeOptions{Options: Options{Workers: 2, ShiftEffort: 0.1}})
	if err != nil {
		t.Fatal(err)
	}
	if res.Result.Queues[0].Plan == nil || !strings.Contains(res.Note, "shifts") {
		t.Errorf("no plan, or the note %q does not say shifts were planned", res.Note)
	}
	if better(res.BestSingleTotals.IntervalsBroken, res.BestSingleTotals.Cost, res.Totals.IntervalsBroken, res.Totals.Cost) {
		t.Errorf("worse than the best single share with shifts: %v vs %v", res.Totals.Cost, res.BestSingleTotals.Cost)
	}
	near(t, "paid hours are the plan's", res.Totals.PaidHours, res.Result.Queues[0].Plan.PaidHours, 1e-9)
	if len(res.Grid) != 21 || res.Grid[20] != 1 || res.Grid[3] != 0.15 {
		t.Errorf("default grid %v", res.Grid)
	}
}

// When no share keeps the promise (a headcount cap), the answer is the
// cheapest, lost contacts priced in: never a split costing more than the
// best single share for fewer broken intervals, and the note says the
// promise cannot be kept.
func TestOptimizeWhenThePromiseCannotBeKept(t *testing.T) {
	q := baseQueue("q")
	q.Humans.MaxAgents = 8
	q.Bot.CostPerSession = 3 // more bot: fewer broken intervals, more cost
	d := Document{Queues: []QueueSpec{q}}
	in := weekInputs("q")
	grid := []float64{0, 0.2, 0.4, 0.6, 0.8, 1}
	res, err := Optimize(context.Background(), d, in, OptimizeOptions{Options: Options{Workers: 2}, Grid: grid})
	if err != nil {
		t.Fatal(err)
	}
	cheapest := -1.0
	for _, s := range grid {
		d.Queues[0].Bot.Share = Uniform(s)
		r, err := Evaluate(context.Background(), d, in, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if r.Totals.KeptPromise {
			t.Fatalf("share %v keeps the promise; the test wants a cap that breaks it", s)
		}
		if cheapest < 0 || r.Totals.Cost < cheapest {
			cheapest = r.Totals.Cost
		}
	}
	if res.Totals.Cost > cheapest+1e-6 || res.Saving < -1e-9 {
		t.Errorf("optimised cost %.2f (saving %.2f), the cheapest single share costs %.2f", res.Totals.Cost, res.Saving, cheapest)
	}
	near(t, "best single cost", res.BestSingleTotals.Cost, cheapest, 1e-12)
	if !strings.Contains(res.Note, "no split tried keeps the promise") {
		t.Errorf("note %q", res.Note)
	}
}
