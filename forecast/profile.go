package forecast

import (
	"math"
	"sort"
)

// Settings of the daily-volume x intraday-profile method. They are one
// configuration for every queue, not tuned per data set.
const (
	// Intraday profiles pool many weeks, the older ones down-weighted with
	// this half-life: profiles change slowly and 4 weeks are noisy.
	profileHalfLifeWeeks = 8.0
	// A weekday's own profile is shrunk towards the all-days profile as if
	// the latter were worth this many days of that weekday.
	profileShrinkDays = 3.0
	// A day counts towards the daily-total model when at least this share of
	// its open slots (by profile weight) was observed.
	minObservedShare = 0.5
)

// intradayProfiles estimates, for each weekday, the share of the day's
// contacts falling in each open slot (Shen & Huang 2008: the profile is
// stable, the daily level is what moves).
func intradayProfiles(c *ctx) [7][]float64 {
	p := c.p
	all := make([]float64, p.slots)
	allTot := 0.0
	var num [7][]float64
	var den, eff [7]float64
	for w := range num {
		num[w] = make([]float64, p.slots)
	}
	for w := 0; w < 7; w++ {
		for _, d := range c.past[w] {
			row := p.row(d)
			tot, complete := 0.0, true
			for s, o := range c.open[w] {
				if !o {
					continue
				}
				if math.IsNaN(row[s]) {
					complete = false
					break
				}
				tot += row[s]
			}
			if !complete || tot <= 0 {
				continue
			}
			wt := math.Exp2(-float64(c.T-1-d) / (7 * profileHalfLifeWeeks))
			for s, o := range c.open[w] {
				if o {
					num[w][s] += wt * row[s]
					all[s] += wt * row[s]
				}
			}
			den[w] += wt * tot
			eff[w] += wt
			allTot += wt * tot
		}
	}
	var prof [7][]float64
	for w := 0; w < 7; w++ {
		prof[w] = make([]float64, p.slots)
		// all-days profile restricted to this weekday's open slots
		base, bsum := make([]float64, p.slots), 0.0
		for s, o := range c.open[w] {
			if o {
				base[s] = all[s]
				bsum += all[s]
			}
		}
		sum := 0.0
		for s, o := range c.open[w] {
			if !o {
				continue
			}
			var own, pooled float64
			if den[w] > 0 {
				own = num[w][s] / den[w]
			}
			if bsum > 0 {
				pooled = base[s] / bsum
			}
			v := (eff[w]*own + profileShrinkDays*pooled) / (eff[w] + profileShrinkDays)
			prof[w][s] = v
			sum += v
		}
		if sum > 0 {
			for s := range prof[w] {
				prof[w][s] /= sum
			}
		}
	}
	return prof
}

// dailyTotals estimates each ordinary day's total from its observed open
// slots and the profile; NaN when too little of the day was observed.
func dailyTotals(c *ctx, prof [7][]float64) []float64 {
	p := c.p
	out := make([]float64, c.T)
	for d := 0; d < c.T; d++ {
		out[d] = math.NaN()
		w := p.dow[d]
		if !p.ordinary(d) {
			continue
		}
		row := p.row(d)
		sum, share := 0.0, 0.0
		for s, o := range c.open[w] {
			if o && !math.IsNaN(row[s]) {
				sum += row[s]
				share += prof[w][s]
			}
		}
		if share >= minObservedShare && sum > 0 {
			out[d] = sum / share
		}
	}
	return out
}

// dailyModel forecasts a day's total N_D of weekday w as
//
//	N_D = L_w · (1 + g·(ā_w + lead_D)),   L_w = Σ ω_i N_i / Σ ω_i,  ω_i = 2^(-age_i/8 weeks)
//
// where L_w is a robust, exponentially weighted mean of that weekday's past
// totals (weekday effect and local level in one: on real centres weekday
// totals move together but slowly, and a long memory beats a reactive one;
// Holt-Winters fitted on one-step errors did markedly worse on both bank
// data sets), ā_w the weighted mean age of those totals, and g an optional
// relative trend per week fitted by weighted least squares to the
// deseasonalised totals N_i/L_w - 1 and shrunk by its t-statistic,
// g' = g·max(0, 1 - trendT²/t²), so only a trend the data clearly show is
// extrapolated. The engine keeps the trend only when it won the selection
// backtest. Past totals are winsorised at the weekday's median ± 3 robust
// standard deviations (1.4826·MAD) so holidays the calendar missed do not
// drag the level.
type dailyModel struct {
	level  [7]float64 // weighted mean total per weekday
	age    [7]float64 // weighted mean age (weeks before T) of those totals
	trend  float64    // relative change per week, after shrinkage
	origin int
}

const (
	dailyHalfLifeWeeks = 8.0
	trendT             = 2.0
	winsorMADs         = 3.0
)

func fitDaily(c *ctx, tot []float64, withTrend bool) (dailyModel, bool) {
	m := dailyModel{origin: c.T}
	type obs struct{ v, age, wt float64 }
	var per [7][]obs
	ok := false
	for w := 0; w < 7; w++ {
		var vals []float64
		for _, d := range c.past[w] {
			if !math.IsNaN(tot[d]) {
				age := float64(c.T-1-d) / 7
				per[w] = append(per[w], obs{tot[d], age, math.Exp2(-age / dailyHalfLifeWeeks)})
				vals = append(vals, tot[d])
			}
		}
		if len(vals) == 0 {
			continue
		}
		ok = true
		med := median(vals)
		for i := range vals {
			vals[i] = math.Abs(vals[i] - med)
		}
		lim := winsorMADs * 1.4826 * median(vals)
		var sw, sv, sa float64
		for i, o := range per[w] {
			if len(vals) >= 5 && lim > 0 {
				o.v = math.Max(med-lim, math.Min(med+lim, o.v))
				per[w][i] = o
			}
			sw += o.wt
			sv += o.wt * o.v
			sa += o.wt * o.age
		}
		m.level[w], m.age[w] = sv/sw, sa/sw
	}
	// trend: WLS of v/level - 1 on (mean age - age), pooled over weekdays;
	// Var(g) = σ² Σw²x² / (Σwx²)² with σ² the weighted residual variance.
	var sxy, sxx, n float64
	for w := 0; w < 7; w++ {
		for _, o := range per[w] {
			x := m.age[w] - o.age
			sxy += o.wt * x * (o.v/m.level[w] - 1)
			sxx += o.wt * x * x
			n++
		}
	}
	if withTrend && sxx > 0 && n > 14 {
		g := sxy / sxx
		var sse, sw, sw2x2 float64
		for w := 0; w < 7; w++ {
			for _, o := range per[w] {
				x := m.age[w] - o.age
				r := o.v/m.level[w] - 1 - g*x
				sse += o.wt * r * r
				sw += o.wt
				sw2x2 += o.wt * o.wt * x * x
			}
		}
		se := math.Sqrt(sse / sw * sw2x2 / (sxx * sxx))
		if se > 0 && g != 0 {
			t2 := (g / se) * (g / se)
			m.trend = g * math.Max(0, 1-trendT*trendT/t2)
		}
	}
	return m, ok
}

func median(v []float64) float64 {
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// total forecasts day D's total.
func (m dailyModel) total(c *ctx, D int) float64 {
	w := c.p.dow[D]
	lead := m.age[w] + float64(D-m.origin+1)/7
	return m.level[w] * math.Max(0.5, 1+m.trend*lead)
}

// profileForecast is daily total x intraday profile.
func profileForecast(c *ctx, withTrend bool) []float64 {
	prof := intradayProfiles(c)
	tot := dailyTotals(c, prof)
	m, ok := fitDaily(c, tot, withTrend)
	out := make([]float64, c.H*c.p.slots)
	if !ok {
		return out
	}
	for h := 0; h < c.H; h++ {
		D := c.T + h
		w := c.p.dow[D]
		t := m.total(c, D)
		for s := 0; s < c.p.slots; s++ {
			out[h*c.p.slots+s] = t * prof[w][s]
		}
	}
	return out
}
