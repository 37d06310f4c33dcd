package hrio

import (
	"io"
	"time"

	"github.com/staffcast/staffcast/csvio"
	"github.com/staffcast/staffcast/csvio/schedio"
	"github.com/staffcast/staffcast/scheduler/roster"
)

// WriteRoster writes assignments as roster.csv:
//
//	agent_id,date,start,end,breaks
//
// date is day 0's date start plus the shift's day; start and end are
// HH:MM wall clock, an end not after the start being on the next day;
// breaks are "HH:MM-HH:MM" separated by ";", a paid one suffixed " paid"
// (schedio.FormatBreaks, as in plan.csv). ReadShifts reads it back.
func WriteRoster(w io.Writer, start time.Time, as []roster.Assignment) error {
	cw := csvio.NewWriter(w)
	if err := cw.Record("agent_id", "date", "start", "end", "breaks"); err != nil {
		return err
	}
	for _, a := range as {
		s := a.Shift
		if err := cw.Record(a.Agent, start.AddDate(0, 0, s.Day).Format(time.DateOnly), FormatClock(s.Start), FormatClock(s.End()), schedio.FormatBreaks(s.Breaks)); err != nil {
			return err
		}
	}
	return cw.Flush()
}
