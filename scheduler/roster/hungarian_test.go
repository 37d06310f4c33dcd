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

// TestAssignPlacesOrientations checks that placing by place and by agent
// reach the same least cost (the by-agent form is the same problem
// shifted by a constant), on random days short- and over-staffed, with
// impossible pairs, and that each is a valid assignment.
func TestAssignPlacesOrientations(t *testing.T) {
	const open, impossible = 100.0, 200.0
	rng := rand.New(rand.NewPCG(7, 7))
	for trial := range 500 {
		places, agents := 1+rng.IntN(8), rng.IntN(8)
		pc := make([]float64, places*agents)
		for i := range pc {
			pc[i] = float64(rng.IntN(30))
			if rng.IntN(4) == 0 {
				pc[i] = impossible
			}
		}
		pairCost := func(p, a int) float64 { return pc[p*agents+a] }
		total := func(agentOf []int) float64 {
			used := map[int]bool{}
			sum := 0.0
			for p, a := range agentOf {
				switch {
				case a < 0:
					sum += open
				case a >= agents || used[a]:
					t.Fatalf("trial %d: invalid assignment %v", trial, agentOf)
				default:
					used[a] = true
					sum += pairCost(p, a)
				}
			}
			return sum
		}
		byPlace, _ := assignPlacesOriented(places, agents, pairCost, open, nil, false)
		byAgent, _ := assignPlacesOriented(places, agents, pairCost, open, nil, true)
		if x, y := total(byPlace), total(byAgent); math.Abs(x-y) > 1e-9 {
			t.Fatalf("trial %d (%d places, %d agents): %v by place, %v by agent", trial, places, agents, x, y)
		}
		for p, a := range byAgent {
			if a >= 0 && pairCost(p, a) >= impossible {
				t.Fatalf("trial %d: place %d given an impossible agent %d", trial, p, a)
			}
		}
	}
}
