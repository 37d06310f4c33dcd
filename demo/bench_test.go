package demo

import (
	"context"
	"testing"
	"time"

	"github.com/staffcast/staffcast/scheduler/roster"
)

// realisticWeek is the demo's staffing at 15-minute intervals: a week of
// 672 slots whose plan takes about 300 agents. No time limit: the search
// runs its fixed effort, so the plan is the same on every machine (a
// deadline would let it go on for as long as the deadline allows).
func realisticWeek(tb testing.TB) *Report {
	tb.Helper()
	cfg := DefaultConfig(1)
	cfg.Interval = 15 * time.Minute
	cfg.TimeLimit = 0
	r, err := Staffing(cfg)
	if err != nil {
		tb.Fatal(err)
	}
	return r
}

// BenchmarkRealisticWeek plans and rosters the realistic week: shift design
// with breaks on 15-minute intervals, then about 300 named agents under the
// labour rules. It reports the gap to the plan's lower bound and the team
// size beside the time.
func BenchmarkRealisticWeek(b *testing.B) {
	r := realisticWeek(b)
	ctx := context.Background()
	for b.Loop() {
		if err := r.Schedule(ctx); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(100*r.Plan.Gap, "gap%")
	b.ReportMetric(float64(len(r.Agents)), "agents")
	b.ReportMetric(float64(r.Summary.Unassigned), "unassigned")
}

// TestRealisticWeek checks the quality promised for the realistic week: a
// plan within 3% of its lower bound, rostered without breaking a rule.
// Its speed is BenchmarkRealisticWeek's business, not a test's.
func TestRealisticWeek(t *testing.T) {
	if testing.Short() {
		t.Skip("plans a week at 15-minute intervals")
	}
	r := realisticWeek(t)
	if err := r.Schedule(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Logf("objective %.0f, bound %.0f, gap %.2f%%, %d agents, %d unassigned", r.Plan.Objective, r.Plan.LowerBound, 100*r.Plan.Gap, len(r.Agents), r.Summary.Unassigned)
	if r.Plan.Gap > 0.03 {
		t.Errorf("gap to the lower bound %.2f%%, want under 3%%", 100*r.Plan.Gap)
	}
	if n := len(r.Agents); n < 250 || n > 400 {
		t.Errorf("team of %d agents, want about 300", n)
	}
	v, err := roster.Check(r.Requirements, r.Plan.Shifts, r.Agents, roster.DefaultOptions(), r.Roster)
	if err != nil || len(v) > 0 {
		t.Errorf("roster check: %v, %d violations", err, len(v))
	}
}
