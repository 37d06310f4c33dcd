package roster

import (
	"context"
	"math"
	"sort"

	"github.com/staffcast/staffcast/scheduler"
)

// Assignment is one agent working one shift.
type Assignment struct {
	Agent string // Agent.ID
	Shift scheduler.Shift
}

// Roster is the plan's shifts given to named agents.
type Roster struct {
	// Assignments in order of day, start, length and agent id.
	Assignments []Assignment
	// Unassigned holds every planned place no agent could take without
	// breaking a rule, one entry per person, in plan order. Nothing is
	// dropped: Assignments and Unassigned together are the plan.
	Unassigned []scheduler.Shift
	// Shortfall says how many more agents, available when, would take the
	// unassigned shifts (see Advice).
	Shortfall []Advice
	// Unstaffable are the unassigned shifts not even a new, fully available
	// agent on a typical contract could work (say a shift longer than the
	// weekly maximum, or shorter rest than MinRest to itself in a short
	// cyclic horizon).
	Unstaffable []scheduler.Shift
}

// Search effort, in rule evaluations; a count rather than a clock keeps
// the result deterministic. About 1e7 evaluations take a second.
const (
	repairBudget  = 8_000_000
	improveBudget = 4_000_000
)

// Assign gives the plan's shifts to agents under the rules of opt, on the
// calendar of req (day d of a shift is req.Start plus d days in Start's
// location; req.Cyclic makes the rules wrap, as a repeating week does).
// Rest and overlap are measured in real elapsed time across clock changes,
// availability on the local wall clock (see the package doc's time model).
//
// Hard rules are never broken: skill, availability, one shift a day, no
// overlap, MinRest between shifts, MaxConsecutiveDays, and each agent's
// weekly paid-time and working-day maximums. Soft goals, in order of
// weight: reach each agent's weekly minimum, avoid preferred days off,
// spread evening and weekend shifts, balance load.
//
// Method: days are taken hardest first (most shifts per available agent),
// each by a minimum-cost assignment of its shifts to agents (a
// minimum-cost flow from each planned shift's places to the agents, see
// assignGroups) whose costs are the soft goals plus a lookahead that spares
// agents whose remaining weekly capacity the days still to come need.
// Then open shifts are repaired by ejection chains of up to three
// hand-overs (an agent blocked only by one of its own shifts takes the
// open one, and that shift is placed the same way). When places stay open
// this is done again with each day held to its share of them, and the
// roster whose open places cost less is kept (shortageCost: the sum over
// days of open^2/places, so that a shortage spread over the days beats
// whole days with nobody). Last, a local search moves and swaps shifts
// while the soft cost falls. Search effort is
// counted, not timed, so the result is deterministic for given inputs.
//
// Preconditions: req valid (scheduler.Requirements.Validate); plan shifts
// on days of the horizon, starting in [0, 24h), at most 24h long, breaks
// inside. Cost: about n_d^2 (n_d + A) per day for n_d shifts of a day and
// A agents, plus bounded repair; a week of 1,461 shifts on 300 agents
// takes about a quarter of a second (BenchmarkAssign300x1500).
//
// Assign returns an error for invalid requirements, plan, agents or rules;
// an unassignable shift is not an error but an entry in Roster.Unassigned.
func Assign(req scheduler.Requirements, plan []scheduler.PlannedShift, agents []Agent, opt Options) (*Roster, error) {
	return AssignContext(context.Background(), req, plan, agents, opt)
}

// AssignContext is Assign that stops when ctx is done (cancelled or past its
// deadline), returning ctx's error and no roster. It polls ctx between
// steps, so it returns within one step of a day's assignment; it starts no
// goroutine and the result of a run that is not stopped is Assign's.
func AssignContext(ctx context.Context, req scheduler.Requirements, plan []scheduler.PlannedShift, agents []Agent, opt Options) (*Roster, error) {
	h, slots, err := prepare(req, plan, agents, opt)
	if err != nil {
		return nil, err
	}
	done := func() bool { return ctx.Err() != nil }
	b := agentBoard(h, slots, agents, opt)
	b.done = done
	b.assignByDay(nil)
	b.repair(repairBudget)
	// Short of agents, the hardest days take everyone's working days and
	// the shortage falls on whole days (a weekend with nobody): try again
	// holding each day to its share of the places that stay open, and keep
	// that when its shortage cost (shortageCost) is lower: a day served
	// short beats a day nobody answers, even at a few more open places.
	if quota := b.fairQuota(); quota != nil && !b.stopped() {
		alt := agentBoard(h, slots, agents, opt)
		alt.done = done
		alt.assignByDay(quota)
		alt.repair(repairBudget)
		if alt.shortageCost() < b.shortageCost() {
			b = alt
		}
	}
	b.improve(improveBudget)
	if err := ctx.Err(); err != nil {
		return nil, err
	}

	r := &Roster{}
	var open []int
	for i, a := range b.owner {
		if a < 0 {
			open = append(open, i)
			r.Unassigned = append(r.Unassigned, slots[i].shift)
			continue
		}
		r.Assignments = append(r.Assignments, Assignment{Agent: agents[a].ID, Shift: slots[i].shift})
	}
	sort.SliceStable(r.Assignments, func(i, j int) bool {
		x, y := r.Assignments[i], r.Assignments[j]
		if scheduler.ShiftLess(x.Shift, y.Shift) || scheduler.ShiftLess(y.Shift, x.Shift) {
			return scheduler.ShiftLess(x.Shift, y.Shift)
		}
		return x.Agent < y.Agent
	})
	if len(open) > 0 {
		r.Shortfall, r.Unstaffable = advise(h, opt.Rules, slots, open, agents)
	}
	return r, nil
}

// agentBoard is an empty board of the given agents.
func agentBoard(h horizon, slots []slot, agents []Agent, opt Options) *board {
	b := newBoard(h, opt.Rules, slots)
	for i := range agents {
		a := &agents[i]
		b.addAgent(a.HasSkill(opt.Skill), a.Availability.spans(), a.MinPerWeek, a.MaxPerWeek, a.MaxDaysPerWeek, a.PreferredDaysOff)
	}
	return b
}

// assignByDay assigns each day's shifts by a minimum-cost assignment, the
// most pressed days first; with quota, day d fills at most quota[d] of its
// places, taken in turn from each of its planned shifts.
func (b *board) assignByDay(quota []int) {
	n := b.h.days
	byDay := make([][]int, n)
	for i := range b.slots {
		byDay[b.slots[i].day] = append(byDay[b.slots[i].day], i)
	}
	// availDay[a][d]: a could work at least one of day d's shifts.
	availDay := make([][]bool, len(b.st))
	supply := make([]int, n)
	for a := range b.st {
		availDay[a] = make([]bool, n)
		for d, idx := range byDay {
			for _, i := range idx {
				if b.available(a, i) {
					availDay[a][d] = true
					supply[d]++
					break
				}
			}
		}
	}
	pressure := make([]float64, n)
	order := make([]int, n)
	for d := range order {
		order[d] = d
		pressure[d] = float64(len(byDay[d])) / float64(max(1, supply[d]))
	}
	sort.SliceStable(order, func(i, j int) bool { return pressure[order[i]] > pressure[order[j]] })
	done := make([]bool, n)

	const (
		openCost       = 1e4 // leaving a place open: worse than any soft cost
		impossibleCost = 2 * openCost
		scarcityCost   = 1.0
	)
	for _, d := range order {
		if b.stopped() {
			return
		}
		done[d] = true
		rows := byDay[d]
		if len(rows) == 0 {
			continue
		}
		var cols []int
		for a := range b.st {
			if availDay[a][d] && b.st[a].onDay[d] < 0 {
				cols = append(cols, a)
			}
		}
		// Places of one planned shift are alike (rows are sorted, so they
		// are adjacent): one group each.
		var groups [][]int
		for k, i := range rows {
			if k == 0 || shiftKey(b.slots[i].shift) != shiftKey(b.slots[rows[k-1]].shift) {
				groups = append(groups, nil)
			}
			groups[len(groups)-1] = append(groups[len(groups)-1], i)
		}
		counts := make([]int, len(groups))
		for g := range groups {
			counts[g] = len(groups[g])
		}
		if quota != nil {
			// The day's share: the k-th place of every shift in turn, so
			// that the places left open are spread over its shifts; the
			// flow then picks the agents for those places alone.
			// (A quota is at most the day's places, so this ends.)
			counts = make([]int, len(groups))
			for k, n := 0, 0; n < quota[d]; k++ {
				for g := range groups {
					if k < len(groups[g]) && n < quota[d] {
						counts[g]++
						n++
					}
				}
			}
		}
		agentsOf := assignGroups(counts, len(cols), func(g, c int) float64 {
			a, i := cols[c], groups[g][0]
			if !b.canTake(a, i) {
				return impossibleCost
			}
			s := &b.slots[i]
			return b.addCost(a, i) + scarcityCost*b.scarcity(a, s.week, availDay[a], done, pressure, s)
		}, openCost)
		for g, cs := range agentsOf {
			for k, c := range cs {
				if i := groups[g][k]; b.canTake(cols[c], i) {
					b.take(cols[c], i)
				}
			}
		}
	}
}

// openByDay counts each day's places and open places.
func (b *board) openByDay() (places, open []int) {
	places, open = make([]int, b.h.days), make([]int, b.h.days)
	for i, a := range b.owner {
		d := b.slots[i].day
		places[d]++
		if a < 0 {
			open[d]++
		}
	}
	return places, open
}

// shortageCost is the sum over days of open^2 / places: the open places,
// each weighted by the share of its day left open, so that a shortage
// spread over the days costs less than the same one on a few (20 open of
// seven days' 10 places cost 5.8 spread, 20 on two days with nobody).
func (b *board) shortageCost() float64 {
	places, open := b.openByDay()
	s := 0.0
	for d := range places {
		if places[d] > 0 {
			s += float64(open[d]*open[d]) / float64(places[d])
		}
	}
	return s
}

// fairQuota is, when places stay open, each day's places less its share
// of the open ones (in proportion to its places, rounded up); nil when
// none stays open.
func (b *board) fairQuota() []int {
	places, open := b.openByDay()
	total, openTotal := 0, 0
	for d := range places {
		total += places[d]
		openTotal += open[d]
	}
	if openTotal == 0 {
		return nil
	}
	quota := make([]int, len(places))
	for d := range places {
		quota[d] = places[d] - int(math.Ceil(float64(places[d]*openTotal)/float64(total)))
	}
	return quota
}

// scarcity is the lookahead cost of spending one of agent a's working days
// in week w now: zero while a has more capacity left than days still to
// come on which it could work, else the pressure on those days times the
// days it will have to miss.
func (b *board) scarcity(a, w int, availDay, done []bool, pressure []float64, s *slot) float64 {
	st := b.st[a]
	left := 7
	if st.maxDays > 0 {
		left = st.maxDays - st.days[w]
	}
	if st.maxPer > 0 && s.paid > 0 {
		left = min(left, int((st.maxPer-st.paid[w])/s.paid))
	}
	future, sum := 0, 0.0
	for d := 7 * w; d < 7*w+b.h.weekDays(w); d++ {
		if !done[d] && availDay[d] && st.onDay[d] < 0 {
			future++
			sum += pressure[d]
		}
	}
	if future < left {
		return 0
	}
	return sum / float64(future) * float64(future-left+1)
}

// repair places open shifts by ejection chains, like augmenting paths in
// a matching: an agent who could take the open shift but for one of its
// own shifts takes it, and that shift is placed the same way, up to
// repairDepth hand-overs. Every step goes through canTake, and a chain
// that fails is undone.
func (b *board) repair(budget int) {
	const perShift = 100_000 // so one hopeless shift does not use it all
	busy := make([]bool, len(b.st))
	for i := range b.slots {
		if b.owner[i] >= 0 {
			continue
		}
		if budget <= 0 || b.stopped() {
			return
		}
		left := min(budget, perShift)
		b.place(i, repairDepth, busy, &left)
		budget -= min(budget, perShift) - left
	}
}

const repairDepth = 3

// place puts open slot i on an agent, directly or by an ejection chain of
// at most depth hand-overs among agents not busy in the chain; it reports
// whether it did. Effort is taken from *left.
func (b *board) place(i, depth int, busy []bool, left *int) bool {
	best, bestCost := -1, 0.0
	for a := range b.st {
		*left--
		if !busy[a] && b.canTake(a, i) {
			if c := b.addCost(a, i); best < 0 || c < bestCost {
				best, bestCost = a, c
			}
		}
	}
	if best >= 0 {
		b.take(best, i)
		return true
	}
	if depth == 0 {
		return false
	}
	for a := range b.st {
		if busy[a] || !b.available(a, i) {
			continue
		}
		for _, j := range b.st[a].onDay {
			if j < 0 || *left <= 0 {
				continue
			}
			*left--
			b.drop(j)
			if b.canTake(a, i) {
				b.take(a, i)
				busy[a] = true
				ok := b.place(j, depth-1, busy, left)
				busy[a] = false
				if ok {
					return true
				}
				b.drop(i)
			}
			b.take(a, j) // as before the attempt, so still allowed
		}
	}
	return false
}

// improve lowers the soft cost by moving a shift to another agent and by
// swapping two agents' shifts, while either helps, within budget.
func (b *board) improve(budget int) {
	const eps = 1e-9
	for pass := 0; pass < 4 && budget > 0; pass++ {
		improved := false
		for i := range b.slots {
			a := b.owner[i]
			if a < 0 {
				continue
			}
			if b.stopped() {
				return
			}
			b.drop(i)
			stay := b.addCost(a, i)
			best, bestCost := -1, stay-eps
			for c := range b.st {
				budget--
				if c != a && b.canTake(c, i) {
					if cost := b.addCost(c, i); cost < bestCost {
						best, bestCost = c, cost
					}
				}
			}
			if best >= 0 {
				b.take(best, i)
				improved = true
			} else {
				b.take(a, i)
			}
			if budget <= 0 {
				return
			}
		}
		// Swaps help where moves cannot: an agent working a preferred day
		// off trades with one who works another day.
		for i := range b.slots {
			a := b.owner[i]
			if a < 0 || !b.st[a].prefOff[b.slots[i].weekday] {
				continue
			}
			for j := range b.slots {
				c := b.owner[j]
				if c < 0 || c == a || b.slots[j].day == b.slots[i].day || budget <= 0 {
					continue
				}
				budget -= 2
				before := b.soft(b.st[a]) + b.soft(b.st[c])
				b.drop(i)
				b.drop(j)
				if b.canTake(a, j) {
					b.take(a, j)
					if b.canTake(c, i) {
						b.take(c, i)
						if b.soft(b.st[a])+b.soft(b.st[c]) < before-eps {
							improved = true
							break
						}
						b.drop(i)
					}
					b.drop(j)
				}
				b.take(a, i)
				b.take(c, j)
			}
		}
		if !improved {
			return
		}
	}
}
