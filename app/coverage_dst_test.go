package app

import (
	"strings"
	"testing"
	"time"
	_ "time/tzdata"

	"github.com/staffcast/staffcast/scheduler"
)

// TestCoverageReportAcrossClockChange: the report's interval starts are local
// wall-clock slots with the offset in force, and the hour the clock skips on
// 8 March 2026 in New York is left out, as coverage.csv does.
func TestCoverageReportAcrossClockChange(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	req := scheduler.Requirements{Start: time.Date(2026, 3, 7, 0, 0, 0, 0, ny), Interval: time.Hour, Required: make([]float64, 48)}
	req.Required[24+9] = 1 // Sunday 09:00 local
	rep, err := Coverage(t.Context(), req, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Intervals) != 47 {
		t.Fatalf("%d intervals, want 47 (02:00 on 8 March does not exist)", len(rep.Intervals))
	}
	for _, iv := range rep.Intervals {
		if strings.HasPrefix(iv.Start, "2026-03-08T02:") {
			t.Errorf("skipped hour reported: %s", iv.Start)
		}
		if iv.Required == 1 && iv.Start != "2026-03-08T09:00:00-04:00" {
			t.Errorf("Sunday 09:00 need reported at %s, want 2026-03-08T09:00:00-04:00", iv.Start)
		}
	}
	if first := rep.Intervals[0].Start; first != "2026-03-07T00:00:00-05:00" {
		t.Errorf("first interval %s, want 2026-03-07T00:00:00-05:00", first)
	}
}

// TestCoverageTotalsAcrossClockChange: a shift from 01:00 to 03:30 on the
// night New York skips 02:00-03:00 lasts 1.5 hours, so with nothing
// required it is 90 minutes over, not 150: the totals leave out the slots
// the clock skips, as the intervals do, and add up with them.
func TestCoverageTotalsAcrossClockChange(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	req := scheduler.Requirements{Start: time.Date(2026, 3, 8, 0, 0, 0, 0, ny), Interval: 30 * time.Minute, Required: make([]float64, 48)}
	shift := scheduler.Shift{Day: 0, Start: time.Hour, Length: 150 * time.Minute}
	rep, err := Coverage(t.Context(), req, []scheduler.PlannedShift{{Shift: shift, Count: 1}})
	if err != nil {
		t.Fatal(err)
	}
	listed := 0.0
	for _, iv := range rep.Intervals {
		listed += iv.Difference * rep.IntervalMinutes
	}
	if rep.ExcessMinutes != 90 || listed != 90 || rep.ShortageMinutes != 0 {
		t.Errorf("excess %v (intervals %v), shortage %v; want 90, 90, 0", rep.ExcessMinutes, listed, rep.ShortageMinutes)
	}
}
