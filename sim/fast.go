package sim

import "math"

// Fast mode: interval staffing with exponential handle times.
//
// An exponential handle time is memoryless: whatever a call has lasted, it
// ends in the next dt with probability dt/mean. So the busy agents need no
// end times and no heap, only counts per mean handle time (a class: the
// interval's AHT, or the funnel's escalated AHT): with b_c agents busy on
// calls of mean m_c, the next call ends after an exponential time of rate
// R = Σ b_c/m_c, in class c with probability (b_c/m_c)/R. The engine keeps
// the integrated rate still to run before the next end (an Exp(1) draw,
// used up at rate R as time passes), so the end time moves only when R
// changes, and one draw is made per call instead of a handle time and a
// heap entry.
//
// Who finishes does not matter except for the agents leaving when the
// count falls: busy agents chosen uniformly at random (without regard to
// when their calls end, as in the general path) are marked leaving, a
// class's leavers are a uniform share of its busy agents, so the call
// ending in class c is a leaver's with probability l_c/b_c. When the count
// rises again, leavers chosen uniformly stay.

// svcClass is the agents busy on calls of one mean handle time.
type svcClass struct {
	mean, rate    float64 // mean handle time, seconds; 1/mean
	busy, leaving int     // agents busy; those of them leaving when done
}

type fastState struct {
	nIdle  int        // agents on duty and idle
	busyN  int        // agents busy, all classes
	cls    []svcClass // classes with busy agents
	rate   float64    // R = Σ busy/mean: calls ending per second
	hazard float64    // integrated rate left before the next end, Exp(1)
	busyT  float64    // time up to which busy time and hazard are counted
	// busyAcc is the busy time since the last interval boundary.
	busyAcc float64
	tc      float64 // time of the next end: busyT + hazard/rate, or +Inf
}

func (e *engine) resetFast() {
	e.nIdle, e.busyN, e.cls, e.rate, e.tc, e.busyAcc = 0, 0, e.cls[:0], 0, math.Inf(1), 0
	if e.p.fast {
		e.hazard = e.rng.ExpFloat64()
	}
}

// advance counts busy time and uses up hazard from busyT to t (<= tc).
func (e *engine) advance(t float64) {
	if e.busyN > 0 && t > e.busyT {
		e.busyAcc += float64(e.busyN) * (t - e.busyT)
		e.hazard = math.Max(0, e.hazard-e.rate*(t-e.busyT))
	}
	e.busyT = t
}

// boundary, at the start of interval k (k = n: the horizon's end), adds
// the busy time since the previous boundary to interval k-1 (the warm-up's
// is dropped, and after the horizon none is counted).
func (e *engine) boundary(t float64, k int) {
	e.advance(t)
	if k > 0 {
		e.st[(k-1)*nStat+sBusy] += e.busyAcc
	}
	e.busyAcc = 0
}

// rerate recomputes R and the next end after the classes changed at busyT.
func (e *engine) rerate() {
	r := 0.0
	for i := range e.cls {
		r += float64(e.cls[i].busy) * e.cls[i].rate
	}
	e.rate = r
	e.tc = math.Inf(1)
	if r > 0 {
		e.tc = e.busyT + e.hazard/r
	}
}

// startService starts an idle or just-freed agent on contact w at t.
func (e *engine) startService(t float64, w waiter) {
	e.answered(t, w)
	e.advance(t)
	i := 0
	for i < len(e.cls) && e.cls[i].mean != w.svc {
		i++
	}
	if i == len(e.cls) {
		e.cls = append(e.cls, svcClass{mean: w.svc, rate: 1 / w.svc})
	}
	e.cls[i].busy++
	e.busyN++
	e.rerate()
}

// pick returns the class of the k-th unit (0-based) of weight(c), summed
// over the classes in order.
func (e *engine) pick(k int, weight func(*svcClass) int) int {
	for i := range e.cls {
		if k -= weight(&e.cls[i]); k < 0 {
			return i
		}
	}
	return len(e.cls) - 1
}

// complete is the next call ending, at t = tc.
func (e *engine) complete(t float64) {
	e.advance(t)
	i := 0
	if len(e.cls) > 1 {
		u := e.rng.Float64() * e.rate
		for ; i < len(e.cls)-1; i++ {
			if u -= float64(e.cls[i].busy) * e.cls[i].rate; u < 0 {
				break
			}
		}
	}
	c := &e.cls[i]
	leaver := c.leaving > 0 && (c.leaving == c.busy || e.rng.IntN(c.busy) < c.leaving)
	c.busy--
	e.busyN--
	if leaver {
		c.leaving--
		e.leavingCount--
	}
	if c.busy == 0 {
		last := len(e.cls) - 1
		e.cls[i] = e.cls[last]
		e.cls = e.cls[:last]
	}
	e.hazard = e.rng.ExpFloat64()
	if leaver {
		e.setPresent(t, -1)
	} else {
		e.takeFast(t)
	}
	e.rerate()
}

// takeFast gives a free agent on duty at t the next contact or idles it.
func (e *engine) takeFast(t float64) {
	if w, ok := e.next(t); ok {
		e.startService(t, w)
		return
	}
	e.nIdle++
}

// staffingFast makes the agents on duty, leavers excluded, level at t.
func (e *engine) staffingFast(level int, t float64) {
	eff := e.present - e.leavingCount
	if level > eff {
		inc := level - eff
		for ; inc > 0 && e.leavingCount > 0; inc-- {
			i := 0
			if len(e.cls) > 1 {
				i = e.pick(e.rng.IntN(e.leavingCount), func(c *svcClass) int { return c.leaving })
			}
			e.cls[i].leaving--
			e.leavingCount--
		}
		for range inc {
			e.setPresent(t, 1)
			e.takeFast(t)
		}
		return
	}
	dec := eff - level
	n := min(dec, e.nIdle)
	e.nIdle -= n
	e.setPresent(t, -n)
	for dec -= n; dec > 0; dec-- {
		i := 0
		if len(e.cls) > 1 {
			i = e.pick(e.rng.IntN(e.busyN-e.leavingCount), func(c *svcClass) int { return c.busy - c.leaving })
		}
		e.cls[i].leaving++
		e.leavingCount++
	}
}
