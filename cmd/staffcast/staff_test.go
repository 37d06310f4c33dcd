package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/staffcast/staffcast/erlang"
)

// A forecast-shaped workload: extra columns, one empty AHT, two queues, a
// timestamp without offset.
const staffInput = `interval_start,queue,volume,aht_seconds,lower80,upper80,lower95,upper95,method
2024-03-04T09:00:00+01:00,sales,100,180,90,110,85,115,ets
2024-03-04T09:30:00+01:00,sales,12.5,,10,15,8,17,ets
2024-03-04T10:00:00+01:00,sales,0,200,0,1,0,2,ets
2024-03-04T10:30:00+01:00,sales,250.5,420,200,300,190,310,ets
2024-03-04T08:00:00,support,40,300,30,50,25,55,seasonal_naive
2024-03-04T08:30:00,support,41,300,30,50,25,55,seasonal_naive
`

// staffInput15 is staffInput at quarter hours, for a 15-minute interval
// (half-hourly rows contradict it).
var staffInput15 = strings.NewReplacer("09:30:00+", "09:15:00+", "10:00:00+", "09:30:00+", "10:30:00+", "09:45:00+",
	"08:30:00,", "08:15:00,").Replace(staffInput)

func TestStaffGolden(t *testing.T) {
	for _, c := range []struct {
		name string
		in   string
		args []string
	}{
		{"staff_c.csv", staffInput, []string{"--sl-target", "0.8", "--sl-time", "20s", "--aht", "240s", "--shrinkage", "0.3"}},
		{"staff_a.csv", staffInput, []string{"--sl-target", "0.8", "--sl-time", "20s", "--aht", "240s", "--patience", "60s", "--max-abandon", "0.05"}},
		{"staff_occupancy_15m.csv", staffInput15, []string{"--sl-target", "0.9", "--sl-time", "30s", "--aht", "4m", "--max-occupancy", "0.85", "--interval", "15m"}},
		{"staff_bot.csv", staffInput, []string{"--sl-target", "0.8", "--aht", "240s", "--bot-share", "0.3", "--bot-escalation", "0.4"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			args := append([]string{"staff", "--in", "-"}, c.args...)
			out, errs, code := runCLI(t, c.in, args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errs)
			}
			golden(t, "erlang/"+c.name, []byte(out))
		})
	}
}

// TestStaffFiles reads and writes real files; the output equals stdout's and
// the interval is inferred (30 minutes: 100 calls of 180 s need 14 agents).
func TestStaffFiles(t *testing.T) {
	dir := t.TempDir()
	in, out := filepath.Join(dir, "w.csv"), filepath.Join(dir, "s.csv")
	if err := os.WriteFile(in, []byte(staffInput), 0o644); err != nil {
		t.Fatal(err)
	}
	_, errs, code := runCLI(t, "", "staff", "--in", in, "--out", out, "--sl-target", "0.8", "--sl-time", "20s", "--aht", "240s", "--shrinkage", "0.3")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "erlang/staff_c.csv", got)
	lines := strings.Split(string(got), "\n")
	if !strings.HasSuffix(lines[1], ",14,20,0.888350,7.836,0.714286,0.000000") {
		t.Errorf("first row %q: want 14 agents, 20 scheduled for 100 calls / 30 min, AHT 180 s", lines[1])
	}
}

func TestStaffBadInput(t *testing.T) {
	const head = "interval_start,queue,volume,aht_seconds\n"
	row := "2024-01-01T00:00:00Z,q,10,180\n2024-01-01T00:30:00Z,q,12,180\n"
	for _, c := range []struct {
		name, in string
		args     []string
		want     string
	}{
		{"negative volume", head + "2024-01-01T00:00:00Z,q,-1,180\n", nil, "line 2, column 3 (volume)"},
		{"text volume", head + row + "2024-01-01T01:00:00Z,q,many,180\n", nil, "line 4, column 3 (volume)"},
		{"zero AHT", head + "2024-01-01T00:00:00Z,q,3,0\n", nil, "line 2, column 4 (aht_seconds)"},
		{"empty AHT no default", head + row + "2024-01-01T01:00:00Z,q,3,\n", nil, "line 4, column 4 (aht_seconds)"},
		{"wrong field count", head + row + "2024-01-01T01:00:00Z,q,3\n", nil, "line 4"},
		{"bad time", head + "yesterday,q,3,180\n", nil, "line 2, column 1 (interval_start)"},
		{"missing column", "interval_start,queue\n2024-01-01T00:00:00Z,q\n", nil, "volume"},
		{"one interval", head + "2024-01-01T00:00:00Z,q,3,180\n", nil, "-interval"},
		{"no target", head + row, []string{"--no-target"}, "target"},
		{"SL target 1", head + row, []string{"--sl-target", "1"}, "-sl-target"},
		{"unknown flag", head + row, []string{"--sl-target", "0.8", "--frobnicate"}, "frobnicate"},
		{"no input", "", []string{"--sl-target", "0.8", "--in", ""}, "-in"},
		{"missing file", "", []string{"--sl-target", "0.8", "--in", "/nonexistent/w.csv"}, "nonexistent"},
		{"empty file", "", nil, "line 1"},
	} {
		t.Run(c.name, func(t *testing.T) {
			args := []string{"staff", "--in", "-"}
			switch {
			case len(c.args) > 0 && c.args[0] == "--no-target":
			case len(c.args) > 0:
				args = append(args, c.args...)
			default:
				args = append(args, "--sl-target", "0.8")
			}
			out, errs, code := runCLI(t, c.in, args...)
			if code != exitBadUse {
				t.Fatalf("exit %d, want 2 (stdout %q, stderr %q)", code, out, errs)
			}
			if !strings.Contains(errs, c.want) || strings.Contains(strings.TrimSpace(errs), "\n") {
				t.Errorf("error %q should be one line naming %q", errs, c.want)
			}
			if out != "" {
				t.Errorf("output written despite the error: %q", out)
			}
		})
	}
}

// workloadCSV is a year of hourly intervals (8,760 rows) for one queue, as
// "staffcast forecast" writes them, loads from ~0.1 to ~1,000 Erlangs.
func workloadCSV(rows int) []byte {
	var b bytes.Buffer
	b.WriteString("interval_start,queue,volume,aht_seconds,lower80,upper80,lower95,upper95,method\n")
	t0 := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < rows; i++ {
		day := float64((i%24+24-3)%24) / 24
		v := 1 + 12000*day*day*(1-day)*(1-day)*(1+0.3*float64(i%7)/7)*1.4
		fmt.Fprintf(&b, "%s,support,%.3f,%d,%.3f,%.3f,%.3f,%.3f,ets\n", t0.Add(time.Duration(i)*time.Hour).Format(time.RFC3339),
			v, 240+i%60, v*0.9, v*1.1, v*0.85, v*1.15)
	}
	return b.Bytes()
}

// BenchmarkStaffEndToEnd: "staffcast staff" on an 8,760-row CSV file, read,
// staffed for 80/20 with Erlang C and written, in process. pyworkforce's
// ErlangC.required_positions takes ~0.3 ms an interval, 2.6 s for this file;
// the bar is 100 times faster, 26 ms.
func BenchmarkStaffEndToEnd(b *testing.B) {
	for _, model := range []struct{ name, patience string }{{"ErlangC", ""}, {"ErlangA", "60s"}} {
		b.Run(model.name, func(b *testing.B) {
			dir := b.TempDir()
			in, out := filepath.Join(dir, "w.csv"), filepath.Join(dir, "s.csv")
			if err := os.WriteFile(in, workloadCSV(8760), 0o644); err != nil {
				b.Fatal(err)
			}
			args := []string{"staff", "--in", in, "--out", out, "--sl-target", "0.8", "--sl-time", "20s", "--shrinkage", "0.3"}
			if model.patience != "" {
				args = append(args, "--patience", model.patience)
			}
			var stdout, stderr bytes.Buffer
			b.ReportAllocs()
			for b.Loop() {
				if err := run(context.Background(), args, func(string) string { return "" }, nil, &stdout, &stderr); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/8760, "ns/row")
		})
	}
}

// TestStaffBotReturnsLater: contacts falsely contained at 09:00 come back
// over the next two intervals, not in their own.
func TestStaffBotReturnsLater(t *testing.T) {
	in := "interval_start,queue,volume,aht_seconds\n" +
		"2024-01-01T09:00:00Z,q,400,180\n2024-01-01T09:30:00Z,q,0,180\n2024-01-01T10:00:00Z,q,0,180\n" +
		"2024-01-01T11:00:00Z,q,0,180\n2024-01-01T09:00:00Z,r,10,180\n"
	out, errs, code := runCLI(t, in, "staff", "--in", "-", "--sl-target", "0.8", "--interval", "30m",
		"--bot-share", "0.5", "--bot-false-containment", "0.4", "--bot-return-share", "0.5", "--bot-return-lag", "1h")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	// q: 200 go to the bot, 80 are falsely contained and 40 come back, 20
	// at 09:30 and 20 at 10:00, none at 11:00. r: 5 of 10 reach humans.
	humans := []float64{200, 20, 20, 0, 5}
	lines := strings.Split(strings.TrimSpace(out), "\n")[1:]
	if len(lines) != len(humans) {
		t.Fatalf("got %d rows:\n%s", len(lines), out)
	}
	for i, l := range lines {
		want, err := erlang.Staff(erlang.Load{Volume: humans[i], Interval: 30 * time.Minute, AHT: 180 * time.Second},
			erlang.Targets{ServiceLevel: 0.8, ServiceTime: 20 * time.Second})
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Split(l, ",")[4]; got != fmt.Sprint(want.Agents) {
			t.Errorf("row %d (%v calls for humans): %s agents, want %d", i, humans[i], got, want.Agents)
		}
	}
}

// TestStaffIntervalInference: the interval is the most common gap, not the
// smallest (issue 7: one mistyped 10:15 in a half-hourly file halved every
// interval), a start off its grid is an error naming the line, an interval
// over an hour is not inferred, and queues that disagree are an error
// naming them.
func TestStaffIntervalInference(t *testing.T) {
	// Twelve half-hours with one mistyped 10:15 among them (line 3).
	halfHourly := "interval_start,volume\n2026-03-02T10:00:00Z,100\n2026-03-02T10:15:00Z,100\n"
	for i := 1; i < 12; i++ {
		halfHourly += time.Date(2026, 3, 2, 10, 30*i, 0, 0, time.UTC).Format(time.RFC3339) + ",100\n"
	}
	mixed := "interval_start,queue,volume\n2026-03-02T10:00:00Z,a,100\n2026-03-02T10:30:00Z,a,100\n2026-03-02T11:00:00Z,a,100\n" +
		"2026-03-02T10:00:00Z,b,100\n2026-03-02T11:00:00Z,b,100\n2026-03-02T12:00:00Z,b,100\n"
	// Twelve clean half-hours, and one row a day at 09:00 (whose spacing
	// cannot be inferred: -interval is what it is for).
	halfHours, daily := "interval_start,queue,volume\n", "interval_start,volume\n"
	for i := range 12 {
		halfHours += time.Date(2026, 3, 2, 7, 30*i, 0, 0, time.UTC).Format(time.RFC3339) + ",q,100\n"
	}
	for d := range 3 {
		daily += time.Date(2026, 3, 2+d, 9, 0, 0, 0, time.UTC).Format(time.RFC3339) + ",100\n"
	}
	for _, c := range []struct {
		name, in string
		args     []string
		code     int
		agents   string // agents of the first row; "" when failing
		stderr   []string
	}{
		// A stray start is refused naming its line, whatever the file's
		// size (staffed alone it overlapped the interval it fell in).
		{"stray start among twelve is refused", halfHourly, nil, exitBadUse, "", []string{"line 3, column 1 (interval_start)", "2026-03-02T10:15:00Z is off the 30m grid", "1 of 13"}},
		{"stray start among four is refused alike", "interval_start,volume\n2026-03-02T10:00:00Z,1\n2026-03-02T10:30:00Z,1\n2026-03-02T11:00:00Z,1\n2026-03-02T11:40:00Z,1\n",
			nil, exitBadUse, "", []string{"line 5, column 1 (interval_start)", "2026-03-02T11:40:00Z is off the 30m grid", "1 of 4"}},
		{"a row a day is not inferred", daily, nil, exitBadUse, "", []string{"interval_start: the starts are 24h apart", "give -interval"}},
		{"two-hourly rows are not inferred", "interval_start,volume\n2026-03-02T08:00:00Z,1\n2026-03-02T10:00:00Z,1\n2026-03-02T12:00:00Z,1\n",
			nil, exitBadUse, "", []string{"the starts are 2h apart", "give -interval"}},
		{"hourly rows are inferred", "interval_start,volume\n2026-03-02T08:00:00Z,200\n2026-03-02T09:00:00Z,200\n", nil, 0, "14", nil},
		// No interval staffs both: the hourly queue's volumes would be
		// staffed as arriving in half-hours (it was, with -interval 30m).
		{"hourly beside half-hourly", mixed, nil, exitBadUse, "", []string{`"a"`, `"b"`, "a file of its own"}},
		{"hourly beside half-hourly with -interval", mixed, []string{"-interval", "30m"}, exitBadUse, "",
			[]string{"-interval 30m", "line 6, column 1 (interval_start)", `queue "b" are 1h apart`}},
		{"a row a day takes -interval", daily, []string{"-interval", "30m"}, 0, "14", nil},
		// A given interval the rows contradict is refused, naming the flag
		// and the first line (it staffed 30-minute volumes as 15-minute ones).
		{"-interval finer than the rows", halfHours, []string{"-interval", "15m"}, exitBadUse, "",
			[]string{"-interval 15m", "line 3, column 1 (interval_start)", `queue "q" are 30m apart`}},
		{"-interval finer than rows with a stray start", halfHourly, []string{"-interval", "15m"}, exitBadUse, "", []string{"-interval 15m", "line 5", "30m apart"}},
		{"-interval not dividing a day", halfHours, []string{"-interval", "7m"}, exitBadUse, "", []string{"flag -interval", "7m does not divide a day"}},
		{"start off the -interval grid", halfHourly, []string{"-interval", "30m"}, exitBadUse, "", []string{"-interval 30m", "line 3", "not on the 30m grid"}},
		{"-interval coarser than the rows", mixed, []string{"-interval", "1h"}, exitBadUse, "", []string{"-interval 1h", "line 3", `not on the 1h grid of the other starts of queue "a"`}},
	} {
		t.Run(c.name, func(t *testing.T) {
			args := append([]string{"staff", "-in", "-", "-aht", "180s", "-sl-target", "0.8"}, c.args...)
			out, errs, code := runCLI(t, c.in, args...)
			if code != c.code {
				t.Fatalf("exit %d, want %d (stderr %q)", code, c.code, errs)
			}
			for _, w := range c.stderr {
				if !strings.Contains(errs, w) {
					t.Errorf("stderr %q lacks %q", errs, w)
				}
			}
			if c.agents == "" {
				if out != "" {
					t.Errorf("stdout %q on failure", out)
				}
				return
			}
			lines := strings.Split(out, "\n")
			if len(lines) < 2 || !strings.Contains(lines[1], ","+c.agents+",") {
				t.Errorf("first row %q, want %s agents", lines[min(1, len(lines)-1)], c.agents)
			}
		})
	}
}
