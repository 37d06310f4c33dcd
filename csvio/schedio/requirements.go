package schedio

import (
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/staffcast/staffcast/csvio"
	"github.com/staffcast/staffcast/scheduler"
)

// DefaultColumn is the requirements column read when none is named.
const DefaultColumn = "required"

// Errors about a requirements file as a whole.
var (
	ErrNoRows      = errors.New("schedio: requirements file has no rows")
	ErrGrid        = errors.New("schedio: interval_start is off the interval grid")
	ErrBadInterval = errors.New("schedio: cannot infer an interval that divides 24h from the timestamps")
)

// ReadRequirements reads interval requirements from CSV with the columns
// interval_start (RFC 3339; without an offset it is UTC wall-clock time),
// an optional queue, and the head-count column named by column ("required"
// when empty; "scheduled_agents" reads "staffcast staff" output directly).
// Extra columns are ignored.
//
// The interval is inferred as the smallest step between distinct
// timestamps and must divide 24h. The horizon runs from midnight of the
// first day to midnight after the last; intervals absent from the file
// (closed hours, which "staffcast staff" does not emit) need 0 agents.
// Rows of several queues for one interval are summed: the plan covers them
// with one pool of agents. The same (interval, queue) twice is an error.
// The result is never cyclic; a caller that plans a repeating week sets
// Cyclic itself.
func ReadRequirements(r io.Reader, column string) (scheduler.Requirements, error) {
	column = strings.ToLower(strings.TrimSpace(column))
	if column == "" {
		column = DefaultColumn
	}
	rd, err := csvio.NewReader(r, "interval_start", column)
	if err != nil {
		return scheduler.Requirements{}, err
	}
	type row struct {
		at   time.Time
		need float64
		line int
	}
	var rows []row
	seen := map[string]int{} // (unix, queue) -> line
	for {
		if err := rd.Next(); err == io.EOF {
			break
		} else if err != nil {
			return scheduler.Requirements{}, err
		}
		at, err := rd.Time("interval_start", time.UTC)
		if err != nil {
			return scheduler.Requirements{}, err
		}
		need, err := rd.NonNegative(column)
		if err != nil {
			return scheduler.Requirements{}, err
		}
		key := fmt.Sprintf("%d|%s", at.Unix(), rd.Get("queue"))
		if prev, dup := seen[key]; dup {
			return scheduler.Requirements{}, rd.Errorf("interval_start", fmt.Errorf("%w interval %s (queue %q) also on line %d", csvio.ErrDuplicate, at.Format(time.RFC3339), rd.Get("queue"), prev))
		}
		seen[key] = rd.Line()
		rows = append(rows, row{at, need, rd.Line()})
	}
	if len(rows) == 0 {
		return scheduler.Requirements{}, &csvio.ParseError{Line: 1, Err: ErrNoRows}
	}
	// All times in the zone of the first row, so days are its calendar days.
	loc := rows[0].at.Location()
	sort.SliceStable(rows, func(i, j int) bool { return rows[i].at.Before(rows[j].at) })
	y, m, d := rows[0].at.In(loc).Date()
	start := time.Date(y, m, d, 0, 0, 0, 0, loc)
	// The grid is the greatest common divisor of every offset from the
	// first midnight and of 24h, capped at one hour: sparse files still land
	// on the grid they were written on.
	step := 24 * time.Hour
	for _, rw := range rows {
		step = gcd(step, rw.at.Sub(start))
	}
	if step > time.Hour && step%time.Hour == 0 {
		step = time.Hour
	}
	if step < 5*time.Minute {
		// Name the first row off the 5-minute grid: that is usually the typo.
		for _, rw := range rows {
			if rw.at.Sub(start)%(5*time.Minute) != 0 {
				return scheduler.Requirements{}, &csvio.ParseError{Line: rw.line, Column: colIndex(rd, "interval_start"), Field: "interval_start",
					Err: fmt.Errorf("%w: %s is not on a 5-minute grid from midnight", ErrGrid, rw.at.Format(time.RFC3339))}
			}
		}
		return scheduler.Requirements{}, &csvio.ParseError{Line: 1, Err: fmt.Errorf("%w (grid %v)", ErrBadInterval, step)}
	}
	perDay := int(24 * time.Hour / step)
	last := rows[len(rows)-1].at.Sub(start)
	days := int(last/(24*time.Hour)) + 1
	req := scheduler.Requirements{Start: start, Interval: step, Required: make([]float64, days*perDay)}
	for _, rw := range rows {
		req.Required[int(rw.at.Sub(start)/step)] += rw.need
	}
	if err := req.Validate(); err != nil {
		return scheduler.Requirements{}, &csvio.ParseError{Line: 1, Err: err}
	}
	return req, nil
}

func colIndex(rd *csvio.Reader, name string) int {
	for i, h := range rd.Header() {
		if h == name {
			return i + 1
		}
	}
	return 0
}

func gcd(a, b time.Duration) time.Duration {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}
