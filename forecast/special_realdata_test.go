package forecast_test

import (
	"fmt"
	"math"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/staffcast/staffcast/csvio/historycsv"
	"github.com/staffcast/staffcast/forecast"
	"github.com/staffcast/staffcast/internal/shareddata"
)

func loadCalendar(tb testing.TB, rel string) forecast.Calendar {
	tb.Helper()
	f, err := os.Open(shareddata.Path(tb, rel))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	cal, err := historycsv.ReadCalendar(f)
	if err != nil {
		tb.Fatal(err)
	}
	return cal
}

// israelOrigins covers March to August: every holiday of the shared file
// but the first is forecast with earlier ones behind it.
const israelOrigins = 28

// blindMA4 is the planner's calendar-blind 4-week moving average: the mean
// of the same weekday and slot over the last 4 weeks, special days
// included, forecast for every day as if ordinary. It returns the WAPE of
// each weekly origin (a week ahead) and overall, scoring the same cells as
// Backtest.
func blindMA4(s *forecast.Series, origins int) (perOrigin []float64, all float64) {
	slots := s.SlotsPerDay()
	const hDays = 7
	last := s.Days() - hDays
	first := last - 7*(origins-1)
	var tAbs, tAct float64
	for o := 0; o < origins; o++ {
		T := first + 7*o
		var abs, act float64
		for d := T; d < T+hDays && d < s.Days(); d++ {
			for sl := 0; sl < slots; sl++ {
				a, ok := s.Offered(d, sl)
				if !ok {
					continue
				}
				sum, n := 0.0, 0
				for k := 1; k <= 4; k++ { // a week's horizon: d-7 is before T
					if v, ok := s.Offered(d-7*k, sl); ok {
						sum += v
						n++
					}
				}
				f := 0.0
				if n > 0 {
					f = sum / float64(n)
				}
				abs += math.Abs(f - a)
				act += a
			}
		}
		perOrigin = append(perOrigin, abs/act)
		tAbs += abs
		tAct += act
	}
	return perOrigin, tAbs / tAct
}

// holidayWeeks reports, per origin, the special days of the calendar in
// its horizon.
func holidayWeeks(s *forecast.Series, cal forecast.Calendar, origins, hDays int) []string {
	last := s.Days() - hDays
	first := last - 7*(origins-1)
	out := make([]string, origins)
	for o := range out {
		from := s.Date(first + 7*o)
		to := s.Date(first + 7*o + hDays)
		var names []string
		for _, sd := range cal {
			d := time.Date(sd.Date.Year(), sd.Date.Month(), sd.Date.Day(), 0, 0, 0, 0, s.Location)
			if !d.Before(from) && d.Before(to) {
				names = append(names, sd.Name)
			}
		}
		out[o] = strings.Join(names, " ")
	}
	return out
}

func TestIsraelHolidays(t *testing.T) {
	s := loadShared(t, "israelbank1999/vru_6min.csv", 30*time.Minute)
	cal := loadCalendar(t, "israelbank1999/holidays_1999.csv")
	rows, err := forecast.Backtest(s, forecast.BacktestConfig{Origins: israelOrigins, Horizon: 168 * time.Hour, Calendar: cal})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("israelbank1999 with its holiday calendar, 30m, %d weekly origins, 168h:\n%s", israelOrigins, table(rows))
	blind, blindAll := blindMA4(s, israelOrigins)
	auto, sma4 := rowOf(rows, forecast.MethodAuto), rowOf(rows, forecast.MethodSMA4)
	weeks := holidayWeeks(s, cal, israelOrigins, 7)
	var b strings.Builder
	fmt.Fprintf(&b, "| week from | special days | auto | sma4 | blind MA4 |\n|---|---|---|---|---|\n")
	first := s.Days() - 7 - 7*(israelOrigins-1)
	for o := range weeks {
		fmt.Fprintf(&b, "| %s | %s | %.4f | %.4f | %.4f |\n", s.Date(first+7*o).Format(time.DateOnly), weeks[o], auto.OriginWAPE[o], sma4.OriginWAPE[o], blind[o])
	}
	t.Logf("per week:\n%s\nblind MA4 overall %.4f; auto/sma4 %.3f, auto/blind %.3f", b.String(), blindAll, auto.WAPE/sma4.WAPE, auto.WAPE/blindAll)
	// Measured on January-August: 0.785 of the blind moving average's
	// WAPE (0.834 before the day-of-month factors) and 0.821 of sma4's
	// (which keeps special days out of its window). The goal is
	// at most 0.8; it is judged on September-December, with more holidays.
	if auto.WAPE > 0.8*blindAll {
		t.Errorf("auto WAPE %.4f is above 0.8 x the blind 4-week moving average's %.4f", auto.WAPE, blindAll)
	}
	if auto.WAPE > 0.85*sma4.WAPE {
		t.Errorf("auto WAPE %.4f is above 0.85 x sma4's %.4f", auto.WAPE, sma4.WAPE)
	}
	for o, w := range weeks {
		if w != "" && (auto.OriginWAPE[o] > sma4.OriginWAPE[o] || auto.OriginWAPE[o] > blind[o]) {
			t.Errorf("week from %s (%s): auto WAPE %.4f above a moving average's (sma4 %.4f, blind %.4f)",
				s.Date(first+7*o).Format(time.DateOnly), w, auto.OriginWAPE[o], sma4.OriginWAPE[o], blind[o])
		}
	}
}

// TestIsraelHeldBackHoliday forecasts Shavuot eve (Thursday 1999-05-20)
// from the start of its week, learning from the seven holidays before it
// (the shared file's Purim to election day; no past day has its name): the
// day's volume is within 30% of what came in (420 against 545), where the
// ordinary forecast is 2.6 times too high.
func TestIsraelHeldBackHoliday(t *testing.T) {
	s := loadShared(t, "israelbank1999/vru_6min.csv", 30*time.Minute)
	cal := loadCalendar(t, "israelbank1999/holidays_1999.csv")
	day := time.Date(1999, 5, 20, 0, 0, 0, 0, time.UTC)
	start := time.Date(1999, 5, 16, 0, 0, 0, 0, time.UTC)
	learnt, err := forecast.Forecast(s, start, 168*time.Hour, forecast.Options{Calendar: cal})
	if err != nil {
		t.Fatal(err)
	}
	plain, err := forecast.Forecast(s, start, 168*time.Hour, forecast.Options{})
	if err != nil {
		t.Fatal(err)
	}
	total := func(r *forecast.Result) (v float64, label string) {
		for _, p := range r.Points {
			if p.Start.Truncate(24 * time.Hour).Equal(day) {
				v += p.Volume
				label = p.SpecialDay
			}
		}
		return v, label
	}
	d := int(day.Sub(s.First()).Hours() / 24)
	actual := 0.0
	for sl := range s.SlotsPerDay() {
		v, _ := s.Offered(d, sl)
		actual += v
	}
	got, label := total(learnt)
	ordinary, _ := total(plain)
	t.Logf("shavuot_eve 1999-05-20: actual %.0f, learnt %.0f (%s), ordinary %.0f", actual, got, label, ordinary)
	if math.Abs(got/actual-1) > 0.3 {
		t.Errorf("learnt forecast %.0f is not within 30%% of the actual %.0f", got, actual)
	}
	if label != "learnt: kind holiday (6 days)" {
		t.Errorf("special_day %q, want the kind's 6 past days", label)
	}
	if ordinary < 2*actual {
		t.Errorf("the ordinary forecast %.0f was meant to be far off the actual %.0f", ordinary, actual)
	}
}
