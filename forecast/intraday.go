package forecast

import (
	"math"
	"time"
)

// Intraday re-forecast. When a forecast starts inside a day, the day's
// actuals before the start say whether it runs hot or cold. Two ratios of
// actual to forecast contacts are taken over the day's observed open
// intervals before the start: ρ_d over all of them (the day's level), and
// ρ_r with each interval weighted 2^(-age/30 min) (the last half hour or
// so, what is happening now). ρ_d is shrunk towards 1 as the posterior
// mean of a Gamma(mean 1, variance τ²) level under Poisson counts, and ρ_r
// likewise towards ρ_d:
//
//	ρ_d = (1/τ² + A) / (1/τ² + F),   ρ_r = (ρ_d/τ² + A_r) / (1/τ² + F_r)
//
// τ² the out-of-sample relative variance of daily totals in the
// calibration weeks (actual/forecast - 1 less its Poisson part, at least
// minDayVariance), so a quiet morning moves little. An interval L after
// the start is then forecast times
//
//	m(L) = 1 + β (ρ_d - 1) + 2^(-L/8h) (ρ_r - ρ_d),   β = intradayDayWeight,
//
// (at least 0): three quarters of the day's deviation persists (afternoons
// regress towards the forecast), and the recent deviation fades slowly.
// β, the 30-minute and 8-hour half-lives were chosen on the US bank data
// before its last four weeks (which the test scores). Only the rest of
// the start's day is corrected; later days are left as they were.
const (
	minDayVariance     = 0.05 * 0.05
	maxDayVariance     = 1.0
	intradayDayWeight  = 0.75
	intradayRecentHalf = 30 * time.Minute
	intradayFadeHalf   = 8 * time.Hour
)

// dayLevelVariance is τ² from the calibration residuals.
func dayLevelVariance(res []residual) float64 {
	type tot struct{ f, a float64 }
	index := map[int]int{} // day -> position in days, so sums run in a fixed order
	var days []tot
	for _, r := range res {
		i, ok := index[r.day]
		if !ok {
			i = len(days)
			index[r.day] = i
			days = append(days, tot{})
		}
		days[i].f += r.f
		days[i].a += r.a
	}
	var ss, poisson float64
	n := 0
	for _, t := range days {
		if t.f < 1 {
			continue
		}
		d := t.a/t.f - 1
		ss += d * d
		poisson += 1 / t.f
		n++
	}
	if n == 0 {
		return maxDayVariance
	}
	return math.Min(maxDayVariance, math.Max(minDayVariance, (ss-poisson)/float64(n)))
}

// intradayCorrection returns m(L) for each slot of day T at or after
// start (fc is day T's forecast by slot, open its open slots), and ρ_d;
// ok is false when the day has no actuals before start.
func intradayCorrection(s *Series, T int, start time.Time, fc []float64, open []bool, dayVar float64) (mult []float64, rhoDay float64, ok bool) {
	if T >= s.days {
		return nil, 1, false
	}
	var A, F, Ar, Fr float64
	s.intervals(T, func(t time.Time, sl int) {
		if !t.Before(start) || !open[sl] {
			return
		}
		if v := s.offered[T*s.slots+sl]; !math.IsNaN(v) {
			w := math.Exp2(-float64(start.Sub(t.Add(s.Interval))) / float64(intradayRecentHalf))
			A += v
			F += fc[sl]
			Ar += w * v
			Fr += w * fc[sl]
			ok = true
		}
	})
	if !ok {
		return nil, 1, false
	}
	k := 1 / dayVar
	rhoDay = (k + A) / (k + F)
	rhoRecent := (k*rhoDay + Ar) / (k + Fr)
	mult = make([]float64, s.slots)
	for i := range mult {
		mult[i] = 1
	}
	s.intervals(T, func(t time.Time, sl int) {
		if t.Before(start) {
			return
		}
		fade := math.Exp2(-float64(t.Sub(start)) / float64(intradayFadeHalf))
		mult[sl] = math.Max(0, 1+intradayDayWeight*(rhoDay-1)+fade*(rhoRecent-rhoDay))
	})
	return mult, rhoDay, true
}
