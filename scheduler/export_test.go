package scheduler

import "context"

// DistinctBound is Solve's distinct-shift bound for the external
// benchmarks, which time it apart from the search: the week LP, then the
// ascent from its duals towards ub at effort 1. ok is false where it
// cannot run (see distinctBound) or the week LP fails.
func DistinctBound(p Problem, ub float64) (bound float64, ok bool, err error) {
	m, err := newModel(p)
	if err != nil {
		return 0, false, err
	}
	ck := &clock{ctx: context.Background()}
	res, _, ok := m.weekLP(ck, nil, nil)
	if !ok {
		return 0, false, nil
	}
	bound, ok = distinctBound(m, res.duals, ub, keyBoundIters, ck)
	return bound, ok, nil
}

// PlacementCount is the number of (shift, break placement) columns of p's
// model, for the tests that build the same problem as a MIP of their own.
func PlacementCount(p Problem) (int, error) {
	m, err := newModel(p)
	if err != nil {
		return 0, err
	}
	return m.placementCount(), nil
}
