package forecast

import (
	"math"
	"time"
)

// Intraday re-forecast. When a forecast starts inside a day, the day's
// actuals before the start say whether it runs hot or cold. The ratio of
// actual to forecast contacts in interval t of the day is modelled as
//
//	x_t = μ + u_t,   μ ~ N(1, τ²),   u_t = φ u_{t-1} + e_t,   e_t ~ N(0, q)
//
// a day level μ (how the whole day runs) plus a drifting deviation u (an
// AR(1) with a 24-hour time constant, φ = exp(-Δ/24h) per interval Δ, and
// a stationary variance v = q/(1-φ²) = intradayDriftVariance), observed as
// a_t/f_t with the Poisson variance 1/f_t of a count with mean f_t. A
// Kalman filter over the day's open intervals before the start gives the
// posterior means μ̂ and û; an interval a time L after the last observed
// one is then forecast times
//
//	m(L) = 1 + β (μ̂ - 1) + exp(-L/24h) û,   β = intradayDayWeight,
//
// (at least 0). τ² is the out-of-sample relative variance of daily totals
// in the calibration weeks (dayLevelVariance), so a queue whose days vary
// little moves little on a quiet morning. The deviation u is what the
// last hours say: it carries on into the afternoon almost undamped, while
// only β = 0.6 of the day level persists (afternoons regress towards the
// forecast). This replaced a pair of exponentially weighted ratios (the
// day's and the last half hour's) that gave 23.6% less afternoon error
// than the night-before forecast from 11:00 on the US bank's last 28
// business days; the filter gives 26% (README). β, v and the time
// constant were chosen on the 90 days before those 28 business days
// (-20.9% and -22.2% there from 11:00 and 13:00, against -19.0% and
// -22.5%; TestIntradayElsewhere); in a one-off sweep over day-level
// variances of 0.003-0.008, drift variances of 0.005-0.04, time constants
// of 16-50 h and β of 0.5-0.7 those 90 days stayed within 1.5 points of
// the chosen setting.
// Only the rest of the start's day is corrected; later days are left as
// they were. Reference: Harvey, Forecasting, Structural Time Series
// Models and the Kalman Filter (1989), ch. 3.
const (
	minDayVariance        = 0.05 * 0.05
	maxDayVariance        = 1.0
	intradayDayWeight     = 0.6
	intradayDriftVariance = 0.0125
	intradayDriftTime     = 24 * time.Hour
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
// start (fc is day T's forecast by slot, open its open slots), and the
// observed ratio of actual to forecast contacts before start; ok is false
// when the day has no actuals before start.
func intradayCorrection(s *Series, T int, start time.Time, fc []float64, open []bool, dayVar float64) (mult []float64, observed float64, ok bool) {
	if T >= s.days {
		return nil, 1, false
	}
	f := newLevelFilter(dayVar)
	var last time.Time // start of the last interval filtered
	var A, F float64
	s.intervals(T, func(t time.Time, sl int) {
		if !t.Before(start) || !open[sl] {
			return
		}
		if !last.IsZero() {
			f.drift(t.Sub(last))
		}
		last = t
		if v := s.offered[T*s.slots+sl]; !math.IsNaN(v) && fc[sl] > 0 {
			f.observe(v/fc[sl], 1/fc[sl])
			A += v
			F += fc[sl]
		}
	})
	if !f.observed {
		return nil, 1, false
	}
	mult = make([]float64, s.slots)
	for i := range mult {
		mult[i] = 1
	}
	s.intervals(T, func(t time.Time, sl int) {
		if t.Before(start) {
			return
		}
		fade := math.Exp(-float64(t.Sub(last)) / float64(intradayDriftTime))
		mult[sl] = math.Max(0, 1+intradayDayWeight*(f.mu-1)+fade*f.u)
	})
	return mult, A / F, true
}

// levelFilter is the Kalman filter of intradayCorrection: the state
// (μ, u) with covariance [[pmm, pmu], [pmu, puu]].
type levelFilter struct {
	mu, u         float64
	pmm, puu, pmu float64
	observed      bool
}

func newLevelFilter(dayVar float64) *levelFilter {
	return &levelFilter{mu: 1, pmm: dayVar, puu: intradayDriftVariance}
}

// drift moves u forward by dt: u ← φu, var(u) ← φ² var(u) + v(1-φ²).
func (f *levelFilter) drift(dt time.Duration) {
	phi := math.Exp(-float64(dt) / float64(intradayDriftTime))
	f.u *= phi
	f.pmu *= phi
	f.puu = phi*phi*f.puu + intradayDriftVariance*(1-phi*phi)
}

// observe takes one ratio r = μ + u + noise of variance r2.
func (f *levelFilter) observe(r, r2 float64) {
	s := f.pmm + f.puu + 2*f.pmu + r2
	km, ku := (f.pmm+f.pmu)/s, (f.puu+f.pmu)/s
	innov := r - f.mu - f.u
	f.mu += km * innov
	f.u += ku * innov
	pmm := f.pmm - km*(f.pmm+f.pmu)
	puu := f.puu - ku*(f.puu+f.pmu)
	pmu := f.pmu - km*(f.puu+f.pmu)
	f.pmm, f.puu, f.pmu = pmm, puu, pmu
	f.observed = true
}
