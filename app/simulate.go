package app

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
	"time"

	"github.com/staffcast/staffcast/csvio"
	"github.com/staffcast/staffcast/erlang"
	"github.com/staffcast/staffcast/sim"
)

// SimRow is one interval of a staffing to simulate.
type SimRow struct {
	Queue  string
	Start  time.Time
	Volume float64       // contacts offered (Poisson mean)
	AHT    time.Duration // mean handle time
	Agents int           // agents answering; unused with Shifts
	Line   int           // source line for error messages; 0 when none
}

// SimShift is one agent's shift as instants, breaks inside it.
type SimShift struct {
	Start, End time.Time
	Breaks     []SimBreak
	Line       int // source line for error messages; 0 when none
}

// SimBreak is a break in a SimShift.
type SimBreak struct{ Start, End time.Time }

// SimulateRequest asks how a staffing serves its workload, by simulation.
type SimulateRequest struct {
	// Rows are the intervals of one queue, in any order; the centre is
	// closed in missing intervals between them (see Simulate).
	Rows []SimRow
	// Interval is the length of every interval; zero infers it as Staff
	// does.
	Interval time.Duration
	// Patience is the mean (exponential) patience; zero: nobody abandons.
	Patience time.Duration
	// SLTime is the service-level threshold.
	SLTime time.Duration
	// HandleTime is the handle-time distribution (exponential when zero).
	HandleTime sim.Dist
	// Shifts, when non-empty, put agents on duty (a shift plan or roster)
	// instead of the rows' Agents.
	Shifts []SimShift
	// Shrinkage, in [0, 1), is the share of the shifts' agents not
	// answering (absence, training): shifts are kept in the even pattern
	// "shift i stays when ⌊(i+1)(1-s)⌋ > ⌊i(1-s)⌋", so every part of the
	// horizon loses its share. Breaks in the shifts are already off duty.
	Shrinkage float64
	// Funnel, when non-nil, sends each row's Volume (the contacts offered
	// before the bot) through the bot funnel: humans get the direct
	// contacts, the escalations (with their own handle time and patience)
	// and the returns of falsely contained ones, as sim.Model.Funnel.
	Funnel *erlang.Funnel
	// WarmUp simulates the first interval for this long before it.
	WarmUp       time.Duration
	Replications int    // 0: sim.DefaultReplications
	Seed         uint64 // the same seed gives the same figures
	Progress     func(done, total int)
}

// SimulateResult has the simulated figures of every request row, in row
// order, and of the whole horizon.
type SimulateResult struct {
	Interval     time.Duration
	Warnings     []csvio.Warning
	Replications int
	Confidence   float64
	Rows         []sim.Figures
	// Queues has each queue's totals over its horizon, in order of first
	// appearance.
	Queues []SimQueueTotal
}

// SimQueueTotal is one queue's simulated figures over its whole horizon.
type SimQueueTotal struct {
	Queue string      `json:"queue"`
	Total sim.Figures `json:"total"`
}

// MaxSimIntervals bounds the intervals a simulation spans (a year of
// 5-minute intervals).
const MaxSimIntervals = 366 * 288

// Simulate runs sim.Run on the rows: Invalid for bad input (naming the row's
// line or the field), Canceled when ctx ends first.
//
// A contact centre closes, and its callers are not answered the next
// morning. Each queue's rows make days: runs of rows of one date (in the
// rows' own UTC offset) each starting where the previous one ends. A day
// is open from the first moment an agent is on duty (the agents column
// above 0, or a shift) to the last, or to the end of its last row: it is
// closed before that (its first rows, a night without agents after
// midnight) and after it, until the next day's first row (a row of the
// next date, or the next after a gap in time) or the end of the horizon
// (sim.Model.Closed). When it closes, whoever is still waiting is lost,
// their wait counted up to the close, and contacts arriving while it is
// closed (the bot funnel's returns in a gap, or the contacts of a day's
// first and last rows without anyone on duty) are lost at once; both count
// as abandoned, in their interval's figures and in the totals, and the
// next day starts with an empty queue. A stretch without agents between
// the day's first and last agent (a lunch hour in a small team) is not a
// close: its contacts wait for the next agent, or hang up. When the
// agents are on duty to the end of the last row the queue drains after it
// as before: the end of the horizon is a close only after the last agent
// has gone before it. -warm-up (WarmUp) warms up the first interval only.
func Simulate(ctx context.Context, r SimulateRequest) (SimulateResult, error) {
	const op = "simulate"
	if err := ctx.Err(); err != nil {
		return SimulateResult{}, Wrap(Canceled, op, err)
	}
	if len(r.Rows) == 0 {
		return SimulateResult{}, Invalidf("rows", "no intervals to simulate")
	}
	byQueue := map[string][]int{}
	var queues []string
	for i, row := range r.Rows {
		if byQueue[row.Queue] == nil {
			queues = append(queues, row.Queue)
		}
		byQueue[row.Queue] = append(byQueue[row.Queue], i)
	}
	if len(queues) > 1 && len(r.Shifts) > 0 {
		row := r.Rows[byQueue[queues[1]][0]]
		return SimulateResult{}, &Error{Kind: Invalid, Op: op,
			Err: &csvio.ParseError{Line: row.Line, Field: "queue", Err: fmt.Errorf("queue %q after %q: shifts staff one queue, simulate one at a time", row.Queue, queues[0])}}
	}
	res := SimulateResult{Interval: r.Interval}
	if res.Interval == 0 {
		wl := make([]WorkloadRow, len(r.Rows))
		for i, row := range r.Rows {
			wl[i] = WorkloadRow{Queue: row.Queue, Start: row.Start, Line: row.Line}
		}
		iv, warns, err := inferInterval(wl)
		if err != nil {
			return SimulateResult{}, &Error{Kind: Invalid, Op: op, Err: err}
		}
		res.Interval, res.Warnings = iv, warns
	} else if res.Interval < 0 {
		return SimulateResult{}, Invalidf("interval", "must be positive, got %v", res.Interval)
	}
	if len(r.Shifts) > 0 {
		if err := CheckShifts(r.Rows, res.Interval, r.Shifts); err != nil {
			return SimulateResult{}, err
		}
	}
	res.Rows = make([]sim.Figures, len(r.Rows))
	for _, q := range queues {
		total, gaps, err := r.simulateQueue(ctx, op, byQueue[q], res.Interval, res.Rows)
		if err != nil {
			return SimulateResult{}, err
		}
		queue := "" // a staffing without a queue column has one unnamed queue
		if q != "" {
			queue = "queue " + q + ": "
		}
		at := func(t time.Time) string { return t.Format(time.RFC3339) }
		if c := gaps.closed; c.intervals > 0 {
			res.Warnings = append(res.Warnings, csvio.Warning{Message: fmt.Sprintf(
				"%s%d of the staffing's %d intervals with contacts fall, in whole or in part, while the centre is closed (the first from %s): nobody is on duty before the day's first agent or after its last, so contacts arriving then, and those still waiting when it closes, are counted as unanswered (abandoned), not answered later",
				queue, c.intervals, gaps.busy, at(c.first))})
		}
		if w := gaps.waiting; w.intervals > 0 {
			res.Warnings = append(res.Warnings, csvio.Warning{Message: fmt.Sprintf(
				"%s%d of the staffing's %d intervals with contacts have no agent on duty between the day's first and last agents (the first at %s): their contacts wait for the next agent of the day, or hang up",
				queue, w.intervals, gaps.busy, at(w.first))})
		}
		if gaps.contacts >= 0.05 {
			res.Warnings = append(res.Warnings, csvio.Warning{Message: fmt.Sprintf(
				"%s%.1f contacts (the bot's returns) fall in %d intervals between the staffing's rows, which it does not list, from %s: the centre is closed then, so they are lost (abandoned), in the totals but in no row",
				queue, gaps.contacts, gaps.intervals, at(gaps.first))})
		}
		res.Queues = append(res.Queues, SimQueueTotal{Queue: q, Total: total.Total})
		res.Replications, res.Confidence = total.Replications, total.Confidence
	}
	return res, nil
}

// CheckShifts checks the shifts of a plan or roster against the horizon of
// the rows they are to answer, from the first row's start to the end of
// the last row's interval. No shift inside it is Invalid naming the field
// "shifts" and both ranges (a roster of another year, or read in the wrong
// zone, would simulate a horizon without agents). Simulate warns of rows
// with contacts and nobody on duty.
func CheckShifts(rows []SimRow, interval time.Duration, shifts []SimShift) error {
	if len(rows) == 0 || len(shifts) == 0 {
		return nil
	}
	from, to := rows[0].Start, rows[0].Start
	for _, r := range rows {
		if r.Start.Before(from) {
			from = r.Start
		}
		if r.Start.After(to) {
			to = r.Start
		}
	}
	to = to.Add(interval)
	loc := rows[0].Start.Location()
	first, last := shifts[0].Start, shifts[0].End
	inside := 0
	for _, s := range shifts {
		if s.Start.Before(first) {
			first = s.Start
		}
		if s.End.After(last) {
			last = s.End
		}
		if s.Start.Before(to) && s.End.After(from) {
			inside++
		}
	}
	at := func(t time.Time) string { return t.In(loc).Format(time.RFC3339) }
	if inside == 0 {
		return Invalidf("shifts", "no shift falls inside the staffing's horizon: the shifts run from %s to %s, the staffing's intervals from %s to %s",
			at(first), at(last), at(from), at(to))
	}
	return nil
}

// unlisted is what a simulation put in the intervals between a queue's
// rows (the funnel's returns can land there, and the rows do not show
// them), and which of its rows with contacts nobody answers.
type unlisted struct {
	contacts  float64 // mean offered over those intervals
	intervals int
	first     time.Time
	busy      int // rows with contacts
	// closed counts the rows with contacts that overlap a closure;
	// waiting, the others with no agent on duty at all.
	closed, waiting rowCount
}

// rowCount counts rows, the first at first.
type rowCount struct {
	intervals int
	first     time.Time
}

func (c *rowCount) add(t time.Time) {
	if c.intervals == 0 || t.Before(c.first) {
		c.first = t
	}
	c.intervals++
}

// span is a time on duty, [start, end), as offsets from the first row.
type span struct{ start, end time.Duration }

// closures are the times the centre is closed (see Simulate): day d runs
// from days[d] to ends[d], the next starts at days[d+1] (the horizon's end
// h after the last); on are the agents' times on duty. A day is open from
// the first moment anyone is on duty to the last: before it callers are
// not queued for the morning (a night without agents after midnight was
// answered at 06:00), after it the queue is closed until the next day.
func closures(days, ends []time.Duration, h time.Duration, on []span) []sim.Closure {
	// first[d] and last[d] are the first and last moments of day d anyone
	// is on duty; last[d] == days[d] when nobody is.
	first, last := slices.Clone(ends), slices.Clone(days)
	for _, s := range on {
		d := sort.Search(len(days), func(i int) bool { return ends[i] > s.start })
		for ; d < len(days) && days[d] < s.end; d++ {
			first[d] = min(first[d], max(s.start, days[d]))
			last[d] = max(last[d], min(s.end, ends[d]))
		}
	}
	var out []sim.Closure
	add := func(from, to time.Duration) {
		switch {
		case to <= from:
		case len(out) > 0 && out[len(out)-1].End == from:
			out[len(out)-1].End = to
		default:
			out = append(out, sim.Closure{Start: from, End: to})
		}
	}
	for d := range days {
		next := h
		if d+1 < len(days) {
			next = days[d+1]
		}
		if last[d] > days[d] { // someone is on duty: closed until they come
			add(days[d], first[d])
		}
		add(last[d], next)
	}
	return out
}

// mark sets the intervals (of length interval, n of them) that [from, to)
// overlaps.
func mark(set []bool, interval, from, to time.Duration) {
	for k := max(0, int(from/interval)); k < len(set) && time.Duration(k)*interval < to; k++ {
		set[k] = true
	}
}

// simulateQueue simulates the rows idx (one queue) and stores their
// figures in rows; it also says what fell in the intervals between them.
func (r SimulateRequest) simulateQueue(ctx context.Context, op string, idx []int, interval time.Duration, rows []sim.Figures) (*sim.Result, unlisted, error) {
	order := slices.Clone(idx)
	sort.SliceStable(order, func(a, b int) bool { return r.Rows[order[a]].Start.Before(r.Rows[order[b]].Start) })
	first := r.Rows[order[0]].Start
	last := r.Rows[order[len(order)-1]].Start
	n := int(last.Sub(first)/interval) + 1
	if n > MaxSimIntervals {
		return nil, unlisted{}, Invalidf("interval_start", "the rows span %d intervals of %v, at most %d", n, interval, MaxSimIntervals)
	}
	ivs := make([]sim.Interval, n)
	listed := make([]bool, n)
	slot := map[int]int{}
	for k := range ivs {
		ivs[k] = sim.Interval{AHT: time.Minute, Patience: r.Patience}
	}
	for _, i := range order {
		row := r.Rows[i]
		off := row.Start.Sub(first)
		if off%interval != 0 {
			return nil, unlisted{}, &Error{Kind: Invalid, Op: op,
				Err: &csvio.ParseError{Line: row.Line, Field: "interval_start", Err: fmt.Errorf("%s is off the %s grid starting %s", row.Start.Format(time.RFC3339), ShortDuration(interval), first.Format(time.RFC3339))}}
		}
		k := int(off / interval)
		slot[i] = k
		listed[k] = true
		ivs[k] = sim.Interval{Volume: row.Volume, AHT: row.AHT, Patience: r.Patience, Agents: row.Agents}
	}
	// Days: runs of listed rows of one date, each where the previous ends.
	var days, ends []time.Duration
	var date time.Time
	for _, i := range order {
		row := r.Rows[i]
		k := slot[i]
		y, mo, d := row.Start.Date()
		day := time.Date(y, mo, d, 0, 0, 0, 0, time.UTC)
		if len(days) == 0 || !day.Equal(date) || ends[len(ends)-1] < time.Duration(k)*interval {
			days, ends = append(days, time.Duration(k)*interval), append(ends, 0)
		}
		date, ends[len(ends)-1] = day, time.Duration(k+1)*interval
	}
	m := sim.Model{Interval: interval, Intervals: ivs, ServiceTime: r.SLTime, HandleTime: r.HandleTime, WarmUp: r.WarmUp, Funnel: r.Funnel}
	if !(r.Shrinkage >= 0 && r.Shrinkage < 1) {
		return nil, unlisted{}, Invalidf("shrinkage", "%v is outside [0, 1)", r.Shrinkage)
	}
	keep := 1 - r.Shrinkage
	for i, s := range r.Shifts {
		if math.Floor(float64(i+1)*keep+1e-9) == math.Floor(float64(i)*keep+1e-9) {
			continue
		}
		sh := sim.Shift{Start: s.Start.Sub(first), End: s.End.Sub(first)}
		for _, b := range s.Breaks {
			sh.Breaks = append(sh.Breaks, sim.Break{Start: b.Start.Sub(first), End: b.End.Sub(first)})
		}
		if sh.End <= sh.Start {
			return nil, unlisted{}, Invalidf(fmt.Sprintf("shifts[%d]", i), "line %d: the shift ends before it starts", s.Line)
		}
		m.Shifts = append(m.Shifts, sh)
	}
	var on []span
	if len(r.Shifts) > 0 {
		for _, sh := range m.Shifts {
			from := sh.Start
			for _, b := range sh.Breaks {
				on = append(on, span{from, b.Start})
				from = b.End
			}
			on = append(on, span{from, sh.End})
		}
	} else {
		for k, iv := range ivs {
			switch {
			case iv.Agents == 0:
			case len(on) > 0 && on[len(on)-1].end == time.Duration(k)*interval:
				on[len(on)-1].end += interval
			default:
				on = append(on, span{time.Duration(k) * interval, time.Duration(k+1) * interval})
			}
		}
	}
	m.Closed = closures(days, ends, m.Horizon(), on)
	out, err := sim.Run(ctx, m, sim.Options{Replications: r.Replications, Seed: r.Seed, Progress: r.Progress})
	switch {
	case err == nil:
	case isContextErr(err):
		return nil, unlisted{}, Wrap(Canceled, op, err)
	case errors.Is(err, sim.ErrInvalid), errors.Is(err, sim.ErrTooLarge):
		return nil, unlisted{}, &Error{Kind: Invalid, Op: op, Err: err}
	default:
		return nil, unlisted{}, Wrap(Internal, op, err)
	}
	for i, k := range slot {
		rows[i] = out.Intervals[k]
	}
	var gaps unlisted
	shut, staffed := make([]bool, n), make([]bool, n)
	for _, c := range m.Closed {
		mark(shut, interval, c.Start, c.End)
	}
	for _, s := range on {
		mark(staffed, interval, s.start, s.end)
	}
	for _, i := range order {
		row := r.Rows[i]
		if row.Volume <= 0 {
			continue
		}
		gaps.busy++
		switch k := slot[i]; {
		case shut[k]:
			gaps.closed.add(row.Start)
		case !staffed[k]:
			gaps.waiting.add(row.Start)
		}
	}
	for k, f := range out.Intervals {
		if listed[k] || f.Offered.Mean <= 0 {
			continue
		}
		if gaps.intervals == 0 {
			gaps.first = first.Add(time.Duration(k) * interval)
		}
		gaps.contacts += f.Offered.Mean
		gaps.intervals++
	}
	return out, gaps, nil
}
