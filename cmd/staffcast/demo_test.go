package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/staffcast/staffcast/csvio/staffcsv"
)

func TestDemoRejectsIntervals(t *testing.T) {
	for _, iv := range []string{"45m", "60m", "7m"} {
		_, errs, code := runCLI(t, "", "demo", "-interval", iv)
		if code != exitBadUse || !strings.Contains(errs, "-interval") {
			t.Errorf("demo -interval %s: exit %d, %q; want exit 2 naming the flag", iv, code, errs)
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
