package forecast

import (
	"math"
	"sort"
)

// Prediction intervals come from the out-of-sample errors of the weeks
// before the origin (so they are as honest as the backtest). Errors are
// standardised by a scale that grows like a Poisson count with day-level
// overdispersion,
//
//	σ(f)² = f + b f²   (b >= 0 fitted by least squares on e² - f),
//
// then by the root mean square r_l of the standardised errors of their lead
// day l (errors grow with the lead). The 2.5, 10, 90 and 97.5% empirical
// quantiles Q of the pooled result give the band f + r_l Q σ(f), clipped at
// zero: the lead sets the width, the pooled sample the shape of the tails.
const minBucket = 30

// Standard normal quantiles, used when there are no out-of-sample errors.
var normalQ = [4]float64{-1.959964, -1.281552, 1.281552, 1.959964}

type calibration struct {
	b      float64
	q      [4]float64
	rms    []float64 // per lead day
	rmsAll float64
}

func sigma(f, b float64) float64 {
	if f < 0.5 {
		f = 0.5
	}
	return math.Sqrt(f + b*f*f)
}

func calibrate(res []residual) calibration {
	c := calibration{q: normalQ, rmsAll: 1}
	if len(res) == 0 {
		return c
	}
	var num, den float64
	for _, r := range res {
		e := r.a - r.f
		f2 := r.f * r.f
		num += f2 * (e*e - r.f)
		den += f2 * f2
	}
	if den > 0 && num > 0 {
		c.b = num / den
	}
	z := make([]float64, len(res))
	maxLead := 0
	var ss float64
	for i, r := range res {
		z[i] = (r.a - r.f) / sigma(r.f, c.b)
		ss += z[i] * z[i]
		maxLead = max(maxLead, r.lead)
	}
	c.rmsAll = math.Sqrt(ss / float64(len(z)))
	sums := make([]float64, maxLead+1)
	ns := make([]int, maxLead+1)
	for i, r := range res {
		sums[r.lead] += z[i] * z[i]
		ns[r.lead]++
	}
	c.rms = make([]float64, maxLead+1)
	for l := range c.rms {
		c.rms[l] = c.rmsAll
		if ns[l] >= minBucket {
			c.rms[l] = math.Sqrt(sums[l] / float64(ns[l]))
		}
	}
	if len(z) < 2*minBucket || c.rmsAll == 0 {
		c.q = normalQ
		for i := range c.q {
			c.q[i] *= c.rmsAll
		}
		c.rms = nil
		c.rmsAll = 1
		return c
	}
	u := make([]float64, len(z))
	for i, r := range res {
		u[i] = z[i] / c.rms[r.lead]
	}
	c.q = quantiles(u)
	return c
}

func quantiles(z []float64) [4]float64 {
	s := append([]float64(nil), z...)
	sort.Float64s(s)
	var q [4]float64
	for i, p := range [4]float64{0.025, 0.1, 0.9, 0.975} {
		pos := p * float64(len(s)-1)
		lo := int(pos)
		hi := min(lo+1, len(s)-1)
		q[i] = s[lo] + (pos-float64(lo))*(s[hi]-s[lo])
	}
	return q
}

// bands returns the 80% and 95% limits for forecasts fc laid out by day.
func (c calibration) bands(fc []float64, slots int) (lo80, hi80, lo95, hi95 []float64) {
	n := len(fc)
	lo80, hi80, lo95, hi95 = make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)
	for i, f := range fc {
		r := c.rmsAll
		if l := i / slots; l < len(c.rms) {
			r = c.rms[l]
		} else if len(c.rms) > 0 {
			r = c.rms[len(c.rms)-1]
		}
		sd := r * sigma(f, c.b)
		lo95[i] = math.Max(0, f+c.q[0]*sd)
		lo80[i] = math.Max(0, f+c.q[1]*sd)
		hi80[i] = math.Max(0, f+c.q[2]*sd)
		hi95[i] = math.Max(0, f+c.q[3]*sd)
	}
	return
}
