package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestEveryCommandInterrupted: with its context cancelled (Ctrl-C), every
// command exits 130, prints nothing to standard output and writes no file.
func TestEveryCommandInterrupted(t *testing.T) {
	dir := t.TempDir()
	out := func(name string) string { return filepath.Join(dir, name) }
	workload := writeTemp(t, "w.csv", staffInput)
	scDir := scFixture(t, map[string]string{"base.json": scDoc("base", "0.4")})
	_, planArgs := planFixture(t)
	tests := []struct {
		name string
		args []string
		file string // the output file that must not appear; "" for none
	}{
		{"erlang", []string{"erlang", "-volume", "100", "-interval", "30m", "-aht", "180s", "-sl-target", "0.8"}, ""},
		{"staff", []string{"staff", "-in", workload, "-aht", "180s", "-sl-target", "0.8", "-out", out("staff.csv")}, out("staff.csv")},
		{"forecast", []string{"forecast", "-history", "testdata/forecast/history.csv", "-out", out("fc.csv")}, out("fc.csv")},
		{"backtest", []string{"backtest", "-history", "testdata/forecast/history.csv", "-origins", "1"}, ""},
		{"schedule", []string{"schedule", "-requirements", schedReq, "-templates", schedTmpls, "-agents", "testdata/schedule/agents.csv", "-out-dir", out("plan")}, out("plan")},
		{"coverage", []string{"coverage", "-requirements", schedReq, "-shifts", writeTemp(t, "s.csv", covShifts), "-out", out("cov.csv")}, out("cov.csv")},
		{"demo", []string{"demo"}, ""},
		{"scenario", []string{"scenario", "run", "-config", filepath.Join(scDir, "base.json"), "-out-dir", out("scenario")}, out("scenario")},
		{"plan", planArgs("-out-dir", out("planned")), out("planned")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(t.Context())
			cancel()
			var stdout bytes.Buffer
			err := run(ctx, tt.args, func(string) string { return "" }, strings.NewReader(""), &stdout, io.Discard)
			if exitCode(err) != exitInterrupted {
				t.Errorf("err %v: exit %d, want %d", err, exitCode(err), exitInterrupted)
			}
			if stdout.Len() != 0 {
				t.Errorf("stdout %q after an interrupt, want nothing", stdout.String())
			}
			if tt.file != "" {
				if _, err := os.Stat(tt.file); !errors.Is(err, os.ErrNotExist) {
					t.Errorf("%s written after an interrupt (%v)", tt.file, err)
				}
			}
		})
	}
}

// TestWriteOutputAfterInterrupt: an interrupt that comes after the work
// and before the write still writes nothing.
func TestWriteOutputAfterInterrupt(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	path := filepath.Join(t.TempDir(), "out.csv")
	var stdout bytes.Buffer
	e := env{stdout: &stdout, ctx: ctx}
	for _, p := range []string{path, "-"} {
		err := writeOutput(p, e, func(w io.Writer) error { _, err := io.WriteString(w, "x\n"); return err })
		if !errors.Is(err, context.Canceled) {
			t.Errorf("%s: err %v, want context.Canceled", p, err)
		}
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) || stdout.Len() != 0 {
		t.Errorf("wrote after an interrupt: stat %v, stdout %q", err, stdout.String())
	}
}
