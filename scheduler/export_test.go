package scheduler

import (
	"context"
	"time"
)

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

// SolveWithin solves p as a caller with a time limit does: under a
// deadline SearchTime(limit) from now that is time to spend (no limit when
// limit is 0).
func SolveWithin(ctx context.Context, p Problem, opt Options, limit time.Duration) (Plan, error) {
	if limit > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, SearchTime(limit))
		defer cancel()
		opt.SpendToDeadline = true
	}
	return Solve(ctx, p, opt)
}
