package scenario

import (
	"errors"
	"fmt"
)

// Sentinel errors; match them with errors.Is. Every error about the
// document is a *FieldError naming the field, which also matches ErrInvalid.
var (
	// ErrInvalid matches every *FieldError: the document is not valid.
	ErrInvalid = errors.New("scenario: invalid document")
	// ErrUnknownField is a JSON field the document does not have.
	ErrUnknownField = errors.New("scenario: unknown field")
	// ErrRange is a value outside its allowed range.
	ErrRange = errors.New("scenario: value out of range")
	// ErrSyntax is a value of the wrong JSON type or a string that does not
	// parse (durations, hours, dates).
	ErrSyntax = errors.New("scenario: malformed value")
	// ErrMissing is a required field left out.
	ErrMissing = errors.New("scenario: missing field")
	// ErrDemand is demand data (Inputs) that do not fit the document.
	ErrDemand = errors.New("scenario: invalid demand")
	// ErrVary is a -vary specification that does not parse.
	ErrVary = errors.New("scenario: invalid vary")
)

// FieldError is an error about one field of a document, named by its
// dotted JSON path ("bot.escalation", "queues[1].humans.hours.sat",
// "demand.campaigns[0].from").
type FieldError struct {
	Field string
	Err   error
}

// Error reads "scenario: bot.escalation: 1.3 is outside [0, 1]".
func (e *FieldError) Error() string {
	if e.Field == "" {
		return "scenario: " + e.Err.Error()
	}
	return "scenario: " + e.Field + ": " + e.Err.Error()
}

// Unwrap returns the cause.
func (e *FieldError) Unwrap() error { return e.Err }

// Is makes every FieldError match ErrInvalid.
func (e *FieldError) Is(target error) bool { return target == ErrInvalid }

// kindError is a message that matches a sentinel without repeating its
// text ("1.3 is outside [0, 1]" matching ErrRange).
type kindError struct {
	msg  string
	kind error
}

func (e *kindError) Error() string { return e.msg }
func (e *kindError) Unwrap() error { return e.kind }

// fieldErr builds a *FieldError whose cause matches kind.
func fieldErr(field string, kind error, format string, args ...any) *FieldError {
	return &FieldError{Field: field, Err: &kindError{msg: fmt.Sprintf(format, args...), kind: kind}}
}

// join prefixes a path: join("bot", "share") = "bot.share"; an index
// segment "[2]" is appended without a dot.
func join(prefix, name string) string {
	switch {
	case prefix == "":
		return name
	case name == "":
		return prefix
	case name[0] == '[':
		return prefix + name
	}
	return prefix + "." + name
}

// within prefixes the field of a *FieldError (or wraps another error as
// one naming prefix).
func within(prefix string, err error) error {
	if err == nil {
		return nil
	}
	var fe *FieldError
	if errors.As(err, &fe) {
		return &FieldError{Field: join(prefix, fe.Field), Err: fe.Err}
	}
	return &FieldError{Field: prefix, Err: err}
}
