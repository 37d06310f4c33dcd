package api

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/staffcast/staffcast/app"
	"github.com/staffcast/staffcast/charts"
	"github.com/staffcast/staffcast/csvio/schedio"
	"github.com/staffcast/staffcast/internal/chartdata"
	"github.com/staffcast/staffcast/scheduler"
)

// Chart routes answer a PNG or an SVG by the Accept header (the one it
// weighs more; PNG when it weighs both alike or is absent; 406 when it
// allows neither); ?width= and
// ?height= set the size in pixels.

// Chart limits of GET /queues/{queue}/backtests/chart, which runs the
// backtest while the client waits.
const (
	maxChartBacktestOrigins = 8
	maxChartBacktestHorizon = 14 * 24 * time.Hour
)

// sendChart renders ch in the format the request accepts.
func sendChart(c echo.Context, ch charts.Chart) error {
	o, err := chartOptions(c)
	if err != nil {
		return err
	}
	b, err := ch.Render(o)
	if err != nil {
		return chartError(err)
	}
	return c.Blob(http.StatusOK, o.Format.ContentType(), b)
}

// chartOptions reads the format from Accept and the size from the query.
func chartOptions(c echo.Context) (charts.Options, error) {
	var o charts.Options
	typ, err := accepted(c, "image/png", "image/svg+xml")
	if err != nil {
		return o, err
	}
	o.Format = charts.PNG
	if typ == "image/svg+xml" {
		o.Format = charts.SVG
	}
	for _, q := range []struct {
		name     string
		v        *int
		min, max int
	}{{"width", &o.Width, charts.MinWidth, charts.MaxSize}, {"height", &o.Height, charts.MinHeight, charts.MaxSize}} {
		s := c.QueryParam(q.name)
		if s == "" {
			continue
		}
		n, err := strconv.Atoi(s)
		if err != nil || n < q.min || n > q.max {
			// Named here, before any work: the charts package's own
			// check names neither the parameter nor its range alone.
			return o, queryInvalidf(q.name, "want %d to %d pixels, got %.30q", q.min, q.max, s)
		}
		*q.v = n
	}
	return o, nil
}

// chartParams are the queue and id of a chart route of one queue's result,
// with the Accept and size checked before any work.
func chartParams(c echo.Context) (string, int64, error) {
	name, err := queueParam(c)
	if err != nil {
		return "", 0, err
	}
	id, err := int64Param(c, "id")
	if err != nil {
		return "", 0, err
	}
	_, err = chartOptions(c)
	return name, id, err
}

// chartError classifies a charts error: the input's fault (nothing to
// draw, a bad size) is Invalid, a rendering failure Internal.
func chartError(err error) error {
	if errors.Is(err, charts.ErrRender) {
		return app.Wrap(app.Internal, "chart", err)
	}
	return app.Wrap(app.Invalid, "chart", err)
}

// getForecastChart draws a stored forecast with the last two weeks of the
// queue's history and its special days.
func (s *Server) getForecastChart(c echo.Context) error {
	name, id, err := chartParams(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	run, _, loc, err := s.forecastOf(ctx, name, id)
	if err != nil {
		return err
	}
	from := run.Start.AddDate(0, 0, -charts.DefaultHistoryDays-2)
	hist, err := s.deps.Store.History(ctx, name, from, run.Start)
	if err != nil {
		return err
	}
	series, err := app.SeriesOf(name, hist, run.Interval, loc)
	if err != nil {
		series = nil // no history (or none on this grid) to show: the forecast alone
	}
	cal, err := s.calendarOf(ctx, name)
	if err != nil {
		return err
	}
	return sendChart(c, chartdata.Forecast(series, name, loc, run.Interval, run.Rows, cal))
}

// getStaffingChart draws a stored staffing (charts.Staffing): the agents
// Erlang asks for, with ?schedule= or ?roster= the agents a plan or roster
// puts on shift and the service level they reach, and with ?simulation=
// (a finished simulate job of this staffing) the simulated service level
// and its confidence band.
func (s *Server) getStaffingChart(c echo.Context) error {
	name, id, err := chartParams(c)
	if err != nil {
		return err
	}
	schedID, err := optionalID(c, "schedule")
	if err != nil {
		return err
	}
	rosterID, err := optionalID(c, "roster")
	if err != nil {
		return err
	}
	simID, err := optionalID(c, "simulation")
	if err != nil {
		return err
	}
	if schedID > 0 && rosterID > 0 {
		const reason = "give query parameter schedule or roster, not both"
		return &app.Error{Kind: app.Invalid, Message: reason, Details: []app.Detail{{Field: "schedule", Reason: reason}, {Field: "roster", Reason: reason}}}
	}
	ctx := c.Request().Context()
	ch, err := s.staffingChart(ctx, name, id, schedID, rosterID)
	if err != nil {
		return err
	}
	if simID > 0 {
		sim, err := s.simulationOf(ctx, simID)
		if err != nil {
			return err
		}
		if sim.Queue != "" && sim.Queue != name || sim.StaffingID != id {
			return queryInvalidf("simulation", "job %d simulated staffing %d of queue %s, not staffing %d of %s", simID, sim.StaffingID, sim.Queue, id, name)
		}
		if err := overlaySimulation(&ch, sim); err != nil {
			return err
		}
	}
	return sendChart(c, ch)
}

// staffingChart is the chart of staffing id of queue name, with the
// agents on shift in schedule schedID or roster rosterID (when > 0) and
// the service level they reach.
func (s *Server) staffingChart(ctx context.Context, name string, id, schedID, rosterID int64) (charts.Staffing, error) {
	st, loc, err := s.staffingOf(ctx, name, id)
	if err != nil {
		return charts.Staffing{}, err
	}
	var req staffingRequest
	if err := json.Unmarshal(st.Params, &req); err != nil {
		return charts.Staffing{}, app.Wrap(app.Internal, fmt.Sprintf("staffing %d parameters", id), err)
	}
	interval := req.interval()
	if interval <= 0 && len(st.Rows) > 1 {
		interval = st.Rows[1].Start.Sub(st.Rows[0].Start)
	}
	ch := chartdata.Staffing(name, loc, interval, st.Rows)
	if req.SLTarget != nil {
		ch.ServiceTarget = *req.SLTarget
	}
	var spans []chartdata.Span
	switch {
	case schedID > 0:
		sc, doc, err := s.scheduleOf(ctx, schedID)
		if err != nil {
			return ch, err
		}
		if sc.Queue != name {
			return ch, queryInvalidf("schedule", "schedule %d is of queue %s, not %s", schedID, sc.Queue, name)
		}
		r, err := doc.requirements()
		if err != nil {
			return ch, err
		}
		spans = chartdata.PlanSpans(r, doc.Solution.Planned)
		ch.ScheduledName = fmt.Sprintf("scheduled by schedule %d", schedID)
		// The plan's own figures, over every interval of its days, as the page states them.
		ch.Totals = &charts.StaffingTotals{ShortageMinutes: doc.ShortageMinutes, ExcessMinutes: doc.ExcessMinutes,
			ShortIntervals: doc.Coverage.ShortIntervals, Intervals: len(doc.Coverage.Intervals)}
		if ch.Totals.Intervals == 0 { // a plan stored before its coverage was kept
			ch.Totals.Intervals = len(r.Required)
		}
	case rosterID > 0:
		r, err := s.deps.Store.Roster(ctx, rosterID)
		if err != nil {
			return ch, err
		}
		if r.Queue != "" && r.Queue != name {
			return ch, queryInvalidf("roster", "roster %d is of queue %s, not %s", rosterID, r.Queue, name)
		}
		spans = chartdata.RosterSpans(r.Shifts)
		ch.ScheduledName = fmt.Sprintf("on shift in roster %d", rosterID)
		grid, err := requirementsOf(st, "scheduled_agents", loc)
		if err != nil {
			return ch, err
		}
		ch.Totals = gridTotals(grid, spans)
	default:
		return ch, nil
	}
	ch.Scheduled = chartdata.Scheduled(ch.Starts, interval, spans)
	if ch.ServiceLevel, err = s.serviceWith(ctx, req, st, interval, ch.Scheduled); err != nil {
		return ch, err
	}
	ch.ServiceName = "service level with the scheduled agents (right axis)"
	return ch, nil
}

// serviceWith is the service level each staffing interval reaches with the
// scheduled agents, under the staffing's own targets, shrinkage and bot.
func (s *Server) serviceWith(ctx context.Context, req staffingRequest, st app.StaffingResult, interval time.Duration, scheduled []float64) ([]float64, error) {
	targets, err := req.targets()
	if err != nil {
		return nil, err
	}
	f, err := req.storedFunnel()
	if err != nil {
		return nil, err
	}
	sr := app.StaffRequest{Interval: interval, Patience: req.Patience.D(), Targets: targets, Funnel: f}
	for i, r := range st.Rows {
		sr.Rows = append(sr.Rows, app.WorkloadRow{Queue: st.Queue, Start: r.Start, Volume: r.Volume,
			AHT: time.Duration(r.AHTSeconds * float64(time.Second)), Line: i + 1})
	}
	ms, err := app.ServiceWith(ctx, sr, scheduled)
	if err != nil {
		return nil, err
	}
	out := make([]float64, len(ms))
	for i, m := range ms {
		out[i] = m.ServiceLevel
	}
	return out, nil
}

// optionalID reads an optional positive id from the query.
func optionalID(c echo.Context, name string) (int64, error) {
	v := c.QueryParam(name)
	if v == "" {
		return 0, nil
	}
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id <= 0 {
		return 0, queryInvalidf(name, "want a positive id, got %.30q", v)
	}
	return id, nil
}

// getScheduleChart draws a schedule's plan as a Gantt chart, one row per
// shift pattern; ?day=YYYY-MM-DD draws one day.
func (s *Server) getScheduleChart(c echo.Context) error {
	id, err := int64Param(c, "id")
	if err != nil {
		return err
	}
	if _, err := chartOptions(c); err != nil {
		return err
	}
	sc, doc, err := s.scheduleOf(c.Request().Context(), id)
	if err != nil {
		return err
	}
	req, err := doc.requirements()
	if err != nil {
		return err
	}
	day, err := chartdata.Day(req, req.Days(), c.QueryParam("day"))
	if err != nil {
		return queryInvalidf("day", "%v", err)
	}
	return sendChart(c, chartdata.PlanGantt(fmt.Sprintf("Schedule %d: %s", id, sc.Queue), req, doc.Solution.Planned, day))
}

// getRosterChart draws a roster as a Gantt chart, one row per agent;
// ?day=YYYY-MM-DD draws one day.
func (s *Server) getRosterChart(c echo.Context) error {
	id, err := int64Param(c, "id")
	if err != nil {
		return err
	}
	if _, err := chartOptions(c); err != nil {
		return err
	}
	ctx := c.Request().Context()
	r, err := s.deps.Store.Roster(ctx, id)
	if err != nil {
		return err
	}
	start, as, err := s.rosterAssignments(ctx, r)
	if err != nil {
		return err
	}
	if len(as) == 0 {
		return chartError(fmt.Errorf("%w: roster %d has no shift", charts.ErrEmpty, id))
	}
	days := 0
	for _, a := range as {
		days = max(days, a.Shift.Day+1)
	}
	req := scheduler.Requirements{Start: start}
	day, err := chartdata.Day(req, days, c.QueryParam("day"))
	if err != nil {
		return queryInvalidf("day", "%v", err)
	}
	title := fmt.Sprintf("Roster %d", id)
	if r.Queue != "" {
		title += ": " + r.Queue
	}
	return sendChart(c, chartdata.RosterGantt(title, req, days, as, day))
}

// getBacktestChart runs a small backtest of the queue's stored history
// (?origins=, default 4, at most 8; ?horizon=, default 168h, at most 14
// days) and draws each method's error by lead day.
func (s *Server) getBacktestChart(c echo.Context) error {
	name, err := queueParam(c)
	if err != nil {
		return err
	}
	if _, err := chartOptions(c); err != nil {
		return err
	}
	ctx := c.Request().Context()
	q, err := s.deps.Store.Queue(ctx, name)
	if err != nil {
		return err
	}
	a := backtestArgs{Queue: name, Origins: 4, Horizon: 168 * time.Hour, Interval: q.Interval}
	if v := c.QueryParam("origins"); v != "" {
		if a.Origins, err = strconv.Atoi(v); err != nil || a.Origins < 1 || a.Origins > maxChartBacktestOrigins {
			return queryInvalidf("origins", "want 1 to %d, got %.30q", maxChartBacktestOrigins, v)
		}
	}
	if v := c.QueryParam("horizon"); v != "" {
		d, err := app.ParseDuration(v)
		if err != nil || d < a.Interval || d > maxChartBacktestHorizon {
			return queryInvalidf("horizon", "want a duration from %v to %v, got %.30q", a.Interval, maxChartBacktestHorizon, v)
		}
		a.Horizon = d
	}
	rep, err := s.backtest(ctx, a)
	if err != nil {
		return err
	}
	return sendChart(c, chartdata.Backtest(rep))
}

// gridTotals measures spans against every interval of req's days, as the
// coverage of a roster is measured (POST .../coverage, app.TotalsOf), so
// that a staffing chart, which draws the staffed intervals only, states
// the same figures.
func gridTotals(req scheduler.Requirements, spans []chartdata.Span) *charts.StaffingTotals {
	starts := make([]time.Time, len(req.Required))
	for i := range starts {
		starts[i], _ = schedio.SlotTime(req, i) // a skipped slot's is left out by TotalsOf
	}
	t := app.TotalsOf(req, chartdata.Scheduled(starts, req.Interval, spans))
	return &charts.StaffingTotals{ShortageMinutes: t.ShortageMinutes, ExcessMinutes: t.ExcessMinutes, ShortIntervals: t.ShortIntervals, Intervals: t.Intervals}
}
