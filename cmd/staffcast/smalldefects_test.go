package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/staffcast/staffcast/scheduler"
)

// TestSmallCLIDefects: an -out-dir that cannot be a directory is refused
// before any work, naming the flag; -chat-aht errors name the flag; two
// standard inputs are refused as coverage refuses them; a gap that rounds
// to zero prints without a minus sign.
func TestSmallCLIDefects(t *testing.T) {
	dir := t.TempDir()
	afile := filepath.Join(dir, "afile")
	if err := os.WriteFile(afile, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		args []string
		want string
	}{
		{"schedule -out-dir a file", []string{"schedule", "-requirements", schedReq, "-templates", schedTmpls, "-out-dir", afile}, "-out-dir: " + afile + " exists and is not a directory"},
		{"schedule -out-dir below a file", []string{"schedule", "-requirements", schedReq, "-templates", schedTmpls, "-out-dir", filepath.Join(afile, "sub")}, "-out-dir: cannot create " + filepath.Join(afile, "sub") + ": " + afile + " is not a directory"},
		{"demo -out-dir a file", []string{"demo", "-out-dir", afile}, "-out-dir: " + afile + " exists and is not a directory"},
		{"demo -charts a file", []string{"demo", "-charts", afile}, "-charts: " + afile + " exists and is not a directory"},
		{"erlang -chat-aht falling", []string{"erlang", "-volume", "100", "-interval", "30m", "-chat-aht", "400s,300s", "-sl-target", "0.8"},
			`invalid value "400s,300s" for flag -chat-aht: invalid chat concurrency: handle times must not fall as concurrency rises`},
		{"schedule with two standard inputs", []string{"schedule", "-requirements", "-", "-templates", "-"}, "only one of -requirements and -templates can be standard input"},
	} {
		t.Run(c.name, func(t *testing.T) {
			out, errs, code := runCLI(t, "", c.args...)
			if code != exitBadUse || !strings.Contains(errs, c.want) || out != "" {
				t.Errorf("exit %d, stdout %q, stderr %q; want 2 and %q", code, out, errs, c.want)
			}
		})
	}
	if fi, err := os.Stat(afile); err != nil || !fi.Mode().IsRegular() {
		t.Errorf("afile was touched: %v %v", fi, err)
	}
	// the probe leaves nothing behind in a writable directory
	sub := filepath.Join(dir, "new", "deeper")
	if err := checkOutDir("out-dir", sub); err != nil {
		t.Errorf("a directory that can be created: %v", err)
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 1 {
		t.Errorf("the check left files behind: %v", ents)
	}

	var b bytes.Buffer
	req := scheduler.Requirements{Start: time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC), Interval: 30 * time.Minute, Required: make([]float64, 48)}
	schedWriteText(&b, req, scheduler.Plan{Cost: scheduler.Cost{Objective: 100}, LowerBound: 100.0000000001, Gap: -1e-12})
	if s := b.String(); !strings.Contains(s, "gap 0.00% of the objective") {
		t.Errorf("gap printed as %q", s)
	}
}
