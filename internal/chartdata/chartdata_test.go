package chartdata

import (
	"math"
	"testing"
	"time"

	"github.com/staffcast/staffcast/app"
	"github.com/staffcast/staffcast/charts"
	"github.com/staffcast/staffcast/scenario"
	"github.com/staffcast/staffcast/scheduler"
	"github.com/staffcast/staffcast/scheduler/roster"
)

func TestScheduled(t *testing.T) {
	t0 := time.Date(2026, 3, 16, 8, 0, 0, 0, time.UTC)
	starts := []time.Time{t0, t0.Add(time.Hour), t0.Add(2 * time.Hour), t0.Add(3 * time.Hour), t0.Add(4 * time.Hour)}
	spans := []Span{
		{Start: t0, End: t0.Add(4 * time.Hour), Breaks: []charts.Break{{Start: t0.Add(2 * time.Hour), End: t0.Add(2*time.Hour + 30*time.Minute)}}},
		{Start: t0.Add(3 * time.Hour), End: t0.Add(5 * time.Hour), Count: 2},
	}
	got := Scheduled(starts, time.Hour, spans)
	want := []float64{1, 1, 0.5, 3, 2}
	for i := range want {
		if math.Abs(got[i]-want[i]) > 1e-12 {
			t.Fatalf("Scheduled = %v, want %v", got, want)
		}
	}
}

func week() scheduler.Requirements {
	loc, _ := time.LoadLocation("Europe/Paris")
	return scheduler.Requirements{Start: time.Date(2026, 3, 23, 0, 0, 0, 0, loc), Interval: time.Hour, Required: make([]float64, 7*24)}
}

func TestPlanSpansAndGantt(t *testing.T) {
	req := week()
	req.Cyclic = true
	br := []scheduler.Break{{Start: 12 * time.Hour, Length: 30 * time.Minute}}
	planned := []scheduler.PlannedShift{
		{Shift: scheduler.Shift{Day: 0, Start: 8 * time.Hour, Length: 8 * time.Hour, Breaks: br}, Count: 3},
		{Shift: scheduler.Shift{Day: 1, Start: 8 * time.Hour, Length: 8 * time.Hour, Breaks: br}, Count: 2},
		{Shift: scheduler.Shift{Day: 6, Start: 22 * time.Hour, Length: 8 * time.Hour}, Count: 1},
	}
	spans := PlanSpans(req, planned)
	if len(spans) != 4 {
		t.Fatalf("%d spans, want 4 (the overnight shift wraps to day 0)", len(spans))
	}
	// Sunday's 22:00-06:00 shift runs past the horizon: its wrap covers
	// Monday 23 March 00:00-06:00, the horizon's first morning.
	if w := spans[3]; w.End.Sub(req.Start) != 6*time.Hour {
		t.Errorf("wrapped span ends %v after the start, want 6h", w.End.Sub(req.Start))
	}
	g := PlanGantt("plan", req, planned, -1)
	if len(g.Rows) != 2 || g.Rows[0].Label != "08:00–16:00" || len(g.Rows[0].Bars) != 2 || g.Rows[0].Bars[0].Label != "×3" {
		t.Fatalf("rows %+v", g.Rows)
	}
	day, err := Day(req, 7, "2026-03-24")
	if err != nil || day != 1 {
		t.Fatalf("Day = %d, %v", day, err)
	}
	if _, err := Day(req, 7, "2026-04-24"); err == nil {
		t.Error("a day outside the plan was accepted")
	}
	if _, err := Day(req, 7, "24/03/2026"); err == nil {
		t.Error("a bad date was accepted")
	}
	g = PlanGantt("plan", req, planned, day)
	if len(g.Rows) != 1 || len(g.Rows[0].Bars) != 1 || g.To.Sub(g.From) != 24*time.Hour {
		t.Fatalf("day rows %+v from %v to %v", g.Rows, g.From, g.To)
	}
	if _, err := g.Render(charts.Options{}); err != nil {
		t.Fatal(err)
	}
}

func TestRosterGantt(t *testing.T) {
	req := week()
	as := []roster.Assignment{
		{Agent: "b", Shift: scheduler.Shift{Day: 0, Start: 9 * time.Hour, Length: 8 * time.Hour}},
		{Agent: "a", Shift: scheduler.Shift{Day: 0, Start: 8 * time.Hour, Length: 8 * time.Hour}},
		{Agent: "a", Shift: scheduler.Shift{Day: 2, Start: 8 * time.Hour, Length: 8 * time.Hour}},
	}
	g := RosterGantt("roster", req, 0, as, -1)
	if len(g.Rows) != 2 || g.Rows[0].Label != "a" || len(g.Rows[0].Bars) != 2 || g.To.Sub(g.From) != 72*time.Hour {
		t.Fatalf("rows %+v from %v to %v", g.Rows, g.From, g.To)
	}
}

func TestStaffingAndBacktest(t *testing.T) {
	t0 := time.Date(2026, 3, 16, 8, 0, 0, 0, time.UTC)
	rows := []app.StaffingRow{{Start: t0, Agents: 3, ScheduledAgents: 3, ServiceLevel: 0.8}}
	if st := Staffing("q", time.UTC, time.Hour, rows); st.Gross != nil || len(st.Net) != 1 {
		t.Errorf("without shrinkage: gross %v net %v", st.Gross, st.Net)
	}
	rows[0].ScheduledAgents = 5
	if st := Staffing("q", time.UTC, time.Hour, rows); len(st.Gross) != 1 {
		t.Errorf("with shrinkage: gross %v", st.Gross)
	}
	v := 0.1
	bt := Backtest(app.BacktestReport{Queue: "q", Methods: []app.BacktestMethod{{Method: "auto", WAPE: 0.1, LeadDayWAPE: []*float64{&v, nil}}}})
	if got := bt.Methods[0].ByLeadDay; len(got) != 2 || got[0] != 0.1 || !math.IsNaN(got[1]) {
		t.Errorf("ByLeadDay = %v", got)
	}
}

func TestSweepAndSplits(t *testing.T) {
	res := &scenario.SweepResult{Vary: []string{"bot.share"}}
	for _, s := range []float64{0, 0.5, 1} {
		res.Points = append(res.Points, scenario.SweepPoint{Vary: map[string]float64{"bot.share": s},
			Totals: scenario.Totals{PaidHours: 100 * (1 - s), Cost: 1000 - 100*s, ServiceLevel: 0.8, KeptPromise: s < 1}})
	}
	res.Cheapest = &res.Points[1]
	sw, err := Sweep("bot", res)
	if err != nil || len(sw.Points) != 3 || sw.Points[2].Value != 1 || sw.Cheapest == nil || *sw.Cheapest != 0.5 || sw.Points[2].KeptPromise {
		t.Fatalf("Sweep = %+v, %v", sw, err)
	}
	if _, err := sw.Render(charts.Options{Format: charts.SVG}); err != nil {
		t.Fatal(err)
	}
	res.Vary = append(res.Vary, "humans.hourly_cost")
	if _, err := Sweep("bot", res); err == nil {
		t.Error("a sweep of two settings was charted")
	}
	opt := &scenario.OptimizeResult{Queues: []scenario.OptimizedQueue{{Queue: "q", BestSingleShare: 0.3, BestSingleCost: 900, Cost: 850}}}
	opt.Queues[0].Shares[9] = 0.4
	sp := Splits(opt)
	if len(sp) != 1 || sp[0].Saving != 50 || sp[0].Shares[9] != 0.4 {
		t.Fatalf("Splits = %+v", sp)
	}
	if _, err := sp[0].Render(charts.Options{}); err != nil {
		t.Fatal(err)
	}
}
