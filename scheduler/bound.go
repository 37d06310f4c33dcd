package scheduler

import "math"

// lowerBound maximises, by projected subgradient steps (Held, Wolfe &
// Crowder 1974, with Polyak's step towards the best objective ub), the
// Lagrangian relaxation of the coverage rows
//
//	cov_t(x) + short_t - excess_t = r_t
//
// with multipliers π_t in [-excess cost, shortage cost] per person-slot:
//
//	L(π) = Σ_t π_t r_t + Σ_j U_j min(0, paid_j - Σ_{t worked by j} π_t).
//
// j runs over every (day, shape, break placement) and U_j bounds how many
// people any optimal plan puts on j: ceil(max r_t / share of slot t worked)
// over the slots j works, because one more person there would only add
// excess (so some optimal plan respects every U_j at once). Every L(π) is a
// valid lower bound on the objective without the distinct-shift charge; the
// best is at least the LP bound with those U_j. The charge adds to it once
// when covering something beats covering nothing:
//
//	bound = min(Σ_t shortage cost·r_t, max_π L(π) + DistinctShift).
//
// The steps can be taken in several runs (see lagrangian.run), so Solve
// proves a bound before its search and improves it after.
func lowerBound(m *model, ub float64, st stopper) float64 {
	l := newLagrangian(m)
	l.run(lagIters, ub, st)
	return l.bound()
}

// lagrangian is the state of the subgradient ascent of lowerBound.
type lagrangian struct {
	m                 *model
	pi, piExt, prefix []float64
	cov, g            []float64
	asc               ascent
	noShift           float64
	it                int
	done              bool
	uCache            [][]float32 // U_j per column and placement, rounded up
	prof              []float64   // scratch for upper
}

func newLagrangian(m *model) *lagrangian {
	n := m.n
	ext := n + 2*m.perDay // a shift starting late on the last day runs past n
	l := &lagrangian{m: m, pi: make([]float64, n), piExt: make([]float64, ext), prefix: make([]float64, ext+1),
		cov: make([]float64, ext+1), g: make([]float64, n), asc: newAscent(n),
		uCache: make([][]float32, len(m.cols))}
	// Start from the cheapest paid cost of a worked slot on every slot that
	// needs people, the dual of covering flat requirements, and -excess
	// where none are needed.
	perSlot := math.Inf(1)
	for s := range m.shapes {
		work := 0.0
		for _, w := range m.smear[s] {
			work += w
		}
		perSlot = math.Min(perSlot, m.paid[s]/work)
	}
	perSlot = math.Min(perSlot, m.short)
	for t := range n {
		l.noShift += m.short * m.r[t]
		if m.r[t] > 0 {
			l.pi[t] = perSlot
		} else {
			l.pi[t] = -m.exc
		}
	}
	return l
}

// bound is the best bound so far (0 before any step).
func (l *lagrangian) bound() float64 {
	bound := l.asc.best
	if l.m.distinctCost > 0 {
		bound += l.m.distinctCost
	}
	return math.Max(0, math.Min(l.noShift, bound))
}

// run takes up to iters more steps towards the target objective ub, until
// the steps converge or st says stop. The very first step is taken even
// then: it costs one pass over the columns and makes the bound positive.
func (l *lagrangian) run(iters int, ub float64, st stopper) {
	for end := l.it + iters; l.it < end && !l.done; l.it++ {
		// A step prices every placement: polling each one costs nothing.
		if l.it > 0 && st.stop() {
			break
		}
		if !l.asc.step(l.m, l.pi, l.g, l.value(), ub) {
			l.done = true
			break
		}
	}
}

// value is L(π) at the multipliers l.pi (in their box), a valid lower
// bound on the objective without the distinct-shift charge at any such π,
// and leaves the subgradient r - cov(x) in l.g.
func (l *lagrangian) value() float64 {
	m := l.m
	n := m.n
	ext := len(l.piExt)
	pi, piExt, prefix, cov, g := l.pi, l.piExt, l.prefix, l.cov, l.g
	for i := range piExt {
		switch {
		case i < n:
			piExt[i] = pi[i]
		case m.cyclic:
			piExt[i] = pi[i%n]
		default:
			piExt[i] = 0
		}
		prefix[i+1] = prefix[i] + piExt[i]
	}
	for i := range cov {
		cov[i] = 0
	}
	L := 0.0
	for t := range n {
		L += pi[t] * m.r[t]
	}
	for ci, col := range m.cols {
		sh := m.shapes[col.shape]
		st := col.day*m.perDay + sh.start
		span := prefix[st+sh.length] - prefix[st]
		if len(sh.brLo) == 0 {
			// No breaks: one placement, priced without the closure.
			if l.uCache[ci] == nil {
				l.uCache[ci] = []float32{roundUp32(m.upper(col, sh, nil, &l.prof))}
			}
			rc := m.paid[col.shape] - span
			if u := float64(l.uCache[ci][0]); rc < 0 && u > 0 {
				L += u * rc
				cov[st] += u
				cov[st+sh.length] -= u
			}
			continue
		}
		first := l.uCache[ci] == nil
		k := -1
		m.placements(sh, func(brk []int) {
			k++
			if first {
				l.uCache[ci] = append(l.uCache[ci], roundUp32(m.upper(col, sh, brk, &l.prof)))
			}
			rc := m.paid[col.shape] - span
			for j, p := range brk {
				rc += breakSum(piExt, st+p, sh.brLen[j])
			}
			if rc >= 0 {
				return
			}
			u := float64(l.uCache[ci][k])
			if u == 0 {
				return
			}
			L += u * rc
			cov[st] += u
			cov[st+sh.length] -= u
			for j, p := range brk {
				for i, f := range breakParts(st+p, sh.brLen[j]) {
					cov[i] -= u * f
					cov[i+1] += u * f
				}
			}
		})
	}
	// Subgradient r - cov(x), folded onto the horizon.
	run := 0.0
	for i := range n {
		g[i] = m.r[i]
	}
	for i := 0; i < ext; i++ {
		run += cov[i]
		switch {
		case i < n:
			g[i] -= run
		case m.cyclic:
			g[i%n] -= run
		}
	}
	return L
}

// ascent is the step rule of both Lagrangian bounds (lowerBound and
// distinctBound): projected subgradient steps on multipliers in
// [-excess cost, shortage cost] (Held, Wolfe & Crowder 1974), Polyak's
// step towards a target objective, deflected with the last direction
// (Camerini, Fratta & Maffioli 1975) to damp the zigzag between
// neighbouring slots, the step factor halved after lagPatience steps
// without a better value.
type ascent struct {
	best, theta float64
	stall       int
	dir         []float64
}

func newAscent(n int) ascent {
	return ascent{best: math.Inf(-1), theta: lagTheta0, dir: make([]float64, n)}
}

// step records the value v at multipliers pi, whose subgradient is g
// (overwritten), and moves pi towards ub; false when the steps have
// converged and pi did not move.
func (a *ascent) step(m *model, pi, g []float64, v, ub float64) bool {
	if v > a.best {
		a.best, a.stall = v, 0
	} else if a.stall++; a.stall >= lagPatience {
		a.theta /= 2
		a.stall = 0
	}
	norm := 0.0
	for t := range pi {
		g[t] += lagDeflect * a.dir[t]
		// Components pushing π out of its box do not move it.
		if (pi[t] >= m.short && g[t] > 0) || (pi[t] <= -m.exc && g[t] < 0) {
			g[t] = 0
		}
		a.dir[t] = g[t]
		norm += g[t] * g[t]
	}
	if norm < 1e-12 || a.theta < lagMinTheta {
		return false
	}
	step := a.theta * math.Max(ub-v, 1e-6*math.Abs(ub)) / norm
	for t := range pi {
		pi[t] = math.Max(-m.exc, math.Min(m.short, pi[t]+step*g[t]))
	}
	return true
}

// roundUp32 is x as a float32 no smaller than x (a larger U_j keeps the
// bound valid; half the memory of a float64 a placement).
func roundUp32(x float64) float32 {
	f := float32(x)
	if float64(f) < x {
		f = math.Nextafter32(f, float32(math.Inf(1)))
	}
	return f
}

func breakSum(pi []float64, at int, blen float64) float64 {
	s := 0.0
	for i, f := range breakParts(at, blen) {
		s += pi[i] * f
	}
	return s
}

// placements calls fn with every placement of sh's breaks (start slots from
// the shift start, in order, not overlapping); once with none when sh has
// no breaks. fn must not keep the slice.
func (m *model) placements(sh shape, fn func([]int)) {
	brk := make([]int, len(sh.brLo))
	var rec func(j, from int)
	rec = func(j, from int) {
		if j == len(brk) {
			fn(brk)
			return
		}
		for p := max(sh.brLo[j], from); p <= sh.brHi[j]; p++ {
			brk[j] = p
			rec(j+1, p+ceilSlots(sh.brLen[j]))
		}
	}
	rec(0, 0)
}

// upper is U_j for column col with breaks brk (see lowerBound); prof is
// scratch space.
func (m *model) upper(col column, sh shape, brk []int, prof *[]float64) float64 {
	p := m.workProfile(sh, brk, prof)
	u := 0.0
	for i, w := range p {
		t := m.slot(col, i)
		if t < 0 {
			break
		}
		if w > 1e-9 {
			u = math.Max(u, math.Ceil(m.r[t]/w-1e-9))
		}
	}
	return u
}

// Subgradient settings, tuned on a day of 15-minute slots with two breaks a
// shift, where they come within 1% of the exact LP: start at step factor
// lagTheta0, halve it after lagPatience steps without a better bound, stop
// below lagMinTheta or after lagIters steps.
const (
	lagPatience = 200
	lagMinTheta = 1e-6
	lagIters    = 6000
	lagTheta0   = 2.0
	lagDeflect  = 0.6
)
