package main

import (
	"encoding/csv"
	"encoding/json"
	"github.com/staffcast/staffcast/app"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

const fcHistory = "testdata/forecast/history.csv"

func TestForecastCommand(t *testing.T) {
	out := filepath.Join(t.TempDir(), "forecast.csv")
	_, errs, code := runCLI(t, "", "forecast", "--history", fcHistory, "--tz", "America/New_York",
		"--calendar", "testdata/forecast/calendar.csv", "--out", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "forecast/forecast.golden.csv", got)
	recs, err := csv.NewReader(strings.NewReader(string(got))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if h := strings.Join(recs[0], ","); h != "interval_start,queue,volume,lower80,upper80,lower95,upper95,aht_seconds,method,special_day" {
		t.Fatalf("header %q", h)
	}
	perQueue := map[string]int{}
	for _, r := range recs[1:] {
		perQueue[r[1]]++
		// after the spring-forward day the offset is EDT
		if !strings.HasSuffix(r[0], "-04:00") {
			t.Fatalf("interval_start %q lacks the EDT offset", r[0])
		}
		if r[1] == "support" && r[7] != "" {
			t.Fatalf("support has no handle time in history but got aht_seconds %q", r[7])
		}
		if r[1] == "sales" && r[7] == "" {
			t.Fatalf("sales has handle time in history but aht_seconds is empty: %v", r)
		}
		if strings.HasPrefix(r[0], "2026-03-17") && (r[2] != "0.00" || r[9] != "closed") {
			t.Fatalf("calendar-closed day forecast %v", r)
		}
		if strings.HasPrefix(r[0], "2026-03-18") && r[1] == "sales" && r[9] != "given factor" {
			t.Fatalf("event with a factor: special_day %q", r[9])
		}
	}
	// sales: 5 weekdays x 10 h + Saturday 4 h, in half hours; support: 5 x 6 h
	if perQueue["sales"] != 5*20+8 || perQueue["support"] != 5*12 {
		t.Errorf("rows per queue %v, want sales 108 and support 60 (open intervals only)", perQueue)
	}
	if !strings.Contains(errs, "queue sales:") {
		t.Errorf("stderr %q lacks the per-queue summary", errs)
	}
}

func TestForecastCommandStartAndHorizon(t *testing.T) {
	stdout, errs, code := runCLI(t, "", "forecast", "--history", fcHistory, "--tz", "America/New_York",
		"--start", "2026-03-02T12:00:00", "--horizon", "2h", "--method", "profile", "--interval", "1h")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	want := []string{"2026-03-02T12:00:00-05:00,sales,", "2026-03-02T12:00:00-05:00,support,", "2026-03-02T13:00:00-05:00,sales,", "2026-03-02T13:00:00-05:00,support,"}
	if len(lines) != 1+len(want) {
		t.Fatalf("got %d lines:\n%s", len(lines), stdout)
	}
	got := lines[1:]
	// rows come queue by queue
	order := []string{got[0], got[2], got[1], got[3]}
	for i, w := range want {
		if !strings.HasPrefix(order[i], w) {
			t.Errorf("row %q, want prefix %q", order[i], w)
		}
	}
	if !strings.HasSuffix(got[0], ",profile,") {
		t.Errorf("method column of %q, want profile", got[0])
	}
}

func TestForecastCommandErrors(t *testing.T) {
	// One row of a mistyped queue in the middle of the file (line 11), at
	// 08:40: its record length cannot be learnt from one record.
	hist, err := os.ReadFile(fcHistory)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(hist), "\n")
	typo := filepath.Join(t.TempDir(), "typo.csv")
	typoRow := "2026-02-10T08:40:00,sale,voice,3,3,0,200\n"
	if err := os.WriteFile(typo, []byte(strings.Join(lines[:10], "")+typoRow+strings.Join(lines[10:], "")), 0o644); err != nil {
		t.Fatal(err)
	}
	badName := filepath.Join(t.TempDir(), "badname.csv")
	if err := os.WriteFile(badName, []byte(strings.Join(lines[:10], "")+strings.Replace(typoRow, "sale,", "Sales Team,", 1)+strings.Join(lines[10:], "")), 0o644); err != nil {
		t.Fatal(err)
	}
	badCal := filepath.Join(t.TempDir(), "badcal.csv")
	if err := os.WriteFile(badCal, []byte("date,queue,kind,factor\n2026-03-17,,closed,\n2026-03-19,Sales,closed,\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no history", []string{"forecast"}, "-history is required"},
		{"missing file", []string{"forecast", "--history", "testdata/forecast/nope.csv"}, "nope.csv"},
		{"bad time zone", []string{"forecast", "--history", fcHistory, "--tz", "Mars/Olympus"}, "-tz"},
		{"bad method", []string{"forecast", "--history", fcHistory, "--method", "arima"}, "-method"},
		{"interval not dividing a day", []string{"forecast", "--history", fcHistory, "--interval", "7m"}, "-interval"},
		{"interval finer than the records", []string{"forecast", "--history", fcHistory, "--interval", "5m"}, "15m records"},
		{"records not summing name the queue's line", []string{"forecast", "--history", fcHistory, "--interval", "20m"},
			"-interval: testdata/forecast/history.csv: line 2, column 2 (queue): queue \"sales\" has 15m records"},
		{"one row of a mistyped queue", []string{"forecast", "--history", typo},
			"typo.csv: line 11, column 2 (queue): queue \"sale\" has only this record, too few to learn its record length"},
		// The API's rule for a queue name, so that a history the CLI reads
		// can be imported too.
		{"a queue name the API refuses", []string{"forecast", "--history", badName},
			"badname.csv: line 11, column 2 (queue): queue name \"Sales Team\" must match ^[a-z0-9][a-z0-9_-]{0,63}$"},
		{"backtest too", []string{"backtest", "--history", badName}, "line 11, column 2 (queue): queue name \"Sales Team\" must match"},
		{"a calendar's queue name the API refuses", []string{"forecast", "--history", fcHistory, "--calendar", badCal},
			"badcal.csv: line 3, column 2 (queue): queue name \"Sales\" must match ^[a-z0-9][a-z0-9_-]{0,63}$"},
		{"bad horizon", []string{"forecast", "--history", fcHistory, "--horizon", "-1h"}, "horizon"},
		{"duplicate interval", []string{"forecast", "--history", "testdata/forecast/duplicate.csv"}, "line 4, column 1 (interval_start)"},
		{"start off the grid", []string{"forecast", "--history", fcHistory, "--start", "2026-03-16T08:10:00"}, "not on the 30m interval grid"},
		{"bad start", []string{"forecast", "--history", fcHistory, "--start", "monday"}, "-start"},
		{"start over a year after the history", []string{"forecast", "--history", fcHistory, "--tz", "America/New_York", "--start", "2199-01-01T00:00:00"},
			"invalid value for flag -start: forecast: start too far after the history: 2199-01-01T00:00:00-05:00 is more than 366 days after the history of queue \"sales\", which ends on 2026-03-14"},
		{"start skipped by the clock change", []string{"forecast", "--history", fcHistory, "--tz", "America/New_York", "--start", "2026-03-08T02:30:00"},
			"-start: csvio: local time does not exist: 2026-03-08T02:30:00 does not exist in America/New_York"},
		{"too little history", []string{"forecast", "--history", fcHistory, "--start", "2026-02-09T00:00:00"}, "not enough history"},
		{"bad calendar", []string{"forecast", "--history", fcHistory, "--calendar", fcHistory}, "missing required column \"date\""},
		{"backtest without history", []string{"backtest"}, "-history is required"},
		{"backtest zero origins", []string{"backtest", "--history", fcHistory, "--origins", "0"}, "-origins"},
		{"backtest too many origins", []string{"backtest", "--history", fcHistory, "--origins", "9"}, "not enough history"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, errs, code := runCLI(t, "", tt.args...)
			if code != exitBadUse {
				t.Errorf("exit %d, want %d: %s", code, exitBadUse, errs)
			}
			if !strings.Contains(errs, tt.want) {
				t.Errorf("stderr %q lacks %q", errs, tt.want)
			}
		})
	}
}

func TestBacktestCommand(t *testing.T) {
	stdout, errs, code := runCLI(t, "", "backtest", "--history", fcHistory, "--tz", "America/New_York", "--origins", "3")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{"queue sales: 30m intervals, 3 weekly origins, 168h horizon", "queue support:", "WAPE", "day-1 WAPE", "MASE", "cov80", "cov95", "fit s", "auto chose:"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("table lacks %q:\n%s", want, stdout)
		}
	}
	for _, m := range []string{"snaive", "sma4", "sma", "profile", "dses", "combo", "auto"} {
		if !strings.Contains(stdout, "\n"+strings.Repeat(" ", 9-len(m))+m+"  ") {
			t.Errorf("table lacks a row for %s:\n%s", m, stdout)
		}
	}
	// each origin's WAPE beside its start, in the queue's zone
	if !regexp.MustCompile(`WAPE by origin:\n +origin +snaive .* auto\n +2026-02-22T00:00:00-05:00( +0\.\d{4}){7}\n +2026-03-01T00:00:00-05:00 .*\n +2026-03-08T00:00:00-05:00 `).MatchString(stdout) {
		t.Errorf("no WAPE by origin with the origins' starts:\n%s", stdout)
	}
	stdout, errs, code = runCLI(t, "", "backtest", "--history", fcHistory, "--tz", "America/New_York", "--origins", "2", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var reps []app.BacktestReport
	if err := json.Unmarshal([]byte(stdout), &reps); err != nil {
		t.Fatalf("%v:\n%s", err, stdout)
	}
	if len(reps) != 2 || len(reps[0].Methods) != 7 || reps[0].Origins != 2 || reps[0].Methods[6].Method != "auto" {
		t.Fatalf("JSON %+v", reps)
	}
	if got := strings.Join(reps[0].OriginStarts, " "); got != "2026-03-01T00:00:00-05:00 2026-03-08T00:00:00-05:00" {
		t.Errorf("origin_starts %q, want the two origins' local midnights", got)
	}
	if !strings.Contains(stdout, `"origin_starts": [`) {
		t.Errorf("JSON lacks origin_starts:\n%s", stdout)
	}
	for _, m := range reps[0].Methods {
		if m.WAPE <= 0 || m.WAPE > 1 || m.Coverage80 <= 0 || m.Points == 0 {
			t.Errorf("implausible row %+v", m)
		}
	}
}

// TestForecastCalendarUnknownQueue: a calendar row for a queue the history
// does not have (sale for sales) is a warning naming its line and the
// history's queues, for forecast and backtest alike; rows for every queue
// or a known one are not.
func TestForecastCalendarUnknownQueue(t *testing.T) {
	cal := filepath.Join(t.TempDir(), "cal.csv")
	if err := os.WriteFile(cal, []byte("date,queue,kind,factor\n2026-03-17,,closed,\n2026-03-18,sales,event,1.5\n2026-03-19,sale,closed,\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, cmd := range [][]string{
		{"forecast", "--out", filepath.Join(t.TempDir(), "f.csv")},
		{"backtest", "--origins", "2", "--horizon", "24h"},
	} {
		args := append([]string{cmd[0], "--history", fcHistory, "--calendar", cal}, cmd[1:]...)
		_, errs, code := runCLI(t, "", args...)
		want := "staffcast " + cmd[0] + ": " + cal + `: warning: line 4 (queue): queue "sale" is not in the history, so this closed day is ignored (the history's queues: "sales", "support"`
		if code != 0 || !strings.Contains(errs, want) || strings.Count(errs, "warning") != 1 {
			t.Errorf("%s: exit %d, stderr %q; want one warning %q", cmd[0], code, errs, want)
		}
	}
}

// The forecaster's warnings about the history are printed on stderr,
// one line per warning with the queue's name: here the sales rows after
// 17:00 stop four weeks before the end, so those intervals are closed.
func TestForecastPrintsWarnings(t *testing.T) {
	all, err := os.ReadFile(fcHistory)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for i, line := range strings.SplitAfter(string(all), "\n") {
		if i > 0 && (!strings.Contains(line, ",sales,") || line >= "2026-02-16" && line[11:13] >= "17") {
			continue
		}
		b.WriteString(line)
	}
	_, errs, code := runCLI(t, b.String(), "forecast", "-history", "-", "-out", filepath.Join(t.TempDir(), "f.csv"))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if !strings.Contains(errs, "queue sales: warning: ") || !strings.Contains(errs, "17:00-18:00; they are forecast as closed") {
		t.Errorf("stderr %q lacks the warning", errs)
	}
}
