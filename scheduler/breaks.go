package scheduler

import "slices"

// placeBreaks turns the design's head-counts into units with breaks placed
// exactly. Coverage starts from full spans; each person's breaks go, in
// order, where removing the break costs least (coverage furthest above
// need), then every person's breaks are re-placed against the others until
// no move helps. Shifts without breaks pass through unchanged.
func placeBreaks(m *model, s *design, st stopper) []unit {
	var units []unit
	cols := append([]int(nil), s.used...)
	slices.Sort(cols) // the order of used columns depends on history; units must not
	for _, c := range cols {
		for range s.cnt[c] {
			units = append(units, unit{col: c})
		}
	}
	cov := make([]float64, m.n)
	for _, u := range units {
		spanAdd(m, cov, m.cols[u.col], 1)
	}
	anyBreak := false
	for i := range units {
		sh := m.shapes[m.cols[units[i].col].shape]
		if len(sh.brLo) == 0 {
			continue
		}
		anyBreak = true
		units[i].breaks = bestBreaks(m, cov, units[i].col)
		breakAdd(m, cov, units[i].col, units[i].breaks, -1)
	}
	if !anyBreak {
		return units
	}
	for pass := 0; pass < 8 && !st.stop(); pass++ {
		moved := false
		for i := range units {
			if len(units[i].breaks) == 0 {
				continue
			}
			breakAdd(m, cov, units[i].col, units[i].breaks, 1)
			nb := bestBreaks(m, cov, units[i].col)
			if !equalInts(nb, units[i].breaks) {
				moved = true
				units[i].breaks = nb
			}
			breakAdd(m, cov, units[i].col, units[i].breaks, -1)
		}
		if !moved {
			break
		}
	}
	return units
}

// bestBreaks places column c's breaks one after another, each at the start
// whose removal from cov costs least, leaving room for the later breaks.
// Ties go to the position nearest the middle of the window, which keeps
// breaks apart when coverage is flat.
func bestBreaks(m *model, cov []float64, c int) []int {
	col := m.cols[c]
	sh := m.shapes[col.shape]
	out := make([]int, len(sh.brLo))
	prevEnd := 0
	for j := range sh.brLo {
		lo := max(sh.brLo[j], prevEnd)
		hi := sh.brHi[j]
		best, bestP := 0.0, -1
		mid := float64(lo+hi) / 2
		for p := lo; p <= hi; p++ {
			d := breakCost(m, cov, col, p, sh.brLen[j])
			if bestP < 0 || d < best-1e-9 || (d < best+1e-9 && abs(float64(p)-mid) < abs(float64(bestP)-mid)) {
				best, bestP = d, p
			}
		}
		out[j] = bestP
		prevEnd = bestP + ceilSlots(sh.brLen[j])
	}
	return out
}

// breakCost is the change of cost when one person of col is on a break of
// blen slots starting p slots into the shift.
func breakCost(m *model, cov []float64, col column, p int, blen float64) float64 {
	var d float64
	for i, f := range breakParts(p, blen) {
		t := m.slot(col, i)
		if t < 0 {
			break
		}
		d += m.cost(t, cov[t]-f) - m.cost(t, cov[t])
	}
	return d
}

func spanAdd(m *model, cov []float64, col column, w float64) {
	for i := 0; i < m.shapes[col.shape].length; i++ {
		t := m.slot(col, i)
		if t < 0 {
			break
		}
		cov[t] += w
	}
}

// breakAdd adds w times the breaks (w = -1 takes people off coverage).
func breakAdd(m *model, cov []float64, c int, brk []int, w float64) {
	col := m.cols[c]
	sh := m.shapes[col.shape]
	for j, p := range brk {
		for i, f := range breakParts(p, sh.brLen[j]) {
			t := m.slot(col, i)
			if t < 0 {
				break
			}
			cov[t] += w * f
		}
	}
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
