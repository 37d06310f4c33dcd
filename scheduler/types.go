package scheduler

import (
	"errors"
	"fmt"
	"time"
)

// Requirements is the head-count needed in every slot of a horizon of whole
// days. Slot i is day i/SlotsPerDay() at time-of-day (i%SlotsPerDay())*Interval.
type Requirements struct {
	// Start is midnight of the first day; its weekday names day 0 and its
	// location is the queue's time zone. Only its date and location matter.
	Start    time.Time
	Interval time.Duration // 15m, 30m or 60m in practice; must divide 24h
	// Required head-count per slot, len = Days*SlotsPerDay. Fractional values
	// are allowed (a forecast's staffing may be); shortage and excess are
	// measured against them as they are.
	Required []float64
	// Cyclic makes the horizon wrap: a shift running past the last day covers
	// the first day's early slots (a repeating week).
	Cyclic bool
}

// Errors about requirements.
var (
	ErrInterval     = errors.New("scheduler: interval must be positive and divide 24h")
	ErrWholeDays    = errors.New("scheduler: requirements must cover whole days")
	ErrNegativeNeed = errors.New("scheduler: required head-count must be finite and non-negative")
)

// SlotsPerDay is the number of slots in a day.
func (r Requirements) SlotsPerDay() int { return int(24 * time.Hour / r.Interval) }

// Days is the number of days in the horizon.
func (r Requirements) Days() int { return len(r.Required) / r.SlotsPerDay() }

// Validate checks the preconditions every function here relies on.
func (r Requirements) Validate() error {
	if r.Interval <= 0 || (24*time.Hour)%r.Interval != 0 {
		return fmt.Errorf("%w: %v", ErrInterval, r.Interval)
	}
	if n := len(r.Required); n == 0 || n%r.SlotsPerDay() != 0 {
		return fmt.Errorf("%w: %d slots is not a multiple of %d a day", ErrWholeDays, n, r.SlotsPerDay())
	}
	for i, v := range r.Required {
		if !(v >= 0) || v > 1e12 {
			return fmt.Errorf("%w: slot %d has %v", ErrNegativeNeed, i, v)
		}
	}
	return nil
}

// Weekday is the weekday of horizon day d.
func (r Requirements) Weekday(d int) time.Weekday {
	return r.Start.AddDate(0, 0, d).Weekday()
}

// Break is a pause inside a shift. Start is an offset from the midnight of
// the shift's day, like Shift.Start, so it may exceed 24h for a night shift.
type Break struct {
	Start  time.Duration
	Length time.Duration
	Paid   bool // a paid break costs paid hours but still is not coverage
}

// Shift is one person's working span on a day, with its breaks.
type Shift struct {
	Day      int           // 0-based day of the horizon
	Start    time.Duration // offset from that day's midnight, in [0, 24h)
	Length   time.Duration // from start to end, breaks included
	Breaks   []Break       // inside [Start, Start+Length), not overlapping
	Template string        // name of the template it came from, if any
}

// End is the shift's end as an offset from its day's midnight.
func (s Shift) End() time.Duration { return s.Start + s.Length }

// PaidTime is the shift's length less its unpaid breaks.
func (s Shift) PaidTime() time.Duration {
	t := s.Length
	for _, b := range s.Breaks {
		if !b.Paid {
			t -= b.Length
		}
	}
	return t
}

// PlannedShift is a shift worked by Count people.
type PlannedShift struct {
	Shift
	Count int
}

// ShiftLess orders shifts by day, start, length, template, then breaks (by
// start, length, paid), so plans and rosters read in time order and sort the
// same way everywhere.
func ShiftLess(a, b Shift) bool {
	if a.Day != b.Day {
		return a.Day < b.Day
	}
	if a.Start != b.Start {
		return a.Start < b.Start
	}
	if a.Length != b.Length {
		return a.Length < b.Length
	}
	if a.Template != b.Template {
		return a.Template < b.Template
	}
	for k := 0; k < len(a.Breaks) && k < len(b.Breaks); k++ {
		x, y := a.Breaks[k], b.Breaks[k]
		if x.Start != y.Start {
			return x.Start < y.Start
		}
		if x.Length != y.Length {
			return x.Length < y.Length
		}
		if x.Paid != y.Paid {
			return !x.Paid
		}
	}
	return len(a.Breaks) < len(b.Breaks)
}
