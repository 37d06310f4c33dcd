package hrio

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // time-zone tests run, not skip, without system zoneinfo

	"github.com/staffcast/staffcast/csvio"
	"github.com/staffcast/staffcast/scheduler"
	"github.com/staffcast/staffcast/scheduler/roster"
)

const shiftsHeader = "agent_id,date,start,end,break_start,break_end\n"

func TestReadShifts(t *testing.T) {
	in := shiftsHeader +
		"A1,2026-11-23,08:00,16:30,12:00,12:30\n" +
		"A1,2026-11-23,08:00,16:30,15:00,15:15\n" + // a second break of the same shift
		"A2,2026-11-23,22:00,06:00,02:00,02:30\n" + // overnight, break after midnight
		"A3,2026-11-24,9:00,17:00,,\n" +
		"A1,2026-11-24,08:00,24:00,,\n"
	got, err := ReadShifts(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	h, m := time.Hour, time.Minute
	want := []Shift{
		{"A1", date(2026, 11, 23), 8 * h, 16*h + 30*m, []scheduler.Break{{Start: 12 * h, Length: 30 * m}, {Start: 15 * h, Length: 15 * m}}, 2, nil},
		{"A2", date(2026, 11, 23), 22 * h, 30 * h, []scheduler.Break{{Start: 26 * h, Length: 30 * m}}, 4, nil},
		{"A3", date(2026, 11, 24), 9 * h, 17 * h, nil, 5, nil},
		{"A1", date(2026, 11, 24), 8 * h, 24 * h, nil, 6, nil},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d shifts: %+v", len(got), got)
	}
	for i := range want {
		g, w := got[i], want[i]
		if g.AgentID != w.AgentID || !g.Date.Equal(w.Date) || g.Start != w.Start || g.End != w.End || g.Line != w.Line || len(g.Breaks) != len(w.Breaks) {
			t.Errorf("shift %d = %+v, want %+v", i, g, w)
			continue
		}
		for k := range w.Breaks {
			if g.Breaks[k] != w.Breaks[k] {
				t.Errorf("shift %d break %d = %+v, want %+v", i, k, g.Breaks[k], w.Breaks[k])
			}
		}
	}
}

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func TestReadShiftsBreaksColumn(t *testing.T) {
	in := "agent_id,date,start,end,breaks\nA,2026-11-23,20:00,04:30,23:45-00:15; 02:00-02:10\nB,2026-11-23,08:00,16:00,\n"
	got, err := ReadShifts(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || len(got[0].Breaks) != 2 || got[0].Breaks[0] != (scheduler.Break{Start: 23*time.Hour + 45*time.Minute, Length: 30 * time.Minute}) ||
		got[0].Breaks[1].Start != 26*time.Hour {
		t.Errorf("got %+v", got)
	}
}

func TestReadShiftsErrors(t *testing.T) {
	tests := []struct {
		name      string
		body      string
		line, col int
		want      error
		text      string
	}{
		{"missing column", "agent_id,date,start\n", 1, 0, csvio.ErrMissingColumn, `"end"`},
		{"break_start alone", "agent_id,date,start,end,break_start\n", 1, 0, csvio.ErrMissingColumn, "come together"},
		{"no rows", shiftsHeader, 1, 0, ErrNoShifts, ""},
		{"bad date", shiftsHeader + "A,23/11/2026,08:00,16:00,,\n", 2, 2, ErrDate, `"23/11/2026"`},
		{"bad start", shiftsHeader + "A,2026-11-23,8h,16:00,,\n", 2, 3, ErrClock, `"8h"`},
		{"start 24:00", shiftsHeader + "A,2026-11-23,24:00,08:00,,\n", 2, 3, ErrClock, "00:00 of the next day"},
		{"end equals start", shiftsHeader + "A,2026-11-23,08:00,08:00,,\n", 2, 4, ErrShift, "end equals start"},
		{"half a break", shiftsHeader + "A,2026-11-23,08:00,16:00,12:00,\n", 2, 6, ErrBreak, "come together"},
		{"break outside", shiftsHeader + "A,2026-11-23,08:00,16:00,17:00,17:30\n", 2, 5, ErrBreak, "not inside the shift 08:00-16:00"},
		{"break past the end", shiftsHeader + "A,2026-11-23,08:00,16:00,15:45,16:15\n", 2, 5, ErrBreak, ""},
		{"overlapping breaks", shiftsHeader + "A,2026-11-23,08:00,16:00,12:00,12:30\nA,2026-11-23,08:00,16:00,12:15,12:45\n", 3, 5, ErrBreak, "overlaps break 12:00-12:30"},
		{"repeated shift", shiftsHeader + "A,2026-11-23,08:00,16:00,,\nA,2026-11-23,08:00,16:00,,\n", 3, 1, ErrDuplicateShift, "line 2 has A's shift on 2026-11-23 08:00-16:00"},
		{"repeated shift after its break", shiftsHeader + "A,2026-11-23,08:00,16:00,12:00,12:30\nA,2026-11-23,08:00,16:00,,\n", 3, 1, ErrDuplicateShift, "line 2"},
		{"repeated break", shiftsHeader + "A,2026-11-23,08:00,16:00,12:00,12:30\nA,2026-11-23,08:00,16:00,12:00,12:30\n", 3, 5, ErrBreak, "overlaps"},
		{"overlapping shifts", shiftsHeader + "A,2026-11-23,08:00,16:00,,\nB,2026-11-23,08:00,16:00,,\nA,2026-11-23,15:00,20:00,,\n", 4, 3, ErrOverlap, "line 2 (08:00-16:00)"},
		{"overnight overlap", shiftsHeader + "A,2026-11-24,05:00,09:00,,\nA,2026-11-23,22:00,06:00,,\n", 3, 4, ErrOverlap, "line 2 (05:00-09:00)"},
		{"bad breaks item", "agent_id,date,start,end,breaks\nA,2026-11-23,08:00,16:00,12:00\n", 2, 5, ErrBreak, `"12:00"`},
		{"empty id", shiftsHeader + " ,2026-11-23,08:00,16:00,,\n", 2, 1, ErrID, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ReadShifts(strings.NewReader(tt.body))
			if err == nil {
				t.Fatalf("no error: %+v", got)
			}
			if got != nil {
				t.Error("shifts returned with an error")
			}
			var pe *csvio.ParseError
			if !errors.As(err, &pe) || pe.Line != tt.line || pe.Column != tt.col {
				t.Errorf("error %v, want line %d column %d", err, tt.line, tt.col)
			}
			if tt.want != nil && !errors.Is(err, tt.want) {
				t.Errorf("error %v, want %v", err, tt.want)
			}
			if !strings.Contains(err.Error(), tt.text) {
				t.Errorf("error %q lacks %q", err, tt.text)
			}
		})
	}
}

func FuzzReadShifts(f *testing.F) {
	f.Add(shiftsHeader + "A1,2026-11-23,08:00,16:30,12:00,12:30\nA1,2026-11-23,08:00,16:30,15:00,15:15\n")
	f.Add(shiftsHeader + "A2,2026-11-23,22:00,06:00,02:00,02:30\n")
	f.Add("agent_id,date,start,end,breaks\nA,2026-11-23,20:00,04:30,23:45-00:15;02:00-02:10\n")
	f.Fuzz(func(t *testing.T, in string) {
		shifts, err := ReadShifts(strings.NewReader(in))
		if err != nil {
			if shifts != nil {
				t.Fatal("partial import")
			}
			var pe *csvio.ParseError
			if !errors.As(err, &pe) || pe.Line < 1 {
				t.Fatalf("error without a line: %v", err)
			}
			return
		}
		for _, s := range shifts {
			if s.Start < 0 || s.Start >= day || s.End <= s.Start || s.End > s.Start+day {
				t.Fatalf("impossible shift %+v", s)
			}
			end := s.Start
			for _, b := range s.Breaks {
				if b.Length <= 0 || b.Start < end || b.Start+b.Length > s.End {
					t.Fatalf("break %+v misplaced in %+v", b, s)
				}
				end = b.Start + b.Length
			}
		}
	})
}

// TestRosterRoundTrip writes roster.csv and reads it back as shifts.
func TestRosterRoundTrip(t *testing.T) {
	start := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	as := []roster.Assignment{
		{Agent: "A", Shift: scheduler.Shift{Day: 0, Start: 8 * time.Hour, Length: 8*time.Hour + 30*time.Minute, Breaks: []scheduler.Break{{Start: 12 * time.Hour, Length: 30 * time.Minute}}}},
		{Agent: "B, the second", Shift: scheduler.Shift{Day: 6, Start: 22 * time.Hour, Length: 8 * time.Hour, Breaks: []scheduler.Break{{Start: 23*time.Hour + 45*time.Minute, Length: 30 * time.Minute}, {Start: 27 * time.Hour, Length: 15 * time.Minute, Paid: true}}}},
		{Agent: "C", Shift: scheduler.Shift{Day: 2, Start: 16 * time.Hour, Length: 8 * time.Hour}},
	}
	var buf bytes.Buffer
	if err := WriteRoster(&buf, start, as); err != nil {
		t.Fatal(err)
	}
	want := "agent_id,date,start,end,breaks\n" +
		"A,2026-11-23,08:00,16:30,12:00-12:30\n" +
		"\"B, the second\",2026-11-29,22:00,06:00,23:45-00:15;03:00-03:15 paid\n" +
		"C,2026-11-25,16:00,00:00,\n"
	if buf.String() != want {
		t.Fatalf("roster.csv =\n%s\nwant\n%s", buf.String(), want)
	}
	shifts, err := ReadShifts(&buf)
	if err != nil {
		t.Fatal(err)
	}
	// A repeating week: B's Sunday night wraps rather than being cut.
	req := scheduler.Requirements{Start: start, Interval: time.Hour, Required: make([]float64, 7*24), Cyclic: true}
	planned, outside := Planned(shifts, req, nil)
	if outside.Shifts != 0 || len(planned) != len(as) {
		t.Fatalf("planned %v, outside %+v", planned, outside)
	}
	for i := range as {
		g, w := planned[i].Shift, as[i].Shift
		if g.Day != w.Day || g.Start != w.Start || g.Length != w.Length || len(g.Breaks) != len(w.Breaks) {
			t.Errorf("shift %d read back as %+v, want %+v", i, g, w)
			continue
		}
		for k := range w.Breaks {
			if g.Breaks[k] != w.Breaks[k] {
				t.Errorf("shift %d break %d read back as %+v, want %+v", i, k, g.Breaks[k], w.Breaks[k])
			}
		}
	}
}

func TestPlanned(t *testing.T) {
	start := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	req := scheduler.Requirements{Start: start, Interval: time.Hour, Required: make([]float64, 2*24)}
	shifts, err := ReadShifts(strings.NewReader(shiftsHeader +
		"A,2026-11-22,22:00,06:00,23:00,23:30\n" + // starts the day before: cut at midnight
		"A,2026-11-22,08:00,16:00,,\n" + // all before
		"B,2026-11-25,08:00,16:00,,\n" + // after
		"C,2026-11-24,08:00,16:00,12:00,12:30\n"))
	if err != nil {
		t.Fatal(err)
	}
	planned, outside := Planned(shifts, req, nil)
	if outside.Shifts != 3 || len(planned) != 2 {
		t.Fatalf("planned %+v, outside %+v; want 2 planned, 3 outside", planned, outside)
	}
	if p := planned[0].Shift; p.Day != 0 || p.Start != 0 || p.Length != 6*time.Hour || len(p.Breaks) != 0 {
		t.Errorf("cut shift = %+v", p)
	}
	if p := planned[1].Shift; p.Day != 1 || p.Start != 8*time.Hour || p.Breaks[0].Start != 12*time.Hour {
		t.Errorf("shift = %+v", p)
	}
	// 22:00-24:00 less the 23:00 break, and two whole 8-hour shifts.
	if want := 90.0 + 480 + 480; outside.Minutes != want {
		t.Errorf("outside minutes %v, want %v", outside.Minutes, want)
	}
	// Every shift's working minutes are covered, excess or outside: the
	// minutes past the end of a shift cut there are Cover's, counted once.
	late, err := ReadShifts(strings.NewReader(shiftsHeader + "D,2026-11-24,20:00,04:00,02:00,02:30\n"))
	if err != nil {
		t.Fatal(err)
	}
	for _, cyclic := range []bool{false, true} {
		req := req
		req.Cyclic = cyclic
		all := append(append([]Shift{}, shifts...), late...)
		planned, outside := Planned(all, req, nil)
		c := scheduler.Cover(req, planned)
		worked := 0.0
		for _, s := range all {
			worked += working(s.Start, s.End, s.Breaks)
		}
		covered := 0.0
		for _, x := range c.Scheduled {
			covered += x * req.Interval.Minutes()
		}
		wantShifts := 4 // D is cut at the end
		if cyclic {
			wantShifts = 3 // D wraps to day 0's early hours
		}
		if got := covered + outside.Minutes + c.Outside; got != worked || outside.Shifts != wantShifts {
			t.Errorf("cyclic %v: covered %v + outside %v + %v = %v, want the %v minutes worked; %d shifts cut or outside, want %d",
				cyclic, covered, outside.Minutes, c.Outside, got, worked, outside.Shifts, wantShifts)
		}
	}

	// Shifts written in Paris time against UTC requirements: an hour earlier
	// in November.
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	planned, _ = Planned(shifts[3:], req, paris)
	if p := planned[0].Shift; p.Day != 1 || p.Start != 7*time.Hour || p.Length != 8*time.Hour || p.Breaks[0].Start != 11*time.Hour {
		t.Errorf("Paris shift on UTC requirements = %+v", p)
	}
}

// TestReadShiftsEveryBadRow: a shifts file lists every bad line (as the
// agents and history readers do), in file order with column and field,
// overlaps among them, and returns no shift.
func TestReadShiftsEveryBadRow(t *testing.T) {
	body := shiftsHeader +
		"A,2026-11-23,25:30,16:00,,\n" + // line 2: bad start
		"B,2026-11-23,08:00,08:00,,\n" + // line 3: zero length
		"C,2026-03-32,08:00,16:00,,\n" + // line 4: no such date
		"D,2026-11-23,08:00,16:00,17:00,17:30\n" + // line 5: break outside
		"E,2026-11-23,08:00,16:00,,\n" + // line 6: good
		"E,2026-11-23,15:00,20:00,,\n" + // line 7: overlaps line 6
		"F,2026-11-23,08:00,16:00,,\n" // line 8: good
	got, err := ReadShifts(strings.NewReader(body))
	if got != nil {
		t.Errorf("shifts returned with an error: %+v", got)
	}
	var re *csvio.RowErrors
	if !errors.As(err, &re) {
		t.Fatalf("error %v is not a *csvio.RowErrors", err)
	}
	want := []struct {
		line, col int
		field     string
		err       error
	}{{2, 3, "start", ErrClock}, {3, 4, "end", ErrShift}, {4, 2, "date", ErrDate}, {5, 5, "break_start", ErrBreak}, {7, 3, "start", ErrOverlap}}
	if len(re.Errs) != len(want) {
		t.Fatalf("%d errors, want %d: %v", len(re.Errs), len(want), re.Errs)
	}
	for i, w := range want {
		pe := re.Errs[i]
		if pe.Line != w.line || pe.Column != w.col || pe.Field != w.field || !errors.Is(pe, w.err) {
			t.Errorf("error %d: %v, want line %d column %d (%s) wrapping %v", i, pe, w.line, w.col, w.field, w.err)
		}
	}
	if !strings.Contains(err.Error(), "(and 4 more bad lines)") {
		t.Errorf("error text %q", err)
	}
	// More bad lines than MaxRowErrors: the rest are counted.
	var many strings.Builder
	many.WriteString(shiftsHeader)
	for range csvio.MaxRowErrors + 5 {
		many.WriteString("A,2026-11-23,08:00,08:00,,\n")
	}
	if _, err := ReadShifts(strings.NewReader(many.String())); !errors.As(err, &re) || len(re.Errs) != csvio.MaxRowErrors || re.Omitted != 5 {
		t.Errorf("many bad lines: %v", err)
	}
}
