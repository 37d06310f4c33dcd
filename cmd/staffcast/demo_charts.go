package main

import (
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"time"

	"github.com/staffcast/staffcast/app"
	"github.com/staffcast/staffcast/charts"
	"github.com/staffcast/staffcast/demo"
	"github.com/staffcast/staffcast/erlang"
	"github.com/staffcast/staffcast/internal/chartdata"
	"github.com/staffcast/staffcast/scenario"
	"github.com/staffcast/staffcast/scheduler/roster"
)

// demoRosterAgents is how many agents the demo's roster chart shows: a
// week of 300 agents would be a wall of bars.
const demoRosterAgents = 30

// writeDemoCharts draws one chart of each kind from a demo run into dir, as
// PNG: forecast.png, backtest.png, staffing.png, plan.png, roster.png, and
// sweep.png and split.png of the bot/human scenario on its forecast.
// The README's images are made this way.
func writeDemoCharts(ctx context.Context, dir string, r *demo.Report) error {
	cfg := r.Config
	series, err := demo.Series(r.Forecast.Queue, cfg.Interval, r.History)
	if err != nil {
		return err
	}
	req := r.Requirements
	loc := req.Start.Location()

	// Staffing: required against the plan's coverage, and the service
	// level the planned agents reach.
	rows := make([]app.StaffingRow, len(r.Forecast.Points))
	work := app.StaffRequest{Interval: cfg.Interval, Targets: cfg.Targets}
	for i, p := range r.Forecast.Points {
		m := r.Staffing[i]
		rows[i] = app.StaffingRow{Start: p.Start, Agents: m.Agents, ScheduledAgents: m.Scheduled, ServiceLevel: m.ServiceLevel}
		aht := p.AHTSeconds
		if math.IsNaN(aht) || aht <= 0 {
			aht = 300
		}
		work.Rows = append(work.Rows, app.WorkloadRow{Queue: r.Forecast.Queue, Start: p.Start, Volume: p.Volume, AHT: time.Duration(aht * float64(time.Second))})
	}
	st := chartdata.Staffing(r.Forecast.Queue, loc, cfg.Interval, rows)
	st.Scheduled = chartdata.Scheduled(st.Starts, cfg.Interval, chartdata.PlanSpans(req, r.Plan.Shifts))
	st.ScheduledName = "scheduled by the shift plan"
	st.ServiceTarget = cfg.Targets.ServiceLevel
	ms, err := app.ServiceWith(ctx, work, st.Scheduled)
	if err != nil {
		return err
	}
	st.ServiceLevel = make([]float64, len(ms))
	for i, m := range ms {
		st.ServiceLevel[i] = m.ServiceLevel
	}
	st.ServiceName = "service level with the scheduled agents (right axis)"
	if err := simulateDemoPlan(ctx, &st, work, chartdata.PlanSpans(req, r.Plan.Shifts), cfg.Targets); err != nil {
		return err
	}

	// Roster: the first agents by id, the whole week.
	var ids []string
	seen := map[string]bool{}
	for _, a := range r.Roster.Assignments {
		if !seen[a.Agent] {
			seen[a.Agent] = true
			ids = append(ids, a.Agent)
		}
	}
	sort.Strings(ids)
	keep := map[string]bool{}
	for _, id := range ids[:min(len(ids), demoRosterAgents)] {
		keep[id] = true
	}
	var as []roster.Assignment
	for _, a := range r.Roster.Assignments {
		if keep[a.Agent] {
			as = append(as, a)
		}
	}
	rosterTitle := fmt.Sprintf("Roster: the first %d of %d agents", len(keep), len(ids))

	sweep, split, err := demoScenarioCharts(ctx, r, work.Rows)
	if err != nil {
		return err
	}
	list := []struct {
		name  string
		chart charts.Chart
	}{
		{"sweep.png", sweep},
		{"split.png", split},
		{"forecast.png", chartdata.Forecast(series, r.Forecast.Queue, loc, cfg.Interval, app.ForecastRows(r.Forecast), nil)},
		{"backtest.png", chartdata.Backtest(app.NewBacktestReport(r.Forecast.Queue, cfg.Interval, cfg.Origins, 7*24*time.Hour, r.Backtest))},
		{"staffing.png", st},
		{"plan.png", chartdata.PlanGantt("Shift plan: "+r.Forecast.Queue, req, r.Plan.Shifts, -1)},
		{"roster.png", chartdata.RosterGantt(rosterTitle, req, req.Days(), as, -1)},
	}
	var files []outFile
	for _, c := range list {
		b, err := c.chart.Render(charts.Options{})
		if err != nil {
			return fmt.Errorf("-charts: %s: %w", c.name, err)
		}
		files = append(files, outFile{filepath.Join(dir, c.name), b})
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return usageErrorf("-charts: %v", err)
	}
	return commitOutputs(files)
}

// demoScenario is the bot/human scenario the demo charts sweep and
// optimise: examples/scenarios/base.json on the demo's forecast, with a
// lost contact costing 45 rather than 8 (at 8 the bot wins every hour).
const demoScenario = `{
  "name": "base with a lost contact at 45", "queue": "retail", "demand": {"forecast": "demo"}, "interval": "30m",
  "promise": {"sl_target": 0.8, "sl_time": "30s", "max_abandon": 0.05},
  "shrinkage": 0.3,
  "humans": {"patience": "120s", "hourly_cost": 30, "hours": "08:00-20:00"},
  "bot": {"share": 0.5, "escalation": 0.3, "false_containment": 0.1, "return_share": 0.5, "return_lag": "24h",
          "escalated_aht": "300s", "escalated_patience": "45s", "cost_per_session": 0.5},
  "lost_contact_cost": 45
}`

// demoDemand is the demo's forecast as a scenario's demand.
type demoDemand []scenario.Interval

func (d demoDemand) Demand(context.Context, scenario.QueueSpec) ([]scenario.Interval, error) {
	return d, nil
}

func (d demoDemand) Shifts(context.Context, scenario.QueueSpec) (*scenario.Shifts, error) {
	return nil, nil
}

// demoScenarioCharts sweeps the bot share of demoScenario from 0 to 1 and
// optimises it by hour.
func demoScenarioCharts(ctx context.Context, r *demo.Report, rows []app.WorkloadRow) (charts.Chart, charts.Chart, error) {
	doc, err := scenario.Parse([]byte(demoScenario))
	if err != nil {
		return nil, nil, err
	}
	// consecutive intervals: the closed ones offer nothing
	var src demoDemand
	for _, w := range rows {
		for len(src) > 0 && src[len(src)-1].Start.Add(r.Config.Interval).Before(w.Start) {
			last := src[len(src)-1]
			src = append(src, scenario.Interval{Start: last.Start.Add(r.Config.Interval), AHT: last.AHT})
		}
		src = append(src, scenario.Interval{Start: w.Start, Volume: w.Volume, AHT: w.AHT})
	}
	vary, err := scenario.ParseVary("bot.share=0:1:0.1")
	if err != nil {
		return nil, nil, err
	}
	opt := app.ScenarioOptions{Seed: r.Config.Seed}
	sw, err := app.SweepScenario(ctx, doc, src, []scenario.Vary{vary}, opt)
	if err != nil {
		return nil, nil, err
	}
	best, err := app.OptimizeScenario(ctx, doc, src, nil, opt)
	if err != nil {
		return nil, nil, err
	}
	sweep, err := chartdata.Sweep(doc.Name, sw)
	if err != nil {
		return nil, nil, err
	}
	return sweep, chartdata.Splits(best)[0], nil
}

// demoSimReplications are the replications of the demo plan's simulation
// drawn over the staffing chart.
const demoSimReplications = 20

// simulateDemoPlan simulates the planned shifts (breaks off duty, less
// shrinkage) against the forecast's workload and overlays the simulated
// service level and its band on st.
func simulateDemoPlan(ctx context.Context, st *charts.Staffing, work app.StaffRequest, spans []chartdata.Span, t erlang.Targets) error {
	req := app.SimulateRequest{Interval: work.Interval, SLTime: t.ServiceTime, Shrinkage: t.Shrinkage, Replications: demoSimReplications, Seed: 1}
	for _, r := range work.Rows {
		req.Rows = append(req.Rows, app.SimRow{Queue: r.Queue, Start: r.Start, Volume: r.Volume, AHT: r.AHT})
	}
	req.Shifts = chartdata.SimShifts(spans)
	res, err := app.Simulate(ctx, req)
	if err != nil {
		return fmt.Errorf("-charts: simulating the plan: %w", err)
	}
	for _, f := range res.Rows {
		st.SimServiceLevel = append(st.SimServiceLevel, f.ServiceLevel.Mean)
		st.SimServiceLow = append(st.SimServiceLow, f.ServiceLevel.Low)
		st.SimServiceHigh = append(st.SimServiceHigh, f.ServiceLevel.High)
	}
	st.SimConfidence = res.Confidence
	return nil
}
