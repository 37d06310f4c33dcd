package api

import (
	"strings"
	"testing"
)

// TestTextMustBeText: a NUL or a byte that is not UTF-8 in a JSON string, a
// CSV field or a query parameter is refused before it reaches the store
// (PostgreSQL cannot store NUL; SQLite would keep garbled names), naming the
// JSON field, the CSV line, column and field, or the query parameter, and
// nothing is stored.
func TestTextMustBeText(t *testing.T) {
	ts := startServer(t)
	const js, csv = "application/json", "text/csv"
	const agentsHead = "agent_id,name,skills,min_hours_week,max_hours_week,max_days_week,availability\n"
	tmpl := func(name string) string {
		return `{"templates":[{"name":"` + name + `","start_earliest":"07:00","start_latest":"10:00","length_min":"8h","length_max":"8h"}]}`
	}
	for _, c := range []struct {
		name             string
		role             Role
		method, path, ct string
		body             string
		status           int
		line, column     int
		field, reason    string
	}{
		{"queue channel NUL", Planner, "POST", "/api/v1/queues", js, `{"name":"nulq","channel":"a\u0000b"}`, 400, 0, 0, "channel", "holds a control character (NUL)"},
		{"queue channel Latin-1", Planner, "POST", "/api/v1/queues", js, "{\"name\":\"latq\",\"channel\":\"a\xe9b\"}", 400, 0, 0, "channel", "not valid UTF-8"},
		{"template name NUL", Planner, "PUT", "/api/v1/shift-templates/nul", js, tmpl(`x\u0000y`), 400, 0, 0, "templates[0].name", "holds a control character (NUL)"},
		{"scenario name NUL", Manager, "POST", "/api/v1/scenarios", js, `{"name":"s\u0000"}`, 400, 0, 0, "name", "holds a control character (NUL)"},
		{"agent name NUL", HR, "PUT", "/api/v1/agents", csv, agentsHead + "A1,Ann,voice,,,,\nA2,Bad\x00Name,voice,,,,\n", 422, 3, 2, "name", "holds a control character (NUL)"},
		{"agent name Latin-1", HR, "PUT", "/api/v1/agents", csv, agentsHead + "A1,Bad\xe9\xffName,voice,,,,\n", 422, 2, 2, "name", "not valid UTF-8"},
		{"agent name Latin-1 e-umlaut", HR, "PUT", "/api/v1/agents", csv, agentsHead + "A1,Zo\xeb,voice,,,,\n", 422, 2, 2, "name", "not valid UTF-8"},
		{"calendar name NUL", Planner, "POST", "/api/v1/calendars", csv, "date,kind,name\n2026-05-01,holiday,x\x00y\n", 422, 2, 3, "name", "holds a control character (NUL)"},
		{"calendar name Latin-1", Planner, "POST", "/api/v1/calendars", csv, "date,kind,name\n2026-05-01,holiday,x\xe9y\n", 422, 2, 3, "name", "not valid UTF-8"},
		{"history channel NUL", Planner, "POST", "/api/v1/queues/nulhist/history", csv, "interval_start,queue,channel,offered\n2026-01-05T08:00:00Z,nulhist,v\x00x,10\n", 422, 2, 3, "channel", "holds a control character (NUL)"},
		{"coverage name NUL", HR, "POST", "/api/v1/queues/retail/coverage?staffing_id=1&name=a%00b", csv, "agent_id,date,start,end\n", 400, 0, 0, "", "query parameter name: holds a control character (NUL)"},
		{"coverage name Latin-1", HR, "POST", "/api/v1/queues/retail/coverage?staffing_id=1&name=a%e9b", csv, "agent_id,date,start,end\n", 400, 0, 0, "", "query parameter name: not valid UTF-8"},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, h, b := ts.do(t, c.role, c.method, c.path, c.ct, []byte(c.body))
			if code != c.status {
				t.Fatalf("status %d, want %d: %s", code, c.status, b)
			}
			p := problem(t, code, h, b)
			if !strings.Contains(p.Detail, c.reason) {
				t.Errorf("detail %q does not say %q", p.Detail, c.reason)
			}
			if c.field == "" {
				return
			}
			if len(p.Errors) != 1 {
				t.Fatalf("errors %+v, want one", p.Errors)
			}
			e := p.Errors[0]
			if e.Line != c.line || e.Column != c.column || e.Field != c.field || !strings.Contains(e.Reason, c.reason) {
				t.Errorf("error %+v, want line %d column %d field %s saying %q", e, c.line, c.column, c.field, c.reason)
			}
		})
	}
	for _, path := range []string{"/api/v1/agents", "/api/v1/calendars", "/api/v1/shift-templates", "/api/v1/scenarios"} {
		code, _, b := ts.do(t, Admin, "GET", path, "", nil)
		if code != 200 || !strings.Contains(string(b), `"items":[]`) {
			t.Errorf("GET %s after refused uploads: %d %s", path, code, b)
		}
	}
	for _, q := range []string{"nulq", "latq", "nulhist"} {
		if code, _, b := ts.do(t, Admin, "GET", "/api/v1/queues/"+q, "", nil); code != 404 {
			t.Errorf("queue %s after a refused upload: %d %s", q, code, b)
		}
	}
	// Tabs and line breaks in a quoted free-text field are text.
	code, _, b := ts.do(t, HR, "PUT", "/api/v1/agents", csv, []byte(agentsHead+"A1,\"Ann\tLee\nB\",voice,,,,\n"))
	if code != 200 {
		t.Errorf("a name with a tab and a line break: %d %s", code, b)
	}
}

// TestQueueCreateChecks: a queue's time zone is an IANA name the planner
// chose, never the server's own ("Local") or an explicit ""; its channel
// is a printable label like other names. Each error names its JSON field.
func TestQueueCreateChecks(t *testing.T) {
	ts := startServer(t)
	for _, c := range []struct {
		name, body, field, detail string
	}{
		{"Local time zone", `{"name":"q1","time_zone":"Local"}`, "time_zone", "IANA name"},
		{"empty time zone", `{"name":"q1","time_zone":""}`, "time_zone", "IANA name"},
		{"unknown time zone", `{"name":"q1","time_zone":"Mars/Olympus"}`, "time_zone", "IANA name"},
		{"channel with a line break", `{"name":"q1","channel":"a\n<script>"}`, "channel", "not printable"},
		{"channel with NUL", `{"name":"q1","channel":"\u0000\n<script>"}`, "channel", "control character (NUL)"},
		{"long channel", `{"name":"q1","channel":"` + strings.Repeat("c", 65) + `"}`, "channel", "1 to 64 bytes"},
		{"bad name", `{"name":"Q 1"}`, "name", "must match"},
		{"bad interval", `{"name":"q1","interval":"7m"}`, "interval", "divide 24h"},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, h, b := ts.do(t, Planner, "POST", "/api/v1/queues", "application/json", []byte(c.body))
			if code != 400 {
				t.Fatalf("status %d, want 400: %s", code, b)
			}
			p := problem(t, code, h, b)
			if len(p.Errors) != 1 || p.Errors[0].Field != c.field || !strings.Contains(p.Errors[0].Reason, c.detail) {
				t.Errorf("errors %+v, want field %s saying %q", p.Errors, c.field, c.detail)
			}
			if !strings.HasPrefix(p.Detail, c.field+": ") {
				t.Errorf("detail %q does not start with the field", p.Detail)
			}
		})
	}
	code, _, b := ts.do(t, Planner, "POST", "/api/v1/queues", "application/json", []byte(`{"name":"q1"}`))
	if code != 201 || !strings.Contains(string(b), `"time_zone":"UTC"`) || !strings.Contains(string(b), `"channel":"voice"`) {
		t.Errorf("defaults: %d %s", code, b)
	}
	// History that creates its queue takes the same time zone check.
	code, _, b = ts.do(t, Planner, "POST", "/api/v1/queues/q2/history?tz=Local", "text/csv", []byte("interval_start,queue,channel,offered\n2026-01-05T08:00:00,q2,voice,1\n"))
	if code != 400 || !strings.Contains(string(b), "query parameter tz") {
		t.Errorf("history ?tz=Local: %d %s", code, b)
	}
}
