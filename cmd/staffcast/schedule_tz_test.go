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
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
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
