package csvio

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // time-zone tests run, not skip, without system zoneinfo
)

func TestNewReaderHeader(t *testing.T) {
	tests := []struct {
		name, in string
		required []string
		wantErr  error
		wantMsg  string
	}{
		{"any order, extras, case, BOM", "\ufeffExtra, Volume ,interval_start\n", []string{"interval_start", "volume"}, nil, ""},
		{"missing column", "interval_start,queue\n", []string{"interval_start", "volume"}, ErrMissingColumn, `line 1: csvio: missing required column "volume"`},
		{"duplicate column", "a,b,a\n", nil, ErrDuplicate, "line 1, column 3 (a)"},
		{"empty file", "", nil, nil, "line 1: csvio: empty file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := NewReader(strings.NewReader(tt.in), tt.required...)
			if tt.wantMsg == "" {
				if err != nil {
					t.Fatalf("unexpected error %v", err)
				}
				return
			}
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %v is not a *ParseError", err)
			}
			if tt.wantErr != nil && !errors.Is(err, tt.wantErr) {
				t.Errorf("error %v does not wrap %v", err, tt.wantErr)
			}
			if !strings.HasPrefix(err.Error(), tt.wantMsg) {
				t.Errorf("error %q, want prefix %q", err, tt.wantMsg)
			}
		})
	}
}

func TestFieldErrorsCarryPosition(t *testing.T) {
	in := "interval_start,volume,note\n" +
		"2026-01-05T08:00:00,12.5,ok\n" +
		"\n" + // blank lines are skipped but still counted
		"2026-01-05T08:30:00,-1,neg\n" +
		"2026-01-05T09:00,abc,nan\n" +
		"yesterday,3,time\n" +
		"2026-01-05T09:30:00,3\n"
	rd, err := NewReader(strings.NewReader(in), "interval_start", "volume")
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		line, col int
		sentinel  error
	}{
		{2, 0, nil},
		{4, 2, ErrNegative},
		{5, 2, ErrNotNumber},
		{6, 1, ErrBadTime},
		{7, 0, ErrFieldCount},
	}
	for i, w := range want {
		err := rd.Next()
		if err == nil {
			if _, err = rd.Time("interval_start", time.UTC); err == nil {
				_, err = rd.NonNegative("volume")
			}
		}
		if w.sentinel == nil {
			if err != nil {
				t.Fatalf("record %d: %v", i, err)
			}
			if rd.Line() != w.line {
				t.Errorf("record %d: line %d, want %d", i, rd.Line(), w.line)
			}
			continue
		}
		var pe *ParseError
		if !errors.As(err, &pe) || !errors.Is(err, w.sentinel) {
			t.Fatalf("record %d: error %v, want a ParseError wrapping %v", i, err, w.sentinel)
		}
		if pe.Line != w.line || pe.Column != w.col {
			t.Errorf("record %d: line %d column %d, want %d and %d (%v)", i, pe.Line, pe.Column, w.line, w.col, err)
		}
	}
	if err := rd.Next(); err != io.EOF {
		t.Errorf("after the last record: %v, want io.EOF", err)
	}
}

func TestParseTime(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		in   string
		loc  *time.Location
		want time.Time
	}{
		{"2026-03-08T12:00:00Z", ny, time.Date(2026, 3, 8, 12, 0, 0, 0, time.UTC)},
		{"2026-03-08T12:00:00+02:00", nil, time.Date(2026, 3, 8, 10, 0, 0, 0, time.UTC)},
		{"2026-03-08T12:00:00", ny, time.Date(2026, 3, 8, 16, 0, 0, 0, time.UTC)}, // EDT, after the change
		{"2026-03-07 12:00", ny, time.Date(2026, 3, 7, 17, 0, 0, 0, time.UTC)},    // EST, space and no seconds
		{"2026-03-07T12:00:00", nil, time.Date(2026, 3, 7, 12, 0, 0, 0, time.UTC)},
	}
	for _, tt := range tests {
		got, err := ParseTime(tt.in, tt.loc)
		if err != nil || !got.Equal(tt.want) {
			t.Errorf("ParseTime(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
	for _, bad := range []string{"", "2026-13-01T00:00:00", "08:00", "2026-03-08T25:00:00", "04/06/2003 20:20"} {
		_, err := ParseTime(bad, nil)
		if !errors.Is(err, ErrBadTime) {
			t.Errorf("ParseTime(%q) error %v, want ErrBadTime", bad, err)
		}
		// The error quotes the field as written (a space is not shown as
		// the T it is read as).
		if err != nil && !strings.Contains(err.Error(), fmt.Sprintf("%q", bad)) {
			t.Errorf("ParseTime(%q) error %q does not quote the field", bad, err)
		}
	}
}

// TestParseLocalTime: a wall-clock time without offset that its zone
// skips is ErrNoSuchTime (ParseTime, as Go, moves it by the clock
// change); every time that exists, or carries its offset, reads as
// ParseTime reads it.
func TestParseLocalTime(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name string
		in   string
		loc  *time.Location
		want time.Time // zero: ErrNoSuchTime
	}{
		{"before the skipped hour", "2024-03-10T01:30:00", ny, time.Date(2024, 3, 10, 6, 30, 0, 0, time.UTC)},
		{"start of the skipped hour", "2024-03-10T02:00:00", ny, time.Time{}},
		{"inside the skipped hour, no seconds", "2024-03-10 02:30", ny, time.Time{}},
		{"after the skipped hour", "2024-03-10T03:00:00", ny, time.Date(2024, 3, 10, 7, 0, 0, 0, time.UTC)},
		{"skipped hour with an offset", "2024-03-10T02:00:00-05:00", ny, time.Date(2024, 3, 10, 7, 0, 0, 0, time.UTC)},
		{"skipped hour in UTC", "2024-03-10T02:00:00", nil, time.Date(2024, 3, 10, 2, 0, 0, 0, time.UTC)},
		{"repeated hour: its first occurrence", "2024-11-03T01:00:00", ny, time.Date(2024, 11, 3, 5, 0, 0, 0, time.UTC)},
		{"2003 rules", "2003-04-06T02:00:00", ny, time.Time{}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseLocalTime(tt.in, tt.loc)
			if tt.want.IsZero() {
				if !errors.Is(err, ErrNoSuchTime) || !strings.Contains(err.Error(), "does not exist in America/New_York") {
					t.Errorf("ParseLocalTime(%q) = %v, %v; want ErrNoSuchTime", tt.in, got, err)
				}
				return
			}
			if err != nil || !got.Equal(tt.want) {
				t.Errorf("ParseLocalTime(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
			}
		})
	}
	if _, err := ParseLocalTime("monday", ny); !errors.Is(err, ErrBadTime) {
		t.Errorf("a bad time: %v, want ErrBadTime", err)
	}
}

func TestOptionalNonNegative(t *testing.T) {
	rd, _ := NewReader(strings.NewReader("a,b\n,2\n"), "a")
	if err := rd.Next(); err != nil {
		t.Fatal(err)
	}
	if _, ok, err := rd.OptionalNonNegative("a"); ok || err != nil {
		t.Errorf("empty cell: ok %v err %v, want absent", ok, err)
	}
	if _, ok, err := rd.OptionalNonNegative("missing"); ok || err != nil {
		t.Errorf("absent column: ok %v err %v, want absent", ok, err)
	}
	if v, ok, err := rd.OptionalNonNegative("b"); !ok || err != nil || v != 2 {
		t.Errorf("b = %v, %v, %v; want 2", v, ok, err)
	}
}

func ExampleReader() {
	in := "queue,volume\nsales,12\nsupport,-3\n"
	rd, err := NewReader(strings.NewReader(in), "volume")
	if err != nil {
		fmt.Println(err)
		return
	}
	for rd.Next() == nil {
		v, err := rd.NonNegative("volume")
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Println(rd.Get("queue"), v)
	}
	// Output:
	// sales 12
	// line 3, column 2 (volume): csvio: negative value: -3
}

// FuzzReader checks that no input makes the reader panic and that every
// error it returns is positioned.
func FuzzReader(f *testing.F) {
	f.Add("interval_start,volume\n2026-01-05T08:00:00,1\n")
	f.Add("a,b\n\"x\ny\",2\n1\n")
	f.Add("volume\n1e400\nNaN\n\"")
	f.Fuzz(func(t *testing.T, in string) {
		rd, err := NewReader(strings.NewReader(in), "volume")
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("header error %v is not positioned", err)
			}
			return
		}
		for i := 0; i < 1000; i++ {
			err := rd.Next()
			if err == io.EOF {
				return
			}
			if err == nil {
				_, err = rd.NonNegative("volume")
				if err == nil {
					_, _, err = rd.OptionalNonNegative("interval_start")
				}
			}
			var pe *ParseError
			if err != nil && (!errors.As(err, &pe) || pe.Line < 1) {
				t.Fatalf("error %v is not positioned", err)
			}
		}
	})
}

// TestNextRefusesBinaryText: every field of every CSV must be text: a NUL or
// a Latin-1 byte is refused naming line, column and field, while tabs and
// line breaks inside a quoted field are free text; the reader goes on after
// such a record.
func TestNextRefusesBinaryText(t *testing.T) {
	in := "id,name\n" +
		"1,\"Ann\tLee\nSecond line\"\n" +
		"2,Bad\x00Name\n" +
		"3,Bad\xe9\xffName\n" +
		"4,Zo\xeb\n" +
		"5,ok\n"
	rd, err := NewReader(strings.NewReader(in), "id", "name")
	if err != nil {
		t.Fatal(err)
	}
	type got struct {
		line int
		want error
		msg  string
	}
	want := []got{
		{2, nil, ""},
		{4, ErrControl, `line 4, column 2 (name): holds a control character (NUL) at byte 4: "Bad\x00Name"`},
		{5, ErrNotUTF8, `line 5, column 2 (name): not valid UTF-8 (byte 0xe9 at byte 4)`},
		{6, ErrNotUTF8, `line 6, column 2 (name): not valid UTF-8`},
		{7, nil, ""},
	}
	for _, w := range want {
		err := rd.Next()
		if w.want == nil {
			if err != nil || rd.Line() != w.line {
				t.Fatalf("line %d: %v (at line %d)", w.line, err, rd.Line())
			}
			continue
		}
		var pe *ParseError
		if !errors.As(err, &pe) || !errors.Is(err, w.want) || pe.Line != w.line || pe.Column != 2 || pe.Field != "name" {
			t.Fatalf("line %d: %v, want %v at column 2 (name)", w.line, err, w.want)
		}
		if !strings.HasPrefix(err.Error(), w.msg) {
			t.Errorf("line %d: %q, want prefix %q", w.line, err, w.msg)
		}
		if !RecordRead(err) {
			t.Errorf("line %d: RecordRead(%v) is false", w.line, err)
		}
	}
	if err := rd.Next(); err != io.EOF {
		t.Errorf("after the last record: %v", err)
	}
	if _, err := NewReader(strings.NewReader("id,na\x00me\n")); !errors.Is(err, ErrControl) {
		t.Errorf("NUL in the header: %v", err)
	}
}
