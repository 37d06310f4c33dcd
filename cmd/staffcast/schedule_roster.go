package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/staffcast/staffcast/csvio/hrio"
	"github.com/staffcast/staffcast/csvio/schedio"
	"github.com/staffcast/staffcast/scheduler"
	"github.com/staffcast/staffcast/scheduler/roster"
)

// rosterReport is the roster summary that "schedule --json" prints under
// "roster" when --agents is given.
type rosterReport struct {
	Agents     int `json:"agents"`
	Assigned   int `json:"assigned"`
	Unassigned int `json:"unassigned"`
	// UnassignedShifts groups the open places by shift.
	UnassignedShifts []openShift `json:"unassigned_shifts"`
	// Shortfall says how many more agents of which availability would take
	// the open places; Unstaffable counts places no new agent could take.
	Shortfall   []shortfallAdvice `json:"shortfall"`
	Unstaffable int               `json:"unstaffable"`
	// Soft goals.
	PreferredOffWorked int         `json:"preferred_days_off_worked"`
	AgentsBelowMin     int         `json:"agents_below_min_hours"`
	PaidHours          spread      `json:"paid_hours"`
	Evenings           spread      `json:"evening_shifts"`
	Weekends           spread      `json:"weekend_shifts"`
	PerAgent           []agentLoad `json:"per_agent"`
	Files              []string    `json:"files,omitempty"`
}

type openShift struct {
	Date   string `json:"date"`
	Day    string `json:"day"`
	Start  string `json:"start"`
	End    string `json:"end"`
	Breaks string `json:"breaks,omitempty"`
	Count  int    `json:"count"`
}

type shortfallAdvice struct {
	Agents       int    `json:"agents"`
	Availability string `json:"availability"`
	Shifts       int    `json:"shifts"`
	Advice       string `json:"advice"`
}

type spread struct {
	Min  float64 `json:"min"`
	Mean float64 `json:"mean"`
	Max  float64 `json:"max"`
}

type agentLoad struct {
	ID                 string  `json:"agent_id"`
	PaidHours          float64 `json:"paid_hours"`
	Days               int     `json:"days"`
	Evenings           int     `json:"evening_shifts"`
	Weekends           int     `json:"weekend_shifts"`
	PreferredOffWorked int     `json:"preferred_days_off_worked"`
	BelowMinHours      float64 `json:"below_min_hours"`
}

// rosterStep reads the agents CSV, rosters the plan's shifts onto them, and
// with a non-empty outDir renders roster.csv and one .ics per agent for the
// caller to write.
func rosterStep(ctx context.Context, e env, agentsPath string, req scheduler.Requirements, plan []scheduler.PlannedShift, opt roster.Options, outDir string) (*rosterReport, []outFile, error) {
	f, err := openInput(agentsPath, e)
	if err != nil {
		return nil, nil, err
	}
	agents, err := hrio.ReadAgents(f)
	f.Close()
	if err != nil {
		return nil, nil, badInput(agentsPath, err)
	}
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	r, err := roster.Assign(req, plan, agents, opt)
	if err != nil {
		return nil, nil, fmt.Errorf("rostering: %w", err)
	}
	rep := newRosterReport(req, agents, opt, r)
	if outDir == "" {
		return rep, nil, nil
	}
	var files []outFile
	data, err := render(func(w io.Writer) error { return hrio.WriteRoster(w, req.Start, r.Assignments) })
	if err != nil {
		return nil, nil, err
	}
	files = append(files, outFile{filepath.Join(outDir, "roster.csv"), data})
	rep.Files = append(rep.Files, "roster.csv")
	stamp := calendarStamp(e, req)
	names := calendarFileNames(agents)
	for i := range agents {
		cal := hrio.AgentCalendar(agents[i], r.Assignments, req.Start, stamp)
		if len(cal.Events) == 0 {
			continue // an iCalendar object needs an event; an agent without shifts gets no file
		}
		data, err := render(func(w io.Writer) error { return hrio.WriteICS(w, cal) })
		if err != nil {
			return nil, nil, err
		}
		files = append(files, outFile{filepath.Join(outDir, names[i]), data})
		rep.Files = append(rep.Files, names[i])
	}
	return rep, files, nil
}

func newRosterReport(req scheduler.Requirements, agents []roster.Agent, opt roster.Options, r *roster.Roster) *rosterReport {
	sum := roster.Summarize(req, agents, opt, r)
	rep := &rosterReport{
		Agents: len(agents), Assigned: sum.Assigned, Unassigned: sum.Unassigned,
		UnassignedShifts:   []openShift{},
		Shortfall:          []shortfallAdvice{},
		Unstaffable:        len(r.Unstaffable),
		PreferredOffWorked: sum.PreferredOffWorked,
		AgentsBelowMin:     sum.AgentsBelowMin,
		Evenings:           spread{Min: float64(sum.EveningsMin), Max: float64(sum.EveningsMax)},
		Weekends:           spread{Min: float64(sum.WeekendsMin), Max: float64(sum.WeekendsMax)},
	}
	var open []openShift
	index := map[openShift]int{}
	for _, s := range r.Unassigned {
		o := openShift{
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
		rep.Shortfall = append(rep.Shortfall, shortfallAdvice{a.Agents, a.Availability.String(), a.Shifts, a.String()})
	}
	first, working := true, 0
	for _, a := range sum.Agents {
		h := round4(a.Paid.Hours())
		rep.PerAgent = append(rep.PerAgent, agentLoad{a.ID, h, a.Days, a.Evenings, a.Weekends, a.PreferredOffWorked, round4(a.BelowMin.Hours())})
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

// calendarStamp is the DTSTAMP of the calendars: SOURCE_DATE_EPOCH when set
// (the reproducible-builds convention), else midnight of the horizon's
// first day, so the same inputs give byte-identical files.
func calendarStamp(e env, req scheduler.Requirements) time.Time {
	if s := e.getenv("SOURCE_DATE_EPOCH"); s != "" {
		if n, err := strconv.ParseInt(s, 10, 64); err == nil {
			return time.Unix(n, 0).UTC()
		}
	}
	return req.Start.UTC()
}

// calendarFileNames gives each agent a distinct, safe file name: its id
// with anything but letters, digits, '-', '_' and '.' replaced by '_', a
// leading '.' too (no hidden files, no ".."), and a numeric suffix when
// two ids clean to the same name (compared case-insensitively, for
// case-insensitive file systems).
func calendarFileNames(agents []roster.Agent) []string {
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

// rosterFlags are the labour rules "schedule -agents" rosters under.
type rosterFlags struct {
	minRest        durationFlag
	maxConsecutive *int
	skill          *string
}

func addRosterFlags(fs *flag.FlagSet) *rosterFlags {
	d := roster.DefaultRules()
	rf := &rosterFlags{minRest: durationFlag{Value: d.MinRest}}
	fs.Var(&rf.minRest, "min-rest", "with -agents: least time off between the end of an agent's shift and the next (default 11h)")
	rf.maxConsecutive = fs.Int("max-consecutive-days", d.MaxConsecutiveDays, "with -agents: most working days in a row; 0 means no cap")
	rf.skill = fs.String("skill", "", "with -agents: skill every shift needs (from the agents CSV skills column); empty needs none")
	return rf
}

func (rf *rosterFlags) options() (roster.Options, error) {
	opt := roster.DefaultOptions()
	if *rf.maxConsecutive < 0 {
		return opt, usageErrorf("-max-consecutive-days: must be 0 (no cap) or more, got %d", *rf.maxConsecutive)
	}
	opt.Rules.MinRest = rf.minRest.Value
	opt.Rules.MaxConsecutiveDays = *rf.maxConsecutive
	opt.Skill = strings.TrimSpace(*rf.skill)
	return opt, nil
}
