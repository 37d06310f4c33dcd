package main

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// nyHistory is planHistory's three weeks written in New York local time
// with its UTC offsets, from Monday 23 February 2026: the clocks go
// forward on 8 March, the 14th day, whose first row is line 2 + 13*12.
func nyHistory(t *testing.T) string {
	ny := newYork(t)
	var b strings.Builder
	b.WriteString("interval_start,queue,channel,offered,handled,aht_seconds\n")
	daily := []int{40, 70, 90, 95, 85, 80, 75, 80, 70, 60, 50, 30}
	for d := range 21 {
		for h, v := range daily {
			at := time.Date(2026, 2, 23+d, 8+h, 0, 0, 0, ny)
			fmt.Fprintf(&b, "%s,retail,voice,%d,%d,300\n", at.Format(time.RFC3339), v, v)
		}
	}
	return b.String()
}

// zeroDayHistory is planHistory with Thursday 19 February all zeros, which
// the forecast warns of.
func zeroDayHistory() string {
	lines := strings.Split(planHistory(), "\n")
	for i, l := range lines {
		if f := strings.Split(l, ","); strings.HasPrefix(l, "2026-02-19") {
			f[3], f[4] = "0", "0"
			lines[i] = strings.Join(f, ",")
		}
	}
	return strings.Join(lines, "\n")
}

// The scenario commands forecast a demand.history as "staffcast forecast"
// does, and print the same warnings: offsets without time_zone, calendar
// rows of a queue the history lacks, the forecast's own.
func TestScenarioHistoryWarnings(t *testing.T) {
	doc := func(extra string) string {
		return strings.Replace(planScenario, `"queue": "retail",`, `"queue": "retail", "interval": "1h", "demand": {"history": "ny.csv"`+extra+`},`, 1)
	}
	dir := scFixture(t, map[string]string{
		"ny.csv":          nyHistory(t),
		"plain.csv":       planHistory(),
		"zero.csv":        zeroDayHistory(),
		"case.csv":        "date,queue,kind,factor,name\n2026-03-17,retial,closed,,\n",
		"templates.json":  scTemplates,
		"ny.json":         doc(""),
		"ny-tz.json":      strings.Replace(doc(""), `"queue": "retail",`, `"queue": "retail", "time_zone": "America/New_York",`, 1),
		"ny-cal.json":     doc(`, "calendar": "case.csv"`),
		"plain.json":      strings.Replace(doc(""), "ny.csv", "plain.csv", 1),
		"zero.json":       strings.Replace(doc(""), "ny.csv", "zero.csv", 1),
		"plain-case.json": strings.Replace(doc(`, "calendar": "case.csv"`), "ny.csv", "plain.csv", 1),
	})
	p := func(n string) string { return filepath.Join(dir, n) }
	plan := func(hist string, extra ...string) []string {
		return append([]string{"plan", "-history", p(hist), "-scenario", p("plain.json"), "-templates", p("templates.json"), "-out-dir", filepath.Join(t.TempDir(), "o")}, extra...)
	}
	const (
		offsets = "warning: line 158 (interval_start): the UTC offset of queue \"retail\" changes from -05:00 (line 2) to -04:00: the file is in a zone with clock changes, but without time_zone its days and times of day are read in UTC (give time_zone America/New_York, or the queue's own zone)"
		zeroDay = "queue retail: warning: 1 open days have zero contacts in every interval, which pulls the forecast down: 2026-02-19"
		caseQ   = `warning: line 2 (queue): queue "retial" is not in the history, so this closed day is ignored (the history's queues: "retail"; names match exactly, case included)`
	)
	for _, c := range []struct {
		name string
		args []string
		want []string // each once on stderr
		not  []string
	}{
		{"plan offsets", plan("ny.csv"), []string{"staffcast plan: " + p("ny.csv") + ": " + offsets}, nil},
		{"plan forecast warning", plan("zero.csv"), []string{"staffcast plan: " + p("zero.csv") + ": " + zeroDay}, nil},
		{"plan calendar queue", plan("plain.csv", "-calendar", p("case.csv")), []string{"staffcast plan: " + p("case.csv") + ": " + caseQ}, []string{"UTC offset"}},
		{"plan clean", plan("plain.csv"), nil, []string{"warning"}},
		{"run offsets", []string{"scenario", "run", "-config", p("ny.json")}, []string{"staffcast scenario run: ny.csv: " + offsets}, nil},
		{"run forecast warning", []string{"scenario", "run", "-config", p("zero.json")}, []string{"staffcast scenario run: zero.csv: " + zeroDay}, nil},
		{"run -json", []string{"scenario", "run", "-config", p("ny.json"), "-json"}, []string{"staffcast scenario run: ny.csv: " + offsets}, nil},
		{"run time_zone given", []string{"scenario", "run", "-config", p("ny-tz.json")}, nil, []string{"UTC offset"}},
		{"run calendar queue", []string{"scenario", "run", "-config", p("plain-case.json")}, []string{"staffcast scenario run: case.csv: " + caseQ}, nil},
		{"sweep", []string{"scenario", "sweep", "-config", p("ny.json"), "-vary", "bot.share=0,0.5", "-json"}, []string{"staffcast scenario sweep: ny.csv: " + offsets}, nil},
		{"optimize", []string{"scenario", "optimize", "-config", p("ny.json"), "-grid", "0:1:0.5"}, []string{"staffcast scenario optimize: ny.csv: " + offsets}, nil},
		{"compare warns once", []string{"scenario", "compare", p("ny.json"), p("ny-cal.json")}, []string{"staffcast scenario compare: ny.csv: " + offsets}, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			out, errs, code := runCLI(t, "", c.args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errs)
			}
			for _, w := range c.want {
				if n := strings.Count(errs, w); n != 1 {
					t.Errorf("stderr has %q %d times, want once; stderr:\n%s", w, n, errs)
				}
			}
			for _, w := range c.not {
				if strings.Contains(errs, w) {
					t.Errorf("stderr has %q:\n%s", w, errs)
				}
			}
			if strings.Contains(out, "warning") {
				t.Errorf("stdout has a warning:\n%s", out)
			}
			if slices.Contains(c.args, "-json") && !json.Valid([]byte(out)) {
				t.Errorf("-json stdout is not JSON:\n%s", out)
			}
		})
	}
}

// plan names a bad -calendar or -history by the flag and the path as
// given, not by the scenario field it sets nor by its absolute path.
func TestPlanFileErrorsNameFlag(t *testing.T) {
	dir := scFixture(t, map[string]string{
		"history.csv":    planHistory(),
		"scenario.json":  planScenario,
		"templates.json": scTemplates,
		"bad-cal.csv":    "date,queue,kind,factor,name\n2026-03-03,,closed,,\n2026-03-0x,,holiday,,\n",
		"bad-hist.csv":   "interval_start,queue,channel,offered\n2026-03-02T08:00:00Z,retail,voice,x\n",
		"bad-tmpl.json":  `{"templates": [{"name": "x"`,
	})
	t.Chdir(dir)
	args := func(hist, tmpl string, extra ...string) []string {
		return append([]string{"plan", "-history", hist, "-scenario", "scenario.json", "-templates", tmpl, "-out-dir", filepath.Join(t.TempDir(), "o")}, extra...)
	}
	for _, c := range []struct {
		name string
		args []string
		want string
	}{
		{"bad calendar", args("history.csv", "templates.json", "-calendar", "bad-cal.csv"), `plan: -calendar: bad-cal.csv: line 3, column 1 (date): `},
		{"missing calendar", args("history.csv", "templates.json", "-calendar", "./none.csv"), `plan: -calendar: ./none.csv: no such file or directory`},
		{"bad history", args("bad-hist.csv", "templates.json"), `plan: -history: bad-hist.csv: line 2, column 4 (offered): `},
		{"missing history", args("../"+filepath.Base(dir)+"/none.csv", "templates.json"), `plan: -history: ../` + filepath.Base(dir) + `/none.csv: no such file or directory`},
		{"bad templates", args("history.csv", "bad-tmpl.json"), `plan: -templates: bad-tmpl.json: `},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, errs, code := runCLI(t, "", c.args...)
			if code != exitBadUse {
				t.Errorf("exit %d, want %d", code, exitBadUse)
			}
			if !strings.HasPrefix(errs, c.want) {
				t.Errorf("error %q, want it to start %q", errs, c.want)
			}
			for _, bad := range []string{"scenario:", "demand.", dir} {
				if strings.Contains(errs, bad) {
					t.Errorf("error %q has %q", errs, bad)
				}
			}
		})
	}
}

// backtest -json lists the UTC-offset warning stderr prints, in its words.
func TestBacktestJSONOffsetsWarning(t *testing.T) {
	dir := scFixture(t, map[string]string{"ny.csv": nyHistory(t)})
	const w = "line 158 (interval_start): the UTC offset of queue \"retail\" changes from -05:00 (line 2) to -04:00: the file is in a zone with clock changes, but without -tz its days and times of day are read in UTC (give -tz America/New_York, or the queue's own zone)"
	for _, c := range []struct {
		name string
		tz   []string
		want bool
	}{
		{"no -tz", nil, true},
		{"-tz given", []string{"-tz", "America/New_York"}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			out, errs, code := runCLI(t, "", append([]string{"backtest", "-history", filepath.Join(dir, "ny.csv"), "-interval", "1h", "-origins", "1", "-horizon", "24h", "-json"}, c.tz...)...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errs)
			}
			var reps []struct {
				Warnings []string `json:"warnings"`
			}
			if err := json.Unmarshal([]byte(out), &reps); err != nil || len(reps) != 1 {
				t.Fatalf("%v, %d reports: %s", err, len(reps), out)
			}
			if got := slices.Contains(reps[0].Warnings, w); got != c.want {
				t.Errorf("warnings %q: has the offsets warning %v, want %v", reps[0].Warnings, got, c.want)
			}
			if got := strings.Contains(errs, "warning: "+w); got != c.want {
				t.Errorf("stderr %q: has the offsets warning %v, want %v", errs, got, c.want)
			}
		})
	}
}
