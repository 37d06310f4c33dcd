package hrio

import (
	"encoding/csv"
	"io"
	"time"

	"github.com/staffcast/staffcast/scheduler/roster"
	"github.com/staffcast/staffcast/csvio/schedio"
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
	cw := csv.NewWriter(w)
	cw.Write([]string{"agent_id", "date", "start", "end", "breaks"})
	for _, a := range as {
		s := a.Shift
		cw.Write([]string{a.Agent, start.AddDate(0, 0, s.Day).Format(time.DateOnly), FormatClock(s.Start), FormatClock(s.End()), schedio.FormatBreaks(s.Breaks)})
	}
	cw.Flush()
	return cw.Error()
}
