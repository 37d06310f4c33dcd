package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/staffcast/staffcast/app"
	"github.com/staffcast/staffcast/charts"
	"github.com/staffcast/staffcast/csvio"
	"github.com/staffcast/staffcast/csvio/historycsv"
	"github.com/staffcast/staffcast/forecast"
	"github.com/staffcast/staffcast/internal/chartdata"
)

// runForecast forecasts volume (with 80/95% intervals) and handle time per
// planning interval for every queue of a history file.
func runForecast(ctx context.Context, args []string, e env) error {
	fs := newFlags("forecast", e)
	hist := fs.String("history", "", "history CSV (interval_start,queue,channel,offered[,handled,abandoned,aht_seconds]); - is stdin")
	calPath := fs.String("calendar", "", "special days CSV (date,queue,kind,factor,name); kind is closed, holiday or event; a day without a factor learns its effect from past days of its name, else of its kind")
	interval := durationFlag{Value: 30 * time.Minute}
	durationVar(fs, &interval, "interval", "planning interval; must divide a day and be a multiple of the history's")
	tzName := fs.String("tz", "UTC", "IANA time zone of timestamps without offset and of the queue's days, e.g. America/New_York")
	startFlag := fs.String("start", "", "first interval to forecast, RFC 3339 (default: right after the history ends); inside a day, the day's actuals before it correct the rest of the day")
	horizon := durationFlag{Value: 168 * time.Hour}
	durationVar(fs, &horizon, "horizon", "how far to forecast")
	method := fs.String("method", "auto", "auto, snaive, sma4, sma, profile, dses or combo")
	out := fs.String("out", "", "forecast CSV to write (default standard output)")
	chart := addChartFlag(fs, "the last two weeks of history and the forecast with its 80% and 95% intervals (one queue)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := requireFlag("history", *hist); err != nil {
		return err
	}
	m, err := forecast.ParseMethod(*method)
	if err != nil {
		return usageErrorf("-method: %v", err)
	}
	series, cal, loc, _, err := loadHistory("forecast", *hist, *calPath, *tzName, flagGiven(fs, "tz"), interval.Value, e)
	if err != nil {
		return err
	}
	var start time.Time
	if *startFlag != "" {
		if start, err = csvio.ParseLocalTime(*startFlag, loc); err != nil {
			return usageErrorf("-start: %v", err)
		}
		if off := forecast.WallClock(start.In(loc)) % interval.Value; off != 0 {
			return usageErrorf("-start: %s is not on the %s interval grid", *startFlag, shortDuration(interval.Value))
		}
	}
	res, err := app.Forecast(ctx, app.ForecastRequest{Series: series, Calendar: cal, Start: start, Horizon: horizon.Value, Interval: interval.Value, Method: m})
	if err != nil {
		return flagError(err)
	}
	results := res.Results
	for _, r := range results {
		total := 0.0
		for _, p := range r.Points {
			total += p.Volume
		}
		fmt.Fprintf(e.stderr, "queue %s: %s, %d intervals from %s, %.0f contacts\n", r.Queue, r.Method, len(r.Points), res.Start.In(loc).Format(time.RFC3339), total)
		if r.IntradayRatio != 1 {
			fmt.Fprintf(e.stderr, "queue %s: the day so far ran at %.3f x its forecast; the rest of the day is corrected\n", r.Queue, r.IntradayRatio)
		}
		warnForecast("", r, e)
	}
	return writeWithChart(*out, e, func(w io.Writer) error { return historycsv.WriteForecast(w, results) }, chart, func() (charts.Chart, error) {
		if len(results) != 1 {
			return nil, oneQueue(len(results))
		}
		r := results[0]
		return chartdata.Forecast(series[0], r.Queue, loc, interval.Value, app.ForecastRows(r), cal), nil
	})
}

// runBacktest prints every method's rolling-origin accuracy per queue.
func runBacktest(ctx context.Context, args []string, e env) error {
	fs := newFlags("backtest", e)
	hist := fs.String("history", "", "history CSV (interval_start,queue,channel,offered[,...]); - is stdin")
	calPath := fs.String("calendar", "", "special days CSV; those days are kept out of fits and scores")
	interval := durationFlag{Value: 30 * time.Minute}
	durationVar(fs, &interval, "interval", "planning interval")
	tzName := fs.String("tz", "UTC", "IANA time zone of timestamps without offset and of the queue's days")
	origins := fs.Int("origins", 8, "number of weekly forecast origins at the end of the history")
	horizon := durationFlag{Value: 168 * time.Hour}
	durationVar(fs, &horizon, "horizon", "how far each origin forecasts")
	asJSON := fs.Bool("json", false, "print the results as JSON")
	chart := addChartFlag(fs, "each method's error (WAPE) by lead day (one queue)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := requireFlag("history", *hist); err != nil {
		return err
	}
	if *origins < 1 {
		return usageErrorf("-origins: must be at least 1, got %d", *origins)
	}
	series, cal, _, offWarn, err := loadHistory("backtest", *hist, *calPath, *tzName, flagGiven(fs, "tz"), interval.Value, e)
	if err != nil {
		return err
	}
	res, err := app.Backtest(ctx, app.BacktestRequest{Series: series, Calendar: cal, Origins: *origins, Horizon: horizon.Value, Clock: time.Now})
	if err != nil {
		return flagError(err)
	}
	reports := res.Reports
	for i, r := range reports {
		if offWarn != "" { // printed by loadHistory; -json lists it too
			reports[i].Warnings = append([]string{offWarn}, r.Warnings...)
		}
		for _, w := range r.Warnings {
			fmt.Fprintf(e.stderr, "queue %s: warning: %s\n", r.Queue, w)
		}
	}
	files, err := chart.file(func() (charts.Chart, error) {
		if len(reports) != 1 {
			return nil, oneQueue(len(reports))
		}
		return chartdata.Backtest(reports[0]), nil
	})
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err // interrupted: write nothing
	}
	if err := commitOutputs(files); err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(reports)
	}
	for i, rep := range reports {
		if i > 0 {
			fmt.Fprintln(e.stdout)
		}
		writeBacktestTable(e.stdout, rep)
	}
	return nil
}

// writeBacktestTable prints one queue's backtest as an aligned table.
func writeBacktestTable(w io.Writer, rep app.BacktestReport) {
	fmt.Fprintf(w, "queue %s: %s intervals, %d weekly origins, %s horizon\n", rep.Queue, rep.Interval, rep.Origins, rep.Horizon)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "method\tWAPE\tday-1 WAPE\tMASE\tbias\tcov80\tcov95\tfit s\t")
	for _, r := range rep.Methods {
		mase := "n/a" // the seasonal naive forecast fitted the history exactly
		if r.MASE != nil {
			mase = fmt.Sprintf("%.3f", *r.MASE)
		}
		fmt.Fprintf(tw, "%s\t%.4f\t%.4f\t%s\t%+.4f\t%.3f\t%.3f\t%.3f\t\n", r.Method, r.WAPE, r.FirstDayWAPE, mase, r.Bias, r.Coverage80, r.Coverage95, r.FitSeconds)
	}
	tw.Flush()
	for _, r := range rep.Methods {
		if r.Method == string(forecast.MethodAuto) {
			fmt.Fprintf(w, "auto chose: %s\n", r.Chosen)
		}
	}
	if len(rep.OriginStarts) == 0 {
		return
	}
	// each origin's WAPE, one row per origin (- for a week without actuals)
	fmt.Fprintln(w, "WAPE by origin:")
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprint(tw, "origin\t")
	for _, r := range rep.Methods {
		fmt.Fprintf(tw, "%s\t", r.Method)
	}
	fmt.Fprintln(tw)
	for o, start := range rep.OriginStarts {
		fmt.Fprintf(tw, "%s\t", start)
		for _, r := range rep.Methods {
			if o < len(r.OriginWAPE) && r.OriginWAPE[o] != nil {
				fmt.Fprintf(tw, "%.4f\t", *r.OriginWAPE[o])
			} else {
				fmt.Fprint(tw, "-\t")
			}
		}
		fmt.Fprintln(tw)
	}
	tw.Flush()
}

// loadHistory reads the history (and calendar) and lays every queue on the
// planning grid. Without -tz (tzGiven false), timestamps written with a
// UTC offset other than 0 are a warning (warnHistoryOffsets), printed and
// returned as offWarn ("" for none).
func loadHistory(cmd, histPath, calPath, tzName string, tzGiven bool, interval time.Duration, e env) (_ []*forecast.Series, _ forecast.Calendar, _ *time.Location, offWarn string, _ error) {
	if strings.TrimSpace(tzName) == "" {
		return nil, nil, nil, "", usageErrorf("-tz: unknown time zone %q (use an IANA name like Europe/Paris)", tzName)
	}
	loc, err := loadTZ(tzName)
	if err != nil {
		return nil, nil, nil, "", err
	}
	if (24*time.Hour)%interval != 0 {
		return nil, nil, nil, "", usageErrorf("-interval: %s does not divide a day", shortDuration(interval))
	}
	if histPath == "-" && calPath == "-" {
		return nil, nil, nil, "", usageErrorf("only one of -history and -calendar can be standard input")
	}
	f, err := openInput(histPath, e)
	if err != nil {
		return nil, nil, nil, "", err
	}
	queues, offs, err := historycsv.ReadHistoryWith(f, loc, historycsv.Options{})
	f.Close()
	if err != nil {
		return nil, nil, nil, "", badInput(histPath, err)
	}
	if !tzGiven {
		offWarn = warnHistoryOffsets(cmd, histPath, loc, offs, "-tz", e)
	}
	var cal forecast.Calendar
	if calPath != "" {
		cf, err := openInput(calPath, e)
		if err != nil {
			return nil, nil, nil, "", err
		}
		var lines []int
		cal, lines, err = historycsv.ReadCalendarLines(cf)
		cf.Close()
		if err != nil {
			return nil, nil, nil, "", badInput(calPath, err)
		}
		warnCalendarQueues(cmd, calPath, cal, lines, queues, e)
	}
	series := make([]*forecast.Series, 0, len(queues))
	for i := range queues {
		q := &queues[i]
		if err := q.CheckInterval(interval); err != nil {
			if q.SingleRecord() { // the file is wrong, not the flag
				return nil, nil, nil, "", badInput(histPath, err)
			}
			return nil, nil, nil, "", usageErrorf("-interval: %s: %w", histPath, err)
		}
		s, err := q.Series(interval, loc)
		if err != nil {
			return nil, nil, nil, "", badInput(histPath, fmt.Errorf("queue %q: %w", q.Name, err))
		}
		series = append(series, s)
	}
	return series, cal, loc, offWarn, nil
}

// warnHistoryOffsets warns on stderr when a history read in the default
// zone loc (UTC) was written with other UTC offsets: its instants are
// right, but the queue's days, times of day and weekdays are loc's, not
// its local clock's (a New York queue's day would end at 19:00), and the
// forecast's intervals too. Each queue's rows are followed on their own
// (queues of one file may be in different zones): a change of offset in a
// queue's rows names its line, the queue, the other queues that change
// too and a zone that has both offsets; without one, the first queue
// written at another offset than loc's is named. knob is the setting that
// gives the zone (-tz, or a scenario's time_zone). It returns the warning
// after "warning: ", "" when there is none.
func warnHistoryOffsets(cmd, path string, loc *time.Location, offs csvio.Offsets, knob string, e env) string {
	if offs.FirstLine == 0 {
		return ""
	}
	name := path
	if name == "-" {
		name = "stdin"
	}
	tz := "the queue's IANA zone"
	var w string
	if changed := offs.Changed(); len(changed) > 0 {
		c := changed[0].Change
		if z := zoneOf(c.First, c.At); z != "" {
			tz = z + ", or the queue's own zone"
		}
		w = fmt.Sprintf("line %d (interval_start): the UTC offset%s changes from %s (line %d) to %s%s: the file is in a zone with clock changes, but without %s its days and times of day are read in %s (give %s %s)",
			c.Line, ofQueue(c.Queue), c.First.Format("-07:00"), c.FirstLine, c.At.Format("-07:00"), alsoChanged(changed[1:]), knob, loc, knob, tz)
	} else {
		for _, q := range offs.Queues {
			if _, want := q.First.In(loc).Zone(); offset(q.First) != want {
				w = fmt.Sprintf("line %d (interval_start): the times%s are written at UTC offset %s, but without %s the queue's days and times of day are read in %s (give %s %s)",
					q.FirstLine, ofQueue(q.Queue), q.First.Format("-07:00"), knob, loc, knob, tz)
				break
			}
		}
		if w == "" {
			return ""
		}
	}
	fmt.Fprintf(e.stderr, "staffcast %s: %s: warning: %s\n", cmd, name, w)
	return w
}

// ofQueue is " of queue Q" for a warning about queue's rows, "" in a file
// without a queue column.
func ofQueue(queue string) string {
	if queue == "" {
		return ""
	}
	return fmt.Sprintf(" of queue %q", queue)
}

// alsoChanged names, after a warning about the first queue whose UTC
// offset changes, the other queues whose offsets change and the line
// where each does (the first five): "" when there are none.
func alsoChanged(qs []csvio.QueueOffsets) string {
	if len(qs) == 0 {
		return ""
	}
	var parts []string
	for i, q := range qs {
		if i == 5 {
			parts = append(parts, fmt.Sprintf("%d more", len(qs)-i))
			break
		}
		parts = append(parts, fmt.Sprintf("%q at line %d", q.Queue, q.Change.Line))
	}
	if len(qs) == 1 {
		return " (so does that of queue " + parts[0] + ")"
	}
	return " (so do those of queues " + strings.Join(parts, ", ") + ")"
}

// offset is t's UTC offset in seconds.
func offset(t time.Time) int {
	_, off := t.Zone()
	return off
}

// warnForecast prints r's warnings on stderr, each as "queue Q: warning:
// W" after prefix (the forecast command's have none).
func warnForecast(prefix string, r *forecast.Result, e env) {
	for _, w := range r.Warnings {
		fmt.Fprintf(e.stderr, "%squeue %s: warning: %s\n", prefix, r.Queue, w)
	}
}

// flagGiven reports whether flag name was set on the command line.
func flagGiven(fs *flag.FlagSet, name string) bool {
	given := false
	fs.Visit(func(f *flag.Flag) { given = given || f.Name == name })
	return given
}

// warnCalendarQueues warns on stderr about each calendar row for a queue
// the history does not have (a typo such as Retail for retail would
// silently drop a closure): it names the line and the queue and lists the
// history's queues. Such rows are not an error, since one calendar may
// serve several histories; queue names match exactly, case included.
func warnCalendarQueues(cmd, calPath string, cal forecast.Calendar, lines []int, queues []historycsv.Queue, e env) {
	have := make([]string, len(queues))
	for i, q := range queues {
		have[i] = strconv.Quote(q.Name)
	}
	name := calPath
	if name == "-" {
		name = "stdin"
	}
	for i, d := range cal {
		if d.Queue == "" || slices.ContainsFunc(queues, func(q historycsv.Queue) bool { return q.Name == d.Queue }) {
			continue
		}
		fmt.Fprintf(e.stderr, "staffcast %s: %s: warning: line %d (queue): queue %q is not in the history, so this %s day is ignored (the history's queues: %s; names match exactly, case included)\n",
			cmd, name, lines[i], d.Queue, d.Kind, strings.Join(have, ", "))
	}
}

// shortDuration prints 30m and 168h rather than 30m0s and 168h0m0s.
func shortDuration(d time.Duration) string { return app.ShortDuration(d) }
