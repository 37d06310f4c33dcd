package scheduler

import (
	"math"
	"math/rand/v2"
)

// Rounding the LP down and repairing: take floor(x) people on every (shift,
// break placement) of the LP optimum, then add the person whose shift and
// breaks lower the exact objective most, remove people who do not pay for
// themselves, and re-place breaks, until nothing helps. Rounding down keeps
// the LP's shape; the repair restores what the fractions covered, so the
// plan does not pay the 14-20% that rounding every fraction up costs.

// unitSet is a plan of individual people with exact coverage.
type unitSet struct {
	m      *model
	units  []unit
	cov    []float64
	keyUse []int
	ban    int // a distinct shift bestAdd does not offer, or -1
}

func newUnitSet(m *model) *unitSet {
	return &unitSet{m: m, cov: make([]float64, m.n), keyUse: make([]int, m.nKeys), ban: -1}
}

// unitSetOf is the unit set of units.
func unitSetOf(m *model, units []unit) *unitSet {
	u := newUnitSet(m)
	for _, un := range units {
		u.apply(un.col, un.breaks, 1)
	}
	return u
}

// leastUsedKey is one of the two least used distinct shifts in use (by
// people), drawn at random, or -1 when none is.
func (u *unitSet) leastUsedKey(rng *rand.Rand) int {
	k1, k2 := -1, -1
	for k, c := range u.keyUse {
		switch {
		case c == 0:
		case k1 < 0 || c < u.keyUse[k1]:
			k1, k2 = k, k1
		case k2 < 0 || c < u.keyUse[k2]:
			k2 = k
		}
	}
	if k2 >= 0 && rng.IntN(2) == 1 {
		return k2
	}
	return k1
}

// randomKey is a distinct shift in use drawn uniformly, or -1 when none
// is.
func (u *unitSet) randomKey(rng *rand.Rand) int {
	var used []int
	for k, c := range u.keyUse {
		if c > 0 {
			used = append(used, k)
		}
	}
	if len(used) == 0 {
		return -1
	}
	return used[rng.IntN(len(used))]
}

// withoutKey is a copy of u without anyone on distinct shift k (none
// when k < 0), repaired with every other shift.
func (u *unitSet) withoutKey(k int, st stopper) *unitSet {
	trial := u.clone()
	if k >= 0 {
		kept := trial.units[:0:0]
		for _, un := range trial.units {
			if u.m.keyOf[u.m.cols[un.col].shape] == k {
				trial.apply(un.col, un.breaks, -1)
				continue
			}
			kept = append(kept, un)
		}
		trial.units = kept
		trial.ban = k
	}
	trial.repair(st)
	trial.ban = -1
	return trial
}

// profile is the coverage one person of column c with breaks brk gives over
// the shift's span.
func (m *model) profile(c int, brk []int) []float64 {
	return m.workProfile(m.shapes[m.cols[c].shape], brk, nil)
}

// delta is the objective change of adding (sign 1) or removing (sign -1)
// one person of column c with breaks brk; it does not change the set.
func (u *unitSet) delta(c int, brk []int, sign float64) float64 {
	m := u.m
	col := m.cols[c]
	d := sign * m.paid[col.shape]
	k := m.keyOf[col.shape]
	if sign > 0 && u.keyUse[k] == 0 {
		d += m.distinctCost
	} else if sign < 0 && u.keyUse[k] == 1 {
		d -= m.distinctCost
	}
	for i, w := range m.profile(c, brk) {
		t := m.slot(col, i)
		if t < 0 {
			break
		}
		d += m.cost(t, u.cov[t]+sign*w) - m.cost(t, u.cov[t])
	}
	return d
}

func (u *unitSet) apply(c int, brk []int, sign int) {
	m := u.m
	col := m.cols[c]
	for i, w := range m.profile(c, brk) {
		t := m.slot(col, i)
		if t < 0 {
			break
		}
		u.cov[t] += float64(sign) * w
	}
	u.keyUse[m.keyOf[col.shape]] += sign
	if sign > 0 {
		u.units = append(u.units, unit{c, append([]int(nil), brk...)})
	}
}

// bestAdd finds the person to add that lowers the objective most, with
// breaks placed where coverage is highest; ok is false when none helps.
func (u *unitSet) bestAdd(dayTmplCount []int) (c int, brk []int, ok bool) {
	m := u.m
	best := -1e-9
	for ci, col := range m.cols {
		t := m.shapes[col.shape].tmpl
		if mc := m.maxCount[t]; mc > 0 && dayTmplCount[t*m.days+col.day] >= mc {
			continue
		}
		if m.keyOf[col.shape] == u.ban {
			continue
		}
		spanAdd(m, u.cov, col, 1)
		b := bestBreaks(m, u.cov, ci)
		spanAdd(m, u.cov, col, -1)
		if d := u.delta(ci, b, 1); d < best {
			best, c, brk, ok = d, ci, b, true
		}
	}
	return
}

// repair improves the set until no addition, removal or break move helps.
func (u *unitSet) repair(st stopper) {
	m := u.m
	count := make([]int, len(m.tmpls)*m.days)
	for _, un := range u.units {
		col := m.cols[un.col]
		count[m.shapes[col.shape].tmpl*m.days+col.day]++
	}
	for round := 0; round < 50 && !st.stop(); round++ {
		changed := false
		for step := 0; !st.stop(); step++ {
			c, brk, ok := u.bestAdd(count)
			if !ok {
				break
			}
			u.apply(c, brk, 1)
			col := m.cols[c]
			count[m.shapes[col.shape].tmpl*m.days+col.day]++
			changed = true
		}
		kept := u.units[:0]
		for _, un := range u.units {
			if u.delta(un.col, un.breaks, -1) < -1e-9 {
				u.apply(un.col, un.breaks, -1)
				col := m.cols[un.col]
				count[m.shapes[col.shape].tmpl*m.days+col.day]--
				changed = true
				continue
			}
			kept = append(kept, un)
		}
		u.units = kept
		for i := range u.units {
			un := &u.units[i]
			if len(un.breaks) == 0 {
				continue
			}
			breakAdd(m, u.cov, un.col, un.breaks, 1)
			nb := bestBreaks(m, u.cov, un.col)
			if !equalInts(nb, un.breaks) {
				// Keep the move only if it lowers the cost (bestBreaks is
				// greedy break by break).
				before, after := u.breakPrice(un.col, un.breaks), u.breakPrice(un.col, nb)
				if after < before-1e-9 {
					un.breaks = nb
					changed = true
				}
			}
			breakAdd(m, u.cov, un.col, un.breaks, -1)
		}
		if !changed {
			return
		}
	}
}

// breakPrice is the cost change of taking breaks brk from the current
// coverage (the person's breaks not yet taken).
func (u *unitSet) breakPrice(c int, brk []int) float64 {
	breakAdd(u.m, u.cov, c, brk, -1)
	d := 0.0
	col := u.m.cols[c]
	sh := u.m.shapes[col.shape]
	for j, q := range brk {
		for i, f := range breakParts(q, sh.brLen[j]) {
			t := u.m.slot(col, i)
			if t < 0 {
				break
			}
			d += u.m.cost(t, u.cov[t]) - u.m.cost(t, u.cov[t]+f)
		}
	}
	breakAdd(u.m, u.cov, c, brk, 1)
	return d
}

// roundLP rounds the LP plan down and repairs it; then, a few times,
// rounds each fraction up with its own probability (Raghavan & Thompson
// 1987) and repairs, keeping the best. Randomised rounding helps where
// head-counts are small and the fractions matter.
func roundLP(m *model, res lpResult, rng *rand.Rand, tries int, st stopper) []unit {
	var best *unitSet
	bestObj := math.Inf(1)
	for try := 0; try <= tries && (try == 0 || !st.stop()); try++ {
		u := newUnitSet(m)
		for _, lc := range res.cols {
			n := int(lc.x + 1e-7)
			if try > 0 && rng.Float64() < lc.x-float64(n) {
				n++
			}
			for range n {
				u.apply(lc.col, lc.breaks, 1)
			}
		}
		u.repair(st)
		if o := u.total(); o < bestObj-1e-9 {
			best, bestObj = u, o
		}
	}
	return best.units
}
