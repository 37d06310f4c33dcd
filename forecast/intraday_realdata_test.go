package forecast_test

import (
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/staffcast/staffcast/forecast"
)

// intradayGain re-forecasts the rest of each of days [from, to) of s
// from origins at the given wall-clock hours and scores it against the
// same intervals of the forecast made at midnight (the night before). It
// returns the WAPE of both per origin hour, and that of the night-before
// forecast scaled so that each afternoon's total is right (the best a
// level correction can do).
func intradayGain(tb testing.TB, s *forecast.Series, from, to int, hours []int) (night, intra, oracle []float64) {
	tb.Helper()
	night, intra, oracle = make([]float64, len(hours)), make([]float64, len(hours)), make([]float64, len(hours))
	nAbs, iAbs, oAbs, act := make([]float64, len(hours)), make([]float64, len(hours)), make([]float64, len(hours)), make([]float64, len(hours))
	slot := func(t time.Time) (int, int) {
		return int(t.Sub(s.First()).Hours() / 24), int(forecast.WallClock(t) / s.Interval)
	}
	for d := from; d < to; d++ {
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
			var fs, as float64 // the afternoon's night-before and actual totals
			type pair struct{ f, a float64 }
			var pm []pair
			for _, p := range r.Points {
				dd, sl := slot(p.Start)
				a, ok := s.Offered(dd, sl)
				if !ok {
					continue
				}
				iAbs[i] += math.Abs(p.Volume - a)
				nAbs[i] += math.Abs(at[p.Start] - a)
				act[i] += a
				fs += at[p.Start]
				as += a
				pm = append(pm, pair{at[p.Start], a})
			}
			for _, x := range pm {
				if fs > 0 {
					oAbs[i] += math.Abs(x.f*as/fs - x.a)
				}
			}
		}
	}
	for i := range hours {
		night[i], intra[i], oracle[i] = nAbs[i]/act[i], iAbs[i]/act[i], oAbs[i]/act[i]
	}
	return night, intra, oracle
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
	night, intra, oracle := intradayGain(t, s, s.Days()-40, s.Days(), hours)
	var b strings.Builder
	fmt.Fprintf(&b, "| origin | night-before WAPE | intraday WAPE | change | afternoon total known |\n|---|---|---|---|---|\n")
	for i, h := range hours {
		fmt.Fprintf(&b, "| %02d:00 | %.4f | %.4f | %+.1f%% | %+.1f%% |\n", h, night[i], intra[i], 100*(intra[i]/night[i]-1), 100*(oracle[i]/night[i]-1))
	}
	t.Logf("bank2003, rest of the day, last 40 days:\n%s", b.String())
	for i, h := range hours {
		if intra[i] > 0.75*night[i] {
			t.Errorf("from %02d:00: intraday WAPE %.4f is not 25%% below the night-before's %.4f", h, intra[i], night[i])
		}
	}
}

// TestIntradayElsewhere measures the intraday re-forecast where its
// constants were chosen (the bank's 90 days before the scored 40), at 15
// and 60 minutes on the scored days, and on the Israeli bank's last 40
// days; it logs the README's table and holds that the re-forecast beats
// the night before everywhere, and that no level correction could beat
// knowing the afternoon's total.
func TestIntradayElsewhere(t *testing.T) {
	type run struct {
		name     string
		file     string
		iv       time.Duration
		from, to int // days back from the end
	}
	hours := []int{11, 13}
	var b strings.Builder
	fmt.Fprintf(&b, "| data | 11:00 change | 13:00 change | afternoon total known |\n|---|---|---|---|\n")
	for _, r := range []run{
		{"bank, 30 min, 90 training days", "bank2003/history_5min.csv", 30 * time.Minute, 130, 40},
		{"bank, 15 min, scored days", "bank2003/history_5min.csv", 15 * time.Minute, 40, 0},
		{"bank, 60 min, scored days", "bank2003/history_5min.csv", time.Hour, 40, 0},
		{"Israeli bank, 30 min, last 40 days", "israelbank1999/vru_6min.csv", 30 * time.Minute, 40, 0},
	} {
		s := loadShared(t, r.file, r.iv)
		night, intra, oracle := intradayGain(t, s, s.Days()-r.from, s.Days()-r.to, hours)
		fmt.Fprintf(&b, "| %s | %+.1f%% | %+.1f%% | %+.1f%% / %+.1f%% |\n", r.name,
			100*(intra[0]/night[0]-1), 100*(intra[1]/night[1]-1), 100*(oracle[0]/night[0]-1), 100*(oracle[1]/night[1]-1))
		for i, h := range hours {
			if intra[i] >= night[i] {
				t.Errorf("%s from %02d:00: intraday WAPE %.4f not below the night-before's %.4f", r.name, h, intra[i], night[i])
			}
			if oracle[i] > intra[i] {
				t.Errorf("%s from %02d:00: the known-total forecast %.4f is worse than the re-forecast %.4f", r.name, h, oracle[i], intra[i])
			}
		}
	}
	t.Logf("intraday re-forecast against the night before:\n%s", b.String())
}
