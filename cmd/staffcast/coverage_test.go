package main

import (
	"encoding/json"
	"github.com/staffcast/staffcast/app"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A morning of hourly requirements and three shifts: A 08:00-12:00 with a
// half-hour break at 10:00, B 09:00-11:00, C the night before until 09:00.
const (
	covReq = "interval_start,required\n" +
		"2026-11-23T08:00:00Z,2\n" +
		"2026-11-23T09:00:00Z,2\n" +
		"2026-11-23T10:00:00Z,1\n" +
		"2026-11-23T11:00:00Z,1\n"
	covShifts = "agent_id,date,start,end,break_start,break_end\n" +
		"A,2026-11-23,08:00,12:00,10:00,10:30\n" +
		"B,2026-11-23,09:00,11:00,,\n" +
		"C,2026-11-22,23:00,09:00,,\n"
)

func writeTemp(t *testing.T, name, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestCoverageJSON(t *testing.T) {
	req := writeTemp(t, "req.csv", covReq)
	out, errs, code := runCLI(t, covShifts, "coverage", "--requirements", req, "--shifts", "-", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var rep app.CoverageReport
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("%v in %s", err, out)
	}
	// Slot 08: A + C = 2 of 2. 09: A + B = 2 of 2. 10: A half + B = 1.5 of 1.
	// 11: A = 1 of 1. Before 08:00 the day needs nobody: C's 00:00-08:00 is
	// 8h of excess. C started the day before, so one shift is cut.
	want := make([]float64, 24)
	for i := range 8 {
		want[i] = 1 // C, where nobody is required
	}
	want[10] = 0.5
	for i, w := range want {
		if got := rep.Intervals[i].Difference; got != w {
			t.Errorf("interval %d difference %v, want %v", i, got, w)
		}
	}
	if rep.ShortageMinutes != 0 || rep.ExcessMinutes != 8*60+30 || rep.Shifts != 3 || rep.ShiftsOutside != 1 || rep.IntervalMinutes != 60 {
		t.Errorf("report %+v", rep)
	}
	if len(rep.Intervals) != 24 || rep.Intervals[8].Start != "2026-11-23T08:00:00Z" || rep.Intervals[10].Scheduled != 1.5 {
		t.Errorf("intervals %+v", rep.Intervals[8:12])
	}
}

func TestCoverageCSV(t *testing.T) {
	req := writeTemp(t, "req.csv", covReq)
	shifts := writeTemp(t, "shifts.csv", covShifts)
	out, errs, code := runCLI(t, "", "coverage", "--requirements", req, "--shifts", shifts)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if lines[0] != "interval_start,required,scheduled,difference" || len(lines) != 25 || lines[11] != "2026-11-23T10:00:00Z,1,1.5,0.5" {
		t.Errorf("CSV:\n%s", out)
	}
	if !strings.Contains(errs, "shortage: 0 person-minutes") || !strings.Contains(errs, "excess: 510 person-minutes") {
		t.Errorf("summary on stderr: %q", errs)
	}
	// --out writes the file and prints the summary on stdout.
	dst := filepath.Join(t.TempDir(), "coverage.csv")
	out, _, code = runCLI(t, "", "coverage", "--requirements", req, "--shifts", shifts, "--out", dst)
	body, err := os.ReadFile(dst)
	if code != 0 || err != nil || !strings.HasPrefix(string(body), "interval_start,required,scheduled,difference\n") || !strings.Contains(out, "excess: 510") {
		t.Errorf("--out: exit %d, file %q (%v), stdout %q", code, body, err, out)
	}
}

func TestCoverageTimeZone(t *testing.T) {
	req := writeTemp(t, "req.csv", covReq)
	// 09:00-10:00 in Paris is 08:00-09:00 UTC in November.
	shifts := writeTemp(t, "shifts.csv", "agent_id,date,start,end\nA,2026-11-23,09:00,10:00\n")
	out, errs, code := runCLI(t, "", "coverage", "--requirements", req, "--shifts", shifts, "--tz", "Europe/Paris", "--json")
	if code != 0 { // the binary embeds time/tzdata, so the zone always loads
		t.Fatalf("exit %d: %s", code, errs)
	}
	var rep app.CoverageReport
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	// The requirements are read in Paris too: 08:00Z is 09:00 there.
	scheduled := map[string]float64{}
	for _, iv := range rep.Intervals {
		scheduled[iv.Start] = iv.Scheduled
	}
	if scheduled["2026-11-23T09:00:00+01:00"] != 1 || scheduled["2026-11-23T10:00:00+01:00"] != 0 || rep.ShiftsOutside != 0 {
		t.Errorf("Paris 09:00 landed at %+v", rep.Intervals)
	}
}

func TestCoverageErrors(t *testing.T) {
	req := writeTemp(t, "req.csv", covReq)
	badShifts := writeTemp(t, "bad.csv", "agent_id,date,start,end\nA,2026-11-23,08:00,12:00\nB,2026-11-23,9am,12:00\n")
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no requirements", []string{"--shifts", badShifts}, "-requirements is required"},
		{"no shifts", []string{"--requirements", req}, "-shifts is required"},
		{"bad shift line", []string{"--requirements", req, "--shifts", badShifts}, "bad.csv: line 3, column 3 (start)"},
		{"missing file", []string{"--requirements", req, "--shifts", "/no/such/file.csv"}, "no such file"},
		{"bad zone", []string{"--requirements", req, "--shifts", badShifts, "--tz", "Mars/Olympus"}, `unknown time zone "Mars/Olympus"`},
		{"two stdins", []string{"--requirements", "-", "--shifts", "-"}, "standard input"},
		{"bad column", []string{"--requirements", req, "--shifts", badShifts, "--column", "scheduled_agents"}, `missing required column "scheduled_agents"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, errs, code := runCLI(t, "", append([]string{"coverage"}, tt.args...)...)
			if code != exitBadUse || !strings.Contains(errs, tt.want) {
				t.Errorf("exit %d, stderr %q; want exit 2 with %q", code, errs, tt.want)
			}
		})
	}
}
