package app

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/staffcast/staffcast/csvio"
	"github.com/staffcast/staffcast/erlang"
	"github.com/staffcast/staffcast/forecast"
)

// WorkloadRow is the work offered to one queue in one interval.
type WorkloadRow struct {
	Queue  string // "" for a single unnamed queue
	Start  time.Time
	Volume float64       // contacts offered, finite, >= 0
	AHT    time.Duration // mean handle time, > 0
	Line   int           // source line for error messages; 0 when none
	// Bands are the forecast's prediction bounds of Volume (Bands.Volume is
	// ignored: Volume is the point forecast); nil when the workload has
	// none. StaffToP80 and StaffToExpectedSL need them on every row.
	Bands *erlang.Bands
}

// StaffTo is the volume a staffing plans for when the forecast is
// uncertain.
type StaffTo string

const (
	// StaffToMean staffs the point forecast (the default).
	StaffToMean StaffTo = "mean"
	// StaffToP80 staffs the upper bound of the 80% prediction interval,
	// the volume exceeded one interval in ten.
	StaffToP80 StaffTo = "p80"
	// StaffToExpectedSL staffs the fewest agents whose service level
	// averaged over the forecast's volume distribution meets the targets
	// (erlang.StaffExpected over the five points of erlang.Bands.Quadrature).
	StaffToExpectedSL StaffTo = "expected-sl"
)

// StaffToChoices lists the StaffTo values, for help texts and errors.
const StaffToChoices = "mean, p80 or expected-sl"

// ParseStaffTo returns the StaffTo named s ("" is StaffToMean).
func ParseStaffTo(s string) (StaffTo, error) {
	switch v := StaffTo(s); v {
	case "":
		return StaffToMean, nil
	case StaffToMean, StaffToP80, StaffToExpectedSL:
		return v, nil
	}
	return "", fmt.Errorf("unknown staffing volume %q: want %s", s, StaffToChoices)
}

// StaffRequest asks for the agents every interval of a workload needs.
type StaffRequest struct {
	Rows []WorkloadRow
	// Interval is the length of every interval; zero infers it per queue
	// from the most common gap between starts (csvio.InferCommonInterval).
	// A start off that grid (a mistyped time, or a file of mixed lengths),
	// an inferred interval over MaxInferredInterval (a row a day) and
	// queues that disagree are Invalid errors naming the line or queues
	// (see staffInterval).
	Interval time.Duration
	Patience time.Duration // mean patience (Erlang A); zero: Erlang C
	Targets  erlang.Targets
	// Funnel, when non-nil, runs each queue's intervals through the bot
	// funnel in time order, so falsely contained contacts come back
	// Funnel.ReturnLag later.
	Funnel *erlang.Funnel
	// StaffTo is the volume to staff; "" is StaffToMean.
	StaffTo StaffTo
}

// StaffResult is one Metrics per request row, in row order.
type StaffResult struct {
	Interval time.Duration   // the interval used (given or inferred)
	Warnings []csvio.Warning // about the inferred interval; nil when given
	Metrics  []erlang.Metrics
}

// Staff computes the agents every row of r needs, for the volume r.StaffTo
// names. With StaffToMean and StaffToP80 the figures are those of the
// agents at the point forecast Volume (for p80: what the extra agents buy
// when the forecast is right); with StaffToExpectedSL they are the
// expected figures over the volume distribution (erlang.EvaluateExpected).
// Each volume passes through the bot funnel as the point forecast does.
// Errors are Invalid for bad input (an *erlang.IntervalError names the row
// index, a csvio error the lines; a row without bands under p80 or
// expected-sl names the field "staff_to"), Canceled when ctx ends first.
func Staff(ctx context.Context, r StaffRequest) (StaffResult, error) {
	const op = "staff"
	to, err := ParseStaffTo(string(r.StaffTo))
	if err != nil {
		return StaffResult{}, Invalidf("staff_to", "%v", err)
	}
	if err := distinctStarts(r.Rows); err != nil {
		return StaffResult{}, err
	}
	if r.Interval > 0 {
		if err := checkInterval(op, r.Rows, r.Interval); err != nil {
			return StaffResult{}, err
		}
	}
	res, loads, err := r.humanLoads(ctx, op)
	if err != nil {
		return res, err
	}
	if to == StaffToMean {
		ms, err := erlang.StaffBatch(loads, r.Targets)
		if err != nil {
			return StaffResult{}, r.rowError(op, err)
		}
		res.Metrics = ms
		return res, nil
	}
	// the loads of every quadrature point (p80: the one upper bound)
	var points [5]erlang.VolumePoint
	var at [5][]erlang.Load
	for i, row := range r.Rows {
		if row.Bands == nil {
			return StaffResult{}, Invalidf("staff_to", "%s needs the forecast's volume bands (lower95, lower80, upper80, upper95) on every row; line %d has none", to, row.Line)
		}
		b := *row.Bands
		b.Volume = row.Volume
		if err := b.Validate(); err != nil {
			return StaffResult{}, r.rowError(op, &erlang.IntervalError{Index: i, Err: err})
		}
	}
	n := len(points)
	if to == StaffToP80 {
		n = 1
	}
	for k := range n {
		q := r
		q.Rows = make([]WorkloadRow, len(r.Rows))
		for i, row := range r.Rows {
			q.Rows[i] = row
			b := *row.Bands
			b.Volume = row.Volume
			if to == StaffToP80 {
				q.Rows[i].Volume = b.Upper80
				continue
			}
			pts, _ := b.Quadrature() // validated above
			q.Rows[i].Volume, points[k] = pts[k].Volume, pts[k]
		}
		if _, at[k], err = q.humanLoads(ctx, op); err != nil {
			return StaffResult{}, err
		}
	}
	res.Metrics = make([]erlang.Metrics, len(loads))
	if to == StaffToP80 {
		ms, err := erlang.StaffBatch(at[0], r.Targets)
		if err != nil {
			return StaffResult{}, r.rowError(op, err)
		}
		for i, m := range ms {
			e, err := erlang.Evaluate(loads[i], m.Agents, r.Targets.ServiceTime)
			if err != nil && !errors.Is(err, erlang.ErrUnstable) {
				return StaffResult{}, r.rowError(op, &erlang.IntervalError{Index: i, Err: err})
			}
			e.Scheduled = m.Scheduled
			res.Metrics[i] = e
		}
		return res, nil
	}
	wl := make([]erlang.WeightedLoad, n)
	for i := range loads {
		if i%256 == 0 {
			if err := ctx.Err(); err != nil {
				return StaffResult{}, Wrap(Canceled, op, err)
			}
		}
		for k := range wl {
			wl[k] = erlang.WeightedLoad{Load: at[k][i], Weight: points[k].Weight}
		}
		m, err := erlang.StaffExpected(wl, r.Targets)
		if err != nil {
			return StaffResult{}, r.rowError(op, &erlang.IntervalError{Index: i, Err: err})
		}
		res.Metrics[i] = m
	}
	return res, nil
}

// distinctStarts refuses two rows of one queue with the same start (an
// interval staffed twice, which the store cannot keep either): Invalid
// naming the later row's field, "rows[i].interval_start", and the row it
// repeats. With several repeats it names the earliest.
func distinctStarts(rows []WorkloadRow) error {
	idx := orderByQueueStart(rows)
	dup, first := -1, -1
	for k, g := 1, 0; k < len(idx); k++ {
		a, b := rows[idx[k-1]], rows[idx[k]]
		if a.Queue != b.Queue || !a.Start.Equal(b.Start) {
			g = k
			continue
		}
		if dup < 0 || idx[k] < dup {
			dup, first = idx[k], idx[g]
		}
	}
	if dup < 0 {
		return nil
	}
	return Invalidf(fmt.Sprintf("rows[%d].interval_start", dup), "%s is a duplicate of rows[%d]",
		rows[dup].Start.Format(time.RFC3339), first)
}

// rowError maps an *erlang.IntervalError to an Invalid error naming the
// row's line, and any other model error as modelError does.
func (r StaffRequest) rowError(op string, err error) error {
	var ie *erlang.IntervalError
	if errors.As(err, &ie) && ie.Index < len(r.Rows) {
		return &Error{Kind: Invalid, Op: op, Err: &csvio.ParseError{Line: r.Rows[ie.Index].Line, Err: ie.Err},
			Details: []Detail{{Line: r.Rows[ie.Index].Line, Reason: ie.Err.Error()}}}
	}
	return modelError(op, err, nil)
}

// humanLoads is the load every row offers the human agents (after the bot
// funnel), with the interval used.
func (r StaffRequest) humanLoads(ctx context.Context, op string) (StaffResult, []erlang.Load, error) {
	if err := ctx.Err(); err != nil {
		return StaffResult{}, nil, Wrap(Canceled, op, err)
	}
	res := StaffResult{Interval: r.Interval}
	if res.Interval == 0 {
		iv, err := staffInterval(r.Rows)
		if err != nil {
			return StaffResult{}, nil, &Error{Kind: Invalid, Op: op, Err: err}
		}
		res.Interval = iv
	} else if res.Interval < 0 {
		return StaffResult{}, nil, Invalidf("interval", "must be positive, got %v", res.Interval)
	}
	loads := make([]erlang.Load, len(r.Rows))
	for i, row := range r.Rows {
		loads[i] = erlang.Load{Volume: row.Volume, Interval: res.Interval, AHT: row.AHT, Patience: r.Patience}
	}
	if r.Funnel != nil {
		var err error
		if loads, err = humanLoads(r.Rows, loads, *r.Funnel, res.Interval); err != nil {
			return StaffResult{}, nil, modelError(op, err, nil)
		}
	}
	if err := ctx.Err(); err != nil {
		return StaffResult{}, nil, Wrap(Canceled, op, err)
	}
	return res, loads, nil
}

// ServiceWith evaluates every row of r with the agents a plan or roster
// schedules for it (head-count on shift, breaks excluded): the agents on
// the phones are floor(scheduled × (1 − r.Targets.Shrinkage)), the load is
// the one Staff staffs (after the bot funnel), and the service level is
// measured at r.Targets.ServiceTime. scheduled has one value per row; a
// NaN value gives a row of NaN figures. An overloaded Erlang C interval
// gets service level 0 and an infinite ASA, as erlang.Evaluate reports it.
func ServiceWith(ctx context.Context, r StaffRequest, scheduled []float64) ([]erlang.Metrics, error) {
	const op = "service"
	if len(scheduled) != len(r.Rows) {
		return nil, Errorf(Internal, "service: %d scheduled values for %d rows", len(scheduled), len(r.Rows))
	}
	_, loads, err := r.humanLoads(ctx, op)
	if err != nil {
		return nil, err
	}
	out := make([]erlang.Metrics, len(loads))
	for i, l := range loads {
		s := scheduled[i]
		if math.IsNaN(s) || math.IsInf(s, 0) || s < 0 {
			out[i] = erlang.Metrics{ServiceLevel: math.NaN(), ASASeconds: math.NaN(), Occupancy: math.NaN(), PAbandon: math.NaN()}
			continue
		}
		n := int(math.Floor(s*(1-r.Targets.Shrinkage) + 1e-9))
		m, err := erlang.Evaluate(l, min(n, erlang.MaxAgents), r.Targets.ServiceTime)
		if err != nil && !errors.Is(err, erlang.ErrUnstable) {
			return nil, modelError(op, err, nil)
		}
		out[i] = m
	}
	return out, nil
}

// ErrIntervalRows matches the errors of a given interval length that the
// rows' starts contradict (Staff): a start off its grid, or starts further
// apart than it (each row's volume would be counted in a shorter interval
// than it arrived in).
var ErrIntervalRows = errors.New("the interval contradicts the interval starts")

// intervalRowsError is an ErrIntervalRows with its own text.
type intervalRowsError string

func (e intervalRowsError) Error() string        { return string(e) }
func (e intervalRowsError) Is(target error) bool { return target == ErrIntervalRows }

// checkInterval checks a given interval length against the rows: it must
// divide a day (Invalid naming the field "interval"), every row's start
// must lie on its grid (the wall-clock phase most of its queue's starts
// share), and it must not be finer than any queue's spacing: the interval
// csvio.InferInterval infers from the most common gap between the queue's
// starts, when that gap is under a day (a half-hourly queue beside a
// quarter-hourly one given 15m would have each half-hour's volume staffed
// as arriving in 15 minutes: 24 agents where 14 answer it). Queues whose
// spacing cannot be inferred (one row, a row a day, mixed gaps) take the
// interval as given. A contradiction is Invalid naming the first offending
// row's line and the field "interval_start", matching ErrIntervalRows.
func checkInterval(op string, rows []WorkloadRow, iv time.Duration) error {
	const day = 24 * time.Hour
	if day%iv != 0 {
		return Invalidf("interval", "%v does not divide a day", ShortDuration(iv))
	}
	rowErr := func(i int, format string, args ...any) error {
		msg := fmt.Sprintf(format, args...)
		return &Error{Kind: Invalid, Op: op, Err: &csvio.ParseError{Line: rows[i].Line, Field: "interval_start", Err: intervalRowsError(msg)},
			Details: []Detail{{Line: rows[i].Line, Field: "interval_start", Reason: msg}}}
	}
	ofQueue := func(q string) string {
		if q == "" {
			return ""
		}
		return fmt.Sprintf(" of queue %q", q)
	}
	queues, byQueue := rowsByQueue(rows)
	offGrid := -1
	spacing, spaced := time.Duration(0), ""
	for _, q := range queues {
		idx := byQueue[q]
		phases := map[time.Duration]int{}
		for _, i := range idx {
			phases[forecast.WallClock(rows[i].Start)%iv]++
		}
		phase, best := time.Duration(0), 0
		for p, n := range phases {
			if n > best || (n == best && p < phase) {
				phase, best = p, n
			}
		}
		for _, i := range idx {
			if forecast.WallClock(rows[i].Start)%iv != phase && (offGrid < 0 || i < offGrid) {
				offGrid = i
			}
		}
		starts := make([]time.Time, len(idx))
		for k, i := range idx {
			starts[k] = rows[i].Start
		}
		if gap, ok := csvio.CommonGap(starts); ok && gap < day {
			if s, _, err := csvio.InferInterval(starts, nil); err == nil && s > iv && spacing == 0 {
				spacing, spaced = s, q // the first queue coarser than iv
			}
		}
	}
	if offGrid >= 0 {
		r := rows[offGrid]
		return rowErr(offGrid, "%s is not on the %v grid of the other starts%s", r.Start.Format(time.RFC3339), ShortDuration(iv), ofQueue(r.Queue))
	}
	if spacing == 0 {
		return nil
	}
	// the first row (in row order) that starts spacing after the one before
	idx := slices.Clone(byQueue[spaced])
	sort.SliceStable(idx, func(a, b int) bool { return rows[idx[a]].Start.Before(rows[idx[b]].Start) })
	first := -1
	for k := 1; k < len(idx); k++ {
		if rows[idx[k]].Start.Sub(rows[idx[k-1]].Start) == spacing && (first < 0 || idx[k] < first) {
			first = idx[k]
		}
	}
	return rowErr(first, "the starts%s are %v apart (this one %v after the one before): an interval of %v would count each row's volume as arriving in %v, not %v",
		ofQueue(spaced), ShortDuration(spacing), ShortDuration(spacing), ShortDuration(iv), ShortDuration(iv), ShortDuration(spacing))
}

// MaxInferredInterval is the longest interval Staff infers: contact
// centres staff intervals of 5 to 60 minutes, so starts further apart (a
// row a day) are not an interval's length but a sparse file, whose
// interval must be given.
const MaxInferredInterval = time.Hour

// ErrOffGrid matches Staff's error for an interval start off the grid of
// the others when the interval is inferred: a ParseError naming the first
// such line and the field interval_start. It also matches
// csvio.ErrIntervalMixed (the file may mix interval lengths).
var ErrOffGrid = errors.New("an interval start is off the grid of the others")

// ErrIntervalLong matches Staff's error for an inferred interval over
// MaxInferredInterval; it also matches csvio.ErrNoInterval (give the
// interval).
var ErrIntervalLong = errors.New("the interval starts are too far apart to infer the interval")

type offGridError string

func (e offGridError) Error() string { return string(e) }
func (e offGridError) Is(target error) bool {
	return target == ErrOffGrid || target == csvio.ErrIntervalMixed
}

type intervalLongError string

func (e intervalLongError) Error() string { return string(e) }
func (e intervalLongError) Is(target error) bool {
	return target == ErrIntervalLong || target == csvio.ErrNoInterval
}

// staffInterval is the interval Staff infers from the rows: inferInterval,
// but strict. Any start off the inferred grid is an error naming its line,
// however many rows there are (staffed as its own interval it would
// overlap the one it falls in, which schedule and coverage then refuse),
// and so is an inferred interval over MaxInferredInterval.
func staffInterval(rows []WorkloadRow) (time.Duration, error) {
	iv, warns, err := inferInterval(rows)
	var ie *csvio.IntervalError
	var lines []int
	queue := ""
	switch {
	case errors.As(err, &ie):
		iv, lines, queue = ie.Interval, ie.Lines, ie.Queue
	case err != nil:
		return 0, err
	default:
		for _, w := range warns {
			if len(lines) == 0 || w.Queue == queue {
				lines, queue = append(lines, w.Line), w.Queue
			}
		}
	}
	if len(lines) > 0 {
		slices.Sort(lines)
		first := slices.IndexFunc(rows, func(r WorkloadRow) bool { return r.Line == lines[0] })
		n := 0
		for _, r := range rows {
			if r.Queue == queue {
				n++
			}
		}
		where := make([]string, 0, 5)
		for _, l := range lines[:min(len(lines), 5)] {
			where = append(where, fmt.Sprintf("line %d", l))
		}
		if len(lines) > 5 {
			where = append(where, "...")
		}
		of := ""
		if queue != "" {
			of = fmt.Sprintf(" of queue %q", queue)
		}
		start := "this start"
		if first >= 0 {
			start = rows[first].Start.Format(time.RFC3339)
		}
		msg := fmt.Sprintf("%s is off the %v grid of the other starts%s (%d of %d off it: %s): a mistyped time (fix or remove the row) or intervals of different lengths",
			start, ShortDuration(iv), of, len(lines), n, strings.Join(where, ", "))
		return 0, &csvio.ParseError{Line: lines[0], Field: "interval_start", Err: offGridError(msg)}
	}
	queues, byQueue := rowsByQueue(rows)
	for _, q := range queues {
		starts := make([]time.Time, 0, len(byQueue[q]))
		for _, i := range byQueue[q] {
			starts = append(starts, rows[i].Start)
		}
		// a row a day may infer a shorter interval from its times of day
		if gap, ok := csvio.CommonGap(starts); ok && max(gap, iv) > MaxInferredInterval {
			of := ""
			if q != "" {
				of = fmt.Sprintf(" of queue %q", q)
			}
			return 0, fmt.Errorf("interval_start: %w", intervalLongError(fmt.Sprintf(
				"the starts%s are %v apart: an interval over %v is not inferred (contact centres staff 5- to 60-minute intervals; a row a day needs the interval its volume arrives in, e.g. 30m)",
				of, ShortDuration(gap), ShortDuration(MaxInferredInterval))))
		}
	}
	return iv, nil
}

// inferInterval is csvio.InferCommonInterval over the rows' queues.
func inferInterval(rows []WorkloadRow) (time.Duration, []csvio.Warning, error) {
	idx := orderByQueueStart(rows)
	var qs []csvio.QueueStarts
	for k, i := range idx {
		if k == 0 || rows[i].Queue != rows[idx[k-1]].Queue {
			qs = append(qs, csvio.QueueStarts{Queue: rows[i].Queue})
		}
		q := &qs[len(qs)-1]
		q.Starts = append(q.Starts, rows[i].Start)
		q.Lines = append(q.Lines, rows[i].Line)
	}
	iv, warns, err := csvio.InferCommonInterval(qs)
	if err != nil {
		return 0, warns, fmt.Errorf("interval_start: %w", err)
	}
	return iv, warns, nil
}

// humanLoads runs each queue's intervals through the bot funnel in time
// order, so that falsely contained contacts come back ReturnLag later.
// Intervals missing from the rows (closed hours) count as offering nothing;
// returns falling into them are lost. A queue whose starts are not on one
// grid of the interval length is funnelled in steady state.
func humanLoads(rows []WorkloadRow, loads []erlang.Load, f erlang.Funnel, interval time.Duration) ([]erlang.Load, error) {
	out := make([]erlang.Load, len(loads))
	queues, byQueue := rowsByQueue(rows)
	for _, q := range queues {
		idx := byQueue[q]
		first, last := rows[idx[0]].Start, rows[idx[0]].Start
		aligned := true
		for _, i := range idx {
			t := rows[i].Start
			if t.Before(first) {
				first = t
			}
			if t.After(last) {
				last = t
			}
		}
		for _, i := range idx {
			if rows[i].Start.Sub(first)%interval != 0 {
				aligned = false
			}
		}
		span := int(last.Sub(first)/interval) + 1
		if !aligned || span > 4*len(idx)+1000 {
			for _, i := range idx {
				h, err := f.Human(loads[i])
				if err != nil {
					return nil, err
				}
				out[i] = h
			}
			continue
		}
		dense := make([]erlang.Load, span)
		for k := range dense {
			dense[k] = erlang.Load{Interval: interval, AHT: loads[idx[0]].AHT, Patience: loads[idx[0]].Patience}
		}
		for _, i := range idx {
			dense[int(rows[i].Start.Sub(first)/interval)] = loads[i]
		}
		human, err := f.HumanSeries(dense)
		if err != nil {
			return nil, err
		}
		for _, i := range idx {
			out[i] = human[int(rows[i].Start.Sub(first)/interval)]
		}
	}
	return out, nil
}

// rowsByQueue is the rows' queues in order of first appearance and, for
// each, the indices of its rows in order.
func rowsByQueue(rows []WorkloadRow) ([]string, map[string][]int) {
	byQueue := map[string][]int{}
	var queues []string
	for i, r := range rows {
		if byQueue[r.Queue] == nil {
			queues = append(queues, r.Queue)
		}
		byQueue[r.Queue] = append(byQueue[r.Queue], i)
	}
	return queues, byQueue
}

// orderByQueueStart is the rows' indices sorted by queue, then start (a
// stable sort, so equal starts keep the file's order).
func orderByQueueStart(rows []WorkloadRow) []int {
	idx := make([]int, len(rows))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool {
		ra, rb := rows[idx[a]], rows[idx[b]]
		if ra.Queue != rb.Queue {
			return ra.Queue < rb.Queue
		}
		return ra.Start.Before(rb.Start)
	})
	return idx
}
