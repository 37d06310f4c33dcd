package api

import (
	"strings"
	"testing"
)

// TestFieldErrorsCarryTheField: every error about a JSON field, whichever
// route, is one shape: detail "field: reason" and errors[{field, reason}],
// never a doubled prefix.
func TestFieldErrorsCarryTheField(t *testing.T) {
	ts := startServer(t)
	const tmpl = `"start_earliest":"07:00","start_latest":"10:00","length_min":"8h","length_max":"8h"`
	for _, c := range []struct {
		name          string
		role          Role
		method, path  string
		body          string
		field, reason string
	}{
		{"erlang load too large", Manager, "POST", "/api/v1/erlang", `{"volume":1e300,"interval":"30m","aht":"180s","sl_target":0.8}`, "volume", "load too large"},
		{"queue name", Planner, "POST", "/api/v1/queues", `{"name":"Q 1"}`, "name", "must match"},
		{"queue interval", Planner, "POST", "/api/v1/queues", `{"name":"q1","interval":"7m"}`, "interval", "7m must be at least 1m and divide 24h"},
		{"token name", Admin, "POST", "/api/v1/tokens", `{"name":"","role":"hr"}`, "name", "1 to 64 bytes"},
		{"token name with a line break", Admin, "POST", "/api/v1/tokens", `{"name":"a\nb","role":"hr"}`, "name", "not printable"},
		{"token role", Admin, "POST", "/api/v1/tokens", `{"name":"x","role":"boss"}`, "role", "unknown role"},
		{"template window", Planner, "PUT", "/api/v1/shift-templates/t1", `{"templates":[{"name":"a",` + tmpl + `},{"name":"b","start_earliest":"10:00","start_latest":"07:00","length_min":"8h","length_max":"8h"}]}`, "templates[1].start_latest", "impossible window"},
		{"template without a name", Planner, "PUT", "/api/v1/shift-templates/t1", `{"templates":[{"name":"a",` + tmpl + `},{` + tmpl + `}]}`, "templates[1].name", "missing"},
		{"template name used twice", Planner, "PUT", "/api/v1/shift-templates/t1", `{"templates":[{"name":"a",` + tmpl + `},{"name":"a",` + tmpl + `}]}`, "templates[1].name", "used twice"},
		{"template clock", Planner, "PUT", "/api/v1/shift-templates/t1", `{"templates":[{"name":"a","start_earliest":"7h","start_latest":"10:00","length_min":"8h","length_max":"8h"}]}`, "templates[0].start_earliest", "time of day"},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, h, b := ts.do(t, c.role, c.method, c.path, "application/json", []byte(c.body))
			if code != 400 {
				t.Fatalf("status %d, want 400: %s", code, b)
			}
			p := problem(t, code, h, b)
			if len(p.Errors) != 1 || p.Errors[0].Field != c.field || !strings.Contains(p.Errors[0].Reason, c.reason) {
				t.Errorf("errors %+v, want field %s saying %q", p.Errors, c.field, c.reason)
			}
			if strings.Contains(p.Detail, "field \"") || strings.Contains(p.Detail, "erlang: erlang:") {
				t.Errorf("detail %q", p.Detail)
			}
		})
	}
}
