package api

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // the clock-change tests must run, not skip

	"github.com/staffcast/staffcast/app"
)

// ny247 is a 24/7 queue on 30-minute records in New York from startDay to
// endDay (exclusive) written as exports write local time: without offset,
// so 01:00 and 01:30 appear twice on the day clocks go back. Each row's
// offered count is taken from its true instant (offeredAt), so a row
// stored at the wrong occurrence shows.
func ny247(t *testing.T, queue string, from, to time.Time) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("interval_start,queue,channel,offered\n")
	for at := from; at.Before(to); at = at.Add(30 * time.Minute) {
		fmt.Fprintf(&b, "%s,%s,voice,%d\n", at.Format("2006-01-02T15:04:05"), queue, offeredAt(at))
	}
	return b.String()
}

func offeredAt(t time.Time) int64 { return t.Unix() / 1800 % 97 }

func newYork(t *testing.T) *time.Location {
	t.Helper()
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	return ny
}

// checkStored checks that every stored interval of queue has the count of
// its own instant, and that there are n.
func checkStored(t *testing.T, ts *testServer, queue string, n int) []app.HistoryInterval {
	t.Helper()
	rows, err := ts.store.History(context.Background(), queue, time.Time{}, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != n {
		t.Errorf("%d intervals stored, want %d", len(rows), n)
	}
	for _, r := range rows {
		if want := float64(offeredAt(r.Start)); r.Offered != want {
			t.Errorf("interval %s stored with %v offered, want %v (a row put on the wrong occurrence?)", r.Start.Format(time.RFC3339), r.Offered, want)
		}
	}
	return rows
}

// TestHistoryImportFallBack: a history across the autumn clock change,
// with 01:00 and 01:30 written twice on 3 November 2024, is imported as
// "staffcast forecast" reads it: the later line of a repeated time is its
// second occurrence.
func TestHistoryImportFallBack(t *testing.T) {
	ny := newYork(t)
	ts := startServer(t)
	from, to := time.Date(2024, 10, 6, 0, 0, 0, 0, ny), time.Date(2024, 11, 11, 0, 0, 0, 0, ny)
	n := int(to.Sub(from) / (30 * time.Minute)) // 36 days of 48, and 2 more on the 25-hour day
	if n != 36*48+2 {
		t.Fatalf("generated %d rows", n)
	}
	code, _, b := ts.do(t, Planner, "POST", "/api/v1/queues/ny247/history?tz=America/New_York", "text/csv", []byte(ny247(t, "ny247", from, to)))
	if code != 200 {
		t.Fatalf("import across the fall-back day: %d %s", code, b)
	}
	var res importResponse
	if err := json.Unmarshal(b, &res); err != nil || res.Inserted != n || res.Rows != n {
		t.Errorf("answer %s, want %d rows inserted", b, n)
	}
	checkStored(t, ts, "ny247", n)

	// Re-importing just the repeated hour replaces both occurrences.
	day := time.Date(2024, 11, 3, 0, 0, 0, 0, ny)
	hour := ny247(t, "ny247", day.Add(time.Hour), day.Add(3*time.Hour)) // 01:00 01:30 01:00 01:30
	code, _, b = ts.do(t, Planner, "POST", "/api/v1/queues/ny247/history", "text/csv", []byte(hour))
	if err := json.Unmarshal(b, &res); code != 200 || err != nil || res.Replaced != 4 || res.Inserted != 0 {
		t.Errorf("repeated hour alone: %d %s", code, b)
	}
	// Its second occurrence alone must carry its offset: written without
	// one, a time of the repeated hour written once is its first
	// occurrence, as the CLI reads it.
	second := "interval_start,queue,channel,offered\n"
	for at := day.Add(2 * time.Hour); at.Before(day.Add(3 * time.Hour)); at = at.Add(30 * time.Minute) {
		second += fmt.Sprintf("%s,ny247,voice,%d\n", at.Format(time.RFC3339), offeredAt(at))
	}
	if !strings.Contains(second, "T01:00:00-05:00") {
		t.Fatalf("second occurrence file:\n%s", second)
	}
	code, _, b = ts.do(t, Planner, "POST", "/api/v1/queues/ny247/history", "text/csv", []byte(second))
	if err := json.Unmarshal(b, &res); code != 200 || err != nil || res.Replaced != 2 || res.Inserted != 0 {
		t.Errorf("second occurrence with offsets: %d %s", code, b)
	}
	checkStored(t, ts, "ny247", n)

	// A third 01:00 is a duplicate, named by line and column.
	bad := hour + "2024-11-03T01:00:00,ny247,voice,1\n"
	code, h, b := ts.do(t, Planner, "POST", "/api/v1/queues/ny247/history", "text/csv", []byte(bad))
	if code != 422 {
		t.Fatalf("third 01:00: %d %s", code, b)
	}
	if p := problem(t, code, h, b); len(p.Errors) != 1 || p.Errors[0].Line != 6 || p.Errors[0].Column != 1 {
		t.Errorf("third 01:00: %+v, want line 6 column 1", p.Errors)
	}
}
