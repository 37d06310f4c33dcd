package schedio

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/staffcast/staffcast/csvio"
)

func TestReadRequirements(t *testing.T) {
	in := "interval_start,queue,scheduled_agents,required\n" +
		"2026-01-05T08:00:00Z,a,3,1\n" +
		"2026-01-05T08:00:00Z,b,2,1\n" +
		"2026-01-06T23:00:00Z,a,4,1\n"
	req, err := ReadRequirements(strings.NewReader(in), "Scheduled_Agents")
	if err != nil {
		t.Fatal(err)
	}
	if req.Interval != time.Hour || req.Days() != 2 || len(req.Required) != 48 {
		t.Fatalf("interval %v days %d len %d", req.Interval, req.Days(), len(req.Required))
	}
	if req.Required[8] != 5 || req.Required[47] != 4 || req.Required[9] != 0 {
		t.Errorf("required = %v", req.Required)
	}
	if !req.Start.Equal(time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("start = %v", req.Start)
	}
}

func TestReadRequirementsErrors(t *testing.T) {
	tests := []struct {
		name, in  string
		line, col int
		want      error
	}{
		{"missing column", "interval_start,queue\n2026-01-05T08:00:00Z,a\n", 1, 0, csvio.ErrMissingColumn},
		{"empty", "interval_start,required\n", 1, 0, ErrNoRows},
		{"negative", "interval_start,required\n2026-01-05T08:00:00Z,1\n2026-01-05T08:30:00Z,-1\n", 3, 2, csvio.ErrNegative},
		{"bad time", "interval_start,required\n2026-01-05 8h,1\n", 2, 1, csvio.ErrBadTime},
		{"duplicate", "interval_start,required\n2026-01-05T08:00:00Z,1\n2026-01-05T08:00:00Z,1\n", 3, 1, csvio.ErrDuplicate},
		{"off grid", "interval_start,required\n2026-01-05T08:00:00Z,1\n2026-01-05T09:00:00Z,1\n2026-01-05T10:31:00Z,1\n", 4, 1, ErrGrid},
		{"interval", "interval_start,required\n2026-01-05T08:00:00Z,1\n2026-01-05T08:00:30Z,1\n", 3, 1, ErrGrid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadRequirements(strings.NewReader(tt.in), "")
			var pe *csvio.ParseError
			if !errors.As(err, &pe) || !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want ParseError wrapping %v", err, tt.want)
			}
			if pe.Line != tt.line || pe.Column != tt.col {
				t.Errorf("at line %d column %d, want %d, %d (%v)", pe.Line, pe.Column, tt.line, tt.col, err)
			}
		})
	}
}

func FuzzReadRequirements(f *testing.F) {
	f.Add("interval_start,queue,required\n2026-01-05T08:00:00Z,a,3\n2026-01-05T08:30:00+01:00,a,2\n")
	f.Add("interval_start,required\n2026-01-05T00:00:00Z,1e3\n")
	f.Add("interval_start,required\n\"2026-01-05T00:00:00Z\",\"x\n")
	f.Fuzz(func(t *testing.T, in string) {
		req, err := ReadRequirements(strings.NewReader(in), "")
		if err != nil {
			return
		}
		if verr := req.Validate(); verr != nil {
			t.Fatalf("accepted invalid requirements: %v", verr)
		}
	})
}
