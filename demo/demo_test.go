package demo

import (
	"context"
	"math"
	"testing"
	"time"

	"github.com/staffcast/staffcast/forecast"
	"github.com/staffcast/staffcast/scheduler/roster"
)

func TestRequirementsLayPointsOnTheGrid(t *testing.T) {
	start := time.Date(2026, 3, 30, 0, 0, 0, 0, time.UTC) // a Monday
	points := []forecast.Point{
		{Start: start.Add(8 * time.Hour), Volume: 10, AHTSeconds: 300},
		{Start: start.Add(24*time.Hour + 19*time.Hour + 30*time.Minute), Volume: 10, AHTSeconds: 300},
	}
	staff, err := Staff(points, 30*time.Minute, DefaultConfig(1).Targets)
	if err != nil {
		t.Fatal(err)
	}
	req, err := Requirements(start, 30*time.Minute, points, staff)
	if err != nil {
		t.Fatal(err)
	}
	if len(req.Required) != 7*48 || !req.Cyclic {
		t.Fatalf("got %d slots (cyclic %v), want a cyclic week of 336", len(req.Required), req.Cyclic)
	}
	for i, v := range req.Required {
		want := 0.0
		switch i {
		case 16, 48 + 39:
			want = float64(staff[0].Scheduled)
		}
		if v != want {
			t.Errorf("slot %d = %v, want %v", i, v, want)
		}
	}
	if _, err := Requirements(start, 30*time.Minute, []forecast.Point{{Start: start.AddDate(0, 0, 8)}}, staff[:1]); err == nil {
		t.Error("a point outside the week was accepted")
	}
}

func TestStaffNeedsHandleTime(t *testing.T) {
	_, err := Staff([]forecast.Point{{Volume: 10, AHTSeconds: math.NaN()}}, 30*time.Minute, DefaultConfig(1).Targets)
	if err == nil {
		t.Fatal("a point without handle time was staffed")
	}
}

// TestRun runs the demo end to end and checks what it promises: a forecast
// that beats the seasonal naive, a plan that staffs the requirement with
// little shortage, and a roster that breaks no rule and leaves nothing out.
func TestRun(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the whole pipeline")
	}
	// Without the default 5 s limit: under a deadline the search runs on
	// until it, so the plan depends on the machine's speed, and the same
	// seed must give the same plan only without one.
	cfg := DefaultConfig(1)
	cfg.TimeLimit = 0
	r, err := Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	wape := map[forecast.Method]float64{}
	for _, b := range r.Backtest {
		wape[b.Method] = b.WAPE
	}
	if !(wape[forecast.MethodAuto] < wape["snaive"]) {
		t.Errorf("auto WAPE %.3f does not beat seasonal naive %.3f", wape[forecast.MethodAuto], wape["snaive"])
	}
	if len(r.Forecast.Points) != 7*24 {
		t.Errorf("%d forecast points, want 168 (7 days x 24 open half hours)", len(r.Forecast.Points))
	}
	need := 0.0
	for _, v := range r.Requirements.Required {
		need += v * r.Requirements.Interval.Minutes()
	}
	if short := r.Plan.ShortageMinutes / need; short > 0.02 {
		t.Errorf("plan leaves %.1f%% of required person-minutes short", 100*short)
	}
	v, err := roster.Check(r.Requirements, r.Plan.Shifts, r.Agents, roster.DefaultOptions(), r.Roster)
	if err != nil {
		t.Fatal(err)
	}
	if len(v) > 0 {
		t.Errorf("roster breaks %d rules, first: %+v", len(v), v[0])
	}
	if len(r.Roster.Assignments)+len(r.Roster.Unassigned) != r.Summary.Assigned+r.Summary.Unassigned {
		t.Error("roster and summary disagree")
	}
	if r.Summary.Unassigned > 0 {
		t.Errorf("%d shifts unassigned with a team sized 10%% above need", r.Summary.Unassigned)
	}
	again, err := Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if again.Plan.Objective != r.Plan.Objective || len(again.Roster.Assignments) != len(r.Roster.Assignments) {
		t.Errorf("same seed, different result: objective %v vs %v", again.Plan.Objective, r.Plan.Objective)
	}
}
