package roster

import (
	"time"

	"github.com/staffcast/staffcast/internal/wallclock"
)

// This file places the plan's wall-clock shifts on the real time line, for
// the assigner (Check has its own code for the same definitions).
//
// Definitions. The horizon's location loc is that of Requirements.Start
// and day d is the calendar day of Start's date plus d, in loc. A shift
// (Day, Start, Length) starts at the instant the local clock of loc reads
// Start on its day, and lasts Length of real time: end = start + Length.
// A wall-clock time the clock skips (02:30 on a spring-forward night in
// New York) is read with the UTC offset in force before the change, so it
// falls an hour later on the new clock (03:30); a time the clock shows
// twice (01:30 on a fall-back night) is its first occurrence. These are
// the rules of RFC 5545 (iCalendar) for local times (package wallclock,
// which the plan's files and calendars share). The horizon starts
// at the instant of local midnight of day 0 and ends at that of day n, so
// a week with a spring-forward change is 167 real hours long.

// wallReading is the local clock reading of instant t in loc, as a UTC
// time with the same date and clock.
func wallReading(t time.Time, loc *time.Location) time.Time {
	return t.Add(wallclock.Offset(t, loc)).UTC()
}

// timeline maps horizon days and wall-clock offsets to real time.
type timeline struct {
	loc   *time.Location
	date0 time.Time // day 0's date at 00:00 UTC: the naive reading of its midnight
	start time.Time // the instant of day 0's local midnight
}

func newTimeline(start time.Time) timeline {
	y, m, d := start.Date()
	tl := timeline{loc: start.Location(), date0: time.Date(y, m, d, 0, 0, 0, 0, time.UTC)}
	tl.start = wallclock.Instant(tl.date0, tl.loc)
	return tl
}

// at is the real time from the horizon's start to the instant the local
// clock reads wall on day d.
func (tl timeline) at(d int, wall time.Duration) time.Duration {
	return wallclock.Instant(tl.date0.AddDate(0, 0, d).Add(wall), tl.loc).Sub(tl.start)
}

// wallSpan is the local wall-clock span of the real interval [from, to)
// of day d, as offsets from its local midnight: from the earliest to the
// latest clock reading in it. Across a fall-back change that is wider
// than the readings at the ends (a shift from 01:30 EDT to 01:30 EST reads
// 01:00 to 02:00); across a spring-forward change it includes the skipped
// hour, which is stricter than needed and so never wrong.
func (tl timeline) wallSpan(d int, from, to time.Duration) (lo, hi time.Duration) {
	lo, hi = tl.wallOf(d, from), tl.wallOf(d, to)
	start := tl.start.Add(from)
	if _, change := start.In(tl.loc).ZoneBounds(); !change.IsZero() && change.Before(tl.start.Add(to)) {
		r := change.Sub(tl.start)
		after := tl.wallOf(d, r)
		jump := wallclock.Offset(change, tl.loc) - wallclock.Offset(start, tl.loc) // negative when clocks go back
		lo, hi = min(lo, after), max(hi, after-jump)
	}
	return lo, hi
}

// wallOf is the local clock reading of the instant real time r after the
// horizon's start, as an offset from the local midnight of day d.
func (tl timeline) wallOf(d int, r time.Duration) time.Duration {
	return wallReading(tl.start.Add(r), tl.loc).Sub(tl.date0.AddDate(0, 0, d))
}
