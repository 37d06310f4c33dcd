package api

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/staffcast/staffcast/app"
	"github.com/staffcast/staffcast/csvio/historycsv"
	"github.com/staffcast/staffcast/forecast"
)

// TestBacktestJob: a backtest over HTTP runs as a job whose result is the
// report app.Backtest gives on the same history read from the CSV file, so
// the stored history and the file are the same series.
func TestBacktestJob(t *testing.T) {
	ts := startServer(t, withJobs(t))
	hist := salesHistory(t)
	code, _, b := ts.do(t, Planner, "POST", "/api/v1/queues/sales/history?tz=America/New_York&interval=30m", "text/csv", hist)
	mustJSON(t, "import", 200, code, b, nil)

	for name, body := range map[string]string{
		"origins":   `{"origins":100}`,
		"origins 0": `{"origins":0}`,
		"horizon":   `{"horizon":"1m"}`,
		"interval":  `{"interval":"7m"}`,
		"unknown":   `{"origin":2}`,
	} {
		code, _, b := ts.do(t, Planner, "POST", "/api/v1/queues/sales/backtests", "application/json", []byte(body))
		if code != 400 || !strings.Contains(string(b), name[:6]) {
			t.Errorf("%s: %d %s, want 400 naming the field", body, code, b)
		}
	}

	var job app.Job
	code, _, b = ts.do(t, Planner, "POST", "/api/v1/queues/sales/backtests", "application/json", []byte(`{"origins":2,"horizon":"48h"}`))
	mustJSON(t, "backtest", 202, code, b, &job)
	job = ts.waitJob(t, job.ID, 60*time.Second)
	if job.State != app.JobSucceeded {
		t.Fatalf("backtest job %s: %s", job.State, job.Error)
	}
	var got app.BacktestReport
	if err := json.Unmarshal(job.Result, &got); err != nil {
		t.Fatal(err)
	}

	loc, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	queues, err := historycsv.ReadHistory(bytes.NewReader(hist), loc)
	if err != nil || len(queues) != 1 {
		t.Fatalf("%d queues, %v", len(queues), err)
	}
	series, err := queues[0].Series(30*time.Minute, loc)
	if err != nil {
		t.Fatal(err)
	}
	want, err := app.Backtest(t.Context(), app.BacktestRequest{Series: []*forecast.Series{series}, Origins: 2, Horizon: 48 * time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	wb, _ := json.Marshal(want.Reports[0])
	gb, _ := json.Marshal(got)
	if !bytes.Equal(wb, gb) {
		t.Errorf("backtest job result\n%s\nwant (app.Backtest on the CSV)\n%s", gb, wb)
	}
	if len(got.Methods) == 0 {
		t.Errorf("no methods in %s", gb)
	}
}
