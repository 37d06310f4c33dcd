// Package demo runs Staffcast's whole pipeline on built-in synthetic history:
// generate history, backtest and pick a forecast, forecast next week, staff
// every interval with Erlang C, design shifts with breaks that cover the
// staffing, and roster them onto a synthetic team. It does no I/O; the
// command "staffcast demo" prints its Report, and the realistic-week
// benchmark reuses it.
package demo

import (
	"context"
	"fmt"
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
		TimeLimit:   20 * time.Second,
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

// Run runs every step; ctx and cfg.TimeLimit bound the shift-plan search.
func Run(ctx context.Context, cfg Config) (*Report, error) {
	r, err := Staffing(cfg)
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
func Staffing(cfg Config) (*Report, error) {
	r := &Report{Config: cfg}
	var err error
	if r.History, err = History(cfg); err != nil {
		return nil, fmt.Errorf("history: %w", err)
	}
	series, err := Series("retail", cfg.Interval, r.History)
	if err != nil {
		return nil, fmt.Errorf("history: %w", err)
	}
	if r.Backtest, err = forecast.Backtest(series, forecast.BacktestConfig{Origins: cfg.Origins, Horizon: 7 * 24 * time.Hour, Clock: time.Now}); err != nil {
		return nil, fmt.Errorf("backtest: %w", err)
	}
	start := series.NextStart()
	if r.Forecast, err = forecast.Forecast(series, start, 7*24*time.Hour, forecast.Options{Method: forecast.MethodAuto}); err != nil {
		return nil, fmt.Errorf("forecast: %w", err)
	}
	if r.Staffing, err = Staff(r.Forecast.Points, cfg.Interval, cfg.Targets); err != nil {
		return nil, fmt.Errorf("staffing: %w", err)
	}
	if r.Requirements, err = Requirements(start, cfg.Interval, r.Forecast.Points, r.Staffing); err != nil {
		return nil, fmt.Errorf("requirements: %w", err)
	}
	return r, nil
}

// Schedule designs the shift plan for r.Requirements and rosters it onto a
// team sized to it.
func (r *Report) Schedule(ctx context.Context) error {
	cfg := r.Config
	r.Templates = Templates()
	var err error
	r.Plan, err = scheduler.Solve(ctx, scheduler.Problem{
		Requirements: r.Requirements,
		Templates:    r.Templates,
		Weights:      Weights(),
	}, scheduler.Options{Seed: cfg.Seed, TimeLimit: cfg.TimeLimit})
	if err != nil {
		return fmt.Errorf("shift plan: %w", err)
	}
	r.Agents = Team(r.Plan.Shifts, cfg.Seed)
	opt := roster.DefaultOptions()
	if r.Roster, err = roster.Assign(r.Requirements, r.Plan.Shifts, r.Agents, opt); err != nil {
		return fmt.Errorf("roster: %w", err)
	}
	r.Summary = roster.Summarize(r.Requirements, r.Agents, opt, r.Roster)
	return nil
}

// Staff computes the agents every forecast interval needs.
func Staff(points []forecast.Point, interval time.Duration, t erlang.Targets) ([]erlang.Metrics, error) {
	loads := make([]erlang.Load, len(points))
	for i, p := range points {
		aht := p.AHTSeconds
		if math.IsNaN(aht) || aht <= 0 {
			return nil, fmt.Errorf("interval %s has no handle time forecast", p.Start.Format(time.RFC3339))
		}
		loads[i] = erlang.Load{Volume: p.Volume, Interval: interval, AHT: time.Duration(aht * float64(time.Second))}
	}
	return erlang.StaffBatch(loads, t)
}

// Requirements lays the scheduled agents of each forecast point on the
// slot grid of the whole days from start; closed slots need nobody. The
// week repeats, so the requirements are cyclic.
func Requirements(start time.Time, interval time.Duration, points []forecast.Point, staff []erlang.Metrics) (scheduler.Requirements, error) {
	y, m, d := start.Date()
	day0 := time.Date(y, m, d, 0, 0, 0, 0, start.Location())
	req := scheduler.Requirements{Start: day0, Interval: interval, Cyclic: true}
	spd := req.SlotsPerDay()
	req.Required = make([]float64, 7*spd)
	for i, p := range points {
		py, pm, pd := p.Start.Date()
		day := int(time.Date(py, pm, pd, 0, 0, 0, 0, time.UTC).Sub(time.Date(y, m, d, 0, 0, 0, 0, time.UTC)) / (24 * time.Hour))
		wall := time.Duration(p.Start.Hour())*time.Hour + time.Duration(p.Start.Minute())*time.Minute
		slot := day*spd + int(wall/interval)
		if day < 0 || day >= 7 || slot >= len(req.Required) {
			return req, fmt.Errorf("forecast point %s is outside the week from %s", p.Start.Format(time.RFC3339), day0.Format("2006-01-02"))
		}
		req.Required[slot] = float64(staff[i].Scheduled)
	}
	return req, req.Validate()
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

// Team makes a synthetic team sized to the plan: four in five full-time
// (34-40 paid hours), one in five part-time (16-20 h), everyone at most 5
// days a week, with rotating preferred days off. Its size is 10% above what
// the plan strictly needs in both working days and paid hours.
func Team(plan []scheduler.PlannedShift, seed uint64) []roster.Agent {
	var paid time.Duration
	shifts := 0
	for _, ps := range plan {
		paid += time.Duration(ps.Count) * ps.PaidTime()
		shifts += ps.Count
	}
	const (
		fullTime = 40 * time.Hour
		partTime = 20 * time.Hour
		maxDays  = 5
	)
	avgContract := (4*fullTime + partTime) / 5
	n := int(math.Ceil(1.1 * math.Max(float64(shifts)/maxDays, float64(paid)/float64(avgContract))))
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
			MaxDaysPerWeek:   maxDays,
		}
		if i%5 == 4 {
			a.MinPerWeek, a.MaxPerWeek = partTime-4*time.Hour, partTime
		} else {
			a.MinPerWeek, a.MaxPerWeek = fullTime-6*time.Hour, fullTime
		}
		agents[i] = a
	}
	return agents
}
