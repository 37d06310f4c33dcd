package queuename

import (
	"errors"
	"strings"
	"testing"
)

func TestCheck(t *testing.T) {
	for _, ok := range []string{"sales", "a", "0", "retail-uk_2", strings.Repeat("a", 64)} {
		if err := Check(ok); err != nil {
			t.Errorf("%q: %v", ok, err)
		}
	}
	for _, bad := range []string{"", "Sales", "sales team", "-sales", "_x", "café", "a/b", strings.Repeat("a", 65), "x';DROP TABLE queues;--"} {
		err := Check(bad)
		if err == nil || !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "must match ^[a-z0-9][a-z0-9_-]{0,63}$") {
			t.Errorf("%q: %v, want an error naming the rule", bad, err)
		}
	}
	if err := Check(strings.Repeat("B", 200)); err == nil || strings.Contains(err.Error(), strings.Repeat("B", 65)) {
		t.Errorf("a long name is not cut: %v", err)
	}
}
