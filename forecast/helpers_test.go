package forecast_test

import (
	"testing"

	"github.com/staffcast/staffcast/forecast"
	"github.com/staffcast/staffcast/forecast/synth"
)

// synthSeries generates history with synth and lays it on cfg.Interval.
func synthSeries(tb testing.TB, cfg synth.Config) (*forecast.Series, []synth.Interval) {
	tb.Helper()
	iv, err := synth.Generate(cfg)
	if err != nil {
		tb.Fatal(err)
	}
	recs := make([]forecast.Record, len(iv))
	for i, x := range iv {
		recs[i] = forecast.Record{Start: x.Start, Offered: float64(x.Offered), AHTSeconds: x.AHTSeconds}
	}
	s, err := forecast.NewSeries(forecast.SeriesConfig{Queue: cfg.Queue, Interval: cfg.Interval, Location: cfg.Start.Location()}, recs)
	if err != nil {
		tb.Fatal(err)
	}
	return s, iv
}
