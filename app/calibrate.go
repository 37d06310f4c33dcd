package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"time"

	"github.com/staffcast/staffcast/calib"
	"github.com/staffcast/staffcast/csvio/callsio"
)

// CalibrateRequest asks how well Erlang C, Erlang A and the simulator
// predict the service level of a centre's real call records.
type CalibrateRequest struct {
	Interval     Duration `json:"interval"`     // interval length dividing a day; zero means 30m
	SLTime       Duration `json:"sl_time"`      // service-level threshold; zero means 20s
	Seed         uint64   `json:"seed"`         // simulator seed
	Replications int      `json:"replications"` // simulator replications of each day; zero means calib.DefaultReplications
	// Step is the simulator's staffing resolution within an interval
	// (calib.Options.Step); zero means calib.DefaultStep, the interval
	// itself one capacity per interval. It must divide the interval (a
	// longer step is refused too).
	Step Duration `json:"step,omitempty"`
}

// CalibrationInterval is one interval of the report: the estimated inputs,
// what happened and each model's prediction.
type CalibrationInterval struct {
	IntervalStart        time.Time `json:"interval_start"`
	Arrivals             int       `json:"arrivals"`
	AHTSeconds           float64   `json:"aht_seconds"`  // handle time the models use: talk + wrap
	TalkSeconds          float64   `json:"talk_seconds"` // mean talk time in the records
	PatienceSeconds      float64   `json:"patience_seconds"`
	Agents               float64   `json:"agents"`
	ObservedServiceLevel float64   `json:"observed_service_level"`
	ObservedAbandonRate  float64   `json:"observed_abandon_rate"`
	ErlangCServiceLevel  float64   `json:"erlang_c_service_level"`
	ErlangAServiceLevel  float64   `json:"erlang_a_service_level"`
	ErlangAAbandonRate   float64   `json:"erlang_a_abandon_rate"`
	SimServiceLevel      float64   `json:"sim_service_level"`
	// StepAgents are the effective agents of each step of the interval
	// that the simulator runs (their mean is Agents); absent without steps.
	StepAgents []float64 `json:"step_agents,omitempty"`
}

// CalibrationSummary compares the models over every interval.
type CalibrationSummary struct {
	Calls                int     `json:"calls"`
	Intervals            int     `json:"intervals"`
	SkippedIntervals     int     `json:"skipped_intervals"` // arrivals but no talk time or no agent evidence (calib.Report.Skipped)
	MalformedRows        int     `json:"malformed_rows"`
	ObservedServiceLevel float64 `json:"observed_service_level"`
	ObservedAbandonRate  float64 `json:"observed_abandon_rate"`
	// NoiseFloor is the MAE a perfect model would show (calib.Report).
	NoiseFloor float64                       `json:"noise_floor"`
	Models     map[string]calib.ModelSummary `json:"models"`
	// MAE, Bias and Calibration repeat Models' figures keyed by model.
	MAE         map[string]float64     `json:"mae"`
	Bias        map[string]float64     `json:"bias"`
	Calibration map[string][]calib.Bin `json:"calibration"`
	// Best is the model with the smallest absolute bias.
	Best   string       `json:"best"`
	Params calib.Params `json:"method"`
}

// CalibrationResult is the answer to a CalibrateRequest; its JSON is what
// "staffcast calibrate -json" prints.
type CalibrationResult struct {
	Intervals []CalibrationInterval `json:"intervals"`
	Summary   CalibrationSummary    `json:"summary"`
	// Problems are the first malformed rows (line, column, reason).
	Problems []Detail `json:"problems,omitempty"`
}

// Calibrate reads call records (callsio's layout) from r and compares the
// models' predictions with what happened (calib.Calibrate). Malformed rows
// are skipped and counted; a file without usable calls is Invalid.
func Calibrate(ctx context.Context, r io.Reader, req CalibrateRequest) (CalibrationResult, error) {
	const op = "calibrate"
	var res CalibrationResult
	if req.Interval < 0 || (req.Interval > 0 && (24*time.Hour)%time.Duration(req.Interval) != 0) {
		return res, Invalidf("interval", "%v must be positive and divide a day", ShortDuration(time.Duration(req.Interval)))
	}
	if req.SLTime < 0 {
		return res, Invalidf("sl_time", "must be positive, got %v", time.Duration(req.SLTime))
	}
	if req.Replications < 0 || req.Replications > 10000 {
		return res, Invalidf("replications", "%d is outside [1, 10000]", req.Replications)
	}
	iv := time.Duration(req.Interval)
	if iv == 0 {
		iv = 30 * time.Minute
	}
	if st := time.Duration(req.Step); st < 0 || (st > 0 && iv%st != 0) {
		return res, Invalidf("step", "%v must be positive and divide the interval %v (the interval itself for one capacity per interval)", ShortDuration(st), ShortDuration(iv))
	}
	calls, read, err := callsio.Read(r)
	if err != nil {
		return res, Wrap(Invalid, op, err)
	}
	for _, p := range read.Problems {
		res.Problems = append(res.Problems, Detail{Line: p.Line, Column: p.Column, Field: p.Field, Reason: p.Err.Error()})
	}
	if len(calls) == 0 && read.Skipped > 0 {
		// the file is the problem, not the calls in it
		return res, &Error{Kind: Invalid, Op: op, Details: res.Problems,
			Err: fmt.Errorf("all %d rows were skipped as malformed (the first: %v)", read.Skipped, read.Problems[0])}
	}
	rep, err := calib.Calibrate(ctx, calls, calib.Options{
		Interval:     time.Duration(req.Interval),
		ServiceTime:  time.Duration(req.SLTime),
		Replications: req.Replications,
		Seed:         req.Seed,
		Step:         time.Duration(req.Step),
	})
	switch {
	case isContextErr(err):
		return res, err
	case errors.Is(err, calib.ErrNoCalls) && read.Skipped > 0:
		return res, &Error{Kind: Invalid, Op: op, Details: res.Problems,
			Err: fmt.Errorf("%w (%d of %d rows were skipped as malformed, the first: %v)", err, read.Skipped, read.Rows, read.Problems[0])}
	case errors.Is(err, calib.ErrNoCalls):
		return res, Wrap(Invalid, op, err)
	case err != nil:
		return res, Wrap(Internal, op, err)
	}
	for _, row := range rep.Rows {
		res.Intervals = append(res.Intervals, CalibrationInterval{
			IntervalStart:        row.Start,
			Arrivals:             row.Arrivals,
			AHTSeconds:           row.HandleSeconds,
			TalkSeconds:          row.AHTSeconds(),
			PatienceSeconds:      row.PatienceSeconds,
			Agents:               row.Agents,
			ObservedServiceLevel: row.ObservedServiceLevel(),
			ObservedAbandonRate:  row.ObservedAbandonRate(),
			ErlangCServiceLevel:  row.ErlangCServiceLevel,
			ErlangAServiceLevel:  row.ErlangAServiceLevel,
			ErlangAAbandonRate:   row.ErlangAAbandonRate,
			SimServiceLevel:      row.SimServiceLevel,
			StepAgents:           row.StepAgents,
		})
	}
	res.Summary = CalibrationSummary{
		Calls:                rep.Calls,
		Intervals:            len(rep.Rows),
		SkippedIntervals:     rep.Skipped,
		MalformedRows:        read.Skipped,
		ObservedServiceLevel: rep.ObservedServiceLevel,
		ObservedAbandonRate:  rep.ObservedAbandonRate,
		NoiseFloor:           rep.NoiseFloor,
		Models:               rep.Models,
		Params:               rep.Params,
	}
	res.Summary.MAE, res.Summary.Bias, res.Summary.Calibration = map[string]float64{}, map[string]float64{}, map[string][]calib.Bin{}
	best := math.Inf(1)
	for _, m := range calib.ModelNames() {
		res.Summary.MAE[m] = rep.Models[m].MAE
		res.Summary.Bias[m] = rep.Models[m].Bias
		res.Summary.Calibration[m] = rep.Models[m].Calibration
		if b := math.Abs(rep.Models[m].Bias); b < best {
			best, res.Summary.Best = b, m
		}
	}
	return res, nil
}
