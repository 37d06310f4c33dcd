package scenario

import (
	"encoding/json"
	"fmt"
	"github.com/staffcast/staffcast/internal/durfmt"
	"strconv"
	"strings"
	"time"
)

// Duration is a time.Duration written in JSON as a Go duration string
// ("30m", "240s", "24h"); a whole number of days may be written "7d".
type Duration time.Duration

// D returns d as a time.Duration.
func (d Duration) D() time.Duration { return time.Duration(d) }

// Seconds returns d in seconds.
func (d Duration) Seconds() float64 { return time.Duration(d).Seconds() }

// String formats d as time.Duration does without zero trailing units:
// "4m", "24h", "1h30m", "45s".
func (d Duration) String() string { return durfmt.Short(time.Duration(d)) }

// MarshalJSON writes d as a duration string ("240s" comes back as "4m").
func (d Duration) MarshalJSON() ([]byte, error) {
	return json.Marshal(d.String())
}

// UnmarshalJSON reads a duration string; numbers are refused (the unit
// would be a guess).
func (d *Duration) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return &kindError{msg: fmt.Sprintf("want a duration string like \"240s\" or \"30m\", got %s", clip(b)), kind: ErrSyntax}
	}
	v, err := ParseDuration(s)
	if err != nil {
		return err
	}
	*d = Duration(v)
	return nil
}

// ParseDuration parses a non-negative Go duration ("90s", "1h30m") or a
// whole number of days ("7d").
func ParseDuration(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	var v time.Duration
	var err error
	if days, ok := strings.CutSuffix(s, "d"); ok {
		var n int
		n, err = strconv.Atoi(days)
		if err == nil && (n < 0 || n > 36500) {
			err = fmt.Errorf("out of range")
		}
		v = time.Duration(n) * 24 * time.Hour
	} else {
		v, err = time.ParseDuration(s)
	}
	if err != nil {
		return 0, &kindError{msg: fmt.Sprintf("duration %q does not parse (want like \"240s\", \"30m\", \"24h\", \"7d\")", s), kind: ErrSyntax}
	}
	if v < 0 {
		return 0, &kindError{msg: fmt.Sprintf("duration %q is negative", s), kind: ErrRange}
	}
	return v, nil
}

// clip shortens raw JSON for an error message.
func clip(b []byte) string {
	const n = 40
	if len(b) > n {
		return string(b[:n]) + "…"
	}
	return string(b)
}
