package scenario

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Share is the share of offered contacts routed to the bot: one number for
// every hour, or one per hour of day (local time, see QueueSpec.TimeZone).
// In JSON it is a number, an array of 24 numbers (hours 0-23), or an object
// of hour ranges with inclusive ends, {"0-7": 0.9, "8-19": 0.3, "20-23":
// 0.7}, that must cover all 24 hours once ("22-5" wraps past midnight; a
// single hour is "12").
type Share struct {
	Value  float64   // the share of every hour when Hourly is nil
	Hourly []float64 // nil, or 24 shares by hour of day
}

// Uniform is a share that does not depend on the hour.
func Uniform(v float64) Share { return Share{Value: v} }

// ByHour is a share per hour of day (24 values).
func ByHour(h [24]float64) Share { return Share{Hourly: h[:]} }

// At returns the share at hour of day h (0-23).
func (s Share) At(h int) float64 {
	if s.Hourly == nil {
		return s.Value
	}
	return s.Hourly[h]
}

// Hours returns the 24 shares by hour of day.
func (s Share) Hours() [24]float64 {
	var out [24]float64
	for h := range out {
		out[h] = s.At(h)
	}
	return out
}

// MarshalJSON writes a number, or 24 numbers when the share varies by hour.
func (s Share) MarshalJSON() ([]byte, error) {
	if s.Hourly == nil {
		return json.Marshal(s.Value)
	}
	return json.Marshal(s.Hourly)
}

// UnmarshalJSON reads any of the three forms (see Share); ranges are
// checked by Validate.
func (s *Share) UnmarshalJSON(b []byte) error {
	var v float64
	if err := json.Unmarshal(b, &v); err == nil {
		*s = Share{Value: v}
		return nil
	}
	var arr []float64
	if err := json.Unmarshal(b, &arr); err == nil {
		if len(arr) != 24 {
			return &kindError{msg: fmt.Sprintf("want 24 shares (hours 0-23), got %d", len(arr)), kind: ErrSyntax}
		}
		*s = Share{Hourly: arr}
		return nil
	}
	var obj map[string]float64
	if err := json.Unmarshal(b, &obj); err != nil {
		return &kindError{msg: fmt.Sprintf("want a number, 24 numbers or hour ranges like {\"0-7\": 0.9, \"8-23\": 0.3}, got %s", clip(b)), kind: ErrSyntax}
	}
	keys := make([]string, 0, len(obj))
	for k := range obj {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	hourly := make([]float64, 24)
	owner := make([]string, 24)
	for _, k := range keys {
		from, to, err := hourRange(k)
		if err != nil {
			return &FieldError{Field: k, Err: err}
		}
		for h := from; ; h = (h + 1) % 24 {
			if owner[h] != "" {
				return fieldErr(k, ErrRange, "hour %d is also in %q", h, owner[h])
			}
			owner[h], hourly[h] = k, obj[k]
			if h == to {
				break
			}
		}
	}
	var missing []string
	for h := 0; h < 24; h++ {
		if owner[h] != "" {
			continue
		}
		e := h
		for e+1 < 24 && owner[e+1] == "" {
			e++
		}
		if e == h {
			missing = append(missing, strconv.Itoa(h))
		} else {
			missing = append(missing, fmt.Sprintf("%d-%d", h, e))
		}
		h = e
	}
	if len(missing) > 0 {
		return &kindError{msg: fmt.Sprintf("hours %s are not covered (the ranges must cover 0-23)", strings.Join(missing, ", ")), kind: ErrMissing}
	}
	*s = Share{Hourly: hourly}
	return nil
}

// hourRange parses "8-19" (inclusive; wraps when from > to) or "12".
func hourRange(s string) (from, to int, err error) {
	a, b, isRange := strings.Cut(s, "-")
	hour := func(x string) (int, bool) {
		h, err := strconv.Atoi(strings.TrimSpace(x))
		return h, err == nil && h >= 0 && h <= 23
	}
	from, ok := hour(a)
	to = from
	ok2 := true
	if isRange {
		to, ok2 = hour(b)
	}
	if !ok || !ok2 {
		return 0, 0, &kindError{msg: fmt.Sprintf("%q is not an hour range like \"8-19\" (hours 0-23, end inclusive)", s), kind: ErrSyntax}
	}
	return from, to, nil
}

func (s Share) validate() error {
	if s.Hourly == nil {
		return rate("", s.Value)
	}
	if len(s.Hourly) != 24 {
		return fieldErr("", ErrRange, "want 24 shares (hours 0-23), got %d", len(s.Hourly))
	}
	for h, v := range s.Hourly {
		if err := rate(fmt.Sprintf("[%d]", h), v); err != nil {
			return err
		}
	}
	return nil
}
