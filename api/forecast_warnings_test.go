package api

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// TestForecastWarnings: what the forecaster warns about in the history
// (here the rows after 17:00 stop four weeks before its end, so those
// intervals are forecast as closed) comes back in the forecast's params.
func TestForecastWarnings(t *testing.T) {
	ts := startServer(t)
	var hist bytes.Buffer
	for i, line := range strings.SplitAfter(string(salesHistory(t)), "\n") {
		if i > 0 && line >= "2026-02-16" && line[11:13] >= "17" {
			continue
		}
		hist.WriteString(line)
	}
	code, _, b := ts.do(t, Planner, "POST", "/api/v1/queues/sales/history?interval=30m", "text/csv", hist.Bytes())
	mustJSON(t, "import", 200, code, b, nil)
	var fc struct {
		Params struct {
			Warnings []string `json:"warnings"`
		} `json:"params"`
		Rows []json.RawMessage `json:"rows"`
	}
	code, _, b = ts.do(t, Planner, "POST", "/api/v1/queues/sales/forecasts", "application/json", []byte(`{"horizon":"168h"}`))
	mustJSON(t, "forecast", 201, code, b, &fc)
	if len(fc.Params.Warnings) != 1 || !strings.Contains(fc.Params.Warnings[0], "17:00-18:00; they are forecast as closed") {
		t.Fatalf("warnings %q, want one naming 17:00-18:00 as closed", fc.Params.Warnings)
	}
	// stored with the run
	var got struct {
		Params struct {
			Warnings []string `json:"warnings"`
		} `json:"params"`
	}
	var created struct {
		ID int64 `json:"id"`
	}
	_ = json.Unmarshal(b, &created)
	code, _, b = ts.do(t, Planner, "GET", fmt.Sprintf("/api/v1/queues/sales/forecasts/%d", created.ID), "", nil)
	mustJSON(t, "get", 200, code, b, &got)
	if len(got.Params.Warnings) != 1 {
		t.Errorf("stored warnings %q", got.Params.Warnings)
	}
}
