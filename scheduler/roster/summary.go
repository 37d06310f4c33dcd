package roster

import (
	"time"

	"github.com/staffcast/staffcast/scheduler"
)

// AgentSummary is one agent's share of a roster.
type AgentSummary struct {
	ID       string
	Paid     time.Duration // paid time over the horizon
	Days     int           // working days
	Evenings int           // shifts working past Options.EveningFrom, local time
	Weekends int           // shifts starting on a Saturday or Sunday
	// PreferredOffWorked counts shifts on the agent's preferred days off.
	PreferredOffWorked int
	// BelowMin is how far paid time falls short of the weekly minimum,
	// summed over weeks (a short last week's minimum prorated).
	BelowMin time.Duration
}

// Summary measures a roster's soft goals.
type Summary struct {
	Agents             []AgentSummary // in the order agents were given
	Assigned           int
	Unassigned         int
	PreferredOffWorked int // shifts worked on a preferred day off, all agents
	AgentsBelowMin     int
	// EveningsMin/Max and WeekendsMin/Max are the spread of evening and
	// weekend shifts over agents who work at least one shift.
	EveningsMin, EveningsMax int
	WeekendsMin, WeekendsMax int
}

// Summarize computes the soft-goal figures of r on req's calendar.
// Assignments to unknown agents are ignored (Check reports them).
func Summarize(req scheduler.Requirements, agents []Agent, opt Options, r *Roster) Summary {
	s := Summary{Assigned: len(r.Assignments), Unassigned: len(r.Unassigned)}
	index := map[string]int{}
	s.Agents = make([]AgentSummary, len(agents))
	weeks := (req.Days() + 6) / 7
	paid := make([][]time.Duration, len(agents))
	for i := range agents {
		s.Agents[i].ID = agents[i].ID
		index[agents[i].ID] = i
		paid[i] = make([]time.Duration, max(weeks, 1))
	}
	tl := newTimeline(req.Start)
	for _, as := range r.Assignments {
		i, ok := index[as.Agent]
		if !ok {
			continue
		}
		sh := as.Shift
		from := tl.at(sh.Day, sh.Start)
		_, wallEnd := tl.wallSpan(sh.Day, from, from+sh.Length)
		wd := req.Start.AddDate(0, 0, sh.Day).Weekday()
		sum := &s.Agents[i]
		sum.Paid += sh.PaidTime()
		sum.Days++
		if wallEnd > opt.eveningFrom() {
			sum.Evenings++
		}
		if wd == time.Saturday || wd == time.Sunday {
			sum.Weekends++
		}
		if agents[i].prefersOff(wd) {
			sum.PreferredOffWorked++
		}
		if w := sh.Day / 7; w < len(paid[i]) {
			paid[i][w] += sh.PaidTime()
		}
	}
	first := true
	for i := range s.Agents {
		sum := &s.Agents[i]
		for w, p := range paid[i] {
			days := min(7, req.Days()-7*w)
			target := agents[i].MinPerWeek * time.Duration(days) / 7
			if p < target {
				sum.BelowMin += target - p
			}
		}
		if sum.BelowMin > 0 {
			s.AgentsBelowMin++
		}
		s.PreferredOffWorked += sum.PreferredOffWorked
		if sum.Days == 0 {
			continue
		}
		if first {
			s.EveningsMin, s.EveningsMax, s.WeekendsMin, s.WeekendsMax = sum.Evenings, sum.Evenings, sum.Weekends, sum.Weekends
			first = false
		}
		s.EveningsMin, s.EveningsMax = min(s.EveningsMin, sum.Evenings), max(s.EveningsMax, sum.Evenings)
		s.WeekendsMin, s.WeekendsMax = min(s.WeekendsMin, sum.Weekends), max(s.WeekendsMax, sum.Weekends)
	}
	return s
}
