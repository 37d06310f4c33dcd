package sim

import (
	"cmp"
	"context"
	"math"
	"math/rand/v2"
	"slices"
)

func sortStaff(ev []staffEvent) {
	slices.SortStableFunc(ev, func(a, b staffEvent) int { return cmp.Compare(a.t, b.t) })
}

// Agent states.
const (
	offDuty uint8 = iota
	idle
	busy
)

// waiter is a contact in the queue.
type waiter struct {
	// arrival, arrival + patience (+Inf), handle time (in fast mode the
	// mean handle time instead: the time itself is never drawn)
	arr, deadline, svc float64
	iv                 int32 // interval of arrival; -1 in the warm-up
	cls                uint8 // priority class (0 first)
	gone               bool  // abandoned
}

// fifo is one priority class's queue, first come first served: contacts in
// order of arrival, those served or gone before head, with the deadlines
// of the patient ones in a heap keyed by sequence number.
type fifo struct {
	q    []waiter
	head int
	base int64 // sequence number of q[0]
	dl   heap  // deadlines: (arrival + patience, sequence number)
}

type timed struct {
	t  float64
	id int64 // agent (completions) or queue sequence number (deadlines)
}

// engine runs replications of one prepared model; a worker reuses one.
type engine struct {
	p   *prepared
	rng *rand.Rand
	st  []float64

	state   []uint8
	leaving []bool
	idle    []int32
	idlePos []int32
	freeIDs []int32 // interval mode: agent ids off duty, for reuse
	present int     // agents on duty, including those finishing a call to leave
	// leavingCount counts, in interval mode, the busy agents leaving when
	// their call ends.
	leavingCount int
	dutyT        float64 // time up to which duty time is counted

	comp heap // completions: (end, agent)
	// replacing is set while the agent at the top of comp, just finished,
	// is given its next call, which then replaces the top.
	replacing bool

	// qs holds one queue per priority class, class 0 served first; one
	// without classes.
	qs   []fifo
	qLen int // contacts waiting, abandoned ones excluded
	// shut is the end of the last closure begun: a contact arriving
	// before it is lost at once.
	shut float64

	fastState // agents as counts, in fast mode (see fast.go)
}

func newEngine(p *prepared) *engine { return &engine{p: p} }

func (e *engine) reset(rng *rand.Rand, st []float64) {
	e.rng, e.st = rng, st
	c := e.p.agentCapacity
	e.state = slices.Grow(e.state[:0], c)[:c]
	e.leaving = slices.Grow(e.leaving[:0], c)[:c]
	e.idlePos = slices.Grow(e.idlePos[:0], c)[:c]
	clear(e.state)
	clear(e.leaving)
	e.idle, e.freeIDs = e.idle[:0], e.freeIDs[:0]
	if !e.p.shiftMode {
		for a := c - 1; a >= 0; a-- {
			e.freeIDs = append(e.freeIDs, int32(a))
		}
	}
	e.present, e.leavingCount = 0, 0
	e.comp = e.comp[:0]
	if len(e.qs) != e.p.classes {
		e.qs = make([]fifo, e.p.classes)
	}
	for i := range e.qs {
		f := &e.qs[i]
		f.q, f.head, f.base, f.dl = f.q[:0], 0, 0, f.dl[:0]
	}
	e.qLen = 0
	e.shut = math.Inf(-1)
	e.resetFast()
}

// run simulates one replication into st (n×nStat sums); false when ctx
// ended first.
func (e *engine) run(ctx context.Context, rng *rand.Rand, st []float64) bool {
	e.reset(rng, st)
	p := e.p
	inf := math.Inf(1)
	now := -p.warm
	e.dutyT, e.busyT = now, now
	cur := -1 // interval arrivals are drawn in; -1 in the warm-up
	if p.warm == 0 && p.arrivals == nil {
		cur = 0
	}
	nb := 0 // next interval boundary, nb·length
	si := 0 // next staffing event
	ai := 0 // next replayed arrival
	ci := 0 // next closure
	tArr := inf
	if p.arrivals != nil {
		if len(p.arrivals) > 0 {
			tArr = p.arrivals[0]
		}
	} else if p.warm > 0 {
		tArr = e.nextArrival(now, 0, -1)
	}
	for count := 1; ; count++ {
		if count&4095 == 0 && ctx.Err() != nil {
			return false
		}
		tc, ts, tb := inf, inf, inf
		if p.fast {
			tc = e.tc
		} else if len(e.comp) > 0 {
			tc = e.comp[0].t
		}
		if si < len(p.staff) {
			ts = p.staff[si].t
		}
		if nb <= p.n {
			tb = float64(nb) * p.length
		}
		// A closure comes first among events at the same time: contacts
		// arriving at its start are lost, and those an agent would take
		// then too.
		if ci < len(p.closed) && p.closed[ci][0] <= min(tc, ts, tb, tArr) {
			now = p.closed[ci][0]
			e.close(now, p.closed[ci][1])
			ci++
			continue
		}
		switch {
		case tc <= ts && tc <= tb && tc <= tArr:
			if tc == inf {
				e.finish(now)
				return true
			}
			now = tc
			if p.fast {
				e.complete(now)
				continue
			}
			e.replacing = true
			e.free(int32(e.comp[0].id), now)
			if e.replacing {
				e.replacing = false
				e.comp.pop()
			}
		case ts <= tb && ts <= tArr:
			now = ts
			e.staffing(p.staff[si], now)
			si++
		case tb <= tArr:
			now = tb
			e.abandonUntil(now)
			if p.fast {
				e.boundary(now, nb)
			}
			if nb < p.n {
				e.st[nb*nStat+sLongest] = float64(e.qLen)
				if p.arrivals == nil {
					cur = nb
					tArr = e.nextArrival(now, nb, nb)
				}
			} else if p.arrivals == nil {
				tArr = inf
			}
			nb++
		default:
			now = tArr
			k := cur
			if p.arrivals != nil {
				k = min(int(now/p.length), p.n-1)
				ai++
				tArr = inf
				if ai < len(p.arrivals) {
					tArr = p.arrivals[ai]
				}
			} else {
				tArr = e.nextArrival(now, max(k, 0), k)
			}
			e.arrive(now, k)
		}
	}
}

// nextArrival is the next Poisson arrival after t at interval j's rate, or
// +Inf when it falls after the end of interval k (the warm-up, k = -1,
// ends at 0).
func (e *engine) nextArrival(t float64, j, k int) float64 {
	r := e.p.rate[j]
	if r <= 0 {
		return math.Inf(1)
	}
	next := t + e.rng.ExpFloat64()/r
	if next >= float64(k+1)*e.p.length {
		return math.Inf(1)
	}
	return next
}

func (e *engine) draw(s *sampler, mean float64) float64 {
	switch s.kind {
	case LogNormal:
		return mean * math.Exp(s.sigma*e.rng.NormFloat64()-s.sigma*s.sigma/2)
	case Empirical:
		return s.samples[e.rng.IntN(len(s.samples))]
	}
	return mean * e.rng.ExpFloat64()
}

// arrive offers a contact at t, arrived in interval k (-1: warm-up).
func (e *engine) arrive(t float64, k int) {
	p := e.p
	j := max(k, 0)
	esc := p.pEsc[j] > 0 && e.rng.Float64() < p.pEsc[j]
	mean := p.aht[j]
	if esc {
		mean = p.ahtEsc[j]
	}
	if !p.fast {
		mean = e.draw(&p.handle, mean)
	}
	w := waiter{arr: t, deadline: math.Inf(1), svc: mean, iv: int32(k)}
	if p.classes > 1 {
		w.cls = e.class(j)
	}
	if k >= 0 {
		e.st[k*nStat+sOffered]++
		if p.classes > 1 {
			e.st[(p.n+int(w.cls))*nStat+sOffered]++
		}
	}
	if t < e.shut {
		e.abandoned(w, t) // the centre is closed
		return
	}
	if p.fast && e.nIdle > 0 {
		e.nIdle--
		e.startService(t, w)
		return
	}
	if n := len(e.idle); n > 0 {
		a := e.idle[n-1]
		e.idle = e.idle[:n-1]
		e.idlePos[a] = -1
		e.serve(a, t, w)
		return
	}
	e.abandonUntil(t)
	pm := p.pat[j]
	if esc {
		pm = p.patEsc[j]
	}
	f := &e.qs[w.cls]
	if p.pa.kind == Empirical || pm > 0 {
		w.deadline = t + e.draw(&p.pa, pm)
		f.dl.push(timed{w.deadline, f.base + int64(len(f.q))})
	}
	f.q = append(f.q, w)
	e.qLen++
	if k >= 0 {
		if l := &e.st[k*nStat+sLongest]; float64(e.qLen) > *l {
			*l = float64(e.qLen)
		}
	}
}

// class draws the priority class of a contact arriving in interval j.
func (e *engine) class(j int) uint8 {
	u := e.rng.Float64()
	cum := e.p.cum[j]
	for c, v := range cum[:len(cum)-1] {
		if u < v {
			return uint8(c)
		}
	}
	return uint8(len(cum) - 1)
}

// answered counts contact w's wait, answered at t.
func (e *engine) answered(t float64, w waiter) {
	if w.iv >= 0 {
		wait := t - w.arr
		within := wait <= e.p.slTime
		s := e.st[int(w.iv)*nStat:]
		s[sWait] += wait
		if within {
			s[sWithin]++
		}
		if e.p.classes > 1 {
			s := e.st[(e.p.n+int(w.cls))*nStat:]
			s[sWait] += wait
			if within {
				s[sWithin]++
			}
		}
	}
}

// serve starts agent a on contact w at t.
func (e *engine) serve(a int32, t float64, w waiter) {
	e.answered(t, w)
	end := t + w.svc
	e.addArea(sBusy, t, end, 1)
	e.state[a] = busy
	if e.replacing { // a just finished the call at the top of comp
		e.replacing = false
		e.comp.replaceTop(timed{end, int64(a)})
		return
	}
	e.comp.push(timed{end, int64(a)})
}

// next pops the first contact still waiting at t, if any, of the first
// class with one.
func (e *engine) next(t float64) (waiter, bool) {
	for c := range e.qs {
		f := &e.qs[c]
		for f.head < len(f.q) {
			w := f.q[f.head]
			f.head++
			if f.head >= 1024 && 2*f.head >= len(f.q) {
				n := copy(f.q, f.q[f.head:])
				f.q = f.q[:n]
				f.base += int64(f.head)
				f.head = 0
			}
			if w.gone {
				continue
			}
			e.qLen--
			if w.deadline <= t {
				e.abandoned(w, w.deadline)
				continue
			}
			return w, true
		}
	}
	return waiter{}, false
}

// abandonUntil removes the contacts whose patience ran out by t.
func (e *engine) abandonUntil(t float64) {
	for c := range e.qs {
		f := &e.qs[c]
		for len(f.dl) > 0 && f.dl[0].t <= t {
			idx := f.dl.pop().id - f.base
			if idx < int64(f.head) {
				continue // served, or already counted at the head
			}
			w := &f.q[idx]
			if !w.gone {
				w.gone = true
				e.qLen--
				e.abandoned(*w, w.deadline)
			}
		}
	}
}

// abandoned counts contact w lost at t: it hung up (t is its deadline) or
// the centre closed.
func (e *engine) abandoned(w waiter, t float64) {
	if w.iv >= 0 {
		s := e.st[int(w.iv)*nStat:]
		s[sAbandoned]++
		s[sWait] += t - w.arr
		if e.p.classes > 1 {
			s := e.st[(e.p.n+int(w.cls))*nStat:]
			s[sAbandoned]++
			s[sWait] += t - w.arr
		}
	}
}

// close shuts the centre at t until end: whoever's patience ran out by t
// hung up, the contacts still waiting are lost, their wait counted to t,
// and arrivals before end are lost at once (see arrive). Agents keep the
// calls they are on.
func (e *engine) close(t, end float64) {
	e.abandonUntil(t)
	for c := range e.qs {
		f := &e.qs[c]
		for _, w := range f.q[f.head:] {
			if !w.gone {
				e.abandoned(w, t)
			}
		}
		f.base += int64(len(f.q))
		f.q, f.head, f.dl = f.q[:0], 0, f.dl[:0]
	}
	e.qLen = 0
	e.shut = end
}

// free is agent a finishing a call at t.
func (e *engine) free(a int32, t float64) {
	switch {
	case e.leaving[a]:
		e.leaving[a] = false
		if !e.p.shiftMode {
			e.leavingCount--
		}
		e.off(a, t)
	default:
		e.take(a, t)
	}
}

// take gives agent a, on duty and free at t, the next contact or idles it.
func (e *engine) take(a int32, t float64) {
	if w, ok := e.next(t); ok {
		e.serve(a, t, w)
		return
	}
	e.state[a] = idle
	e.idlePos[a] = int32(len(e.idle))
	e.idle = append(e.idle, a)
}

// off takes agent a, free, off duty at t.
func (e *engine) off(a int32, t float64) {
	e.state[a] = offDuty
	e.setPresent(t, -1)
	if !e.p.shiftMode {
		e.freeIDs = append(e.freeIDs, a)
	}
}

func (e *engine) removeIdle(a int32) {
	i := e.idlePos[a]
	last := e.idle[len(e.idle)-1]
	e.idle[i] = last
	e.idlePos[last] = i
	e.idle = e.idle[:len(e.idle)-1]
	e.idlePos[a] = -1
}

func (e *engine) staffing(ev staffEvent, t float64) {
	if e.p.fast {
		e.staffingFast(ev.level, t)
		return
	}
	if e.p.shiftMode {
		a := ev.agent
		switch {
		case ev.on && e.state[a] == busy:
			e.leaving[a] = false // back from a break before the call ended
		case ev.on && e.state[a] == offDuty:
			e.setPresent(t, 1)
			e.take(a, t)
		case !ev.on && e.state[a] == idle:
			e.removeIdle(a)
			e.off(a, t)
		case !ev.on && e.state[a] == busy:
			e.leaving[a] = true
		}
		return
	}
	eff := e.present - e.leavingCount
	if ev.level > eff {
		inc := ev.level - eff
		// Agents about to leave stay instead, then new ones come.
		for i := 0; i < len(e.comp) && inc > 0 && e.leavingCount > 0; i++ {
			if a := e.comp[i].id; e.leaving[a] {
				e.leaving[a] = false
				e.leavingCount--
				inc--
			}
		}
		for range inc {
			a := e.freeIDs[len(e.freeIDs)-1]
			e.freeIDs = e.freeIDs[:len(e.freeIDs)-1]
			e.setPresent(t, 1)
			e.take(a, t)
		}
		return
	}
	dec := eff - ev.level
	for dec > 0 && len(e.idle) > 0 {
		a := e.idle[len(e.idle)-1]
		e.removeIdle(a)
		e.off(a, t)
		dec--
	}
	// Busy agents, taken in heap order (unrelated to when their calls
	// end), leave when their call ends.
	for i := len(e.comp) - 1; i >= 0 && dec > 0; i-- {
		if a := e.comp[i].id; !e.leaving[a] {
			e.leaving[a] = true
			e.leavingCount++
			dec--
		}
	}
}

// setPresent counts duty time up to t, then changes the agents on duty.
func (e *engine) setPresent(t float64, d int) {
	if t > e.dutyT {
		e.addArea(sDuty, e.dutyT, t, float64(e.present))
		e.dutyT = t
	}
	e.present += d
}

// addArea adds weight × the overlap of [a, b) with each interval to stat s.
func (e *engine) addArea(s int, a, b, weight float64) {
	p := e.p
	if a < 0 {
		a = 0
	}
	if b > p.h {
		b = p.h
	}
	if !(b > a) || weight == 0 {
		return
	}
	k := int(a / p.length)
	if end := float64(k+1) * p.length; b <= end && k < p.n {
		e.st[k*nStat+s] += weight * (b - a)
		return
	}
	for a < b && k < p.n {
		end := math.Min(b, float64(k+1)*p.length)
		if end > a {
			e.st[k*nStat+s] += weight * (end - a)
		}
		a = end
		k++
	}
}

// finish closes a replication whose events have all happened at now:
// patience runs out for whoever has some, and the rest are never answered.
func (e *engine) finish(now float64) {
	e.abandonUntil(math.Inf(1))
	for c := range e.qs {
		for _, w := range e.qs[c].q[e.qs[c].head:] {
			if !w.gone && w.iv >= 0 {
				wait := math.Max(now, w.arr) - w.arr
				e.st[int(w.iv)*nStat+sWait] += wait
				if e.p.classes > 1 {
					e.st[(e.p.n+int(w.cls))*nStat+sWait] += wait
				}
			}
		}
	}
	e.setPresent(math.Max(now, e.p.h), 0)
}

// heap is a 4-ary min-heap on t: half the depth of a binary heap, and a
// removal moves the hole down to a leaf before placing the last element
// (Floyd), which needs one comparison fewer per level.
type heap []timed

func (h *heap) push(x timed) {
	*h = append(*h, x)
	h.up(len(*h)-1, x)
}

func (h heap) up(i int, x timed) {
	for i > 0 {
		p := (i - 1) / 4
		if h[p].t <= x.t {
			break
		}
		h[i] = h[p]
		i = p
	}
	h[i] = x
}

// pop removes and returns the least element.
func (h *heap) pop() timed {
	s := *h
	top := s[0]
	n := len(s) - 1
	x := s[n]
	*h = s[:n]
	if n > 0 {
		s[:n].sink(x)
	}
	return top
}

// replaceTop replaces the least element with x.
func (h heap) replaceTop(x timed) { h.sink(x) }

// sink places x at the root's position: the hole at the root moves down
// along the least children to a leaf, then x rises from there.
func (h heap) sink(x timed) {
	n := len(h)
	i := 0
	for {
		c := 4*i + 1
		if c >= n {
			break
		}
		m := c
		if c+3 < n {
			// Selections the compiler turns into conditional moves: the
			// comparisons are unpredictable.
			tm := h[c].t
			if v := h[c+1].t; v < tm {
				m, tm = c+1, v
			}
			if v := h[c+2].t; v < tm {
				m, tm = c+2, v
			}
			if v := h[c+3].t; v < tm {
				m = c + 3
			}
		} else {
			for j := c + 1; j < n; j++ {
				if h[j].t < h[m].t {
					m = j
				}
			}
		}
		h[i] = h[m]
		i = m
	}
	h.up(i, x)
}
