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
func lowerBound(m *model, ub float64, st stopper) float64 {
	n := m.n
	ext := n + 2*m.perDay // a shift starting late on the last day runs past n
	pi := make([]float64, n)
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
	noShift := 0.0
	for t := range n {
		noShift += m.short * m.r[t]
		if m.r[t] > 0 {
			pi[t] = perSlot
		} else {
			pi[t] = -m.exc
		}
	}
	piExt := make([]float64, ext)
	prefix := make([]float64, ext+1)
	cov := make([]float64, ext+1) // difference array, then coverage
	g := make([]float64, n)
	dir := make([]float64, n)
	bestL := math.Inf(-1)
	theta := lagTheta0
	stall := 0
	iters := lagIters
	uCache := make([][]float64, len(m.cols)) // U_j per column and placement
	for it := 0; it < iters; it++ {
		if it%16 == 0 && st.stop() {
			break
		}
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
			first := uCache[ci] == nil
			k := -1
			m.placements(sh, func(brk []int) {
				k++
				if first {
					uCache[ci] = append(uCache[ci], m.upper(col, sh, brk))
				}
				rc := m.paid[col.shape] - span
				for j, p := range brk {
					rc += breakSum(piExt, st+p, sh.brLen[j])
				}
				if rc >= 0 {
					return
				}
				u := uCache[ci][k]
				if u == 0 {
					return
				}
				L += u * rc
				cov[st] += u
				cov[st+sh.length] -= u
				for j, p := range brk {
					bl := sh.brLen[j]
					for i := st + p; bl > 1e-9; i++ {
						f := min(1, bl)
						bl -= f
						cov[i] -= u * f
						cov[i+1] += u * f
					}
				}
			})
		}
		if L > bestL {
			bestL = L
			stall = 0
		} else if stall++; stall >= lagPatience {
			theta /= 2
			stall = 0
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
		norm := 0.0
		for t := range n {
			// Deflect with the last direction (Camerini, Fratta & Maffioli
			// 1975) to damp the zigzag between neighbouring slots.
			g[t] += lagDeflect * dir[t]
			// Components pushing π out of its box do not move it.
			if (pi[t] >= m.short && g[t] > 0) || (pi[t] <= -m.exc && g[t] < 0) {
				g[t] = 0
			}
			dir[t] = g[t]
			norm += g[t] * g[t]
		}
		if norm < 1e-12 || theta < lagMinTheta {
			break
		}
		step := theta * math.Max(ub-L, 1e-6*math.Abs(ub)) / norm
		for t := range n {
			pi[t] = math.Max(-m.exc, math.Min(m.short, pi[t]+step*g[t]))
		}
	}
	bound := bestL
	if m.distinctCost > 0 {
		bound += m.distinctCost
	}
	return math.Max(0, math.Min(noShift, bound))
}

func breakSum(pi []float64, at int, blen float64) float64 {
	s := 0.0
	for i := at; blen > 1e-9; i++ {
		f := min(1, blen)
		blen -= f
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

// upper is U_j for column col with breaks brk (see lowerBound).
func (m *model) upper(col column, sh shape, brk []int) float64 {
	prof := make([]float64, sh.length)
	for i := range prof {
		prof[i] = 1
	}
	for j, p := range brk {
		subtractBreak(prof, p, sh.brLen[j], 1)
	}
	u := 0.0
	for i, w := range prof {
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
