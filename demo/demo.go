// Package demo runs Staffcast's whole pipeline on built-in synthetic history:
// generate history, backtest and pick a forecast, forecast next week, staff
// every interval with Erlang C, design shifts with breaks that cover the
// staffing, and roster them onto a synthetic team. It holds the synthetic
// data (history, templates, weights, team) and runs the pipeline through
// the application layer (app.PlanWeek, app.PipelineResult.Schedule), so the
// server's demo seeding gets the same results. It does no I/O; the command
// "staffcast demo" prints its Report, and the realistic-week benchmark
// reuses it.
package demo

import (
	"context"
	"fmt"
	"github.com/staffcast/staffcast/app"
	"math"
	"time"

	"github.com/staffcast/staffcast/erlang"
	"github.com/staffcast/staffcast/forecast"
	"github.com/staffcast/staffcast/forecast/synth"
	"github.com/staffcast/staffcast/scheduler"
	"github.com/staffcast/staffcast/scheduler/roster"
)

// Config chooses the size and the effort of a demo run.
type Config struct {
	Seed         uint64
	Interval     time.Duration // planning interval: 15m or 30m
	HistoryWeeks int           // weeks of synthetic history
	Origins      int           // weekly origins of the backtest
	// DailyVolume is the contacts of an average weekday; 8,500 a day at a
	// 300 s handle time keeps about 300 agents busy over a week.
	DailyVolume float64
	Targets     erlang.Targets
	TimeLimit   time.Duration // for the shift-plan search
}

// DefaultConfig is what "staffcast demo" runs: a mid-size retail centre open
// 08:00-20:00 every day, 80% of calls answered in 20 s, 30% shrinkage.
func DefaultConfig(seed uint64) Config {
	return Config{
		Seed: seed, Interval: 30 * time.Minute, HistoryWeeks: 12, Origins: 4,
		DailyVolume: 8500,
		Targets:     erlang.Targets{ServiceLevel: 0.8, ServiceTime: 20 * time.Second, Shrinkage: 0.3},
		TimeLimit:   5 * time.Second,
	}
}

// Report is everything a demo run computed, step by step.
type Report struct {
	Config       Config
	History      []synth.Interval
	Backtest     []forecast.BacktestRow
	Forecast     *forecast.Result
	Staffing     []erlang.Metrics // one per forecast point
	Requirements scheduler.Requirements
	Templates    []scheduler.Template
	Plan         scheduler.Plan
	Agents       []roster.Agent
	Roster       *roster.Roster
	Summary      roster.Summary

	series *forecast.Series // the history on the planning grid
}

// History generates the synthetic history of cfg.
func History(cfg Config) ([]synth.Interval, error) {
	sc := synth.Default(cfg.Seed)
	sc.Interval = cfg.Interval
	sc.Days = 7 * cfg.HistoryWeeks
	sc.DailyVolume = cfg.DailyVolume
	sc.Holidays = []time.Time{sc.Start.AddDate(0, 0, 7*cfg.HistoryWeeks/2+2)}
	return synth.Generate(sc)
}

// Series turns synthetic intervals into a forecast series.
func Series(queue string, interval time.Duration, hist []synth.Interval) (*forecast.Series, error) {
	recs := make([]forecast.Record, len(hist))
	for i, h := range hist {
		recs[i] = forecast.Record{Start: h.Start, Offered: float64(h.Offered), AHTSeconds: h.AHTSeconds}
	}
	return forecast.NewSeries(forecast.SeriesConfig{Queue: queue, Interval: interval, Location: time.UTC}, recs)
}

// HistoryRows is cfg's synthetic history as stored rows (everything offered
// is handled), for importing into a store.
func HistoryRows(cfg Config) ([]app.HistoryInterval, error) {
	hist, err := History(cfg)
	if err != nil {
		return nil, err
	}
	rows := make([]app.HistoryInterval, len(hist))
	for i, h := range hist {
		aht := h.AHTSeconds
		rows[i] = app.HistoryInterval{Start: h.Start, Offered: float64(h.Offered), Handled: float64(h.Offered), AHTSeconds: &aht}
	}
	return rows, nil
}

// Pipeline is the application-layer request the demo runs on series.
func Pipeline(cfg Config, series *forecast.Series) app.PipelineRequest {
	return app.PipelineRequest{
		Series: series, Origins: cfg.Origins, Method: forecast.MethodAuto, Targets: cfg.Targets,
		Templates: Templates(), Weights: Weights(), Seed: cfg.Seed, TimeLimit: cfg.TimeLimit,
		Team:   func(plan []scheduler.PlannedShift) []roster.Agent { return Team(plan, cfg.Seed) },
		Roster: roster.DefaultOptions(),
	}
}

// Run runs every step; ctx and cfg.TimeLimit bound the shift-plan search.
func Run(ctx context.Context, cfg Config) (*Report, error) {
	r, err := staffing(ctx, cfg)
	if err != nil {
		return nil, err
	}
	if err := r.Schedule(ctx); err != nil {
		return nil, err
	}
	return r, nil
}

// Staffing runs the steps up to the requirements: history, backtest,
// forecast of the following week, staffing of every interval.
func Staffing(cfg Config) (*Report, error) { return staffing(context.Background(), cfg) }

func staffing(ctx context.Context, cfg Config) (*Report, error) {
	r := &Report{Config: cfg}
	var err error
	if r.History, err = History(cfg); err != nil {
		return nil, fmt.Errorf("history: %w", err)
	}
	if r.series, err = Series("retail", cfg.Interval, r.History); err != nil {
		return nil, fmt.Errorf("history: %w", err)
	}
	res, err := app.PlanWeek(ctx, Pipeline(cfg, r.series))
	if err != nil {
		return nil, err
	}
	r.Backtest, r.Forecast, r.Staffing, r.Requirements = res.Backtest, res.Forecast, res.Staffing, res.Requirements
	return r, nil
}

// Schedule designs the shift plan for r.Requirements and rosters it onto a
// team sized to it.
func (r *Report) Schedule(ctx context.Context) error {
	req := Pipeline(r.Config, r.series)
	res := app.PipelineResult{Requirements: r.Requirements}
	if err := res.Schedule(ctx, req); err != nil {
		return err
	}
	r.Templates = req.Templates
	r.Plan, r.Agents = res.Plan, res.Agents
	r.Roster, r.Summary = res.Roster.Roster, res.Roster.Summary
	return nil
}

// Staff computes the agents every forecast interval needs
// (app.StaffForecast).
func Staff(points []forecast.Point, interval time.Duration, t erlang.Targets) ([]erlang.Metrics, error) {
	return app.StaffForecast(context.Background(), points, interval, t)
}

// Requirements lays the scheduled agents of each forecast point on the
// slot grid of the week from start (app.WeekRequirements).
func Requirements(start time.Time, interval time.Duration, points []forecast.Point, staff []erlang.Metrics) (scheduler.Requirements, error) {
	return app.WeekRequirements(start, interval, points, staff)
}

// Templates are a centre's usual shifts: full-time early and late shifts
// of 8-9 hours with a paid 15-minute break and an unpaid 30-minute lunch,
// and part-time shifts of 4-5 hours with one paid break.
func Templates() []scheduler.Template {
	h, m := time.Hour, time.Minute
	coffee := scheduler.BreakRule{Length: 15 * m, Paid: true, EarliestAfterStart: 90 * m, LatestAfterStart: 150 * m}
	lunch := scheduler.BreakRule{Length: 30 * m, EarliestAfterStart: 3*h + 30*m, LatestAfterStart: 5*h + 30*m}
	return []scheduler.Template{
		{Name: "early", StartEarliest: 7 * h, StartLatest: 10 * h, LengthMin: 8 * h, LengthMax: 9 * h, LengthStep: 30 * m, Breaks: []scheduler.BreakRule{coffee, lunch}},
		{Name: "late", StartEarliest: 10*h + 30*m, StartLatest: 12 * h, LengthMin: 8 * h, LengthMax: 9 * h, LengthStep: 30 * m, Breaks: []scheduler.BreakRule{coffee, lunch}},
		{Name: "part", StartEarliest: 8 * h, StartLatest: 16 * h, StartStep: 30 * m, LengthMin: 4 * h, LengthMax: 5 * h, LengthStep: 30 * m, Breaks: []scheduler.BreakRule{coffee}},
	}
}

// Weights price a plan as labour cost plus a service penalty: a paid hour
// costs 10, a person-minute short of the requirement 1 (six times a paid
// minute, since unanswered calls cost more than idle time), a person-minute
// of excess 0.25 on top of its pay, and each distinct shift 15 (planners
// want few shift patterns).
func Weights() scheduler.Weights {
	return scheduler.Weights{Shortage: 1, Excess: 0.25, DistinctShift: 15, PaidHour: 10}
}

// The synthetic team's contracts: four in five full-time, one in five
// part-time, at most teamMaxDays days a week.
const (
	teamFullTime = 40 * time.Hour
	teamPartTime = 20 * time.Hour
	teamMaxDays  = 5
)

// TeamSize is how many agents Team makes for a plan of shifts person-shifts
// and paid hours a week: 10% above what the plan strictly needs in both
// working days (at most 5 a week each) and paid hours (36 a week on
// average), since a team sized by hours alone cannot work a plan of many
// short shifts.
func TeamSize(shifts int, paid time.Duration) int {
	avgContract := (4*teamFullTime + teamPartTime) / 5
	return int(math.Ceil(1.1 * math.Max(float64(shifts)/teamMaxDays, float64(paid)/float64(avgContract))))
}

// Team makes a synthetic team sized to the plan (TeamFor).
func Team(plan []scheduler.PlannedShift, seed uint64) []roster.Agent {
	var paid time.Duration
	shifts := 0
	for _, ps := range plan {
		paid += time.Duration(ps.Count) * ps.PaidTime()
		shifts += ps.Count
	}
	return TeamFor(shifts, paid, seed)
}

// TeamFor makes a synthetic team for a plan of shifts person-shifts and
// paid hours a week, of TeamSize agents: four in five full-time (up to 40
// paid hours), one in five part-time (up to 20 h), everyone at most 5 days
// a week and available 07:00-22:00 every day, with rotating preferred days
// off. Weekly minimums are 34 h and 16 h, lowered in proportion when the
// plan's hours spread over the team cannot meet them: a plan of many short
// shifts needs more people for its days than its hours fill, and the
// minimums then ask on average for at most 85% of the hours an agent can
// get (in half hours), so the roster can honour them.
func TeamFor(shifts int, paid time.Duration, seed uint64) []roster.Agent {
	n := TeamSize(shifts, paid)
	fullMin, partMin := teamFullTime-6*time.Hour, teamPartTime-4*time.Hour
	if n > 0 {
		avgMin := (4*fullMin + partMin) / 5
		if scale := 0.85 * float64(paid) / float64(n) / float64(avgMin); scale < 1 {
			fullMin = time.Duration(scale * float64(fullMin)).Truncate(30 * time.Minute)
			partMin = time.Duration(scale * float64(partMin)).Truncate(30 * time.Minute)
		}
	}
	all := roster.Availability{}
	for d := time.Sunday; d <= time.Saturday; d++ {
		all.Windows = append(all.Windows, roster.Window{Day: d, Start: 7 * time.Hour, End: 22 * time.Hour})
	}
	agents := make([]roster.Agent, n)
	for i := range agents {
		a := roster.Agent{
			ID:   fmt.Sprintf("A%03d", i+1),
			Name: fmt.Sprintf("Agent %d", i+1),
			// Everyone is available all week; preferences rotate.
			Availability:     all,
			PreferredDaysOff: []time.Weekday{time.Weekday((uint64(i) + seed) % 7), time.Weekday((uint64(i) + seed + 1) % 7)},
			MaxDaysPerWeek:   teamMaxDays,
		}
		if i%5 == 4 {
			a.MinPerWeek, a.MaxPerWeek = partMin, teamPartTime
		} else {
			a.MinPerWeek, a.MaxPerWeek = fullMin, teamFullTime
		}
		agents[i] = a
	}
	return agents
}
