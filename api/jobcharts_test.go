package api

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/staffcast/staffcast/app"
)

// TestJobChart: a finished sweep draws its sweep chart and an optimisation
// its hourly split (PNG or SVG); a sweep of two settings has no single axis
// (400); another queue, another kind of job or a missing job is 404.
func TestJobChart(t *testing.T) {
	ts := startServer(t, withJobs(t))
	fid := salesForecast(t, ts)
	sc := ts.createScenario(t, scenarioDoc("half", fmt.Sprintf(`{"forecast_id": %d}`, fid), 0.5))
	job := func(path, body string) app.JobID {
		t.Helper()
		var j app.Job
		code, _, b := ts.do(t, Manager, "POST", scenarioPath(sc.ID)+path, "application/json", []byte(body))
		mustJSON(t, path, 202, code, b, &j)
		if j = ts.waitJob(t, j.ID, 60*time.Second); j.State != app.JobSucceeded {
			t.Fatalf("%s job %s: %s", path, j.State, j.Error)
		}
		return j.ID
	}
	sweep := job("/sweep", `{"vary":["bot.share=0:0.9:0.3"]}`)
	two := job("/sweep", `{"vary":["bot.share=0,0.5","bot.escalation=0,0.2"]}`)
	opt := job("/optimize", `{"grid":[0,0.5,1]}`)
	for _, c := range []struct {
		name, path, accept string
		role               Role
		status             int
		magic              string
		field              string // the errors[].field of a problem
	}{
		{"sweep png", fmt.Sprintf("/api/v1/jobs/%d/chart", sweep), "", Manager, 200, "\x89PNG", ""},
		{"sweep svg", fmt.Sprintf("/api/v1/jobs/%d/chart?width=800", sweep), "image/svg+xml", Planner, 200, "<svg", ""},
		{"sweep as hr", fmt.Sprintf("/api/v1/jobs/%d/chart", sweep), "", HR, 403, "", ""},
		{"split", fmt.Sprintf("/api/v1/jobs/%d/chart?queue=sales", opt), "image/png", Planner, 200, "\x89PNG", ""},
		{"split of another queue", fmt.Sprintf("/api/v1/jobs/%d/chart?queue=retail", opt), "", Manager, 404, "", "queue"},
		{"too narrow", fmt.Sprintf("/api/v1/jobs/%d/chart?width=10", sweep), "", Manager, 400, "", "width"},
		{"height not a number", fmt.Sprintf("/api/v1/jobs/%d/chart?height=tall", opt), "", Manager, 400, "", "height"},
		{"two settings", fmt.Sprintf("/api/v1/jobs/%d/chart", two), "", Manager, 400, "", ""},
		{"no such job", "/api/v1/jobs/9999/chart", "", Manager, 404, "", ""},
		{"not an image", fmt.Sprintf("/api/v1/jobs/%d/chart", sweep), "application/json", Manager, 406, "", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			var hdr []string
			if c.accept != "" {
				hdr = []string{"Accept", c.accept}
			}
			code, h, b := ts.do(t, c.role, "GET", c.path, "", nil, hdr...)
			if code != c.status {
				t.Fatalf("%d, want %d: %.300s", code, c.status, b)
			}
			if c.status != 200 {
				p := problem(t, code, h, b)
				if c.field != "" && (len(p.Errors) != 1 || p.Errors[0].Field != c.field) {
					t.Errorf("errors %+v, want one naming the field %s", p.Errors, c.field)
				}
				return
			}
			if !bytes.Contains(b[:min(len(b), 200)], []byte(c.magic)) || !strings.HasPrefix(h.Get("Content-Type"), "image/") {
				t.Errorf("Content-Type %q, body starts %q", h.Get("Content-Type"), b[:min(len(b), 16)])
			}
		})
	}
	// The sweep's chart is titled with its scenario's name.
	code, _, b := ts.do(t, Manager, "GET", fmt.Sprintf("/api/v1/jobs/%d/chart", sweep), "", nil, "Accept", "image/svg+xml")
	if want := fmt.Sprintf("half (job %d)", sweep); code != 200 || !bytes.Contains(b, []byte(want)) {
		t.Errorf("sweep chart (%d) does not name %q", code, want)
	}
}
