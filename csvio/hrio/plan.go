package hrio

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/staffcast/staffcast/csvio"
)

// MaxPlanCount bounds one plan.csv row's count.
const MaxPlanCount = 100_000

// ErrPlanCount is a plan.csv count that is not a whole number in
// [1, MaxPlanCount].
var ErrPlanCount = errors.New("hrio: count must be a whole number of shifts, at least 1")

// ReadPlanIn reads the plan.csv that "staffcast schedule" writes
// (date,weekday,start,end,length_minutes,paid_minutes,template,count,breaks,
// with wall-clock times in loc, nil: UTC) and returns count shifts for
// every row, in file order, with AgentID "plan-L-k" (line L, k-th of its
// count). Dates, times and breaks are read as ReadShiftsIn reads them;
// errors name the line and column of the plan file.
func ReadPlanIn(r io.Reader, loc *time.Location) ([]Shift, error) {
	rd, err := csvio.NewReader(r, "date", "start", "end", "count")
	if err != nil {
		return nil, err
	}
	var (
		buf    bytes.Buffer
		lines  []int // plan line of each rewritten row
		counts []int
	)
	cw := csvio.NewWriter(&buf)
	cols := []string{"date", "start", "end"}
	if rd.Has("breaks") {
		cols = append(cols, "breaks")
	}
	if err := cw.Record(append([]string{"agent_id"}, cols...)...); err != nil {
		return nil, err
	}
	for {
		err := rd.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		n, err := strconv.Atoi(rd.Get("count"))
		if err != nil || n < 1 || n > MaxPlanCount {
			return nil, rd.Errorf("count", fmt.Errorf("%w and at most %d, got %q", ErrPlanCount, MaxPlanCount, rd.Get("count")))
		}
		cw.Field(fmt.Sprintf("plan-%d", rd.Line()))
		for _, c := range cols {
			cw.Field(rd.Get(c))
		}
		if err := cw.EndRecord(); err != nil {
			return nil, err
		}
		lines = append(lines, rd.Line())
		counts = append(counts, n)
	}
	if err := cw.Flush(); err != nil {
		return nil, err
	}
	shifts, err := ReadShiftsIn(&buf, loc)
	if err != nil {
		var pe *csvio.ParseError
		if errors.As(err, &pe) && pe.Line >= 2 && pe.Line-2 < len(lines) {
			e := *pe
			e.Line = lines[pe.Line-2]
			if e.Field != "" {
				e.Column = rd.Column(e.Field)
			}
			return nil, &e
		}
		return nil, err
	}
	var out []Shift
	for _, s := range shifts {
		i := s.Line - 2
		s.Line = lines[i]
		for k := range counts[i] {
			c := s
			c.AgentID = fmt.Sprintf("plan-%d-%d", s.Line, k+1)
			out = append(out, c)
		}
	}
	return out, nil
}
