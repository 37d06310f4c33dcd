package roster

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/staffcast/staffcast/scheduler"
)

// assignableBound is an upper bound on how many of a one-week plan's
// places any roster can fill: a maximum flow from agents (each at most its
// weekly days, and its weekly hours over the shortest paid shift) through
// agent-days (one shift a day) to the shifts each is available and skilled
// for. It relaxes rest and runs of days, so a roster may fall short of it
// but never exceeds it.
func assignableBound(t testing.TB, req scheduler.Requirements, plan []scheduler.PlannedShift, agents []Agent, opt Options) (bound, places int) {
	t.Helper()
	h, err := newHorizon(req)
	if err != nil || h.days != 7 {
		t.Fatalf("bound needs a one-week horizon: %v", err)
	}
	slots, err := expand(h, plan, opt)
	if err != nil {
		t.Fatal(err)
	}
	b := agentBoard(h, slots, agents, opt)
	// Distinct shifts with their head-counts.
	var kinds []int
	count := map[int]int{}
	kindOf := map[string]int{}
	minPaid := time.Duration(1 << 62)
	for i, s := range slots {
		minPaid = min(minPaid, s.paid)
		k := shiftKey(s.shift)
		j, ok := kindOf[k]
		if !ok {
			j = len(kinds)
			kindOf[k] = j
			kinds = append(kinds, i)
		}
		count[j]++
	}
	nA := len(agents)
	src, sink, agentBase, dayBase := 0, 1, 2, 2+nA
	kindBase := dayBase + 7*nA
	g := newFlowGraph(kindBase + len(kinds))
	for a := range agents {
		c := 7
		if m := agents[a].MaxDaysPerWeek; m > 0 {
			c = m
		}
		if m := agents[a].MaxPerWeek; m > 0 && minPaid > 0 {
			c = min(c, int(m/minPaid))
		}
		g.add(src, agentBase+a, c)
		for d := range 7 {
			g.add(agentBase+a, dayBase+7*a+d, 1)
		}
		for k, i := range kinds {
			if b.available(a, i) {
				g.add(dayBase+7*a+slots[i].day, kindBase+k, 1)
			}
		}
	}
	for k := range kinds {
		g.add(kindBase+k, sink, count[k])
	}
	return g.maxFlow(src, sink), len(slots)
}

// contractCapacity is the simplest bound on a one-week plan's assignable
// places: each agent works at most its weekly days and its weekly paid
// hours over the shortest paid shift, and no more shifts than the plan
// has days.
func contractCapacity(plan []scheduler.PlannedShift, agents []Agent) int {
	minPaid, days := time.Duration(1<<62), map[int]bool{}
	for _, ps := range plan {
		if ps.Count > 0 {
			minPaid = min(minPaid, ps.PaidTime())
			days[ps.Day] = true
		}
	}
	total := 0
	for _, a := range agents {
		c := len(days)
		if a.MaxDaysPerWeek > 0 {
			c = min(c, a.MaxDaysPerWeek)
		}
		if a.MaxPerWeek > 0 && minPaid > 0 {
			c = min(c, int(a.MaxPerWeek/minPaid))
		}
		total += c
	}
	return total
}

// flowGraph is Dinic's maximum flow (Dinic 1970), for the test bound.
type flowGraph struct {
	adj       [][]flowEdge
	level, it []int
}

type flowEdge struct{ to, rev, cap int }

func newFlowGraph(n int) *flowGraph {
	return &flowGraph{adj: make([][]flowEdge, n), level: make([]int, n), it: make([]int, n)}
}

func (g *flowGraph) add(a, b, c int) {
	g.adj[a] = append(g.adj[a], flowEdge{b, len(g.adj[b]), c})
	g.adj[b] = append(g.adj[b], flowEdge{a, len(g.adj[a]) - 1, 0})
}

func (g *flowGraph) maxFlow(s, t int) int {
	total := 0
	for {
		for i := range g.level {
			g.level[i] = -1
		}
		g.level[s] = 0
		queue := []int{s}
		for len(queue) > 0 {
			v := queue[0]
			queue = queue[1:]
			for _, e := range g.adj[v] {
				if e.cap > 0 && g.level[e.to] < 0 {
					g.level[e.to] = g.level[v] + 1
					queue = append(queue, e.to)
				}
			}
		}
		if g.level[t] < 0 {
			return total
		}
		clear(g.it)
		for f := g.push(s, t, 1<<30); f > 0; f = g.push(s, t, 1<<30) {
			total += f
		}
	}
}

func (g *flowGraph) push(v, t, f int) int {
	if v == t {
		return f
	}
	for ; g.it[v] < len(g.adj[v]); g.it[v]++ {
		e := &g.adj[v][g.it[v]]
		if e.cap > 0 && g.level[v] < g.level[e.to] {
			if d := g.push(e.to, t, min(f, e.cap)); d > 0 {
				e.cap -= d
				g.adj[e.to][e.rev].cap += d
				return d
			}
		}
	}
	return 0
}

// TestAssignNearBound checks Assign fills nearly as many places as the
// flow bound allows on the benchmark week and on random weeks: at most 1%
// of the places (and 2 places) fewer. The bound ignores rest and runs, so
// part of any gap is not Assign's to close.
func TestAssignNearBound(t *testing.T) {
	type instance struct {
		name   string
		plan   []scheduler.PlannedShift
		agents []Agent
	}
	var cases []instance
	p, a := contactCentreWeek(rand.New(rand.NewPCG(1, 2)))
	cases = append(cases, instance{"contact centre week", p, a})
	for seed := range uint64(4) {
		// Shifts of one length, so the bound's hours count is tight.
		p, a := randomInstance(rand.New(rand.NewPCG(seed, 11)), 60, 7)
		for k := range p {
			p[k].Length, p[k].Breaks = 8*hour, nil
		}
		cases = append(cases, instance{"random", p, a})
	}
	for _, c := range cases {
		req := weekReq(7, true)
		opt := DefaultOptions()
		opt.Skill = "voice"
		bound, places := assignableBound(t, req, c.plan, c.agents, opt)
		r, err := Assign(req, c.plan, c.agents, opt)
		if err != nil {
			t.Fatal(err)
		}
		got := len(r.Assignments)
		if capacity := contractCapacity(c.plan, c.agents); bound > capacity {
			t.Errorf("%s: flow bound %d above the contracts' capacity %d: the bound is wrong", c.name, bound, capacity)
		} else {
			t.Logf("%s: contracts allow at most %d of %d places", c.name, capacity, places)
		}
		if got > bound {
			t.Fatalf("%s: %d assigned, above the bound %d: the bound is wrong", c.name, got, bound)
		}
		if gap := bound - got; gap > max(2, places/100) {
			t.Errorf("%s: %d of %d places assigned, bound %d (gap %d)", c.name, got, places, bound, gap)
		}
		t.Logf("%s: %d places, assigned %d, bound %d", c.name, places, got, bound)
	}
}
