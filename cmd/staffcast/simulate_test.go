package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestSimulate(t *testing.T) {
	dir := t.TempDir()
	staffed := filepath.Join(dir, "staffing.csv")
	if _, errs, code := runCLI(t, "", "staff", "-in", "testdata/erlang/staff_a.csv", "-aht", "180s", "-sl-target", "0.8", "-patience", "60s", "-out", staffed); code != 0 {
		t.Fatalf("staff: %s", errs)
	}
	out := filepath.Join(dir, "sim.csv")
	if _, errs, code := runCLI(t, "", "simulate", "-staffing", staffed, "-aht", "180s", "-patience", "60s", "-replications", "20", "-out", out); code != 0 {
		t.Fatalf("simulate: %s", errs)
	}
	// a chart shows one queue; this file has two
	if _, errs, code := runCLI(t, "", "simulate", "-staffing", staffed, "-aht", "180s", "-replications", "2", "-out", filepath.Join(dir, "x.csv"), "-chart", filepath.Join(dir, "x.svg")); code != 2 || !strings.Contains(errs, "-chart") {
		t.Errorf("two queues with -chart: exit %d, %s", code, errs)
	}
	if _, err := os.Stat(filepath.Join(dir, "x.csv")); !os.IsNotExist(err) {
		t.Errorf("a refused chart still wrote the CSV: %v", err)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if !strings.HasSuffix(lines[0], ",p_abandon,sim_service_level,sim_service_level_low,sim_service_level_high,sim_asa_seconds,sim_abandon_rate,sim_occupancy,sim_longest_queue") || len(lines) != 7 {
		t.Errorf("output:\n%s", b)
	}
	// Simulating the simulated file replaces the figures, same seed same
	// figures.
	again := filepath.Join(dir, "again.csv")
	if _, errs, code := runCLI(t, "", "simulate", "-staffing", out, "-aht", "180s", "-patience", "60s", "-replications", "20", "-out", again); code != 0 {
		t.Fatalf("simulate again: %s", errs)
	}
	if c, _ := os.ReadFile(again); string(c) != string(b) {
		t.Errorf("second run differs:\n%s", c)
	}
	stdout, errs, code := runCLI(t, "", "simulate", "-staffing", staffed, "-aht", "180s", "-replications", "5", "-json")
	if code != 0 {
		t.Fatalf("json: %s", errs)
	}
	var js struct {
		Replications int `json:"replications"`
		Queues       []struct {
			Queue string `json:"queue"`
		} `json:"queues"`
		Intervals []struct {
			ServiceLevel struct{ Mean, Low, High float64 } `json:"service_level"`
		} `json:"intervals"`
	}
	if err := json.Unmarshal([]byte(stdout), &js); err != nil || js.Replications != 5 || len(js.Queues) != 2 || len(js.Intervals) != 6 {
		t.Errorf("json %v: %s", err, stdout)
	}
}

func TestSimulateErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.csv")
	os.WriteFile(bad, []byte("interval_start,volume,aht_seconds,agents\n2024-01-01T00:00:00Z,10,180,2\n2024-01-01T00:30:00Z,10,180,two\n"), 0o644)
	good := filepath.Join(dir, "good.csv")
	os.WriteFile(good, []byte("interval_start,volume,aht_seconds\n2024-01-01T00:00:00Z,10,180\n2024-01-01T00:30:00Z,10,180\n"), 0o644)
	plan := filepath.Join(dir, "plan.csv")
	os.WriteFile(plan, []byte("date,start,end,count,breaks\n2024-01-01,00:00,08:00,x,\n"), 0o644)
	for _, c := range []struct {
		name string
		args []string
		want string
	}{
		{"no staffing", []string{"simulate"}, "-staffing"},
		{"bad agents", []string{"simulate", "-staffing", bad}, "line 3, column 4 (agents)"},
		{"both", []string{"simulate", "-staffing", bad, "-plan", plan, "-roster", plan}, "-plan or -roster"},
		{"bad plan", []string{"simulate", "-staffing", good, "-plan", plan}, "line 2, column 4 (count)"},
		{"replications", []string{"simulate", "-staffing", bad, "-replications", "0"}, "-replications"},
		{"handle time", []string{"simulate", "-staffing", bad, "-handle-time", "gamma"}, "-handle-time"},
		{"chart extension", []string{"simulate", "-staffing", good, "-chart", filepath.Join(dir, "sim.gif")}, "-chart"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, errs, code := runCLI(t, "", c.args...)
			if code != 2 || !strings.Contains(errs, c.want) {
				t.Errorf("exit %d, stderr %q, want 2 and %q", code, errs, c.want)
			}
		})
	}
}

// TestSimulatePlan: agents on duty from a plan's shifts (breaks off duty).
func TestSimulatePlan(t *testing.T) {
	dir := t.TempDir()
	st := filepath.Join(dir, "st.csv")
	os.WriteFile(st, []byte("interval_start,volume,aht_seconds\n2024-01-01T08:00:00Z,20,180\n2024-01-01T08:30:00Z,20,180\n2024-01-01T09:00:00Z,20,180\n"), 0o644)
	plan := filepath.Join(dir, "plan.csv")
	os.WriteFile(plan, []byte("date,weekday,start,end,length_minutes,paid_minutes,template,count,breaks\n2024-01-01,mon,08:00,09:30,90,90,early,3,08:30-09:00\n2024-01-01,mon,08:00,09:30,90,90,early,2,\n"), 0o644)
	chart := filepath.Join(dir, "sim.svg")
	stdout, errs, code := runCLI(t, "", "simulate", "-staffing", st, "-plan", plan, "-replications", "10", "-json", "-chart", chart)
	if code != 0 {
		t.Fatalf("%s", errs)
	}
	// -chart draws the agents on shift and the simulated service level
	// with its band.
	svg, err := os.ReadFile(chart)
	for _, want := range []string{"on shift (before shrinkage)", "simulated service level (right axis)", "simulated, 95% interval"} {
		if err != nil || !strings.Contains(string(svg), want) {
			t.Errorf("chart (%v) has no %q", err, want)
		}
	}
	var js struct {
		Intervals []struct {
			Occupancy struct{ Mean float64 } `json:"occupancy"`
		} `json:"intervals"`
	}
	if err := json.Unmarshal([]byte(stdout), &js); err != nil || len(js.Intervals) != 3 {
		t.Fatalf("%v %s", err, stdout)
	}
	// 2 Erlangs on 5 agents, then on the 2 without a break.
	if a, b := js.Intervals[0].Occupancy.Mean, js.Intervals[1].Occupancy.Mean; !(b > a+0.2) {
		t.Errorf("occupancy %v then %v: the break did not take agents off duty", a, b)
	}
}

// TestSimulateShiftsHorizon: shifts that miss the staffing's horizon (a
// roster of another year) are refused naming both ranges, not simulated
// into a service level of 0 with an ASA of years; shifts covering only part
// of it are a warning: the days without shifts are closed, their contacts
// unanswered.
func TestSimulateShiftsHorizon(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string { return writeTemp(t, name, body) }
	st := write("st.csv", "interval_start,volume,aht_seconds\n2024-01-01T08:00:00Z,20,180\n2024-01-01T08:30:00Z,20,180\n2024-01-01T09:00:00Z,20,180\n"+
		"2024-01-02T08:00:00Z,20,180\n2024-01-02T08:30:00Z,20,180\n2024-01-02T09:00:00Z,20,180\n")
	const planHead = "date,weekday,start,end,length_minutes,paid_minutes,template,count,breaks\n"
	plan2026 := write("plan2026.csv", planHead+"2026-01-05,mon,08:00,09:30,90,90,early,5,\n")
	roster2026 := write("roster2026.csv", "agent_id,date,start,end,breaks\nA1,2026-01-05,08:00,09:30,\nA2,2026-01-05,08:00,09:30,\n")
	planDay1 := write("plan1.csv", planHead+"2024-01-01,mon,08:00,09:30,90,90,early,5,\n")
	for _, c := range []struct {
		name   string
		args   []string
		code   int
		stderr []string
	}{
		{"plan of another year", []string{"-plan", plan2026}, 2,
			[]string{"plan2026.csv: no shift falls inside the staffing's horizon", "from 2026-01-05T08:00:00Z to 2026-01-05T09:30:00Z", "from 2024-01-01T08:00:00Z to 2024-01-02T09:30:00Z"}},
		{"roster of another year", []string{"-roster", roster2026}, 2, []string{"roster2026.csv: no shift falls inside the staffing's horizon"}},
		{"plan of the first day only", []string{"-plan", planDay1}, 0,
			[]string{"warning: 3 of the staffing's 6 intervals with contacts fall, in whole or in part, while the centre is closed (the first from 2024-01-02T08:00:00Z)", "counted as unanswered"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			args := append([]string{"simulate", "-staffing", st, "-replications", "2", "-out", filepath.Join(dir, "sim.csv")}, c.args...)
			_, errs, code := runCLI(t, "", args...)
			if code != c.code {
				t.Fatalf("exit %d, want %d: %s", code, c.code, errs)
			}
			for _, w := range c.stderr {
				if !strings.Contains(errs, w) {
					t.Errorf("stderr %q lacks %q", errs, w)
				}
			}
		})
	}
}

// TestSimulateShiftsZone: without -tz a plan's wall-clock times are read at
// the staffing's own UTC offset (as "schedule" reads requirements), not
// as UTC, which moved a New York plan 4 hours off its staffing.
func TestSimulateShiftsZone(t *testing.T) {
	st := writeTemp(t, "st.csv", "interval_start,volume,aht_seconds\n2024-07-01T08:00:00-04:00,20,180\n2024-07-01T08:30:00-04:00,20,180\n2024-07-01T09:00:00-04:00,20,180\n")
	plan := writeTemp(t, "plan.csv", "date,weekday,start,end,length_minutes,paid_minutes,template,count,breaks\n2024-07-01,mon,08:00,09:30,90,90,early,5,\n")
	simulate := func(args ...string) (string, string, int) {
		return runCLI(t, "", append([]string{"simulate", "-staffing", st, "-plan", plan, "-replications", "5", "-json"}, args...)...)
	}
	newYork, errs, code := simulate("-tz", "America/New_York")
	if code != 0 {
		t.Fatalf("-tz America/New_York: exit %d: %s", code, errs)
	}
	for _, c := range []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"no -tz: the staffing's offset", nil, 0, ""},
		{"-tz UTC is still UTC", []string{"-tz", "UTC"}, 2, "no shift falls inside the staffing's horizon"},
	} {
		t.Run(c.name, func(t *testing.T) {
			out, errs, code := simulate(c.args...)
			if code != c.code || !strings.Contains(errs, c.stderr) {
				t.Fatalf("exit %d, stderr %q; want %d and %q", code, errs, c.code, c.stderr)
			}
			if code == 0 && out != newYork {
				t.Errorf("got %s\nwant what -tz America/New_York gives: %s", out, newYork)
			}
		})
	}
}

// TestSimulateSpringForwardRoster: a roster whose breaks fall in or across
// the hour New York's clocks skip, as schedule -tz writes them, is
// simulated with the breaks where coverage and the calendars put them (it
// was refused, "breaks[0].end ... is not after start", or had a break an
// hour early); a break inside the skipped hour takes no time.
func TestSimulateSpringForwardRoster(t *testing.T) {
	var b strings.Builder
	b.WriteString("interval_start,volume,aht_seconds,agents\n")
	ny := newYork(t)
	for at := time.Date(2026, 3, 7, 20, 0, 0, 0, ny); at.Before(time.Date(2026, 3, 8, 8, 0, 0, 0, ny)); at = at.Add(30 * time.Minute) {
		fmt.Fprintf(&b, "%s,10,180,2\n", at.Format(time.RFC3339))
	}
	st := writeTemp(t, "st.csv", b.String())
	roster := writeTemp(t, "roster.csv", "agent_id,date,start,end,breaks\n"+
		"A1,2026-03-07,20:00,08:00,01:45-02:15\n"+
		"A2,2026-03-07,20:00,08:00,02:30-03:00\n")
	out, errs, code := runCLI(t, "", "simulate", "-staffing", st, "-roster", roster, "-tz", "America/New_York", "-replications", "3", "-json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if strings.Contains(errs, "nobody") || !strings.Contains(out, `"intervals"`) {
		t.Errorf("stderr %q (a break placed an hour early leaves 01:30 without anyone)", errs)
	}
}

// TestSimulateFunnel: a staffing made behind a bot, simulated with the same
// funnel flags, keeps its promise near the target; simulated without them
// the humans would get every contact.
func TestSimulateFunnel(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "wl.csv")
	var b strings.Builder
	b.WriteString("interval_start,volume,aht_seconds\n")
	for h := 8; h < 18; h++ {
		for _, m := range []string{"00", "30"} {
			fmt.Fprintf(&b, "2026-03-02T%02d:%s:00Z,%d,240\n", h, m, 150+10*(h%4))
		}
	}
	os.WriteFile(in, []byte(b.String()), 0o644)
	bot := []string{"-bot-share", "0.5", "-bot-escalation", "0.3", "-bot-false-containment", "0.1", "-bot-return-share", "0.5",
		"-bot-return-lag", "1h", "-escalated-aht", "300s", "-escalated-patience", "45s"}
	staffed := filepath.Join(dir, "st.csv")
	if _, errs, code := runCLI(t, "", append([]string{"staff", "-in", in, "-sl-target", "0.8", "-sl-time", "30s", "-patience", "120s", "-out", staffed}, bot...)...); code != 0 {
		t.Fatalf("staff: %s", errs)
	}
	sl := func(extra ...string) float64 {
		t.Helper()
		stdout, errs, code := runCLI(t, "", append([]string{"simulate", "-staffing", staffed, "-patience", "120s", "-sl-time", "30s", "-replications", "40", "-json"}, extra...)...)
		if code != 0 {
			t.Fatalf("simulate: %s", errs)
		}
		var js struct {
			Queues []struct {
				Total struct {
					ServiceLevel struct{ Mean float64 } `json:"service_level"`
				} `json:"total"`
			} `json:"queues"`
		}
		if err := json.Unmarshal([]byte(stdout), &js); err != nil || len(js.Queues) != 1 {
			t.Fatalf("%v: %s", err, stdout)
		}
		return js.Queues[0].Total.ServiceLevel.Mean
	}
	with, without := sl(bot...), sl()
	t.Logf("service level %.3f through the funnel, %.3f without", with, without)
	if with < 0.72 || with > 0.95 {
		t.Errorf("service level through the funnel %v, want near the 0.8 staffed for", with)
	}
	if without > 0.5 {
		t.Errorf("service level without the funnel %v: every contact should swamp the humans", without)
	}
	if _, errs, code := runCLI(t, "", "simulate", "-staffing", staffed, "-bot-escalation", "0.3"); code != 2 || !strings.Contains(errs, "-bot-share") {
		t.Errorf("funnel flag without -bot-share: exit %d, %s", code, errs)
	}
}

// TestSimulateSummaryUnnamedQueue: a staffing without a queue column gets
// a summary line without an empty queue name ("simulate: : ...").
func TestSimulateSummaryUnnamedQueue(t *testing.T) {
	st := writeTemp(t, "st.csv", "interval_start,volume,aht_seconds,agents\n2024-01-01T08:00:00Z,20,180,4\n2024-01-01T08:30:00Z,20,180,4\n")
	_, errs, code := runCLI(t, "", "simulate", "-staffing", st, "-replications", "3", "-out", filepath.Join(t.TempDir(), "sim.csv"))
	if code != 0 || !strings.Contains(errs, "staffcast simulate: 3 replications: service level") {
		t.Errorf("exit %d, stderr %q", code, errs)
	}
}

// A bot share or escalation of 1 (everyone meets the bot first; every
// session escalates) is meaningful: erlang, staff and simulate accept it
// as scenario does, so the split optimize recommends can be staffed and
// simulated; above 1 is refused naming the flag.
func TestBotRatesOfOne(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct {
		name string
		bot  []string
	}{
		{"share 1", []string{"-bot-share", "1", "-bot-escalation", "0.3", "-bot-false-containment", "0.1", "-bot-return-share", "1", "-bot-return-lag", "1h"}},
		{"escalation 1", []string{"-bot-share", "0.5", "-bot-escalation", "1"}},
		{"false containment 1", []string{"-bot-share", "1", "-bot-false-containment", "1", "-bot-return-share", "0.5"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			if _, errs, code := runCLI(t, "", append([]string{"erlang", "-volume", "100", "-interval", "30m", "-aht", "180s", "-sl-target", "0.8", "-patience", "60s"}, c.bot...)...); code != 0 {
				t.Fatalf("erlang: exit %d, %s", code, errs)
			}
			staffed := filepath.Join(dir, "staffing.csv")
			if _, errs, code := runCLI(t, "", append([]string{"staff", "-in", "testdata/erlang/staff_a.csv", "-aht", "180s", "-sl-target", "0.8", "-patience", "60s", "-out", staffed}, c.bot...)...); code != 0 {
				t.Fatalf("staff: exit %d, %s", code, errs)
			}
			if _, errs, code := runCLI(t, "", append([]string{"simulate", "-staffing", staffed, "-aht", "180s", "-patience", "60s", "-replications", "2", "-out", filepath.Join(dir, "sim.csv")}, c.bot...)...); code != 0 {
				t.Fatalf("simulate: exit %d, %s", code, errs)
			}
		})
	}
	if _, errs, code := runCLI(t, "", "erlang", "-volume", "100", "-interval", "30m", "-aht", "180s", "-sl-target", "0.8", "-bot-share", "1.01"); code != exitBadUse || !strings.Contains(errs, "-bot-share") {
		t.Errorf("share 1.01: exit %d, %s", code, errs)
	}
}
