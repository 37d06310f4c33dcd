package forecast

import (
	"fmt"
	"math"
	"time"
)

// Options tune Forecast.
type Options struct {
	// Method defaults to MethodAuto.
	Method Method
	// Calendar marks closed days, holidays and events, in the past (kept
	// out of the fit) and in the horizon (zero or scaled).
	Calendar Calendar
}

// Point is the forecast of one open interval.
type Point struct {
	Start  time.Time // in the series' location
	Volume float64   // expected contacts
	// Lower80..Upper95 bound the central 80% and 95% prediction intervals.
	Lower80, Upper80, Lower95, Upper95 float64
	// AHTSeconds is the forecast mean handle time; NaN when the history
	// has none (never invented).
	AHTSeconds float64
	// SpecialDay says which special-day rule the interval's day used: ""
	// for an ordinary day, SpecialClosed, SpecialGiven, SpecialUnlearnt,
	// SpecialBaseline, or "learnt: <name> (N days)", "learnt: kind
	// holiday (N days)", "learnt: day before a holiday (N days)",
	// "learnt: day after a holiday (N days)".
	SpecialDay string
}

// Result is one queue's forecast.
type Result struct {
	Queue string
	// Method is the method actually used, like "profile" or
	// "combo(profile+sma8)" (what auto chose).
	Method string
	// IntradayRatio is the ratio of actual to forecast contacts of the
	// start's day before the start, as observed (the correction of the
	// rest of the day is a filtered, shrunk version of it; intraday.go);
	// 1 when the forecast starts at midnight or the day has no actuals
	// yet.
	IntradayRatio float64
	Points        []Point
	// Warnings say, in sentences without the queue's name, what in the
	// history may distort the forecast: intervals forecast as closed
	// because their rows stopped, many partly filled intervals (zero rows
	// omitted), open days of zeros (an outage). The package logs
	// nothing; callers show them.
	Warnings []string
}

// NextStart is where a forecast naturally begins: the end of the history,
// or the start of its last planning interval when the history ends part-way
// through it and that interval is incomplete (it has fewer records than its
// slot has on other days, so it is forecast), or the next
// local midnight when the rest of the last day is closed (by the opening
// hours learnt up to the end, which a change of hours updates).
func (s *Series) NextStart() time.Time {
	end := s.end.In(s.Location)
	if r := WallClock(end) % s.Interval; r != 0 {
		last := end.Add(-r)
		if _, ok := s.Offered(dayIndex(s.first, last), int(WallClock(last)/s.Interval)); ok {
			end = end.Add(s.Interval - r) // complete for its slot (a slot short every day, a centre closing at 21:05)
		} else {
			end = last // incomplete: forecast it
		}
	}
	if end.Equal(midnight(end)) {
		return end
	}
	p := newPanel(s, nil, s.days)
	open := p.openMap(s.days)
	w := weekdayOf(end)
	for sl := int(WallClock(end) / s.Interval); sl < s.slots; sl++ {
		if open[w][sl] {
			return end
		}
	}
	return s.Date(dayIndex(s.first, end) + 1)
}

// MaxHorizon bounds a forecast's (and a backtest origin's) horizon: a
// year and a day. Forecasts further out are not credible, and the result
// grows with the horizon.
const MaxHorizon = 366 * 24 * time.Hour

// CheckHorizon returns nil for a horizon of at least one interval and at
// most MaxHorizon; otherwise ErrHorizon (shorter than one interval, which
// would forecast nothing) or ErrHorizonLimit, saying the limit, e.g.
// "forecast: horizon exceeds the limit: 2562047h0m0s is more than 366 days".
func CheckHorizon(horizon, interval time.Duration) error {
	switch {
	case horizon <= 0:
		return fmt.Errorf("%w: got %v", ErrHorizon, horizon)
	case horizon < interval:
		return fmt.Errorf("%w: %v is shorter than one %v interval", ErrHorizon, horizon, interval)
	case horizon > MaxHorizon:
		return fmt.Errorf("%w: %v is more than %d days", ErrHorizonLimit, horizon, MaxHorizon/(24*time.Hour))
	}
	return nil
}

// CheckStart returns ErrStartLimit when start is more than MaxHorizon
// after the end of the history (a forecast from there would claim the
// accuracy of one from the history's end, and lay a series over every day
// between), naming the history's last date.
func (s *Series) CheckStart(start time.Time) error {
	return CheckStart(s.Queue, start, s.end, s.Location)
}

// CheckStart is Series.CheckStart for a queue whose history ends at end
// (the end of its last record), its dates in loc.
func CheckStart(queue string, start, end time.Time, loc *time.Location) error {
	if !start.After(end.Add(MaxHorizon)) {
		return nil
	}
	if loc == nil {
		loc = time.UTC
	}
	return fmt.Errorf("%w: %s is more than %d days after the history of queue %q, which ends on %s",
		ErrStartLimit, start.In(loc).Format(time.RFC3339), MaxHorizon/(24*time.Hour), queue,
		end.Add(-time.Nanosecond).In(loc).Format(time.DateOnly))
}

// horizonEnd is where a horizon from start ends. A horizon of whole days
// counts local calendar days, as a planner does: 168h from a Monday 00:00 is
// the seven days to the next Monday 00:00 even when a clock change makes
// them 167 or 169 hours long (elapsed hours would drop or add an hour's
// intervals at the end). Any other horizon is elapsed time.
func horizonEnd(start time.Time, horizon time.Duration) time.Time {
	const day = 24 * time.Hour
	if horizon%day != 0 {
		return start.Add(horizon)
	}
	y, m, d := start.Date()
	return time.Date(y, m, d+int(horizon/day), start.Hour(), start.Minute(), start.Second(), start.Nanosecond(), start.Location())
}

// Forecast predicts every open interval of the horizon from start (see
// horizonEnd: whole days are local calendar days) from the
// history strictly before start's local date, with intervals at 80% and
// 95% calibrated on the out-of-sample errors of the weeks before.
//
// A start inside a day re-forecasts the rest of that day: the history's
// actuals of that day before start (nothing at or after start is used)
// correct it through a Kalman filter of the ratio of actual to forecast
// contacts so far: a day level, shrunk towards 1 by how much day levels
// vary, plus a drift that the last hours show (intraday.go).
//
// It needs at least two weeks of history before start (ErrShortHistory),
// a start at most MaxHorizon after the history ends (CheckStart), and a
// horizon from one interval to MaxHorizon (CheckHorizon).
// Intervals on calendar-closed days are emitted with zero volume.
func Forecast(s *Series, start time.Time, horizon time.Duration, opt Options) (*Result, error) {
	if err := CheckHorizon(horizon, s.Interval); err != nil {
		return nil, err
	}
	if err := s.CheckStart(start); err != nil {
		return nil, err
	}
	m := opt.Method
	if m == "" {
		m = MethodAuto
	}
	if _, err := ParseMethod(string(m)); err != nil {
		return nil, err
	}
	rules, err := opt.Calendar.rules(s.Queue)
	if err != nil {
		return nil, err
	}
	start = start.In(s.Location)
	stop := horizonEnd(start, horizon)
	T := dayIndex(s.first, start)
	if T < minTrainDays {
		return nil, fmt.Errorf("%w: a forecast from %s needs %d days of history before it, have %d",
			ErrShortHistory, start.Format("2006-01-02"), minTrainDays, max(T, 0))
	}
	H := dayIndex(s.first, stop.Add(-time.Nanosecond).In(s.Location)) - T + 1
	p := newPanel(s, rules, T+max(H, week)+1)
	e := newEngine(p, H)
	r := e.at(T, []Method{m})[m]
	c := newCtx(p, T, H)
	aht := ahtTemplates(s, c)
	res := &Result{Queue: s.Queue, Method: r.label, IntradayRatio: 1, Warnings: historyWarnings(s, p, T)}
	if WallClock(start) != 0 {
		if mult, rho, ok := intradayCorrection(s, T, start, r.fc[:p.slots], c.open[p.dow[T]], r.dayVar); ok {
			res.IntradayRatio = rho
			for _, v := range [][]float64{r.fc, r.lo80, r.hi80, r.lo95, r.hi95} {
				for sl, m := range mult {
					v[sl] *= m
				}
			}
		}
	}
	for h := 0; h < H; h++ {
		d := T + h
		w := p.dow[d]
		s.intervals(d, func(t time.Time, sl int) {
			if t.Before(start) || !t.Before(stop) || !c.open[w][sl] {
				return
			}
			i := h*p.slots + sl
			pt := Point{Start: t, Volume: r.fc[i], Lower80: r.lo80[i], Upper80: r.hi80[i], Lower95: r.lo95[i], Upper95: r.hi95[i],
				AHTSeconds: math.NaN(), SpecialDay: r.special[h]}
			if aht[w] != nil {
				pt.AHTSeconds = aht[w][sl]
			}
			res.Points = append(res.Points, pt)
		})
	}
	return res, nil
}
