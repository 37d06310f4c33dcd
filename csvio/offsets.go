package csvio

import "time"

// OffsetChange is a file of timestamps with UTC offsets read without a
// zone whose offsets change (a clock change in a file written in local
// time with offsets): read at one offset, or in UTC, every time after the
// change is Shift off the local clock.
type OffsetChange struct {
	FirstLine, Line int       // the first row, and the first row with another offset
	First, At       time.Time // their times, each at its own offset
}

// Shift is the later offset less the first one (+1h for -05:00 to -04:00).
func (c OffsetChange) Shift() time.Duration {
	_, a := c.First.Zone()
	_, b := c.At.Zone()
	return time.Duration(b-a) * time.Second
}

// Offsets follows the UTC offsets of a file's timestamps, row by row.
// The zero value is ready.
type Offsets struct {
	seen bool
	// First is the first time added and FirstLine its line (zero until
	// one is).
	First     time.Time
	FirstLine int
	// Change is the first change of offset, nil while there is none.
	Change *OffsetChange
}

// Add records time at, read at line with its own offset.
func (o *Offsets) Add(at time.Time, line int) {
	if !o.seen {
		o.seen, o.First, o.FirstLine = true, at, line
		return
	}
	if o.Change == nil {
		_, first := o.First.Zone()
		if _, off := at.Zone(); off != first {
			o.Change = &OffsetChange{FirstLine: o.FirstLine, Line: line, First: o.First, At: at}
		}
	}
}
