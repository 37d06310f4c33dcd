package forecast

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"
)

// monthSeries is 30 weeks of hourly history, 08:00-18:00, every day:
// Poisson counts around a flat day of 1,000 contacts times effect(dom).
func monthSeries(t *testing.T, effect func(dom int) float64) *Series {
	t.Helper()
	rng := rand.New(rand.NewPCG(1, 2))
	start := time.Date(2025, 1, 6, 0, 0, 0, 0, time.UTC)
	var recs []Record
	for d := 0; d < 30*7; d++ {
		day := start.AddDate(0, 0, d)
		for h := 8; h < 18; h++ {
			recs = append(recs, Record{Start: day.Add(time.Duration(h) * time.Hour), Offered: poisson(rng, 100*effect(day.Day()))})
		}
	}
	s, err := NewSeries(SeriesConfig{Interval: time.Hour}, recs)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func poisson(rng *rand.Rand, lam float64) float64 {
	// normal approximation, fine at these means
	return math.Max(0, math.Round(lam+math.Sqrt(lam)*rng.NormFloat64()))
}

// The day-of-month factors recover a month pattern, and a history without
// one is left about as it is.
func TestMonthFactors(t *testing.T) {
	effect := func(dom int) float64 {
		switch {
		case dom <= 5:
			return 1.3
		case dom >= 22 && dom <= 28:
			return 0.8
		}
		return 1
	}
	s := monthSeries(t, effect)
	p := newPanel(s, nil, s.days+week)
	q, z := deseasonalise(p)
	if q == p {
		t.Fatal("a 30% month pattern was not taken up")
	}
	var m monthFactors
	for _, o := range z.obs {
		m.add(o)
	}
	m.decide()
	for k := 2; k <= 4; k++ {
		if v := m.factor(k); v < 1.15 {
			t.Errorf("factor of day %d %.3f, want well above 1 (true 1.3 over a mean near 1)", k, v)
		}
	}
	for k := 23; k <= 27; k++ {
		if v := m.factor(k); v > 0.9 {
			t.Errorf("factor of day %d %.3f, want well below 1 (true 0.8)", k, v)
		}
	}
	// the forecast from an origin takes the factors learnt before it
	f := z.at(p, s.days, week)
	for i, v := range f {
		if want := m.factor(int(p.dom[s.days+i])); v != want {
			t.Errorf("day %d ahead: factor %v, want %v", i, v, want)
		}
	}

	// without a pattern the factors stay at 1, or near it when the noise
	// happens to pass the leave-one-out test
	flat := monthSeries(t, func(int) float64 { return 1 })
	fp := newPanel(flat, nil, flat.days+week)
	_, fz := deseasonalise(fp)
	var fm monthFactors
	for _, o := range fz.obs {
		fm.add(o)
		fm.decide()
		for k := 1; k <= 31; k++ {
			if v := fm.factor(k); math.Abs(v-1) > 0.03 {
				t.Fatalf("flat history, after %d days: factor of day %d %.3f", len(fm.obs), k, v)
			}
		}
	}
}

// A past day is adjusted by the factor learnt from the days before it:
// changing the days after it changes nothing up to it.
func TestMonthAdjustmentUsesThePastOnly(t *testing.T) {
	s := monthSeries(t, func(dom int) float64 { return 1 + 0.3*math.Cos(2*math.Pi*float64(dom)/31) })
	p := newPanel(s, nil, s.days)
	q, _ := deseasonalise(p)
	cut := 150
	p2 := newPanel(s, nil, s.days)
	for i := cut * p2.slots; i < len(p2.y); i++ {
		p2.y[i] *= 3
	}
	q2, _ := deseasonalise(p2)
	for i := 0; i < cut*p.slots; i++ {
		if math.Float64bits(q.y[i]) != math.Float64bits(q2.y[i]) {
			t.Fatalf("cell %d (day %d) moved with days from %d on", i, i/p.slots, cut)
		}
	}
	if q.y[(cut+1)*p.slots-1] == q2.y[(cut+1)*p.slots-1] {
		t.Fatal("the changed days did not change")
	}
}
