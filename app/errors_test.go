package app

import (
	"errors"
	"testing"
)

// TestReason: the text of an error without the operations that wrapped it.
func TestReason(t *testing.T) {
	notFound := &Error{Kind: NotFound, Op: "get staffing", Message: "staffing 999 not found"}
	for _, c := range []struct {
		name string
		err  error
		want string
	}{
		{"plain error", errors.New("disk full"), "disk full"},
		{"message", notFound, "staffing 999 not found"},
		{"wrapped", &Error{Kind: NotFound, Op: "schedule", Err: notFound}, "staffing 999 not found"},
		{"message and cause", &Error{Kind: Invalid, Op: "import", Message: "line 3", Err: errors.New("bad time")}, "line 3: bad time"},
	} {
		if got := Reason(c.err); got != c.want {
			t.Errorf("%s: Reason = %q, want %q (Error() is %q)", c.name, got, c.want, c.err.Error())
		}
	}
}
