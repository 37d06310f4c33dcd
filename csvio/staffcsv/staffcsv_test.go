package staffcsv

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/staffcast/staffcast/csvio"
)

func TestRead(t *testing.T) {
	in := "method,Volume,interval_start,queue,aht_seconds,lower80\n" +
		"ets,100,2024-03-04T09:00:00+01:00,sales,180,90\n" +
		"ets,12.5,2024-03-04T09:30:00+01:00,sales,,10\n" +
		"ets,0,2024-03-04 10:00:00,sales,240.5,0\n"
	wl, err := Read(strings.NewReader(in), Options{DefaultAHT: 200 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(wl.Header, ","); got != "method,volume,interval_start,queue,aht_seconds,lower80" {
		t.Errorf("header %s", got)
	}
	want := []struct {
		vol float64
		aht time.Duration
	}{{100, 180 * time.Second}, {12.5, 200 * time.Second}, {0, 240500 * time.Millisecond}}
	for i, w := range want {
		r := wl.Rows[i]
		if r.Volume != w.vol || r.AHT != w.aht || r.Queue != "sales" || r.Line != i+2 {
			t.Errorf("row %d: %+v", i, r)
		}
	}
	if !wl.Rows[0].Start.Equal(time.Date(2024, 3, 4, 8, 0, 0, 0, time.UTC)) || !wl.Rows[2].Start.Equal(time.Date(2024, 3, 4, 10, 0, 0, 0, time.UTC)) {
		t.Errorf("times %v %v", wl.Rows[0].Start, wl.Rows[2].Start)
	}
	iv, err := wl.InferInterval()
	if err != nil || iv != 30*time.Minute {
		t.Errorf("interval %v %v", iv, err)
	}
}

func TestReadErrors(t *testing.T) {
	const head = "interval_start,queue,volume,aht_seconds\n"
	for name, c := range map[string]struct {
		in        string
		def       time.Duration
		line, col int
		want      error
	}{
		"negative volume":  {head + "2024-01-01T00:00:00Z,q,-3,180\n", 0, 2, 3, csvio.ErrNegative},
		"text volume":      {head + "2024-01-01T00:00:00Z,q,lots,180\n", 0, 2, 3, csvio.ErrNotNumber},
		"NaN volume":       {head + "2024-01-01T00:00:00Z,q,NaN,180\n", 0, 2, 3, csvio.ErrNotNumber},
		"zero AHT":         {head + "2024-01-01T00:00:00Z,q,3,0\n", 0, 2, 4, ErrAHT},
		"negative AHT":     {head + "2024-01-01T00:00:00Z,q,3,-5\n", 0, 2, 4, csvio.ErrNegative},
		"empty AHT":        {head + "2024-01-01T00:00:00Z,q,3,180\n2024-01-01T00:15:00Z,q,3,\n", 0, 3, 4, ErrNoAHT},
		"bad time":         {head + "2024-13-01T00:00:00Z,q,3,180\n", 0, 2, 1, csvio.ErrBadTime},
		"field count":      {head + "2024-01-01T00:00:00Z,q,3\n", 0, 2, 0, csvio.ErrFieldCount},
		"duplicate":        {head + "2024-01-01T00:00:00Z,q,3,1\n2024-01-01T01:00:00+01:00,q,3,1\n", 0, 3, 1, csvio.ErrDuplicate},
		"1e308 volume":     {head + "2024-01-01T00:00:00Z,q,1e308,180\n", 0, 2, 3, csvio.ErrTooLarge},
		"Inf volume":       {head + "2024-01-01T00:00:00Z,q,Inf,180\n", 0, 2, 3, csvio.ErrNotNumber},
		"AHT above a day":  {head + "2024-01-01T00:00:00Z,q,3,86401\n", 0, 2, 4, ErrAHT},
		"year 9999":        {head + "2024-01-01T00:00:00Z,q,3,180\n9999-12-31T00:00:00Z,q,3,180\n", 0, 3, 1, csvio.ErrTimeRange},
		"year 1":           {head + "0001-01-01T00:00:00Z,q,3,180\n", 0, 2, 1, csvio.ErrTimeRange},
		"missing volume":   {"interval_start,queue\n2024-01-01T00:00:00Z,q\n", 0, 1, 0, csvio.ErrMissingColumn},
		"no rows":          {head, time.Minute, 2, 0, ErrNoRows},
		"no AHT no column": {"interval_start,volume\n2024-01-01T00:00:00Z,3\n", 0, 2, 0, ErrNoAHT},
		// New York skips 02:00-03:00 on 10 March 2024; Go would read 02:30 as 01:30.
		"skipped local time": {head + "2024-03-10T01:30:00,q,3,180\n2024-03-10T02:30:00,q,3,180\n", 0, 3, 1, csvio.ErrNoSuchTime},
	} {
		t.Run(name, func(t *testing.T) {
			ny, err := time.LoadLocation("America/New_York")
			if err != nil {
				t.Fatal(err)
			}
			_, err = Read(strings.NewReader(c.in), Options{DefaultAHT: c.def, Location: ny})
			var pe *csvio.ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %v is not a ParseError", err)
			}
			if pe.Line != c.line || pe.Column != c.col || !errors.Is(err, c.want) {
				t.Errorf("got %v (line %d col %d), want line %d col %d %v", err, pe.Line, pe.Column, c.line, c.col, c.want)
			}
		})
	}
}

func TestInferIntervalNeedsTwo(t *testing.T) {
	wl, err := Read(strings.NewReader("interval_start,queue,volume\n2024-01-01T00:00:00Z,a,1\n2024-01-01T00:15:00Z,b,1\n"), Options{DefaultAHT: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := wl.InferInterval(); !errors.Is(err, ErrNoInterval) {
		t.Errorf("one interval per queue: %v", err)
	}
}

func TestWriteReplacesOldOutput(t *testing.T) {
	in := "interval_start,volume,agents,aht_seconds\n2024-01-01T00:00:00Z,100,99,180\n"
	wl, err := Read(strings.NewReader(in), Options{})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := Write(&b, wl, []Staffing{{Agents: 14, ScheduledAgents: 20, ServiceLevel: 0.88835, ASASeconds: 7.8359, Occupancy: 0.714286}}); err != nil {
		t.Fatal(err)
	}
	want := "interval_start,volume,aht_seconds,agents,scheduled_agents,service_level,asa_seconds,occupancy,p_abandon\n" +
		"2024-01-01T00:00:00Z,100,180,14,20,0.888350,7.836,0.714286,0.000000\n"
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
	if err := Write(&b, wl, nil); err == nil {
		t.Error("length mismatch accepted")
	}
}

// FuzzRead: any input gives rows or a positioned error, never a panic, and
// every row read is valid.
func FuzzRead(f *testing.F) {
	for _, s := range []string{
		"interval_start,queue,volume,aht_seconds\n2024-01-01T00:00:00Z,q,3,180\n",
		"volume,interval_start\n1.5,2024-01-01T00:00:00\n2,2024-01-01T00:30:00\n",
		"interval_start,queue,volume,aht_seconds,method\n2024-01-01T00:00:00+02:00,q,3,,ets\n",
		"interval_start,volume\n\"2024-01-01T00:00:00Z\",\"1e3\"\n",
		"\ufeffinterval_start,volume\n2024-01-01,1\n",
		"interval_start,volume,volume\n",
		"",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		wl, err := Read(strings.NewReader(in), Options{DefaultAHT: time.Minute})
		if err != nil {
			var pe *csvio.ParseError
			if !errors.As(err, &pe) || pe.Line < 1 {
				t.Fatalf("error without position: %v", err)
			}
			return
		}
		for _, r := range wl.Rows {
			if !(r.Volume >= 0) || r.AHT <= 0 || len(r.Fields) != len(wl.Header) {
				t.Fatalf("invalid row accepted: %+v", r)
			}
		}
		var b bytes.Buffer
		if err := Write(&b, wl, make([]Staffing, len(wl.Rows))); err != nil {
			t.Fatal(err)
		}
	})
}

// TestWriteQuotesLikeEncodingCSV: fields that need quotes survive a round
// trip through Read and Write.
func TestWriteQuotesLikeEncodingCSV(t *testing.T) {
	in := "interval_start,volume,note\n2024-01-01T00:00:00Z,1,\"a, \"\"quoted\"\"\nline\"\n2024-01-01T00:30:00Z,2,\" lead\"\n"
	wl, err := Read(strings.NewReader(in), Options{DefaultAHT: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := Write(&b, wl, make([]Staffing, 2)); err != nil {
		t.Fatal(err)
	}
	again, err := Read(&b, Options{DefaultAHT: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	if got := again.Rows[0].Fields[2]; got != "a, \"quoted\"\nline" {
		t.Errorf("note = %q", got)
	}
	if !slices.Equal(again.Header, []string{"interval_start", "volume", "note", "aht_seconds"}) {
		t.Errorf("header %v: old output columns must be replaced, the handle time used added", again.Header)
	}
}

// TestInterval: the interval is the most common gap per queue, a mistyped
// timestamp is a warning naming its line, and queues must agree.
func TestInterval(t *testing.T) {
	head := "interval_start,queue,volume\n"
	rows := func(q string, step time.Duration, n int, typo int) string {
		var b strings.Builder
		t0 := time.Date(2026, 1, 5, 8, 0, 0, 0, time.UTC)
		for i := 0; i < n; i++ {
			at := t0.Add(time.Duration(i) * step)
			if i == typo {
				at = at.Add(-step / 2)
			}
			fmt.Fprintf(&b, "%s,%s,10\n", at.Format(time.RFC3339), q)
		}
		return b.String()
	}
	tests := []struct {
		name     string
		in       string
		want     time.Duration
		warnLine []int
		err      error
	}{
		{"half-hourly", head + rows("a", 30*time.Minute, 20, -1), 30 * time.Minute, nil, nil},
		{"10:15 in a half-hourly file", head + rows("a", 30*time.Minute, 20, 5), 30 * time.Minute, []int{7}, nil},
		{"hourly queue beside a half-hourly one", head + rows("sales", 30*time.Minute, 20, -1) + rows("support", time.Hour, 10, -1), 0, nil, csvio.ErrIntervalQueues},
		{"two half-hourly queues", head + rows("sales", 30*time.Minute, 20, -1) + rows("support", 30*time.Minute, 10, -1), 30 * time.Minute, nil, nil},
		{"one row", head + rows("a", time.Hour, 1, -1), 0, nil, ErrNoInterval},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wl, err := Read(strings.NewReader(tt.in), Options{DefaultAHT: time.Minute})
			if err != nil {
				t.Fatal(err)
			}
			iv, warns, err := wl.Interval()
			if !errors.Is(err, tt.err) || (tt.err == nil && err != nil) {
				t.Fatalf("err %v, want %v", err, tt.err)
			}
			if iv != tt.want || len(warns) != len(tt.warnLine) {
				t.Fatalf("interval %v, warnings %v; want %v and lines %v", iv, warns, tt.want, tt.warnLine)
			}
			for i, w := range warns {
				if w.Line != tt.warnLine[i] || w.Field != ColStart {
					t.Errorf("warning %q, want line %d", w, tt.warnLine[i])
				}
			}
			if old, err := wl.InferInterval(); old != iv || !errors.Is(err, tt.err) {
				t.Errorf("InferInterval = %v, %v; want Interval's %v", old, err, iv)
			}
		})
	}
}

// The output says which handle time each row was staffed with (filling an
// empty aht_seconds, adding the column when absent) and never writes a
// non-finite ASA.
func TestWriteAHTUsedAndFiniteASA(t *testing.T) {
	st := []Staffing{{Agents: 14, ScheduledAgents: 14, ServiceLevel: 0.8, ASASeconds: math.Inf(1)}, {Agents: 3, ScheduledAgents: 3, ASASeconds: math.NaN()}}
	cases := []struct{ name, in, want string }{
		{"empty aht_seconds gets the default",
			"interval_start,volume,aht_seconds\n2024-01-01T00:00:00Z,100,\n2024-01-01T00:30:00Z,10,180\n",
			"interval_start,volume,aht_seconds,agents,scheduled_agents,service_level,asa_seconds,occupancy,p_abandon\n" +
				"2024-01-01T00:00:00Z,100,240.5,14,14,0.800000,,0.000000,0.000000\n" +
				"2024-01-01T00:30:00Z,10,180,3,3,0.000000,,0.000000,0.000000\n"},
		{"absent aht_seconds is added",
			"volume,interval_start\n100,2024-01-01T00:00:00Z\n10,2024-01-01T00:30:00Z\n",
			"volume,interval_start,aht_seconds,agents,scheduled_agents,service_level,asa_seconds,occupancy,p_abandon\n" +
				"100,2024-01-01T00:00:00Z,240.5,14,14,0.800000,,0.000000,0.000000\n" +
				"10,2024-01-01T00:30:00Z,240.5,3,3,0.000000,,0.000000,0.000000\n"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			wl, err := Read(strings.NewReader(c.in), Options{DefaultAHT: 240500 * time.Millisecond})
			if err != nil {
				t.Fatal(err)
			}
			var b bytes.Buffer
			if err := Write(&b, wl, st); err != nil {
				t.Fatal(err)
			}
			if b.String() != c.want {
				t.Errorf("got\n%s\nwant\n%s", b.String(), c.want)
			}
			back, err := Read(strings.NewReader(b.String()), Options{})
			if err != nil {
				t.Fatalf("the output does not read back without a default: %v", err)
			}
			if back.Rows[0].AHT != 240500*time.Millisecond {
				t.Errorf("read back AHT %v", back.Rows[0].AHT)
			}
		})
	}
}
