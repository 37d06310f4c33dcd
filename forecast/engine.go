package forecast

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
)

// Settings of the selection backtest, one configuration for all queues.
const (
	// selectionOrigins is how many weekly origins before the forecast
	// origin score the candidates for every choice (K, the trend, the
	// combination's members, auto's method).
	selectionOrigins = 4
	// calibrationOrigins is how many weekly origins before the forecast
	// origin provide the errors that set the prediction intervals.
	calibrationOrigins = 8
	// minTrainDays is the least history a model is fitted on.
	minTrainDays = 14
	// autoMargin: a single method replaces the combination in auto only if
	// its selection WAPE is below this fraction of the combination's.
	autoMargin = 0.9
	// selectionTolerance is the relative WAPE margin by which a candidate
	// must beat the conservative choice to replace it.
	selectionTolerance = 0.05
	week               = 7
)

// smaWindows are the K tried by MethodSMA; K = 1 is seasonal naive.
var smaWindows = [...]int{1, 2, 3, 4, 5, 6, 8}

const (
	baseProfile      = "profile"
	baseProfileTrend = "profile(trend)"
	baseDSES         = "dses"
)

func smaName(k int) string { return fmt.Sprintf("sma%d", k) }

// baselineWindows are the moving averages also run on the history as it
// came: seasonal naive and sma4, what a planner would do by hand.
var baselineWindows = [...]int{1, 4}

func rawName(k int) string { return fmt.Sprintf("raw:sma%d", k) }

// baseRun holds the base models' forecasts from one origin.
type baseRun struct {
	fc   map[string][]float64
	secs map[string]float64
}

// engine runs models on a panel and caches their forecasts by origin, so a
// backtest's overlapping selection windows fit each origin once.
type engine struct {
	p     *panel // the history as it came
	q     *panel // the history divided by its day-of-month factors (month.go)
	z     *seasonal
	h     int // days forecast from every origin (>= a week)
	cache map[int]*baseRun
	// dses holds double-seasonal smoothing forecasts by origin, fitted
	// for many origins at once (dsesForecasts) and taken by base.
	dses     map[int][]float64
	dsesSecs map[int]float64
	clock    func() time.Time // times the fits when set; the package reads no clock of its own
}

func newEngine(p *panel, h int) *engine {
	if h < week {
		h = week
	}
	q, z := deseasonalise(p)
	return &engine{p: p, q: q, z: z, h: h, cache: map[int]*baseRun{}, dses: map[int][]float64{}, dsesSecs: map[int]float64{}}
}

// prepare fits double-seasonal smoothing at every origin in origins not
// yet fitted, in one batch: the parameter search dominates the cost of an
// auto forecast, and a batch runs it once for all origins instead of once
// per origin. With a clock, each origin is charged an equal share of the
// batch's time.
func (e *engine) prepare(origins []int) {
	var todo []int
	for _, T := range origins {
		if _, ok := e.cache[T]; ok {
			continue
		}
		if _, ok := e.dses[T]; !ok {
			todo = append(todo, T)
		}
	}
	if len(todo) == 0 {
		return
	}
	var t0 time.Time
	if e.clock != nil {
		t0 = e.clock()
	}
	for T, fc := range dsesForecasts(e.q, todo, e.h) {
		e.dses[T] = fc
	}
	if e.clock != nil {
		secs := e.clock().Sub(t0).Seconds() / float64(len(todo))
		for _, T := range todo {
			e.dsesSecs[T] = secs
		}
	}
}

func (e *engine) base(T int) *baseRun {
	if r, ok := e.cache[T]; ok {
		return r
	}
	c := newCtx(e.q, T, e.h)
	r := &baseRun{fc: map[string][]float64{}, secs: map[string]float64{}}
	timed := func(name string, f func() []float64) {
		if e.clock == nil {
			r.fc[name] = f()
			return
		}
		t0 := e.clock()
		r.fc[name] = f()
		r.secs[name] = e.clock().Sub(t0).Seconds()
	}
	for _, k := range smaWindows {
		timed(smaName(k), func() []float64 { return seasonalMA(c, k) })
	}
	// the baselines on the history as it came
	raw := newCtx(e.p, T, e.h)
	for _, k := range baselineWindows {
		if e.q == e.p {
			r.fc[rawName(k)], r.secs[rawName(k)] = r.fc[smaName(k)], r.secs[smaName(k)]
			continue
		}
		timed(rawName(k), func() []float64 { return seasonalMA(raw, k) })
	}
	timed(baseProfile, func() []float64 { return profileForecast(c, false) })
	timed(baseProfileTrend, func() []float64 { return profileForecast(c, true) })
	e.prepare([]int{T})
	r.fc[baseDSES] = e.dses[T]
	// the others times the day-of-month factors
	if e.q != e.p {
		m := e.z.at(e.p, T, e.h)
		for n, fc := range r.fc {
			if strings.HasPrefix(n, "raw:") {
				continue
			}
			for h, f := range m {
				for s := range e.p.slots {
					fc[h*e.p.slots+s] *= f
				}
			}
		}
	}
	if e.clock != nil {
		r.secs[baseDSES] = e.dsesSecs[T]
	}
	delete(e.dses, T)
	delete(e.dsesSecs, T)
	e.cache[T] = r
	return r
}

// residual is one out-of-sample error of the selection backtest.
type residual struct {
	lead int // days after the origin
	day  int // the day scored
	f, a float64
}

// score accumulates one candidate's selection-backtest errors.
type score struct {
	abs, act float64
	res      []residual
}

func (s *score) wape() float64 {
	if s.act <= 0 {
		return math.Inf(1)
	}
	return s.abs / s.act
}

// methodResult is one method's forecast from one origin.
type methodResult struct {
	label                  string
	fc                     []float64
	lo80, hi80, lo95, hi95 []float64
	secs                   float64
	special                []string // per day from the origin: the special-day rule used
	dayVar                 float64  // relative variance of a day's level (intraday.go)
}

// at forecasts e.h days from origin T with every method in methods.
//
// Choices (K, the combination's members, auto's method) are scored on the
// selectionOrigins weeks just before T; prediction intervals are calibrated
// on the errors from calibrationOrigins weeks, more of them because tails
// need data. Everything uses only days before T.
func (e *engine) at(T int, methods []Method) map[Method]*methodResult {
	p := e.p
	inner := innerOrigins(T)
	nSel := min(len(inner), selectionOrigins)
	names := make([]string, 0, len(smaWindows)+2)
	for _, k := range smaWindows {
		names = append(names, smaName(k))
	}
	names = append(names, baseProfile, baseProfileTrend, baseDSES, rawName(1), rawName(4))
	sel, cal := map[string]*score{}, map[string]*score{}
	innerFC := map[string][][]float64{} // per name, per inner origin
	secs := map[string]float64{}
	for _, n := range names {
		sel[n], cal[n] = &score{}, &score{}
	}
	e.prepare(append(slices.Clone(inner), T))
	for j, Ti := range inner {
		r := e.base(Ti)
		for _, n := range names {
			fc := r.fc[n][:week*p.slots]
			innerFC[n] = append(innerFC[n], fc)
			cal[n].add(p, Ti, fc)
			if j < nSel {
				sel[n].add(p, Ti, fc)
				secs[n] += r.secs[n]
			}
		}
	}
	final := e.base(T)
	for _, n := range names {
		secs[n] += final.secs[n]
	}
	// Every choice follows the one-standard-error rule (Breiman et al.
	// 1984): a few weeks of errors cannot separate close candidates, so
	// the conservative one is kept unless another beats it by more than
	// selectionTolerance.
	better := func(a, b string) bool { return nSel > 0 && sel[a].wape() < sel[b].wape()/(1+selectionTolerance) }
	// K: the longest window within the tolerance of the best.
	bestSMA := smaName(4)
	if nSel > 0 {
		best := math.Inf(1)
		for _, k := range smaWindows {
			best = math.Min(best, sel[smaName(k)].wape())
		}
		for _, k := range smaWindows {
			if sel[smaName(k)].wape() <= best*(1+selectionTolerance) {
				bestSMA = smaName(k)
			}
		}
	}
	// the daily-total trend only when it clearly helped
	profile := baseProfile
	if better(baseProfileTrend, baseProfile) {
		profile = baseProfileTrend
	}
	// the combination: equal-weight mean of the profile method and the
	// seasonal moving average, or double-seasonal smoothing when that
	// clearly did better; equal weights are hard to beat (the "forecast
	// combination puzzle", Smith & Wallis 2009).
	members := []string{profile, bestSMA}
	if better(baseDSES, bestSMA) {
		members[1] = baseDSES
	}
	mix := func(get func(n string) []float64) []float64 {
		a, b := get(members[0]), get(members[1])
		out := make([]float64, len(a))
		for j := range out {
			out[j] = (a[j] + b[j]) / 2
		}
		return out
	}
	comboFC := mix(func(n string) []float64 { return final.fc[n] })
	comboSel, comboCal := &score{}, &score{}
	for j, Ti := range inner {
		fc := mix(func(n string) []float64 { return innerFC[n][j] })
		comboCal.add(p, Ti, fc)
		if j < nSel {
			comboSel.add(p, Ti, fc)
		}
	}
	allSecs, smaSecs := 0.0, 0.0
	for _, n := range names {
		allSecs += secs[n]
		if strings.HasPrefix(n, "sma") {
			smaSecs += secs[n]
		}
	}
	type choice struct {
		label    string
		fc       []float64
		sel, cal *score
		secs     float64
	}
	one := func(label, n string, secs float64) choice {
		return choice{label, final.fc[n], sel[n], cal[n], secs}
	}
	pick := map[Method]choice{
		MethodSeasonalNaive: one("snaive", rawName(1), secs[rawName(1)]),
		MethodSMA4:          one("sma4", rawName(4), secs[rawName(4)]),
		MethodSMA:           one(bestSMA, bestSMA, smaSecs),
		MethodProfile:       one(profile, profile, secs[baseProfile]+secs[baseProfileTrend]),
		MethodDSES:          one("dses", baseDSES, secs[baseDSES]),
		MethodCombo:         {"combo(" + members[0] + "+" + members[1] + ")", comboFC, comboSel, comboCal, allSecs},
	}
	// auto: the combination unless a single method did clearly better
	// (selection between close methods on a few weeks is mostly noise, and
	// the combination is the safer bet then).
	single := pick[MethodSMA]
	for _, c := range []choice{one("snaive", smaName(1), 0), pick[MethodProfile], pick[MethodDSES]} {
		if c.sel.wape() < single.sel.wape() {
			single = c
		}
	}
	auto := pick[MethodCombo]
	if single.sel.wape() < autoMargin*auto.sel.wape() {
		auto = single
	}
	auto.secs = allSecs
	pick[MethodAuto] = auto
	out := map[Method]*methodResult{}
	adj := specialAdjust(e.q, T, e.h)
	for _, m := range methods {
		c := pick[m]
		r := &methodResult{label: c.label, fc: c.fc, secs: c.secs, dayVar: dayLevelVariance(c.cal.res)}
		r.lo80, r.hi80, r.lo95, r.hi95 = calibrate(c.cal.res).bands(c.fc, p.slots)
		r.apply(adj, p.slots, m == MethodSeasonalNaive || m == MethodSMA4)
		out[m] = r
	}
	return out
}

// innerOrigins are the origins of the selection and calibration backtest
// behind origin T, latest first.
func innerOrigins(T int) []int {
	var inner []int
	for k := 1; k <= calibrationOrigins; k++ {
		if Ti := T - week*k; Ti >= minTrainDays {
			inner = append(inner, Ti)
		}
	}
	return inner
}

// add scores a week of forecasts from origin T against the actuals.
func (s *score) add(p *panel, T int, fc []float64) {
	n := len(fc) / p.slots
	for h := 0; h < n && T+h < p.days; h++ {
		d := T + h
		if !p.ordinary(d) {
			continue
		}
		for sl := 0; sl < p.slots; sl++ {
			a := p.y[d*p.slots+sl]
			if math.IsNaN(a) {
				continue
			}
			f := fc[h*p.slots+sl]
			s.abs += math.Abs(f - a)
			s.act += a
			s.res = append(s.res, residual{lead: h, day: d, f: f, a: a})
		}
	}
}
