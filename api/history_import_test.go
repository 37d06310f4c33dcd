package api

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
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

// rowsEvery is a history file of n rows of queue q, step apart from start
// (wall clock in New York).
func rowsEvery(q, start string, step time.Duration, n int) string {
	t0, err := time.Parse("2006-01-02T15:04", start)
	if err != nil {
		panic(err)
	}
	var b strings.Builder
	b.WriteString("interval_start,queue,channel,offered\n")
	for i := range n {
		fmt.Fprintf(&b, "%s,%s,voice,5\n", t0.Add(time.Duration(i)*step).Format("2006-01-02T15:04:05"), q)
	}
	return b.String()
}

// businessHours is days of rows step apart from 08:00 to 20:00 from
// date on.
func businessHours(q, date string, days int, step time.Duration) string {
	var b strings.Builder
	b.WriteString("interval_start,queue,channel,offered\n")
	for d := range days {
		day := rowsEvery(q, date+"T08:00", step, int(12*time.Hour/step))
		day = strings.TrimPrefix(day, "interval_start,queue,channel,offered\n")
		t0, _ := time.Parse("2006-01-02", date)
		b.WriteString(strings.ReplaceAll(day, date, t0.AddDate(0, 0, d).Format("2006-01-02")))
	}
	return b.String()
}

// TestHistoryImportFitsQueue: rows are checked against the queue they go
// into (its planning interval and the record length of its stored
// history), not only against their own file, so that an import cannot
// leave a queue that no forecast can read. A refused file is 422 naming
// the line and column, and stores nothing.
func TestHistoryImportFitsQueue(t *testing.T) {
	const min = time.Minute
	type upload struct {
		body      string
		line, col int // 0: accepted
	}
	for _, c := range []struct {
		name     string
		interval string // of the queue the first upload creates
		uploads  []upload
	}{
		{"a lone row off the grid of a new queue", "15m", []upload{
			{rowsEvery("q", "2024-03-12T01:47", 15*min, 1), 2, 1}}},
		{"a lone row off the grid of stored records", "15m", []upload{
			{rowsEvery("q", "2024-03-11T08:00", 15*min, 8), 0, 0},
			{rowsEvery("q", "2024-03-12T01:47", 15*min, 1), 2, 1}}},
		{"5-minute rows onto 15-minute records", "15m", []upload{
			{rowsEvery("q", "2024-03-11T08:00", 15*min, 8), 0, 0},
			{rowsEvery("q", "2024-03-12T08:00", 5*min, 12), 3, 1}}},
		// Rows on the stored grid, further apart: a correction, or a feed
		// without its zero rows.
		{"rows 30 minutes apart onto 15-minute records", "30m", []upload{
			{rowsEvery("q", "2024-03-11T08:00", 15*min, 8), 0, 0},
			{rowsEvery("q", "2024-03-12T08:00", 30*min, 12), 0, 0}}},
		// A day and more of rows an hour apart: hourly records, which
		// would be stored as quarter-hours with three in four missing.
		{"hourly records onto 15-minute records", "15m", []upload{
			{rowsEvery("q", "2024-03-11T08:00", 15*min, 8), 0, 0},
			{rowsEvery("q", "2024-03-12T00:00", 60*min, 30), 2, 1}}},
		// Hourly rows of a centre open 08:00-20:00: no run lasts a day,
		// but a week of them is hourly records all the same.
		{"a week of hourly rows 08:00-20:00 onto 15-minute records", "15m", []upload{
			{rowsEvery("q", "2024-03-11T08:00", 15*min, 8), 0, 0},
			{businessHours("q", "2024-04-01", 7, time.Hour), 2, 1}}},
		{"a day of hourly rows 08:00-20:00 onto 15-minute records", "15m", []upload{
			{rowsEvery("q", "2024-03-11T08:00", 15*min, 8), 0, 0},
			{businessHours("q", "2024-04-01", 1, time.Hour), 0, 0}}},
		{"23 hours of rows an hour apart onto 15-minute records", "15m", []upload{
			{rowsEvery("q", "2024-03-11T08:00", 15*min, 8), 0, 0},
			{rowsEvery("q", "2024-03-12T00:00", 60*min, 24), 0, 0}}},
		{"45-minute records into 30-minute intervals", "30m", []upload{
			{rowsEvery("q", "2024-03-11T00:00", 45*min, 8), 2, 2}}},
		{"a later file of the same records", "15m", []upload{
			{rowsEvery("q", "2024-03-11T08:00", 15*min, 8), 0, 0},
			{rowsEvery("q", "2024-03-12T08:00", 15*min, 8), 0, 0},
			{rowsEvery("q", "2024-03-13T09:45", 15*min, 1), 0, 0}}},
		{"a lone stored row, then 5-minute records", "15m", []upload{
			{rowsEvery("q", "2024-03-11T08:00", 15*min, 1), 0, 0},
			{rowsEvery("q", "2024-03-12T08:00", 5*min, 12), 0, 0}}},
		{"two lone rows a quarter apart", "15m", []upload{
			{rowsEvery("q", "2024-03-11T08:00", 15*min, 1), 0, 0},
			{rowsEvery("q", "2024-03-11T08:15", 15*min, 1), 0, 0}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			ts := startServer(t)
			stored := 0
			for i, u := range c.uploads {
				path := "/api/v1/queues/q/history"
				if i == 0 {
					path += "?tz=America/New_York&interval=" + c.interval
				}
				code, h, b := ts.do(t, Planner, "POST", path, "text/csv", []byte(u.body))
				if u.line == 0 {
					if code != 200 {
						t.Fatalf("upload %d: %d %s", i+1, code, b)
					}
					stored += strings.Count(u.body, "\n") - 1
					continue
				}
				if code != 422 {
					t.Fatalf("upload %d: %d %s, want 422", i+1, code, b)
				}
				p := problem(t, code, h, b)
				t.Logf("upload %d: %s %+v", i+1, p.Detail, p.Errors)
				if len(p.Errors) == 0 || p.Errors[0].Line != u.line || p.Errors[0].Column != u.col {
					t.Errorf("upload %d: %+v, want line %d column %d", i+1, p.Errors, u.line, u.col)
				}
			}
			if stored > 0 {
				sum, err := ts.store.HistorySummary(context.Background(), "q")
				if err != nil || sum.Intervals != stored {
					t.Errorf("%d intervals stored (%v), want %d", sum.Intervals, err, stored)
				}
			}
		})
	}
}

// TestLocalTimesThatDoNotExist: a JSON time without offset that the
// queue's zone skips (the spring-forward hour) is a 400 naming the field,
// not a time silently moved an hour earlier.
func TestLocalTimesThatDoNotExist(t *testing.T) {
	ts := startServer(t)
	code, _, b := ts.do(t, Planner, "POST", "/api/v1/queues", "application/json", []byte(`{"name":"nyq","time_zone":"America/New_York","interval":"30m"}`))
	mustJSON(t, "queue", 201, code, b, nil)
	row := func(at string) string { return `{"interval_start":"` + at + `","volume":100}` }
	staffing := func(rows ...string) string {
		return `{"rows":[` + strings.Join(rows, ",") + `],"sl_target":0.8,"aht":180}`
	}
	for _, c := range []struct {
		name, path, body, field string
	}{
		{"staffing row in the skipped hour", "/api/v1/queues/nyq/staffing",
			staffing(row("2024-03-10T01:30:00"), row("2024-03-10T02:00:00")), "rows[1].interval_start"},
		{"staffing rows across the skipped hour", "/api/v1/queues/nyq/staffing",
			staffing(row("2024-03-10T01:30:00"), row("2024-03-10T02:00:00"), row("2024-03-10T02:30:00")), "rows[1].interval_start"},
		{"forecast start in the skipped hour", "/api/v1/queues/nyq/forecasts", `{"start":"2003-04-06T02:00:00"}`, "start"},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, h, b := ts.do(t, Planner, "POST", c.path, "application/json", []byte(c.body))
			if code != 400 {
				t.Fatalf("%d, want 400: %s", code, b)
			}
			p := problem(t, code, h, b)
			if len(p.Errors) == 0 || p.Errors[0].Field != c.field || !strings.Contains(p.Detail, "does not exist in America/New_York") {
				t.Errorf("detail %q, errors %+v, want field %s saying the time does not exist", p.Detail, p.Errors, c.field)
			}
		})
	}
	// The times around the skipped hour stay valid.
	code, _, b = ts.do(t, Planner, "POST", "/api/v1/queues/nyq/staffing", "application/json",
		[]byte(staffing(row("2024-03-10T01:30:00"), row("2024-03-10T03:00:00"), row("2024-03-10T03:30:00"))))
	mustJSON(t, "staffing around the skipped hour", 201, code, b, nil)
}

// TestForecastStartFarAfterHistory: a start more than a year and a day
// after the stored history ends is a 400 naming "start" and the history's
// last date, whether the forecast would run at once or as a job.
func TestForecastStartFarAfterHistory(t *testing.T) {
	all, err := os.ReadFile("../cmd/staffcast/testdata/forecast/history.csv")
	if err != nil {
		t.Fatal(err)
	}
	var sales strings.Builder
	for i, line := range strings.SplitAfter(string(all), "\n") {
		if i == 0 || strings.Contains(line, ",sales,") {
			sales.WriteString(line)
		}
	}
	ts := startServer(t, withJobs(t), func(c *Config, _ *Deps) { c.ForecastJobIntervals = 400 })
	code, _, b := ts.do(t, Planner, "POST", "/api/v1/queues/sales/history?tz=America/New_York&interval=30m", "text/csv", []byte(sales.String()))
	mustJSON(t, "import", 200, code, b, nil)
	for _, c := range []struct{ name, body string }{
		{"at once", `{"start":"2199-01-01T00:00:00"}`},
		{"as a job", `{"start":"2199-01-01T00:00:00","horizon":"336h"}`},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, h, b := ts.do(t, Planner, "POST", "/api/v1/queues/sales/forecasts", "application/json", []byte(c.body))
			if code != 400 {
				t.Fatalf("%d, want 400: %s", code, b)
			}
			p := problem(t, code, h, b)
			if len(p.Errors) == 0 || p.Errors[0].Field != "start" || !strings.Contains(p.Detail, "more than 366 days after the history of queue \"sales\", which ends on 2026-03-14") {
				t.Errorf("detail %q, errors %+v", p.Detail, p.Errors)
			}
		})
	}
	// A year after the history is still a forecast.
	code, _, b = ts.do(t, Planner, "POST", "/api/v1/queues/sales/forecasts", "application/json", []byte(`{"start":"2027-03-01T00:00:00","horizon":"24h"}`))
	mustJSON(t, "forecast a year on", 201, code, b, nil)
}

// TestHistoryImportListsEveryBadLine: one upload of a history with many
// mistakes is one 422 naming every bad line with its column and field,
// the problems of single rows (counts, times, a local time the zone
// skips, a second channel, another queue) and those of the file as a
// whole (a duplicate naming both lines, a start off the grid) together,
// in file order, and stores nothing. Onto stored records, their length is
// the grid: a stray start is the line named, not the good ones after it.
func TestHistoryImportListsEveryBadLine(t *testing.T) {
	type want struct {
		column int
		field  string
		reason string // a part of it
	}
	type line struct {
		row string
		bad *want // nil: a good row
	}
	good := func(hhmm string) line { return line{row: "2004-04-04T" + hhmm + ":00,q,voice,10,8"} }
	bad := func(row string, column int, field, reason string) line {
		return line{row: row, bad: &want{column, field, reason}}
	}
	eight := []line{
		good("07:00"),
		good("07:05"),
		bad("2004-04-04T07:05:00,q,voice,10,8", 1, "interval_start", "duplicate interval 2004-04-04T07:05:00-04:00 for queue \"q\" (first on line 3)"),
		bad("2004-04-04T07:10:00,q,voice,-5,0", 4, "offered", "negative value: -5"),
		bad("2004-04-04T07:02:00,q,voice,3,3", 1, "interval_start", "2004-04-04T07:02:00-04:00 is off the 5m"),
		bad("2004-04-04T07:15:00,q,voice,10,12", 5, "handled", "handled 12 is more than offered 10"),
		bad("2004-04-04T07:20:00,q,chat,10,8", 3, "channel", `rows of channels "voice" (line 2) and "chat"`),
		bad("2004-04-04T02:30:00,q,voice,10,8", 1, "interval_start", "2004-04-04T02:30:00 does not exist in America/New_York"),
		bad("2004-04-04T07:25:00,q,voice,1e12,8", 4, "offered", "1e12 is above the limit of 1e+09"),
		bad("2004-04-04T07:30:00,retail,voice,10,8", 2, "queue", `queue "retail" is not the queue of the URL, "q"`),
		good("07:35"), good("07:40"), good("07:45"), good("07:50"), good("07:55"), good("08:00"),
	}
	stray := []line{
		good("07:00"),
		bad("2004-04-04T07:02:00,q,voice,3,3", 1, "interval_start", `2004-04-04T07:02:00-04:00 is off the 5m grid of queue "q"'s records`),
		good("07:25"),
		good("07:30"),
	}
	stored := rowsEvery("q", "2004-04-03T07:00", 5*time.Minute, 24) // 5-minute records
	for _, c := range []struct {
		name   string
		stored string // uploaded first, creating the queue; "": the bad file creates it
		lines  []line
	}{
		{"eight mistakes into a new queue", "", eight},
		{"eight mistakes onto stored 5-minute records", stored, eight},
		{"a stray 07:02 onto stored 5-minute records", stored, stray},
	} {
		t.Run(c.name, func(t *testing.T) {
			ts := startServer(t)
			const create = "/api/v1/queues/q/history?tz=America/New_York&interval=30m"
			path := create
			if c.stored != "" {
				code, _, b := ts.do(t, Planner, "POST", path, "text/csv", []byte(c.stored))
				mustJSON(t, "stored records", 200, code, b, nil)
				path = "/api/v1/queues/q/history"
			}
			var body strings.Builder
			body.WriteString("interval_start,queue,channel,offered,handled\n")
			var wantLines []int
			for i, l := range c.lines {
				body.WriteString(l.row + "\n")
				if l.bad != nil {
					wantLines = append(wantLines, i+2)
				}
			}
			code, h, b := ts.do(t, Planner, "POST", path, "text/csv", []byte(body.String()))
			if code != 422 {
				t.Fatalf("%d %s, want 422", code, b)
			}
			p := problem(t, code, h, b)
			var got []int
			for _, e := range p.Errors {
				got = append(got, e.Line)
			}
			if fmt.Sprint(got) != fmt.Sprint(wantLines) {
				t.Errorf("lines %v named, want %v:\n%s", got, wantLines, b)
			}
			for _, e := range p.Errors {
				if e.Line < 2 || e.Line-2 >= len(c.lines) || c.lines[e.Line-2].bad == nil {
					continue
				}
				w := c.lines[e.Line-2].bad
				if e.Column != w.column || e.Field != w.field || !strings.Contains(e.Reason, w.reason) {
					t.Errorf("line %d: column %d (%s) %q, want column %d (%s) with %q", e.Line, e.Column, e.Field, e.Reason, w.column, w.field, w.reason)
				}
			}
			if want := fmt.Sprintf("%d bad row", len(wantLines)); !strings.Contains(p.Detail, want) {
				t.Errorf("detail %q lacks %q", p.Detail, want)
			}
			if c.stored == "" {
				if _, err := ts.store.Queue(context.Background(), "q"); app.KindOf(err) != app.NotFound {
					t.Errorf("queue q after the refused upload that was to create it: %v, want not found", err)
				}
			} else if sum, err := ts.store.HistorySummary(context.Background(), "q"); err != nil || sum.Intervals != 24 {
				t.Errorf("%d intervals stored (%v), want the 24 stored before: nothing of the bad file", sum.Intervals, err)
			}
		})
	}
}

// TestHistoryImportFitsWithBadRows: a file whose rows do not fit the queue
// and that has bad rows too gets one 422 naming both, the rows' problems
// and the queue's, in line order, so that a user fixing it does not meet
// the second batch only after fixing the first. The queue's checks see the
// rows without a problem of their own.
func TestHistoryImportFitsWithBadRows(t *testing.T) {
	const min = time.Minute
	type named struct {
		line, column int
		reason       string // a part of it
	}
	// badLine replaces the offered count of data line n (line n+1 of the
	// file) with v.
	badLine := func(body string, n int, v string) string {
		lines := strings.Split(body, "\n")
		lines[n] = strings.TrimSuffix(lines[n], ",5") + "," + v
		return strings.Join(lines, "\n")
	}
	for _, c := range []struct {
		name     string
		interval string // of the queue the first upload creates
		stored   string // uploaded first; "": the bad file creates the queue
		body     string
		want     []named
	}{
		{"hourly records onto 15-minute records, a negative count among them", "15m",
			rowsEvery("q", "2024-03-11T08:00", 15*min, 8),
			badLine(rowsEvery("q", "2024-03-12T00:00", 60*min, 30), 9, "-5"),
			[]named{{2, 1, "these are 1h records, but queue q stores 15m records"}, {10, 4, "negative value: -5"}}},
		{"45-minute records into a new 30-minute queue, a count that is not a number among them", "30m", "",
			badLine(rowsEvery("q", "2024-03-11T00:00", 45*min, 8), 4, "five"),
			[]named{{2, 2, "do not sum into"}, {5, 4, "five"}}},
		{"a duplicate and a count above the limit: only the rows' problems", "15m", "",
			badLine(strings.Replace(rowsEvery("q", "2024-03-11T08:00", 15*min, 8), "08:15:00", "08:00:00", 1), 6, "2e9"),
			[]named{{3, 1, "duplicate interval"}, {7, 4, "above the limit"}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			ts := startServer(t)
			path := "/api/v1/queues/q/history?tz=America/New_York&interval=" + c.interval
			if c.stored != "" {
				code, _, b := ts.do(t, Planner, "POST", path, "text/csv", []byte(c.stored))
				mustJSON(t, "stored records", 200, code, b, nil)
				path = "/api/v1/queues/q/history"
			}
			code, h, b := ts.do(t, Planner, "POST", path, "text/csv", []byte(c.body))
			if code != 422 {
				t.Fatalf("%d %s, want 422", code, b)
			}
			p := problem(t, code, h, b)
			t.Logf("%s %+v", p.Detail, p.Errors)
			if len(p.Errors) != len(c.want) {
				t.Fatalf("errors %+v, want %+v", p.Errors, c.want)
			}
			for i, w := range c.want {
				if e := p.Errors[i]; e.Line != w.line || e.Column != w.column || !strings.Contains(e.Reason, w.reason) {
					t.Errorf("error %d: line %d column %d %q, want line %d column %d with %q", i+1, e.Line, e.Column, e.Reason, w.line, w.column, w.reason)
				}
			}
			if want := fmt.Sprintf("%d bad rows", len(c.want)); !strings.Contains(p.Detail, want) {
				t.Errorf("detail %q lacks %q", p.Detail, want)
			}
			if c.stored == "" {
				if _, err := ts.store.Queue(context.Background(), "q"); app.KindOf(err) != app.NotFound {
					t.Errorf("queue q after the refused upload that was to create it: %v, want not found", err)
				}
			} else if sum, err := ts.store.HistorySummary(context.Background(), "q"); err != nil || sum.Intervals != 8 {
				t.Errorf("%d intervals stored (%v), want the 8 stored before", sum.Intervals, err)
			}
		})
	}
}
