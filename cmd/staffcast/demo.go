package main

import (
	"context"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/staffcast/staffcast/app"
	"github.com/staffcast/staffcast/csvio"
	"github.com/staffcast/staffcast/csvio/historycsv"
	"github.com/staffcast/staffcast/demo"
	"github.com/staffcast/staffcast/forecast"
	"github.com/staffcast/staffcast/forecast/synth"
	"github.com/staffcast/staffcast/scenario"
	"github.com/staffcast/staffcast/scheduler"
)

func runDemo(ctx context.Context, args []string, e env) error {
	cfg, dirs, err := parseDemo(args, e)
	if err != nil {
		return err
	}
	if err := checkOutDir("out-dir", dirs.out); err != nil {
		return err
	}
	if err := checkOutDir("charts", dirs.charts); err != nil {
		return err
	}
	r, err := demo.Run(ctx, cfg)
	if err != nil {
		return err
	}
	if dirs.out != "" {
		if err := writeDemoData(ctx, dirs.out, r); err != nil {
			return err
		}
	}
	if dirs.charts != "" {
		if err := writeDemoCharts(ctx, dirs.charts, r); err != nil {
			return err
		}
	}
	printDemo(e.stdout, r)
	return nil
}

// demoDirs are where the demo writes its data and charts; empty: nowhere.
type demoDirs struct{ out, charts string }

// parseDemo reads the demo's flags into its configuration; every default
// is demo.DefaultConfig's.
func parseDemo(args []string, e env) (demo.Config, demoDirs, error) {
	fs := newFlags("demo", e)
	defaults := demo.DefaultConfig(1)
	seed := fs.Uint64("seed", defaults.Seed, "random seed of the synthetic history and the plan search")
	limit := durationFlag{Value: defaults.TimeLimit}
	durationVar(fs, &limit, "time-limit", "time limit of the shift-plan search")
	interval := durationFlag{Value: defaults.Interval}
	durationVar(fs, &interval, "interval", "planning interval: 15m or 30m; the demo's shift templates step in half hours")
	var dirs demoDirs
	fs.StringVar(&dirs.out, "out-dir", "", "also write the synthetic history (history.csv) and the forecast of the following week (forecast.csv) into this directory")
	fs.StringVar(&dirs.charts, "charts", "", "also draw one chart of each kind into this directory: forecast.png, backtest.png, staffing.png, plan.png, roster.png, sweep.png, split.png")
	if err := parseFlags(fs, args); err != nil {
		return demo.Config{}, dirs, err
	}
	switch interval.Value {
	case 15 * time.Minute, 30 * time.Minute:
	default:
		return demo.Config{}, dirs, usageErrorf("flag -interval: %s; the demo plans on 15m or 30m intervals", shortDuration(interval.Value))
	}
	cfg := demo.DefaultConfig(*seed)
	cfg.TimeLimit = limit.Value
	cfg.Interval = interval.Value
	return cfg, dirs, nil
}

// writeDemoData writes the demo's history and forecast into dir in the
// formats "staffcast forecast -history" reads and writes, so the scenario
// examples (examples/scenarios) and the other commands can use them.
func writeDemoData(ctx context.Context, dir string, r *demo.Report) error {
	hist, err := render(func(w io.Writer) error { return writeDemoHistory(w, r.Forecast.Queue, r.History) })
	if err != nil {
		return err
	}
	fc, err := render(func(w io.Writer) error { return historycsv.WriteForecast(w, []*forecast.Result{r.Forecast}) })
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return usageErrorf("-out-dir: %v", err)
	}
	return commitOutputs([]outFile{{filepath.Join(dir, "history.csv"), hist}, {filepath.Join(dir, "forecast.csv"), fc}})
}

// writeDemoHistory writes synthetic intervals as a history CSV (everything
// offered was handled).
func writeDemoHistory(w io.Writer, queue string, hist []synth.Interval) error {
	cw := csvio.NewWriter(w)
	cw.Record(historycsv.ColStart, historycsv.ColQueue, historycsv.ColChannel, historycsv.ColOffered, historycsv.ColHandled, historycsv.ColAHT)
	channel := synth.Default(0).Channel
	for _, h := range hist {
		cw.Time(h.Start, time.RFC3339)
		cw.Field(queue)
		cw.Field(channel)
		cw.Int(int64(h.Offered))
		cw.Int(int64(h.Offered))
		cw.Float(h.AHTSeconds, 'f', 1)
		if err := cw.EndRecord(); err != nil {
			return err
		}
	}
	return cw.Flush()
}

func printDemo(w io.Writer, r *demo.Report) {
	cfg := r.Config
	total := 0
	for _, h := range r.History {
		total += h.Offered
	}
	first, last := r.History[0].Start, r.History[len(r.History)-1].Start
	fmt.Fprintf(w, "Staffcast demo: a synthetic retail contact centre (seed %d)\n\n", cfg.Seed)
	fmt.Fprintf(w, "History    %d weeks of %s intervals, %s to %s, open 08:00-20:00 daily: %s contacts, one holiday\n\n",
		cfg.HistoryWeeks, minutes(cfg.Interval), first.Format("Mon 2006-01-02"), last.Format("Mon 2006-01-02"), thousands(float64(total)))

	fmt.Fprintln(w, "Forecast accuracy: rolling-origin backtest, each origin forecasting 7 days ahead")
	writeBacktestTable(w, app.NewBacktestReport("retail", cfg.Interval, cfg.Origins, 7*24*time.Hour, r.Backtest))
	var vol, lo, hi float64
	for _, p := range r.Forecast.Points {
		vol += p.Volume
		lo += p.Lower80
		hi += p.Upper80
	}
	fmt.Fprintf(w, "\nForecast   week from %s: %s contacts with method %s (per-interval 80%% bands sum to %s-%s)\n",
		r.Requirements.Start.Format("Mon 2006-01-02"), thousands(vol), r.Forecast.Method, thousands(lo), thousands(hi))

	peak, hours := 0, 0.0
	var peakAt time.Time
	for i, m := range r.Staffing {
		hours += float64(m.Scheduled) * cfg.Interval.Hours()
		if m.Scheduled > peak {
			peak, peakAt = m.Scheduled, r.Forecast.Points[i].Start
		}
	}
	t := cfg.Targets
	fmt.Fprintf(w, "Staffing   Erlang C for %.0f%% answered in %.0f s, %.0f%% shrinkage: peak %d scheduled agents (%s), %s agent-hours in the week\n",
		100*t.ServiceLevel, t.ServiceTime.Seconds(), 100*t.Shrinkage, peak, peakAt.Format("Mon 15:04"), thousands(hours))

	p := r.Plan
	people := 0
	for _, s := range p.Shifts {
		people += s.Count
	}
	fmt.Fprintf(w, "Shift plan %s shifts of %d distinct kinds: shortage %s and excess %s person-minutes, %s paid hours\n",
		thousands(float64(people)), p.DistinctShifts, thousands(p.ShortageMinutes), thousands(p.ExcessMinutes), thousands(p.PaidHours))
	fmt.Fprintf(w, "           objective %s, lower bound %s, gap %.1f%%%s\n", thousands(p.Objective), thousands(p.LowerBound), shown(100*p.Gap, 10), stoppedNote(p.Stopped))
	printPlanGrid(w, r.Requirements, p.Shifts)

	s := r.Summary
	fmt.Fprintf(w, "\nRoster     %d agents: %s shifts assigned, %s open; evenings per agent %d-%d, weekend shifts %d-%d, %d shifts on preferred days off\n",
		len(r.Agents), thousands(float64(s.Assigned)), thousands(float64(s.Unassigned)), s.EveningsMin, s.EveningsMax, s.WeekendsMin, s.WeekendsMax, s.PreferredOffWorked)
	for _, a := range r.Roster.Shortfall {
		fmt.Fprintf(w, "           short: %d more agent(s) available %s would take %d open shifts\n", a.Agents, a.Availability, a.Shifts)
	}
}

// printPlanGrid prints one row per distinct shift with its head-count per
// weekday, the way planners read a shift plan.
func printPlanGrid(w io.Writer, req scheduler.Requirements, shifts []scheduler.PlannedShift) {
	type kind struct{ start, length time.Duration }
	counts := map[kind][]int{}
	var kinds []kind
	days := req.Days()
	for _, s := range shifts {
		k := kind{s.Start, s.Length}
		if counts[k] == nil {
			counts[k] = make([]int, days)
			kinds = append(kinds, k)
		}
		counts[k][s.Day] += s.Count
	}
	sort.Slice(kinds, func(i, j int) bool {
		if kinds[i].start != kinds[j].start {
			return kinds[i].start < kinds[j].start
		}
		return kinds[i].length < kinds[j].length
	})
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	head := []string{"start", "hours"}
	for d := 0; d < days; d++ {
		head = append(head, req.Weekday(d).String()[:3])
	}
	fmt.Fprintln(tw, "\t"+strings.Join(head, "\t")+"\t")
	for _, k := range kinds {
		row := []string{clock(k.start), fmt.Sprintf("%.2g", k.length.Hours())}
		for _, c := range counts[k] {
			row = append(row, fmt.Sprint(c))
		}
		fmt.Fprintln(tw, "\t"+strings.Join(row, "\t")+"\t")
	}
	tw.Flush()
}

func clock(d time.Duration) string {
	return fmt.Sprintf("%02d:%02d", int(d.Hours())%24, int(d.Minutes())%60)
}

// minutes names an interval the way planners do: "30-minute".
func minutes(d time.Duration) string { return fmt.Sprintf("%.0f-minute", d.Minutes()) }

func stoppedNote(stopped bool) string {
	if stopped {
		return " (search stopped at the time limit)"
	}
	return ""
}

// thousands formats a count with thousands separators, rounded.
func thousands(v float64) string {
	s := fmt.Sprintf("%.0f", shown(v, 1))
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// shown is v as a figure printed to 1/per shows it (per 1: whole numbers;
// per 1000: a share to a tenth of a percent), rounded half away from zero
// (fmt rounds a half to even, so 0.5 and 1.5 would print alike), without a
// negative zero. Differences and sums printed beside figures are taken of
// their shown values, so that they add up as printed.
func shown(v, per float64) float64 {
	r := math.Round(v*per) / per
	if r == 0 {
		return 0
	}
	return r
}

// costShown is the cost as the cost lines print it: the sum of its parts
// as shown, so "humans + bot + lost contacts = cost" adds up.
func costShown(t scenario.Totals) float64 {
	return shown(t.CostHumans, 1) + shown(t.CostBot, 1) + shown(t.CostLost, 1) + shown(t.CostBeyondHorizon, 1)
}
