package scheduler

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
	"time"
)

// bruteForce is the exact optimum of a tiny problem: every head-count of
// every (column, break placement) from 0 to ceil(max need / least share of
// a slot it works) is tried. Some optimal plan lies within those caps (a
// person more on a unit would only add excess where everyone of it works),
// so the least objective found is the optimum.
func bruteForce(m *model) float64 {
	type unitCol struct {
		col  int
		prof []float64
		cap  int
	}
	var units []unitCol
	maxNeed := 0.0
	for _, r := range m.r {
		maxNeed = math.Max(maxNeed, r)
	}
	for ci := range m.cols {
		m.placements(m.shapes[m.cols[ci].shape], func(brk []int) {
			prof := m.profile(ci, brk)
			least := 1.0
			for _, w := range prof {
				if w > 1e-9 {
					least = math.Min(least, w)
				}
			}
			units = append(units, unitCol{ci, prof, int(math.Ceil(maxNeed/least - 1e-9))})
		})
	}
	cnt := make([]int, len(units))
	cov := make([]float64, m.n)
	best := math.Inf(1)
	var rec func(j int)
	rec = func(j int) {
		if j == len(units) {
			c := 0.0
			for t, v := range cov {
				c += m.cost(t, v)
			}
			used := map[int]bool{}
			for k, u := range units {
				if cnt[k] > 0 {
					c += float64(cnt[k]) * m.paid[m.cols[u.col].shape]
					used[m.keyOf[m.cols[u.col].shape]] = true
				}
			}
			best = math.Min(best, c+float64(len(used))*m.distinctCost)
			return
		}
		u := units[j]
		for k := 0; k <= u.cap; k++ {
			cnt[j] = k
			rec(j + 1)
			for i, w := range u.prof {
				if t := m.slot(m.cols[u.col], i); t >= 0 {
					cov[t] += w
				}
			}
		}
		for i, w := range u.prof {
			if t := m.slot(m.cols[u.col], i); t >= 0 {
				cov[t] -= float64(u.cap+1) * w
			}
		}
		cnt[j] = 0
	}
	rec(0)
	return best
}

// TestBoundBelowBruteForce checks, on random tiny problems (one day of
// 4-hour slots, cyclic or not, 8 h and 12 h shifts with a 2-hour break
// that takes half a slot, random prices with and without a distinct-shift
// charge), that no bound Solve reports, nor the week LP's and the
// Lagrangian's on their own, exceeds the exact optimum found by
// enumeration, and that the plan is no better than it.
func TestBoundBelowBruteForce(t *testing.T) {
	probs := tinyProblems(13, 30)
	if len(probs) < 20 {
		t.Fatalf("only %d tiny problems", len(probs))
	}
	for i, p := range probs {
		m, err := newModel(p)
		if err != nil {
			t.Fatal(err)
		}
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			opt := bruteForce(m)
			tol := 1e-6 * math.Max(1, opt)
			plan, err := Solve(context.Background(), p, Options{Seed: uint64(i), Effort: 0.05})
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("optimum %v, plan %v, bound %v (%s)", opt, plan.Objective, plan.LowerBound, plan.BoundKind)
			if plan.LowerBound > opt+tol {
				t.Errorf("bound %v (%s) above the optimum %v", plan.LowerBound, plan.BoundKind, opt)
			}
			if plan.Objective < opt-tol {
				t.Errorf("plan %v below the optimum %v: the enumeration is wrong", plan.Objective, opt)
			}
			ck := &clock{ctx: context.Background()}
			if res, _, ok := m.weekLP(ck, nil, nil); ok && res.value > opt+tol {
				t.Errorf("week LP bound %v above the optimum %v", res.value, opt)
			}
			if lag := lowerBound(m, opt, ck); lag > opt+tol {
				t.Errorf("Lagrangian bound %v above the optimum %v", lag, opt)
			}
		})
	}
}

// tinyProblems draws count random tiny problems from seed: one day of
// 4-hour slots, cyclic or not, 8 h and 12 h shifts with a 2-hour break that
// takes half a slot, random prices with and without a distinct-shift
// charge, and at most 6 (shift, break placement) columns, so bruteForce
// can enumerate them.
func tinyProblems(seed uint64, count int) []Problem {
	rng := rand.New(rand.NewPCG(seed, 1))
	h := time.Hour
	var out []Problem
	for i := 0; len(out) < count && i < 100*count; i++ {
		req := Requirements{Start: time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC), Interval: 4 * h, Required: make([]float64, 6), Cyclic: rng.IntN(2) == 0}
		for s := range req.Required {
			req.Required[s] = float64(rng.IntN(3))
		}
		first := time.Duration(rng.IntN(6)) * 4 * h
		tm := Template{Name: "t", StartEarliest: first, StartLatest: min(first+time.Duration(rng.IntN(3))*4*h, 20*h), StartStep: 4 * h,
			LengthMin: 8 * h, LengthMax: 8 * h}
		if rng.IntN(2) == 0 {
			tm.LengthMax = 12 * h
		}
		if rng.IntN(2) == 0 {
			tm.Breaks = []BreakRule{{Length: 2 * h, EarliestAfterStart: 4 * h, LatestAfterStart: 8 * h}}
		}
		w := Weights{Shortage: 0.5 + rng.Float64(), Excess: float64(rng.IntN(2)) * rng.Float64(), DistinctShift: float64(rng.IntN(2)) * 100 * rng.Float64(), PaidHour: float64(rng.IntN(2)) * 5 * rng.Float64()}
		p := Problem{Requirements: req, Templates: []Template{tm}, Weights: w}
		m, err := newModel(p)
		if err != nil {
			continue
		}
		n := 0
		for _, col := range m.cols {
			m.placements(m.shapes[col.shape], func([]int) { n++ })
		}
		if n > 6 {
			continue
		}
		out = append(out, p)
	}
	return out
}
