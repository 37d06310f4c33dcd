package main

import (
	"bytes"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// salesOnly writes the sales queue of the forecast test history to a file.
func salesOnly(t *testing.T) string { return salesOf(t, fcHistory) }

// salesOf writes the header and the sales rows of a CSV file to a file.
func salesOf(t *testing.T, path string) string {
	t.Helper()
	all, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for i, line := range strings.SplitAfter(string(all), "\n") {
		if i == 0 || strings.Contains(line, ",sales,") {
			b.WriteString(line)
		}
	}
	p := filepath.Join(t.TempDir(), "sales.csv")
	if err := os.WriteFile(p, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// checkChart checks a chart file: a PNG that decodes, or an SVG holding
// each of texts.
func checkChart(t *testing.T, path string, texts ...string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("chart: %v", err)
	}
	if strings.HasSuffix(path, ".png") {
		img, err := png.Decode(bytes.NewReader(b))
		if err != nil || img.Bounds().Dx() < 320 {
			t.Fatalf("chart %s: %v", path, err)
		}
		return
	}
	if !bytes.HasPrefix(b, []byte("<svg ")) {
		t.Fatalf("chart %s: %.80s", path, b)
	}
	for _, s := range texts {
		if !bytes.Contains(b, []byte(s)) {
			t.Errorf("chart %s: no %q", path, s)
		}
	}
}

// TestChartFlag: -chart on forecast, backtest, staff, schedule and
// coverage writes a PNG or SVG by its extension, next to the command's
// usual output.
func TestChartFlag(t *testing.T) {
	dir := t.TempDir()
	sales := salesOnly(t)
	fc := filepath.Join(dir, "fc.csv")
	sched := "testdata/schedule/"
	cases := []struct {
		name  string
		args  []string
		chart string
		texts []string
	}{
		{"forecast", []string{"forecast", "-history", sales, "-tz", "America/New_York", "-out", fc}, "fc.svg",
			[]string{"Forecast: sales", "history (offered)", "95% interval", "time (America/New_York)"}},
		{"forecast png", []string{"forecast", "-history", sales, "-tz", "America/New_York", "-out", filepath.Join(dir, "fc2.csv")}, "fc.png", nil},
		{"backtest", []string{"backtest", "-history", sales, "-tz", "America/New_York", "-origins", "1", "-horizon", "48h"}, "bt.svg",
			[]string{"Forecast accuracy by lead day: sales", "day 2", "snaive"}},
		{"staff", []string{"staff", "-in", salesOf(t, "testdata/erlang/staff_c.csv"), "-sl-target", "0.8", "-sl-time", "20s", "-aht", "180s", "-shrinkage", "0.3", "-out", filepath.Join(dir, "staff.csv")}, "staff.svg",
			[]string{"Staffing: sales", "required with shrinkage", "service level", "target 80%"}},
		{"schedule", []string{"schedule", "-requirements", sched + "requirements.csv", "-templates", sched + "templates.json", "-time-limit", "2s"}, "plan.svg",
			[]string{"Shift plan", "×", "unpaid break"}},
		{"schedule roster", []string{"schedule", "-requirements", sched + "requirements.csv", "-templates", sched + "templates.json", "-time-limit", "2s",
			"-agents", sched + "agents.csv", "-out-dir", filepath.Join(dir, "plan")}, "roster.svg", []string{"Roster", "A01", "agent"}},
		{"coverage", []string{"coverage", "-requirements", sched + "requirements.csv", "-shifts", filepath.Join(dir, "roster_shifts.csv")}, "cov.svg",
			[]string{"Staffing", "on shift in roster_shifts.csv", "shortage"}},
	}
	shifts := "agent_id,date,start,end,breaks\nA01,2026-01-05,08:00,16:00,12:00-12:30\nA02,2026-01-05,10:00,18:00,\n"
	if err := os.WriteFile(filepath.Join(dir, "roster_shifts.csv"), []byte(shifts), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			chart := filepath.Join(dir, c.chart)
			_, errs, code := runCLI(t, "", append(c.args, "-chart", chart)...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errs)
			}
			checkChart(t, chart, c.texts...)
		})
	}
}

// TestChartFlagErrors: a bad -chart is a usage error naming the flag, and
// a failure writes neither the output nor the chart.
func TestChartFlagErrors(t *testing.T) {
	dir := t.TempDir()
	chart := filepath.Join(dir, "c.png")
	for _, c := range []struct {
		name string
		args []string
		want string
	}{
		{"extension", []string{"forecast", "-history", fcHistory, "-chart", filepath.Join(dir, "c.jpg")}, "flag -chart: want a file name ending in .png or .svg"},
		{"no extension", []string{"staff", "-in", "testdata/erlang/staff_c.csv", "-sl-target", "0.8", "-chart", "-"}, "flag -chart"},
		{"two queues", []string{"forecast", "-history", fcHistory, "-tz", "America/New_York", "-out", filepath.Join(dir, "f.csv"), "-chart", chart}, "-chart: the input has 2 queues"},
		{"same file", []string{"forecast", "-history", salesOnly(t), "-tz", "America/New_York", "-out", filepath.Join(dir, "same.png"), "-chart", filepath.Join(dir, "same.png")}, "is also the output file"},
		{"missing directory", []string{"forecast", "-history", salesOnly(t), "-tz", "America/New_York", "-out", filepath.Join(dir, "no", "f.csv"), "-chart", chart}, "does not exist"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, errs, code := runCLI(t, "", c.args...)
			if code != exitBadUse || !strings.Contains(errs, c.want) {
				t.Fatalf("exit %d, stderr %q; want 2 and %q", code, errs, c.want)
			}
			if _, err := os.Stat(chart); err == nil {
				t.Errorf("a failed command left the chart %s", chart)
			}
			if _, err := os.Stat(filepath.Join(dir, "f.csv")); err == nil {
				t.Error("a failed command left its output")
			}
		})
	}
}

// TestDemoCharts: demo -charts draws one chart of each kind (the README's
// images are made by "staffcast demo -charts docs/charts").
func TestDemoCharts(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the whole demo")
	}
	dir := filepath.Join(t.TempDir(), "charts")
	_, errs, code := runCLI(t, "", "demo", "-time-limit", "2s", "-charts", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, name := range []string{"forecast.png", "backtest.png", "staffing.png", "plan.png", "roster.png", "sweep.png", "split.png"} {
		checkChart(t, filepath.Join(dir, name))
	}
}
