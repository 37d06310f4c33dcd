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
	// Rows are the intervals of one queue, in any order; missing intervals
	// between them are simulated with no contacts and no agents.
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
		warns, err := CheckShifts(r.Rows, res.Interval, r.Shifts)
		if err != nil {
			return SimulateResult{}, err
		}
		res.Warnings = append(res.Warnings, warns...)
	}
	res.Rows = make([]sim.Figures, len(r.Rows))
	for _, q := range queues {
		total, gaps, err := r.simulateQueue(ctx, op, byQueue[q], res.Interval, res.Rows)
		if err != nil {
			return SimulateResult{}, err
		}
		if gaps.contacts >= 0.05 {
			res.Warnings = append(res.Warnings, csvio.Warning{Message: fmt.Sprintf(
				"queue %s: %.1f contacts (the bot's returns) fall in %d intervals between the staffing's rows, which it does not list, from %s: nobody is on duty then, and they are in the totals, not in the rows",
				q, gaps.contacts, gaps.intervals, gaps.first.Format(time.RFC3339))})
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
// zone, would simulate a horizon without agents). Rows with contacts
// outside the shifts' span are a warning.
func CheckShifts(rows []SimRow, interval time.Duration, shifts []SimShift) ([]csvio.Warning, error) {
	if len(rows) == 0 || len(shifts) == 0 {
		return nil, nil
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
		return nil, Invalidf("shifts", "no shift falls inside the staffing's horizon: the shifts run from %s to %s, the staffing's intervals from %s to %s",
			at(first), at(last), at(from), at(to))
	}
	outside, busy := 0, 0
	for _, r := range rows {
		if r.Volume <= 0 {
			continue
		}
		busy++
		if !r.Start.Add(interval).After(first) || !r.Start.Before(last) {
			outside++
		}
	}
	if outside == 0 {
		return nil, nil
	}
	return []csvio.Warning{{Message: fmt.Sprintf("%d of the staffing's %d intervals with contacts lie outside the shifts, which run from %s to %s: nobody answers them",
		outside, busy, at(first), at(last))}}, nil
}

// unlisted is what a simulation put in the intervals between a queue's
// rows: the funnel's returns can land there, and the rows do not show them.
type unlisted struct {
	contacts  float64 // mean offered over those intervals
	intervals int
	first     time.Time
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
	slot := map[int]int{}
	for k := range ivs {
		ivs[k] = sim.Interval{AHT: time.Minute, Patience: r.Patience}
	}
	for _, i := range order {
		row := r.Rows[i]
		off := row.Start.Sub(first)
		if off%interval != 0 {
			return nil, unlisted{}, &Error{Kind: Invalid, Op: op,
				Err: &csvio.ParseError{Line: row.Line, Field: "interval_start", Err: fmt.Errorf("%s is off the %v grid starting %s", row.Start.Format(time.RFC3339), interval, first.Format(time.RFC3339))}}
		}
		k := int(off / interval)
		slot[i] = k
		ivs[k] = sim.Interval{Volume: row.Volume, AHT: row.AHT, Patience: r.Patience, Agents: row.Agents}
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
	listed := make([]bool, n)
	for i, k := range slot {
		rows[i] = out.Intervals[k]
		listed[k] = true
	}
	var gaps unlisted
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
