package api

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/staffcast/staffcast/app"
)

// TestCoverageOfSkippedHourShifts: a roster whose shifts start or end at
// 02:00 on the night New York's clocks go forward, as a written roster
// has them, is imported (it was refused: 02:00 does not exist) and placed
// as the roster's calendars place it, an hour later on the new clock.
func TestCoverageOfSkippedHourShifts(t *testing.T) {
	ts := startServer(t)
	code, _, b := ts.do(t, Planner, "POST", "/api/v1/queues", "application/json", []byte(`{"name":"ny","time_zone":"America/New_York","interval":"30m"}`))
	mustJSON(t, "queue", 201, code, b, nil)
	var rows []string
	for at := time.Date(2026, 3, 7, 0, 0, 0, 0, time.UTC); at.Before(time.Date(2026, 3, 9, 0, 0, 0, 0, time.UTC)); at = at.Add(30 * time.Minute) {
		if at.Day() == 8 && at.Hour() == 2 {
			continue // the skipped hour
		}
		rows = append(rows, fmt.Sprintf(`{"interval_start":"%s","volume":60}`, at.Format("2006-01-02T15:04:05")))
	}
	var st struct {
		ID int64 `json:"id"`
	}
	code, _, b = ts.do(t, Planner, "POST", "/api/v1/queues/ny/staffing", "application/json",
		[]byte(`{"rows":[`+strings.Join(rows, ",")+`],"sl_target":0.8,"aht":300}`))
	mustJSON(t, "staffing", 201, code, b, &st)
	body := "agent_id,date,start,end,breaks\n" +
		"Z1,2026-03-08,02:00,10:00,\n" +
		"Z2,2026-03-07,18:00,02:00,\n" +
		"Z3,2026-03-07,22:00,06:00,02:00-02:30\n"
	var cov struct {
		RosterID int64 `json:"roster_id"`
	}
	code, _, b = ts.do(t, HR, "POST", fmt.Sprintf("/api/v1/queues/ny/coverage?staffing_id=%d", st.ID), "text/csv", []byte(body))
	mustJSON(t, "coverage of a roster with 02:00 on the spring-forward night", 201, code, b, &cov)
	var r app.Roster
	code, _, b = ts.do(t, HR, "GET", fmt.Sprintf("/api/v1/rosters/%d", cov.RosterID), "", nil)
	mustJSON(t, "roster", 200, code, b, &r)
	utc := func(s string) time.Time {
		v, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	want := map[string][2]time.Time{
		"Z1": {utc("2026-03-08T07:00:00Z"), utc("2026-03-08T14:00:00Z")}, // 03:00-10:00 EDT, 7 h
		"Z2": {utc("2026-03-07T23:00:00Z"), utc("2026-03-08T07:00:00Z")}, // 18:00 EST to 03:00 EDT
		"Z3": {utc("2026-03-08T03:00:00Z"), utc("2026-03-08T10:00:00Z")},
	}
	for _, s := range r.Shifts {
		w := want[s.AgentID]
		if !s.Start.Equal(w[0]) || !s.End.Equal(w[1]) {
			t.Errorf("%s: %s to %s, want %s to %s", s.AgentID, s.Start, s.End, w[0], w[1])
		}
		if s.AgentID == "Z3" && (len(s.Breaks) != 1 || !s.Breaks[0].Start.Equal(utc("2026-03-08T07:00:00Z")) || !s.Breaks[0].End.Equal(utc("2026-03-08T07:30:00Z"))) {
			t.Errorf("Z3's 02:00-02:30 break: %+v, want 03:00-03:30 EDT", s.Breaks)
		}
	}
	if len(r.Shifts) != 3 {
		t.Errorf("%d shifts stored, want 3", len(r.Shifts))
	}
}
