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
// from 0.2 to 0.8 for the simulator. The others are not: below 0.2 both
// models are too pessimistic and above 0.8 too optimistic, by up to 0.15
// (README).
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
			// lowest predicted service level of the bins held within 0.05
			within := map[string]float64{calib.ModelErlangA: 0.4, calib.ModelSim: 0.2}
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
						tol = 0.16 // where the models fail: see README
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
// IN) after the others, by strict non-preemptive priority, leaves the end
// bins where first come first served has them (more than 0.05 off below a
// predicted 0.2 and above 0.8) and makes the simulator's bias worse.
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
	if math.Abs(s.Bias) <= math.Abs(base.Bias) {
		t.Errorf("priority bias %+.3f, first come first served %+.3f: expected worse", s.Bias, base.Bias)
	}
	for _, b := range []calib.Bin{s.Calibration[0], s.Calibration[len(s.Calibration)-1]} {
		if testing.Verbose() {
			t.Logf("priority bin: predicted %.3f, observed %.3f (%d intervals)", b.Predicted, b.Observed, b.Intervals)
		}
		if math.Abs(b.Predicted-b.Observed) <= 0.05 {
			t.Errorf("priority end bin: predicted %.3f, observed %.3f: the README says it stays off", b.Predicted, b.Observed)
		}
	}
}
