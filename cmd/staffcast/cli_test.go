package main

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestDurationFlag(t *testing.T) {
	tests := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"180", 180 * time.Second, true},
		{"2.5", 2500 * time.Millisecond, true},
		{"30m", 30 * time.Minute, true},
		{"0", 0, false},
		{"-5s", 0, false},
		{"1e30", 0, false}, // would overflow time.Duration
		{"NaN", 0, false},
		{"soon", 0, false},
	}
	for _, tt := range tests {
		var d durationFlag
		err := d.Set(tt.in)
		if (err == nil) != tt.ok || (tt.ok && d.Value != tt.want) {
			t.Errorf("Set(%q) = %v, %v; want %v, ok %v", tt.in, d.Value, err, tt.want, tt.ok)
		}
	}
}

func TestFractionFlag(t *testing.T) {
	for in, ok := range map[string]bool{"0.8": true, "0": false, "1": false, "-0.1": false, "x": false} {
		var f fractionFlag
		if err := f.Set(in); (err == nil) != ok {
			t.Errorf("Set(%q): %v, want ok %v", in, err, ok)
		}
	}
	z := fractionFlag{allowZero: true}
	if err := z.Set("0"); err != nil {
		t.Errorf("zero allowed but rejected: %v", err)
	}
}

func TestWriteOutput(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.csv")
	e := env{stdout: &bytes.Buffer{}}
	if err := writeOutput(path, e, func(w io.Writer) error { _, err := io.WriteString(w, "a,b\n"); return err }); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm()&0o044 != 0o044 {
		t.Errorf("output file mode %v, want readable by group and others like any output", fi.Mode().Perm())
	}
	// A failed fill leaves the old file as it was and no temporary behind.
	boom := errors.New("boom")
	if err := writeOutput(path, e, func(w io.Writer) error { io.WriteString(w, "half"); return boom }); !errors.Is(err, boom) {
		t.Fatalf("err %v, want boom", err)
	}
	if b := readFile(t, path); string(b) != "a,b\n" {
		t.Errorf("file now %q, want the old content", b)
	}
	if entries, err := os.ReadDir(dir); err != nil || len(entries) != 1 {
		t.Errorf("%d files in the directory, want only the output", len(entries))
	}
}

// TestDurationDefaultsInHelp: the duration flags that default to a value
// say it in their help (durationVar), as -time-limit and
// -shutdown-timeout once did not.
func TestDurationDefaultsInHelp(t *testing.T) {
	for _, c := range []struct{ cmd, line string }{
		{"schedule", "0: no limit, a fixed search) (default 30s)"},
		{"serve", "put back in the queue, to be re-run (default 30s)"},
	} {
		out, _, _ := runCLI(t, "", c.cmd, "-h")
		if !strings.Contains(out, c.line) {
			t.Errorf("%s -h lacks %q:\n%s", c.cmd, c.line, out)
		}
	}
}
