package main

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

// TestHostileInput replays the careless and hostile inputs found by the
// review of issue 7: each must end quickly with exit 2, nothing on
// standard output, and a message naming the line and column, the flag or
// the limit at fault. (Before the fixes some ran for minutes, used
// gigabytes, or wrote NaN and unreadable timestamps.)
func TestHostileInput(t *testing.T) {
	hist := readFile(t, "testdata/forecast/history.csv")
	lines := strings.SplitAfter(string(hist), "\n")
	header, body := lines[0], strings.Join(lines[1:], "")
	// withRow inserts row into the history after its first n data lines.
	withRow := func(name string, n int, row string) string {
		return writeTemp(t, name, header+strings.Join(lines[1:1+n], "")+row+"\n"+strings.Join(lines[1+n:], ""))
	}
	cal := readFile(t, "testdata/forecast/calendar.csv")
	reqs := strings.SplitAfter(string(readFile(t, "testdata/schedule/requirements.csv")), "\n")
	reqWith := func(name, row string) string {
		// Replaces the 5th data row (02:00 on the first day).
		return writeTemp(t, name, strings.Join(reqs[:5], "")+row+"\n"+strings.Join(reqs[6:], ""))
	}
	var many strings.Builder
	many.WriteString(`{"interval": "30m", "templates": [`)
	for i := range 10000 {
		if i > 0 {
			many.WriteString(",")
		}
		fmt.Fprintf(&many, `{"name": "t%d", "start_earliest": "07:00", "start_latest": "10:00", "length_min": "8h", "length_max": "8h"}`, i)
	}
	many.WriteString("]}")
	const tmpl = "testdata/schedule/templates.json"
	const schedReqPath = "testdata/schedule/requirements.csv"
	const histPath = "testdata/forecast/history.csv"

	tests := []struct {
		name string
		args []string
		want []string // substrings of the error
	}{
		{"history dated 9999-12-31", []string{"forecast", "-history", writeTemp(t, "h9999.csv", header+body+"9999-12-31T08:00:00,sales,voice,2,2,0,261.8\n")},
			[]string{"line 2018, column 1 (interval_start)", "outside the years"}},
		{"history dated 0001-01-01", []string{"forecast", "-history", withRow("h0001.csv", 0, "0001-01-01T08:00:00,sales,voice,2,2,0,261.8")},
			[]string{"line 2, column 1 (interval_start)", "outside the years"}},
		{"1e308 offered", []string{"forecast", "-history", withRow("h1e308.csv", 4, "2026-02-02T09:00:00,sales,voice,1e308,2,0,261.8")},
			[]string{"line 6, column 4 (offered)", "too large"}},
		{"1e308 in backtest history", []string{"backtest", "-history", withRow("b1e308.csv", 4, "2026-02-02T09:00:00,sales,voice,2,2,0,1e308")},
			[]string{"line 6, column 7 (aht_seconds)"}},
		{"handled above offered", []string{"forecast", "-history", withRow("handled.csv", 4, "2026-02-02T09:00:00,sales,voice,2,5,0,261.8")},
			[]string{"line 6, column 5 (handled)", "more than offered"}},
		{"horizon of 2562047h", []string{"forecast", "-history", histPath, "-horizon", "2562047h"}, []string{"flag -horizon", "366 days"}},
		{"horizon of 1m", []string{"forecast", "-history", histPath, "-horizon", "1m"}, []string{"flag -horizon", "shorter than one 30m0s interval"}},
		// The machine's zone would make the same command mean another
		// clock on another machine; the API refuses it for a queue.
		{"-tz Local", []string{"forecast", "-history", histPath, "-tz", "Local"}, []string{"-tz", "IANA zone name", `"Local"`}},
		{"backtest -tz Local", []string{"backtest", "-history", histPath, "-tz", "Local"}, []string{"-tz", "IANA zone name", `"Local"`}},
		{"backtest horizon of 2562047h", []string{"backtest", "-history", histPath, "-horizon", "2562047h"}, []string{"flag -horizon", "366 days"}},
		{"calendar factor 0", []string{"forecast", "-history", histPath, "-calendar", writeTemp(t, "cal0.csv", string(cal)+"2026-03-19,sales,event,0\n")},
			[]string{"line 5, column 4 (factor)"}},
		{"chat handle times falling with concurrency", []string{"erlang", "-volume", "100", "-interval", "30m", "-chat-aht", "400s,300s", "-sl-target", "0.8"},
			[]string{"must not fall as concurrency rises"}},
		{"1e308 workload volume", []string{"staff", "-sl-target", "0.8", "-in",
			writeTemp(t, "w.csv", "interval_start,queue,volume,aht_seconds\n2024-03-04T09:00:00Z,sales,1e308,180\n2024-03-04T09:30:00Z,sales,10,180\n")},
			[]string{"line 2, column 3 (volume)", "too large"}},
		{"1e308 required agents", []string{"schedule", "-templates", tmpl, "-requirements", reqWith("r1e308.csv", "2026-01-05T02:00:00Z,retail,1e308,0")},
			[]string{"line 6, column 3 (required)", "limit"}},
		{"a million required agents", []string{"schedule", "-templates", tmpl, "-requirements", reqWith("r1e6.csv", "2026-01-05T02:00:00Z,retail,1000000,0")},
			[]string{"line 6, column 3 (required)", "limit of 100000"}},
		{"10,000 templates", []string{"schedule", "-requirements", schedReqPath, "-templates", writeTemp(t, "many.json", many.String())},
			[]string{"too many templates", "1,000"}},
		{"breaks filling the shift", []string{"schedule", "-requirements", schedReqPath, "-templates", writeTemp(t, "full.json",
			`{"interval": "30m", "templates": [{"name": "full", "start_earliest": "07:00", "start_latest": "07:00", "length_min": "2h", "length_max": "2h",
			  "breaks": [{"length": "1h", "earliest_after_start": "0s", "latest_after_start": "1h"}, {"length": "1h", "earliest_after_start": "0s", "latest_after_start": "1h"}]}]}`)},
			[]string{"breaks leave no working time"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, errs, code := runCLI(t, "", tt.args...)
			if code != exitBadUse {
				t.Errorf("exit %d, want %d; stderr %q", code, exitBadUse, errs)
			}
			if out != "" {
				t.Errorf("wrote %d bytes to stdout on failure", len(out))
			}
			for _, w := range tt.want {
				if !strings.Contains(errs, w) {
					t.Errorf("error %q lacks %q", errs, w)
				}
			}
		})
	}
}

// TestHostileInputWritesNoFile checks that a failing forecast leaves no
// -out file behind.
func TestHostileInputWritesNoFile(t *testing.T) {
	out := t.TempDir() + "/fc.csv"
	_, errs, code := runCLI(t, "", "forecast", "-history", "testdata/forecast/history.csv", "-horizon", "2562047h", "-out", out)
	if code != exitBadUse {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("-out %s exists after a failure (%v)", out, err)
	}
}
