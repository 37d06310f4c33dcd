package forecast_test

import (
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/staffcast/staffcast/forecast"
)

// intradayGain re-forecasts the rest of each of the last `days` days of s
// from origins at the given wall-clock hours and scores it against the
// same intervals of the forecast made at midnight (the night before). It
// returns the WAPE of both per origin hour.
func intradayGain(tb testing.TB, s *forecast.Series, days int, hours []int) (night, intra []float64) {
	tb.Helper()
	night, intra = make([]float64, len(hours)), make([]float64, len(hours))
	nAbs, iAbs, act := make([]float64, len(hours)), make([]float64, len(hours)), make([]float64, len(hours))
	slot := func(t time.Time) (int, int) {
		return int(t.Sub(s.First()).Hours() / 24), int(forecast.WallClock(t) / s.Interval)
	}
	for d := s.Days() - days; d < s.Days(); d++ {
		day := s.Date(d)
		base, err := forecast.Forecast(s, day, 24*time.Hour, forecast.Options{})
		if err != nil {
			tb.Fatal(err)
		}
		at := map[time.Time]float64{}
		for _, p := range base.Points {
			at[p.Start] = p.Volume
		}
		for i, h := range hours {
			start := day.Add(time.Duration(h) * time.Hour)
			r, err := forecast.Forecast(s, start, 24*time.Hour-time.Duration(h)*time.Hour, forecast.Options{})
			if err != nil {
				tb.Fatal(err)
			}
			for _, p := range r.Points {
				dd, sl := slot(p.Start)
				a, ok := s.Offered(dd, sl)
				if !ok {
					continue
				}
				iAbs[i] += math.Abs(p.Volume - a)
				nAbs[i] += math.Abs(at[p.Start] - a)
				act[i] += a
			}
		}
	}
	for i := range hours {
		night[i], intra[i] = nAbs[i]/act[i], iAbs[i]/act[i]
	}
	return night, intra
}

// TestBankIntraday measures the intraday re-forecast on the US bank data:
// the rest of the day re-forecast at 11:00 and 13:00 from the morning's
// actuals against the same forecast made the night before, over the last
// 40 days (28 business days, which the constants were not chosen on).
// Measured: 26.2% less error from 11:00, 26.7% from 13:00; the test holds
// the goal of 25%. The computation is deterministic, so the
// margin of a point is not noise; a change to the forecast that eats it
// should be looked at.
func TestBankIntraday(t *testing.T) {
	s := loadShared(t, "bank2003/history_5min.csv", 30*time.Minute)
	hours := []int{11, 13}
	night, intra := intradayGain(t, s, 40, hours)
	var b strings.Builder
	fmt.Fprintf(&b, "| origin | night-before WAPE | intraday WAPE | change |\n|---|---|---|---|\n")
	for i, h := range hours {
		fmt.Fprintf(&b, "| %02d:00 | %.4f | %.4f | %+.1f%% |\n", h, night[i], intra[i], 100*(intra[i]/night[i]-1))
	}
	t.Logf("bank2003, rest of the day, last 40 days:\n%s", b.String())
	for i, h := range hours {
		if intra[i] > 0.75*night[i] {
			t.Errorf("from %02d:00: intraday WAPE %.4f is not 25%% below the night-before's %.4f", h, intra[i], night[i])
		}
	}
}
