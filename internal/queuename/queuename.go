// Package queuename is the one rule for a queue's name, which the API (a
// queue's URL and a created queue, a history's and a calendar's rows) and
// the CLI (the queue column of a history or calendar it reads) apply
// alike, so that a name one accepts the other does too: the reader of
// those files (csvio/historycsv) checks it for both. Stored shift-template
// names follow the same rule.
package queuename

import (
	"errors"
	"fmt"
	"regexp"
)

// Pattern is what a queue name must match: lower-case letters, digits, _
// and -, starting with a letter or digit, at most 64 bytes.
var Pattern = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,63}$`)

// ErrInvalid is what the error of Check wraps.
var ErrInvalid = errors.New("queuename: the queue name does not match " + Pattern.String())

// Check is nil for a name that matches Pattern, and otherwise an error
// (wrapping ErrInvalid) that names it (cut to 64 bytes) and the rule.
func Check(name string) error {
	if Pattern.MatchString(name) {
		return nil
	}
	return invalid(name)
}

type invalid string

func (name invalid) Error() string {
	shown := string(name)
	if len(shown) > 70 {
		shown = shown[:64] + "..."
	}
	return fmt.Sprintf("queue name %q must match %s (lower-case letters, digits, _ and -, starting with a letter or digit, at most 64 bytes)", shown, Pattern)
}

func (invalid) Unwrap() error { return ErrInvalid }
