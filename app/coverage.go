package app

import (
	"context"
	"time"

	"github.com/staffcast/staffcast/csvio/schedio"
	"github.com/staffcast/staffcast/scheduler"
)

// CoverageReport is the coverage of planned shifts against requirements as
// "coverage -json" prints it (and the API returns it). Minutes are
// person-minutes, rounded to 4 decimals.
type CoverageReport struct {
	IntervalMinutes float64 `json:"interval_minutes"`
	// Shifts and ShiftsOutside are set by the caller that knows the
	// shifts' source (AddOutside): their number and how many were cut at
	// either end of the horizon or lie outside it. OutsideMinutes is what
	// those shifts work outside it, so that every shift's working minutes
	// are its covered, excess and outside minutes.
	Shifts          int                `json:"shifts"`
	ShiftsOutside   int                `json:"shifts_outside_horizon"`
	ShortageMinutes float64            `json:"shortage_minutes"`
	ExcessMinutes   float64            `json:"excess_minutes"`
	OutsideMinutes  float64            `json:"outside_minutes"`
	ShortIntervals  int                `json:"short_intervals"`
	Intervals       []CoverageInterval `json:"intervals"`
	// Coverage is the unrounded measure (schedio.WriteCoverage writes it).
	Coverage scheduler.Coverage `json:"-"`
}

// AddOutside records the roster's size, and what of it the placement on
// the horizon left out (shifts cut or outside, and the minutes they work
// before the horizon or entirely outside it; the minutes past its end of
// the shifts it kept are in already).
func (r *CoverageReport) AddOutside(shifts, outsideShifts int, outsideMinutes float64) {
	r.Shifts, r.ShiftsOutside = shifts, outsideShifts
	r.OutsideMinutes = round4(r.Coverage.Outside + outsideMinutes)
}

// CoverageInterval is one slot: required and scheduled agents.
type CoverageInterval struct {
	Start      string  `json:"interval_start"` // RFC 3339, as schedio.WriteCoverage writes it
	Required   float64 `json:"required"`
	Scheduled  float64 `json:"scheduled"`
	Difference float64 `json:"difference"`
}

// Coverage measures planned shifts against requirements (scheduler.Cover)
// and reports every interval. Invalid requirements are Invalid; a ctx that
// ended is Canceled.
func Coverage(ctx context.Context, req scheduler.Requirements, planned []scheduler.PlannedShift) (CoverageReport, error) {
	if err := ctx.Err(); err != nil {
		return CoverageReport{}, Wrap(Canceled, "coverage", err)
	}
	if err := req.Validate(); err != nil {
		return CoverageReport{}, &Error{Kind: Invalid, Op: "coverage", Err: err}
	}
	c := scheduler.Cover(req, planned)
	t := TotalsOf(req, c.Scheduled)
	rep := CoverageReport{
		IntervalMinutes: req.Interval.Minutes(),
		ShortageMinutes: round4(t.ShortageMinutes),
		ExcessMinutes:   round4(t.ExcessMinutes),
		OutsideMinutes:  round4(c.Outside),
		ShortIntervals:  t.ShortIntervals,
		Coverage:        c,
	}
	for i, need := range req.Required {
		sched := round4(c.Scheduled[i])
		// Slots are local wall-clock times: a slot the clock skips (spring
		// forward) is left out, as coverage.csv does.
		t, ok := schedio.SlotTime(req, i)
		if !ok {
			continue
		}
		rep.Intervals = append(rep.Intervals, CoverageInterval{t.Format(time.RFC3339), need, sched, round4(sched - need)})
	}
	return rep, nil
}

// CoverageTotals are a coverage's totals over the slots that exist: its
// shortage and excess in person-minutes, its short slots and how many
// slots there are.
type CoverageTotals struct {
	ShortageMinutes, ExcessMinutes float64
	ShortIntervals, Intervals      int
}

// TotalsOf sums the people scheduled in each slot of req (one value a
// slot) against its requirement, leaving out the slots a clock change
// skips (spring forward): they last no time, so a shift across one puts no
// excess there, as the intervals listed (which leave them out too) show. A
// slot is short when its coverage, to 4 decimals, is below its
// requirement. Coverage reports and the API's staffing charts share it.
func TotalsOf(req scheduler.Requirements, scheduled []float64) CoverageTotals {
	var t CoverageTotals
	slotMin := req.Interval.Minutes()
	for i, need := range req.Required {
		if _, ok := schedio.SlotTime(req, i); !ok {
			continue
		}
		t.Intervals++
		switch d := scheduled[i] - need; {
		case d < 0:
			t.ShortageMinutes -= d * slotMin
		default:
			t.ExcessMinutes += d * slotMin
		}
		if round4(scheduled[i]) < need {
			t.ShortIntervals++
		}
	}
	return t
}
