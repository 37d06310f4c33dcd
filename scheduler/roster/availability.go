package roster

import (
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
)

// ErrAvailability is wrapped by every availability parsing error.
var ErrAvailability = errors.New("roster: bad availability")

const (
	day  = 24 * time.Hour
	week = 7 * day
)

// Window is a weekly period when an agent can work: from Start on Day to End,
// both offsets from that day's midnight. End is after Start and at most 24h
// later; an End past 24h runs into the next day (an overnight window).
type Window struct {
	Day        time.Weekday
	Start, End time.Duration
}

// Availability is the weekly pattern of times an agent can work, the union
// of its windows. A shift fits when its whole span, breaks included, lies in
// that union, so an overnight shift fits "fri 22:00-24:00; sat 00:00-06:00"
// as well as "fri 22:00-06:00". An Availability without windows means the
// agent can work at any time.
type Availability struct {
	Windows []Window
}

// Always reports whether a places no restriction.
func (a Availability) Always() bool { return len(a.Windows) == 0 }

// span is a half-open interval of the week, [from, to), measured from
// Sunday 00:00, with 0 <= from < to <= week.
type span struct{ from, to time.Duration }

// spans returns the union of a's windows as sorted, disjoint spans; a window
// crossing Sunday midnight is cut in two. Nil means no restriction.
func (a Availability) spans() []span {
	if a.Always() {
		return nil
	}
	var s []span
	for _, w := range a.Windows {
		from := time.Duration(w.Day)*day + w.Start
		to := time.Duration(w.Day)*day + w.End
		if to > week {
			s = append(s, span{from, week}, span{0, to - week})
		} else {
			s = append(s, span{from, to})
		}
	}
	sort.Slice(s, func(i, j int) bool { return s[i].from < s[j].from })
	out := s[:1]
	for _, x := range s[1:] {
		last := &out[len(out)-1]
		if x.from <= last.to {
			last.to = max(last.to, x.to)
			continue
		}
		out = append(out, x)
	}
	return out
}

// covers reports whether the spans contain [from, from+length), from being
// an offset from Sunday 00:00 in [0, week) and length at most a week.
func covers(s []span, from, length time.Duration) bool {
	if s == nil {
		return true
	}
	to := from + length
	if to > week {
		return covers(s, from, week-from) && covers(s, 0, to-week)
	}
	i := sort.Search(len(s), func(i int) bool { return s[i].to > from })
	return i < len(s) && s[i].from <= from && to <= s[i].to
}

// Covers reports whether the agent is available for the whole of a span that
// starts on weekday d at offset start from its midnight and lasts length.
func (a Availability) Covers(d time.Weekday, start, length time.Duration) bool {
	from := (time.Duration(d)*day + start) % week
	if from < 0 {
		from += week
	}
	return covers(a.spans(), from, length)
}

var weekdayNames = map[string]time.Weekday{
	"sun": time.Sunday, "sunday": time.Sunday,
	"mon": time.Monday, "monday": time.Monday,
	"tue": time.Tuesday, "tues": time.Tuesday, "tuesday": time.Tuesday,
	"wed": time.Wednesday, "wednesday": time.Wednesday,
	"thu": time.Thursday, "thur": time.Thursday, "thurs": time.Thursday, "thursday": time.Thursday,
	"fri": time.Friday, "friday": time.Friday,
	"sat": time.Saturday, "saturday": time.Saturday,
}

// ParseWeekday parses a weekday name: "mon", "Monday", "tues" and so on.
func ParseWeekday(s string) (time.Weekday, error) {
	d, ok := weekdayNames[strings.ToLower(strings.TrimSpace(s))]
	if !ok {
		return 0, fmt.Errorf("%q is not a weekday (use mon, tue, wed, thu, fri, sat, sun)", s)
	}
	return d, nil
}

// ParseDays parses a set of weekdays: a comma-separated list of days and
// ranges ("mon-fri", "sat,sun", "mon,wed-fri", "fri-mon" wraps through the
// weekend) or "daily". The result is in week order starting Monday, without
// repeats.
func ParseDays(s string) ([]time.Weekday, error) {
	var set [7]bool
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "daily" || s == "everyday" {
		s = "mon-sun"
	}
	if s == "" {
		return nil, errors.New("no days given")
	}
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		lo, hi, isRange := strings.Cut(part, "-")
		a, err := ParseWeekday(lo)
		if err != nil {
			return nil, err
		}
		b := a
		if isRange {
			if b, err = ParseWeekday(hi); err != nil {
				return nil, err
			}
		}
		for d := a; ; d = (d + 1) % 7 {
			set[d] = true
			if d == b {
				break
			}
		}
	}
	var out []time.Weekday
	for i := 1; i <= 7; i++ {
		if d := time.Weekday(i % 7); set[d] {
			out = append(out, d)
		}
	}
	return out, nil
}

// ParseClock parses a time of day "HH:MM" (or "H:MM"), 00:00 to 24:00.
func ParseClock(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	h, m, ok := strings.Cut(s, ":")
	if !ok || len(h) < 1 || len(h) > 2 || len(m) != 2 {
		return 0, fmt.Errorf("time %q is not HH:MM", s)
	}
	hh, err1 := strconv.Atoi(h)
	mm, err2 := strconv.Atoi(m)
	if err1 != nil || err2 != nil || hh < 0 || mm < 0 || mm > 59 || hh > 24 || (hh == 24 && mm != 0) || h[0] == '+' || m[0] == '+' {
		return 0, fmt.Errorf("time %q is not a time of day between 00:00 and 24:00", s)
	}
	return time.Duration(hh)*time.Hour + time.Duration(mm)*time.Minute, nil
}

// ParseAvailability parses a weekly availability such as
//
//	mon-fri 08:00-20:00; sat 09:00-13:00
//
// Clauses are separated by ";". Each names a set of days (see ParseDays)
// followed by one or more windows "HH:MM-HH:MM" separated by commas or
// spaces; a clause of days alone ("sun") means those whole days. A window
// whose end is not after its start runs overnight and belongs to the day it
// starts on: "fri 22:00-06:00" is Friday 22:00 to Saturday 06:00, and
// "mon-fri 22:00-06:00" is five such nights. 24:00 ends a day; a window
// with equal start and end is rejected as ambiguous (write 00:00-24:00 for a
// whole day). Empty text or "always" means no restriction.
func ParseAvailability(s string) (Availability, error) {
	var a Availability
	text := strings.TrimSpace(s)
	if text == "" || strings.EqualFold(text, "always") {
		return a, nil
	}
	for i, clause := range strings.FieldsFunc(text, func(r rune) bool { return r == ';' || r == '\n' }) {
		clause = strings.TrimSpace(clause)
		if clause == "" {
			continue
		}
		bad := func(err error) (Availability, error) {
			return Availability{}, fmt.Errorf("%w: clause %d %q: %v", ErrAvailability, i+1, clause, err)
		}
		daysText, rest, _ := strings.Cut(clause, " ")
		days, err := ParseDays(daysText)
		if err != nil {
			return bad(err)
		}
		windows := strings.FieldsFunc(rest, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' })
		if len(windows) == 0 {
			windows = []string{"00:00-24:00"}
		}
		for _, w := range windows {
			from, to, ok := strings.Cut(w, "-")
			if !ok {
				return bad(fmt.Errorf("window %q is not HH:MM-HH:MM", w))
			}
			start, err := ParseClock(from)
			if err != nil {
				return bad(fmt.Errorf("window %q: %v", w, err))
			}
			end, err := ParseClock(to)
			if err != nil {
				return bad(fmt.Errorf("window %q: %v", w, err))
			}
			switch {
			case start == 24*time.Hour:
				return bad(fmt.Errorf("window %q starts at 24:00; start it at 00:00 on the next day", w))
			case end == start:
				return bad(fmt.Errorf("window %q is empty or a whole day; write 00:00-24:00 for a whole day", w))
			case end < start:
				end += day // overnight: ends on the next day
			}
			for _, d := range days {
				a.Windows = append(a.Windows, Window{Day: d, Start: start, End: end})
			}
		}
	}
	if a.Always() {
		return a, fmt.Errorf("%w: %q has no clause", ErrAvailability, s)
	}
	return a, nil
}

// String formats a in the syntax ParseAvailability reads, grouping days that
// share the same windows ("mon-fri 08:00-20:00; sat 09:00-13:00"), or
// "always" when it has no windows.
func (a Availability) String() string {
	if a.Always() {
		return "always"
	}
	var perDay [7][]string
	for _, w := range a.Windows {
		perDay[w.Day] = append(perDay[w.Day], clock(w.Start)+"-"+clock(w.End))
	}
	// Group days Monday first whose window lists are identical.
	var clauses []string
	var groups []string
	var groupDays [][]time.Weekday
	for i := 1; i <= 7; i++ {
		d := time.Weekday(i % 7)
		if len(perDay[d]) == 0 {
			continue
		}
		key := strings.Join(perDay[d], ",")
		found := false
		for g := range groups {
			if groups[g] == key {
				groupDays[g] = append(groupDays[g], d)
				found = true
			}
		}
		if !found {
			groups = append(groups, key)
			groupDays = append(groupDays, []time.Weekday{d})
		}
	}
	for g := range groups {
		clauses = append(clauses, FormatDays(groupDays[g])+" "+groups[g])
	}
	return strings.Join(clauses, "; ")
}

var shortDay = [7]string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"}

// FormatDays writes weekdays as ParseDays reads them, collapsing runs of
// three or more days in week order (Monday first) into ranges: "mon-fri,sun".
func FormatDays(days []time.Weekday) string {
	var set [7]bool
	for _, d := range days {
		set[d] = true
	}
	var parts []string
	for i := 1; i <= 7; {
		if !set[i%7] {
			i++
			continue
		}
		j := i
		for j+1 <= 7 && set[(j+1)%7] {
			j++
		}
		switch {
		case j-i >= 2 || (j-i == 1 && i >= 6):
			parts = append(parts, shortDay[i%7]+"-"+shortDay[j%7])
		case j == i:
			parts = append(parts, shortDay[i%7])
		default:
			parts = append(parts, shortDay[i%7], shortDay[j%7])
		}
		i = j + 1
	}
	return strings.Join(parts, ",")
}

// clock formats an offset from midnight as HH:MM, wrapping past 24h.
func clock(d time.Duration) string {
	if d == day {
		return "24:00"
	}
	d %= day
	return fmt.Sprintf("%02d:%02d", int(d/time.Hour), int(d%time.Hour/time.Minute))
}
