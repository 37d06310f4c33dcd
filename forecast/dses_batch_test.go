package forecast

import (
	"math"
	"testing"
	"time"

	"github.com/staffcast/staffcast/forecast/synth"
)

// The batched fit (one pass per parameter setting over all origins) gives
// the per-origin search's forecasts to the bit: on plain history, when
// opening hours grow between origins, with missing intervals and marked
// holidays, and with origins too early to share the first weeks' start.
func TestDSESBatchEqualsPerOrigin(t *testing.T) {
	start := time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)
	day := func(d int) time.Time { return start.AddDate(0, 0, d) }
	cases := []struct {
		name string
		days int
		keep func(x synth.Interval) bool
		cal  Calendar
	}{
		{name: "plain", days: 120},
		{name: "later hours", days: 120, keep: func(x synth.Interval) bool {
			return x.Start.Hour() < 18 || !x.Start.Before(day(75)) // the evening opens on day 75
		}},
		{name: "gaps and holidays", days: 110, keep: func(x synth.Interval) bool {
			d := int(x.Start.Sub(start) / (24 * time.Hour))
			return d%9 != 4 || x.Start.Hour() != 10
		}, cal: Calendar{{Date: day(30), Kind: Holiday}, {Date: day(71), Kind: Holiday}}},
		{name: "late first day", days: 90, cal: Calendar{{Date: day(0), Kind: Holiday}, {Date: day(1), Kind: Holiday}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cfg := synth.Default(7)
			cfg.Start, cfg.Days, cfg.Interval = start, tc.days, 15*time.Minute
			iv, err := synth.Generate(cfg)
			if err != nil {
				t.Fatal(err)
			}
			var recs []Record
			for _, x := range iv {
				if tc.keep == nil || tc.keep(x) {
					recs = append(recs, Record{Start: x.Start, Offered: float64(x.Offered)})
				}
			}
			s, err := NewSeries(SeriesConfig{Queue: "q", Interval: cfg.Interval}, recs)
			if err != nil {
				t.Fatal(err)
			}
			rules, err := tc.cal.rules(s.Queue)
			if err != nil {
				t.Fatal(err)
			}
			const h = 9
			p := newPanel(s, rules, s.days+h)
			var origins []int
			for T := minTrainDays; T <= s.days; T += 5 {
				origins = append(origins, T)
			}
			origins = append(origins, s.days, s.days-7, s.days-14)
			got := dsesForecasts(p, origins, h)
			for _, T := range origins {
				want := dsesReference(newCtx(p, T, h))
				g := got[T]
				if len(g) != len(want) {
					t.Fatalf("origin %d: %d cells, want %d", T, len(g), len(want))
				}
				for i := range want {
					if math.Float64bits(g[i]) != math.Float64bits(want[i]) {
						t.Fatalf("origin %d cell %d: %v, want %v", T, i, g[i], want[i])
					}
				}
			}
		})
	}
}
