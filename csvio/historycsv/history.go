package historycsv

import (
	"errors"
	"fmt"
	"io"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/staffcast/staffcast/csvio"
	"github.com/staffcast/staffcast/forecast"
)

// Errors of the history reader, wrapped in *csvio.ParseError.
var (
	ErrMisaligned    = errors.New("historycsv: timestamp not aligned to the queue's interval grid")
	ErrMixedInterval = errors.New("historycsv: mixed interval lengths within a queue")
	ErrIntervalDay   = errors.New("historycsv: interval length does not divide a day")
	ErrNoRows        = errors.New("historycsv: no history rows")
	ErrNoSuchTime    = errors.New("historycsv: local time does not exist")
)

// Column names.
const (
	ColStart     = "interval_start"
	ColQueue     = "queue"
	ColChannel   = "channel"
	ColOffered   = "offered"
	ColHandled   = "handled"
	ColAbandoned = "abandoned"
	ColAHT       = "aht_seconds"
)

// Queue is one queue's history as read.
type Queue struct {
	Name    string
	Channel string // of the queue's first row
	// Interval is the record length learnt from the rows: the most common
	// step between consecutive records of a day.
	Interval time.Duration
	Records  []forecast.Record // in time order
	// Abandoned is the total of the abandoned column (0 when absent).
	Abandoned float64
	// HasAHT reports whether any row had a handle time.
	HasAHT bool
}

// Series lays the queue's records on the planning grid.
func (q *Queue) Series(interval time.Duration, loc *time.Location) (*forecast.Series, error) {
	return forecast.NewSeries(forecast.SeriesConfig{Queue: q.Name, Interval: interval, RecordInterval: q.Interval, Location: loc}, q.Records)
}

type row struct {
	line  int
	rec   forecast.Record
	local bool // timestamp written without an offset: wall clock in loc
}

// ReadHistory reads a history file. Timestamps without a UTC offset are
// wall-clock times in loc (UTC when nil). Queues come in order of first
// appearance.
func ReadHistory(r io.Reader, loc *time.Location) ([]Queue, error) {
	if loc == nil {
		loc = time.UTC
	}
	rd, err := csvio.NewReader(r, ColStart, ColQueue, ColChannel, ColOffered)
	if err != nil {
		return nil, err
	}
	var queues []Queue
	var rows [][]row
	index := map[string]int{}
	for {
		if err := rd.Next(); err == io.EOF {
			break
		} else if err != nil {
			return nil, err
		}
		t, err := rd.Time(ColStart, loc)
		if err != nil {
			return nil, err
		}
		if err := checkWallClock(rd.Get(ColStart), t, loc); err != nil {
			return nil, rd.Errorf(ColStart, err)
		}
		name := rd.Get(ColQueue)
		if name == "" {
			return nil, rd.Errorf(ColQueue, csvio.ErrEmpty)
		}
		var rec forecast.Record
		rec.Start = t
		if rec.Offered, err = rd.NonNegative(ColOffered); err != nil {
			return nil, err
		}
		if rec.Handled, _, err = rd.OptionalNonNegative(ColHandled); err != nil {
			return nil, err
		}
		ab, _, err := rd.OptionalNonNegative(ColAbandoned)
		if err != nil {
			return nil, err
		}
		aht, hasAHT, err := rd.OptionalNonNegative(ColAHT)
		if err != nil {
			return nil, err
		}
		rec.AHTSeconds = math.NaN()
		if hasAHT {
			rec.AHTSeconds = aht
		}
		qi, ok := index[name]
		if !ok {
			qi = len(queues)
			index[name] = qi
			queues = append(queues, Queue{Name: name, Channel: rd.Get(ColChannel)})
			rows = append(rows, nil)
		}
		queues[qi].Abandoned += ab
		queues[qi].HasAHT = queues[qi].HasAHT || hasAHT
		rows[qi] = append(rows[qi], row{line: rd.Line(), rec: rec, local: !hasOffset(rd.Get(ColStart))})
	}
	if len(queues) == 0 {
		return nil, &csvio.ParseError{Line: 2, Err: ErrNoRows}
	}
	col := columnOf(rd, ColStart)
	for qi := range queues {
		if err := settle(&queues[qi], rows[qi], loc, col); err != nil {
			return nil, err
		}
	}
	return queues, nil
}

// checkWallClock rejects a timestamp without offset whose wall-clock time
// does not exist in loc (the hour skipped when daylight saving starts): Go
// would silently move it an hour on.
func checkWallClock(s string, t time.Time, loc *time.Location) error {
	if len(s) < 16 || hasOffset(s) {
		return nil
	}
	h, m, _ := t.In(loc).Clock()
	if int(s[11]-'0')*10+int(s[12]-'0') != h || int(s[14]-'0')*10+int(s[15]-'0') != m {
		return fmt.Errorf("%w: %s does not exist in %s (the hour skipped by daylight saving)", ErrNoSuchTime, s, loc)
	}
	return nil
}

// hasOffset reports whether an RFC 3339 timestamp carries its UTC offset.
func hasOffset(s string) bool {
	return len(s) > 19 && strings.ContainsAny(s[19:], "Zz+-")
}

// secondOccurrence resolves the repeated hour of a day when clocks go back:
// a wall-clock time written twice without offset is that time's first
// occurrence (where parsing puts it) and then its second, an hour later.
// It moves the later line of each such pair and reports whether any moved.
func secondOccurrence(rs []row, loc *time.Location) bool {
	moved := false
	for i := 1; i < len(rs); i++ {
		first, second := &rs[i-1], &rs[i]
		if !first.rec.Start.Equal(second.rec.Start) || !first.local || !second.local {
			continue
		}
		t := first.rec.Start
		later := t.Add(time.Hour)
		if later.In(loc).Format("15:04:05") != t.In(loc).Format("15:04:05") {
			continue // not ambiguous: a true duplicate, reported by settle
		}
		if first.line > second.line {
			first, second = second, first
		}
		second.rec.Start = later
		moved = true
	}
	return moved
}

func columnOf(rd *csvio.Reader, name string) int {
	for i, h := range rd.Header() {
		if h == name {
			return i + 1
		}
	}
	return 0
}

// settle sorts a queue's rows, learns its interval and checks the grid.
func settle(q *Queue, rs []row, loc *time.Location, col int) error {
	byTime := func() {
		sort.SliceStable(rs, func(i, j int) bool { return rs[i].rec.Start.Before(rs[j].rec.Start) })
	}
	byTime()
	if secondOccurrence(rs, loc) {
		byTime()
	}
	perr := func(r row, err error) error {
		return &csvio.ParseError{Line: r.line, Column: col, Field: ColStart, Err: err}
	}
	// the most common positive step within a local day
	steps := map[time.Duration]int{}
	for i := 1; i < len(rs); i++ {
		a, b := rs[i-1].rec.Start, rs[i].rec.Start
		if b.Equal(a) {
			first, second := rs[i-1], rs[i]
			if second.line < first.line {
				first, second = second, first
			}
			return perr(second, fmt.Errorf("%w interval %s for queue %q (first on line %d)",
				csvio.ErrDuplicate, b.In(loc).Format(time.RFC3339), q.Name, first.line))
		}
		if sameDate(a.In(loc), b.In(loc)) {
			steps[b.Sub(a)]++
		}
	}
	iv, best := time.Duration(0), 0
	for d, n := range steps {
		if n > best || (n == best && d < iv) {
			iv, best = d, n
		}
	}
	if iv == 0 { // one record a day: take the largest step dividing the offsets
		iv = 24 * time.Hour
		for _, r := range rs {
			iv = gcd(iv, forecast.WallClock(r.rec.Start.In(loc)))
		}
	}
	if (24*time.Hour)%iv != 0 {
		return perr(rs[0], fmt.Errorf("%w: queue %q has %v records", ErrIntervalDay, q.Name, iv))
	}
	q.Interval = iv
	// every start on the grid; a day stepping by a multiple of the interval
	// throughout is a different record length, not gaps
	dayStart := 0
	for i, r := range rs {
		if forecast.WallClock(r.rec.Start.In(loc))%iv != 0 {
			return perr(r, fmt.Errorf("%w: %s is off the %v grid of queue %q (mixed interval lengths?)",
				ErrMisaligned, r.rec.Start.In(loc).Format(time.RFC3339), iv, q.Name))
		}
		end := i == len(rs)-1 || !sameDate(r.rec.Start.In(loc), rs[i+1].rec.Start.In(loc))
		if end {
			if err := checkDay(q, rs[dayStart:i+1], iv, perr); err != nil {
				return err
			}
			dayStart = i + 1
		}
	}
	q.Records = make([]forecast.Record, len(rs))
	for i, r := range rs {
		q.Records[i] = r.rec
	}
	return nil
}

// checkDay rejects a day of four or more records all k > 1 intervals apart.
func checkDay(q *Queue, day []row, iv time.Duration, perr func(row, error) error) error {
	if len(day) < 4 {
		return nil
	}
	step := day[1].rec.Start.Sub(day[0].rec.Start)
	if step <= iv {
		return nil
	}
	for i := 2; i < len(day); i++ {
		if day[i].rec.Start.Sub(day[i-1].rec.Start) != step {
			return nil
		}
	}
	return perr(day[0], fmt.Errorf("%w: queue %q has %v records but this day's are %v apart", ErrMixedInterval, q.Name, iv, step))
}

func gcd(a, b time.Duration) time.Duration {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

func sameDate(a, b time.Time) bool {
	ay, am, ad := a.Date()
	by, bm, bd := b.Date()
	return ay == by && am == bm && ad == bd
}
