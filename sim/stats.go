package sim

import "math"

// stat indexes a replication's per-interval sums.
const (
	sOffered = iota
	sWithin
	sAbandoned
	sWait
	sBusy
	sDuty
	sLongest
	nStat
)

// estimator turns per-replication sums into Estimates.
type estimator struct {
	t float64 // Student t quantile for the confidence level
}

func newEstimator(reps int, confidence float64) estimator {
	if reps < 2 {
		return estimator{}
	}
	return estimator{t: tQuantile(0.5+confidence/2, float64(reps-1))}
}

// ratio is the ratio estimator ΣY/ΣX with its delta-method interval; empty
// (ΣX = 0) is returned when no replication has any X.
func (e estimator) ratio(y, x []float64, empty float64) Estimate {
	var sy, sx float64
	for i := range y {
		sy += y[i]
		sx += x[i]
	}
	if sx == 0 {
		return Estimate{empty, empty, empty}
	}
	r := sy / sx
	n := float64(len(y))
	if len(y) < 2 {
		return Estimate{r, r, r}
	}
	var ss float64
	for i := range y {
		d := y[i] - r*x[i]
		ss += d * d
	}
	se := math.Sqrt(ss/(n-1)/n) / (sx / n)
	return Estimate{r, r - e.t*se, r + e.t*se}
}

// mean is the plain mean with its t interval.
func (e estimator) mean(v []float64) Estimate {
	n := float64(len(v))
	var s float64
	for _, x := range v {
		s += x
	}
	m := s / n
	if len(v) < 2 {
		return Estimate{m, m, m}
	}
	var ss float64
	for _, x := range v {
		ss += (x - m) * (x - m)
	}
	h := e.t * math.Sqrt(ss/(n-1)/n)
	return Estimate{m, m - h, m + h}
}

func (x Estimate) clamp(lo, hi float64) Estimate {
	c := func(v float64) float64 { return math.Min(hi, math.Max(lo, v)) }
	return Estimate{c(x.Mean), c(x.Low), c(x.High)}
}

// figures computes one interval's Figures from column vectors of
// per-replication sums.
func (e estimator) figures(col [nStat][]float64) Figures {
	inf := math.Inf(1)
	return Figures{
		Offered:      e.mean(col[sOffered]).clamp(0, inf),
		ServiceLevel: e.ratio(col[sWithin], col[sOffered], 1).clamp(0, 1),
		ASASeconds:   e.ratio(col[sWait], col[sOffered], 0).clamp(0, inf),
		AbandonRate:  e.ratio(col[sAbandoned], col[sOffered], 0).clamp(0, 1),
		Occupancy:    e.ratio(col[sBusy], col[sDuty], 0).clamp(0, 1),
		LongestQueue: e.mean(col[sLongest]).clamp(0, inf),
	}
}

// tQuantile is the p-quantile of Student's t with df degrees of freedom,
// p in (0.5, 1), found by bisection on the CDF.
func tQuantile(p, df float64) float64 {
	lo, hi := 0.0, 1.0
	for tCDF(hi, df) < p {
		hi *= 2
		if hi > 1e12 {
			return hi
		}
	}
	for range 100 {
		mid := (lo + hi) / 2
		if tCDF(mid, df) < p {
			lo = mid
		} else {
			hi = mid
		}
	}
	return (lo + hi) / 2
}

// tCDF is P(T <= t) for t >= 0: 1 - I_x(df/2, 1/2)/2 with x = df/(df+t²).
func tCDF(t, df float64) float64 {
	return 1 - 0.5*betaInc(df/2, 0.5, df/(df+t*t))
}

// betaInc is the regularized incomplete beta function I_x(a, b), by the
// continued fraction of Numerical Recipes (Press et al., §6.4).
func betaInc(a, b, x float64) float64 {
	if x <= 0 {
		return 0
	}
	if x >= 1 {
		return 1
	}
	la, _ := math.Lgamma(a)
	lb, _ := math.Lgamma(b)
	lab, _ := math.Lgamma(a + b)
	front := math.Exp(lab - la - lb + a*math.Log(x) + b*math.Log1p(-x))
	if x < (a+1)/(a+b+2) {
		return front * betaCF(a, b, x) / a
	}
	return 1 - front*betaCF(b, a, 1-x)/b
}

func betaCF(a, b, x float64) float64 {
	const tiny = 1e-300
	c, d := 1.0, 1-(a+b)*x/(a+1)
	if math.Abs(d) < tiny {
		d = tiny
	}
	d = 1 / d
	h := d
	for m := 1; m <= 300; m++ {
		fm := float64(m)
		aa := fm * (b - fm) * x / ((a + 2*fm - 1) * (a + 2*fm))
		d = 1 + aa*d
		if math.Abs(d) < tiny {
			d = tiny
		}
		c = 1 + aa/c
		if math.Abs(c) < tiny {
			c = tiny
		}
		d = 1 / d
		h *= d * c
		aa = -(a + fm) * (a + b + fm) * x / ((a + 2*fm) * (a + 1 + 2*fm))
		d = 1 + aa*d
		if math.Abs(d) < tiny {
			d = tiny
		}
		c = 1 + aa/c
		if math.Abs(c) < tiny {
			c = tiny
		}
		d = 1 / d
		del := d * c
		h *= del
		if math.Abs(del-1) < 1e-15 {
			break
		}
	}
	return h
}
