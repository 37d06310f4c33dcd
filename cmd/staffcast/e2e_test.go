package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
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

// createForecast forecasts the week after the bank history and returns the
// forecast's id and location.
func createForecast(t *testing.T, s *e2eServer, token, queue string) (int64, string) {
	t.Helper()
	var fc struct {
		ID   int64 `json:"id"`
		Rows []struct {
			Start time.Time `json:"interval_start"`
		} `json:"rows"`
	}
	loc := s.must(http.StatusCreated, &fc, "POST", "/api/v1/queues/"+queue+"/forecasts", token, "", map[string]string{
		"start": e2eForecastStart, "horizon": e2eForecastHorizon, "interval": "30m", "method": e2eForecastMethod,
	}).header.Get("Location")
	if want := fmt.Sprintf("/api/v1/queues/%s/forecasts/%d", queue, fc.ID); loc != want {
		t.Fatalf("forecast Location %q, want %q", loc, want)
	}
	if len(fc.Rows) == 0 || len(fc.Rows) > 336 {
		t.Fatalf("forecast has %d rows, want 1 to 336 (a week of 30 minutes)", len(fc.Rows))
	}
	return fc.ID, loc
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
		fcID, loc := createForecast(t, s, tk.planner, h.queue)
		r := s.must(http.StatusOK, nil, "GET", loc, tk.manager, "", nil, "text/csv")
		if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "text/csv") {
			t.Fatalf("forecast as CSV has Content-Type %q", ct)
		}
		cli := runStaffcast(t, "forecast", "-history", h.path, "-tz", "UTC", "-interval", "30m", "-start", e2eForecastStart, "-horizon", e2eForecastHorizon, "-method", e2eForecastMethod)
		if string(r.body) != cli {
			t.Fatalf("GET %s as text/csv differs from the forecast command's output:\nAPI:\n%.600s\nCLI:\n%.600s", loc, r.body, cli)
		}

		e2eStaffScheduleRoster(t, s, tk, h.queue, fcID)
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

// e2eTemplates are the shift templates the tests schedule with: early and
// late 8-9 h shifts with a lunch, 4 h part-time shifts with a paid break,
// at 30 minutes like the forecast.
const e2eTemplates = `{
  "interval": "30m",
  "cyclic": false,
  "weights": {"shortage": 1, "excess": 0.5, "distinct_shift": 30, "paid_hour": 6},
  "templates": [
    {"name": "early", "start_earliest": "07:00", "start_latest": "10:00", "start_step": "30m",
     "length_min": "8h", "length_max": "9h", "length_step": "30m",
     "breaks": [{"length": "30m", "paid": false, "earliest_after_start": "3h", "latest_after_start": "5h"}]},
    {"name": "late", "start_earliest": "10:30", "start_latest": "13:00",
     "length_min": "8h", "length_max": "9h", "length_step": "30m",
     "breaks": [{"length": "30m", "paid": false, "earliest_after_start": "3h", "latest_after_start": "5h"}]},
    {"name": "part", "start_earliest": "07:00", "start_latest": "17:00",
     "length_min": "4h", "length_max": "4h",
     "breaks": [{"length": "15m", "paid": true, "earliest_after_start": "1h30m", "latest_after_start": "2h30m"}]}
  ]
}`

// e2eSlowTemplates give the search far more shift variants (any start
// 06:00-16:00, 4 to 10 h, two breaks with wide windows), so that a schedule
// job runs until its time limit: the restart tests need a job still running
// when the server is killed or its shutdown timeout passes.
const e2eSlowTemplates = `{
  "interval": "30m",
  "cyclic": true,
  "weights": {"shortage": 1, "excess": 0.5, "distinct_shift": 1, "paid_hour": 6},
  "templates": [
    {"name": "any", "start_earliest": "06:00", "start_latest": "16:00", "start_step": "30m",
     "length_min": "4h", "length_max": "10h", "length_step": "30m",
     "breaks": [{"length": "30m", "paid": false, "earliest_after_start": "1h", "latest_after_start": "6h"},
                {"length": "30m", "paid": true, "earliest_after_start": "2h", "latest_after_start": "9h"}]}
  ]
}`

// e2eAgents is an agents CSV of n agents available every day 06:00-23:00.
func e2eAgents(n int) string {
	var b strings.Builder
	b.WriteString("agent_id,name,skills,min_hours_week,max_hours_week,max_days_week,availability,preferred_days_off\n")
	for i := 1; i <= n; i++ {
		off := []string{"sat", "sun", "mon", "fri", ""}[i%5]
		fmt.Fprintf(&b, "E%03d,Agent %d,voice,0,40,5,daily 06:00-23:00,%s\n", i, i, off)
	}
	return b.String()
}

// e2eAgentCount is how many agents the tests import.
const e2eAgentCount = 150

// prepareSchedule stores what a schedule of queue needs, through the
// routes: a staffing of forecast fcID (80/20, AHT 180 s as the bank history
// has none, 30% shrinkage), the shift templates "e2e" and the agents. It
// returns the staffing id.
func prepareSchedule(t *testing.T, s *e2eServer, tk roleTokens, queue string, fcID int64) int64 {
	t.Helper()
	requireRoutes(t, s, "/api/v1/queues/{queue}/staffing", "/api/v1/shift-templates/{name}", "/api/v1/agents", "/api/v1/queues/{queue}/schedules", "/api/v1/rosters/{id}", "/api/v1/rosters/{id}/agents/{agent}")
	var st struct {
		ID   int64 `json:"id"`
		Rows []struct {
			Scheduled int `json:"scheduled_agents"`
		} `json:"rows"`
	}
	s.must(http.StatusCreated, &st, "POST", "/api/v1/queues/"+queue+"/staffing", tk.planner, "", map[string]any{
		"forecast_id": fcID, "aht": "180s", "sl_target": 0.8, "sl_time": "20s", "shrinkage": 0.3,
	})
	peak := 0
	for _, r := range st.Rows {
		peak = max(peak, r.Scheduled)
	}
	if st.ID == 0 || peak == 0 {
		t.Fatalf("staffing %d has %d rows, peak %d scheduled agents: want some agents", st.ID, len(st.Rows), peak)
	}
	if r := s.do("PUT", "/api/v1/shift-templates/e2e", tk.hr, "application/json", e2eTemplates); r.status != http.StatusForbidden {
		t.Fatalf("PUT shift templates as hr: %s, want 403", r)
	}
	s.must(http.StatusOK, nil, "PUT", "/api/v1/shift-templates/e2e", tk.planner, "application/json", e2eTemplates)
	s.must(http.StatusOK, nil, "PUT", "/api/v1/shift-templates/e2e-slow", tk.planner, "application/json", e2eSlowTemplates)
	var imp struct {
		Rows int `json:"rows"`
	}
	s.must(http.StatusOK, &imp, "PUT", "/api/v1/agents", tk.hr, "text/csv", e2eAgents(e2eAgentCount))
	if imp.Rows != e2eAgentCount {
		t.Fatalf("agents import read %d rows, want %d", imp.Rows, e2eAgentCount)
	}
	return st.ID
}

// startSchedule queues a schedule job (202 with a Location naming the job)
// and returns the job id.
func startSchedule(t *testing.T, s *e2eServer, token, queue string, staffingID int64, templates, timeLimit string) int64 {
	t.Helper()
	var j e2eJob
	r := s.must(http.StatusAccepted, &j, "POST", "/api/v1/queues/"+queue+"/schedules", token, "", map[string]any{
		"staffing_id": staffingID, "templates": templates, "time_limit": timeLimit, "roster": true, "skill": "voice",
	})
	if want := fmt.Sprintf("/api/v1/jobs/%d", j.ID); j.ID == 0 || r.header.Get("Location") != want {
		t.Fatalf("schedule job %d with Location %q, want %q", j.ID, r.header.Get("Location"), want)
	}
	return j.ID
}

// scheduleResult is the result of a schedule job.
type scheduleResult struct {
	ScheduleID     int64  `json:"schedule_id"`
	Location       string `json:"location"`
	RosterID       int64  `json:"roster_id"`
	RosterLocation string `json:"roster_location"`
}

func jobResult(t *testing.T, j e2eJob) scheduleResult {
	t.Helper()
	var res scheduleResult
	if err := json.Unmarshal(j.Result, &res); err != nil || res.ScheduleID == 0 {
		t.Fatalf("%s: result %s does not name a schedule (%v)", j, j.Result, err)
	}
	return res
}

// e2eStaffScheduleRoster staffs forecast fcID, uploads shift templates and
// agents, schedules as a job (progress seen while it runs) and fetches the
// schedule and the roster CSV.
func e2eStaffScheduleRoster(t *testing.T, s *e2eServer, tk roleTokens, queue string, fcID int64) {
	t.Helper()
	staffingID := prepareSchedule(t, s, tk, queue, fcID)
	if r := s.do("POST", "/api/v1/queues/"+queue+"/schedules", tk.hr, "", map[string]any{"staffing_id": staffingID, "templates": "e2e"}); r.status != http.StatusForbidden {
		t.Fatalf("schedule as hr: %s, want 403", r)
	}
	id := startSchedule(t, s, tk.planner, queue, staffingID, "e2e", "5s")
	var progressed bool
	j := s.pollJob(tk.manager, id, 90*time.Second, "finished", func(j e2eJob) bool { return j.State == "succeeded" || j.State == "failed" || j.State == "cancelled" },
		func(j e2eJob) { progressed = progressed || (j.State == "running" && j.Progress > 0 && j.Progress < 1) })
	if j.State != "succeeded" || j.Progress != 1 {
		t.Fatalf("%s, want succeeded at progress 1", j)
	}
	if !progressed {
		t.Errorf("never saw the job running with progress strictly between 0 and 1")
	}
	res := jobResult(t, j)
	var sc struct {
		Queue string `json:"queue"`
		Plan  struct {
			Shifts []struct {
				Count int `json:"count"`
			} `json:"shifts"`
			Gap    float64 `json:"gap"`
			Roster *struct {
				Agents   int `json:"agents"`
				Assigned int `json:"assigned"`
			} `json:"roster"`
		} `json:"plan"`
	}
	s.must(http.StatusOK, &sc, "GET", res.Location, tk.hr, "", nil)
	shifts := 0
	for _, sh := range sc.Plan.Shifts {
		shifts += sh.Count
	}
	if sc.Queue != queue || shifts == 0 || sc.Plan.Roster == nil || sc.Plan.Roster.Agents != e2eAgentCount || sc.Plan.Roster.Assigned == 0 {
		t.Fatalf("schedule %s: queue %q, %d shifts, roster %+v: want shifts rostered onto %d agents", res.Location, sc.Queue, shifts, sc.Plan.Roster, e2eAgentCount)
	}
	if res.RosterLocation == "" {
		t.Fatalf("schedule job result %s names no roster", j.Result)
	}
	r := s.must(http.StatusOK, nil, "GET", res.RosterLocation, tk.hr, "", nil, "text/csv")
	recs, err := csv.NewReader(bytes.NewReader(r.body)).ReadAll()
	if err != nil {
		t.Fatalf("roster CSV: %v\n%.500s", err, r.body)
	}
	if got := strings.Join(recs[0], ","); got != "agent_id,date,start,end,breaks" {
		t.Fatalf("roster CSV header %q", got)
	}
	if len(recs)-1 != sc.Plan.Roster.Assigned {
		t.Fatalf("roster CSV has %d shifts, the schedule says %d assigned", len(recs)-1, sc.Plan.Roster.Assigned)
	}
	ics := s.must(http.StatusOK, nil, "GET", res.RosterLocation+"/agents/"+recs[1][0]+".ics", tk.hr, "", nil)
	if !bytes.HasPrefix(ics.body, []byte("BEGIN:VCALENDAR")) || !strings.HasPrefix(ics.header.Get("Content-Type"), "text/calendar") {
		t.Fatalf("iCalendar of agent %s: %s %.300s", recs[1][0], ics.header.Get("Content-Type"), ics.body)
	}
	t.Logf("schedule %d: %d shifts, gap %.4f, %d of them rostered onto %d agents", res.ScheduleID, shifts, sc.Plan.Gap, sc.Plan.Roster.Assigned, e2eAgentCount)
}
