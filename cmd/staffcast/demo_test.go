package main

import (
	"strings"
	"testing"
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
