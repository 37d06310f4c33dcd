package forecast_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/staffcast/staffcast/forecast"
	"github.com/staffcast/staffcast/forecast/synth"
)

// TestHorizonBounds: a horizon shorter than one interval (-horizon 1m
// wrote only a header) or longer than MaxHorizon (-horizon 2562047h used
// 4.7 GB) is refused before any work, by Forecast and Backtest alike.
func TestHorizonBounds(t *testing.T) {
	iv, _ := synth.Generate(tenWeeks(15))
	s := mustSeries(t, records(iv, nil, nil))
	tests := []struct {
		name    string
		horizon time.Duration
		want    error
		text    string
	}{
		{"zero", 0, forecast.ErrHorizon, ""},
		{"negative", -time.Hour, forecast.ErrHorizon, ""},
		{"one minute of a 30-minute grid", time.Minute, forecast.ErrHorizon, "shorter than one 30m0s interval"},
		{"2562047h", 2562047 * time.Hour, forecast.ErrHorizonLimit, "more than 366 days"},
		{"just above a year and a day", forecast.MaxHorizon + time.Minute, forecast.ErrHorizonLimit, "366 days"},
		{"one interval", 30 * time.Minute, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := forecast.Forecast(s, s.NextStart().Add(12*time.Hour), tt.horizon, forecast.Options{Method: forecast.MethodSeasonalNaive})
			if !errors.Is(err, tt.want) || (tt.want == nil && err != nil) {
				t.Fatalf("Forecast: err %v, want %v", err, tt.want)
			}
			if err != nil && !strings.Contains(err.Error(), tt.text) {
				t.Errorf("error %q does not say %q", err, tt.text)
			}
			if err == nil && len(res.Points) != 1 {
				t.Errorf("one-interval horizon gave %d points", len(res.Points))
			}
			if tt.want != nil {
				if _, err := forecast.Backtest(s, forecast.BacktestConfig{Horizon: tt.horizon, Origins: 1}); !errors.Is(err, tt.want) && tt.horizon != 0 {
					t.Errorf("Backtest: err %v, want %v", err, tt.want)
				}
			}
		})
	}
}

// TestStartBounds: a start more than MaxHorizon after the history ends is
// refused naming the history's last date (a start in 2199 on history of
// 2003 was forecast with a day-ahead's bands); up to that, it forecasts.
func TestStartBounds(t *testing.T) {
	iv, _ := synth.Generate(tenWeeks(15))
	s := mustSeries(t, records(iv, nil, nil))
	last := s.End().Add(-time.Nanosecond).In(s.Location).Format(time.DateOnly)
	for _, tt := range []struct {
		name  string
		start time.Time
		want  error
	}{
		{"right after the history", s.NextStart(), nil},
		{"a year and a day after its end", s.End().Add(forecast.MaxHorizon), nil},
		{"one interval more", s.End().Add(forecast.MaxHorizon + 30*time.Minute), forecast.ErrStartLimit},
		{"in 2199", time.Date(2199, 1, 1, 0, 0, 0, 0, s.Location), forecast.ErrStartLimit},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := forecast.Forecast(s, tt.start, time.Hour, forecast.Options{Method: forecast.MethodSeasonalNaive})
			if !errors.Is(err, tt.want) || (tt.want == nil && err != nil) {
				t.Fatalf("err %v, want %v", err, tt.want)
			}
			if err != nil && !strings.Contains(err.Error(), "more than 366 days after the history of queue") || err != nil && !strings.Contains(err.Error(), "ends on "+last) {
				t.Errorf("error %q does not say how far or name the last date %s", err, last)
			}
		})
	}
}

// TestSeriesSpanLimit: one stray record decades away is refused with
// ErrSpan naming it, instead of a series of millions of empty days.
func TestSeriesSpanLimit(t *testing.T) {
	base := time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
	recs := []forecast.Record{{Start: base, Offered: 1}, {Start: base.Add(30 * time.Minute), Offered: 1}}
	tests := []struct {
		name  string
		stray time.Time
		want  error
	}{
		{"within 20 years", base.AddDate(19, 0, 0), nil},
		{"21 years on", base.AddDate(21, 0, 0), forecast.ErrSpan},
		{"year 9999", time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC), forecast.ErrSpan},
		{"year 1", time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC), forecast.ErrSpan},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := append(append([]forecast.Record(nil), recs...), forecast.Record{Start: tt.stray, Offered: 1})
			_, err := forecast.NewSeries(forecast.SeriesConfig{Queue: "q", Interval: 30 * time.Minute}, in)
			if !errors.Is(err, tt.want) || (tt.want == nil && err != nil) {
				t.Fatalf("err %v, want %v", err, tt.want)
			}
			if err != nil && !strings.Contains(err.Error(), "record ") {
				t.Errorf("error %q does not name the record", err)
			}
		})
	}
}
