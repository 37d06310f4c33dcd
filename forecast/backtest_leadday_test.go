package forecast_test

import (
	"math"
	"testing"

	"github.com/staffcast/staffcast/forecast"
	"github.com/staffcast/staffcast/forecast/synth"
)

// TestBacktestLeadDayWAPE: one WAPE per day of the horizon; day 1 is the
// day-ahead WAPE, and the overall WAPE, their actual-weighted mean, lies
// between the least and the greatest.
func TestBacktestLeadDayWAPE(t *testing.T) {
	cfg := synth.Default(7)
	cfg.Days = 10 * 7
	cfg.Holidays = nil
	s, _ := synthSeries(t, cfg)
	rows, err := forecast.Backtest(s, forecast.BacktestConfig{Origins: 2})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if len(r.LeadDayWAPE) != 7 {
			t.Fatalf("%s: %d lead days, want 7", r.Method, len(r.LeadDayWAPE))
		}
		lo, hi := math.Inf(1), math.Inf(-1)
		for _, v := range r.LeadDayWAPE {
			if !(v >= 0) {
				t.Fatalf("%s: lead-day WAPE %v", r.Method, r.LeadDayWAPE)
			}
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
		if math.Abs(r.LeadDayWAPE[0]-r.FirstDayWAPE) > 1e-12 {
			t.Errorf("%s: day 1 WAPE %v, first-day WAPE %v", r.Method, r.LeadDayWAPE[0], r.FirstDayWAPE)
		}
		if r.WAPE < lo-1e-12 || r.WAPE > hi+1e-12 {
			t.Errorf("%s: WAPE %v outside its lead days' [%v, %v]", r.Method, r.WAPE, lo, hi)
		}
	}
}
