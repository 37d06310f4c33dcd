// Package chartdata turns the application's results into the plain inputs
// of package charts, once for the API and the CLI: forecasts with their
// history, staffing results with what a plan or roster schedules, plans and
// rosters as Gantt rows, and backtest reports. It draws nothing and imports
// no chart library; the app layer stays free of charts.
package chartdata

import (
	"fmt"
	"math"
	"sort"
	"time"

	"github.com/staffcast/staffcast/app"
	"github.com/staffcast/staffcast/charts"
	"github.com/staffcast/staffcast/csvio/schedio"
	"github.com/staffcast/staffcast/forecast"
	"github.com/staffcast/staffcast/scenario"
	"github.com/staffcast/staffcast/scheduler"
	"github.com/staffcast/staffcast/scheduler/roster"
)

// Forecast is the chart of one queue's forecast rows with the last
// charts.DefaultHistoryDays of its history s (nil: none) and the special
// days of cal that apply to the queue.
func Forecast(s *forecast.Series, queue string, loc *time.Location, interval time.Duration, rows []app.ForecastRow, cal forecast.Calendar) charts.Forecast {
	fc := charts.Forecast{Queue: queue, Location: loc, Interval: interval}
	for _, r := range rows {
		fc.Points = append(fc.Points, charts.ForecastPoint{Start: r.Start, Volume: r.Volume, Lower80: r.Lower80, Upper80: r.Upper80, Lower95: r.Lower95, Upper95: r.Upper95})
		if fc.Method == "" {
			fc.Method = r.Method
		}
	}
	if s != nil {
		// the days before the forecast (or the end of the history), and a
		// day's margin for the clock changes
		cut := s.End()
		if len(rows) > 0 {
			cut = rows[0].Start
		}
		cut = cut.AddDate(0, 0, -charts.DefaultHistoryDays-1)
		for d := 0; d < s.Days(); d++ {
			next := s.Date(d + 1)
			if next.Before(cut) {
				continue
			}
			for t := s.Date(d); t.Before(next) && t.Before(s.End()); t = t.Add(s.Interval) {
				v, ok := s.Offered(d, int(forecast.WallClock(t)/s.Interval))
				if !ok {
					v = math.NaN()
				}
				fc.History = append(fc.History, charts.Actual{Start: t, Volume: v})
			}
		}
	}
	for _, sd := range cal {
		if sd.Queue == "" || sd.Queue == queue {
			fc.SpecialDays = append(fc.SpecialDays, charts.SpecialDay{Date: sd.Date, Kind: sd.Kind.String()})
		}
	}
	return fc
}

// Staffing is the chart of staffing rows: the agents Erlang asks for (net)
// and with shrinkage (gross, left out when no shrinkage made it differ),
// and the service level those agents reach.
func Staffing(queue string, loc *time.Location, interval time.Duration, rows []app.StaffingRow) charts.Staffing {
	st := charts.Staffing{Queue: queue, Location: loc, Interval: interval, ServiceName: "service level with the required agents (right axis)"}
	differ := false
	for _, r := range rows {
		st.Starts = append(st.Starts, r.Start)
		st.Net = append(st.Net, float64(r.Agents))
		st.Gross = append(st.Gross, float64(r.ScheduledAgents))
		st.ServiceLevel = append(st.ServiceLevel, r.ServiceLevel)
		differ = differ || r.ScheduledAgents != r.Agents
	}
	if !differ {
		st.Gross = nil
	}
	return st
}

// Span is one shift on the calendar, worked by Count people (0 means 1).
type Span struct {
	Start, End time.Time
	Breaks     []charts.Break
	Count      int
}

// SimShifts are spans as the simulator's shifts, one per person (a span
// worked by Count people repeats Count times); never nil.
func SimShifts(spans []Span) []app.SimShift {
	out := []app.SimShift{}
	for _, sp := range spans {
		sh := app.SimShift{Start: sp.Start, End: sp.End}
		for _, b := range sp.Breaks {
			sh.Breaks = append(sh.Breaks, app.SimBreak{Start: b.Start, End: b.End})
		}
		for range max(sp.Count, 1) {
			out = append(out, sh)
		}
	}
	return out
}

// Scheduled is the head-count of spans on shift (breaks excluded) over
// each interval [starts[i], starts[i]+interval), averaged over the
// interval.
func Scheduled(starts []time.Time, interval time.Duration, spans []Span) []float64 {
	out := make([]float64, len(starts))
	for _, sp := range spans {
		n := float64(max(sp.Count, 1))
		// the intervals the span may touch: binary search on the starts
		i := sort.Search(len(starts), func(i int) bool { return starts[i].Add(interval).After(sp.Start) })
		for ; i < len(starts) && starts[i].Before(sp.End); i++ {
			a, b := starts[i], starts[i].Add(interval)
			on := overlap(a, b, sp.Start, sp.End)
			for _, br := range sp.Breaks {
				on -= overlap(a, b, br.Start, br.End)
			}
			out[i] += n * on.Seconds() / interval.Seconds()
		}
	}
	return out
}

func overlap(a, b, c, d time.Time) time.Duration {
	lo, hi := a, b
	if c.After(lo) {
		lo = c
	}
	if d.Before(hi) {
		hi = d
	}
	if hi.After(lo) {
		return hi.Sub(lo)
	}
	return 0
}

// RosterSpans are a stored roster's shifts.
func RosterSpans(shifts []app.RosterShift) []Span {
	out := make([]Span, len(shifts))
	for i, sh := range shifts {
		out[i] = Span{Start: sh.Start, End: sh.End}
		for _, b := range sh.Breaks {
			out[i].Breaks = append(out[i].Breaks, charts.Break{Start: b.Start, End: b.End})
		}
	}
	return out
}

// PlanSpans are planned shifts on the calendar of req; a cyclic plan's
// shifts past the horizon also cover its first day.
func PlanSpans(req scheduler.Requirements, planned []scheduler.PlannedShift) []Span {
	var out []Span
	days := req.Days()
	for _, ps := range planned {
		sp := span(req, ps.Shift)
		sp.Count = ps.Count
		out = append(out, sp)
		if req.Cyclic && days > 0 {
			if end, _ := schedio.WallTime(req, days, 0); sp.End.After(end) {
				w := span(req, scheduler.Shift{Day: ps.Day - days, Start: ps.Start, Length: ps.Length, Breaks: ps.Breaks})
				w.Count = ps.Count
				out = append(out, w)
			}
		}
	}
	return out
}

// span places a shift on the calendar of req.
func span(req scheduler.Requirements, sh scheduler.Shift) Span {
	at := func(off time.Duration) time.Time {
		t, _ := schedio.WallTime(req, sh.Day, off)
		return t
	}
	sp := Span{Start: at(sh.Start), End: at(sh.End())}
	for _, b := range sh.Breaks {
		sp.Breaks = append(sp.Breaks, charts.Break{Start: at(b.Start), End: at(b.Start + b.Length), Paid: b.Paid})
	}
	return sp
}

// Day is the horizon day of req that date (YYYY-MM-DD) names, for a Gantt
// of one day; "" is -1 (every day). A date outside the horizon's days is
// an error naming them.
func Day(req scheduler.Requirements, days int, date string) (int, error) {
	if date == "" {
		return -1, nil
	}
	d, err := time.Parse(time.DateOnly, date)
	if err != nil {
		return 0, fmt.Errorf("%q is not a date YYYY-MM-DD", date)
	}
	y, m, dd := req.Start.Date()
	i := int(d.Sub(time.Date(y, m, dd, 0, 0, 0, 0, time.UTC)).Hours() / 24)
	if i < 0 || i >= days {
		last := req.Start.AddDate(0, 0, days-1)
		return 0, fmt.Errorf("%s is outside the plan's days %s to %s", date, req.Start.Format(time.DateOnly), last.Format(time.DateOnly))
	}
	return i, nil
}

// window is day (or, for -1, every one of days) of req.
func window(req scheduler.Requirements, days, day int) (time.Time, time.Time) {
	if day < 0 {
		a, _ := schedio.WallTime(req, 0, 0)
		b, _ := schedio.WallTime(req, days, 0)
		return a, b
	}
	a, _ := schedio.WallTime(req, day, 0)
	b, _ := schedio.WallTime(req, day+1, 0)
	return a, b
}

// PlanGantt is a plan's Gantt chart: one row per kind of shift (start,
// length, template), one bar on each day it is worked, labelled with the
// day's head-count and marked with every break its people take (staggered
// breaks show side by side); day -1 shows every day, otherwise that day
// only.
func PlanGantt(title string, req scheduler.Requirements, planned []scheduler.PlannedShift, day int) charts.Gantt {
	days := req.Days()
	from, to := window(req, days, day)
	g := charts.Gantt{Title: title, Location: req.Start.Location(), From: from, To: to, RowName: "shift kind"}
	type kind struct {
		start, length time.Duration
		tmpl          string
	}
	type cell struct {
		kind kind
		day  int
	}
	count := map[cell]int{}
	breaks := map[cell][]charts.Break{}
	seen := map[cell]map[charts.Break]bool{}
	var kinds []kind
	var cells []cell
	known := map[kind]bool{}
	for _, ps := range planned {
		if day >= 0 && ps.Day != day {
			continue
		}
		k := kind{ps.Start, ps.Length, ps.Template}
		if !known[k] {
			known[k] = true
			kinds = append(kinds, k)
		}
		c := cell{k, ps.Day}
		if _, ok := count[c]; !ok {
			cells = append(cells, c)
			seen[c] = map[charts.Break]bool{}
		}
		count[c] += ps.Count
		for _, b := range span(req, ps.Shift).Breaks {
			if !seen[c][b] {
				seen[c][b] = true
				breaks[c] = append(breaks[c], b)
			}
		}
	}
	sort.Slice(kinds, func(i, j int) bool {
		if kinds[i].start != kinds[j].start {
			return kinds[i].start < kinds[j].start
		}
		if kinds[i].length != kinds[j].length {
			return kinds[i].length < kinds[j].length
		}
		return kinds[i].tmpl < kinds[j].tmpl
	})
	row := map[kind]int{}
	for i, k := range kinds {
		row[k] = i
		label := schedio.FormatClock(k.start) + "–" + schedio.FormatClock((k.start+k.length)%(24*time.Hour))
		if k.tmpl != "" {
			label += " " + k.tmpl
		}
		g.Rows = append(g.Rows, charts.GanttRow{Label: label})
	}
	for _, c := range cells {
		sp := span(req, scheduler.Shift{Day: c.day, Start: c.kind.start, Length: c.kind.length})
		i := row[c.kind]
		g.Rows[i].Bars = append(g.Rows[i].Bars, charts.Bar{Start: sp.Start, End: sp.End, Breaks: breaks[c], Label: fmt.Sprintf("×%d", count[c])})
	}
	return g
}

// RosterGantt is a roster's Gantt chart: one row per agent, in agent
// order, its shifts on the calendar of req (whose Start is day 0; days
// counts the horizon, 0: up to the last shift); day -1 shows every day.
func RosterGantt(title string, req scheduler.Requirements, days int, as []roster.Assignment, day int) charts.Gantt {
	if days <= 0 {
		for _, a := range as {
			days = max(days, a.Shift.Day+1)
		}
	}
	from, to := window(req, days, day)
	g := charts.Gantt{Title: title, Location: req.Start.Location(), From: from, To: to, RowName: "agent"}
	byAgent := map[string]int{}
	sorted := append([]roster.Assignment(nil), as...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Agent < sorted[j].Agent })
	for _, a := range sorted {
		if day >= 0 && a.Shift.Day != day {
			continue
		}
		i, ok := byAgent[a.Agent]
		if !ok {
			i = len(g.Rows)
			byAgent[a.Agent] = i
			g.Rows = append(g.Rows, charts.GanttRow{Label: a.Agent})
		}
		sp := span(req, a.Shift)
		g.Rows[i].Bars = append(g.Rows[i].Bars, charts.Bar{Start: sp.Start, End: sp.End, Breaks: sp.Breaks})
	}
	return g
}

// Backtest is the chart of a backtest report.
func Backtest(rep app.BacktestReport) charts.Backtest {
	bt := charts.Backtest{Queue: rep.Queue, Origins: rep.Origins, Horizon: rep.Horizon}
	for _, m := range rep.Methods {
		me := charts.MethodError{Method: m.Method, WAPE: m.WAPE}
		for _, v := range m.LeadDayWAPE {
			if v == nil {
				me.ByLeadDay = append(me.ByLeadDay, math.NaN())
			} else {
				me.ByLeadDay = append(me.ByLeadDay, *v)
			}
		}
		bt.Methods = append(bt.Methods, me)
	}
	return bt
}

// Sweep is the chart of a scenario sweep over one setting; a sweep of
// several settings at once has no single x axis and is an error.
func Sweep(name string, res *scenario.SweepResult) (charts.ScenarioSweep, error) {
	if len(res.Vary) != 1 {
		return charts.ScenarioSweep{}, fmt.Errorf("a sweep chart shows one varied setting, this sweep varies %d", len(res.Vary))
	}
	path := res.Vary[0]
	sw := charts.ScenarioSweep{Name: name, Vary: path}
	for _, p := range res.Points {
		t := p.Totals
		sw.Points = append(sw.Points, charts.SweepPoint{Value: p.Vary[path], PaidHours: t.PaidHours, NaivePaidHours: t.NaivePaidHours,
			ServiceLevel: t.ServiceLevel, AbandonRate: t.AbandonRate, Cost: t.Cost, CostHumans: t.CostHumans, CostBot: t.CostBot,
			CostLost: t.CostLost, KeptPromise: t.KeptPromise})
	}
	if res.Cheapest != nil {
		v := res.Cheapest.Vary[path]
		sw.Cheapest = &v
	}
	return sw, nil
}

// Splits are the charts of an optimisation's hourly bot shares, one per
// queue.
func Splits(res *scenario.OptimizeResult) []charts.HourlySplit {
	out := make([]charts.HourlySplit, len(res.Queues))
	for i, q := range res.Queues {
		out[i] = charts.HourlySplit{Queue: q.Queue, Shares: q.Shares, BestSingleShare: q.BestSingleShare, Saving: q.BestSingleCost - q.Cost}
	}
	return out
}
