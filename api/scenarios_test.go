package api

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/staffcast/staffcast/app"
	"github.com/staffcast/staffcast/scenario"
)

// scenarioDoc is a one-queue scenario of the sales queue named name whose
// demand is demand (a JSON object).
func scenarioDoc(name, demand string, share float64) string {
	return fmt.Sprintf(`{"name": %q, "queue": "sales", "demand": %s, "interval": "30m",
  "promise": {"sl_target": 0.8, "sl_time": "30s", "max_abandon": 0.05}, "shrinkage": 0.3,
  "humans": {"aht": "240s", "patience": "120s", "hourly_cost": 30},
  "bot": {"share": %v, "escalation": 0.3, "false_containment": 0.1, "return_share": 0.5, "return_lag": "24h",
          "escalated_aht": "300s", "escalated_patience": "45s", "cost_per_session": 0.5},
  "lost_contact_cost": 8}`, name, demand, share)
}

// salesForecast imports the sales history and stores a week's forecast.
func salesForecast(t *testing.T, ts *testServer) int64 {
	t.Helper()
	code, _, b := ts.do(t, Planner, "POST", "/api/v1/queues/sales/history?tz=America/New_York&interval=30m", "text/csv", salesHistory(t))
	mustJSON(t, "import", 200, code, b, nil)
	var fc struct {
		ID int64 `json:"id"`
	}
	code, _, b = ts.do(t, Planner, "POST", "/api/v1/queues/sales/forecasts", "application/json", []byte(`{"horizon":"168h"}`))
	mustJSON(t, "forecast", 201, code, b, &fc)
	return fc.ID
}

// createScenario stores doc as the manager and returns it.
func (ts *testServer) createScenario(t *testing.T, doc string) app.Scenario {
	t.Helper()
	var sc app.Scenario
	code, _, b := ts.do(t, Manager, "POST", "/api/v1/scenarios", "application/json", []byte(doc))
	mustJSON(t, "create scenario", 201, code, b, &sc)
	return sc
}

// wantField checks a 400 problem whose errors name field.
func wantField(t *testing.T, what string, code int, h map[string][]string, b []byte, field, detail string) {
	t.Helper()
	if code != 400 {
		t.Errorf("%s: %d, want 400: %s", what, code, b)
		return
	}
	p := problem(t, code, h, b)
	if len(p.Errors) == 0 || p.Errors[0].Field != field || !strings.Contains(p.Detail, detail) {
		t.Errorf("%s: errors %+v detail %q, want field %q and %q", what, p.Errors, p.Detail, field, detail)
	}
}

func TestScenarioCRUD(t *testing.T) {
	ts := startServer(t)
	fid := salesForecast(t, ts)
	doc := scenarioDoc("half", fmt.Sprintf(`{"forecast_id": %d}`, fid), 0.5)

	code, _, b := ts.do(t, Planner, "POST", "/api/v1/scenarios", "application/json", []byte(doc))
	if code != 403 {
		t.Fatalf("planner creates a scenario: %d %s", code, b)
	}
	var sc app.Scenario
	code, h, b := ts.do(t, Manager, "POST", "/api/v1/scenarios", "application/json", []byte(doc))
	mustJSON(t, "create", 201, code, b, &sc)
	if sc.ID == 0 || sc.Name != "half" || sc.Version != 1 || sc.CreatedBy != "t-manager" ||
		h.Get("Location") != scenarioPath(sc.ID) || h.Get("ETag") != `"1"` {
		t.Fatalf("created %+v, headers %v", sc, h)
	}
	stored, err := ts.store.Scenario(t.Context(), sc.ID)
	if err != nil || string(stored.Document) != doc {
		t.Fatalf("stored document %q (%v), want it verbatim", stored.Document, err)
	}

	// Conflicts: the name is taken.
	code, _, b = ts.do(t, Manager, "POST", "/api/v1/scenarios", "application/json", []byte(doc))
	if code != 409 {
		t.Errorf("same name again: %d %s", code, b)
	}

	// Bad documents name the field.
	ts.createOther(t)
	bad := map[string]struct{ doc, field, detail string }{
		"rate":        {strings.Replace(doc, `"escalation": 0.3`, `"escalation": 1.3`, 1), "bot.escalation", "1.3"},
		"unknown":     {strings.Replace(doc, `"shrinkage"`, `"shrinkages"`, 1), "shrinkages", "unknown"},
		"no name":     {strings.Replace(doc, `"name": "half", `, "", 1), "name", "required"},
		"file":        {scenarioDoc("f", `{"forecast": "forecast.csv"}`, 0.5), "demand.forecast", "file paths are for the CLI; use forecast_id or from_history"},
		"history":     {scenarioDoc("f", `{"history": "history.csv"}`, 0.5), "demand.history", "file paths are for the CLI"},
		"calendar":    {scenarioDoc("f", `{"from_history": true, "calendar": "calendar.csv"}`, 0.5), "demand.calendar", "from_history uses the stored calendar"},
		"no forecast": {scenarioDoc("f", `{"forecast_id": 999}`, 0.5), "demand.forecast_id", "does not exist"},
		"other queue": {strings.Replace(scenarioDoc("f", fmt.Sprintf(`{"forecast_id": %d}`, fid), 0.5), `"queue": "sales"`, `"queue": "other"`, 1), "demand.forecast_id", "not of other"},
		"no queue":    {strings.Replace(doc, `"queue": "sales"`, `"queue": "nope"`, 1), "queue", "does not exist"},
		"template path": {strings.Replace(doc, `"lost_contact_cost": 8`, `"lost_contact_cost": 8, "templates": "t.json"`, 1), "templates",
			"file paths are for the CLI"},
		"no templates": {strings.Replace(doc, `"lost_contact_cost": 8`, `"lost_contact_cost": 8, "templates": "std"`, 1), "templates", "std"},
		"second queue": {fmt.Sprintf(`{"name": "two", "queues": [%s, %s]}`, strings.Replace(doc, `"name": "half", `, "", 1),
			strings.Replace(scenarioDoc("x", `{"forecast_id": 999}`, 0.5), `"name": "x", "queue": "sales"`, `"queue": "other"`, 1)), "queues[1].demand.forecast_id", "does not exist"},
	}
	for name, c := range bad {
		code, h, b := ts.do(t, Manager, "POST", "/api/v1/scenarios", "application/json", []byte(c.doc))
		wantField(t, name, code, h, b, c.field, c.detail)
	}
	code, _, b = ts.do(t, Manager, "POST", "/api/v1/scenarios", "text/plain", []byte(doc))
	if code != 415 {
		t.Errorf("text/plain: %d %s", code, b)
	}

	// Reads: the planner may.
	var got app.Scenario
	code, h, b = ts.do(t, Planner, "GET", scenarioPath(sc.ID), "", nil)
	mustJSON(t, "get", 200, code, b, &got)
	var gotDoc, wantDoc any
	_ = json.Unmarshal(got.Document, &gotDoc)
	_ = json.Unmarshal([]byte(doc), &wantDoc)
	if !reflect.DeepEqual(gotDoc, wantDoc) || h.Get("ETag") != `"1"` {
		t.Errorf("get: %s, ETag %q", b, h.Get("ETag"))
	}
	var list List[app.Scenario]
	code, _, b = ts.do(t, Planner, "GET", "/api/v1/scenarios", "", nil)
	mustJSON(t, "list", 200, code, b, &list)
	if len(list.Items) != 1 || list.Items[0].ID != sc.ID || list.Items[0].Document != nil {
		t.Errorf("list: %s", b)
	}

	// Update: checked like a create, conditional with If-Match.
	doc2 := scenarioDoc("seventy", fmt.Sprintf(`{"forecast_id": %d}`, fid), 0.7)
	code, _, b = ts.do(t, Planner, "PUT", scenarioPath(sc.ID), "application/json", []byte(doc2))
	if code != 403 {
		t.Errorf("planner PUT: %d %s", code, b)
	}
	code, h, b = ts.do(t, Manager, "PUT", scenarioPath(sc.ID), "application/json", []byte(strings.Replace(doc2, "0.7", "7", 1)))
	wantField(t, "bad PUT", code, h, b, "bot.share", "7")
	var up app.Scenario
	code, h, b = ts.do(t, Manager, "PUT", scenarioPath(sc.ID), "application/json", []byte(doc2), "If-Match", `"1"`)
	mustJSON(t, "PUT", 200, code, b, &up)
	if up.Version != 2 || up.Name != "seventy" || h.Get("ETag") != `"2"` || !up.CreatedAt.Equal(sc.CreatedAt) {
		t.Errorf("PUT: %s ETag %q", b, h.Get("ETag"))
	}
	code, _, b = ts.do(t, Manager, "PUT", scenarioPath(sc.ID), "application/json", []byte(doc), "If-Match", `"1"`)
	if code != 412 || !strings.Contains(string(b), "changed meanwhile") || !strings.Contains(string(b), "problem:stale") {
		t.Errorf("stale If-Match: %d %s", code, b)
	}
	code, _, b = ts.do(t, Manager, "PUT", scenarioPath(sc.ID), "application/json", []byte(doc), "If-Match", "yesterday")
	if code != 400 {
		t.Errorf("bad If-Match: %d %s", code, b)
	}
	// A client holding the current version gets 304 without the document
	// (GET and HEAD); an older version, or a header that does not parse,
	// gets the document.
	for _, c := range []struct {
		method, header string
		want           int
	}{
		{"GET", `"2"`, 304}, {"GET", `W/"2"`, 304}, {"GET", `"1", "2"`, 304}, {"GET", "*", 304}, {"HEAD", `"2"`, 304},
		{"GET", `"1"`, 200}, {"GET", "yesterday", 200}, {"HEAD", `"1"`, 200},
	} {
		code, h, b := ts.do(t, Planner, c.method, scenarioPath(sc.ID), "", nil, "If-None-Match", c.header)
		if code != c.want || h.Get("ETag") != `"2"` || (code == 304 || c.method == "HEAD") != (len(b) == 0) {
			t.Errorf("%s If-None-Match %s: %d, ETag %q, %d bytes; want %d with ETag \"2\"", c.method, c.header, code, h.Get("ETag"), len(b), c.want)
		}
	}

	// Not found.
	for _, r := range []struct{ method, path, body string }{
		{"GET", "/api/v1/scenarios/999", ""},
		{"PUT", "/api/v1/scenarios/999", doc},
		{"DELETE", "/api/v1/scenarios/999", ""},
		{"POST", "/api/v1/scenarios/999/run", ""},
		{"POST", "/api/v1/scenarios/999/sweep", `{"vary":["bot.share=0,1"]}`},
		{"POST", "/api/v1/scenarios/999/optimize", ""},
	} {
		code, h, b := ts.do(t, Manager, r.method, r.path, "application/json", []byte(r.body))
		if code != 404 {
			t.Errorf("%s %s: %d, want 404: %s", r.method, r.path, code, b)
			continue
		}
		problem(t, code, h, b)
	}
	code, _, b = ts.do(t, Manager, "GET", "/api/v1/scenarios/x", "", nil)
	if code != 400 {
		t.Errorf("GET /scenarios/x: %d %s", code, b)
	}

	code, _, b = ts.do(t, Manager, "DELETE", scenarioPath(sc.ID), "", nil)
	if code != 204 {
		t.Fatalf("delete: %d %s", code, b)
	}
	code, _, _ = ts.do(t, Manager, "GET", scenarioPath(sc.ID), "", nil)
	if code != 404 {
		t.Errorf("get after delete: %d", code)
	}

	// Every write is audited.
	var audit List[app.AuditEntry]
	code, _, b = ts.do(t, Manager, "GET", "/api/v1/audit?limit=10", "", nil)
	mustJSON(t, "audit", 200, code, b, &audit)
	var actions []string
	for _, e := range audit.Items {
		if strings.HasPrefix(e.Action, "scenario.") {
			actions = append(actions, e.Actor+" "+e.Action+" "+e.Target)
		}
	}
	target := fmt.Sprintf("scenario/%d", sc.ID)
	want := []string{"t-manager scenario.delete " + target, "t-manager scenario.update " + target, "t-manager scenario.create " + target}
	if !reflect.DeepEqual(actions, want) {
		t.Errorf("audit %v, want %v", actions, want)
	}
}

// createOther creates an empty queue "other" as the planner.
func (ts *testServer) createOther(t *testing.T) {
	t.Helper()
	code, _, b := ts.do(t, Planner, "POST", "/api/v1/queues", "application/json", []byte(`{"name":"other","time_zone":"America/New_York"}`))
	mustJSON(t, "queue other", 201, code, b, nil)
}

// forecastSource is the demand of a stored forecast as the test reads it
// over HTTP: its JSON rows in New York time, the intervals it leaves out
// (closed slots) filled with zero volume.
type forecastSource []scenario.Interval

func (f forecastSource) Demand(context.Context, scenario.QueueSpec) ([]scenario.Interval, error) {
	return f, nil
}

func (forecastSource) Shifts(context.Context, scenario.QueueSpec) (*scenario.Shifts, error) {
	return nil, nil
}

func readForecastSource(t *testing.T, ts *testServer, id int64) forecastSource {
	t.Helper()
	var fc forecastJSON
	code, _, b := ts.do(t, Manager, "GET", fmt.Sprintf("/api/v1/queues/sales/forecasts/%d", id), "", nil)
	mustJSON(t, "forecast", 200, code, b, &fc)
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	var out forecastSource
	for _, r := range fc.Rows {
		start := r.Start.In(ny)
		for len(out) > 0 && out[len(out)-1].Start.Add(30*time.Minute).Before(start) {
			out = append(out, scenario.Interval{Start: out[len(out)-1].Start.Add(30 * time.Minute)})
		}
		iv := scenario.Interval{Start: start, Volume: r.Volume}
		if r.AHTSeconds != nil {
			iv.AHT = time.Duration(math.Round(*r.AHTSeconds * 1e9))
		}
		out = append(out, iv)
	}
	if len(out) <= len(fc.Rows) {
		t.Logf("the forecast has no closed slots (%d rows)", len(fc.Rows))
	}
	return out
}

// jsonSame compares two JSON documents by value.
func jsonSame(t *testing.T, what string, got, want []byte) {
	t.Helper()
	var g, w any
	if err := json.Unmarshal(got, &g); err != nil {
		t.Fatalf("%s: %v: %.300s", what, err, got)
	}
	if err := json.Unmarshal(want, &w); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(g, w) {
		t.Errorf("%s:\n%.600s\nwant\n%.600s", what, got, want)
	}
}

// TestScenarioRunAndCompare: a run answers what app.RunScenario gives on
// the same forecast read over HTTP, from_history forecasts the same
// demand as the stored forecast, and compare sets both side by side.
func TestScenarioRunAndCompare(t *testing.T) {
	ts := startServer(t)
	fid := salesForecast(t, ts)
	doc := scenarioDoc("half", fmt.Sprintf(`{"forecast_id": %d}`, fid), 0.5)
	sc := ts.createScenario(t, doc)

	code, _, b := ts.do(t, Planner, "POST", scenarioPath(sc.ID)+"/run", "", nil)
	if code != 403 {
		t.Errorf("planner runs: %d %s", code, b)
	}
	code, _, got := ts.do(t, Manager, "POST", scenarioPath(sc.ID)+"/run", "", nil)
	if code != 200 {
		t.Fatalf("run: %d %s", code, got)
	}
	d, err := app.ParseScenario([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	want, err := app.RunScenario(t.Context(), d, readForecastSource(t, ts, fid), app.ScenarioOptions{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	wb, _ := json.Marshal(want)
	jsonSame(t, "run", got, wb)
	var res struct {
		Totals map[string]any `json:"totals"`
	}
	if err := json.Unmarshal(got, &res); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"human_contacts", "bot_sessions", "paid_hours", "service_level", "abandon_rate", "cost_humans", "cost_bot", "cost_lost", "cost"} {
		if _, ok := res.Totals[k]; !ok {
			t.Errorf("totals have no %s", k)
		}
	}
	if res.Totals["offered"].(float64) <= 0 || res.Totals["cost"].(float64) <= 0 {
		t.Errorf("totals %v", res.Totals)
	}

	// from_history forecasts the history as the stored forecast did.
	hist := ts.createScenario(t, scenarioDoc("history", `{"from_history": true}`, 0.5))
	code, _, hb := ts.do(t, Admin, "POST", scenarioPath(hist.ID)+"/run", "application/json", []byte(`{}`))
	if code != 200 {
		t.Fatalf("run from history: %d %s", code, hb)
	}
	var hres struct {
		Name   string          `json:"name"`
		Totals json.RawMessage `json:"totals"`
	}
	mustJSON(t, "run from history", 200, code, hb, &hres)
	jsonSame(t, "from_history totals", hres.Totals, mustMarshal(t, want.Totals))

	// Compare: synchronous without shift templates.
	var cmp scenario.Comparison
	code, _, b = ts.do(t, Manager, "POST", "/api/v1/scenarios/compare", "application/json", fmt.Appendf(nil, `{"ids":[%d,%d]}`, sc.ID, hist.ID))
	mustJSON(t, "compare", 200, code, b, &cmp)
	if len(cmp.Scenarios) != 2 || cmp.Scenarios[0].Name != "half" || cmp.Scenarios[1].Name != "history" ||
		cmp.Scenarios[1].Delta.Cost != 0 || cmp.Scenarios[0].Totals.Cost != want.Totals.Cost {
		t.Errorf("compare: %.500s", b)
	}
	for body, field := range map[string]string{
		fmt.Sprintf(`{"ids":[%d]}`, sc.ID):           "ids",
		fmt.Sprintf(`{"ids":[%d,999]}`, sc.ID):       "ids[1]",
		fmt.Sprintf(`{"ids":[%d,%d]}`, sc.ID, sc.ID): "ids[1]",
		fmt.Sprintf(`{"ids":[%d],"x":1}`, sc.ID):     "",
	} {
		code, h, b := ts.do(t, Manager, "POST", "/api/v1/scenarios/compare", "application/json", []byte(body))
		if field == "" {
			if code != 400 {
				t.Errorf("compare %s: %d %s", body, code, b)
			}
			continue
		}
		wantField(t, "compare "+body, code, h, b, field, "")
	}

	// staff_to p80 staffs the stored forecast's upper 80% bound (its bands
	// are stored with it) and from_history's: more paid hours, the same
	// from both sources.
	for _, demand := range []string{fmt.Sprintf(`{"forecast_id": %d}`, fid), `{"from_history": true}`} {
		p80doc := strings.Replace(scenarioDoc("p80 "+demand, demand, 0.5), `"lost_contact_cost": 8}`, `"lost_contact_cost": 8, "staff_to": "p80"}`, 1)
		p80 := ts.createScenario(t, p80doc)
		var pres struct {
			Totals scenario.Totals `json:"totals"`
		}
		code, _, b = ts.do(t, Manager, "POST", scenarioPath(p80.ID)+"/run", "", nil)
		mustJSON(t, "run p80", 200, code, b, &pres)
		if !(pres.Totals.PaidHours > want.Totals.PaidHours*1.02) {
			t.Errorf("%s staffed to p80: %v paid hours, want more than the mean's %v", demand, pres.Totals.PaidHours, want.Totals.PaidHours)
		}
	}

	// Without a job queue the routes that need one answer 503.
	code, _, b = ts.do(t, Manager, "POST", scenarioPath(sc.ID)+"/sweep", "application/json", []byte(`{"vary":["bot.share=0:0.9:0.1"]}`))
	if code != 503 {
		t.Errorf("sweep without jobs: %d %s", code, b)
	}
}

func mustMarshal(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestScenarioJobs: sweep, optimize and a run with shift templates are
// jobs whose results are the scenario package's.
func TestScenarioJobs(t *testing.T) {
	ts := startServer(t, withJobs(t))
	fid := salesForecast(t, ts)
	sc := ts.createScenario(t, scenarioDoc("half", fmt.Sprintf(`{"forecast_id": %d}`, fid), 0.5))

	for body, field := range map[string]string{
		`{"vary":[]}`:                                              "vary",
		`{"vary":["bot.nope=0:1:0.5"]}`:                            "vary[0]",
		`{"vary":["bot.share=0:2:0.5"]}`:                           "vary[0]",
		`{"vary":["bot.share=0:1:0.0001","bot.escalation=0,0.1"]}`: "vary[0]",
	} {
		code, h, b := ts.do(t, Manager, "POST", scenarioPath(sc.ID)+"/sweep", "application/json", []byte(body))
		wantField(t, "sweep "+body, code, h, b, field, "")
	}
	code, h, b := ts.do(t, Manager, "POST", scenarioPath(sc.ID)+"/optimize", "application/json", []byte(`{"grid":[0.5,0.2]}`))
	wantField(t, "optimize grid", code, h, b, "grid[1]", "ascending")
	// Refused at once rather than as a failed job: a path varied twice, and
	// the share of a bot the document does not describe (free and perfect).
	code, h, b = ts.do(t, Manager, "POST", scenarioPath(sc.ID)+"/sweep", "application/json", []byte(`{"vary":["bot.share=0:1:0.25","bot.share=0.5"]}`))
	wantField(t, "sweep varied twice", code, h, b, "vary", "varied twice")
	noBot := ts.createScenario(t, regexp.MustCompile(`(?s)"bot": \{.*?\},\n`).ReplaceAllString(scenarioDoc("no bot", fmt.Sprintf(`{"forecast_id": %d}`, fid), 0), ""))
	code, h, b = ts.do(t, Manager, "POST", scenarioPath(noBot.ID)+"/sweep", "application/json", []byte(`{"vary":["bot.share=0,1"]}`))
	wantField(t, "sweep a free bot", code, h, b, "vary", "costs nothing")
	code, h, b = ts.do(t, Manager, "POST", scenarioPath(noBot.ID)+"/optimize", "application/json", []byte(`{}`))
	wantField(t, "optimize a free bot", code, h, b, "bot", "costs nothing")

	var sweep, opt app.Job
	code, h, b = ts.do(t, Manager, "POST", scenarioPath(sc.ID)+"/sweep", "application/json", []byte(`{"vary":["bot.share=0:0.9:0.1"]}`))
	mustJSON(t, "sweep", 202, code, b, &sweep)
	if sweep.Kind != scenarioSweepJobKind || h.Get("Location") != fmt.Sprintf("/api/v1/jobs/%d", sweep.ID) {
		t.Errorf("sweep job %+v, Location %q", sweep, h.Get("Location"))
	}
	code, _, b = ts.do(t, Manager, "POST", scenarioPath(sc.ID)+"/optimize", "application/json", []byte(`{"grid":[0,0.5,1]}`))
	mustJSON(t, "optimize", 202, code, b, &opt)

	sweep = ts.waitJob(t, sweep.ID, 60*time.Second)
	if sweep.State != app.JobSucceeded || sweep.Progress != 1 {
		t.Fatalf("sweep job %s (%v): %s", sweep.State, sweep.Progress, sweep.Error)
	}
	var sr struct {
		Vary     []string          `json:"vary"`
		Points   []json.RawMessage `json:"points"`
		Cheapest json.RawMessage   `json:"cheapest"`
	}
	if err := json.Unmarshal(sweep.Result, &sr); err != nil {
		t.Fatal(err)
	}
	if len(sr.Points) != 10 || len(sr.Vary) != 1 || sr.Vary[0] != "bot.share" || sr.Cheapest == nil {
		t.Errorf("sweep result %.400s", sweep.Result)
	}

	opt = ts.waitJob(t, opt.ID, 60*time.Second)
	if opt.State != app.JobSucceeded {
		t.Fatalf("optimize job %s: %s", opt.State, opt.Error)
	}
	var or scenario.OptimizeResult
	if err := json.Unmarshal(opt.Result, &or); err != nil {
		t.Fatal(err)
	}
	if len(or.Queues) != 1 || or.Saving < 0 || !reflect.DeepEqual(or.Grid, []float64{0, 0.5, 1}) {
		t.Errorf("optimize result %.400s", opt.Result)
	}

	// With stored shift templates a run is a job; a planner may not cancel
	// it but a manager may.
	code, _, b = ts.do(t, Planner, "PUT", "/api/v1/shift-templates/std", "application/json", readTestdata(t, "schedule/templates.json"))
	mustJSON(t, "templates", 200, code, b, nil)
	shifts := ts.createScenario(t, strings.Replace(scenarioDoc("shifts", fmt.Sprintf(`{"forecast_id": %d}`, fid), 0.5),
		`"lost_contact_cost": 8`, `"lost_contact_cost": 8, "templates": "std"`, 1))
	var run app.Job
	code, _, b = ts.do(t, Manager, "POST", scenarioPath(shifts.ID)+"/run", "", nil)
	mustJSON(t, "run with shifts", 202, code, b, &run)
	run = ts.waitJob(t, run.ID, 120*time.Second)
	if run.State != app.JobSucceeded {
		t.Fatalf("run job %s: %s", run.State, run.Error)
	}
	var rr scenario.Result
	if err := json.Unmarshal(run.Result, &rr); err != nil {
		t.Fatal(err)
	}
	if rr.Name != "shifts" || rr.Totals.PaidHours <= 0 {
		t.Errorf("run with shifts: %.400s", run.Result)
	}
	// Compare with a scenario that has shift templates is a job too.
	var cmp app.Job
	code, _, b = ts.do(t, Manager, "POST", "/api/v1/scenarios/compare", "application/json", fmt.Appendf(nil, `{"ids":[%d,%d]}`, sc.ID, shifts.ID))
	mustJSON(t, "compare with shifts", 202, code, b, &cmp)
	code, _, b = ts.do(t, Manager, "DELETE", fmt.Sprintf("/api/v1/jobs/%d", cmp.ID), "", nil)
	if code != 202 && code != 409 {
		t.Errorf("manager cancels: %d %s", code, b)
	}
	cmp = ts.waitJob(t, cmp.ID, 120*time.Second)
	if cmp.State != app.JobCancelled && cmp.State != app.JobSucceeded {
		t.Errorf("compare job %s: %s", cmp.State, cmp.Error)
	}
}

// TestScenarioIfMatch: If-Match makes PUT and DELETE conditional (RFC
// 9110, 13.1.1): a list matches when any listed version is the current
// one, * matches any, a weak tag W/"2" is taken as "2"; a stale list or a
// scenario that does not exist is 412 and changes nothing.
func TestScenarioIfMatch(t *testing.T) {
	ts := startServer(t)
	fid := salesForecast(t, ts)
	demand := fmt.Sprintf(`{"forecast_id": %d}`, fid)
	sc := ts.createScenario(t, scenarioDoc("kept", demand, 0.5))
	put := func(ifMatch string) (int, []byte) {
		t.Helper()
		code, _, b := ts.do(t, Manager, "PUT", scenarioPath(sc.ID), "application/json", []byte(scenarioDoc("kept", demand, 0.5)), "If-Match", ifMatch)
		return code, b
	}
	version := func() int {
		t.Helper()
		var got app.Scenario
		code, _, b := ts.do(t, Manager, "GET", scenarioPath(sc.ID), "", nil)
		mustJSON(t, "get", 200, code, b, &got)
		return got.Version
	}
	// Each case runs against the version the one before left.
	for _, c := range []struct {
		name, ifMatch string
		status        int
		version       int // after the request
	}{
		{"stale", `"99"`, 412, 1},
		{"list, one current", `"7", "1"`, 200, 2},
		{"list, none current", `"1", "3"`, 412, 2},
		{"list without spaces", `"5","2"`, 200, 3},
		{"weak", `W/"3"`, 200, 4},
		{"weak in a list", `"1", W/"4"`, 200, 5},
		{"any", `*`, 200, 6},
		{"not a version", `"abc"`, 400, 6},
		{"unquoted", `6`, 400, 6},
		{"unterminated", `"6`, 400, 6},
		{"junk after a tag", `"6" x`, 400, 6},
		{"only commas", `, ,`, 400, 6},
	} {
		code, b := put(c.ifMatch)
		if code != c.status {
			t.Errorf("PUT If-Match %s (%s): %d, want %d: %s", c.ifMatch, c.name, code, c.status, b)
		}
		if v := version(); v != c.version {
			t.Errorf("PUT If-Match %s (%s): version %d after, want %d", c.ifMatch, c.name, v, c.version)
		}
	}

	// DELETE: a stale tag deletes nothing; a matching list deletes.
	for _, c := range []struct {
		ifMatch string
		status  int
	}{
		{`"99"`, 412},
		{`"1", "2"`, 412},
		{`bad`, 400},
		{`"5", "6"`, 204},
	} {
		code, h, b := ts.do(t, Manager, "DELETE", scenarioPath(sc.ID), "", nil, "If-Match", c.ifMatch)
		if code != c.status {
			t.Errorf("DELETE If-Match %s: %d, want %d: %s", c.ifMatch, code, c.status, b)
		}
		if code == 412 {
			if p := problem(t, code, h, b); !strings.Contains(p.Detail, "version 6") {
				t.Errorf("DELETE If-Match %s: detail %q does not give the current version", c.ifMatch, p.Detail)
			}
		}
		gone, _, _ := ts.do(t, Manager, "GET", scenarioPath(sc.ID), "", nil)
		if (gone == 404) != (c.status == 204) {
			t.Errorf("DELETE If-Match %s: GET after is %d", c.ifMatch, gone)
		}
	}

	// A scenario that does not exist fails any If-Match, * included; without
	// one it is 404.
	for _, c := range []struct {
		method, ifMatch string
		status          int
	}{
		{"PUT", "*", 412},
		{"PUT", `"1"`, 412},
		{"DELETE", "*", 412},
		{"DELETE", `"6"`, 412},
		{"PUT", "", 404},
		{"DELETE", "", 404},
	} {
		var hdr []string
		if c.ifMatch != "" {
			hdr = []string{"If-Match", c.ifMatch}
		}
		code, h, b := ts.do(t, Manager, c.method, scenarioPath(sc.ID), "application/json", []byte(scenarioDoc("kept", demand, 0.5)), hdr...)
		if code != c.status {
			t.Errorf("%s a deleted scenario with If-Match %q: %d, want %d: %s", c.method, c.ifMatch, code, c.status, b)
			continue
		}
		problem(t, code, h, b)
	}
}

// TestScenarioIfNoneMatch: If-None-Match makes PUT and DELETE conditional
// too (RFC 9110, 13.1.2): * when the scenario exists, or a list naming its
// current version (weak or strong), fails with 412, not 304, and changes
// nothing; a list without it lets the write through; with If-Match as
// well, both must hold; a header that does not parse is 400; on a scenario
// that does not exist If-None-Match holds and the write is 404.
func TestScenarioIfNoneMatch(t *testing.T) {
	ts := startServer(t)
	fid := salesForecast(t, ts)
	demand := fmt.Sprintf(`{"forecast_id": %d}`, fid)
	sc := ts.createScenario(t, scenarioDoc("kept", demand, 0.5))
	version := func() int {
		t.Helper()
		var got app.Scenario
		code, _, b := ts.do(t, Manager, "GET", scenarioPath(sc.ID), "", nil)
		if code == 404 {
			return 0
		}
		mustJSON(t, "get", 200, code, b, &got)
		return got.Version
	}
	// Each case runs against the version the one before left (0: gone).
	for _, c := range []struct {
		name, method string
		headers      []string
		status       int
		version      int // after the request
		detail       string
	}{
		{"PUT, any", "PUT", []string{"If-None-Match", "*"}, 412, 1, `If-None-Match *: scenario %d exists, at version 1`},
		{"PUT, the current version", "PUT", []string{"If-None-Match", `"1"`}, 412, 1, `If-None-Match "1": scenario %d exists, at version 1`},
		{"PUT, current in a list", "PUT", []string{"If-None-Match", `"7", W/"1"`}, 412, 1, ""},
		{"PUT, another version", "PUT", []string{"If-None-Match", `"7"`}, 200, 2, ""},
		{"PUT, weak current", "PUT", []string{"If-None-Match", `W/"2"`}, 412, 2, ""},
		{"PUT, If-Match holds but If-None-Match fails", "PUT", []string{"If-Match", `"2"`, "If-None-Match", `"2"`}, 412, 2, `If-None-Match "2": scenario %d exists, at version 2`},
		{"PUT, If-Match fails first", "PUT", []string{"If-Match", `"9"`, "If-None-Match", `"1"`}, 412, 2, `scenario %d is at version 2, not "9": it changed meanwhile`},
		{"PUT, both hold", "PUT", []string{"If-Match", `"2"`, "If-None-Match", `"1"`}, 200, 3, ""},
		{"PUT, not a list of ETags", "PUT", []string{"If-None-Match", `3`}, 400, 3, ""},
		{"DELETE, any", "DELETE", []string{"If-None-Match", "*"}, 412, 3, `If-None-Match *: scenario %d exists, at version 3`},
		{"DELETE, the current version", "DELETE", []string{"If-None-Match", `"3"`}, 412, 3, ""},
		{"DELETE, not a list of ETags", "DELETE", []string{"If-None-Match", `x`}, 400, 3, ""},
		{"DELETE, another version", "DELETE", []string{"If-None-Match", `"1", "2"`}, 204, 0, ""},
		{"PUT a deleted scenario, any", "PUT", []string{"If-None-Match", "*"}, 404, 0, ""},
		{"DELETE a deleted scenario, any", "DELETE", []string{"If-None-Match", "*"}, 404, 0, ""},
	} {
		code, h, b := ts.do(t, Manager, c.method, scenarioPath(sc.ID), "application/json", []byte(scenarioDoc("kept", demand, 0.5)), c.headers...)
		if code != c.status {
			t.Errorf("%s: %d, want %d: %s", c.name, code, c.status, b)
		}
		if code >= 400 {
			p := problem(t, code, h, b)
			if want := fmt.Sprintf(c.detail, sc.ID); c.detail != "" && p.Detail != want {
				t.Errorf("%s: detail %q, want %q", c.name, p.Detail, want)
			}
		}
		if v := version(); v != c.version {
			t.Errorf("%s: version %d after, want %d", c.name, v, c.version)
		}
	}
}

// TestScenarioTemplatesDeletedSinceSaved: shift templates deleted after a
// scenario naming them was saved (the DELETE is allowed) make its run,
// sweep, optimize and a compare with it a 400 naming the field, as
// creating it would be, before any job is queued, rather than a 202 and a
// job that fails on them.
func TestScenarioTemplatesDeletedSinceSaved(t *testing.T) {
	ts := startServer(t, withJobs(t))
	fid := salesForecast(t, ts)
	templates, err := os.ReadFile("../examples/templates.json")
	if err != nil {
		t.Fatal(err)
	}
	code, _, b := ts.do(t, Planner, "PUT", "/api/v1/shift-templates/bank2", "application/json", templates)
	mustJSON(t, "templates", 200, code, b, nil)
	plain := ts.createScenario(t, scenarioDoc("plain", fmt.Sprintf(`{"forecast_id": %d}`, fid), 0.5))
	shifts := ts.createScenario(t, strings.Replace(scenarioDoc("shifts", fmt.Sprintf(`{"forecast_id": %d}`, fid), 0.5),
		`"lost_contact_cost": 8`, `"lost_contact_cost": 8, "templates": "bank2"`, 1))
	code, _, b = ts.do(t, Planner, "DELETE", "/api/v1/shift-templates/bank2", "", nil)
	if code != 204 {
		t.Fatalf("delete the templates: %d %s", code, b)
	}
	for _, c := range []struct {
		name, path, body, field string
	}{
		{"run", scenarioPath(shifts.ID) + "/run", "", "templates"},
		{"sweep", scenarioPath(shifts.ID) + "/sweep", `{"vary":["bot.share=0:0.9:0.1"]}`, "templates"},
		{"optimize", scenarioPath(shifts.ID) + "/optimize", `{"grid":[0,0.5,1]}`, "templates"},
		{"compare", "/api/v1/scenarios/compare", fmt.Sprintf(`{"ids":[%d,%d]}`, plain.ID, shifts.ID), "ids[1]"},
	} {
		t.Run(c.name, func(t *testing.T) {
			ct := ""
			if c.body != "" {
				ct = "application/json"
			}
			code, h, b := ts.do(t, Manager, "POST", c.path, ct, []byte(c.body))
			wantField(t, c.name, code, h, b, c.field, `"bank2"`)
		})
	}
	var jobs List[app.Job]
	code, _, b = ts.do(t, Manager, "GET", "/api/v1/jobs", "", nil)
	mustJSON(t, "jobs", 200, code, b, &jobs)
	if len(jobs.Items) != 0 {
		t.Errorf("%d jobs queued, want none: %s", len(jobs.Items), b)
	}
	// The scenario without templates still runs.
	code, _, b = ts.do(t, Manager, "POST", scenarioPath(plain.ID)+"/run", "", nil)
	mustJSON(t, "run the plain scenario", 200, code, b, nil)
}

// TestScenarioTimeLimit: every scenario request takes a time_limit,
// checked as a schedule's (positive, at most 30m; left out, no limit); a
// sweep job whose points plan shifts under a limit shorter than its plans'
// searches succeeds with every point, the plans the limit stopped counted
// in their totals and said in the note, and its progress (GET
// /api/v1/jobs/{id}) rises through the points while it runs.
func TestScenarioTimeLimit(t *testing.T) {
	ts := startServer(t, withJobs(t))
	fid := salesForecast(t, ts)
	code, _, b := ts.do(t, Planner, "PUT", "/api/v1/shift-templates/std", "application/json", readTestdata(t, "schedule/templates.json"))
	mustJSON(t, "templates", 200, code, b, nil)
	plain := ts.createScenario(t, scenarioDoc("half", fmt.Sprintf(`{"forecast_id": %d}`, fid), 0.5))
	shifts := ts.createScenario(t, strings.Replace(scenarioDoc("shifts", fmt.Sprintf(`{"forecast_id": %d}`, fid), 0.5),
		`"lost_contact_cost": 8`, `"lost_contact_cost": 8, "templates": "std"`, 1))

	for _, limit := range []struct{ value, detail string }{{`"0s"`, "positive"}, {`"-5s"`, "positive"}, {`"31m"`, "above the most a job may take, 30m"}, {`"soon"`, ""}} {
		for path, body := range map[string]string{
			scenarioPath(plain.ID) + "/run":      `{"time_limit": %s}`,
			scenarioPath(plain.ID) + "/sweep":    `{"vary": ["bot.share=0,1"], "time_limit": %s}`,
			scenarioPath(plain.ID) + "/optimize": `{"time_limit": %s}`,
			"/api/v1/scenarios/compare":          fmt.Sprintf(`{"ids": [%d, %d], "time_limit": %%s}`, plain.ID, shifts.ID),
		} {
			code, h, b := ts.do(t, Manager, "POST", path, "application/json", fmt.Appendf(nil, body, limit.value))
			wantField(t, path+" time_limit "+limit.value, code, h, b, "time_limit", limit.detail)
		}
	}
	// A limit the synchronous run does not reach changes nothing.
	code, _, free := ts.do(t, Manager, "POST", scenarioPath(plain.ID)+"/run", "", nil)
	if code != 200 {
		t.Fatalf("run: %d %s", code, free)
	}
	code, _, limited := ts.do(t, Manager, "POST", scenarioPath(plain.ID)+"/run", "application/json", []byte(`{"time_limit": "5m"}`))
	if code != 200 {
		t.Fatalf("run with a limit: %d %s", code, limited)
	}
	jsonSame(t, "run under a limit it does not reach", limited, free)

	var job app.Job
	code, _, b = ts.do(t, Manager, "POST", scenarioPath(shifts.ID)+"/sweep", "application/json", []byte(`{"vary": ["bot.share=0:0.9:0.1"], "time_limit": "2s"}`))
	mustJSON(t, "sweep with a time limit", 202, code, b, &job)
	start := time.Now()
	var seen []app.Job
	for !job.State.Finished() {
		if time.Since(start) > 2*time.Minute {
			t.Fatalf("sweep job under a 2 s limit still %s after 2 minutes", job.State)
		}
		time.Sleep(50 * time.Millisecond)
		code, _, b = ts.do(t, Manager, "GET", fmt.Sprintf("/api/v1/jobs/%d", job.ID), "", nil)
		mustJSON(t, "job", 200, code, b, &job)
		if job.State == app.JobRunning {
			seen = append(seen, job)
		}
	}
	if job.State != app.JobSucceeded || job.Progress != 1 {
		t.Fatalf("sweep job %s (%v): %s", job.State, job.Progress, job.Error)
	}
	var res scenario.SweepResult
	if err := json.Unmarshal(job.Result, &res); err != nil {
		t.Fatal(err)
	}
	stopped := 0
	for _, p := range res.Points {
		stopped += p.Totals.PlansStopped
	}
	t.Logf("%d of 10 plans stopped; the job ran %v (as the test polled it)", stopped, time.Since(start))
	if len(res.Points) != 10 || stopped == 0 || !strings.Contains(res.Note, "the time limit stopped") {
		t.Errorf("%d points, %d plans stopped, note %q; want 10 points with plans stopped and said so", len(res.Points), stopped, res.Note)
	}
	rose := false
	for i, j := range seen {
		if i > 0 && j.Progress < seen[i-1].Progress {
			t.Errorf("progress %v after %v", j.Progress, seen[i-1].Progress)
		}
		rose = rose || (j.Progress > 0 && j.Progress < 1 && strings.Contains(j.ProgressNote, "of 10 points"))
	}
	if !rose {
		t.Errorf("no report of the points under way while the job ran: %+v", seen)
	}
}
