package scheduler

import (
	"context"
	"math"
	"math/rand/v2"
)

// stopper says when the search must end (the context is done: deadline or
// cancellation) and reports progress; the solver sets it up. context is
// the context itself, for the simplex, which polls it.
type stopper interface {
	stop() bool
	progress(frac, best float64)
	context() context.Context
}

// greedy adds, one at a time, the person whose column lowers the objective
// most, until no addition helps. It is the start of the local search.
func (s *design) greedy(st stopper) {
	m := s.m
	for {
		// A step scans every column: polling each one costs nothing.
		if st.stop() {
			return
		}
		best, bestC := -1e-9, -1
		for c := range m.cols {
			if !s.fits(c, 1) {
				continue
			}
			d := s.add(c, 1)
			s.add(c, -1)
			if d < best {
				best, bestC = d, c
			}
		}
		if bestC < 0 {
			return
		}
		s.add(bestC, 1)
	}
}

// neighbour returns the column of the same day and template whose shape
// differs from c's by (ds, dl) slots in start and length, or -1.
func (s *design) neighbour(c, ds, dl int) int {
	m := s.m
	col := m.cols[c]
	sh := m.shapes[col.shape]
	ns, ok := m.shapeAt[[3]int{sh.tmpl, sh.start + ds, sh.length + dl}]
	if !ok {
		return -1
	}
	nc, ok := m.colAt[[2]int{col.day, ns}]
	if !ok {
		return -1
	}
	return nc
}

// randomStep picks a small change of start and length in template t's
// steps: earlier/later start, shorter/longer, or both keeping one end.
func (s *design) randomStep(rng *rand.Rand, t int) (ds, dl int) {
	a, b := s.m.startStep[t], s.m.lenStep[t]
	switch rng.IntN(6) {
	case 0:
		return a, 0
	case 1:
		return -a, 0
	case 2:
		return 0, b
	case 3:
		return 0, -b
	case 4:
		return a, -a // same end
	default:
		return -a, a
	}
}

// anneal runs simulated annealing for iters moves from the current design,
// temperature falling geometrically from t0 to t1, and leaves the best
// design found in s. Moves: one person more or less on a column; one person
// moved to a neighbouring shape; every person of one distinct shift moved
// to a neighbouring or to another used shift (the move that removes distinct
// shifts, as in Musliu, Schaerf & Slany 2004).
func (s *design) anneal(rng *rand.Rand, iters int, t0, t1 float64, st stopper, from, span float64) {
	m := s.m
	cur := s.objective()
	best := cur
	bestCnt := s.snapshot()
	accept := func(d, temp float64) bool {
		return d <= 1e-9 || rng.Float64() < math.Exp(-d/temp)
	}
	var moves []colMove
	for it := 0; it < iters; it++ {
		if it&1023 == 0 {
			if st.stop() {
				break
			}
			if it&16383 == 0 {
				st.progress(from+span*float64(it)/float64(iters), best)
			}
		}
		temp := t0 * math.Pow(t1/t0, float64(it)/float64(iters))
		moves = moves[:0]
		var d float64
		ok := true
		switch r := rng.IntN(100); {
		case r < 25 || len(s.used) == 0: // one more person
			var c int
			if len(s.keys) > 0 && rng.IntN(2) == 0 {
				cs := m.keyCols[s.keys[rng.IntN(len(s.keys))]]
				c = cs[rng.IntN(len(cs))]
			} else {
				c = rng.IntN(len(m.cols))
			}
			if !s.fits(c, 1) {
				continue
			}
			d = s.add(c, 1)
			moves = append(moves, colMove{c, 1})
		case r < 45: // one fewer
			c := s.used[rng.IntN(len(s.used))]
			d = s.add(c, -1)
			moves = append(moves, colMove{c, -1})
		case r < 75: // one person to a neighbouring shape
			c := s.used[rng.IntN(len(s.used))]
			ds, dl := s.randomStep(rng, m.shapes[m.cols[c].shape].tmpl)
			nc := s.neighbour(c, ds, dl)
			if nc < 0 {
				continue
			}
			d = s.add(c, -1)
			moves = append(moves, colMove{c, -1})
			if !s.fits(nc, 1) {
				ok = false
				break
			}
			d += s.add(nc, 1)
			moves = append(moves, colMove{nc, 1})
		default: // a whole distinct shift elsewhere
			k := s.keys[rng.IntN(len(s.keys))]
			var ds, dl int
			if len(s.keys) > 1 && rng.IntN(3) == 0 {
				k2 := s.keys[rng.IntN(len(s.keys))]
				if k2 == k {
					continue
				}
				ds = m.keyPair[k2][0] - m.keyPair[k][0]
				dl = m.keyPair[k2][1] - m.keyPair[k][1]
			} else {
				c0 := -1
				for _, c := range m.keyCols[k] {
					if s.cnt[c] > 0 {
						c0 = c
						break
					}
				}
				ds, dl = s.randomStep(rng, m.shapes[m.cols[c0].shape].tmpl)
			}
			d, moves, ok = s.shiftWhole(k, ds, dl, moves)
		}
		if ok && accept(d, temp) {
			cur += d
			if cur < best-1e-9 {
				best = cur
				bestCnt = s.snapshot()
			}
			continue
		}
		s.undo(moves)
	}
	s.restore(bestCnt)
}

// descend applies improving moves (one person more or less, a person or a
// whole distinct shift to a neighbouring shape or onto another used shift)
// until none is left: the local optimum the annealing's end is polished to.
func (s *design) descend(st stopper) {
	m := s.m
	steps := [][2]int{}
	for {
		if st.stop() {
			return
		}
		improved := false
		for c := range m.cols {
			if c&1023 == 1023 && st.stop() {
				return
			}
			for _, dd := range []int{1, -1} {
				if !s.fits(c, dd) {
					continue
				}
				if d := s.add(c, dd); d < -1e-9 {
					improved = true
				} else {
					s.add(c, -dd)
				}
			}
		}
		// Whole distinct shifts onto each other or onto neighbours.
		keys := append([]int(nil), s.keys...)
		for _, k := range keys {
			if s.keyUse[k] == 0 {
				continue
			}
			steps = steps[:0]
			for _, k2 := range s.keys {
				if k2 != k {
					steps = append(steps, [2]int{m.keyPair[k2][0] - m.keyPair[k][0], m.keyPair[k2][1] - m.keyPair[k][1]})
				}
			}
			steps = append(steps, [2]int{1, 0}, [2]int{-1, 0}, [2]int{0, 1}, [2]int{0, -1}, [2]int{1, -1}, [2]int{-1, 1})
			for _, stp := range steps {
				if d, ok := s.moveKey(k, stp[0], stp[1]); ok && d < -1e-9 {
					improved = true
					break
				}
			}
		}
		if !improved {
			return
		}
	}
}

// moveKey moves every person of distinct shift k by (ds, dl) slots; it
// keeps the move and returns its cost change when it lowers the objective,
// else undoes it.
func (s *design) moveKey(k, ds, dl int) (float64, bool) {
	d, moves, ok := s.shiftWhole(k, ds, dl, nil)
	if ok && d < -1e-9 {
		return d, true
	}
	s.undo(moves)
	return d, false
}

// colMove is a change of d people on column c, kept so a move can be undone.
type colMove struct{ c, d int }

// shiftWhole moves every person of distinct shift k by (ds, dl) slots,
// appending each change to moves. It returns the cost change and ok false
// when someone cannot move, leaving the caller to undo the moves.
func (s *design) shiftWhole(k, ds, dl int, moves []colMove) (float64, []colMove, bool) {
	var d float64
	for _, c := range s.m.keyCols[k] {
		n := s.cnt[c]
		if n == 0 {
			continue
		}
		nc := s.neighbour(c, ds, dl)
		if nc < 0 {
			return d, moves, false
		}
		d += s.add(c, -n)
		moves = append(moves, colMove{c, -n})
		if !s.fits(nc, n) {
			return d, moves, false
		}
		d += s.add(nc, n)
		moves = append(moves, colMove{nc, n})
	}
	return d, moves, true
}

// undo reverses moves, last first.
func (s *design) undo(moves []colMove) {
	for i := len(moves) - 1; i >= 0; i-- {
		s.add(moves[i].c, -moves[i].d)
	}
}
