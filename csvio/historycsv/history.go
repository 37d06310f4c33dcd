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
	ErrNoSuchTime    = csvio.ErrNoSuchTime // a local time skipped by a clock change
	ErrCounts        = errors.New("historycsv: counts disagree")
	ErrSpan          = errors.New("historycsv: history spans too long")
	ErrChannels      = errors.New("historycsv: one queue with two channels")
)

// Limits of a history file; a value beyond one is an error naming it.
const (
	// MaxCount bounds offered, handled and abandoned in one record.
	MaxCount = 1e9
	// MaxAHTSeconds bounds a record's mean handle time: a day.
	MaxAHTSeconds = 86400
	// MaxDays bounds one queue's history, first to last local date: 20
	// years. A stray row decades away would otherwise make a series (and
	// a forecast) of millions of empty days.
	MaxDays = 7305
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
	Name string
	// Channel is the channel of the queue's rows (voice, chat, email...):
	// a label, the same on every row of a queue that gives one. Rows of
	// two channels under one queue name are refused (ErrChannels): each
	// channel is its own series, so it needs its own queue name.
	Channel string
	// Interval is the record length learnt from the rows with
	// csvio.InferInterval: the most common gap between consecutive records
	// (a single record: the largest length dividing its time of day).
	Interval time.Duration
	Records  []forecast.Record // in time order
	// Lines holds the file line of each record: Records[i] is line
	// Lines[i]. It tells a caller that reads the rows itself (the API's
	// import) which instant each line was read as, the repeated hour of a
	// fall-back day included.
	Lines []int
	// Abandoned is the total of the abandoned column (0 when absent).
	Abandoned float64
	// HasAHT reports whether any row had a handle time.
	HasAHT bool
	// Line is the file line of the queue's first row and Column the queue
	// column's number, for errors about the queue.
	Line, Column int
}

// CheckInterval reports whether the queue's records sum into intervals of
// length interval: a *csvio.ParseError at the queue's first row naming
// the queue column when they do not. A queue with a single record (often
// a mistyped queue name in the middle of a file) says that its record
// length could not be learnt; SingleRecord tells that case apart.
func (q *Queue) CheckInterval(interval time.Duration) error {
	err := csvio.RecordsFit(q.Name, q.Interval, interval)
	if err == nil {
		return nil
	}
	if q.SingleRecord() {
		err = fmt.Errorf("queue %q has only this record, too few to learn its record length (a mistyped queue name?): its time %s allows %s records at most, which do not sum into %s intervals",
			q.Name, q.Records[0].Start.Format("15:04"), csvio.ShortDuration(q.Interval), csvio.ShortDuration(interval))
	}
	return &csvio.ParseError{Line: q.Line, Column: q.Column, Field: ColQueue, Err: err}
}

// SingleRecord reports whether the queue has one record only, so that its
// record length is a guess (the largest length dividing its time of day).
func (q *Queue) SingleRecord() bool { return len(q.Records) == 1 }

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
	qs, _, err := ReadHistoryOffsets(r, loc)
	return qs, err
}

// ReadHistoryOffsets is ReadHistory that also follows the UTC offsets of
// the timestamps written with one, so that a caller can tell a file
// written in another zone than loc (see csvio.Offsets).
func ReadHistoryOffsets(r io.Reader, loc *time.Location) ([]Queue, csvio.Offsets, error) {
	qs, offs, err := readHistory(r, loc)
	return qs, offs, err
}

func readHistory(r io.Reader, loc *time.Location) (_ []Queue, offs csvio.Offsets, _ error) {
	if loc == nil {
		loc = time.UTC
	}
	rd, err := csvio.NewReader(r, ColStart, ColQueue, ColChannel, ColOffered)
	if err != nil {
		return nil, offs, separatorHint(err)
	}
	var queues []Queue
	var rows [][]row
	var chanLine []int // per queue: the line of its first channel
	index := map[string]int{}
	for {
		if err := rd.Next(); err == io.EOF {
			break
		} else if err != nil {
			return nil, offs, err
		}
		t, err := rd.Time(ColStart, loc)
		if err != nil {
			return nil, offs, err
		}
		if err := csvio.CheckLocalTime(rd.Get(ColStart), t, loc); err != nil {
			return nil, offs, rd.Errorf(ColStart, err)
		}
		if hasOffset(rd.Get(ColStart)) {
			offs.Add(t, rd.Line())
		}
		name := rd.Get(ColQueue)
		if name == "" {
			return nil, offs, rd.Errorf(ColQueue, csvio.ErrEmpty)
		}
		var rec forecast.Record
		rec.Start = t
		if rec.Offered, err = rd.Bounded(ColOffered, MaxCount); err != nil {
			return nil, offs, err
		}
		if rec.Handled, _, err = rd.OptionalBounded(ColHandled, MaxCount); err != nil {
			return nil, offs, err
		}
		if rec.Handled > rec.Offered {
			return nil, offs, rd.Errorf(ColHandled, fmt.Errorf("%w: handled %s is more than offered %s", ErrCounts, rd.Get(ColHandled), rd.Get(ColOffered)))
		}
		ab, _, err := rd.OptionalBounded(ColAbandoned, MaxCount)
		if err != nil {
			return nil, offs, err
		}
		if ab > rec.Offered {
			return nil, offs, rd.Errorf(ColAbandoned, fmt.Errorf("%w: abandoned %s is more than offered %s", ErrCounts, rd.Get(ColAbandoned), rd.Get(ColOffered)))
		}
		aht, hasAHT, err := rd.OptionalBounded(ColAHT, MaxAHTSeconds)
		if err != nil {
			return nil, offs, err
		}
		rec.AHTSeconds = math.NaN()
		if hasAHT {
			rec.AHTSeconds = aht
		}
		qi, ok := index[name]
		if !ok {
			qi = len(queues)
			index[name] = qi
			queues = append(queues, Queue{Name: name, Line: rd.Line(), Column: rd.Column(ColQueue)})
			rows = append(rows, nil)
			chanLine = append(chanLine, 0)
		}
		if ch := rd.Get(ColChannel); ch != "" {
			switch q := &queues[qi]; {
			case chanLine[qi] == 0:
				q.Channel, chanLine[qi] = ch, rd.Line()
			case ch != q.Channel:
				return nil, offs, rd.Errorf(ColChannel, fmt.Errorf("%w: queue %q has rows of channels %q (line %d) and %q: forecast each channel as its own queue (give them different queue names)",
					ErrChannels, name, q.Channel, chanLine[qi], ch))
			}
		}
		queues[qi].Abandoned += ab
		queues[qi].HasAHT = queues[qi].HasAHT || hasAHT
		rows[qi] = append(rows[qi], row{line: rd.Line(), rec: rec, local: !hasOffset(rd.Get(ColStart))})
	}
	if len(queues) == 0 {
		return nil, offs, &csvio.ParseError{Line: 2, Err: ErrNoRows}
	}
	col := rd.Column(ColStart)
	for qi := range queues {
		if err := settle(&queues[qi], rows[qi], loc, col); err != nil {
			return nil, offs, err
		}
	}
	return queues, offs, nil
}

// separatorHint adds to a header missing its required columns that the
// file seems to be semicolon-separated, when its one column holds
// semicolons (a spreadsheet's export in many locales).
func separatorHint(err error) error {
	var pe *csvio.ParseError
	if !errors.As(err, &pe) || pe.Line != 1 || !errors.Is(err, csvio.ErrMissingColumn) {
		return err
	}
	_, header, ok := strings.Cut(pe.Err.Error(), "(header has ")
	if !ok || !strings.Contains(header, ";") || strings.Contains(header, ",") {
		return err
	}
	hinted := *pe
	hinted.Err = fmt.Errorf("%w: the file seems to be semicolon-separated; write it with commas", pe.Err)
	return &hinted
}

// hasOffset reports whether an RFC 3339 timestamp carries its UTC offset.
func hasOffset(s string) bool { return csvio.HasOffset(s) }

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
	for i := 1; i < len(rs); i++ {
		if a, b := rs[i-1].rec.Start, rs[i].rec.Start; b.Equal(a) {
			first, second := rs[i-1], rs[i]
			if second.line < first.line {
				first, second = second, first
			}
			return perr(second, fmt.Errorf("%w interval %s for queue %q (first on line %d)",
				csvio.ErrDuplicate, b.In(loc).Format(time.RFC3339), q.Name, first.line))
		}
	}
	first, last := rs[0], rs[len(rs)-1]
	if days := civilDay(last.rec.Start.In(loc)) - civilDay(first.rec.Start.In(loc)) + 1; days > MaxDays {
		return perr(last, fmt.Errorf("%w: queue %q runs from %s (line %d) to %s, %d days, above the limit of %d days (20 years)",
			ErrSpan, q.Name, first.rec.Start.In(loc).Format(time.DateOnly), first.line, last.rec.Start.In(loc).Format(time.DateOnly), days, MaxDays))
	}
	// the interval: the most common gap (csvio.InferInterval); rows off
	// its grid are named below
	starts := make([]time.Time, len(rs))
	for i, r := range rs {
		starts[i] = r.rec.Start.In(loc)
	}
	iv, _, err := csvio.InferInterval(starts, nil)
	var ie *csvio.IntervalError
	switch {
	case errors.As(err, &ie):
		iv = ie.Interval
	case errors.Is(err, csvio.ErrNoInterval): // one record: the largest step dividing its time of day
		iv = csvio.GCD(24*time.Hour, forecast.WallClock(starts[0]))
	case err != nil:
		return perr(rs[0], fmt.Errorf("%w: queue %q: %v", ErrIntervalDay, q.Name, err))
	}
	if iv == 0 {
		iv = 24 * time.Hour
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
	q.Lines = make([]int, len(rs))
	for i, r := range rs {
		q.Records[i], q.Lines[i] = r.rec, r.line
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

func civilDay(t time.Time) int {
	y, m, d := t.Date()
	return int(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

func sameDate(a, b time.Time) bool {
	ay, am, ad := a.Date()
	by, bm, bd := b.Date()
	return ay == by && am == bm && ad == bd
}
