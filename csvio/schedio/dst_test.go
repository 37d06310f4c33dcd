package schedio

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // the New York tests run, never skip, without system zoneinfo

	"github.com/staffcast/staffcast/csvio"
	"github.com/staffcast/staffcast/scheduler"
)

func newYork(t *testing.T) *time.Location {
	t.Helper()
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	return ny
}

// officeWeek writes requirements as "staffcast staff" does (RFC 3339 with
// the offset in force, closed hours left out): 3 agents every half hour
// from 09:00 to 17:00 New York time on 7 days from first.
func officeWeek(first time.Time, ny *time.Location) string {
	var b strings.Builder
	b.WriteString("interval_start,queue,scheduled_agents\n")
	for d := 0; d < 7; d++ {
		for m := 9 * 60; m < 17*60; m += 30 {
			at := time.Date(first.Year(), first.Month(), first.Day()+d, 0, m, 0, 0, ny)
			fmt.Fprintf(&b, "%s,sales,3\n", at.Format(time.RFC3339))
		}
	}
	return b.String()
}

// TestRequirementsAcrossClockChanges: a week needing 09:00-17:00 New York
// time needs 09:00-17:00 on the wall clock every day, before and after
// both 2026 clock changes (8 March, 1 November), and coverage.csv prints
// each slot with the offset in force then.
func TestRequirementsAcrossClockChanges(t *testing.T) {
	ny := newYork(t)
	tests := []struct {
		name          string
		first         time.Time
		change        int // day index of the change
		before, after string
		changeDayRows int
	}{
		{"spring forward 8 March 2026", time.Date(2026, 3, 5, 0, 0, 0, 0, ny), 3, "-05:00", "-04:00", 46},
		{"fall back 1 November 2026", time.Date(2026, 10, 29, 0, 0, 0, 0, ny), 3, "-04:00", "-05:00", 48},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, err := ReadRequirementsIn(strings.NewReader(officeWeek(tt.first, ny)), "scheduled_agents", ny)
			if err != nil {
				t.Fatal(err)
			}
			if req.Interval != 30*time.Minute || req.Days() != 7 || !req.Start.Equal(tt.first) || req.Start.Location() != ny {
				t.Fatalf("interval %v, %d days from %v", req.Interval, req.Days(), req.Start)
			}
			spd := req.SlotsPerDay()
			for i, need := range req.Required {
				tod := time.Duration(i%spd) * req.Interval
				want := 0.0
				if tod >= 9*time.Hour && tod < 17*time.Hour {
					want = 3
				}
				if need != want {
					t.Errorf("day %d %s: need %v, want %v", i/spd, FormatClock(tod), need, want)
				}
			}
			var b bytes.Buffer
			if err := WriteCoverage(&b, req, scheduler.Coverage{Scheduled: req.Required}); err != nil {
				t.Fatal(err)
			}
			rows := map[string]string{}
			perDay := map[string]int{}
			for _, line := range strings.Split(strings.TrimSpace(b.String()), "\n")[1:] {
				at, rest, _ := strings.Cut(line, ",")
				if _, dup := rows[at]; dup {
					t.Errorf("interval_start %s twice", at)
				}
				rows[at] = rest
				perDay[at[:10]]++
			}
			day := func(d int) string { return tt.first.AddDate(0, 0, d).Format(time.DateOnly) }
			for d := 0; d < 7; d++ {
				off := tt.before
				if d >= tt.change {
					off = tt.after
				}
				at := day(d) + "T09:00:00" + off
				if rows[at] != "3,3,0" {
					t.Errorf("coverage at %s = %q, want 3,3,0", at, rows[at])
				}
				if last := day(d) + "T16:30:00" + off; rows[last] != "3,3,0" {
					t.Errorf("coverage at %s = %q, want 3,3,0", last, rows[last])
				}
			}
			if n := perDay[day(tt.change)]; n != tt.changeDayRows {
				t.Errorf("%d coverage rows on the change day, want %d", n, tt.changeDayRows)
			}
			// Every row's instant reads back to the same slot.
			back, err := ReadRequirementsIn(bytes.NewReader(b.Bytes()), "required", ny)
			if err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(back.Required) != fmt.Sprint(req.Required) {
				t.Error("coverage.csv does not read back to the same requirements")
			}
			// A 09:00-17:00 shift every day is 8 real hours with the local offset.
			var shifts []scheduler.PlannedShift
			for d := 0; d < 7; d++ {
				shifts = append(shifts, scheduler.PlannedShift{Shift: scheduler.Shift{Day: d, Start: 9 * time.Hour, Length: 8 * time.Hour}, Count: 3})
			}
			b.Reset()
			if err := WritePlanWith(&b, req, shifts, PlanOptions{Instants: true}); err != nil {
				t.Fatal(err)
			}
			lines := strings.Split(strings.TrimSpace(b.String()), "\n")
			if !strings.HasSuffix(lines[0], ",start_at,end_at") || len(lines) != 8 {
				t.Fatalf("plan.csv:\n%s", b.String())
			}
			for d := 0; d < 7; d++ {
				off := tt.before
				if d >= tt.change {
					off = tt.after
				}
				want := fmt.Sprintf(",%sT09:00:00%s,%sT17:00:00%s", day(d), off, day(d), off)
				if !strings.HasSuffix(lines[d+1], want) || !strings.Contains(lines[d+1], ",09:00,17:00,480,") {
					t.Errorf("plan row %q, want 09:00-17:00 ending %q", lines[d+1], want)
				}
			}
		})
	}
}

// TestRequirementsRepeatedAndSkippedHour: in the hour repeated when clocks
// go back, a slot needs the max of its two occurrences; a row written
// without offset in the hour skipped when they go forward is an error
// unless it needs nothing.
func TestRequirementsRepeatedAndSkippedHour(t *testing.T) {
	ny := newYork(t)
	head := "interval_start,queue,required\n"
	tests := []struct {
		name string
		in   string
		slot map[string]float64 // "HH:MM" on the first day -> need
		err  error
		line int
	}{
		{"fall back, offsets: max of the two occurrences", head +
			"2026-11-01T00:30:00-04:00,a,1\n2026-11-01T01:00:00-04:00,a,2\n2026-11-01T01:30:00-04:00,a,7\n" +
			"2026-11-01T01:00:00-05:00,a,5\n2026-11-01T01:30:00-05:00,a,4\n2026-11-01T02:00:00-05:00,a,1\n",
			map[string]float64{"00:30": 1, "01:00": 5, "01:30": 7, "02:00": 1}, nil, 0},
		{"fall back, no offsets: second line is the second occurrence", head +
			"2026-11-01T00:30:00,a,1\n2026-11-01T01:00:00,a,2\n2026-11-01T01:30:00,a,3\n2026-11-01T01:00:00,a,6\n2026-11-01T01:30:00,a,1\n2026-11-01T02:00:00,a,1\n",
			map[string]float64{"01:00": 6, "01:30": 3}, nil, 0},
		{"fall back, queues summed before the max", head +
			"2026-11-01T01:00:00-04:00,a,2\n2026-11-01T01:00:00-04:00,b,2\n2026-11-01T01:00:00-05:00,a,3\n2026-11-01T01:30:00-05:00,a,1\n2026-11-01T01:30:00-04:00,a,1\n",
			map[string]float64{"01:00": 4}, nil, 0},
		{"spring forward: skipped hour needs nothing", head +
			"2026-03-08T01:00:00-05:00,a,2\n2026-03-08T01:30:00-05:00,a,2\n2026-03-08T03:00:00-04:00,a,2\n2026-03-08T03:30:00-04:00,a,2\n",
			map[string]float64{"01:30": 2, "02:00": 0, "02:30": 0, "03:00": 2}, nil, 0},
		{"spring forward: a zero row at 02:30 is dropped", head +
			"2026-03-08T01:00:00,a,2\n2026-03-08T01:30:00,a,2\n2026-03-08T02:30:00,a,0\n2026-03-08T03:00:00,a,2\n",
			map[string]float64{"02:30": 0, "03:00": 2}, nil, 0},
		{"spring forward: 02:30 needing agents does not exist", head +
			"2026-03-08T01:00:00,a,2\n2026-03-08T01:30:00,a,2\n2026-03-08T02:30:00,a,4\n", nil, ErrNoSuchTime, 4},
		{"true duplicate outside the repeated hour", head +
			"2026-11-01T05:00:00,a,1\n2026-11-01T05:00:00,a,1\n", nil, csvio.ErrDuplicate, 3},
		{"the repeated hour three times", head +
			"2026-11-01T01:00:00,a,1\n2026-11-01T01:00:00,a,1\n2026-11-01T01:00:00,a,1\n", nil, csvio.ErrDuplicate, 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, err := ReadRequirementsIn(strings.NewReader(tt.in), "", ny)
			if tt.err != nil {
				var pe *csvio.ParseError
				if !errors.Is(err, tt.err) || !errors.As(err, &pe) || pe.Line != tt.line || pe.Column != 1 {
					t.Fatalf("err %v, want %v on line %d column 1", err, tt.err, tt.line)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			for hm, want := range tt.slot {
				var h, m int
				fmt.Sscanf(hm, "%d:%d", &h, &m)
				i := int(time.Duration(h*60+m) * time.Minute / req.Interval)
				if req.Required[i] != want {
					t.Errorf("slot %s needs %v, want %v", hm, req.Required[i], want)
				}
			}
		})
	}
}

func TestSlotTime(t *testing.T) {
	ny := newYork(t)
	req := scheduler.Requirements{Start: time.Date(2026, 3, 8, 0, 0, 0, 0, ny), Interval: 30 * time.Minute, Required: make([]float64, 96)}
	tests := []struct {
		slot int
		want string
		ok   bool
	}{
		{2, "2026-03-08T01:00:00-05:00", true},
		{4, "2026-03-08T03:00:00-04:00", false}, // 02:00 does not exist: read at the offset before the change
		{5, "2026-03-08T03:30:00-04:00", false},
		{6, "2026-03-08T03:00:00-04:00", true},
		{48 + 18, "2026-03-09T09:00:00-04:00", true},
	}
	for _, tt := range tests {
		at, ok := SlotTime(req, tt.slot)
		if ok != tt.ok || at.Format(time.RFC3339) != tt.want {
			t.Errorf("SlotTime(%d) = %s, %v; want %s, %v", tt.slot, at.Format(time.RFC3339), ok, tt.want, tt.ok)
		}
	}
	fall := scheduler.Requirements{Start: time.Date(2026, 11, 1, 0, 0, 0, 0, ny), Interval: time.Hour, Required: make([]float64, 24)}
	if at, ok := SlotTime(fall, 1); !ok || at.Format(time.RFC3339) != "2026-11-01T01:00:00-04:00" {
		t.Errorf("repeated hour slot = %s, %v; want its first occurrence", at.Format(time.RFC3339), ok)
	}
	// A night shift 22:00-06:00 over the fall-back night lasts 9 real hours.
	from, _ := WallTime(fall, 0, -2*time.Hour)
	to, _ := WallTime(fall, 0, 6*time.Hour)
	if d := to.Sub(from); d != 9*time.Hour {
		t.Errorf("22:00-06:00 across fall-back lasts %v, want 9h", d)
	}
}
