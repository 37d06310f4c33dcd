package schedio

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/staffcast/staffcast/scheduler"
)

// WritePlan writes shifts as CSV, one row per (day, start, length, breaks):
//
//	date,weekday,start,end,length_minutes,paid_minutes,template,count,breaks
//
// date is the shift's start day (YYYY-MM-DD in req's zone), start and end
// are "HH:MM" (end may be on the next day), and breaks lists
// "HH:MM-HH:MM" spans separated by ";", a paid one suffixed " paid".
func WritePlan(w io.Writer, req scheduler.Requirements, shifts []scheduler.PlannedShift) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"date", "weekday", "start", "end", "length_minutes", "paid_minutes", "template", "count", "breaks"})
	for _, ps := range shifts {
		day := req.Start.AddDate(0, 0, ps.Day)
		cw.Write([]string{
			day.Format("2006-01-02"), WeekdayName(day.Weekday()),
			FormatClock(ps.Start), FormatClock(ps.End() % (24 * time.Hour)),
			strconv.Itoa(int(ps.Length.Minutes())), strconv.Itoa(int(ps.PaidTime().Minutes())),
			ps.Template, strconv.Itoa(ps.Count), FormatBreaks(ps.Breaks),
		})
	}
	cw.Flush()
	return cw.Error()
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
// scheduled counts people at work net of breaks (fractional where a shift or
// break covers part of an interval) and difference = scheduled - required.
func WriteCoverage(w io.Writer, req scheduler.Requirements, cov scheduler.Coverage) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"interval_start", "required", "scheduled", "difference"})
	f := func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
	for i, need := range req.Required {
		at := req.Start.Add(time.Duration(i) * req.Interval)
		s := round6(cov.Scheduled[i])
		cw.Write([]string{at.Format(time.RFC3339), f(need), f(s), f(round6(s - need))})
	}
	cw.Flush()
	return cw.Error()
}

// round6 hides float noise (0.30000000000000004) in files people read.
func round6(v float64) float64 {
	r, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'f', 6, 64), 64)
	return r
}
