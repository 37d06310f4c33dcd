package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"time"

	"github.com/staffcast/staffcast/app"
	"github.com/staffcast/staffcast/charts"
	"github.com/staffcast/staffcast/csvio/hrio"
	"github.com/staffcast/staffcast/csvio/schedio"
	"github.com/staffcast/staffcast/scheduler"
)

// runCoverage measures an imported roster (the existing-shifts CSV, or a
// roster.csv written by schedule) against interval requirements.
func runCoverage(ctx context.Context, args []string, e env) error {
	fs := newFlags("coverage", e)
	reqPath := fs.String("requirements", "", "interval requirements CSV (interval_start,[queue,]required); - is stdin")
	shiftsPath := fs.String("shifts", "", "shifts CSV: agent_id,date,start,end[,break_start,break_end][,breaks]; - is stdin")
	column := fs.String("column", schedio.DefaultColumn, "requirements column to read (scheduled_agents reads staff output)")
	tzName := fs.String("tz", "", "IANA time zone of the requirements' and shifts' wall-clock times, e.g. Europe/Paris (default: the requirements' own clock, that is their first row's UTC offset)")
	cyclic := fs.Bool("cyclic", false, "the requirements are a repeating week: shifts past the last day cover the first")
	asJSON := fs.Bool("json", false, "print totals and intervals as JSON")
	out := fs.String("out", "", "write the per-interval CSV (interval_start,required,scheduled,difference) to this file")
	chart := addChartFlag(fs, "the requirement against the agents on shift, shortage and excess shaded")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := requireFlag("requirements", *reqPath); err != nil {
		return err
	}
	if err := requireFlag("shifts", *shiftsPath); err != nil {
		return err
	}
	if *reqPath == "-" && *shiftsPath == "-" {
		return usageErrorf("only one of -requirements and -shifts can be standard input")
	}
	tz, err := loadTZ(*tzName)
	if err != nil {
		return err
	}
	req, err := readRequirementsFile("coverage", *reqPath, *column, tz, e)
	if err != nil {
		return err
	}
	req.Cyclic = *cyclic
	shifts, err := readShiftsFile(*shiftsPath, e)
	if err != nil {
		return err
	}
	planned, outside := hrio.Planned(shifts, req, tz)
	rep, err := app.Coverage(ctx, req, planned)
	if err != nil {
		return badInput(*reqPath, errors.Unwrap(err))
	}
	rep.AddOutside(len(shifts), outside.Shifts, outside.Minutes)

	build := func() (charts.Chart, error) { return coverageChart(req, rep, *column, *shiftsPath), nil }
	if *out != "" {
		if err := writeWithChart(*out, e, func(w io.Writer) error { return schedio.WriteCoverage(w, req, rep.Coverage) }, chart, build); err != nil {
			return err
		}
	} else {
		files, err := chart.file(build)
		if err != nil {
			return err
		}
		if err := commitOutputs(files); err != nil {
			return err
		}
	}
	switch {
	case *asJSON:
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	case *out == "":
		if err := schedio.WriteCoverage(e.stdout, req, rep.Coverage); err != nil {
			return err
		}
		printCoverageSummary(e.stderr, rep)
	default:
		printCoverageSummary(e.stdout, rep)
	}
	return nil
}

// coverageChart is the staffing chart of requirements (read from column)
// against the shifts of an imported roster.
func coverageChart(req scheduler.Requirements, rep app.CoverageReport, column, shiftsPath string) charts.Staffing {
	st := charts.Staffing{Location: req.Start.Location(), Interval: req.Interval, ScheduledName: "on shift in " + filepath.Base(shiftsPath)}
	var need, sched []float64
	for i, r := range req.Required {
		t, ok := schedio.SlotTime(req, i)
		if !ok {
			continue
		}
		st.Starts = append(st.Starts, t)
		need = append(need, r)
		sched = append(sched, rep.Coverage.Scheduled[i])
	}
	if column == "agents" {
		st.Net = need
	} else {
		st.Gross = need
	}
	st.Scheduled = sched
	return st
}

// readRequirementsFile reads requirements as wall-clock slots in loc (nil:
// the first row's UTC offset, as before -tz existed).
// Without a zone, rows whose UTC offset changes are a warning on stderr
// naming the line and suggesting -tz: the first row's offset is used
// throughout, as before, which keeps files in one fixed offset working,
// but every time after the change is off the local clock. In a file with
// a queue column each queue's rows are followed on their own: a clock
// change names the queue (and the others whose offsets change), and
// queues written at different offsets, none changing, name both.
func readRequirementsFile(cmd, path, column string, loc *time.Location, e env) (scheduler.Requirements, error) {
	f, err := openInput(path, e)
	if err != nil {
		return scheduler.Requirements{}, err
	}
	defer f.Close()
	req, offs, err := schedio.ReadRequirementsChecked(f, column, loc)
	if err != nil {
		return req, badInput(path, err)
	}
	if c := offs.Change; c != nil {
		name := path
		if name == "-" {
			name = "stdin"
		}
		readAt := offs.First.Format("-07:00")
		var w string
		if changed := offs.Changed(); len(changed) > 0 {
			c = changed[0].Change
			tz := "the queue's IANA zone"
			if z := zoneOf(c.First, c.At); z != "" {
				tz = z + ", or the queue's own zone"
			}
			w = fmt.Sprintf("line %d (interval_start): the UTC offset%s changes from %s (line %d) to %s%s; without -tz every time is read at %s, so the times from this line on are %s off the local clock (give -tz %s)",
				c.Line, ofQueue(c.Queue), c.First.Format("-07:00"), c.FirstLine, c.At.Format("-07:00"), alsoChanged(changed[1:]), readAt,
				shiftText(time.Duration(offset(c.At)-offset(offs.First))*time.Second), tz)
		} else { // queues written at different offsets, each its own
			w = fmt.Sprintf("line %d (interval_start): queue %q is written at UTC offset %s, queue %q (line %d) at %s; without -tz every time is read at %s, so the times of queue %q are %s off its local clock (give -tz the queues' IANA zone, or plan each queue from a file of its own)",
				c.Line, c.Queue, c.At.Format("-07:00"), c.FirstQueue, c.FirstLine, readAt, readAt, c.Queue, shiftText(c.Shift()))
		}
		fmt.Fprintf(e.stderr, "staffcast %s: %s: warning: %s\n", cmd, name, w)
	}
	return req, nil
}

// shiftText is a signed offset difference such as "1h" or "30m".
func shiftText(d time.Duration) string {
	if d < 0 {
		d = -d
	}
	return shortDuration(d)
}

// dstZones are zones with clock changes that zoneOf tries, in order.
var dstZones = []string{"America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles", "America/Halifax",
	"America/Anchorage", "Europe/London", "Europe/Paris", "Europe/Athens", "Asia/Jerusalem", "Australia/Sydney",
	"Australia/Adelaide", "Australia/Lord_Howe", "Pacific/Auckland", "America/Santiago"}

// zoneOf names a zone among dstZones whose UTC offsets at a and b are
// theirs, or "" if none does (or no zone database is at hand).
func zoneOf(a, b time.Time) string {
	_, oa := a.Zone()
	_, ob := b.Zone()
	for _, name := range dstZones {
		loc, err := time.LoadLocation(name)
		if err != nil {
			continue
		}
		if _, za := a.In(loc).Zone(); za == oa {
			if _, zb := b.In(loc).Zone(); zb == ob {
				return name
			}
		}
	}
	return ""
}

// loadTZ loads the -tz flag's zone; "" is nil (no zone given). "Local" is
// refused, as the API refuses it for a queue: it is the machine's zone,
// so the same command would mean another clock on another machine.
func loadTZ(name string) (*time.Location, error) {
	if name == "" {
		return nil, nil
	}
	if name == "Local" {
		return nil, usageErrorf("-tz: give an IANA zone name such as Europe/Paris, not %q", name)
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, usageErrorf("-tz: unknown time zone %q (use an IANA name like Europe/Paris)", name)
	}
	return loc, nil
}

func readShiftsFile(path string, e env) ([]hrio.Shift, error) {
	f, err := openInput(path, e)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	s, err := hrio.ReadShifts(f)
	return s, badInput(path, err)
}

// printCoverageSummary prints the totals of a coverage report.
func printCoverageSummary(w io.Writer, r app.CoverageReport) {
	fmt.Fprintf(w, "shifts: %d (%d cut or outside the horizon)\n", r.Shifts, r.ShiftsOutside)
	fmt.Fprintf(w, "shortage: %.0f person-minutes in %d of %d intervals\n", r.ShortageMinutes, r.ShortIntervals, len(r.Intervals))
	fmt.Fprintf(w, "excess: %.0f person-minutes\n", r.ExcessMinutes)
}
