package roster

import (
	"fmt"
	"testing"
	"time"

	"github.com/staffcast/staffcast/scheduler"
)

// TestShortageSpreadOverDays: ten agents of five days each for a week of
// ten places a day (50 agent-days for 70 places). Taken day by day, the
// first five days used to take every agent's five days and leave the
// weekend with nobody; the roster now spreads the 20 open places, so
// every day is served by at least half its places, and no more places are
// left open.
func TestShortageSpreadOverDays(t *testing.T) {
	req := weekReq(7, false)
	var ps []scheduler.PlannedShift
	for d := range 7 {
		ps = append(ps, shift(d, 9*hour, 8*hour, 10))
	}
	var agents []Agent
	for k := range 10 {
		agents = append(agents, Agent{ID: fmt.Sprintf("a%02d", k), MaxPerWeek: 40 * time.Hour, MaxDaysPerWeek: 5, Availability: mustAvail(t, "daily 06:00-20:00")})
	}
	opt := DefaultOptions()
	r, err := Assign(req, ps, agents, opt)
	if err != nil {
		t.Fatal(err)
	}
	mustValid(t, req, ps, agents, opt, r)
	perDay := make([]int, 7)
	for _, a := range r.Assignments {
		perDay[a.Shift.Day]++
	}
	t.Logf("agents a day: %v", perDay)
	if len(r.Unassigned) != 20 {
		t.Errorf("%d places open, want 20 (50 agent-days for 70 places)", len(r.Unassigned))
	}
	for d, n := range perDay {
		if n < 5 {
			t.Errorf("day %d served by %d of its 10 places (per day %v): the shortage is not spread", d, n, perDay)
		}
	}
}
