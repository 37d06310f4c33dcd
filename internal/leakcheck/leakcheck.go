// Package leakcheck is a test helper: it checks that the goroutines a
// test started have all exited.
package leakcheck

import (
	"runtime"
	"testing"
	"time"
)

// wait bounds how long Settled waits for goroutines that have finished
// their work to exit. It is a bound on a leak, never a timing check: on a
// loaded CI machine a goroutine past its last statement can take a while
// to be scheduled, and a thousand runtime.Gosched calls were once not
// enough.
const wait = 30 * time.Second

// Before returns the goroutine count to pass to Settled later.
func Before() int { return runtime.NumGoroutine() }

// Settled waits until at most before goroutines are running and fails tb,
// listing every goroutine's stack, if that does not happen within 30 s.
func Settled(tb testing.TB, before int) {
	tb.Helper()
	for deadline := time.Now().Add(wait); ; {
		after := runtime.NumGoroutine()
		if after <= before {
			return
		}
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<20)
			tb.Errorf("%d goroutines before, %d after:\n%s", before, after, buf[:runtime.Stack(buf, true)])
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
}
