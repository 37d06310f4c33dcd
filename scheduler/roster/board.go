package roster

import "time"

// board is the working state of a roster under construction: who works
// which slot, with the counters the rules and the soft goals need. Every
// change goes through canTake, so the board never holds a rule violation.
type board struct {
	// done is polled between steps so a cancelled context stops the work;
	// nil never stops it.
	done  func() bool
	h     horizon
	rules Rules
	slots []slot
	owner []int // agent index per slot, -1 when open
	st    []*agentState
}

type agentState struct {
	skilled  bool
	spans    []span // availability; nil = any time
	minPer   time.Duration
	maxPer   time.Duration
	maxDays  int
	prefOff  [7]bool
	onDay    []int // slot index per horizon day, -1 when off
	paid     []time.Duration
	days     []int
	evenings int
	weekends int
	prefHits int
}

func newBoard(h horizon, rules Rules, slots []slot) *board {
	b := &board{h: h, rules: rules, slots: slots, owner: make([]int, len(slots))}
	for i := range b.owner {
		b.owner[i] = -1
	}
	return b
}

// addAgent adds an agent able to work under the given contract and returns
// its index.
func (b *board) addAgent(skilled bool, spans []span, minPer, maxPer time.Duration, maxDays int, prefOff []time.Weekday) int {
	st := &agentState{
		skilled: skilled, spans: spans, minPer: minPer, maxPer: maxPer, maxDays: maxDays,
		onDay: make([]int, b.h.days),
		paid:  make([]time.Duration, b.h.weeks()),
		days:  make([]int, b.h.weeks()),
	}
	for i := range st.onDay {
		st.onDay[i] = -1
	}
	for _, d := range prefOff {
		st.prefOff[d] = true
	}
	b.st = append(b.st, st)
	return len(b.st) - 1
}

// available reports the agent's skill and availability for slot i, the
// rules that do not depend on the rest of the roster.
func (b *board) available(a, i int) bool {
	st, s := b.st[a], &b.slots[i]
	return st.skilled && covers(st.spans, s.weekFrom, s.wallTo-s.wallFrom)
}

// canTake reports whether agent a may work open slot i on top of what it
// already works without breaking a rule.
func (b *board) canTake(a, i int) bool {
	st, s := b.st[a], &b.slots[i]
	if st.onDay[s.day] >= 0 || !b.available(a, i) {
		return false
	}
	if st.maxPer > 0 && st.paid[s.week]+s.paid > st.maxPer {
		return false
	}
	if st.maxDays > 0 && st.days[s.week]+1 > st.maxDays {
		return false
	}
	return b.restOK(st, s) && b.runOK(st, s.day)
}

// restOK checks rest against the nearest shifts before and after s; the
// others are further away, so are fine when these are.
func (b *board) restOK(st *agentState, s *slot) bool {
	n, H := b.h.days, b.h.length()
	rest := b.rules.MinRest
	prev, prevShift := -1, time.Duration(0)
	for d := s.day - 1; d >= 0 && prev < 0; d-- {
		prev = st.onDay[d]
	}
	if prev < 0 && b.h.cyclic {
		for d := n - 1; d > s.day && prev < 0; d-- {
			prev = st.onDay[d]
		}
		prevShift = H
	}
	next, nextShift := -1, time.Duration(0)
	for d := s.day + 1; d < n && next < 0; d++ {
		next = st.onDay[d]
	}
	if next < 0 && b.h.cyclic {
		for d := 0; d < s.day && next < 0; d++ {
			next = st.onDay[d]
		}
		nextShift = H
	}
	if prev >= 0 && s.from-(b.slots[prev].to-prevShift) < rest {
		return false
	}
	if next >= 0 && b.slots[next].from+nextShift-s.to < rest {
		return false
	}
	if prev < 0 && next < 0 && b.h.cyclic && H-(s.to-s.from) < rest {
		return false // the same shift next cycle
	}
	return true
}

// runOK checks the run of consecutive working days through day d.
func (b *board) runOK(st *agentState, d int) bool {
	max := b.rules.MaxConsecutiveDays
	if max <= 0 {
		return true
	}
	n := b.h.days
	run := 1
	for k := 1; k < n; k++ {
		e := d - k
		if e < 0 {
			if !b.h.cyclic {
				break
			}
			e += n
		}
		if st.onDay[e] < 0 {
			break
		}
		run++
	}
	if run == n && b.h.cyclic {
		return false // every day of a repeating horizon: an endless run
	}
	for k := 1; k < n; k++ {
		e := d + k
		if e >= n {
			if !b.h.cyclic {
				break
			}
			e -= n
		}
		if st.onDay[e] < 0 {
			break
		}
		run++
	}
	return run <= max
}

func (b *board) take(a, i int) {
	st, s := b.st[a], &b.slots[i]
	b.owner[i] = a
	st.onDay[s.day] = i
	b.count(st, s, 1)
}

func (b *board) drop(i int) {
	a := b.owner[i]
	st, s := b.st[a], &b.slots[i]
	b.owner[i] = -1
	st.onDay[s.day] = -1
	b.count(st, s, -1)
}

func (b *board) count(st *agentState, s *slot, sign int) {
	st.paid[s.week] += time.Duration(sign) * s.paid
	st.days[s.week] += sign
	if s.evening {
		st.evenings += sign
	}
	if s.weekend {
		st.weekends += sign
	}
	if st.prefOff[s.weekday] {
		st.prefHits += sign
	}
}

// Weights of the soft goals, in cost units. Working a preferred day off
// costs as much as the fairness of two more evenings for a loaded agent;
// an hour below the contract minimum costs more than any balance term.
const (
	costPreferredOff = 4.0
	costFairness     = 1.0  // times the square of evenings and of weekends
	costBelowMinHour = 1.0  // per hour below the weekly minimum
	costBalance      = 0.01 // times the square of weekly paid hours
)

// soft is the agent's soft cost: preferred days off worked, unfair
// evenings and weekends (squared so they spread), hours below the
// contract minimum and unbalanced load.
func (b *board) soft(st *agentState) float64 {
	c := costPreferredOff*float64(st.prefHits) +
		costFairness*float64(st.evenings*st.evenings+st.weekends*st.weekends)
	for w, p := range st.paid {
		h := p.Hours()
		target := st.minPer.Hours() * float64(b.h.weekDays(w)) / 7
		if h < target {
			c += costBelowMinHour * (target - h)
		}
		c += costBalance * h * h
	}
	return c
}

// addCost is the change in a's soft cost were it to work slot i.
func (b *board) addCost(a, i int) float64 {
	st, s := b.st[a], &b.slots[i]
	before := b.soft(st)
	b.count(st, s, 1)
	after := b.soft(st)
	b.count(st, s, -1)
	return after - before
}

// stopped reports whether the caller's context asked the work to stop.
func (b *board) stopped() bool { return b.done != nil && b.done() }
