package scheduler

import (
	"github.com/staffcast/staffcast/scheduler/internal/lpsolve"
)

// The covering LP decomposes into independent pieces when no shift links
// two stretches of the horizon: a centre closed at night has one piece a
// day. A piece small enough is solved exactly by the simplex (lpsolve),
// which gives both the LP bound and a fractional plan to round and repair.

const (
	lpMaxRows = 160    // slots in a piece solved exactly
	lpMaxCols = 12_000 // (shift, break placement) columns in such a piece
)

// coverLP solves the covering LP of a piece or window: the shift columns
// already in p, then a shortage column (+1, cost m.short) and an excess
// column (-1, cost m.exc) a row, against need per row, starting from all
// shortage (or all excess where need is negative). Every right-hand side is
// perturbed up (down where negative) by a tiny distinct amount, which keeps
// most pivots off degenerate vertices (Charnes 1952); the simplex cannot
// cycle anyway (see lpsolve). It returns the optimum of the perturbed LP,
// the values of the shift columns, and the largest total effect of the
// perturbation on the value (to take off a bound). The solve is capped in
// pivots and ends when st's context is done; ok is false then, or when it
// fails numerically.
func (m *model) coverLP(p *lpsolve.LP, need []float64, st stopper) (value float64, x []float64, slack float64, ok bool) {
	return m.newCoverSolver(p, false).solve(need, st)
}

// coverSolver is coverLP for one LP re-solved against needs that change,
// as a dive's do when it fixes people. When warm, each solve after the
// first starts from the last optimal basis by the dual simplex
// (lpsolve.SolveDual): tens of pivots where a solve from all shortage
// takes hundreds. It lands on other optimal vertices than a cold solve,
// and the dives then end differently: the small centre's whole-week dives
// came out worse warm (a scratch build, before the faster refactoring:
// 9,678 against 9,622 at 30 minutes), so only the windows too large to
// dive cold are warm (diveMaxCols).
type coverSolver struct {
	m     *model
	lp    *lpsolve.LP
	nc    int // shift columns, before the slack columns
	warm  bool
	basis []int // the last optimal basis, nil before the first solve
}

// newCoverSolver adds p's shortage and excess columns.
func (m *model) newCoverSolver(p *lpsolve.LP, warm bool) *coverSolver {
	nc, nr := p.Cols(), p.Rows()
	for i := range nr {
		p.AddColumn(m.short, []int{i}, []float64{1})
	}
	for i := range nr {
		p.AddColumn(m.exc, []int{i}, []float64{-1})
	}
	return &coverSolver{m: m, lp: p, nc: nc, warm: warm}
}

// solve is coverLP's solve against need.
func (c *coverSolver) solve(need []float64, st stopper) (value float64, x []float64, slack float64, ok bool) {
	m, nc, nr := c.m, c.nc, c.lp.Rows()
	b := make([]float64, nr)
	basis := make([]int, nr)
	for i, v := range need {
		eps := 1e-7 * float64(1+i%97) / 97
		slack += eps * max(m.short, m.exc)
		if v >= 0 {
			b[i], basis[i] = v+eps, nc+i
		} else {
			b[i], basis[i] = v-eps, nc+nr+i
		}
	}
	if st.stop() {
		return 0, nil, 0, false
	}
	var res lpsolve.Result
	err := lpsolve.ErrBasis
	if c.warm && c.basis != nil {
		res, err = c.lp.SolveDual(st.context(), b, c.basis, lpsolve.Options{})
	}
	if err != nil && st.context().Err() == nil {
		// The first solve, or the warm start failed (a pivot cap,
		// round-off): from all shortage.
		res, err = c.lp.Solve(st.context(), b, basis, lpsolve.Options{})
	}
	if err != nil {
		if st.context().Err() != nil {
			st.stop() // record that the deadline cut the LP
		}
		return 0, nil, 0, false
	}
	c.basis = res.Basis
	return res.Value, res.X[:nc], slack, true
}

// lpColumn is one (column, break placement) with its LP value.
type lpColumn struct {
	col    int
	breaks []int
	x      float64
}

// lpResult is the exact LP over the pieces, when every piece is small.
type lpResult struct {
	value float64 // LP optimum without the distinct-shift charge
	cols  []lpColumn
	duals []float64 // the week LP's final duals (nil from the day LPs)
	// master is the week LP's restricted master, to start another week LP
	// from (nil from the day LPs).
	master *lpMaster
}

// pieces groups slots joined by some shift's span (union-find). Slots no
// shift covers form pieces of their own.
func (m *model) pieces() [][]int {
	parent := make([]int, m.n)
	for i := range parent {
		parent[i] = i
	}
	var find func(int) int
	find = func(x int) int {
		for parent[x] != x {
			parent[x] = parent[parent[x]]
			x = parent[x]
		}
		return x
	}
	for _, col := range m.cols {
		prev := -1
		for i := 0; i < m.shapes[col.shape].length; i++ {
			t := m.slot(col, i)
			if t < 0 {
				break
			}
			if prev >= 0 {
				if a, b := find(prev), find(t); a != b {
					parent[a] = b
				}
			}
			prev = t
		}
	}
	idx := map[int]int{}
	var out [][]int
	for t := range m.n {
		r := find(t)
		i, ok := idx[r]
		if !ok {
			i = len(out)
			idx[r] = i
			out = append(out, nil)
		}
		out[i] = append(out[i], t)
	}
	return out
}

// solveLP solves the covering LP exactly when every piece is small; ok is
// false otherwise, or when the simplex fails numerically.
func (m *model) solveLP(st stopper) (lpResult, bool) {
	var res lpResult
	pieces := m.pieces()
	pieceOf := make([]int, m.n)
	for i, p := range pieces {
		for _, t := range p {
			pieceOf[t] = i
		}
	}
	type colv struct {
		col    int
		breaks []int
		rows   []int
		w      []float64
	}
	byPiece := make([][]colv, len(pieces))
	for ci, col := range m.cols {
		sh := m.shapes[col.shape]
		first := m.slot(col, 0)
		if first < 0 {
			continue
		}
		pc := pieceOf[first]
		if len(pieces[pc]) > lpMaxRows {
			return res, false
		}
		m.placements(sh, func(brk []int) {
			prof := m.profile(ci, brk)
			c := colv{col: ci, breaks: append([]int(nil), brk...)}
			for i, w := range prof {
				if t := m.slot(col, i); t >= 0 && w > 1e-12 {
					c.rows = append(c.rows, t)
					c.w = append(c.w, w)
				}
			}
			if len(c.rows) > 0 {
				byPiece[pc] = append(byPiece[pc], c)
			}
		})
		if len(byPiece[pc]) > lpMaxCols {
			return res, false
		}
	}
	for pi, slots := range pieces {
		if st.stop() {
			return res, false
		}
		cols := byPiece[pi]
		if len(cols) == 0 {
			for _, t := range slots {
				res.value += m.short * m.r[t]
			}
			continue
		}
		row := map[int]int{}
		for i, t := range slots {
			row[t] = i
		}
		p := lpsolve.New(len(slots))
		rows := make([]int, 0, 64)
		for _, cl := range cols {
			rows = rows[:0]
			for _, t := range cl.rows {
				rows = append(rows, row[t])
			}
			p.AddColumn(m.paid[m.cols[cl.col].shape], rows, cl.w)
		}
		need := make([]float64, len(slots))
		for i, t := range slots {
			need[i] = m.r[t]
		}
		v, x, slack, ok := m.coverLP(p, need, st)
		if !ok {
			return res, false
		}
		res.value += v - slack
		for j, cl := range cols {
			if x[j] > 1e-9 {
				res.cols = append(res.cols, lpColumn{cl.col, cl.breaks, x[j]})
			}
		}
	}
	return res, true
}
