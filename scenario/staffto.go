package scenario

import (
	"errors"
	"time"

	"github.com/staffcast/staffcast/erlang"
)

// The volumes a queue can be staffed for (QueueSpec.StaffTo), as
// "staffcast staff -staff-to" names them.
const (
	// StaffToMean staffs the point forecast (the default).
	StaffToMean = "mean"
	// StaffToP80 staffs the upper bound of the forecast's 80% interval,
	// the volume exceeded one interval in ten; the figures reported are
	// those of these agents at the point forecast.
	StaffToP80 = "p80"
	// StaffToExpectedSL staffs the fewest agents whose service level
	// averaged over the forecast's volume distribution meets the promise
	// (erlang.StaffExpected); the figures reported are the expected ones.
	StaffToExpectedSL = "expected-sl"
)

// validStaffTo reports whether s names a StaffTo ("" is StaffToMean).
func validStaffTo(s string) bool {
	switch s {
	case "", StaffToMean, StaffToP80, StaffToExpectedSL:
		return true
	}
	return false
}

// volumeRatios are an interval's volume distribution relative to its point
// forecast: points[k].Volume is the k-th quadrature volume (or, for p80,
// the one upper80 volume, weight 1) divided by the point forecast.
type volumeRatios struct {
	points [5]erlang.VolumePoint
	n      int
}

// groupBands sums the bands of a group of demand intervals, quantile by
// quantile: the quantiles of a sum of intervals whose forecast errors move
// together (comonotone), an upper limit on the band of the sum otherwise.
// An interval without bands and without volume (a closed hour) adds
// nothing; ok is false when an interval with volume has none.
func groupBands(group []Interval) (b erlang.Bands, ok bool) {
	for _, iv := range group {
		if iv.Bands == nil {
			if iv.Volume > 0 {
				return b, false
			}
			continue
		}
		b.Lower95 += iv.Bands.Lower95
		b.Lower80 += iv.Bands.Lower80
		b.Upper80 += iv.Bands.Upper80
		b.Upper95 += iv.Bands.Upper95
	}
	return b, true
}

// prepareStaffTo computes the volume ratios of every interval for m's
// StaffTo from bands (one per interval, volumes already scaled like the
// point forecast). Errors name staff_to and the interval.
func (m *queueModel) prepareStaffTo(bands []erlang.Bands) error {
	if m.staffTo == StaffToMean {
		return nil
	}
	m.ratios = make([]volumeRatios, len(m.plain))
	for i, b := range bands {
		v := m.plain[i].Volume
		b.Volume = v
		if tol := 1e-9 * max(1, v); b.Lower80 > v+tol || b.Upper80 < v-tol || b.Lower95 > b.Lower80+tol || b.Upper95 < b.Upper80-tol {
			return fieldErr(join(m.path, "staff_to"), ErrDemand, "interval starting %s: the forecast's bands %g, %g, %g, %g do not bracket its volume %g",
				m.starts[i].Format(time.RFC3339), b.Lower95, b.Lower80, b.Upper80, b.Upper95, v)
		}
		// float noise of the sums must not reorder the quantiles
		b.Lower80 = min(b.Lower80, v)
		b.Lower95 = min(b.Lower95, b.Lower80)
		b.Upper80 = max(b.Upper80, v)
		b.Upper95 = max(b.Upper95, b.Upper80)
		r := &m.ratios[i]
		if v == 0 {
			// nothing forecast: staff what the bot funnel returns as it is
			r.points[0], r.n = erlang.VolumePoint{Volume: 1, Weight: 1}, 1
			continue
		}
		if m.staffTo == StaffToP80 {
			r.points[0], r.n = erlang.VolumePoint{Volume: b.Upper80 / v, Weight: 1}, 1
			continue
		}
		pts, err := b.Quadrature()
		if err != nil {
			return fieldErr(join(m.path, "staff_to"), ErrDemand, "interval starting %s: %v", m.starts[i].Format(time.RFC3339), err)
		}
		for k, p := range pts {
			r.points[k] = erlang.VolumePoint{Volume: p.Volume / v, Weight: p.Weight}
		}
		r.n = len(pts)
	}
	return nil
}

// staff returns the Erlang staffing of interval i's human load hl for m's
// StaffTo (with Scheduled grossed up for shrinkage):
//   - mean: erlang.Staff of hl;
//   - p80: the agents erlang.Staff gives hl with its volume scaled by the
//     interval's upper80 / point-forecast ratio, and their figures at hl;
//   - expected-sl: erlang.StaffExpected over hl's volume scaled by each
//     quadrature point's ratio.
//
// Scaling the human load by the offered volume's ratio is exact for the
// contacts the interval's own callers bring (direct and escalated, linear
// in its volume) and takes the returns of falsely contained contacts from
// earlier intervals as moving with this one's error: forecast errors a
// few intervals apart are strongly correlated.
func (m *queueModel) staff(i int, hl erlang.Load) (erlang.Metrics, error) {
	switch m.staffTo {
	case StaffToMean:
		return erlang.Staff(hl, m.targets)
	case StaffToP80:
		up := hl
		up.Volume *= m.ratios[i].points[0].Volume
		met, err := erlang.Staff(up, m.targets)
		if err != nil {
			return met, err
		}
		out, err := m.evaluateAt(i, hl, met.Agents)
		out.Scheduled = met.Scheduled
		return out, err
	}
	return erlang.StaffExpected(m.weighted(i, hl), m.targets)
}

// evaluateAt returns the figures of agents answering interval i's human
// load hl: at hl itself, or averaged over its volume distribution under
// expected-sl. An Erlang C load at or above agents reports its figures
// with no error (erlang.ErrUnstable is dropped).
func (m *queueModel) evaluateAt(i int, hl erlang.Load, agents int) (erlang.Metrics, error) {
	if m.staffTo == StaffToExpectedSL {
		return erlang.EvaluateExpected(m.weighted(i, hl), agents, m.targets.ServiceTime)
	}
	met, err := erlang.Evaluate(hl, agents, m.targets.ServiceTime)
	if errors.Is(err, erlang.ErrUnstable) {
		err = nil
	}
	return met, err
}

// weighted is hl at interval i's quadrature points.
func (m *queueModel) weighted(i int, hl erlang.Load) []erlang.WeightedLoad {
	r := m.ratios[i]
	out := make([]erlang.WeightedLoad, r.n)
	for k := range out {
		l := hl
		l.Volume *= r.points[k].Volume
		out[k] = erlang.WeightedLoad{Load: l, Weight: r.points[k].Weight}
	}
	return out
}

// staffAll staffs every interval's human load (humans closed: no volume),
// with erlang.StaffBatch when m staffs the mean.
func (m *queueModel) staffAll(loads []erlang.Load) ([]erlang.Metrics, error) {
	loads = m.staffLoads(loads)
	if m.staffTo == StaffToMean {
		return erlang.StaffBatch(loads, m.targets)
	}
	out := make([]erlang.Metrics, len(loads))
	for i, l := range loads {
		met, err := m.staff(i, l)
		if err != nil {
			return nil, &erlang.IntervalError{Index: i, Err: err}
		}
		out[i] = met
	}
	return out, nil
}
