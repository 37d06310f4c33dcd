package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/staffcast/staffcast/app"
	"github.com/staffcast/staffcast/csvio"
	"github.com/staffcast/staffcast/csvio/historycsv"
	"github.com/staffcast/staffcast/csvio/schedio"
	"github.com/staffcast/staffcast/csvio/staffcsv"
	"github.com/staffcast/staffcast/erlang"
	"github.com/staffcast/staffcast/forecast"
	"github.com/staffcast/staffcast/scenario"
)

// fileSources resolve a scenario document's references from files, as
// app.ScenarioSources: demand.forecast (a forecast CSV as "staffcast
// forecast" writes it), demand.history (a history CSV forecast with
// demand.method and demand.horizon) and templates (a JSON file in the
// "schedule -templates" format). Relative paths are relative to dir, the
// document's directory. The store's references (demand.forecast_id,
// demand.from_history) are refused naming the field.
type fileSources struct {
	dir string
	// cmd names the command in the warnings of a forecast made from a
	// history, printed on e's stderr as the forecast command prints them
	// (warnHistoryOffsets, warnCalendarQueues, warnForecast).
	cmd string
	e   env
	// names are the paths to show for paths of the document that the
	// command set from its flags (made absolute): as the user gave them.
	names map[string]string
	// forecasts keeps every forecast made from a history, by queue, for
	// the plan command to write; intervals the planning interval of every
	// queue's demand, to check its templates file against.
	forecasts map[string]*forecast.Result
	intervals map[string]time.Duration
}

func newFileSources(docPath, cmd string, e env) *fileSources {
	e.stderr = onceWriter(e.stderr)
	return &fileSources{dir: filepath.Dir(docPath), cmd: cmd, e: e, names: map[string]string{},
		forecasts: map[string]*forecast.Result{}, intervals: map[string]time.Duration{}}
}

// name is the path to show for the document's path p.
func (s *fileSources) name(p string) string {
	if n, ok := s.names[p]; ok {
		return n
	}
	return p
}

// dedupWriter drops a write that repeats an earlier one: every warning is
// one write, and a history that serves several queues or scenarios warns
// once.
type dedupWriter struct {
	w    io.Writer
	seen map[string]bool
}

// onceWriter is w dropping repeated writes (w itself when it already
// does, so that the sources of several documents share it).
func onceWriter(w io.Writer) io.Writer {
	if _, ok := w.(*dedupWriter); ok || w == nil {
		return w
	}
	return &dedupWriter{w: w, seen: map[string]bool{}}
}

func (d *dedupWriter) Write(p []byte) (int, error) {
	if d.seen[string(p)] {
		return len(p), nil
	}
	d.seen[string(p)] = true
	return d.w.Write(p)
}

// path resolves p against the document's directory.
func (s *fileSources) path(p string) string {
	if filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(s.dir, p)
}

// refErr is an error about the reference in field (relative to the queue).
func refErr(field string, format string, args ...any) error {
	return &scenario.FieldError{Field: field, Err: fmt.Errorf(format, args...)}
}

// Demand reads or forecasts q's demand and lays it on consecutive
// intervals: intervals missing from the file (closed hours) offer nothing.
func (s *fileSources) Demand(ctx context.Context, q scenario.QueueSpec) ([]scenario.Interval, error) {
	ds := q.Demand
	switch {
	case ds.ForecastID != 0:
		return nil, refErr("demand.forecast_id", "stored forecasts are for the API; on the command line give demand.forecast (a forecast CSV) or demand.history (a history CSV)")
	case ds.FromHistory:
		return nil, refErr("demand.from_history", "stored history is for the API; on the command line give demand.history (a history CSV)")
	case ds.Forecast != "":
		return s.readForecast(q)
	case ds.History != "":
		res, err := s.forecastHistory(ctx, q)
		if err != nil {
			return nil, err
		}
		return s.forecastIntervals(q, res)
	}
	return nil, refErr("demand", "give demand.forecast (a forecast CSV) or demand.history (a history CSV)")
}

// location is q's time zone for timestamps without an offset: UTC unless
// time_zone says otherwise (Validate checked it).
func location(q scenario.QueueSpec) *time.Location {
	if q.TimeZone == "" {
		return time.UTC
	}
	loc, err := time.LoadLocation(q.TimeZone)
	if err != nil {
		return time.UTC
	}
	return loc
}

// open opens the file of field, naming both in errors.
func (s *fileSources) open(field, p string) (*os.File, error) {
	f, err := os.Open(s.path(p))
	if err != nil {
		return nil, refErr(field, "%s: %v", s.name(p), unwrapPath(err))
	}
	return f, nil
}

// readForecast reads q's rows of the forecast CSV demand.forecast. A file
// of one queue serves the scenario's queue whatever its name.
func (s *fileSources) readForecast(q scenario.QueueSpec) ([]scenario.Interval, error) {
	const field = "demand.forecast"
	p := q.Demand.Forecast
	f, err := s.open(field, p)
	if err != nil {
		return nil, err
	}
	wl, err := staffcsv.Read(f, staffcsv.Options{DefaultAHT: q.Humans.AHT.D(), Location: location(q)})
	f.Close()
	if errors.Is(err, staffcsv.ErrNoAHT) {
		err = fmt.Errorf("%w; set humans.aht", err)
	}
	if err != nil {
		return nil, refErr(field, "%s: %w", p, err)
	}
	var queues []string
	for _, r := range wl.Rows {
		if !slices.Contains(queues, r.Queue) {
			queues = append(queues, r.Queue)
		}
	}
	name := q.Queue
	if !slices.Contains(queues, name) {
		if len(queues) != 1 {
			return nil, refErr(field, "%s has no rows for queue %q (it has %s)", p, q.Queue, strings.Join(queues, ", "))
		}
		name = queues[0]
	}
	bands := make([]*erlang.Bands, len(wl.Rows))
	if q.StaffTo != "" && q.StaffTo != scenario.StaffToMean {
		if bands, err = forecastBands(wl); err != nil {
			return nil, refErr(field, "%s: %w", p, err)
		}
	}
	special := slices.Index(wl.Header, "special_day") // a forecast CSV's
	var rows []demandRow
	for i, r := range wl.Rows {
		if r.Queue == name {
			closed := special >= 0 && special < len(r.Fields) && r.Fields[special] == forecast.SpecialClosed
			rows = append(rows, demandRow{r.Start, r.Volume, r.AHT, r.Line, bands[i], closed})
		}
	}
	iv, err := s.layOut(q, field, p, rows)
	if err != nil {
		return nil, err
	}
	return iv, nil
}

// forecastHistory forecasts q's queue of the history CSV demand.history
// from right after its end, over demand.horizon (default 7 days) with
// demand.method (default auto), on the queue's interval (default the
// history's own). The result is kept in s.forecasts.
func (s *fileSources) forecastHistory(ctx context.Context, q scenario.QueueSpec) (*forecast.Result, error) {
	const field = "demand.history"
	p := q.Demand.History
	method := forecast.MethodAuto
	if q.Demand.Method != "" {
		m, err := forecast.ParseMethod(q.Demand.Method)
		if err != nil {
			return nil, refErr("demand.method", "%v", err)
		}
		method = m
	}
	horizon := q.Demand.Horizon.D()
	if horizon == 0 {
		horizon = 7 * 24 * time.Hour
	}
	f, err := s.open(field, p)
	if err != nil {
		return nil, err
	}
	loc := location(q)
	queues, offs, err := historycsv.ReadHistoryWith(f, loc, historycsv.Options{})
	f.Close()
	if err != nil {
		return nil, refErr(field, "%s: %w", s.name(p), err)
	}
	if q.TimeZone == "" {
		warnHistoryOffsets(s.cmd, s.name(p), loc, offs, "time_zone", s.e)
	}
	var hq *historycsv.Queue
	var names []string
	for i := range queues {
		names = append(names, queues[i].Name)
		if queues[i].Name == q.Queue {
			hq = &queues[i]
		}
	}
	if hq == nil {
		if len(queues) != 1 {
			return nil, refErr(field, "%s has no rows for queue %q (it has %s)", s.name(p), q.Queue, strings.Join(names, ", "))
		}
		hq = &queues[0]
	}
	interval := q.Interval.D()
	if interval == 0 {
		interval = hq.Interval
	}
	if interval%hq.Interval != 0 {
		return nil, refErr("interval", "%s is not a multiple of the %s records of %s", app.ShortDuration(interval), app.ShortDuration(hq.Interval), s.name(p))
	}
	series, err := hq.Series(interval, loc)
	if err != nil {
		return nil, refErr(field, "%s: queue %q: %w", s.name(p), hq.Name, err)
	}
	var cal forecast.Calendar
	if q.Demand.Calendar != "" {
		cf, err := s.open("demand.calendar", q.Demand.Calendar)
		if err != nil {
			return nil, err
		}
		var lines []int
		cal, lines, err = historycsv.ReadCalendarLines(cf)
		cf.Close()
		if err != nil {
			return nil, refErr("demand.calendar", "%s: %w", s.name(q.Demand.Calendar), err)
		}
		warnCalendarQueues(s.cmd, s.name(q.Demand.Calendar), cal, lines, queues, s.e)
	}
	res, err := app.Forecast(ctx, app.ForecastRequest{Series: []*forecast.Series{series}, Calendar: cal, Horizon: horizon, Method: method})
	if err != nil {
		if app.KindOf(err) == app.Canceled {
			return nil, err
		}
		if fld := app.FieldOf(err); fld == "horizon" || fld == "method" {
			return nil, refErr("demand."+fld, "%s", app.DetailsOf(err)[0].Reason)
		}
		return nil, refErr(field, "%s: %w", s.name(p), err)
	}
	r := res.Results[0]
	warnForecast(fmt.Sprintf("staffcast %s: %s: ", s.cmd, s.name(p)), r, s.e)
	s.forecasts[q.Queue] = r
	return r, nil
}

// forecastIntervals lays a forecast out as q's demand; points without a
// handle time forecast take humans.aht.
func (s *fileSources) forecastIntervals(q scenario.QueueSpec, r *forecast.Result) ([]scenario.Interval, error) {
	rows := make([]demandRow, len(r.Points))
	for i, pt := range r.Points {
		aht := q.Humans.AHT.D()
		if !math.IsNaN(pt.AHTSeconds) && pt.AHTSeconds > 0 {
			aht = time.Duration(math.Round(pt.AHTSeconds * 1e9))
		}
		if aht <= 0 {
			return nil, refErr("demand.history", "%s has no aht_seconds to forecast handle time from; set humans.aht", s.name(q.Demand.History))
		}
		rows[i] = demandRow{Start: pt.Start, Volume: pt.Volume, AHT: aht,
			Bands:  &erlang.Bands{Lower95: pt.Lower95, Lower80: pt.Lower80, Upper80: pt.Upper80, Upper95: pt.Upper95},
			Closed: pt.SpecialDay == forecast.SpecialClosed}
	}
	return s.layOut(q, "demand.history", s.name(q.Demand.History), rows)
}

// demandRow is one interval read (Line 0 when it was forecast).
type demandRow struct {
	Start  time.Time
	Volume float64
	AHT    time.Duration
	Line   int
	Bands  *erlang.Bands // nil without bands
	Closed bool          // a calendar-closed day's
}

// forecastBands is every row's bands from a forecast CSV's lower95,
// lower80, upper80 and upper95 columns; nil for each row when the file
// has none of them (a staff_to that needs them then says so).
func forecastBands(wl *staffcsv.Workload) ([]*erlang.Bands, error) {
	out := make([]*erlang.Bands, len(wl.Rows))
	var cols [4][]float64
	for k, c := range []string{"lower95", "lower80", "upper80", "upper95"} {
		v, err := wl.Floats(c)
		if errors.Is(err, csvio.ErrMissingColumn) {
			if k == 0 {
				return out, nil
			}
			return nil, err
		}
		if err != nil {
			return nil, err
		}
		cols[k] = v
	}
	for i := range out {
		out[i] = &erlang.Bands{Lower95: cols[0][i], Lower80: cols[1][i], Upper80: cols[2][i], Upper95: cols[3][i]}
	}
	return out, nil
}

// layOut turns rows (one queue's, any order) into consecutive intervals of
// the most common gap between them (the queue's interval when there is one
// row): a start off that grid is an error naming its line, a missing
// interval offers nothing (with its predecessor's handle time).
func (s *fileSources) layOut(q scenario.QueueSpec, field, p string, rows []demandRow) ([]scenario.Interval, error) {
	if len(rows) == 0 {
		return nil, refErr(field, "%s: no intervals", p)
	}
	slices.SortFunc(rows, func(a, b demandRow) int { return a.Start.Compare(b.Start) })
	step := q.Interval.D()
	if len(rows) > 1 {
		qs := csvio.QueueStarts{Queue: q.Queue}
		for _, r := range rows {
			qs.Starts = append(qs.Starts, r.Start)
			qs.Lines = append(qs.Lines, r.Line)
		}
		iv, warns, err := csvio.InferCommonInterval([]csvio.QueueStarts{qs})
		if err != nil {
			return nil, refErr(field, "%s: %w", p, err)
		}
		if len(warns) > 0 {
			return nil, refErr(field, "%s: %s", p, warns[0])
		}
		step = iv
	}
	if step <= 0 {
		return nil, refErr(field, "%s: one interval; set interval to say how long it is", p)
	}
	first, last := rows[0].Start, rows[len(rows)-1].Start
	n := int(last.Sub(first)/step) + 1
	if n > 4*len(rows)+10000 {
		return nil, refErr(field, "%s: %d intervals from %s to %s, mostly empty; is a date wrong?", p, n, first.Format(time.RFC3339), last.Format(time.RFC3339))
	}
	out := make([]scenario.Interval, n)
	set := make([]bool, n)
	for _, r := range rows {
		k := int(r.Start.Sub(first) / step)
		if set[k] {
			return nil, refErr(field, "%s: interval %s appears twice", p, r.Start.Format(time.RFC3339))
		}
		out[k], set[k] = scenario.Interval{Start: r.Start, Volume: r.Volume, AHT: r.AHT, Bands: r.Bands, Closed: r.Closed}, true
	}
	for k := range out {
		if !set[k] {
			out[k] = scenario.Interval{Start: first.Add(time.Duration(k) * step), AHT: out[k-1].AHT}
		}
	}
	s.intervals[q.Queue] = step
	return out, nil
}

// Shifts reads q's templates file.
func (s *fileSources) Shifts(_ context.Context, q scenario.QueueSpec) (*scenario.Shifts, error) {
	if q.Templates == "" {
		return nil, nil
	}
	f, err := s.open("templates", q.Templates)
	if err != nil {
		return nil, err
	}
	tf, err := schedio.ReadTemplates(f)
	f.Close()
	if err != nil {
		return nil, refErr("templates", "%s: %w", s.name(q.Templates), err)
	}
	iv := q.Interval.D()
	if iv == 0 {
		iv = s.intervals[q.Queue]
	}
	if tf.Interval != 0 && iv != 0 && tf.Interval != iv {
		return nil, refErr("templates", "%s is for %s intervals, the queue plans on %s", s.name(q.Templates), app.ShortDuration(tf.Interval), app.ShortDuration(iv))
	}
	return &scenario.Shifts{Templates: tf.Templates, Weights: tf.Weights, Cyclic: tf.Cyclic}, nil
}
