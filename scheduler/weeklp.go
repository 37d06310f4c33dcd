package scheduler

import (
	"cmp"
	"math"
	"slices"

	"github.com/staffcast/staffcast/scheduler/internal/lpsolve"
)

// The week LP by column generation, for horizons that do not fall apart
// into small pieces (a centre open round the clock). The covering LP over
// every (shift, break placement) has too many columns for the simplex to
// price at every pivot, but few of them are ever basic: a restricted master
// holds the shortage and excess columns of every slot and the columns
// priced in so far; its duals π price every placement in one pass of
// prefix sums (reduced cost = paid cost - Σ π over the slots worked), the
// most negative placement of each shift enters, and the master is solved
// again from its last basis (Dantzig & Wolfe 1960; Gilmore & Gomory 1961).
// When no placement prices below the tolerance the master's optimum is the
// week LP's.
//
// The bound does not rely on convergence: at any duals π in the box
// [-excess cost, shortage cost], the Lagrangian value
//
//	L(π) = Σ_t π_t r_t + Σ_j U_j min(0, rc_j(π))
//
// is a lower bound (see lowerBound, which defines U_j); at the final duals
// every rc_j is above -tolerance, so L(π) is the LP value up to the
// perturbation and the tolerance, and it stays a valid bound when a
// deadline cuts the generation short.

const (
	weekLPMaxRounds = 200 // pricing rounds
	weekLPMaxCols   = 400_000
)

// weekLP solves the covering LP of the whole horizon by column generation.
// It returns the LP's fractional optimum (res.value is the Lagrangian bound
// at the final duals, without the distinct-shift charge) and ok false when
// the horizon is too large or the master fails; exact reports whether the
// generation converged before st said stop.
//
// extra, when not nil, adds extra[k] to the cost of every shift of
// distinct shift k (the slope scaling of Solve), and leaves k out when
// extra[k] is +Inf; res.value is then still
// the bound of the true costs at the final duals, but weaker.
//
// from, when not nil, is an earlier week LP's master (res.master): its
// columns start the master, and its last basis the simplex, so an LP whose
// costs alone changed starts at a feasible vertex near the new optimum
// instead of pricing its way there again (the centre open 24 hours: a
// re-solve took about 2.8 s from scratch).
func (m *model) weekLP(st stopper, extra []float64, from *lpMaster) (res lpResult, exact, ok bool) {
	n := m.n
	if n > 4000 {
		return res, false, false
	}
	lp := lpsolve.New(n)
	b := make([]float64, n)
	basis := make([]int, n)
	for t := range n {
		lp.AddColumn(m.short, []int{t}, []float64{1})
	}
	for t := range n {
		lp.AddColumn(m.exc, []int{t}, []float64{-1})
	}
	for t, v := range m.r {
		// A tiny distinct perturbation keeps pivots off degenerate
		// vertices (see coverLP); the bound is taken at the duals, with
		// the true requirements, so it needs no correction.
		eps := 1e-7 * float64(1+t%97) / 97
		b[t], basis[t] = v+eps, t
	}
	var entries []masterColumn
	in := map[masterKey]bool{} // (column, placement index) already in the master
	pi := make([]float64, n)
	// Start from the dual of covering flat requirements, as the
	// Lagrangian does: every slot that needs people at the cheapest paid
	// cost of a worked slot.
	lag := newLagrangian(m)
	copy(pi, lag.pi)
	ext := n + 2*m.perDay
	prefix := make([]float64, ext+1)
	type cand struct {
		col, k int
		breaks []int
		rc     float64
	}
	var cands []cand
	var last lpsolve.Result
	tol := 1e-7 * math.Max(1, math.Max(m.short, m.exc))
	var rows []int
	var vals []float64
	add := func(c masterColumn) {
		in[masterKey{c.col, c.k}] = true
		col := m.cols[c.col]
		rows, vals = rows[:0], vals[:0]
		for i, w := range m.profile(c.col, c.breaks) {
			if t := m.slot(col, i); t >= 0 && w > 1e-12 {
				rows = append(rows, t)
				vals = append(vals, w)
			}
		}
		lp.AddColumn(m.paid[col.shape]+extraCost(extra, m.keyOf[col.shape]), rows, vals)
		entries = append(entries, c)
	}
	// solve re-solves the master from the last basis and takes its duals.
	solve := func() error {
		r, err := lp.Solve(st.context(), b, basis, lpsolve.Options{})
		if err != nil {
			if st.context().Err() != nil {
				st.stop()
			}
			return err
		}
		last = r
		copy(basis, r.Basis)
		for t := range n {
			pi[t] = max(-m.exc, min(m.short, r.Duals[t]))
		}
		return nil
	}
	solved := false // the master holds columns and has been solved
	if from != nil && !st.stop() {
		// The earlier master's columns, less the shifts left out; its
		// basis when none of them was basic, else the slack basis.
		newIndex := make([]int, len(from.entries))
		for j, c := range from.entries {
			newIndex[j] = -1
			if !math.IsInf(extraCost(extra, m.keyOf[m.cols[c.col].shape]), 1) {
				newIndex[j] = 2*n + len(entries)
				add(c)
			}
		}
		for t, j := range from.basis {
			if j >= 2*n {
				j = newIndex[j-2*n]
			}
			if j < 0 {
				for t := range basis {
					basis[t] = t
				}
				break
			}
			basis[t] = j
		}
		if len(entries) > 0 {
			if solve() != nil {
				return res, false, false
			}
			solved = true
		}
	}
	exact = false
	for round := 0; round < weekLPMaxRounds; round++ {
		if st.stop() {
			break
		}
		m.dualPrefix(pi, prefix)
		cands = cands[:0]
		for ci, col := range m.cols {
			sh := m.shapes[col.shape]
			s0 := col.day*m.perDay + sh.start
			if math.IsInf(extraCost(extra, m.keyOf[col.shape]), 1) {
				continue // a distinct shift left out
			}
			base := m.paid[col.shape] + extraCost(extra, m.keyOf[col.shape]) - (prefix[s0+sh.length] - prefix[s0])
			bestRC, bestK := -tol, -1
			var bestBrk []int
			k := -1
			m.placements(sh, func(brk []int) {
				k++
				rc := base + breakRefund(sh, s0, brk, prefix)
				if rc < bestRC && !in[masterKey{ci, k}] {
					bestRC, bestK = rc, k
					bestBrk = append(bestBrk[:0], brk...)
				}
			})
			if bestK >= 0 {
				cands = append(cands, cand{ci, bestK, bestBrk, bestRC})
			}
		}
		if len(cands) == 0 && (round > 0 || solved) {
			exact = true
			break
		}
		slices.SortStableFunc(cands, func(a, b cand) int { return cmp.Compare(a.rc, b.rc) })
		cands = cands[:min(len(cands), max(64, n))]
		for _, c := range cands {
			add(masterColumn{c.col, c.k, c.breaks})
		}
		if len(entries) > weekLPMaxCols {
			return res, false, false
		}
		if err := solve(); err != nil {
			if last.X == nil {
				return res, false, false
			}
			break
		}
	}
	if last.X == nil {
		return res, false, false
	}
	// The bound at the final duals, priced over every placement with U_j.
	copy(lag.pi, pi)
	res.value = lag.value()
	res.duals = pi
	for j, e := range entries[:len(last.X)-2*n] {
		if x := last.X[2*n+j]; x > 1e-9 {
			res.cols = append(res.cols, lpColumn{e.col, e.breaks, x})
		}
	}
	res.master = &lpMaster{entries: entries[:len(last.X)-2*n], basis: slices.Clone(last.Basis)}
	return res, exact, true
}

// lpMaster is the restricted master a week LP ended with: its columns past
// the 2n slack ones, in order, and the basis of its last solve.
type lpMaster struct {
	entries []masterColumn
	basis   []int
}

// masterColumn is a column of the master: shift column col with its k-th
// break placement, breaks.
type masterColumn struct {
	col, k int
	breaks []int
}

// masterKey is a column of the master, by shift column and placement index.
type masterKey struct{ col, k int }

func extraCost(extra []float64, k int) float64 {
	if extra == nil {
		return 0
	}
	return extra[k]
}

// dualPrefix fills prefix (len n + 2 days + 1) with the running sums of pi
// over the horizon extended by two days (wrapped when cyclic, 0 past the
// end otherwise), so a span's multipliers sum in one subtraction.
func (m *model) dualPrefix(pi, prefix []float64) {
	n := m.n
	for i := range len(prefix) - 1 {
		v := 0.0
		switch {
		case i < n:
			v = pi[i]
		case m.cyclic:
			v = pi[i%n]
		}
		prefix[i+1] = prefix[i] + v
	}
}

// breakRefund is the multipliers of the slots shape sh, starting at
// extended slot s0, is off on its breaks brk: added back to the span's
// reduced cost.
func breakRefund(sh shape, s0 int, brk []int, prefix []float64) float64 {
	rc := 0.0
	for j, p := range brk {
		for i, f := range breakParts(s0+p, sh.brLen[j]) {
			rc += f * (prefix[i+1] - prefix[i])
		}
	}
	return rc
}
