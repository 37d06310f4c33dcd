package app

import (
	"context"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/staffcast/staffcast/csvio"
	"github.com/staffcast/staffcast/forecast"
)

// ForecastRequest asks for a forecast of one or more queues.
//
// The history comes either as Series (queues already laid on the planning
// grid, as the CLI reads them with historycsv) or, for one stored queue, as
// History rows with Queue and Location (as the API reads them from the
// Store); Series wins when both are given.
type ForecastRequest struct {
	Series []*forecast.Series
	// Queue, History and Location describe one stored queue. The records'
	// own interval is inferred from the most common gap between starts
	// (csvio.InferCommonInterval); it must divide Interval.
	Queue    string
	History  []HistoryInterval
	Location *time.Location // nil: UTC
	Calendar forecast.Calendar
	// Start is the first interval to forecast, on the Interval grid of the
	// queues' wall clock; zero starts right after the latest history.
	Start time.Time
	// Horizon is how far to forecast, from one Interval to
	// forecast.MaxHorizon (forecast.CheckHorizon).
	Horizon time.Duration
	// Interval is the planning interval; it must divide a day. With Series
	// it is theirs (zero takes it from the first series).
	Interval time.Duration
	Method   forecast.Method // "" is auto
}

// ForecastResult is one forecast.Result per queue, in the request's order
// (historycsv.WriteForecast writes them), and the start they share.
type ForecastResult struct {
	Start   time.Time
	Results []*forecast.Result
}

// Forecast forecasts volume (with 80% and 95% intervals) and handle time for
// every open interval of [Start, Start+Horizon) of each queue. Errors are
// Invalid for bad input (a bad horizon, interval, start or method names the
// request field: "horizon", "interval", "start", "method"; too short a
// history names the queue), Canceled when ctx ends first.
func Forecast(ctx context.Context, r ForecastRequest) (ForecastResult, error) {
	const op = "forecast"
	if err := ctx.Err(); err != nil {
		return ForecastResult{}, Wrap(Canceled, op, err)
	}
	m := r.Method
	if m == "" {
		m = forecast.MethodAuto
	}
	if _, err := forecast.ParseMethod(string(m)); err != nil {
		return ForecastResult{}, Invalidf("method", "%v", err)
	}
	series, err := r.series()
	if err != nil {
		return ForecastResult{}, err
	}
	interval := series[0].Interval
	if err := forecast.CheckHorizon(r.Horizon, interval); err != nil {
		return ForecastResult{}, Invalidf("horizon", "%v", err)
	}
	start := r.Start
	if start.IsZero() {
		for _, s := range series {
			if n := s.NextStart(); n.After(start) {
				start = n
			}
		}
	} else if off := forecast.WallClock(start.In(series[0].Location)) % interval; off != 0 {
		return ForecastResult{}, Invalidf("start", "%s is not on the %v interval grid", start.Format(time.RFC3339), interval)
	}
	for _, s := range series {
		if err := s.CheckStart(start); err != nil {
			return ForecastResult{}, Invalidf("start", "%v", err)
		}
	}
	// queues are independent: forecast them on every core
	res := ForecastResult{Start: start, Results: make([]*forecast.Result, len(series))}
	err = ForecastEach(ctx, len(series), 0, func(i int) (*forecast.Series, error) { return series[i], nil }, start, r.Horizon,
		forecast.Options{Method: m, Calendar: r.Calendar}, func(i int, fr *forecast.Result) error { res.Results[i] = fr; return nil })
	if err != nil {
		return ForecastResult{}, err
	}
	return res, nil
}

// series returns the request's series, building one from History when no
// Series is given.
func (r ForecastRequest) series() ([]*forecast.Series, error) {
	if len(r.Series) > 0 {
		for _, s := range r.Series {
			if s == nil {
				return nil, Errorf(Internal, "forecast: nil series")
			}
			if r.Interval != 0 && s.Interval != r.Interval {
				return nil, Invalidf("interval", "queue %q is on %s intervals, not %s", s.Queue, ShortDuration(s.Interval), ShortDuration(r.Interval))
			}
		}
		return r.Series, nil
	}
	s, err := SeriesOf(r.Queue, r.History, r.Interval, r.Location)
	if err != nil {
		return nil, err
	}
	return []*forecast.Series{s}, nil
}

// SeriesOf lays one queue's stored history on the planning grid of
// interval (which must divide a day) in loc (nil: UTC). The records' own
// length is the most common gap between their starts, or interval when
// there are fewer than two; it must divide interval. Errors are Invalid.
func SeriesOf(queue string, rows []HistoryInterval, interval time.Duration, loc *time.Location) (*forecast.Series, error) {
	const op = "forecast"
	if loc == nil {
		loc = time.UTC
	}
	if interval < time.Minute || (24*time.Hour)%interval != 0 {
		return nil, Invalidf("interval", "%v must be at least 1m and divide 24h", interval)
	}
	if len(rows) == 0 {
		return nil, Errorf(Invalid, "queue %s has no history", queue)
	}
	recs := make([]forecast.Record, len(rows))
	qs := csvio.QueueStarts{Queue: queue}
	for i, h := range rows {
		recs[i] = forecast.Record{Start: h.Start.In(loc), Offered: h.Offered, Handled: h.Handled, AHTSeconds: math.NaN()}
		if h.AHTSeconds != nil {
			recs[i].AHTSeconds = *h.AHTSeconds
		}
		qs.Starts = append(qs.Starts, h.Start)
		qs.Lines = append(qs.Lines, h.Line)
	}
	step := interval
	if len(rows) > 1 {
		if iv, _, err := csvio.InferCommonInterval([]csvio.QueueStarts{qs}); err == nil && iv > 0 {
			step = iv
		}
	}
	if err := CheckRecordInterval(queue, step, interval); err != nil {
		return nil, err
	}
	s, err := forecast.NewSeries(forecast.SeriesConfig{Queue: queue, Interval: interval, RecordInterval: step, Location: loc}, recs)
	if err != nil {
		return nil, &Error{Kind: Invalid, Op: op, Err: fmt.Errorf("queue %q: %w", queue, err)}
	}
	return s, nil
}

// CheckRecordInterval reports whether records of length record (a queue's
// history) sum into planning intervals of length interval: Invalid naming
// "interval" when interval is not a multiple of record. The CLI and the API
// both check a forecast's interval with it.
func CheckRecordInterval(queue string, record, interval time.Duration) error {
	if err := csvio.RecordsFit(queue, record, interval); err != nil {
		return Invalidf("interval", "%v", err)
	}
	return nil
}

// recordSample is how much of the end of a stored history
// CheckHistoryInterval reads to learn its record length.
const recordSample = 7 * 24 * time.Hour

// CheckHistoryInterval checks, before a forecast or backtest of a stored
// queue is queued as a job, that the queue's records sum into interval
// (CheckRecordInterval), so that the request is refused at once rather than
// by the job. It learns the record length with StoredRecordLength (SeriesOf
// checks the whole history again when the job runs). A queue with no
// history passes.
func CheckHistoryInterval(ctx context.Context, st Store, queue string, interval time.Duration) error {
	iv, _, err := StoredRecordLength(ctx, st, queue)
	if err != nil || iv == 0 {
		return err
	}
	return CheckRecordInterval(queue, iv, interval)
}

// CheckForecastStart checks, before a forecast of a stored queue is queued
// as a job, that start (zero: right after the history) is at most
// forecast.MaxHorizon after the queue's history ends, as Forecast does
// when the job runs: Invalid naming "start" otherwise. The history ends a
// record length (StoredRecordLength, else interval) after its last start.
func CheckForecastStart(ctx context.Context, st Store, queue string, start time.Time, interval time.Duration, loc *time.Location) error {
	if start.IsZero() {
		return nil
	}
	sum, err := st.HistorySummary(ctx, queue)
	if err != nil || sum.Intervals == 0 {
		return err
	}
	rec, _, err := StoredRecordLength(ctx, st, queue)
	if err != nil {
		return err
	}
	if rec == 0 {
		rec = interval
	}
	if err := forecast.CheckStart(queue, start, sum.Last.Add(rec), loc); err != nil {
		return Invalidf("start", "%v", err)
	}
	return nil
}

// StoredRecordLength learns the record length of queue's stored history as
// SeriesOf does (csvio.InferCommonInterval), from its last week. It is 0
// when that cannot be learnt (fewer than two intervals in the week, or
// starts on no common grid); sample holds the starts read, so that a
// caller can learn the length together with new rows.
func StoredRecordLength(ctx context.Context, st Store, queue string) (record time.Duration, sample []time.Time, err error) {
	sum, err := st.HistorySummary(ctx, queue)
	if err != nil || sum.Intervals == 0 {
		return 0, nil, err
	}
	rows, err := st.History(ctx, queue, sum.Last.Add(-recordSample), time.Time{})
	if err != nil {
		return 0, nil, err
	}
	qs := csvio.QueueStarts{Queue: queue}
	for _, h := range rows {
		qs.Starts = append(qs.Starts, h.Start)
	}
	if len(rows) < 2 {
		return 0, qs.Starts, nil
	}
	iv, _, err := csvio.InferCommonInterval([]csvio.QueueStarts{qs})
	if err != nil {
		return 0, qs.Starts, nil // SeriesOf decides on the whole history
	}
	return iv, qs.Starts, nil
}

// forecastError classifies an error of the forecast package: its sentinel
// errors are about the input (Invalid), anything else is Internal.
func forecastError(queue string, err error) error {
	kind := Internal
	for _, s := range []error{forecast.ErrInterval, forecast.ErrRecordLength, forecast.ErrMisaligned, forecast.ErrDuplicate,
		forecast.ErrNegative, forecast.ErrEmpty, forecast.ErrShortHistory, forecast.ErrHorizon, forecast.ErrHorizonLimit,
		forecast.ErrStartLimit, forecast.ErrSpan, forecast.ErrOrigins, forecast.ErrMethod, forecast.ErrCalendar} {
		if errors.Is(err, s) {
			kind = Invalid
			break
		}
	}
	// No Op: the queue and the forecast package's own prefix say enough.
	return &Error{Kind: kind, Err: fmt.Errorf("queue %q: %w", queue, err)}
}

// ForecastRows converts one queue's forecast to stored rows (AHTSeconds nil
// where the history had no handle time).
func ForecastRows(r *forecast.Result) []ForecastRow {
	rows := make([]ForecastRow, len(r.Points))
	for i, p := range r.Points {
		row := ForecastRow{Start: p.Start, Volume: p.Volume, Lower80: p.Lower80, Upper80: p.Upper80,
			Lower95: p.Lower95, Upper95: p.Upper95, Method: r.Method, SpecialDay: p.SpecialDay}
		if !math.IsNaN(p.AHTSeconds) {
			v := p.AHTSeconds
			row.AHTSeconds = &v
		}
		rows[i] = row
	}
	return rows
}

// BacktestRequest asks for the rolling-origin accuracy of every method on
// each queue's history.
type BacktestRequest struct {
	Series   []*forecast.Series // on the planning grid, as for Forecast
	Calendar forecast.Calendar  // these days are kept out of fits and scores
	Origins  int                // weekly origins at the end of the history, >= 1
	Horizon  time.Duration      // how far each origin forecasts
	// Clock, when set, times each method's fits (FitSeconds); nil leaves
	// FitSeconds 0 and the result reproducible to the bit.
	Clock func() time.Time
}

// BacktestResult is one report per queue, in the request's order.
type BacktestResult struct {
	Reports []BacktestReport
}

// BacktestReport is one queue's backtest as "backtest -json" prints it.
type BacktestReport struct {
	Queue    string `json:"queue"`
	Interval string `json:"interval"`
	Origins  int    `json:"origins"`
	Horizon  string `json:"horizon"`
	// OriginStarts are the origins, oldest first, parallel to each
	// method's OriginWAPE: where each one's forecast starts, RFC 3339 in
	// the queue's zone.
	OriginStarts []string         `json:"origin_starts"`
	Methods      []BacktestMethod `json:"methods"`
	// Warnings are what a forecast from the end of the history would warn
	// of (forecast.HistoryWarnings): faults that distort the scores too.
	Warnings []string `json:"warnings,omitempty"`
}

// BacktestMethod is one method's scores, rounded to 4 decimals.
type BacktestMethod struct {
	Method       string  `json:"method"`
	Chosen       string  `json:"chosen"`
	WAPE         float64 `json:"wape"`
	FirstDayWAPE float64 `json:"first_day_wape"`
	// LeadDayWAPE is the WAPE of each day after the origin (day 1 first);
	// null for a day with no actuals.
	LeadDayWAPE []*float64 `json:"lead_day_wape"`
	// OriginWAPE is the WAPE of each origin's horizon, oldest first; null
	// for an origin with no actuals.
	OriginWAPE []*float64 `json:"origin_wape"`
	MASE       *float64   `json:"mase"` // null when no origin could be scaled
	Bias       float64    `json:"bias"`
	Coverage80 float64    `json:"coverage80"`
	Coverage95 float64    `json:"coverage95"`
	FitSeconds float64    `json:"fit_seconds"`
	Points     int        `json:"points"`
}

// Backtest scores every forecasting method from r.Origins weekly origins at
// the end of each queue's history (forecast.Backtest). Errors are Invalid
// for bad input ("origins", "horizon" fields, or a queue too short), Canceled
// when ctx ends first.
func Backtest(ctx context.Context, r BacktestRequest) (BacktestResult, error) {
	const op = "backtest"
	if r.Origins < 1 {
		return BacktestResult{}, Invalidf("origins", "must be at least 1, got %d", r.Origins)
	}
	if len(r.Series) == 0 {
		return BacktestResult{}, Errorf(Invalid, "backtest: no history")
	}
	var res BacktestResult
	for _, s := range r.Series {
		if err := ctx.Err(); err != nil {
			return BacktestResult{}, Wrap(Canceled, op, err)
		}
		if err := forecast.CheckHorizon(r.Horizon, s.Interval); err != nil {
			return BacktestResult{}, Invalidf("horizon", "%v", err)
		}
		rows, err := forecast.Backtest(s, forecast.BacktestConfig{Origins: r.Origins, Horizon: r.Horizon, Calendar: r.Calendar, Clock: r.Clock})
		if err != nil {
			return BacktestResult{}, forecastError(s.Queue, err)
		}
		rep := NewBacktestReport(s.Queue, s.Interval, r.Origins, r.Horizon, rows)
		if rep.Warnings, err = forecast.HistoryWarnings(s, r.Calendar); err != nil {
			return BacktestResult{}, forecastError(s.Queue, err)
		}
		res.Reports = append(res.Reports, rep)
	}
	return res, nil
}

// NewBacktestReport packs forecast.Backtest's rows of one queue, rounding
// every figure to 4 decimals; a MASE that is not finite becomes nil.
func NewBacktestReport(queue string, interval time.Duration, origins int, horizon time.Duration, rows []forecast.BacktestRow) BacktestReport {
	rep := BacktestReport{Queue: queue, Interval: ShortDuration(interval), Origins: origins, Horizon: ShortDuration(horizon)}
	if len(rows) > 0 {
		for _, t := range rows[0].OriginStarts {
			rep.OriginStarts = append(rep.OriginStarts, t.Format(time.RFC3339))
		}
	}
	for _, r := range rows {
		rep.Methods = append(rep.Methods, BacktestMethod{
			Method: string(r.Method), Chosen: r.Chosen, WAPE: fcRound(r.WAPE), FirstDayWAPE: fcRound(r.FirstDayWAPE),
			MASE: finiteOrNull(fcRound(r.MASE)), Bias: fcRound(r.Bias), Coverage80: fcRound(r.Coverage80), Coverage95: fcRound(r.Coverage95),
			FitSeconds: fcRound(r.FitSeconds), Points: r.Points, LeadDayWAPE: make([]*float64, len(r.LeadDayWAPE)),
			OriginWAPE: make([]*float64, len(r.OriginWAPE)),
		})
		m := &rep.Methods[len(rep.Methods)-1]
		for o, v := range r.OriginWAPE {
			m.OriginWAPE[o] = finiteOrNull(fcRound(v))
		}
		for h, v := range r.LeadDayWAPE {
			m.LeadDayWAPE[h] = finiteOrNull(fcRound(v))
		}
	}
	return rep
}

// fcRound keeps backtest figures to 4 decimals.
func fcRound(v float64) float64 { return math.Round(v*1e4) / 1e4 }

// finiteOrNull is &v, or nil for NaN and infinities, which JSON cannot carry.
func finiteOrNull(v float64) *float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return nil
	}
	return &v
}

// ShortDuration prints 30m and 168h rather than 30m0s and 168h0m0s.
func ShortDuration(d time.Duration) string { return csvio.ShortDuration(d) }

// CalendarOf turns stored special days into the forecaster's calendar. A
// stored day was checked when it was imported, so a bad one here is an
// internal error, named by its date.
func CalendarOf(days []CalendarDay) (forecast.Calendar, error) {
	cal := make(forecast.Calendar, 0, len(days))
	for _, d := range days {
		date, err := time.Parse(time.DateOnly, d.Date)
		if err != nil {
			return nil, Errorf(Internal, "stored calendar day %q: %v", d.Date, err)
		}
		sd := forecast.SpecialDay{Date: date, Queue: d.Queue, Name: d.Name}
		switch d.Kind {
		case "closed":
			sd.Kind = forecast.Closed
		case "holiday":
			sd.Kind = forecast.Holiday
		case "event":
			sd.Kind = forecast.Event
		default:
			return nil, Errorf(Internal, "stored calendar day %s has kind %q", d.Date, d.Kind)
		}
		if d.Factor != nil {
			sd.Factor = *d.Factor
		}
		cal = append(cal, sd)
	}
	return cal, nil
}
