package app

import (
	"testing"
	"time"
)

// TestRosterShiftProblem: a shift the store would refuse says why, so a
// schedule job can refuse its roster before it stores its plan.
func TestRosterShiftProblem(t *testing.T) {
	at := func(h, m int) time.Time { return time.Date(2026, 3, 8, h, m, 0, 0, time.UTC) }
	for _, c := range []struct {
		name  string
		shift RosterShift
		want  string
	}{
		{"fine", RosterShift{Start: at(8, 0), End: at(16, 0), Breaks: []TimeRange{{at(12, 0), at(12, 30)}}}, ""},
		{"no start", RosterShift{End: at(16, 0)}, "end must be after start"},
		{"ends at its start", RosterShift{Start: at(8, 0), End: at(8, 0)}, "end must be after start"},
		{"empty break", RosterShift{Start: at(8, 0), End: at(16, 0), Breaks: []TimeRange{{at(12, 0), at(12, 0)}}}, "a break lies outside the shift or is empty"},
		{"reversed break", RosterShift{Start: at(8, 0), End: at(16, 0), Breaks: []TimeRange{{at(12, 30), at(12, 0)}}}, "a break lies outside the shift or is empty"},
		{"break after the end", RosterShift{Start: at(8, 0), End: at(16, 0), Breaks: []TimeRange{{at(15, 45), at(16, 15)}}}, "a break lies outside the shift or is empty"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := c.shift.Problem(); got != c.want {
				t.Errorf("Problem() = %q, want %q", got, c.want)
			}
		})
	}
}
