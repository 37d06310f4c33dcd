// Package textcheck says whether a string is text Staffcast will store: valid
// UTF-8 without control characters other than tab, line feed and carriage
// return (which free-text names may hold). NUL in particular is refused:
// PostgreSQL cannot store it, SQLite would keep it, and either way a name
// holding it cannot be shown. The CSV reader, the API's JSON decoder and its
// query parameters share it. It is pure: no I/O, no globals but its errors.
package textcheck

import (
	"errors"
	"fmt"
	"unicode"
	"unicode/utf8"
)

// The errors of Check; match them with errors.Is.
var (
	ErrNotUTF8 = errors.New("not valid UTF-8")
	ErrControl = errors.New("holds a control character")
)

// Check is nil when s is valid UTF-8 free of control characters other than
// tab, line feed and carriage return. Otherwise it wraps ErrNotUTF8 (saying
// at which byte) or ErrControl (naming the character, NUL for U+0000).
func Check(s string) error {
	for i, r := range s {
		switch {
		case r == utf8.RuneError:
			if _, n := utf8.DecodeRuneInString(s[i:]); n == 1 {
				return fmt.Errorf("%w (byte 0x%02x at byte %d)", ErrNotUTF8, s[i], i+1)
			}
		case r == '\t' || r == '\n' || r == '\r':
		case r == 0:
			return fmt.Errorf("%w (NUL) at byte %d", ErrControl, i+1)
		case unicode.IsControl(r):
			return fmt.Errorf("%w (%U) at byte %d", ErrControl, r, i+1)
		}
	}
	return nil
}
