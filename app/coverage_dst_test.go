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
