package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/staffcast/staffcast/app"
	"github.com/staffcast/staffcast/charts"
	"github.com/staffcast/staffcast/csvio/schedio"
	"github.com/staffcast/staffcast/internal/chartdata"
	"github.com/staffcast/staffcast/scenario"
	"github.com/staffcast/staffcast/scheduler"
	"github.com/staffcast/staffcast/scheduler/roster"
)

func runSchedule(ctx context.Context, args []string, e env) error {
	fs := newFlags("schedule", e)
	reqPath := fs.String("requirements", "", "interval requirements CSV (interval_start,[queue,]required); - is stdin")
	tmplPath := fs.String("templates", "", "shift templates JSON")
	column := fs.String("column", schedio.DefaultColumn, "requirements column to read (scheduled_agents reads staff output)")
	agents := fs.String("agents", "", "agents CSV: also roster the plan onto named agents")
	outDir := fs.String("out-dir", "", "directory to write plan.csv and coverage.csv (and the roster files with -agents)")
	asJSON := fs.Bool("json", false, "print the plan as JSON")
	tzName := fs.String("tz", "", "IANA time zone the requirements are planned in, e.g. America/New_York: shifts keep their local wall-clock times across clock changes (default: the requirements' first UTC offset)")
	limit := durationFlag{Value: 30 * time.Second, ZeroOK: true}
	durationVar(fs, &limit, "time-limit", "time the command may take: the search keeps the best plan found by then, and leaves time to roster it (e.g. 2m; 0: no limit, a fixed search)")
	seed := fs.Uint64("seed", 1, "random seed; the same seed gives the same plan with -time-limit 0, or when the limit is not reached")
	rules := addRosterFlags(fs)
	chart := addChartFlag(fs, "the plan as a Gantt chart (per agent with -agents)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	rosterOpt, err := rules.options()
	if err != nil {
		return err
	}
	if err := requireFlag("requirements", *reqPath); err != nil {
		return err
	}
	if err := requireFlag("templates", *tmplPath); err != nil {
		return err
	}
	if *reqPath == "-" && *tmplPath == "-" {
		return usageErrorf("only one of -requirements and -templates can be standard input")
	}
	if err := checkOutDir("out-dir", *outDir); err != nil {
		return err
	}
	tz, err := loadTZ(*tzName)
	if err != nil {
		return err
	}
	req, err := readRequirementsFile("schedule", *reqPath, *column, tz, e)
	if err != nil {
		return err
	}
	tf, err := schedReadTemplates(*tmplPath, e)
	if err != nil {
		return err
	}
	if tf.Interval != 0 && tf.Interval != req.Interval {
		return badInput(*tmplPath, fmt.Errorf("interval %s does not match the requirements' %s interval", shortDuration(tf.Interval), shortDuration(req.Interval)))
	}
	req.Cyclic = tf.Cyclic
	// The agents file is read before the solve, so a bad one fails fast.
	var agentList []roster.Agent
	if *agents != "" {
		if agentList, err = readAgentsFile(*agents, e); err != nil {
			return err
		}
		if agentList == nil {
			agentList = []roster.Agent{}
		}
		if err := rules.checkSkill(agentList); err != nil {
			return err
		}
	}
	p := scheduler.Problem{Requirements: req, Templates: tf.Templates, Weights: tf.Weights}
	if err := p.Validate(); err != nil {
		return badInput(*tmplPath, err)
	}
	// -time-limit bounds the whole run (the search leaves the roster its
	// share); the context carries the interrupt, which stops both.
	sr := app.ScheduleRequest{Problem: p, Seed: *seed, Agents: agentList, Roster: rosterOpt}
	bar := schedProgressBar(e.stderr)
	if bar != nil {
		sr.Progress = bar.update
	}
	sr.TimeLimit = limit.Value
	res, err := app.SchedulePlan(ctx, sr)
	plan := res.Plan
	if bar != nil {
		bar.done()
	}
	if err := ctx.Err(); err != nil {
		return err // interrupted: no output
	}
	var ae *app.Error
	if errors.As(err, &ae) && ae.Op == "roster" {
		return &app.Error{Kind: app.Invalid, Message: "rostering", Err: ae.Err}
	} else if err != nil {
		return badInput(*tmplPath, errors.Unwrap(err))
	}
	if plan.Stopped {
		fmt.Fprintf(e.stderr, "staffcast schedule: search stopped after %v; this is the best plan found so far\n", limit.Value)
	}
	// Every file of -out-dir is rendered first and written together at the
	// end, so a failure on the agents file or a rule leaves nothing behind.
	var files []outFile
	if *outDir != "" {
		for _, f := range []struct {
			name string
			fill func(io.Writer) error
		}{
			{"plan.csv", func(w io.Writer) error { return schedio.WritePlan(w, req, plan.Shifts) }},
			{"coverage.csv", func(w io.Writer) error { return schedio.WriteCoverage(w, req, plan.Coverage) }},
		} {
			data, err := render(f.fill)
			if err != nil {
				return err
			}
			files = append(files, outFile{filepath.Join(*outDir, f.name), data})
		}
	}
	if res.Report != nil && *outDir != "" {
		rf, err := rosterFiles(e, req, agentList, res.Roster, res.Report, *outDir)
		if err != nil {
			return err
		}
		files = append(files, rf...)
	}
	cf, err := chart.file(func() (charts.Chart, error) {
		if res.Roster != nil {
			return chartdata.RosterGantt("Roster", req, req.Days(), res.Roster.Assignments, -1), nil
		}
		return chartdata.PlanGantt("Shift plan", req, plan.Shifts, -1), nil
	})
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err // interrupted: write nothing
	}
	if *outDir != "" {
		if err := os.MkdirAll(*outDir, 0o755); err != nil {
			return usageErrorf("-out-dir: %v", err)
		}
	}
	if err := commitOutputs(append(files, cf...)); err != nil {
		return err
	}
	if *asJSON {
		out := app.NewScheduleReport(req, plan)
		out.Roster = res.Report
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	schedWriteText(e.stdout, req, plan)
	if rep := res.Report; rep != nil {
		fmt.Fprintf(e.stdout, "\nRoster: %d agents, %d shifts assigned, %d open\n", rep.Agents, rep.Assigned, rep.Unassigned)
		if rep.Unassigned > 0 {
			fmt.Fprintf(e.stdout, "  with the open shifts unfilled: shortage %.0f and excess %.0f person-minutes, %d intervals short\n",
				rep.ShortageMinutes, rep.ExcessMinutes, rep.ShortIntervals)
		}
		for _, a := range rep.Shortfall {
			fmt.Fprintf(e.stdout, "  %s\n", a.Advice)
		}
	}
	return nil
}

func schedReadTemplates(path string, e env) (schedio.TemplateFile, error) {
	f, err := openInput(path, e)
	if err != nil {
		return schedio.TemplateFile{}, err
	}
	defer f.Close()
	tf, err := schedio.ReadTemplates(f)
	if err != nil {
		return schedio.TemplateFile{}, badInput(path, err)
	}
	return tf, nil
}

// schedWriteText prints the summary and the plan as planners read it: one
// line per distinct shift with its head-count on each day.
func schedWriteText(w io.Writer, req scheduler.Requirements, p scheduler.Plan) {
	people := 0
	for _, s := range p.Shifts {
		people += s.Count
	}
	fmt.Fprintf(w, "Shift plan: %d shifts of %d distinct (start, length) pairs over %d days\n", people, p.DistinctShifts, req.Days())
	fmt.Fprintf(w, "  shortage %.0f and excess %.0f person-minutes, %.1f paid hours\n", p.ShortageMinutes, p.ExcessMinutes, p.PaidHours)
	fmt.Fprintf(w, "  objective %.1f, lower bound %.1f (%s), gap %.2f%% of the objective\n", p.Objective, p.LowerBound, p.BoundKind, shown(100*p.Gap, 100))
	type row struct {
		start, length time.Duration
		tmpl          string
	}
	counts := map[row][]int{}
	var rows []row
	for _, s := range p.Shifts {
		k := row{s.Start, s.Length, s.Template}
		if counts[k] == nil {
			counts[k] = make([]int, req.Days())
			rows = append(rows, k)
		}
		counts[k][s.Day] += s.Count
	}
	sort.Slice(rows, func(i, j int) bool {
		if rows[i].start != rows[j].start {
			return rows[i].start < rows[j].start
		}
		if rows[i].length != rows[j].length {
			return rows[i].length < rows[j].length
		}
		return rows[i].tmpl < rows[j].tmpl
	})
	days := min(req.Days(), 14) // wider grids are unreadable; plan.csv has all
	var b strings.Builder
	b.WriteString("\n  start  end    template    ")
	for d := range days {
		b.WriteString(fmt.Sprintf(" %5s", req.Start.AddDate(0, 0, d).Format("Mon")[:3]))
	}
	fmt.Fprintln(w, b.String())
	for _, r := range rows {
		b.Reset()
		b.WriteString(fmt.Sprintf("  %s  %s  %-11s ", schedio.FormatClock(r.start), schedio.FormatClock((r.start+r.length)%(24*time.Hour)), schedTrunc(r.tmpl, 11)))
		for d := range days {
			b.WriteString(fmt.Sprintf(" %5d", counts[r][d]))
		}
		fmt.Fprintln(w, b.String())
	}
}

func schedTrunc(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// schedBar draws a progress bar on a terminal, at most ten times a second.
type schedBar struct {
	w    io.Writer
	last time.Time
}

// schedProgressBar returns a bar when w is a terminal, nil otherwise (pipes
// and files stay clean).
func schedProgressBar(w io.Writer) *schedBar {
	f, ok := w.(*os.File)
	if !ok {
		return nil
	}
	st, err := f.Stat()
	if err != nil || st.Mode()&os.ModeCharDevice == 0 {
		return nil
	}
	return &schedBar{w: w}
}

func (b *schedBar) update(p app.ScheduleProgress) {
	best := "planning"
	if p.Searched {
		best = fmt.Sprintf("best objective %.0f", p.Objective)
	}
	b.draw(p.Done, best)
}

// scenario draws a scenario command's progress with its note.
func (b *schedBar) scenario(p scenario.Progress) { b.draw(p.Done, schedTrunc(p.Note, 60)) }

// draw draws the bar at done, followed by text.
func (b *schedBar) draw(done float64, text string) {
	if time.Since(b.last) < 100*time.Millisecond {
		return
	}
	b.last = time.Now()
	const width = 30
	n := int(done * width)
	fmt.Fprintf(b.w, "\r[%s%s] %3.0f%%  %s\033[K", strings.Repeat("#", n), strings.Repeat(" ", width-n), 100*done, text)
}

func (b *schedBar) done() { fmt.Fprint(b.w, "\r\033[K") }
