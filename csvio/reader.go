package csvio

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Reader reads a CSV file with a header line. Columns may come in any order,
// unknown columns are ignored, and header names are matched case-insensitively
// after trimming spaces. Every record must have as many fields as the header.
type Reader struct {
	r      *csv.Reader
	header []string
	index  map[string]int
	line   int // line of the record last returned
	rec    []string
}

// NewReader reads the header and checks that every required column is present.
// A missing column is reported as a *ParseError on line 1 wrapping
// ErrMissingColumn.
func NewReader(r io.Reader, required ...string) (*Reader, error) {
	cr := csv.NewReader(r)
	cr.ReuseRecord = true
	cr.TrimLeadingSpace = true
	head, err := cr.Read()
	if err == io.EOF {
		return nil, &ParseError{Line: 1, Err: errors.New("csvio: empty file, a header line is required")}
	}
	if err != nil {
		return nil, fromCSV(err)
	}
	rd := &Reader{r: cr, index: make(map[string]int, len(head))}
	for i, h := range head {
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

// Next reads the next record. It returns io.EOF after the last one. Blank
// lines are skipped (encoding/csv does so).
func (rd *Reader) Next() error {
	rec, err := rd.r.Read()
	if err != nil {
		if err == io.EOF {
			return io.EOF
		}
		return fromCSV(err)
	}
	rd.line, _ = rd.r.FieldPos(0)
	rd.rec = rec
	return nil
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

// Errorf builds a *ParseError for the named column of the current record.
func (rd *Reader) Errorf(name string, err error) *ParseError {
	i, ok := rd.index[name]
	if !ok {
		return &ParseError{Line: rd.line, Field: name, Err: err}
	}
	// Column is the field number, which people can count, not encoding/csv's byte offset.
	return &ParseError{Line: rd.line, Column: i + 1, Field: name, Err: err}
}
