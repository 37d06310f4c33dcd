package csvio

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/staffcast/staffcast/internal/textcheck"
)

// Reader reads a CSV file with a header line. Columns may come in any order,
// unknown columns are ignored, and header names are matched case-insensitively
// after trimming spaces. Every record must have as many fields as the header.
type Reader struct {
	r      *csv.Reader
	src    *tail
	header []string
	index  map[string]int
	line   int // line of the record last returned
	rec    []string
}

// NewReader reads the header and checks that every required column is present.
// A missing column is reported as a *ParseError on line 1 wrapping
// ErrMissingColumn. Reads from r are buffered (64 KiB); r need not be.
func NewReader(r io.Reader, required ...string) (*Reader, error) {
	src := &tail{r: r, line: 1}
	cr := csv.NewReader(bufio.NewReaderSize(src, 64<<10))
	cr.ReuseRecord = true
	cr.TrimLeadingSpace = true
	rd := &Reader{r: cr, src: src}
	head, err := cr.Read()
	if err == io.EOF {
		return nil, &ParseError{Line: 1, Err: errors.New("csvio: empty file, a header line is required")}
	}
	if err != nil {
		return nil, rd.fromCSV(err, nil)
	}
	src.keep(cr.InputOffset())
	rd.index = make(map[string]int, len(head))
	for i, h := range head {
		if err := textcheck.Check(h); err != nil {
			return nil, &ParseError{Line: 1, Column: i + 1, Err: fmt.Errorf("header: %w", err)}
		}
		name := strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		rd.header = append(rd.header, name)
		if _, dup := rd.index[name]; dup && name != "" {
			return nil, &ParseError{Line: 1, Column: i + 1, Field: name, Err: fmt.Errorf("%w column %q in header", ErrDuplicate, name)}
		}
		rd.index[name] = i
	}
	for _, want := range required {
		if _, ok := rd.index[want]; !ok {
			return nil, &ParseError{Line: 1, Err: fmt.Errorf("%w %q (header has %s)", ErrMissingColumn, want, strings.Join(rd.header, ","))}
		}
	}
	return rd, nil
}

// Has reports whether the header has the named column.
func (rd *Reader) Has(name string) bool { _, ok := rd.index[name]; return ok }

// Header returns the normalised header names.
func (rd *Reader) Header() []string { return rd.header }

// Column is the 1-based field number of the named column, 0 when the
// header lacks it.
func (rd *Reader) Column(name string) int {
	i, ok := rd.index[name]
	if !ok {
		return 0
	}
	return i + 1
}

// Next reads the next record. It returns io.EOF after the last one. Blank
// lines are skipped (encoding/csv does so) but counted in line numbers.
//
// Every field must be text (textcheck.Check): valid UTF-8 without control
// characters but tab, line feed and carriage return, which a quoted
// free-text field may hold. A field that is not is a *ParseError naming it
// and wrapping ErrNotUTF8 or ErrControl; the record was read whole, so a
// reader that lists every bad row may go on (see RecordRead).
func (rd *Reader) Next() error {
	rec, err := rd.r.Read()
	if err != nil {
		if err == io.EOF {
			return io.EOF
		}
		return rd.fromCSV(err, rec)
	}
	rd.line, _ = rd.r.FieldPos(0)
	rd.rec = rec
	rd.src.keep(rd.r.InputOffset())
	for i, f := range rec {
		if err := textcheck.Check(f); err != nil {
			pe := &ParseError{Line: rd.line, Column: i + 1, Err: fmt.Errorf("%w: %.40q", err, f)}
			if i < len(rd.header) {
				pe.Field = rd.header[i]
			}
			return pe
		}
	}
	return nil
}

// RecordRead reports whether err, an error of Next, is about a record that
// was read whole (a wrong number of fields, a field that is not text), so
// that a reader listing every bad row can go on to the next record; after
// any other error (a malformed record) the reader cannot be trusted.
func RecordRead(err error) bool {
	return errors.Is(err, ErrFieldCount) || errors.Is(err, ErrNotUTF8) || errors.Is(err, ErrControl)
}

// Line is the file line of the current record.
func (rd *Reader) Line() int { return rd.line }

// Get returns the trimmed value of the named column in the current record,
// or "" when the header lacks that column.
func (rd *Reader) Get(name string) string {
	i, ok := rd.index[name]
	if !ok {
		return ""
	}
	return strings.TrimSpace(rd.rec[i])
}

// Errorf builds a *ParseError for the named column of the current record:
// its line, its field number and its name.
func (rd *Reader) Errorf(name string, err error) *ParseError {
	return &ParseError{Line: rd.line, Column: rd.Column(name), Field: name, Err: err}
}

// At builds a *ParseError for the named column on another line (a row
// kept from earlier, reported once the whole file is read).
func (rd *Reader) At(line int, name string, err error) *ParseError {
	return &ParseError{Line: line, Column: rd.Column(name), Field: name, Err: err}
}

// fromCSV turns encoding/csv's own errors into a ParseError so callers see
// one error shape whatever went wrong: the line of the record, and for a
// syntax error the field number, found by re-reading the record's bytes
// (encoding/csv gives a byte offset).
func (rd *Reader) fromCSV(err error, rec []string) error {
	var pe *csv.ParseError
	if !errors.As(err, &pe) {
		return err
	}
	if errors.Is(pe.Err, csv.ErrFieldCount) {
		return &ParseError{Line: pe.StartLine, Err: fmt.Errorf("%w: %d, the header has %d", ErrFieldCount, len(rec), len(rd.header))}
	}
	col := rd.src.fieldAt(pe.StartLine, pe.Line, pe.Column)
	out := &ParseError{Line: pe.StartLine, Column: col, Err: syntaxError{pe.Err}}
	if pe.Line != pe.StartLine {
		out.Err = fmt.Errorf("%w (on line %d of the record)", out.Err, pe.Line)
	}
	if col > 0 && col <= len(rd.header) {
		out.Field = rd.header[col-1]
	}
	return out
}

// tail passes a reader through and keeps the bytes not yet consumed by a
// whole record (from the end of the last record read), so an error inside
// a record can be located by field. It holds at most the read-ahead and the
// current record.
type tail struct {
	r    io.Reader
	buf  []byte // bytes from offset off onward
	off  int64  // input offset of buf[0]
	from int64  // records before this offset are done with
	line int    // line number at offset from
}

func (t *tail) Read(p []byte) (int, error) {
	n, err := t.r.Read(p)
	t.buf = append(t.buf, p[:n]...)
	return n, err
}

// keep drops the bytes before offset at (the end of the last whole record).
func (t *tail) keep(at int64) {
	if at <= t.from {
		return
	}
	i, j := int(t.from-t.off), int(at-t.off)
	if j > len(t.buf) {
		j = len(t.buf)
	}
	t.line += bytes.Count(t.buf[i:j], []byte{'\n'})
	t.from = at
	if j > 32<<10 && j > len(t.buf)/2 { // compact now and then, not per record
		t.buf = t.buf[:copy(t.buf, t.buf[j:])]
		t.off += int64(j)
	}
}

// fieldAt returns the 1-based field number holding byte column col
// (1-based) of line errLine, in the record starting on line start; 0 when
// those bytes are no longer held.
func (t *tail) fieldAt(start, errLine, col int) int {
	b := t.buf[int(t.from-t.off):]
	line := t.line
	for line < start { // skip blank lines before the record
		i := bytes.IndexByte(b, '\n')
		if i < 0 {
			return 0
		}
		b, line = b[i+1:], line+1
	}
	field, quoted, fieldStart, closed := 1, false, true, false
	c := 0 // byte column on the current line
	for _, ch := range b {
		c++
		if line == errLine && c >= col {
			return field
		}
		wasClosed := closed
		closed = false
		switch {
		case ch == '\n':
			if !quoted {
				return field
			}
			line, c = line+1, 0
		case fieldStart && (ch == ' ' || ch == '\t'):
			// leading space, trimmed by the reader
		case fieldStart && ch == '"':
			quoted, fieldStart = true, false
		case ch == '"' && quoted:
			quoted, closed = false, true
		case ch == '"' && wasClosed:
			quoted = true // a doubled quote inside a quoted field
		case ch == ',' && !quoted:
			field, fieldStart = field+1, true
		default:
			fieldStart = false
		}
	}
	return field // the error is at the end of the input, in this record
}
