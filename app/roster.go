package app

import (
	"bytes"
	"context"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/staffcast/staffcast/csvio/hrio"
	"github.com/staffcast/staffcast/csvio/schedio"
	"github.com/staffcast/staffcast/scheduler"
	"github.com/staffcast/staffcast/scheduler/roster"
)

// RosterRequest asks for the shifts of a plan to be assigned to agents.
type RosterRequest struct {
	Requirements scheduler.Requirements
	Shifts       []scheduler.PlannedShift
	Agents       []roster.Agent
	Options      roster.Options // used as given (start from roster.DefaultOptions())
}

// RosterResult is the roster, its summary and the report of both.
type RosterResult struct {
	Roster  *roster.Roster
	Summary roster.Summary
	Report  *RosterReport
}

// AssignRoster assigns r.Shifts to r.Agents under r.Options (roster.Assign)
// and summarises the result. Bad agents, plans or rules are Invalid (op
// "roster"); a ctx cancelled or past its deadline, before or during the
// assignment, is Canceled.
func AssignRoster(ctx context.Context, r RosterRequest) (RosterResult, error) {
	const op = "roster"
	ro, err := roster.AssignContext(ctx, r.Requirements, r.Shifts, r.Agents, r.Options)
	if ctx.Err() != nil {
		return RosterResult{}, Wrap(Canceled, op, ctx.Err())
	}
	if err != nil {
		return RosterResult{}, &Error{Kind: Invalid, Op: op, Err: err}
	}
	sum := roster.Summarize(r.Requirements, r.Agents, r.Options, ro)
	return RosterResult{Roster: ro, Summary: sum, Report: NewRosterReport(r.Requirements, r.Agents, ro, sum)}, nil
}

// RosterReport is a roster's summary as "schedule -json" prints it under
// "roster" (and the API returns it).
type RosterReport struct {
	Agents     int `json:"agents"`
	Assigned   int `json:"assigned"`
	Unassigned int `json:"unassigned"`
	// UnassignedShifts groups the open places by shift.
	UnassignedShifts []OpenShift `json:"unassigned_shifts"`
	// Shortfall says how many more agents of which availability would take
	// the open places; Unstaffable counts places no new agent could take.
	Shortfall   []ShortfallAdvice `json:"shortfall"`
	Unstaffable int               `json:"unstaffable"`
	// ShortageMinutes, ExcessMinutes and ShortIntervals measure the
	// assigned shifts alone against the requirement: what the team covers
	// while the open places stay open (the plan's own figures assume every
	// place filled). Person-minutes, 4 decimals.
	ShortageMinutes float64 `json:"shortage_minutes"`
	ExcessMinutes   float64 `json:"excess_minutes"`
	ShortIntervals  int     `json:"short_intervals"`
	// Soft goals.
	PreferredOffWorked int         `json:"preferred_days_off_worked"`
	AgentsBelowMin     int         `json:"agents_below_min_hours"`
	PaidHours          Spread      `json:"paid_hours"`
	Evenings           Spread      `json:"evening_shifts"`
	Weekends           Spread      `json:"weekend_shifts"`
	PerAgent           []AgentLoad `json:"per_agent"`
	// Files names the files RosterFiles rendered, when the caller writes
	// them (the CLI's -out-dir).
	Files []string `json:"files,omitempty"`
}

// OpenShift is a group of identical shifts nobody took.
type OpenShift struct {
	Date   string `json:"date"`
	Day    string `json:"day"`
	Start  string `json:"start"`
	End    string `json:"end"`
	Breaks string `json:"breaks,omitempty"`
	Count  int    `json:"count"`
}

// ShortfallAdvice says how many more agents of which availability would
// take how many open shifts.
type ShortfallAdvice struct {
	Agents       int    `json:"agents"`
	Availability string `json:"availability"`
	Shifts       int    `json:"shifts"`
	Advice       string `json:"advice"`
}

// Spread is the minimum, mean and maximum of a per-agent figure over the
// agents who work.
type Spread struct {
	Min  float64 `json:"min"`
	Mean float64 `json:"mean"`
	Max  float64 `json:"max"`
}

// AgentLoad is one agent's week.
type AgentLoad struct {
	ID                 string  `json:"agent_id"`
	PaidHours          float64 `json:"paid_hours"`
	Days               int     `json:"days"`
	Evenings           int     `json:"evening_shifts"`
	Weekends           int     `json:"weekend_shifts"`
	PreferredOffWorked int     `json:"preferred_days_off_worked"`
	BelowMinHours      float64 `json:"below_min_hours"`
}

// NewRosterReport summarises roster r of the plan over req onto agents:
// open shifts grouped, shortfall advice, and per-agent hours (4 decimals).
// sum is roster.Summarize's result for the same roster.
func NewRosterReport(req scheduler.Requirements, agents []roster.Agent, r *roster.Roster, sum roster.Summary) *RosterReport {
	rep := &RosterReport{
		Agents: len(agents), Assigned: sum.Assigned, Unassigned: sum.Unassigned,
		UnassignedShifts:   []OpenShift{},
		Shortfall:          []ShortfallAdvice{},
		Unstaffable:        len(r.Unstaffable),
		PreferredOffWorked: sum.PreferredOffWorked,
		AgentsBelowMin:     sum.AgentsBelowMin,
		Evenings:           Spread{Min: float64(sum.EveningsMin), Max: float64(sum.EveningsMax)},
		Weekends:           Spread{Min: float64(sum.WeekendsMin), Max: float64(sum.WeekendsMax)},
	}
	assigned := make([]scheduler.PlannedShift, len(r.Assignments))
	for i, a := range r.Assignments {
		assigned[i] = scheduler.PlannedShift{Shift: a.Shift, Count: 1}
	}
	c := scheduler.Cover(req, assigned)
	t := TotalsOf(req, c.Scheduled)
	rep.ShortageMinutes, rep.ExcessMinutes, rep.ShortIntervals = round4(t.ShortageMinutes), round4(t.ExcessMinutes), t.ShortIntervals
	var open []OpenShift
	index := map[OpenShift]int{}
	for _, s := range r.Unassigned {
		o := OpenShift{
			Date:   req.Start.AddDate(0, 0, s.Day).Format(time.DateOnly),
			Day:    strings.ToLower(req.Weekday(s.Day).String()[:3]),
			Start:  hrio.FormatClock(s.Start),
			End:    hrio.FormatClock(s.End()),
			Breaks: schedio.FormatBreaks(s.Breaks),
		}
		if k, ok := index[o]; ok {
			open[k].Count++
			continue
		}
		index[o] = len(open)
		o.Count = 1
		open = append(open, o)
	}
	if open != nil {
		rep.UnassignedShifts = open
	}
	for _, a := range r.Shortfall {
		rep.Shortfall = append(rep.Shortfall, ShortfallAdvice{a.Agents, a.Availability.String(), a.Shifts, a.String()})
	}
	first, working := true, 0
	for _, a := range sum.Agents {
		h := round4(a.Paid.Hours())
		rep.PerAgent = append(rep.PerAgent, AgentLoad{a.ID, h, a.Days, a.Evenings, a.Weekends, a.PreferredOffWorked, round4(a.BelowMin.Hours())})
		if a.Days == 0 {
			continue
		}
		working++
		rep.PaidHours.Mean += h
		rep.Evenings.Mean += float64(a.Evenings)
		rep.Weekends.Mean += float64(a.Weekends)
		if first || h < rep.PaidHours.Min {
			rep.PaidHours.Min = h
		}
		if first || h > rep.PaidHours.Max {
			rep.PaidHours.Max = h
		}
		first = false
	}
	if working > 0 {
		// Means over agents who work, like the minimums and maximums.
		rep.PaidHours.Mean = round4(rep.PaidHours.Mean / float64(working))
		rep.Evenings.Mean = round4(rep.Evenings.Mean / float64(working))
		rep.Weekends.Mean = round4(rep.Weekends.Mean / float64(working))
	}
	return rep
}

// RenderedFile is a file rendered in memory, for the caller to write (all
// together, so a failure leaves none behind).
type RenderedFile struct {
	Name string // a base name, safe on any file system
	Data []byte
}

// RosterFiles renders roster r as roster.csv and one iCalendar file per
// agent who has a shift (named by CalendarFileNames), with DTSTAMP stamp.
// Its error is Internal: rendering to memory fails only on a bug.
func RosterFiles(req scheduler.Requirements, agents []roster.Agent, r *roster.Roster, stamp time.Time) ([]RenderedFile, error) {
	var b bytes.Buffer
	if err := hrio.WriteRoster(&b, req.Start, r.Assignments); err != nil {
		return nil, Wrap(Internal, "roster", err)
	}
	files := []RenderedFile{{"roster.csv", b.Bytes()}}
	names := CalendarFileNames(agents)
	for i := range agents {
		cal := hrio.AgentCalendar(agents[i], r.Assignments, req.Start, stamp)
		if len(cal.Events) == 0 {
			continue // an iCalendar object needs an event; an agent without shifts gets no file
		}
		var b bytes.Buffer
		if err := hrio.WriteICS(&b, cal); err != nil {
			return nil, Wrap(Internal, "roster", err)
		}
		files = append(files, RenderedFile{names[i], b.Bytes()})
	}
	return files, nil
}

// CalendarFileNames gives each agent a distinct, safe file name: its id
// with anything but letters, digits, '-', '_' and '.' replaced by '_', a
// leading '.' too (no hidden files, no ".."), and a numeric suffix when
// two ids clean to the same name (compared case-insensitively, for
// case-insensitive file systems); "roster" is reserved.
func CalendarFileNames(agents []roster.Agent) []string {
	names := make([]string, len(agents))
	used := map[string]bool{"roster": true}
	for i, a := range agents {
		b := []byte(a.ID)
		for k, c := range b {
			ok := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || (c == '.' && k > 0)
			if !ok {
				b[k] = '_'
			}
		}
		base := string(b)
		name := base
		for n := 2; used[strings.ToLower(name)]; n++ {
			name = base + "-" + strconv.Itoa(n)
		}
		used[strings.ToLower(name)] = true
		names[i] = name + ".ics"
	}
	return names
}

// round4 keeps four decimals and never gives "-0".
func round4(v float64) float64 {
	r := math.Round(v*1e4) / 1e4
	if r == 0 {
		return 0
	}
	return r
}

// CheckSkill normalises the skill every shift of a roster needs as the
// agents CSV stores skills (lower case, trimmed) and checks that some agent
// has it: otherwise every shift would stay open, with hiring advice that
// cannot fill it. The error is Invalid on field "skill", listing the
// agents' skills. An empty skill, or no agents, passes.
func CheckSkill(skill string, agents []roster.Agent) (string, error) {
	skill = strings.ToLower(strings.TrimSpace(skill))
	if skill == "" || len(agents) == 0 {
		return skill, nil
	}
	var have []string
	for _, a := range agents {
		if a.HasSkill(skill) {
			return skill, nil
		}
		for _, s := range a.Skills {
			if !slices.Contains(have, s) {
				have = append(have, s)
			}
		}
	}
	slices.Sort(have)
	list := "none: their skills columns are empty"
	if len(have) > 0 {
		list = strings.Join(have, ", ")
	}
	return skill, Invalidf("skill", "no agent has %q (skills are matched ignoring case); the agents' skills: %s", skill, list)
}
