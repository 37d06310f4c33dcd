package main

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
)

// testdata/calls_small.tsv is written by hand (not real data): 20 calls
// from 9:00 (12 answered within 20 s, 4 abandoned), 25 from 9:30, one
// broken line and one phantom.
func TestCalibrateJSON(t *testing.T) {
	out, errs, code := runCLI(t, "", "calibrate", "-calls", "testdata/calls_small.tsv", "-interval", "30m", "-sl-time", "20s", "-json", "-replications", "4")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if !strings.Contains(errs, "skipped line 9") {
		t.Errorf("stderr does not report the broken line: %q", errs)
	}
	var res struct {
		Intervals []map[string]any `json:"intervals"`
		Summary   struct {
			MalformedRows int                `json:"malformed_rows"`
			Calls         int                `json:"calls"`
			NoiseFloor    float64            `json:"noise_floor"`
			Bias          map[string]float64 `json:"bias"`
			Calibration   map[string][]struct {
				Predicted, Observed float64
				Intervals           int
			} `json:"calibration"`
			Models map[string]struct {
				MAE  float64 `json:"mae"`
				Bias float64 `json:"bias"`
			} `json:"models"`
		} `json:"summary"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("%v in %s", err, out)
	}
	if len(res.Intervals) != 2 || res.Summary.Calls != 45 || res.Summary.MalformedRows != 1 {
		t.Fatalf("intervals %d, calls %d, malformed %d", len(res.Intervals), res.Summary.Calls, res.Summary.MalformedRows)
	}
	first := res.Intervals[0]
	for _, k := range []string{"interval_start", "arrivals", "aht_seconds", "patience_seconds", "agents", "observed_service_level", "observed_abandon_rate", "erlang_c_service_level", "erlang_a_service_level", "erlang_a_abandon_rate", "sim_service_level"} {
		if _, ok := first[k]; !ok {
			t.Errorf("interval lacks %q", k)
		}
	}
	if first["interval_start"] != "1999-01-03T09:00:00Z" || first["arrivals"] != 20.0 || first["observed_service_level"] != 0.6 || first["observed_abandon_rate"] != 0.2 {
		t.Errorf("first interval %v", first)
	}
	for _, m := range []string{"erlang_c", "erlang_a", "sim"} {
		if len(res.Summary.Calibration[m]) == 0 || math.IsNaN(res.Summary.Bias[m]) || res.Summary.Models[m].Bias != res.Summary.Bias[m] {
			t.Errorf("model %s: bias %v, calibration %v", m, res.Summary.Bias[m], res.Summary.Calibration[m])
		}
	}
	if !(res.Summary.NoiseFloor > 0) {
		t.Errorf("noise floor %v", res.Summary.NoiseFloor)
	}
}

func TestCalibrateTable(t *testing.T) {
	out, errs, code := runCLI(t, "", "calibrate", "-calls", "testdata/calls_small.tsv", "-replications", "2")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{"45 calls to the agent queue in 2 intervals", "1 malformed rows", "erlang_a", "noise floor", "best by bias"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestCalibrateBadUse(t *testing.T) {
	cases := []struct {
		name string
		args []string
		in   string
		want string
	}{
		{"no file", []string{}, "", "-calls"},
		{"missing file", []string{"-calls", "testdata/none.tsv"}, "", "none.tsv"},
		{"interval not dividing a day", []string{"-calls", "testdata/calls_small.tsv", "-interval", "7m"}, "", "interval"},
		{"step not dividing the interval", []string{"-calls", "testdata/calls_small.tsv", "-step", "7m"}, "", "-step"},
		// longer than the interval: it does not divide it either (it ran as
		// one capacity per interval, which is -step 30m)
		{"step longer than the interval", []string{"-calls", "testdata/calls_small.tsv", "-step", "1h"}, "", "-step: 1h must be positive and divide the interval 30m"},
		{"step of 90m", []string{"-calls", "testdata/calls_small.tsv", "-step", "90m"}, "", "-step: 1h30m must be positive and divide the interval 30m"},
		{"no header", []string{"-calls", "-"}, "", "header"},
		{"no arrivals", []string{"-calls", "-"}, "date\tvru_entry\tq_start\tq_time\toutcome\tser_start\tser_time\tserver\n", "no call"},
		// A file whose rows are all malformed is the problem, not its calls.
		{"every row malformed", []string{"-calls", "-"}, "date\tvru_entry\tq_start\tq_time\toutcome\tser_start\tser_time\tserver\nx\ty\n990101\t0:00:31\n",
			"-: all 2 rows were skipped as malformed (the first: line 2: "},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, errs, code := runCLI(t, c.in, append([]string{"calibrate"}, c.args...)...)
			if code != exitBadUse || !strings.Contains(errs, c.want) {
				t.Errorf("exit %d, stderr %q; want %d mentioning %q", code, errs, exitBadUse, c.want)
			}
			if strings.Contains(errs, "calibrate: calibrate:") || strings.Contains(errs, "calibrate: -: calibrate:") {
				t.Errorf("stderr %q names the command twice", errs)
			}
		})
	}
}
