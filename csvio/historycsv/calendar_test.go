package historycsv_test

import (
	"encoding/csv"
	"errors"
	"math"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/staffcast/staffcast/csvio"
	"github.com/staffcast/staffcast/csvio/historycsv"
	"github.com/staffcast/staffcast/forecast"
	"github.com/staffcast/staffcast/internal/queuename"
)

func TestReadCalendar(t *testing.T) {
	in := "kind,date,queue,factor,note,name\n" +
		"closed,2026-12-25,,,Christmas,\n" +
		"Holiday,2026-12-24,sales,0.6,, christmas_eve \n" +
		"event,2026-11-27,,1.8,Black Friday,black_friday\n" +
		"event,2026-11-27,sales,,,\n"
	cal, err := historycsv.ReadCalendar(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	want := forecast.Calendar{
		{Date: time.Date(2026, 12, 25, 0, 0, 0, 0, time.UTC), Kind: forecast.Closed},
		{Date: time.Date(2026, 12, 24, 0, 0, 0, 0, time.UTC), Queue: "sales", Kind: forecast.Holiday, Factor: 0.6, Name: "christmas_eve"},
		{Date: time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC), Kind: forecast.Event, Factor: 1.8, Name: "black_friday"},
		{Date: time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC), Queue: "sales", Kind: forecast.Event},
	}
	if len(cal) != len(want) {
		t.Fatalf("got %+v", cal)
	}
	for i := range want {
		if cal[i] != want[i] {
			t.Errorf("entry %d = %+v, want %+v", i, cal[i], want[i])
		}
	}
	// only date and kind are required
	if _, err := historycsv.ReadCalendar(strings.NewReader("date,kind\n2026-01-01,closed\n")); err != nil {
		t.Error(err)
	}
}

func TestReadCalendarRejects(t *testing.T) {
	head := "date,queue,kind,factor\n"
	tests := []struct {
		name      string
		in        string
		line, col int
		want      error
	}{
		{"missing kind column", "date,queue\n", 1, 0, csvio.ErrMissingColumn},
		{"bad date", head + "25/12/2026,,closed,\n", 2, 1, historycsv.ErrBadDate},
		{"bad kind", head + "2026-12-25,,vacation,\n", 2, 3, historycsv.ErrBadKind},
		{"negative factor", head + "2026-12-25,,event,-1\n", 2, 4, csvio.ErrNegative},
		{"duplicate day", head + "2026-12-25,,closed,\n2026-12-25,,holiday,\n", 3, 1, csvio.ErrDuplicate},
		{"empty date", head + ",,closed,\n", 2, 1, csvio.ErrEmpty},
		{"factor 0 is not 1", head + "2026-12-25,,holiday,0\n", 2, 4, historycsv.ErrFactor},
		{"factor on a closed day", head + "2026-12-25,,closed,0.5\n", 2, 4, historycsv.ErrFactor},
		{"factor above the cap", head + "2026-12-25,,event,150\n", 2, 4, csvio.ErrTooLarge},
		{"factor NaN", head + "2026-12-25,,event,NaN\n", 2, 4, csvio.ErrNotNumber},
		{"date before 1970", head + "1969-12-31,,closed,\n", 2, 1, csvio.ErrTimeRange},
		{"date after 2200", head + "9999-12-31,,closed,\n", 2, 1, csvio.ErrTimeRange},
		{"name too long", "date,kind,name\n2026-12-25,holiday," + strings.Repeat("x", 201) + "\n", 2, 3, historycsv.ErrName},
		{"queue name the API refuses", head + "2026-12-25,Retail,closed,\n", 2, 2, queuename.ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cal, err := historycsv.ReadCalendar(strings.NewReader(tt.in))
			var pe *csvio.ParseError
			if !errors.As(err, &pe) || pe.Line != tt.line || pe.Column != tt.col || !errors.Is(err, tt.want) {
				t.Fatalf("err %v, want %v at line %d column %d", err, tt.want, tt.line, tt.col)
			}
			if cal != nil {
				t.Error("partial calendar returned with the error")
			}
		})
	}
}

func TestWriteForecast(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	start := time.Date(2026, 7, 6, 9, 0, 0, 0, ny)
	res := []*forecast.Result{
		{Queue: "sales, east", Method: "combo(profile+sma8)", Points: []forecast.Point{
			{Start: start, Volume: 12.345, Lower80: 8, Upper80: 16.5, Lower95: 6, Upper95: 19, AHTSeconds: 181.26},
		}},
		{Queue: "support", Method: "profile", Points: []forecast.Point{
			{Start: start.Add(30 * time.Minute), Volume: 3, AHTSeconds: math.NaN(), SpecialDay: "learnt: kind holiday (5 days)"},
		}},
	}
	var b strings.Builder
	if err := historycsv.WriteForecast(&b, res); err != nil {
		t.Fatal(err)
	}
	want := "interval_start,queue,volume,lower80,upper80,lower95,upper95,aht_seconds,method,special_day\n" +
		"2026-07-06T09:00:00-04:00,\"sales, east\",12.35,8.00,16.50,6.00,19.00,181.3,combo(profile+sma8),\n" +
		"2026-07-06T09:30:00-04:00,support,3.00,0.00,0.00,0.00,0.00,,profile,learnt: kind holiday (5 days)\n"
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
	// and it is valid CSV
	recs, err := csv.NewReader(strings.NewReader(b.String())).ReadAll()
	if err != nil || len(recs) != 3 || recs[1][1] != "sales, east" {
		t.Errorf("re-read %v, %v", recs, err)
	}
}

func FuzzReadCalendar(f *testing.F) {
	f.Add("date,queue,kind,factor\n2026-12-25,,closed,\n2026-11-27,sales,event,1.8\n")
	f.Add("kind,date\nholiday,2026-01-01\nHOLIDAY,2026-01-01\n")
	f.Add("date,kind,factor\n2026-02-30,event,x\n")
	f.Fuzz(func(t *testing.T, in string) {
		cal, err := historycsv.ReadCalendar(strings.NewReader(in))
		if err != nil {
			var pe *csvio.ParseError
			if !errors.As(err, &pe) || cal != nil {
				t.Fatalf("error %v (calendar %v): want a *csvio.ParseError and nothing read", err, cal)
			}
			return
		}
		for _, sd := range cal {
			if sd.Kind < forecast.Closed || sd.Kind > forecast.Event || sd.Factor < 0 || math.IsNaN(sd.Factor) {
				t.Fatalf("accepted %+v", sd)
			}
		}
	})
}

// TestReadCalendarEveryBadRow: the error names every bad row in file
// order, keeping the first csvio.MaxRowErrors and counting the rest.
func TestReadCalendarEveryBadRow(t *testing.T) {
	head := "date,queue,kind,factor\n"
	for _, c := range []struct {
		name    string
		in      string
		lines   string
		omitted int
	}{
		{"three bad rows", head + "2026-12-25,,closed,\n2026-13-01,,closed,\n2026-12-26,,party,\n2026-12-25,,holiday,\n2026-12-27,,event,2\n", "3 4 5", 0},
		{"beyond the cap", head + strings.Repeat("2026-12-25,,party,\n", csvio.MaxRowErrors+7), "", 7},
	} {
		t.Run(c.name, func(t *testing.T) {
			cal, err := historycsv.ReadCalendar(strings.NewReader(c.in))
			var re *csvio.RowErrors
			if cal != nil || !errors.As(err, &re) {
				t.Fatalf("got %d days, error %v (%T), want a *csvio.RowErrors", len(cal), err, err)
			}
			if re.Omitted != c.omitted {
				t.Errorf("%d omitted, want %d", re.Omitted, c.omitted)
			}
			if c.lines == "" {
				if len(re.Errs) != csvio.MaxRowErrors {
					t.Errorf("%d errors kept, want %d", len(re.Errs), csvio.MaxRowErrors)
				}
				return
			}
			var lines []string
			for _, pe := range re.Errs {
				lines = append(lines, strconv.Itoa(pe.Line))
			}
			if strings.Join(lines, " ") != c.lines {
				t.Errorf("bad lines %v, want %s", lines, c.lines)
			}
		})
	}
}

// A semicolon-separated calendar is refused at its header with a hint.
func TestReadCalendarSemicolons(t *testing.T) {
	_, err := historycsv.ReadCalendar(strings.NewReader("date;queue;kind;factor;name\n1999-05-17;;holiday;;x\n"))
	if !errors.Is(err, csvio.ErrMissingColumn) || !strings.Contains(err.Error(), "the file seems to be semicolon-separated") {
		t.Errorf("error %v, want a missing column with the semicolon hint", err)
	}
}
