package calib_test

import (
	"context"
	"math"
	"os"
	"testing"

	"github.com/staffcast/staffcast/calib"
	"github.com/staffcast/staffcast/csvio/callsio"
	"github.com/staffcast/staffcast/internal/shareddata"
)

// TestJanuary1999 holds the method to what the README reports on the
// Israeli bank's January: Erlang A and the simulator (each day in sequence)
// unbiased within 0.02 on the whole month and on its second half (held back
// when the method was chosen on the first), per-interval error at the noise
// floor, the calibration bins within 0.05 from 0.4 to 0.8 for Erlang A and
// from 0.2 to 0.8 for the simulator. The others are not: the simulator's
// end bins are within 0.08 (below 0.2 too pessimistic, above 0.8 too
// optimistic), Erlang A's within 0.13 (README).
func TestJanuary1999(t *testing.T) {
	f, err := os.Open(shareddata.Path(t, "israelbank1999/calls_january_1999.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	calls, read, err := callsio.Read(f)
	if err != nil {
		t.Fatal(err)
	}
	if read.Calls < 30000 {
		t.Fatalf("read %+v", read)
	}
	var late []calib.Call
	for _, c := range calls {
		if c.Line > 0 && (c.QueueStart.Day() >= 18 || c.ServiceStart.Day() >= 18) {
			late = append(late, c)
		}
	}
	for name, cs := range map[string][]calib.Call{"month": calls, "held-out 18-31 January": late} {
		t.Run(name, func(t *testing.T) {
			rep, err := calib.Calibrate(context.Background(), cs, calib.Options{Seed: 1})
			if err != nil {
				t.Fatal(err)
			}
			// lowest predicted service level of the bins held within 0.05,
			// and the tolerance outside them
			within := map[string]float64{calib.ModelErlangA: 0.4, calib.ModelSim: 0.2}
			outside := map[string]float64{calib.ModelErlangA: 0.13, calib.ModelSim: 0.08}
			for _, m := range []string{calib.ModelErlangA, calib.ModelSim} {
				s := rep.Models[m]
				if math.Abs(s.Bias) > 0.02 {
					t.Errorf("%s bias %+.3f, goal within 0.02", m, s.Bias)
				}
				if s.MAE > rep.NoiseFloor+0.02 {
					t.Errorf("%s MAE %.3f above the noise floor %.3f", m, s.MAE, rep.NoiseFloor)
				}
				for i, b := range s.Calibration {
					tol := 0.05
					if b.Low < within[m] || b.Low >= 0.8 {
						tol = outside[m] // where the models fail: see README
					}
					if testing.Verbose() {
						t.Logf("%s bin %d: predicted %.3f, observed %.3f (%d intervals)", m, i, b.Predicted, b.Observed, b.Intervals)
					}
					if math.Abs(b.Predicted-b.Observed) > tol {
						t.Errorf("%s bin %d: predicted %.3f, observed %.3f (%d intervals)", m, i, b.Predicted, b.Observed, b.Intervals)
					}
				}
			}
			if c := rep.Models[calib.ModelErlangC]; c.Bias > -0.1 {
				t.Errorf("Erlang C bias %+.3f: it should be far too pessimistic without abandonment", c.Bias)
			}
		})
	}
}

// TestJanuary1999Priority holds what the README reports of priority
// classes on the month: serving the new-customer and internet calls (NW,
// IN) after the others, by strict non-preemptive priority, brings the
// lowest bin within 0.05 but leaves the top bin where first come first
// served has it (more than 0.05 too optimistic) and pushes the simulator's
// bias past the goal of 0.02.
func TestJanuary1999Priority(t *testing.T) {
	f, err := os.Open(shareddata.Path(t, "israelbank1999/calls_january_1999.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	calls, _, err := callsio.Read(f)
	if err != nil {
		t.Fatal(err)
	}
	fcfs, err := calib.Calibrate(context.Background(), calls, calib.Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	pri, err := calib.Calibrate(context.Background(), calls, calib.Options{Seed: 1, Class: func(c calib.Call) int {
		if c.Type == "NW" || c.Type == "IN" {
			return 1
		}
		return 0
	}})
	if err != nil {
		t.Fatal(err)
	}
	s, base := pri.Models[calib.ModelSim], fcfs.Models[calib.ModelSim]
	if math.Abs(s.Bias) <= math.Max(math.Abs(base.Bias), 0.02) {
		t.Errorf("priority bias %+.3f, first come first served %+.3f: expected worse and past 0.02", s.Bias, base.Bias)
	}
	low, top := s.Calibration[0], s.Calibration[len(s.Calibration)-1]
	if testing.Verbose() {
		t.Logf("priority bins: lowest %.3f/%.3f (%d), top %.3f/%.3f (%d)", low.Predicted, low.Observed, low.Intervals, top.Predicted, top.Observed, top.Intervals)
	}
	if math.Abs(low.Predicted-low.Observed) > 0.05 {
		t.Errorf("priority lowest bin: predicted %.3f, observed %.3f: the README says within 0.05", low.Predicted, low.Observed)
	}
	if top.Predicted-top.Observed <= 0.05 {
		t.Errorf("priority top bin: predicted %.3f, observed %.3f: the README says more than 0.05 too optimistic", top.Predicted, top.Observed)
	}
}
