package csvio

import (
	"errors"
	"fmt"
	"github.com/staffcast/staffcast/internal/durfmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Errors of the interval inferrer; match them with errors.Is.
var (
	ErrNoInterval     = errors.New("csvio: cannot infer the interval length (need two distinct interval starts of one queue)")
	ErrIntervalDay    = errors.New("csvio: inferred interval length does not divide a day")
	ErrIntervalMixed  = errors.New("csvio: interval starts disagree on the interval length")
	ErrIntervalQueues = errors.New("csvio: queues have different interval lengths")
)

// Warning is a problem in an input that does not stop the import. Readers
// return warnings to their caller, which shows them; csvio prints nothing.
type Warning struct {
	Line    int    // file line, 0 when the warning is not about one line
	Field   string // column name, when known
	Queue   string // queue, when known
	Message string
}

func (w Warning) String() string {
	var b strings.Builder
	if w.Line > 0 {
		b.WriteString("line " + strconv.Itoa(w.Line))
		if w.Field != "" {
			b.WriteString(" (" + w.Field + ")")
		}
		b.WriteString(": ")
	}
	if w.Queue != "" {
		b.WriteString("queue " + strconv.Quote(w.Queue) + ": ")
	}
	b.WriteString(w.Message)
	return b.String()
}

// MaxOffGrid is the share of interval starts that may lie off the inferred
// grid before InferInterval gives up with ErrIntervalMixed instead of
// warning about each: one mistyped timestamp among ten or more is a typo,
// more is a file of mixed interval lengths.
const MaxOffGrid = 0.1

// InferInterval infers the interval length of one queue's interval starts
// (in any order; repeats are ignored). lines, when not nil, holds each
// start's file line and is used to name them in warnings and errors.
//
// The interval is the most common gap between consecutive distinct starts
// (the shorter on a tie), not the smallest: one mistyped 10:15 in a
// half-hourly file leaves the interval at 30m and is reported. When the
// most common gap is a day or more (one record a day), the interval is the
// greatest common divisor of 24h and the starts' wall-clock times of day.
// The interval must divide 24h (ErrIntervalDay). The grid is the interval
// stepped from the most common phase of the starts' wall-clock times of
// day, each in its own location (so a timestamp's UTC offset, and a clock
// change, do not move it); every start off that grid is a Warning, unless
// more than MaxOffGrid of them are, which is ErrIntervalMixed. Fewer than
// two distinct starts is ErrNoInterval.
func InferInterval(starts []time.Time, lines []int) (time.Duration, []Warning, error) {
	idx := make([]int, len(starts))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return starts[idx[a]].Before(starts[idx[b]]) })
	distinct := idx[:0:0]
	for _, i := range idx {
		if len(distinct) == 0 || !starts[i].Equal(starts[distinct[len(distinct)-1]]) {
			distinct = append(distinct, i)
		}
	}
	if len(distinct) < 2 {
		return 0, nil, ErrNoInterval
	}
	iv := commonGap(starts, distinct)
	const day = 24 * time.Hour
	if iv >= day {
		iv = day
		for _, i := range distinct {
			iv = GCD(iv, wallClock(starts[i]))
		}
	}
	if iv <= 0 || day%iv != 0 {
		return 0, nil, fmt.Errorf("%w: most starts are %s apart", ErrIntervalDay, ShortDuration(iv))
	}
	phases := map[time.Duration]int{}
	for _, i := range distinct {
		phases[wallClock(starts[i])%iv]++
	}
	phase, best := time.Duration(0), 0
	for p, n := range phases {
		if n > best || (n == best && p < phase) {
			phase, best = p, n
		}
	}
	var off []int
	for _, i := range distinct {
		if wallClock(starts[i])%iv != phase {
			off = append(off, i)
		}
	}
	lineOf := func(i int) int {
		if i < len(lines) {
			return lines[i]
		}
		return 0
	}
	if float64(len(off)) > MaxOffGrid*float64(len(distinct)) {
		var where []string
		for _, i := range off[:min(len(off), 5)] {
			if l := lineOf(i); l > 0 {
				where = append(where, "line "+strconv.Itoa(l))
			} else {
				where = append(where, starts[i].Format(time.RFC3339))
			}
		}
		more := ""
		if len(off) > 5 {
			more = ", ..."
		}
		e := &IntervalError{Interval: iv, Msg: fmt.Sprintf("most starts are %s apart, but %d of %d are off that grid (%s%s)",
			ShortDuration(iv), len(off), len(distinct), strings.Join(where, ", "), more)}
		for _, i := range off {
			e.Lines = append(e.Lines, lineOf(i))
		}
		return 0, nil, e
	}
	var warns []Warning
	for _, i := range off {
		warns = append(warns, Warning{Line: lineOf(i), Message: fmt.Sprintf("%s is off the %s grid of the other interval starts (a mistyped time?)",
			starts[i].Format(time.RFC3339), ShortDuration(iv))})
	}
	return iv, warns, nil
}

// CommonGap is the most common gap between consecutive distinct starts (in
// any order; the shorter on a tie), the spacing InferInterval starts from;
// ok is false for fewer than two distinct starts.
func CommonGap(starts []time.Time) (gap time.Duration, ok bool) {
	sorted := slices.Clone(starts)
	slices.SortFunc(sorted, func(a, b time.Time) int { return a.Compare(b) })
	var distinct []int
	for i, t := range sorted {
		if len(distinct) == 0 || !t.Equal(sorted[distinct[len(distinct)-1]]) {
			distinct = append(distinct, i)
		}
	}
	if len(distinct) < 2 {
		return 0, false
	}
	return commonGap(sorted, distinct), true
}

// commonGap is CommonGap of starts[distinct], distinct in time order.
func commonGap(starts []time.Time, distinct []int) time.Duration {
	gaps := map[time.Duration]int{}
	for k := 1; k < len(distinct); k++ {
		gaps[starts[distinct[k]].Sub(starts[distinct[k-1]])]++
	}
	iv, best := time.Duration(0), 0
	for d, n := range gaps {
		if n > best || (n == best && d < iv) {
			iv, best = d, n
		}
	}
	return iv
}

// IntervalError is ErrIntervalMixed with what was found: the most common
// gap, and the lines of the starts off its grid (0 for a start without a
// line), so a reader that needs every start on the grid can name them.
type IntervalError struct {
	Interval time.Duration
	Lines    []int
	Queue    string // set by InferCommonInterval
	Msg      string
}

func (e *IntervalError) Error() string {
	if e.Queue != "" {
		return fmt.Sprintf("queue %q: %v: %s", e.Queue, ErrIntervalMixed, e.Msg)
	}
	return ErrIntervalMixed.Error() + ": " + e.Msg
}

func (e *IntervalError) Unwrap() error { return ErrIntervalMixed }

// QueueStarts is one queue's interval starts, for InferCommonInterval.
type QueueStarts struct {
	Queue  string
	Starts []time.Time
	Lines  []int // file line of each start, or nil
}

// InferCommonInterval infers each queue's interval with InferInterval and
// returns the one they share; warnings name their queue. Queues with a
// single start are skipped. Two queues with different intervals (an
// hourly queue beside a half-hourly one) are ErrIntervalQueues naming
// both; no queue with two starts is ErrNoInterval.
func InferCommonInterval(queues []QueueStarts) (time.Duration, []Warning, error) {
	var iv time.Duration
	var ivQueue string
	var warns []Warning
	for _, q := range queues {
		d, ws, err := InferInterval(q.Starts, q.Lines)
		if errors.Is(err, ErrNoInterval) {
			continue
		}
		var ie *IntervalError
		if errors.As(err, &ie) {
			ie.Queue = q.Queue
		}
		if err != nil {
			if q.Queue != "" && ie == nil {
				return 0, warns, fmt.Errorf("queue %q: %w", q.Queue, err)
			}
			return 0, warns, err
		}
		for i := range ws {
			ws[i].Queue = q.Queue
		}
		warns = append(warns, ws...)
		if iv != 0 && d != iv {
			return 0, warns, fmt.Errorf("%w: queue %q has %s intervals but queue %q has %s; one interval length is required",
				ErrIntervalQueues, ivQueue, ShortDuration(iv), q.Queue, ShortDuration(d))
		}
		iv, ivQueue = d, q.Queue
	}
	if iv == 0 {
		return 0, warns, ErrNoInterval
	}
	return iv, warns, nil
}

// RecordsFit says why a queue's records of length record cannot be summed
// into intervals of length interval (nil when they can, or when record is
// unknown): the one wording of the CLI's and the API's check.
func RecordsFit(queue string, record, interval time.Duration) error {
	if record <= 0 || interval%record == 0 {
		return nil
	}
	return fmt.Errorf("queue %q has %s records, which do not sum into %s intervals (use a multiple of %s)",
		queue, ShortDuration(record), ShortDuration(interval), ShortDuration(record))
}

// ShortDuration prints 30m and 168h rather than 30m0s and 168h0m0s.
func ShortDuration(d time.Duration) string { return durfmt.Short(d) }

// wallClock is t's time of day in its own location.
func wallClock(t time.Time) time.Duration {
	h, m, s := t.Clock()
	return time.Duration(h)*time.Hour + time.Duration(m)*time.Minute + time.Duration(s)*time.Second + time.Duration(t.Nanosecond())
}

// GCD is the greatest common divisor of two durations; GCD(a, 0) = a.
// It is the one gcd of the codecs.
func GCD(a, b time.Duration) time.Duration {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}
