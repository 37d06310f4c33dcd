// Package storetest is the conformance suite every app.Store passes:
// store/sqlite and store/postgres run RunConformance from their tests.
package storetest

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/staffcast/staffcast/app"
)

// Opener opens a fresh, empty store for one test, stamping times from
// clock. The store must also implement SQLDB() *sql.DB so that the suite
// can inspect the stored tables (the clear token must not be in them). The
// opener closes the store at the test's cleanup.
type Opener func(t *testing.T, clock func() time.Time) app.Store

// Clock is a deterministic clock: each call returns the current time and
// then moves it on by Step. Advance moves it further.
type Clock struct {
	mu   sync.Mutex
	now  time.Time
	Step time.Duration
}

// NewClock starts a clock at start stepping by a millisecond.
func NewClock(start time.Time) *Clock { return &Clock{now: start, Step: time.Millisecond} }

// Now returns the clock's time and steps it.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	t := c.now
	c.now = c.now.Add(c.Step)
	return t
}

// Advance moves the clock by d.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

var epoch = time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)

type env struct {
	t     *testing.T
	s     app.Store
	clock *Clock
	ctx   context.Context
}

func (e *env) db() *sql.DB {
	d, ok := e.s.(interface{ SQLDB() *sql.DB })
	if !ok {
		e.t.Fatalf("store %T has no SQLDB method", e.s)
	}
	return d.SQLDB()
}

// auditCount counts the audit rows.
func (e *env) auditCount() int {
	var n int
	if err := e.db().QueryRowContext(e.ctx, `SELECT count(*) FROM audit_log`).Scan(&n); err != nil {
		e.t.Fatal(err)
	}
	return n
}

func (e *env) queue(name string) app.Queue {
	e.t.Helper()
	q, err := e.s.CreateQueue(e.ctx, "tester", app.Queue{Name: name, Channel: "voice", TimeZone: "Europe/Paris", Interval: 15 * time.Minute})
	if err != nil {
		e.t.Fatalf("create queue %s: %v", name, err)
	}
	return q
}

func wantKind(t *testing.T, err error, k app.Kind) {
	t.Helper()
	if err == nil {
		t.Fatalf("got no error, want %v", k)
	}
	var ae *app.Error
	if !errors.As(err, &ae) {
		t.Fatalf("error %v (%T) is not an *app.Error", err, err)
	}
	if got := app.KindOf(err); got != k {
		t.Fatalf("error %v: kind %v, want %v", err, got, k)
	}
}

// wantClean checks an error's kind and its whole text, which users see:
// it must say what is wrong in the application's words, never the
// driver's (no table, constraint or error code).
func wantClean(t *testing.T, err error, k app.Kind, want string) {
	t.Helper()
	wantKind(t, err, k)
	if got := err.Error(); got != want {
		t.Fatalf("error %q, want %q", got, want)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func ptr[T any](v T) *T { return &v }

func jsonEqual(t *testing.T, what string, got, want json.RawMessage) {
	t.Helper()
	var g, w any
	if err := json.Unmarshal(got, &g); err != nil {
		t.Fatalf("%s: stored JSON %q: %v", what, got, err)
	}
	must(t, json.Unmarshal(want, &w))
	if !reflect.DeepEqual(g, w) {
		t.Fatalf("%s: got %s, want %s", what, got, want)
	}
}

// RunConformance runs the suite, each test on a fresh store.
func RunConformance(t *testing.T, open Opener) {
	tests := []struct {
		name string
		fn   func(e *env)
	}{
		{"Queues", testQueues},
		{"QueuePagination", testQueuePagination},
		{"Actor", testActor},
		{"HistoryUpsert", testHistoryUpsert},
		{"HistoryAtomic", testHistoryAtomic},
		{"HistoryCreateQueue", testHistoryCreateQueue},
		{"HistoryCreateQueueConcurrently", testHistoryCreateQueueConcurrently},
		{"HistoryYear", testHistoryYear},
		{"Calendar", testCalendar},
		{"CalendarReplace", testCalendarReplace},
		{"Forecasts", testForecasts},
		{"ForecastRollback", testForecastRollback},
		{"Staffing", testStaffing},
		{"ShiftTemplates", testShiftTemplates},
		{"Scenarios", testScenarios},
		{"SchedulesAndRosters", testSchedulesAndRosters},
		{"ScheduleWithRoster", testScheduleWithRoster},
		{"ScheduleWithRosterAtomic", testScheduleWithRosterAtomic},
		{"Agents", testAgents},
		{"Tokens", testTokens},
		{"TokenPagination", testTokenPagination},
		{"TokenNames", testTokenNames},
		{"TokenNamesConcurrently", testTokenNamesConcurrently},
		{"Audit", testAudit},
		{"DeleteQueueCascades", testDeleteQueueCascades},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			clock := NewClock(epoch)
			s := open(t, clock.Now)
			tc.fn(&env{t: t, s: s, clock: clock, ctx: context.Background()})
		})
	}
}

func testQueues(e *env) {
	t := e.t
	q := e.queue("bank")
	if q.CreatedAt.IsZero() || q.CreatedAt.Location() != time.UTC {
		t.Fatalf("created at %v, want a UTC time", q.CreatedAt)
	}
	got, err := e.s.Queue(e.ctx, "bank")
	must(t, err)
	if got != q {
		t.Fatalf("got %+v, want %+v", got, q)
	}
	_, err = e.s.CreateQueue(e.ctx, "tester", app.Queue{Name: "bank", Interval: time.Hour})
	wantClean(t, err, app.Conflict, `create queue: queue "bank" already exists`)
	_, err = e.s.Queue(e.ctx, "nope")
	wantKind(t, err, app.NotFound)

	for _, bad := range []struct {
		name string
		q    app.Queue
	}{
		{"empty name", app.Queue{Interval: time.Minute}},
		{"long name", app.Queue{Name: strings.Repeat("x", 201), Interval: time.Minute}},
		{"control character", app.Queue{Name: "a\nb", Interval: time.Minute}},
		{"unknown time zone", app.Queue{Name: "a", TimeZone: "Mars/Olympus", Interval: time.Minute}},
		{"the server's own time zone", app.Queue{Name: "a", TimeZone: "Local", Interval: time.Minute}},
		{"NUL in the channel", app.Queue{Name: "a", Channel: "a\x00b", Interval: time.Minute}},
		{"no interval", app.Queue{Name: "a"}},
		{"sub-second interval", app.Queue{Name: "a", Interval: 1500 * time.Millisecond}},
	} {
		_, err := e.s.CreateQueue(e.ctx, "tester", bad.q)
		if app.KindOf(err) != app.Invalid {
			t.Errorf("%s: got %v, want an Invalid error", bad.name, err)
		}
	}
	// A name that looks like SQL is only a name.
	sqlish := `x'); DROP TABLE queues; --`
	e.queue(sqlish)
	if _, err := e.s.Queue(e.ctx, sqlish); err != nil {
		t.Fatal(err)
	}

	def, err := e.s.CreateQueue(e.ctx, "tester", app.Queue{Name: "utc", Interval: 30 * time.Minute})
	must(t, err)
	if def.TimeZone != "UTC" {
		t.Fatalf("default time zone %q, want UTC", def.TimeZone)
	}

	q.Channel, q.TimeZone, q.Interval = "chat", "UTC", 30*time.Minute
	up, err := e.s.UpdateQueue(e.ctx, "tester", q)
	must(t, err)
	if up.Channel != "chat" || up.Interval != 30*time.Minute || !up.CreatedAt.Equal(q.CreatedAt) || !up.UpdatedAt.After(q.UpdatedAt) {
		t.Fatalf("updated %+v from %+v", up, q)
	}
	_, err = e.s.UpdateQueue(e.ctx, "tester", app.Queue{Name: "nope", Interval: time.Hour})
	wantKind(t, err, app.NotFound)

	must(t, e.s.DeleteQueue(e.ctx, "tester", "bank"))
	_, err = e.s.Queue(e.ctx, "bank")
	wantKind(t, err, app.NotFound)
	wantKind(t, e.s.DeleteQueue(e.ctx, "tester", "bank"), app.NotFound)
}

func testQueuePagination(e *env) {
	t := e.t
	var want []string
	for i := range 5 {
		name := fmt.Sprintf("q%d", 4-i) // created out of order
		e.queue(name)
		want = append([]string{name}, want...)
	}
	var got []string
	cursor, pages := "", 0
	for {
		qs, next, err := e.s.ListQueues(e.ctx, app.Page{Limit: 2, Cursor: cursor})
		must(t, err)
		pages++
		if len(qs) > 2 {
			t.Fatalf("page of %d, limit 2", len(qs))
		}
		for _, q := range qs {
			got = append(got, q.Name)
		}
		if next == "" {
			break
		}
		cursor = next
	}
	if !reflect.DeepEqual(got, want) || pages != 3 {
		t.Fatalf("got %v in %d pages, want %v in 3", got, pages, want)
	}
	all, next, err := e.s.ListQueues(e.ctx, app.Page{})
	must(t, err)
	if len(all) != 5 || next != "" {
		t.Fatalf("default page: %d queues, next %q", len(all), next)
	}
	// Not base64, and base64 of a cursor this store never gave: a name
	// list must not read it as a name to list after (an empty page).
	for _, bad := range []string{"%%%", "garbage"} {
		_, _, err = e.s.ListQueues(e.ctx, app.Page{Cursor: bad})
		wantKind(t, err, app.Invalid)
	}
}

func testActor(e *env) {
	t := e.t
	_, err := e.s.CreateQueue(e.ctx, "", app.Queue{Name: "a", Interval: time.Hour})
	wantKind(t, err, app.Invalid)
	_, _, err = e.s.CreateToken(e.ctx, "", "n", "admin")
	wantKind(t, err, app.Invalid)
	if n := e.auditCount(); n != 0 {
		t.Fatalf("%d audit rows after refused changes", n)
	}
}

func hist(start time.Time, step time.Duration, offered ...float64) []app.HistoryInterval {
	rows := make([]app.HistoryInterval, len(offered))
	for i, o := range offered {
		rows[i] = app.HistoryInterval{Start: start.Add(time.Duration(i) * step), Offered: o, Handled: o - 1, AHTSeconds: ptr(180 + o)}
	}
	return rows
}

func testHistoryUpsert(e *env) {
	t := e.t
	e.queue("bank")
	paris, err := time.LoadLocation("Europe/Paris")
	must(t, err)
	start := time.Date(2025, 1, 6, 8, 0, 0, 0, paris) // stored as 07:00 UTC
	rows := hist(start, 15*time.Minute, 10, 20, 30)
	rows[1].Abandoned = ptr(2.0)
	rows[2].AHTSeconds = nil
	// Imported out of order: reading gives time order.
	rows[0], rows[2] = rows[2], rows[0]
	res, err := e.s.ImportHistory(e.ctx, "planner", "bank", rows, nil)
	must(t, err)
	if res != (app.ImportResult{Inserted: 3}) {
		t.Fatalf("first import %+v", res)
	}
	got, err := e.s.History(e.ctx, "bank", time.Time{}, time.Time{})
	must(t, err)
	if len(got) != 3 {
		t.Fatalf("%d rows", len(got))
	}
	for i, h := range got {
		want := start.Add(time.Duration(i) * 15 * time.Minute).UTC()
		if !h.Start.Equal(want) || h.Start.Location() != time.UTC {
			t.Fatalf("row %d starts %v, want %v in UTC", i, h.Start, want)
		}
	}
	if got[0].Offered != 10 || got[0].Handled != 9 || got[0].Abandoned != nil || got[0].AHTSeconds == nil || *got[0].AHTSeconds != 190 {
		t.Fatalf("row 0 %+v", got[0])
	}
	if got[1].Abandoned == nil || *got[1].Abandoned != 2 || got[2].AHTSeconds != nil {
		t.Fatalf("nullable columns: %+v %+v", got[1], got[2])
	}

	// Re-import the last two intervals with new values and one more: the
	// newest import replaces the values.
	again := hist(start.Add(30*time.Minute), 15*time.Minute, 300, 400)
	again = append(hist(start.Add(15*time.Minute), 15*time.Minute, 200), again...)
	res, err = e.s.ImportHistory(e.ctx, "planner", "bank", again, nil)
	must(t, err)
	if res != (app.ImportResult{Inserted: 1, Replaced: 2}) {
		t.Fatalf("re-import %+v, want 1 inserted 2 replaced", res)
	}
	got, err = e.s.History(e.ctx, "bank", time.Time{}, time.Time{})
	must(t, err)
	var offered []float64
	for _, h := range got {
		offered = append(offered, h.Offered)
	}
	if !reflect.DeepEqual(offered, []float64{10, 200, 300, 400}) {
		t.Fatalf("offered after upsert %v", offered)
	}
	if got[1].Abandoned != nil {
		t.Fatalf("replaced row kept its old abandoned count: %+v", got[1])
	}

	// A half-open range.
	part, err := e.s.History(e.ctx, "bank", start.Add(15*time.Minute), start.Add(45*time.Minute))
	must(t, err)
	if len(part) != 2 || part[0].Offered != 200 || part[1].Offered != 300 {
		t.Fatalf("range [08:15, 08:45) gave %+v", part)
	}
	sum, err := e.s.HistorySummary(e.ctx, "bank")
	must(t, err)
	if sum.Intervals != 4 || !sum.First.Equal(start) || !sum.Last.Equal(start.Add(45*time.Minute)) {
		t.Fatalf("summary %+v", sum)
	}
	e.queue("empty")
	sum, err = e.s.HistorySummary(e.ctx, "empty")
	must(t, err)
	if sum.Intervals != 0 || !sum.First.IsZero() {
		t.Fatalf("empty summary %+v", sum)
	}

	_, err = e.s.ImportHistory(e.ctx, "planner", "nope", rows, nil)
	wantKind(t, err, app.NotFound)
	_, err = e.s.History(e.ctx, "nope", time.Time{}, time.Time{})
	wantKind(t, err, app.NotFound)
	_, err = e.s.HistorySummary(e.ctx, "nope")
	wantKind(t, err, app.NotFound)
}

func testHistoryAtomic(e *env) {
	t := e.t
	e.queue("bank")
	before := e.auditCount()
	tests := []struct {
		name  string
		edit  func(rows []app.HistoryInterval) []app.HistoryInterval
		lines []int
		field string
	}{
		{"negative offered", func(r []app.HistoryInterval) []app.HistoryInterval { r[2].Offered = -1; return r }, []int{4}, "offered"},
		{"NaN handled", func(r []app.HistoryInterval) []app.HistoryInterval { r[1].Handled = math.NaN(); return r }, []int{3}, "handled"},
		{"infinite aht", func(r []app.HistoryInterval) []app.HistoryInterval { r[0].AHTSeconds = ptr(math.Inf(1)); return r }, []int{2}, "aht_seconds"},
		{"negative abandoned", func(r []app.HistoryInterval) []app.HistoryInterval { r[3].Abandoned = ptr(-2.0); return r }, []int{5}, "abandoned"},
		{"year out of range", func(r []app.HistoryInterval) []app.HistoryInterval {
			r[0].Start = r[0].Start.AddDate(9000, 0, 0)
			return r
		}, []int{2}, "interval_start"},
		{"no start", func(r []app.HistoryInterval) []app.HistoryInterval { r[3].Start = time.Time{}; return r }, []int{5}, "interval_start"},
		{"interval twice", func(r []app.HistoryInterval) []app.HistoryInterval { r[3].Start = r[1].Start; return r }, []int{5}, "interval_start"},
		{"no rows", func(r []app.HistoryInterval) []app.HistoryInterval { return nil }, nil, ""},
	}
	for _, tc := range tests {
		rows := hist(epoch, 15*time.Minute, 1, 2, 3, 4)
		for i := range rows {
			rows[i].Line = i + 2 // as a CSV with a header would number them
		}
		res, err := e.s.ImportHistory(e.ctx, "planner", "bank", tc.edit(rows), nil)
		wantKind(t, err, app.Invalid)
		if res != (app.ImportResult{}) {
			t.Errorf("%s: result %+v from a failed import", tc.name, res)
		}
		d := app.DetailsOf(err)
		var lines []int
		for _, x := range d {
			lines = append(lines, x.Line)
			if x.Field != tc.field || x.Reason == "" {
				t.Errorf("%s: detail %+v, want field %q and a reason", tc.name, x, tc.field)
			}
		}
		if !reflect.DeepEqual(lines, tc.lines) {
			t.Errorf("%s: bad lines %v, want %v", tc.name, lines, tc.lines)
		}
	}
	// Details are capped, the message counts all.
	many := hist(epoch, 15*time.Minute, make([]float64, 50)...)
	for i := range many {
		many[i].Offered = -1
	}
	_, err := e.s.ImportHistory(e.ctx, "planner", "bank", many, nil)
	if d := app.DetailsOf(err); len(d) != app.MaxDetails || d[0].Line != 1 || !strings.Contains(err.Error(), "50 bad rows") {
		t.Fatalf("50 bad rows: %v with %d details", err, len(d))
	}
	got, err := e.s.History(e.ctx, "bank", time.Time{}, time.Time{})
	must(t, err)
	if len(got) != 0 {
		t.Fatalf("failed imports stored %d rows", len(got))
	}
	if n := e.auditCount(); n != before {
		t.Fatalf("failed imports wrote %d audit rows", n-before)
	}
}

func testHistoryCreateQueue(e *env) {
	t := e.t
	rows := hist(epoch, 5*time.Minute, 1, 2)
	bad := hist(epoch, 5*time.Minute, 1, -2)
	create := &app.Queue{Name: "new", Channel: "email", Interval: 5 * time.Minute}
	_, err := e.s.ImportHistory(e.ctx, "planner", "new", bad, create)
	wantKind(t, err, app.Invalid)
	_, err = e.s.Queue(e.ctx, "new")
	wantKind(t, err, app.NotFound) // a failed import creates no queue
	_, err = e.s.ImportHistory(e.ctx, "planner", "new", rows, &app.Queue{Name: "other", Interval: time.Minute})
	wantKind(t, err, app.Invalid)
	_, err = e.s.ImportHistory(e.ctx, "planner", "new", rows, &app.Queue{Name: "new", TimeZone: "Nowhere/Land", Interval: time.Minute})
	wantKind(t, err, app.Invalid)
	_, err = e.s.Queue(e.ctx, "new")
	wantKind(t, err, app.NotFound)

	res, err := e.s.ImportHistory(e.ctx, "planner", "new", rows, create)
	must(t, err)
	if res != (app.ImportResult{Inserted: 2, QueueCreated: true}) {
		t.Fatalf("result %+v", res)
	}
	q, err := e.s.Queue(e.ctx, "new")
	must(t, err)
	if q.Channel != "email" || q.Interval != 5*time.Minute {
		t.Fatalf("created %+v", q)
	}
	res, err = e.s.ImportHistory(e.ctx, "planner", "new", rows, create)
	must(t, err)
	if res != (app.ImportResult{Replaced: 2}) {
		t.Fatalf("second import %+v", res)
	}
}

// testHistoryCreateQueueConcurrently: concurrent first imports to a new
// queue all succeed: one creates it, the others import into it (they lost
// the race to create it, which must not be a Conflict).
func testHistoryCreateQueueConcurrently(e *env) {
	t := e.t
	const n = 8
	rows := hist(epoch, 15*time.Minute, 1, 2, 3)
	var wg sync.WaitGroup
	results := make([]app.ImportResult, n)
	errs := make([]error, n)
	start := make(chan struct{})
	for i := range n {
		wg.Go(func() {
			<-start
			create := &app.Queue{Name: "race", Channel: "voice", TimeZone: "America/New_York", Interval: 30 * time.Minute}
			results[i], errs[i] = e.s.ImportHistory(e.ctx, "planner", "race", rows, create)
		})
	}
	close(start)
	wg.Wait()
	created, inserted, replaced := 0, 0, 0
	for i := range n {
		if errs[i] != nil {
			t.Errorf("import %d: %v", i, errs[i])
			continue
		}
		if results[i].QueueCreated {
			created++
		}
		inserted += results[i].Inserted
		replaced += results[i].Replaced
	}
	if created != 1 || inserted != len(rows) || replaced != (n-1)*len(rows) {
		t.Errorf("%d created the queue, %d rows inserted, %d replaced; want 1, %d, %d", created, inserted, replaced, len(rows), (n-1)*len(rows))
	}
	q, err := e.s.Queue(e.ctx, "race")
	must(t, err)
	if q.TimeZone != "America/New_York" || q.Interval != 30*time.Minute {
		t.Errorf("queue %+v", q)
	}
	var creates int
	must(t, e.db().QueryRowContext(e.ctx, `SELECT count(*) FROM audit_log WHERE action = 'queue.create'`).Scan(&creates))
	if creates != 1 {
		t.Errorf("%d queue.create audit rows, want 1", creates)
	}
}

// testHistoryYear imports a year of 5-minute intervals and reads it back.
func testHistoryYear(e *env) {
	t := e.t
	if testing.Short() {
		t.Skip("a year of 5-minute history in -short mode")
	}
	e.queue("year")
	start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	n := 366 * 288
	rows := make([]app.HistoryInterval, n)
	for i := range rows {
		rows[i] = app.HistoryInterval{Start: start.Add(time.Duration(i) * 5 * time.Minute), Offered: float64(i % 97), Handled: float64(i % 89)}
	}
	res, err := e.s.ImportHistory(e.ctx, "planner", "year", rows, nil)
	must(t, err)
	if res.Inserted != n {
		t.Fatalf("inserted %d of %d", res.Inserted, n)
	}
	got, err := e.s.History(e.ctx, "year", time.Time{}, time.Time{})
	must(t, err)
	if len(got) != n {
		t.Fatalf("read %d of %d", len(got), n)
	}
	for i, h := range got {
		if !h.Start.Equal(rows[i].Start) || h.Offered != rows[i].Offered {
			t.Fatalf("row %d: %+v, want %+v", i, h, rows[i])
		}
	}
}

func testCalendar(e *env) {
	t := e.t
	days := []app.CalendarDay{
		{Date: "2025-12-25", Kind: "closed", Name: "Christmas"},
		{Date: "2025-12-24", Queue: "bank", Kind: "holiday", Factor: ptr(0.5)},
		{Date: "2025-11-28", Queue: "shop", Kind: "event", Factor: ptr(2.0), Name: "Black Friday"},
	}
	res, err := e.s.ImportCalendar(e.ctx, "planner", days)
	must(t, err)
	if res != (app.ImportResult{Inserted: 3}) {
		t.Fatalf("import %+v", res)
	}
	got, err := e.s.Calendar(e.ctx, "bank")
	must(t, err)
	want := []app.CalendarDay{days[1], days[0]}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("bank calendar %+v, want %+v", got, want)
	}
	all, err := e.s.Calendar(e.ctx, "")
	must(t, err)
	if len(all) != 3 || all[0].Date != "2025-11-28" {
		t.Fatalf("all days %+v", all)
	}
	res, err = e.s.ImportCalendar(e.ctx, "planner", []app.CalendarDay{
		{Date: "2025-12-25", Kind: "holiday", Factor: ptr(0.2), Name: "Noël"},
		{Date: "2026-01-01", Kind: "closed"},
	})
	must(t, err)
	if res != (app.ImportResult{Inserted: 1, Replaced: 1}) {
		t.Fatalf("re-import %+v", res)
	}
	got, err = e.s.Calendar(e.ctx, "other")
	must(t, err)
	if len(got) != 2 || got[0].Kind != "holiday" || *got[0].Factor != 0.2 || got[0].Name != "Noël" {
		t.Fatalf("after upsert %+v", got)
	}

	before := e.auditCount()
	_, err = e.s.ImportCalendar(e.ctx, "planner", []app.CalendarDay{
		{Date: "2027-01-01", Kind: "closed", Line: 2},
		{Date: "2027-13-01", Kind: "closed", Line: 3},
		{Date: "2027-01-02", Kind: "party", Line: 4},
		{Date: "2027-01-03", Kind: "event", Factor: ptr(-1.0), Line: 5},
		{Date: "2027-01-01", Kind: "event", Line: 6},
	})
	wantKind(t, err, app.Invalid)
	var lines []string
	for _, d := range app.DetailsOf(err) {
		lines = append(lines, fmt.Sprintf("%d:%s", d.Line, d.Field))
	}
	if want := []string{"3:date", "4:kind", "5:factor", "6:date"}; !reflect.DeepEqual(lines, want) {
		t.Fatalf("details %v, want %v", lines, want)
	}
	if all, _ := e.s.Calendar(e.ctx, ""); len(all) != 4 || e.auditCount() != before {
		t.Fatalf("a failed calendar import stored something: %d days", len(all))
	}

	must(t, e.s.DeleteCalendarDay(e.ctx, "planner", "2026-01-01", ""))
	wantKind(t, e.s.DeleteCalendarDay(e.ctx, "planner", "2026-01-01", ""), app.NotFound)
	wantKind(t, e.s.DeleteCalendarDay(e.ctx, "planner", "tomorrow", ""), app.Invalid)
}

// testCalendarReplace: ReplaceCalendar leaves exactly the given days,
// every queue's, counting what it deleted, audited; a bad file changes
// nothing.
func testCalendarReplace(e *env) {
	t := e.t
	_, err := e.s.ImportCalendar(e.ctx, "planner", []app.CalendarDay{
		{Date: "2025-12-25", Kind: "closed", Name: "Christmas"},
		{Date: "2025-12-24", Queue: "bank", Kind: "holiday", Factor: ptr(0.5)},
		{Date: "2025-11-28", Queue: "shop", Kind: "event", Factor: ptr(2.0)},
	})
	must(t, err)
	before := e.auditCount()
	_, err = e.s.ReplaceCalendar(e.ctx, "planner", []app.CalendarDay{{Date: "2026-01-01", Kind: "closed", Line: 2}, {Date: "2026-13-01", Kind: "closed", Line: 3}})
	wantKind(t, err, app.Invalid)
	if all, _ := e.s.Calendar(e.ctx, ""); len(all) != 3 || e.auditCount() != before {
		t.Fatalf("a failed replace changed the calendar: %+v", all)
	}
	res, err := e.s.ReplaceCalendar(e.ctx, "planner", []app.CalendarDay{
		{Date: "2025-12-25", Kind: "holiday", Name: "Noël"},
		{Date: "2026-01-01", Queue: "bank", Kind: "closed"},
	})
	must(t, err)
	if res != (app.ImportResult{Inserted: 1, Replaced: 1, Deleted: 2}) {
		t.Fatalf("replace %+v", res)
	}
	all, err := e.s.Calendar(e.ctx, "")
	must(t, err)
	want := []app.CalendarDay{{Date: "2025-12-25", Kind: "holiday", Name: "Noël"}, {Date: "2026-01-01", Queue: "bank", Kind: "closed"}}
	if !reflect.DeepEqual(all, want) {
		t.Fatalf("after replace %+v, want %+v", all, want)
	}
	if e.auditCount() != before+1 {
		t.Fatalf("replace audited %d times", e.auditCount()-before)
	}
	// POST still merges: nothing deleted.
	res, err = e.s.ImportCalendar(e.ctx, "planner", []app.CalendarDay{{Date: "2026-05-01", Kind: "closed"}})
	must(t, err)
	if res != (app.ImportResult{Inserted: 1}) {
		t.Fatalf("merge after replace %+v", res)
	}
}

func forecastRun(queue string, n int) app.ForecastRun {
	f := app.ForecastRun{Queue: queue, Start: time.Date(2025, 4, 7, 0, 0, 0, 0, time.FixedZone("CEST", 7200)),
		Horizon: 7 * 24 * time.Hour, Interval: 30 * time.Minute, Method: "auto",
		Params: json.RawMessage(`{"seasonality": "weekly", "levels": [80, 95]}`)}
	for i := range n {
		r := app.ForecastRow{Start: f.Start.Add(time.Duration(i) * 30 * time.Minute), Volume: float64(i) + 0.5,
			Lower80: float64(i), Upper80: float64(i) + 1, Lower95: float64(i) - 1, Upper95: float64(i) + 2, Method: "ets"}
		if i%2 == 0 {
			r.AHTSeconds = ptr(240.25)
		}
		f.Rows = append(f.Rows, r)
	}
	return f
}

func testForecasts(e *env) {
	t := e.t
	e.queue("bank")
	e.queue("shop")
	in := forecastRun("bank", 5)
	f, err := e.s.CreateForecast(e.ctx, "alice", in)
	must(t, err)
	if f.ID == 0 || f.CreatedBy != "alice" || f.CreatedAt.IsZero() || f.Start.Location() != time.UTC {
		t.Fatalf("created %+v", f)
	}
	got, err := e.s.Forecast(e.ctx, f.ID)
	must(t, err)
	jsonEqual(t, "params", got.Params, in.Params)
	got.Params, f.Params = nil, nil
	if !reflect.DeepEqual(got, f) {
		t.Fatalf("got\n%+v\nwant\n%+v", got, f)
	}
	if !got.Rows[0].Start.Equal(in.Start) || got.Rows[1].AHTSeconds != nil || *got.Rows[2].AHTSeconds != 240.25 {
		t.Fatalf("rows %+v", got.Rows)
	}
	empty, err := e.s.CreateForecast(e.ctx, "alice", app.ForecastRun{Queue: "shop", Start: epoch, Horizon: time.Hour, Interval: time.Hour, Method: "naive"})
	must(t, err)
	if g, _ := e.s.Forecast(e.ctx, empty.ID); g.Params != nil || len(g.Rows) != 0 {
		t.Fatalf("forecast without rows or params read back as %+v", g)
	}
	var ids []int64
	for range 3 {
		f, err := e.s.CreateForecast(e.ctx, "alice", forecastRun("bank", 1))
		must(t, err)
		ids = append([]int64{f.ID}, ids...)
	}
	ids = append(ids, f.ID)
	var listed []int64
	cursor := ""
	for {
		fs, next, err := e.s.ListForecasts(e.ctx, "bank", app.Page{Limit: 3, Cursor: cursor})
		must(t, err)
		for _, f := range fs {
			if f.Rows != nil || f.Queue != "bank" {
				t.Fatalf("listed %+v", f)
			}
			listed = append(listed, f.ID)
		}
		if next == "" {
			break
		}
		cursor = next
	}
	if !reflect.DeepEqual(listed, ids) {
		t.Fatalf("listed %v, want newest first %v", listed, ids)
	}
	all, _, err := e.s.ListForecasts(e.ctx, "", app.Page{})
	must(t, err)
	if len(all) != 5 || all[0].ID != ids[0] {
		t.Fatalf("all forecasts %d", len(all))
	}

	for _, bad := range []struct {
		name string
		f    app.ForecastRun
		kind app.Kind
	}{
		{"unknown queue", forecastRun("nope", 1), app.NotFound},
		{"no method", app.ForecastRun{Queue: "bank", Start: epoch, Horizon: time.Hour, Interval: time.Hour}, app.Invalid},
		{"no horizon", app.ForecastRun{Queue: "bank", Start: epoch, Interval: time.Hour, Method: "x"}, app.Invalid},
		{"bad params", app.ForecastRun{Queue: "bank", Start: epoch, Horizon: time.Hour, Interval: time.Hour, Method: "x", Params: json.RawMessage(`{`)}, app.Invalid},
		{"NaN volume", app.ForecastRun{Queue: "bank", Start: epoch, Horizon: time.Hour, Interval: time.Hour, Method: "x",
			Rows: []app.ForecastRow{{Start: epoch, Volume: math.NaN()}}}, app.Invalid},
	} {
		_, err := e.s.CreateForecast(e.ctx, "alice", bad.f)
		if app.KindOf(err) != bad.kind {
			t.Errorf("%s: %v, want kind %v", bad.name, err, bad.kind)
		}
	}
	_, err = e.s.Forecast(e.ctx, 999999)
	wantKind(t, err, app.NotFound)
	must(t, e.s.DeleteForecast(e.ctx, "alice", f.ID))
	_, err = e.s.Forecast(e.ctx, f.ID)
	wantKind(t, err, app.NotFound)
	wantKind(t, e.s.DeleteForecast(e.ctx, "alice", f.ID), app.NotFound)
}

// testForecastRollback fails a forecast inside its transaction (its rows
// collide after the run is inserted): nothing stays, not even an audit row.
func testForecastRollback(e *env) {
	t := e.t
	e.queue("bank")
	before := e.auditCount()
	f := forecastRun("bank", 3)
	f.Rows[2].Start = f.Rows[0].Start
	_, err := e.s.CreateForecast(e.ctx, "alice", f)
	wantClean(t, err, app.Conflict, "store forecast: something with the same key is already stored")
	fs, _, err := e.s.ListForecasts(e.ctx, "", app.Page{})
	must(t, err)
	var rows int
	must(t, e.db().QueryRowContext(e.ctx, `SELECT count(*) FROM forecast_rows`).Scan(&rows))
	if len(fs) != 0 || rows != 0 || e.auditCount() != before {
		t.Fatalf("a failed forecast left %d runs, %d rows, %d audit rows", len(fs), rows, e.auditCount()-before)
	}
}

func testStaffing(e *env) {
	t := e.t
	e.queue("bank")
	f, err := e.s.CreateForecast(e.ctx, "alice", forecastRun("bank", 2))
	must(t, err)
	in := app.StaffingResult{Queue: "bank", ForecastID: &f.ID, Params: json.RawMessage(`{"sl_target":0.8,"sl_time":"20s"}`),
		Rows: []app.StaffingRow{
			{Start: epoch, Volume: 100, AHTSeconds: 240, Agents: 12, ScheduledAgents: 15, ServiceLevel: 0.83, ASASeconds: 12.5, Occupancy: 0.7, PAbandon: 0.01},
			{Start: epoch.Add(30 * time.Minute), Volume: 0, AHTSeconds: 240, ASASeconds: math.Inf(1)},
		}}
	st, err := e.s.CreateStaffing(e.ctx, "alice", in)
	must(t, err)
	got, err := e.s.Staffing(e.ctx, st.ID)
	must(t, err)
	jsonEqual(t, "params", got.Params, in.Params)
	got.Params, st.Params = nil, nil
	if !reflect.DeepEqual(got, st) {
		t.Fatalf("got\n%+v\nwant\n%+v", got, st)
	}
	if !math.IsInf(got.Rows[1].ASASeconds, 1) {
		t.Fatalf("infinite ASA read back as %v", got.Rows[1].ASASeconds)
	}
	adhoc, err := e.s.CreateStaffing(e.ctx, "alice", app.StaffingResult{Queue: "bank"})
	must(t, err)
	_, err = e.s.CreateStaffing(e.ctx, "alice", app.StaffingResult{Queue: "bank", ForecastID: ptr(int64(424242))})
	wantKind(t, err, app.NotFound)
	_, err = e.s.CreateStaffing(e.ctx, "alice", app.StaffingResult{Queue: "nope"})
	wantKind(t, err, app.NotFound)
	_, err = e.s.Staffing(e.ctx, 424242)
	wantKind(t, err, app.NotFound)

	list, next, err := e.s.ListStaffing(e.ctx, "bank", app.Page{Limit: 1})
	must(t, err)
	if len(list) != 1 || list[0].ID != adhoc.ID || list[0].ForecastID != nil || next == "" {
		t.Fatalf("first page %+v next %q", list, next)
	}
	list, next, err = e.s.ListStaffing(e.ctx, "bank", app.Page{Limit: 1, Cursor: next})
	must(t, err)
	if len(list) != 1 || list[0].ID != st.ID || next != "" {
		t.Fatalf("second page %+v next %q", list, next)
	}
	// Deleting the forecast keeps the staffing, without its forecast.
	must(t, e.s.DeleteForecast(e.ctx, "alice", f.ID))
	got, err = e.s.Staffing(e.ctx, st.ID)
	must(t, err)
	if got.ForecastID != nil {
		t.Fatalf("forecast id %d after the forecast was deleted", *got.ForecastID)
	}
}

func testShiftTemplates(e *env) {
	t := e.t
	doc := json.RawMessage(`{"shifts":[{"name":"early","start":"07:00","length":"8h"}]}`)
	a, err := e.s.PutShiftTemplate(e.ctx, "planner", app.ShiftTemplate{Name: "standard", Document: doc})
	must(t, err)
	if !a.CreatedAt.Equal(a.UpdatedAt) {
		t.Fatalf("new template %+v", a)
	}
	doc2 := json.RawMessage(`{"shifts":[]}`)
	b, err := e.s.PutShiftTemplate(e.ctx, "planner", app.ShiftTemplate{Name: "standard", Document: doc2})
	must(t, err)
	if !b.CreatedAt.Equal(a.CreatedAt) || !b.UpdatedAt.After(a.UpdatedAt) {
		t.Fatalf("replaced template %+v from %+v", b, a)
	}
	got, err := e.s.ShiftTemplate(e.ctx, "standard")
	must(t, err)
	jsonEqual(t, "document", got.Document, doc2)
	_, err = e.s.PutShiftTemplate(e.ctx, "planner", app.ShiftTemplate{Name: "x", Document: json.RawMessage(`nope`)})
	wantKind(t, err, app.Invalid)
	_, err = e.s.PutShiftTemplate(e.ctx, "planner", app.ShiftTemplate{Name: "x"})
	wantKind(t, err, app.Invalid)
	_, err = e.s.PutShiftTemplate(e.ctx, "planner", app.ShiftTemplate{Name: "other", Document: doc})
	must(t, err)
	list, next, err := e.s.ListShiftTemplates(e.ctx, app.Page{Limit: 1})
	must(t, err)
	if len(list) != 1 || list[0].Name != "other" || next == "" {
		t.Fatalf("page %+v %q", list, next)
	}
	list, next, err = e.s.ListShiftTemplates(e.ctx, app.Page{Limit: 1, Cursor: next})
	must(t, err)
	if len(list) != 1 || list[0].Name != "standard" || next != "" {
		t.Fatalf("page 2 %+v %q", list, next)
	}
	must(t, e.s.DeleteShiftTemplate(e.ctx, "planner", "standard"))
	_, err = e.s.ShiftTemplate(e.ctx, "standard")
	wantKind(t, err, app.NotFound)
	wantKind(t, e.s.DeleteShiftTemplate(e.ctx, "planner", "standard"), app.NotFound)
}

func testScenarios(e *env) {
	t := e.t
	// Stored verbatim: spacing and key order are kept.
	doc := json.RawMessage("{\"queue\": \"retail\",\n  \"bot\": {\"share\": 0.5}, \"name\": \"half\"}")
	audits := e.auditCount()
	a, err := e.s.CreateScenario(e.ctx, "mgr", app.Scenario{Name: "half", Document: doc})
	must(t, err)
	if a.ID == 0 || a.Version != 1 || a.CreatedBy != "mgr" || a.UpdatedBy != "mgr" || !a.CreatedAt.Equal(a.UpdatedAt) || a.CreatedAt.IsZero() {
		t.Fatalf("created %+v", a)
	}
	if n := e.auditCount(); n != audits+1 {
		t.Fatalf("%d audit rows after a create, want %d", n, audits+1)
	}
	got, err := e.s.Scenario(e.ctx, a.ID)
	must(t, err)
	if string(got.Document) != string(doc) || got.Name != "half" || got.Version != 1 || !got.CreatedAt.Equal(a.CreatedAt) || got.CreatedBy != "mgr" {
		t.Fatalf("read back %+v (document %s)", got, got.Document)
	}

	_, err = e.s.CreateScenario(e.ctx, "mgr", app.Scenario{Name: "half", Document: doc})
	wantClean(t, err, app.Conflict, `store scenario: scenario "half" already exists`)
	for name, sc := range map[string]app.Scenario{
		"no name":     {Document: doc},
		"no document": {Name: "x"},
		"not JSON":    {Name: "x", Document: json.RawMessage(`{"queue":`)},
	} {
		if _, err := e.s.CreateScenario(e.ctx, "mgr", sc); app.KindOf(err) != app.Invalid {
			t.Fatalf("%s: %v, want Invalid", name, err)
		}
	}
	_, err = e.s.CreateScenario(e.ctx, "", app.Scenario{Name: "x", Document: doc})
	wantKind(t, err, app.Invalid)

	// Update: unconditional, then checked against the version.
	e.clock.Advance(time.Minute)
	doc2 := json.RawMessage(`{"queue":"retail","bot":{"share":0.7},"name":"seventy"}`)
	b, err := e.s.UpdateScenario(e.ctx, "boss", app.Scenario{ID: a.ID, Name: "seventy", Document: doc2})
	must(t, err)
	if b.Version != 2 || b.Name != "seventy" || b.UpdatedBy != "boss" || b.CreatedBy != "mgr" || !b.CreatedAt.Equal(a.CreatedAt) || !b.UpdatedAt.After(a.UpdatedAt) {
		t.Fatalf("updated %+v from %+v", b, a)
	}
	got, err = e.s.Scenario(e.ctx, a.ID)
	must(t, err)
	if string(got.Document) != string(doc2) || got.Version != 2 || got.Name != "seventy" {
		t.Fatalf("after update %+v", got)
	}
	_, err = e.s.UpdateScenario(e.ctx, "boss", app.Scenario{ID: a.ID, Version: 1, Name: "seventy", Document: doc})
	wantClean(t, err, app.Stale, fmt.Sprintf("update scenario: scenario %d is at version 2, not 1: it changed meanwhile", a.ID))
	c, err := e.s.UpdateScenario(e.ctx, "boss", app.Scenario{ID: a.ID, Version: 2, Name: "seventy", Document: doc})
	must(t, err)
	if c.Version != 3 {
		t.Fatalf("version %d after the third write", c.Version)
	}
	_, err = e.s.UpdateScenario(e.ctx, "boss", app.Scenario{ID: a.ID + 1000, Name: "seventy", Document: doc})
	wantKind(t, err, app.NotFound)
	_, err = e.s.UpdateScenario(e.ctx, "boss", app.Scenario{ID: a.ID + 1000, Version: 1, Name: "seventy", Document: doc})
	wantKind(t, err, app.NotFound)

	// Names stay unique across an update.
	other, err := e.s.CreateScenario(e.ctx, "mgr", app.Scenario{Name: "other", Document: doc})
	must(t, err)
	_, err = e.s.UpdateScenario(e.ctx, "mgr", app.Scenario{ID: other.ID, Name: "seventy", Document: doc})
	wantClean(t, err, app.Conflict, `update scenario: scenario "seventy" already exists`)
	_, err = e.s.CreateScenario(e.ctx, "mgr", app.Scenario{Name: "third", Document: doc})
	must(t, err)

	// Pages newest first, without documents.
	var names []string
	cursor := ""
	for {
		list, next, err := e.s.ListScenarios(e.ctx, app.Page{Limit: 2, Cursor: cursor})
		must(t, err)
		for _, sc := range list {
			if sc.Document != nil {
				t.Fatalf("listed %+v with its document", sc)
			}
			names = append(names, sc.Name)
		}
		if next == "" {
			break
		}
		cursor = next
	}
	if want := []string{"third", "other", "seventy"}; !reflect.DeepEqual(names, want) {
		t.Fatalf("listed %v, want %v", names, want)
	}
	_, _, err = e.s.ListScenarios(e.ctx, app.Page{Cursor: encodeBad()})
	wantKind(t, err, app.Invalid)

	// A delete at a version that is not the stored one deletes nothing.
	audits = e.auditCount()
	wantClean(t, e.s.DeleteScenario(e.ctx, "boss", a.ID, 2), app.Stale, fmt.Sprintf("delete scenario: scenario %d is at version 3, not 2: it changed meanwhile", a.ID))
	if _, err := e.s.Scenario(e.ctx, a.ID); err != nil || e.auditCount() != audits {
		t.Fatalf("a stale delete: %v, %d audit rows, want the scenario kept and %d", err, e.auditCount(), audits)
	}
	wantKind(t, e.s.DeleteScenario(e.ctx, "boss", a.ID+1000, 1), app.NotFound)
	must(t, e.s.DeleteScenario(e.ctx, "boss", a.ID, 3))
	if n := e.auditCount(); n != audits+1 {
		t.Fatalf("%d audit rows after a delete, want %d", n, audits+1)
	}
	_, err = e.s.Scenario(e.ctx, a.ID)
	wantKind(t, err, app.NotFound)
	wantKind(t, e.s.DeleteScenario(e.ctx, "boss", a.ID, 0), app.NotFound)
	es, _, err := e.s.Audit(e.ctx, app.Page{Limit: 1})
	must(t, err)
	if es[0].Action != "scenario.delete" || es[0].Target != fmt.Sprintf("scenario/%d", a.ID) || es[0].Actor != "boss" {
		t.Fatalf("audit %+v", es[0])
	}
	// The name is free again.
	_, err = e.s.CreateScenario(e.ctx, "mgr", app.Scenario{Name: "seventy", Document: doc})
	must(t, err)
}

func testSchedulesAndRosters(e *env) {
	t := e.t
	e.queue("bank")
	plan := json.RawMessage(`{"shifts":[{"template":"early","day":"2025-04-07","count":3}],"cost":12.5}`)
	sch, none, err := e.s.CreateSchedule(e.ctx, "alice", app.Schedule{Queue: "bank", Params: json.RawMessage(`{"weeks":1}`), Plan: plan}, nil)
	must(t, err)
	if none != nil {
		t.Fatalf("a schedule stored without a roster returned roster %+v", none)
	}
	got, err := e.s.Schedule(e.ctx, sch.ID)
	must(t, err)
	jsonEqual(t, "plan", got.Plan, plan)
	if got.Queue != "bank" || got.CreatedBy != "alice" || !got.CreatedAt.Equal(sch.CreatedAt) {
		t.Fatalf("schedule %+v", got)
	}
	list, _, err := e.s.ListSchedules(e.ctx, "bank", app.Page{})
	must(t, err)
	if len(list) != 1 || list[0].Plan != nil || list[0].ID != sch.ID {
		t.Fatalf("listed %+v", list)
	}
	_, _, err = e.s.CreateSchedule(e.ctx, "alice", app.Schedule{Queue: "nope"}, nil)
	wantKind(t, err, app.NotFound)
	_, err = e.s.Schedule(e.ctx, 424242)
	wantKind(t, err, app.NotFound)

	day := time.Date(2025, 4, 7, 7, 0, 0, 0, time.UTC)
	shifts := []app.RosterShift{
		{AgentID: "b2", Date: "2025-04-07", Start: day.Add(2 * time.Hour), End: day.Add(10 * time.Hour)},
		{AgentID: "a1", Date: "2025-04-07", Start: day, End: day.Add(8 * time.Hour),
			Breaks: []app.TimeRange{{Start: day.Add(4 * time.Hour), End: day.Add(4*time.Hour + 30*time.Minute)}}},
	}
	r, err := e.s.CreateRoster(e.ctx, "alice", app.Roster{Queue: "bank", ScheduleID: &sch.ID, Name: "week 15", Shifts: shifts})
	must(t, err)
	gotR, err := e.s.Roster(e.ctx, r.ID)
	must(t, err)
	if len(gotR.Shifts) != 2 || gotR.Shifts[0].AgentID != "a1" || len(gotR.Shifts[0].Breaks) != 1 ||
		!gotR.Shifts[0].Breaks[0].End.Equal(day.Add(4*time.Hour+30*time.Minute)) || gotR.Shifts[1].Breaks != nil {
		t.Fatalf("roster shifts %+v", gotR.Shifts)
	}
	if gotR.Queue != "bank" || *gotR.ScheduleID != sch.ID || gotR.Name != "week 15" {
		t.Fatalf("roster %+v", gotR)
	}
	imported, err := e.s.CreateRoster(e.ctx, "hr", app.Roster{Name: "imported", Shifts: shifts[:1]})
	must(t, err)
	if gotI, err := e.s.Roster(e.ctx, imported.ID); err != nil || gotI.Queue != "" || gotI.ScheduleID != nil {
		t.Fatalf("imported roster %+v %v", gotI, err)
	}
	rs, _, err := e.s.ListRosters(e.ctx, "", app.Page{})
	must(t, err)
	if len(rs) != 2 || rs[0].ID != imported.ID || rs[0].Shifts != nil {
		t.Fatalf("rosters %+v", rs)
	}
	rs, _, err = e.s.ListRosters(e.ctx, "bank", app.Page{})
	must(t, err)
	if len(rs) != 1 || rs[0].ID != r.ID {
		t.Fatalf("bank rosters %+v", rs)
	}
	for _, bad := range []struct {
		name string
		r    app.Roster
		kind app.Kind
	}{
		{"unknown schedule", app.Roster{ScheduleID: ptr(int64(424242))}, app.NotFound},
		{"unknown queue", app.Roster{Queue: "nope"}, app.NotFound},
		{"end before start", app.Roster{Shifts: []app.RosterShift{{AgentID: "a", Date: "2025-04-07", Start: day, End: day}}}, app.Invalid},
		{"bad date", app.Roster{Shifts: []app.RosterShift{{AgentID: "a", Date: "7/4", Start: day, End: day.Add(time.Hour)}}}, app.Invalid},
		{"break outside", app.Roster{Shifts: []app.RosterShift{{AgentID: "a", Date: "2025-04-07", Start: day, End: day.Add(time.Hour),
			Breaks: []app.TimeRange{{Start: day.Add(-time.Hour), End: day}}}}}, app.Invalid},
	} {
		_, err := e.s.CreateRoster(e.ctx, "hr", bad.r)
		if app.KindOf(err) != bad.kind {
			t.Errorf("%s: %v, want %v", bad.name, err, bad.kind)
		}
	}
	_, err = e.s.Roster(e.ctx, 424242)
	wantKind(t, err, app.NotFound)
}

// rosterShifts are two shifts of 7 April 2025, the first with a break,
// given in Paris time (the store keeps them in UTC).
func rosterShifts(t *testing.T) []app.RosterShift {
	paris, err := time.LoadLocation("Europe/Paris")
	must(t, err)
	day := time.Date(2025, 4, 7, 9, 0, 0, 0, paris)
	return []app.RosterShift{
		{AgentID: "a1", Date: "2025-04-07", Start: day, End: day.Add(8 * time.Hour),
			Breaks: []app.TimeRange{{Start: day.Add(4 * time.Hour), End: day.Add(4*time.Hour + 30*time.Minute)}}},
		{AgentID: "b2", Date: "2025-04-07", Start: day.Add(2 * time.Hour), End: day.Add(10 * time.Hour)},
	}
}

// testScheduleWithRoster: a schedule stored with its roster gives the
// roster back tied to it (its queue, its id, named after it unless named),
// as a roster read back has it, and audits both.
func testScheduleWithRoster(e *env) {
	t := e.t
	e.queue("bank")
	before := e.auditCount()
	shifts := rosterShifts(t)
	in := app.Roster{Queue: "other", ScheduleID: ptr(int64(424242)), Shifts: shifts}
	sch, r, err := e.s.CreateSchedule(e.ctx, "alice", app.Schedule{Queue: "bank", Plan: json.RawMessage(`{"shifts":[]}`)}, &in)
	must(t, err)
	if r == nil || r.ID == 0 || r.ScheduleID == nil || *r.ScheduleID != sch.ID || r.Queue != "bank" ||
		r.Name != fmt.Sprintf("schedule %d", sch.ID) || r.CreatedBy != "alice" || r.CreatedAt.IsZero() {
		t.Fatalf("roster stored with schedule %d: %+v", sch.ID, r)
	}
	if in.ID != 0 || in.Queue != "other" || *in.ScheduleID != 424242 || shifts[0].Start.Location() == time.UTC {
		t.Fatalf("the roster given was changed: %+v", in)
	}
	got, err := e.s.Roster(e.ctx, r.ID)
	must(t, err)
	if !reflect.DeepEqual(got, *r) {
		t.Fatalf("roster read back\n%+v\nreturned\n%+v", got, *r)
	}
	if e.auditCount() != before+2 {
		t.Fatalf("%d audit rows, want 2 (schedule and roster)", e.auditCount()-before)
	}
	es, _, err := e.s.Audit(e.ctx, app.Page{Limit: 2})
	must(t, err)
	if es[0].Action != "roster.create" || es[0].Target != fmt.Sprintf("roster/%d", r.ID) ||
		es[1].Action != "schedule.create" || es[1].Target != fmt.Sprintf("schedule/%d", sch.ID) {
		t.Fatalf("audit %+v", es)
	}
	_, named, err := e.s.CreateSchedule(e.ctx, "alice", app.Schedule{Queue: "bank"}, &app.Roster{Name: "week 15", Shifts: shifts[:1]})
	must(t, err)
	if named.Name != "week 15" || len(named.Shifts) != 1 {
		t.Fatalf("named roster %+v", named)
	}
	_, empty, err := e.s.CreateSchedule(e.ctx, "alice", app.Schedule{Queue: "bank"}, &app.Roster{})
	must(t, err)
	if got, err := e.s.Roster(e.ctx, empty.ID); err != nil || len(got.Shifts) != 0 || *got.ScheduleID != *empty.ScheduleID {
		t.Fatalf("roster without shifts %+v %v", got, err)
	}
}

// testScheduleWithRosterAtomic: a schedule whose roster is refused, or
// whose roster fails to be written after the schedule was (a database
// error, injected), stores nothing: no schedule, no roster, no audit row.
func testScheduleWithRosterAtomic(e *env) {
	t := e.t
	e.queue("bank")
	shifts := rosterShifts(t)
	nothing := func(what string, err error, kind app.Kind) {
		t.Helper()
		if app.KindOf(err) != kind {
			t.Fatalf("%s: %v, want %v", what, err, kind)
		}
		var schedules, rosters, rows, audits int
		must(t, e.db().QueryRowContext(e.ctx, `SELECT (SELECT count(*) FROM schedules), (SELECT count(*) FROM rosters),
			(SELECT count(*) FROM roster_shifts), (SELECT count(*) FROM audit_log)`).Scan(&schedules, &rosters, &rows, &audits))
		if schedules != 0 || rosters != 0 || rows != 0 || audits != 1 {
			t.Fatalf("%s left %d schedules, %d rosters, %d roster shifts and %d audit rows (want 1, the queue's)", what, schedules, rosters, rows, audits)
		}
	}
	plan := app.Schedule{Queue: "bank", Plan: json.RawMessage(`{"shifts":[]}`)}
	bad := append([]app.RosterShift{}, shifts...)
	bad[1].End = bad[1].Start
	_, r, err := e.s.CreateSchedule(e.ctx, "alice", plan, &app.Roster{Shifts: bad})
	nothing("a refused roster", err, app.Invalid)
	if r != nil {
		t.Fatalf("a failed store returned roster %+v", r)
	}
	_, _, err = e.s.CreateSchedule(e.ctx, "alice", plan, &app.Roster{Name: strings.Repeat("x", 201), Shifts: shifts})
	nothing("a roster name too long", err, app.Invalid)

	e.failInserts("roster_shifts")
	_, r, err = e.s.CreateSchedule(e.ctx, "alice", plan, &app.Roster{Shifts: shifts})
	nothing("a failure writing the roster's shifts", err, app.Internal)
	if r != nil {
		t.Fatalf("a failed store returned roster %+v", r)
	}
	// Without a roster the schedule alone is stored.
	_, r, err = e.s.CreateSchedule(e.ctx, "alice", plan, nil)
	must(t, err)
	if r != nil {
		t.Fatalf("roster %+v", r)
	}
}

// failInserts makes every insert into table fail inside its transaction,
// as a database error would: a trigger, in SQLite's or PostgreSQL's
// syntax (the test's PostgreSQL schema is dropped with it).
func (e *env) failInserts(table string) {
	e.t.Helper()
	db := e.db()
	var version string
	stmts := []string{
		`CREATE FUNCTION staffcast_fail_insert() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'injected failure'; END $$`,
		`CREATE TRIGGER fail_insert BEFORE INSERT ON ` + table + ` FOR EACH ROW EXECUTE FUNCTION staffcast_fail_insert()`,
	}
	if db.QueryRowContext(e.ctx, `SELECT sqlite_version()`).Scan(&version) == nil {
		stmts = []string{`CREATE TRIGGER fail_insert BEFORE INSERT ON ` + table + ` BEGIN SELECT RAISE(ABORT, 'injected failure'); END`}
	}
	for _, q := range stmts {
		if _, err := db.ExecContext(e.ctx, q); err != nil {
			e.t.Fatalf("inject a failure into %s: %v", table, err)
		}
	}
}

func testAgents(e *env) {
	t := e.t
	agents := []app.Agent{
		{ID: "a1", Name: "Ann", Skills: []string{"fr", "en"}, MinHoursWeek: 20, MaxHoursWeek: 37.5, MaxDaysWeek: 5,
			Availability: "mon-fri 08:00-20:00", PreferredDaysOff: "sat;sun"},
		{ID: "a2", Name: "Bob"},
		{ID: "a3", Name: "Cy"},
	}
	res, err := e.s.ImportAgents(e.ctx, "hr", agents)
	must(t, err)
	if res != (app.ImportResult{Inserted: 3}) {
		t.Fatalf("import %+v", res)
	}
	a, err := e.s.Agent(e.ctx, "a1")
	must(t, err)
	a.UpdatedAt = time.Time{}
	if !reflect.DeepEqual(a, agents[0]) {
		t.Fatalf("got %+v, want %+v", a, agents[0])
	}
	res, err = e.s.ImportAgents(e.ctx, "hr", []app.Agent{{ID: "a2", Name: "Robert", MaxDaysWeek: 4}, {ID: "a4", Name: "Di"}})
	must(t, err)
	if res != (app.ImportResult{Inserted: 1, Replaced: 1, Deleted: 2}) {
		t.Fatalf("replace-all import %+v", res)
	}
	_, err = e.s.Agent(e.ctx, "a1")
	wantKind(t, err, app.NotFound)
	b, err := e.s.Agent(e.ctx, "a2")
	must(t, err)
	if b.Name != "Robert" || b.MaxDaysWeek != 4 || b.Skills != nil {
		t.Fatalf("replaced agent %+v", b)
	}
	list, next, err := e.s.ListAgents(e.ctx, app.Page{Limit: 1})
	must(t, err)
	if len(list) != 1 || list[0].ID != "a2" || next == "" {
		t.Fatalf("page %+v %q", list, next)
	}
	list, next, err = e.s.ListAgents(e.ctx, app.Page{Limit: 1, Cursor: next})
	must(t, err)
	if len(list) != 1 || list[0].ID != "a4" || next != "" {
		t.Fatalf("page 2 %+v %q", list, next)
	}

	before := e.auditCount()
	_, err = e.s.ImportAgents(e.ctx, "hr", []app.Agent{
		{ID: "ok", Line: 2},
		{ID: "", Line: 3},
		{ID: "x", MinHoursWeek: 40, MaxHoursWeek: 30, Line: 4},
		{ID: "y", MaxHoursWeek: 200, Line: 5},
		{ID: "z", MaxDaysWeek: 8, Line: 6},
		{ID: "ok", Line: 7},
	})
	wantKind(t, err, app.Invalid)
	var lines []string
	for _, d := range app.DetailsOf(err) {
		lines = append(lines, fmt.Sprintf("%d:%s", d.Line, d.Field))
	}
	if want := []string{"3:agent_id", "4:min_hours_week", "5:max_hours_week", "6:max_days_week", "7:agent_id"}; !reflect.DeepEqual(lines, want) {
		t.Fatalf("details %v, want %v", lines, want)
	}
	if all, _, _ := e.s.ListAgents(e.ctx, app.Page{}); len(all) != 2 || e.auditCount() != before {
		t.Fatalf("a failed agent import changed something: %d agents", len(all))
	}
}

func testTokens(e *env) {
	t := e.t
	clear, tok, err := e.s.CreateToken(e.ctx, "admin", "alice", "hr")
	must(t, err)
	if !strings.HasPrefix(clear, "sc_") || len(clear) != 3+43 {
		t.Fatalf("clear token %q: want sc_ and 43 base64url characters (32 bytes)", clear)
	}
	if tok.ID == 0 || tok.Name != "alice" || tok.Role != "hr" || tok.LastUsedAt != nil || tok.RevokedAt != nil {
		t.Fatalf("token %+v", tok)
	}
	clear2, _, err := e.s.CreateToken(e.ctx, "admin", "bob", "hr")
	must(t, err)
	if clear2 == clear {
		t.Fatal("two tokens are equal")
	}

	// The clear token is nowhere in the table; its SHA-256 is.
	rows, err := e.db().QueryContext(e.ctx, `SELECT * FROM api_tokens`)
	must(t, err)
	cols, err := rows.Columns()
	must(t, err)
	sum := sha256.Sum256([]byte(clear))
	hash, found := hex.EncodeToString(sum[:]), false
	for rows.Next() {
		cells := make([]any, len(cols))
		for i := range cells {
			cells[i] = new(any)
		}
		must(t, rows.Scan(cells...))
		for i, c := range cells {
			s := fmt.Sprint(*(c.(*any)))
			if b, ok := (*(c.(*any))).([]byte); ok {
				s = string(b)
			}
			if strings.Contains(s, clear) || strings.Contains(s, clear[3:]) {
				t.Fatalf("column %s holds the clear token", cols[i])
			}
			found = found || s == hash
		}
	}
	must(t, rows.Err())
	rows.Close()
	if !found {
		t.Fatal("no column holds the token's SHA-256")
	}

	got, err := e.s.TokenByClear(e.ctx, clear)
	must(t, err)
	if got.ID != tok.ID || got.LastUsedAt == nil {
		t.Fatalf("lookup %+v", got)
	}
	first := *got.LastUsedAt
	got, err = e.s.TokenByClear(e.ctx, clear)
	must(t, err)
	if !got.LastUsedAt.Equal(first) {
		t.Fatalf("last used moved within a minute: %v -> %v", first, *got.LastUsedAt)
	}
	e.clock.Advance(2 * time.Minute)
	got, err = e.s.TokenByClear(e.ctx, clear)
	must(t, err)
	if !got.LastUsedAt.After(first.Add(time.Minute)) {
		t.Fatalf("last used not refreshed after two minutes: %v", *got.LastUsedAt)
	}

	for _, bad := range []string{"", "sc_nope", clear + "x", strings.ToUpper(clear)} {
		_, err := e.s.TokenByClear(e.ctx, bad)
		wantKind(t, err, app.NotFound)
	}
	must(t, e.s.RevokeToken(e.ctx, "admin", tok.ID))
	got, err = e.s.TokenByClear(e.ctx, clear)
	must(t, err)
	if got.RevokedAt == nil {
		t.Fatal("revoked token has no revocation time")
	}
	revoked := *got.RevokedAt
	e.clock.Advance(time.Hour)
	must(t, e.s.RevokeToken(e.ctx, "admin", tok.ID))
	got, _ = e.s.TokenByClear(e.ctx, clear)
	if !got.RevokedAt.Equal(revoked) {
		t.Fatalf("second revocation moved the time from %v to %v", revoked, *got.RevokedAt)
	}
	wantKind(t, e.s.RevokeToken(e.ctx, "admin", 424242), app.NotFound)
	for _, bad := range [][2]string{{"", "hr"}, {"bob", ""}, {strings.Repeat("n", 300), "hr"}} {
		_, _, err := e.s.CreateToken(e.ctx, "admin", bad[0], bad[1])
		wantKind(t, err, app.Invalid)
	}
}

// testTokenNames: a name a live token has is refused (the audit log tells
// who did what by name), in any case, with nothing stored or audited, and
// so is a name with white space around it; a revoked token's name may be
// given again, in another case too.
func testTokenNames(e *env) {
	t := e.t
	_, alice, err := e.s.CreateToken(e.ctx, "admin", "alice", "hr")
	must(t, err)
	before := e.auditCount()
	_, _, err = e.s.CreateToken(e.ctx, "admin", "alice", "planner")
	wantClean(t, err, app.Conflict, fmt.Sprintf(`create token: token name "alice" is taken by live token %d: revoke that token first or choose another name`, alice.ID))
	if ts, _, _ := e.s.ListTokens(e.ctx, app.Page{}); len(ts) != 1 || e.auditCount() != before {
		t.Fatalf("a refused token changed something: %d tokens, %d audit rows (want 1, %d)", len(ts), e.auditCount(), before)
	}
	// A name that differs only in case, or by white space around it,
	// reads as alice in the audit log.
	for _, c := range []struct {
		name, kind string
		want       app.Kind
		msg        string
	}{
		{"upper first", "Alice", app.Conflict, fmt.Sprintf(`create token: token name "Alice" is taken by live token %d as "alice" (names that differ only in case are one name): revoke that token first or choose another name`, alice.ID)},
		{"all upper", "ALICE", app.Conflict, fmt.Sprintf(`create token: token name "ALICE" is taken by live token %d as "alice" (names that differ only in case are one name): revoke that token first or choose another name`, alice.ID)},
		{"trailing space", "alice ", app.Invalid, `create token: token name "alice " starts or ends with white space`},
		{"leading space", " alice", app.Invalid, `create token: token name " alice" starts or ends with white space`},
		{"space alone", " ", app.Invalid, `create token: token name " " starts or ends with white space`},
	} {
		_, _, err = e.s.CreateToken(e.ctx, "admin", c.kind, "planner")
		if err == nil {
			t.Fatalf("%s: %q accepted beside a live alice", c.name, c.kind)
		}
		wantClean(t, err, c.want, c.msg)
	}
	// The unique index on live names refuses it too, past the store.
	if _, err := e.db().ExecContext(e.ctx, `INSERT INTO api_tokens (name, role, token_sha256, created_at) SELECT 'ALICE', role, 'not-a-hash', created_at FROM api_tokens WHERE id = $1`, alice.ID); err == nil {
		t.Fatal("the unique index took a live ALICE beside a live alice")
	}
	// Case folding is Unicode's, on every database (SQLite's lower()
	// folds only ASCII).
	_, eloise, err := e.s.CreateToken(e.ctx, "admin", "éloïse", "hr")
	must(t, err)
	_, _, err = e.s.CreateToken(e.ctx, "admin", "ÉLOÏSE", "hr")
	wantClean(t, err, app.Conflict, fmt.Sprintf(`create token: token name "ÉLOÏSE" is taken by live token %d as "éloïse" (names that differ only in case are one name): revoke that token first or choose another name`, eloise.ID))
	if ts, _, _ := e.s.ListTokens(e.ctx, app.Page{}); len(ts) != 2 || e.auditCount() != before+1 {
		t.Fatalf("refused tokens changed something: %d tokens, %d audit rows (want 2, %d)", len(ts), e.auditCount(), before+1)
	}
	must(t, e.s.RevokeToken(e.ctx, "admin", alice.ID))
	_, again, err := e.s.CreateToken(e.ctx, "admin", "Alice", "planner")
	must(t, err)
	_, _, err = e.s.CreateToken(e.ctx, "admin", "Alice", "hr")
	wantClean(t, err, app.Conflict, fmt.Sprintf(`create token: token name "Alice" is taken by live token %d: revoke that token first or choose another name`, again.ID))
	_, _, err = e.s.CreateToken(e.ctx, "admin", "alice", "hr")
	wantKind(t, err, app.Conflict)
}

// testTokenNamesConcurrently: a create of carol that runs while another
// transaction is inserting a live Carol is refused once that one commits,
// whether it checked the name before the commit (PostgreSQL: the unique
// index then refuses the insert) or waited for the writer (SQLite). The
// other transaction copies a stored token's created_at, which each
// database encodes its own way.
func testTokenNamesConcurrently(e *env) {
	t := e.t
	_, seed, err := e.s.CreateToken(e.ctx, "admin", "seed", "planner")
	must(t, err)
	tx, err := e.db().BeginTx(e.ctx, nil)
	must(t, err)
	defer tx.Rollback()
	_, err = tx.ExecContext(e.ctx, `INSERT INTO api_tokens (name, role, token_sha256, created_at) SELECT 'Carol', role, 'not-a-hash', created_at FROM api_tokens WHERE id = $1`, seed.ID)
	must(t, err)
	done := make(chan error, 1)
	go func() {
		_, _, err := e.s.CreateToken(e.ctx, "admin", "carol", "planner")
		done <- err
	}()
	// Give the create time to check the name and reach its insert; had it
	// not, it sees the committed Carol and is refused all the same.
	time.Sleep(200 * time.Millisecond)
	must(t, tx.Commit())
	err = <-done
	wantKind(t, err, app.Conflict)
	if !strings.Contains(err.Error(), `token name "carol" is taken by`) {
		t.Fatalf("error %q does not say the name is taken", err)
	}
	if ts, _, _ := e.s.ListTokens(e.ctx, app.Page{}); len(ts) != 2 {
		t.Fatalf("%d tokens stored, want seed and Carol", len(ts))
	}
}

func testTokenPagination(e *env) {
	t := e.t
	var want []int64
	for i := range 5 {
		_, tok, err := e.s.CreateToken(e.ctx, "admin", fmt.Sprintf("t%d", i), "planner")
		must(t, err)
		want = append([]int64{tok.ID}, want...)
	}
	var got []int64
	cursor := ""
	for {
		ts, next, err := e.s.ListTokens(e.ctx, app.Page{Limit: 2, Cursor: cursor})
		must(t, err)
		for _, tk := range ts {
			got = append(got, tk.ID)
		}
		if next == "" {
			break
		}
		cursor = next
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("listed %v, want %v", got, want)
	}
	_, _, err := e.s.ListTokens(e.ctx, app.Page{Cursor: encodeBad()})
	wantKind(t, err, app.Invalid)
}

func encodeBad() string { return "bm90LWEtbnVtYmVy" } // base64url of "not-a-number"

func testAudit(e *env) {
	t := e.t
	e.queue("bank")
	_, err := e.s.ImportHistory(e.ctx, "bob", "bank", hist(epoch, time.Hour, 1, 2), nil)
	must(t, err)
	_, tok, err := e.s.CreateToken(e.ctx, "root", "carol", "admin")
	must(t, err)
	must(t, e.s.RevokeToken(e.ctx, "root", tok.ID))
	_, err = e.s.ImportCalendar(e.ctx, "bob", []app.CalendarDay{{Date: "2025-12-25", Kind: "closed"}})
	must(t, err)
	_, err = e.s.ImportAgents(e.ctx, "hr-ann", []app.Agent{{ID: "a"}})
	must(t, err)
	must(t, e.s.RecordAudit(e.ctx, "mgr", "job.cancel", "job/7", "kind=schedule"))
	wantKind(t, e.s.RecordAudit(e.ctx, "", "job.cancel", "job/7", ""), app.Invalid)
	// Reads write nothing.
	_, _ = e.s.Queue(e.ctx, "bank")
	_, _ = e.s.History(e.ctx, "bank", time.Time{}, time.Time{})
	_, _, _ = e.s.ListQueues(e.ctx, app.Page{})

	var got []string
	cursor := ""
	for {
		es, next, err := e.s.Audit(e.ctx, app.Page{Limit: 2, Cursor: cursor})
		must(t, err)
		for _, a := range es {
			if a.At.IsZero() || a.ID == 0 {
				t.Fatalf("entry %+v", a)
			}
			got = append(got, a.Actor+" "+a.Action+" "+a.Target)
		}
		if next == "" {
			break
		}
		cursor = next
	}
	want := []string{
		"mgr job.cancel job/7",
		"hr-ann agents.import agents",
		"bob calendar.import calendar",
		fmt.Sprintf("root token.revoke token/%d", tok.ID),
		fmt.Sprintf("root token.create token/%d", tok.ID),
		"bob history.import queue/bank",
		"tester queue.create queue/bank",
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("audit\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	es, _, err := e.s.Audit(e.ctx, app.Page{Limit: 10})
	must(t, err)
	if !strings.Contains(es[5].Detail, "inserted=2") || !es[0].At.After(es[6].At) || es[0].Detail != "kind=schedule" {
		t.Fatalf("history audit detail %q, times %v..%v, cancel detail %q", es[5].Detail, es[6].At, es[0].At, es[0].Detail)
	}
}

func testDeleteQueueCascades(e *env) {
	t := e.t
	e.queue("bank")
	_, err := e.s.ImportHistory(e.ctx, "p", "bank", hist(epoch, time.Hour, 1, 2), nil)
	must(t, err)
	f, err := e.s.CreateForecast(e.ctx, "p", forecastRun("bank", 2))
	must(t, err)
	must(t, e.s.DeleteQueue(e.ctx, "p", "bank"))
	_, err = e.s.Forecast(e.ctx, f.ID)
	wantKind(t, err, app.NotFound)
	var n int
	must(t, e.db().QueryRowContext(e.ctx, `SELECT count(*) FROM history`).Scan(&n))
	if n != 0 {
		t.Fatalf("%d history rows after the queue was deleted", n)
	}
	e.queue("bank") // the name is free again
	sum, err := e.s.HistorySummary(e.ctx, "bank")
	must(t, err)
	if sum.Intervals != 0 {
		t.Fatalf("new queue inherited %d intervals", sum.Intervals)
	}
}

// CheckSharedTokenNames checks a store migrated from a database that held
// live tokens whose names differ at most in case, alice, alice and Alice
// (clear texts clears, oldest first), and a revoked token named bob: all of
// them still work, a new alice in any case is refused while any of them is
// live and accepted once all are revoked, and bob may be given again.
func CheckSharedTokenNames(t *testing.T, s app.Store, clears ...string) {
	t.Helper()
	ctx := context.Background()
	var old []app.Token
	for _, c := range clears {
		tok, err := s.TokenByClear(ctx, c)
		if err != nil || !strings.EqualFold(tok.Name, "alice") || tok.RevokedAt != nil {
			t.Fatalf("token named alice after the migration: %+v, %v; want it live", tok, err)
		}
		old = append(old, tok)
	}
	_, _, err := s.CreateToken(ctx, "admin", "bob", "hr")
	must(t, err)
	for _, tok := range old {
		for _, name := range []string{"alice", "Alice", "ALICE"} {
			_, _, err = s.CreateToken(ctx, "admin", name, "hr")
			wantKind(t, err, app.Conflict)
		}
		must(t, s.RevokeToken(ctx, "admin", tok.ID))
	}
	_, _, err = s.CreateToken(ctx, "admin", "alice", "hr")
	must(t, err)
	_, _, err = s.CreateToken(ctx, "admin", "ALICE", "hr")
	wantKind(t, err, app.Conflict)
}
