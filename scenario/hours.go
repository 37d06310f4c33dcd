package scenario

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Hours are weekly opening hours. In JSON: "08:00-20:00" (every day),
// "24h", "closed", several ranges "08:00-12:00,13:00-18:00", or an object
// by weekday {"mon-fri": "08:00-20:00", "sat": "09:00-13:00", "sun":
// "closed"} (days "mon".."sun", ranges like "mon-fri" or "fri-mon", lists
// like "sat,sun"; days not listed are closed). A range ending before it
// starts runs overnight: "22:00-06:00" on Monday is open until 06:00 on
// Tuesday. The zero Hours (field left out) is always open.
type Hours struct {
	raw  json.RawMessage // the JSON as given (compacted); nil: always open
	week [7][]span       // open minutes by weekday (time.Weekday), from midnight
}

// span is [from, to) in minutes from midnight, 0 <= from < to <= 1440.
type span struct{ from, to int }

// IsZero reports whether h is unset (always open).
func (h Hours) IsZero() bool { return h.raw == nil }

// OpenAt reports whether t (in its own location) falls in the opening hours.
func (h Hours) OpenAt(t time.Time) bool {
	if h.raw == nil {
		return true
	}
	m := t.Hour()*60 + t.Minute()
	for _, s := range h.week[t.Weekday()] {
		if m >= s.from && m < s.to {
			return true
		}
	}
	return false
}

// ParseHours reads opening hours from their JSON text (see Hours).
func ParseHours(s string) (Hours, error) {
	var h Hours
	err := h.UnmarshalJSON([]byte(s))
	return h, err
}

// MarshalJSON writes the hours as they were given.
func (h Hours) MarshalJSON() ([]byte, error) {
	if h.raw == nil {
		return []byte(`"24h"`), nil
	}
	return h.raw, nil
}

// UnmarshalJSON reads any of the forms of Hours; null is always open.
func (h *Hours) UnmarshalJSON(b []byte) error {
	if isNull(b) {
		*h = Hours{}
		return nil
	}
	var out Hours
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		day, err := parseDayHours(s)
		if err != nil {
			return err
		}
		for d := range 7 {
			out.addDay(d, day)
		}
	} else {
		var obj map[string]string
		if err := json.Unmarshal(b, &obj); err != nil {
			return &kindError{msg: fmt.Sprintf("want \"08:00-20:00\", \"24h\", \"closed\" or {\"mon-fri\": \"08:00-20:00\", ...}, got %s", clip(b)), kind: ErrSyntax}
		}
		keys := make([]string, 0, len(obj))
		for k := range obj {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		var owner [7]string
		for _, k := range keys {
			days, err := parseDays(k)
			if err != nil {
				return &FieldError{Field: k, Err: err}
			}
			day, err := parseDayHours(obj[k])
			if err != nil {
				return &FieldError{Field: k, Err: err}
			}
			for _, d := range days {
				if owner[d] != "" {
					return fieldErr(k, ErrRange, "%s is also in %q", time.Weekday(d), owner[d])
				}
				owner[d] = k
				out.addDay(d, day)
			}
		}
	}
	var buf bytes.Buffer
	if err := json.Compact(&buf, b); err != nil {
		return &kindError{msg: "not valid JSON", kind: ErrSyntax}
	}
	out.raw = buf.Bytes()
	*h = out
	return nil
}

// addDay opens day d (a weekday) for the ranges of one day's hours; a
// range past midnight continues on the next day.
func (h *Hours) addDay(d int, ranges []span) {
	for _, r := range ranges {
		if r.to <= 1440 {
			h.week[d] = append(h.week[d], r)
			continue
		}
		h.week[d] = append(h.week[d], span{r.from, 1440})
		next := (d + 1) % 7
		h.week[next] = append(h.week[next], span{0, r.to - 1440})
	}
}

// parseDayHours reads "08:00-20:00", "24h", "closed" or comma-separated
// ranges; an overnight range gets to > 1440.
func parseDayHours(s string) ([]span, error) {
	s = strings.TrimSpace(s)
	switch strings.ToLower(s) {
	case "24h", "00:00-24:00":
		return []span{{0, 1440}}, nil
	case "closed":
		return nil, nil
	}
	var out []span
	for _, part := range strings.Split(s, ",") {
		a, b, ok := strings.Cut(part, "-")
		from, okA := clock(a)
		to, okB := clock(b)
		if !ok || !okA || !okB || from == 1440 {
			return nil, &kindError{msg: fmt.Sprintf("%q is not opening hours like \"08:00-20:00\", \"22:00-06:00\", \"24h\" or \"closed\"", s), kind: ErrSyntax}
		}
		if from == to {
			return nil, &kindError{msg: fmt.Sprintf("%q opens and closes at the same time (use \"24h\" or \"closed\")", part), kind: ErrRange}
		}
		if to < from {
			to += 1440
		}
		out = append(out, span{from, to})
	}
	return out, nil
}

// clock parses "HH:MM" (00:00-24:00) into minutes from midnight.
func clock(s string) (int, bool) {
	h, m, ok := strings.Cut(strings.TrimSpace(s), ":")
	hh, err1 := strconv.Atoi(h)
	mm, err2 := strconv.Atoi(m)
	if !ok || err1 != nil || err2 != nil || hh < 0 || mm < 0 || mm > 59 || hh > 24 || (hh == 24 && mm != 0) {
		return 0, false
	}
	return hh*60 + mm, true
}

// parseDays reads "mon", "mon-fri", "fri-mon" (wrapping) or "sat,sun"
// into weekdays (time.Weekday values).
func parseDays(s string) ([]int, error) {
	var out []int
	for _, part := range strings.Split(s, ",") {
		a, b, isRange := strings.Cut(part, "-")
		from, ok := weekday(a)
		to, ok2 := from, true
		if isRange {
			to, ok2 = weekday(b)
		}
		if !ok || !ok2 {
			return nil, &kindError{msg: fmt.Sprintf("%q is not days like \"mon\", \"mon-fri\" or \"sat,sun\"", s), kind: ErrSyntax}
		}
		for d := from; ; d = (d + 1) % 7 {
			out = append(out, d)
			if d == to {
				break
			}
		}
	}
	return out, nil
}

// weekday parses a day name ("mon" or "monday", any case).
func weekday(s string) (int, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	for d := range 7 {
		name := strings.ToLower(time.Weekday(d).String())
		if s == name[:3] || s == name {
			return d, true
		}
	}
	return 0, false
}
