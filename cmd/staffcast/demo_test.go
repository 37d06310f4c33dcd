package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/staffcast/staffcast/csvio/staffcsv"
	"github.com/staffcast/staffcast/demo"
)

func TestDemoRejectsIntervals(t *testing.T) {
	for _, iv := range []string{"45m", "60m", "7m"} {
		_, errs, code := runCLI(t, "", "demo", "-interval", iv)
		if code != exitBadUse || !strings.Contains(errs, "-interval") {
			t.Errorf("demo -interval %s: exit %d, %q; want exit 2 naming the flag", iv, code, errs)
		}
	}
}

// TestDemoDefaults checks that the flags default to demo.DefaultConfig and
// that the help says so: the command's limit once stayed 20 s after the
// demo's went to 5 s, while its help said 5 s.
func TestDemoDefaults(t *testing.T) {
	var errb bytes.Buffer
	e := env{getenv: func(string) string { return "" }, stdout: io.Discard, stderr: &errb}
	cfg, dirs, err := parseDemo(nil, e)
	if err != nil {
		t.Fatal(err)
	}
	if want := demo.DefaultConfig(1); !reflect.DeepEqual(cfg, want) {
		t.Errorf("demo without flags runs %+v, want demo.DefaultConfig(1) %+v", cfg, want)
	}
	if dirs != (demoDirs{}) {
		t.Errorf("demo without flags writes to %+v", dirs)
	}
	out, _, _ := runCLI(t, "", "demo", "-h")
	for _, want := range []string{"(default 5s)", "(default 30m)"} {
		if !strings.Contains(out, want) {
			t.Errorf("demo -h lacks %q:\n%s", want, out)
		}
	}
}

func TestDemoPrintsEverySection(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the whole pipeline")
	}
	out, errs, code := runCLI(t, "", "demo", "-seed", "18446744073709551615", "-time-limit", "5s")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{"History", "Forecast accuracy", "auto", "Staffing", "Shift plan", "lower bound", "Roster"} {
		if !strings.Contains(out, want) {
			t.Errorf("demo output lacks %q", want)
		}
	}
}

func TestDemoOutDirWritesHistoryAndForecast(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the whole pipeline")
	}
	dir := t.TempDir()
	if _, errs, code := runCLI(t, "", "demo", "-time-limit", "1s", "-out-dir", dir); code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	// The files are what "forecast -history" reads and writes.
	data, err := os.ReadFile(filepath.Join(dir, "forecast.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := staffcsv.Read(bytes.NewReader(data), staffcsv.Options{}); err != nil {
		t.Errorf("forecast.csv: %v", err)
	}
	if _, errs, code := runCLI(t, "", "forecast", "-history", filepath.Join(dir, "history.csv"), "-out", filepath.Join(dir, "again.csv")); code != 0 {
		t.Errorf("forecast from the demo's history.csv: exit %d: %s", code, errs)
	}
}
