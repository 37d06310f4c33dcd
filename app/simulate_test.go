package app

import (
	"context"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/staffcast/staffcast/erlang"
	"github.com/staffcast/staffcast/sim"
)

// The bot's returns can land between a staffing's rows (the rows of a
// morning, returns an hour later): nobody is on duty then, and the rows do
// not show them, so the result says how many there are.
func TestSimulateWarnsOfReturnsBetweenRows(t *testing.T) {
	start := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
	var rows []SimRow
	for _, day := range []int{0, 1} {
		for k := range 4 { // 08:00-10:00
			rows = append(rows, SimRow{Queue: "q", Start: start.AddDate(0, 0, day).Add(time.Duration(k) * 30 * time.Minute), Volume: 100, AHT: 240 * time.Second, Agents: 20})
		}
	}
	f := &erlang.Funnel{BotShare: 0.5, Escalation: 0.3, FalseContainment: 0.4, ReturnShare: 0.9, ReturnLag: time.Hour}
	run := func(f *erlang.Funnel) SimulateResult {
		res, err := Simulate(context.Background(), SimulateRequest{Rows: rows, Interval: 30 * time.Minute, SLTime: 30 * time.Second, Funnel: f, Replications: 4, Seed: 1})
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	res := run(f)
	var warned string
	for _, w := range res.Warnings {
		if strings.Contains(w.Message, "between the staffing's rows") {
			warned = w.Message
		}
	}
	if !strings.Contains(warned, "queue q: ") || !strings.Contains(warned, "from 2026-03-02T10:00:00Z") {
		t.Errorf("warnings %+v, want one on the returns between the rows from Monday 10:00", res.Warnings)
	}
	for _, w := range run(nil).Warnings {
		if strings.Contains(w.Message, "between the staffing's rows") {
			t.Errorf("without a bot nothing falls between the rows, yet: %s", w.Message)
		}
	}
}

// agree says whether two simulated figures agree within their noise: the
// difference within 1.7 times the root sum of squares of the 95% half
// widths, about 3.3 standard errors.
func agree(a, b sim.Estimate) bool {
	ha, hb := (a.High-a.Low)/2, (b.High-b.Low)/2
	return math.Abs(a.Mean-b.Mean) <= 1.7*math.Sqrt(ha*ha+hb*hb)
}

func simulateOK(t *testing.T, r SimulateRequest) SimulateResult {
	t.Helper()
	res, err := Simulate(context.Background(), r)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func warningWith(res SimulateResult, s string) string {
	for _, w := range res.Warnings {
		if strings.Contains(w.Message, s) {
			return w.Message
		}
	}
	return ""
}

// TestSimulateClosesAtNight: the 20:30 row of a day, with 20 calls and
// nobody on duty, is its day's last: the centre is closed from 20:30 to
// 08:00, so its callers are lost (abandoned, waiting nothing), not answered
// the next morning after 11 hours, and the morning's service level is its
// own: that of the morning's rows simulated alone, with or without a
// warm-up.
func TestSimulateClosesAtNight(t *testing.T) {
	at := func(s string) time.Time {
		v, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	evening := SimRow{Queue: "q", Start: at("2026-01-05T20:30:00Z"), Volume: 20, AHT: 180 * time.Second}
	morning := []SimRow{
		{Queue: "q", Start: at("2026-01-06T08:00:00Z"), Volume: 20, AHT: 180 * time.Second, Agents: 5},
		{Queue: "q", Start: at("2026-01-06T08:30:00Z"), Volume: 20, AHT: 180 * time.Second, Agents: 5},
	}
	req := SimulateRequest{Rows: append([]SimRow{evening}, morning...), SLTime: 20 * time.Second, Replications: 400, Seed: 1}
	alone := req
	alone.Rows = morning
	want := simulateOK(t, alone).Rows[0].ServiceLevel
	warm := req
	warm.WarmUp = time.Hour
	for _, c := range []struct {
		name string
		req  SimulateRequest
	}{{"no warm-up", req}, {"warm-up", warm}} {
		t.Run(c.name, func(t *testing.T) {
			res := simulateOK(t, c.req)
			ev := res.Rows[0]
			if ev.AbandonRate != (sim.Estimate{Mean: 1, Low: 1, High: 1}) || ev.ServiceLevel.High != 0 || ev.ASASeconds.High != 0 || !(ev.Offered.Mean > 15) {
				t.Errorf("20:30: %+v, want every caller lost on arrival", ev)
			}
			if got := res.Rows[1].ServiceLevel; !agree(got, want) || got.Mean < 0.85 {
				t.Errorf("08:00 service level %+v, alone %+v", got, want)
			}
			// The lost callers are in the totals: with nobody hanging up,
			// the abandoned are exactly the evening's.
			var offered float64
			for _, f := range res.Rows {
				offered += f.Offered.Mean
			}
			if ab := res.Queues[0].Total.AbandonRate.Mean; math.Abs(ab-ev.Offered.Mean/offered) > 1e-12 {
				t.Errorf("total abandonment %v, want the evening's %v of %v offered", ab, ev.Offered.Mean, offered)
			}
			if w := warningWith(res, "while the centre is closed"); !strings.Contains(w, "queue q: 1 of the staffing's 3 intervals with contacts") ||
				!strings.Contains(w, "2026-01-05T20:30:00Z") || !strings.Contains(w, "counted as unanswered") {
				t.Errorf("warnings %+v, want one on the 20:30 row", res.Warnings)
			}
		})
	}
}

// TestSimulateDaysAndGaps: a staffing of several days with a gap inside a
// day (a lunch closure in the rows). The row before the gap is swamped
// (60 calls on 2 agents): its callers still waiting at 12:00 are lost,
// their wait at most the half hour to the close, and the 13:00 row after
// the gap fares as it does when the row before it is well staffed. A row
// with nobody on duty inside a day is not a close: its callers wait for
// the next agents. Across midnight with nothing between the rows, the day
// closes when its last agents leave and the rows after midnight before
// the first agent wait for it.
func TestSimulateDaysAndGaps(t *testing.T) {
	day := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	row := func(d int, hhmm string, volume float64, agents int) SimRow {
		h, _ := time.Parse("15:04", hhmm)
		return SimRow{Queue: "q", Start: day.AddDate(0, 0, d).Add(time.Duration(h.Hour())*time.Hour + time.Duration(h.Minute())*time.Minute),
			Volume: volume, AHT: 180 * time.Second, Agents: agents}
	}
	days := func(lunchAgents int) []SimRow {
		var rows []SimRow
		for d := range 3 {
			rows = append(rows, row(d, "10:00", 40, 6), row(d, "10:30", 5, 0), row(d, "11:00", 40, 6), row(d, "11:30", 60, lunchAgents),
				row(d, "13:00", 40, 6), row(d, "13:30", 40, 6))
		}
		return rows
	}
	req := SimulateRequest{Rows: days(2), SLTime: 20 * time.Second, Replications: 300, Seed: 2}
	calm := req
	calm.Rows = days(10)
	res, ref := simulateOK(t, req), simulateOK(t, calm)
	for d := range 3 {
		zero, swamped, after := res.Rows[6*d+1], res.Rows[6*d+3], res.Rows[6*d+4]
		if zero.AbandonRate.High != 0 || !(zero.ASASeconds.Mean > 60) {
			t.Errorf("day %d, 10:30 with nobody on duty: %+v, want its callers waiting for 11:00, none lost", d, zero)
		}
		if !(swamped.AbandonRate.Mean > 0.3) || !(swamped.ASASeconds.Mean < 1800) {
			t.Errorf("day %d, 11:30 swamped before the gap: %+v, want its callers lost at 12:00", d, swamped)
		}
		if want := ref.Rows[6*d+4].ServiceLevel; !agree(after.ServiceLevel, want) {
			t.Errorf("day %d, 13:00 after the gap: service level %+v, with a calm 11:30 %+v", d, after.ServiceLevel, want)
		}
	}
	if w := warningWith(res, "while the centre is closed"); w != "" {
		t.Errorf("agents on duty to every day's end, yet: %s", w)
	}
	if w := warningWith(res, "no agent on duty between the day's first and last agents"); !strings.Contains(w, "3 of the staffing's 18 intervals") || !strings.Contains(w, "2026-03-02T10:30:00Z") {
		t.Errorf("warnings %+v, want one on the three 10:30 rows", res.Warnings)
	}

	// Rows around the clock: the 23:30 row has nobody on duty to the end
	// of its day, so its callers are lost; so are the 00:00 row's, before
	// the new day's first agent (they waited for 00:30: a night without
	// agents was answered in the morning), and the 00:30 row starts empty.
	night := SimulateRequest{Rows: []SimRow{row(0, "23:00", 20, 5), row(0, "23:30", 20, 0), row(1, "00:00", 20, 0), row(1, "00:30", 20, 5)},
		SLTime: 20 * time.Second, Replications: 50, Seed: 1}
	res = simulateOK(t, night)
	if f := res.Rows[1]; f.AbandonRate.Low != 1 {
		t.Errorf("23:30, nobody on duty to midnight: %+v, want every caller lost", f)
	}
	if f := res.Rows[2]; f.AbandonRate.Low != 1 {
		t.Errorf("00:00, before the first agent: %+v, want every caller lost", f)
	}
	if f := res.Rows[3]; f.ServiceLevel.Mean < 0.5 || f.AbandonRate.High != 0 {
		t.Errorf("00:30, five agents from an empty queue: %+v", f)
	}
}

// TestSimulateShiftsClose: a plan whose shifts end at 09:00 while the
// rows run to 09:30: the day closes at 09:00, the 09:00 row's callers are
// lost, and Tuesday's 08:00 fares as Monday's (both start empty) instead of
// inheriting Monday's 09:00 queue.
func TestSimulateShiftsClose(t *testing.T) {
	day := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
	var rows []SimRow
	var shifts []SimShift
	for d := range 2 {
		start := day.AddDate(0, 0, d)
		for k := range 3 {
			rows = append(rows, SimRow{Queue: "q", Start: start.Add(time.Duration(k) * 30 * time.Minute), Volume: 30, AHT: 180 * time.Second})
		}
		for range 5 {
			shifts = append(shifts, SimShift{Start: start, End: start.Add(time.Hour)})
		}
	}
	res := simulateOK(t, SimulateRequest{Rows: rows, Shifts: shifts, SLTime: 20 * time.Second, Replications: 400, Seed: 1})
	for _, k := range []int{2, 5} {
		if f := res.Rows[k]; f.AbandonRate.Low != 1 || f.ASASeconds.High != 0 {
			t.Errorf("row %d, after the shifts: %+v, want every caller lost", k, f)
		}
	}
	if mon, tue := res.Rows[0].ServiceLevel, res.Rows[3].ServiceLevel; !agree(mon, tue) {
		t.Errorf("08:00 service level on Monday %+v, on Tuesday %+v", mon, tue)
	}
	if w := warningWith(res, "while the centre is closed"); !strings.Contains(w, "2 of the staffing's 6 intervals") || !strings.Contains(w, "2026-03-02T09:00:00Z") {
		t.Errorf("warnings %+v, want one on the two 09:00 rows", res.Warnings)
	}
}
