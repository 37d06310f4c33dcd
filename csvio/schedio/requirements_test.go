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

// TestReadRequirementsRejectsAbsurd: defects found by hostile input, each
// named by line and column.
func TestReadRequirementsRejectsAbsurd(t *testing.T) {
	head := "interval_start,queue,required\n"
	half := "2026-01-05T08:00:00Z,a,1\n2026-01-05T08:30:00Z,a,1\n2026-01-05T09:00:00Z,a,1\n"
	tests := []struct {
		name      string
		in        string
		line, col int
		want      error
		text      string
	}{
		{"1e308 agents", head + "2026-01-05T08:00:00Z,a,1e308\n", 2, 3, csvio.ErrTooLarge, "limit of 100000"},
		{"NaN agents", head + "2026-01-05T08:00:00Z,a,NaN\n", 2, 3, csvio.ErrNotNumber, ""},
		{"year-1 row named on its own line", head + half + "0001-01-01T00:00:00Z,a,1\n", 5, 1, csvio.ErrTimeRange, "0001-01-01"},
		{"year 9999", head + "9999-12-31T23:30:00Z,a,1\n" + half, 2, 1, csvio.ErrTimeRange, ""},
		{"a stray row two years on", head + half + "2028-01-05T08:00:00Z,a,1\n", 5, 1, ErrSpan, "limit of 366"},
		{"one mistyped 10:15 is named, the interval stays 30m", head + half + "2026-01-05T09:30:00Z,a,1\n2026-01-05T10:15:00Z,a,1\n2026-01-05T10:30:00Z,a,1\n", 6, 1, ErrGrid, "30m grid"},
		{"bare quote names its field", head + "2026-01-05T08:00:00Z,\"a\"x,1\n", 2, 2, csvio.ErrSyntax, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadRequirements(strings.NewReader(tt.in), "")
			var pe *csvio.ParseError
			if !errors.As(err, &pe) || !errors.Is(err, tt.want) || pe.Line != tt.line || pe.Column != tt.col {
				t.Fatalf("err = %v, want %v at line %d column %d", err, tt.want, tt.line, tt.col)
			}
			if !strings.Contains(err.Error(), tt.text) {
				t.Errorf("error %q lacks %q", err, tt.text)
			}
		})
	}
	// An hourly queue beside a half-hourly one: the error names both.
	mixed := head + half + "2026-01-05T08:00:00Z,b,1\n2026-01-05T09:00:00Z,b,1\n2026-01-05T10:00:00Z,b,1\n"
	_, err := ReadRequirements(strings.NewReader(mixed), "")
	if !errors.Is(err, csvio.ErrIntervalQueues) || !strings.Contains(err.Error(), `"a"`) || !strings.Contains(err.Error(), `"b"`) {
		t.Errorf("hourly beside half-hourly: err %v, want ErrIntervalQueues naming a and b", err)
	}
}

func FuzzReadRequirementsIn(f *testing.F) {
	f.Add("interval_start,queue,required\n2026-11-01T01:00:00,a,3\n2026-11-01T01:00:00,a,2\n2026-11-01T01:30:00-05:00,a,1\n")
	f.Add("interval_start,required\n2026-03-08T02:30:00,1\n2026-03-08T03:00:00,1\n")
	f.Add("interval_start,required\n2026-03-08 01:00,0\n2026-03-09T09:00:00Z,1e5\n")
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, in string) {
		req, err := ReadRequirementsIn(strings.NewReader(in), "", ny)
		if err != nil {
			return
		}
		if verr := req.Validate(); verr != nil {
			t.Fatalf("accepted invalid requirements: %v", verr)
		}
		if req.Start.Location() != ny || req.Days() > MaxDays {
			t.Fatalf("start %v, %d days", req.Start, req.Days())
		}
	})
}
