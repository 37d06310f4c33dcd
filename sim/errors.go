package sim

import "errors"

// Errors; match them with errors.Is. Messages name the field at fault as a
// dotted path ("intervals[3].agents", "shifts[2].breaks[0].start").
var (
	// ErrInvalid is a model or option out of range.
	ErrInvalid = errors.New("sim: invalid model")
	// ErrTooLarge is a model whose expected arrivals per replication
	// exceed MaxArrivals.
	ErrTooLarge = errors.New("sim: model too large")
)
