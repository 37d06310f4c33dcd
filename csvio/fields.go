package csvio

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
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

// OptionalNonNegative is NonNegative for a column that may be absent or
// empty; ok is false then.
func (rd *Reader) OptionalNonNegative(name string) (v float64, ok bool, err error) {
	if rd.Get(name) == "" {
		return 0, false, nil
	}
	v, err = rd.NonNegative(name)
	return v, err == nil, err
}

// Time parses the named column as an RFC 3339 timestamp. A timestamp without
// a UTC offset ("2003-03-03T07:00:00", also with a space instead of T) is
// read as wall-clock time in loc.
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

// ParseTime parses an RFC 3339 timestamp, with or without offset; without
// one it is wall-clock time in loc (UTC when loc is nil).
func ParseTime(s string, loc *time.Location) (time.Time, error) {
	if loc == nil {
		loc = time.UTC
	}
	s = strings.TrimSpace(s)
	if len(s) > 10 && s[10] == ' ' {
		s = s[:10] + "T" + s[11:]
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t, nil
	}
	for _, layout := range []string{"2006-01-02T15:04:05", "2006-01-02T15:04"} {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("%w: %q", ErrBadTime, s)
}
