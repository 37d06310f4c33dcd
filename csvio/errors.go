package csvio

import (
	"errors"
	"fmt"

	"github.com/staffcast/staffcast/internal/textcheck"
)

// ParseError reports a problem at a position in a CSV file. Line and Column
// are 1-based; Column is the field number in the record (the third field is
// column 3, whatever the bytes before it), never a byte offset, and 0 means
// the whole record. Field is the header name of that column when known.
type ParseError struct {
	Line   int    // line in the file, header is line 1
	Column int    // 1-based field number, 0 when the error is about the whole record
	Field  string // header name of the column, when known
	Err    error
}

func (e *ParseError) Error() string {
	switch {
	case e.Column > 0 && e.Field != "":
		return fmt.Sprintf("line %d, column %d (%s): %v", e.Line, e.Column, e.Field, e.Err)
	case e.Column > 0:
		return fmt.Sprintf("line %d, column %d: %v", e.Line, e.Column, e.Err)
	case e.Field != "":
		return fmt.Sprintf("line %d (%s): %v", e.Line, e.Field, e.Err)
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
	// ErrTooLarge is a number above the limit its column states.
	ErrTooLarge = errors.New("csvio: value too large")
	// ErrTimeRange is a date outside [MinYear, MaxYear].
	ErrTimeRange = errors.New("csvio: date out of range")
	// ErrNoSuchTime is a wall-clock time without offset that does not
	// exist in its zone (ParseLocalTime).
	ErrNoSuchTime = errors.New("csvio: local time does not exist")
	// ErrSyntax is a malformed CSV record (a stray quote); it wraps
	// encoding/csv's own error.
	ErrSyntax = errors.New("csvio: malformed CSV")
	// ErrNotUTF8 is a field that is not valid UTF-8 (a Latin-1 file, say).
	ErrNotUTF8 = textcheck.ErrNotUTF8
	// ErrControl is a field holding a control character other than tab,
	// line feed and carriage return (NUL, say).
	ErrControl = textcheck.ErrControl
)

// syntaxError wraps encoding/csv's error (ErrBareQuote, ErrQuote) under
// ErrSyntax, so both match with errors.Is.
type syntaxError struct{ err error }

func (e syntaxError) Error() string   { return ErrSyntax.Error() + ": " + e.err.Error() }
func (e syntaxError) Unwrap() []error { return []error{ErrSyntax, e.err} }

// MaxRowErrors caps the bad rows a reader that reports every bad row
// keeps (RowErrors); the rest are only counted.
const MaxRowErrors = 100

// RowErrors is every bad row of a file a reader found, in file order: the
// first MaxRowErrors, and Omitted counting the rest. Its text is the first
// error's, with the number of other bad lines; errors.As finds the first
// *ParseError and errors.Is matches each kept one.
type RowErrors struct {
	Errs    []*ParseError
	Omitted int
}

// Add records a bad row: err when it is a *ParseError, else err at line.
func (e *RowErrors) Add(line int, err error) {
	if len(e.Errs) >= MaxRowErrors {
		e.Omitted++
		return
	}
	var pe *ParseError
	if !errors.As(err, &pe) {
		pe = &ParseError{Line: line, Err: err}
	}
	e.Errs = append(e.Errs, pe)
}

// Err returns e when it holds a bad row, nil otherwise.
func (e *RowErrors) Err() error {
	if len(e.Errs) == 0 {
		return nil
	}
	return e
}

func (e *RowErrors) Error() string {
	msg := e.Errs[0].Error()
	if n := len(e.Errs) - 1 + e.Omitted; n == 1 {
		msg += " (and 1 more bad line)"
	} else if n > 1 {
		msg += fmt.Sprintf(" (and %d more bad lines)", n)
	}
	return msg
}

func (e *RowErrors) Unwrap() []error {
	errs := make([]error, len(e.Errs))
	for i, pe := range e.Errs {
		errs[i] = pe
	}
	return errs
}
