package historycsv

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/staffcast/staffcast/csvio"
	"github.com/staffcast/staffcast/forecast"
)

// Errors of the calendar reader, wrapped in *csvio.ParseError.
var (
	ErrBadDate = errors.New("historycsv: not a date (want YYYY-MM-DD)")
	ErrBadKind = errors.New("historycsv: unknown kind (want closed, holiday or event)")
)

// Calendar column names.
const (
	ColDate   = "date"
	ColKind   = "kind"
	ColFactor = "factor"
)

// ReadCalendar reads a special-days file: date (YYYY-MM-DD), queue (empty
// or absent = every queue), kind (closed, holiday, event) and optional
// factor (>= 0, scales the forecast). The same date and queue twice is an
// error.
func ReadCalendar(r io.Reader) (forecast.Calendar, error) {
	rd, err := csvio.NewReader(r, ColDate, ColKind)
	if err != nil {
		return nil, err
	}
	var cal forecast.Calendar
	seen := map[string]int{}
	for {
		if err := rd.Next(); err == io.EOF {
			break
		} else if err != nil {
			return nil, err
		}
		ds := rd.Get(ColDate)
		if ds == "" {
			return nil, rd.Errorf(ColDate, csvio.ErrEmpty)
		}
		date, err := time.Parse("2006-01-02", ds)
		if err != nil {
			return nil, rd.Errorf(ColDate, fmt.Errorf("%w: %q", ErrBadDate, ds))
		}
		var kind forecast.DayKind
		switch k := strings.ToLower(rd.Get(ColKind)); k {
		case "closed":
			kind = forecast.Closed
		case "holiday":
			kind = forecast.Holiday
		case "event":
			kind = forecast.Event
		default:
			return nil, rd.Errorf(ColKind, fmt.Errorf("%w: %q", ErrBadKind, k))
		}
		f, _, err := rd.OptionalNonNegative(ColFactor)
		if err != nil {
			return nil, err
		}
		q := rd.Get(ColQueue)
		key := ds + "\x00" + q
		if line, dup := seen[key]; dup {
			return nil, rd.Errorf(ColDate, fmt.Errorf("%w day %s for queue %q (first on line %d)", csvio.ErrDuplicate, ds, q, line))
		}
		seen[key] = rd.Line()
		cal = append(cal, forecast.SpecialDay{Date: date, Queue: q, Kind: kind, Factor: f})
	}
	return cal, nil
}
