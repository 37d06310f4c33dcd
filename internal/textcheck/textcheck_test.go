package textcheck

import (
	"errors"
	"testing"
)

func TestCheck(t *testing.T) {
	for _, c := range []struct {
		name, s string
		want    error
	}{
		{"plain", "Zoë Martin", nil},
		{"empty", "", nil},
		{"tab and newlines", "a\tb\r\nc", nil},
		{"replacement character as text", "a\ufffdb", nil},
		{"NUL", "Bad\x00Name", ErrControl},
		{"bell", "a\x07", ErrControl},
		{"DEL", "a\x7f", ErrControl},
		{"C1 control", "a\u0085b", ErrControl},
		{"Latin-1", "Bad\xe9\xffName", ErrNotUTF8},
		{"truncated sequence", "Zo\xc3", ErrNotUTF8},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := Check(c.s)
			if c.want == nil && err != nil || c.want != nil && !errors.Is(err, c.want) {
				t.Errorf("Check(%q) = %v, want %v", c.s, err, c.want)
			}
		})
	}
	if err := Check("x\x00y"); err == nil || err.Error() != "holds a control character (NUL) at byte 2" {
		t.Errorf("NUL: %v", err)
	}
	if err := Check("x\xe9y"); err == nil || err.Error() != "not valid UTF-8 (byte 0xe9 at byte 2)" {
		t.Errorf("Latin-1: %v", err)
	}
}
