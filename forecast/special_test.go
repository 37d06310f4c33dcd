package forecast_test

import (
	"math"
	"testing"
	"time"

	"github.com/staffcast/staffcast/forecast"
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
