package api

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/staffcast/staffcast/app"
)

// TestJobResultsFollowTheirRoutes: a job's result and chart are shown only
// to the roles of the route that reads what the job makes. HR, who may not
// read scenarios, forecasts or backtests, gets 403 for such a job and its
// chart, and sees such jobs listed without the ids their results name; a
// schedule job's result (HR reads schedules) stays visible to HR. No list
// shows a result (TestJobListLeavesOutResults).
func TestJobResultsFollowTheirRoutes(t *testing.T) {
	f := &fakeJobs{}
	ts := startServer(t, withFakeJobs(f))
	const result = `{"secret_id":1}`
	ids := map[string]app.JobID{}
	for _, kind := range []string{scenarioSweepJobKind, scheduleJobKind, backtestJobKind, forecastJobKind, scenarioOptimizeJobKind, simulateJobKind} {
		ids[kind] = f.add(kind, "t-planner", app.JobSucceeded, result)
	}
	// Words that tell of what a job makes (an error, a progress note).
	f.mu.Lock()
	for i := range f.jobs {
		f.jobs[i].Error, f.jobs[i].ProgressNote = "retried after: scenario secret", "scenario secret"
	}
	f.mu.Unlock()
	for _, c := range []struct {
		name   string
		role   Role
		kind   string
		chart  bool
		status int
	}{
		{"hr sweep", HR, scenarioSweepJobKind, false, 403},
		{"hr sweep chart", HR, scenarioSweepJobKind, true, 403},
		{"hr optimize chart", HR, scenarioOptimizeJobKind, true, 403},
		{"hr backtest", HR, backtestJobKind, false, 403},
		{"hr forecast", HR, forecastJobKind, false, 403},
		{"hr simulation", HR, simulateJobKind, false, 403},
		{"hr schedule", HR, scheduleJobKind, false, 200},
		{"planner sweep", Planner, scenarioSweepJobKind, false, 200},
		{"manager backtest", Manager, backtestJobKind, false, 200},
		{"admin sweep", Admin, scenarioSweepJobKind, false, 200},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := fmt.Sprintf("/api/v1/jobs/%d", ids[c.kind])
			if c.chart {
				path += "/chart"
			}
			code, h, b := ts.do(t, c.role, http.MethodGet, path, "", nil)
			if code != c.status {
				t.Fatalf("%d, want %d: %s", code, c.status, b)
			}
			if code == 403 {
				problem(t, code, h, b)
				return
			}
			var j app.Job
			mustJSON(t, "job", 200, code, b, &j)
			if string(j.Result) != result {
				t.Errorf("result %s, want %s", j.Result, result)
			}
		})
	}
	var l List[app.Job]
	code, _, b := ts.do(t, HR, http.MethodGet, "/api/v1/jobs", "", nil)
	mustJSON(t, "hr's list", 200, code, b, &l)
	if len(l.Items) != len(ids) {
		t.Fatalf("hr lists %d jobs, want %d", len(l.Items), len(ids))
	}
	for _, j := range l.Items {
		hidden := j.Kind != scheduleJobKind
		if j.Result != nil || hidden != (j.ResultIDs == nil) {
			t.Errorf("hr's list shows the %s job with result %q and ids %v", j.Kind, j.Result, j.ResultIDs)
		}
		if hidden != (j.Error == "" && j.ProgressNote == "") {
			t.Errorf("hr's list shows the %s job with error %q and note %q", j.Kind, j.Error, j.ProgressNote)
		}
	}
	code, _, b = ts.do(t, Planner, http.MethodGet, "/api/v1/jobs", "", nil)
	mustJSON(t, "planner's list", 200, code, b, &l)
	for _, j := range l.Items {
		if j.Result != nil || j.ResultIDs["secret_id"] != 1 {
			t.Errorf("the planner's list shows the %s job with result %q and ids %v", j.Kind, j.Result, j.ResultIDs)
		}
	}
}

// TestEveryJobKindHasResultRoute: every job kind the server registers
// names a GET route of the table that reads what it makes.
func TestEveryJobKindHasResultRoute(t *testing.T) {
	f := &fakeJobs{}
	srv := New(Config{}, Deps{Jobs: f})
	if len(f.kinds) == 0 {
		t.Fatal("no job kind registered")
	}
	for _, kind := range f.kinds {
		readers, ok := srv.jobReaders[kind]
		if !ok || readers == 0 {
			t.Errorf("job kind %s has no route in jobResultRoutes", kind)
		}
	}
	for kind := range jobResultRoutes {
		if _, ok := srv.jobReaders[kind]; !ok {
			t.Errorf("jobResultRoutes: kind %s names no GET route of the table", kind)
		}
	}
}
