package scheduler

import "github.com/staffcast/staffcast/scheduler/internal/lpsolve"

// Large-neighbourhood search by LP windows, for horizons that do not fall
// apart into small pieces (a centre open around the clock). Everyone whose
// shift lies inside a window of slots is taken out; the LP over every
// (shift, break placement) inside the window, against what the others
// cover, is solved exactly, rounded (down, or by diving) and repaired; the
// result is kept when the objective improves. Windows overlap by three
// quarters, so every shift shorter than three quarters of a window is
// inside some window.

// total is the exact objective of the unit set.
func (u *unitSet) total() float64 {
	m := u.m
	c := 0.0
	for t, v := range u.cov {
		c += m.cost(t, v)
	}
	for _, un := range u.units {
		c += m.paid[m.cols[un.col].shape]
	}
	for _, k := range u.keyUse {
		if k > 0 {
			c += m.distinctCost
		}
	}
	return c
}

func (u *unitSet) clone() *unitSet {
	c := &unitSet{m: u.m, cov: append([]float64(nil), u.cov...), keyUse: append([]int(nil), u.keyUse...), ban: u.ban}
	c.units = make([]unit, len(u.units))
	copy(c.units, u.units)
	return c
}

// windowLNS runs passes of windows of w slots over the horizon until a
// pass brings nothing or the stopper says stop. It returns the best set.
func (u *unitSet) windowLNS(w int, st stopper) *unitSet {
	m := u.m
	w = min(w, m.n)
	step := max(1, w/4)
	best := u.total()
	for pass := 0; pass < 2; pass++ {
		improved := false
		for a := 0; a < m.n && !st.stop(); a += step {
			if !m.cyclic && a+w > m.n {
				a = max(0, m.n-w)
			}
			// The last window of a line; checked before the window, which
			// may be skipped (a continue here once looped for ever).
			last := !m.cyclic && a+w >= m.n
			trial := u.clone()
			if trial.window(a, w, nil, false, st) {
				if o := trial.total(); o < best-1e-6 {
					best, u = o, trial
					improved = true
				}
			}
			if last {
				break
			}
		}
		if !improved {
			break
		}
	}
	return u
}

// windowKeyShare is the part of the distinct-shift charge a window's LP
// adds to each person of a distinct shift no one outside the window works,
// on weeks of more than slopeScaleMaxPlacements placements: without it the
// LP spreads people over new distinct shifts whose charges the round then
// pays in full. On BenchmarkAroundTheClockWeek (no limit) it takes the
// plan from 120,411.25 to 120,305 (shares of 0.25, 0.75, 1 and 2 gave
// 120,350, 120,307.5, 120,330 and 120,323.75 in a scratch build). On the
// Israeli weeks of at most 12,096 placements it moved the plans both ways
// by 0-0.5% (9,622.5 to 9,647.5 on the small centre at 30 minutes, 12,480
// to 12,419 on the August one), so it is not used there.
const windowKeyShare = 0.5

// window re-solves the people inside slots [a, a+w) (wrapping when
// cyclic), offering the LP only the distinct shifts keys allows (all when
// nil), rounds its optimum down, or with diving dives (see dive), and
// repairs; false when the LP fails or the window holds no shift shape.
func (u *unitSet) window(a, w int, keys []bool, diving bool, st stopper) bool {
	m := u.m
	pos := func(t int) int { return ((t-a)%m.n + m.n) % m.n }
	inside := func(ci int) bool {
		col := m.cols[ci]
		first := m.slot(col, 0)
		if first < 0 {
			return false
		}
		p := pos(first)
		last := p + m.shapes[col.shape].length
		if !m.cyclic {
			last = min(last, p+(m.n-first)) // the part past the end covers nothing
		}
		return last <= w
	}
	kept := u.units[:0:0]
	for _, un := range u.units {
		if inside(un.col) {
			u.apply(un.col, un.breaks, -1)
			continue
		}
		kept = append(kept, un)
	}
	u.units = kept
	type colv struct {
		col    int
		breaks []int
		prof   []float64
	}
	var cols []colv
	for ci := range m.cols {
		if !inside(ci) || (keys != nil && !keys[m.keyOf[m.cols[ci].shape]]) {
			continue
		}
		m.placements(m.shapes[m.cols[ci].shape], func(brk []int) {
			cols = append(cols, colv{ci, append([]int(nil), brk...), m.profile(ci, brk)})
		})
		if len(cols) > lpMaxCols/2 {
			return false
		}
	}
	if len(cols) == 0 {
		return false
	}
	var rows []int
	var vals []float64
	lp := lpsolve.New(w)
	entries := 2 * w // and the shortage and excess columns newCoverSolver adds
	for _, cl := range cols {
		entries += len(cl.prof)
	}
	lp.Grow(len(cols)+2*w, entries)
	for _, cl := range cols {
		col := m.cols[cl.col]
		rows, vals = rows[:0], vals[:0]
		for i, wt := range cl.prof {
			if t := m.slot(col, i); t >= 0 && wt > 1e-12 {
				rows = append(rows, pos(t))
				vals = append(vals, wt)
			}
		}
		cost := m.paid[col.shape]
		if m.distinctCost > 0 && m.large() && u.keyUse[m.keyOf[col.shape]] == 0 {
			// A distinct shift no one outside the window works: its
			// charge, spread as slope scaling spreads it (windowKeyShare).
			cost += m.distinctCost * windowKeyShare
		}
		lp.AddColumn(cost, rows, vals)
	}
	warm := len(cols) > diveMaxCols
	if warm && m.placementCount() <= warmDiveMinPlacements {
		diving = false
	}
	cs := m.newCoverSolver(lp, diving && warm)
	// The slack costs are the marginal costs at the others' coverage, so
	// the LP prices deviations exactly (its rows start from there).
	fill := func(need []float64) {
		for i := range need {
			t := (a + i) % m.n
			need[i] = m.r[t] - u.cov[t]
		}
	}
	col := func(j int) (int, []int) { return cols[j].col, cols[j].breaks }
	if !u.diveSteps(cs, fill, 4*w, diving, col, st) {
		return false
	}
	u.repair(st)
	return true
}
