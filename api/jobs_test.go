package api

import (
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/staffcast/staffcast/app"
)

// TestJobsPaging: GET /jobs pages newest first by a cursor that is the
// last id shown, so jobs queued between two pages neither repeat a job nor
// skip one; a cursor this route did not give is a 400.
func TestJobsPaging(t *testing.T) {
	ts := startServer(t, withJobs(t))
	// The server serves once its job queue has started (and migrated): a
	// first request waits for that before jobs are queued directly.
	code, _, b := ts.do(t, Manager, "GET", "/api/v1/jobs", "", nil)
	mustJSON(t, "jobs before any", 200, code, b, nil)
	var ids []app.JobID
	enqueue := func() {
		t.Helper()
		// A simulation of a queue that does not exist: it fails at once,
		// which does not matter to the list.
		id, err := ts.srv.deps.Jobs.Enqueue(t.Context(), simulateJobKind, "t-planner", simulateArgs{Queue: "nope", StaffingID: 1, Replications: 1})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	for range 5 {
		enqueue()
	}
	page := func(cursor string) ([]app.JobID, string) {
		t.Helper()
		var l struct {
			Items []app.Job `json:"items"`
			Next  string    `json:"next_cursor"`
		}
		code, _, b := ts.do(t, Manager, "GET", "/api/v1/jobs?limit=2&cursor="+url.QueryEscape(cursor), "", nil)
		mustJSON(t, "jobs page", 200, code, b, &l)
		var got []app.JobID
		for _, j := range l.Items {
			got = append(got, j.ID)
		}
		return got, l.Next
	}
	first, next := page("")
	if !slices.Equal(first, []app.JobID{ids[4], ids[3]}) || next == "" {
		t.Fatalf("first page %v (next %q), want %v", first, next, []app.JobID{ids[4], ids[3]})
	}
	enqueue() // newer jobs do not shift the pages that follow
	enqueue()
	second, next := page(next)
	third, last := page(next)
	if !slices.Equal(second, []app.JobID{ids[2], ids[1]}) || !slices.Equal(third, []app.JobID{ids[0]}) || last != "" {
		t.Errorf("pages after two new jobs: %v then %v (next %q), want %v then %v", second, third, last, []app.JobID{ids[2], ids[1]}, ids[:1])
	}
	for _, bad := range []string{"3", "jc1:x", "jc1:0", "jc1:-4", "sc1:abc"} {
		code, _, b := ts.do(t, Manager, "GET", "/api/v1/jobs?cursor="+url.QueryEscape(bad), "", nil)
		if code != 400 {
			t.Errorf("cursor %q: %d %s", bad, code, b)
		}
	}
}

// TestJobsLastPage: a page that ends with the oldest job has no next
// cursor, also when it is full.
func TestJobsLastPage(t *testing.T) {
	f := &fakeJobs{}
	ts := startServer(t, withFakeJobs(f))
	for range 4 {
		f.add(simulateJobKind, "t-planner", app.JobQueued, "")
	}
	for _, c := range []struct {
		query string
		items int
		next  bool
	}{
		{"limit=4", 4, false},
		{"limit=3", 3, true},
		{"limit=5", 4, false},
		{"limit=2&cursor=jc1:3", 2, false},
		{"limit=1&cursor=jc1:3", 1, true},
	} {
		var l List[app.Job]
		code, _, b := ts.do(t, Manager, "GET", "/api/v1/jobs?"+c.query, "", nil)
		mustJSON(t, c.query, 200, code, b, &l)
		if len(l.Items) != c.items || (l.NextCursor != "") != c.next {
			t.Errorf("%s: %d jobs, next %q; want %d jobs and a next cursor %v", c.query, len(l.Items), l.NextCursor, c.items, c.next)
		}
	}
}

// TestJobListLeavesOutResults: GET /jobs lists jobs without their results
// (a simulation's is about 100 KB, and the web page lists 100 jobs to find
// the running ones) but with the ids the results name; GET /jobs/{id}
// keeps the whole result.
func TestJobListLeavesOutResults(t *testing.T) {
	f := &fakeJobs{}
	ts := startServer(t, withFakeJobs(f))
	big := `{"staffing_id":4,"rows":"` + strings.Repeat("x", 100_000) + `"}`
	for range 20 {
		f.add(simulateJobKind, "t-planner", app.JobSucceeded, big)
	}
	sched := f.add(scheduleJobKind, "t-planner", app.JobSucceeded, `{"schedule_id":7,"location":"/api/v1/schedules/7","roster_id":9}`)
	running := f.add(scheduleJobKind, "t-planner", app.JobRunning, "")

	code, _, b := ts.do(t, Manager, "GET", "/api/v1/jobs?limit=100", "", nil)
	var l struct {
		Items []map[string]json.RawMessage `json:"items"`
	}
	mustJSON(t, "jobs", 200, code, b, &l)
	if len(l.Items) != 22 {
		t.Fatalf("%d jobs listed, want 22", len(l.Items))
	}
	if len(b) > 10_000 {
		t.Errorf("the list of 22 jobs is %d bytes", len(b))
	}
	for _, c := range []struct {
		name string
		item map[string]json.RawMessage
		ids  string
	}{
		{"running schedule", l.Items[0], ""},
		{"schedule", l.Items[1], `{"roster_id":9,"schedule_id":7}`},
		{"simulation", l.Items[2], `{"staffing_id":4}`},
	} {
		if r, ok := c.item["result"]; ok {
			t.Errorf("%s: listed with a result of %d bytes", c.name, len(r))
		}
		if got := string(c.item["result_ids"]); got != c.ids {
			t.Errorf("%s: result_ids %s, want %s", c.name, got, c.ids)
		}
		for _, field := range []string{"id", "kind", "state", "progress", "created_at"} {
			if _, ok := c.item[field]; !ok {
				t.Errorf("%s: listed without %s", c.name, field)
			}
		}
	}
	if string(l.Items[0]["id"]) != strconv.Itoa(int(running)) {
		t.Errorf("first listed job %s, want %d", l.Items[0]["id"], running)
	}
	for _, c := range []struct {
		name string
		id   app.JobID
		want string
	}{
		{"simulation", 1, big},
		{"schedule", sched, `{"schedule_id":7,"location":"/api/v1/schedules/7","roster_id":9}`},
	} {
		var j app.Job
		code, _, b := ts.do(t, Manager, "GET", fmt.Sprintf("/api/v1/jobs/%d", c.id), "", nil)
		mustJSON(t, c.name, 200, code, b, &j)
		if string(j.Result) != c.want {
			t.Errorf("%s: GET gives a result of %d bytes, want %d", c.name, len(j.Result), len(c.want))
		}
	}
}
