// Package workpool runs independent jobs on a few goroutines, stopping at
// the first error or when the context ends, and returns only when every
// goroutine it started has finished. It is pure: no I/O, no globals, no
// clock.
package workpool

import (
	"context"
	"sync"
)

// Run calls fn(ctx, i) for i in [0, n) on up to workers goroutines (at
// least one; each takes the next i when it is free) and waits for all of
// them. The first error fn returns cancels the ctx passed to the others,
// stops handing out indexes, and is returned; otherwise, when ctx ends
// before every i was done, ctx.Err() is returned unwrapped (so a caller
// can tell it by err == ctx.Err()). progress, when set, is called after
// each success with the count done so far, one call at a time.
func Run(ctx context.Context, n, workers int, progress func(done, total int), fn func(ctx context.Context, i int) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	workers = max(1, min(workers, n))
	var (
		mu    sync.Mutex
		next  int
		done  int
		first error
		wg    sync.WaitGroup
	)
	take := func() (int, bool) {
		mu.Lock()
		defer mu.Unlock()
		if next >= n || first != nil || ctx.Err() != nil {
			return 0, false
		}
		next++
		return next - 1, true
	}
	finish := func(err error) {
		mu.Lock()
		defer mu.Unlock()
		if err != nil {
			if first == nil {
				first = err
				cancel()
			}
			return
		}
		done++
		if progress != nil && first == nil {
			progress(done, n)
		}
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
				finish(fn(ctx, i))
			}
		}()
	}
	wg.Wait()
	switch {
	case first != nil:
		return first
	case done == n:
		return nil
	}
	return ctx.Err()
}
