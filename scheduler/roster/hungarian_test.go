package roster

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestMinCostAssignment checks the reference: it compares the Hungarian
// method with brute force on small random rectangular matrices.
func TestMinCostAssignment(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 5))
	for trial := range 300 {
		n := 1 + rng.IntN(5)
		m := n + rng.IntN(3)
		cost := make([]float64, n*m)
		for i := range cost {
			cost[i] = float64(rng.IntN(20)) - 5
		}
		got := minCostAssignment(cost, n, m)
		used := map[int]bool{}
		total := 0.0
		for r, c := range got {
			if c < 0 || c >= m || used[c] {
				t.Fatalf("trial %d: invalid assignment %v", trial, got)
			}
			used[c] = true
			total += cost[r*m+c]
		}
		if best := bruteForce(cost, n, m, 0, make([]bool, m)); math.Abs(total-best) > 1e-9 {
			t.Fatalf("trial %d: cost %v, optimum %v", trial, total, best)
		}
	}
}

func bruteForce(cost []float64, n, m, row int, used []bool) float64 {
	if row == n {
		return 0
	}
	best := math.Inf(1)
	for c := range m {
		if !used[c] {
			used[c] = true
			best = min(best, cost[row*m+c]+bruteForce(cost, n, m, row+1, used))
			used[c] = false
		}
	}
	return best
}

// minCostAssignment, the test's reference for assignGroups, solves the
// rectangular assignment problem: given an
// n x m cost matrix (row-major, n <= m) it returns for each row a distinct
// column minimising the total cost. It is the Hungarian method with
// potentials and shortest augmenting paths (Kuhn 1955; Munkres 1957; the
// O(n^2 m) form of Jonker and Volgenant 1987), deterministic: ties go to
// the lowest column.
func minCostAssignment(cost []float64, n, m int) []int {
	if n > m {
		panic("roster: assignment needs no more rows than columns")
	}
	// 1-based arrays as in the classical statement; column 0 is a sentinel.
	u := make([]float64, n+1)
	v := make([]float64, m+1)
	p := make([]int, m+1) // row matched to column j
	way := make([]int, m+1)
	minv := make([]float64, m+1)
	used := make([]bool, m+1)
	for i := 1; i <= n; i++ {
		p[0] = i
		j0 := 0
		for j := range minv {
			minv[j] = math.Inf(1)
			used[j] = false
		}
		for {
			used[j0] = true
			i0 := p[j0]
			delta, j1 := math.Inf(1), 0
			row := cost[(i0-1)*m:]
			for j := 1; j <= m; j++ {
				if used[j] {
					continue
				}
				cur := row[j-1] - u[i0] - v[j]
				if cur < minv[j] {
					minv[j] = cur
					way[j] = j0
				}
				if minv[j] < delta {
					delta, j1 = minv[j], j
				}
			}
			for j := 0; j <= m; j++ {
				if used[j] {
					u[p[j]] += delta
					v[j] -= delta
				} else {
					minv[j] -= delta
				}
			}
			j0 = j1
			if p[j0] == 0 {
				break
			}
		}
		for j0 != 0 {
			j1 := way[j0]
			p[j0] = p[j1]
			j0 = j1
		}
	}
	rowCol := make([]int, n)
	for j := 1; j <= m; j++ {
		if p[j] > 0 {
			rowCol[p[j]-1] = j - 1
		}
	}
	return rowCol
}

// TestAssignGroups checks the minimum-cost flow against the Hungarian
// method on one row per place (each with its own "left open" column) on
// random days, short- and over-staffed, with groups of alike places and
// pairs no agent may take: the same least cost, every agent at most once,
// no group over its count, no pair that costs as much as an open place.
func TestAssignGroups(t *testing.T) {
	const open, impossible = 100.0, 200.0
	rng := rand.New(rand.NewPCG(7, 7))
	for trial := range 2000 {
		G, A, most := 1+rng.IntN(5), rng.IntN(9), 4
		if trial%20 == 0 { // larger days, deeper heaps and longer paths
			G, A, most = 1+rng.IntN(20), rng.IntN(80), 8
		}
		counts := make([]int, G)
		places := 0
		for g := range counts {
			counts[g] = 1 + rng.IntN(most)
			places += counts[g]
		}
		pc := make([]float64, G*A)
		for i := range pc {
			// Some pairs cost about as much as an open place, so that
			// the last paths save little or nothing.
			pc[i] = float64(rng.IntN(30) + 70*rng.IntN(2))
			if rng.IntN(4) == 0 {
				pc[i] = impossible
			}
		}
		got := assignGroups(counts, A, func(g, a int) float64 { return pc[g*A+a] }, open)
		used := map[int]bool{}
		total := 0.0
		for g, as := range got {
			if len(as) > counts[g] {
				t.Fatalf("trial %d: group %d of %d places given %d agents", trial, g, counts[g], len(as))
			}
			total += open * float64(counts[g]-len(as))
			for _, a := range as {
				if a < 0 || a >= A || used[a] || pc[g*A+a] >= open {
					t.Fatalf("trial %d: group %d given agent %d: %v", trial, g, a, got)
				}
				used[a] = true
				total += pc[g*A+a]
			}
		}
		m := places + A
		cost := make([]float64, places*m)
		p := 0
		for g := range counts {
			for range counts[g] {
				for a := range A {
					cost[p*m+a] = pc[g*A+a]
				}
				for c := A; c < m; c++ {
					cost[p*m+c] = open
				}
				p++
			}
		}
		want := 0.0
		for r, c := range minCostAssignment(cost, places, m) {
			want += cost[r*m+c]
		}
		if math.Abs(total-want) > 1e-9 {
			t.Fatalf("trial %d (%v places, %d agents): cost %v, the Hungarian method's %v", trial, counts, A, total, want)
		}
	}
}
