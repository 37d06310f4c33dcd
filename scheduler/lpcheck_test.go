package scheduler

import (
	"context"
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/optimize/convex/lp"
)

// denseLP solves the covering LP of p in one dense simplex over every
// (day, shape, break placement), without the distinct charge: the
// reference the decomposed LP and the Lagrangian bound are checked against.
func denseLP(t *testing.T, p Problem) float64 {
	m, err := newModel(p)
	if err != nil {
		t.Fatal(err)
	}
	n := m.n
	var costs []float64
	var covs []map[int]float64
	for ci, col := range m.cols {
		m.placements(m.shapes[col.shape], func(brk []int) {
			cv := map[int]float64{}
			for i, w := range m.profile(ci, brk) {
				if tt := m.slot(col, i); tt >= 0 && w > 1e-12 {
					cv[tt] += w
				}
			}
			if len(cv) > 0 {
				costs = append(costs, m.paid[col.shape])
				covs = append(covs, cv)
			}
		})
	}
	nv := len(costs) + 2*n
	A := mat.NewDense(n, nv, nil)
	c := make([]float64, nv)
	for j := range costs {
		c[j] = costs[j]
		for tt, w := range covs[j] {
			A.Set(tt, j, w)
		}
	}
	basic := make([]int, n)
	for tt := 0; tt < n; tt++ {
		A.Set(tt, len(costs)+tt, 1)
		c[len(costs)+tt] = m.short
		A.Set(tt, len(costs)+n+tt, -1)
		c[len(costs)+n+tt] = m.exc
		basic[tt] = len(costs) + tt
	}
	v, _, err := lp.Simplex(c, A, m.r, 1e-10, basic)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestBoundsAgainstDenseLP checks on a one-day problem with two breaks per
// shift that the decomposed LP equals the dense LP, that the Lagrangian
// bound is just below it, and that the plan is within 5% of the bound.
func TestBoundsAgainstDenseLP(t *testing.T) {
	p := realisticDay()
	want := denseLP(t, p)
	m, err := newModel(p)
	if err != nil {
		t.Fatal(err)
	}
	ck := &clock{ctx: context.Background()}
	res, ok := m.solveLP(ck)
	if !ok || math.Abs(res.value-want) > 1e-6*want {
		t.Errorf("decomposed LP %v (ok %v), dense LP %v", res.value, ok, want)
	}
	lag := lowerBound(m, 1.2*want, ck)
	if lag > want+m.distinctCost+1e-6 || lag < 0.97*want {
		t.Errorf("Lagrangian bound %v, want within 3%% below LP %v (+ distinct charge)", lag, want)
	}
	plan, err := Solve(context.Background(), p, Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("dense LP %.1f, Lagrangian %.1f, plan %.1f (bound %.1f, gap %.2f%%)", want, lag, plan.Objective, plan.LowerBound, 100*plan.Gap)
	if plan.LowerBound > plan.Objective || plan.LowerBound < want {
		t.Errorf("bound %v outside [LP %v, objective %v]", plan.LowerBound, want, plan.Objective)
	}
	if plan.Gap > 0.05 {
		t.Errorf("gap %.2f%%", 100*plan.Gap)
	}
}

// TestWeekLPFromMaster checks that a week LP started from an earlier one's
// master (slope scaling and the drops on large weeks) reaches the optimum
// a solve from scratch reaches: with the same costs, with every distinct
// shift's cost raised by a different amount, and with distinct shifts left
// out, the most used one among them (basic in the earlier basis, so the
// start falls back to the slack basis with the earlier columns).
func TestWeekLPFromMaster(t *testing.T) {
	p := realisticDay()
	m, err := newModel(p)
	if err != nil {
		t.Fatal(err)
	}
	ck := &clock{ctx: context.Background()}
	first, exact, ok := m.weekLP(ck, nil, nil)
	if !ok || !exact || first.master == nil {
		t.Fatalf("week LP: ok %v, exact %v, master %v", ok, exact, first.master != nil)
	}
	if want := denseLP(t, p); math.Abs(first.value-want) > 1e-6*want {
		t.Fatalf("week LP %v, dense LP %v", first.value, want)
	}
	// value is the LP's optimum at costs paid + extra.
	value := func(r lpResult, extra []float64) float64 {
		v := lpCost(m, r)
		for _, lc := range r.cols {
			v += lc.x * extraCost(extra, m.keyOf[m.cols[lc.col].shape])
		}
		return v
	}
	use, _ := keyUsage(m, first)
	most := 0
	for k, x := range use {
		if x > use[most] {
			most = k
		}
	}
	raised := make([]float64, m.nKeys)
	for k := range raised {
		raised[k] = 0.5 * float64(k%7)
	}
	dropped := make([]float64, m.nKeys)
	dropped[most] = math.Inf(1)
	for k, x := range use {
		if x == 0 {
			dropped[k] = math.Inf(1)
			break
		}
	}
	for _, c := range []struct {
		name  string
		extra []float64
	}{{"same costs", nil}, {"costs raised", raised}, {"shifts left out", dropped}} {
		t.Run(c.name, func(t *testing.T) {
			cold, exact, ok := m.weekLP(ck, c.extra, nil)
			if !ok || !exact {
				t.Fatalf("from scratch: ok %v, exact %v", ok, exact)
			}
			warm, exact, ok := m.weekLP(ck, c.extra, first.master)
			if !ok || !exact {
				t.Fatalf("from the master: ok %v, exact %v", ok, exact)
			}
			want, got := value(cold, c.extra), value(warm, c.extra)
			t.Logf("from scratch %.4f, from the master %.4f", want, got)
			if math.Abs(got-want) > 1e-6*want {
				t.Errorf("from the master %v, from scratch %v", got, want)
			}
			for _, lc := range warm.cols {
				if k := m.keyOf[m.cols[lc.col].shape]; math.IsInf(extraCost(c.extra, k), 1) {
					t.Errorf("shift %d of distinct shift %d left out but used (%v)", lc.col, k, lc.x)
				}
			}
		})
	}
}
