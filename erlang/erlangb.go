package erlang

import "math"

// ErlangB returns the Erlang B blocking probability B(a, n): the share of
// contacts lost when a Erlangs are offered to n agents with no waiting room,
//
//	B(a, n) = (aⁿ/n!) / Σ_{k=0..n} aᵏ/k!.
//
// It uses the recursion 1/B(a, n) = 1 + (n/a)·1/B(a, n-1), never factorials,
// started far enough below min(n, a) that the start's error is damped below
// 1e-20 (see invBlocking), so it costs O(√a + |n-a|) and is accurate to a few
// ulps for any a up to and beyond 10⁶ Erlangs. ErlangB panics if a < 0 or
// n < 0.
func ErlangB(a float64, n int) float64 {
	if a < 0 || n < 0 || math.IsNaN(a) {
		panic("erlang: ErlangB needs a >= 0 and n >= 0")
	}
	var t invBlocking
	t.reset(a, nil)
	return 1 / t.at(n)
}

// ErlangC returns the Erlang C probability of waiting C(a, n) = P(W > 0) for a
// Erlangs offered to n agents with an infinite queue of infinitely patient
// contacts (M/M/n):
//
//	C(a, n) = n·B / (n - a·(1 - B)),  B = B(a, n),
//
// which is 1 when n <= a (the queue has no steady state and everyone waits).
// ErlangC panics if a < 0 or n < 0.
func ErlangC(a float64, n int) float64 {
	if a < 0 || n < 0 || math.IsNaN(a) {
		panic("erlang: ErlangC needs a >= 0 and n >= 0")
	}
	if a == 0 {
		if n == 0 {
			return 1
		}
		return 0
	}
	var t invBlocking
	t.reset(a, nil)
	return waitC(a, n, t.at(n))
}

// waitC is Erlang C from y = 1/B(a, n): 1/(y(1 - a/n) + a/n). It stays exact
// when y overflows (C underflows to 0).
func waitC(a float64, n int, y float64) float64 {
	if float64(n) <= a {
		return 1
	}
	r := a / float64(n)
	return 1 / (y*(1-r) + r)
}

// invBlocking holds y(n) = 1/B(a, n) for a contiguous range of n, extended on
// demand upward by the recursion y(n) = 1 + (n/a)·y(n-1). A staffing search
// steps n up and down around its answer; keeping the values makes every step
// O(1) instead of a new recursion from zero.
type invBlocking struct {
	a   float64
	lo  int       // n of y[0]
	ok  int       // values are exact from n = ok on (the start's error is damped)
	y   []float64 // y[i] = 1/B(a, lo+i)
	inv float64   // 1/a
}

// reset empties the table for load a, reusing buf's storage.
func (t *invBlocking) reset(a float64, buf []float64) {
	t.a, t.lo, t.y = a, 0, buf[:0]
	if a > 0 {
		t.inv = 1 / a
	}
}

// start returns where the recursion may begin for a wanted value at n, the
// n from which its values are exact, and the value used at the start. Starting at s < m = min(n, ⌊a⌋) with the upper bound
// y(s) <= a/(a-s) (the geometric series bounding Σ s!/((s-k)!aᵏ)) is exact
// to well below 1e-20 relative: an error at s is multiplied by
// Π_{j=s+1..m} j/a <= exp(-(m-s)(m-s-1)/(2a)), which the gap
// d = ⌈√(92·m')⌉+2 makes smaller than e⁻⁴⁶ ≈ 1e-20, and beyond m the values
// grow at least as fast as the propagated error.
func (t *invBlocking) start(n int) (s, ok int, y float64) {
	m := min(n, int(math.Floor(t.a)))
	if m < n || len(t.y) > 0 {
		// Below the load, or after a restart, a search is stepping down:
		// leave it room for √a more steps before another restart.
		m = max(0, m-int(math.Sqrt(t.a))-8)
	}
	s = m - int(math.Ceil(math.Sqrt(92*float64(max(m, 1))))) - 2
	if s <= 0 {
		return 0, 0, 1
	}
	return s, m, t.a / (t.a - float64(s))
}

// at returns 1/B(a, n), extending the table as needed.
func (t *invBlocking) at(n int) float64 {
	if t.a == 0 {
		if n == 0 {
			return 1
		}
		return math.Inf(1)
	}
	if len(t.y) == 0 || n < t.ok {
		s, ok, y := t.start(n)
		t.lo, t.ok = s, ok
		t.y = append(t.y[:0], y)
	}
	hi := t.lo + len(t.y) - 1
	if n > hi {
		y := t.y[len(t.y)-1]
		for k := hi + 1; k <= n; k++ {
			if math.IsInf(y, 1) {
				return y // B underflowed: stays 0 for every larger n
			}
			y = 1 + float64(k)*t.inv*y
			t.y = append(t.y, y)
		}
	}
	return t.y[n-t.lo]
}
