package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // the suggested zone is found on any machine
)

// TestScheduleOffsetChangeWarns: requirements written in local time with
// offsets that change (-05:00, then -04:00 after 8 March 2026) planned
// without -tz are planned at the first offset as before, with a warning
// naming the first line at the new offset and suggesting -tz; with -tz,
// or in one fixed offset, there is no warning.
func TestScheduleOffsetChangeWarns(t *testing.T) {
	ny := newYork(t)
	var b strings.Builder
	b.WriteString("interval_start,required\n")
	line, changed := 1, 0
	for d := 7; d <= 9; d++ {
		for h := 9; h < 17; h++ {
			for _, m := range []int{0, 30} {
				at := time.Date(2026, 3, d, h, m, 0, 0, ny)
				line++
				if _, off := at.Zone(); off == -4*3600 && changed == 0 {
					changed = line
				}
				fmt.Fprintf(&b, "%s,2\n", at.Format(time.RFC3339))
			}
		}
	}
	dir := t.TempDir()
	req := filepath.Join(dir, "req.csv")
	if err := os.WriteFile(req, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	fixed := filepath.Join(dir, "fixed.csv")
	if err := os.WriteFile(fixed, []byte(strings.ReplaceAll(b.String(), "-04:00", "-05:00")), 0o644); err != nil {
		t.Fatal(err)
	}
	want := fmt.Sprintf("staffcast schedule: %s: warning: line %d (interval_start): the UTC offset changes from -05:00 (line 2) to -04:00; without -tz every time is read at -05:00, so the times from this line on are 1h off the local clock (give -tz America/New_York", req, changed)
	for _, c := range []struct {
		name string
		args []string
		warn bool
	}{
		{"offsets change, no -tz", []string{"-requirements", req}, true},
		{"offsets change, -tz", []string{"-requirements", req, "-tz", "America/New_York"}, false},
		{"one fixed offset", []string{"-requirements", fixed}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			args := append([]string{"schedule", "-templates", schedTmpls, "-time-limit", "0", "-json"}, c.args...)
			_, errs, code := runCLI(t, "", args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errs)
			}
			if got := strings.Contains(errs, want); got != c.warn {
				t.Errorf("stderr %q; want warning %v: %q", errs, c.warn, want)
			}
			if !c.warn && strings.Contains(errs, "warning") {
				t.Errorf("unexpected warning: %s", errs)
			}
		})
	}
}

// newYork is America/New_York, the zone of the clock-change tests.
func newYork(t *testing.T) *time.Location {
	t.Helper()
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	return ny
}

// TestForecastOffsetsWarn: a history written with UTC offsets, read
// without -tz (so in UTC), warns naming the line: where the offsets
// change, suggesting a zone that has both; in one offset other than 0,
// asking for the queue's zone. With -tz, or written in UTC, it does not.
// The forecast itself is what it was (the instants are right; only the
// queue's days and times of day are UTC's).
func TestForecastOffsetsWarn(t *testing.T) {
	ny := newYork(t)
	write := func(name string, at func(d, h int) time.Time) string {
		var b strings.Builder
		b.WriteString("interval_start,queue,channel,offered\n")
		for d := 0; d < 21; d++ {
			for h := 9; h < 17; h++ {
				fmt.Fprintf(&b, "%s,q,voice,%d\n", at(d, h).Format(time.RFC3339), 10+h)
			}
		}
		p := filepath.Join(t.TempDir(), name)
		if err := os.WriteFile(p, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	// 21 days from 22 February 2026: New York's clocks go forward on
	// 8 March, the 15th day, whose first row is line 2 + 14*8.
	local := write("local.csv", func(d, h int) time.Time { return time.Date(2026, 2, 22+d, h, 0, 0, 0, ny) })
	fixed := write("fixed.csv", func(d, h int) time.Time {
		return time.Date(2026, 2, 22+d, h, 0, 0, 0, time.FixedZone("", -5*3600))
	})
	utc := write("utc.csv", func(d, h int) time.Time { return time.Date(2026, 2, 22+d, h, 0, 0, 0, time.UTC) })
	for _, c := range []struct {
		name string
		args []string
		want string // "" for no warning
	}{
		{"offsets change, no -tz", []string{"forecast", "-history", local},
			"line 114 (interval_start): the UTC offset of queue \"q\" changes from -05:00 (line 2) to -04:00: the file is in a zone with clock changes, but without -tz its days and times of day are read in UTC (give -tz America/New_York"},
		{"backtest too", []string{"backtest", "-history", local, "-origins", "1", "-horizon", "24h"},
			"line 114 (interval_start): the UTC offset of queue \"q\" changes from -05:00 (line 2) to -04:00"},
		{"offsets change, -tz", []string{"forecast", "-history", local, "-tz", "America/New_York"}, ""},
		{"-tz UTC given", []string{"forecast", "-history", local, "-tz", "UTC"}, ""},
		{"one offset", []string{"forecast", "-history", fixed},
			"line 2 (interval_start): the times of queue \"q\" are written at UTC offset -05:00, but without -tz the queue's days and times of day are read in UTC"},
		{"written in UTC", []string{"forecast", "-history", utc}, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			args := append(c.args, "-interval", "1h")
			if args[0] == "forecast" {
				args = append(args, "-out", filepath.Join(t.TempDir(), "out.csv"))
			}
			_, errs, code := runCLI(t, "", args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errs)
			}
			if c.want == "" {
				if strings.Contains(errs, "UTC offset") {
					t.Errorf("unexpected warning: %s", errs)
				}
				return
			}
			if !strings.Contains(errs, c.want) {
				t.Errorf("stderr %q, want %q", errs, c.want)
			}
		})
	}
}

// TestOffsetsWarnNamesQueues: in a file with a queue column each queue's
// offsets are followed on their own, and the warning names the queue
// whose offset changes (and the others that change too, with their
// lines), or the queue written at an offset of its own, not the first row
// of another queue as if the file had one clock.
func TestOffsetsWarnNamesQueues(t *testing.T) {
	ny := newYork(t)
	la, err := time.LoadLocation("America/Los_Angeles")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	write := func(name, header string, rows func(b *strings.Builder)) string {
		var b strings.Builder
		b.WriteString(header + "\n")
		rows(&b)
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	// Histories of 21 days from 22 February 2026, 09:00-16:00 local: New
	// York's and Los Angeles' clocks go forward on 8 March, the 15th day.
	history := func(name string, zones []string, locs []*time.Location) string {
		return write(name, "interval_start,queue,channel,offered", func(b *strings.Builder) {
			for d := range 21 {
				for h := 9; h < 17; h++ {
					for i, z := range zones {
						fmt.Fprintf(b, "%s,%s,voice,%d\n", time.Date(2026, 2, 22+d, h, 0, 0, 0, locs[i]).Format(time.RFC3339), z, 10+h)
					}
				}
			}
		})
	}
	three := history("three.csv", []string{"east", "west", "uk"}, []*time.Location{ny, la, time.UTC})
	apart := history("apart.csv", []string{"a", "b"}, []*time.Location{time.UTC, time.FixedZone("", -5*3600)})
	// Requirements of 7-9 March, 09:00-17:00 every 30 minutes, of two New
	// York queues (the clocks go forward on the 8th) or of two queues at
	// fixed offsets of their own.
	requirements := func(name string, zones []string, locs []*time.Location) (string, int) {
		changed := 0
		return write(name, "interval_start,queue,required", func(b *strings.Builder) {
			line := 1
			for d := 7; d <= 9; d++ {
				for h := 9; h < 17; h++ {
					for _, m := range []int{0, 30} {
						for i, z := range zones {
							at := time.Date(2026, 3, d, h, m, 0, 0, locs[i])
							line++
							if _, off := at.Zone(); off == -4*3600 && changed == 0 {
								changed = line
							}
							fmt.Fprintf(b, "%s,%s,2\n", at.Format(time.RFC3339), z)
						}
					}
				}
			}
		}), changed
	}
	nyReq, changed := requirements("ny-req.csv", []string{"east", "north"}, []*time.Location{ny, ny})
	apartReq, _ := requirements("apart-req.csv", []string{"a", "b"}, []*time.Location{time.FixedZone("", -5*3600), time.FixedZone("", -6*3600)})
	for _, c := range []struct {
		name string
		args []string
		want string
	}{
		{"history: queues that change", []string{"forecast", "-history", three, "-interval", "1h", "-out", filepath.Join(dir, "f1.csv")},
			`line 338 (interval_start): the UTC offset of queue "east" changes from -05:00 (line 2) to -04:00 (so does that of queue "west" at line 339): the file is in a zone with clock changes, but without -tz its days and times of day are read in UTC (give -tz America/New_York, or the queue's own zone)`},
		{"backtest too", []string{"backtest", "-history", three, "-interval", "1h", "-origins", "1", "-horizon", "24h"},
			`line 338 (interval_start): the UTC offset of queue "east" changes from -05:00 (line 2) to -04:00 (so does that of queue "west" at line 339)`},
		{"history: a queue at an offset of its own", []string{"forecast", "-history", apart, "-interval", "1h", "-out", filepath.Join(dir, "f2.csv")},
			`line 3 (interval_start): the times of queue "b" are written at UTC offset -05:00, but without -tz the queue's days and times of day are read in UTC`},
		{"requirements: queues that change", []string{"schedule", "-templates", schedTmpls, "-time-limit", "0", "-json", "-requirements", nyReq},
			fmt.Sprintf(`line %d (interval_start): the UTC offset of queue "east" changes from -05:00 (line 2) to -04:00 (so does that of queue "north" at line %d); without -tz every time is read at -05:00, so the times from this line on are 1h off the local clock (give -tz America/New_York, or the queue's own zone)`, changed, changed+1)},
		{"requirements: queues at offsets of their own", []string{"schedule", "-templates", schedTmpls, "-time-limit", "0", "-json", "-requirements", apartReq},
			`line 3 (interval_start): queue "b" is written at UTC offset -06:00, queue "a" (line 2) at -05:00; without -tz every time is read at -05:00, so the times of queue "b" are 1h off its local clock`},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, errs, code := runCLI(t, "", c.args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errs)
			}
			if n := strings.Count(errs, "UTC offset"); n != 1 || !strings.Contains(errs, c.want) {
				t.Errorf("stderr %q, want once %q", errs, c.want)
			}
		})
	}
}
