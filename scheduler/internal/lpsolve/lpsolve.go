// Package lpsolve solves small linear programmes in standard form
//
//	minimise c·x  subject to  A x = b,  x ≥ 0,
//
// A sparse by columns, from a feasible starting basis the caller supplies,
// by the revised primal simplex method with an explicit basis inverse
// (Dantzig 1963; Chvátal 1983, ch. 7-8), or (SolveDual) from an optimal
// basis for another right-hand side by the dual simplex method first.
//
// Termination. Pricing is Dantzig's (the most negative reduced cost) with
// Harris's two-pass ratio test for stability; after a run of degenerate
// pivots (no progress) it switches to Bland's rule (smallest index enters,
// smallest index among tied rows leaves; Bland 1977), which cannot cycle,
// and back after the first pivot that makes progress. Every solve is also
// capped by a number of pivots derived from the problem's size, and the
// context is polled every few pivots, so a solve always returns: no
// goroutine, no clock, and the same pivots on any machine.
//
// The inverse is updated in product form and recomputed from the basis
// columns (Gauss-Jordan with partial pivoting) every refactorEvery pivots
// and before optimality is declared, so round-off does not accumulate.
// It suits problems of up to a few hundred rows (the inverse is dense,
// O(rows²) a pivot) and tens of thousands of columns.
package lpsolve

import (
	"context"
	"errors"
	"fmt"
	"math"
)

// Errors of Solve.
var (
	ErrIterationLimit = errors.New("lpsolve: iteration limit reached")
	ErrUnbounded      = errors.New("lpsolve: problem is unbounded")
	ErrBasis          = errors.New("lpsolve: starting basis is not a feasible basis")
	ErrNumerical      = errors.New("lpsolve: basis became singular")
	ErrInfeasible     = errors.New("lpsolve: problem is infeasible")
)

// LP is a linear programme under construction: rows fixed, columns added
// one at a time. Its right-hand side is given to Solve.
type LP struct {
	rows  int
	cost  []float64
	start []int // column j's entries are idx/val[start[j]:start[j+1]]
	idx   []int
	val   []float64
	// The same entries by rows, built by the first SolveDual after a
	// column was added: row i's are rowCol/rowVal[rowStart[i]:rowStart[i+1]].
	rowStart, rowCol []int
	rowVal           []float64
}

// New returns an LP with the given number of rows and no column.
func New(rows int) *LP { return &LP{rows: rows, start: []int{0}} }

// Rows is the number of rows (equality constraints).
func (p *LP) Rows() int { return p.rows }

// Cols is the number of columns added so far.
func (p *LP) Cols() int { return len(p.cost) }

// AddColumn adds a column with cost c and entries vals at rows (in
// [0, Rows); entries at the same row add up); it returns the column's
// index. Zero entries are dropped.
func (p *LP) AddColumn(c float64, rows []int, vals []float64) int {
	for k, r := range rows {
		if vals[k] == 0 {
			continue
		}
		p.idx = append(p.idx, r)
		p.val = append(p.val, vals[k])
	}
	p.cost = append(p.cost, c)
	p.start = append(p.start, len(p.idx))
	p.rowStart = nil
	return len(p.cost) - 1
}

// byRows builds the row-wise copy of the entries.
func (p *LP) byRows() {
	if p.rowStart != nil {
		return
	}
	p.rowStart = make([]int, p.rows+1)
	for _, i := range p.idx {
		p.rowStart[i+1]++
	}
	for i := range p.rows {
		p.rowStart[i+1] += p.rowStart[i]
	}
	p.rowCol = make([]int, len(p.idx))
	p.rowVal = make([]float64, len(p.idx))
	next := append([]int(nil), p.rowStart[:p.rows]...)
	for j := range p.cost {
		for k := p.start[j]; k < p.start[j+1]; k++ {
			i := p.idx[k]
			p.rowCol[next[i]] = j
			p.rowVal[next[i]] = p.val[k]
			next[i]++
		}
	}
}

// Options tune Solve; the zero value is usable.
type Options struct {
	// MaxIter caps the number of pivots; 0 means DefaultMaxIter.
	MaxIter int
	// Tol is the optimality tolerance on reduced costs, relative to the
	// largest cost (absolute when costs are below 1); 0 means 1e-9.
	Tol float64
}

// DefaultMaxIter is the pivot cap for an LP of the given size: many times
// the 2-3 pivots a row the simplex usually needs, plus one per column.
func DefaultMaxIter(rows, cols int) int { return 50*rows + cols + 1000 }

// Result is an optimal solution.
type Result struct {
	Value float64   // c·x
	X     []float64 // one value a column
	Iter  int       // pivots made
	// Basis is the optimal basis (one column a row): after adding columns,
	// it is a feasible starting basis for the same right-hand side.
	Basis []int
	// Duals are the simplex multipliers y = c_B B⁻¹, one a row: every
	// column's reduced cost c_j - y·a_j is at least -Tol at the optimum.
	Duals []float64
}

const (
	pivotTol      = 1e-9  // smallest |entry| of the entering column to pivot on
	feasTol       = 1e-9  // primal feasibility slack of Harris's ratio test
	refactorEvery = 64    // pivots between two recomputations of the inverse
	checkEvery    = 16    // pivots between two looks at the context
	degenerateRun = 20    // degenerate pivots in a row before Bland's rule
	negTol        = -1e-7 // a basic value below it after refactoring is a failure
)

// Solve minimises c·x subject to A x = b, x ≥ 0, starting from basis (one
// column index a row, forming a non-singular matrix whose solution is
// non-negative). It returns an optimal solution, or an error: the
// context's error when ctx is done, ErrIterationLimit, ErrUnbounded,
// ErrBasis or ErrNumerical.
func (p *LP) Solve(ctx context.Context, b []float64, basis []int, opt Options) (Result, error) {
	s, err := p.begin(b, basis, opt, false)
	if err != nil {
		return Result{}, err
	}
	for _, x := range s.xb {
		// negTol, not feasTol: an optimal basis handed back after columns
		// were added (a warm start) may hold values a round-off below 0.
		if x < negTol {
			return Result{}, fmt.Errorf("%w: a basic value is %v", ErrBasis, x)
		}
	}
	return s.primal(ctx, 0)
}

// SolveDual is Solve from a basis that need not be feasible for b but
// whose reduced costs are non-negative: an optimal basis for another
// right-hand side (Result.Basis), so re-solving after b changes takes a
// few pivots rather than a solve from scratch. The dual simplex method
// (Lemke 1954; Chvátal 1983, ch. 10) pivots the most negative basic value
// out, the entering column by Harris's two-pass ratio test on the reduced
// costs, until the basis is feasible; the primal simplex then confirms
// optimality (and repairs any reduced cost a round-off made negative).
// The pivot cap is shared by both phases. It returns what Solve returns,
// and ErrInfeasible when no x ≥ 0 satisfies A x = b.
func (p *LP) SolveDual(ctx context.Context, b []float64, basis []int, opt Options) (Result, error) {
	s, err := p.begin(b, basis, opt, true)
	if err != nil {
		return Result{}, err
	}
	p.byRows()
	s.arow, s.d = make([]float64, len(p.cost)), make([]float64, len(p.cost))
	iter, err := s.dualPhase(ctx)
	if err != nil {
		return Result{}, err
	}
	s.dual = false
	optimal := true
	for j, d := range s.d {
		if s.pos[j] < 0 && d < -s.tol {
			optimal = false
			break
		}
	}
	if optimal {
		// The dual phase ends on a fresh inverse with exact reduced costs.
		return s.result(iter), nil
	}
	return s.primal(ctx, iter)
}

// begin checks the basis and factors it.
func (p *LP) begin(b []float64, basis []int, opt Options, dual bool) (*state, error) {
	m, n := p.rows, len(p.cost)
	if len(b) != m || len(basis) != m {
		return nil, fmt.Errorf("%w: %d rows, %d right-hand sides, %d basic columns", ErrBasis, m, len(b), len(basis))
	}
	maxIter := opt.MaxIter
	if maxIter <= 0 {
		maxIter = DefaultMaxIter(m, n)
	}
	tol := opt.Tol
	if tol <= 0 {
		tol = 1e-9
	}
	cmax := 1.0
	for _, c := range p.cost {
		cmax = math.Max(cmax, math.Abs(c))
	}
	tol *= cmax

	s := &state{p: p, m: m, b: b, basis: append([]int(nil), basis...), pos: make([]int, n),
		binv: make([]float64, m*m), xb: make([]float64, m), y: make([]float64, m),
		alpha: make([]float64, m), work: make([]float64, m*m), maxIter: maxIter, tol: tol, dual: dual}
	for j := range s.pos {
		s.pos[j] = -1
	}
	for i, j := range s.basis {
		if j < 0 || j >= n || s.pos[j] >= 0 {
			return nil, fmt.Errorf("%w: basic column %d", ErrBasis, j)
		}
		s.pos[j] = i
	}
	if err := s.refactor(); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBasis, err)
	}
	return s, nil
}

// primal runs the primal simplex from the current feasible basis, iter
// pivots already made.
func (s *state) primal(ctx context.Context, iter int) (Result, error) {
	m := s.m
	fresh := true // the inverse was just recomputed
	bland := false
	degenerate := 0
	sinceFactor := 0
	for ; ; iter++ {
		if iter%checkEvery == 0 {
			if err := ctx.Err(); err != nil {
				return Result{}, err
			}
		}
		if sinceFactor >= refactorEvery {
			if err := s.refactor(); err != nil {
				return Result{}, err
			}
			sinceFactor, fresh = 0, true
		}
		if fresh {
			s.duals() // exact after a refactoring; updated by each pivot
		}
		q, dq := s.price(s.tol, bland)
		if q < 0 {
			if !fresh {
				// Confirm with an exact inverse before declaring optimality.
				if err := s.refactor(); err != nil {
					return Result{}, err
				}
				sinceFactor, fresh = 0, true
				continue
			}
			return s.result(iter), nil
		}
		if iter >= s.maxIter {
			return Result{}, fmt.Errorf("%w: %d pivots on %d rows, %d columns", ErrIterationLimit, iter, m, len(s.p.cost))
		}
		s.column(q)
		r, theta := s.ratio(bland)
		if r < 0 {
			return Result{}, ErrUnbounded
		}
		s.pivot(q, r, theta)
		s.updateDuals(r, dq)
		sinceFactor++
		fresh = false
		if theta <= feasTol {
			degenerate++
			if degenerate >= degenerateRun {
				bland = true
			}
		} else {
			degenerate, bland = 0, false
		}
	}
}

// dualPhase runs the dual simplex until the basis is feasible and
// returns the pivots made. The inverse is recomputed every refactorEvery
// pivots and once more before the basis is declared feasible.
func (s *state) dualPhase(ctx context.Context) (int, error) {
	m, p := s.m, s.p
	fresh := true
	sinceFactor := 0
	for iter := 0; ; iter++ {
		if iter%checkEvery == 0 {
			if err := ctx.Err(); err != nil {
				return iter, err
			}
		}
		if sinceFactor >= refactorEvery {
			if err := s.refactor(); err != nil {
				return iter, err
			}
			sinceFactor, fresh = 0, true
		}
		if fresh {
			// Exact duals and reduced costs; each pivot updates both.
			s.duals()
			for j := range p.cost {
				d := p.cost[j]
				for k := p.start[j]; k < p.start[j+1]; k++ {
					d -= s.y[p.idx[k]] * p.val[k]
				}
				s.d[j] = d
			}
		}
		r, worst := -1, -feasTol
		for i, x := range s.xb {
			if x < worst {
				r, worst = i, x
			}
		}
		if r < 0 {
			if !fresh {
				if err := s.refactor(); err != nil {
					return iter, err
				}
				sinceFactor, fresh = 0, true
				continue
			}
			return iter, nil
		}
		if iter >= s.maxIter {
			return iter, fmt.Errorf("%w: %d pivots on %d rows, %d columns", ErrIterationLimit, iter, m, len(p.cost))
		}
		// Row r of B⁻¹A, by rows (skipping the zeros of row r of B⁻¹),
		// and the non-basic columns' reduced costs: the entering column
		// keeps every reduced cost >= 0.
		rho := s.binv[r*m : (r+1)*m]
		arow := s.arow
		clear(arow)
		for i, v := range rho {
			if v == 0 {
				continue
			}
			for k := p.rowStart[i]; k < p.rowStart[i+1]; k++ {
				arow[p.rowCol[k]] += v * p.rowVal[k]
			}
		}
		s.cands = s.cands[:0]
		limit := math.Inf(1)
		for j, a := range arow {
			if a >= -pivotTol || s.pos[j] >= 0 {
				continue
			}
			d := math.Max(s.d[j], 0)
			s.cands = append(s.cands, dualCand{j, d, a})
			limit = math.Min(limit, (d+s.tol)/-a)
		}
		if len(s.cands) == 0 {
			return iter, ErrInfeasible
		}
		q, dq, best := -1, 0.0, 0.0
		for _, c := range s.cands {
			if c.d/-c.a <= limit && -c.a > best {
				q, dq, best = c.j, c.d, -c.a
			}
		}
		s.column(q)
		if s.alpha[r] > -pivotTol {
			return iter, ErrNumerical // the row and the column disagree
		}
		s.pivot(q, r, s.xb[r]/s.alpha[r])
		s.updateDuals(r, dq)
		// d' = d - d_q/α_rq · (row r of B⁻¹A): the same step as the duals.
		f := dq / arow[q]
		for j, a := range arow {
			if a != 0 {
				s.d[j] -= f * a
			}
		}
		s.d[q] = 0
		sinceFactor++
		fresh = false
	}
}

// dualCand is a column the dual ratio test may bring in: its reduced cost
// d and its entry a in the leaving row.
type dualCand struct {
	j    int
	d, a float64
}

// updateDuals sets y' = y + d_q · (row r of the new inverse) after column
// q, of reduced cost dq, entered at row r: q's reduced cost becomes 0 and
// every other basic one stays 0.
func (s *state) updateDuals(r int, dq float64) {
	m := s.m
	for k, v := range s.binv[r*m : (r+1)*m] {
		s.y[k] += dq * v
	}
}

type state struct {
	p     *LP
	m     int
	b     []float64
	basis []int     // column basic in each row
	pos   []int     // row a column is basic in, or -1
	binv  []float64 // basis inverse, row-major m×m
	xb    []float64 // basic values
	y     []float64 // duals c_B B⁻¹
	alpha []float64 // B⁻¹ a_q of the entering column
	work  []float64

	maxIter int
	tol     float64    // on reduced costs, scaled by the largest cost
	dual    bool       // the dual phase: basic values may be negative
	cands   []dualCand // scratch of the dual ratio test
	arow    []float64  // scratch: row r of B⁻¹A
	d       []float64  // reduced costs in the dual phase
}

// duals computes y = c_B B⁻¹.
func (s *state) duals() {
	m := s.m
	for k := range s.y {
		s.y[k] = 0
	}
	for i, j := range s.basis {
		c := s.p.cost[j]
		if c == 0 {
			continue
		}
		row := s.binv[i*m : (i+1)*m]
		for k, v := range row {
			s.y[k] += c * v
		}
	}
}

// price returns the entering column, or -1 when no reduced cost is below
// -tol: Dantzig's rule, or Bland's (the first such column).
func (s *state) price(tol float64, bland bool) (int, float64) {
	p := s.p
	best, q := -tol, -1
	for j := range p.cost {
		if s.pos[j] >= 0 {
			continue
		}
		d := p.cost[j]
		for k := p.start[j]; k < p.start[j+1]; k++ {
			d -= s.y[p.idx[k]] * p.val[k]
		}
		if d < best {
			best, q = d, j
			if bland {
				return q, d
			}
		}
	}
	return q, best
}

// column computes alpha = B⁻¹ a_q.
func (s *state) column(q int) {
	p, m := s.p, s.m
	for i := range s.alpha {
		s.alpha[i] = 0
	}
	for k := p.start[q]; k < p.start[q+1]; k++ {
		r, v := p.idx[k], p.val[k]
		for i := 0; i < m; i++ {
			s.alpha[i] += s.binv[i*m+r] * v
		}
	}
}

// ratio picks the leaving row and the step. Harris's two passes: the
// largest step any row allows with a slack of feasTol, then among rows
// whose exact ratio is within it the largest pivot. Under Bland's rule,
// the exact minimum ratio, ties to the smallest basic column. r < 0 means
// no row limits the step (unbounded).
func (s *state) ratio(bland bool) (r int, theta float64) {
	r = -1
	if bland {
		theta = math.Inf(1)
		for i, a := range s.alpha {
			if a <= pivotTol {
				continue
			}
			t := math.Max(s.xb[i], 0) / a
			switch {
			case r < 0 || t < theta-1e-12*(1+theta):
				r, theta = i, t
			case t <= theta+1e-12*(1+theta) && s.basis[i] < s.basis[r]:
				r = i
				theta = math.Min(theta, t)
			}
		}
		return r, theta
	}
	limit := math.Inf(1)
	for i, a := range s.alpha {
		if a > pivotTol {
			limit = math.Min(limit, (math.Max(s.xb[i], 0)+feasTol)/a)
		}
	}
	if math.IsInf(limit, 1) {
		return -1, 0
	}
	best := 0.0
	for i, a := range s.alpha {
		if a <= pivotTol {
			continue
		}
		if t := math.Max(s.xb[i], 0) / a; t <= limit && (a > best || (a == best && s.basis[i] < s.basis[r])) {
			best, r, theta = a, i, t
		}
	}
	return r, theta
}

// pivot brings column q into the basis at row r with step theta.
func (s *state) pivot(q, r int, theta float64) {
	m := s.m
	ar := s.alpha[r]
	for i := range s.xb {
		if i != r {
			s.xb[i] -= theta * s.alpha[i]
		}
	}
	s.xb[r] = theta
	rowR := s.binv[r*m : (r+1)*m]
	for k := range rowR {
		rowR[k] /= ar
	}
	for i := 0; i < m; i++ {
		a := s.alpha[i]
		if i == r || a == 0 {
			continue
		}
		row := s.binv[i*m : (i+1)*m]
		for k, v := range rowR {
			row[k] -= a * v
		}
	}
	s.pos[s.basis[r]] = -1
	s.basis[r] = q
	s.pos[q] = r
}

// refactor recomputes B⁻¹ from the basic columns by Gauss-Jordan
// elimination with partial pivoting, and x_B = B⁻¹ b.
func (s *state) refactor() error {
	p, m := s.p, s.m
	a := s.work // B, reduced to I
	for i := range a {
		a[i] = 0
	}
	inv := s.binv
	for i := range inv {
		inv[i] = 0
	}
	for i := 0; i < m; i++ {
		inv[i*m+i] = 1
	}
	for c, j := range s.basis {
		for k := p.start[j]; k < p.start[j+1]; k++ {
			a[p.idx[k]*m+c] += p.val[k]
		}
	}
	var nzA, nzI []int
	for c := 0; c < m; c++ {
		piv, big := -1, 0.0
		for i := c; i < m; i++ {
			if v := math.Abs(a[i*m+c]); v > big {
				piv, big = i, v
			}
		}
		if big < 1e-11 {
			return ErrNumerical
		}
		if piv != c {
			for k := 0; k < m; k++ {
				a[c*m+k], a[piv*m+k] = a[piv*m+k], a[c*m+k]
				inv[c*m+k], inv[piv*m+k] = inv[piv*m+k], inv[c*m+k]
			}
		}
		// Columns before c of row c are 0 already; the pivot row's
		// non-zeros are listed once, so sparse bases eliminate fast.
		d := a[c*m+c]
		nzA, nzI = nzA[:0], nzI[:0]
		for k := c; k < m; k++ {
			if a[c*m+k] != 0 {
				a[c*m+k] /= d
				nzA = append(nzA, k)
			}
		}
		for k := 0; k < m; k++ {
			if inv[c*m+k] != 0 {
				inv[c*m+k] /= d
				nzI = append(nzI, k)
			}
		}
		for i := 0; i < m; i++ {
			f := a[i*m+c]
			if i == c || f == 0 {
				continue
			}
			for _, k := range nzA {
				a[i*m+k] -= f * a[c*m+k]
			}
			for _, k := range nzI {
				inv[i*m+k] -= f * inv[c*m+k]
			}
		}
	}
	// Rows of inv follow the basis order: inv·B = I with B's columns in
	// basis order, so row c of inv belongs to basis[c].
	for i := 0; i < m; i++ {
		x := 0.0
		row := inv[i*m : (i+1)*m]
		for k, v := range row {
			x += v * s.b[k]
		}
		if x < negTol && !s.dual {
			return fmt.Errorf("%w: basic value %v after refactoring", ErrNumerical, x)
		}
		s.xb[i] = x
	}
	return nil
}

func (s *state) result(iter int) Result {
	x := make([]float64, len(s.p.cost))
	v := 0.0
	for i, j := range s.basis {
		xi := math.Max(s.xb[i], 0)
		x[j] = xi
		v += s.p.cost[j] * xi
	}
	return Result{Value: v, X: x, Iter: iter, Basis: append([]int(nil), s.basis...), Duals: append([]float64(nil), s.y...)}
}
