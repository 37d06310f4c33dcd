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
	"github.com/staffcast/staffcast/internal/queuename"
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
	// RecordAbandoned holds each record's abandoned count, NaN where its
	// row gives none: RecordAbandoned[i] is Records[i]'s.
	RecordAbandoned []float64
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
	ab    float64 // abandoned, NaN when the row gives none
	local bool    // timestamp written without an offset: wall clock in loc
}

// Options adjusts ReadHistory for a caller that reads a file into a queue
// it knows (the API's import).
type Options struct {
	// Row, when not nil, checks each row before the reader reads it: an
	// error (a *csvio.ParseError from the reader's Errorf) makes the row a
	// bad one, left out of the checks of the file as a whole. The API
	// refuses rows of another queue than the one imported into with it.
	Row func(rd *csvio.Reader) error
	// Queue, when not nil, checks a queue's rows further once the file is
	// read (the API checks them against the queue they go into): it is
	// called with the rows of q without a problem of their own (Records,
	// Lines and RecordAbandoned; Interval is the length learnt from every
	// row that read), also when other rows have one, so that its problems
	// are listed with the reader's, in one error. They are a
	// *csvio.ParseError or a *csvio.RowErrors of them, which may name a
	// line the reader named too; any other error ends the reading. It is
	// not called after a malformed record ended the reading, nor for a
	// queue whose record length could not be learnt.
	Queue func(q *Queue) error
	// Record, when positive, is the record length the rows must have,
	// known from elsewhere (the queue's stored history): every start must
	// be on its grid, which takes the place of the grid the file's own
	// starts would give (one stray start cannot make the good ones look
	// off grid). Queue.Interval is still the length the file's rows show.
	Record time.Duration
}

// ReadHistory reads a history file. Timestamps without a UTC offset are
// wall-clock times in loc (UTC when nil). Queues come in order of first
// appearance. A bad file is an error naming every bad line it could find
// (a *csvio.RowErrors in file order, see ReadHistoryWith).
func ReadHistory(r io.Reader, loc *time.Location) ([]Queue, error) {
	qs, _, err := readHistory(r, loc, Options{})
	return qs, err
}

// ReadHistoryWith is ReadHistory as opt says. Either every queue is
// returned, or an error naming the line and column of every bad row: the
// problems of a row itself (a count, a time, a local time the zone skips,
// a queue name the API would refuse (queuename.Check, so a file the CLI
// reads can be imported too), a second channel for its queue,
// Options.Row's) and, among the rows that
// read, those of the file as a whole (a duplicate interval naming both
// lines, a start off its queue's grid, a day of longer records, a span
// above MaxDays). One line has one problem at most. A malformed record (a
// stray quote) ends the reading; a file without a header's required
// columns or without rows is one *csvio.ParseError. The problems
// Options.Queue finds are listed with these. It also follows the UTC
// offsets of the timestamps written with one, in the file and in each
// queue's rows, so that a caller can tell a file, or a queue, written in
// another zone than loc (see csvio.Offsets).
func ReadHistoryWith(r io.Reader, loc *time.Location, opt Options) ([]Queue, csvio.Offsets, error) {
	return readHistory(r, loc, opt)
}

func readHistory(r io.Reader, loc *time.Location, opt Options) (_ []Queue, offs csvio.Offsets, _ error) {
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
	var bad csvio.RowErrors
	cut := false // a malformed record ended the reading
	for {
		if err := rd.Next(); err == io.EOF {
			break
		} else if err != nil {
			var pe *csvio.ParseError
			if !errors.As(err, &pe) {
				return nil, offs, err // reading failed: not a problem of the file's content
			}
			bad.Add(rd.Line(), err)
			if csvio.RecordRead(err) {
				continue
			}
			cut = true
			break // a malformed record: the reader cannot be trusted past it
		}
		if opt.Row != nil {
			if err := opt.Row(rd); err != nil {
				bad.Add(rd.Line(), err)
				continue
			}
		}
		rw, hasAHT, err := readRow(rd, loc)
		if err != nil {
			bad.Add(rd.Line(), err)
			continue
		}
		if !rw.local {
			offs.AddQueue(rd.Get(ColQueue), rw.rec.Start, rw.line)
		}
		name := rd.Get(ColQueue)
		qi, ok := index[name]
		if ch := rd.Get(ColChannel); ok && ch != "" && chanLine[qi] != 0 && ch != queues[qi].Channel {
			bad.Add(rd.Line(), rd.Errorf(ColChannel, fmt.Errorf("%w: queue %q has rows of channels %q (line %d) and %q: forecast each channel as its own queue (give them different queue names)",
				ErrChannels, name, queues[qi].Channel, chanLine[qi], ch)))
			continue
		}
		if !ok {
			qi = len(queues)
			index[name] = qi
			queues = append(queues, Queue{Name: name, Line: rd.Line(), Column: rd.Column(ColQueue)})
			rows = append(rows, nil)
			chanLine = append(chanLine, 0)
		}
		if ch := rd.Get(ColChannel); ch != "" && chanLine[qi] == 0 {
			queues[qi].Channel, chanLine[qi] = ch, rd.Line()
		}
		if !math.IsNaN(rw.ab) {
			queues[qi].Abandoned += rw.ab
		}
		queues[qi].HasAHT = queues[qi].HasAHT || hasAHT
		rows[qi] = append(rows[qi], rw)
	}
	if len(queues) == 0 && len(bad.Errs) == 0 {
		return nil, offs, &csvio.ParseError{Line: 2, Err: ErrNoRows}
	}
	col := rd.Column(ColStart)
	var late lateErrors
	for qi := range queues {
		settle(&queues[qi], rows[qi], loc, col, opt.Record, &late)
		if q := &queues[qi]; opt.Queue != nil && !cut && len(q.Records) > 0 {
			var re *csvio.RowErrors
			var pe *csvio.ParseError
			switch err := opt.Queue(q); {
			case err == nil:
			case errors.As(err, &re):
				for _, pe := range re.Errs {
					late.add(pe)
				}
				late.dropped += re.Omitted
			case errors.As(err, &pe):
				late.add(pe)
			default:
				return nil, offs, err
			}
		}
	}
	if err := late.merge(&bad); err != nil {
		return nil, offs, err
	}
	return queues, offs, nil
}

// readRow reads the current row of a history file: its checks of the row
// alone.
func readRow(rd *csvio.Reader, loc *time.Location) (rw row, hasAHT bool, err error) {
	t, err := rd.Time(ColStart, loc)
	if err != nil {
		return rw, false, err
	}
	if err := csvio.CheckLocalTime(rd.Get(ColStart), t, loc); err != nil {
		return rw, false, rd.Errorf(ColStart, err)
	}
	if rd.Get(ColQueue) == "" {
		return rw, false, rd.Errorf(ColQueue, csvio.ErrEmpty)
	}
	if err := queuename.Check(rd.Get(ColQueue)); err != nil {
		return rw, false, rd.Errorf(ColQueue, err)
	}
	rec := &rw.rec
	rec.Start = t
	if rec.Offered, err = rd.Bounded(ColOffered, MaxCount); err != nil {
		return rw, false, err
	}
	if rec.Handled, _, err = rd.OptionalBounded(ColHandled, MaxCount); err != nil {
		return rw, false, err
	}
	if rec.Handled > rec.Offered {
		return rw, false, rd.Errorf(ColHandled, fmt.Errorf("%w: handled %s is more than offered %s", ErrCounts, rd.Get(ColHandled), rd.Get(ColOffered)))
	}
	ab, hasAb, err := rd.OptionalBounded(ColAbandoned, MaxCount)
	if err != nil {
		return rw, false, err
	}
	if ab > rec.Offered {
		return rw, false, rd.Errorf(ColAbandoned, fmt.Errorf("%w: abandoned %s is more than offered %s", ErrCounts, rd.Get(ColAbandoned), rd.Get(ColOffered)))
	}
	rw.ab = math.NaN()
	if hasAb {
		rw.ab = ab
	}
	aht, hasAHT, err := rd.OptionalBounded(ColAHT, MaxAHTSeconds)
	if err != nil {
		return rw, false, err
	}
	rec.AHTSeconds = math.NaN()
	if hasAHT {
		rec.AHTSeconds = aht
	}
	rw.line = rd.Line()
	rw.local = !hasOffset(rd.Get(ColStart))
	return rw, hasAHT, nil
}

// lateErrors collects the problems of the file as a whole, found once
// every row is read: they come in time order, queue by queue, not in file
// order. It keeps the csvio.MaxRowErrors of the lowest lines (no more can
// be shown) and counts the rest.
type lateErrors struct {
	errs    []*csvio.ParseError
	dropped int
}

func (l *lateErrors) add(pe *csvio.ParseError) {
	l.errs = append(l.errs, pe)
	if len(l.errs) >= 2*csvio.MaxRowErrors {
		l.trim()
	}
}

// trim sorts the problems by line and keeps the first MaxRowErrors.
func (l *lateErrors) trim() {
	sort.SliceStable(l.errs, func(i, j int) bool { return l.errs[i].Line < l.errs[j].Line })
	if n := len(l.errs) - csvio.MaxRowErrors; n > 0 {
		l.dropped += n
		l.errs = l.errs[:csvio.MaxRowErrors]
	}
}

// merge returns rows' bad rows and l's problems as one *csvio.RowErrors in
// file order (the first MaxRowErrors; Omitted counts the rest), or nil
// when there are none. The rows' are in file order already, and those it
// left out come after every one it kept, so the first MaxRowErrors of the
// merge are among those kept.
func (l *lateErrors) merge(rows *csvio.RowErrors) error {
	l.trim()
	if len(rows.Errs) == 0 && len(l.errs) == 0 {
		return nil
	}
	out := &csvio.RowErrors{Omitted: rows.Omitted + l.dropped}
	a, b := rows.Errs, l.errs
	for len(a) > 0 || len(b) > 0 {
		var next *csvio.ParseError
		if len(b) == 0 || (len(a) > 0 && a[0].Line <= b[0].Line) {
			next, a = a[0], a[1:]
		} else {
			next, b = b[0], b[1:]
		}
		if len(out.Errs) < csvio.MaxRowErrors {
			out.Errs = append(out.Errs, next)
		} else {
			out.Omitted++
		}
	}
	return out
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

// settle sorts a queue's rows, learns its record length and checks the
// rows together: duplicate intervals, the span, every start on the grid
// (record's when it is positive, else the rows' own) and days of longer
// records. Each problem goes to late, one per line at most. q's Interval
// is set to the length learnt, and its Records and Lines to the rows
// without a problem (every row when there is none); when no length could
// be learnt, they are left empty.
func settle(q *Queue, rs []row, loc *time.Location, col int, record time.Duration, late *lateErrors) {
	byTime := func() {
		sort.SliceStable(rs, func(i, j int) bool { return rs[i].rec.Start.Before(rs[j].rec.Start) })
	}
	byTime()
	if secondOccurrence(rs, loc) {
		byTime()
	}
	failed := map[int]bool{} // the lines with a problem
	bad := func(r row, err error) {
		late.add(&csvio.ParseError{Line: r.line, Column: col, Field: ColStart, Err: err})
		failed[r.line] = true
	}
	// A duplicate interval is named on its later line, with the first;
	// only the first goes on to the checks below.
	kept := make([]row, 0, len(rs))
	for _, r := range rs {
		if n := len(kept); n > 0 && r.rec.Start.Equal(kept[n-1].rec.Start) {
			first, second := kept[n-1], r
			if second.line < first.line {
				first, second = second, first
				kept[n-1] = first
			}
			bad(second, fmt.Errorf("%w interval %s for queue %q (first on line %d)",
				csvio.ErrDuplicate, second.rec.Start.In(loc).Format(time.RFC3339), q.Name, first.line))
			continue
		}
		kept = append(kept, r)
	}
	rs = kept
	first, last := rs[0], rs[len(rs)-1]
	spanLine := 0 // the line named for the span, checked no further
	if days := civilDay(last.rec.Start.In(loc)) - civilDay(first.rec.Start.In(loc)) + 1; days > MaxDays {
		bad(last, fmt.Errorf("%w: queue %q runs from %s (line %d) to %s, %d days, above the limit of %d days (20 years)",
			ErrSpan, q.Name, first.rec.Start.In(loc).Format(time.DateOnly), first.line, last.rec.Start.In(loc).Format(time.DateOnly), days, MaxDays))
		spanLine = last.line
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
		bad(rs[0], fmt.Errorf("%w: queue %q: %v", ErrIntervalDay, q.Name, err))
		return
	}
	if iv == 0 {
		iv = 24 * time.Hour
	}
	offGrid := func(t time.Time) error {
		if record > 0 {
			return fmt.Errorf("%w: %s is off the %s grid of queue %q's records", ErrMisaligned, t.Format(time.RFC3339), csvio.ShortDuration(record), q.Name)
		}
		return fmt.Errorf("%w: %s is off the %s grid of queue %q (mixed interval lengths?)", ErrMisaligned, t.Format(time.RFC3339), csvio.ShortDuration(iv), q.Name)
	}
	grid := iv
	if record > 0 {
		grid = record
	}
	// every start on the grid; a day stepping by a multiple of the interval
	// throughout is a different record length, not gaps (a day with a
	// line named already is not checked for that)
	dayStart, dayBad := 0, false
	for i, r := range rs {
		t := r.rec.Start.In(loc)
		switch {
		case r.line == spanLine:
			dayBad = true
		case forecast.WallClock(t)%grid != 0:
			bad(r, offGrid(t))
			dayBad = true
		}
		if end := i == len(rs)-1 || !sameDate(t, rs[i+1].rec.Start.In(loc)); end {
			if day := rs[dayStart : i+1]; !dayBad {
				if err := checkDay(q, day, iv); err != nil {
					bad(day[0], err)
				}
			}
			dayStart, dayBad = i+1, false
		}
	}
	q.Interval = iv
	q.Records = make([]forecast.Record, 0, len(rs))
	q.Lines = make([]int, 0, len(rs))
	q.RecordAbandoned = make([]float64, 0, len(rs))
	for _, r := range rs {
		if !failed[r.line] {
			q.Records, q.Lines, q.RecordAbandoned = append(q.Records, r.rec), append(q.Lines, r.line), append(q.RecordAbandoned, r.ab)
		}
	}
}

// checkDay rejects a day of four or more records all k > 1 intervals apart.
func checkDay(q *Queue, day []row, iv time.Duration) error {
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
	return fmt.Errorf("%w: queue %q has %s records but this day's are %s apart", ErrMixedInterval, q.Name, csvio.ShortDuration(iv), csvio.ShortDuration(step))
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
