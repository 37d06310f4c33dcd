package durfmt

import (
	"testing"
	"time"
)

func TestShort(t *testing.T) {
	for _, c := range []struct {
		d    time.Duration
		want string
	}{
		{30 * time.Minute, "30m"},
		{168 * time.Hour, "168h"},
		{90 * time.Minute, "1h30m"},
		{45 * time.Second, "45s"},
		{90 * time.Second, "1m30s"},
		{time.Hour + 30*time.Second, "1h0m30s"},
		{1500 * time.Millisecond, "1.5s"},
		{0, "0s"},
		{-30 * time.Minute, "-30m"},
	} {
		got := Short(c.d)
		if got != c.want {
			t.Errorf("Short(%v) = %q, want %q", c.d, got, c.want)
		}
		if back, err := time.ParseDuration(got); err != nil || back != c.d {
			t.Errorf("ParseDuration(%q) = %v, %v; want %v", got, back, err, c.d)
		}
	}
}
