package csvio

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/staffcast/staffcast/internal/wallclock"
)

// Dates outside [MinYear, MaxYear] are rejected by ParseTime, Reader.Time
// and CheckDate: a stray 0001-01-01 or 9999-12-31 is a typo, and read as
// data it would stretch a series over millennia.
const (
	MinYear = 1970
	MaxYear = 2200
)

// Float parses the named column as a finite number. Empty is an error.
func (rd *Reader) Float(name string) (float64, error) {
	s := rd.Get(name)
	if s == "" {
		return 0, rd.Errorf(name, ErrEmpty)
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, rd.Errorf(name, fmt.Errorf("%w: %q", ErrNotNumber, s))
	}
	return v, nil
}

// NonNegative parses the named column as a finite number >= 0.
func (rd *Reader) NonNegative(name string) (float64, error) {
	v, err := rd.Float(name)
	if err != nil {
		return 0, err
	}
	if v < 0 {
		return 0, rd.Errorf(name, fmt.Errorf("%w: %s", ErrNegative, rd.Get(name)))
	}
	return v, nil
}

// Bounded parses the named column as a finite number in [0, max]; a value
// above max is ErrTooLarge, and the message states the limit.
func (rd *Reader) Bounded(name string, max float64) (float64, error) {
	v, err := rd.NonNegative(name)
	if err != nil {
		return 0, err
	}
	if v > max {
		return 0, rd.Errorf(name, fmt.Errorf("%w: %s is above the limit of %s", ErrTooLarge, rd.Get(name), strconv.FormatFloat(max, 'g', -1, 64)))
	}
	return v, nil
}

// OptionalNonNegative is NonNegative for a column that may be absent or
// empty; ok is false then.
func (rd *Reader) OptionalNonNegative(name string) (v float64, ok bool, err error) {
	if rd.Get(name) == "" {
		return 0, false, nil
	}
	v, err = rd.NonNegative(name)
	return v, err == nil, err
}

// OptionalBounded is Bounded for a column that may be absent or empty; ok
// is false then.
func (rd *Reader) OptionalBounded(name string, max float64) (v float64, ok bool, err error) {
	if rd.Get(name) == "" {
		return 0, false, nil
	}
	v, err = rd.Bounded(name, max)
	return v, err == nil, err
}

// Time parses the named column as an RFC 3339 timestamp. A timestamp without
// a UTC offset ("2003-03-03T07:00:00", also with a space instead of T) is
// read as wall-clock time in loc. Years outside [MinYear, MaxYear] are
// ErrTimeRange.
func (rd *Reader) Time(name string, loc *time.Location) (time.Time, error) {
	s := rd.Get(name)
	if s == "" {
		return time.Time{}, rd.Errorf(name, ErrEmpty)
	}
	t, err := ParseTime(s, loc)
	if err != nil {
		return time.Time{}, rd.Errorf(name, err)
	}
	return t, nil
}

// ZoneOr is loc, or when loc is nil the zone of first, a file's first
// timestamp (its UTC offset as written): the zone wall-clock times of
// shifts are read in when no -tz is given, so a plan or roster lines up
// with the requirements or staffing it was made from.
func ZoneOr(loc *time.Location, first time.Time) *time.Location {
	if loc == nil {
		return first.Location()
	}
	return loc
}

// ParseTime parses an RFC 3339 timestamp, with or without offset; without
// one it is wall-clock time in loc (UTC when loc is nil). A year outside
// [MinYear, MaxYear] is ErrTimeRange.
func ParseTime(s string, loc *time.Location) (time.Time, error) {
	if loc == nil {
		loc = time.UTC
	}
	orig := strings.TrimSpace(s)
	s = orig
	if len(s) > 10 && s[10] == ' ' {
		s = s[:10] + "T" + s[11:]
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t, CheckDate(t)
	}
	for _, layout := range []string{"2006-01-02T15:04:05", "2006-01-02T15:04"} {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t, CheckDate(t)
		}
	}
	// Quote what the file holds, not the space turned into a T.
	return time.Time{}, fmt.Errorf("%w: %q", ErrBadTime, orig)
}

// ParseLocalTime is ParseTime for a time whose wall clock must exist: a
// timestamp without offset naming a wall-clock time that loc skips (the
// hour lost when clocks go forward) is ErrNoSuchTime, where ParseTime (as
// Go) would silently move it by the clock change. It is the one parser of
// offset-less times in a zone for the API's JSON inputs and the CLI's
// flags.
func ParseLocalTime(s string, loc *time.Location) (time.Time, error) {
	if loc == nil {
		loc = time.UTC
	}
	t, err := ParseTime(s, loc)
	if err != nil {
		return t, err
	}
	if err := CheckLocalTime(s, t, loc); err != nil {
		return time.Time{}, err
	}
	return t, nil
}

// CheckLocalTime returns ErrNoSuchTime when s, a timestamp ParseTime read
// as t in loc, has no UTC offset and its wall-clock time does not exist in
// loc (skipped by a clock change); nil otherwise.
func CheckLocalTime(s string, t time.Time, loc *time.Location) error {
	s = strings.TrimSpace(s)
	if HasOffset(s) {
		return nil
	}
	if loc == nil {
		loc = time.UTC
	}
	w, err := ParseTime(s, time.UTC) // the wall clock as written
	if err != nil {
		return nil
	}
	if wallclock.Same(t.In(loc), w) {
		return nil
	}
	return fmt.Errorf("%w: %s does not exist in %s (skipped by a clock change, as when daylight saving starts)", ErrNoSuchTime, s, loc)
}

// HasOffset reports whether an RFC 3339 timestamp carries its UTC offset
// (Z or ±hh:mm after the seconds).
func HasOffset(s string) bool {
	s = strings.TrimSpace(s)
	return len(s) > 19 && strings.ContainsAny(s[19:], "Zz+-")
}

// CheckDate returns ErrTimeRange when t's year (in its own location) is
// outside [MinYear, MaxYear].
func CheckDate(t time.Time) error {
	if y := t.Year(); y < MinYear || y > MaxYear {
		return fmt.Errorf("%w: %s is outside the years %d to %d", ErrTimeRange, t.Format("2006-01-02"), MinYear, MaxYear)
	}
	return nil
}
