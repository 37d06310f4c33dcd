package forecast

import (
	"math"
	"slices"
)

// Day-of-month effect learnt from the history.
//
// Banks see more contacts in the first days of a month and around the
// 10th (salaries, statements, standing orders) and fewer before its end:
// on the Israeli bank's ordinary weekdays of 1999, days 1-5 run about 25%
// above their weekday's level and days 23-28 about 20% below. A weekly
// model (a level per weekday, smoothed over weeks) cannot see that.
//
// Each ordinary day g gives a ratio a_g/e_g: its total over the mean of
// up to monthRefDays ordinary same-weekday days before it (within
// monthRefWeeks weeks), over the slots observed on both. Four weeks back
// cover the month once, so e_g is a level without the month's pattern.
// Ratios are winsorised at the median ± winsorMADs robust standard
// deviations of the ratios of the monthWinsorDays days before, so an
// outage or a holiday missing from the calendar does not set a factor.
// From the days g before t, the factor of day of the month k is
//
//	m_t(k) = c · (Σ_g K(k, dom g) a_g + κ ē) / (Σ_g K(k, dom g) e_g + κ ē)
//
// with K = 1 on the same day of the month and monthNeighbour on the days
// next to it, ē the mean e_g and κ = monthShrinkDays: a ratio of sums
// shrunk towards 1 as if κ average days had shown no effect; c scales the
// factors to a mean of 1 over a year's days, so they move contacts between
// days of the month and leave the level to the models.
//
// The factors are used only when the history says the day of the month
// matters: at least monthMinDays ratios, and leave-one-out (each day's
// ratio predicted from all the others) the factors' squared error,
// weighted by e_g, below that of a single ratio for all days. Otherwise
// every factor is 1 and forecasts are exactly what they were without.
//
// The models are fitted on the history divided by these factors and
// their forecast for day D from origin T is multiplied by m_T(dom D).
// Each past day d is divided by m_d(dom d), the factor as it stood then,
// so the adjusted history is the same for every origin (and double
// seasonal smoothing still fits many origins in one pass) and uses no
// day after the one it adjusts.
const (
	monthRefDays    = 4
	monthRefWeeks   = 8
	monthMinRefDays = 2
	monthNeighbour  = 0.5
	monthShrinkDays = 4.0
	monthMinDays    = 20
	// ratios are winsorised against those of up to this many days before
	// (about two months), once there are monthMinWinsorDays of them
	monthWinsorDays    = 60
	monthMinWinsorDays = 10
)

// monthObs is one day's ratio data.
type monthObs struct {
	day, dom int
	a, e     float64
}

// monthObservations lists the ratio data of every ordinary day of the panel
// in day order.
func monthObservations(p *panel) []monthObs {
	var out []monthObs
	n := make([]int, p.slots)
	ref := make([]float64, p.slots)
	for g := 0; g < p.days; g++ {
		if !p.ordinary(g) {
			continue
		}
		clear(n)
		clear(ref)
		found := 0
		for k := 1; k <= monthRefWeeks && found < monthRefDays; k++ {
			d := g - week*k
			if d < 0 {
				break
			}
			if !p.ordinary(d) {
				continue
			}
			any := false
			for s, v := range p.row(d) {
				if !math.IsNaN(v) {
					ref[s] += v
					n[s]++
					any = true
				}
			}
			if any {
				found++
			}
		}
		if found < monthMinRefDays {
			continue
		}
		var a, e float64
		for s, v := range p.row(g) {
			if n[s] > 0 && !math.IsNaN(v) {
				a += v
				e += ref[s] / float64(n[s])
			}
		}
		if e > 0 {
			out = append(out, monthObs{day: g, dom: int(p.dom[g]), a: a, e: e})
		}
	}
	// winsorised against the ratios of the monthWinsorDays days before
	ratios := make([]float64, 0, len(out))
	dev := make([]float64, 0, monthWinsorDays)
	med, lim := 0.0, math.Inf(1)
	for j := range out {
		r := out[j].a / out[j].e
		// the limits are renewed every week's worth of ratios
		if n := len(ratios); n >= monthMinWinsorDays && (n-monthMinWinsorDays)%week == 0 {
			prev := ratios[max(0, n-monthWinsorDays):]
			med = median(prev)
			dev = dev[:0]
			for _, x := range prev {
				dev = append(dev, math.Abs(x-med))
			}
			lim = winsorMADs * 1.4826 * median(dev)
		}
		if len(ratios) >= monthMinWinsorDays {
			out[j].a = out[j].e * math.Max(med-lim, math.Min(med+lim, r))
		}
		ratios = append(ratios, r)
	}
	return out
}

// monthFactors accumulates observations into the factors m(k), k = 1..31.
type monthFactors struct {
	obs      []monthObs
	num, den [32]float64
	aSum     float64
	eSum     float64
	on       bool // the day of the month tells (set by decide)
	f        [32]float64
}

func (m *monthFactors) add(o monthObs) {
	for k := max(1, o.dom-1); k <= min(31, o.dom+1); k++ {
		w := 1.0
		if k != o.dom {
			w = monthNeighbour
		}
		m.num[k] += w * o.a
		m.den[k] += w * o.e
	}
	m.aSum += o.a
	m.eSum += o.e
	m.obs = append(m.obs, o)
}

// decide switches the factors on when the day of the month predicts the
// days' ratios better than one ratio for all, leave-one-out.
func (m *monthFactors) decide() {
	m.on = false
	n := len(m.obs)
	if n < monthMinDays {
		return
	}
	prior := monthShrinkDays * m.eSum / float64(n)
	var sseM, sse1 float64
	for _, o := range m.obs {
		r := o.a / o.e
		pm := (m.num[o.dom] - o.a + prior) / (m.den[o.dom] - o.e + prior)
		p1 := (m.aSum - o.a) / (m.eSum - o.e)
		sseM += o.e * (r - pm) * (r - pm)
		sse1 += o.e * (r - p1) * (r - p1)
	}
	m.on = sseM < sse1
	if m.on {
		m.norm()
	}
}

func (m *monthFactors) factor(k int) float64 {
	if !m.on {
		return 1
	}
	return m.f[k]
}

// share of months that have day k: the weights of the factors' mean
func monthDayShare(k int) float64 {
	switch k {
	case 29:
		return 45.0 / 48
	case 30:
		return 11.0 / 12
	case 31:
		return 7.0 / 12
	}
	return 1
}

// norm sets the factors: the shrunk ratios divided by their mean over a
// year's days, so they move contacts between days of the month and not
// the level (which the models estimate).
func (m *monthFactors) norm() {
	prior := monthShrinkDays * m.eSum / float64(len(m.obs))
	var sum, wsum float64
	for k := 1; k <= 31; k++ {
		m.f[k] = (m.num[k] + prior) / (m.den[k] + prior)
		sum += monthDayShare(k) * m.f[k]
		wsum += monthDayShare(k)
	}
	for k := 1; k <= 31; k++ {
		m.f[k] *= wsum / sum
	}
}

// seasonal is a panel's day-of-month adjustment: the adjusted panel and
// the observations to learn factors at any origin from.
type seasonal struct {
	obs []monthObs
}

// deseasonalise returns p with every day d divided by m_d(dom d) (p
// itself when every factor is 1), and the observations behind it.
func deseasonalise(p *panel) (*panel, *seasonal) {
	obs := monthObservations(p)
	z := &seasonal{obs: obs}
	var m monthFactors
	var q *panel
	j := 0
	for d := 0; d < p.days; d++ {
		if j < len(obs) && obs[j].day < d {
			for ; j < len(obs) && obs[j].day < d; j++ {
				m.add(obs[j])
			}
			m.decide()
		}
		f := m.factor(int(p.dom[d]))
		if f == 1 && q == nil {
			continue
		}
		if q == nil {
			c := *p
			c.y = slices.Clone(p.y)
			q = &c
		}
		row := q.row(d)
		for s := range row {
			row[s] /= f
		}
	}
	if q == nil {
		return p, z
	}
	return q, z
}

// at returns the factor of each of the h days from T, learnt before T.
func (z *seasonal) at(p *panel, T, h int) []float64 {
	var m monthFactors
	for _, o := range z.obs {
		if o.day >= T {
			break
		}
		m.add(o)
	}
	m.decide()
	out := make([]float64, h)
	for i := range out {
		out[i] = m.factor(int(p.dom[min(T+i, p.days-1)]))
	}
	return out
}
