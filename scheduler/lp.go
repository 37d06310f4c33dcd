package scheduler

import (
	"errors"
	"fmt"
	"math"
	"time"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/optimize/convex/lp"
)

// The covering LP decomposes into independent pieces when no shift links
// two stretches of the horizon: a centre closed at night has one piece a
// day. A piece small enough is solved exactly by gonum's dense simplex,
// which gives both the LP bound and a fractional plan to round and repair.

const (
	lpMaxRows = 160    // slots in a piece solved exactly
	lpMaxCols = 12_000 // (shift, break placement) columns in such a piece
)

// lpBudget bounds one simplex solve. gonum's lp.Simplex cannot be
// cancelled, and on rare degenerate pieces it cycles for ever (seen on small
// 30-minute days; perturbing the right-hand side does not stop it), so each
// solve runs in its own goroutine and is abandoned after the budget: the
// solver goes on without the exact LP (search plan, Lagrangian bound). An
// abandoned solve keeps a core busy until the process ends. A normal piece
// takes well under a second.
const lpBudget = 5 * time.Second

var errLPBudget = errors.New("scheduler: simplex exceeded its time budget")

// simplex is lp.Simplex bounded by lpBudget; a panic inside it (gonum's
// reaction to inputs it cannot take) comes back as an error.
func simplex(c []float64, A mat.Matrix, b []float64, basic []int) (float64, []float64, error) {
	type result struct {
		v   float64
		x   []float64
		err error
	}
	done := make(chan result, 1) // buffered: an abandoned solve can still finish
	go func() {
		defer func() {
			if r := recover(); r != nil {
				done <- result{err: fmt.Errorf("scheduler: simplex: %v", r)}
			}
		}()
		v, x, err := lp.Simplex(c, A, b, 1e-10, basic)
		done <- result{v, x, err}
	}()
	timer := time.NewTimer(lpBudget)
	defer timer.Stop()
	select {
	case r := <-done:
		return r.v, r.x, r.err
	case <-timer.C:
		return 0, nil, errLPBudget
	}
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
			prof := make([]float64, sh.length)
			for i := range prof {
				prof[i] = 1
			}
			for j, q := range brk {
				subtractBreak(prof, q, sh.brLen[j], 1)
			}
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
		nr, nc := len(slots), len(cols)
		// Columns: shifts, then shortage and excess per slot.
		A := mat.NewDense(nr, nc+2*nr, nil)
		c := make([]float64, nc+2*nr)
		b := make([]float64, nr)
		basic := make([]int, nr)
		for j, cl := range cols {
			c[j] = m.paid[m.cols[cl.col].shape]
			for k, t := range cl.rows {
				A.Set(row[t], j, A.At(row[t], j)+cl.w[k])
			}
		}
		for i, t := range slots {
			// A tiny distinct perturbation of every right-hand side keeps the
			// simplex off degenerate vertices, where it can cycle (Charnes
			// 1952); its effect on the value is bounded and taken off below.
			eps := 1e-7 * float64(1+i%97) / 97
			b[i] = m.r[t] + eps
			res.value -= eps * max(m.short, m.exc)
			A.Set(i, nc+i, 1)
			c[nc+i] = m.short
			A.Set(i, nc+nr+i, -1)
			c[nc+nr+i] = m.exc
			basic[i] = nc + i // all short: a feasible start
		}
		v, x, err := simplex(c, A, b, basic)
		if err != nil || math.IsNaN(v) {
			return res, false
		}
		res.value += v
		for j, cl := range cols {
			if x[j] > 1e-9 {
				res.cols = append(res.cols, lpColumn{cl.col, cl.breaks, x[j]})
			}
		}
	}
	return res, true
}
