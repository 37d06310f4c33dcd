package scenario

import (
	"context"
	"errors"
)

var errTODO = errors.New("scenario: not implemented yet")

// Evaluate computes every queue of d on its demand in.
func Evaluate(ctx context.Context, d Document, in Inputs, opt Options) (*Result, error) {
	return nil, errTODO
}

// Sweep evaluates d at every point of the grid of vary.
func Sweep(ctx context.Context, d Document, in Inputs, vary []Vary, opt Options) (*SweepResult, error) {
	return nil, errTODO
}

// Optimize chooses each queue's bot share per hour of day.
func Optimize(ctx context.Context, d Document, in Inputs, opt OptimizeOptions) (*OptimizeResult, error) {
	return nil, errTODO
}

// Compare sets results side by side against the first.
func Compare(results []*Result, names []string) Comparison {
	return Comparison{}
}
