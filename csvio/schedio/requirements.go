package schedio

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/staffcast/staffcast/csvio"
	"github.com/staffcast/staffcast/internal/wallclock"
	"github.com/staffcast/staffcast/scheduler"
)

// DefaultColumn is the requirements column read when none is named.
const DefaultColumn = "required"

// Limits of a requirements file.
const (
	// MaxRequired bounds one row's head-count: a hundred thousand agents in
	// one interval is a units mistake, and the solver's work grows with it.
	MaxRequired = 1e5
	// MaxDays bounds the horizon, from the first row's local date to the
	// last's: a stray row a decade away must not make a decade of slots.
	MaxDays = 366
)

// Errors about a requirements file as a whole.
var (
	ErrNoRows      = errors.New("schedio: requirements file has no rows")
	ErrGrid        = errors.New("schedio: interval_start is off the interval grid")
	ErrBadInterval = errors.New("schedio: cannot infer an interval that divides 24h from the timestamps")
	ErrSpan        = errors.New("schedio: requirements span too many days")
	ErrNoSuchTime  = errors.New("schedio: local time does not exist")
)

// ReadRequirements is ReadRequirementsIn with the zone of the first row
// (its UTC offset as a fixed zone; UTC for a row without offset): right
// for files in UTC or one fixed offset, wrong across a clock change, where
// ReadRequirementsIn with the queue's location must be used.
func ReadRequirements(r io.Reader, column string) (scheduler.Requirements, error) {
	req, _, err := readRequirements(r, column, nil)
	return req, err
}

// ReadRequirementsIn reads interval requirements from CSV with the columns
// interval_start (RFC 3339), an optional queue, and the head-count column
// named by column ("required" when empty; "scheduled_agents" reads
// "staffcast staff" output directly). Extra columns are ignored. loc is the
// queue's time zone (nil: as ReadRequirements).
//
// The result is a wall-clock grid in loc, as scheduler.Requirements
// wants: Start is local midnight of the first row's local date, and slot
// i is day i/SlotsPerDay at wall-clock time (i%SlotsPerDay)*Interval
// (SlotTime gives its instant). A timestamp without offset is a wall-clock
// time in loc; one with an offset is converted to loc. Each row lands in
// its local wall-clock slot, so 09:00-17:00 local is slots 09:00-17:00 on
// every day, before and after a clock change. On the day clocks go forward
// the skipped wall-clock hour has no rows and needs 0 agents (a row
// without offset written in it is ErrNoSuchTime, unless it needs 0). On
// the day clocks go back, the repeated hour's two occurrences fall in the
// same wall-clock slots, and each slot needs the MAX of the two: the plan
// staffs the busier occurrence. A time without offset written twice in the
// repeated hour (same queue) is its first, then its second occurrence.
//
// The interval is inferred per queue with csvio.InferInterval (the most
// common gap between starts, in loc), must be the same for every queue,
// is capped at 1h when it is a multiple of an hour (a sparse file of whole
// hours is planned hourly), and must be at least 5 minutes and divide 24h.
// Every row must lie on that grid from local midnight (ErrGrid, naming the
// line). The horizon runs from the first row's local midnight to midnight
// after the last, at most MaxDays; intervals absent from the file (closed
// hours, which "staffcast staff" does not emit) need 0 agents. Rows of
// several queues for one interval are summed: the plan covers them with
// one pool of agents. The same (interval, queue) twice is an error, and so
// is a head-count above MaxRequired. The result is never cyclic; a caller
// that plans a repeating week sets Cyclic itself.
func ReadRequirementsIn(r io.Reader, column string, loc *time.Location) (scheduler.Requirements, error) {
	req, _, err := readRequirements(r, column, loc)
	return req, err
}

// ReadRequirementsChecked is ReadRequirementsIn that also follows, when
// loc is nil, the rows' UTC offsets, in the file and in each queue's rows
// (the zero csvio.Offsets when loc is given). Every row is planned at the
// first row's offset, so where the offsets change (Offsets.Change: a clock
// change in a file written in local time with offsets, or queues written
// at different offsets) the plan's wall-clock times from that row on are
// off the local clock.
func ReadRequirementsChecked(r io.Reader, column string, loc *time.Location) (scheduler.Requirements, csvio.Offsets, error) {
	return readRequirements(r, column, loc)
}

type reqRow struct {
	at    time.Time
	need  float64
	line  int
	queue string
	local bool // written without an offset
}

func readRequirements(r io.Reader, column string, loc *time.Location) (_ scheduler.Requirements, offs csvio.Offsets, _ error) {
	column = strings.ToLower(strings.TrimSpace(column))
	if column == "" {
		column = DefaultColumn
	}
	rd, err := csvio.NewReader(r, colStart, column)
	if err != nil {
		return scheduler.Requirements{}, offs, err
	}
	parseLoc := loc
	if parseLoc == nil {
		parseLoc = time.UTC
	}
	var rows []reqRow
	seen := map[string]int{} // (instant, queue) -> index in rows
	for {
		if err := rd.Next(); err == io.EOF {
			break
		} else if err != nil {
			return scheduler.Requirements{}, offs, err
		}
		at, err := rd.Time(colStart, parseLoc)
		if err != nil {
			return scheduler.Requirements{}, offs, err
		}
		need, err := rd.Bounded(column, MaxRequired)
		if err != nil {
			return scheduler.Requirements{}, offs, err
		}
		raw := rd.Get(colStart)
		rw := reqRow{at: at, need: need, line: rd.Line(), queue: rd.Get("queue"), local: !csvio.HasOffset(raw)}
		if rw.local && loc != nil && csvio.CheckLocalTime(raw, at, loc) != nil {
			if need == 0 {
				continue // nothing needed at a time that does not exist
			}
			return scheduler.Requirements{}, offs, rd.Errorf(colStart, fmt.Errorf("%w: %s does not exist in %s (the hour skipped when clocks go forward)", ErrNoSuchTime, raw, loc))
		}
		key := fmt.Sprintf("%d|%s", rw.at.UnixNano(), rw.queue)
		if prev, dup := seen[key]; dup {
			p := rows[prev]
			later := rw.at.Add(time.Hour)
			if !(rw.local && p.local && loc != nil && wallclock.Same(later.In(loc), rw.at.In(loc))) {
				return scheduler.Requirements{}, offs, rd.Errorf(colStart, fmt.Errorf("%w interval %s (queue %q) also on line %d", csvio.ErrDuplicate, at.Format(time.RFC3339), rw.queue, p.line))
			}
			rw.at = later // the second occurrence of the repeated hour
			key = fmt.Sprintf("%d|%s", rw.at.UnixNano(), rw.queue)
			if prev, dup := seen[key]; dup {
				return scheduler.Requirements{}, offs, rd.Errorf(colStart, fmt.Errorf("%w interval %s (queue %q) also on lines %d and %d", csvio.ErrDuplicate, raw, rw.queue, p.line, rows[prev].line))
			}
		}
		seen[key] = len(rows)
		rows = append(rows, rw)
	}
	if len(rows) == 0 {
		return scheduler.Requirements{}, offs, &csvio.ParseError{Line: 1, Err: ErrNoRows}
	}
	if loc == nil {
		for _, rw := range rows {
			offs.AddQueue(rw.queue, rw.at, rw.line)
		}
	}
	loc = csvio.ZoneOr(loc, rows[0].at) // the first row's zone, as this reader always did
	for i := range rows {
		rows[i].at = rows[i].at.In(loc)
	}
	iv, err := inferGrid(rows)
	if err != nil {
		return scheduler.Requirements{}, offs, err
	}
	if iv < 5*time.Minute {
		// Name the first row off the 5-minute grid: that is usually the typo.
		for _, rw := range rows {
			if wallClock(rw.at)%(5*time.Minute) != 0 {
				return scheduler.Requirements{}, offs, rd.At(rw.line, colStart, fmt.Errorf("%w: %s is not on a 5-minute grid from midnight", ErrGrid, rw.at.Format(time.RFC3339)))
			}
		}
		return scheduler.Requirements{}, offs, fmt.Errorf("%w (grid %v)", ErrBadInterval, iv)
	}
	first, last := rows[0], rows[0]
	for _, rw := range rows {
		if wallClock(rw.at)%iv != 0 {
			return scheduler.Requirements{}, offs, rd.At(rw.line, colStart, fmt.Errorf("%w: %s is not on the %s grid from local midnight of the other rows", ErrGrid, rw.at.Format(time.RFC3339), csvio.ShortDuration(iv)))
		}
		if rw.at.Before(first.at) {
			first = rw
		}
		if rw.at.After(last.at) {
			last = rw
		}
	}
	days := civilDay(last.at) - civilDay(first.at) + 1
	if days > MaxDays {
		return scheduler.Requirements{}, offs, rd.At(last.line, colStart, fmt.Errorf("%w: %s (line %d) to %s is %d days, above the limit of %d",
			ErrSpan, first.at.Format(time.DateOnly), first.line, last.at.Format(time.DateOnly), days, MaxDays))
	}
	y, m, d := first.at.Date()
	start := time.Date(y, m, d, 0, 0, 0, 0, loc)
	perDay := int(24 * time.Hour / iv)
	req := scheduler.Requirements{Start: start, Interval: iv, Required: make([]float64, days*perDay)}
	// Sum the queues at each instant, then take the max of the instants
	// sharing a wall-clock slot (the repeated hour of a fall-back day).
	atInstant := map[int64]float64{}
	slotOf := map[int64]int{}
	for _, rw := range rows {
		k := rw.at.UnixNano()
		atInstant[k] += rw.need
		slotOf[k] = (civilDay(rw.at)-civilDay(first.at))*perDay + int(wallClock(rw.at)/iv)
	}
	for k, need := range atInstant {
		i := slotOf[k]
		req.Required[i] = max(req.Required[i], need)
	}
	if err := req.Validate(); err != nil {
		return scheduler.Requirements{}, offs, &csvio.ParseError{Line: 1, Err: err}
	}
	return req, offs, nil
}

const colStart = "interval_start"

// inferGrid infers the interval of the rows' queues (csvio.InferCommonInterval
// on local instants), capped at 1h when a multiple of it.
func inferGrid(rows []reqRow) (time.Duration, error) {
	var qs []csvio.QueueStarts
	index := map[string]int{}
	for _, rw := range rows {
		qi, ok := index[rw.queue]
		if !ok {
			qi = len(qs)
			index[rw.queue] = qi
			qs = append(qs, csvio.QueueStarts{Queue: rw.queue})
		}
		qs[qi].Starts = append(qs[qi].Starts, rw.at)
		qs[qi].Lines = append(qs[qi].Lines, rw.line)
	}
	iv, _, err := csvio.InferCommonInterval(qs)
	if errors.Is(err, csvio.ErrNoInterval) {
		// One interval per queue: the coarsest usual grid the starts lie on.
		for _, c := range []time.Duration{time.Hour, 30 * time.Minute, 15 * time.Minute, 10 * time.Minute, 5 * time.Minute} {
			on := true
			for _, rw := range rows {
				on = on && wallClock(rw.at)%c == 0
			}
			if on {
				return c, nil
			}
		}
		return 0, fmt.Errorf("%w: %v", ErrBadInterval, err)
	}
	var ie *csvio.IntervalError
	if errors.As(err, &ie) {
		iv, err = ie.Interval, nil // the rows off its grid are named by the caller
	}
	if err != nil {
		return 0, fmt.Errorf("%w: %s: %w", ErrBadInterval, colStart, err)
	}
	if iv > time.Hour && iv%time.Hour == 0 {
		iv = time.Hour
	}
	return iv, nil
}

// SlotTime is the instant slot i of req starts: day i/SlotsPerDay at
// wall-clock time (i%SlotsPerDay)*Interval in req.Start's location. ok is
// false for a wall-clock slot that does not exist (the hour skipped when
// clocks go forward; t is then read at the offset before the change, so
// 02:30 on a spring-forward night is 03:30 of the new offset). In the
// repeated hour of a fall-back day the slot is its first occurrence.
func SlotTime(req scheduler.Requirements, i int) (t time.Time, ok bool) {
	spd := req.SlotsPerDay()
	return WallTime(req, i/spd, time.Duration(i%spd)*req.Interval)
}

// WallTime is the instant of wall-clock offset off (which may pass 24h)
// from local midnight of horizon day d, in req.Start's location; ok is
// false when that wall-clock time does not exist (skipped by a clock
// change). The ends of a shift are WallTime(req, s.Day, s.Start) and
// WallTime(req, s.Day, s.End()), so a 22:00-06:00 shift lasts 9 real
// hours across the night clocks go back.
//
// A time the clock skips is read at the offset in force before the change
// (02:00 on a New York spring-forward night is 07:00 UTC, when the clock
// reads 03:00), the instant the roster's rules and coverage use, so a shift
// from 02:00 starts when the clock shows 03:00 rather than an hour before
// anyone is needed (package wallclock; Go's time.Date leaves the choice unspecified), and
// a time the clock shows twice is its first occurrence.
func WallTime(req scheduler.Requirements, d int, off time.Duration) (t time.Time, ok bool) {
	return WallInstant(req.Start, d, off)
}

// WallInstant is WallTime for horizon day 0 at start's date and location.
func WallInstant(start time.Time, d int, off time.Duration) (t time.Time, ok bool) {
	y, m, dd := start.Date()
	naive := time.Date(y, m, dd+d, 0, 0, 0, 0, time.UTC).Add(off)
	t = wallclock.Instant(naive, start.Location()).In(start.Location())
	return t, wallclock.Same(t, naive)
}

func wallClock(t time.Time) time.Duration {
	h, m, s := t.Clock()
	return time.Duration(h)*time.Hour + time.Duration(m)*time.Minute + time.Duration(s)*time.Second + time.Duration(t.Nanosecond())
}

func civilDay(t time.Time) int {
	y, m, d := t.Date()
	return int(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}
