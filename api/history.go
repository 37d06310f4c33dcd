package api

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/staffcast/staffcast/app"
	"github.com/staffcast/staffcast/csvio"
	"github.com/staffcast/staffcast/csvio/historycsv"
	"github.com/staffcast/staffcast/forecast"
)

// csvUpload reads a CSV request body: a text/csv (or application/csv) body,
// or a multipart/form-data upload whose "file" part holds it. Anything else
// is 415. The body limit (Config.CSVBodyLimit) applies to either.
func csvUpload(c echo.Context) ([]byte, error) {
	r := c.Request()
	switch mt := mediaType(r); mt {
	case "text/csv", "application/csv":
		return io.ReadAll(r.Body)
	case echo.MIMEMultipartForm:
		fh, err := c.FormFile("file")
		if err != nil {
			var he *echo.HTTPError
			if errors.As(err, &he) {
				return nil, he
			}
			if errors.Is(err, http.ErrMissingFile) {
				return nil, invalidf("multipart upload: the CSV must be in a part named \"file\"")
			}
			if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
				// An empty body, or one cut short of its closing boundary.
				return nil, invalidf("multipart upload: the body ends before a complete part named \"file\" (is the boundary in the Content-Type the one the body uses?)")
			}
			return nil, invalidf("multipart upload: %v", err)
		}
		f, err := fh.Open()
		if err != nil {
			return nil, err
		}
		defer f.Close()
		return io.ReadAll(f)
	default:
		return nil, problemf(http.StatusUnsupportedMediaType, "Content-Type must be text/csv or multipart/form-data with a \"file\" part, got %q", r.Header.Get(echo.HeaderContentType))
	}
}

// importResponse answers a history import.
type importResponse struct {
	Queue string `json:"queue"`
	app.ImportResult
	Rows int `json:"rows"`
}

// importHistory imports a history CSV (interval_start,queue,channel,offered
// and optional handled,abandoned,aht_seconds) into the path's queue, in one
// transaction: every row's queue must be the path's, and one bad row imports
// nothing (422 listing up to MaxProblemErrors bad lines with line, column
// and reason). Intervals that exist are replaced by the new values (the
// store's upsert policy). A queue that does not exist is created when the
// token may create queues, with ?tz= (IANA name, default UTC), ?interval=
// (planning interval, default 30m) and the channel of the first row.
// Timestamps without an offset are wall-clock times in the queue's time
// zone, read as "staffcast forecast" reads them (readHistoryRows), and the
// rows must fit the queue (checkHistoryFits).
func (s *Server) importHistory(c echo.Context) error {
	name, err := queueParam(c)
	if err != nil {
		return err
	}
	// ?tz= and ?interval= name the queue the upload creates; a queue that
	// exists must be what they say.
	tz := c.QueryParam("tz")
	var interval *app.Duration
	if iv := c.QueryParam("interval"); iv != "" {
		d, err := app.ParseDuration(iv)
		if err != nil {
			return invalidf("query parameter interval: %v", err)
		}
		interval = new(app.Duration(d))
	}
	ctx := c.Request().Context()
	var create *app.Queue
	q, err := s.deps.Store.Queue(ctx, name)
	switch {
	case app.KindOf(err) == app.NotFound:
		if !s.mayCreateQueue(principalOf(c).Role) {
			return err
		}
		if tz == "" {
			tz = "UTC" // the documented default
		}
		if err := checkTimeZone(tz); err != nil {
			return invalidf("query parameter tz: %v", err)
		}
		req := queueRequest{Name: name, TimeZone: &tz, Interval: interval}
		if q, err = req.queue(); err != nil {
			return err
		}
		create = &q
	case err != nil:
		return err
	default:
		if err := sameQueueParams(q, tz, interval); err != nil {
			return err
		}
	}
	loc, err := time.LoadLocation(q.TimeZone)
	if err != nil {
		return fmt.Errorf("queue %s has time zone %q: %w", q.Name, q.TimeZone, err)
	}
	data, err := csvUpload(c)
	if err != nil {
		return err
	}
	// The queue's stored record length, when it can be learnt, is the
	// grid every row must start on.
	var record time.Duration
	var sample []time.Time
	if create == nil {
		if record, sample, err = app.StoredRecordLength(ctx, s.deps.Store, q.Name); err != nil {
			return err
		}
	}
	fits := func(fq *historycsv.Queue, col int) error { return checkHistoryFits(q, loc, record, sample, fq, col) }
	rows, fq, err := readHistoryRows(data, name, loc, record, fits)
	if err != nil {
		return err
	}
	if channel := fq.Channel; create != nil && checkLabel(channel) == nil {
		create.Channel = channel
	}
	res, err := s.deps.Store.ImportHistory(ctx, actor(c), name, rows, create)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, importResponse{Queue: name, ImportResult: res, Rows: len(rows)})
}

// checkHistoryFits checks the rows of a history file (read as fq, in the
// queue's zone loc; col is its interval_start column) against the queue q
// they go into, so that the store holds only history the queue can
// forecast from (app.SeriesOf): the record length is the stored history's
// (record, from app.StoredRecordLength, which the reader has checked every
// start against), or, when that cannot be learnt, the one of the file and
// the stored starts (sample) together, or q's planning interval for a
// single start. That length must sum into q's interval, a file of several
// rows must have it (no mixed lengths), and every row must start on its
// grid. It is the reader's Queue check (readHistoryRows), so that its
// problems, a *csvio.ParseError or *csvio.RowErrors naming the line and
// column, are listed with the file's own in one 422.
func checkHistoryFits(q app.Queue, loc *time.Location, record time.Duration, sample []time.Time, fq *historycsv.Queue, col int) error {
	fileRows := len(fq.Records) > 1
	at := func(line int, format string, args ...any) error {
		return &csvio.ParseError{Line: line, Column: col, Field: historycsv.ColStart, Err: fmt.Errorf(format, args...)}
	}
	switch {
	case record > 0:
		// The stored length rules: each row must be on its grid, however
		// far apart the file's rows are (a correction of two intervals, a
		// feed that leaves out the zero rows of a quiet queue). But a file
		// of rows fq.Interval apart, a multiple of it, for a day's worth
		// of gaps and never closer is a file of longer records: stored as
		// records of the queue's length, with the rest missing, each would
		// count as one of them, its whole volume in the interval it starts.
		if line, ok := coarseRecords(fq, record); ok {
			return at(line, "rows %s apart, a day's worth of them and none closer: these are %s records, but queue %s stores %s records, so each would be stored as one %s interval with the next %d missing; import them into a queue of %s intervals or longer, or as %s records",
				app.ShortDuration(fq.Interval), app.ShortDuration(fq.Interval), q.Name, app.ShortDuration(record),
				app.ShortDuration(record), int(fq.Interval/record)-1, app.ShortDuration(fq.Interval), app.ShortDuration(record))
		}
	case len(sample) == 0 && fileRows:
		record = fq.Interval
		if err := fq.CheckInterval(q.Interval); err != nil {
			return err
		}
	default:
		var starts []time.Time
		for _, t := range sample {
			starts = append(starts, t.In(loc))
		}
		for _, r := range fq.Records {
			starts = append(starts, r.Start.In(loc))
		}
		record = q.Interval // a single start: SeriesOf's length
		iv, _, err := csvio.InferInterval(starts, nil)
		var ie *csvio.IntervalError
		switch {
		case err == nil:
			record = iv
		case errors.As(err, &ie):
			record = ie.Interval // the starts off its grid are named below
		}
	}
	if err := csvio.RecordsFit(q.Name, record, q.Interval); err != nil {
		return at(fq.Lines[0], "%w", err)
	}
	var bad csvio.RowErrors
	for i, r := range fq.Records {
		if t := r.Start.In(loc); forecast.WallClock(t)%record != 0 {
			bad.Add(fq.Lines[i], &csvio.ParseError{Line: fq.Lines[i], Column: col, Field: historycsv.ColStart,
				Err: fmt.Errorf("%w: %s is off queue %s's %s grid", historycsv.ErrMisaligned, t.Format(time.RFC3339), q.Name, app.ShortDuration(record))})
		}
	}
	if err := bad.Err(); err != nil {
		return err
	}
	for _, t := range sample {
		if t = t.In(loc); forecast.WallClock(t)%record != 0 {
			return at(fq.Lines[0], "%w: the queue's stored interval %s is off the %s grid of this file's records", historycsv.ErrMisaligned, t.Format(time.RFC3339), app.ShortDuration(record))
		}
	}
	return nil
}

// coarseRecords reports whether fq holds records longer than record: its
// record length is a multiple of record, no two of its rows are closer
// than that or at a gap that is not a multiple of it, and a day's worth of
// its gaps are exactly that long (a day of hourly rows without a gap, or a
// week of hourly rows 08:00-20:00). A quiet queue's feed without its zero
// rows has finer or uneven gaps, and a correction has few rows. line is
// the first row's.
func coarseRecords(fq *historycsv.Queue, record time.Duration) (line int, ok bool) {
	iv := fq.Interval
	if record <= 0 || iv <= record || iv%record != 0 || len(fq.Records) < 2 {
		return 0, false
	}
	need := int((24*time.Hour + iv - 1) / iv) // gaps spanning a day
	n := 0
	for i := 1; i < len(fq.Records); i++ {
		switch gap := fq.Records[i].Start.Sub(fq.Records[i-1].Start); {
		case gap%iv != 0:
			return 0, false // finer rows: the file is not all longer records
		case gap == iv:
			n++
		}
	}
	return fq.Lines[0], n >= need
}

// mayCreateQueue reports whether role may create queues (the roles of
// POST /api/v1/queues).
func (s *Server) mayCreateQueue(r Role) bool {
	for _, rt := range s.allowed {
		if rt.method == http.MethodPost && rt.path == "/api/v1/queues" {
			return rt.allow.admits(r)
		}
	}
	return false
}

// readHistoryRows reads a history file for queue as "staffcast forecast"
// reads it (historycsv.ReadHistoryWith), with every row's queue the
// URL's, when record is positive (the queue's stored record length) every
// start on record's grid, and the rows checked by fits (given the file's
// queue and its interval_start column; checkHistoryFits). A bad file is
// 422 listing every bad line found, the problems of single rows, of the
// file as a whole (duplicates, starts off the grid) and fits' together.
// It returns the rows, each at the instant the reader put it (the
// repeated hour of a fall-back day included), and the file's queue as the
// reader read it (its channel is the first row's, its Interval the file's
// record length).
func readHistoryRows(data []byte, queue string, loc *time.Location, record time.Duration, fits func(fq *historycsv.Queue, col int) error) ([]app.HistoryInterval, *historycsv.Queue, error) {
	rd, err := csvio.NewReader(bytes.NewReader(data), historycsv.ColStart, historycsv.ColQueue, historycsv.ColChannel, historycsv.ColOffered)
	if err != nil {
		return nil, nil, importError(err)
	}
	startCol := rd.Column(historycsv.ColStart)
	qs, _, err := historycsv.ReadHistoryWith(bytes.NewReader(data), loc, historycsv.Options{
		Record: record,
		Row: func(rd *csvio.Reader) error {
			if got := rd.Get(historycsv.ColQueue); got != queue {
				return rd.Errorf(historycsv.ColQueue, fmt.Errorf("queue %.70q is not the queue of the URL, %q", got, queue))
			}
			return nil
		},
		Queue: func(fq *historycsv.Queue) error { return fits(fq, startCol) },
	})
	if err != nil {
		return nil, nil, importError(err)
	}
	fq := &qs[0] // every row is queue's
	rows := make([]app.HistoryInterval, len(fq.Records))
	for i, r := range fq.Records {
		rows[i] = app.HistoryInterval{Start: r.Start, Offered: r.Offered, Handled: r.Handled, Line: fq.Lines[i]}
		if v := fq.RecordAbandoned[i]; !math.IsNaN(v) {
			rows[i].Abandoned = &v
		}
		if v := r.AHTSeconds; !math.IsNaN(v) {
			rows[i].AHTSeconds = &v
		}
	}
	return rows, fq, nil
}

// badRows collects positioned problems, keeping the first
// MaxProblemErrors.
type badRows struct {
	details []app.Detail
	n       int
}

func (b *badRows) add(err error) {
	b.n++
	if len(b.details) < MaxProblemErrors {
		b.details = append(b.details, detailOf(err))
	}
}

// errorOp is the Invalid error of import op listing the bad rows.
func (b *badRows) errorOp(op string) error {
	return &importErr{err: &app.Error{Kind: app.Invalid, Op: op,
		Message: fmt.Sprintf("%d bad %s (first: line %d: %s); nothing was imported", b.n, plural(b.n, "row", "rows"), b.details[0].Line, b.details[0].Reason),
		Details: b.details}, omitted: b.n - len(b.details)}
}

// importErr is an import error whose details were capped: Omitted counts
// those left out.
type importErr struct {
	err     *app.Error
	omitted int
}

func (e *importErr) Error() string { return e.err.Error() }
func (e *importErr) Omitted() int  { return e.omitted }
func (e *importErr) Unwrap() error { return e.err }

// detailOf turns a csvio.ParseError into a Detail (line, column, field,
// reason).
func detailOf(err error) app.Detail {
	var pe *csvio.ParseError
	if errors.As(err, &pe) {
		return app.Detail{Line: pe.Line, Column: pe.Column, Field: pe.Field, Reason: pe.Err.Error()}
	}
	return app.Detail{Reason: err.Error()}
}

// importError is an Invalid history import error with the positioned
// detail of err.
func importError(err error) error { return importErrorOp("import history", err) }

// importErrorOp is an Invalid import error of op with the positioned detail
// of err (line 1 when err has no line: the header or the whole file), or
// of each bad row when err is a reader's *csvio.RowErrors.
func importErrorOp(op string, err error) error {
	var re *csvio.RowErrors
	if errors.As(err, &re) {
		var b badRows
		for _, pe := range re.Errs {
			b.add(pe)
		}
		b.n += re.Omitted
		return b.errorOp(op)
	}
	d := detailOf(err)
	if d.Line == 0 {
		d.Line = 1
	}
	return &app.Error{Kind: app.Invalid, Op: op, Message: err.Error() + "; nothing was imported", Details: []app.Detail{d}}
}

// historySummary describes the queue's stored history: how many intervals,
// the first and the last, in the queue's zone.
func (s *Server) historySummary(c echo.Context) error {
	name, err := queueParam(c)
	if err != nil {
		return err
	}
	q, err := s.deps.Store.Queue(c.Request().Context(), name)
	if err != nil {
		return err
	}
	loc, err := time.LoadLocation(q.TimeZone)
	if err != nil {
		return app.Wrap(app.Internal, "queue "+q.Name+" time zone", err)
	}
	sum, err := s.deps.Store.HistorySummary(c.Request().Context(), name)
	if err != nil {
		return err
	}
	out := struct {
		Queue     string     `json:"queue"`
		Intervals int        `json:"intervals"`
		First     *time.Time `json:"first,omitempty"`
		Last      *time.Time `json:"last,omitempty"`
	}{Queue: name, Intervals: sum.Intervals}
	if sum.Intervals > 0 {
		first, last := sum.First.In(loc), sum.Last.In(loc)
		out.First, out.Last = &first, &last
	}
	return c.JSON(http.StatusOK, out)
}

// sameQueueParams refuses ?tz= or ?interval= that contradict the existing
// queue q: they apply only when the upload creates the queue, and quietly
// ignoring them would read the file's wall-clock times in another zone
// than the one meant.
func sameQueueParams(q app.Queue, tz string, interval *app.Duration) error {
	if tz != "" && tz != q.TimeZone {
		return invalidf("query parameter tz: queue %s exists in time zone %s, not %.70q; ?tz= applies only when the upload creates the queue", q.Name, q.TimeZone, tz)
	}
	if interval != nil && interval.D() != q.Interval {
		return invalidf("query parameter interval: queue %s plans in %s intervals, not %s; ?interval= applies only when the upload creates the queue",
			q.Name, app.ShortDuration(q.Interval), app.ShortDuration(interval.D()))
	}
	return nil
}

// plural is one when n is 1, else many.
func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
