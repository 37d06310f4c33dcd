package forecast_test

import (
	"errors"
	"math"
	"testing"
	"time"

	"github.com/staffcast/staffcast/forecast"
	"github.com/staffcast/staffcast/forecast/synth"
)

func tenWeeks(seed uint64) synth.Config {
	cfg := synth.Default(seed)
	cfg.Days = 70
	cfg.Holidays = nil
	return cfg
}

func records(iv []synth.Interval, keep func(synth.Interval) bool, scale func(synth.Interval) float64) []forecast.Record {
	var recs []forecast.Record
	for _, x := range iv {
		if keep != nil && !keep(x) {
			continue
		}
		v := float64(x.Offered)
		if scale != nil {
			v *= scale(x)
		}
		recs = append(recs, forecast.Record{Start: x.Start, Offered: v, AHTSeconds: x.AHTSeconds})
	}
	return recs
}

func mustSeries(t *testing.T, recs []forecast.Record) *forecast.Series {
	t.Helper()
	s, err := forecast.NewSeries(forecast.SeriesConfig{Queue: "retail", Interval: 30 * time.Minute}, recs)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// A holiday in the history is kept out of the fit with the days next to
// it: marking it gives the same forecast as deleting those three days,
// whatever happened on them.
func TestCalendarHolidayKeptOutOfFit(t *testing.T) {
	cfg := tenWeeks(11)
	iv, _ := synth.Generate(cfg)
	holiday := time.Date(2026, 3, 4, 0, 0, 0, 0, time.UTC) // a Wednesday in week 9
	isHoliday := func(x synth.Interval) bool { y, m, d := x.Start.Date(); return y == 2026 && m == 3 && d == 4 }
	spiked := mustSeries(t, records(iv, nil, func(x synth.Interval) float64 {
		if isHoliday(x) {
			return 3
		}
		return 1
	}))
	near := func(x synth.Interval) bool { y, m, d := x.Start.Date(); return y == 2026 && m == 3 && d >= 3 && d <= 5 }
	deleted := mustSeries(t, records(iv, func(x synth.Interval) bool { return !near(x) }, nil))
	cal := forecast.Calendar{{Date: holiday, Kind: forecast.Holiday}}
	for _, m := range forecast.Methods() {
		t.Run(string(m), func(t *testing.T) {
			a, err := forecast.Forecast(spiked, spiked.NextStart(), 168*time.Hour, forecast.Options{Method: m, Calendar: cal})
			if err != nil {
				t.Fatal(err)
			}
			b, err := forecast.Forecast(deleted, deleted.NextStart(), 168*time.Hour, forecast.Options{Method: m})
			if err != nil {
				t.Fatal(err)
			}
			if len(a.Points) != len(b.Points) {
				t.Fatalf("%d points vs %d", len(a.Points), len(b.Points))
			}
			for i := range a.Points {
				pa, pb := a.Points[i], b.Points[i]
				pa.AHTSeconds, pb.AHTSeconds = 0, 0 // AHT ignores the calendar
				if pa != pb {
					t.Fatalf("point %d: holiday-marked %+v, deleted-day %+v", i, pa, pb)
				}
			}
		})
	}
}

func TestCalendarClosedAndEvent(t *testing.T) {
	iv, _ := synth.Generate(tenWeeks(12))
	s := mustSeries(t, records(iv, nil, nil))
	start := s.NextStart() // Monday 2026-03-16
	tue := start.AddDate(0, 0, 1)
	wed := start.AddDate(0, 0, 2)
	base, err := forecast.Forecast(s, start, 168*time.Hour, forecast.Options{})
	if err != nil {
		t.Fatal(err)
	}
	cal := forecast.Calendar{
		{Date: tue, Kind: forecast.Closed},
		{Date: wed, Kind: forecast.Event, Factor: 1.5},
		{Date: wed, Queue: "other", Kind: forecast.Closed}, // another queue's: ignored
	}
	got, err := forecast.Forecast(s, start, 168*time.Hour, forecast.Options{Calendar: cal})
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Points) != len(base.Points) {
		t.Fatalf("%d points, want %d (closed days keep their rows at zero)", len(got.Points), len(base.Points))
	}
	for i, p := range got.Points {
		b := base.Points[i]
		switch p.Start.Day() {
		case tue.Day():
			if p.Volume != 0 || p.Upper95 != 0 {
				t.Fatalf("%v: closed day forecast %+v, want zero", p.Start, p)
			}
		case wed.Day():
			if math.Abs(p.Volume-1.5*b.Volume) > 1e-9 || math.Abs(p.Upper80-1.5*b.Upper80) > 1e-9 {
				t.Fatalf("%v: event forecast %v, want 1.5 x %v", p.Start, p.Volume, b.Volume)
			}
		default:
			if p != b {
				t.Fatalf("%v: ordinary day changed: %+v vs %+v", p.Start, p, b)
			}
		}
	}
}

func TestCalendarInvalid(t *testing.T) {
	iv, _ := synth.Generate(tenWeeks(13))
	s := mustSeries(t, records(iv, nil, nil))
	for _, sd := range []forecast.SpecialDay{{Kind: 0}, {Kind: forecast.Event, Factor: -1}} {
		_, err := forecast.Forecast(s, s.NextStart(), time.Hour*24, forecast.Options{Calendar: forecast.Calendar{sd}})
		if !errors.Is(err, forecast.ErrCalendar) {
			t.Errorf("%+v: err %v, want ErrCalendar", sd, err)
		}
	}
}

// Opening hours are learnt: weekday slots never open in the history are
// not forecast, and a whole missing weekend is closed, not zero-filled.
func TestOpenHoursLearntAndGapsMissing(t *testing.T) {
	iv, _ := synth.Generate(tenWeeks(14))
	weekdays := func(x synth.Interval) bool {
		return x.Start.Weekday() != time.Saturday && x.Start.Weekday() != time.Sunday
	}
	full := mustSeries(t, records(iv, weekdays, nil))
	// the same history with a whole week missing in the middle
	gappy := mustSeries(t, records(iv, func(x synth.Interval) bool {
		return weekdays(x) && (x.Start.Before(time.Date(2026, 2, 2, 0, 0, 0, 0, time.UTC)) || !x.Start.Before(time.Date(2026, 2, 9, 0, 0, 0, 0, time.UTC)))
	}, nil))
	for name, s := range map[string]*forecast.Series{"full": full, "gappy": gappy} {
		res, err := forecast.Forecast(s, s.NextStart(), 168*time.Hour, forecast.Options{Method: forecast.MethodProfile})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Points) != 5*24 {
			t.Errorf("%s: %d points, want 5 weekdays x 24 open half hours", name, len(res.Points))
		}
		total := 0.0
		for _, p := range res.Points {
			if p.Start.Hour() < 8 || p.Start.Hour() >= 20 || p.Start.Weekday() == time.Saturday || p.Start.Weekday() == time.Sunday {
				t.Fatalf("%s: forecast for closed %v", name, p.Start)
			}
			total += p.Volume
		}
		// about 5 weekdays of 2000 x weekly factors x trend (~1.05)
		if total < 9000 || total > 12500 {
			t.Errorf("%s: weekly total %.0f, want about 10,500 (a gap must not read as zeros)", name, total)
		}
	}
}

func TestForecastErrors(t *testing.T) {
	iv, _ := synth.Generate(tenWeeks(15))
	s := mustSeries(t, records(iv, nil, nil))
	if _, err := forecast.Forecast(s, s.First().AddDate(0, 0, 10), 24*time.Hour, forecast.Options{}); !errors.Is(err, forecast.ErrShortHistory) {
		t.Errorf("10 days of history: err %v, want ErrShortHistory", err)
	}
	if _, err := forecast.Forecast(s, s.NextStart(), 0, forecast.Options{}); !errors.Is(err, forecast.ErrHorizon) {
		t.Errorf("zero horizon: err %v, want ErrHorizon", err)
	}
	if _, err := forecast.Forecast(s, s.NextStart(), time.Hour, forecast.Options{Method: "magic"}); !errors.Is(err, forecast.ErrMethod) {
		t.Errorf("unknown method: err %v, want ErrMethod", err)
	}
	if _, err := forecast.Backtest(s, forecast.BacktestConfig{Origins: 20}); !errors.Is(err, forecast.ErrShortHistory) {
		t.Errorf("20 origins on 10 weeks: err %v, want ErrShortHistory", err)
	}
}

func TestParseMethod(t *testing.T) {
	for _, m := range forecast.Methods() {
		if got, err := forecast.ParseMethod(" " + string(m) + " "); err != nil || got != m {
			t.Errorf("ParseMethod(%q) = %q, %v", m, got, err)
		}
	}
	if _, err := forecast.ParseMethod("arima"); !errors.Is(err, forecast.ErrMethod) {
		t.Errorf("ParseMethod(arima) err %v", err)
	}
}

// Handle time is forecast from history when it has some, and never
// invented when it has none.
func TestAHTForecast(t *testing.T) {
	cfg := tenWeeks(16)
	iv, _ := synth.Generate(cfg)
	s := mustSeries(t, records(iv, nil, nil))
	res, err := forecast.Forecast(s, s.NextStart(), 168*time.Hour, forecast.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range res.Points {
		want := cfg.AHTSeconds * (1 + 0.08*math.Sin(2*math.Pi*(float64(p.Start.Hour())+float64(p.Start.Minute())/60-9)/24))
		if math.Abs(p.AHTSeconds-want) > 0.03*want {
			t.Fatalf("%v: AHT %.1f, want about %.1f", p.Start, p.AHTSeconds, want)
		}
	}
	recs := records(iv, nil, nil)
	for i := range recs {
		recs[i].AHTSeconds = 0
	}
	s = mustSeries(t, recs)
	res, _ = forecast.Forecast(s, s.NextStart(), 24*time.Hour, forecast.Options{})
	for _, p := range res.Points {
		if !math.IsNaN(p.AHTSeconds) {
			t.Fatalf("%v: AHT %v from a history without handle time, want NaN", p.Start, p.AHTSeconds)
		}
	}
}

// On synthetic history with known rates the backtest's interval coverage
// is close to nominal and the point forecasts are close to the true means.
func TestIntervalCoverageOnSyntheticHistory(t *testing.T) {
	var in80, in95, n float64
	var absTrue, sumTrue float64
	for seed := uint64(1); seed <= 3; seed++ {
		cfg := synth.Default(seed)
		cfg.Days = 18 * 7
		cfg.Holidays = nil
		s, _ := synthSeries(t, cfg)
		rows, err := forecast.Backtest(s, forecast.BacktestConfig{Origins: 6, Methods: []forecast.Method{forecast.MethodAuto}})
		if err != nil {
			t.Fatal(err)
		}
		r := rows[0]
		in80 += r.Coverage80 * float64(r.Points)
		in95 += r.Coverage95 * float64(r.Points)
		n += float64(r.Points)
		// forecast the week after the history and compare with the truth
		truthCfg := cfg
		truthCfg.Days += 7
		truth, _ := synth.Generate(truthCfg)
		res, err := forecast.Forecast(s, s.NextStart(), 168*time.Hour, forecast.Options{})
		if err != nil {
			t.Fatal(err)
		}
		mean := map[time.Time]float64{}
		for _, x := range truth {
			mean[x.Start] = x.Mean
		}
		for _, p := range res.Points {
			absTrue += math.Abs(p.Volume - mean[p.Start])
			sumTrue += mean[p.Start]
		}
	}
	c80, c95 := in80/n, in95/n
	t.Logf("coverage80 %.3f coverage95 %.3f, WAPE against true means %.4f", c80, c95, absTrue/sumTrue)
	if c80 < 0.72 || c80 > 0.88 {
		t.Errorf("80%% interval coverage %.3f, want 0.72-0.88", c80)
	}
	if c95 < 0.90 || c95 > 0.985 {
		t.Errorf("95%% interval coverage %.3f, want 0.90-0.985", c95)
	}
	// day noise of 5% bounds how close any forecast can get to the means
	if w := absTrue / sumTrue; w > 0.08 {
		t.Errorf("WAPE against true means %.4f, want < 0.08", w)
	}
}

// A forecast from a date uses nothing on or after it: the same history cut
// at the start gives the same forecast, so backtests cannot peek.
func TestForecastUsesOnlyHistoryBeforeStart(t *testing.T) {
	iv, _ := synth.Generate(tenWeeks(17))
	start := time.Date(2026, 2, 23, 0, 0, 0, 0, time.UTC) // Monday of week 8
	full := mustSeries(t, records(iv, nil, nil))
	cut := mustSeries(t, records(iv, func(x synth.Interval) bool { return x.Start.Before(start) }, nil))
	for _, m := range forecast.Methods() {
		a, err := forecast.Forecast(full, start, 168*time.Hour, forecast.Options{Method: m})
		if err != nil {
			t.Fatal(err)
		}
		b, err := forecast.Forecast(cut, start, 168*time.Hour, forecast.Options{Method: m})
		if err != nil {
			t.Fatal(err)
		}
		if a.Method != b.Method || len(a.Points) != len(b.Points) {
			t.Fatalf("%s: %s with %d points vs %s with %d", m, a.Method, len(a.Points), b.Method, len(b.Points))
		}
		for i := range a.Points {
			if a.Points[i] != b.Points[i] {
				t.Fatalf("%s: point %d differs: %+v with later history, %+v without", m, i, a.Points[i], b.Points[i])
			}
		}
	}
}
