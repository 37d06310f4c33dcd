package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/staffcast/staffcast/app"
	"github.com/staffcast/staffcast/csvio/schedio"
)

const (
	schedReq   = "testdata/schedule/requirements.csv"
	schedTmpls = "testdata/schedule/templates.json"
)

func TestScheduleJSON(t *testing.T) {
	out, errs, code := runCLI(t, "", "schedule", "--requirements", schedReq, "--templates", schedTmpls, "--json", "--seed", "3", "--time-limit", "0")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if errs != "" {
		t.Errorf("stderr not quiet off a terminal: %q", errs)
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal([]byte(out), &raw); err != nil {
		t.Fatal(err)
	}
	var keys []string
	for k := range raw {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	if got, want := strings.Join(keys, ","), "bound_kind,distinct_shifts,excess_minutes,gap,lower_bound,objective,paid_hours,shifts,shortage_minutes"; got != want {
		t.Errorf("keys %s, want %s", got, want)
	}
	var res app.ScheduleReport
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	if len(res.Shifts) == 0 {
		t.Fatal("no shifts")
	}
	if res.BoundKind != "lp" && res.BoundKind != "lagrangian" {
		t.Errorf("bound_kind %q, want lp or lagrangian", res.BoundKind)
	}
	// The objective is its parts priced with the file's weights.
	want := res.ShortageMinutes + 0.5*res.ExcessMinutes + 30*float64(res.DistinctShifts) + 6*res.PaidHours
	if d := res.Objective - want; d > 0.01 || d < -0.01 {
		t.Errorf("objective %v, parts give %v", res.Objective, want)
	}
	if res.LowerBound > res.Objective || res.Gap < 0 || res.Gap >= 1 {
		t.Errorf("bound %v, gap %v for objective %v", res.LowerBound, res.Gap, res.Objective)
	}
	distinct := map[[2]any]bool{}
	for _, s := range res.Shifts {
		distinct[[2]any{s.Start, s.LengthMinutes}] = true
		if d, err := time.Parse(time.DateOnly, s.Date); err != nil || d.Before(time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)) || d.After(time.Date(2026, 1, 11, 0, 0, 0, 0, time.UTC)) ||
			schedio.WeekdayName(d.Weekday()) != s.Day {
			t.Errorf("shift %+v: date %q not a %s of the week from Mon 2026-01-05 (%v)", s, s.Date, s.Day, err)
		}
		if len(s.Breaks) != 1 {
			t.Errorf("shift %+v: every template has one break", s)
		}
		if s.Day == "sat" || s.Day == "sun" {
			if s.LengthMinutes == 240 {
				t.Errorf("part-time shift on %s, template allows weekdays only", s.Day)
			}
		}
	}
	if len(distinct) != res.DistinctShifts {
		t.Errorf("distinct_shifts %d, shifts show %d", res.DistinctShifts, len(distinct))
	}
	// Same seed, same plan.
	again, _, _ := runCLI(t, "", "schedule", "--requirements", schedReq, "--templates", schedTmpls, "--json", "--seed", "3", "--time-limit", "0")
	if again != out {
		t.Error("two runs with the same seed differ")
	}
	golden(t, "schedule/plan.json", []byte(out))
}

func TestScheduleText(t *testing.T) {
	out, errs, code := runCLI(t, "", "schedule", "--requirements", schedReq, "--templates", schedTmpls, "--column", "scheduled_agents", "--time-limit", "0")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{"Shift plan:", "lower bound", "Mon", "early"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestScheduleOutDir(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	_, errs, code := runCLI(t, "", "schedule", "--requirements", schedReq, "--templates", schedTmpls, "--out-dir", dir, "--time-limit", "0")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	plan, err := os.ReadFile(filepath.Join(dir, "plan.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(plan), "date,weekday,start,end,length_minutes,paid_minutes,template,count,breaks\n2026-01-05,mon,") {
		t.Errorf("plan.csv starts %q", string(plan)[:min(120, len(plan))])
	}
	cov, err := os.ReadFile(filepath.Join(dir, "coverage.csv"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(cov)), "\n")
	if lines[0] != "interval_start,required,scheduled,difference" || len(lines) != 1+7*48 {
		t.Errorf("coverage.csv: header %q, %d lines", lines[0], len(lines))
	}
	if lines[1] != "2026-01-05T00:00:00Z,0,0,0" {
		t.Errorf("first row %q", lines[1])
	}
}

func TestScheduleErrors(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	n := 0
	tmpl := func(body string) string {
		n++
		return write(fmt.Sprintf("t%d.json", n), `{"templates": [`+body+`]}`)
	}
	ok := `{"name": "day", "start_earliest": "08:00", "start_latest": "10:00", "length_min": "8h", "length_max": "8h"}`
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no requirements", []string{"--templates", schedTmpls}, "-requirements is required"},
		{"no templates", []string{"--requirements", schedReq}, "-templates is required"},
		{"missing file", []string{"--requirements", "nope.csv", "--templates", schedTmpls}, "nope.csv"},
		{"bad requirements line", []string{"--requirements", write("r.csv", "interval_start,required\n2026-01-05T08:00:00Z,1\n2026-01-05T08:30:00Z,x\n"), "--templates", tmpl(ok)}, "line 3, column 2 (required)"},
		{"missing column", []string{"--requirements", schedReq, "--templates", schedTmpls, "--column", "agents"}, `missing required column "agents"`},
		{"unknown field", []string{"--requirements", schedReq, "--templates", tmpl(`{"name": "day", "start_erliest": "08:00"}`)}, `template "day", fields: unknown field "start_erliest"`},
		{"bad time", []string{"--requirements", schedReq, "--templates", tmpl(`{"name": "day", "start_earliest": "8am", "start_latest": "10:00", "length_min": "8h", "length_max": "8h"}`)}, `template "day", start_earliest: "8am" is not a time of day`},
		{"bad day", []string{"--requirements", schedReq, "--templates", tmpl(`{"name": "day", "start_earliest": "08:00", "start_latest": "10:00", "length_min": "8h", "length_max": "8h", "days": ["monday"]}`)}, `template "day", days[0]`},
		{"impossible window", []string{"--requirements", schedReq, "--templates", tmpl(`{"name": "day", "start_earliest": "10:00", "start_latest": "08:00", "length_min": "8h", "length_max": "8h"}`)}, `template "day", start_latest`},
		{"break never fits", []string{"--requirements", schedReq, "--templates", tmpl(`{"name": "short", "start_earliest": "08:00", "start_latest": "10:00", "length_min": "4h", "length_max": "4h", "breaks": [{"length": "30m", "earliest_after_start": "5h", "latest_after_start": "6h"}]}`)}, `template "short", breaks: scheduler: no shift fits the template`},
		{"off grid", []string{"--requirements", schedReq, "--templates", tmpl(`{"name": "day", "start_earliest": "08:10", "start_latest": "10:00", "length_min": "8h", "length_max": "8h"}`)}, "not a multiple of the 30m0s interval"},
		{"interval mismatch", []string{"--requirements", schedReq, "--templates", write("i.json", `{"interval": "15m", "templates": [`+ok+`]}`)}, "interval 15m does not match the requirements' 30m interval"},
		{"duplicate name", []string{"--requirements", schedReq, "--templates", tmpl(ok + "," + ok)}, `template "day", name: used twice`},
		{"negative weight", []string{"--requirements", schedReq, "--templates", write("w.json", `{"weights": {"excess": -1}, "templates": [`+ok+`]}`)}, "weights.excess"},
		{"syntax", []string{"--requirements", schedReq, "--templates", write("s.json", "{\n\"templates\": [\n}")}, "line 3"},
		{"bad time limit", []string{"--requirements", schedReq, "--templates", schedTmpls, "--time-limit", "soon"}, "time-limit"},
		{"negative time limit", []string{"--requirements", schedReq, "--templates", schedTmpls, "--time-limit", "-1s"}, "time-limit"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, errs, code := runCLI(t, "", append([]string{"schedule"}, tt.args...)...)
			if code != exitBadUse {
				t.Fatalf("exit %d, want %d: %s", code, exitBadUse, errs)
			}
			if !strings.Contains(errs, tt.want) {
				t.Errorf("error %q lacks %q", errs, tt.want)
			}
		})
	}
}

// TestScheduleWithAgents: --agents rosters the plan and the JSON carries
// the roster report; --out-dir gets the roster files beside the plan.
func TestScheduleWithAgents(t *testing.T) {
	dir := t.TempDir()
	out, errs, code := runCLI(t, "", "schedule", "--requirements", schedReq, "--templates", schedTmpls,
		"--agents", "testdata/schedule/agents.csv", "--json", "--out-dir", dir, "--time-limit", "0")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var res app.ScheduleReport
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	people := 0
	for _, s := range res.Shifts {
		people += s.Count
	}
	if res.Roster == nil || res.Roster.Agents != 28 || res.Roster.Assigned+res.Roster.Unassigned != people {
		t.Fatalf("roster %+v for %d shifts", res.Roster, people)
	}
	for _, f := range []string{"plan.csv", "coverage.csv", "roster.csv"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Error(err)
		}
	}
	_, errs, code = runCLI(t, "", "schedule", "--requirements", schedReq, "--templates", schedTmpls, "--agents", "testdata/schedule/nope.csv")
	if code != exitBadUse || !strings.Contains(errs, "nope.csv") {
		t.Errorf("missing agents file: exit %d, %s", code, errs)
	}
}

// TestScheduleRosterRules: the labour-rule flags reach the roster.
func TestScheduleRosterRules(t *testing.T) {
	roster := func(extra ...string) *app.RosterReport {
		t.Helper()
		args := append([]string{"schedule", "--requirements", schedReq, "--templates", schedTmpls,
			"--agents", "testdata/schedule/agents.csv", "--json", "--time-limit", "0"}, extra...)
		out, errs, code := runCLI(t, "", args...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", extra, code, errs)
		}
		var res app.ScheduleReport
		if err := json.Unmarshal([]byte(out), &res); err != nil {
			t.Fatal(err)
		}
		return res.Roster
	}
	base := roster()
	if base.Assigned == 0 {
		t.Fatal("default rules assign nothing; the test data cannot show the flags' effect")
	}
	// A skill no agent has is refused before the search, listing the
	// agents' skills; skills match ignoring case, as the agents CSV reads
	// them in lower case.
	for _, skill := range []string{"chat", "Voic"} {
		_, errs, code := runCLI(t, "", "schedule", "--requirements", schedReq, "--templates", schedTmpls,
			"--agents", "testdata/schedule/agents.csv", "--time-limit", "0", "--skill", skill)
		if want := fmt.Sprintf("invalid value %q for flag -skill: no agent has %q (skills are matched ignoring case); the agents' skills: voice", skill, strings.ToLower(skill)); code != exitBadUse || !strings.Contains(errs, want) {
			t.Errorf("--skill %s (no agent has it): exit %d, %q; want 2 and %q", skill, code, errs, want)
		}
	}
	if r := roster("--skill", "Voice"); r.Assigned != base.Assigned || r.Unassigned != base.Unassigned {
		t.Errorf("--skill Voice: %d assigned, %d open; want %d and %d as without it", r.Assigned, r.Unassigned, base.Assigned, base.Unassigned)
	}
	if r := roster("--max-consecutive-days", "1"); r.Assigned >= base.Assigned {
		t.Errorf("--max-consecutive-days 1 assigned %d, default %d; want fewer", r.Assigned, base.Assigned)
	}
	if r := roster("--min-rest", "20h"); r.Assigned >= base.Assigned {
		t.Errorf("--min-rest 20h assigned %d, default %d; want fewer", r.Assigned, base.Assigned)
	}
	for _, bad := range [][]string{{"--max-consecutive-days", "-1"}, {"--min-rest", "0"}} {
		args := append([]string{"schedule", "--requirements", schedReq, "--templates", schedTmpls}, bad...)
		if _, errs, code := runCLI(t, "", args...); code != exitBadUse || !strings.Contains(errs, strings.TrimPrefix(bad[0], "--")) {
			t.Errorf("%v: exit %d, %q; want exit 2 naming the flag", bad, code, errs)
		}
	}
}

// TestScheduleAcrossClockChange plans a week needing 09:00-17:00 New York
// time across the 8 March 2026 change (issue 7: the shifts slid to
// 08:00-16:00 from that Sunday on): with -tz every shift starts 09:00 local,
// and the written plan and coverage say -05:00 before and -04:00 after.
func TestScheduleAcrossClockChange(t *testing.T) {
	ny := newYork(t)
	var b strings.Builder
	b.WriteString("interval_start,required\n")
	for d := 5; d <= 11; d++ { // Thu 5 to Wed 11 March 2026
		for m := 8 * 60; m < 18*60; m += 30 {
			need := 0
			if m >= 9*60 && m < 17*60 {
				need = 3
			}
			fmt.Fprintf(&b, "%s,%d\n", time.Date(2026, 3, d, 0, m, 0, 0, ny).Format(time.RFC3339), need)
		}
	}
	req := writeTemp(t, "req.csv", b.String())
	tmpl := writeTemp(t, "templates.json", `{"interval": "30m", "weights": {"shortage": 1, "excess": 0.5, "distinct_shift": 1, "paid_hour": 1},
  "templates": [{"name": "day", "start_earliest": "07:00", "start_latest": "11:00", "start_step": "30m", "length_min": "8h", "length_max": "8h"}]}`)
	dir := filepath.Join(t.TempDir(), "out")
	out, errs, code := runCLI(t, "", "schedule", "-requirements", req, "-templates", tmpl, "-tz", "America/New_York", "-json", "-out-dir", dir, "-time-limit", "1m")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var plan app.ScheduleReport
	if err := json.Unmarshal([]byte(out), &plan); err != nil {
		t.Fatal(err)
	}
	days := 0
	for _, s := range plan.Shifts {
		if s.Start != "09:00" || s.LengthMinutes != 480 || s.Count != 3 {
			t.Errorf("shift %+v, want 3 people 09:00-17:00 local", s)
		}
		days++
	}
	if days != 7 || plan.ShortageMinutes != 0 || plan.ExcessMinutes != 0 {
		t.Errorf("%d shifts, shortage %v, excess %v; want one exact shift a day", days, plan.ShortageMinutes, plan.ExcessMinutes)
	}
	cov := string(readFile(t, filepath.Join(dir, "coverage.csv")))
	for _, want := range []string{"2026-03-06T09:00:00-05:00", "2026-03-09T09:00:00-04:00", "2026-03-09T16:30:00-04:00"} {
		if !strings.Contains(cov, want) {
			t.Errorf("coverage.csv lacks %s", want)
		}
	}
	// -tz names the flag when the zone is unknown.
	_, errs, code = runCLI(t, "", "schedule", "-requirements", req, "-templates", tmpl, "-tz", "Mars/Olympus")
	if code != exitBadUse || !strings.Contains(errs, "-tz") {
		t.Errorf("bad zone: exit %d, %q", code, errs)
	}
}
