package lpsolve

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/optimize/convex/lp"
)

// coveringLP is a random covering LP shaped like the scheduler's: columns
// covering runs of consecutive rows at a cost, then a shortage (+1) and an
// excess (-1) column a row, starting from all shortage.
func coveringLP(rng *rand.Rand, rows, cols int) (*LP, *mat.Dense, []float64, []float64, []int) {
	n := cols + 2*rows
	p := New(rows)
	A := mat.NewDense(rows, n, nil)
	c := make([]float64, n)
	for j := range cols {
		length := 1 + rng.IntN(min(rows, 12))
		from := rng.IntN(rows - length + 1)
		var idx []int
		var val []float64
		for i := from; i < from+length; i++ {
			v := 1.0
			if rng.IntN(4) == 0 {
				v = 0.5 // a row half on a break
			}
			idx = append(idx, i)
			val = append(val, v)
			A.Set(i, j, v)
		}
		c[j] = 1 + 9*rng.Float64()
		p.AddColumn(c[j], idx, val)
	}
	short, exc := 2+3*rng.Float64(), rng.Float64()
	for i := range rows {
		c[cols+i] = short
		A.Set(i, cols+i, 1)
		p.AddColumn(short, []int{i}, []float64{1})
	}
	for i := range rows {
		c[cols+rows+i] = exc
		A.Set(i, cols+rows+i, -1)
		p.AddColumn(exc, []int{i}, []float64{-1})
	}
	b := make([]float64, rows)
	basis := make([]int, rows)
	for i := range b {
		// Random non-integer needs: a non-degenerate problem gonum's
		// simplex solves reliably.
		b[i] = 1 + 20*rng.Float64()
		basis[i] = cols + i
	}
	return p, A, c, b, basis
}

// TestAgainstGonum: on random non-degenerate covering LPs the optimum
// equals gonum's lp.Simplex to 1e-6, and the solution is feasible and
// prices to the value.
func TestAgainstGonum(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for k := range 30 {
		rows := 5 + rng.IntN(60)
		cols := 10 + rng.IntN(400)
		t.Run(fmt.Sprintf("%d_%dx%d", k, rows, cols), func(t *testing.T) {
			p, A, c, b, basis := coveringLP(rng, rows, cols)
			want, _, err := lp.Simplex(c, A, b, 1e-10, basis)
			if err != nil {
				t.Skipf("gonum: %v", err)
			}
			res, err := p.Solve(context.Background(), b, basis, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if math.Abs(res.Value-want) > 1e-6*math.Max(1, math.Abs(want)) {
				t.Errorf("value %.9f, gonum %.9f", res.Value, want)
			}
			checkSolution(t, A, c, b, res)
		})
	}
}

func checkSolution(t *testing.T, A *mat.Dense, c, b []float64, res Result) {
	t.Helper()
	rows, n := A.Dims()
	v := 0.0
	for j := range n {
		if res.X[j] < 0 {
			t.Fatalf("x[%d] = %v", j, res.X[j])
		}
		v += c[j] * res.X[j]
	}
	if math.Abs(v-res.Value) > 1e-7*math.Max(1, math.Abs(v)) {
		t.Errorf("c·x = %v, reported %v", v, res.Value)
	}
	for i := range rows {
		s := 0.0
		for j := range n {
			s += A.At(i, j) * res.X[j]
		}
		if math.Abs(s-b[i]) > 1e-7*math.Max(1, math.Abs(b[i])) {
			t.Errorf("row %d: A x = %v, b = %v", i, s, b[i])
		}
	}
}

// TestDegenerate: integer needs and unit columns make most pivots
// degenerate; every solve still ends at an optimum within the cap.
func TestDegenerate(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for k := range 30 {
		rows := 5 + rng.IntN(80)
		p, A, c, b, basis := coveringLP(rng, rows, 20+rng.IntN(600))
		for i := range b {
			b[i] = float64(rng.IntN(4))
		}
		res, err := p.Solve(context.Background(), b, basis, Options{})
		if err != nil {
			t.Fatalf("case %d: %v", k, err)
		}
		checkSolution(t, A, c, b, res)
	}
}

// TestBeale solves Beale's (1955) example, on which the simplex with
// Dantzig's rule and lowest-index ties cycles for ever; the optimum is
// -5/4 (x4 = x6 = 1).
func TestBeale(t *testing.T) {
	p := New(3)
	// x1..x3 slacks, then x4..x7.
	p.AddColumn(0, []int{0}, []float64{1})
	p.AddColumn(0, []int{1}, []float64{1})
	p.AddColumn(0, []int{2}, []float64{1})
	p.AddColumn(-0.75, []int{0, 1}, []float64{0.25, 0.5})
	p.AddColumn(20, []int{0, 1}, []float64{-8, -12})
	p.AddColumn(-0.5, []int{0, 1, 2}, []float64{-1, -0.5, 1})
	p.AddColumn(6, []int{0, 1}, []float64{9, 3})
	res, err := p.Solve(context.Background(), []float64{0, 0, 1}, []int{0, 1, 2}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(res.Value+1.25) > 1e-9 {
		t.Errorf("value %v, want -1.25", res.Value)
	}
}

func TestErrors(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	p, _, _, b, basis := coveringLP(rng, 40, 300)
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	unb := New(1)
	unb.AddColumn(0, []int{0}, []float64{1})
	unb.AddColumn(-1, []int{0}, []float64{-1})
	tests := []struct {
		name  string
		ctx   context.Context
		p     *LP
		b     []float64
		basis []int
		opt   Options
		want  error
	}{
		{"cancelled", cancelled, p, b, basis, Options{}, context.Canceled},
		{"iteration cap", context.Background(), p, b, basis, Options{MaxIter: 3}, ErrIterationLimit},
		{"unbounded", context.Background(), unb, []float64{1}, []int{0}, Options{}, ErrUnbounded},
		{"basis length", context.Background(), p, b, basis[1:], Options{}, ErrBasis},
		{"repeated basic column", context.Background(), p, b, append([]int{basis[1]}, basis[1:]...), Options{}, ErrBasis},
		{"infeasible basis", context.Background(), unb, []float64{-1}, []int{0}, Options{}, ErrBasis},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.p.Solve(tt.ctx, tt.b, tt.basis, tt.opt)
			if !errors.Is(err, tt.want) {
				t.Errorf("err = %v, want %v", err, tt.want)
			}
		})
	}
}

// TestSolveDual: after the right-hand side changes (needs lowered as a
// dive fixes people, some below zero, some raised), SolveDual from the
// last optimal basis reaches the optimum a cold Solve from the slack
// basis reaches, to 1e-6, with a feasible solution; chained five times.
func TestSolveDual(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	fewer := 0
	for k := range 30 {
		rows := 5 + rng.IntN(60)
		cols := 10 + rng.IntN(400)
		t.Run(fmt.Sprintf("%d_%dx%d", k, rows, cols), func(t *testing.T) {
			p, A, c, b, basis := coveringLP(rng, rows, cols)
			if k%2 == 1 {
				for i := range b {
					b[i] = float64(rng.IntN(12)) // degenerate: integer needs
				}
			}
			res, err := p.Solve(context.Background(), b, basis, Options{})
			if err != nil {
				t.Fatal(err)
			}
			for step := range 5 {
				b = append([]float64(nil), b...)
				for i := range b {
					switch rng.IntN(4) {
					case 0:
						b[i] -= 1 + 3*rng.Float64()
					case 1:
						b[i] += rng.Float64()
					}
				}
				checkDualPhase(t, p, b, res.Basis)
				warm, err := p.SolveDual(context.Background(), b, res.Basis, Options{})
				if err != nil {
					t.Fatalf("step %d: %v", step, err)
				}
				cold, err := p.Solve(context.Background(), b, slackBasis(b, cols, rows), Options{})
				if err != nil {
					t.Fatalf("step %d: cold: %v", step, err)
				}
				if math.Abs(warm.Value-cold.Value) > 1e-6*math.Max(1, math.Abs(cold.Value)) {
					t.Errorf("step %d: warm %.9f, cold %.9f", step, warm.Value, cold.Value)
				}
				checkSolution(t, A, c, b, warm)
				if warm.Iter < cold.Iter {
					fewer++
				}
				res = warm
			}
		})
	}
	if fewer < 100 {
		t.Errorf("the warm start took fewer pivots than a cold one in %d of 150 solves", fewer)
	}
}

// checkDualPhase runs the dual phase alone from an optimal basis for
// another b: it must end feasible with every reduced cost still >= -tol,
// so the primal phase has nothing left to do.
func checkDualPhase(t *testing.T, p *LP, b []float64, basis []int) {
	t.Helper()
	s, err := p.begin(b, basis, Options{}, true)
	if err != nil {
		t.Fatal(err)
	}
	s.arow, s.d = make([]float64, len(p.cost)), make([]float64, len(p.cost))
	if _, err := s.dualPhase(context.Background()); err != nil {
		t.Fatal(err)
	}
	for i, x := range s.xb {
		if x < -feasTol {
			t.Fatalf("basic value %d is %v after the dual phase", i, x)
		}
	}
	s.duals()
	if q, d := s.price(s.tol, false); q >= 0 {
		t.Fatalf("column %d has reduced cost %v after the dual phase", q, d)
	}
}

// slackBasis is coveringLP's starting basis for b: the shortage column of
// a row that needs people, the excess column of one that needs fewer.
func slackBasis(b []float64, cols, rows int) []int {
	basis := make([]int, rows)
	for i, v := range b {
		basis[i] = cols + i
		if v < 0 {
			basis[i] = cols + rows + i
		}
	}
	return basis
}

// TestSolveDualInfeasible: x >= 0 with x = -1 has no solution.
func TestSolveDualInfeasible(t *testing.T) {
	p := New(1)
	p.AddColumn(1, []int{0}, []float64{1})
	if _, err := p.SolveDual(context.Background(), []float64{-1}, []int{0}, Options{}); !errors.Is(err, ErrInfeasible) {
		t.Fatalf("got %v, want ErrInfeasible", err)
	}
}

// TestRefactorInverse: the split inverse (singleton columns claim their
// row, the rest a block) satisfies B⁻¹·B = I and x_B = B⁻¹ b to 1e-9 on
// random non-singular bases mixing runs, shortage and excess columns,
// and singletons of other values, and singular bases (two columns the
// same; two singletons on one row, where the second must join the block
// and show the block singular) are refused (ErrBasis).
func TestRefactorInverse(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	tried := 0
	for trial := 0; trial < 2000 && tried < 60; trial++ {
		rows := 2 + rng.IntN(30)
		p, A, _, b, _ := coveringLP(rng, rows, rows+rng.IntN(3*rows))
		extra := rng.IntN(rows + 1) // singletons of value 2 or 0.5
		cols := mat.NewDense(rows, p.Cols()+extra, nil)
		cols.Slice(0, rows, 0, p.Cols()).(*mat.Dense).Copy(A)
		for e := range extra {
			i, v := rng.IntN(rows), []float64{2, 0.5}[e%2]
			cols.Set(i, p.AddColumn(1, []int{i}, []float64{v}), v)
		}
		basis := rng.Perm(p.Cols())[:rows]
		B := mat.NewDense(rows, rows, nil)
		for c, j := range basis {
			for i := range rows {
				B.Set(i, c, cols.At(i, j))
			}
		}
		var lu mat.LU
		lu.Factorize(B)
		if lu.Cond() > 1e8 {
			continue // singular or nearly so
		}
		tried++
		s, err := p.begin(b, basis, Options{}, true)
		if err != nil {
			t.Fatalf("trial %d: %v", trial, err)
		}
		var prod mat.Dense
		prod.Mul(mat.NewDense(rows, rows, s.binv), B)
		for i := range rows {
			for k := range rows {
				if want := map[bool]float64{true: 1, false: 0}[i == k]; math.Abs(prod.At(i, k)-want) > 1e-9 {
					t.Fatalf("trial %d: (B⁻¹B)[%d][%d] = %v", trial, i, k, prod.At(i, k))
				}
			}
		}
		var x mat.VecDense
		x.MulVec(B, mat.NewVecDense(rows, s.xb))
		for i := range rows {
			if math.Abs(x.AtVec(i)-b[i]) > 1e-9 {
				t.Fatalf("trial %d: (B x_B)[%d] = %v, want %v", trial, i, x.AtVec(i), b[i])
			}
		}
	}
	if tried < 30 {
		t.Fatalf("only %d non-singular bases drawn", tried)
	}
	p := New(3)
	p.AddColumn(1, []int{0, 1}, []float64{1, 1})
	p.AddColumn(1, []int{0, 1}, []float64{1, 1})
	p.AddColumn(1, []int{2}, []float64{1})
	p.AddColumn(1, []int{2}, []float64{-1})
	p.AddColumn(1, []int{0, 1, 2}, []float64{1, 0.5, 1})
	for name, basis := range map[string][]int{"two columns the same": {0, 1, 2}, "two singletons on one row": {2, 3, 4}} {
		if _, err := p.begin([]float64{1, 1, 1}, basis, Options{}, true); !errors.Is(err, ErrBasis) {
			t.Errorf("%s: err = %v, want ErrBasis", name, err)
		}
	}
}

// TestRunsDot: a column's product with a vector over its runs (prefix
// sums) is the product over its entries, for columns of consecutive
// rows, unsorted rows, repeated rows (which add up), zeros (dropped) and
// neighbours of equal and unequal values.
func TestRunsDot(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	const rows = 40
	cases := []struct {
		name string
		idx  []int
		val  []float64
		runs int
	}{
		{"one run", []int{3, 4, 5, 6}, []float64{1, 1, 1, 1}, 1},
		{"a break", []int{3, 4, 6, 7}, []float64{1, 1, 1, 1}, 2},
		{"half on a break", []int{3, 4, 5, 6}, []float64{1, 0.5, 1, 1}, 3},
		{"unsorted", []int{6, 5, 4}, []float64{1, 1, 1}, 3},
		{"repeated row", []int{2, 2, 3}, []float64{1, 1, 1}, 2},
		{"zero dropped", []int{2, 3, 4}, []float64{1, 0, 1}, 2},
		{"last row", []int{rows - 2, rows - 1}, []float64{-1, -1}, 1},
	}
	p := New(rows)
	for _, c := range cases {
		p.AddColumn(1, c.idx, c.val)
	}
	for range 200 {
		var idx []int
		var val []float64
		for range rng.IntN(12) {
			idx = append(idx, rng.IntN(rows))
			val = append(val, float64(rng.IntN(3))/2)
		}
		p.AddColumn(1, idx, val)
	}
	v := make([]float64, rows)
	pre := make([]float64, rows+1)
	for range 20 {
		for i := range v {
			v[i] = rng.NormFloat64() * 10
		}
		prefix(pre, v)
		for j := range p.Cols() {
			want := 0.0
			for k := p.start[j]; k < p.start[j+1]; k++ {
				want += v[p.idx[k]] * p.val[k]
			}
			if got := p.dot(j, pre); math.Abs(got-want) > 1e-9 {
				t.Fatalf("column %d: %v by runs, %v by entries", j, got, want)
			}
		}
	}
	for j, c := range cases {
		if got := p.runStart[j+1] - p.runStart[j]; got != c.runs {
			t.Errorf("%s: %d runs, want %d", c.name, got, c.runs)
		}
	}
}

// TestReusedInverse: a solve starting from the basis the last one ended
// on takes that solve's inverse instead of refactoring, and it is what a
// refactoring gives, to the bit (inverse and basic values for the new
// right-hand side); a basis in another order is refactored.
func TestReusedInverse(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for k := range 10 {
		p, _, _, b, basis := coveringLP(rng, 10+rng.IntN(40), 50+rng.IntN(200))
		res, err := p.Solve(context.Background(), b, basis, Options{})
		if err != nil {
			t.Fatal(err)
		}
		b2 := append([]float64(nil), b...)
		for i := range b2 {
			b2[i] += rng.Float64() - 0.5
		}
		if !p.factoredOK || !slices.Equal(p.factored, res.Basis) {
			t.Fatalf("case %d: the optimal basis is not the one factored last", k)
		}
		reused, err := p.begin(b2, res.Basis, Options{}, true)
		if err != nil {
			t.Fatal(err)
		}
		binv, xb := slices.Clone(reused.binv), slices.Clone(reused.xb)
		p.factoredOK = false
		fresh, err := p.begin(b2, res.Basis, Options{}, true)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(binv, fresh.binv) || !slices.Equal(xb, fresh.xb) {
			t.Fatalf("case %d: the reused inverse or basic values differ from a refactoring", k)
		}
		swapped := slices.Clone(res.Basis)
		swapped[0], swapped[1] = swapped[1], swapped[0]
		if _, err := p.begin(b2, swapped, Options{}, true); err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(p.factored, swapped) {
			t.Fatalf("case %d: a basis in another order was not refactored", k)
		}
	}
}
