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
// Israeli bank's January: Erlang A and the simulator (each day in sequence,
// in 3-minute steps with their own arrivals and agents) unbiased within 0.02
// on the whole month, on its first half (on which the method was chosen) and
// on its second half (held back), per-interval error at the noise floor.
// The simulator meets the goal of every calibration bin within 0.05 on all
// three. Erlang A's bins are within 0.05 only from 0.4 to 0.8, its end bins
// within 0.13 (README).
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
	var early, late []calib.Call
	for _, c := range calls {
		if c.Line > 0 && (c.QueueStart.Day() >= 18 || c.ServiceStart.Day() >= 18) {
			late = append(late, c)
		} else {
			early = append(early, c)
		}
	}
	halves := []struct {
		name  string
		calls []calib.Call
	}{
		{"month", calls},
		{"chosen on 1-17 January", early},
		{"held-out 18-31 January", late},
	}
	for _, h := range halves {
		t.Run(h.name, func(t *testing.T) {
			rep, err := calib.Calibrate(context.Background(), h.calls, calib.Options{Seed: 1})
			if err != nil {
				t.Fatal(err)
			}
			if rep.Params.StepSeconds != calib.DefaultStep.Seconds() {
				t.Errorf("step %v s, want the default %v", rep.Params.StepSeconds, calib.DefaultStep)
			}
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
					if m == calib.ModelErlangA && (b.Low < 0.4 || b.Low >= 0.8) {
						tol = 0.13 // where Erlang A fails: see README
					}
					if testing.Verbose() {
						t.Logf("%s bin %d: predicted %.3f, observed %.3f (%d intervals)", m, i, b.Predicted, b.Observed, b.Intervals)
					}
					if math.Abs(b.Predicted-b.Observed) > tol {
						t.Errorf("%s bin %d: predicted %.3f, observed %.3f (%d intervals), tolerance %.2f", m, i, b.Predicted, b.Observed, b.Intervals, tol)
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
// IN) after the others, by strict non-preemptive priority, keeps the lowest
// bin within 0.05 but makes the simulator more optimistic than first come
// first served (bias +0.021 against +0.005, at the goal's edge), so it is
// not the method.
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
	if s.Bias < base.Bias+0.01 {
		t.Errorf("priority bias %+.3f, first come first served %+.3f: expected at least 0.01 more optimistic", s.Bias, base.Bias)
	}
	low := s.Calibration[0]
	if testing.Verbose() {
		t.Logf("priority bias %+.3f (first come first served %+.3f), bins %+v", s.Bias, base.Bias, s.Calibration)
	}
	if math.Abs(low.Predicted-low.Observed) > 0.05 {
		t.Errorf("priority lowest bin: predicted %.3f, observed %.3f: the README says within 0.05", low.Predicted, low.Observed)
	}
}
