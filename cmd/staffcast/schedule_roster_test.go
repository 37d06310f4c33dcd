package main

import (
	"bytes"
	"context"
	"encoding/json"
	"github.com/staffcast/staffcast/app"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/staffcast/staffcast/csvio/hrio"
	"github.com/staffcast/staffcast/scheduler"
	"github.com/staffcast/staffcast/scheduler/roster"
)

func testEnv(getenv map[string]string) (env, *bytes.Buffer) {
	var out bytes.Buffer
	return env{getenv: func(k string) string { return getenv[k] }, stdin: strings.NewReader(""), stdout: &out, stderr: &out}, &out
}

// rosterFixture is a week from Monday 23 November 2026: three early
// shifts a day, for four agents of whom two work weekdays only, so one
// weekend place a day stays open.
func rosterFixture(t *testing.T) (scheduler.Requirements, []scheduler.PlannedShift, string) {
	req := scheduler.Requirements{Start: time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC), Interval: time.Hour, Required: make([]float64, 7*24), Cyclic: true}
	var plan []scheduler.PlannedShift
	for d := range 7 {
		n := 3
		plan = append(plan, scheduler.PlannedShift{Shift: scheduler.Shift{Day: d, Start: 8 * time.Hour, Length: 8*time.Hour + 30*time.Minute,
			Breaks: []scheduler.Break{{Start: 12 * time.Hour, Length: 30 * time.Minute}}}, Count: n})
	}
	agents := writeTemp(t, "agents.csv", "agent_id,name,skills,min_hours_week,max_hours_week,max_days_week,availability,preferred_days_off\n"+
		"a/1,Ana,voice,32,40,5,mon-fri 07:00-18:00,\n"+
		"a 2,Ben,voice,32,40,5,mon-fri 07:00-18:00,\n"+
		"c3,Cy,voice,0,40,5,,sun\n"+
		"D4,Di,voice,0,40,5,daily 06:00-22:00,\n")
	return req, plan, agents
}

func TestRosterStep(t *testing.T) {
	req, plan, agents := rosterFixture(t)
	dir := filepath.Join(t.TempDir(), "out")
	e, _ := testEnv(nil)
	rep := rosterToDir(t, e, agents, req, plan, dir)
	// 21 places. Only c3 and D4 may work weekends: 4 of the 6 weekend
	// places, leaving 2 open, and 5 days each cover the weekdays with a1 and a2.
	if rep.Assigned != 19 || rep.Unassigned != 2 || rep.Agents != 4 || rep.PreferredOffWorked != 1 {
		t.Fatalf("report %+v", rep)
	}
	if len(rep.Shortfall) != 1 || rep.Shortfall[0].Availability != "sat-sun 08:00-16:30" || rep.Shortfall[0].Agents != 1 {
		t.Errorf("shortfall %+v, want 1 more agent available sat-sun 08:00-16:30", rep.Shortfall)
	}
	if len(rep.UnassignedShifts) != 2 || rep.UnassignedShifts[0] != (app.OpenShift{Date: "2026-11-28", Day: "sat", Start: "08:00", End: "16:30", Breaks: "12:00-12:30", Count: 1}) {
		t.Errorf("unassigned shifts %+v", rep.UnassignedShifts)
	}
	js, err := json.Marshal(rep)
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{`"assigned":`, `"unassigned_shifts":`, `"shortfall":`, `"per_agent":`, `"preferred_days_off_worked":`, `"paid_hours":`} {
		if !bytes.Contains(js, []byte(key)) {
			t.Errorf("JSON lacks %s: %s", key, js)
		}
	}
	// roster.csv reads back as shifts with every assignment.
	f, err := os.Open(filepath.Join(dir, "roster.csv"))
	if err != nil {
		t.Fatal(err)
	}
	shifts, err := hrio.ReadShifts(f)
	f.Close()
	if err != nil || len(shifts) != rep.Assigned {
		t.Fatalf("roster.csv: %d shifts, %v; want %d", len(shifts), err, rep.Assigned)
	}
	// One calendar per agent with shifts, under a safe name.
	for _, name := range []string{"a_1.ics", "a_2.ics", "c3.ics", "D4.ics"} {
		body, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Errorf("%s: %v (files %v)", name, err, rep.Files)
			continue
		}
		if !bytes.HasPrefix(body, []byte("BEGIN:VCALENDAR\r\n")) || !bytes.HasSuffix(body, []byte("END:VCALENDAR\r\n")) ||
			!bytes.Contains(body, []byte("DTSTAMP:20261123T000000Z\r\n")) {
			t.Errorf("%s is not a calendar:\n%s", name, body)
		}
	}
	// Reproducible, and SOURCE_DATE_EPOCH sets DTSTAMP.
	dir2 := filepath.Join(t.TempDir(), "again")
	e2, _ := testEnv(map[string]string{"SOURCE_DATE_EPOCH": "1700000000"})
	rosterToDir(t, e2, agents, req, plan, dir2)
	a, b, ics := readFile(t, filepath.Join(dir, "roster.csv")), readFile(t, filepath.Join(dir2, "roster.csv")), readFile(t, filepath.Join(dir2, "D4.ics"))
	if !bytes.Equal(a, b) || !bytes.Contains(ics, []byte("DTSTAMP:20231114T221320Z")) {
		t.Error("second run differs or ignores SOURCE_DATE_EPOCH")
	}
}

// TestRosterReportCoverage: the roster's own coverage counts only the
// assigned shifts. Saturday needs 3 agents from 08:00 to 16:00 and gets 2
// (one place stays open): short 1 an hour, 2 in the hour of both breaks,
// 9 agent-hours in 8 intervals; excess is every other day's coverage
// (nothing required there) and Saturday's 16:00-16:30.
func TestRosterReportCoverage(t *testing.T) {
	req, plan, agents := rosterFixture(t)
	for h := 8; h < 16; h++ {
		req.Required[5*24+h] = 3
	}
	e, _ := testEnv(nil)
	rep := rosterToDir(t, e, agents, req, plan, filepath.Join(t.TempDir(), "out"))
	if rep.Unassigned != 2 || len(rep.UnassignedShifts) != 2 || rep.UnassignedShifts[0].Day != "sat" || rep.UnassignedShifts[1].Day != "sun" {
		t.Fatalf("open shifts %+v, want one on saturday and one on sunday", rep.UnassignedShifts)
	}
	// Weekdays 15 shifts and Sunday 2, 8 paid hours each, and Saturday's
	// last half hour of 2 agents.
	const excess = (15+2)*8*60 + 60
	if rep.ShortageMinutes != 540 || rep.ShortIntervals != 8 || rep.ExcessMinutes != excess {
		t.Errorf("roster coverage: shortage %v in %d intervals, excess %v; want 540 in 8, %d", rep.ShortageMinutes, rep.ShortIntervals, rep.ExcessMinutes, excess)
	}
	// The plan, every place filled, is short only in the break hour.
	if c := scheduler.Cover(req, plan); c.ShortageMinutes != 90 {
		t.Errorf("the plan's shortage %v, want 90", c.ShortageMinutes)
	}
}

// TestRosterCoverageRoundTrip measures the written roster.csv with the
// coverage command: it covers what the plan covers less the open places.
func TestRosterCoverageRoundTrip(t *testing.T) {
	req, plan, agents := rosterFixture(t)
	req.Cyclic = false
	dir := t.TempDir()
	e, _ := testEnv(nil)
	rep := rosterToDir(t, e, agents, req, plan, dir)
	var reqCSV strings.Builder
	reqCSV.WriteString("interval_start,required\n")
	for i := range req.Required {
		reqCSV.WriteString(req.Start.Add(time.Duration(i)*time.Hour).Format(time.RFC3339) + ",0\n")
	}
	reqPath := writeTemp(t, "req.csv", reqCSV.String())
	out, errs, code := runCLI(t, "", "coverage", "--requirements", reqPath, "--shifts", filepath.Join(dir, "roster.csv"), "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var cov app.CoverageReport
	if err := json.Unmarshal([]byte(out), &cov); err != nil {
		t.Fatal(err)
	}
	// Nobody is required, so everything worked is excess: 8h a shift.
	if want := float64(rep.Assigned) * 8 * 60; cov.ExcessMinutes != want {
		t.Errorf("roster covers %v person-minutes, want %v", cov.ExcessMinutes, want)
	}
}

func TestRosterStepErrors(t *testing.T) {
	req, plan, _ := rosterFixture(t)
	e, _ := testEnv(nil)
	bad := writeTemp(t, "agents.csv", "agent_id,name,skills,min_hours_week,max_hours_week,max_days_week,availability\nA,,,,,,\nA,,,,,,\n")
	_, _, err := rosterStep(context.Background(), e, bad, req, plan, roster.DefaultOptions(), "")
	if exitCode(err) != exitBadUse || !strings.Contains(err.Error(), "agents.csv: line 3, column 1 (agent_id)") {
		t.Errorf("duplicate id: %v (exit %d)", err, exitCode(err))
	}
	_, _, err = rosterStep(context.Background(), e, "/no/such/agents.csv", req, plan, roster.DefaultOptions(), "")
	if exitCode(err) != exitBadUse {
		t.Errorf("missing file: %v (exit %d)", err, exitCode(err))
	}
}

func TestCalendarFileNames(t *testing.T) {
	agents := hrioAgents("A1", "a1", "../etc", ".hidden", "x y", "roster", "é")
	got := app.CalendarFileNames(agents)
	want := []string{"A1.ics", "a1-2.ics", "_._etc.ics", "_hidden.ics", "x_y.ics", "roster-2.ics", "__.ics"}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("names %v, want %v", got, want)
			break
		}
	}
}

func hrioAgents(ids ...string) []roster.Agent {
	out := make([]roster.Agent, len(ids))
	for i, id := range ids {
		out[i].ID = id
	}
	return out
}

// rosterToDir runs rosterStep and writes its files into dir, as schedule
// does once everything succeeded.
func rosterToDir(t *testing.T, e env, agents string, req scheduler.Requirements, plan []scheduler.PlannedShift, dir string) *app.RosterReport {
	t.Helper()
	rep, files, err := rosterStep(context.Background(), e, agents, req, plan, roster.DefaultOptions(), dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := commitOutputs(files); err != nil {
		t.Fatal(err)
	}
	return rep
}

// rosterStep is what schedule does with -agents for a given plan: read
// the agents, roster the plan through the application layer, render the
// files of outDir.
func rosterStep(ctx context.Context, e env, agentsPath string, req scheduler.Requirements, plan []scheduler.PlannedShift, opt roster.Options, outDir string) (*app.RosterReport, []outFile, error) {
	agents, err := readAgentsFile(agentsPath, e)
	if err != nil {
		return nil, nil, err
	}
	res, err := app.AssignRoster(ctx, app.RosterRequest{Requirements: req, Shifts: plan, Agents: agents, Options: opt})
	if err != nil {
		return nil, nil, err
	}
	if outDir == "" {
		return res.Report, nil, nil
	}
	files, err := rosterFiles(e, req, agents, res.Roster, res.Report, outDir)
	return res.Report, files, err
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
