package csvio

import (
	"cmp"
	"slices"
	"time"
)

// OffsetChange is a file of timestamps with UTC offsets read without a
// zone whose offsets change (a clock change in a file written in local
// time with offsets): read at one offset, or in UTC, every time after the
// change is Shift off the local clock.
type OffsetChange struct {
	FirstLine, Line int       // the first row, and the first row with another offset
	First, At       time.Time // their times, each at its own offset
	// FirstQueue and Queue are the queues of those rows ("" in a file
	// without a queue column); one queue when the change is within a
	// queue's rows (QueueOffsets.Change).
	FirstQueue, Queue string
}

// Shift is the later offset less the first one (+1h for -05:00 to -04:00).
func (c OffsetChange) Shift() time.Duration {
	_, a := c.First.Zone()
	_, b := c.At.Zone()
	return time.Duration(b-a) * time.Second
}

// Offsets follows the UTC offsets of a file's timestamps, row by row, in
// the file as a whole and in each queue's rows on their own.
// The zero value is ready.
type Offsets struct {
	seen bool
	// First is the first time added and FirstLine its line (zero until
	// one is).
	First     time.Time
	FirstLine int
	// Change is the first row at another offset than the first row, in
	// any queue; nil while there is none.
	Change *OffsetChange
	// Queues follows each queue's rows on their own, in the order of
	// their first rows (one queue "" in a file without a queue column).
	Queues []QueueOffsets
	index  map[string]int
}

// QueueOffsets follows the UTC offsets of one queue's rows.
type QueueOffsets struct {
	Queue     string    // "" in a file without a queue column
	First     time.Time // the queue's first time, at its own offset
	FirstLine int
	// Change is the first of the queue's rows at another offset than its
	// first row (a clock change in the queue's zone); nil while there is
	// none.
	Change *OffsetChange
}

// Add records time at, read at line with its own offset, in a file
// without a queue column.
func (o *Offsets) Add(at time.Time, line int) { o.AddQueue("", at, line) }

// AddQueue records time at of a row of queue, read at line with its own
// offset.
func (o *Offsets) AddQueue(queue string, at time.Time, line int) {
	if !o.seen {
		o.seen, o.First, o.FirstLine = true, at, line
		o.index = map[string]int{}
	} else if o.Change == nil && offset(at) != offset(o.First) {
		o.Change = &OffsetChange{FirstLine: o.FirstLine, Line: line, First: o.First, At: at, FirstQueue: o.Queues[0].Queue, Queue: queue}
	}
	i, ok := o.index[queue]
	if !ok {
		o.index[queue] = len(o.Queues)
		o.Queues = append(o.Queues, QueueOffsets{Queue: queue, First: at, FirstLine: line})
		return
	}
	if q := &o.Queues[i]; q.Change == nil && offset(at) != offset(q.First) {
		q.Change = &OffsetChange{FirstLine: q.FirstLine, Line: line, First: q.First, At: at, FirstQueue: queue, Queue: queue}
	}
}

// Changed is the queues whose own rows change offset, in the order of
// their changes' lines.
func (o *Offsets) Changed() []QueueOffsets {
	var out []QueueOffsets
	for _, q := range o.Queues {
		if q.Change != nil {
			out = append(out, q)
		}
	}
	slices.SortStableFunc(out, func(a, b QueueOffsets) int { return cmp.Compare(a.Change.Line, b.Change.Line) })
	return out
}

// offset is t's UTC offset in seconds.
func offset(t time.Time) int {
	_, off := t.Zone()
	return off
}
