package csvio

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

// TestWriterMatchesEncodingCSV: the one CSV writer writes, byte for byte,
// what encoding/csv writes with its defaults, for awkward fields too.
func TestWriterMatchesEncodingCSV(t *testing.T) {
	records := [][]string{
		{"plain", "", "a,b", `say "hi"`, "two\nlines"},
		{" lead", "\ttab", `\.`, "ünïcode", "cr\r"},
		{"\u00a0nbsp", "\vvt", "x\u00a0", `""`, "trail "},
		{""},
	}
	var got, want bytes.Buffer
	w := NewWriter(&got)
	cw := csv.NewWriter(&want)
	for _, r := range records {
		if err := w.Record(r...); err != nil {
			t.Fatal(err)
		}
		cw.Write(r)
	}
	cw.Flush()
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if got.String() != want.String() {
		t.Errorf("csvio.Writer\n%q\nencoding/csv\n%q", got.String(), want.String())
	}
}

type failWriter struct{ n int }

func (f *failWriter) Write(p []byte) (int, error) {
	f.n++
	return 0, errors.New("disk full")
}

// TestWriterKeepsWriteError: a failed write is returned by Flush and by
// every later EndRecord.
func TestWriterKeepsWriteError(t *testing.T) {
	fw := &failWriter{}
	w := NewWriter(fw)
	var err error
	for i := 0; i < 10000 && err == nil; i++ {
		w.Field(strings.Repeat("x", 100))
		err = w.EndRecord()
	}
	if err == nil {
		t.Fatal("no error after a megabyte written to a failing writer")
	}
	if w.Flush() == nil || fw.n != 1 {
		t.Errorf("Flush = %v after %d writes, want the first error and no retry", w.Flush(), fw.n)
	}
}

// TestSyntaxErrorColumnIsFieldNumber: a malformed record is reported on
// its line with the field number (not encoding/csv's byte offset) and the
// header name.
func TestSyntaxErrorColumnIsFieldNumber(t *testing.T) {
	tests := []struct {
		name, in   string
		line, col  int
		field      string
		wantSyntax bool
	}{
		{"bare quote in third field", "a,b,c\n1,2,3\nlong value,2,x\"y\n", 3, 3, "c", true},
		{"bare quote after blank lines", "a,b,c\n\n\n1,22222,x\"y\n", 4, 3, "c", true},
		{"quote in a quoted field", "a,b,c\n1,\"2\"x,3\n", 2, 2, "b", true},
		{"doubled quotes before it", "a,b,c\n\"q\"\"q, r\",b,\"c\" d\n", 2, 3, "c", true},
		{"unterminated quote over lines", "a,b\n1,\"open\nstill\n", 2, 2, "b", true},
		{"field count", "a,b,c\n1,2\n", 2, 0, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rd, err := NewReader(strings.NewReader(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			for err == nil {
				err = rd.Next()
			}
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %v is not a *ParseError", err)
			}
			if pe.Line != tt.line || pe.Column != tt.col || pe.Field != tt.field {
				t.Errorf("line %d column %d field %q, want %d, %d, %q (%v)", pe.Line, pe.Column, pe.Field, tt.line, tt.col, tt.field, err)
			}
			if errors.Is(err, ErrSyntax) != tt.wantSyntax || (!tt.wantSyntax && !errors.Is(err, ErrFieldCount)) {
				t.Errorf("error %v: ErrSyntax %v, want %v", err, errors.Is(err, ErrSyntax), tt.wantSyntax)
			}
		})
	}
	// encoding/csv's own sentinel still matches.
	_, err := NewReader(strings.NewReader("a\"b\n"))
	if !errors.Is(err, csv.ErrBareQuote) {
		t.Errorf("header error %v does not wrap csv.ErrBareQuote", err)
	}
}

// TestSyntaxErrorFarIntoFile: the tail kept for locating errors is
// compacted as records are read, and still finds the field.
func TestSyntaxErrorFarIntoFile(t *testing.T) {
	var b strings.Builder
	b.WriteString("a,b,c\n")
	for i := 0; i < 50000; i++ {
		b.WriteString("1,2,3\n")
	}
	b.WriteString("1,2,3\"\n")
	rd, err := NewReader(strings.NewReader(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	for err == nil {
		err = rd.Next()
	}
	var pe *ParseError
	if !errors.As(err, &pe) || pe.Line != 50002 || pe.Column != 3 {
		t.Errorf("error %v, want line 50002 column 3", err)
	}
	if len(rd.src.buf) > 256<<10 {
		t.Errorf("reader holds %d bytes of input", len(rd.src.buf))
	}
}

func TestBoundedAndDates(t *testing.T) {
	in := "v,t\n5,2026-01-05T08:00:00Z\n1e308,2026-01-05T08:00:00Z\n3,0001-01-01T00:00:00Z\n3,9999-12-31T00:00:00\nNaN,2026-01-05T08:00:00Z\n-Inf,2026-01-05T08:00:00Z\n"
	rd, err := NewReader(strings.NewReader(in), "v", "t")
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		name string
		err  error
		col  int
	}{
		{"ok", nil, 0},
		{"1e308 above the limit", ErrTooLarge, 1},
		{"year 1", ErrTimeRange, 2},
		{"year 9999", ErrTimeRange, 2},
		{"NaN", ErrNotNumber, 1},
		{"-Inf", ErrNotNumber, 1},
	}
	for i, w := range want {
		if err := rd.Next(); err != nil {
			t.Fatal(err)
		}
		_, err := rd.Bounded("v", 1e9)
		if err == nil {
			_, err = rd.Time("t", nil)
		}
		if w.err == nil {
			if err != nil {
				t.Errorf("%s: %v", w.name, err)
			}
			continue
		}
		var pe *ParseError
		if !errors.Is(err, w.err) || !errors.As(err, &pe) || pe.Line != i+2 || pe.Column != w.col {
			t.Errorf("%s: error %v, want %v at line %d column %d", w.name, err, w.err, i+2, w.col)
		}
	}
	if err := rd.Next(); err != io.EOF {
		t.Errorf("after the last row: %v", err)
	}
}

func halfHourly(day time.Time, n int) []time.Time {
	var out []time.Time
	for i := 0; i < n; i++ {
		out = append(out, day.Add(time.Duration(i)*30*time.Minute))
	}
	return out
}

func TestInferInterval(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	d0 := time.Date(2026, 1, 5, 8, 0, 0, 0, time.UTC)
	typo := halfHourly(d0, 20)
	typo[5] = typo[5].Add(-15 * time.Minute) // 10:15 for 10:30
	extra := append(halfHourly(d0, 20), d0.Add(135*time.Minute))
	sparse := append(halfHourly(d0, 16), halfHourly(d0.Add(24*time.Hour), 16)...) // 08:00-15:30 two days
	var daily []time.Time
	for i := 0; i < 5; i++ {
		daily = append(daily, time.Date(2026, 1, 5+i, 9, 0, 0, 0, time.UTC))
	}
	// a half-hourly local day across the spring-forward change, in its zone
	var spring []time.Time
	for t := time.Date(2026, 3, 8, 0, 0, 0, 0, ny); t.Day() == 8; t = t.Add(30 * time.Minute) {
		spring = append(spring, t)
	}
	var fall []time.Time
	for t := time.Date(2026, 11, 1, 0, 0, 0, 0, ny); t.Day() == 1; t = t.Add(30 * time.Minute) {
		fall = append(fall, t)
	}
	mixed := halfHourly(d0, 4) // 08:00-09:30 half-hourly, then ten hours hourly
	for i := 0; i < 10; i++ {
		mixed = append(mixed, d0.Add(24*time.Hour+time.Duration(i)*time.Hour))
	}
	nepal := time.FixedZone("", 5*3600+45*60)
	var offset []time.Time
	for i := 0; i < 10; i++ {
		offset = append(offset, time.Date(2026, 1, 5, i, 0, 0, 0, time.UTC).In(nepal)) // :45 past each local hour
	}
	tests := []struct {
		name   string
		starts []time.Time
		want   time.Duration
		warns  int
		err    error
	}{
		{"regular half-hourly", halfHourly(d0, 20), 30 * time.Minute, 0, nil},
		{"one mistyped 10:15 does not halve the interval", typo, 30 * time.Minute, 1, nil},
		{"one extra off-grid row", extra, 30 * time.Minute, 1, nil},
		{"closed nights", sparse, 30 * time.Minute, 0, nil},
		{"one a day at 09:00", daily, 3 * time.Hour, 0, nil},
		{"spring forward in New York", spring, 30 * time.Minute, 0, nil},
		{"fall back in New York", fall, 30 * time.Minute, 0, nil},
		{"repeats ignored", append(halfHourly(d0, 4), halfHourly(d0, 4)...), 30 * time.Minute, 0, nil},
		{"fixed offset with a phase", offset, time.Hour, 0, nil},
		{"single start", halfHourly(d0, 1), 0, 0, ErrNoInterval},
		{"7-minute gaps", []time.Time{d0, d0.Add(7 * time.Minute), d0.Add(14 * time.Minute)}, 0, 0, ErrIntervalDay},
		{"half-hourly day beside hourly days", mixed, 0, 0, ErrIntervalMixed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lines := make([]int, len(tt.starts))
			for i := range lines {
				lines[i] = i + 2
			}
			// order must not matter
			shuffled := append([]time.Time(nil), tt.starts...)
			r := rand.New(rand.NewPCG(1, 2))
			r.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
			for _, in := range [][]time.Time{tt.starts, shuffled} {
				iv, warns, err := InferInterval(in, nil)
				if !errors.Is(err, tt.err) || (tt.err == nil && err != nil) {
					t.Fatalf("error %v, want %v", err, tt.err)
				}
				if iv != tt.want || len(warns) != tt.warns {
					t.Errorf("interval %v with %d warnings %v, want %v with %d", iv, len(warns), warns, tt.want, tt.warns)
				}
			}
			if tt.warns > 0 {
				_, warns, _ := InferInterval(tt.starts, lines)
				if warns[0].Line == 0 || !strings.Contains(warns[0].String(), "off the 30m grid") {
					t.Errorf("warning %q names no line", warns[0])
				}
			}
		})
	}
}

func TestInferCommonInterval(t *testing.T) {
	d0 := time.Date(2026, 1, 5, 8, 0, 0, 0, time.UTC)
	var hourly []time.Time
	for i := 0; i < 10; i++ {
		hourly = append(hourly, d0.Add(time.Duration(i)*time.Hour))
	}
	typo := halfHourly(d0, 20)
	typo[3] = typo[3].Add(5 * time.Minute)
	tests := []struct {
		name  string
		qs    []QueueStarts
		want  time.Duration
		warns int
		err   error
		msg   string
	}{
		{"two half-hourly queues", []QueueStarts{{"a", halfHourly(d0, 10), nil}, {"b", halfHourly(d0, 5), nil}}, 30 * time.Minute, 0, nil, ""},
		{"hourly beside half-hourly", []QueueStarts{{"sales", halfHourly(d0, 10), nil}, {"support", hourly, nil}}, 0, 0, ErrIntervalQueues, `"sales" has 30m intervals but queue "support" has 1h;`},
		{"single-row queue skipped", []QueueStarts{{"a", halfHourly(d0, 10), nil}, {"b", halfHourly(d0, 1), nil}}, 30 * time.Minute, 0, nil, ""},
		{"warning names its queue", []QueueStarts{{"a", typo, nil}}, 30 * time.Minute, 1, nil, ""},
		{"no queue with two starts", []QueueStarts{{"a", halfHourly(d0, 1), nil}}, 0, 0, ErrNoInterval, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			iv, warns, err := InferCommonInterval(tt.qs)
			if !errors.Is(err, tt.err) || (tt.err == nil && err != nil) {
				t.Fatalf("error %v, want %v", err, tt.err)
			}
			if err != nil && !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("error %q does not say %q", err, tt.msg)
			}
			if iv != tt.want || len(warns) != tt.warns {
				t.Errorf("interval %v with warnings %v, want %v with %d", iv, warns, tt.want, tt.warns)
			}
			for _, w := range warns {
				if w.Queue == "" || !strings.Contains(w.String(), `queue "a"`) {
					t.Errorf("warning %q does not name its queue", w)
				}
			}
		})
	}
}

// FuzzWriter: any fields are written as encoding/csv writes them, and read
// back to themselves through Reader (when they make a readable record).
func FuzzWriter(f *testing.F) {
	f.Add("plain", "a,b", "\u00a0x")
	f.Add(`"`, "\r\n", `\.`)
	f.Fuzz(func(t *testing.T, a, b, c string) {
		var got, want bytes.Buffer
		w := NewWriter(&got)
		if err := w.Record("x", "y", "z"); err != nil {
			t.Fatal(err)
		}
		w.Record(a, b, c)
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
		cw := csv.NewWriter(&want)
		cw.Write([]string{"x", "y", "z"})
		cw.Write([]string{a, b, c})
		cw.Flush()
		if got.String() != want.String() {
			t.Fatalf("csvio.Writer %q, encoding/csv %q", got.String(), want.String())
		}
	})
}

// FuzzInferInterval: any starts give an interval dividing a day with every
// warning naming a line, or a sentinel error; never a panic.
func FuzzInferInterval(f *testing.F) {
	f.Add([]byte{0, 30, 60, 75, 90, 120})
	f.Add([]byte{5, 5, 5})
	f.Add([]byte{0, 7, 14, 255})
	f.Fuzz(func(t *testing.T, mins []byte) {
		t0 := time.Date(2026, 3, 8, 0, 0, 0, 0, time.UTC)
		var starts []time.Time
		var lines []int
		for i, m := range mins {
			starts = append(starts, t0.Add(time.Duration(int(m)*(i/8+1))*time.Minute))
			lines = append(lines, i+2)
		}
		iv, warns, err := InferInterval(starts, lines)
		if err != nil {
			if !errors.Is(err, ErrNoInterval) && !errors.Is(err, ErrIntervalDay) && !errors.Is(err, ErrIntervalMixed) {
				t.Fatalf("error %v matches no sentinel", err)
			}
			return
		}
		if iv <= 0 || (24*time.Hour)%iv != 0 {
			t.Fatalf("interval %v does not divide a day", iv)
		}
		if float64(len(warns)) > MaxOffGrid*float64(len(starts)) {
			t.Fatalf("%d warnings for %d starts", len(warns), len(starts))
		}
		for _, w := range warns {
			if w.Line < 2 {
				t.Fatalf("warning %q names no line", w)
			}
		}
	})
}
