package api

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// TestImportsListEveryBadLine: an agents or calendar file with several bad
// rows answers 422 listing each (line and column), the first
// MaxProblemErrors with a count of the rest, as the history import does,
// and stores nothing.
func TestImportsListEveryBadLine(t *testing.T) {
	ts := startServer(t)
	const agentsHead = "agent_id,name,skills,min_hours_week,max_hours_week,max_days_week,availability,preferred_days_off\n"
	const calHead = "date,queue,kind,factor,name\n"
	var manyDays strings.Builder
	manyDays.WriteString(calHead)
	for i := range 150 {
		fmt.Fprintf(&manyDays, "2026-05-%02d,,party%d,,\n", 1+i%28, i)
	}
	long := strings.Repeat("x", 501)
	for _, c := range []struct {
		name, path, body string
		lines            []int
		fields           []string
		omitted          int
	}{
		{"agents", "/api/v1/agents",
			agentsHead + "A1,Ana,voice,30,37.5,5,,\nA1,Bob,voice,30,37.5,5,,\nA2,Cy,voice,40,30,5,,\nA3,Di,voice,30,37.5,9,,\nA4,Ed,voice,30,37.5,5,,\n",
			[]int{3, 4, 5}, []string{"agent_id", "min_hours_week", "max_days_week"}, 0},
		{"agents too long", "/api/v1/agents",
			agentsHead + "A1,Ana,voice,30,37.5,5,,\nA2," + long + ",voice,30,37.5,5,,\nA3," + long + ",voice,30,37.5,5,,\n",
			[]int{3, 4}, []string{"name", "name"}, 0},
		{"calendar", "/api/v1/calendars",
			calHead + "2026-04-01,,holiday,abc,x\n2026-02-30,,closed,,\n2026-04-02,,party,,\n2026-04-05,,closed,,\n",
			[]int{2, 3, 4}, []string{"factor", "date", "kind"}, 0},
		{"calendar queue names", "/api/v1/calendars",
			calHead + "2026-04-01,Sales,holiday,,\n2026-04-02,,closed,,\n2026-04-03,x y,closed,,\n",
			[]int{2, 4}, []string{"queue", "queue"}, 0},
		{"calendar beyond the cap", "/api/v1/calendars", manyDays.String(), nil, nil, 50},
	} {
		t.Run(c.name, func(t *testing.T) {
			role := Planner
			if strings.Contains(c.path, "agents") {
				role = HR
			}
			code, h, b := ts.do(t, role, "PUT", c.path, "text/csv", []byte(c.body))
			if code != 422 {
				t.Fatalf("status %d, want 422: %s", code, b)
			}
			p := problem(t, code, h, b)
			if c.lines == nil {
				if len(p.Errors) != MaxProblemErrors || p.ErrorsOmitted != c.omitted {
					t.Errorf("%d errors and %d omitted, want %d and %d", len(p.Errors), p.ErrorsOmitted, MaxProblemErrors, c.omitted)
				}
				return
			}
			var lines []int
			var fields []string
			for _, e := range p.Errors {
				lines, fields = append(lines, e.Line), append(fields, e.Field)
			}
			if !slices.Equal(lines, c.lines) || !slices.Equal(fields, c.fields) || p.ErrorsOmitted != 0 {
				t.Errorf("errors %+v, want lines %v fields %v", p.Errors, c.lines, c.fields)
			}
			if !strings.Contains(p.Detail, fmt.Sprintf("%d bad rows", len(c.lines))) || !strings.Contains(p.Detail, "nothing was imported") {
				t.Errorf("detail %q", p.Detail)
			}
		})
	}
	for _, path := range []string{"/api/v1/agents", "/api/v1/calendars"} {
		code, _, b := ts.do(t, Admin, "GET", path, "", nil)
		if code != 200 || !strings.Contains(string(b), `"items":[]`) {
			t.Errorf("GET %s after failed imports: %d %s", path, code, b)
		}
	}
}
