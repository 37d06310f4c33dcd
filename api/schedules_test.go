package api

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/staffcast/staffcast/app"
	"github.com/staffcast/staffcast/scheduler"
	"github.com/staffcast/staffcast/scheduler/roster"
)

// TestArgDuration: a schedule job's time limit is written as a duration
// string and read from one or, as stored before, from nanoseconds.
func TestArgDuration(t *testing.T) {
	b, err := json.Marshal(scheduleArgs{TimeLimit: argDuration(10 * time.Second)})
	if err != nil || !json.Valid(b) || !strings.Contains(string(b), `"time_limit":"10s"`) {
		t.Fatalf("marshal: %s %v", b, err)
	}
	for _, c := range []struct {
		in      string
		want    time.Duration
		wantErr bool
	}{
		{`"10s"`, 10 * time.Second, false},
		{`"1m30s"`, 90 * time.Second, false},
		{`10000000000`, 10 * time.Second, false},
		{`"abc"`, 0, true},
		{`true`, 0, true},
	} {
		var d argDuration
		err := json.Unmarshal([]byte(c.in), &d)
		if (err != nil) != c.wantErr || (!c.wantErr && time.Duration(d) != c.want) {
			t.Errorf("%s: %v, %v; want %v (error %v)", c.in, time.Duration(d), err, c.want, c.wantErr)
		}
	}
}

// TestScheduleCoverageCountsShifts: a schedule's plan.coverage.shifts is
// the number of agents' shifts of the plan (each planned shift counts
// Count times), also for a schedule stored when the figure was left 0.
func TestScheduleCoverageCountsShifts(t *testing.T) {
	ts := startServer(t)
	ctx := t.Context()
	if _, err := ts.store.CreateQueue(ctx, "test", app.Queue{Name: "q1", Channel: "voice", TimeZone: "UTC", Interval: 30 * time.Minute}); err != nil {
		t.Fatal(err)
	}
	plan := `{"staffing_id":1,"templates":"std","tz":"UTC","days":1,"shifts":[],"coverage":{"interval_minutes":30,"shifts":0,"intervals":[]},
		"solution":{"start":"2026-03-02T00:00:00Z","interval":1800000000000,"required":[1,1],
		"planned":[{"Day":0,"Start":0,"Length":3600000000000,"Count":3},{"Day":0,"Start":1800000000000,"Length":1800000000000,"Count":2}]}}`
	sc, _, err := ts.store.CreateSchedule(ctx, "test", app.Schedule{Queue: "q1", Plan: json.RawMessage(plan)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Plan scheduleView `json:"plan"`
	}
	code, _, b := ts.do(t, HR, "GET", fmt.Sprintf("/api/v1/schedules/%d", sc.ID), "", nil)
	mustJSON(t, "schedule", 200, code, b, &got)
	if got.Plan.Coverage.Shifts != 5 {
		t.Errorf("plan.coverage.shifts %d, want 5 (3 + 2 agents' shifts)", got.Plan.Coverage.Shifts)
	}
}

// TestRosterShiftOfSkippedHour: a planned break at 02:30-03:00 on New
// York's spring-forward night (it does not exist) is stored as no break,
// as coverage and the calendars count it, not as an empty or reversed one
// the store refuses (which failed the schedule job after its plan was
// stored); the shift keeps its other breaks and its instants.
func TestRosterShiftOfSkippedHour(t *testing.T) {
	ny := newYork(t)
	req := scheduler.Requirements{Start: time.Date(2026, 3, 7, 0, 0, 0, 0, ny), Interval: 30 * time.Minute, Required: make([]float64, 96)}
	h := time.Hour
	a := roster.Assignment{Agent: "N3", Shift: scheduler.Shift{Day: 0, Start: 22*h + 30*time.Minute, Length: 8 * h,
		Breaks: []scheduler.Break{{Start: 25 * h, Length: 15 * time.Minute}, {Start: 26*h + 30*time.Minute, Length: 30 * time.Minute}}}}
	rs := rosterShiftOf(req, a)
	if len(rs.Breaks) != 1 || !rs.Breaks[0].Start.Equal(time.Date(2026, 3, 8, 1, 0, 0, 0, ny)) || !rs.Breaks[0].End.After(rs.Breaks[0].Start) {
		t.Errorf("breaks %+v, want only the 01:00-01:15 one", rs.Breaks)
	}
	if !rs.Start.Equal(time.Date(2026, 3, 7, 22, 30, 0, 0, ny)) || !rs.End.Equal(time.Date(2026, 3, 8, 6, 30, 0, 0, ny)) {
		t.Errorf("shift %v to %v", rs.Start, rs.End)
	}
}

// TestScheduleJobStoresAllOrNothing: a schedule job that rosters stores its
// plan and its roster in one transaction. A database error while the
// roster is written (injected: a trigger refusing roster shifts) stores
// neither, where it left a stored plan that said it was rostered without
// a roster; once the database accepts it, the job stores both, the roster
// named after its schedule.
func TestScheduleJobStoresAllOrNothing(t *testing.T) {
	ts := startServer(t)
	ctx := t.Context()
	_, sid := planningFixture(t, ts)
	code, _, b := ts.do(t, Planner, "PUT", "/api/v1/shift-templates/std", "application/json", readTestdata(t, "schedule/templates.json"))
	mustJSON(t, "templates", 200, code, b, nil)
	code, _, b = ts.do(t, HR, "PUT", "/api/v1/agents", "text/csv", readTestdata(t, "schedule/agents.csv"))
	mustJSON(t, "agents", 200, code, b, nil)
	db := ts.store.SQLDB()
	if _, err := db.ExecContext(ctx, `CREATE TRIGGER fail_roster BEFORE INSERT ON roster_shifts BEGIN SELECT RAISE(ABORT, 'injected failure'); END`); err != nil {
		t.Fatal(err)
	}
	a := scheduleArgs{Queue: "sales", StaffingID: sid, Column: "scheduled_agents", Templates: "std", TimeLimit: argDuration(time.Second),
		Seed: 1, TZ: "America/New_York", Roster: true}
	run := func() (json.RawMessage, error) {
		return ts.srv.runSchedule(ctx, "t-planner", a, func(float64, string) {})
	}
	if res, err := run(); err == nil {
		t.Fatalf("the job stored %s while the roster's shifts could not be written", res)
	}
	scs, _, err := ts.store.ListSchedules(ctx, "", app.Page{})
	if err != nil {
		t.Fatal(err)
	}
	rs, _, err := ts.store.ListRosters(ctx, "", app.Page{})
	if err != nil {
		t.Fatal(err)
	}
	if len(scs) != 0 || len(rs) != 0 {
		t.Fatalf("a failed job left %d schedules and %d rosters", len(scs), len(rs))
	}

	if _, err := db.ExecContext(ctx, `DROP TRIGGER fail_roster`); err != nil {
		t.Fatal(err)
	}
	res, err := run()
	if err != nil {
		t.Fatal(err)
	}
	var out struct {
		ScheduleID     int64  `json:"schedule_id"`
		Location       string `json:"location"`
		RosterID       int64  `json:"roster_id"`
		RosterLocation string `json:"roster_location"`
	}
	if err := json.Unmarshal(res, &out); err != nil || out.ScheduleID == 0 || out.RosterID == 0 ||
		out.Location != fmt.Sprintf("/api/v1/schedules/%d", out.ScheduleID) || out.RosterLocation != fmt.Sprintf("/api/v1/rosters/%d", out.RosterID) {
		t.Fatalf("job result %s (%v)", res, err)
	}
	r, err := ts.store.Roster(ctx, out.RosterID)
	if err != nil {
		t.Fatal(err)
	}
	if r.ScheduleID == nil || *r.ScheduleID != out.ScheduleID || r.Queue != "sales" || r.Name != fmt.Sprintf("schedule %d", out.ScheduleID) ||
		r.CreatedBy != "t-planner" || len(r.Shifts) == 0 {
		t.Errorf("roster %+v", r)
	}
}
