package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/staffcast/staffcast/app"
	"github.com/staffcast/staffcast/calib"
	"github.com/staffcast/staffcast/charts"
)

const calibrateHelp = `Compare Erlang C, Erlang A and the simulator with real call records.

  staffcast calibrate -calls FILE.tsv -interval 30m -sl-time 20s [-step 3m] [-json] [-chart FILE.png|.svg]

FILE.tsv has one row per call (the Technion "Anonymous Bank" layout: date,
vru_entry, q_start, q_time, outcome AGENT/HANG/PHANTOM, ser_start, ser_time,
server, tab-separated). Per interval it estimates arrivals to the agent
queue, handle time, patience and the agents effectively serving, predicts the
service level with each model and compares: mean absolute error, bias
(calls-weighted mean predicted minus observed), five calibration bins, and
the noise floor (the error a perfect model would show). The simulator runs
each day in steps of -step (default 3m), each with its own recorded arrivals
and agents estimated over the step; a step as long as the interval gives one
capacity per interval. Malformed rows are skipped and counted.
`

func runCalibrate(ctx context.Context, args []string, e env) error {
	fs := newFlags("calibrate", e)
	withHelp(fs, e, calibrateHelp)
	path := fs.String("calls", "", "call records, tab-separated (- is stdin)")
	interval := durationFlag{Value: 30 * time.Minute}
	slTime := durationFlag{Value: 20 * time.Second}
	durationVar(fs, &interval, "interval", "interval length, dividing a day")
	durationVar(fs, &slTime, "sl-time", "service-level threshold")
	var step durationFlag
	durationVar(fs, &step, "step", fmt.Sprintf("simulator's staffing step within an interval, dividing it; the interval itself for one capacity per interval (default %v, or the longest whole minute below it that divides the interval)", calib.DefaultStep))
	seed := fs.Uint64("seed", 1, "simulator seed")
	reps := fs.Int("replications", calib.DefaultReplications, "simulated replications of each day")
	asJSON := fs.Bool("json", false, "print intervals and summary as JSON")
	chart := addChartFlag(fs, "observed against predicted service level per calibration bin, one line per model")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := requireFlag("calls", *path); err != nil {
		return err
	}
	if *reps < 1 {
		return usageErrorf("invalid value %d for flag -replications: must be >= 1", *reps)
	}
	f, err := openInput(*path, e)
	if err != nil {
		return err
	}
	defer f.Close()
	res, err := app.Calibrate(ctx, f, app.CalibrateRequest{
		Interval: app.Duration(interval.Value), SLTime: app.Duration(slTime.Value),
		Seed: *seed, Replications: *reps, Step: app.Duration(step.Value),
	})
	if err != nil {
		if app.KindOf(err) == app.Invalid {
			if fe := flagError(err); fe != err {
				return fe // about a flag, not the file
			}
			if inner := errors.Unwrap(err); inner != nil {
				err = inner // the command already says "calibrate"
			}
			return badInput(*path, err)
		}
		return err
	}
	for _, p := range res.Problems {
		fmt.Fprintf(e.stderr, "staffcast calibrate: %s: skipped line %d: %s\n", *path, p.Line, p.Reason)
	}
	fill := func(w io.Writer) error { return writeCalibration(w, res) }
	if *asJSON {
		fill = func(w io.Writer) error { return writeJSONLine(w, res) }
	}
	return writeWithChart("", e, fill, chart, func() (charts.Chart, error) { return calibrationChart(res), nil })
}

// calibrationChart draws the summary's calibration bins, one line a model.
func calibrationChart(res app.CalibrationResult) charts.Calibration {
	var c charts.Calibration
	for _, m := range calib.ModelNames() {
		ms := res.Summary.Models[m]
		mc := charts.ModelCalibration{Model: m, Bias: ms.Bias}
		for _, b := range ms.Calibration {
			mc.Predicted = append(mc.Predicted, b.Predicted)
			mc.Observed = append(mc.Observed, b.Observed)
			mc.Intervals = append(mc.Intervals, b.Intervals)
		}
		c.Models = append(c.Models, mc)
	}
	return c
}

// writeCalibration prints the comparison table and the calibration bins.
func writeCalibration(w io.Writer, res app.CalibrationResult) error {
	s := res.Summary
	fmt.Fprintf(w, "%d calls to the agent queue in %d intervals (%d skipped without talk time or agents, %d malformed rows)\n",
		s.Calls, s.Intervals, s.SkippedIntervals, s.MalformedRows)
	fmt.Fprintf(w, "observed service level %.3f, abandonment %.3f\n", s.ObservedServiceLevel, s.ObservedAbandonRate)
	stepNote := "one capacity per interval"
	if s.Params.StepSeconds > 0 {
		stepNote = fmt.Sprintf("simulator step %v", time.Duration(s.Params.StepSeconds*float64(time.Second)))
	}
	fmt.Fprintf(w, "method: patience %.0fs (pooled), availability %.3f, wrap %.1fs, %s\n\n", s.Params.PatienceSeconds, s.Params.Availability, s.Params.WrapSeconds, stepNote)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "model\tMAE\tnoise floor\tbias\tcalibration bins: predicted / observed (intervals)\t")
	for _, m := range calib.ModelNames() {
		ms := s.Models[m]
		bins := ""
		for i, b := range ms.Calibration {
			if i > 0 {
				bins += "  "
			}
			bins += fmt.Sprintf("%.2f/%.2f (%d)", b.Predicted, b.Observed, b.Intervals)
		}
		fmt.Fprintf(tw, "%s\t%.3f\t%.3f\t%+.3f\t%s\t\n", m, ms.MAE, s.NoiseFloor, ms.Bias, bins)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintf(w, "best by bias: %s\n", s.Best)
	return err
}
