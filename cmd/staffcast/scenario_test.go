package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/staffcast/staffcast/csvio/schedio"
	"github.com/staffcast/staffcast/demo"
	"github.com/staffcast/staffcast/scenario"
)

// scForecast is one Monday of hourly forecast, open 08:00-20:00, as
// "staffcast forecast" writes it; the night is absent.
func scForecast() string {
	var b strings.Builder
	b.WriteString("interval_start,queue,volume,lower80,upper80,lower95,upper95,aht_seconds,method\n")
	vols := []float64{40, 70, 90, 95, 85, 80, 75, 80, 70, 60, 50, 30}
	for h, v := range vols {
		fmt.Fprintf(&b, "2026-03-02T%02d:00:00Z,retail,%.2f,%.2f,%.2f,%.2f,%.2f,300.0,snaive\n", 8+h, v, v*0.9, v*1.1, v*0.8, v*1.2)
	}
	return b.String()
}

// scDoc is a scenario on scForecast's file with the bot share given.
func scDoc(name string, share string) string {
	return `{"name": "` + name + `", "queue": "retail", "demand": {"forecast": "forecast.csv"},
 "promise": {"sl_target": 0.8, "sl_time": "30s", "max_abandon": 0.05}, "shrinkage": 0.3,
 "humans": {"patience": "120s", "hourly_cost": 30, "hours": "08:00-20:00"},
 "bot": {"share": ` + share + `, "escalation": 0.3, "false_containment": 0.1, "return_share": 0.5, "return_lag": "2h",
         "escalated_aht": "360s", "escalated_patience": "45s", "cost_per_session": 0.5},
 "lost_contact_cost": 8}`
}

// scTemplates are shift templates for scForecast's hourly grid.
const scTemplates = `{"interval": "1h", "weights": {"shortage": 1, "excess": 0.25, "paid_hour": 10},
 "templates": [{"name": "day", "start_earliest": "07:00", "start_latest": "12:00", "length_min": "8h", "length_max": "8h"},
               {"name": "part", "start_earliest": "08:00", "start_latest": "16:00", "length_min": "4h", "length_max": "4h"}]}`

// scFixture writes files (name -> body) into a new directory and returns
// it; forecast.csv is scForecast unless given.
func scFixture(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	if _, ok := files["forecast.csv"]; !ok {
		files["forecast.csv"] = scForecast()
	}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestScenarioRunGolden(t *testing.T) {
	dir := scFixture(t, map[string]string{"base.json": scDoc("base", "0.4")})
	cfg := filepath.Join(dir, "base.json")
	out, errs, code := runCLI(t, "", "scenario", "run", "-config", cfg)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	golden(t, "scenario/run.txt", []byte(out))
	js, errs, code := runCLI(t, "", "scenario", "run", "-config", cfg, "-json")
	if code != 0 {
		t.Fatalf("-json: exit %d: %s", code, errs)
	}
	golden(t, "scenario/run.json", []byte(js))
	var res struct {
		Totals map[string]any `json:"totals"`
	}
	if err := json.Unmarshal([]byte(js), &res); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"human_contacts", "bot_sessions", "paid_hours", "service_level", "abandon_rate", "cost_humans", "cost_bot", "cost_lost", "cost",
		"reached_human_share", "naive_paid_hours", "funnel_extra_paid_hours", "funnel_extra_percent"} {
		if _, ok := res.Totals[k]; !ok {
			t.Errorf("-json totals lack %q", k)
		}
	}
	for _, want := range []string{"Cost", "humans", "bot", "lost", "naive cut", "Promise", "reached a human", "08:00", "19:00"} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q:\n%s", want, out)
		}
	}
}

func TestScenarioRunOutDir(t *testing.T) {
	dir := scFixture(t, map[string]string{
		"base.json":      strings.Replace(scDoc("base", "0.4"), `"lost_contact_cost": 8`, `"lost_contact_cost": 8, "templates": "templates.json"`, 1),
		"templates.json": scTemplates,
	})
	out := filepath.Join(t.TempDir(), "new", "dir")
	stdout, errs, code := runCLI(t, "", "scenario", "run", "-config", filepath.Join(dir, "base.json"), "-out-dir", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	// A shift plan pays more than the requirement, and the funnel's cost
	// is a difference of requirements: the line shows both, and its
	// difference is that of the figures shown.
	m := regexp.MustCompile(`Paid hours\s+[\d,]+ as planned in shifts, ([\d,]+) required; .* pays ([\d,]+): the funnel costs ([+-][\d,]+) h`).FindStringSubmatch(stdout)
	if m == nil {
		t.Fatalf("no paid hours line with the plan's and the required hours:\n%s", stdout)
	}
	num := func(s string) int { n, _ := strconv.Atoi(strings.NewReplacer(",", "", "+", "").Replace(s)); return n }
	if num(m[1])-num(m[2]) != num(m[3]) {
		t.Errorf("required %s less the naive cut's %s is not the funnel's %s", m[1], m[2], m[3])
	}
	iv, err := os.ReadFile(filepath.Join(out, "intervals.csv"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(iv)), "\n")
	if want := "queue," + strings.Join(intervalColumns, ","); lines[0] != want {
		t.Errorf("intervals.csv header %q, want %q", lines[0], want)
	}
	if len(lines) != 1+12 {
		t.Errorf("intervals.csv has %d rows, want 12", len(lines)-1)
	}
	// Every interval field of the JSON is a column.
	var fields map[string]any
	b, _ := json.Marshal(scenario.IntervalResult{})
	if err := json.Unmarshal(b, &fields); err != nil {
		t.Fatal(err)
	}
	for k := range fields {
		if !strings.Contains(","+strings.Join(intervalColumns, ",")+",", ","+k+",") {
			t.Errorf("intervals.csv lacks the interval field %q", k)
		}
	}
	var tot struct {
		Totals *scenario.Totals `json:"totals"`
	}
	if b, err := os.ReadFile(filepath.Join(out, "totals.json")); err != nil || json.Unmarshal(b, &tot) != nil || tot.Totals == nil || tot.Totals.Intervals != 12 {
		t.Errorf("totals.json: %v, %+v", err, tot.Totals)
	}
	plan, err := os.ReadFile(filepath.Join(out, "plan.csv"))
	if err != nil || !strings.HasPrefix(string(plan), "date,weekday,start,end") || strings.Count(string(plan), "\n") < 2 {
		t.Errorf("plan.csv: %v\n%s", err, plan)
	}
	if _, err := os.Stat(filepath.Join(out, "coverage.csv")); err != nil {
		t.Error(err)
	}
}

func TestScenarioErrors(t *testing.T) {
	dir := scFixture(t, map[string]string{
		"base.json":       scDoc("base", "0.4"),
		"escalation.json": strings.Replace(scDoc("x", "0.4"), `"escalation": 0.3`, `"escalation": 1.3`, 1),
		"unknown.json":    strings.Replace(scDoc("x", "0.4"), `"shrinkage"`, `"shrinkrage"`, 1),
		"nofile.json":     strings.Replace(scDoc("x", "0.4"), `forecast.csv`, `missing.csv`, 1),
		"stored.json":     strings.Replace(scDoc("x", "0.4"), `"forecast": "forecast.csv"`, `"forecast_id": 7`, 1),
		"badline.json":    strings.Replace(scDoc("x", "0.4"), `forecast.csv`, `bad.csv`, 1),
		"bad.csv":         "interval_start,queue,volume,aht_seconds\n2026-03-02T08:00:00Z,retail,10,300\n2026-03-02T09:00:00Z,retail,-4,300\n",
		"tmpl.json":       strings.Replace(scDoc("x", "0.4"), `"lost_contact_cost": 8`, `"lost_contact_cost": 8, "templates": "nope.json"`, 1),
	})
	cfg := func(name string) string { return filepath.Join(dir, name) }
	tests := []struct {
		name string
		args []string
		want []string
	}{
		{"no subcommand", []string{"scenario"}, []string{"run, sweep, optimize or compare"}},
		{"unknown subcommand", []string{"scenario", "walk"}, []string{`"walk"`}},
		{"no config", []string{"scenario", "run"}, []string{"-config"}},
		{"missing config file", []string{"scenario", "run", "-config", cfg("absent.json")}, []string{"absent.json"}},
		{"rate out of range", []string{"scenario", "run", "-config", cfg("escalation.json")}, []string{"escalation.json", "bot.escalation", "1.3"}},
		{"unknown field", []string{"scenario", "run", "-config", cfg("unknown.json")}, []string{"shrinkrage"}},
		{"missing demand file", []string{"scenario", "run", "-config", cfg("nofile.json")}, []string{"demand.forecast", "missing.csv"}},
		{"stored forecast refused", []string{"scenario", "run", "-config", cfg("stored.json")}, []string{"demand.forecast_id"}},
		{"bad forecast line", []string{"scenario", "run", "-config", cfg("badline.json")}, []string{"demand.forecast", "bad.csv", "line 3"}},
		{"missing templates file", []string{"scenario", "run", "-config", cfg("tmpl.json")}, []string{"templates", "nope.json"}},
		{"no vary", []string{"scenario", "sweep", "-config", cfg("base.json")}, []string{"-vary"}},
		{"bad vary spec", []string{"scenario", "sweep", "-config", cfg("base.json"), "-vary", "bot.share=0:x:0.1"}, []string{"-vary", "bot.share=0:x:0.1"}},
		{"vary unknown path", []string{"scenario", "sweep", "-config", cfg("base.json"), "-vary", "bot.colour=1,2"}, []string{"-vary", "bot.colour"}},
		{"bad grid", []string{"scenario", "optimize", "-config", cfg("base.json"), "-grid", "0:2:0.5"}, []string{"-grid", "outside [0, 1]"}},
		{"sweep chart of two settings", []string{"scenario", "sweep", "-config", cfg("base.json"), "-vary", "bot.share=0,1", "-vary", "shrinkage=0.2,0.3", "-chart", cfg("s.png")}, []string{"-chart", "one varied setting"}},
		{"sweep chart extension", []string{"scenario", "sweep", "-config", cfg("base.json"), "-vary", "bot.share=0,1", "-chart", cfg("s.gif")}, []string{"-chart", ".png or .svg"}},
		{"compare one file", []string{"scenario", "compare", cfg("base.json")}, []string{"at least two"}},
		{"compare bad second", []string{"scenario", "compare", cfg("base.json"), cfg("nofile.json")}, []string{"nofile", "demand.forecast", "missing.csv"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { wantBadUse(t, tt.args, tt.want...) })
	}
}

// wantBadUse runs args and checks that they fail with exit status 2, an
// error holding every string of want, and nothing on standard output.
func wantBadUse(t *testing.T, args []string, want ...string) {
	t.Helper()
	out, errs, code := runCLI(t, "", args...)
	if code != exitBadUse {
		t.Errorf("exit %d, want %d: %s", code, exitBadUse, errs)
	}
	for _, w := range want {
		if !strings.Contains(errs, w) {
			t.Errorf("error %q lacks %q", errs, w)
		}
	}
	if out != "" {
		t.Errorf("printed %q on failure", out)
	}
}

func TestScenarioRunOutDirNothingOnFailure(t *testing.T) {
	dir := scFixture(t, map[string]string{"bad.json": strings.Replace(scDoc("x", "0.4"), `forecast.csv`, `missing.csv`, 1)})
	out := filepath.Join(t.TempDir(), "out")
	if _, _, code := runCLI(t, "", "scenario", "run", "-config", filepath.Join(dir, "bad.json"), "-out-dir", out); code == 0 {
		t.Fatal("succeeded")
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("-out-dir created on failure: %v", err)
	}
}

func TestScenarioSweep(t *testing.T) {
	dir := scFixture(t, map[string]string{"base.json": scDoc("base", "0.4")})
	cfg := filepath.Join(dir, "base.json")
	js, errs, code := runCLI(t, "", "scenario", "sweep", "-config", cfg, "-vary", "bot.share=0:0.8:0.2", "-vary", "bot.escalation=0.2,0.4", "-json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var res scenario.SweepResult
	if err := json.Unmarshal([]byte(js), &res); err != nil {
		t.Fatal(err)
	}
	if len(res.Points) != 10 || !reflect.DeepEqual(res.Vary, []string{"bot.share", "bot.escalation"}) {
		t.Fatalf("%d points varying %v; want 10 over bot.share, bot.escalation", len(res.Points), res.Vary)
	}
	// The cheapest point is the cheapest that keeps the promise.
	var best *scenario.SweepPoint
	for i, p := range res.Points {
		if p.Totals.KeptPromise && (best == nil || p.Totals.Cost < best.Totals.Cost) {
			best = &res.Points[i]
		}
	}
	if (best == nil) != (res.Cheapest == nil) || (best != nil && best.Totals.Cost != res.Cheapest.Totals.Cost) {
		t.Errorf("cheapest %+v, brute force %+v", res.Cheapest, best)
	}
	out, errs, code := runCLI(t, "", "scenario", "sweep", "-config", cfg, "-vary", "bot.share=0:0.8:0.2")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{"bot.share", "Cheapest point keeping the promise", "Break-even", "0.6"} {
		if !strings.Contains(out, want) {
			t.Errorf("sweep table lacks %q:\n%s", want, out)
		}
	}
	chart := filepath.Join(t.TempDir(), "sweep.svg")
	if _, errs, code := runCLI(t, "", "scenario", "sweep", "-config", cfg, "-vary", "bot.share=0:0.8:0.2", "-chart", chart); code != 0 {
		t.Fatalf("sweep -chart: exit %d: %s", code, errs)
	}
	checkChart(t, chart, "Scenario sweep: base", "bot share (%)", "paid hours (h)", "service level", "lost contacts")
}

func TestScenarioOptimize(t *testing.T) {
	dir := scFixture(t, map[string]string{"base.json": scDoc("base", "0.4")})
	cfg := filepath.Join(dir, "base.json")
	js, errs, code := runCLI(t, "", "scenario", "optimize", "-config", cfg, "-grid", "0:1:0.25", "-json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var res scenario.OptimizeResult
	if err := json.Unmarshal([]byte(js), &res); err != nil {
		t.Fatal(err)
	}
	if len(res.Queues) != 1 || !reflect.DeepEqual(res.Grid, []float64{0, 0.25, 0.5, 0.75, 1}) || res.Saving < 0 {
		t.Errorf("optimize: %d queues, grid %v, saving %v", len(res.Queues), res.Grid, res.Saving)
	}
	out, errs, code := runCLI(t, "", "scenario", "optimize", "-config", cfg, "-grid", "0:1:0.25")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{"00:00", "23:00", "Best single share", "Saving", "grid 0:1:0.25"} {
		if !strings.Contains(out, want) {
			t.Errorf("optimize table lacks %q:\n%s", want, out)
		}
	}
	chart := filepath.Join(t.TempDir(), "split.svg")
	if _, errs, code := runCLI(t, "", "scenario", "optimize", "-config", cfg, "-grid", "0:1:0.25", "-chart", chart); code != 0 {
		t.Fatalf("optimize -chart: exit %d: %s", code, errs)
	}
	checkChart(t, chart, "retail")
}

func TestScenarioCompareOrder(t *testing.T) {
	dir := scFixture(t, map[string]string{"human.json": scDoc("human", "0"), "bot.json": scDoc("bot", "0.8"), "half.json": strings.Replace(scDoc("", "0.5"), `"name": "",`, "", 1)})
	p := func(n string) string { return filepath.Join(dir, n) }
	for _, order := range [][]string{{"human", "bot", "half"}, {"bot", "half", "human"}} {
		args := []string{"scenario", "compare"}
		for _, n := range order {
			args = append(args, p(n+".json"))
		}
		js, errs, code := runCLI(t, "", append(args, "-json")...)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errs)
		}
		var cmp scenario.Comparison
		if err := json.Unmarshal([]byte(js), &cmp); err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, s := range cmp.Scenarios {
			names = append(names, s.Name)
		}
		if !reflect.DeepEqual(names, order) {
			t.Errorf("compare %v: scenarios %v", order, names)
		}
		if d := cmp.Scenarios[0].Delta; d.Cost != 0 {
			t.Errorf("the baseline's delta is %v", d.Cost)
		}
		c := cmp.Scenarios
		if got, want := c[1].Delta.Cost, c[1].Totals.Cost-c[0].Totals.Cost; abs(got-want) > 1e-6 {
			t.Errorf("delta cost %v, want %v", got, want)
		}
		out, errs, code := runCLI(t, "", args...)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errs)
		}
		if !strings.Contains(out, order[0]+" (baseline)") || strings.Index(out, order[1]) > strings.Index(out, order[2]) {
			t.Errorf("table columns not in order %v:\n%s", order, out)
		}
	}
	// Flags may follow the files.
	if _, errs, code := runCLI(t, "", "scenario", "compare", p("human.json"), "-json", p("bot.json")); code != 0 {
		t.Errorf("flag between files: exit %d: %s", code, errs)
	}
}

func abs(v float64) float64 {
	if v < 0 {
		return -v
	}
	return v
}

// TestExampleTemplatesAreTheDemos keeps examples/templates.json in step
// with the demo's shift templates and weights.
func TestExampleTemplatesAreTheDemos(t *testing.T) {
	f, err := os.Open(filepath.Join("..", "..", "examples", "templates.json"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	tf, err := schedio.ReadTemplates(f)
	if err != nil {
		t.Fatal(err)
	}
	if tf.Interval != 30*time.Minute || !tf.Cyclic || tf.Weights != demo.Weights() {
		t.Errorf("interval %v, cyclic %v, weights %+v; want 30m, cyclic, %+v", tf.Interval, tf.Cyclic, tf.Weights, demo.Weights())
	}
	want := demo.Templates()
	for i := range want {
		if want[i].StartStep == 0 {
			want[i].StartStep = tf.Templates[i].StartStep
		}
	}
	if !reflect.DeepEqual(tf.Templates, want) {
		t.Errorf("templates\n%+v\nwant the demo's\n%+v", tf.Templates, want)
	}
}

// TestExampleScenarios runs the README's scenarios on the demo's data.
func TestExampleScenarios(t *testing.T) {
	examples := filepath.Join("..", "..", "examples", "scenarios")
	names, err := filepath.Glob(filepath.Join(examples, "*.json"))
	if err != nil || len(names) < 3 {
		t.Fatalf("examples: %v, %v", names, err)
	}
	for _, n := range names {
		b, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := scenario.Parse(b); err != nil {
			t.Errorf("%s: %v", n, err)
		}
	}
	if testing.Short() {
		t.Skip("runs the demo pipeline")
	}
	dir := t.TempDir()
	if _, errs, code := runCLI(t, "", "demo", "-time-limit", "1s", "-out-dir", dir); code != 0 {
		t.Fatalf("demo: exit %d: %s", code, errs)
	}
	for _, n := range names {
		b, _ := os.ReadFile(n)
		if err := os.WriteFile(filepath.Join(dir, filepath.Base(n)), b, 0o644); err != nil {
			t.Fatal(err)
		}
		out, errs, code := runCLI(t, "", "scenario", "run", "-config", filepath.Join(dir, filepath.Base(n)))
		if code != 0 || !bytes.Contains([]byte(out), []byte("Cost")) {
			t.Errorf("%s: exit %d: %s", filepath.Base(n), code, errs)
		}
	}
}

// staff_to p80 reads the forecast file's bands (a bad band cell is named
// by line and column); a scenario staffing the mean never reads them.
func TestScenarioStaffToBands(t *testing.T) {
	holey := strings.Replace(scForecast(), "\n2026-03-02T09:00:00Z,retail,70.00,63.00,", "\n2026-03-02T09:00:00Z,retail,70.00,,", 1)
	p80 := strings.Replace(scDoc("p80", "0.4"), `"lost_contact_cost": 8`, `"lost_contact_cost": 8, "staff_to": "p80"`, 1)
	dir := scFixture(t, map[string]string{"mean.json": scDoc("mean", "0.4"), "p80.json": p80, "forecast.csv": holey,
		"good.csv": scForecast(), "good.json": strings.Replace(p80, "forecast.csv", "good.csv", 1)})
	if _, errs, code := runCLI(t, "", "scenario", "run", "-config", filepath.Join(dir, "mean.json")); code != 0 {
		t.Errorf("mean with an empty band cell: exit %d: %s", code, errs)
	}
	wantBadUse(t, []string{"scenario", "run", "-config", filepath.Join(dir, "p80.json")}, "demand.forecast", "line 3, column 4 (lower80)")
	stdout, errs, code := runCLI(t, "", "scenario", "compare", filepath.Join(dir, "good.json"), filepath.Join(dir, "mean.json"))
	if code != 0 || !strings.Contains(stdout, "p80 (baseline)") {
		t.Errorf("compare p80 with mean: exit %d: %s%s", code, stdout, errs)
	}
}

// scWeek is a week of half-hourly forecast from Monday 2 March 2026, open
// 08:00-20:00, busy at midday: with testdata/schedule/templates.json a
// plan whose search takes seconds.
func scWeek() string {
	var b strings.Builder
	b.WriteString("interval_start,queue,volume,lower80,upper80,lower95,upper95,aht_seconds,method\n")
	start := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
	for d := range 7 {
		for s := range 24 {
			v := 40 + 50*float64(s*(24-s))/144 + float64((s*7+d*3)%9)
			fmt.Fprintf(&b, "%s,retail,%.2f,%.2f,%.2f,%.2f,%.2f,300.0,snaive\n", start.AddDate(0, 0, d).Add(time.Duration(s)*30*time.Minute).Format(time.RFC3339), v, v*0.9, v*1.1, v*0.8, v*1.2)
		}
	}
	return b.String()
}

// TestScenarioTimeLimit: -time-limit bounds a scenario command. A run
// whose shift plan needs seconds, under 300 ms, prints the whole result,
// its plan stopped (plans_stopped in the JSON, a line on stderr); work the
// limit ends before it is done is a usage error naming -time-limit (exit
// 2); a limit the work does not reach changes nothing; a bad limit is
// refused by name.
func TestScenarioTimeLimit(t *testing.T) {
	templates, err := os.ReadFile(filepath.Join("testdata", "schedule", "templates.json"))
	if err != nil {
		t.Fatal(err)
	}
	dir := scFixture(t, map[string]string{
		"forecast.csv":   scWeek(),
		"base.json":      scDoc("base", "0.4"),
		"shifts.json":    strings.Replace(scDoc("shifts", "0.4"), `"lost_contact_cost": 8`, `"lost_contact_cost": 8, "templates": "templates.json"`, 1),
		"templates.json": string(templates),
	})
	cfg := func(name string) string { return filepath.Join(dir, name) }

	out, errs, code := runCLI(t, "", "scenario", "run", "-config", cfg("shifts.json"), "-json", "-time-limit", "300ms")
	if code != 0 {
		t.Fatalf("run under 300ms: exit %d: %s", code, errs)
	}
	var res scenario.Result
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	if res.Totals.PlansStopped != 1 || res.Totals.Intervals != 6*48+24 || !(res.Totals.PaidHours > 0) {
		t.Errorf("run under 300ms: %d plans stopped, %d intervals, %v paid hours; want its one plan stopped", res.Totals.PlansStopped, res.Totals.Intervals, res.Totals.PaidHours)
	}
	if !strings.Contains(errs, "staffcast scenario run: the time limit (300ms) stopped 1 shift plan(s)") {
		t.Errorf("stderr %q does not say the plan was stopped", errs)
	}

	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"scenario", "sweep", "-config", cfg("base.json"), "-vary", "bot.share=0,0.5", "-time-limit", "1ns"}, "-time-limit: 1ns reached"},
		{[]string{"scenario", "optimize", "-config", cfg("base.json"), "-time-limit", "1ns"}, "-time-limit: 1ns reached"},
		{[]string{"scenario", "compare", cfg("base.json"), cfg("base.json"), "-time-limit", "1ns"}, "-time-limit: 1ns reached"},
		{[]string{"scenario", "run", "-config", cfg("base.json"), "-time-limit", "-1s"}, "-time-limit"},
		{[]string{"scenario", "run", "-config", cfg("base.json"), "-time-limit", "soon"}, "-time-limit"},
	} {
		_, errs, code := runCLI(t, "", c.args...)
		if code != 2 || !strings.Contains(errs, c.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", c.args[1:], code, errs, c.want)
		}
	}

	// A limit the work does not reach: the same output, nothing on stderr.
	free, _, code := runCLI(t, "", "scenario", "sweep", "-config", cfg("base.json"), "-vary", "bot.share=0:1:0.25", "-json")
	if code != 0 {
		t.Fatalf("sweep: exit %d", code)
	}
	limited, errs, code := runCLI(t, "", "scenario", "sweep", "-config", cfg("base.json"), "-vary", "bot.share=0:1:0.25", "-json", "-time-limit", "10m")
	if code != 0 || limited != free || errs != "" {
		t.Errorf("sweep under 10m: exit %d, stderr %q, output the same as without: %v", code, errs, limited == free)
	}
}
