package roster

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/staffcast/staffcast/scheduler"
)

const hour = time.Hour

// monday is the first day of the test horizons: Monday 23 November 2026.
var monday = time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)

// week15 is a week of requirements on a 15-minute grid; the roster only
// reads its calendar.
func weekReq(days int, cyclic bool) scheduler.Requirements {
	return scheduler.Requirements{Start: monday, Interval: 15 * time.Minute, Required: make([]float64, days*96), Cyclic: cyclic}
}

func shift(day int, start, length time.Duration, count int) scheduler.PlannedShift {
	return scheduler.PlannedShift{Shift: scheduler.Shift{Day: day, Start: start, Length: length}, Count: count}
}

func mustAvail(t testing.TB, s string) Availability {
	t.Helper()
	a, err := ParseAvailability(s)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// randomInstance is a week of shifts with breaks and agents with varied
// contracts, availability and preferences: enough agents for most but not
// all shifts, so Assign has to choose and to leave some open.
func randomInstance(rng *rand.Rand, nAgents, days int) ([]scheduler.PlannedShift, []Agent) {
	var plan []scheduler.PlannedShift
	starts := []time.Duration{6 * hour, 7 * hour, 8 * hour, 9*hour + 30*time.Minute, 12 * hour, 14 * hour, 16 * hour, 22 * hour}
	for d := 0; d < days; d++ {
		for _, st := range starts {
			length := time.Duration(4+rng.IntN(6)) * hour
			n := rng.IntN(nAgents/len(starts) + 2)
			if d%7 >= 5 {
				n /= 2
			}
			if n == 0 {
				continue
			}
			ps := shift(d, st, length, n)
			if length >= 6*hour {
				ps.Breaks = []scheduler.Break{{Start: st + 3*hour, Length: 30 * time.Minute}}
			}
			plan = append(plan, ps)
		}
	}
	avails := []string{"", "mon-fri 06:00-22:00", "mon-sun 08:00-20:00", "sat-sun 00:00-24:00; mon 07:00-16:00",
		"mon-fri 14:00-24:00", "fri-mon 22:00-08:00", "tue-sat 05:00-23:00", "mon,wed,fri"}
	agents := make([]Agent, nAgents)
	for i := range agents {
		av, err := ParseAvailability(avails[rng.IntN(len(avails))])
		if err != nil {
			panic(err)
		}
		a := Agent{
			ID:             fmt.Sprintf("A%03d", i),
			Skills:         []string{"voice"},
			MaxPerWeek:     time.Duration(16+4*rng.IntN(7)) * hour,
			MaxDaysPerWeek: 3 + rng.IntN(4),
			Availability:   av,
		}
		a.MinPerWeek = a.MaxPerWeek / time.Duration(1+rng.IntN(3))
		if rng.IntN(3) == 0 {
			a.PreferredDaysOff = []time.Weekday{time.Weekday(rng.IntN(7))}
		}
		if rng.IntN(10) == 0 {
			a.Skills = []string{"chat"}
		}
		agents[i] = a
	}
	return plan, agents
}

// mustValid fails the test when Check finds anything wrong with r.
func mustValid(t testing.TB, req scheduler.Requirements, plan []scheduler.PlannedShift, agents []Agent, opt Options, r *Roster) {
	t.Helper()
	vs, err := Check(req, plan, agents, opt, r)
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range vs {
		if i == 10 {
			t.Errorf("... and %d more", len(vs)-10)
			break
		}
		t.Errorf("violation: %v", v)
	}
}

// contactCentreWeek is a realistic week for 300 agents: about 1,500 shifts
// of 8.5 hours with a 30-minute unpaid break, more on weekdays, starting
// from 06:00 to 22:00; full- and part-time contracts, mostly broad
// availability, a third with a preferred day off.
func contactCentreWeek(rng *rand.Rand) ([]scheduler.PlannedShift, []Agent) {
	var plan []scheduler.PlannedShift
	starts := []time.Duration{6 * hour, 7 * hour, 8 * hour, 9 * hour, 10 * hour, 11 * hour, 12 * hour, 13 * hour, 14 * hour, 15 * hour, 22 * hour}
	weights := []int{2, 4, 6, 5, 3, 2, 2, 2, 3, 3, 1}
	for d := 0; d < 7; d++ {
		perDay := 235
		if d >= 5 {
			perDay = 150
		}
		for k, st := range starts {
			n := perDay*weights[k]/33 + rng.IntN(3) - 1
			ps := shift(d, st, 8*hour+30*time.Minute, n)
			ps.Breaks = []scheduler.Break{{Start: st + 4*hour, Length: 30 * time.Minute}}
			plan = append(plan, ps)
		}
	}
	avails := []string{"", "", "mon-sun 06:00-24:00", "mon-fri 06:00-20:00; sat 08:00-18:00", "mon-sun 12:00-24:00",
		"mon-sun 00:00-24:00", "mon-fri 22:00-07:00; sat-sun", "tue-sun 06:00-23:00"}
	agents := make([]Agent, 300)
	for i := range agents {
		av, err := ParseAvailability(avails[rng.IntN(len(avails))])
		if err != nil {
			panic(err)
		}
		a := Agent{ID: fmt.Sprintf("A%03d", i), Skills: []string{"voice"}, MaxPerWeek: 40 * hour, MinPerWeek: 32 * hour, MaxDaysPerWeek: 5, Availability: av}
		if i%5 == 0 { // part-time
			a.MaxPerWeek, a.MinPerWeek, a.MaxDaysPerWeek = 24*hour, 16*hour, 3
		}
		if i%3 == 0 {
			a.PreferredDaysOff = []time.Weekday{time.Weekday(rng.IntN(7))}
		}
		agents[i] = a
	}
	return plan, agents
}
