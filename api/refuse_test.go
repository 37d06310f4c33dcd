package api

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/staffcast/staffcast/app"
)

// TestRefusedBeforeQueued: what a job would fail on is refused at once with
// a 400 in the API's words, and no job is queued: a schedule of a staffing
// too large to plan (one interval above the agents a plan takes, or too
// many shifts in all), and a backtest or big forecast of a queue without
// history. A plausible schedule is still queued.
func TestRefusedBeforeQueued(t *testing.T) {
	f := &fakeJobs{}
	ts := startServer(t, withFakeJobs(f))
	ctx := t.Context()
	code, _, b := ts.do(t, Planner, "POST", "/api/v1/queues", "application/json", []byte(`{"name":"loc","time_zone":"UTC","interval":"30m"}`))
	mustJSON(t, "queue", 201, code, b, nil)
	code, _, b = ts.do(t, Planner, "PUT", "/api/v1/shift-templates/std", "application/json", readTestdata(t, "schedule/templates.json"))
	mustJSON(t, "templates", 200, code, b, nil)
	staffing := func(agents func(i int) int) int64 {
		t.Helper()
		st := app.StaffingResult{Queue: "loc"}
		start := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
		for i := range 7 * 48 {
			n := agents(i)
			st.Rows = append(st.Rows, app.StaffingRow{Start: start.Add(time.Duration(i) * 30 * time.Minute), Volume: float64(n), AHTSeconds: 180,
				Agents: n, ScheduledAgents: n, ServiceLevel: 0.8, Occupancy: 0.8})
		}
		st, err := ts.store.CreateStaffing(ctx, "test", st)
		if err != nil {
			t.Fatal(err)
		}
		return st.ID
	}
	code, _, b = ts.do(t, HR, "PUT", "/api/v1/agents", "text/csv", readTestdata(t, "schedule/agents.csv"))
	mustJSON(t, "agents", 200, code, b, nil)
	huge := staffing(func(i int) int {
		if i == 1 {
			return 1_140_000
		}
		return 10
	})
	many := staffing(func(int) int { return 90_000 })
	fine := staffing(func(i int) int {
		if h := i % 48 / 2; h >= 8 && h < 18 {
			return 12
		}
		return 0
	})
	for _, c := range []struct {
		name, path, body string
		status           int
		field            string
		says             []string
		not              []string
	}{
		{"an interval too large", "/api/v1/queues/loc/schedules", fmt.Sprintf(`{"staffing_id":%d,"templates":"std"}`, huge), 400, "staffing_id",
			[]string{fmt.Sprintf("staffing %d needs 1140000 scheduled_agents at 2026-03-02T00:30:00Z", huge), "100000"}, []string{"line", "column", "csvio"}},
		{"too many shifts", "/api/v1/queues/loc/schedules", fmt.Sprintf(`{"staffing_id":%d,"templates":"std"}`, many), 400, "staffing_id",
			[]string{fmt.Sprintf("staffing %d with shift templates std: requirement too large", many), "100,000"}, []string{"line", "csvio"}},
		{"plausible", "/api/v1/queues/loc/schedules", fmt.Sprintf(`{"staffing_id":%d,"templates":"std"}`, fine), 202, "", nil, nil},
		{"a skill written otherwise", "/api/v1/queues/loc/schedules", fmt.Sprintf(`{"staffing_id":%d,"templates":"std","roster":true,"skill":" Voice"}`, fine), 202, "", nil, nil},
		{"a skill no agent has", "/api/v1/queues/loc/schedules", fmt.Sprintf(`{"staffing_id":%d,"templates":"std","roster":true,"skill":"chat"}`, fine), 400, "skill",
			[]string{`no agent has "chat"`, "the agents' skills: voice"}, nil},
		{"backtest without history", "/api/v1/queues/loc/backtests", `{}`, 400, "", []string{"queue loc has no history"}, nil},
		{"big forecast without history", "/api/v1/queues/loc/forecasts", `{"horizon":"2400h"}`, 400, "", []string{"queue loc has no history"}, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			before := f.count()
			code, h, b := ts.do(t, Planner, http.MethodPost, c.path, "application/json", []byte(c.body))
			if code != c.status {
				t.Fatalf("%d, want %d: %s", code, c.status, b)
			}
			if queued := f.count() - before; (code == 202) != (queued == 1) {
				t.Errorf("%d jobs queued on a %d", queued, code)
			}
			if code == 202 {
				return
			}
			p := problem(t, code, h, b)
			if c.field != "" && (len(p.Errors) == 0 || p.Errors[0].Field != c.field) {
				t.Errorf("errors %+v, want field %s", p.Errors, c.field)
			}
			for _, s := range c.says {
				if !strings.Contains(p.Detail, s) {
					t.Errorf("detail %q does not say %q", p.Detail, s)
				}
			}
			for _, s := range c.not {
				if strings.Contains(p.Detail, s) {
					t.Errorf("detail %q says %q", p.Detail, s)
				}
			}
		})
	}
}
