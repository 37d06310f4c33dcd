package api

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/staffcast/staffcast/app"
	"github.com/staffcast/staffcast/csvio"
	"github.com/staffcast/staffcast/csvio/historycsv"
	"github.com/staffcast/staffcast/forecast"
	"github.com/staffcast/staffcast/internal/queuename"
)

// rawRow is one data row of a CSV as text, with its line.
type rawRow struct {
	line int
	get  map[string]string
}

// rawRows reads the named columns (absent ones read "") of every row of a
// CSV that a csvio reader has already accepted, for the values a typed
// reader does not return (line numbers, free text).
func rawRows(data []byte, cols ...string) ([]rawRow, error) {
	rd, err := csvio.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	var out []rawRow
	for {
		if err := rd.Next(); err == io.EOF {
			return out, nil
		} else if err != nil {
			return nil, err
		}
		r := rawRow{line: rd.Line(), get: make(map[string]string, len(cols))}
		for _, c := range cols {
			r.get[c] = rd.Get(c)
		}
		out = append(out, r)
	}
}

// importCalendar (POST) merges a special-days CSV
// (date,kind[,queue,factor,name]; historycsv.ReadCalendar checks it) into
// the calendar in one transaction: one bad row imports nothing (422 naming
// the line and column of every bad row, the first MaxProblemErrors). A day
// that exists for the same date and queue is replaced (the store's upsert
// policy); other stored days stay.
func (s *Server) importCalendar(c echo.Context) error { return s.uploadCalendar(c, false) }

// replaceCalendar (PUT) makes the CSV the whole calendar: as POST, and
// the stored days the file does not list, of every queue and of all
// queues, are deleted (counted in deleted). What GET /calendars gives as
// CSV, edited and sent back, is the new calendar.
func (s *Server) replaceCalendar(c echo.Context) error { return s.uploadCalendar(c, true) }

func (s *Server) uploadCalendar(c echo.Context, replace bool) error {
	data, err := csvUpload(c)
	if err != nil {
		return err
	}
	op := "import calendar"
	if replace {
		op = "replace calendar"
	}
	cal, err := historycsv.ReadCalendar(bytes.NewReader(data))
	if err != nil {
		return importErrorOp(op, err)
	}
	if len(cal) == 0 {
		return importErrorOp(op, &csvio.ParseError{Line: 2, Err: fmt.Errorf("calendar file has no rows")})
	}
	raw, err := rawRows(data, historycsv.ColQueue)
	if err != nil || len(raw) != len(cal) {
		return app.Errorf(app.Internal, "calendar: %d rows read twice as %d (%v)", len(cal), len(raw), err)
	}
	days := make([]app.CalendarDay, len(cal))
	var bad badRows
	for i, d := range cal {
		days[i] = app.CalendarDay{Date: d.Date.Format("2006-01-02"), Queue: d.Queue, Kind: dayKind(d.Kind), Name: d.Name, Line: raw[i].line}
		if d.Factor != 0 {
			f := d.Factor
			days[i].Factor = &f
		}
	}
	if bad.n > 0 {
		return bad.errorOp(op)
	}
	store := s.deps.Store.ImportCalendar
	if replace {
		store = s.deps.Store.ReplaceCalendar
	}
	res, err := store(c.Request().Context(), actor(c), days)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, struct {
		app.ImportResult
		Rows int `json:"rows"`
	}{res, len(days)})
}

func dayKind(k forecast.DayKind) string {
	switch k {
	case forecast.Closed:
		return "closed"
	case forecast.Holiday:
		return "holiday"
	}
	return "event"
}

// getCalendar lists the special days (?queue= those of one queue and of
// every queue) as JSON, or with Accept: text/csv in the import format.
func (s *Server) getCalendar(c echo.Context) error {
	queue := c.QueryParam("queue")
	if queue != "" {
		if err := queuename.Check(queue); err != nil {
			return invalidf("query parameter queue: %v", err)
		}
	}
	days, err := s.deps.Store.Calendar(c.Request().Context(), queue)
	if err != nil {
		return err
	}
	typ, err := accepted(c, "application/json", "text/csv")
	if err != nil {
		return err
	}
	switch typ {
	case "text/csv":
		file := "calendar.csv"
		if queue != "" {
			file = "calendar-" + queue + ".csv"
		}
		return writeCSV(c, file, func(cw *csvio.Writer) error {
			if err := cw.Record(historycsv.ColDate, historycsv.ColQueue, historycsv.ColKind, historycsv.ColFactor, historycsv.ColName); err != nil {
				return err
			}
			for _, d := range days {
				f := ""
				if d.Factor != nil {
					f = strconv.FormatFloat(*d.Factor, 'f', -1, 64)
				}
				if err := cw.Record(d.Date, d.Queue, d.Kind, f, d.Name); err != nil {
					return err
				}
			}
			return nil
		})
	default: // application/json
		if days == nil {
			days = []app.CalendarDay{}
		}
		return c.JSON(http.StatusOK, listOf(days, ""))
	}
}

// writeCSV answers 200 text/csv with what fill writes, as an attachment
// named file.
func writeCSV(c echo.Context, file string, fill func(*csvio.Writer) error) error {
	var b bytes.Buffer
	cw := csvio.NewWriter(&b)
	if err := fill(cw); err != nil {
		return err
	}
	if err := cw.Flush(); err != nil {
		return err
	}
	attachment(c, file)
	return c.Blob(http.StatusOK, "text/csv; charset=utf-8", b.Bytes())
}
