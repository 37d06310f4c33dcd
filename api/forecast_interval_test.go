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

// TestZeroDurationRefused: a horizon or interval given as zero or less is
// refused naming the field, not read as the default it looks like; left
// out (or null) it is the default.
func TestZeroDurationRefused(t *testing.T) {
	ts := startServer(t, withJobs(t))
	code, _, b := ts.do(t, Planner, "POST", "/api/v1/queues/sales/history?tz=America/New_York&interval=30m", "text/csv", salesHistory(t))
	mustJSON(t, "import", 200, code, b, nil)
	for _, c := range []struct {
		name, method, path, body, field string
		status                          int
	}{
		{"forecast horizon 0s", "POST", "/api/v1/queues/sales/forecasts", `{"horizon":"0s"}`, "horizon", 400},
		{"forecast interval 0 seconds", "POST", "/api/v1/queues/sales/forecasts", `{"interval":0}`, "interval", 400},
		{"forecast interval negative", "POST", "/api/v1/queues/sales/forecasts", `{"interval":"-30m","horizon":"24h"}`, "interval", 400},
		{"forecast horizon null is the default", "POST", "/api/v1/queues/sales/forecasts", `{"horizon":null,"interval":"1h"}`, "", 201},
		{"backtest horizon 0s", "POST", "/api/v1/queues/sales/backtests", `{"horizon":"0s"}`, "horizon", 400},
		{"backtest interval 0s", "POST", "/api/v1/queues/sales/backtests", `{"interval":"0s"}`, "interval", 400},
		{"queue interval 0s", "POST", "/api/v1/queues", `{"name":"zero","interval":"0s"}`, "interval", 400},
		{"queue interval left out", "POST", "/api/v1/queues", `{"name":"thirty"}`, "", 201},
		{"history creating a queue at 0s", "POST", "/api/v1/queues/fresh/history?interval=0s", "", "interval", 400},
	} {
		t.Run(c.name, func(t *testing.T) {
			ct, body := "application/json", []byte(c.body)
			if strings.Contains(c.path, "/history") {
				ct, body = "text/csv", salesHistory(t)
			}
			code, h, b := ts.do(t, Planner, c.method, c.path, ct, body)
			if code != c.status {
				t.Fatalf("status %d, want %d: %s", code, c.status, b)
			}
			if c.status != 400 {
				return
			}
			p := problem(t, code, h, b)
			if len(p.Errors) != 1 || p.Errors[0].Field != c.field || !strings.Contains(p.Detail, "leave the field out for the default") {
				t.Errorf("problem %+v, want one error naming %s", p, c.field)
			}
		})
	}
}

// TestHistoryParamsOfExistingQueue: ?tz= and ?interval= on an upload to a
// queue that exists must agree with it (they would otherwise be ignored
// and the file's times read in another zone); the same values, or none,
// import.
func TestHistoryParamsOfExistingQueue(t *testing.T) {
	ts := startServer(t)
	hist := salesHistory(t)
	code, _, b := ts.do(t, Planner, "POST", "/api/v1/queues/sales/history?tz=America/New_York&interval=30m", "text/csv", hist)
	mustJSON(t, "import", 200, code, b, nil)
	for _, c := range []struct {
		name, query, want string
		status            int
	}{
		{"same tz and interval", "?tz=America/New_York&interval=30m", "", 200},
		{"none", "", "", 200},
		{"another tz", "?tz=Europe/Paris", "queue sales exists in time zone America/New_York", 400},
		{"another interval", "?interval=15m", "queue sales plans in 30m intervals, not 15m", 400},
		{"zero interval", "?interval=0s", "plans in 30m intervals, not 0s", 400},
		{"bad interval", "?interval=abc", "query parameter interval", 400},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, _, b := ts.do(t, Planner, "POST", "/api/v1/queues/sales/history"+c.query, "text/csv", hist)
			if code != c.status || !strings.Contains(string(b), c.want) {
				t.Errorf("status %d %s, want %d with %q", code, b, c.status, c.want)
			}
		})
	}
	// Creating a queue, a bad ?tz= is named as the parameter it is.
	code, _, b = ts.do(t, Planner, "POST", "/api/v1/queues/fresh/history?tz=Mars/Base", "text/csv", hist)
	if code != 400 || !strings.Contains(string(b), "query parameter tz: unknown time zone") {
		t.Errorf("?tz=Mars/Base on a new queue: %d %s", code, b)
	}
}
