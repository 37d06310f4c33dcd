package app

import (
	"context"
	"testing"
	"time"

	"github.com/staffcast/staffcast/scheduler"
	"github.com/staffcast/staffcast/scheduler/roster"
)

// TestScheduleTimeLimitStillRosters: TimeLimit never cuts the roster, so
// a plan cut by it is still rostered; a cancelled context is Canceled.
func TestScheduleTimeLimitStillRosters(t *testing.T) {
	start := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	req := scheduler.Requirements{Start: start, Interval: time.Hour, Required: make([]float64, 7*24)}
	for d := range 7 {
		for h := 9; h < 17; h++ {
			req.Required[d*24+h] = 3
		}
	}
	p := scheduler.Problem{Requirements: req, Weights: scheduler.Weights{Shortage: 1, Excess: 1},
		Templates: []scheduler.Template{{Name: "day", StartEarliest: 8 * time.Hour, StartLatest: 10 * time.Hour, LengthMin: 8 * time.Hour, LengthMax: 8 * time.Hour}}}
	var agents []roster.Agent
	for i := range 6 {
		agents = append(agents, roster.Agent{ID: string(rune('a' + i)), MaxPerWeek: 40 * time.Hour, MaxDaysPerWeek: 5})
	}
	r := ScheduleRequest{Problem: p, Seed: 1, TimeLimit: time.Nanosecond, Agents: agents, Roster: roster.DefaultOptions()}
	res, err := SchedulePlan(t.Context(), r)
	if err != nil {
		t.Fatal(err)
	}
	if !res.Plan.Stopped || res.Roster == nil || res.Report == nil {
		t.Fatalf("stopped %v, roster %v: want a stopped plan that is still rostered", res.Plan.Stopped, res.Roster != nil)
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := SchedulePlan(ctx, r); KindOf(err) != Canceled {
		t.Fatalf("cancelled: %v, want kind Canceled", err)
	}
}

// TestRosterReserve: the search leaves 100 ms and 2 ms an agent of a time
// limit for the roster, at most a quarter, so the search always keeps
// some of the limit (a zero limit would mean none).
func TestRosterReserve(t *testing.T) {
	for _, c := range []struct {
		name   string
		limit  time.Duration
		agents int
		want   time.Duration
	}{
		{"no agents", 30 * time.Second, 0, 100 * time.Millisecond},
		{"330 agents", 30 * time.Second, 330, 760 * time.Millisecond},
		{"1,200 agents", 30 * time.Second, 1200, 2500 * time.Millisecond},
		{"capped at a quarter", 30 * time.Second, 5000, 7500 * time.Millisecond},
		{"short limit", time.Second, 330, 250 * time.Millisecond},
		{"a nanosecond", time.Nanosecond, 330, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := rosterReserve(c.limit, c.agents)
			if got != c.want {
				t.Errorf("rosterReserve(%v, %d) = %v, want %v", c.limit, c.agents, got, c.want)
			}
			if c.limit-got <= 0 {
				t.Errorf("the search keeps %v of %v", c.limit-got, c.limit)
			}
		})
	}
}
