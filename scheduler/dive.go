package scheduler

import (
	"math"

	"github.com/staffcast/staffcast/scheduler/internal/lpsolve"
)

// diveMaxRows is the largest horizon, in slots, on which dive re-solves
// its LP once a step from the all-shortage basis (cheap at a small
// centre's week of half-hours); the search uses it too as the line
// between weeks of half-hours and finer ones.
const diveMaxRows = 400

// diveMaxCols is the most (shift, break placement) columns a window of the
// LP-window search dives over re-solving each LP from all shortage. Larger
// windows are rounded down, except on weeks of more than
// warmDiveMinPlacements placements (a day of a week with two breaks a
// shift has 5,500), where they dive re-solving from the last basis by the
// dual simplex (coverSolver): on BenchmarkAroundTheClockWeek that takes
// the plan from 121,465 to 120,745 (from 121,757 to about 121,100 under a
// 30 s limit), where a dive re-solving from scratch took 280 s (a scratch
// build). On the smaller weeks (the Israeli ones at 15 minutes, 12,096
// placements) it changed no plan and cost 2-5 s, and they get the
// whole-week moves instead (slope scaling, with the drops below
// slopeScaleMaxPlacements).
const (
	diveMaxCols           = 1500
	warmDiveMinPlacements = slopeScaleMaxPlacements
)

// dive rounds the covering LP of the whole horizon over the distinct
// shifts keys allows (every (shift, break placement) of them) by diving
// (as a MIP solver's diving heuristic): solve the LP against what the
// fixed people cover, fix floor(x) people on every column at 1 or more, or
// when none is, one person on the column with the largest value; repeat
// until the LP puts no one anywhere, then repair. It returns nil when an
// LP fails or st says stop. On horizons of at most diveMaxRows slots each
// step solves from all shortage; on longer ones (slopeScale's dive on a
// centre open 24 hours at 15 minutes) from the last basis by the dual
// simplex.
func dive(m *model, keys []bool, st stopper) *unitSet {
	type colv struct {
		col    int
		breaks []int
		rows   []int
		w      []float64
	}
	var cols []colv
	for ci, col := range m.cols {
		if !keys[m.keyOf[m.cols[ci].shape]] {
			continue
		}
		m.placements(m.shapes[col.shape], func(brk []int) {
			c := colv{col: ci, breaks: append([]int(nil), brk...)}
			for i, w := range m.profile(ci, brk) {
				if t := m.slot(col, i); t >= 0 && w > 1e-12 {
					c.rows = append(c.rows, t)
					c.w = append(c.w, w)
				}
			}
			cols = append(cols, c)
		})
		if len(cols) > lpMaxCols {
			return nil
		}
	}
	u := newUnitSet(m)
	lp := lpsolve.New(m.n)
	for _, c := range cols {
		lp.AddColumn(m.paid[m.cols[c.col].shape], c.rows, c.w)
	}
	// Beyond diveMaxRows each step re-solves from the last basis by the
	// dual simplex, as the large windows do.
	cs := m.newCoverSolver(lp, m.n > diveMaxRows)
	fill := func(need []float64) {
		for t := range need {
			need[t] = m.r[t] - u.cov[t]
		}
	}
	col := func(j int) (int, []int) { return cols[j].col, cols[j].breaks }
	if !u.diveSteps(cs, fill, 10*m.n, true, col, st) {
		return nil
	}
	u.repair(st)
	return u
}

// diveSteps is the loop of the dives (dive, and window): solve cs's LP
// against the needs fill gives (what is left after the people fixed so
// far), fix floor(x) people on every column (fixFloors; col gives column
// j's column and breaks); when diving and nothing was at 1 or more, one
// person on the largest fraction, and again, at most steps times, until
// the LP puts no one anywhere; without diving after the first solve. It
// reports false when an LP fails or st says stop.
func (u *unitSet) diveSteps(cs *coverSolver, fill func(need []float64), steps int, diving bool, col func(j int) (int, []int), st stopper) bool {
	need := make([]float64, cs.lp.Rows())
	for step := 0; step < steps; step++ {
		fill(need)
		_, x, _, ok := cs.solve(need, st)
		if !ok {
			return false
		}
		fixed, arg := u.fixFloors(x, col)
		if !diving {
			break
		}
		if !fixed {
			if arg < 0 {
				break
			}
			c, brk := col(arg)
			u.apply(c, brk, 1)
		}
	}
	return true
}

// fixFloors is the fixing step of the dives (dive, and window when it
// dives): floor(x_j) people (within 1e-7) on every column j of an LP
// solution, whose column and breaks col(j) gives. It reports whether any
// was fixed and the column with the largest fraction left (-1 when none
// is above 1e-6), on which a dive puts one person when nothing was fixed.
func (u *unitSet) fixFloors(x []float64, col func(j int) (int, []int)) (fixed bool, arg int) {
	arg = -1
	for j, v := range x {
		if n := int(math.Floor(v + 1e-7)); n > 0 {
			c, brk := col(j)
			for range n {
				u.apply(c, brk, 1)
			}
			fixed = true
		} else if v > 1e-6 && (arg < 0 || v > x[arg]) {
			arg = j
		}
	}
	return fixed, arg
}
