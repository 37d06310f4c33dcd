package roster_test

import (
	"fmt"
	"time"

	"github.com/staffcast/staffcast/scheduler"
	"github.com/staffcast/staffcast/scheduler/roster"
)

func ExampleAssign() {
	// A week from Monday 23 November 2026; the roster reads only its calendar.
	req := scheduler.Requirements{Start: time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC), Interval: time.Hour, Required: make([]float64, 7*24)}
	// Two people on an 8:00-16:30 shift with a 30-minute unpaid break, every day.
	var plan []scheduler.PlannedShift
	for d := range 7 {
		plan = append(plan, scheduler.PlannedShift{Count: 2, Shift: scheduler.Shift{Day: d, Start: 8 * time.Hour, Length: 8*time.Hour + 30*time.Minute,
			Breaks: []scheduler.Break{{Start: 12 * time.Hour, Length: 30 * time.Minute}}}})
	}
	weekdays, _ := roster.ParseAvailability("mon-fri 07:00-18:00")
	var agents []roster.Agent
	for _, id := range []string{"ana", "ben"} {
		agents = append(agents, roster.Agent{ID: id, MaxPerWeek: 40 * time.Hour, MaxDaysPerWeek: 5, Availability: weekdays})
	}
	r, err := roster.Assign(req, plan, agents, roster.DefaultOptions())
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%d assigned, %d open\n", len(r.Assignments), len(r.Unassigned))
	for _, a := range r.Shortfall {
		fmt.Println(a)
	}
	v, _ := roster.Check(req, plan, agents, roster.DefaultOptions(), r)
	fmt.Println("violations:", len(v))
	// Output:
	// 10 assigned, 4 open
	// 2 more agents available sat-sun 08:00-16:30 (up to 5 days, 40h a week) to take 4 open shifts
	// violations: 0
}
