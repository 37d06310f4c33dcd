package scheduler

import (
	"cmp"
	"math"
	"slices"
)

// distinctBound is a lower bound on the objective, distinct-shift charges
// included, from a relaxation stronger than the covering LP where those
// charges matter. The covering LP pays the charge F only once, so on a
// small centre, where the LP spreads fractions of a person over many
// distinct shifts, its bound sits 3-5% below the optimum. The relaxation
// counts distinct shift k's coverage of slot t as useful only up to r_t
// times k's open fraction y_k in [0, 1], as the strong formulation of
// facility location caps each customer's share by y (Cornuéjols,
// Nemhauser & Wolsey 1990), not only a shift's head-count:
//
//	short_t >= r_t - Σ_k u_kt,  u_kt <= cov_kt(x),  u_kt <= r_t y_k,
//	excess_t >= cov_t(x) - r_t,  objective + F Σ_k y_k.
//
// Every plan satisfies it with y_k = 1 when k is used and u_kt =
// min(cov_kt, r_t): if some u_kt is capped slot t is covered, otherwise
// Σ_k u_kt = cov_t. On the small Israeli centre its LP value is 9,352.6
// against the covering LP's 9,184.5 and an optimum near 9,600; on the
// 24/7 week at 30 minutes 123,114.0 against 122,884.1 (measured with CBC
// from TestIsraelWeekMIP's files). Its LP dual, for multipliers
// λ_t in [-excess cost, shortage cost], is
//
//	D(λ) = Σ_t r_t λ_t - Σ_k max(0, Σ_t r_t β_kt - F)
//
// where β_kt in [0, min(shortage cost, λ_t + excess cost)] makes every
// placement j of k pay for itself: Σ_t a_jt β_kt >= Σ_t a_jt λ_t - paid_j
// (a_jt the share of slot t that j works). Every λ with such β gives a
// valid bound, so β need not be optimal: each distinct shift on each day
// puts the mass its most demanding placement lacks on the slots every
// placement works, those with the least requirement first, else takes all
// of its cap. D is maximised by projected subgradient steps from start
// (the covering LP's duals, where D is the LP's value without the charge;
// nil starts at 0) towards ub, for at most iters steps, until (after the first two)
// a stretch of keyBoundCheck steps raises it by less than 1e-5 of itself,
// or st says stop. ok is false when a shift longer than a day could make one
// distinct shift's days overlap, or the week has more than
// keyBoundMaxPlacements placements.
func distinctBound(m *model, start []float64, ub float64, iters int, st stopper) (bound float64, ok bool) {
	if m.placementCount() > keyBoundMaxPlacements {
		return 0, false
	}
	if start == nil {
		start = make([]float64, m.n)
	}
	kb, ok := newKeyBound(m, start)
	if !ok {
		return 0, false
	}
	return min(kb.run(iters, ub, st), m.noShiftCost()), true
}

// Settings of distinctBound: at most keyBoundIters steps at effort 1
// (scaled by the effort), checked for progress every keyBoundCheck, the
// first at step factor keyBoundTheta0 (lowerBound's lagTheta0 of 2 threw
// the 24/7 week's λ so far that it never came back above the LP's value);
// the Israeli weeks converge in 5,000-7,000 (BenchmarkDistinctBound:
// 0.38 s on the small centre at 30 minutes, its week LP included). Above keyBoundMaxPlacements (the realistic
// round-the-clock week has 50,000) the steps would cost seconds.
const (
	keyBoundMaxPlacements = 20_000
	keyBoundIters         = 8000
	keyBoundCheck         = 1000
	keyBoundTheta0        = 0.25
)

// kbBlock is one distinct shift on one day: its columns share one span.
type kbBlock struct {
	key int
	// Every placement of every column, priced at each step.
	places []kbPlace
	// slots of the span in the horizon, and those every placement of
	// every column works in full, both sorted by requirement (the cost of
	// β there), cheapest first.
	slots, common []int
}

// kbPlace is one (column, break placement), flattened for pricing: span
// [s0, s0+length) in extended slots (see dualPrefix), paid cost, and the
// parts of slots its breaks take, parts[lo:hi] of keyBound.
type kbPlace struct {
	s0, length, lo, hi int
	paid               float64
}

// kbPart is the share f of extended slot i a break takes.
type kbPart struct {
	i int
	f float64
}

// keyBound is the state of the ascent of D.
type keyBound struct {
	m      *model
	blocks []kbBlock
	lam    []float64
	prefix []float64
	g      []float64
	asc    ascent
	cuts   []kbCut // scratch: one distinct shift's blocks
	parts  []kbPart
	prof   []float64 // scratch
}

// newKeyBound groups the columns into blocks; ok is false when a span
// longer than a day could make two blocks of one key share a slot.
func newKeyBound(m *model, start []float64) (*keyBound, bool) {
	byBlock := map[[2]int]int{}
	var blocks []kbBlock
	var cols [][]int // columns of each block
	for ci, col := range m.cols {
		sh := m.shapes[col.shape]
		if sh.length > m.perDay {
			return nil, false
		}
		k := m.keyOf[col.shape]
		b, seen := byBlock[[2]int{k, col.day}]
		if !seen {
			b = len(blocks)
			byBlock[[2]int{k, col.day}] = b
			blocks = append(blocks, kbBlock{key: k})
		}
		if b == len(cols) {
			cols = append(cols, nil)
		}
		cols[b] = append(cols[b], ci)
	}
	var prof []float64
	var parts []kbPart
	for b := range blocks {
		blk := &blocks[b]
		col := m.cols[cols[b][0]]
		sh := m.shapes[col.shape]
		full := make([]bool, sh.length)
		for i := range full {
			full[i] = true
		}
		for _, ci := range cols[b] {
			c := m.cols[ci]
			csh := m.shapes[c.shape]
			s0 := c.day*m.perDay + csh.start
			m.placements(csh, func(brk []int) {
				for i, w := range m.workProfile(csh, brk, &prof) {
					full[i] = full[i] && w >= 1-1e-12
				}
				pl := kbPlace{s0: s0, length: csh.length, lo: len(parts), paid: m.paid[c.shape]}
				for j, q := range brk {
					for i, f := range breakParts(s0+q, csh.brLen[j]) {
						parts = append(parts, kbPart{i, f})
					}
				}
				pl.hi = len(parts)
				blk.places = append(blk.places, pl)
			})
		}
		for i := range sh.length {
			if t := m.slot(col, i); t >= 0 {
				blk.slots = append(blk.slots, t)
				if full[i] {
					blk.common = append(blk.common, t)
				}
			}
		}
		byNeed := func(a, b int) int { return cmp.Compare(m.r[a], m.r[b]) }
		slices.SortStableFunc(blk.slots, byNeed)
		slices.SortStableFunc(blk.common, byNeed)
	}
	// The blocks of a distinct shift are adjacent: D charges F per shift.
	slices.SortStableFunc(blocks, func(a, b kbBlock) int { return cmp.Compare(a.key, b.key) })
	n := m.n
	kb := &keyBound{m: m, blocks: blocks, parts: parts, lam: make([]float64, n), prefix: make([]float64, n+2*m.perDay+1),
		g: make([]float64, n), asc: newAscent(n)}
	// The LP's duals are near the top already: steps of lowerBound's
	// size throw λ far off on a large centre, where a unit of β costs a
	// requirement of a hundred or more.
	kb.asc.theta = keyBoundTheta0
	for t := range n {
		kb.lam[t] = max(-m.exc, min(m.short, start[t]))
	}
	return kb, true
}

// kbCut is what one block contributes to D and its subgradient.
type kbCut struct {
	cost float64 // Σ_t r_t β_t
	// The block's most demanding placement and the price of the last unit
	// of β it needed (its slope in that placement's demand), or fallback
	// when the common slots could not carry it and β is the cap everywhere.
	blk      *kbBlock
	place    int // index in blk.places, -1 when no placement lacks anything
	marginal float64
	fallback bool
	filled   []int // slots with β at its cap, below the marginal slot
}

// capAt is the largest β slot t admits at λ_t.
func (kb *keyBound) capAt(t int) float64 {
	return max(0, min(kb.m.short, kb.lam[t]+kb.m.exc))
}

// block prices block b at the current λ (prefix holds λ's running sums).
func (kb *keyBound) block(b int, cut *kbCut) {
	m := kb.m
	blk := &kb.blocks[b]
	demand := 0.0
	cut.cost, cut.blk, cut.place, cut.fallback, cut.filled = 0, blk, -1, false, cut.filled[:0]
	for j, pl := range blk.places {
		refund := 0.0
		for _, pt := range kb.parts[pl.lo:pl.hi] {
			refund += pt.f * (kb.prefix[pt.i+1] - kb.prefix[pt.i])
		}
		if d := kb.prefix[pl.s0+pl.length] - kb.prefix[pl.s0] - pl.paid - refund; d > demand {
			demand, cut.place = d, j
		}
	}
	if cut.place < 0 {
		return
	}
	left := demand
	for _, t := range blk.common {
		c := kb.capAt(t)
		if c <= 0 {
			continue
		}
		if c >= left {
			cut.cost += m.r[t] * left
			cut.marginal = m.r[t]
			return
		}
		left -= c
		cut.cost += m.r[t] * c
		cut.filled = append(cut.filled, t)
	}
	// The slots every placement works cannot carry the demand: the cap on
	// every slot of the span pays for any placement.
	cut.fallback, cut.cost, cut.filled = true, 0, cut.filled[:0]
	for _, t := range blk.slots {
		cut.cost += m.r[t] * kb.capAt(t)
	}
}

// value is D at the current λ; with grad it also leaves a subgradient in
// kb.g.
func (kb *keyBound) value(grad bool) float64 {
	m := kb.m
	m.dualPrefix(kb.lam, kb.prefix)
	D := 0.0
	for t := range m.n {
		D += m.r[t] * kb.lam[t]
		kb.g[t] = m.r[t]
	}
	for lo := 0; lo < len(kb.blocks); {
		hi, total := lo, 0.0
		for ; hi < len(kb.blocks) && kb.blocks[hi].key == kb.blocks[lo].key; hi++ {
			if hi-lo == len(kb.cuts) {
				kb.cuts = append(kb.cuts, kbCut{})
			}
			kb.block(hi, &kb.cuts[hi-lo])
			total += kb.cuts[hi-lo].cost
		}
		if total > m.distinctCost {
			D -= total - m.distinctCost
			if grad {
				for i := range hi - lo {
					kb.subtract(&kb.cuts[i])
				}
			}
		}
		lo = hi
	}
	return D
}

// subtract removes block cut c's slope from the subgradient.
func (kb *keyBound) subtract(c *kbCut) {
	m := kb.m
	if c.place < 0 {
		return
	}
	// d cap_t / d λ_t is 1 below the shortage cost, 0 at it.
	free := func(t int) bool { return kb.lam[t]+m.exc < m.short && kb.lam[t]+m.exc > 0 }
	if c.fallback {
		for _, t := range c.blk.slots {
			if free(t) {
				kb.g[t] -= m.r[t]
			}
		}
		return
	}
	// The placement's work profile: 1 a slot less its breaks' parts.
	pl := c.blk.places[c.place]
	prof := kb.prof[:0]
	for range pl.length {
		prof = append(prof, 1)
	}
	for _, pt := range kb.parts[pl.lo:pl.hi] {
		prof[pt.i-pl.s0] -= pt.f
	}
	kb.prof = prof
	for i, w := range prof {
		t := pl.s0 + i
		if t >= m.n {
			if !m.cyclic {
				break
			}
			t -= m.n
		}
		kb.g[t] -= c.marginal * w
	}
	for _, t := range c.filled {
		if free(t) {
			kb.g[t] += c.marginal - m.r[t]
		}
	}
}

// run takes up to iters steps of the ascent towards ub and returns the
// best D seen.
func (kb *keyBound) run(iters int, ub float64, st stopper) float64 {
	checkpoint := math.Inf(-1)
	for it := 0; it < iters; it++ {
		if it > 0 && st.stop() {
			break
		}
		if !kb.asc.step(kb.m, kb.lam, kb.g, kb.value(true), ub) {
			break
		}
		if it%keyBoundCheck == 0 {
			// Converged: the last stretch of steps raised D by next to
			// nothing. Not the first: its large steps overshoot.
			if it >= 2*keyBoundCheck && kb.asc.best-checkpoint <= 1e-5*math.Abs(kb.asc.best) {
				break
			}
			checkpoint = kb.asc.best
		}
	}
	return kb.asc.best
}
