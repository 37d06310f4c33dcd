package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestOutputTargets writes "-out" over every kind of thing a path can name
// (issue 7: the old rename replaced devices, symlinks, FIFOs, hard links,
// modes and read-only files).
func TestOutputTargets(t *testing.T) {
	const body = "interval_start,required\n"
	fill := func(w io.Writer) error { _, err := io.WriteString(w, body); return err }
	e, _ := testEnv(nil)
	for _, c := range []struct {
		name  string
		setup func(t *testing.T, dir string) (path string, check func(t *testing.T))
		want  string // error text; "" for success
		code  int
	}{
		{"new file is 0644", func(t *testing.T, dir string) (string, func(*testing.T)) {
			p := filepath.Join(dir, "new.csv")
			return p, func(t *testing.T) { wantFile(t, p, body, 0o644) }
		}, "", 0},
		{"existing 0600 file keeps its mode", func(t *testing.T, dir string) (string, func(*testing.T)) {
			p := filepath.Join(dir, "private.csv")
			mustWrite(t, p, "old", 0o600)
			return p, func(t *testing.T) { wantFile(t, p, body, 0o600) }
		}, "", 0},
		{"symlink: its target is written, the link stays", func(t *testing.T, dir string) (string, func(*testing.T)) {
			target := filepath.Join(dir, "target.csv")
			mustWrite(t, target, "old", 0o640)
			link := filepath.Join(dir, "link.csv")
			must(t, os.Symlink(target, link))
			return link, func(t *testing.T) {
				wantFile(t, target, body, 0o640)
				if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
					t.Errorf("link replaced: %v %v", fi, err)
				}
			}
		}, "", 0},
		{"hard link keeps its link", func(t *testing.T, dir string) (string, func(*testing.T)) {
			a, b := filepath.Join(dir, "a.csv"), filepath.Join(dir, "b.csv")
			mustWrite(t, a, "old", 0o644)
			must(t, os.Link(a, b))
			return a, func(t *testing.T) { wantFile(t, a, body, 0o644); wantFile(t, b, body, 0o644) }
		}, "", 0},
		{"FIFO is written through", func(t *testing.T, dir string) (string, func(*testing.T)) {
			p := filepath.Join(dir, "fifo")
			must(t, syscall.Mkfifo(p, 0o600))
			got := make(chan string, 1)
			go func() {
				f, err := os.Open(p) // blocks until the writer opens it
				if err != nil {
					got <- err.Error()
					return
				}
				b, _ := io.ReadAll(f) // the comparison below fails on a short read
				f.Close()
				got <- string(b)
			}()
			return p, func(t *testing.T) {
				if s := <-got; s != body {
					t.Errorf("FIFO reader got %q", s)
				}
				if fi, err := os.Lstat(p); err != nil || fi.Mode()&os.ModeNamedPipe == 0 {
					t.Errorf("FIFO replaced: %v %v", fi, err)
				}
			}
		}, "", 0},
		{"symlink to /dev/null is written through", func(t *testing.T, dir string) (string, func(*testing.T)) {
			p := filepath.Join(dir, "null")
			must(t, os.Symlink(os.DevNull, p))
			return p, func(t *testing.T) {
				if fi, err := os.Stat(os.DevNull); err != nil || fi.Mode()&os.ModeCharDevice == 0 {
					t.Fatalf("%s is no longer a character device: %v %v", os.DevNull, fi, err)
				}
			}
		}, "", 0},
		{"read-only file is refused", func(t *testing.T, dir string) (string, func(*testing.T)) {
			p := filepath.Join(dir, "ro.csv")
			mustWrite(t, p, "old", 0o444)
			return p, func(t *testing.T) { wantFile(t, p, "old", 0o444) }
		}, "read-only", exitBadUse},
		{"missing directory is named", func(t *testing.T, dir string) (string, func(*testing.T)) {
			return filepath.Join(dir, "nope", "x.csv"), func(*testing.T) {}
		}, "nope does not exist", exitBadUse},
		{"directory is refused", func(t *testing.T, dir string) (string, func(*testing.T)) {
			return dir, func(*testing.T) {}
		}, "is a directory", exitBadUse},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			path, check := c.setup(t, dir)
			err := writeOutput(path, e, fill)
			switch {
			case c.want == "" && err != nil:
				t.Fatalf("err %v", err)
			case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want) || exitCode(err) != c.code):
				t.Fatalf("err %v (exit %d), want %q exit %d", err, exitCode(err), c.want, c.code)
			case err != nil && strings.Contains(err.Error(), ".tmp"):
				t.Errorf("error names a temporary file: %v", err)
			}
			check(t)
			entries, err := os.ReadDir(dir)
			if err != nil {
				t.Fatal(err)
			}
			for _, en := range entries {
				if strings.Contains(en.Name(), ".tmp") {
					t.Errorf("temporary file left behind: %s", en.Name())
				}
			}
		})
	}
}

// failingWriter fails every write, like a full disk or a closed pipe.
type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

// TestStdoutWriteErrors: a failed write to standard output is an error for
// every command (backtest, schedule and demo used to exit 0).
func TestStdoutWriteErrors(t *testing.T) {
	for _, c := range []struct {
		name string
		args []string
	}{
		{"erlang", []string{"erlang", "-volume", "100", "-interval", "30m", "-aht", "180s", "-agents", "14"}},
		{"schedule", []string{"schedule", "-requirements", schedReq, "-templates", schedTmpls, "-time-limit", "2s"}},
		{"backtest", []string{"backtest", "-history", "testdata/forecast/history.csv", "-origins", "1"}},
		{"demo", []string{"demo", "-time-limit", "1s"}},
		{"help", []string{"help"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := run(t.Context(), c.args, func(string) string { return "" }, strings.NewReader(""), failingWriter{}, io.Discard)
			if err == nil || !strings.Contains(err.Error(), "disk full") || exitCode(err) == 0 {
				t.Errorf("err %v (exit %d), want the write error", err, exitCode(err))
			}
		})
	}
}

// TestScheduleOutDirAllOrNothing: a schedule that fails after planning (on
// the agents file, a rule) leaves -out-dir as it found it.
func TestScheduleOutDirAllOrNothing(t *testing.T) {
	badAgents := writeTemp(t, "agents.csv", "agent_id,name\nA,\nA,\n")
	for _, c := range []struct {
		name string
		args []string
	}{
		{"bad agents file", []string{"-agents", badAgents}},
		{"missing agents file", []string{"-agents", filepath.Join(t.TempDir(), "missing.csv")}},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "out")
			args := append([]string{"schedule", "-requirements", schedReq, "-templates", schedTmpls, "-time-limit", "2s", "-out-dir", dir}, c.args...)
			_, errs, code := runCLI(t, "", args...)
			if code != exitBadUse {
				t.Fatalf("exit %d (%s), want 2", code, errs)
			}
			if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("-out-dir %s exists after a failure (%v)", dir, err)
			}
		})
	}
}

// TestInterrupted: a cancelled context (Ctrl-C) makes the command exit 130
// with nothing on stdout and no file written, even though the search
// returns its best plan so far.
func TestInterrupted(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	dir := filepath.Join(t.TempDir(), "out")
	var out bytes.Buffer
	err := run(ctx, []string{"schedule", "-requirements", schedReq, "-templates", schedTmpls, "-out-dir", dir}, func(string) string { return "" }, strings.NewReader(""), &out, io.Discard)
	if exitCode(err) != exitInterrupted {
		t.Errorf("err %v: exit %d, want %d", err, exitCode(err), exitInterrupted)
	}
	if out.Len() != 0 {
		t.Errorf("stdout %q after an interrupt, want nothing", out.String())
	}
	if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("-out-dir written after an interrupt (%v)", err)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func mustWrite(t *testing.T, path, s string, mode os.FileMode) {
	t.Helper()
	must(t, os.WriteFile(path, []byte(s), mode))
	must(t, os.Chmod(path, mode)) // whatever the umask
}

func wantFile(t *testing.T, path, body string, mode os.FileMode) {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if b := readFile(t, path); string(b) != body {
		t.Errorf("%s holds %q, want %q", path, b, body)
	}
	if fi.Mode().Perm() != mode {
		t.Errorf("%s mode %v, want %v", path, fi.Mode().Perm(), mode)
	}
}
