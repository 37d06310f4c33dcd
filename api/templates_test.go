package api

import (
	"strings"
	"testing"
)

// TestShiftTemplatesChecked: PUT refuses, with a 400 naming the template
// and the field, a template the schedule would refuse (as "staffcast
// schedule" checks it), and stores nothing.
func TestShiftTemplatesChecked(t *testing.T) {
	ts := startServer(t)
	const ok = `"name":"day","start_earliest":"07:00","start_latest":"10:00","length_min":"8h","length_max":"9h"`
	for _, c := range []struct {
		name, body string
		status     int
		detail     string
	}{
		{"latest start before the earliest", `{"templates":[{"name":"a","start_earliest":"10:00","start_latest":"07:00","length_min":"8h","length_max":"8h"}]}`, 400,
			`template "a", start_latest: scheduler: impossible window: 7h0m0s is before start_earliest 10h0m0s`},
		{"interval not dividing a day", `{"interval":"7m","templates":[{` + ok + `}]}`, 400, "interval: 7m0s must be at least 1m and divide 24h"},
		{"start off the stated grid", `{"interval":"30m","templates":[{"name":"a","start_earliest":"07:10","start_latest":"10:00","length_min":"8h","length_max":"8h"}]}`, 400,
			`template "a", start_earliest: scheduler: not on the planning grid: 7h10m0s is not a multiple of the 30m0s interval`},
		{"shortest above the longest", `{"templates":[{` + ok + `},{"name":"b","start_earliest":"07:00","start_latest":"10:00","length_min":"9h","length_max":"8h"}]}`, 400,
			`template "b", length_max`},
		{"break window reversed", `{"templates":[{"name":"a","start_earliest":"07:00","start_latest":"10:00","length_min":"8h","length_max":"8h","breaks":[{"length":"30m","earliest_after_start":"4h","latest_after_start":"3h"}]}]}`, 400,
			`template "a", breaks[0].latest_after_start`},
		{"good without an interval", `{"templates":[{` + ok + `}]}`, 200, ""},
		{"good on its interval", `{"interval":"30m","templates":[{` + ok + `}]}`, 200, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := "/api/v1/shift-templates/" + strings.ReplaceAll(c.name, " ", "-")
			code, h, b := ts.do(t, Planner, "PUT", path, "application/json", []byte(c.body))
			if code != c.status {
				t.Fatalf("status %d, want %d: %s", code, c.status, b)
			}
			if c.status == 200 {
				return
			}
			if p := problem(t, code, h, b); !strings.Contains(p.Detail, c.detail) {
				t.Errorf("detail %q does not say %q", p.Detail, c.detail)
			}
			if code, _, b := ts.do(t, Manager, "GET", path, "", nil); code != 404 {
				t.Errorf("GET after a refused PUT: %d %s", code, b)
			}
		})
	}
}
