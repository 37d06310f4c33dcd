package forecast_test

import (
	"errors"
	"math"
	"testing"
	"time"

	"github.com/staffcast/staffcast/forecast"
	"github.com/staffcast/staffcast/forecast/synth"
)

func TestResampleSumsCountsAndWeightsAHT(t *testing.T) {
	day := time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)
	at := func(h, m int) time.Time { return day.Add(time.Duration(h)*time.Hour + time.Duration(m)*time.Minute) }
	recs := []forecast.Record{
		// 09:00-09:30: six 5-minute records
		{Start: at(9, 0), Offered: 10, Handled: 10, AHTSeconds: 200},
		{Start: at(9, 5), Offered: 20, Handled: 10, AHTSeconds: 400},
		{Start: at(9, 10), Offered: 0},
		{Start: at(9, 15), Offered: 5, Handled: 0, AHTSeconds: 100}, // no handled: weighted by offered
		{Start: at(9, 20), Offered: 1, AHTSeconds: math.NaN()},
		{Start: at(9, 25), Offered: 4},
		// 10:00-10:30: only one record, on every day there is (a centre
		// open 10:00-10:05): a short slot, not a missing one
		{Start: at(10, 0), Offered: 7},
		// the next day, to make the series two days long: its 09:00 has
		// one record where the day before had six, so it is incomplete
		{Start: at(24+9, 0), Offered: 3},
	}
	s, err := forecast.NewSeries(forecast.SeriesConfig{Queue: "q", Interval: 30 * time.Minute, RecordInterval: 5 * time.Minute}, recs)
	if err != nil {
		t.Fatal(err)
	}
	if s.Days() != 2 || s.SlotsPerDay() != 48 {
		t.Fatalf("days %d slots %d, want 2 and 48", s.Days(), s.SlotsPerDay())
	}
	tests := []struct {
		name      string
		day, slot int
		want      float64
		ok        bool
	}{
		{"09:00 sums six records", 0, 18, 40, true},
		{"09:30 has no record: missing, not zero", 0, 19, 0, false},
		{"10:00 sums what was recorded", 0, 20, 7, true},
		{"day 2 09:00 incomplete: missing, not a low count", 1, 18, 0, false},
		{"out of range", 5, 0, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, ok := s.Offered(tt.day, tt.slot)
			if ok != tt.ok || (ok && v != tt.want) {
				t.Errorf("Offered(%d,%d) = %v, %v; want %v, %v", tt.day, tt.slot, v, ok, tt.want, tt.ok)
			}
		})
	}
	// (10*200 + 10*400 + 5*100) / 25
	if a, ok := s.AHT(0, 18); !ok || math.Abs(a-260) > 1e-9 {
		t.Errorf("AHT(0,18) = %v, %v; want 260 weighted by handled, else offered", a, ok)
	}
	if _, ok := s.AHT(0, 20); ok {
		t.Error("AHT of an interval without handle time should be unrecorded")
	}
	if got, want := s.End(), at(24+9, 5); !got.Equal(want) {
		t.Errorf("End = %v, want %v", got, want)
	}
}

func TestNewSeriesRejects(t *testing.T) {
	day := time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
	ok := forecast.Record{Start: day, Offered: 1}
	tests := []struct {
		name string
		cfg  forecast.SeriesConfig
		recs []forecast.Record
		want error
	}{
		{"interval not dividing a day", forecast.SeriesConfig{Interval: 7 * time.Hour}, []forecast.Record{ok}, forecast.ErrInterval},
		{"zero interval", forecast.SeriesConfig{}, []forecast.Record{ok}, forecast.ErrInterval},
		{"records longer than the interval", forecast.SeriesConfig{Interval: 30 * time.Minute, RecordInterval: time.Hour}, []forecast.Record{ok}, forecast.ErrRecordLength},
		{"records not dividing the interval", forecast.SeriesConfig{Interval: 30 * time.Minute, RecordInterval: 7 * time.Minute}, []forecast.Record{ok}, forecast.ErrRecordLength},
		{"misaligned", forecast.SeriesConfig{Interval: 30 * time.Minute}, []forecast.Record{{Start: day.Add(10 * time.Minute), Offered: 1}}, forecast.ErrMisaligned},
		{"duplicate", forecast.SeriesConfig{Interval: 30 * time.Minute}, []forecast.Record{ok, ok}, forecast.ErrDuplicate},
		{"negative", forecast.SeriesConfig{Interval: 30 * time.Minute}, []forecast.Record{{Start: day, Offered: -1}}, forecast.ErrNegative},
		{"NaN", forecast.SeriesConfig{Interval: 30 * time.Minute}, []forecast.Record{{Start: day, Offered: math.NaN()}}, forecast.ErrNegative},
		{"empty", forecast.SeriesConfig{Interval: 30 * time.Minute}, nil, forecast.ErrEmpty},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := forecast.NewSeries(tt.cfg, tt.recs)
			if !errors.Is(err, tt.want) {
				t.Errorf("err = %v, want %v", err, tt.want)
			}
		})
	}
}

// On the day daylight saving starts the day has 23 hours: the skipped
// slots do not exist, the others match the same wall-clock slot of other
// days.
func TestDSTSpringForward(t *testing.T) {
	ny, cfg := allDayNewYork(t, 5, 2026, 2, 2, 34) // Monday 2 February through Saturday 7 March
	s, _ := synthSeries(t, cfg)
	start := time.Date(2026, 3, 7, 0, 0, 0, 0, ny) // Saturday
	res, err := forecast.Forecast(s, start, 48*time.Hour, forecast.Options{Method: forecast.MethodSeasonalNaive})
	if err != nil {
		t.Fatal(err)
	}
	perDay := map[int]int{}
	for _, p := range res.Points {
		perDay[p.Start.Day()]++
		if p.Start.Day() == 8 && p.Start.Hour() == 2 {
			t.Errorf("a forecast for %v, which does not exist", p.Start)
		}
		// seasonal naive must repeat the same wall-clock slot a week before
		wall := p.Start.Hour()*2 + p.Start.Minute()/30
		d := civilDays(s.First(), p.Start) - 7
		if v, ok := s.Offered(d, wall); ok && v != p.Volume {
			t.Errorf("%v: %v, want last week's %v", p.Start, p.Volume, v)
		}
	}
	if perDay[7] != 48 || perDay[8] != 46 {
		t.Errorf("intervals per day %v, want 48 on the 7th and 46 on the 8th", perDay)
	}
	for _, p := range res.Points {
		if p.Start.Day() == 8 && p.Start.Hour() == 10 {
			if _, off := p.Start.Zone(); off != -4*3600 {
				t.Errorf("10:00 on the 8th has offset %d, want EDT", off)
			}
		}
	}
}

// On the day daylight saving ends the day has 25 hours; the repeated
// hour's two intervals share one wall-clock slot in the history (their
// mean) and both get that slot's forecast.
func TestDSTFallBack(t *testing.T) {
	ny, cfg := allDayNewYork(t, 6, 2026, 9, 28, 42) // Monday 28 September through Sunday 8 November
	s, iv := synthSeries(t, cfg)
	fallBack := 34 // Sunday 2026-11-01
	var first, second float64
	n := 0
	for _, x := range iv {
		if x.Start.Day() == 1 && x.Start.Month() == 11 && x.Start.Hour() == 1 && x.Start.Minute() == 0 {
			if n == 0 {
				first = float64(x.Offered)
			} else {
				second = float64(x.Offered)
			}
			n++
		}
	}
	if n != 2 {
		t.Fatalf("synth gave %d intervals at 01:00 on 1 November, want 2", n)
	}
	if v, ok := s.Offered(fallBack, 2); !ok || v != (first+second)/2 {
		t.Errorf("history at 01:00 on the 25-hour day = %v, want the mean of %v and %v", v, first, second)
	}
	// forecast the week holding the fall-back day from the history before it
	short := cfg
	short.Days = 33
	s2, _ := synthSeries(t, short)
	// the local day lasts 25 hours of absolute time
	res, err := forecast.Forecast(s2, time.Date(2026, 11, 1, 0, 0, 0, 0, ny), 25*time.Hour, forecast.Options{Method: forecast.MethodSeasonalNaive})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Points) != 50 {
		t.Fatalf("%d intervals on the 25-hour day, want 50", len(res.Points))
	}
	var at1 []forecast.Point
	for _, p := range res.Points {
		if p.Start.Hour() == 1 && p.Start.Minute() == 0 {
			at1 = append(at1, p)
		}
	}
	if len(at1) != 2 || at1[0].Volume != at1[1].Volume || at1[0].Start.Equal(at1[1].Start) {
		t.Errorf("01:00 forecasts %+v, want two distinct instants with the same volume", at1)
	}
	if want, _ := s2.Offered(fallBack-7, 2); at1[0].Volume != want {
		t.Errorf("01:00 forecast %v, want last week's %v", at1[0].Volume, want)
	}
}

// A horizon of whole days is that many local days: a week across either
// clock change ends at the next Monday 00:00, with every wall-clock
// interval of the seven days and none of the eighth (elapsed hours would
// drop the last Sunday hour in the autumn and add Monday's first in spring).
func TestWholeDayHorizonAcrossClockChange(t *testing.T) {
	for _, c := range []struct {
		name       string
		start      time.Time
		firstDay   int // of the history
		month      time.Month
		days, want int
	}{
		{"spring", time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC), 19, 1, 42, 7*48 - 2},
		{"autumn", time.Date(2026, 10, 26, 0, 0, 0, 0, time.UTC), 14, 9, 42, 7*48 + 2},
	} {
		t.Run(c.name, func(t *testing.T) {
			ny, cfg := allDayNewYork(t, 7, 2026, c.month, c.firstDay, c.days)
			s, _ := synthSeries(t, cfg)
			y, m, d := c.start.Date()
			start := time.Date(y, m, d, 0, 0, 0, 0, ny)
			res, err := forecast.Forecast(s, start, 168*time.Hour, forecast.Options{Method: forecast.MethodSeasonalNaive})
			if err != nil {
				t.Fatal(err)
			}
			last := res.Points[len(res.Points)-1].Start
			if len(res.Points) != c.want || !res.Points[0].Start.Equal(start) || last.Hour() != 23 || last.Minute() != 30 || last.Day() != start.AddDate(0, 0, 6).Day() {
				t.Errorf("%d intervals from %v to %v, want %d from %v to the Sunday 23:30", len(res.Points), res.Points[0].Start, last, c.want, start)
			}
		})
	}
}

func TestNextStartSkipsClosedEvening(t *testing.T) {
	cfg := synth.Default(2)
	s, _ := synthSeries(t, cfg) // open 08:00-20:00, history ends Sunday 20:00
	want := time.Date(2026, 2, 2, 0, 0, 0, 0, time.UTC)
	if got := s.NextStart(); !got.Equal(want) {
		t.Errorf("NextStart = %v, want the next midnight %v", got, want)
	}
}

// civilDays counts local dates from a to b.
func civilDays(a, b time.Time) int {
	ya, ma, da := a.Date()
	yb, mb, db := b.In(a.Location()).Date()
	return int(time.Date(yb, mb, db, 0, 0, 0, 0, time.UTC).Sub(time.Date(ya, ma, da, 0, 0, 0, 0, time.UTC)).Hours() / 24)
}

// allDayNewYork is synthetic history open around the clock in New York,
// where daylight saving shifts the clock, from the given date.
func allDayNewYork(t *testing.T, seed uint64, y int, m time.Month, d, days int) (*time.Location, synth.Config) {
	t.Helper()
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	cfg := synth.Default(seed)
	cfg.Start = time.Date(y, m, d, 0, 0, 0, 0, ny)
	cfg.Days = days
	cfg.Open, cfg.Close = 0, 24*time.Hour
	cfg.Holidays = nil
	return ny, cfg
}
