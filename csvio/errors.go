package csvio

import (
	"encoding/csv"
	"errors"
	"fmt"
)

// ParseError reports a problem at a position in a CSV file. Line and Column
// are 1-based, like encoding/csv's; Column 0 means the whole record.
type ParseError struct {
	Line   int    // line in the file, header is line 1
	Column int    // 1-based column, 0 when the error is about the whole record
	Field  string // header name of the column, when known
	Err    error
}

func (e *ParseError) Error() string {
	switch {
	case e.Column > 0 && e.Field != "":
		return fmt.Sprintf("line %d, column %d (%s): %v", e.Line, e.Column, e.Field, e.Err)
	case e.Column > 0:
		return fmt.Sprintf("line %d, column %d: %v", e.Line, e.Column, e.Err)
	default:
		return fmt.Sprintf("line %d: %v", e.Line, e.Err)
	}
}

func (e *ParseError) Unwrap() error { return e.Err }

// Sentinel errors; match them with errors.Is.
var (
	ErrMissingColumn = errors.New("csvio: missing required column")
	ErrFieldCount    = errors.New("csvio: wrong number of fields")
	ErrEmpty         = errors.New("csvio: empty field")
	ErrNotNumber     = errors.New("csvio: not a number")
	ErrNegative      = errors.New("csvio: negative value")
	ErrBadTime       = errors.New("csvio: not an RFC 3339 timestamp")
	ErrDuplicate     = errors.New("csvio: duplicate")
)

// fromCSV turns encoding/csv's own errors into a ParseError so callers see
// one error shape whatever went wrong.
func fromCSV(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		if errors.Is(pe.Err, csv.ErrFieldCount) {
			return &ParseError{Line: pe.StartLine, Err: ErrFieldCount}
		}
		return &ParseError{Line: pe.StartLine, Column: pe.Column, Err: pe.Err}
	}
	return err
}
