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
// The inverse is explicit, updated a pivot at a time (over the non-zeros
// of the pivot row) and recomputed from the basis columns every
// refactorEvery pivots and before optimality is declared, so round-off
// does not accumulate: singleton columns (slacks) are inverted directly
// and the rest by elimination with partial pivoting (see
// refactor). It suits problems of up to a thousand rows whose bases are
// mostly slacks, and tens of thousands of columns. An LP keeps its
// inverse between solves, so one LP is solved by one goroutine at a time;
// a solve from the basis the last one ended on starts from it instead of
// refactoring (the same inverse, to the bit).
//
// Columns are also kept as runs of equal entries on consecutive rows (a
// shift's slots), so the products with every column a pivot needs (the
// reduced costs, and in the dual phase the pivot row of B⁻¹A) cost a few
// operations a column from prefix sums instead of one per entry.
package lpsolve

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
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
	// The same entries as runs: column j's are runs[runStart[j]:runStart[j+1]].
	runStart []int
	runs     []run
	// The basis inverse and refactor's scratch of the last solve, reused
	// by the next one (an LP is solved by one goroutine at a time).
	binv, work []float64
	// The basis whose inverse binv holds as refactor left it, with its
	// claims and block rows, when factoredOK (the last solve ended on a
	// fresh refactoring, as every optimal one does): a solve starting
	// from that basis, as a warm re-solve does, takes it as it is, which
	// is what refactoring it again would give, to the bit.
	factored, factoredClaim, factoredRows []int
	factoredOK                            bool
}

// run is a column's entries on rows [lo, hi), all equal to val. The
// columns of a covering LP are a shift's slots, consecutive rows of ones
// broken only by its breaks, so a product y·a_j over its few runs, by
// prefix sums of y, costs a handful of operations where the entries one
// by one cost a shift's length (pricing every column is most of a
// pivot's work).
type run struct {
	lo, hi int32
	val    float64
}

// New returns an LP with the given number of rows and no column.
func New(rows int) *LP { return &LP{rows: rows, start: []int{0}, runStart: []int{0}} }

// Rows is the number of rows (equality constraints).
func (p *LP) Rows() int { return p.rows }

// Cols is the number of columns added so far.
func (p *LP) Cols() int { return len(p.cost) }

// Grow makes room for cols more columns of entries more entries in all,
// so adding them does not copy the LP over and over (as bytes.Buffer's).
func (p *LP) Grow(cols, entries int) {
	p.cost = slices.Grow(p.cost, cols)
	p.start = slices.Grow(p.start, cols)
	p.runStart = slices.Grow(p.runStart, cols)
	p.runs = slices.Grow(p.runs, cols)
	p.idx = slices.Grow(p.idx, entries)
	p.val = slices.Grow(p.val, entries)
}

// AddColumn adds a column with cost c and entries vals at rows (in
// [0, Rows); entries at the same row add up); it returns the column's
// index. Zero entries are dropped.
func (p *LP) AddColumn(c float64, rows []int, vals []float64) int {
	first := len(p.idx)
	for k, r := range rows {
		if vals[k] == 0 {
			continue
		}
		if e := len(p.idx); e == first || r != p.idx[e-1]+1 || vals[k] != p.val[e-1] {
			p.runs = append(p.runs, run{lo: int32(r), val: vals[k]})
		}
		p.runs[len(p.runs)-1].hi = int32(r + 1)
		p.idx = append(p.idx, r)
		p.val = append(p.val, vals[k])
	}
	p.cost = append(p.cost, c)
	p.start = append(p.start, len(p.idx))
	p.runStart = append(p.runStart, len(p.runs))
	return len(p.cost) - 1
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
		cmax = max(cmax, math.Abs(c))
	}
	tol *= cmax

	if cap(p.binv) < m*m {
		p.binv = make([]float64, m*m)
	}
	s := &state{p: p, m: m, b: b, basis: append([]int(nil), basis...), pos: make([]int, n),
		binv: p.binv[:m*m], work: p.work, xb: make([]float64, m), y: make([]float64, m), ypre: make([]float64, m+1), rpre: make([]float64, m+1),
		alpha: make([]float64, m), claim: make([]int, m), local: make([]int, m), maxIter: maxIter, tol: tol, dual: dual}
	for j := range s.pos {
		s.pos[j] = -1
	}
	for i, j := range s.basis {
		if j < 0 || j >= n || s.pos[j] >= 0 {
			return nil, fmt.Errorf("%w: basic column %d", ErrBasis, j)
		}
		s.pos[j] = i
	}
	if p.factoredOK && slices.Equal(p.factored, s.basis) {
		copy(s.claim, p.factoredClaim)
		s.blockRows = append(s.blockRows[:0], p.factoredRows...)
		if err := s.basicValues(s.claim, s.blockRows); err != nil {
			return nil, fmt.Errorf("%w: %v", ErrBasis, err)
		}
		return s, nil
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
			s.yPrefix()
			for j := range p.cost {
				s.d[j] = s.reducedCost(j)
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
		prefix(s.rpre, rho)
		for j := range arow {
			arow[j] = p.dot(j, s.rpre)
		}
		s.cands = s.cands[:0]
		limit := math.Inf(1)
		for j, a := range arow {
			if a >= -pivotTol || s.pos[j] >= 0 {
				continue
			}
			d := max(s.d[j], 0)
			s.cands = append(s.cands, dualCand{j, d, a})
			limit = min(limit, (d+s.tol)/-a)
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
	ypre  []float64 // prefix sums of y (yPrefix)
	rpre  []float64 // scratch of dualPhase: prefix sums of a row of B⁻¹
	// Scratch of refactor.
	work                  []float64
	claim, local          []int
	structural, blockRows []int
	nz                    []int // scratch of pivot
	first                 []int // scratch of refactor

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

// reducedCost is c_j - y·a_j at the current duals, from their prefix
// sums (yPrefix must have run since y last changed).
func (s *state) reducedCost(j int) float64 {
	return s.p.cost[j] - s.p.dot(j, s.ypre)
}

// yPrefix sets the prefix sums of the duals reducedCost reads.
func (s *state) yPrefix() { prefix(s.ypre, s.y) }

// prefix sets pre[i] = Σ_{k<i} v[k].
func prefix(pre, v []float64) {
	sum := 0.0
	pre[0] = 0
	for i, x := range v {
		sum += x
		pre[i+1] = sum
	}
}

// dot is v·a_j for pre the prefix sums of v.
func (p *LP) dot(j int, pre []float64) float64 {
	d := 0.0
	for _, r := range p.runs[p.runStart[j]:p.runStart[j+1]] {
		d += r.val * (pre[r.hi] - pre[r.lo])
	}
	return d
}

// price returns the entering column, or -1 when no reduced cost is below
// -tol: Dantzig's rule, or Bland's (the first such column).
func (s *state) price(tol float64, bland bool) (int, float64) {
	p := s.p
	s.yPrefix()
	best, q := -tol, -1
	for j := range p.cost {
		if s.pos[j] >= 0 {
			continue
		}
		if d := s.reducedCost(j); d < best {
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
			t := max(s.xb[i], 0) / a
			switch {
			case r < 0 || t < theta-1e-12*(1+theta):
				r, theta = i, t
			case t <= theta+1e-12*(1+theta) && s.basis[i] < s.basis[r]:
				r = i
				theta = min(theta, t)
			}
		}
		return r, theta
	}
	limit := math.Inf(1)
	for i, a := range s.alpha {
		if a > pivotTol {
			limit = min(limit, (max(s.xb[i], 0)+feasTol)/a)
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
		if t := max(s.xb[i], 0) / a; t <= limit && (a > best || (a == best && s.basis[i] < s.basis[r])) {
			best, r, theta = a, i, t
		}
	}
	return r, theta
}

// pivot brings column q into the basis at row r with step theta.
func (s *state) pivot(q, r int, theta float64) {
	m := s.m
	s.p.factoredOK = false
	ar := s.alpha[r]
	for i := range s.xb {
		if i != r {
			s.xb[i] -= theta * s.alpha[i]
		}
	}
	s.xb[r] = theta
	// Row r of the inverse is mostly zeros (the slack rows' columns), so
	// its non-zeros are listed once and only they update the other rows.
	rowR := s.binv[r*m : (r+1)*m]
	nz := s.nz[:0]
	for k, v := range rowR {
		if v != 0 {
			rowR[k] = v / ar
			nz = append(nz, k)
		}
	}
	s.nz = nz
	for i := 0; i < m; i++ {
		a := s.alpha[i]
		if i == r || a == 0 {
			continue
		}
		row := s.binv[i*m : (i+1)*m]
		for _, k := range nz {
			row[k] -= a * rowR[k]
		}
	}
	s.pos[s.basis[r]] = -1
	s.basis[r] = q
	s.pos[q] = r
}

// refactor recomputes B⁻¹ from the basic columns, and x_B = B⁻¹ b.
//
// Most of a covering LP's basis is slack columns, one non-zero each (on
// the weeks of the scheduler, some 100 structural columns among 672
// rows), so B is split: a singleton column s with value v_s on row t_s
// claims that row; the other k columns C and the k unclaimed rows R form
// a block M = B[R, C], inverted by elimination with partial pivoting
// (forward, then back substitution) over its non-zeros. Then B x = e is
// solved by x_C = M⁻¹ e_R and x_s = (e_{t_s} - Σ_c B[t_s, c] x_c) / v_s,
// which gives B⁻¹ row by row in O(k²·bandwidth + k·nnz) instead of O(m³)
// (the week LP's master on BenchmarkAroundTheClockWeek has k near 390
// among 672 rows: Gauss-Jordan elimination, O(k³), took 5 s of its 7).
func (s *state) refactor() error {
	p, m := s.p, s.m
	inv := s.binv
	p.factoredOK = false
	clear(inv)
	claim := s.claim // basis position of the singleton claiming a row, or -1
	for t := range claim {
		claim[t] = -1
	}
	structural := s.structural[:0]
	for c, j := range s.basis {
		if p.start[j+1]-p.start[j] == 1 {
			if t := p.idx[p.start[j]]; claim[t] < 0 && p.val[p.start[j]] != 0 {
				claim[t] = c
				continue
			}
		}
		structural = append(structural, c)
	}
	s.structural = structural
	rows := s.blockRows[:0]
	for t, c := range claim {
		if c < 0 {
			rows = append(rows, t)
		}
	}
	s.blockRows = rows
	k := len(structural) // = len(rows): m positions, m rows, one claim each
	local := s.local     // row t's index in the block, or -1
	for t := range local {
		local[t] = -1
	}
	for i, t := range rows {
		local[t] = i
	}
	if need := 2 * k * k; cap(s.work) < need {
		s.work = make([]float64, need)
		s.p.work = s.work
	}
	// C by first row (see below).
	first := s.first[:0]
	for _, pos := range structural {
		j, lo := s.basis[pos], m
		for e := p.start[j]; e < p.start[j+1]; e++ {
			if i := local[p.idx[e]]; i >= 0 {
				lo = min(lo, i)
			}
		}
		first = append(first, lo)
	}
	s.first = first
	sort.Stable(byFirst{structural, first})
	a, minv := s.work[:k*k], s.work[k*k:2*k*k] // M, reduced to I; M⁻¹
	clear(a)
	clear(minv)
	for i := range k {
		minv[i*k+i] = 1
	}
	for c, pos := range structural {
		j := s.basis[pos]
		for e := p.start[j]; e < p.start[j+1]; e++ {
			if i := local[p.idx[e]]; i >= 0 {
				a[i*k+c] += p.val[e]
			}
		}
	}
	// [M | I] is reduced to [I | M⁻¹] in two passes: forward
	// elimination below each pivot (partial pivoting), then back
	// substitution. C is in the order of the columns' first rows, so M is
	// nearly banded (a shift's slots are consecutive) and both passes
	// skip the zeros: O(k·bandwidth) rows updated, where eliminating above
	// the pivot as well (Gauss-Jordan) fills M in and costs O(k³).
	var nzA, nzI []int
	for c := 0; c < k; c++ {
		piv, big := -1, 0.0
		for i := c; i < k; i++ {
			if v := math.Abs(a[i*k+c]); v > big {
				piv, big = i, v
			}
		}
		if big < 1e-11 {
			return ErrNumerical
		}
		if piv != c {
			for e := 0; e < k; e++ {
				a[c*k+e], a[piv*k+e] = a[piv*k+e], a[c*k+e]
				minv[c*k+e], minv[piv*k+e] = minv[piv*k+e], minv[c*k+e]
			}
		}
		// Columns before c of row c are 0 already; the pivot row's
		// non-zeros are listed once.
		d := a[c*k+c]
		nzA, nzI = nzA[:0], nzI[:0]
		for e := c; e < k; e++ {
			if a[c*k+e] != 0 {
				a[c*k+e] /= d
				nzA = append(nzA, e)
			}
		}
		for e := 0; e < k; e++ {
			if minv[c*k+e] != 0 {
				minv[c*k+e] /= d
				nzI = append(nzI, e)
			}
		}
		for i := c + 1; i < k; i++ {
			if f := a[i*k+c]; f != 0 {
				subRow(a, k, i, c, f, nzA)
				subRow(minv, k, i, c, f, nzI)
			}
		}
	}
	// M is now unit upper triangular: row c of M⁻¹ is final once the rows
	// below it are, and is taken off the rows above in proportion.
	for c := k - 1; c > 0; c-- {
		nzI = nzI[:0]
		for e := 0; e < k; e++ {
			if minv[c*k+e] != 0 {
				nzI = append(nzI, e)
			}
		}
		for i := 0; i < c; i++ {
			if f := a[i*k+c]; f != 0 {
				subRow(minv, k, i, c, f, nzI)
			}
		}
	}
	// Rows of M⁻¹ follow the order of C (M⁻¹·M = I), and row c of B⁻¹
	// belongs to basis[c]: spread them over the block's rows.
	for c, pos := range structural {
		row := inv[pos*m : (pos+1)*m]
		for i, t := range rows {
			row[t] = minv[c*k+i]
		}
	}
	for t, pos := range claim {
		if pos >= 0 {
			inv[pos*m+t] = 1
		}
	}
	for _, pos := range structural {
		j := s.basis[pos]
		src := inv[pos*m : (pos+1)*m]
		for e := p.start[j]; e < p.start[j+1]; e++ {
			if sp := claim[p.idx[e]]; sp >= 0 {
				dst := inv[sp*m : (sp+1)*m]
				f := p.val[e]
				for _, t := range rows {
					dst[t] -= f * src[t]
				}
			}
		}
	}
	for t, pos := range claim {
		if pos < 0 {
			continue
		}
		j := s.basis[pos]
		v := p.val[p.start[j]]
		row := inv[pos*m : (pos+1)*m]
		row[t] /= v
		for _, r := range rows {
			row[r] /= v
		}
	}
	p.factored = append(p.factored[:0], s.basis...)
	p.factoredClaim = append(p.factoredClaim[:0], claim...)
	p.factoredRows = append(p.factoredRows[:0], rows...)
	p.factoredOK = true
	return s.basicValues(claim, rows)
}

// basicValues sets x_B = B⁻¹ b over the non-zeros of the inverse
// refactor made: the block's rows, and a singleton's own row.
func (s *state) basicValues(claim, rows []int) error {
	m, inv := s.m, s.binv
	for i := range s.xb {
		s.xb[i] = 0
	}
	for t, pos := range claim {
		if pos >= 0 {
			s.xb[pos] = inv[pos*m+t] * s.b[t]
		}
	}
	for i := 0; i < m; i++ {
		x := s.xb[i]
		row := inv[i*m : (i+1)*m]
		for _, t := range rows {
			x += row[t] * s.b[t]
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
		xi := max(s.xb[i], 0)
		x[j] = xi
		v += s.p.cost[j] * xi
	}
	return Result{Value: v, X: x, Iter: iter, Basis: append([]int(nil), s.basis...), Duals: append([]float64(nil), s.y...)}
}

// subRow takes f times row c off row i of the k×k row-major x, over the
// columns nz (row c's non-zeros).
func subRow(x []float64, k, i, c int, f float64, nz []int) {
	ri, rc := x[i*k:(i+1)*k], x[c*k:(c+1)*k]
	for _, e := range nz {
		ri[e] -= f * rc[e]
	}
}

// byFirst sorts basis positions by the first block row of their columns.
type byFirst struct{ pos, first []int }

func (b byFirst) Len() int           { return len(b.pos) }
func (b byFirst) Less(i, j int) bool { return b.first[i] < b.first[j] }
func (b byFirst) Swap(i, j int) {
	b.pos[i], b.pos[j] = b.pos[j], b.pos[i]
	b.first[i], b.first[j] = b.first[j], b.first[i]
}
