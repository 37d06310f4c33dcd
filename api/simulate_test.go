package api

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/staffcast/staffcast/app"
)

// TestSimulateJob: a stored staffing simulated over HTTP as a job, its
// checks naming the field, the result's figures per interval with their
// intervals, and the same seed giving the same figures.
func TestSimulateJob(t *testing.T) {
	ts := startServer(t, withJobs(t))
	fid, sid := planningFixture(t, ts)
	path := fmt.Sprintf("/api/v1/queues/sales/staffing/%d/simulate", sid)
	// A roster of another year, imported through coverage.
	var cov struct {
		RosterID int64 `json:"roster_id"`
	}
	code, _, b := ts.do(t, HR, "POST", fmt.Sprintf("/api/v1/queues/sales/coverage?staffing_id=%d", sid), "text/csv",
		[]byte("agent_id,date,start,end,breaks\nA01,2001-01-08,08:00,16:00,\n"))
	mustJSON(t, "coverage", 201, code, b, &cov)

	for _, c := range []struct {
		name, path, body, want string
		code                   int
	}{
		{"too many replications", path, `{"replications":20000}`, "replications", 400},
		{"negative replications", path, `{"replications":-1}`, "replications", 400},
		{"zero replications", path, `{"replications":0}`, "replications: 0 is outside", 400},
		{"schedule and roster", path, `{"schedule_id":1,"roster_id":2}`, "schedule_id", 400},
		{"unknown schedule", path, `{"schedule_id":999}`, "schedule_id", 400},
		{"unknown roster", path, `{"roster_id":999}`, "roster_id", 400},
		{"unknown field", path, `{"replicates":10}`, "replicates", 400},
		{"unknown staffing", "/api/v1/queues/sales/staffing/999/simulate", `{}`, "999", 404},
		{"roster of another year", path, fmt.Sprintf(`{"roster_id":%d}`, cov.RosterID), `"field":"roster_id","reason":"no shift falls inside the staffing's horizon`, 400},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, _, b := ts.do(t, Planner, "POST", c.path, "application/json", []byte(c.body))
			if code != c.code || !strings.Contains(string(b), c.want) {
				t.Errorf("%d %s, want %d naming %q", code, b, c.code, c.want)
			}
		})
	}

	var staffing staffingJSON
	code, _, b = ts.do(t, Manager, "GET", fmt.Sprintf("/api/v1/queues/sales/staffing/%d", sid), "", nil)
	mustJSON(t, "staffing", 200, code, b, &staffing)
	var lastJob app.JobID
	run := func(role Role, body string) simulationJSON {
		t.Helper()
		var job app.Job
		code, _, b := ts.do(t, role, "POST", path, "application/json", []byte(body))
		mustJSON(t, "simulate", 202, code, b, &job)
		if job.Kind != simulateJobKind {
			t.Errorf("job kind %q", job.Kind)
		}
		job = ts.waitJob(t, job.ID, 2*time.Minute)
		if job.State != app.JobSucceeded {
			t.Fatalf("simulate job %s: %s", job.State, job.Error)
		}
		var res simulationJSON
		if err := json.Unmarshal(job.Result, &res); err != nil {
			t.Fatal(err)
		}
		lastJob = job.ID
		return res
	}
	// A planner may not stop a manager's job; the manager may.
	var mine app.Job
	code, _, b = ts.do(t, Manager, "POST", path, "application/json", []byte(`{"replications":10000}`))
	mustJSON(t, "manager's long simulate", 202, code, b, &mine)
	code, _, b = ts.do(t, Planner, "DELETE", fmt.Sprintf("/api/v1/jobs/%d", mine.ID), "", nil)
	if code != 403 || !strings.Contains(string(b), "queued by t-manager") {
		t.Errorf("a planner cancels a manager's job: %d %s", code, b)
	}
	code, _, b = ts.do(t, Manager, "DELETE", fmt.Sprintf("/api/v1/jobs/%d", mine.ID), "", nil)
	if code != 202 {
		t.Errorf("the manager cancels their own job: %d %s", code, b)
	}
	ts.waitJob(t, mine.ID, 2*time.Minute)

	// A long simulation cancelled by someone else: on record in the audit.
	var long app.Job
	code, _, b = ts.do(t, Planner, "POST", path, "application/json", []byte(`{"replications":10000}`))
	mustJSON(t, "long simulate", 202, code, b, &long)
	code, _, b = ts.do(t, Manager, "DELETE", fmt.Sprintf("/api/v1/jobs/%d", long.ID), "", nil)
	if code != 202 {
		t.Fatalf("cancel a simulation of 10,000 replications: %d %s", code, b)
	}
	var audit struct {
		Items []app.AuditEntry `json:"items"`
	}
	code, _, b = ts.do(t, Manager, "GET", "/api/v1/audit?limit=5", "", nil)
	mustJSON(t, "audit", 200, code, b, &audit)
	if len(audit.Items) == 0 || audit.Items[0].Action != "job.cancel" || audit.Items[0].Target != fmt.Sprintf("job/%d", long.ID) ||
		audit.Items[0].Actor != "t-manager" || !strings.Contains(audit.Items[0].Detail, "queued_by=t-planner") {
		t.Errorf("audit after a cancel: %+v", audit.Items)
	}
	if j := ts.waitJob(t, long.ID, 2*time.Minute); j.State != app.JobCancelled {
		t.Errorf("cancelled simulation ended %s", j.State)
	}

	res := run(Planner, `{"replications":20,"seed":7}`)
	if res.StaffingID != sid || res.Replications != 20 || res.Seed != 7 || res.Confidence != 0.95 || res.Interval.D() != 30*time.Minute || res.Warnings != nil {
		t.Errorf("result header %+v", res)
	}
	// A roster of the horizon's first day only: simulated, with a warning
	// that the other days are closed, their contacts unanswered.
	first := staffing.Rows[0].Start
	code, _, b = ts.do(t, HR, "POST", fmt.Sprintf("/api/v1/queues/sales/coverage?staffing_id=%d", sid), "text/csv",
		fmt.Appendf(nil, "agent_id,date,start,end,breaks\nA01,%s,00:00,23:00,\n", first.Format(time.DateOnly)))
	mustJSON(t, "coverage of a day", 201, code, b, &cov)
	partial := run(Planner, fmt.Sprintf(`{"replications":2,"roster_id":%d}`, cov.RosterID))
	if len(partial.Warnings) != 1 || !strings.Contains(partial.Warnings[0], "while the centre is closed") {
		t.Errorf("a roster of one day of %d rows: warnings %q", len(staffing.Rows), partial.Warnings)
	}
	if len(res.Intervals) != len(staffing.Rows) {
		t.Fatalf("%d intervals for %d staffing rows", len(res.Intervals), len(staffing.Rows))
	}
	within := func(what string, e simEstimate) {
		t.Helper()
		if e.Mean == nil || e.Low == nil || e.High == nil || !(*e.Low <= *e.Mean && *e.Mean <= *e.High) {
			t.Errorf("%s: %+v is not a mean inside its interval", what, e)
		}
	}
	within("total service level", res.Total.ServiceLevel)
	var offered, volume float64
	for i, iv := range res.Intervals {
		row := staffing.Rows[i]
		if !iv.Start.Equal(row.Start) || iv.Volume != row.Volume || iv.Agents == nil || *iv.Agents != row.Agents {
			t.Fatalf("interval %d: %v %v %v, staffing row %+v", i, iv.Start, iv.Volume, iv.Agents, row)
		}
		within(fmt.Sprintf("interval %d service level", i), iv.ServiceLevel)
		offered += *iv.Offered.Mean
		volume += row.Volume
	}
	// Poisson arrivals at the staffing's volumes: 20 replications of a
	// week's contacts land within 2% of the volume.
	if volume <= 0 || offered < 0.98*volume || offered > 1.02*volume {
		t.Errorf("offered %v contacts for a volume of %v", offered, volume)
	}
	// Staffed to 80/20, the simulated week serves near the target.
	if sl := *res.Total.ServiceLevel.Mean; sl < 0.75 {
		t.Errorf("simulated service level %v of a staffing for 0.8", sl)
	}
	again := run(Manager, `{"replications":20,"seed":7}`)
	a, _ := json.Marshal(res)
	b2, _ := json.Marshal(again)
	if string(a) != string(b2) {
		t.Error("the same seed gave different figures")
	}

	// The staffing chart overlays the simulated service level and its
	// band, from the job's chart or from the staffing's with ?simulation=.
	for _, p := range []string{fmt.Sprintf("/api/v1/jobs/%d/chart", lastJob), fmt.Sprintf("/api/v1/queues/sales/staffing/%d/chart?simulation=%d", sid, lastJob)} {
		code, _, b := ts.do(t, Planner, "GET", p, "", nil, "Accept", svgAccept)
		if code != 200 || !strings.Contains(string(b), "simulated service level") || !strings.Contains(string(b), "simulated, 95% interval") {
			t.Errorf("GET %s: %d %.300s", p, code, b)
		}
	}
	code, _, b = ts.do(t, Planner, "GET", fmt.Sprintf("/api/v1/queues/sales/staffing/%d/chart", sid), "", nil, "Accept", svgAccept)
	if code != 200 || strings.Contains(string(b), "simulated") {
		t.Errorf("staffing chart without ?simulation= draws a simulation: %d", code)
	}
	code, _, b = ts.do(t, Planner, "GET", fmt.Sprintf("/api/v1/queues/sales/staffing/%d/chart?simulation=999999", sid), "", nil, "Accept", svgAccept)
	if code != 404 {
		t.Errorf("?simulation= of no job: %d %s", code, b)
	}

	// A staffing made behind a bot is simulated through the same funnel:
	// its humans' service level lands near the target it was staffed for.
	var bst staffingJSON
	body := fmt.Sprintf(`{"forecast_id":%d,"sl_target":0.8,"sl_time":"20s","aht":"240s","patience":"120s","bot_share":0.5,"bot_escalation":0.3,"bot_false_containment":0.1,"bot_return_share":0.5,"bot_return_lag":"1h","escalated_aht":"300s","escalated_patience":"45s"}`, fid)
	code, _, b = ts.do(t, Planner, "POST", "/api/v1/queues/sales/staffing", "application/json", []byte(body))
	mustJSON(t, "staffing behind a bot", 201, code, b, &bst)
	path = fmt.Sprintf("/api/v1/queues/sales/staffing/%d/simulate", bst.ID)
	bres := run(Planner, `{"replications":20}`)
	if sl := *bres.Total.ServiceLevel.Mean; sl < 0.75 || sl > 0.95 {
		t.Errorf("simulated service level %v behind the bot, want near the 0.8 staffed for", sl)
	}
}
