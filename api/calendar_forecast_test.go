package api

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// TestForecastUsesStoredCalendar: a day the stored calendar closes is
// forecast at zero (or left out as closed), where it was open before.
func TestForecastUsesStoredCalendar(t *testing.T) {
	ts := startServer(t)
	code, _, b := ts.do(t, Planner, "POST", "/api/v1/queues/sales/history?tz=America/New_York&interval=30m", "text/csv", salesHistory(t))
	mustJSON(t, "import", 200, code, b, nil)

	type row struct {
		Start  time.Time `json:"interval_start"`
		Volume float64   `json:"volume"`
	}
	var fc struct {
		Rows []row `json:"rows"`
	}
	dayVolume := func(day string) float64 {
		var v float64
		for _, r := range fc.Rows {
			if r.Start.Format(time.DateOnly) == day {
				v += r.Volume
			}
		}
		return v
	}
	code, _, b = ts.do(t, Planner, "POST", "/api/v1/queues/sales/forecasts", "application/json", []byte(`{"horizon":"168h"}`))
	mustJSON(t, "forecast", 201, code, b, &fc)
	if len(fc.Rows) == 0 {
		t.Fatal("no forecast rows")
	}
	day := fc.Rows[0].Start.AddDate(0, 0, 1).Format(time.DateOnly)
	if dayVolume(day) <= 0 {
		t.Fatalf("%s forecast at %v before the calendar closes it", day, dayVolume(day))
	}

	cal := fmt.Sprintf("date,queue,kind,factor\n%s,sales,closed,\n", day)
	code, _, b = ts.do(t, Planner, "PUT", "/api/v1/calendars", "text/csv", []byte(cal))
	mustJSON(t, "calendar", 200, code, b, nil)
	code, _, b = ts.do(t, Planner, "POST", "/api/v1/queues/sales/forecasts", "application/json", []byte(`{"horizon":"168h"}`))
	mustJSON(t, "forecast with calendar", 201, code, b, &fc)
	if v := dayVolume(day); v != 0 {
		t.Errorf("%s, closed in the stored calendar, forecast at %v", day, v)
	}
	if !strings.Contains(string(b), `"rows"`) {
		t.Errorf("no rows in %s", b)
	}
}
