package roster

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestMinCostAssignment compares the Hungarian method with brute force on
// small random rectangular matrices.
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
