package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// runCLI runs the command in-process the way main does and returns stdout,
// stderr and the exit status main would use.
func runCLI(t *testing.T, stdin string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	err := run(context.Background(), args, func(string) string { return "" }, strings.NewReader(stdin), &out, &errb)
	if err != nil {
		return out.String(), errb.String() + err.Error(), exitCode(err)
	}
	return out.String(), errb.String(), 0
}

func TestDispatch(t *testing.T) {
	tests := []struct {
		name     string
		args     []string
		wantCode int
		wantOut  string
	}{
		{"no command", nil, exitBadUse, "Usage: staffcast"},
		{"help", []string{"help"}, 0, "Commands:"},
		{"unknown command", []string{"frobnicate"}, exitBadUse, `unknown command "frobnicate"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, errs, code := runCLI(t, "", tt.args...)
			if code != tt.wantCode {
				t.Errorf("exit %d, want %d (stderr %q)", code, tt.wantCode, errs)
			}
			if !strings.Contains(out+errs, tt.wantOut) {
				t.Errorf("output %q lacks %q", out+errs, tt.wantOut)
			}
		})
	}
}

func TestEveryCommandHasHelp(t *testing.T) {
	for name := range commands() {
		t.Run(name, func(t *testing.T) {
			out, errs, code := runCLI(t, "", name, "-h")
			if code != 0 || !strings.Contains(out, "Usage of staffcast "+name) {
				t.Errorf("%s -h: exit %d, stdout %q, stderr %q", name, code, out, errs)
			}
			if strings.Count(out, "Usage of staffcast") != 1 {
				t.Errorf("%s -h printed its usage %d times", name, strings.Count(out, "Usage of staffcast"))
			}
			out, errs, code = runCLI(t, "", name, "--no-such-flag")
			if code != exitBadUse || !strings.Contains(errs, "no-such-flag") {
				t.Errorf("%s --no-such-flag: exit %d, stderr %q; want exit 2 naming the flag", name, code, errs)
			}
			if out != "" {
				t.Errorf("%s --no-such-flag printed %q on stdout; a bad flag gets only its one-line error", name, out)
			}
		})
	}
}

func TestPanicBecomesError(t *testing.T) {
	cmds := map[string]command{"boom": {summary: "panics", run: func(context.Context, []string, env) error {
		var m map[string]int
		m["x"]++ // a nil-map write: a real runtime panic
		return nil
	}}}
	e := env{getenv: os.Getenv, stdin: strings.NewReader(""), stdout: &bytes.Buffer{}, stderr: &bytes.Buffer{}}
	err := dispatch(context.Background(), []string{"boom"}, e, cmds)
	if err == nil || !strings.Contains(err.Error(), "internal error") {
		t.Fatalf("err = %v, want an internal error", err)
	}
	if exitCode(err) != exitFailure {
		t.Errorf("exit %d, want %d", exitCode(err), exitFailure)
	}
}

// TestBinaryErrorsAreOneLine builds the real binary and checks what a user
// sees on bad input: exit status 2 and one line on stderr, no stack trace.
func TestBinaryErrorsAreOneLine(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "staffcast")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	for _, args := range [][]string{
		{},
		{"nope"},
		{"erlang", "--volume", "-5"},
		{"staff", "--in", filepath.Join(t.TempDir(), "missing.csv")},
	} {
		cmd := exec.Command(bin, args...)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		err := cmd.Run()
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.ExitCode() != exitBadUse {
			t.Errorf("%v: err %v, want exit status 2", args, err)
		}
		msg := strings.TrimRight(stderr.String(), "\n")
		if strings.Count(msg, "\n") != 0 || !strings.HasPrefix(msg, "staffcast: ") || strings.Contains(msg, "goroutine") {
			t.Errorf("%v: stderr %q, want one line starting \"staffcast: \"", args, msg)
		}
	}
}
