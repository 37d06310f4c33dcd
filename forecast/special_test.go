package forecast_test

import (
	"math"
	"testing"
	"time"

	"github.com/staffcast/staffcast/forecast"
	"github.com/staffcast/staffcast/forecast/synth"
)

// A holiday without a factor learns its effect from past days of its name
// (synthetic history: each one came in at 30% of an ordinary day); a
// factor given in the calendar wins over what was learnt.
func TestSpecialDayLearntAndGiven(t *testing.T) {
	cfg := tenWeeks(21)
	past := []time.Time{time.Date(2026, 1, 21, 0, 0, 0, 0, time.UTC), time.Date(2026, 2, 11, 0, 0, 0, 0, time.UTC)}
	cfg.Holidays, cfg.HolidayFactor = past, 0.3
	s, _ := synthSeries(t, cfg)
	next := time.Date(2026, 3, 18, 0, 0, 0, 0, time.UTC) // a Wednesday in the horizon
	cal := forecast.Calendar{}
	for _, d := range append(past, next) {
		cal = append(cal, forecast.SpecialDay{Date: d, Kind: forecast.Holiday, Name: "Founders_Day"})
	}
	dayOf := func(r *forecast.Result, d time.Time) (v float64, label string) {
		for _, p := range r.Points {
			if p.Start.Truncate(24 * time.Hour).Equal(d) {
				v += p.Volume
				label = p.SpecialDay
			}
		}
		return v, label
	}
	run := func(cal forecast.Calendar) *forecast.Result {
		r, err := forecast.Forecast(s, s.NextStart(), 168*time.Hour, forecast.Options{Calendar: cal})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	plain := run(forecast.Calendar{cal[0], cal[1]})
	ordinary, label := dayOf(plain, next)
	if label != "" {
		t.Errorf("unmarked day labelled %q", label)
	}
	learnt, label := dayOf(run(cal), next)
	if label != "learnt: founders_day (2 days)" {
		t.Errorf("label %q, want the name's 2 past days", label)
	}
	if r := learnt / ordinary; math.Abs(r-0.3) > 0.06 {
		t.Errorf("learnt holiday at %.3f of an ordinary day, want about 0.3", r)
	}
	cal[2].Factor = 0.8
	given, label := dayOf(run(cal), next)
	if label != forecast.SpecialGiven || math.Abs(given-0.8*ordinary) > 1e-6*ordinary {
		t.Errorf("given factor 0.8: %.1f (%q), want %.1f (%q)", given, label, 0.8*ordinary, forecast.SpecialGiven)
	}
	// no past day of the name: the kind's
	cal[2].Factor, cal[2].Name = 0, "other"
	if _, label := dayOf(run(cal), next); label != "learnt: kind holiday (2 days)" {
		t.Errorf("label %q, want the kind's 2 past days", label)
	}
	// no past holiday at all
	if _, label := dayOf(run(forecast.Calendar{cal[2]}), next); label != forecast.SpecialUnlearnt {
		t.Errorf("label %q, want %q", label, forecast.SpecialUnlearnt)
	}
}

// A forecast starting inside a day corrects the rest of it from the day's
// actuals before the start, and uses nothing at or after the start.
func TestIntradayCorrection(t *testing.T) {
	cfg := tenWeeks(31)
	cfg.Days = 71 // the history runs to the end of Monday 2026-03-16
	day := time.Date(2026, 3, 16, 0, 0, 0, 0, time.UTC)
	start := day.Add(12 * time.Hour)
	build := func(morning, afternoon float64) *forecast.Series {
		all, _ := synth.Generate(cfg)
		return mustSeries(t, records(all, nil, func(x synth.Interval) float64 {
			switch {
			case x.Start.Before(day):
				return 1
			case x.Start.Before(start):
				return morning
			}
			return afternoon
		}))
	}
	run := func(s *forecast.Series, at time.Time) *forecast.Result {
		r, err := forecast.Forecast(s, at, day.Add(24*time.Hour).Sub(at), forecast.Options{})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	hot := run(build(1.5, 1), start)
	if hot.IntradayRatio < 1.4 {
		t.Errorf("a morning 50%% above forecast gives ratio %.3f", hot.IntradayRatio)
	}
	if other := run(build(1.5, 9), start); other.Points[0] != hot.Points[0] || other.IntradayRatio != hot.IntradayRatio {
		t.Errorf("the afternoon's actuals changed the forecast: %+v (ratio %v) vs %+v (ratio %v)", other.Points[0], other.IntradayRatio, hot.Points[0], hot.IntradayRatio)
	}
	night := run(build(1.5, 1), day)
	if night.IntradayRatio != 1 {
		t.Errorf("midnight start: ratio %v, want 1", night.IntradayRatio)
	}
	var a, b float64
	for _, p := range hot.Points {
		a += p.Volume
	}
	for _, q := range night.Points {
		if !q.Start.Before(start) {
			b += q.Volume
		}
	}
	if a < 1.25*b {
		t.Errorf("afternoon after a hot morning %.0f, night-before %.0f: want at least 25%% more", a, b)
	}
}
