package api

import (
	"strings"
	"testing"
)

// TestForecastIntervalOfRecords: a forecast or backtest on an interval the
// queue's records do not sum into (the sales history has 15-minute records)
// is refused at once with a 400 naming "interval", as the CLI refuses it,
// whether it would run in the request or as a job.
func TestForecastIntervalOfRecords(t *testing.T) {
	ts := startServer(t, withJobs(t), func(c *Config, _ *Deps) { c.ForecastJobIntervals = 400 })
	code, _, b := ts.do(t, Planner, "POST", "/api/v1/queues/sales/history?tz=America/New_York&interval=30m", "text/csv", salesHistory(t))
	mustJSON(t, "import", 200, code, b, nil)
	for _, c := range []struct {
		name, path, body string
		status           int
	}{
		{"forecast finer than the records", "forecasts", `{"interval":"5m","horizon":"24h"}`, 400},
		{"forecast job finer than the records", "forecasts", `{"interval":"5m","horizon":"168h"}`, 400},
		{"forecast not a multiple of the records", "forecasts", `{"interval":"20m","horizon":"24h"}`, 400},
		{"backtest finer than the records", "backtests", `{"interval":"5m"}`, 400},
		{"forecast on a multiple of the records", "forecasts", `{"interval":"1h","horizon":"24h"}`, 201},
		{"backtest on a multiple of the records", "backtests", `{"interval":"1h","origins":1}`, 202},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, h, b := ts.do(t, Planner, "POST", "/api/v1/queues/sales/"+c.path, "application/json", []byte(c.body))
			if code != c.status {
				t.Fatalf("status %d, want %d: %s", code, c.status, b)
			}
			if c.status != 400 {
				return
			}
			p := problem(t, code, h, b)
			if len(p.Errors) != 1 || p.Errors[0].Field != "interval" || !strings.Contains(p.Detail, "15m records") {
				t.Errorf("problem %+v, want one error naming interval and the 15m records", p)
			}
		})
	}
}
