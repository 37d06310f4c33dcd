package app_test

import (
	"context"
	"errors"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"github.com/staffcast/staffcast/app"
	"github.com/staffcast/staffcast/forecast"
	"github.com/staffcast/staffcast/forecast/synth"
)

// yearQueue is synthetic queue i: a year of 15-minute history.
func yearQueue(tb testing.TB, i int, days int) *forecast.Series {
	tb.Helper()
	cfg := synth.Default(uint64(i) + 1)
	cfg.Queue = "q" + string(rune('a'+i%26))
	cfg.Days = days
	cfg.Interval = 15 * time.Minute
	cfg.DailyVolume = 500 + float64(i%50)*40
	iv, err := synth.Generate(cfg)
	if err != nil {
		tb.Fatal(err)
	}
	recs := make([]forecast.Record, len(iv))
	for k, x := range iv {
		recs[k] = forecast.Record{Start: x.Start, Offered: float64(x.Offered), AHTSeconds: x.AHTSeconds}
	}
	s, err := forecast.NewSeries(forecast.SeriesConfig{Queue: cfg.Queue, Interval: cfg.Interval}, recs)
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

// ForecastEach returns what one-by-one forecasts return, in order, and
// stops on the first error.
func TestForecastEach(t *testing.T) {
	series := []*forecast.Series{yearQueue(t, 0, 42), yearQueue(t, 1, 42), yearQueue(t, 2, 42)}
	got := make([]*forecast.Result, len(series))
	err := app.ForecastEach(context.Background(), len(series), 2, func(i int) (*forecast.Series, error) { return series[i], nil },
		time.Time{}, 24*time.Hour, forecast.Options{}, func(i int, r *forecast.Result) error { got[i] = r; return nil })
	if err != nil {
		t.Fatal(err)
	}
	for i, s := range series {
		want, err := forecast.Forecast(s, s.NextStart(), 24*time.Hour, forecast.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if len(got[i].Points) != len(want.Points) || got[i].Points[5] != want.Points[5] {
			t.Errorf("queue %d differs from a forecast on its own", i)
		}
	}
	boom := errors.New("boom")
	var calls atomic.Int32
	err = app.ForecastEach(context.Background(), 100, 2, func(i int) (*forecast.Series, error) {
		calls.Add(1)
		if i == 1 {
			return nil, boom
		}
		return series[0], nil
	}, time.Time{}, time.Hour, forecast.Options{}, func(int, *forecast.Result) error { return nil })
	if !errors.Is(err, boom) || calls.Load() > 10 {
		t.Errorf("err %v after %d loads, want boom soon", err, calls.Load())
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err = app.ForecastEach(ctx, 3, 2, func(i int) (*forecast.Series, error) { return series[i], nil }, time.Time{}, time.Hour, forecast.Options{},
		func(int, *forecast.Result) error { return nil })
	if app.KindOf(err) != app.Canceled {
		t.Errorf("cancelled: err %v", err)
	}
}

// BenchmarkForecastThousandQueues forecasts a week (auto, every method
// fitted) for 1,000 synthetic queues with a year of 15-minute history
// each, on every core; each queue's history is generated when a worker
// takes it, so at most GOMAXPROCS series are in memory. It reports the
// peak heap seen between queues.
func BenchmarkForecastThousandQueues(b *testing.B) {
	const days = 364
	queues := 1000
	if testing.Short() {
		queues = 20
	}
	for b.Loop() {
		var peak atomic.Uint64
		var points atomic.Int64
		err := app.ForecastEach(context.Background(), queues, 0, func(i int) (*forecast.Series, error) { return yearQueue(b, i, days), nil },
			time.Time{}, 168*time.Hour, forecast.Options{}, func(i int, r *forecast.Result) error {
				points.Add(int64(len(r.Points)))
				if i%50 == 0 {
					var ms runtime.MemStats
					runtime.ReadMemStats(&ms)
					if ms.HeapAlloc > peak.Load() {
						peak.Store(ms.HeapAlloc)
					}
				}
				return nil
			})
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(peak.Load())/(1<<20), "peak-heap-MiB")
		b.ReportMetric(float64(points.Load()), "points")
	}
}
