package historycsv_test

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/staffcast/staffcast/csvio"
	"github.com/staffcast/staffcast/csvio/historycsv"
	"github.com/staffcast/staffcast/forecast"
	"github.com/staffcast/staffcast/internal/queuename"
	"github.com/staffcast/staffcast/internal/shareddata"
)

func TestReadHistoryColumnsAnyOrder(t *testing.T) {
	in := "Offered, extra ,queue,interval_start,channel,aht_seconds,handled,abandoned\n" +
		"12,x,sales,2026-01-05T09:00:00,voice,180,10,2\n" +
		"8,y,sales,2026-01-05T09:15:00,voice,,,\n" +
		"3,z,support,2026-01-05T09:00:00+01:00,chat,240.5,3,0\n" +
		"5,z,sales,2026-01-05T09:30:00,voice,200,5,1\n"
	qs, err := historycsv.ReadHistory(strings.NewReader(in), time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	if len(qs) != 2 || qs[0].Name != "sales" || qs[1].Name != "support" {
		t.Fatalf("queues %+v, want sales then support", qs)
	}
	sales := qs[0]
	if sales.Interval != 15*time.Minute || len(sales.Records) != 3 || !sales.HasAHT || sales.Abandoned != 3 || sales.Channel != "voice" {
		t.Errorf("sales = %+v", sales)
	}
	r := sales.Records[0]
	if r.Offered != 12 || r.Handled != 10 || r.AHTSeconds != 180 {
		t.Errorf("first record %+v", r)
	}
	if !math.IsNaN(sales.Records[1].AHTSeconds) {
		t.Errorf("empty aht_seconds read as %v, want NaN (not recorded)", sales.Records[1].AHTSeconds)
	}
	if got := qs[1].Records[0].Start; !got.Equal(time.Date(2026, 1, 5, 8, 0, 0, 0, time.UTC)) {
		t.Errorf("offset timestamp read as %v", got)
	}
}

func TestReadHistoryLocalTime(t *testing.T) {
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	in := "interval_start,queue,channel,offered\n2026-07-01T09:00:00,q,voice,1\n2026-07-01T09:30:00,q,voice,2\n"
	qs, err := historycsv.ReadHistory(strings.NewReader(in), paris)
	if err != nil {
		t.Fatal(err)
	}
	if got := qs[0].Records[0].Start.UTC(); !got.Equal(time.Date(2026, 7, 1, 7, 0, 0, 0, time.UTC)) {
		t.Errorf("09:00 Paris summer time read as %v UTC", got)
	}
}

func TestReadHistoryRejects(t *testing.T) {
	head := "interval_start,queue,channel,offered\n"
	var mixed strings.Builder
	mixed.WriteString(head)
	for m := 0; m < 60; m += 5 {
		fmt.Fprintf(&mixed, "2026-01-05T09:%02d:00,q,voice,1\n", m)
	}
	for m := 0; m < 60; m += 15 {
		fmt.Fprintf(&mixed, "2026-01-06T09:%02d:00,q,voice,1\n", m)
	}
	tests := []struct {
		name       string
		in         string
		tz         string
		line, col  int
		want       error
		wantInText string
	}{
		{"missing column", "interval_start,queue,offered\n", "", 1, 0, csvio.ErrMissingColumn, "channel"},
		{"empty file", "", "", 1, 0, nil, "header"},
		{"no rows", head, "", 2, 0, historycsv.ErrNoRows, ""},
		{"duplicate interval", head + "2026-01-05T09:00:00,q,voice,1\n2026-01-05T09:30:00,q,voice,1\n2026-01-05T09:00:00Z,q,voice,2\n", "", 4, 1, csvio.ErrDuplicate, "first on line 2"},
		{"misaligned", head + "2026-01-05T09:00:00,q,voice,1\n2026-01-05T09:30:00,q,voice,1\n2026-01-05T10:00:00,q,voice,1\n2026-01-05T10:10:00,q,voice,1\n", "", 5, 1, historycsv.ErrMisaligned, "30m"},
		{"negative count", head + "2026-01-05T09:00:00,q,voice,-1\n", "", 2, 4, csvio.ErrNegative, ""},
		{"non-numeric count", head + "2026-01-05T09:00:00,q,voice,many\n", "", 2, 4, csvio.ErrNotNumber, "many"},
		{"negative handled", "interval_start,queue,channel,offered,handled\n2026-01-05T09:00:00,q,voice,1,-2\n", "", 2, 5, csvio.ErrNegative, ""},
		{"non-numeric aht", "interval_start,queue,channel,offered,aht_seconds\n2026-01-05T09:00:00,q,voice,1,3m\n", "", 2, 5, csvio.ErrNotNumber, ""},
		{"wrong field count", head + "2026-01-05T09:00:00,q,voice,1\n2026-01-05T09:30:00,q,voice\n", "", 3, 0, csvio.ErrFieldCount, ""},
		{"bad timestamp", head + "05/01/2026 09:00,q,voice,1\n", "", 2, 1, csvio.ErrBadTime, ""},
		{"empty queue", head + "2026-01-05T09:00:00,,voice,1\n", "", 2, 2, csvio.ErrEmpty, ""},
		{"queue name the API refuses", head + "2026-01-05T09:00:00,Sales Team,voice,1\n", "", 2, 2, queuename.ErrInvalid, `queue name "Sales Team" must match`},
		{"upper-case queue name", head + "2026-01-05T09:00:00,q,voice,1\n2026-01-05T09:30:00,Q,voice,1\n", "", 3, 2, queuename.ErrInvalid, `"Q"`},
		{"mixed interval lengths", mixed.String(), "", 14, 1, historycsv.ErrMixedInterval, "15m"},
		{"interval not dividing a day", head + "2026-01-05T00:00:00,q,voice,1\n2026-01-05T00:07:00,q,voice,1\n2026-01-05T00:14:00,q,voice,1\n", "", 2, 1, historycsv.ErrIntervalDay, ""},
		{"time skipped by daylight saving", head + "2026-03-29T01:30:00,q,voice,1\n2026-03-29T02:30:00,q,voice,1\n", "Europe/Paris", 3, 1, historycsv.ErrNoSuchTime, "daylight"},
		{"1e308 offered", head + "2026-01-05T09:00:00,q,voice,1e308\n", "", 2, 4, csvio.ErrTooLarge, "limit of 1e+09"},
		{"NaN offered", head + "2026-01-05T09:00:00,q,voice,NaN\n", "", 2, 4, csvio.ErrNotNumber, ""},
		{"Inf offered", head + "2026-01-05T09:00:00,q,voice,+Inf\n", "", 2, 4, csvio.ErrNotNumber, ""},
		{"handled above offered", "interval_start,queue,channel,offered,handled\n2026-01-05T09:00:00,q,voice,10,12\n", "", 2, 5, historycsv.ErrCounts, "handled 12 is more than offered 10"},
		{"abandoned above offered", "interval_start,queue,channel,abandoned,offered\n2026-01-05T09:00:00,q,voice,11,10\n", "", 2, 4, historycsv.ErrCounts, "abandoned 11"},
		{"aht above a day", "interval_start,queue,channel,offered,aht_seconds\n2026-01-05T09:00:00,q,voice,1,90000\n", "", 2, 5, csvio.ErrTooLarge, "86400"},
		{"stray row dated 9999-12-31", head + "2026-01-05T09:00:00,q,voice,1\n9999-12-31T00:00:00,q,voice,1\n2026-01-05T09:30:00,q,voice,1\n", "", 3, 1, csvio.ErrTimeRange, "9999-12-31"},
		{"year-1 row named on its own line", head + "2026-01-05T09:00:00,q,voice,1\n2026-01-05T09:30:00,q,voice,1\n0001-01-01T00:00:00Z,q,voice,1\n", "", 4, 1, csvio.ErrTimeRange, "0001-01-01"},
		{"span above 20 years", head + "2000-01-05T09:00:00,q,voice,1\n2000-01-05T09:30:00,q,voice,1\n2026-01-05T09:30:00,q,voice,1\n", "", 4, 1, historycsv.ErrSpan, "limit of 7305 days"},
		{"one mistyped timestamp is named, not a halved interval", head + "2026-01-05T09:00:00,q,voice,1\n2026-01-05T09:30:00,q,voice,1\n2026-01-05T10:15:00,q,voice,1\n2026-01-05T10:30:00,q,voice,1\n2026-01-05T11:00:00,q,voice,1\n2026-01-05T11:30:00,q,voice,1\n", "", 4, 1, historycsv.ErrMisaligned, "off the 30m grid"},
		{"two channels under one queue", head + "2026-01-05T09:00:00,q,voice,1\n2026-01-05T09:30:00,q,,1\n2026-01-05T09:00:00,q,chat,1\n", "", 4, 3, historycsv.ErrChannels, `queue "q" has rows of channels "voice" (line 2) and "chat": forecast each channel as its own queue`},
		{"semicolon-separated", "interval_start;queue;channel;offered\n2026-01-05T09:00:00;q;voice;1\n", "", 1, 0, csvio.ErrMissingColumn, "the file seems to be semicolon-separated"},
		{"bare quote names its field", head + "2026-01-05T09:00:00,q,voi\"ce,1\n", "", 2, 3, csvio.ErrSyntax, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			loc := time.UTC
			if tt.tz != "" {
				var err error
				if loc, err = time.LoadLocation(tt.tz); err != nil {
					t.Fatal(err)
				}
			}
			qs, err := historycsv.ReadHistory(strings.NewReader(tt.in), loc)
			if err == nil {
				t.Fatalf("no error, read %d queues", len(qs))
			}
			if qs != nil {
				t.Errorf("partial import: %d queues returned with the error", len(qs))
			}
			var pe *csvio.ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %v is not a *csvio.ParseError", err)
			}
			if pe.Line != tt.line || pe.Column != tt.col {
				t.Errorf("error at line %d column %d, want %d, %d: %v", pe.Line, pe.Column, tt.line, tt.col, err)
			}
			if tt.want != nil && !errors.Is(err, tt.want) {
				t.Errorf("error %v, want %v", err, tt.want)
			}
			if !strings.Contains(err.Error(), tt.wantInText) {
				t.Errorf("error %q lacks %q", err, tt.wantInText)
			}
		})
	}
}

// A sparse export (rows only where there were contacts) is gaps, not a
// different interval length.
func TestReadHistorySparseIsNotMixed(t *testing.T) {
	in := "interval_start,queue,channel,offered\n" +
		"2026-01-05T09:00:00,q,voice,1\n2026-01-05T09:05:00,q,voice,1\n2026-01-05T09:10:00,q,voice,1\n" +
		"2026-01-06T09:00:00,q,voice,1\n2026-01-06T09:25:00,q,voice,1\n2026-01-06T10:05:00,q,voice,1\n2026-01-06T11:00:00,q,voice,1\n"
	qs, err := historycsv.ReadHistory(strings.NewReader(in), nil)
	if err != nil {
		t.Fatal(err)
	}
	if qs[0].Interval != 5*time.Minute {
		t.Errorf("interval %v, want 5m", qs[0].Interval)
	}
}

// A queue's channel is the one its rows give; a row without one is
// of the queue's channel.
func TestReadHistoryChannel(t *testing.T) {
	in := "interval_start,queue,channel,offered\n" +
		"2026-01-05T09:00:00,a,,1\n2026-01-05T09:30:00,a,chat,1\n2026-01-05T10:00:00,a,chat,1\n" +
		"2026-01-05T09:00:00,b,voice,1\n2026-01-05T09:30:00,b,,1\n"
	qs, err := historycsv.ReadHistory(strings.NewReader(in), nil)
	if err != nil {
		t.Fatal(err)
	}
	if qs[0].Channel != "chat" || qs[1].Channel != "voice" {
		t.Errorf("channels %q and %q, want chat and voice", qs[0].Channel, qs[1].Channel)
	}
}

// Each queue has its own record length.
func TestReadHistoryQueuesOwnIntervals(t *testing.T) {
	in := "interval_start,queue,channel,offered\n" +
		"2026-01-05T09:00:00,a,voice,1\n2026-01-05T09:05:00,a,voice,1\n2026-01-05T09:10:00,a,voice,1\n" +
		"2026-01-05T09:00:00,b,voice,1\n2026-01-05T09:15:00,b,voice,1\n2026-01-05T09:30:00,b,voice,1\n"
	qs, err := historycsv.ReadHistory(strings.NewReader(in), nil)
	if err != nil {
		t.Fatal(err)
	}
	if qs[0].Interval != 5*time.Minute || qs[1].Interval != 15*time.Minute {
		t.Errorf("intervals %v and %v, want 5m and 15m", qs[0].Interval, qs[1].Interval)
	}
}

func TestReadSharedFiles(t *testing.T) {
	for _, tt := range []struct {
		rel  string
		rows int
		iv   time.Duration
	}{
		{"bank2003/history_5min.csv", 17000, 5 * time.Minute},
		{"israelbank1999/vru_6min.csv", 58000, 6 * time.Minute},
	} {
		t.Run(tt.rel, func(t *testing.T) {
			f, err := os.Open(shareddata.Path(t, tt.rel))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			qs, err := historycsv.ReadHistory(f, time.UTC)
			if err != nil {
				t.Fatal(err)
			}
			if len(qs) != 1 || qs[0].Interval != tt.iv || len(qs[0].Records) < tt.rows {
				t.Fatalf("read %d queues, interval %v, %d records", len(qs), qs[0].Interval, len(qs[0].Records))
			}
			if _, err := qs[0].Series(30*time.Minute, time.UTC); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func BenchmarkReadBank(b *testing.B) { benchRead(b, "bank2003/history_5min.csv") }

func BenchmarkReadIsrael(b *testing.B) { benchRead(b, "israelbank1999/vru_6min.csv") }

func benchRead(b *testing.B, rel string) {
	data, err := os.ReadFile(shareddata.Path(b, rel))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := historycsv.ReadHistory(bytes.NewReader(data), time.UTC); err != nil {
			b.Fatal(err)
		}
	}
}

func FuzzReadHistory(f *testing.F) {
	f.Add("interval_start,queue,channel,offered\n2026-01-05T09:00:00,q,voice,1\n2026-01-05T09:30:00,q,voice,2\n")
	f.Add("offered,queue,interval_start,channel,aht_seconds,handled\n3,a,2026-01-05T09:00:00Z,voice,120,2\n4,b,2026-01-05T09:05:00+02:00,chat,,\n")
	f.Add("interval_start,queue,channel,offered\n2026-01-05T09:00:00,q,voice,1\n2026-01-05T09:00:00,q,voice,1\n")
	f.Add("interval_start,queue,channel,offered\n2026-01-05T09:00:00,q,voice,-1\n")
	f.Add("interval_start,queue,channel,offered\n2026-03-29T02:30:00,q,voice,1\n")
	f.Add("interval_start,queue,channel,offered\n\"2026-01-05T09:00:00\",\"q,x\",voice,1e3\n")
	f.Fuzz(func(t *testing.T, in string) {
		paris, err := time.LoadLocation("Europe/Paris")
		if err != nil {
			paris = time.UTC
		}
		for _, loc := range []*time.Location{time.UTC, paris} {
			qs, err := historycsv.ReadHistory(strings.NewReader(in), loc)
			if err != nil {
				var pe *csvio.ParseError
				if !errors.As(err, &pe) || pe.Line < 1 {
					t.Fatalf("error %v is not a positioned *csvio.ParseError", err)
				}
				if qs != nil {
					t.Fatal("queues returned with an error")
				}
				continue
			}
			for _, q := range qs {
				for i, r := range q.Records {
					if r.Offered < 0 || r.Handled < 0 || math.IsNaN(r.Offered) {
						t.Fatalf("record %+v accepted", r)
					}
					if i > 0 && !q.Records[i-1].Start.Before(r.Start) {
						t.Fatalf("records not strictly increasing at %d", i)
					}
				}
				// everything the reader accepts lays on its own grid
				if _, err := forecast.NewSeries(forecast.SeriesConfig{Queue: q.Name, Interval: q.Interval, Location: loc}, q.Records); err != nil {
					t.Fatalf("accepted history does not make a series: %v", err)
				}
			}
		}
	})
}

// TestQueueCheckInterval: records that do not sum into the planning
// interval are an error at the queue's first row naming the queue column,
// and a queue of one record (a mistyped name mid-file) says so.
func TestQueueCheckInterval(t *testing.T) {
	const in = "offered,queue,interval_start,channel\n" +
		"1,a,2026-03-02T08:00:00Z,voice\n1,a,2026-03-02T08:15:00Z,voice\n1,a,2026-03-02T08:30:00Z,voice\n" +
		"1,aa,2026-03-02T08:40:00Z,voice\n1,a,2026-03-02T08:45:00Z,voice\n"
	queues, err := historycsv.ReadHistory(strings.NewReader(in), nil)
	if err != nil || len(queues) != 2 {
		t.Fatalf("%d queues, %v", len(queues), err)
	}
	for _, c := range []struct {
		name     string
		queue    int
		interval time.Duration
		want     string // "" when the records fit
	}{
		{"15m records into 30m", 0, 30 * time.Minute, ""},
		{"15m records into 20m", 0, 20 * time.Minute, `line 2, column 2 (queue): queue "a" has 15m records, which do not sum into 20m intervals`},
		{"one record", 1, 30 * time.Minute, `line 5, column 2 (queue): queue "aa" has only this record, too few to learn its record length`},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := queues[c.queue].CheckInterval(c.interval)
			var pe *csvio.ParseError
			switch {
			case c.want == "" && err != nil:
				t.Errorf("%v", err)
			case c.want != "" && (!errors.As(err, &pe) || !strings.Contains(err.Error(), c.want)):
				t.Errorf("got %v, want a ParseError with %q", err, c.want)
			}
		})
	}
}

// TestReadHistoryListsEveryBadLine: a file with several mistakes is one
// *csvio.RowErrors naming every bad line once, in file order, the
// problems of single rows and those of the file as a whole (duplicates,
// starts off the grid, found after every row is read) merged; the first
// csvio.MaxRowErrors are kept and the rest counted. A record length given
// in Options is the grid, so a stray start is named rather than the good
// rows of the grid it would make.
func TestReadHistoryListsEveryBadLine(t *testing.T) {
	head := "interval_start,queue,channel,offered\n"
	every5 := func(from, n int) string { // rows 5 minutes apart from minute from of 08:00
		var b strings.Builder
		for i := range n {
			m := from + 5*i
			fmt.Fprintf(&b, "2026-01-05T%02d:%02d:00,q,voice,1\n", 8+m/60, m%60)
		}
		return b.String()
	}
	// 250 rows off the grid, latest first (found in time order, named in
	// file order), 120 bad counts, then 1200 rows on the grid
	var many strings.Builder
	many.WriteString(head)
	for i := 249; i >= 0; i-- {
		fmt.Fprintf(&many, "%s,q,voice,1\n", time.Date(2026, 1, 5, 0, 5*i+2, 0, 0, time.UTC).Format(time.RFC3339))
	}
	for i := range 120 {
		fmt.Fprintf(&many, "%s,q,voice,-1\n", time.Date(2026, 1, 6, 0, 5*i, 0, 0, time.UTC).Format(time.RFC3339))
	}
	for i := range 1200 {
		fmt.Fprintf(&many, "%s,q,voice,1\n", time.Date(2026, 1, 7, 0, 5*i, 0, 0, time.UTC).Format(time.RFC3339))
	}
	linesFrom := func(from, n int) []int {
		var l []int
		for i := range n {
			l = append(l, from+i)
		}
		return l
	}
	for _, c := range []struct {
		name    string
		in      string
		opt     historycsv.Options
		lines   []int
		omitted int
	}{
		{"rows and the file together", head + every5(0, 3) + // lines 2-4
			"2026-01-05T08:20:00,q,voice,-1\n" + // 5: negative
			"2026-01-05T08:05:00,q,voice,1\n" + // 6: duplicate of line 3
			"2026-01-05T08:17:00,q,voice,1\n" + // 7: off the 5m grid
			"2026-01-05T08:25:00,q,voice,x\n" + // 8: not a number
			"2026-01-05T08:05:00,q,voice,1\n" + // 9: duplicate of line 3 again
			every5(30, 8), historycsv.Options{}, []int{5, 6, 7, 8, 9}, 0},
		{"a stray start onto a known record length", head + "2026-01-05T07:00:00,q,voice,1\n2026-01-05T07:02:00,q,voice,1\n2026-01-05T07:25:00,q,voice,1\n2026-01-05T07:30:00,q,voice,1\n",
			historycsv.Options{Record: 5 * time.Minute}, []int{3}, 0},
		{"the same without it", head + "2026-01-05T07:00:00,q,voice,1\n2026-01-05T07:02:00,q,voice,1\n2026-01-05T07:25:00,q,voice,1\n2026-01-05T07:30:00,q,voice,1\n",
			historycsv.Options{}, []int{4}, 0},
		{"a row the caller refuses", head + every5(0, 4), historycsv.Options{Row: func(rd *csvio.Reader) error {
			if rd.Line() == 3 {
				return rd.Errorf(historycsv.ColQueue, errors.New("not this one"))
			}
			return nil
		}}, []int{3}, 0},
		{"more than MaxRowErrors", many.String(), historycsv.Options{}, linesFrom(2, csvio.MaxRowErrors), 370 - csvio.MaxRowErrors},
	} {
		t.Run(c.name, func(t *testing.T) {
			qs, _, err := historycsv.ReadHistoryWith(strings.NewReader(c.in), time.UTC, c.opt)
			var re *csvio.RowErrors
			if !errors.As(err, &re) || qs != nil {
				t.Fatalf("%d queues, error %v, want a *csvio.RowErrors", len(qs), err)
			}
			var got []int
			for _, pe := range re.Errs {
				got = append(got, pe.Line)
			}
			if fmt.Sprint(got) != fmt.Sprint(c.lines) || re.Omitted != c.omitted {
				t.Errorf("lines %v and %d omitted, want %v and %d: %v", got, re.Omitted, c.lines, c.omitted, err)
			}
		})
	}
}

// TestReadHistoryQueueCheck: Options.Queue sees each queue's rows without
// a problem of their own (with the record length learnt from every row
// that read), also when other rows have one, and its problems are listed
// with the reader's in line order; when every row is good they are the
// only ones. It is not called once a malformed record ended the reading,
// and an error that names no line ends the reading.
func TestReadHistoryQueueCheck(t *testing.T) {
	head := "interval_start,queue,channel,offered\n"
	rows := head +
		"2026-01-05T08:00:00,q,voice,1\n" + // 2
		"2026-01-05T08:45:00,q,voice,-1\n" + // 3: negative
		"2026-01-05T08:15:00,q,voice,1\n" + // 4
		"2026-01-05T08:15:00,q,voice,1\n" + // 5: duplicate of line 4
		"2026-01-05T08:30:00,q,voice,1\n" // 6
	var seen [][]int
	var ivs []time.Duration
	check := func(q *historycsv.Queue) error {
		seen, ivs = append(seen, q.Lines), append(ivs, q.Interval)
		return &csvio.RowErrors{Errs: []*csvio.ParseError{
			{Line: q.Lines[len(q.Lines)-1], Column: 1, Err: errors.New("the queue's: last")},
			{Line: q.Lines[0], Column: 1, Err: errors.New("the queue's: first")},
		}, Omitted: 2}
	}
	for _, c := range []struct {
		name    string
		in      string
		seen    string // the lines Queue saw
		lines   []int  // named in the error
		omitted int
	}{
		{"with bad rows", rows, "[[2 4 6]]", []int{2, 3, 5, 6}, 2},
		{"every row good", head + "2026-01-05T08:00:00,q,voice,1\n2026-01-05T08:15:00,q,voice,1\n", "[[2 3]]", []int{2, 3}, 2},
		{"a malformed record", rows + "\"2026-01-05T08:45:00,q,voice,1\n", "[]", []int{3, 5, 7}, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			seen, ivs = nil, nil
			qs, _, err := historycsv.ReadHistoryWith(strings.NewReader(c.in), time.UTC, historycsv.Options{Queue: check})
			var re *csvio.RowErrors
			if !errors.As(err, &re) || qs != nil {
				t.Fatalf("%d queues, error %v, want a *csvio.RowErrors", len(qs), err)
			}
			var got []int
			for _, pe := range re.Errs {
				got = append(got, pe.Line)
			}
			if fmt.Sprint(seen) != c.seen || fmt.Sprint(got) != fmt.Sprint(c.lines) || re.Omitted != c.omitted {
				t.Errorf("Queue saw lines %v; lines %v and %d omitted named, want %s, %v and %d: %v", seen, got, re.Omitted, c.seen, c.lines, c.omitted, err)
			}
			for _, iv := range ivs {
				if iv != 15*time.Minute {
					t.Errorf("Queue saw a record length of %v, want 15m", iv)
				}
			}
		})
	}
	stop := errors.New("the database is gone")
	_, _, err := historycsv.ReadHistoryWith(strings.NewReader(rows), time.UTC, historycsv.Options{Queue: func(*historycsv.Queue) error { return stop }})
	if !errors.Is(err, stop) {
		t.Errorf("an error that names no line: %v, want it returned", err)
	}
}
