package app

import (
	"context"
	"runtime"
	"sync"
	"time"

	"github.com/staffcast/staffcast/forecast"
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
	const op = "forecast"
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = max(1, min(workers, n))
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		mu    sync.Mutex
		first error
		next  int
		wg    sync.WaitGroup
	)
	fail := func(err error) {
		mu.Lock()
		if first == nil {
			first = err
		}
		mu.Unlock()
		cancel()
	}
	take := func() (int, bool) {
		mu.Lock()
		defer mu.Unlock()
		if next >= n || first != nil {
			return 0, false
		}
		next++
		return next - 1, true
	}
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i, ok := take()
				if !ok {
					return
				}
				if err := ctx.Err(); err != nil {
					fail(Wrap(Canceled, op, err))
					return
				}
				s, err := load(i)
				if err != nil {
					fail(err)
					return
				}
				at := start
				if at.IsZero() {
					at = s.NextStart()
				}
				r, err := forecast.Forecast(s, at, horizon, opts)
				if err != nil {
					fail(forecastError(s.Queue, err))
					return
				}
				if err := done(i, r); err != nil {
					fail(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	if first == nil {
		if err := ctx.Err(); err != nil && next < n {
			return Wrap(Canceled, op, err)
		}
	}
	return first
}
