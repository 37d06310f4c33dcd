package csvio

import (
	"io"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// AppendField appends s to buf as one CSV field, quoted the way
// encoding/csv's Writer quotes: when it holds a comma, a quote or a line
// break, starts with a white-space character, or is `\.`.
func AppendField(buf []byte, s string) []byte {
	if !needsQuotes(s) {
		return append(buf, s...)
	}
	buf = append(buf, '"')
	buf = append(buf, strings.ReplaceAll(s, `"`, `""`)...)
	return append(buf, '"')
}

func needsQuotes(f string) bool {
	if f == "" {
		return false
	}
	if f == `\.` || strings.ContainsAny(f, ",\"\r\n") {
		return true
	}
	r, _ := utf8.DecodeRuneInString(f)
	return unicode.IsSpace(r)
}

// Writer is the one CSV writer of every Staffcast codec. It writes what
// encoding/csv's Writer writes with its defaults (comma, "\n" line ends,
// the same quoting), but builds lines by appending to one buffer, which is
// several times faster on a year of intervals. Fields are added one by one
// (Field, Int, Float, Time) or a record at once (Record); EndRecord ends a
// line. The first write error is kept: every later call returns it, and so
// does Flush, which must be called at the end.
type Writer struct {
	w     io.Writer
	buf   []byte
	first bool // no field yet on the current line
	err   error
}

// NewWriter returns a Writer writing to w.
func NewWriter(w io.Writer) *Writer {
	return &Writer{w: w, buf: make([]byte, 0, 64<<10), first: true}
}

func (w *Writer) sep() {
	if !w.first {
		w.buf = append(w.buf, ',')
	}
	w.first = false
}

// Field adds a text field, quoted when needed.
func (w *Writer) Field(s string) {
	w.sep()
	w.buf = AppendField(w.buf, s)
}

// Int adds an integer field.
func (w *Writer) Int(v int64) {
	w.sep()
	w.buf = strconv.AppendInt(w.buf, v, 10)
}

// Float adds a number formatted as strconv.FormatFloat(v, format, prec, 64).
func (w *Writer) Float(v float64, format byte, prec int) {
	w.sep()
	w.buf = strconv.AppendFloat(w.buf, v, format, prec, 64)
}

// Time adds t formatted with layout.
func (w *Writer) Time(t time.Time, layout string) {
	w.sep()
	w.buf = t.AppendFormat(w.buf, layout)
}

// Record adds fields and ends the line.
func (w *Writer) Record(fields ...string) error {
	for _, f := range fields {
		w.Field(f)
	}
	return w.EndRecord()
}

// EndRecord ends the current line, writing the buffer out when it is full.
func (w *Writer) EndRecord() error {
	w.buf = append(w.buf, '\n')
	w.first = true
	if len(w.buf) >= 60<<10 {
		w.write()
	}
	return w.err
}

func (w *Writer) write() {
	if w.err == nil && len(w.buf) > 0 {
		_, w.err = w.w.Write(w.buf)
	}
	w.buf = w.buf[:0]
}

// Flush writes out what is buffered and returns the first write error.
func (w *Writer) Flush() error {
	w.write()
	return w.err
}

// Err is the first write error, nil while none happened.
func (w *Writer) Err() error { return w.err }
