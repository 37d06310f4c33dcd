package roster

import "math"

// minCostAssignment solves the rectangular assignment problem: given an
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
