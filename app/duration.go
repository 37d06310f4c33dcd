package app

import (
	"encoding/json"
	"fmt"
	"github.com/staffcast/staffcast/internal/durfmt"
	"math"
	"reflect"
	"strconv"
	"strings"
	"time"
)

// Duration is a time.Duration that reads and writes JSON as a Go duration
// string ("30m", "180s", "1h30m"). A JSON number, or a string holding only a
// number, is seconds, because planners write "aht": 180. It marshals as a
// planner writes it ("30m", not time.Duration's "30m0s"; durfmt.Short).
type Duration time.Duration

// D returns d as a time.Duration.
func (d Duration) D() time.Duration { return time.Duration(d) }

func (d Duration) String() string { return durfmt.Short(time.Duration(d)) }

// MarshalJSON writes d as a duration string.
func (d Duration) MarshalJSON() ([]byte, error) {
	return json.Marshal(durfmt.Short(time.Duration(d)))
}

// UnmarshalJSON reads a duration string or a number of seconds. Anything
// else is a *json.UnmarshalTypeError, so that the decoder adds the path of
// the field (its Value holds the literal: `string "abc"`, "number 1e300").
func (d *Duration) UnmarshalJSON(b []byte) error {
	lit := strings.TrimSpace(string(b))
	if lit == "null" {
		return nil
	}
	s := lit
	if strings.HasPrefix(s, `"`) {
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
	}
	v, err := ParseDuration(s)
	if err != nil {
		return &json.UnmarshalTypeError{Value: jsonValue(lit), Type: reflect.TypeFor[Duration]()}
	}
	*d = Duration(v)
	return nil
}

// JSONWant says what a Duration takes in JSON, for decoding errors.
func (Duration) JSONWant() string { return `a duration like "30m" or a number of seconds` }

// jsonValue describes a JSON literal as json.UnmarshalTypeError's Value
// does, keeping a string's or number's text (shortened).
func jsonValue(lit string) string {
	if len(lit) > 40 {
		lit = strings.ToValidUTF8(lit[:37], "") + "..."
	}
	switch {
	case strings.HasPrefix(lit, `"`):
		return "string " + lit
	case strings.HasPrefix(lit, "{"):
		return "object"
	case strings.HasPrefix(lit, "["):
		return "array"
	case lit == "true" || lit == "false":
		return "bool"
	}
	return "number " + lit
}

// ParseDuration reads a Go duration ("30m") or a bare number of seconds
// ("180", "0.5"). A number must be finite and below 292 years; the sign is
// left to the caller to check.
func ParseDuration(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	if v, err := time.ParseDuration(s); err == nil {
		return v, nil
	}
	secs, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, fmt.Errorf("not a duration: %q (use e.g. 30s, 15m, 1h)", s)
	}
	// Range-check before converting: an out-of-range float conversion is
	// implementation-defined in Go.
	if !(math.Abs(secs) < math.MaxInt64/float64(time.Second)) {
		return 0, fmt.Errorf("duration %q is out of range (below 292 years)", s)
	}
	return time.Duration(secs * float64(time.Second)), nil
}
