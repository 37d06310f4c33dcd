package api

import (
	"context"
	"encoding/json"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/staffcast/staffcast/app"
	"github.com/staffcast/staffcast/forecast"
)

// backtestRequest is the body of POST /api/v1/queues/{queue}/backtests:
// Origins weekly origins (default 8) at the end of the stored history, each
// forecasting Horizon (default 168h) on the Interval grid (default the
// queue's).
type backtestRequest struct {
	Origins  *int          `json:"origins"` // nil: 8; a given 0 is refused
	Horizon  *app.Duration `json:"horizon"`
	Interval *app.Duration `json:"interval"`
}

// backtestArgs are the checked parameters, also the job's args.
type backtestArgs struct {
	Queue    string        `json:"queue"`
	Origins  int           `json:"origins"`
	Horizon  time.Duration `json:"horizon"`
	Interval time.Duration `json:"interval"`
}

const backtestJobKind = "backtest"

// maxBacktestOrigins bounds a request's work: each origin refits every method.
const maxBacktestOrigins = 52

// createBacktest queues a rolling-origin backtest of every method on the
// queue's stored history: 202 with the job, whose result is the report
// "staffcast backtest -json" prints for one queue.
func (s *Server) createBacktest(c echo.Context) error {
	var req backtestRequest
	q, err := s.queueBody(c, &req)
	if err != nil {
		return err
	}
	a := backtestArgs{Queue: q.Name, Origins: 8}
	if req.Origins != nil {
		a.Origins = *req.Origins
	}
	if a.Horizon, err = durationOr("horizon", req.Horizon, 168*time.Hour); err != nil {
		return err
	}
	if a.Interval, err = durationOr("interval", req.Interval, q.Interval); err != nil {
		return err
	}
	switch {
	case a.Origins < 1 || a.Origins > maxBacktestOrigins:
		return app.Invalidf("origins", "must be 1 to %d, got %d", maxBacktestOrigins, a.Origins)
	case a.Interval < time.Minute || (24*time.Hour)%a.Interval != 0:
		return app.Invalidf("interval", "%v must be at least 1m and divide 24h", a.Interval)
	case a.Horizon < a.Interval || a.Horizon > 366*24*time.Hour:
		return app.Invalidf("horizon", "%v must be from one interval to 366 days", a.Horizon)
	}
	if err := s.checkHistory(c.Request().Context(), q.Name, a.Interval); err != nil {
		return err
	}
	return s.enqueue(c, backtestJobKind, a)
}

// runBacktest is the backtest job: the queue's stored history through
// app.Backtest.
func (s *Server) runBacktest(ctx context.Context, args json.RawMessage, progress func(float64, string)) (json.RawMessage, error) {
	var a backtestArgs
	if err := json.Unmarshal(args, &a); err != nil {
		return nil, app.Wrap(app.Invalid, "backtest job", err)
	}
	progress(0, "backtesting "+a.Queue)
	rep, err := s.backtest(ctx, a)
	if err != nil {
		return nil, err
	}
	return json.Marshal(rep)
}

// backtest runs app.Backtest on a queue's stored history.
func (s *Server) backtest(ctx context.Context, a backtestArgs) (app.BacktestReport, error) {
	q, err := s.deps.Store.Queue(ctx, a.Queue)
	if err != nil {
		return app.BacktestReport{}, err
	}
	loc, err := time.LoadLocation(q.TimeZone)
	if err != nil {
		return app.BacktestReport{}, app.Wrap(app.Internal, "backtest", err)
	}
	hist, err := s.deps.Store.History(ctx, q.Name, time.Time{}, time.Time{})
	if err != nil {
		return app.BacktestReport{}, err
	}
	if len(hist) == 0 {
		return app.BacktestReport{}, noHistory(q.Name)
	}
	series, err := app.SeriesOf(q.Name, hist, a.Interval, loc)
	if err != nil {
		return app.BacktestReport{}, err
	}
	cal, err := s.calendarOf(ctx, q.Name)
	if err != nil {
		return app.BacktestReport{}, err
	}
	res, err := app.Backtest(ctx, app.BacktestRequest{Series: []*forecast.Series{series}, Calendar: cal, Origins: a.Origins, Horizon: a.Horizon})
	if err != nil {
		return app.BacktestReport{}, err
	}
	return res.Reports[0], nil
}
