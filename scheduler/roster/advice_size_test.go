package roster

import (
	"testing"
	"time"

	"github.com/staffcast/staffcast/scheduler"
)

// TestAdviceSizeNearBound: when the weekly hours cap binds, the advice must
// not leave the week's last days to hires who work nothing else. Five days
// of 40 nine-hour shifts (8.5 h paid) on 40-hour contracts: each hire can
// take 4, so 50 hires are needed; taking the days in order would hire 40
// for Monday to Thursday and 40 more for Friday.
func TestAdviceSizeNearBound(t *testing.T) {
	var plan []scheduler.PlannedShift
	for d := 0; d < 5; d++ {
		for _, st := range []time.Duration{7 * hour, 8 * hour, 11 * hour, 12 * hour} {
			ps := shift(d, st, 9*hour, 10)
			ps.Breaks = []scheduler.Break{{Start: st + 4*hour, Length: 30 * time.Minute}}
			plan = append(plan, ps)
		}
	}
	// One agent who can work none of it sets the typical contract.
	agents := []Agent{{ID: "sun", MaxPerWeek: 40 * hour, MaxDaysPerWeek: 5, Availability: mustAvail(t, "sun 08:00-16:00")}}
	r, err := Assign(weekReq(7, true), plan, agents, DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	hires, shifts := 0, 0
	for _, a := range r.Shortfall {
		hires += a.Agents
		shifts += a.Shifts
	}
	if shifts != 200 || len(r.Unassigned) != 200 {
		t.Fatalf("advice covers %d of %d open shifts, want all 200", shifts, len(r.Unassigned))
	}
	if hires > 55 {
		t.Errorf("advice hires %d agents for 200 shifts of 8.5 paid hours on 40-hour contracts; at least 50 are needed, want at most 55", hires)
		for _, a := range r.Shortfall {
			t.Log(a)
		}
	}
}
