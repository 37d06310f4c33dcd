package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/staffcast/staffcast/app"
	"github.com/staffcast/staffcast/charts"
	"github.com/staffcast/staffcast/csvio"
	"github.com/staffcast/staffcast/csvio/schedio"
	"github.com/staffcast/staffcast/internal/chartdata"
	"github.com/staffcast/staffcast/scenario"
	"github.com/staffcast/staffcast/scheduler/roster"
)

const scenarioHelp = `Bot/human scenarios: what a bot/human split costs and what service it keeps.

  staffcast scenario run -config FILE.json [-json] [-out-dir DIR] [-time-limit 1m]
  staffcast scenario sweep -config FILE.json -vary bot.share=0:0.9:0.1 [-vary bot.escalation=0.2,0.4] [-json] [-chart FILE.png|.svg] [-time-limit 5m]
  staffcast scenario optimize -config FILE.json [-grid 0:1:0.05] [-json] [-chart FILE.png|.svg] [-time-limit 5m]
  staffcast scenario compare A.json B.json ... [-json] [-time-limit 5m]

A scenario file names a queue's demand (a forecast CSV, or a history CSV
to forecast from; paths relative to the file), the service promise,
shrinkage, the humans (handle time, patience, hourly cost, hours) and the
bot (share by hour, escalation, false containment, returns, cost per
session); see the README's "Bot/human scenarios".

-time-limit bounds the whole command: the shift plans (of a scenario with
templates) share it fairly, each keeping the best plan found by the end of
its share (counted as plans_stopped, and said on stderr), and work that is
no shift plan is cut short with an error naming the flag. Without it (or 0)
every plan is searched in full and the same files give the same result.
`

// runScenario dispatches "scenario run|sweep|optimize|compare".
func runScenario(ctx context.Context, args []string, e env) error {
	subs := map[string]func(context.Context, []string, env) error{
		"run": scenarioRun, "sweep": scenarioSweep, "optimize": scenarioOptimize, "compare": scenarioCompare,
	}
	if len(args) == 0 || args[0] == "-h" || args[0] == "-help" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprint(e.stdout, scenarioHelp+"\nUsage of staffcast scenario: staffcast scenario run|sweep|optimize|compare [flags]; staffcast scenario SUBCOMMAND -h lists its flags\n")
		if len(args) == 0 {
			return usageErrorf("give a subcommand: run, sweep, optimize or compare")
		}
		return errHelpShown
	}
	sub, ok := subs[args[0]]
	if !ok {
		return usageErrorf("unknown subcommand %q (run, sweep, optimize or compare)", args[0])
	}
	if err := sub(ctx, args[1:], e); err != nil {
		return fmt.Errorf("%s: %w", args[0], err)
	}
	return nil
}

// loadScenario reads and parses the scenario file at path; its sources
// read files relative to it. A document without a name is named after
// the file. The sources print their warnings on e's stderr naming the
// command cmd.
func loadScenario(path, cmd string, e env) (scenario.Document, *fileSources, error) {
	return loadScenarioWith(path, cmd, e, nil)
}

// loadScenarioWith is loadScenario with edit applied to the document
// before it is validated (the plan command sets the demand and templates).
func loadScenarioWith(path, cmd string, e env, edit func(*scenario.Document)) (scenario.Document, *fileSources, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return scenario.Document{}, nil, usageErrorf("%s: %v", path, unwrapPath(err))
	}
	var d scenario.Document
	if err := d.UnmarshalJSON(data); err != nil {
		return scenario.Document{}, nil, badInput(path, err)
	}
	if edit != nil {
		edit(&d)
	}
	if err := d.Validate(); err != nil {
		return scenario.Document{}, nil, badInput(path, err)
	}
	if d.Name == "" {
		d.Name = strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	}
	return d, newFileSources(path, cmd, e), nil
}

// scenarioErr names the scenario file in an error about its contents (a
// field, a file it references); other errors pass as they are.
func scenarioErr(path string, err error) error {
	switch app.KindOf(err) {
	case app.Invalid, app.NotFound:
		return badInput(path, err)
	}
	return err
}

// addTimeLimit adds -time-limit to a command that runs scenarios.
func addTimeLimit(fs *flag.FlagSet) *durationFlag {
	limit := &durationFlag{ZeroOK: true}
	durationVar(fs, limit, "time-limit", "time the command may take: the shift plans share it, each keeping the best plan found by the end of its share, and other work is cut short (e.g. 2m; 0: no limit, the same result on every run)")
	return limit
}

// scenarioOptions are the options a scenario command runs with: seed 1,
// the time limit, and a progress bar on e's stderr when it is a terminal.
// done takes the bar away; call it when the work has returned.
func scenarioOptions(limit time.Duration, e env) (opt app.ScenarioOptions, done func()) {
	opt = app.ScenarioOptions{Seed: 1, TimeLimit: limit}
	bar := schedProgressBar(e.stderr)
	if bar == nil {
		return opt, func() {}
	}
	opt.Progress = bar.scenario
	return opt, bar.done
}

// warnStopped says on stderr that the time limit stopped n shift plans of
// command cmd.
func warnStopped(e env, cmd string, limit time.Duration, n int) {
	if n > 0 {
		fmt.Fprintf(e.stderr, "staffcast %s: the time limit (%s) stopped %d shift plan(s) before their full search: their figures are those of the best plan found by then (plans_stopped)\n", cmd, shortDuration(limit), n)
	}
}

// timeLimitErr is the error of a scenario command whose time limit was
// reached before its work was done: a usage error naming -time-limit;
// other errors as they are.
func timeLimitErr(err error) error {
	if app.FieldOf(err) != "time_limit" {
		return err
	}
	return usageErrorf("-time-limit: %s", app.DetailsOf(err)[0].Reason)
}

func scenarioRun(ctx context.Context, args []string, e env) error {
	fs := newFlags("scenario run", e)
	withHelp(fs, e, scenarioHelp)
	cfg := fs.String("config", "", "scenario JSON file")
	asJSON := fs.Bool("json", false, "print the result as JSON (totals under \"totals\")")
	outDir := fs.String("out-dir", "", "directory to write intervals.csv, totals.json and, with templates, plan.csv and coverage.csv")
	limit := addTimeLimit(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := requireFlag("config", *cfg); err != nil {
		return err
	}
	if err := checkOutDir("out-dir", *outDir); err != nil {
		return err
	}
	return evalScenario("scenario run", *cfg, "", *asJSON, e, func(d scenario.Document, src *fileSources) (*scenario.Result, error) {
		opt, done := scenarioOptions(limit.Value, e)
		res, err := app.RunScenario(ctx, d, src, opt)
		done()
		if err == nil {
			warnStopped(e, "scenario run", limit.Value, res.Totals.PlansStopped)
		}
		if err != nil || *outDir == "" {
			return res, err
		}
		files, err := scenarioFiles(*outDir, d, res)
		if err != nil {
			return nil, err
		}
		return res, writeFiles(ctx, *outDir, files)
	}, writeScenarioText, nil, nil)
}

// evalScenario loads the scenario file cfg, evaluates it with eval and
// prints the result as JSON or with text (warnings naming the command cmd
// on stderr). An Invalid error about the
// application field flagField names the flag of that name instead of
// the file.
func evalScenario[R any](cmd, cfg, flagField string, asJSON bool, e env, eval func(scenario.Document, *fileSources) (R, error), text func(io.Writer, scenario.Document, R), chart *chartFlag, build func(scenario.Document, R) (charts.Chart, error)) error {
	d, src, err := loadScenario(cfg, cmd, e)
	if err != nil {
		return err
	}
	res, err := eval(d, src)
	if err != nil {
		if app.FieldOf(err) == "time_limit" {
			return timeLimitErr(err)
		}
		if flagField != "" && app.FieldOf(err) == flagField {
			return usageErrorf("-%s: %v", flagField, err)
		}
		return scenarioErr(cfg, err)
	}
	fill := func(w io.Writer) error { text(w, d, res); return nil }
	if asJSON {
		fill = func(w io.Writer) error { return writeJSON(w, res) }
	}
	return writeWithChart("", e, fill, chart, func() (charts.Chart, error) { return build(d, res) })
}

// writeFiles creates dir and writes every file, or nothing once ctx is
// done.
func writeFiles(ctx context.Context, dir string, files []outFile) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return usageErrorf("-out-dir: %v", err)
	}
	return commitOutputs(files)
}

// writeJSON writes v indented.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// scenarioFiles renders a run's files for dir: intervals.csv, totals.json
// and, for queues planned with shift templates, plan.csv and coverage.csv
// (plan-QUEUE.csv and coverage-QUEUE.csv when several queues have plans).
func scenarioFiles(dir string, d scenario.Document, res *scenario.Result) ([]outFile, error) {
	iv, err := render(func(w io.Writer) error { return writeScenarioIntervals(w, res) })
	if err != nil {
		return nil, err
	}
	type queueTotals struct {
		Queue  string          `json:"queue"`
		Totals scenario.Totals `json:"totals"`
	}
	tot := struct {
		Name   string          `json:"name"`
		Totals scenario.Totals `json:"totals"`
		Queues []queueTotals   `json:"queues"`
	}{Name: res.Name, Totals: res.Totals}
	for _, q := range res.Queues {
		tot.Queues = append(tot.Queues, queueTotals{q.Queue, q.Totals})
	}
	tj, err := render(func(w io.Writer) error { return writeJSON(w, tot) })
	if err != nil {
		return nil, err
	}
	files := []outFile{{filepath.Join(dir, "intervals.csv"), iv}, {filepath.Join(dir, "totals.json"), tj}}
	pf, err := planFiles(dir, d, res)
	if err != nil {
		return nil, err
	}
	return append(files, pf...), nil
}

// intervalColumns are intervals.csv's columns after queue: every field of
// an interval, named as in the JSON.
var intervalColumns = []string{"interval_start", "offered", "bot_share", "bot_sessions", "contained", "escalated", "false_contained",
	"returned", "unresolved", "unserved", "returns_beyond_horizon", "human_contacts", "human_aht_seconds", "human_patience_seconds", "required_agents",
	"required_scheduled_agents", "uncapped_scheduled_agents", "scheduled_agents", "naive_scheduled_agents", "paid_hours", "service_level", "asa_seconds", "abandon_rate", "occupancy",
	"abandoned", "reached_human_in_promise", "lost", "kept_promise", "cost_humans", "cost_bot", "cost_lost", "cost_beyond_horizon", "cost",
	"required_answering_agents", "required_service_level", "required_asa_seconds", "required_abandon_rate", "required_occupancy"}

// writeScenarioIntervals writes every interval of every queue as CSV:
// counts and costs to 4 decimals, an unbounded ASA empty.
func writeScenarioIntervals(w io.Writer, res *scenario.Result) error {
	cw := csvio.NewWriter(w)
	cw.Field("queue")
	if err := cw.Record(intervalColumns...); err != nil {
		return err
	}
	for _, q := range res.Queues {
		for _, r := range q.Intervals {
			cw.Field(q.Queue)
			cw.Time(r.Start, time.RFC3339)
			for _, v := range []float64{r.Offered, r.BotShare, r.BotSessions, r.Contained, r.Escalated, r.FalseContained,
				r.Returned, r.Unresolved, r.Unserved, r.ReturnsBeyondHorizon, r.HumanContacts, r.HumanAHTSeconds, r.HumanPatienceSeconds} {
				csvFloat(cw, v)
			}
			cw.Int(int64(r.RequiredAgents))
			csvFloat(cw, r.RequiredScheduledAgents)
			csvFloat(cw, r.UncappedScheduledAgents)
			csvFloat(cw, r.ScheduledAgents)
			cw.Int(int64(r.NaiveScheduledAgents))
			for _, v := range []float64{r.PaidHours, r.ServiceLevel, r.ASASeconds, r.AbandonRate, r.Occupancy, r.Abandoned,
				r.ReachedHumanInPromise, r.Lost} {
				csvFloat(cw, v)
			}
			cw.Field(fmt.Sprint(r.KeptPromise))
			for _, v := range []float64{r.CostHumans, r.CostBot, r.CostLost, r.CostBeyondHorizon, r.Cost} {
				csvFloat(cw, v)
			}
			cw.Int(int64(r.RequiredAnsweringAgents))
			for _, v := range []float64{r.RequiredServiceLevel, r.RequiredASASeconds, r.RequiredAbandonRate, r.RequiredOccupancy} {
				csvFloat(cw, v)
			}
			if err := cw.EndRecord(); err != nil {
				return err
			}
		}
	}
	return cw.Flush()
}

// csvFloat writes v to 4 decimals without trailing zeros; NaN and
// infinities (an unbounded wait) as an empty field.
func csvFloat(cw *csvio.Writer, v float64) {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		cw.Field("")
		return
	}
	cw.Float(math.Round(v*1e4)/1e4, 'f', -1)
}

// writeScenarioText prints a run as a manager reads it: per queue a
// summary by day (by hour when the horizon is a day or less), then the
// totals.
func writeScenarioText(w io.Writer, d scenario.Document, res *scenario.Result) {
	fmt.Fprintf(w, "Scenario %s\n", res.Name)
	for i, q := range res.Queues {
		fmt.Fprintln(w)
		spec := d.Queues[i]
		fmt.Fprintf(w, "Queue %s: %d intervals of %s%s, bot share %s\n", q.Queue, len(q.Intervals), app.ShortDuration(q.Interval.D()), spanText(q.Intervals), shareText(spec.Bot.Share))
		writePeriods(w, q.Intervals)
		if len(res.Queues) > 1 {
			fmt.Fprintln(w)
			writeTotalsText(w, "  ", q.Totals, spec)
		}
	}
	fmt.Fprintln(w)
	if len(res.Queues) > 1 {
		fmt.Fprintln(w, "All queues")
	}
	var spec *scenario.QueueSpec
	if len(d.Queues) == 1 {
		spec = &d.Queues[0]
	}
	if spec != nil {
		writeTotalsText(w, "", res.Totals, *spec)
	} else {
		writeTotalsText(w, "", res.Totals, scenario.QueueSpec{})
	}
}

// spanText is " from Mon 2026-03-30 to Sun 2026-04-05".
func spanText(iv []scenario.IntervalResult) string {
	if len(iv) == 0 {
		return ""
	}
	from, to := iv[0].Start.Format("Mon 2006-01-02"), iv[len(iv)-1].Start.Format("Mon 2006-01-02")
	if from == to {
		return " on " + from
	}
	return fmt.Sprintf(" from %s to %s", from, to)
}

// shareText says the bot share briefly: "0.4" or "by hour 0-0.9".
func shareText(s scenario.Share) string {
	h := s.Hours()
	lo, hi := h[0], h[0]
	for _, v := range h {
		lo, hi = min(lo, v), max(hi, v)
	}
	if lo == hi {
		return fmtNum(lo)
	}
	return fmt.Sprintf("by hour %s-%s", fmtNum(lo), fmtNum(hi))
}

// period sums the intervals of one day (or hour).
type period struct {
	label                                     string
	offered, bot, human, lost, reached, hours float64
	slWeighted, abWeighted, cost              float64
	peak                                      float64
	broken                                    int
}

func (p *period) add(r scenario.IntervalResult) {
	p.offered += r.Offered
	p.bot += r.BotSessions
	p.human += r.HumanContacts
	p.lost += r.Lost
	p.reached += r.ReachedHumanInPromise
	p.hours += r.PaidHours
	p.slWeighted += r.HumanContacts * r.ServiceLevel
	p.abWeighted += r.HumanContacts * r.AbandonRate
	p.cost += r.Cost
	p.peak = max(p.peak, r.ScheduledAgents)
	if !r.KeptPromise {
		p.broken++
	}
}

// rate is a contact-weighted mean, "-" without human contacts.
func rate(weighted, contacts float64) string {
	if contacts <= 0 {
		return "-"
	}
	return fmt.Sprintf("%.1f%%", 100*weighted/contacts)
}

// writePeriods prints one row per day of the intervals, or per hour of day
// when they span a day or less.
func writePeriods(w io.Writer, iv []scenario.IntervalResult) {
	if len(iv) == 0 {
		return
	}
	byHour := iv[len(iv)-1].Start.Sub(iv[0].Start) < 24*time.Hour
	var ps []*period
	index := map[string]*period{}
	for _, r := range iv {
		label := r.Start.Format("Mon 01-02")
		if byHour {
			label = r.Start.Format("15:00")
		}
		p := index[label]
		if p == nil {
			p = &period{label: label}
			index[label] = p
			ps = append(ps, p)
		}
		p.add(r)
	}
	first := "day"
	if byHour {
		first = "hour"
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "%s\toffered\tto bot\tto humans\tlost\treached human\tpeak agents\tpaid hours\tservice\tabandon\tbroken\tcost\t\n", first)
	for _, p := range ps {
		reached := "-"
		if p.offered > 0 {
			reached = fmt.Sprintf("%.1f%%", 100*p.reached/p.offered)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%d\t%s\t\n", p.label, thousands(p.offered), thousands(p.bot), thousands(p.human),
			thousands(p.lost), reached, fmtNum(math.Round(p.peak*10)/10), thousands(p.hours), rate(p.slWeighted, p.human), rate(p.abWeighted, p.human), p.broken, thousands(p.cost))
	}
	tw.Flush()
}

// writeTotalsText prints the totals: the cost split, the service, the
// customers' view, the promise and the funnel penalty against the naive
// cut. spec gives the service-level time (zero spec: not said).
func writeTotalsText(w io.Writer, indent string, t scenario.Totals, spec scenario.QueueSpec) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "%sCost\thumans %s + bot %s + lost contacts %s%s = %s\n", indent, thousands(t.CostHumans), thousands(t.CostBot), thousands(t.CostLost), laterCostText(t), thousands(costShown(t)))
	asa := "unbounded"
	if !math.IsNaN(t.ASASeconds) && !math.IsInf(t.ASASeconds, 0) {
		asa = fmt.Sprintf("%.1f s", t.ASASeconds)
	}
	within := ""
	if spec.Promise.SLTime > 0 {
		within = " within " + fmtNum(spec.Promise.SLTime.Seconds()) + " s"
	}
	fmt.Fprintf(tw, "%sService\t%.1f%% of human contacts answered%s, %.1f%% %s, ASA %s, occupancy %.1f%%\n", indent, 100*t.ServiceLevel, within, 100*t.AbandonRate, abandonWords(t), asa, 100*t.Occupancy)
	fmt.Fprintf(tw, "%sCustomers\t%s offered: %s contained by the bot, %s to humans; %.1f%% of all reached a human%s; %s lost (%s abandoned, %s unresolved, %s unserved)\n",
		indent, thousands(t.Offered), thousands(t.Contained), thousands(t.HumanContacts), 100*t.ReachedHumanShare, within, thousands(t.Lost), thousands(t.Abandoned), thousands(t.Unresolved), thousands(t.Unserved))
	if t.ReturnsBeyondHorizon > 0 {
		fmt.Fprintf(tw, "%sLater\t%s falsely contained come back after the horizon: human contacts still, costed at %s\n", indent, thousands(t.ReturnsBeyondHorizon), thousands(t.CostBeyondHorizon))
	}
	kept := "kept in every interval"
	if !t.KeptPromise {
		kept = fmt.Sprintf("broken in %d of %d intervals", t.IntervalsBroken, t.Intervals)
	}
	fmt.Fprintf(tw, "%sPromise\t%s\n", indent, kept)
	paid := thousands(t.PaidHours)
	if shown(t.PaidHours, 1) != shown(t.RequiredPaidHours, 1) {
		// Shift plans pay more than the requirement; the funnel's cost is
		// a difference of requirements, so both are shown.
		paid = fmt.Sprintf("%s as planned in shifts, %s required", paid, thousands(t.RequiredPaidHours))
	}
	uncapped := ""
	if shown(t.UncappedRequiredPaidHours, 1) != shown(t.RequiredPaidHours, 1) {
		// The naive cut is not capped: the funnel's cost compares it with
		// the requirement without the cap.
		uncapped = fmt.Sprintf(" against %s required without the headcount cap", thousands(t.UncappedRequiredPaidHours))
	}
	fmt.Fprintf(tw, "%sPaid hours\t%s; the naive cut (all-human headcount x (1 - bot share)) pays %s%s: the funnel costs %s h (%s)\n",
		indent, paid, thousands(t.NaivePaidHours), uncapped, signed(funnelExtraShown(t)), funnelPercent(t))
	tw.Flush()
}

// laterCostText is " + returns after the horizon X" when the returns
// beyond the horizon cost something as shown, else "".
func laterCostText(t scenario.Totals) string {
	if shown(t.CostBeyondHorizon, 1) == 0 {
		return ""
	}
	return " + returns after the horizon " + thousands(t.CostBeyondHorizon)
}

// funnelPercent is the funnel's extra paid hours in percent of the naive
// cut's, "n/a" when the naive cut pays nothing (a bot share of 1).
func funnelPercent(t scenario.Totals) string {
	if t.NaivePaidHours <= 0 {
		return "n/a: the naive cut pays nothing"
	}
	return fmt.Sprintf("%+.1f%%", t.FunnelExtraPercent)
}

// funnelExtraShown is the funnel's extra paid hours as the difference of
// the required and naive-cut hours as shown.
func funnelExtraShown(t scenario.Totals) float64 {
	return shown(t.UncappedRequiredPaidHours, 1) - shown(t.NaivePaidHours, 1)
}

// signed is thousands with a sign.
func signed(v float64) string {
	if math.Round(v) > 0 {
		return "+" + thousands(v)
	}
	return thousands(v)
}

// varyFlag collects repeated -vary flags.
type varyFlag []scenario.Vary

func (v *varyFlag) String() string { return "" }

func (v *varyFlag) Set(s string) error {
	x, err := scenario.ParseVary(s)
	if err != nil {
		return err
	}
	*v = append(*v, x)
	return nil
}

func scenarioSweep(ctx context.Context, args []string, e env) error {
	fs := newFlags("scenario sweep", e)
	withHelp(fs, e, scenarioHelp)
	cfg := fs.String("config", "", "scenario JSON file")
	var vary varyFlag
	fs.Var(&vary, "vary", "field=lo:hi:step (both ends included) or field=v1,v2,...; repeat to sweep a grid (e.g. bot.share=0:0.9:0.1)")
	asJSON := fs.Bool("json", false, "print the sweep as JSON")
	chart := addChartFlag(fs, "cost, paid hours and service against the varied setting (one -vary)")
	limit := addTimeLimit(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := requireFlag("config", *cfg); err != nil {
		return err
	}
	if len(vary) == 0 {
		return usageErrorf("flag -vary is required (e.g. -vary bot.share=0:0.9:0.1)")
	}
	return evalScenario("scenario sweep", *cfg, "vary", *asJSON, e, func(d scenario.Document, src *fileSources) (*scenario.SweepResult, error) {
		opt, done := scenarioOptions(limit.Value, e)
		res, err := app.SweepScenario(ctx, d, src, vary, opt)
		done()
		if err == nil {
			n := 0
			for _, p := range res.Points {
				n += p.Totals.PlansStopped
			}
			warnStopped(e, "scenario sweep", limit.Value, n)
		}
		return res, err
	}, writeSweepText, chart, func(d scenario.Document, res *scenario.SweepResult) (charts.Chart, error) {
		return chartdata.Sweep(d.Name, res)
	})
}

// writeSweepText prints one row per grid point, then the cheapest point
// that keeps the promise and the break-even share.
func writeSweepText(w io.Writer, _ scenario.Document, res *scenario.SweepResult) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "%s\tcost humans\tbot\tlost\tlater\ttotal\tservice\tabandon\treached human\tpaid hours\tbroken\t\n", strings.Join(res.Vary, "\t"))
	for _, p := range res.Points {
		t := p.Totals
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%d\t\n", varyValues(res.Vary, p), thousands(t.CostHumans), thousands(t.CostBot), thousands(t.CostLost),
			thousands(t.CostBeyondHorizon), thousands(costShown(t)), pct(t.ServiceLevel), pct(t.AbandonRate), pct(t.ReachedHumanShare), thousands(t.PaidHours), t.IntervalsBroken)
	}
	tw.Flush()
	fmt.Fprintln(w)
	if c := res.Cheapest; c != nil {
		fmt.Fprintf(w, "Cheapest point keeping the promise: %s, cost %s\n", varyText(res.Vary, *c), thousands(costShown(c.Totals)))
	} else {
		fmt.Fprintln(w, "Cheapest point keeping the promise: none of the grid keeps it in every interval")
	}
	if b := res.BreakEven; b != nil {
		fmt.Fprintf(w, "Break-even: beyond a bot share of %s (cost %s) more bot stops saving money\n", fmtNum(b.Share), thousands(b.Cost))
	} else if containsPath(res.Vary, "bot.share") {
		fmt.Fprintln(w, "Break-even: none in the grid; cost still falls at its highest share")
	}
	if res.Note != "" {
		fmt.Fprintf(w, "Note: %s\n", res.Note)
	}
}

func containsPath(paths []string, suffix string) bool {
	for _, p := range paths {
		if p == suffix || strings.HasSuffix(p, "."+suffix) {
			return true
		}
	}
	return false
}

// varyValues are a point's values as tab-separated cells.
func varyValues(paths []string, p scenario.SweepPoint) string {
	cells := make([]string, len(paths))
	for i, path := range paths {
		cells[i] = fmtNum(p.Vary[path])
	}
	return strings.Join(cells, "\t")
}

// varyText is "bot.share=0.4 bot.escalation=0.2".
func varyText(paths []string, p scenario.SweepPoint) string {
	cells := make([]string, len(paths))
	for i, path := range paths {
		cells[i] = path + "=" + fmtNum(p.Vary[path])
	}
	return strings.Join(cells, " ")
}

// gridFlag is the optimizer's grid of shares: lo:hi:step or a list, in
// [0, 1].
type gridFlag []float64

func (g *gridFlag) String() string { return "" }

func (g *gridFlag) Set(s string) error {
	v, err := scenario.ParseVary("bot.share=" + s)
	if err != nil {
		return fmt.Errorf("want lo:hi:step or v1,v2,... of shares in [0, 1]")
	}
	for _, x := range v.Values {
		if x < 0 || x > 1 {
			return fmt.Errorf("share %s is outside [0, 1]", fmtNum(x))
		}
	}
	*g = v.Values
	return nil
}

func scenarioOptimize(ctx context.Context, args []string, e env) error {
	fs := newFlags("scenario optimize", e)
	withHelp(fs, e, scenarioHelp)
	cfg := fs.String("config", "", "scenario JSON file")
	var grid gridFlag
	fs.Var(&grid, "grid", "bot shares to choose from, lo:hi:step or a list (default 0:1:0.05)")
	asJSON := fs.Bool("json", false, "print the result as JSON")
	chart := addChartFlag(fs, "the bot share chosen for each hour of the day (one queue)")
	limit := addTimeLimit(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := requireFlag("config", *cfg); err != nil {
		return err
	}
	return evalScenario("scenario optimize", *cfg, "grid", *asJSON, e, func(d scenario.Document, src *fileSources) (*scenario.OptimizeResult, error) {
		opt, done := scenarioOptions(limit.Value, e)
		res, err := app.OptimizeScenario(ctx, d, src, grid, opt)
		done()
		if err == nil {
			if res.Stopped {
				fmt.Fprintf(e.stderr, "staffcast scenario optimize: the time limit (%s) stopped the search over the hours before it converged: the split is the best it had reached\n", shortDuration(limit.Value))
			}
			warnStopped(e, "scenario optimize", limit.Value, res.Totals.PlansStopped+res.BestSingleTotals.PlansStopped)
		}
		return res, err
	}, writeOptimizeText, chart, func(_ scenario.Document, res *scenario.OptimizeResult) (charts.Chart, error) {
		splits := chartdata.Splits(res)
		if len(splits) != 1 {
			return nil, oneQueue(len(splits))
		}
		return splits[0], nil
	})
}

// writeOptimizeText prints each queue's bot share by hour of day, then
// the optimised totals against the best single share.
func writeOptimizeText(w io.Writer, _ scenario.Document, res *scenario.OptimizeResult) {
	for i, q := range res.Queues {
		if i > 0 {
			fmt.Fprintln(w)
		}
		fmt.Fprintf(w, "Queue %s: bot share by hour of day (grid %s)\n", q.Queue, gridText(res.Grid))
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprint(tw, "hour\tbot share\t\n")
		for h, s := range q.Shares {
			fmt.Fprintf(tw, "%02d:00\t%s\t\n", h, fmtNum(s))
		}
		tw.Flush()
		single, split := q.BestSingleCost, q.Cost
		if len(res.Queues) == 1 {
			// as the table below shows them: the sum of the shown parts
			single, split = costShown(res.BestSingleTotals), costShown(res.Totals)
		}
		fmt.Fprintf(w, "Best single share %s: cost %s; optimised: cost %s", fmtNum(q.BestSingleShare), thousands(single), thousands(split))
		if q.IntervalsBroken > 0 {
			fmt.Fprintf(w, " (%d intervals break the promise)", q.IntervalsBroken)
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintln(w)
	o, b := res.Totals, res.BestSingleTotals
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprint(tw, "\tbest single share\toptimised by hour\t\n")
	for _, row := range [][3]string{
		{"cost humans", thousands(b.CostHumans), thousands(o.CostHumans)},
		{"cost bot", thousands(b.CostBot), thousands(o.CostBot)},
		{"cost lost", thousands(b.CostLost), thousands(o.CostLost)},
		{"cost returns later", thousands(b.CostBeyondHorizon), thousands(o.CostBeyondHorizon)},
		{"cost", thousands(costShown(b)), thousands(costShown(o))},
		{"service level", pct(b.ServiceLevel), pct(o.ServiceLevel)},
		{"abandon", pct(b.AbandonRate), pct(o.AbandonRate)},
		{"reached a human", pct(b.ReachedHumanShare), pct(o.ReachedHumanShare)},
		{"paid hours", thousands(b.PaidHours), thousands(o.PaidHours)},
		{"intervals broken", fmt.Sprint(b.IntervalsBroken), fmt.Sprint(o.IntervalsBroken)},
	} {
		fmt.Fprintf(tw, "%s\t%s\t%s\t\n", row[0], row[1], row[2])
	}
	tw.Flush()
	saving := ""
	if b.Cost > 0 {
		saving = fmt.Sprintf(" (%.1f%%)", 100*res.Saving/b.Cost)
	}
	// the saving is the difference of the two costs as the table shows them
	fmt.Fprintf(w, "\nSaving of the hourly split against the best single share: %s%s\n", thousands(costShown(b)-costShown(o)), saving)
	if costShown(o) > costShown(b) {
		fmt.Fprintln(w, "The split costs more: it keeps the promise in every interval, which no single share does")
	}
	if res.Note != "" {
		fmt.Fprintf(w, "Note: %s\n", res.Note)
	}
}

// pct is a share in percent to a tenth, as shown(v, 1000) rounds it.
func pct(v float64) string { return fmt.Sprintf("%.1f%%", math.Round(v*1000)/10+0) }

// gridText is "0:1:0.05" when the grid is evenly spaced, else the list.
func gridText(g []float64) string {
	if len(g) > 2 {
		step := g[1] - g[0]
		even := true
		for i := 2; i < len(g); i++ {
			if math.Abs(g[i]-g[i-1]-step) > 1e-9 {
				even = false
			}
		}
		if even {
			return fmt.Sprintf("%s:%s:%s", fmtNum(g[0]), fmtNum(g[len(g)-1]), fmtNum(math.Round(step*1e9)/1e9))
		}
	}
	cells := make([]string, len(g))
	for i, v := range g {
		cells[i] = fmtNum(v)
	}
	return strings.Join(cells, ",")
}

func scenarioCompare(ctx context.Context, args []string, e env) error {
	fs := newFlags("scenario compare", e)
	withHelp(fs, e, scenarioHelp)
	asJSON := fs.Bool("json", false, "print the comparison as JSON")
	limit := addTimeLimit(fs)
	// Flags may come before, between or after the files.
	var files []string
	rest := args
	for {
		if err := parseFlagsAllowArgs(fs, rest); err != nil {
			return err
		}
		if fs.NArg() == 0 {
			break
		}
		files = append(files, fs.Arg(0))
		rest = fs.Args()[1:]
	}
	if len(files) < 2 {
		return usageErrorf("give at least two scenario files to compare (the first is the baseline)")
	}
	docs := make([]scenario.Document, len(files))
	srcs := make([]app.ScenarioSources, len(files))
	e.stderr = onceWriter(e.stderr) // a history several scenarios share warns once
	for i, f := range files {
		d, src, err := loadScenario(f, "scenario compare", e)
		if err != nil {
			return err
		}
		docs[i], srcs[i] = d, src
	}
	opt, done := scenarioOptions(limit.Value, e)
	cmp, err := app.CompareScenarios(ctx, docs, srcs, opt)
	done()
	if app.FieldOf(err) == "time_limit" {
		return timeLimitErr(err)
	}
	if err != nil {
		// The error names the scenario ("compare NAME: ..."); name its file.
		var ae *app.Error
		if errors.As(err, &ae) {
			for i, d := range docs {
				if ae.Op == "compare "+d.Name || strings.HasPrefix(ae.Op, "compare "+d.Name+": ") {
					return scenarioErr(files[i], err)
				}
			}
		}
		return err
	}
	n := 0
	for _, s := range cmp.Scenarios {
		n += s.Totals.PlansStopped
	}
	warnStopped(e, "scenario compare", limit.Value, n)
	if *asJSON {
		return writeJSON(e.stdout, cmp)
	}
	writeCompareText(e.stdout, cmp)
	return nil
}

// writeCompareText prints the scenarios' totals side by side, each with
// its difference from the first.
func writeCompareText(w io.Writer, cmp *scenario.Comparison) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	head := []string{""}
	for i, s := range cmp.Scenarios {
		name := s.Name
		if i == 0 {
			name += " (baseline)"
		}
		head = append(head, name)
	}
	fmt.Fprintln(tw, strings.Join(head, "\t")+"\t")
	// Each figure is rounded once as shown (money and counts whole, shares
	// to a tenth of a percent) and the differences are those of the shown
	// figures, so 90.8% against 92.4% is +1.6 pp whatever the decimals (as
	// the web page's comparison does); the cost is the sum of its parts as
	// shown.
	type metric struct {
		name string
		get  func(scenario.Totals) float64
		per  float64 // shown to 1/per: 1 whole, 1000 a tenth of a percent
	}
	for _, m := range []metric{
		{"cost humans", func(t scenario.Totals) float64 { return t.CostHumans }, 1},
		{"cost bot", func(t scenario.Totals) float64 { return t.CostBot }, 1},
		{"cost lost", func(t scenario.Totals) float64 { return t.CostLost }, 1},
		{"cost returns later", func(t scenario.Totals) float64 { return t.CostBeyondHorizon }, 1},
		{"cost", costShown, 1},
		{"service level", func(t scenario.Totals) float64 { return t.ServiceLevel }, 1000},
		{"abandon", func(t scenario.Totals) float64 { return t.AbandonRate }, 1000},
		{"reached a human", func(t scenario.Totals) float64 { return t.ReachedHumanShare }, 1000},
		{"human contacts", func(t scenario.Totals) float64 { return t.HumanContacts }, 1},
		{"bot sessions", func(t scenario.Totals) float64 { return t.BotSessions }, 1},
		{"lost contacts", func(t scenario.Totals) float64 { return t.Lost }, 1},
		{"paid hours", func(t scenario.Totals) float64 { return t.PaidHours }, 1},
		{"naive-cut hours", func(t scenario.Totals) float64 { return t.NaivePaidHours }, 1},
		{"intervals broken", func(t scenario.Totals) float64 { return float64(t.IntervalsBroken) }, 1},
	} {
		row := []string{m.name}
		base := math.Round(m.get(cmp.Scenarios[0].Totals) * m.per)
		for i, s := range cmp.Scenarios {
			v := m.get(s.Totals)
			d := math.Round(v*m.per) - base // in steps of the shown figure
			cell, diff := thousands(v), signed(d)
			if m.per != 1 {
				cell, diff = pct(v), fmt.Sprintf("%+.1f pp", d/10)
			}
			if i > 0 {
				cell += " (" + diff + ")"
			}
			row = append(row, cell)
		}
		fmt.Fprintln(tw, strings.Join(row, "\t")+"\t")
	}
	tw.Flush()
}

// planFiles renders plan.csv and coverage.csv for every queue planned with
// shift templates (plan-QUEUE.csv and coverage-QUEUE.csv when several
// are).
func planFiles(dir string, d scenario.Document, res *scenario.Result) ([]outFile, error) {
	planned := 0
	for _, q := range res.Queues {
		if q.Plan != nil {
			planned++
		}
	}
	var files []outFile
	for _, q := range res.Queues {
		if q.Plan == nil {
			continue
		}
		req := *q.Requirements
		suffix := ""
		if planned > 1 {
			suffix = "-" + app.CalendarFileNames([]roster.Agent{{ID: q.Queue}})[0]
			suffix = strings.TrimSuffix(suffix, ".ics")
		}
		for _, f := range []struct {
			name string
			fill func(io.Writer) error
		}{
			{"plan" + suffix + ".csv", func(w io.Writer) error { return schedio.WritePlan(w, req, q.Plan.Shifts) }},
			{"coverage" + suffix + ".csv", func(w io.Writer) error { return schedio.WriteCoverage(w, req, q.Plan.Coverage) }},
		} {
			data, err := render(f.fill)
			if err != nil {
				return nil, err
			}
			files = append(files, outFile{filepath.Join(dir, f.name), data})
		}
	}
	return files, nil
}

// abandonWords names what abandon_rate counts in a sentence: the unserved
// too when there are any (contacts reaching the human queue while it is
// closed), as the rows count them. Tables head the column "abandon".
func abandonWords(t scenario.Totals) string {
	if t.Unserved > 0 {
		return "abandon or unserved"
	}
	return "abandon"
}
