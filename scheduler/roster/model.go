package roster

import (
	"fmt"
	"sort"
	"time"

	"github.com/staffcast/staffcast/scheduler"
)

// horizon is the calendar a roster lives in.
type horizon struct {
	tl     timeline
	days   int
	cyclic bool
	real   time.Duration // real length, from day 0's local midnight to day n's
}

func newHorizon(req scheduler.Requirements) (horizon, error) {
	if err := req.Validate(); err != nil {
		return horizon{}, err
	}
	h := horizon{tl: newTimeline(req.Start), days: req.Days(), cyclic: req.Cyclic}
	h.real = h.tl.at(h.days, 0)
	return h, nil
}

// length is the horizon's real length; a cyclic horizon's next cycle
// starts when it ends.
func (h horizon) length() time.Duration { return h.real }
func (h horizon) weeks() int            { return (h.days + 6) / 7 }

// weekDays is the number of days of week block w (7 but for a short last one).
func (h horizon) weekDays(w int) int { return min(7, h.days-7*w) }

func (h horizon) weekday(d int) time.Weekday { return h.tl.date0.AddDate(0, 0, d).Weekday() }

// prepare validates the inputs of Assign and Check and expands the plan.
func prepare(req scheduler.Requirements, plan []scheduler.PlannedShift, agents []Agent, opt Options) (horizon, []slot, error) {
	h, err := newHorizon(req)
	if err != nil {
		return h, nil, err
	}
	if err := opt.validate(); err != nil {
		return h, nil, err
	}
	if err := validateAgents(agents); err != nil {
		return h, nil, err
	}
	slots, err := expand(h, plan, opt)
	return h, slots, err
}

// slot is one person's place on a planned shift, with what the rules need
// precomputed. Rest and overlap use the real times from and to; the
// availability, evening and advice use the local wall-clock span
// [wallFrom, wallTo), which differs from Length by a clock change inside
// the shift (see timeline.go and wallSpan).
type slot struct {
	shift            scheduler.Shift
	from, to         time.Duration // real time from the horizon's start
	wallFrom, wallTo time.Duration // local clock, from the day's midnight
	day              int
	week             int
	weekday          time.Weekday
	weekFrom         time.Duration // local start as an offset from Sunday 00:00, in [0, week)
	paid             time.Duration // Length less unpaid breaks: real time
	evening          bool
	weekend          bool
}

// expand turns a plan into one slot per person, in a deterministic order
// (day, start, length, template, breaks).
func expand(h horizon, plan []scheduler.PlannedShift, opt Options) ([]slot, error) {
	var out []slot
	for i, ps := range plan {
		if err := checkShift(h, ps.Shift); err != nil {
			return nil, fmt.Errorf("%w: shift %d: %v", ErrPlan, i+1, err)
		}
		if ps.Count < 0 {
			return nil, fmt.Errorf("%w: shift %d has count %d", ErrPlan, i+1, ps.Count)
		}
		for range ps.Count {
			out = append(out, newSlot(h, ps.Shift, opt))
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return scheduler.ShiftLess(out[i].shift, out[j].shift) })
	return out, nil
}

func newSlot(h horizon, s scheduler.Shift, opt Options) slot {
	wd := h.weekday(s.Day)
	sl := slot{
		shift:   s,
		from:    h.tl.at(s.Day, s.Start),
		day:     s.Day,
		week:    s.Day / 7,
		weekday: wd,
		paid:    s.PaidTime(),
		weekend: wd == time.Saturday || wd == time.Sunday,
	}
	sl.to = sl.from + s.Length
	sl.wallFrom, sl.wallTo = h.tl.wallSpan(s.Day, sl.from, sl.to)
	sl.weekFrom = (time.Duration(wd)*day + sl.wallFrom) % week
	sl.evening = sl.wallTo > opt.eveningFrom()
	return sl
}

// checkShift checks what the roster relies on: a day of the horizon, a
// start within the day, a length of at most a day, breaks inside.
func checkShift(h horizon, s scheduler.Shift) error {
	switch {
	case s.Day < 0 || s.Day >= h.days:
		return fmt.Errorf("day %d is outside the horizon of %d days", s.Day, h.days)
	case s.Start < 0 || s.Start >= day:
		return fmt.Errorf("start %v is outside 00:00 to 24:00", s.Start)
	case s.Length <= 0 || s.Length > day:
		return fmt.Errorf("length %v is not in (0, 24h]", s.Length)
	}
	for _, b := range s.Breaks {
		if b.Length <= 0 || b.Start < s.Start || b.Start+b.Length > s.End() {
			return fmt.Errorf("break at %v for %v is not inside the shift", b.Start, b.Length)
		}
	}
	return nil
}

// shiftKey identifies a shift by value, breaks included.
func shiftKey(s scheduler.Shift) string {
	k := fmt.Sprintf("%d|%d|%d|%s", s.Day, s.Start, s.Length, s.Template)
	for _, b := range s.Breaks {
		k += fmt.Sprintf("|%d+%d/%t", b.Start, b.Length, b.Paid)
	}
	return k
}
