package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/staffcast/staffcast/app"
	"github.com/staffcast/staffcast/csvio/historycsv"
	"github.com/staffcast/staffcast/csvio/staffcsv"
	"github.com/staffcast/staffcast/forecast"
	"github.com/staffcast/staffcast/scenario"
	"github.com/staffcast/staffcast/scheduler/roster"
)

const planHelp = `History to roster in one go, through a bot/human scenario.

  staffcast plan -history FILE.csv -scenario FILE.json -templates FILE.json [-agents FILE.csv] -out-dir DIR [-time-limit 1m]

Forecasts the week after the history (-method, -horizon), sends it through
the scenario's bot funnel, staffs the human queue for the scenario's promise,
plans shifts from the templates and, with -agents, rosters them. Writes into
DIR: forecast.csv, intervals.csv (every interval of the scenario),
totals.json, staffing.csv (the human queue's workload and the agents it
requires, which "schedule -requirements staffing.csv -column
scheduled_agents" reads, with their Erlang figures as "staff" writes them;
what the planned shifts achieve is in intervals.csv, beside the plan's
scheduled_agents), plan.csv, coverage.csv and, with -agents, roster.csv and
one .ics per agent;
and summary.txt, the summary also printed. The scenario's own demand and
templates are replaced by -history and -templates; -calendar gives the
history's special days (else the scenario's demand.calendar, if any).

-time-limit bounds the command as schedule's does: the forecast and the
shift plans take what the roster (with -agents) leaves, each plan keeping
the best found by the end of its share (said on stderr); without it (or
0) every plan is searched in full, the same result on every run.

-staff-to (default: the scenario's staff_to, else mean) chooses the volume
the humans are staffed for: mean, the point forecast; p80, the forecast's
upper 80% bound; expected-sl, the fewest agents whose service level averaged
over the forecast's volume distribution keeps the promise.
`

func runPlan(ctx context.Context, args []string, e env) error {
	fs := newFlags("plan", e)
	withHelp(fs, e, planHelp)
	histPath := fs.String("history", "", "history CSV (interval_start,queue,channel,offered[,handled,abandoned,aht_seconds])")
	calPath := fs.String("calendar", "", "special days CSV of the history's forecast (date,queue,kind,factor,name, as for forecast -calendar; default: the scenario's demand.calendar)")
	scPath := fs.String("scenario", "", "scenario JSON file (its demand and templates are replaced by -history and -templates)")
	tmplPath := fs.String("templates", "", "shift templates JSON (as for schedule -templates)")
	agentsPath := fs.String("agents", "", "agents CSV: also roster the plan onto named agents")
	outDir := fs.String("out-dir", "", "directory to write every table and summary.txt into")
	method := fs.String("method", "", "forecasting method: auto, snaive, sma4, sma, profile, dses or combo (default: the scenario's demand.method, else auto)")
	var horizon durationFlag
	fs.Var(&horizon, "horizon", "how far to forecast (default: the scenario's demand.horizon, else 168h)")
	seed := fs.Uint64("seed", 1, "random seed of the shift-plan search")
	staffTo := fs.String("staff-to", "", "volume to staff: "+app.StaffToChoices+" (default: the scenario's staff_to, else mean; p80 and expected-sl use the forecast's bands)")
	rules := addRosterFlags(fs)
	limit := addTimeLimit(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	for _, f := range []struct{ name, v string }{{"history", *histPath}, {"scenario", *scPath}, {"templates", *tmplPath}, {"out-dir", *outDir}} {
		if err := requireFlag(f.name, f.v); err != nil {
			return err
		}
	}
	if err := checkOutDir("out-dir", *outDir); err != nil {
		return err
	}
	if *method != "" {
		if _, err := forecast.ParseMethod(*method); err != nil {
			return usageErrorf("-method: %v", err)
		}
	}
	if *staffTo != "" {
		if _, err := app.ParseStaffTo(*staffTo); err != nil {
			return usageErrorf("-staff-to: %v", err)
		}
	}
	rosterOpt, err := rules.options()
	if err != nil {
		return err
	}
	hist, err := filepath.Abs(*histPath)
	if err != nil {
		return usageErrorf("-history: %v", err)
	}
	tmpl, err := filepath.Abs(*tmplPath)
	if err != nil {
		return usageErrorf("-templates: %v", err)
	}
	cal := ""
	if *calPath != "" {
		if cal, err = filepath.Abs(*calPath); err != nil {
			return usageErrorf("-calendar: %v", err)
		}
	}
	// The scenario's demand and templates, if any, give way to the flags.
	d, src, err := loadScenarioWith(*scPath, "plan", e, func(d *scenario.Document) {
		for i := range d.Queues {
			q := &d.Queues[i]
			ds := scenario.DemandSpec{History: hist, Calendar: q.Demand.Calendar, Method: q.Demand.Method, Horizon: q.Demand.Horizon, Scale: q.Demand.Scale, Campaigns: q.Demand.Campaigns}
			if cal != "" {
				ds.Calendar = cal
			}
			if *method != "" {
				ds.Method = *method
			}
			if horizon.Given {
				ds.Horizon = scenario.Duration(horizon.Value)
			}
			q.Demand, q.Templates = ds, tmpl
			if *staffTo != "" {
				q.StaffTo = *staffTo
			}
		}
	})
	if err != nil {
		return err
	}
	// Warnings and errors name the files as the flags gave them.
	src.names[hist], src.names[tmpl] = *histPath, *tmplPath
	if cal != "" {
		src.names[cal] = *calPath
	}
	var agents []roster.Agent
	if *agentsPath != "" {
		if len(d.Queues) != 1 {
			return usageErrorf("-agents: %s has %d queues; rostering one agents file needs a one-queue scenario", *scPath, len(d.Queues))
		}
		if agents, err = readAgentsFile(*agentsPath, e); err != nil {
			return err
		}
		if agents == nil {
			agents = []roster.Agent{}
		}
		if err := rules.checkSkill(agents); err != nil {
			return err
		}
	}
	// -time-limit bounds the whole command: the roster, which no limit
	// cuts, keeps its reserve, as in schedule.
	opt, done := scenarioOptions(limit.Value, e)
	opt.Seed = *seed
	if opt.TimeLimit > 0 && agents != nil {
		opt.TimeLimit -= app.RosterReserve(opt.TimeLimit, len(agents))
	}
	res, err := app.RunScenario(ctx, d, src, opt)
	done()
	if err != nil {
		return planErr(*scPath, err)
	}
	warnStopped(e, "plan", limit.Value, res.Totals.PlansStopped)
	p := &planRun{doc: d, res: res, forecasts: src.forecasts, dir: *outDir}
	if agents != nil {
		q := res.Queues[0]
		if q.Plan == nil {
			return fmt.Errorf("internal error: no shift plan for queue %s (please report it)", q.Queue)
		}
		req := *q.Requirements
		rr, err := app.AssignRoster(ctx, app.RosterRequest{Requirements: req, Shifts: q.Plan.Shifts, Agents: agents, Options: rosterOpt})
		if err != nil {
			if app.KindOf(err) == app.Invalid {
				return badInput(*agentsPath, err)
			}
			return err
		}
		p.roster = &rr
		if p.rosterFiles, err = rosterFiles(e, req, agents, rr.Roster, rr.Report, *outDir); err != nil {
			return err
		}
	}
	files, err := p.files()
	if err != nil {
		return err
	}
	if err := writeFiles(ctx, *outDir, files); err != nil {
		return err
	}
	_, err = e.stdout.Write(p.summary)
	return err
}

// planErr names the flag or the scenario file an error is about. An error
// about the file of -history, -calendar or -templates names only the flag
// and the file, not the scenario field the flag set.
func planErr(scPath string, err error) error {
	f := app.FieldOf(err)
	switch {
	case app.KindOf(err) != app.Invalid:
		return err
	case f == "time_limit":
		return timeLimitErr(err)
	case strings.HasSuffix(f, "demand.history"):
		return &usageError{fmt.Errorf("-history: %w", fieldCause(err))}
	case strings.HasSuffix(f, "demand.method") || strings.HasSuffix(f, "demand.horizon"):
		return &usageError{fmt.Errorf("-history: %w", err)}
	case strings.HasSuffix(f, "demand.calendar"):
		return &usageError{fmt.Errorf("-calendar: %w", fieldCause(err))}
	case strings.HasSuffix(f, "templates"):
		return &usageError{fmt.Errorf("-templates: %w", fieldCause(err))}
	}
	return badInput(scPath, err)
}

// fieldCause is err without its "scenario: FIELD: " (the error of a
// *scenario.FieldError), err itself when it has none.
func fieldCause(err error) error {
	var fe *scenario.FieldError
	if errors.As(err, &fe) {
		return fe.Err
	}
	return err
}

// planRun is a finished plan: what it writes and prints.
type planRun struct {
	doc         scenario.Document
	res         *scenario.Result
	forecasts   map[string]*forecast.Result
	roster      *app.RosterResult
	rosterFiles []outFile
	dir         string
	summary     []byte
}

// files renders every file of the plan, summary.txt last (it lists them).
func (p *planRun) files() ([]outFile, error) {
	var fcs []*forecast.Result
	for _, q := range p.doc.Queues {
		if r := p.forecasts[q.Queue]; r != nil {
			fcs = append(fcs, r)
		}
	}
	fc, err := render(func(w io.Writer) error { return historycsv.WriteForecast(w, fcs) })
	if err != nil {
		return nil, err
	}
	st, err := render(func(w io.Writer) error { return p.writeStaffing(w) })
	if err != nil {
		return nil, err
	}
	sc, err := scenarioFiles(p.dir, p.doc, p.res)
	if err != nil {
		return nil, err
	}
	files := append([]outFile{{filepath.Join(p.dir, "forecast.csv"), fc}}, sc...)
	files = append(files, outFile{filepath.Join(p.dir, "staffing.csv"), st})
	files = append(files, p.rosterFiles...)
	var names []string
	calendars := 0
	for _, f := range files {
		if strings.HasSuffix(f.path, ".ics") {
			calendars++
			continue
		}
		names = append(names, filepath.Base(f.path))
	}
	names = append(names, "summary.txt")
	if calendars > 0 {
		names = append(names, fmt.Sprintf("%d agent calendars (.ics)", calendars))
	}
	p.summary, err = render(func(w io.Writer) error { p.writeSummary(w, names); return nil })
	if err != nil {
		return nil, err
	}
	return append(files, outFile{filepath.Join(p.dir, "summary.txt"), p.summary}), nil
}

// writeStaffing writes the human queue behind the bot as "staffcast staff"
// writes a staffing: its workload (human contacts, blended handle time),
// the agents it needs, net and scheduled (gross of shrinkage), so
// "schedule -requirements staffing.csv -column scheduled_agents" plans it,
// and the figures of those agents. Each row is the requirement alone:
// what the shift plan's coverage achieves is in intervals.csv
// (scheduled_agents, service_level, asa_seconds, abandon_rate, occupancy).
func (p *planRun) writeStaffing(w io.Writer) error {
	wl := &staffcsv.Workload{Header: []string{"interval_start", "queue", "volume", "aht_seconds"}}
	var st []staffcsv.Staffing
	for _, q := range p.res.Queues {
		for _, r := range q.Intervals {
			need := int(r.RequiredScheduledAgents)
			wl.Rows = append(wl.Rows, staffcsv.Row{Start: r.Start, Queue: q.Queue, Fields: []string{
				r.Start.Format(time.RFC3339), q.Queue, fmt.Sprintf("%.2f", r.HumanContacts), fmt.Sprintf("%.1f", r.HumanAHTSeconds)}})
			st = append(st, staffcsv.Staffing{Agents: r.RequiredAnsweringAgents, ScheduledAgents: need, ServiceLevel: r.RequiredServiceLevel,
				ASASeconds: r.RequiredASASeconds, Occupancy: r.RequiredOccupancy, PAbandon: r.RequiredAbandonRate})
		}
	}
	return staffcsv.Write(w, wl, st)
}

// writeSummary prints the plan as a manager reads it: the forecast, the
// bot, the service, the cost split, the funnel penalty, the shift plan
// and the roster.
func (p *planRun) writeSummary(w io.Writer, files []string) {
	fmt.Fprintf(w, "Staffcast plan: scenario %s\n\n", p.res.Name)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for i, q := range p.res.Queues {
		spec := p.doc.Queues[i]
		t := q.Totals
		if len(p.res.Queues) > 1 {
			fmt.Fprintf(tw, "Queue %s\t\n", q.Queue)
		}
		if fc := p.forecasts[q.Queue]; fc != nil && len(fc.Points) > 0 {
			vol := 0.0
			for _, pt := range fc.Points {
				vol += pt.Volume
			}
			fmt.Fprintf(tw, "Forecast\t%s contacts from %s to %s (method %s)\n", thousands(vol), fc.Points[0].Start.Format("Mon 2006-01-02"),
				fc.Points[len(fc.Points)-1].Start.Format("Mon 2006-01-02"), fc.Method)
		}
		within := ""
		if spec.Promise.SLTime > 0 {
			within = " within " + fmtNum(spec.Promise.SLTime.Seconds()) + " s"
		}
		fmt.Fprintf(tw, "Bot\tshare %s: %s of %s contacts (%.1f%%) go to the bot, %s contained, %s escalated, %s unresolved\n", shareText(spec.Bot.Share),
			thousands(t.BotSessions), thousands(t.Offered), 100*ratio(t.BotSessions, t.Offered), thousands(t.Contained), thousands(t.Escalated), thousands(t.Unresolved))
		staffed := ""
		switch spec.StaffTo {
		case scenario.StaffToP80:
			staffed = " (staffed to the forecast's p80; figures at the point forecast)"
		case scenario.StaffToExpectedSL:
			staffed = " (staffed to the expected service level over the forecast's bands; figures expected)"
		}
		fmt.Fprintf(tw, "Service\t%s human contacts, %.1f%% answered%s, %.1f%% %s; %.1f%% of all customers reached a human%s%s\n",
			thousands(t.HumanContacts), 100*t.ServiceLevel, within, 100*t.AbandonRate, abandonWords(t), 100*t.ReachedHumanShare, within, staffed)
		kept := "kept in every interval"
		if !t.KeptPromise {
			kept = fmt.Sprintf("broken in %d of %d intervals", t.IntervalsBroken, t.Intervals)
		}
		fmt.Fprintf(tw, "Promise\t%s\n", kept)
		fmt.Fprintf(tw, "Cost\thumans %s + bot %s + lost contacts %s%s = %s\n", thousands(t.CostHumans), thousands(t.CostBot), thousands(t.CostLost), laterCostText(t), thousands(costShown(t)))
		// Both sides are interval requirements (FunnelExtraPaidHours is their
		// difference); a shift plan's paid hours, which also pay for shapes
		// and breaks, are on the plan's own line.
		fmt.Fprintf(tw, "Funnel\t%s paid hours required against %s for the naive cut (all-human x (1 - bot share)): %s h (%s)\n",
			thousands(t.UncappedRequiredPaidHours), thousands(t.NaivePaidHours), signed(funnelExtraShown(t)), funnelPercent(t))
		if pl := q.Plan; pl != nil {
			people := 0
			for _, s := range pl.Shifts {
				people += s.Count
			}
			fmt.Fprintf(tw, "Shift plan\t%s shifts, %s paid hours; shortage %s and excess %s person-minutes; gap to the lower bound %.1f%%%s\n",
				thousands(float64(people)), thousands(pl.PaidHours), thousands(pl.ShortageMinutes), thousands(pl.ExcessMinutes), shown(100*pl.Gap, 10), stoppedNote(pl.Stopped))
		}
	}
	if r := p.roster; r != nil && r.Report != nil {
		rep := r.Report
		fmt.Fprintf(tw, "Roster\t%d agents: %s shifts assigned, %s open\n", rep.Agents, thousands(float64(rep.Assigned)), thousands(float64(rep.Unassigned)))
		for _, a := range rep.Shortfall {
			fmt.Fprintf(tw, "\t%s\n", a.Advice)
		}
	}
	fmt.Fprintf(tw, "Files\t%s in %s\n", strings.Join(files, ", "), p.dir)
	tw.Flush()
}

// ratio is a/b, 0 when b is 0.
func ratio(a, b float64) float64 {
	if b == 0 || math.IsNaN(b) {
		return 0
	}
	return a / b
}
