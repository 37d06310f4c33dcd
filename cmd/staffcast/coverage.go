package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"time"

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
	req, err := readRequirementsFile(*reqPath, *column, tz, e)
	if err != nil {
		return err
	}
	req.Cyclic = *cyclic
	shifts, err := readShiftsFile(*shiftsPath, e)
	if err != nil {
		return err
	}
	planned, outside := hrio.Planned(shifts, req, tz)
	rep := coverageOf(req, planned)
	rep.Shifts, rep.ShiftsOutside = len(shifts), outside

	if *out != "" {
		if err := writeOutput(*out, e, func(w io.Writer) error { return schedio.WriteCoverage(w, req, rep.Coverage) }); err != nil {
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
		rep.printSummary(e.stderr)
	default:
		rep.printSummary(e.stdout)
	}
	return nil
}

// readRequirementsFile reads requirements as wall-clock slots in loc (nil:
// the first row's UTC offset, as before -tz existed).
func readRequirementsFile(path, column string, loc *time.Location, e env) (scheduler.Requirements, error) {
	f, err := openInput(path, e)
	if err != nil {
		return scheduler.Requirements{}, err
	}
	defer f.Close()
	req, err := schedio.ReadRequirementsIn(f, column, loc)
	return req, badInput(path, err)
}

// loadTZ loads the -tz flag's zone; "" is nil (no zone given).
func loadTZ(name string) (*time.Location, error) {
	if name == "" {
		return nil, nil
	}
	if name == "Local" {
		return nil, usageErrorf("-tz: give an IANA zone name such as Europe/Paris, not %q", name)
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, usageErrorf("-tz: unknown time zone %q", name)
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

// coverageReport is what "coverage --json" prints.
type coverageReport struct {
	IntervalMinutes float64 `json:"interval_minutes"`
	Shifts          int     `json:"shifts"`
	// ShiftsOutside counts shifts cut at the horizon's start or left out
	// after its end.
	ShiftsOutside   int                `json:"shifts_outside_horizon"`
	ShortageMinutes float64            `json:"shortage_minutes"`
	ExcessMinutes   float64            `json:"excess_minutes"`
	OutsideMinutes  float64            `json:"outside_minutes"`
	ShortIntervals  int                `json:"short_intervals"`
	Intervals       []coverageInterval `json:"intervals"`
	Coverage        scheduler.Coverage `json:"-"`
}

type coverageInterval struct {
	Start      string  `json:"interval_start"`
	Required   float64 `json:"required"`
	Scheduled  float64 `json:"scheduled"`
	Difference float64 `json:"difference"`
}

func coverageOf(req scheduler.Requirements, planned []scheduler.PlannedShift) coverageReport {
	c := scheduler.Cover(req, planned)
	rep := coverageReport{
		IntervalMinutes: req.Interval.Minutes(),
		ShortageMinutes: round4(c.ShortageMinutes),
		ExcessMinutes:   round4(c.ExcessMinutes),
		OutsideMinutes:  round4(c.Outside),
		Coverage:        c,
	}
	for i, need := range req.Required {
		sched := round4(c.Scheduled[i])
		if sched < need {
			rep.ShortIntervals++
		}
		rep.Intervals = append(rep.Intervals, coverageInterval{intervalStart(req, i), need, sched, round4(sched - need)})
	}
	return rep
}

func (r coverageReport) printSummary(w io.Writer) {
	fmt.Fprintf(w, "shifts: %d (%d cut or outside the horizon)\n", r.Shifts, r.ShiftsOutside)
	fmt.Fprintf(w, "shortage: %.0f person-minutes in %d of %d intervals\n", r.ShortageMinutes, r.ShortIntervals, len(r.Intervals))
	fmt.Fprintf(w, "excess: %.0f person-minutes\n", r.ExcessMinutes)
}

// intervalStart is slot i's start, as schedio.WriteCoverage writes it.
func intervalStart(req scheduler.Requirements, i int) string {
	return req.Start.Add(time.Duration(i) * req.Interval).Format(time.RFC3339)
}

func round4(v float64) float64 {
	r := math.Round(v*1e4) / 1e4
	if r == 0 {
		return 0 // never "-0"
	}
	return r
}
