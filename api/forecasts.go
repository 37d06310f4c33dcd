package api

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/staffcast/staffcast/app"
	"github.com/staffcast/staffcast/csvio"
	"github.com/staffcast/staffcast/csvio/historycsv"
	"github.com/staffcast/staffcast/forecast"
)

// forecastRequest is the body of POST /api/v1/queues/{queue}/forecasts.
// Start (RFC 3339; without offset a wall-clock time in the queue's zone)
// defaults to right after the history; Horizon defaults to 168h, Interval to
// the queue's, Method to auto.
type forecastRequest struct {
	Start    string        `json:"start"`
	Horizon  *app.Duration `json:"horizon"`
	Interval *app.Duration `json:"interval"`
	Method   string        `json:"method"`
}

// forecastArgs are the checked parameters of a forecast, also the args of a
// forecast job.
type forecastArgs struct {
	Queue    string        `json:"queue"`
	Start    time.Time     `json:"start,omitzero"`
	Horizon  time.Duration `json:"horizon"`
	Interval time.Duration `json:"interval"`
	Method   string        `json:"method"`
}

// forecastJobKind is the job kind of big forecasts.
const forecastJobKind = "forecast"

func (s *Server) registerJobs() {
	if s.deps.Jobs == nil {
		return
	}
	err := s.deps.Jobs.Register(forecastJobKind, func(ctx context.Context, args json.RawMessage, progress func(float64, string)) (json.RawMessage, error) {
		var a forecastArgs
		if err := json.Unmarshal(args, &a); err != nil {
			return nil, app.Wrap(app.Invalid, "forecast job", err)
		}
		progress(0, "forecasting "+a.Queue)
		run, err := s.runForecast(ctx, jobActor(ctx), a)
		if err != nil {
			return nil, err
		}
		return json.Marshal(map[string]any{"forecast_id": run.ID, "location": forecastPath(run)})
	})
	if err != nil {
		s.log.Error("registering the forecast job", "err", err)
	}
	err = s.deps.Jobs.Register(scheduleJobKind, func(ctx context.Context, args json.RawMessage, progress func(float64, string)) (json.RawMessage, error) {
		var a scheduleArgs
		if err := json.Unmarshal(args, &a); err != nil {
			return nil, app.Wrap(app.Invalid, "schedule job", err)
		}
		return s.runSchedule(ctx, jobActor(ctx), a, progress)
	})
	if err != nil {
		s.log.Error("registering the schedule job", "err", err)
	}
	if err := s.deps.Jobs.Register(backtestJobKind, s.runBacktest); err != nil {
		s.log.Error("registering the backtest job", "err", err)
	}
	s.registerScenarioJobs()
	if err := s.deps.Jobs.Register(simulateJobKind, s.runSimulation); err != nil {
		s.log.Error("registering the simulate job", "err", err)
	}
}

// jobActor is who made what a job makes: the actor who queued the job (a
// token's name, as on everything that token makes in a request), or "job"
// for a job queued with none.
func jobActor(ctx context.Context) string {
	if run, ok := app.JobRunOf(ctx); ok && run.Actor != "" {
		return run.Actor
	}
	return "job"
}

// checkHistory refuses at once a forecast or backtest job that would fail
// on the queue's stored history: none at all, or records that do not sum
// into interval (app.CheckHistoryInterval).
func (s *Server) checkHistory(ctx context.Context, queue string, interval time.Duration) error {
	sum, err := s.deps.Store.HistorySummary(ctx, queue)
	if err != nil {
		return err
	}
	if sum.Intervals == 0 {
		return noHistory(queue)
	}
	return app.CheckHistoryInterval(ctx, s.deps.Store, queue, interval)
}

// noHistory is the error of a queue without history.
func noHistory(queue string) error {
	return app.Errorf(app.Invalid, "queue %s has no history: import some first (POST /api/v1/queues/%s/history)", queue, queue)
}

func forecastPath(r app.ForecastRun) string {
	return fmt.Sprintf("/api/v1/queues/%s/forecasts/%d", r.Queue, r.ID)
}

// createForecast runs the forecaster on the queue's stored history. It
// answers 201 with the forecast, or, when the forecast has more than
// Config.ForecastJobIntervals intervals and a job queue runs, 202 with the
// job whose result names the forecast.
func (s *Server) createForecast(c echo.Context) error {
	var req forecastRequest
	q, err := s.queueBody(c, &req)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	a, err := req.args(q)
	if err != nil {
		return err
	}
	if s.deps.Jobs != nil && int(a.Horizon/a.Interval) > s.cfg.ForecastJobIntervals {
		if err := s.checkHistory(ctx, q.Name, a.Interval); err != nil {
			return err
		}
		loc, err := time.LoadLocation(q.TimeZone)
		if err != nil {
			return err
		}
		if err := app.CheckForecastStart(ctx, s.deps.Store, q.Name, a.Start, a.Interval, loc); err != nil {
			return err
		}
		return s.enqueue(c, forecastJobKind, a)
	}
	run, err := s.runForecast(ctx, actor(c), a)
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderLocation, forecastPath(run))
	return c.JSON(http.StatusCreated, toForecastJSON(run, q))
}

func (r forecastRequest) args(q app.Queue) (forecastArgs, error) {
	a := forecastArgs{Queue: q.Name, Method: r.Method}
	var err error
	if a.Horizon, err = durationOr("horizon", r.Horizon, 168*time.Hour); err != nil {
		return a, err
	}
	if a.Interval, err = durationOr("interval", r.Interval, q.Interval); err != nil {
		return a, err
	}
	if a.Method == "" {
		a.Method = string(forecast.MethodAuto)
	}
	m, err := forecast.ParseMethod(a.Method)
	if err != nil {
		return a, app.Invalidf("method", "%v", err)
	}
	a.Method = string(m)
	if a.Interval < time.Minute || (24*time.Hour)%a.Interval != 0 {
		return a, app.Invalidf("interval", "%v must be at least 1m and divide 24h", a.Interval)
	}
	if err := forecast.CheckHorizon(a.Horizon, a.Interval); err != nil {
		return a, app.Invalidf("horizon", "%v", err)
	}
	if r.Start != "" {
		loc, err := time.LoadLocation(q.TimeZone)
		if err != nil {
			return a, err
		}
		if a.Start, err = csvio.ParseLocalTime(r.Start, loc); err != nil {
			return a, app.Invalidf("start", "%v", err)
		}
		if off := forecast.WallClock(a.Start.In(loc)) % a.Interval; off != 0 {
			return a, app.Invalidf("start", "%s is not on the %v interval grid", r.Start, a.Interval)
		}
	}
	return a, nil
}

// runForecast forecasts a queue from its stored history through
// app.Forecast and stores the run.
func (s *Server) runForecast(ctx context.Context, actor string, a forecastArgs) (app.ForecastRun, error) {
	q, err := s.deps.Store.Queue(ctx, a.Queue)
	if err != nil {
		return app.ForecastRun{}, err
	}
	loc, err := time.LoadLocation(q.TimeZone)
	if err != nil {
		return app.ForecastRun{}, app.Wrap(app.Internal, "forecast", err)
	}
	hist, err := s.deps.Store.History(ctx, q.Name, time.Time{}, time.Time{})
	if err != nil {
		return app.ForecastRun{}, err
	}
	if len(hist) == 0 {
		return app.ForecastRun{}, noHistory(q.Name)
	}
	cal, err := s.calendarOf(ctx, q.Name)
	if err != nil {
		return app.ForecastRun{}, err
	}
	out, err := app.Forecast(ctx, app.ForecastRequest{Queue: q.Name, History: hist, Location: loc, Calendar: cal, Start: a.Start,
		Horizon: a.Horizon, Interval: a.Interval, Method: forecast.Method(a.Method)})
	if err != nil {
		return app.ForecastRun{}, err
	}
	res := out.Results[0]
	run := app.ForecastRun{Queue: q.Name, Start: out.Start, Horizon: a.Horizon, Interval: a.Interval, Method: a.Method}
	run.Rows = app.ForecastRows(res)
	params := forecastParams{ChosenMethod: res.Method, Warnings: res.Warnings}
	for _, row := range run.Rows {
		if row.SpecialDay != "" {
			if params.SpecialDays == nil {
				params.SpecialDays = map[string]string{}
			}
			params.SpecialDays[row.Start.In(loc).Format(time.DateOnly)] = row.SpecialDay
		}
	}
	run.Params, _ = json.Marshal(params)
	return s.deps.Store.CreateForecast(ctx, actor, run)
}

// forecastParams are a stored forecast run's params: the method auto chose,
// the special-day rule of each special local date (rows do not store it)
// and what in the history may distort the forecast (forecast.Result's
// Warnings, which the CLI prints on stderr).
type forecastParams struct {
	ChosenMethod string            `json:"chosen_method"`
	SpecialDays  map[string]string `json:"special_days,omitempty"`
	Warnings     []string          `json:"warnings,omitempty"`
}

// specialDays restores the rows' special-day rules from a run's params.
func specialDays(r *app.ForecastRun, loc *time.Location) {
	var p forecastParams
	if json.Unmarshal(r.Params, &p) != nil || len(p.SpecialDays) == 0 {
		return
	}
	for i := range r.Rows {
		r.Rows[i].SpecialDay = p.SpecialDays[r.Rows[i].Start.In(loc).Format(time.DateOnly)]
	}
}

// forecastJSON is a forecast run as the API shows it.
type forecastJSON struct {
	ID        int64             `json:"id"`
	Queue     string            `json:"queue"`
	Start     time.Time         `json:"start"`
	Horizon   app.Duration      `json:"horizon"`
	Interval  app.Duration      `json:"interval"`
	Method    string            `json:"method"`
	Params    json.RawMessage   `json:"params,omitempty"`
	CreatedAt time.Time         `json:"created_at"`
	CreatedBy string            `json:"created_by"`
	Rows      []forecastRowJSON `json:"rows,omitempty"`
}

type forecastRowJSON struct {
	Start      time.Time `json:"interval_start"`
	Volume     float64   `json:"volume"`
	Lower80    float64   `json:"lower80"`
	Upper80    float64   `json:"upper80"`
	Lower95    float64   `json:"lower95"`
	Upper95    float64   `json:"upper95"`
	AHTSeconds *float64  `json:"aht_seconds"`
	Method     string    `json:"method"`
	SpecialDay string    `json:"special_day"`
}

func toForecastJSON(r app.ForecastRun, q app.Queue) forecastJSON {
	loc, err := time.LoadLocation(q.TimeZone)
	if err != nil {
		loc = time.UTC
	}
	out := forecastJSON{ID: r.ID, Queue: r.Queue, Start: r.Start.In(loc), Horizon: app.Duration(r.Horizon), Interval: app.Duration(r.Interval),
		Method: r.Method, Params: r.Params, CreatedAt: r.CreatedAt, CreatedBy: r.CreatedBy}
	specialDays(&r, loc)
	for _, row := range r.Rows {
		out.Rows = append(out.Rows, forecastRowJSON{Start: row.Start.In(loc), Volume: row.Volume, Lower80: row.Lower80, Upper80: row.Upper80,
			Lower95: row.Lower95, Upper95: row.Upper95, AHTSeconds: row.AHTSeconds, Method: row.Method, SpecialDay: row.SpecialDay})
	}
	return out
}

func (s *Server) listForecasts(c echo.Context) error {
	q, p, err := s.queuePage(c)
	if err != nil {
		return err
	}
	runs, next, err := s.deps.Store.ListForecasts(c.Request().Context(), q.Name, p)
	if err != nil {
		return err
	}
	out := make([]forecastJSON, len(runs))
	for i, r := range runs {
		r.Rows = nil
		out[i] = toForecastJSON(r, q)
	}
	return c.JSON(http.StatusOK, listOf(out, next))
}

// getForecast returns a forecast as JSON, or with Accept: text/csv as the
// CSV "staffcast forecast" writes.
func (s *Server) getForecast(c echo.Context) error {
	name, err := queueParam(c)
	if err != nil {
		return err
	}
	id, err := int64Param(c, "id")
	if err != nil {
		return err
	}
	run, q, loc, err := s.forecastOf(c.Request().Context(), name, id)
	if err != nil {
		return err
	}
	typ, err := accepted(c, "application/json", "text/csv")
	if err != nil {
		return err
	}
	switch typ {
	case "text/csv":
		specialDays(&run, loc)
		res := &forecast.Result{Queue: run.Queue, Method: run.Method, Points: make([]forecast.Point, len(run.Rows))}
		for i, row := range run.Rows {
			aht := math.NaN()
			if row.AHTSeconds != nil {
				aht = *row.AHTSeconds
			}
			res.Points[i] = forecast.Point{Start: row.Start.In(loc), Volume: row.Volume, Lower80: row.Lower80, Upper80: row.Upper80,
				Lower95: row.Lower95, Upper95: row.Upper95, AHTSeconds: aht, SpecialDay: row.SpecialDay}
			if i == 0 && row.Method != "" {
				res.Method = row.Method
			}
		}
		c.Response().Header().Set(echo.HeaderContentType, "text/csv; charset=utf-8")
		attachment(c, fmt.Sprintf("forecast-%d.csv", run.ID))
		c.Response().WriteHeader(http.StatusOK)
		return historycsv.WriteForecast(c.Response(), []*forecast.Result{res})
	default: // application/json
		return c.JSON(http.StatusOK, toForecastJSON(run, q))
	}
}

// forecastOf loads a forecast of queue with the queue and its zone.
func (s *Server) forecastOf(ctx context.Context, queue string, id int64) (app.ForecastRun, app.Queue, *time.Location, error) {
	q, err := s.deps.Store.Queue(ctx, queue)
	if err != nil {
		return app.ForecastRun{}, q, nil, err
	}
	loc, err := time.LoadLocation(q.TimeZone)
	if err != nil {
		return app.ForecastRun{}, q, nil, err
	}
	run, err := s.deps.Store.Forecast(ctx, id)
	if err != nil {
		return run, q, nil, err
	}
	if run.Queue != queue {
		return run, q, nil, app.Errorf(app.NotFound, "forecast %d is not a forecast of queue %s", id, queue)
	}
	return run, q, loc, nil
}

// calendarOf is the stored calendar of a queue (its own days and the days
// of all queues) as the forecaster takes it.
func (s *Server) calendarOf(ctx context.Context, queue string) (forecast.Calendar, error) {
	days, err := s.deps.Store.Calendar(ctx, queue)
	if err != nil {
		return nil, err
	}
	return app.CalendarOf(days)
}
