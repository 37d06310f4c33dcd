package app

import (
	"context"
	"errors"
	"fmt"
)

// Kind says what sort of failure an error is, so that every face maps it the
// same way: the CLI to an exit status, the API to an HTTP status. Each face
// decides that mapping in exactly one function.
type Kind int

// The error kinds. The zero value is Internal so that an error nobody
// classified is never blamed on the user.
const (
	Internal     Kind = iota // a bug or an environment failure: exit 1, HTTP 500
	Invalid                  // the caller's input is wrong: exit 2, HTTP 400/422
	NotFound                 // a named thing does not exist: exit 2, HTTP 404
	Conflict                 // the thing exists already, or is in a state that forbids the change: exit 1, HTTP 409
	Forbidden                // the caller may not do this: exit 2, HTTP 403
	Unauthorized             // the caller is unknown: HTTP 401
	Canceled                 // the context was cancelled or its deadline passed
	Stale                    // the caller's version is not the stored one (a lost update refused): exit 1, HTTP 412
)

func (k Kind) String() string {
	switch k {
	case Invalid:
		return "invalid"
	case NotFound:
		return "not_found"
	case Conflict:
		return "conflict"
	case Forbidden:
		return "forbidden"
	case Unauthorized:
		return "unauthorized"
	case Canceled:
		return "canceled"
	case Stale:
		return "stale"
	default:
		return "internal"
	}
}

// Error is the application's one error type: a kind, a message for the user
// and the cause it wraps. Op names the operation that failed ("forecast",
// "import history") and is prefixed to the message when set.
type Error struct {
	Kind    Kind
	Op      string
	Message string
	Err     error
	// Details lists positioned problems (for example the bad lines of an
	// import), capped by whoever builds it; may be nil.
	Details []Detail
}

// Detail is one positioned problem, such as a bad CSV cell.
type Detail struct {
	Line   int    `json:"line,omitempty"`
	Column int    `json:"column,omitempty"`
	Field  string `json:"field,omitempty"`
	Reason string `json:"reason"`
}

func (e *Error) Error() string {
	msg := e.Message
	if msg == "" && e.Err != nil {
		msg = e.Err.Error()
	} else if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	if e.Op != "" {
		return e.Op + ": " + msg
	}
	return msg
}

func (e *Error) Unwrap() error { return e.Err }

// Reason is err's text without the operations that wrapped it ("get
// staffing: "): for a message that names the request's field instead.
func Reason(err error) string {
	e, ok := err.(*Error)
	switch {
	case !ok:
		return err.Error()
	case e.Err == nil:
		return e.Message
	case e.Message == "":
		return Reason(e.Err)
	}
	return e.Message + ": " + Reason(e.Err)
}

// Errorf returns an *Error of kind k with a formatted message; %w wraps.
func Errorf(k Kind, format string, args ...any) error {
	// The formatted error is the cause, so its text is said once and a %w
	// operand stays reachable through Unwrap.
	return &Error{Kind: k, Err: fmt.Errorf(format, args...)}
}

// Wrap classifies err as kind k unless it is nil. An err that already is an
// *Error keeps its own kind only when k is Internal (so wrapping never turns a
// user error into a bug).
func Wrap(k Kind, op string, err error) error {
	if err == nil {
		return nil
	}
	return &Error{Kind: k, Op: op, Err: err}
}

// KindOf returns the kind of the outermost *Error in err's chain, Canceled
// for context cancellation and deadline errors, and Internal otherwise.
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		if e.Kind == Internal {
			if k := KindOf(e.Err); k != Internal {
				return k
			}
		}
		return e.Kind
	}
	if isContextErr(err) {
		return Canceled
	}
	return Internal
}

// DetailsOf returns the Details of the outermost *Error that has any.
func DetailsOf(err error) []Detail {
	for err != nil {
		var e *Error
		if !errors.As(err, &e) {
			return nil
		}
		if len(e.Details) > 0 {
			return e.Details
		}
		err = e.Err
	}
	return nil
}

func isContextErr(err error) bool {
	return errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}

// Invalidf returns an Invalid error about one input field: its message is
// "field: reason" and its one Detail names the field, so the API can point
// at the JSON field and the CLI at the flag. field uses the request's JSON
// name (for example "sl_target").
func Invalidf(field, format string, args ...any) error {
	reason := fmt.Sprintf(format, args...)
	msg := reason
	if field != "" {
		msg = field + ": " + reason
	}
	return &Error{Kind: Invalid, Message: msg, Details: []Detail{{Field: field, Reason: reason}}}
}

// FieldOf returns the field the first Detail of err names, or "".
func FieldOf(err error) string {
	for _, d := range DetailsOf(err) {
		if d.Field != "" {
			return d.Field
		}
	}
	return ""
}
