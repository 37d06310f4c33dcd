package roster

import (
	"math/rand/v2"
	"testing"
)

// BenchmarkAssign300x1500 rosters about 1,500 shifts of a week onto 300
// agents with varied contracts and availability.
func BenchmarkAssign300x1500(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	plan, agents := contactCentreWeek(rng)
	n := 0
	for _, ps := range plan {
		n += ps.Count
	}
	req := weekReq(7, true)
	opt := DefaultOptions()
	opt.Skill = "voice"
	b.ReportMetric(float64(n), "shifts")
	b.ResetTimer()
	var r *Roster
	for b.Loop() {
		var err error
		r, err = Assign(req, plan, agents, opt)
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(r.Unassigned)), "open")
}

// BenchmarkAssignShortStaffed is the same week with half the agents: about
// half the shifts stay open, so the repair search and the shortfall advice
// do the most work.
func BenchmarkAssignShortStaffed(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	plan, agents := contactCentreWeek(rng)
	agents = agents[:150]
	req := weekReq(7, true)
	opt := DefaultOptions()
	opt.Skill = "voice"
	var r *Roster
	for b.Loop() {
		var err error
		if r, err = Assign(req, plan, agents, opt); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(r.Unassigned)), "open")
	b.ReportMetric(float64(len(r.Shortfall)), "advice-lines")
}
