package scheduler

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"
)

// Exact re-optimisation by min-cost flow. Without breaks and with integer
// requirements, covering a line of slots with interval shifts plus shortage
// and excess is a network problem: differencing consecutive coverage rows
// turns each shift into an arc from its start to its end, a person short
// in slot p into an arc p->p+1 and a person in excess into p+1->p (Segal
// 1974; used for shift design by Di Gaspero, Gärtner, Kortsarz, Musliu,
// Schaerf & Slany 2007, "The minimum shift design problem", Annals of OR
// 155). A cyclic week is not a line; cutting it at a slot boundary and
// keeping the shifts that cross the cut as they are leaves a line, so the
// rest is solved exactly. The distinct-shift charge is a fixed charge; it
// is linearised by dynamic slope scaling (Kim & Pardalos 1999: each unit
// of a shift pays charge/last usage) and shifts are then dropped one at a
// time while that pays.

// With breaks the network is only a model: a shift covers its whole span
// and the requirement is raised by the coverage the current plan loses to
// breaks; the annealing and the exact evaluation then correct it.

// hasBreaks reports whether any shape has breaks.
func (m *model) hasBreaks() bool {
	for _, sh := range m.shapes {
		if len(sh.brLo) > 0 {
			return true
		}
	}
	return false
}

// breakLoss is the coverage the design's people lose to breaks per slot.
func (s *design) breakLoss() []float64 {
	m := s.m
	loss := make([]float64, m.n)
	for _, c := range s.used {
		col := m.cols[c]
		for i, w := range m.smear[col.shape] {
			if t := m.slot(col, i); t >= 0 {
				loss[t] += float64(s.cnt[c]) * (1 - w)
			}
		}
	}
	return loss
}

// flowReady reports whether the flow re-optimisation applies: no MaxCount,
// integer requirements.
func (m *model) flowReady() bool {
	for _, mc := range m.maxCount {
		if mc > 0 {
			return false
		}
	}
	for _, r := range m.r {
		if r != math.Trunc(r) {
			return false
		}
	}
	return true
}

// reflow re-solves exactly the head-counts of every column not crossing cut
// point c (a slot boundary; 0 for a non-cyclic horizon), keeping the
// crossing ones, with only the keys in allowed, each unit of key k paying
// keyCost[k] on top of its paid cost. It returns the new counts.
func (s *design) reflow(c int, allowed []bool, keyCost, extra []float64) []int {
	m := s.m
	n := m.n
	pos := func(t int) int { return ((t-c)%n + n) % n }
	crossing := func(ci int) bool {
		col := m.cols[ci]
		st := col.day*m.perDay + m.shapes[col.shape].start
		return m.cyclic && pos(st)+m.shapes[col.shape].length > n
	}
	// Residual requirement after the crossing shifts, by position.
	res := make([]float64, n)
	for t := range n {
		res[pos(t)] = m.r[t]
		if extra != nil {
			res[pos(t)] += extra[t]
		}
	}
	for _, ci := range s.used {
		if !crossing(ci) {
			continue
		}
		col := m.cols[ci]
		for i := 0; i < m.shapes[col.shape].length; i++ {
			if t := m.slot(col, i); t >= 0 {
				res[pos(t)] -= float64(s.cnt[ci])
			}
		}
	}
	if s.fg == nil {
		s.fg = newFlowGraph(n + 1)
	}
	g := s.fg
	g.reset(n + 1)
	prev := 0.0
	for p := 0; p <= n; p++ {
		cur := 0.0
		if p < n {
			cur = res[p]
		}
		g.supply[p] = int(math.Round(cur) - math.Round(prev))
		prev = cur
		if p < n {
			g.arc(p, p+1, m.short, flowInf)
			g.arc(p+1, p, m.exc, flowInf)
		}
	}
	arcOf := make([]int, len(m.cols))
	for ci := range m.cols {
		arcOf[ci] = -1
		col := m.cols[ci]
		k := m.keyOf[col.shape]
		if !allowed[k] || crossing(ci) {
			continue
		}
		p := pos(col.day*m.perDay + m.shapes[col.shape].start)
		q := min(p+m.shapes[col.shape].length, n)
		if !m.cyclic && col.day*m.perDay+m.shapes[col.shape].start+m.shapes[col.shape].length > n {
			q = n
		}
		arcOf[ci] = g.arc(p, q, m.paid[col.shape]+keyCost[k], flowInf)
	}
	out := make([]int, len(m.cols))
	if !g.solve() {
		return nil
	}
	for ci := range m.cols {
		if arcOf[ci] >= 0 {
			out[ci] = g.flow(arcOf[ci])
		} else if crossing(ci) {
			out[ci] = s.cnt[ci]
		}
	}
	return out
}

// flowImprove runs dynamic slope scaling then shift dropping around cut c
// and leaves the best design found in s.
func (s *design) flowImprove(c int, st stopper) {
	var extra []float64
	if s.m.hasBreaks() {
		extra = s.breakLoss()
	}
	m := s.m
	best := s.objective()
	bestCnt := s.snapshot()
	allowed := make([]bool, m.nKeys)
	for k := range allowed {
		allowed[k] = true
	}
	keyCost := make([]float64, m.nKeys)
	// Keys used by crossing shifts are paid for already.
	setCosts := func() {
		for k := range keyCost {
			keyCost[k] = m.distinctCost / math.Max(1, float64(s.keyUse[k]))
		}
	}
	try := func() bool {
		cnt := s.reflow(c, allowed, keyCost, extra)
		if cnt == nil {
			return false
		}
		s.restore(cnt)
		if o := s.objective(); o < best-1e-9 {
			best = o
			bestCnt = s.snapshot()
			return true
		}
		return false
	}
	for it := 0; it < 12 && !st.stop(); it++ {
		setCosts()
		try()
		if extra != nil {
			extra = s.breakLoss()
		}
	}
	s.restore(bestCnt)
	// Drop distinct shifts one at a time, least used first, while it pays.
	for pass := 0; pass < 3 && m.distinctCost > 0; pass++ {
		improved := false
		keys := append([]int(nil), s.keys...)
		sortBy(keys, func(k int) float64 { return float64(s.keyUse[k]) })
		for _, k := range keys {
			if st.stop() {
				break
			}
			if s.keyUse[k] == 0 {
				continue
			}
			allowed[k] = false
			setCosts()
			if try() {
				improved = true
				continue
			}
			s.restore(bestCnt)
			if extra == nil {
				// A swap: a shift not in use priced as if it took all
				// of k's people, so one new shift can replace k (priced
				// per person it looks dearer than it is). Not with
				// breaks, where the flow prices their losses roughly.
				share := m.distinctCost / math.Max(1, float64(s.keyUse[k]))
				for k2 := range keyCost {
					if s.keyUse[k2] == 0 {
						keyCost[k2] = share
					}
				}
				if try() {
					improved = true
					continue
				}
				s.restore(bestCnt)
			}
			allowed[k] = true
		}
		if !improved {
			break
		}
	}
	s.restore(bestCnt)
}

// swapKeys tries replacing each distinct shift in use by one of the
// swapCandidates nearest not in use, re-flowing exactly over the new set
// of shifts, and keeps the first swap for each that lowers the objective.
// Drops alone stop at a set in which no shift can go because the others
// cannot take its people, even where a shift outside the set could.
func (s *design) swapKeys(c int, st stopper) {
	m := s.m
	allowed := make([]bool, m.nKeys)
	zero := make([]float64, m.nKeys)
	best := s.objective()
	bestCnt := s.snapshot()
	var cand []int
	for pass := 0; pass < 2; pass++ {
		improved := false
		keys := append([]int(nil), s.keys...)
		sortBy(keys, func(k int) float64 { return float64(s.keyUse[k]) })
		for _, k := range keys {
			if s.keyUse[k] == 0 {
				continue
			}
			cand = cand[:0]
			for k2 := range m.nKeys {
				if s.keyUse[k2] == 0 {
					cand = append(cand, k2)
				}
			}
			sortBy(cand, func(k2 int) float64 { return float64(m.keyDistance(k, k2)) })
			for _, k2 := range cand[:min(len(cand), swapCandidates)] {
				if st.stop() {
					s.restore(bestCnt)
					return
				}
				for i := range allowed {
					allowed[i] = s.keyUse[i] > 0
				}
				allowed[k], allowed[k2] = false, true
				cnt := s.reflow(c, allowed, zero, nil)
				if cnt == nil {
					continue
				}
				s.restore(cnt)
				if o := s.objective(); o < best-1e-9 {
					best, bestCnt, improved = o, s.snapshot(), true
					break
				}
				s.restore(bestCnt)
			}
		}
		if !improved {
			break
		}
	}
	s.restore(bestCnt)
}

// sortBy sorts v ascending by f, stably (ties keep their order, so the
// search stays deterministic).
func sortBy(v []int, f func(int) float64) {
	slices.SortStableFunc(v, func(a, b int) int { return cmp.Compare(f(a), f(b)) })
}

// cutPoints lists slot boundaries to cut a cyclic week at, lowest
// requirement first, at least a quarter day apart.
func (m *model) cutPoints(k int) []int {
	if !m.cyclic {
		return []int{0}
	}
	idx := make([]int, m.n)
	for i := range idx {
		idx[i] = i
	}
	around := func(c int) float64 { return m.r[c] + m.r[(c-1+m.n)%m.n] }
	sortBy(idx, func(c int) float64 { return around(c) })
	var out []int
	for _, c := range idx {
		ok := true
		for _, o := range out {
			d := (c - o + m.n) % m.n
			if d < m.perDay/4 || m.n-d < m.perDay/4 {
				ok = false
			}
		}
		if ok {
			out = append(out, c)
		}
		if len(out) == k {
			break
		}
	}
	return out
}

// keyDistance is how far apart two distinct shifts are, in slots of
// start (round the clock) plus slots of length.
func (m *model) keyDistance(a, b int) int {
	pa, pb := m.keyPair[a], m.keyPair[b]
	ds := max(pa[0]-pb[0], pb[0]-pa[0])
	return min(ds, m.perDay-ds) + max(pa[1]-pb[1], pb[1]-pa[1])
}

// swapCandidates is how many shifts not in use, the nearest first,
// swapKeys tries in place of each one in use, kicksPerEffort the rounds
// of kickKeys at effort 1, and kickStallDeadline how many fruitless
// rounds in a row end the kicks when a deadline gives them time (the
// later phases then get the rest). Measured on the Shift Design benchmark
// at effort 0.25: all candidates +0.66% in 2.5 times the time, 12 +0.71%
// in 1.2 times; then kicks +0.15% to +0.46% as the random stream and 2
// to 4 rounds fall, so 4 (16 at effort 1, +0.15%).
const (
	swapCandidates    = 12
	kicksPerEffort    = 16
	kickStallDeadline = 100
)

// kickKeys is iterated local search over the set of distinct shifts, for
// at most rounds rounds and stall fruitless ones in a row: each round
// forbids 2 to maxKick different shifts in use, drawn at random, re-flows
// without them (shifts not in use priced at the charge shared over an
// average shift's people), then runs flowImprove and swapKeys from there;
// a round that ends better is kept, any other undone. Drops and swaps
// stop where no single change pays, as when three shifts of one person
// each do what one shift of three people would.
func (s *design) kickKeys(rng *rand.Rand, c, rounds, stall, maxKick int, frac float64, st stopper) {
	m := s.m
	best := s.objective()
	bestCnt := s.snapshot()
	allowed := make([]bool, m.nKeys)
	keyCost := make([]float64, m.nKeys)
	for r, fruitless := 0, 0; r < rounds && fruitless < stall && !st.stop(); r++ {
		if len(s.keys) < 3 {
			break
		}
		people := 0
		for _, k := range s.keys {
			people += s.keyUse[k]
		}
		share := m.distinctCost * float64(len(s.keys)) / math.Max(1, float64(people))
		for k := range allowed {
			allowed[k] = true
			keyCost[k] = share
			if s.keyUse[k] > 0 {
				keyCost[k] = m.distinctCost / float64(s.keyUse[k])
			}
		}
		n := 2
		if maxKick > 2 {
			n += rng.IntN(maxKick - 1)
		}
		for _, i := range rng.Perm(len(s.keys))[:min(n, len(s.keys)-1)] {
			allowed[s.keys[i]] = false
		}
		cnt := s.reflow(c, allowed, keyCost, nil)
		if cnt == nil {
			fruitless++ // nothing flows without them: a round that failed
			continue
		}
		s.restore(cnt)
		s.flowImprove(c, st)
		s.swapKeys(c, st)
		if o := s.objective(); o < best-1e-9 {
			best, bestCnt, fruitless = o, s.snapshot(), 0
			st.progress(frac, best) // a time limit may keep this going for long
		} else {
			s.restore(bestCnt)
			fruitless++
		}
	}
	s.restore(bestCnt)
}
