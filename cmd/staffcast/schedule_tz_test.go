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
			"line 114 (interval_start): the UTC offset changes from -05:00 (line 2) to -04:00: the file is in a zone with clock changes, but without -tz its days and times of day are read in UTC (give -tz America/New_York"},
		{"backtest too", []string{"backtest", "-history", local, "-origins", "1", "-horizon", "24h"},
			"line 114 (interval_start): the UTC offset changes from -05:00 (line 2) to -04:00"},
		{"offsets change, -tz", []string{"forecast", "-history", local, "-tz", "America/New_York"}, ""},
		{"-tz UTC given", []string{"forecast", "-history", local, "-tz", "UTC"}, ""},
		{"one offset", []string{"forecast", "-history", fixed},
			"line 2 (interval_start): the times are written at UTC offset -05:00, but without -tz the queue's days and times of day are read in UTC"},
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
