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
			if !strings.Contains(p.Detail, fmt.Sprintf("%d bad %s (", len(c.lines), plural(len(c.lines), "row", "rows"))) || !strings.Contains(p.Detail, "nothing was imported") {
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

// TestCoverageListsEveryBadLine: a roster upload with several bad lines
// answers 422 listing each with its line, column and field (overlaps
// too), as the agents and history imports do, and stores no roster.
func TestCoverageListsEveryBadLine(t *testing.T) {
	ts := startServer(t)
	_, sid := planningFixture(t, ts)
	body := "agent_id,date,start,end,break_start,break_end\n" +
		"A,2026-11-23,25:30,16:00,,\n" +
		"B,2026-11-23,08:00,08:00,,\n" +
		"C,2026-03-32,08:00,16:00,,\n" +
		"D,2026-11-23,08:00,16:00,17:00,17:30\n" +
		"E,2026-11-23,08:00,16:00,,\n" +
		"E,2026-11-23,15:00,20:00,,\n"
	code, h, b := ts.do(t, HR, "POST", fmt.Sprintf("/api/v1/queues/sales/coverage?staffing_id=%d", sid), "text/csv", []byte(body))
	if code != 422 {
		t.Fatalf("status %d, want 422: %s", code, b)
	}
	p := problem(t, code, h, b)
	var got []string
	for _, e := range p.Errors {
		got = append(got, fmt.Sprintf("%d:%d:%s", e.Line, e.Column, e.Field))
	}
	want := []string{"2:3:start", "3:4:end", "4:2:date", "5:5:break_start", "7:3:start"}
	if !slices.Equal(got, want) {
		t.Errorf("errors %v, want %v (%+v)", got, want, p.Errors)
	}
	if code, _, b := ts.do(t, HR, "GET", "/api/v1/rosters", "", nil); code != 200 || !strings.Contains(string(b), `"items":[]`) {
		t.Errorf("rosters after a refused upload: %d %s", code, b)
	}
}
