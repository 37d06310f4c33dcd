package forecast_test

import (
	"fmt"
	"time"

	"github.com/staffcast/staffcast/forecast"
	"github.com/staffcast/staffcast/forecast/synth"
)

// Build a series from plain values: interval starts, offered counts and
// handle times, here from the synthetic generator.
func ExampleNewSeries() {
	cfg := synth.Default(1)
	iv, _ := synth.Generate(cfg)
	recs := make([]forecast.Record, len(iv))
	for i, x := range iv {
		recs[i] = forecast.Record{Start: x.Start, Offered: float64(x.Offered), AHTSeconds: x.AHTSeconds}
	}
	s, err := forecast.NewSeries(forecast.SeriesConfig{Queue: "retail", Interval: 30 * time.Minute}, recs)
	if err != nil {
		fmt.Println(err)
		return
	}
	v, ok := s.Offered(0, 20) // Monday 10:00-10:30
	fmt.Println(s.Days(), "days,", s.SlotsPerDay(), "slots a day, has AHT:", s.HasAHT())
	fmt.Println("Monday 10:00 observed:", ok, v > 0)
	_, ok = s.Offered(0, 2) // 01:00: the queue is closed, nothing recorded
	fmt.Println("Monday 01:00 observed:", ok)
	// Output:
	// 28 days, 48 slots a day, has AHT: true
	// Monday 10:00 observed: true true
	// Monday 01:00 observed: false
}

// Forecast next week with the automatic method.
func ExampleForecast() {
	cfg := synth.Default(1)
	cfg.Days = 8 * 7
	iv, _ := synth.Generate(cfg)
	recs := make([]forecast.Record, len(iv))
	for i, x := range iv {
		recs[i] = forecast.Record{Start: x.Start, Offered: float64(x.Offered), AHTSeconds: x.AHTSeconds}
	}
	s, _ := forecast.NewSeries(forecast.SeriesConfig{Queue: "retail", Interval: 30 * time.Minute}, recs)
	res, err := forecast.Forecast(s, s.NextStart(), 168*time.Hour, forecast.Options{Method: forecast.MethodAuto})
	if err != nil {
		fmt.Println(err)
		return
	}
	p := res.Points[0]
	fmt.Println(len(res.Points), "open intervals from", p.Start.Format(time.RFC3339))
	fmt.Println("interval ordered:", p.Lower95 <= p.Lower80 && p.Lower80 <= p.Volume && p.Volume <= p.Upper80 && p.Upper80 <= p.Upper95)
	fmt.Printf("AHT about 300 s: %v\n", p.AHTSeconds > 250 && p.AHTSeconds < 350)
	// Output:
	// 168 open intervals from 2026-03-02T08:00:00Z
	// interval ordered: true
	// AHT about 300 s: true
}

// Backtest every method over weekly origins and print the table.
func ExampleBacktest() {
	cfg := synth.Default(3)
	cfg.Days = 16 * 7
	iv, _ := synth.Generate(cfg)
	recs := make([]forecast.Record, len(iv))
	for i, x := range iv {
		recs[i] = forecast.Record{Start: x.Start, Offered: float64(x.Offered)}
	}
	s, _ := forecast.NewSeries(forecast.SeriesConfig{Queue: "retail", Interval: 30 * time.Minute}, recs)
	rows, err := forecast.Backtest(s, forecast.BacktestConfig{Origins: 4, Horizon: 168 * time.Hour})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range rows {
		fmt.Printf("%-7s scored %d intervals, WAPE under 15%%: %v\n", r.Method, r.Points, r.WAPE < 0.15)
	}
	// Output:
	// snaive  scored 672 intervals, WAPE under 15%: true
	// sma4    scored 672 intervals, WAPE under 15%: true
	// sma     scored 672 intervals, WAPE under 15%: true
	// profile scored 672 intervals, WAPE under 15%: true
	// dses    scored 672 intervals, WAPE under 15%: true
	// combo   scored 672 intervals, WAPE under 15%: true
	// auto    scored 672 intervals, WAPE under 15%: true
}
