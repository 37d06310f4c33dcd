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
	"github.com/staffcast/staffcast/internal/chartdata"
	"github.com/staffcast/staffcast/scheduler/roster"
)

// demoRosterAgents is how many agents the demo's roster chart shows: a
// week of 300 agents would be a wall of bars.
const demoRosterAgents = 30

// writeDemoCharts draws one chart of each kind from a demo run into dir, as
// PNG: forecast.png, backtest.png, staffing.png, plan.png and roster.png.
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

	list := []struct {
		name  string
		chart charts.Chart
	}{
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
