package scheduler

import "time"

// Coverage is how a set of shifts covers requirements, slot by slot.
type Coverage struct {
	Scheduled []float64 // people at work (not on a break) per slot, averaged over the slot
	// ShortageMinutes and ExcessMinutes are person-minutes below and above
	// Required, summed over slots: sum of max(0, required-scheduled) x slot
	// minutes and its mirror.
	ShortageMinutes float64
	ExcessMinutes   float64
	// Outside is person-minutes worked outside the horizon of a non-cyclic
	// requirement (a shift running past the last midnight); it is not excess.
	Outside float64
}

// Cover computes the coverage of shifts against req. A shift that covers
// only part of a slot counts for that part (a 10:15 start covers a
// 10:00-10:30 slot half), so imported rosters on a finer grid are measured
// fairly. req must be valid (see Requirements.Validate).
func Cover(req Requirements, shifts []PlannedShift) Coverage {
	n := len(req.Required)
	c := Coverage{Scheduled: make([]float64, n)}
	horizon := time.Duration(n) * req.Interval
	for _, ps := range shifts {
		if ps.Count == 0 {
			continue
		}
		w := float64(ps.Count)
		base := time.Duration(ps.Day) * 24 * time.Hour
		// Working time = the shift minus its breaks.
		add := func(from, to time.Duration, sign float64) {
			c.addSpan(req, horizon, base+from, base+to, sign*w)
		}
		add(ps.Start, ps.End(), 1)
		for _, b := range ps.Breaks {
			add(b.Start, b.Start+b.Length, -1)
		}
	}
	slotMin := req.Interval.Minutes()
	for i, need := range req.Required {
		d := c.Scheduled[i] - need
		if d < 0 {
			c.ShortageMinutes -= d * slotMin
		} else {
			c.ExcessMinutes += d * slotMin
		}
	}
	return c
}

// addSpan adds weight w over [from, to) measured from the horizon's start,
// wrapping for cyclic requirements.
func (c *Coverage) addSpan(req Requirements, horizon, from, to time.Duration, w float64) {
	for from < to {
		if from >= horizon {
			if !req.Cyclic {
				c.Outside += w * (to - from).Minutes()
				return
			}
			from -= horizon
			to -= horizon
			continue
		}
		if from < 0 { // a break placed before the horizon; only possible with bad input
			from += horizon
			to += horizon
			continue
		}
		slot := int(from / req.Interval)
		slotEnd := time.Duration(slot+1) * req.Interval
		end := min(to, slotEnd)
		c.Scheduled[slot] += w * float64(end-from) / float64(req.Interval)
		from = end
	}
}
