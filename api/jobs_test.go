package api

import (
	"net/url"
	"slices"
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
