package hrio

import (
	"errors"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // the New York tests run, never skip, without system zoneinfo

	"github.com/staffcast/staffcast/csvio"
	"github.com/staffcast/staffcast/scheduler"
)

// TestReadShiftsInZone: an existing roster's dates and times are wall
// clock in the planning zone, on both 2026 New York clock changes.
func TestReadShiftsInZone(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	head := "agent_id,date,start,end,breaks\n"
	tests := []struct {
		name       string
		body       string
		start, end string // RFC 3339 of the first shift
		hours      time.Duration
		err        error
		line, col  int
	}{
		{"day shift before spring forward", "A,2026-03-07,09:00,17:00,\n", "2026-03-07T09:00:00-05:00", "2026-03-07T17:00:00-05:00", 8 * time.Hour, nil, 0, 0},
		{"day shift after spring forward", "A,2026-03-09,09:00,17:00,\n", "2026-03-09T09:00:00-04:00", "2026-03-09T17:00:00-04:00", 8 * time.Hour, nil, 0, 0},
		{"night over spring forward is 7 hours", "A,2026-03-07,22:00,06:00,\n", "2026-03-07T22:00:00-05:00", "2026-03-08T06:00:00-04:00", 7 * time.Hour, nil, 0, 0},
		{"night over fall back is 9 hours", "A,2026-10-31,22:00,06:00,\n", "2026-10-31T22:00:00-04:00", "2026-11-01T06:00:00-05:00", 9 * time.Hour, nil, 0, 0},
		{"day shift after fall back", "A,2026-11-02,09:00,17:00,\n", "2026-11-02T09:00:00-05:00", "2026-11-02T17:00:00-05:00", 8 * time.Hour, nil, 0, 0},
		// A reading the clock skips falls an hour later on the new clock,
		// as the roster's calendars place it, so a written roster reads
		// back (the API's coverage import refused these).
		{"start in the skipped hour", "A,2026-03-08,02:30,10:00,\n", "2026-03-08T03:30:00-04:00", "2026-03-08T10:00:00-04:00", 6*time.Hour + 30*time.Minute, nil, 0, 0},
		{"start at the skipped 02:00", "A,2026-03-08,02:00,10:00,\n", "2026-03-08T03:00:00-04:00", "2026-03-08T10:00:00-04:00", 7 * time.Hour, nil, 0, 0},
		{"end in the skipped hour", "A,2026-03-07,18:00,02:30,\n", "2026-03-07T18:00:00-05:00", "2026-03-08T03:30:00-04:00", 8*time.Hour + 30*time.Minute, nil, 0, 0},
		{"break in the skipped hour", "A,2026-03-07,22:00,06:00,02:00-02:30\n", "2026-03-07T22:00:00-05:00", "2026-03-08T06:00:00-04:00", 7 * time.Hour, nil, 0, 0},
		{"date year 1", "A,0001-01-01,09:00,17:00,\n", "", "", 0, csvio.ErrTimeRange, 2, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ReadShiftsIn(strings.NewReader(head+tt.body), ny)
			if tt.err != nil {
				var pe *csvio.ParseError
				if !errors.Is(err, tt.err) || !errors.As(err, &pe) || pe.Line != tt.line || pe.Column != tt.col {
					t.Fatalf("err %v, want %v at line %d column %d", err, tt.err, tt.line, tt.col)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			s := got[0]
			if s.Location != ny || s.StartTime().Format(time.RFC3339) != tt.start || s.EndTime().Format(time.RFC3339) != tt.end {
				t.Errorf("shift %s to %s, want %s to %s", s.StartTime().Format(time.RFC3339), s.EndTime().Format(time.RFC3339), tt.start, tt.end)
			}
			if d := s.EndTime().Sub(s.StartTime()); d != tt.hours {
				t.Errorf("lasts %v, want %v", d, tt.hours)
			}
		})
	}
}

// TestReadShiftsOverlapInRealTime: on the night clocks go back, a shift
// 21:00-01:30 and one from 01:00 overlap in real time (wall-clock times
// in the repeated hour are read as their first occurrence).
func TestReadShiftsOverlapInRealTime(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	in := "agent_id,date,start,end\nA,2026-10-31,21:00,01:30\nA,2026-11-01,01:00,05:00\n"
	if _, err := ReadShiftsIn(strings.NewReader(in), ny); !errors.Is(err, ErrOverlap) {
		t.Errorf("err %v, want ErrOverlap", err)
	}
	ok := "agent_id,date,start,end\nA,2026-10-31,21:00,01:00\nA,2026-11-01,02:00,05:00\n"
	if _, err := ReadShiftsIn(strings.NewReader(ok), ny); err != nil {
		t.Errorf("back-to-back shifts: %v", err)
	}
}

// TestPlannedUsesShiftZone: shifts read in New York land on the wall-clock
// slots of requirements planned in New York, on both sides of the change.
func TestPlannedUsesShiftZone(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	shifts, err := ReadShiftsIn(strings.NewReader("agent_id,date,start,end\nA,2026-03-07,09:00,17:00\nA,2026-03-09,09:00,17:00\n"), ny)
	if err != nil {
		t.Fatal(err)
	}
	req := scheduler.Requirements{Start: time.Date(2026, 3, 7, 0, 0, 0, 0, ny), Interval: time.Hour, Required: make([]float64, 72)}
	planned, outside := Planned(shifts, req, nil)
	if outside.Shifts != 0 || len(planned) != 2 {
		t.Fatalf("planned %+v, %+v outside", planned, outside)
	}
	for i, want := range []int{0, 2} {
		p := planned[i]
		if p.Day != want || p.Start != 9*time.Hour || p.Length != 8*time.Hour {
			t.Errorf("shift %d on day %d at %v for %v, want day %d 09:00 for 8h", i, p.Day, p.Start, p.Length, want)
		}
	}
}

func FuzzReadShiftsIn(f *testing.F) {
	f.Add("agent_id,date,start,end,breaks\nA,2026-03-07,22:00,06:00,02:00-02:30\n")
	f.Add("agent_id,date,start,end\nA,2026-10-31,21:00,01:30\nA,2026-11-01,01:00,05:00\n")
	f.Add("agent_id,date,start,end\nA,2026-03-08,02:30,24:00\n")
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, in string) {
		shifts, err := ReadShiftsIn(strings.NewReader(in), ny)
		if err != nil {
			var pe *csvio.ParseError
			if !errors.As(err, &pe) || pe.Line < 1 {
				t.Fatalf("error %v is not positioned", err)
			}
			return
		}
		for _, s := range shifts {
			if !s.EndTime().After(s.StartTime()) {
				t.Fatalf("shift on line %d ends %v, not after its start %v", s.Line, s.EndTime(), s.StartTime())
			}
		}
	})
}

// TestPlannedAtTheCalendarsInstants: coverage (Planned) places a shift or
// break in the hour a clock change skips where Shift's times and the
// calendars do, an hour later on the new clock (it counted a 02:30 start
// from 03:00, 7 h where the calendar shows 6.5 h), and a break that lies
// in the skipped hour takes no time (it was a reversed span, 03:30-03:00).
func TestPlannedAtTheCalendarsInstants(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	req := scheduler.Requirements{Start: time.Date(2026, 3, 8, 0, 0, 0, 0, ny), Interval: 30 * time.Minute, Required: make([]float64, 48)}
	head := "agent_id,date,start,end,breaks\n"
	for _, c := range []struct {
		name        string
		row         string
		start, end  time.Duration // on the day's wall clock
		breaks      []scheduler.Break
		workMinutes float64
	}{
		{"start at 02:30", "A,2026-03-08,02:30,10:00,", 3*time.Hour + 30*time.Minute, 10 * time.Hour, nil, 390},
		{"start at 02:00", "A,2026-03-08,02:00,10:00,", 3 * time.Hour, 10 * time.Hour, nil, 420},
		{"end at 02:30", "A,2026-03-08,00:00,02:30,", 0, 3*time.Hour + 30*time.Minute, nil, 150},
		{"break in the skipped hour", "A,2026-03-08,00:00,06:00,02:30-03:00", 0, 6 * time.Hour, nil, 300},
		{"break across it", "A,2026-03-08,00:00,06:00,01:45-02:15", 0, 6 * time.Hour,
			[]scheduler.Break{{Start: time.Hour + 45*time.Minute, Length: 90 * time.Minute}}, 270},
	} {
		t.Run(c.name, func(t *testing.T) {
			shifts, err := ReadShiftsIn(strings.NewReader(head+c.row+"\n"), ny)
			if err != nil {
				t.Fatal(err)
			}
			planned, _ := Planned(shifts, req, ny)
			if len(planned) != 1 {
				t.Fatalf("%d planned shifts", len(planned))
			}
			p := planned[0].Shift
			if p.Start != c.start || p.Start+p.Length != c.end || len(p.Breaks) != len(c.breaks) {
				t.Fatalf("planned %v-%v with breaks %v, want %v-%v with %v", p.Start, p.Start+p.Length, p.Breaks, c.start, c.end, c.breaks)
			}
			for i, b := range c.breaks {
				if p.Breaks[i].Start != b.Start || p.Breaks[i].Length != b.Length {
					t.Errorf("break %v, want %v", p.Breaks[i], b)
				}
			}
			// What the calendar shows: the shift's instants less its breaks.
			s := shifts[0]
			work := s.EndTime().Sub(s.StartTime())
			for _, b := range s.Breaks {
				from, to := s.BreakTime(b)
				if to.Before(from) {
					t.Fatalf("break %v placed backwards: %v to %v", b, from, to)
				}
				work -= to.Sub(from)
			}
			if work.Minutes() != c.workMinutes {
				t.Errorf("the calendar's shift works %v minutes, want %v", work.Minutes(), c.workMinutes)
			}
		})
	}
}
