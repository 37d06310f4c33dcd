package app

import (
	"context"
	"math"
	"time"

	"github.com/staffcast/staffcast/erlang"
	"github.com/staffcast/staffcast/forecast"
	"github.com/staffcast/staffcast/scheduler"
	"github.com/staffcast/staffcast/scheduler/roster"
)

// PipelineRequest runs the whole pipeline on one queue's history: backtest,
// forecast of the next week, Erlang C staffing of every interval, a shift
// plan covering it, and a roster of that plan. The demo and the server's
// demo seeding call it; the CLI's commands run the steps one by one.
type PipelineRequest struct {
	Series   *forecast.Series // the queue's history on its planning grid
	Calendar forecast.Calendar
	Origins  int // weekly backtest origins; 0 skips the backtest
	Method   forecast.Method
	Targets  erlang.Targets
	// Templates and Weights make the scheduling problem over the forecast
	// week (cyclic: the week repeats).
	Templates []scheduler.Template
	Weights   scheduler.Weights
	Seed      uint64
	// TimeLimit, when positive, is the shift-plan search's deadline (a
	// context.WithTimeout around it); the best plan found by then is kept.
	TimeLimit time.Duration
	// Team, when set, makes the agents to roster the plan onto (it may
	// size them to the plan); nil: no roster.
	Team   func(plan []scheduler.PlannedShift) []roster.Agent
	Roster roster.Options // used when Team is set (start from roster.DefaultOptions())
}

// PipelineResult is every step's output.
type PipelineResult struct {
	Backtest     []forecast.BacktestRow // nil when Origins is 0
	Forecast     *forecast.Result
	Staffing     []erlang.Metrics // one per forecast point
	Requirements scheduler.Requirements
	Plan         scheduler.Plan
	Agents       []roster.Agent // nil without Team
	Roster       RosterResult   // zero without Team
}

// RunPipeline runs every step of r; see PipelineRequest. Errors carry the
// step's kind (Invalid for bad input, Canceled when ctx was cancelled).
func RunPipeline(ctx context.Context, r PipelineRequest) (PipelineResult, error) {
	res, err := PlanWeek(ctx, r)
	if err != nil {
		return res, err
	}
	err = res.Schedule(ctx, r)
	return res, err
}

// PlanWeek runs the steps of r up to the requirements: backtest, forecast
// of the week after the history, staffing, requirements.
func PlanWeek(ctx context.Context, r PipelineRequest) (PipelineResult, error) {
	var res PipelineResult
	if err := ctx.Err(); err != nil {
		return res, Wrap(Canceled, "pipeline", err)
	}
	if r.Series == nil {
		return res, Errorf(Invalid, "pipeline: no history")
	}
	const week = 7 * 24 * time.Hour
	if r.Origins > 0 {
		bt, err := forecast.Backtest(r.Series, forecast.BacktestConfig{Origins: r.Origins, Horizon: week, Calendar: r.Calendar, Clock: time.Now})
		if err != nil {
			return res, forecastError(r.Series.Queue, err)
		}
		res.Backtest = bt
	}
	fr, err := Forecast(ctx, ForecastRequest{Series: []*forecast.Series{r.Series}, Calendar: r.Calendar, Horizon: week, Method: r.Method})
	if err != nil {
		return res, err
	}
	res.Forecast = fr.Results[0]
	interval := r.Series.Interval
	if res.Staffing, err = StaffForecast(ctx, res.Forecast.Points, interval, r.Targets); err != nil {
		return res, err
	}
	if res.Requirements, err = WeekRequirements(fr.Start, interval, res.Forecast.Points, res.Staffing); err != nil {
		return res, err
	}
	return res, nil
}

// Schedule plans res.Requirements with r's templates and, when r.Team is
// set, rosters the plan onto the team it makes.
func (res *PipelineResult) Schedule(ctx context.Context, r PipelineRequest) error {
	sr, err := SchedulePlan(ctx, ScheduleRequest{
		Problem:   scheduler.Problem{Requirements: res.Requirements, Templates: r.Templates, Weights: r.Weights},
		Seed:      r.Seed,
		TimeLimit: r.TimeLimit,
	})
	if err != nil {
		return err
	}
	res.Plan = sr.Plan
	if r.Team == nil {
		return nil
	}
	res.Agents = r.Team(res.Plan.Shifts)
	res.Roster, err = AssignRoster(ctx, RosterRequest{Requirements: res.Requirements, Shifts: res.Plan.Shifts, Agents: res.Agents, Options: r.Roster})
	return err
}

// StaffForecast computes the agents every forecast point needs for targets
// t (Erlang C: no patience), each point lasting interval. A point without a
// handle-time forecast is Invalid.
func StaffForecast(ctx context.Context, points []forecast.Point, interval time.Duration, t erlang.Targets) ([]erlang.Metrics, error) {
	rows := make([]WorkloadRow, len(points))
	for i, p := range points {
		aht := p.AHTSeconds
		if math.IsNaN(aht) || aht <= 0 {
			return nil, Errorf(Invalid, "staffing: interval %s has no handle time forecast", p.Start.Format(time.RFC3339))
		}
		rows[i] = WorkloadRow{Start: p.Start, Volume: p.Volume, AHT: time.Duration(aht * float64(time.Second))}
	}
	res, err := Staff(ctx, StaffRequest{Rows: rows, Interval: interval, Targets: t})
	if err != nil {
		return nil, err
	}
	return res.Metrics, nil
}

// StaffingRows pairs forecast points with their staffing as stored rows.
// points and staff have the same length (StaffForecast's input and output).
func StaffingRows(points []forecast.Point, staff []erlang.Metrics) []StaffingRow {
	rows := make([]StaffingRow, min(len(points), len(staff)))
	for i := range rows {
		p, m := points[i], staff[i]
		rows[i] = StaffingRow{Start: p.Start, Volume: p.Volume, AHTSeconds: p.AHTSeconds, Agents: m.Agents, ScheduledAgents: m.Scheduled,
			ServiceLevel: m.ServiceLevel, ASASeconds: m.ASASeconds, Occupancy: m.Occupancy, PAbandon: m.PAbandon}
	}
	return rows
}

// WeekRequirements lays the scheduled agents of each forecast point on the
// slot grid of the seven whole days from start's date; closed slots need
// nobody. The week repeats, so the requirements are cyclic. A point outside
// the week is Invalid.
func WeekRequirements(start time.Time, interval time.Duration, points []forecast.Point, staff []erlang.Metrics) (scheduler.Requirements, error) {
	y, m, d := start.Date()
	day0 := time.Date(y, m, d, 0, 0, 0, 0, start.Location())
	req := scheduler.Requirements{Start: day0, Interval: interval, Cyclic: true}
	if len(staff) != len(points) {
		return req, Errorf(Internal, "requirements: %d staffing rows for %d forecast points", len(staff), len(points))
	}
	spd := req.SlotsPerDay()
	req.Required = make([]float64, 7*spd)
	for i, p := range points {
		py, pm, pd := p.Start.Date()
		day := int(time.Date(py, pm, pd, 0, 0, 0, 0, time.UTC).Sub(time.Date(y, m, d, 0, 0, 0, 0, time.UTC)) / (24 * time.Hour))
		wall := time.Duration(p.Start.Hour())*time.Hour + time.Duration(p.Start.Minute())*time.Minute
		slot := day*spd + int(wall/interval)
		if day < 0 || day >= 7 || slot >= len(req.Required) {
			return req, Errorf(Invalid, "requirements: forecast point %s is outside the week from %s", p.Start.Format(time.RFC3339), day0.Format("2006-01-02"))
		}
		req.Required[slot] = float64(staff[i].Scheduled)
	}
	if err := req.Validate(); err != nil {
		return req, &Error{Kind: Invalid, Op: "requirements", Err: err}
	}
	return req, nil
}
