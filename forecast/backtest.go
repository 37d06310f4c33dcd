package forecast

import (
	"fmt"
	"math"
	"time"
)

// BacktestConfig sets up a rolling-origin evaluation.
type BacktestConfig struct {
	// Origins is the number of weekly origins; the last one leaves exactly
	// Horizon of history after it. Default 8.
	Origins int
	// Horizon is how far each origin forecasts. Default 168h.
	Horizon time.Duration
	// Calendar days (and the days next to them) are kept out of the fit and
	// of every choice, and forecast by their special-day rule; they are
	// scored like any other day.
	Calendar Calendar
	// Methods to evaluate; nil means all of Methods().
	Methods []Method
	// Clock, when set, times each method's fits for FitSeconds (pass
	// time.Now). The package reads no clock of its own, so without it
	// FitSeconds is 0 and results are reproducible to the bit.
	Clock func() time.Time
}

// BacktestRow is one method's out-of-sample accuracy over all origins.
type BacktestRow struct {
	Method Method
	// Chosen counts the variants the method used over the origins (for
	// auto, sma and combo), like "profile:5 combo(profile+dses):3".
	Chosen string
	// WAPE is Σ|forecast - actual| / Σ actual over every scored interval.
	WAPE float64
	// MASE is the mean absolute error scaled by the in-sample mean absolute
	// error of the weekly seasonal naive forecast (Hyndman & Koehler 2006),
	// averaged over the origins that scored any interval. It is NaN when no
	// origin could be scaled (a history the naive forecast fits exactly).
	MASE float64
	// Bias is Σ(forecast - actual) / Σ actual: positive over-forecasts.
	Bias float64
	// Coverage80 and Coverage95 are the shares of actuals inside the 80%
	// and 95% prediction intervals.
	Coverage80, Coverage95 float64
	// FirstDayWAPE is the WAPE of the first day after each origin that has
	// actuals (the day-ahead forecast).
	FirstDayWAPE float64
	// LeadDayWAPE is the WAPE of each lead day over the origins: index h
	// scores the (h+1)-th day forecast from each origin (0 is the day
	// ahead); NaN for a lead day with no actuals (closed or special days).
	// The overall WAPE is their actual-weighted mean.
	LeadDayWAPE []float64
	// OriginWAPE is the WAPE of each origin's horizon, oldest origin
	// first (NaN when it had no actuals): it shows the weeks with special
	// days.
	OriginWAPE []float64
	// OriginStarts are the origins, parallel to OriginWAPE: the local
	// midnight each one's forecast starts at, in the series' location
	// (the same for every method).
	OriginStarts []time.Time
	// FitSeconds (measured only when BacktestConfig.Clock is set) is the wall time to fit and forecast at every origin,
	// including the selection weeks behind each origin that the method
	// needs (K, the combination, auto), as if each origin ran alone; the
	// backtest itself shares those fits between origins and takes less.
	FitSeconds float64
	// Points is the number of scored intervals.
	Points int
}

// Backtest forecasts from weekly origins at the end of the history and
// scores each method on what followed, using only data before each origin
// for every choice (K, method, combination, interval widths).
func Backtest(s *Series, cfg BacktestConfig) ([]BacktestRow, error) {
	if cfg.Origins == 0 {
		cfg.Origins = 8
	}
	if cfg.Horizon == 0 {
		cfg.Horizon = 168 * time.Hour
	}
	if err := CheckHorizon(cfg.Horizon, s.Interval); err != nil {
		return nil, err
	}
	if cfg.Origins < 0 {
		return nil, ErrOrigins
	}
	methods := cfg.Methods
	if methods == nil {
		methods = Methods()
	}
	rules, err := cfg.Calendar.rules(s.Queue)
	if err != nil {
		return nil, err
	}
	hDays := int((cfg.Horizon + 24*time.Hour - 1) / (24 * time.Hour))
	hSlots := int(cfg.Horizon / s.Interval) // scored cells per origin, counted on the wall clock
	last := s.days - hDays
	firstOrigin := last - week*(cfg.Origins-1)
	if firstOrigin < minTrainDays {
		return nil, fmt.Errorf("%w: %d weekly origins with a %v horizon need %d days of history, have %d",
			ErrShortHistory, cfg.Origins, cfg.Horizon, minTrainDays+week*(cfg.Origins-1)+hDays, s.days)
	}
	p := newPanel(s, rules, s.days+week)
	e := newEngine(p, hDays)
	e.clock = cfg.Clock
	var origins []int // every origin any outer origin needs, fitted in one batch
	for o := 0; o < cfg.Origins; o++ {
		T := firstOrigin + week*o
		origins = append(append(origins, T), innerOrigins(T)...)
	}
	e.prepare(origins)
	type acc struct {
		abs, act, bias, in80, in95 float64
		maseSum                    float64
		maseN                      int
		n                          int
		dayAbs, dayAct             float64
		leadAbs, leadAct           []float64
		secs                       float64
		originAbs, originAct       []float64
		chosen                     map[string]int
		order                      []string
	}
	accs := make([]acc, len(methods))
	for i := range accs {
		accs[i].chosen = map[string]int{}
		accs[i].leadAbs, accs[i].leadAct = make([]float64, hDays), make([]float64, hDays)
		accs[i].originAbs, accs[i].originAct = make([]float64, cfg.Origins), make([]float64, cfg.Origins)
	}
	for o := 0; o < cfg.Origins; o++ {
		T := firstOrigin + week*o
		scale := naiveScale(p, T)
		res := e.at(T, methods)
		for i, m := range methods {
			r, a := res[m], &accs[i]
			if a.chosen[r.label] == 0 {
				a.order = append(a.order, r.label)
			}
			a.chosen[r.label]++
			a.secs += r.secs
			firstDay := -1
			var oAbs float64
			var oN int
			for c := 0; c < hSlots && c < len(r.fc); c++ {
				h, sl := c/p.slots, c%p.slots
				d := T + h
				if d >= s.days {
					continue
				}
				act := p.y[d*p.slots+sl]
				if math.IsNaN(act) {
					continue
				}
				f := r.fc[c]
				a.abs += math.Abs(f - act)
				oAbs += math.Abs(f - act)
				oN++
				a.originAbs[o] += math.Abs(f - act)
				a.originAct[o] += act
				a.act += act
				a.bias += f - act
				a.n++
				if act >= r.lo80[c] && act <= r.hi80[c] {
					a.in80++
				}
				if act >= r.lo95[c] && act <= r.hi95[c] {
					a.in95++
				}
				if h < hDays {
					a.leadAbs[h] += math.Abs(f - act)
					a.leadAct[h] += act
				}
				if firstDay < 0 {
					firstDay = h
				}
				if h == firstDay {
					a.dayAbs += math.Abs(f - act)
					a.dayAct += act
				}
			}
			if oN > 0 && scale > 0 {
				a.maseSum += oAbs / float64(oN) / scale
				a.maseN++
			}
		}
	}
	rows := make([]BacktestRow, len(methods))
	for i, m := range methods {
		a := accs[i]
		row := BacktestRow{Method: m, MASE: math.NaN(), FitSeconds: a.secs, Points: a.n}
		if a.maseN > 0 {
			row.MASE = a.maseSum / float64(a.maseN)
		}
		if a.act > 0 {
			row.WAPE, row.Bias = a.abs/a.act, a.bias/a.act
		}
		if a.dayAct > 0 {
			row.FirstDayWAPE = a.dayAbs / a.dayAct
		}
		row.OriginWAPE = make([]float64, cfg.Origins)
		row.OriginStarts = make([]time.Time, cfg.Origins)
		for o := range row.OriginWAPE {
			row.OriginStarts[o] = s.Date(firstOrigin + week*o)
			row.OriginWAPE[o] = math.NaN()
			if a.originAct[o] > 0 {
				row.OriginWAPE[o] = a.originAbs[o] / a.originAct[o]
			}
		}
		row.LeadDayWAPE = make([]float64, hDays)
		for h := range hDays {
			row.LeadDayWAPE[h] = math.NaN()
			if a.leadAct[h] > 0 {
				row.LeadDayWAPE[h] = a.leadAbs[h] / a.leadAct[h]
			}
		}
		if a.n > 0 {
			row.Coverage80, row.Coverage95 = a.in80/float64(a.n), a.in95/float64(a.n)
		}
		for j, l := range a.order {
			if j > 0 {
				row.Chosen += " "
			}
			row.Chosen += fmt.Sprintf("%s:%d", l, a.chosen[l])
		}
		rows[i] = row
	}
	return rows, nil
}

// naiveScale is the in-sample mean absolute error of the weekly seasonal
// naive forecast over ordinary days before T: the MASE denominator.
func naiveScale(p *panel, T int) float64 {
	sum, n := 0.0, 0
	for d := week; d < T; d++ {
		if !p.ordinary(d) || !p.ordinary(d-week) {
			continue
		}
		for s := 0; s < p.slots; s++ {
			a, b := p.y[d*p.slots+s], p.y[(d-week)*p.slots+s]
			if !math.IsNaN(a) && !math.IsNaN(b) {
				sum += math.Abs(a - b)
				n++
			}
		}
	}
	if n == 0 {
		return 0
	}
	return sum / float64(n)
}
