package forecast_test

import (
	"errors"
	"math"
	"testing"
	"time"
	_ "time/tzdata" // time-zone tests run, not skip, without system zoneinfo

	"github.com/staffcast/staffcast/forecast"
)

// flatSeries is ten weeks of exactly 10 contacts every half hour, 08:00-20:00.
func flatSeries(t *testing.T) *forecast.Series {
	t.Helper()
	start := time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)
	var recs []forecast.Record
	for d := 0; d < 70; d++ {
		for m := 8 * 60; m < 20*60; m += 30 {
			recs = append(recs, forecast.Record{Start: start.AddDate(0, 0, d).Add(time.Duration(m) * time.Minute), Offered: 10})
		}
	}
	s, err := forecast.NewSeries(forecast.SeriesConfig{Queue: "flat", Interval: 30 * time.Minute}, recs)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestBacktestMASEUndefined: when the seasonal naive forecast fits the
// history exactly, MASE has no scale; it must say so (NaN), not read 0.
func TestBacktestMASEUndefined(t *testing.T) {
	rows, err := forecast.Backtest(flatSeries(t), forecast.BacktestConfig{Origins: 2})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if !math.IsNaN(r.MASE) {
			t.Errorf("%s: MASE %v on a flat history, want NaN", r.Method, r.MASE)
		}
		if r.FitSeconds != 0 {
			t.Errorf("%s: FitSeconds %v without a Clock, want 0", r.Method, r.FitSeconds)
		}
	}
}

func TestBacktestOriginsError(t *testing.T) {
	if _, err := forecast.Backtest(flatSeries(t), forecast.BacktestConfig{Origins: -1}); !errors.Is(err, forecast.ErrOrigins) {
		t.Errorf("err %v, want ErrOrigins", err)
	}
}
