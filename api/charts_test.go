package api

import (
	"bytes"
	"encoding/json"
	"fmt"
	"image/png"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/staffcast/staffcast/app"
	"github.com/staffcast/staffcast/scheduler"
)

// chartOK checks a chart answer: its status, type, and that a PNG decodes
// to the size asked (0: any) or an SVG holds each of texts.
func chartOK(t *testing.T, what string, code int, h map[string][]string, b []byte, svg bool, w, hgt int, texts ...string) {
	t.Helper()
	ct := ""
	if v := h["Content-Type"]; len(v) > 0 {
		ct = v[0]
	}
	if code != 200 {
		t.Fatalf("%s: %d %s %.300s", what, code, ct, b)
	}
	if svg {
		if ct != "image/svg+xml" || !bytes.HasPrefix(b, []byte("<svg ")) {
			t.Fatalf("%s: %s %.100s", what, ct, b)
		}
		for _, s := range texts {
			if !bytes.Contains(b, []byte(s)) {
				t.Errorf("%s: no %q in the SVG", what, s)
			}
		}
		return
	}
	if ct != "image/png" {
		t.Fatalf("%s: Content-Type %s", what, ct)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	if sz := img.Bounds().Size(); w > 0 && (sz.X != w || sz.Y != hgt) {
		t.Errorf("%s: %v, want %d x %d", what, sz, w, hgt)
	}
}

const svgAccept = "image/svg+xml"

// paramProblem checks that an answer is a 400 problem whose errors name
// each of params as the field, as a bad JSON field is named.
func paramProblem(t *testing.T, what string, code int, h http.Header, b []byte, params ...string) {
	t.Helper()
	if code != http.StatusBadRequest {
		t.Errorf("%s: %d %.300s, want 400", what, code, b)
		return
	}
	p := problem(t, code, h, b)
	var fields []string
	for _, e := range p.Errors {
		fields = append(fields, e.Field)
	}
	if !slices.Equal(fields, params) {
		t.Errorf("%s: errors %+v, want the fields %q", what, p.Errors, params)
	}
}

// TestCharts: every chart route answers PNG by default and SVG when asked,
// refuses other types with 406, and checks its query parameters.
func TestCharts(t *testing.T) {
	ts := startServer(t)
	fid, sid := planningFixture(t, ts)
	fc := fmt.Sprintf("/api/v1/queues/sales/forecasts/%d/chart", fid)

	code, h, b := ts.do(t, Manager, "GET", fc, "", nil)
	chartOK(t, "forecast PNG", code, h, b, false, 1200, 500)
	code, h, b = ts.do(t, Planner, "GET", fc+"?width=640&height=320", "", nil, "Accept", "image/*")
	chartOK(t, "forecast PNG sized", code, h, b, false, 640, 320)
	code, h, b = ts.do(t, Planner, "GET", fc, "", nil, "Accept", "text/html, image/svg+xml;q=0.9")
	chartOK(t, "forecast SVG", code, h, b, true, 0, 0, "Forecast: sales", "history (offered)", "80% interval", "time (America/New_York)")
	code, hh, b := ts.do(t, Planner, "GET", fc, "", nil, "Accept", "application/json")
	if code != 406 {
		t.Errorf("Accept JSON: %d %s", code, b)
	} else {
		problem(t, code, hh, b)
	}
	// A size out of range names its parameter and the range.
	for q, name := range map[string]string{"?width=10": "width", "?height=abc": "height", "?width=99999": "width", "?width=100": "width"} {
		code, h, b := ts.do(t, Planner, "GET", fc+q, "", nil)
		if code != 400 || !strings.Contains(string(b), "query parameter "+name) || !strings.Contains(string(b), " pixels") {
			t.Errorf("%s: %d %s", q, code, b)
		}
		paramProblem(t, q, code, h, b, name)
	}
	if code, _, b := ts.do(t, Planner, "GET", "/api/v1/queues/other/forecasts/1/chart", "", nil); code != 404 {
		t.Errorf("unknown queue: %d %s", code, b)
	}

	st := fmt.Sprintf("/api/v1/queues/sales/staffing/%d/chart", sid)
	code, h, b = ts.do(t, HR, "GET", st, "", nil, "Accept", svgAccept)
	chartOK(t, "staffing SVG", code, h, b, true, 0, 0, "Staffing: sales", "required with shrinkage", "required on the phones", "service level with the required agents", "target 80%")

	// An imported roster: the first forecast day, two agents.
	var stj staffingJSON
	code, _, b = ts.do(t, Manager, "GET", fmt.Sprintf("/api/v1/queues/sales/staffing/%d", sid), "", nil)
	mustJSON(t, "staffing", 200, code, b, &stj)
	day := stj.Rows[0].Start.Format(time.DateOnly)
	shifts := fmt.Sprintf("agent_id,date,start,end,breaks\nA01,%s,08:00,16:00,12:00-12:30\nB&O <2>,%s,10:00,18:00,\nC03,%s,02:00,06:00,\n", day, day, day)
	var cov struct {
		RosterID      int64   `json:"roster_id"`
		ExcessMinutes float64 `json:"excess_minutes"`
	}
	code, _, b = ts.do(t, HR, "POST", fmt.Sprintf("/api/v1/queues/sales/coverage?staffing_id=%d", sid), "text/csv", []byte(shifts))
	mustJSON(t, "coverage", 201, code, b, &cov)
	code, h, b = ts.do(t, HR, "GET", fmt.Sprintf("%s?roster=%d", st, cov.RosterID), "", nil, "Accept", svgAccept)
	chartOK(t, "staffing against a roster", code, h, b, true, 0, 0, fmt.Sprintf("on shift in roster %d", cov.RosterID),
		"service level with the scheduled agents", "shortage",
		// The excess the coverage states, hours before the first staffed interval included.
		fmt.Sprintf("%.0f agent-hours over", cov.ExcessMinutes/60))
	rc := fmt.Sprintf("/api/v1/rosters/%d/chart", cov.RosterID)
	code, h, b = ts.do(t, HR, "GET", rc, "", nil, "Accept", svgAccept)
	chartOK(t, "roster Gantt", code, h, b, true, 0, 0, "Roster", "A01", "B&amp;O &lt;2&gt;", "unpaid break")
	code, h, b = ts.do(t, Planner, "GET", rc+"?day="+day, "", nil)
	chartOK(t, "roster Gantt of a day", code, h, b, false, 0, 0)
	for _, q := range []string{"?day=2001-01-01", "?day=tomorrow"} {
		code, h, b := ts.do(t, HR, "GET", rc+q, "", nil)
		paramProblem(t, "roster chart "+q, code, h, b, "day")
	}
	code, h, b = ts.do(t, HR, "GET", st+"?roster=1&schedule=1", "", nil)
	paramProblem(t, "roster and schedule", code, h, b, "schedule", "roster")
	code, h, b = ts.do(t, HR, "GET", st+"?roster=x", "", nil)
	paramProblem(t, "roster=x", code, h, b, "roster")
	code, h, b = ts.do(t, HR, "GET", st+"?width=abc", "", nil)
	paramProblem(t, "staffing chart width=abc", code, h, b, "width")
	code, h, b = ts.do(t, HR, "GET", rc+"?height=1", "", nil)
	paramProblem(t, "roster chart height=1", code, h, b, "height")

	// A stored schedule (made here rather than by a job): two shifts on
	// the first day of the staffing.
	loc, _ := time.LoadLocation("America/New_York")
	d0 := stj.Rows[0].Start.In(loc)
	req := scheduler.Requirements{Start: time.Date(d0.Year(), d0.Month(), d0.Day(), 0, 0, 0, 0, loc), Interval: 30 * time.Minute, Required: make([]float64, 7*48)}
	doc := scheduleDoc{scheduleView: scheduleView{TimeZone: "America/New_York", Days: 7, ExcessMinutes: 6045},
		Solution: scheduleSolution{Start: req.Start, Interval: req.Interval, Required: req.Required, Planned: []scheduler.PlannedShift{
			{Shift: scheduler.Shift{Day: 0, Start: 8 * time.Hour, Length: 8 * time.Hour, Breaks: []scheduler.Break{{Start: 12 * time.Hour, Length: 30 * time.Minute}}, Template: "day"}, Count: 3},
			{Shift: scheduler.Shift{Day: 1, Start: 8 * time.Hour, Length: 8 * time.Hour, Breaks: []scheduler.Break{{Start: 12 * time.Hour, Length: 30 * time.Minute}}, Template: "day"}, Count: 2},
		}}}
	plan, _ := json.Marshal(doc)
	sc, _, err := ts.store.CreateSchedule(t.Context(), "test", app.Schedule{Queue: "sales", Plan: plan}, nil)
	if err != nil {
		t.Fatal(err)
	}
	code, h, b = ts.do(t, HR, "GET", fmt.Sprintf("/api/v1/schedules/%d/chart", sc.ID), "", nil, "Accept", svgAccept)
	chartOK(t, "schedule Gantt", code, h, b, true, 0, 0, fmt.Sprintf("Schedule %d: sales", sc.ID), "08:00–16:00 day", "×3", "×2")
	code, h, b = ts.do(t, HR, "GET", fmt.Sprintf("/api/v1/schedules/%d/chart?day=%s", sc.ID, req.Start.AddDate(0, 0, 1).Format(time.DateOnly)), "", nil, "Accept", svgAccept)
	chartOK(t, "schedule Gantt of a day", code, h, b, true, 0, 0, "×2")
	if strings.Contains(string(b), "×3") {
		t.Error("the day's Gantt shows another day's shift")
	}
	code, h, b = ts.do(t, HR, "GET", fmt.Sprintf("/api/v1/schedules/%d/chart?day=soon", sc.ID), "", nil)
	paramProblem(t, "schedule chart day=soon", code, h, b, "day")
	code, h, b = ts.do(t, Planner, "GET", fmt.Sprintf("%s?schedule=%d", st, sc.ID), "", nil, "Accept", svgAccept)
	chartOK(t, "staffing against a schedule", code, h, b, true, 0, 0, fmt.Sprintf("scheduled by schedule %d", sc.ID), "excess",
		"101 agent-hours over") // the plan's own figure

	// A small backtest, run while waiting.
	code, h, b = ts.do(t, Manager, "GET", "/api/v1/queues/sales/backtests/chart?origins=1&horizon=48h", "", nil, "Accept", svgAccept)
	chartOK(t, "backtest", code, h, b, true, 0, 0, "Forecast accuracy by lead day: sales", "day 2", "snaive")
	for _, q := range []string{"?origins=99", "?origins=0", "?horizon=1000h", "?horizon=soon"} {
		code, h, b := ts.do(t, Planner, "GET", "/api/v1/queues/sales/backtests/chart"+q, "", nil)
		param, _, _ := strings.Cut(q[1:], "=")
		paramProblem(t, "backtest chart "+q, code, h, b, param)
	}
}
