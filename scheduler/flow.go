package scheduler

import (
	"math"
	"slices"
)

// flowGraph is a min-cost flow network solved by successive shortest paths
// with Dijkstra on reduced costs (Ahuja, Magnanti & Orlin 1993, ch. 9).
// Costs must be non-negative; arcs have unbounded capacity unless given.
type flowGraph struct {
	n         int
	head      []int
	to, next  []int
	capa      []int
	cost      []float64
	supply    []int
	dist, pot []float64
	prevArc   []int
	heapNode  []int
	heapKey   []float64
}

const flowInf = 1 << 40

func newFlowGraph(n int) *flowGraph {
	g := &flowGraph{}
	g.reset(n)
	return g
}

// reset empties g into a graph of n nodes, keeping its memory: the flow
// search re-solves graphs of one size thousands of times.
func (g *flowGraph) reset(n int) {
	g.n = n
	g.head = slices.Grow(g.head[:0], n+2)[:n]
	g.supply = slices.Grow(g.supply[:0], n)[:n]
	for i := range g.head {
		g.head[i] = -1
		g.supply[i] = 0
	}
	g.to, g.next, g.capa, g.cost = g.to[:0], g.next[:0], g.capa[:0], g.cost[:0]
}

// arc adds u->v with cost c and capacity cp; it returns the arc's index,
// whose flow is the capacity left on its twin (index^1).
func (g *flowGraph) arc(u, v int, c float64, cp int) int {
	add := func(u, v int, c float64, cp int) {
		g.to = append(g.to, v)
		g.next = append(g.next, g.head[u])
		g.capa = append(g.capa, cp)
		g.cost = append(g.cost, c)
		g.head[u] = len(g.to) - 1
	}
	add(u, v, c, cp)
	add(v, u, -c, 0)
	return len(g.to) - 2
}

func (g *flowGraph) flow(a int) int { return g.capa[a^1] }

// solve sends every node's supply to the demands at least cost. It returns
// false when the demands cannot be met.
func (g *flowGraph) solve() bool {
	s, t := g.n, g.n+1
	n := g.n + 2
	g.head = append(g.head, -1, -1)
	total := 0
	for v := 0; v < g.n; v++ {
		if b := g.supply[v]; b > 0 {
			g.arc(s, v, 0, b)
			total += b
		} else if b < 0 {
			g.arc(v, t, 0, -b)
		}
	}
	g.dist = slices.Grow(g.dist[:0], n)[:n]
	g.pot = slices.Grow(g.pot[:0], n)[:n]
	clear(g.pot)
	g.prevArc = slices.Grow(g.prevArc[:0], n)[:n]
	for total > 0 {
		g.dijkstra(s, t, n)
		dt := g.dist[t]
		if math.IsInf(dt, 1) {
			return false
		}
		// Nodes not settled before t get dist(t): reduced costs stay
		// non-negative, which lets Dijkstra stop at t.
		for v, d := range g.dist[:n] {
			if d > dt {
				d = dt
			}
			g.pot[v] += d
		}
		f := total
		for v := t; v != s; v = g.to[g.prevArc[v]^1] {
			f = min(f, g.capa[g.prevArc[v]])
		}
		for v := t; v != s; v = g.to[g.prevArc[v]^1] {
			a := g.prevArc[v]
			g.capa[a] -= f
			g.capa[a^1] += f
		}
		total -= f
	}
	return true
}

func (g *flowGraph) dijkstra(s, t, n int) {
	for i := range g.dist[:n] {
		g.dist[i] = math.Inf(1)
		g.prevArc[i] = -1
	}
	g.dist[s] = 0
	g.heapNode = append(g.heapNode[:0], s)
	g.heapKey = append(g.heapKey[:0], 0)
	for len(g.heapNode) > 0 {
		u, du := g.pop()
		if du > g.dist[u] {
			continue
		}
		if u == t {
			return
		}
		for a := g.head[u]; a >= 0; a = g.next[a] {
			if g.capa[a] <= 0 {
				continue
			}
			v := g.to[a]
			rc := g.cost[a] + g.pot[u] - g.pot[v]
			if rc < 0 {
				rc = 0 // round-off; reduced costs are non-negative in exact arithmetic
			}
			if nd := du + rc; nd < g.dist[v]-1e-12 {
				g.dist[v] = nd
				g.prevArc[v] = a
				g.push(v, nd)
			}
		}
	}
}

func (g *flowGraph) push(v int, k float64) {
	g.heapNode = append(g.heapNode, v)
	g.heapKey = append(g.heapKey, k)
	i := len(g.heapNode) - 1
	for i > 0 {
		p := (i - 1) / 2
		if g.heapKey[p] <= g.heapKey[i] {
			break
		}
		g.heapNode[p], g.heapNode[i] = g.heapNode[i], g.heapNode[p]
		g.heapKey[p], g.heapKey[i] = g.heapKey[i], g.heapKey[p]
		i = p
	}
}

func (g *flowGraph) pop() (int, float64) {
	v, k := g.heapNode[0], g.heapKey[0]
	last := len(g.heapNode) - 1
	g.heapNode[0], g.heapKey[0] = g.heapNode[last], g.heapKey[last]
	g.heapNode, g.heapKey = g.heapNode[:last], g.heapKey[:last]
	i := 0
	for {
		l, r, m := 2*i+1, 2*i+2, i
		if l < last && g.heapKey[l] < g.heapKey[m] {
			m = l
		}
		if r < last && g.heapKey[r] < g.heapKey[m] {
			m = r
		}
		if m == i {
			break
		}
		g.heapNode[m], g.heapNode[i] = g.heapNode[i], g.heapNode[m]
		g.heapKey[m], g.heapKey[i] = g.heapKey[i], g.heapKey[m]
		i = m
	}
	return v, k
}
