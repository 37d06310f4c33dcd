package roster

import "math"

// assignGroups fills places with agents at least cost when the places come
// in groups of identical ones (the people of one planned shift): group g
// has counts[g] places, cost(g, a) is agent a taking one of them (openCost
// or more, or +Inf: a does not take it), a place left open costs openCost,
// and each agent takes at most one place. It returns the agents taking
// each group's places.
//
// It is a minimum-cost flow, source → group (counts[g]) → agent (1) →
// sink, solved by successive shortest paths with Dijkstra's method on
// reduced costs (Ahuja, Magnanti & Orlin 1993, §9.7): each augmenting path
// fills one more place, and its cost less openCost is what that saves. The
// saving never grows from one path to the next (the cost of the flow is
// convex in its value), so the search stops at the first path that saves
// nothing, and the result is the least cost over every assignment, the
// same as the Hungarian method on one row per place, which costs
// O(places² × (places + agents)); this costs O(groups × agents) a path at
// worst, and a day has far fewer distinct shifts than people.
func assignGroups(counts []int, agents int, cost func(g, a int) float64, openCost float64) [][]int {
	G, A := len(counts), agents
	// c[g*A+a]: the pair's cost less openCost, negative where taking the
	// place beats leaving it open; +Inf where it does not (never used).
	c := make([]float64, G*A)
	for g := range G {
		for a := range A {
			v := cost(g, a) - openCost
			if !(v < 0) {
				v = math.Inf(1)
			}
			c[g*A+a] = v
		}
	}
	rem := append([]int(nil), counts...)
	match := make([]int, A) // the group agent a works, or -1
	for a := range match {
		match[a] = -1
	}
	// Nodes: groups 0..G-1, agents G..G+A-1, the sink G+A; the source is
	// implicit with potential 0. pot holds shortest distances from the
	// source, so every residual edge's reduced cost is non-negative; at
	// first every edge runs from the source or from a group, and no path
	// is longer than two edges.
	T := G + A
	pot := make([]float64, T+1)
	pot[T] = math.Inf(1)
	for a := range A {
		best := 0.0 // an agent no group can use keeps 0; it has no edge in
		for g := range G {
			best = min(best, c[g*A+a])
		}
		pot[G+a] = best
		pot[T] = min(pot[T], best)
	}
	if A == 0 {
		pot[T] = 0
	}
	dist := make([]float64, T+1)
	prev := make([]int, T+1) // -1: reached from the source
	done := make([]bool, T+1)
	q := newDistHeap(dist)
	for {
		for v := range dist {
			dist[v], prev[v], done[v] = math.Inf(1), -2, false
		}
		q.clear()
		for g := range G {
			if rem[g] > 0 {
				dist[g], prev[g] = -pot[g], -1
				q.update(g)
			}
		}
		relax := func(u, v int, w float64) {
			if nd := dist[u] + w + pot[u] - pot[v]; nd < dist[v] {
				dist[v], prev[v] = nd, u
				q.update(v)
			}
		}
		for q.len() > 0 {
			u := q.pop()
			done[u] = true
			switch {
			case u == T:
				q.clear()
			case u < G:
				g := u
				row := c[g*A : (g+1)*A]
				for a, w := range row {
					if !math.IsInf(w, 1) && match[a] != g && !done[G+a] {
						relax(g, G+a, w)
					}
				}
			default:
				a := u - G
				if g := match[a]; g < 0 {
					relax(u, T, 0)
				} else if !done[g] {
					relax(u, g, -c[g*A+a])
				}
			}
		}
		dT := dist[T]
		if math.IsInf(dT, 1) || dT+pot[T] >= 0 {
			break // no path, or one that saves nothing
		}
		for v := range pot {
			pot[v] += min(dist[v], dT)
		}
		// Walk back: sink ← agent ← group ← agent ← ... ← group ← source;
		// each agent on the path moves to the group before it.
		a := prev[T] - G
		for {
			g := prev[G+a]
			match[a] = g
			if prev[g] == -1 {
				rem[g]--
				break
			}
			a = prev[g] - G
		}
	}
	out := make([][]int, G)
	for a, g := range match {
		if g >= 0 {
			out[g] = append(out[g], a)
		}
	}
	return out
}

// distHeap is Dijkstra's queue of nodes keyed by dist: least distance
// first, then lowest node, so equal paths are always chosen alike. Each
// node is in it at most once (update lowers its key in place), so it
// allocates nothing after newDistHeap.
type distHeap struct {
	dist []float64
	node []int // the heap
	at   []int // node's index in the heap, or -1
}

func newDistHeap(dist []float64) *distHeap {
	h := &distHeap{dist: dist, node: make([]int, 0, len(dist)), at: make([]int, len(dist))}
	for v := range h.at {
		h.at[v] = -1
	}
	return h
}

func (h *distHeap) len() int { return len(h.node) }

func (h *distHeap) clear() {
	for _, v := range h.node {
		h.at[v] = -1
	}
	h.node = h.node[:0]
}

func (h *distHeap) less(i, j int) bool {
	x, y := h.node[i], h.node[j]
	if h.dist[x] != h.dist[y] {
		return h.dist[x] < h.dist[y]
	}
	return x < y
}

func (h *distHeap) swap(i, j int) {
	h.node[i], h.node[j] = h.node[j], h.node[i]
	h.at[h.node[i]], h.at[h.node[j]] = i, j
}

// update puts v in the queue or, when it is there, moves it up after its
// distance fell.
func (h *distHeap) update(v int) {
	i := h.at[v]
	if i < 0 {
		i = len(h.node)
		h.node = append(h.node, v)
		h.at[v] = i
	}
	for i > 0 {
		p := (i - 1) / 2
		if !h.less(i, p) {
			break
		}
		h.swap(i, p)
		i = p
	}
}

// pop removes and returns the nearest node.
func (h *distHeap) pop() int {
	v := h.node[0]
	last := len(h.node) - 1
	h.swap(0, last)
	h.node = h.node[:last]
	h.at[v] = -1
	for i := 0; ; {
		l, r, m := 2*i+1, 2*i+2, i
		if l < last && h.less(l, m) {
			m = l
		}
		if r < last && h.less(r, m) {
			m = r
		}
		if m == i {
			break
		}
		h.swap(i, m)
		i = m
	}
	return v
}
