package erlang

import (
	"errors"
	"fmt"
	"math"
	"time"
)

// ErrBands is a forecast's volume bands out of order, negative or not
// finite.
var ErrBands = errors.New("erlang: volume bands must be finite, non-negative and ordered lower95 <= lower80 <= volume <= upper80 <= upper95")

// Bands are a forecast's distribution of one interval's volume, given by
// five of its quantiles: the point forecast Volume, taken as the median,
// and the bounds of the central 80% and 95% prediction intervals (the
// 10%, 90%, 2.5% and 97.5% quantiles).
type Bands struct {
	Lower95, Lower80, Volume, Upper80, Upper95 float64
}

// Validate reports bands out of order, negative or not finite.
func (b Bands) Validate() error {
	v := []float64{b.Lower95, b.Lower80, b.Volume, b.Upper80, b.Upper95}
	for i, x := range v {
		if !(x >= 0) || math.IsInf(x, 1) || (i > 0 && x < v[i-1]) {
			return fmt.Errorf("%w: %g, %g, %g, %g, %g", ErrBands, b.Lower95, b.Lower80, b.Volume, b.Upper80, b.Upper95)
		}
	}
	return nil
}

// Standard normal quantiles of the band bounds: Φ⁻¹(0.9) and Φ⁻¹(0.975).
const (
	z80 = 1.2815515655446004
	z95 = 1.959963984540054
)

// Five-point Gauss–Hermite rule for a standard normal Z (probabilists'
// Hermite polynomials): E[f(Z)] ≈ Σ wₖ f(zₖ) over z = 0, ±gh1, ±gh2, exact
// for polynomials of degree up to 9.
const (
	gh1, gh2   = 1.355626179974266, 2.856970013872806
	ghW0       = 8.0 / 15
	ghW1, ghW2 = 0.222075922005613, 0.011257411327721
)

// VolumePoint is one quadrature point of a volume distribution: a volume
// and its probability weight.
type VolumePoint struct {
	Volume, Weight float64
}

// Quadrature returns five volumes and weights (summing to 1) that average
// a function of the volume over the bands' distribution:
//
//	E[f(V)] ≈ Σₖ wₖ f(Q(zₖ)),
//
// with (zₖ, wₖ) the five-point Gauss–Hermite rule for a standard normal
// (z = 0, ±1.3556, ±2.8570; w = 0.5333, 0.2221, 0.0113) and Q the volume
// quantile function written on the normal scale: the piecewise-linear
// interpolation through (−1.96, Lower95), (−1.2816, Lower80), (0, Volume),
// (1.2816, Upper80), (1.96, Upper95), extended beyond ±1.96 with the slope
// of its outer segment, and clipped at zero. When the bands are those of a
// normal distribution (symmetric, widths in the ratio 1.96 : 1.2816) Q is
// its quantile function exactly and the rule is Gauss–Hermite quadrature of
// that normal; skewed bands (a log-scale forecast) stay skewed.
func (b Bands) Quadrature() ([5]VolumePoint, error) {
	var pts [5]VolumePoint
	if err := b.Validate(); err != nil {
		return pts, err
	}
	xs := [5]float64{-z95, -z80, 0, z80, z95}
	ys := [5]float64{b.Lower95, b.Lower80, b.Volume, b.Upper80, b.Upper95}
	nodes := [5]float64{-gh2, -gh1, 0, gh1, gh2}
	weights := [5]float64{ghW2, ghW1, ghW0, ghW1, ghW2}
	for k, z := range nodes {
		// segment [xs[i], xs[i+1]] holding z, the outer one beyond ±z95
		i := 0
		for i < 3 && z > xs[i+1] {
			i++
		}
		v := ys[i] + (z-xs[i])*(ys[i+1]-ys[i])/(xs[i+1]-xs[i])
		pts[k] = VolumePoint{Volume: max(v, 0), Weight: weights[k]}
	}
	return pts, nil
}

// WeightedLoad is one point of a distribution of loads: a Load and its
// probability weight (>= 0).
type WeightedLoad struct {
	Load
	Weight float64
}

// EvaluateExpected returns the figures of agents agents averaged over a
// distribution of loads (weights are normalised to sum to 1). Figures per
// offered contact (ServiceLevel, PWait, PAbandon, ASASeconds) are averaged
// with weights wₖ·Volumeₖ, so ServiceLevel is the expected share of the
// interval's contacts answered within serviceTime,
//
//	SL = Σₖ wₖ Vₖ SLₖ / Σₖ wₖ Vₖ,
//
// what a service-level goal over many such intervals measures; Occupancy
// and Erlangs are plain weighted means. An Erlang C point with agents <=
// its load has no steady state (its queue grows through the interval): it
// counts with service level 0 and P(wait) 1 (no error: the other points may
// carry the average), and ASASeconds is the mean wait over the points the
// agents keep up with (weighted as above), so that one rare point beyond
// them does not make the figure infinite; it is +Inf only when no point
// with volume is kept up with. With no volume at any point the figures are
// those of an empty queue.
func EvaluateExpected(pts []WeightedLoad, agents int, serviceTime time.Duration) (Metrics, error) {
	es, err := newExpected(pts, serviceTime)
	if err != nil {
		return Metrics{}, err
	}
	if agents < 0 || agents > MaxAgents {
		return Metrics{}, fmt.Errorf("%w: %d (at most %d)", ErrAgents, agents, int(MaxAgents))
	}
	return es.at(agents), nil
}

// StaffExpected returns the fewest agents whose figures averaged over the
// distribution pts (as EvaluateExpected averages them) meet every goal of
// t, and those figures, with Scheduled grossed up for t.Shrinkage. Each
// point's figures are monotone in agents, so their average is too and the
// search of Staff applies, started from square-root staffing of the mean
// load. The answer may lie below the load of the highest points: a rare
// point beyond the agents costs its weight in service level, not the
// whole goal. A MaxASA goal is stricter: it is met only when the agents
// keep up with every point (an Erlang C point beyond them has an unbounded
// mean wait), though the ASASeconds returned is, as EvaluateExpected's,
// the mean over the points kept up with.
func StaffExpected(pts []WeightedLoad, t Targets) (Metrics, error) {
	if err := t.Validate(); err != nil {
		return Metrics{}, err
	}
	es, err := newExpected(pts, t.ServiceTime)
	if err != nil {
		return Metrics{}, err
	}
	if es.volume == 0 {
		return es.at(0), nil
	}
	mean := es.at(0).Erlangs
	var top float64
	for i := range es.ev {
		top = max(top, es.ev[i].a)
	}
	limit := int(math.Ceil(top+60*math.Sqrt(top))) + 1000
	strict := func(n int) Metrics {
		m, overloaded := es.figures(n)
		if overloaded {
			m.ASASeconds = math.Inf(1)
		}
		return m
	}
	m, err := search(strict, t, int(math.Ceil(mean+math.Sqrt(mean))), 1, limit)
	if err != nil {
		return Metrics{}, fmt.Errorf("%w: %.6g Erlangs at the highest point need more than %d agents for these targets", err, top, limit)
	}
	m = es.at(m.Agents)
	m.Scheduled = scheduled(m.Agents, t.Shrinkage)
	return m, nil
}

// expected evaluates a distribution of loads at any number of agents.
type expected struct {
	ev     []evaluator
	w      []float64 // normalised weights
	vol    []float64 // the points' volumes
	volume float64   // Σ wₖ Vₖ
}

func newExpected(pts []WeightedLoad, serviceTime time.Duration) (*expected, error) {
	if serviceTime < 0 {
		return nil, fmt.Errorf("%w: %v", ErrServiceTime, serviceTime)
	}
	var sum float64
	for i, p := range pts {
		if err := p.Load.Validate(); err != nil {
			return nil, &IntervalError{Index: i, Err: err}
		}
		if !(p.Weight >= 0) || math.IsInf(p.Weight, 1) {
			return nil, &IntervalError{Index: i, Err: fmt.Errorf("%w: weight %v must be finite and non-negative", ErrBands, p.Weight)}
		}
		sum += p.Weight
	}
	if !(sum > 0) {
		return nil, fmt.Errorf("%w: no point has a positive weight", ErrBands)
	}
	es := &expected{ev: make([]evaluator, len(pts)), w: make([]float64, len(pts)), vol: make([]float64, len(pts))}
	for i, p := range pts {
		es.ev[i].reset(p.Load, serviceTime, nil)
		es.w[i], es.vol[i] = p.Weight/sum, p.Volume
		es.volume += es.w[i] * p.Volume
	}
	return es, nil
}

// at is the figures of n agents as EvaluateExpected reports them.
func (es *expected) at(n int) Metrics {
	m, _ := es.figures(n)
	return m
}

// figures is the figures of n agents, ASASeconds over the points with
// volume that n agents keep up with, and whether any such point is beyond
// them (an Erlang C point with an infinite mean wait).
func (es *expected) figures(n int) (m Metrics, overloaded bool) {
	m = Metrics{Agents: n, Scheduled: n}
	var vsum, asaSum float64
	for i := range es.ev {
		w := es.w[i]
		if w == 0 {
			continue
		}
		mi := es.ev[i].at(n)
		m.Erlangs += w * mi.Erlangs
		m.Occupancy += w * mi.Occupancy
		// per-contact figures: weight by volume (plain weights when empty)
		cw := w
		if es.volume > 0 {
			cw = w * es.vol[i]
		}
		if cw == 0 {
			continue
		}
		vsum += cw
		m.PWait += cw * mi.PWait
		m.PAbandon += cw * mi.PAbandon
		m.ServiceLevel += cw * mi.ServiceLevel
		if math.IsInf(mi.ASASeconds, 1) {
			overloaded = true
			continue
		}
		asaSum += cw
		m.ASASeconds += cw * mi.ASASeconds
	}
	if vsum > 0 {
		m.PWait /= vsum
		m.PAbandon /= vsum
		m.ServiceLevel /= vsum
	}
	switch {
	case asaSum > 0:
		m.ASASeconds /= asaSum
	case overloaded:
		m.ASASeconds = math.Inf(1)
	}
	return m, overloaded
}
