package historycsv

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/staffcast/staffcast/csvio"
	"github.com/staffcast/staffcast/forecast"
	"github.com/staffcast/staffcast/internal/queuename"
)

// Errors of the calendar reader, wrapped in *csvio.ParseError.
var (
	ErrBadDate = errors.New("historycsv: not a date (want YYYY-MM-DD)")
	ErrBadKind = errors.New("historycsv: unknown kind (want closed, holiday or event)")
	ErrFactor  = errors.New("historycsv: bad factor")
	ErrName    = errors.New("historycsv: name too long")
)

// MaxFactor bounds a special day's factor: a day a hundred times busier
// than usual is a typo (a percentage?) rather than a forecast.
const MaxFactor = 100

// Calendar column names.
const (
	ColDate   = "date"
	ColKind   = "kind"
	ColFactor = "factor"
	ColName   = "name"
)

// MaxNameBytes bounds a special day's name.
const MaxNameBytes = 200

// ReadCalendar reads a special-days file: date (YYYY-MM-DD, years
// csvio.MinYear to MaxYear), queue (empty or absent = every queue;
// otherwise a name queuename.Check accepts, the API's rule), kind
// (closed, holiday, event) and optional factor, which scales a holiday's
// or event's forecast: empty means not given (the day's own history
// decides), otherwise it must be finite, above 0 and at most MaxFactor. A
// factor of 0 is an error that says to use kind closed (it used to be
// read as not given, i.e. 1); a closed day takes no factor but 0. The
// optional name (at most MaxNameBytes, like yom_kippur or christmas) says
// which past days a day without a factor learns its effect from. The same
// date and queue twice is an error. A bad file is an error naming every
// bad row (a *csvio.RowErrors).
func ReadCalendar(r io.Reader) (forecast.Calendar, error) {
	cal, _, err := ReadCalendarLines(r)
	return cal, err
}

// ReadCalendarLines is ReadCalendar that also returns each day's file
// line, so a caller can name the rows it warns about.
func ReadCalendarLines(r io.Reader) (forecast.Calendar, []int, error) {
	rd, err := csvio.NewReader(r, ColDate, ColKind)
	if err != nil {
		return nil, nil, separatorHint(err)
	}
	var lines []int
	var cal forecast.Calendar
	var bad csvio.RowErrors
	seen := map[string]int{}
	for {
		if err := rd.Next(); err == io.EOF {
			break
		} else if err != nil {
			bad.Add(rd.Line(), err)
			if csvio.RecordRead(err) {
				continue
			}
			break // a malformed record: the reader cannot be trusted past it
		}
		day, err := readDay(rd)
		if err != nil {
			bad.Add(rd.Line(), err)
			continue
		}
		ds, q := rd.Get(ColDate), day.Queue
		key := ds + "\x00" + q
		if line, dup := seen[key]; dup {
			bad.Add(rd.Line(), rd.Errorf(ColDate, fmt.Errorf("%w day %s for queue %q (first on line %d)", csvio.ErrDuplicate, ds, q, line)))
			continue
		}
		seen[key] = rd.Line()
		cal = append(cal, day)
		lines = append(lines, rd.Line())
	}
	if err := bad.Err(); err != nil {
		return nil, nil, err
	}
	return cal, lines, nil
}

// readDay reads the current row of a special-days file.
func readDay(rd *csvio.Reader) (forecast.SpecialDay, error) {
	ds := rd.Get(ColDate)
	if ds == "" {
		return forecast.SpecialDay{}, rd.Errorf(ColDate, csvio.ErrEmpty)
	}
	date, err := time.Parse("2006-01-02", ds)
	if err != nil {
		return forecast.SpecialDay{}, rd.Errorf(ColDate, fmt.Errorf("%w: %q", ErrBadDate, ds))
	}
	if err := csvio.CheckDate(date); err != nil {
		return forecast.SpecialDay{}, rd.Errorf(ColDate, err)
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
		return forecast.SpecialDay{}, rd.Errorf(ColKind, fmt.Errorf("%w: %q", ErrBadKind, k))
	}
	f, given, err := rd.OptionalBounded(ColFactor, MaxFactor)
	if err != nil {
		return forecast.SpecialDay{}, err
	}
	switch {
	case given && kind == forecast.Closed && f != 0:
		return forecast.SpecialDay{}, rd.Errorf(ColFactor, fmt.Errorf("%w: a closed day has no contacts and takes no factor, got %s", ErrFactor, rd.Get(ColFactor)))
	case given && kind != forecast.Closed && f == 0:
		return forecast.SpecialDay{}, rd.Errorf(ColFactor, fmt.Errorf("%w: 0 would mean no contacts; use kind closed for that, or a factor above 0", ErrFactor))
	}
	name := strings.TrimSpace(rd.Get(ColName))
	if len(name) > MaxNameBytes {
		return forecast.SpecialDay{}, rd.Errorf(ColName, fmt.Errorf("%w: at most %d bytes", ErrName, MaxNameBytes))
	}
	if q := rd.Get(ColQueue); q != "" {
		if err := queuename.Check(q); err != nil {
			return forecast.SpecialDay{}, rd.Errorf(ColQueue, err)
		}
	}
	return forecast.SpecialDay{Date: date, Queue: rd.Get(ColQueue), Kind: kind, Factor: f, Name: name}, nil
}
