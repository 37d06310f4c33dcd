package app

import (
	"context"
	"runtime"
	"time"

	"github.com/staffcast/staffcast/forecast"
	"github.com/staffcast/staffcast/internal/workpool"
)

// ForecastEach forecasts n independent queues on up to workers goroutines
// (0: GOMAXPROCS), loading each one's series only when a worker takes it
// and handing its result to done (called from the workers, for one queue
// at a time per worker; done must be safe for concurrent use), so memory
// holds at most workers series at once. start, horizon and opts are the
// same for every queue (start zero: each series' NextStart). It returns the first error
// (load's, the forecaster's as forecastError classifies it, or done's) or
// Canceled when ctx ends, after every worker has stopped.
func ForecastEach(ctx context.Context, n, workers int, load func(i int) (*forecast.Series, error), start time.Time, horizon time.Duration,
	opts forecast.Options, done func(i int, r *forecast.Result) error) error {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	err := workpool.Run(ctx, n, workers, nil, func(_ context.Context, i int) error {
		s, err := load(i)
		if err != nil {
			return err
		}
		at := start
		if at.IsZero() {
			at = s.NextStart()
		}
		r, err := forecast.Forecast(s, at, horizon, opts)
		if err != nil {
			return forecastError(s.Queue, err)
		}
		return done(i, r)
	})
	if err != nil && err == ctx.Err() { // the pool stopped at the context, before any queue failed
		return Wrap(Canceled, "forecast", err)
	}
	return err
}
