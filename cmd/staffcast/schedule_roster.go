package main

import (
	"flag"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/staffcast/staffcast/app"
	"github.com/staffcast/staffcast/csvio/hrio"
	"github.com/staffcast/staffcast/scheduler"
	"github.com/staffcast/staffcast/scheduler/roster"
)

// readAgentsFile reads the agents CSV of -agents.
func readAgentsFile(path string, e env) ([]roster.Agent, error) {
	f, err := openInput(path, e)
	if err != nil {
		return nil, err
	}
	agents, err := hrio.ReadAgents(f)
	f.Close()
	if err != nil {
		return nil, badInput(path, err)
	}
	return agents, nil
}

// rosterFiles renders roster.csv and one .ics per agent with shifts into
// outDir for the caller to write, and names them in rep.Files.
func rosterFiles(e env, req scheduler.Requirements, agents []roster.Agent, r *roster.Roster, rep *app.RosterReport, outDir string) ([]outFile, error) {
	rendered, err := app.RosterFiles(req, agents, r, calendarStamp(e, req))
	if err != nil {
		return nil, err
	}
	files := make([]outFile, len(rendered))
	for i, f := range rendered {
		files[i] = outFile{filepath.Join(outDir, f.Name), f.Data}
		rep.Files = append(rep.Files, f.Name)
	}
	return files, nil
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

// rosterFlags are the labour rules "schedule -agents" rosters under.
type rosterFlags struct {
	minRest        durationFlag
	maxConsecutive *int
	skill          *string
}

func addRosterFlags(fs *flag.FlagSet) *rosterFlags {
	d := roster.DefaultRules()
	rf := &rosterFlags{minRest: durationFlag{Value: d.MinRest}}
	durationVar(fs, &rf.minRest, "min-rest", "with -agents: least time off between the end of an agent's shift and the next")
	rf.maxConsecutive = fs.Int("max-consecutive-days", d.MaxConsecutiveDays, "with -agents: most working days in a row; 0 means no cap")
	rf.skill = fs.String("skill", "", "with -agents: skill every shift needs (from the agents CSV skills column, matched ignoring case); empty needs none")
	return rf
}

func (rf *rosterFlags) options() (roster.Options, error) {
	opt := roster.DefaultOptions()
	if *rf.maxConsecutive < 0 {
		return opt, usageErrorf("-max-consecutive-days: must be 0 (no cap) or more, got %d", *rf.maxConsecutive)
	}
	opt.Rules.MinRest = rf.minRest.Value
	opt.Rules.MaxConsecutiveDays = *rf.maxConsecutive
	// the agents CSV reads skills in lower case, so -skill matches any case
	opt.Skill = strings.ToLower(strings.TrimSpace(*rf.skill))
	return opt, nil
}

// checkSkill refuses a -skill that no agent of agents has: every shift
// would stay open, and the hiring advice would ignore the skill. The
// error lists the skills the agents have.
func (rf *rosterFlags) checkSkill(agents []roster.Agent) error {
	skill, err := app.CheckSkill(*rf.skill, agents)
	if err != nil {
		reason := app.Reason(err)
		if d := app.DetailsOf(err); len(d) == 1 {
			reason = d[0].Reason // without the API's field name
		}
		return usageErrorf("invalid value %q for flag -skill: %s", *rf.skill, reason)
	}
	*rf.skill = skill
	return nil
}
