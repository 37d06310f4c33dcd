package main

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/staffcast/staffcast/csvio/schedio"
	"github.com/staffcast/staffcast/scenario"
)

// planHistory is three weeks of hourly history, open 08:00-20:00, with
// a weekly and a daily pattern.
func planHistory() string {
	var b strings.Builder
	b.WriteString("interval_start,queue,channel,offered,handled,aht_seconds\n")
	start := time.Date(2026, 2, 9, 0, 0, 0, 0, time.UTC) // a Monday
	daily := []int{40, 70, 90, 95, 85, 80, 75, 80, 70, 60, 50, 30}
	week := []float64{1.2, 1.05, 1, 1, 0.95, 0.55, 0.35}
	for d := range 21 {
		for h, v := range daily {
			n := int(float64(v)*week[d%7]) + (d*7+h)%5
			fmt.Fprintf(&b, "%s,retail,voice,%d,%d,%d\n", start.AddDate(0, 0, d).Add(time.Duration(8+h)*time.Hour).Format(time.RFC3339), n, n, 290+(h%3)*10)
		}
	}
	return b.String()
}

// planAgents is a team too small for the plan, so some shifts stay open.
func planAgents(n int) string {
	var b strings.Builder
	b.WriteString("agent_id,name,skills,min_hours_week,max_hours_week,max_days_week,availability\n")
	for i := range n {
		fmt.Fprintf(&b, "A%02d,Agent %d,voice,0,40,5,daily 07:00-21:00\n", i+1, i+1)
	}
	return b.String()
}

// planScenario has no demand: plan takes it from -history.
const planScenario = `{"queue": "retail",
 "promise": {"sl_target": 0.8, "sl_time": "30s", "max_abandon": 0.05}, "shrinkage": 0.3,
 "humans": {"patience": "120s", "hourly_cost": 30, "hours": "08:00-20:00"},
 "bot": {"share": 0.3, "escalation": 0.3, "false_containment": 0.1, "return_share": 0.5, "return_lag": "2h",
         "escalated_aht": "360s", "escalated_patience": "45s", "cost_per_session": 0.5},
 "lost_contact_cost": 8}`

func planFixture(t *testing.T) (dir string, args func(extra ...string) []string) {
	t.Helper()
	dir = scFixture(t, map[string]string{
		"history.csv":    planHistory(),
		"scenario.json":  planScenario,
		"templates.json": scTemplates,
		"agents.csv":     planAgents(12),
		"bad-agents.csv": "agent_id,name,skills,min_hours_week,max_hours_week,max_days_week,availability\nA1,Ann,voice,0,forty,5,\n",
	})
	p := func(n string) string { return filepath.Join(dir, n) }
	return dir, func(extra ...string) []string {
		a := []string{"plan", "-history", p("history.csv"), "-scenario", p("scenario.json"), "-templates", p("templates.json")}
		return append(a, extra...)
	}
}

func TestPlanWritesEveryFile(t *testing.T) {
	dir, args := planFixture(t)
	out := filepath.Join(t.TempDir(), "plan")
	stdout, errs, code := runCLI(t, "", args("-agents", filepath.Join(dir, "agents.csv"), "-out-dir", out)...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	entries, err := os.ReadDir(out)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	ics := 0
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".ics") {
			ics++
			continue
		}
		names = append(names, e.Name())
	}
	sort.Strings(names)
	want := []string{"coverage.csv", "forecast.csv", "intervals.csv", "plan.csv", "roster.csv", "staffing.csv", "summary.txt", "totals.json"}
	if strings.Join(names, " ") != strings.Join(want, " ") || ics == 0 {
		t.Errorf("wrote %v and %d calendars; want %v and calendars", names, ics, want)
	}
	summary, err := os.ReadFile(filepath.Join(out, "summary.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if stdout != string(summary) {
		t.Errorf("stdout differs from summary.txt:\n%s\n---\n%s", stdout, summary)
	}
	for _, w := range []string{"Forecast", "from Mon 2026-03-02", "Bot", "share 0.3", "Service", "Cost", "humans", "bot", "lost contacts",
		"Funnel", "naive cut", "Shift plan", "gap", "Roster", "12 agents", "open", "Files"} {
		if !strings.Contains(stdout, w) {
			t.Errorf("summary lacks %q:\n%s", w, stdout)
		}
	}
	// The funnel line's hours subtract: required - naive = extra (it
	// printed the plan's paid hours, which also pay for shift shapes).
	if m := regexp.MustCompile(`Funnel\s+([\d,.]+) paid hours required against ([\d,.]+) for the naive cut[^:]*: ([+-][\d,.]+) h`).FindStringSubmatch(stdout); m == nil {
		t.Errorf("no funnel line:\n%s", stdout)
	} else {
		num := func(s string) float64 { v, _ := strconv.ParseFloat(strings.ReplaceAll(s, ",", ""), 64); return v }
		if d := num(m[1]) - num(m[2]) - num(m[3]); math.Abs(d) > 1 {
			t.Errorf("funnel line %q: %s - %s is not %s", m[0], m[1], m[2], m[3])
		}
	}
	// staffing.csv is what "schedule -requirements ... -column
	// scheduled_agents" reads, and asks for what coverage.csv requires.
	f, err := os.Open(filepath.Join(out, "staffing.csv"))
	if err != nil {
		t.Fatal(err)
	}
	req, err := schedio.ReadRequirements(f, "scheduled_agents")
	f.Close()
	if err != nil {
		t.Fatalf("staffing.csv as requirements: %v", err)
	}
	cov, err := os.ReadFile(filepath.Join(out, "coverage.csv"))
	if err != nil {
		t.Fatal(err)
	}
	need := 0.0
	for _, line := range strings.Split(strings.TrimSpace(string(cov)), "\n")[1:] {
		var v float64
		fmt.Sscan(strings.Split(line, ",")[1], &v)
		need += v
	}
	got := 0.0
	for _, v := range req.Required {
		got += v
	}
	if got != need || need == 0 {
		t.Errorf("staffing.csv requires %v agent-intervals, coverage.csv %v", got, need)
	}
}

func TestPlanWithoutAgents(t *testing.T) {
	_, args := planFixture(t)
	out := filepath.Join(t.TempDir(), "plan")
	stdout, errs, code := runCLI(t, "", args("-out-dir", out, "-method", "snaive", "-horizon", "72h")...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if _, err := os.Stat(filepath.Join(out, "roster.csv")); !os.IsNotExist(err) {
		t.Errorf("roster.csv without -agents: %v", err)
	}
	if strings.Contains(stdout, "Roster") || !strings.Contains(stdout, "method snaive") || !strings.Contains(stdout, "to Wed 2026-03-04") {
		t.Errorf("summary:\n%s", stdout)
	}
}

// -staff-to staffs the forecast's p80 or its expected service level:
// more paid hours than the point forecast, said in the summary.
func TestPlanStaffTo(t *testing.T) {
	_, args := planFixture(t)
	hours := map[string]float64{}
	for _, to := range []string{"mean", "p80", "expected-sl"} {
		out := filepath.Join(t.TempDir(), "plan")
		stdout, errs, code := runCLI(t, "", args("-out-dir", out, "-staff-to", to)...)
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", to, code, errs)
		}
		var tot struct {
			Totals *scenario.Totals `json:"totals"`
		}
		if b, err := os.ReadFile(filepath.Join(out, "totals.json")); err != nil || json.Unmarshal(b, &tot) != nil || tot.Totals == nil {
			t.Fatalf("%s: totals.json: %v", to, err)
		}
		hours[to] = tot.Totals.RequiredPaidHours
		if note := map[string]string{"p80": "staffed to the forecast's p80", "expected-sl": "staffed to the expected service level"}[to]; !strings.Contains(stdout, note) {
			t.Errorf("%s: summary does not say %q:\n%s", to, note, stdout)
		}
	}
	if !(hours["mean"] < hours["expected-sl"] && hours["expected-sl"] < hours["p80"]) {
		t.Errorf("required paid hours %v: want mean < expected-sl < p80", hours)
	}
}

// TestPlanCalendar: -calendar gives the history's forecast its special
// days (a closed Tuesday forecasts no contacts), as "forecast -calendar"
// does; a bad calendar is refused naming the flag, the line and the column.
func TestPlanCalendar(t *testing.T) {
	dir, args := planFixture(t)
	cal := filepath.Join(dir, "calendar.csv")
	if err := os.WriteFile(cal, []byte("date,queue,kind,factor,name\n2026-03-03,retail,closed,,\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tuesday := func(extra ...string) float64 {
		t.Helper()
		out := filepath.Join(t.TempDir(), "plan")
		if _, errs, code := runCLI(t, "", args(append(extra, "-out-dir", out, "-horizon", "72h")...)...); code != 0 {
			t.Fatalf("%v: exit %d: %s", extra, code, errs)
		}
		b, err := os.ReadFile(filepath.Join(out, "forecast.csv"))
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(strings.TrimSpace(string(b)), "\n")
		col := slices.Index(strings.Split(lines[0], ","), "volume")
		sum := 0.0
		for _, l := range lines[1:] {
			f := strings.Split(l, ",")
			if strings.HasPrefix(f[0], "2026-03-03") {
				v, err := strconv.ParseFloat(f[col], 64)
				if err != nil {
					t.Fatal(err)
				}
				sum += v
			}
		}
		return sum
	}
	if v := tuesday(); v <= 0 {
		t.Fatalf("without the calendar Tuesday forecasts %v contacts", v)
	}
	if v := tuesday("-calendar", cal); v != 0 {
		t.Errorf("with Tuesday closed it forecasts %v contacts, want 0", v)
	}
	// A closed day gets no shifts, though the bot's returns of the day
	// before arrive on it (a 24 h lag): the humans are closed then, so
	// those returns are unserved (a closed Good Friday got 9 people).
	lagged := filepath.Join(dir, "lagged.json")
	if err := os.WriteFile(lagged, []byte(strings.Replace(planScenario, `"return_lag": "2h"`, `"return_lag": "24h"`, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "plan")
	if _, errs, code := runCLI(t, "", "plan", "-history", filepath.Join(dir, "history.csv"), "-scenario", lagged, "-templates", filepath.Join(dir, "templates.json"),
		"-calendar", cal, "-horizon", "72h", "-out-dir", out); code != 0 {
		t.Fatalf("24 h returns: exit %d: %s", code, errs)
	}
	planCSV, err := os.ReadFile(filepath.Join(out, "plan.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(planCSV), "\n2026-03-03,") {
		t.Errorf("shifts on the closed Tuesday:\n%s", planCSV)
	}
	intervals, err := os.ReadFile(filepath.Join(out, "intervals.csv"))
	if err != nil || !strings.Contains(string(intervals), "2026-03-03") {
		t.Fatalf("intervals.csv: %v", err)
	}
	bad := filepath.Join(dir, "bad-calendar.csv")
	if err := os.WriteFile(bad, []byte("date,queue,kind,factor,name\n2026-03-03,retail,shut,,\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, errs, code := runCLI(t, "", args("-out-dir", filepath.Join(t.TempDir(), "plan"), "-calendar", bad)...)
	if code != exitBadUse || !strings.Contains(errs, "-calendar") || !strings.Contains(errs, "line 2, column 3") {
		t.Errorf("bad calendar: exit %d: %s", code, errs)
	}
}

func TestPlanErrorsWriteNothing(t *testing.T) {
	dir, args := planFixture(t)
	p := func(n string) string { return filepath.Join(dir, n) }
	os.WriteFile(p("bad-field.json"), []byte(strings.Replace(planScenario, `"share": 0.3`, `"share": 1.5`, 1)), 0o644)
	os.WriteFile(p("bad-templates.json"), []byte(`{"templates": []}`), 0o644)
	tests := []struct {
		name string
		args []string
		want []string
	}{
		{"no history", []string{"plan", "-scenario", p("scenario.json"), "-templates", p("templates.json"), "-out-dir", "X"}, []string{"-history"}},
		{"no out-dir", args(), []string{"-out-dir"}},
		{"missing history", []string{"plan", "-history", p("absent.csv"), "-scenario", p("scenario.json"), "-templates", p("templates.json"), "-out-dir", "X"}, []string{"-history", "absent.csv"}},
		{"bad scenario field", []string{"plan", "-history", p("history.csv"), "-scenario", p("bad-field.json"), "-templates", p("templates.json"), "-out-dir", "X"}, []string{"bad-field.json", "bot.share", "1.5"}},
		{"bad templates", []string{"plan", "-history", p("history.csv"), "-scenario", p("scenario.json"), "-templates", p("bad-templates.json"), "-out-dir", "X"}, []string{"-templates", "bad-templates.json"}},
		{"bad agents", args("-agents", p("bad-agents.csv"), "-out-dir", "X"), []string{"bad-agents.csv", "line 2"}},
		{"bad method", args("-method", "crystal-ball", "-out-dir", "X"), []string{"-method"}},
		{"bad staff-to", args("-staff-to", "p90", "-out-dir", "X"), []string{"-staff-to", "p90"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out")
			for i, a := range tt.args {
				if a == "X" {
					tt.args[i] = out
				}
			}
			wantBadUse(t, tt.args, tt.want...)
			if _, err := os.Stat(out); !os.IsNotExist(err) {
				t.Errorf("-out-dir created on failure: %v", err)
			}
		})
	}
}
