package charts

import (
	"bytes"
	"errors"
	"math"
	"testing"
)

func TestCalibrationRender(t *testing.T) {
	c := Calibration{Title: "test", Models: []ModelCalibration{
		{Model: "erlang_a", Bias: -0.01, Predicted: []float64{0.1, 0.5, 0.9}, Observed: []float64{0.2, 0.52, 0.85}, Intervals: []int{3, 5, 7}},
		{Model: "erlang_c", Bias: math.NaN(), Predicted: []float64{0.05}, Observed: []float64{0.4}, Intervals: []int{9}},
	}}
	png, err := c.Render(Options{})
	if err != nil || !bytes.HasPrefix(png, []byte("\x89PNG")) {
		t.Fatalf("PNG: %v", err)
	}
	svg, err := c.Render(Options{Format: SVG})
	if err != nil || !bytes.Contains(svg, []byte("bias -0.010")) || !bytes.Contains(svg, []byte("observed service level")) {
		t.Fatalf("SVG lacks the legend or axis: %v", err)
	}
}

func TestCalibrationErrors(t *testing.T) {
	cases := []struct {
		name string
		c    Calibration
		want error
	}{
		{"no models", Calibration{}, ErrEmpty},
		{"no finite bin", Calibration{Models: []ModelCalibration{{Model: "m", Predicted: []float64{math.NaN()}, Observed: []float64{0.5}}}}, ErrEmpty},
		{"lengths differ", Calibration{Models: []ModelCalibration{{Model: "m", Predicted: []float64{0.1, 0.2}, Observed: []float64{0.5}}}}, ErrLength},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := tc.c.Render(Options{}); !errors.Is(err, tc.want) {
				t.Errorf("err %v, want %v", err, tc.want)
			}
		})
	}
}
