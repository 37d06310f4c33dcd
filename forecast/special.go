package forecast

import (
	"fmt"
	"math"
)

// Special days learnt from the history.
//
// A calendar day without a factor is forecast as the method's ordinary
// forecast for that date times a ratio curve r(s) learnt from past special
// days of the same group: the same name when the history has one, else the
// same kind. For every past day g of the group (before the origin), a_g(s)
// is what came in and e_g(s) what an ordinary day would have brought: the
// mean of the nearest ordinary same-weekday days before the origin (up to
// specialRefDays, both sides of g). Then
//
//	R    = Σ_g Σ_s a_g(s) / Σ_g Σ_s e_g(s)                     (daily effect)
//	r(s) = (A(s) + κ R) / (E(s) + κ),  A(s) = Σ_g Σ_{|s'-s|<=w} a_g(s'), E likewise
//
// a ratio of sums per slot smoothed over ±w slots (about half an hour) and
// shrunk towards R by κ = specialShrinkContacts, so the curve keeps the
// intraday shape of such days (a half day falls to zero in the afternoon,
// it is not a scaled full day) where there is volume to tell it, and is R
// elsewhere.
//
// The days just before and after a block of special days (eves, the day
// after) are kept out of the ordinary fit too. They are forecast the same
// way from all past days before (after) a block, but only when the history
// says they differ: at least specialMinWindowDays of them, and a mean
// per-day ratio more than 2 standard errors and specialMinWindowEffect away
// from 1; otherwise they are forecast as ordinary days.
//
// A given factor wins over anything learnt; a closed day is zero. The
// baseline methods (snaive, sma4) learn nothing: they are what a planner
// without a forecaster would do.
const (
	specialRefDays         = 4
	specialRefWeeks        = 8 // how far (in weeks) to look for reference days
	specialShrinkContacts  = 10.0
	specialMinWindowDays   = 3
	specialMinWindowEffect = 0.05
)

// Labels of Point.SpecialDay for rules without a group.
const (
	SpecialNone     = ""                // an ordinary day
	SpecialClosed   = "closed"          // a calendar-closed day: zero
	SpecialGiven    = "given factor"    // the calendar's factor
	SpecialUnlearnt = "none in history" // no past day to learn from: the ordinary forecast
	// SpecialBaseline: a special day forecast by a baseline method (snaive,
	// sma4), which learns no special-day effect.
	SpecialBaseline = "not learnt: baseline method"
)

// dayAdjust is how one horizon day's ordinary forecast is changed.
type dayAdjust struct {
	label  string
	mult   []float64 // per slot; nil: ordinary (or the flat factor)
	factor float64   // flat factor when mult is nil; 1 ordinary
	learnt bool
	cv     float64 // relative uncertainty of a learnt effect
}

// effect accumulates one group's past days.
type effect struct {
	n      int
	a, e   []float64 // per slot
	ratios []float64 // per day Σa/Σe
}

func (g *effect) total() (a, e float64) {
	for s := range g.a {
		a += g.a[s]
		e += g.e[s]
	}
	return a, e
}

// curve is r(s) of the group (see the package comment of this file).
func (g *effect) curve(slots, halfWidth int) []float64 {
	A, E := g.total()
	R := A / E
	out := make([]float64, slots)
	for s := range out {
		var a, e float64
		for k := max(0, s-halfWidth); k <= min(slots-1, s+halfWidth); k++ {
			a += g.a[k]
			e += g.e[k]
		}
		out[s] = (a + specialShrinkContacts*R) / (e + specialShrinkContacts)
	}
	return out
}

// cv is the relative spread of the group's per-day ratios, with a prior of
// 25% worth two days so one or two days do not claim certainty.
func (g *effect) cv() float64 {
	A, E := g.total()
	R := A / E
	if R <= 0 {
		return 0.25
	}
	ss := 2 * 0.25 * 0.25
	for _, r := range g.ratios {
		ss += (r/R - 1) * (r/R - 1)
	}
	return math.Sqrt(ss / float64(len(g.ratios)+2))
}

// significant reports whether a window group's effect is clear: enough
// days and a mean ratio away from 1 by 2 standard errors and the minimum.
func (g *effect) significant() bool {
	n := len(g.ratios)
	if n < specialMinWindowDays {
		return false
	}
	var m, ss float64
	for _, r := range g.ratios {
		m += r
	}
	m /= float64(n)
	for _, r := range g.ratios {
		ss += (r - m) * (r - m)
	}
	se := math.Sqrt(ss / float64(n-1) / float64(n))
	A, E := g.total()
	R := A / E
	return math.Abs(R-1) >= specialMinWindowEffect && math.Abs(m-1) > 2*se
}

// reference is the expected ordinary row of past day g: per slot, the mean
// of the nearest ordinary same-weekday days before T (NaN where none was
// observed).
func reference(p *panel, g, T int) []float64 {
	sum := make([]float64, p.slots)
	n := make([]int, p.slots)
	found := 0
	for k := 1; k <= specialRefWeeks && found < specialRefDays; k++ {
		for _, d := range [2]int{g - week*k, g + week*k} {
			if d < 0 || d >= T || found == specialRefDays || !p.ordinary(d) {
				continue
			}
			found++
			for s, v := range p.row(d) {
				if !math.IsNaN(v) {
					sum[s] += v
					n[s]++
				}
			}
		}
	}
	for s := range sum {
		if n[s] > 0 {
			sum[s] /= float64(n[s])
		} else {
			sum[s] = math.NaN()
		}
	}
	return sum
}

// learnEffects gathers the special days and their neighbours before T
// into groups: "name:<name>", "kind:<kind>", "near:before", "near:after".
func learnEffects(p *panel, T int) map[string]*effect {
	groups := map[string]*effect{}
	add := func(key string, a, e []float64, A, E float64) {
		g := groups[key]
		if g == nil {
			g = &effect{a: make([]float64, p.slots), e: make([]float64, p.slots)}
			groups[key] = g
		}
		for s := range a {
			g.a[s] += a[s]
			g.e[s] += e[s]
		}
		g.n++
		g.ratios = append(g.ratios, A/E)
	}
	for d := 0; d < T && d < p.days; d++ {
		r := p.rule[d]
		if (r.kind == 0 && p.near[d] == 0) || r.kind == Closed {
			continue
		}
		ref := reference(p, d, T)
		row := p.row(d)
		a, e := make([]float64, p.slots), make([]float64, p.slots)
		var A, E, Emissing float64
		for s := range row {
			switch {
			case math.IsNaN(ref[s]):
			case math.IsNaN(row[s]):
				Emissing += ref[s]
			default:
				a[s], e[s] = row[s], ref[s]
				A += row[s]
				E += ref[s]
			}
		}
		// a day mostly unobserved, or with nothing to compare with, says nothing
		if E <= 0 || Emissing > E {
			continue
		}
		switch {
		case r.kind != 0:
			if r.name != "" {
				add("name:"+r.name, a, e, A, E)
			}
			add("kind:"+r.kind.String(), a, e, A, E)
		case p.near[d] == nearBefore:
			add("near:before", a, e, A, E)
		default:
			add("near:after", a, e, A, E)
		}
	}
	return groups
}

// specialAdjust says, for each of the H days from T, how the ordinary
// forecast changes (see the comment at the top of this file).
func specialAdjust(p *panel, T, H int) []dayAdjust {
	out := make([]dayAdjust, H)
	var groups map[string]*effect
	halfWidth := p.smooth
	learn := func(key string) *effect {
		if groups == nil {
			groups = learnEffects(p, T)
		}
		return groups[key]
	}
	for h := range out {
		d := T + h
		a := dayAdjust{factor: 1}
		r := p.rule[d]
		switch {
		case r.kind == Closed:
			a.label, a.factor = SpecialClosed, 0
		case r.kind != 0 && r.factor > 0:
			a.label, a.factor = SpecialGiven, r.factor
		case r.kind != 0:
			a.label = SpecialUnlearnt
			if g := learn("name:" + r.name); r.name != "" && g != nil {
				a.label = fmt.Sprintf("learnt: %s (%s)", r.name, days(g.n))
				a.mult, a.cv, a.learnt = g.curve(p.slots, halfWidth), g.cv(), true
			} else if g := learn("kind:" + r.kind.String()); g != nil {
				a.label = fmt.Sprintf("learnt: kind %s (%s)", r.kind, days(g.n))
				a.mult, a.cv, a.learnt = g.curve(p.slots, halfWidth), g.cv(), true
			}
		case p.near[d] != 0:
			key, what := "near:after", "day after a holiday"
			if p.near[d] == nearBefore {
				key, what = "near:before", "day before a holiday"
			}
			if g := learn(key); g != nil && g.significant() {
				a.label = fmt.Sprintf("learnt: %s (%s)", what, days(g.n))
				a.mult, a.cv, a.learnt = g.curve(p.slots, halfWidth), g.cv(), true
			}
		}
		out[h] = a
	}
	return out
}

func days(n int) string {
	if n == 1 {
		return "1 day"
	}
	return fmt.Sprintf("%d days", n)
}

// apply changes a forecast laid out by day from T (and its bands) by adj.
// A learnt effect widens the bands by its uncertainty: the 80% (95%) band
// reaches at least f·(1 ± 1.28 cv) (f·(1 ± 1.96 cv)). A baseline method
// takes given factors and closed days only.
func (r *methodResult) apply(adj []dayAdjust, slots int, baseline bool) {
	r.special = make([]string, len(adj))
	cp := func(v []float64) []float64 { return append([]float64(nil), v...) }
	r.fc, r.lo80, r.hi80, r.lo95, r.hi95 = cp(r.fc), cp(r.lo80), cp(r.hi80), cp(r.lo95), cp(r.hi95)
	for h, a := range adj {
		if h*slots >= len(r.fc) {
			break
		}
		r.special[h] = a.label
		if a.learnt && baseline {
			r.special[h] = SpecialBaseline
			continue
		}
		for s := range slots {
			i := h*slots + s
			m := a.factor
			if a.mult != nil {
				m = a.mult[s]
			}
			if m == 1 {
				continue
			}
			f := r.fc[i] * m
			r.fc[i] = f
			r.lo80[i] *= m
			r.hi80[i] *= m
			r.lo95[i] *= m
			r.hi95[i] *= m
			if a.learnt {
				r.lo80[i] = math.Min(r.lo80[i], math.Max(0, f*(1-1.281552*a.cv)))
				r.hi80[i] = math.Max(r.hi80[i], f*(1+1.281552*a.cv))
				r.lo95[i] = math.Min(r.lo95[i], math.Max(0, f*(1-1.959964*a.cv)))
				r.hi95[i] = math.Max(r.hi95[i], f*(1+1.959964*a.cv))
			}
		}
	}
}
