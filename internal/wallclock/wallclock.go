// Package wallclock places local wall-clock readings on the time line, by
// the rules of RFC 5545 (iCalendar) for local times: a reading the clock
// skips (02:30 on a spring-forward night in New York) is read with the UTC
// offset in force before the change, so it falls an hour later on the new
// clock (03:30); a reading the clock shows twice (01:30 on a fall-back
// night) is its first occurrence. The roster's assigner, the plan's files
// and calendars and the CSV readers share it, so that they agree on every
// instant (the roster's independent checker keeps its own code). It is
// pure: no I/O, no clock.
package wallclock

import "time"

const day = 24 * time.Hour

// Instant is the instant at which the clock of loc reads the wall time
// naive, given as a UTC time with the same reading (date and clock).
func Instant(naive time.Time, loc *time.Location) time.Time {
	before := Offset(naive.Add(-day), loc)
	if t := naive.Add(-before); Offset(t, loc) == before {
		return t // also the first occurrence of a repeated time
	}
	after := Offset(naive.Add(day), loc)
	if t := naive.Add(-after); Offset(t, loc) == after {
		return t
	}
	return naive.Add(-before) // a skipped time: the offset before the change
}

// Offset is loc's offset from UTC at instant t.
func Offset(t time.Time, loc *time.Location) time.Duration {
	_, off := t.In(loc).Zone()
	return time.Duration(off) * time.Second
}

// Same reports whether a and b show the same date and clock reading, each
// in its own location.
func Same(a, b time.Time) bool {
	ay, am, ad := a.Date()
	by, bm, bd := b.Date()
	ah, amin, as := a.Clock()
	bh, bmin, bs := b.Clock()
	return ay == by && am == bm && ad == bd && ah == bh && amin == bmin && as == bs && a.Nanosecond() == b.Nanosecond()
}
