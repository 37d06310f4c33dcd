package schedio

import (
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/staffcast/staffcast/csvio"
	"github.com/staffcast/staffcast/scheduler"
)

// PlanOptions tune WritePlanWith.
type PlanOptions struct {
	// Instants adds the columns start_at and end_at: the shift's start and
	// end as RFC 3339 instants with their UTC offset in req's location
	// (WallTime), so a shift crossing a clock change says how long it
	// really is.
	Instants bool
}

// WritePlan writes shifts as CSV, one row per (day, start, length, breaks):
//
//	date,weekday,start,end,length_minutes,paid_minutes,template,count,breaks
//
// date is the shift's start day (YYYY-MM-DD in req's zone), start and end
// are "HH:MM" local wall-clock times (end may be on the next day), and
// breaks lists "HH:MM-HH:MM" spans separated by ";", a paid one suffixed
// " paid". length_minutes and paid_minutes are the planned wall-clock
// lengths.
func WritePlan(w io.Writer, req scheduler.Requirements, shifts []scheduler.PlannedShift) error {
	return WritePlanWith(w, req, shifts, PlanOptions{})
}

// WritePlanWith is WritePlan with options.
func WritePlanWith(w io.Writer, req scheduler.Requirements, shifts []scheduler.PlannedShift, opt PlanOptions) error {
	cw := csvio.NewWriter(w)
	head := []string{"date", "weekday", "start", "end", "length_minutes", "paid_minutes", "template", "count", "breaks"}
	if opt.Instants {
		head = append(head, "start_at", "end_at")
	}
	if err := cw.Record(head...); err != nil {
		return err
	}
	for _, ps := range shifts {
		day := ShiftDate(req, ps.Day)
		cw.Field(day.Format(time.DateOnly))
		cw.Field(WeekdayName(day.Weekday()))
		cw.Field(FormatClock(ps.Start))
		cw.Field(FormatClock(ps.End() % (24 * time.Hour)))
		cw.Int(int64(ps.Length.Minutes()))
		cw.Int(int64(ps.PaidTime().Minutes()))
		cw.Field(ps.Template)
		cw.Int(int64(ps.Count))
		cw.Field(FormatBreaks(ps.Breaks))
		if opt.Instants {
			from, _ := WallTime(req, ps.Day, ps.Start)
			to, _ := WallTime(req, ps.Day, ps.End())
			cw.Time(from, time.RFC3339)
			cw.Time(to, time.RFC3339)
		}
		if err := cw.EndRecord(); err != nil {
			return err
		}
	}
	return cw.Flush()
}

// ShiftDate is the local date of day d of req's horizon, as midnight UTC
// of that date: the date and weekday plan.csv gives a shift of day d.
func ShiftDate(req scheduler.Requirements, d int) time.Time {
	y, m, dd := req.Start.Date()
	return time.Date(y, m, dd+d, 0, 0, 0, 0, time.UTC)
}

// FormatBreaks writes breaks as "12:00-12:30;15:00-15:15 paid".
func FormatBreaks(bs []scheduler.Break) string {
	parts := make([]string, len(bs))
	for i, b := range bs {
		parts[i] = FormatClock(b.Start%(24*time.Hour)) + "-" + FormatClock((b.Start+b.Length)%(24*time.Hour))
		if b.Paid {
			parts[i] += " paid"
		}
	}
	return strings.Join(parts, ";")
}

// WriteCoverage writes the coverage of a plan per interval:
//
//	interval_start,required,scheduled,difference
//
// interval_start is the slot's instant (SlotTime) in RFC 3339 with the UTC
// offset in force then, so the offset changes across a clock change. A
// wall-clock slot that does not exist (the hour skipped when clocks go
// forward) has no row; a slot of the repeated hour when clocks go back has
// one row, at its first occurrence. scheduled counts people at work net of
// breaks (fractional where a shift or break covers part of an interval)
// and difference = scheduled - required.
func WriteCoverage(w io.Writer, req scheduler.Requirements, cov scheduler.Coverage) error {
	cw := csvio.NewWriter(w)
	if err := cw.Record("interval_start", "required", "scheduled", "difference"); err != nil {
		return err
	}
	for i, need := range req.Required {
		at, ok := SlotTime(req, i)
		if !ok {
			continue
		}
		s := round6(cov.Scheduled[i])
		cw.Time(at, time.RFC3339)
		cw.Float(need, 'f', -1)
		cw.Float(s, 'f', -1)
		cw.Float(round6(s-need), 'f', -1)
		if err := cw.EndRecord(); err != nil {
			return err
		}
	}
	return cw.Flush()
}

// round6 hides float noise (0.30000000000000004) in files people read.
func round6(v float64) float64 {
	r, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'f', 6, 64), 64)
	return r
}
