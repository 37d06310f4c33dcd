package api

import (
	"bytes"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/staffcast/staffcast/csvio/historycsv"
	"github.com/staffcast/staffcast/forecast"
)

// TestErlangMatchesCLI: POST /api/v1/erlang answers byte for byte what
// "staffcast erlang -json" prints (its golden files).
func TestErlangMatchesCLI(t *testing.T) {
	ts := startServer(t)
	for _, c := range []struct{ golden, body string }{
		{"evaluate_c.json", `{"volume":100,"interval":"30m","aht":"180s","sl_time":"20s","agents":14}`},
		{"evaluate_a.json", `{"volume":100,"interval":"30m","aht":"180s","sl_time":"20s","agents":14,"patience":"60s"}`},
		{"solve_c.json", `{"volume":100,"interval":"30m","aht":"180s","sl_time":"20s","sl_target":0.8,"shrinkage":0.3}`},
		{"solve_all_targets.json", `{"volume":100,"interval":"30m","aht":180,"sl_time":"20s","sl_target":0.8,"max_asa":"5s","max_abandon":0.03,"max_occupancy":0.8,"patience":"90s"}`},
	} {
		t.Run(c.golden, func(t *testing.T) {
			want, err := os.ReadFile("../cmd/staffcast/testdata/erlang/" + c.golden)
			if err != nil {
				t.Fatal(err)
			}
			code, h, b := ts.do(t, Planner, "POST", "/api/v1/erlang", "application/json", []byte(c.body))
			if code != 200 || !strings.HasPrefix(h.Get("Content-Type"), "application/json") {
				t.Fatalf("%d %s: %s", code, h.Get("Content-Type"), b)
			}
			if !bytes.Equal(b, want) {
				t.Errorf("got  %s\nwant %s", b, want)
			}
		})
	}
	code, h, b := ts.do(t, Planner, "POST", "/api/v1/erlang", "application/json", []byte(`{"volume":100,"interval":"30m","aht":"180s","agents":3}`))
	if code != 400 {
		t.Fatalf("unstable: %d %s", code, b)
	}
	if p := problem(t, code, h, b); len(p.Errors) == 0 || p.Errors[0].Field != "agents" {
		t.Errorf("unstable staffing: errors %+v", p.Errors)
	}
}

const historyHeader = "interval_start,queue,channel,offered,handled,abandoned,aht_seconds\n"

func TestHistoryImport(t *testing.T) {
	ts := startServer(t)
	good := historyHeader + "2026-02-02T08:00:00,sales,voice,2,2,0,261.8\n2026-02-02T08:15:00,sales,voice,3,3,1,\n"
	// A bad file: several bad rows, all listed, nothing stored.
	var bad strings.Builder
	bad.WriteString(historyHeader)
	bad.WriteString("2026-02-02T08:00:00,sales,voice,2,2,0,261.8\n") // line 2 ok
	bad.WriteString("2026-02-02T08:15:00,sales,voice,-3,3,0,200\n")  // line 3 negative
	bad.WriteString("2026-02-02T08:30:00,other,voice,3,3,0,200\n")   // line 4 other queue
	bad.WriteString("yesterday,sales,voice,3,3,0,200\n")             // line 5 bad time
	bad.WriteString("2026-02-02T09:00:00,sales,voice,3\n")           // line 6 field count
	for i := range 150 {                                             // lines 7..156 bad counts
		fmt.Fprintf(&bad, "2026-02-03T%02d:%02d:00,sales,voice,x,1,0,100\n", 8+i/4, 15*(i%4))
	}
	code, h, b := ts.do(t, Planner, "POST", "/api/v1/queues/sales/history?tz=America/New_York", "text/csv", []byte(bad.String()))
	if code != http.StatusUnprocessableEntity {
		t.Fatalf("bad file: %d %s", code, b)
	}
	p := problem(t, code, h, b)
	if len(p.Errors) != MaxProblemErrors || p.ErrorsOmitted != 154-MaxProblemErrors {
		t.Errorf("bad file: %d errors, %d omitted", len(p.Errors), p.ErrorsOmitted)
	}
	wantLines := []struct{ line, col int }{{3, 4}, {4, 2}, {5, 1}, {6, 0}, {7, 4}}
	for i, w := range wantLines {
		if e := p.Errors[i]; e.Line != w.line || e.Column != w.col || e.Reason == "" {
			t.Errorf("error %d: %+v, want line %d column %d", i, e, w.line, w.col)
		}
	}
	if code, _, b := ts.do(t, Planner, "GET", "/api/v1/queues/sales", "", nil); code != 404 {
		t.Errorf("after a failed import the queue exists: %d %s", code, b)
	}
	// A bad grid (the forecaster's own checks) is refused too.
	dup := historyHeader + "2026-02-02T08:00:00,sales,voice,2,2,0,1\n2026-02-02T08:00:00,sales,voice,2,2,0,1\n"
	if code, _, b := ts.do(t, Planner, "POST", "/api/v1/queues/sales/history", "text/csv", []byte(dup)); code != 422 {
		t.Errorf("duplicate interval: %d %s", code, b)
	}
	// A good file creates the queue in its zone.
	code, _, b = ts.do(t, Planner, "POST", "/api/v1/queues/sales/history?tz=America/New_York", "text/csv", []byte(good))
	if code != 200 {
		t.Fatalf("good file: %d %s", code, b)
	}
	var res importResponse
	if err := json.Unmarshal(b, &res); err != nil || res.Inserted != 2 || !res.QueueCreated || res.Rows != 2 {
		t.Errorf("good file: %s (%v)", b, err)
	}
	code, _, b = ts.do(t, Manager, "GET", "/api/v1/queues/sales", "", nil)
	if code != 200 || !strings.Contains(string(b), `"time_zone":"America/New_York"`) {
		t.Errorf("created queue: %d %s", code, b)
	}
	// Re-importing as a multipart upload replaces the intervals.
	var mp bytes.Buffer
	w := multipart.NewWriter(&mp)
	fw, _ := w.CreateFormFile("file", "history.csv")
	fw.Write([]byte(good))
	w.Close()
	code, _, b = ts.do(t, Planner, "POST", "/api/v1/queues/sales/history", w.FormDataContentType(), mp.Bytes())
	if err := json.Unmarshal(b, &res); code != 200 || err != nil || res.Replaced != 2 || res.Inserted != 0 {
		t.Errorf("multipart re-import: %d %s", code, b)
	}
	// The summary's first interval is 13:00 UTC, written in the queue's zone.
	code, _, b = ts.do(t, Planner, "GET", "/api/v1/queues/sales/history", "", nil)
	if code != 200 || !strings.Contains(string(b), `"intervals":2`) || !strings.Contains(string(b), `"first":"2026-02-02T08:00:00-05:00"`) {
		t.Errorf("summary: %d %s", code, b)
	}
}

// TestForecastCSVMatchesCLI imports the CLI's test history over HTTP,
// forecasts, and checks that the CSV equals what "staffcast forecast"
// writes for the same history, zone and parameters.
func TestForecastCSVMatchesCLI(t *testing.T) {
	const path = "../cmd/staffcast/testdata/forecast/history.csv"
	all, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	// The file has queues sales and support; the URL names one.
	var sales bytes.Buffer
	for i, line := range strings.SplitAfter(string(all), "\n") {
		if i == 0 || strings.Contains(line, ",sales,") {
			sales.WriteString(line)
		}
	}
	data := sales.Bytes()
	ts := startServer(t, withJobs(t), func(c *Config, _ *Deps) { c.ForecastJobIntervals = 400 })
	code, _, b := ts.do(t, Planner, "POST", "/api/v1/queues/sales/history?tz=America/New_York&interval=30m", "text/csv", data)
	if code != 200 {
		t.Fatalf("import: %d %s", code, b)
	}
	// What the CLI computes (forecast.go without a calendar).
	loc, _ := time.LoadLocation("America/New_York")
	qs, err := historycsv.ReadHistory(bytes.NewReader(data), loc)
	if err != nil {
		t.Fatal(err)
	}
	series, err := qs[0].Series(30*time.Minute, loc)
	if err != nil {
		t.Fatal(err)
	}
	res, err := forecast.Forecast(series, series.NextStart(), 168*time.Hour, forecast.Options{Method: forecast.MethodAuto})
	if err != nil {
		t.Fatal(err)
	}
	var want bytes.Buffer
	if err := historycsv.WriteForecast(&want, []*forecast.Result{res}); err != nil {
		t.Fatal(err)
	}

	code, h, b := ts.do(t, Planner, "POST", "/api/v1/queues/sales/forecasts", "application/json", []byte(`{"horizon":"168h","interval":"30m","method":"auto"}`))
	if code != 201 {
		t.Fatalf("forecast: %d %s", code, b)
	}
	var fc forecastJSON
	if err := json.Unmarshal(b, &fc); err != nil || len(fc.Rows) != len(res.Points) || fc.ID == 0 {
		t.Fatalf("forecast JSON: %v, %d rows (want %d)", err, len(fc.Rows), len(res.Points))
	}
	loc2 := h.Get("Location")
	code, h, b = ts.do(t, Manager, "GET", loc2, "", nil, "Accept", "text/csv")
	if code != 200 || !strings.HasPrefix(h.Get("Content-Type"), "text/csv") {
		t.Fatalf("GET %s as CSV: %d %s", loc2, code, h.Get("Content-Type"))
	}
	if !bytes.Equal(b, want.Bytes()) {
		t.Errorf("CSV differs from the CLI's:\n%.300s\nwant\n%.300s", b, want.Bytes())
	}
	if code, _, b := ts.do(t, Manager, "GET", loc2, "", nil, "Accept", "image/png"); code != 406 {
		t.Errorf("Accept image/png: %d %s", code, b)
	}
	code, _, b = ts.do(t, Manager, "GET", "/api/v1/queues/sales/forecasts?limit=1", "", nil)
	if code != 200 || !strings.Contains(string(b), fmt.Sprintf(`"id":%d`, fc.ID)) {
		t.Errorf("list: %d %s", code, b)
	}

	// A longer horizon runs as a job.
	code, h, b = ts.do(t, Planner, "POST", "/api/v1/queues/sales/forecasts", "application/json", []byte(`{"horizon":"336h"}`))
	if code != 202 || !strings.HasPrefix(h.Get("Location"), "/api/v1/jobs/") {
		t.Fatalf("big forecast: %d %s", code, b)
	}
	jobURL := h.Get("Location")
	var job struct {
		State  string          `json:"state"`
		Result json.RawMessage `json:"result"`
		Error  string          `json:"error"`
	}
	// HR, who may not read forecasts, may not read a forecast job either.
	if code, _, b := ts.do(t, HR, "GET", jobURL, "", nil); code != 403 {
		t.Errorf("hr reads a forecast job: %d %s", code, b)
	}
	for range 400 {
		code, _, b = ts.do(t, Planner, "GET", jobURL, "", nil)
		if err := json.Unmarshal(b, &job); code != 200 || err != nil {
			t.Fatalf("job: %d %s", code, b)
		}
		if job.State == "succeeded" || job.State == "failed" || job.State == "cancelled" {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if job.State != "succeeded" || !strings.Contains(string(job.Result), `"forecast_id"`) {
		t.Fatalf("job ended %s: %s %s", job.State, job.Result, job.Error)
	}
	// The forecast the job made was made by the planner who queued it.
	var made struct {
		Location string `json:"location"`
	}
	if err := json.Unmarshal(job.Result, &made); err != nil {
		t.Fatal(err)
	}
	var big struct {
		CreatedBy string `json:"created_by"`
	}
	code, _, b = ts.do(t, Manager, "GET", made.Location, "", nil)
	if err := json.Unmarshal(b, &big); code != 200 || err != nil || big.CreatedBy != "t-planner" {
		t.Errorf("the job's forecast: %d created_by %q, want t-planner (%v)", code, big.CreatedBy, err)
	}
	code, _, b = ts.do(t, Manager, "GET", "/api/v1/jobs?limit=10", "", nil)
	if code != 200 || !strings.Contains(string(b), `"kind":"forecast"`) {
		t.Errorf("job list: %d %s", code, b)
	}
	// Listed without its result, with the id of the forecast it made.
	if strings.Contains(string(b), `"result":`) || !strings.Contains(string(b), `"result_ids":{"forecast_id":`) {
		t.Errorf("job list shows a result, or no result_ids: %s", b)
	}
	if code, _, b := ts.do(t, Planner, "DELETE", jobURL, "", nil); code != 409 {
		t.Errorf("cancelling a finished job: %d %s", code, b)
	}
}
