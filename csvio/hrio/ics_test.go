package hrio

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/staffcast/staffcast/scheduler"
	"github.com/staffcast/staffcast/scheduler/roster"
)

// icsComponent is a parsed iCalendar component: properties by name (value
// unescaped, parameters dropped) and sub-components.
type icsComponent struct {
	name  string
	props map[string][]string
	subs  []*icsComponent
}

// parseICS is a strict RFC 5545 reader for tests: every line ends in CRLF,
// no physical line exceeds 75 octets, folded lines are unfolded, every
// content line is NAME[;params]:value with a valid name, BEGIN/END nest,
// and TEXT escapes are valid.
func parseICS(t *testing.T, data []byte) *icsComponent {
	t.Helper()
	s := string(data)
	if !utf8.ValidString(s) {
		t.Fatal("not UTF-8")
	}
	if !strings.HasSuffix(s, "\r\n") {
		t.Fatal("does not end with CRLF")
	}
	phys := strings.Split(strings.TrimSuffix(s, "\r\n"), "\r\n")
	var lines []string
	for i, p := range phys {
		if strings.ContainsAny(p, "\r\n") {
			t.Fatalf("line %d has a bare CR or LF: %q", i+1, p)
		}
		if len(p) > 75 {
			t.Fatalf("line %d is %d octets, over 75: %q", i+1, len(p), p)
		}
		if strings.HasPrefix(p, " ") || strings.HasPrefix(p, "\t") {
			if len(lines) == 0 {
				t.Fatal("file starts with a continuation line")
			}
			lines[len(lines)-1] += p[1:]
			continue
		}
		lines = append(lines, p)
	}
	var stack []*icsComponent
	var root *icsComponent
	for i, l := range lines {
		colon := strings.IndexByte(l, ':')
		if colon < 0 {
			t.Fatalf("content line %d has no colon: %q", i+1, l)
		}
		name, value := l[:colon], l[colon+1:]
		if semi := strings.IndexByte(name, ';'); semi >= 0 {
			name = name[:semi]
		}
		for _, r := range name {
			if !(r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-') {
				t.Fatalf("content line %d: bad property name %q", i+1, name)
			}
		}
		switch name {
		case "BEGIN":
			c := &icsComponent{name: value, props: map[string][]string{}}
			if len(stack) > 0 {
				top := stack[len(stack)-1]
				top.subs = append(top.subs, c)
			} else if root != nil {
				t.Fatal("more than one top-level component")
			} else {
				root = c
			}
			stack = append(stack, c)
		case "END":
			if len(stack) == 0 || stack[len(stack)-1].name != value {
				t.Fatalf("content line %d: END:%s does not close the open component", i+1, value)
			}
			stack = stack[:len(stack)-1]
		default:
			if len(stack) == 0 {
				t.Fatalf("content line %d: property outside a component", i+1)
			}
			top := stack[len(stack)-1]
			top.props[name] = append(top.props[name], unescapeText(t, value))
		}
	}
	if len(stack) != 0 || root == nil || root.name != "VCALENDAR" {
		t.Fatal("unbalanced BEGIN/END or no VCALENDAR")
	}
	return root
}

func unescapeText(t *testing.T, v string) string {
	var b strings.Builder
	for i := 0; i < len(v); i++ {
		c := v[i]
		if c == ',' || c == ';' {
			// Fine in structured values (none here); a TEXT value would escape it.
			t.Fatalf("unescaped %q in %q", c, v)
		}
		if c != '\\' {
			b.WriteByte(c)
			continue
		}
		i++
		if i == len(v) {
			t.Fatalf("dangling backslash in %q", v)
		}
		switch v[i] {
		case '\\', ';', ',':
			b.WriteByte(v[i])
		case 'n', 'N':
			b.WriteByte('\n')
		default:
			t.Fatalf("bad escape \\%c in %q", v[i], v)
		}
	}
	return b.String()
}

func one(t *testing.T, c *icsComponent, name string) string {
	t.Helper()
	v := c.props[name]
	if len(v) != 1 {
		t.Fatalf("%s has %d %s properties, want 1", c.name, len(v), name)
	}
	return v[0]
}

func utcTime(t *testing.T, v string) time.Time {
	t.Helper()
	at, err := time.Parse("20060102T150405Z", v)
	if err != nil {
		t.Fatalf("date-time %q is not UTC form: %v", v, err)
	}
	return at
}

// On a spring-forward night a shift from or to the skipped hour is at the
// instant the clock reads an hour later, as coverage and the roster's rules
// count it, not an hour before anyone is needed.
func TestAgentCalendarSkippedHour(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	start := time.Date(2026, 3, 2, 0, 0, 0, 0, ny) // Monday; clocks go forward on Sunday the 8th at 02:00
	as := []roster.Assignment{
		{Agent: "A1", Shift: scheduler.Shift{Day: 6, Start: 2 * time.Hour, Length: 8 * time.Hour}},  // Sunday 02:00-10:00
		{Agent: "A1", Shift: scheduler.Shift{Day: 5, Start: 18 * time.Hour, Length: 8 * time.Hour}}, // Saturday 18:00-02:00
		{Agent: "A1", Shift: scheduler.Shift{Day: 4, Start: 9 * time.Hour, Length: 8 * time.Hour}},  // an ordinary Friday
	}
	var buf bytes.Buffer
	if err := WriteICS(&buf, AgentCalendar(roster.Agent{ID: "A1"}, as, start, start)); err != nil {
		t.Fatal(err)
	}
	cal := parseICS(t, buf.Bytes())
	want := [][2]time.Time{
		{time.Date(2026, 3, 8, 7, 0, 0, 0, time.UTC), time.Date(2026, 3, 8, 14, 0, 0, 0, time.UTC)}, // 03:00-10:00 EDT: 7 h
		{time.Date(2026, 3, 7, 23, 0, 0, 0, time.UTC), time.Date(2026, 3, 8, 7, 0, 0, 0, time.UTC)}, // 18:00 EST to 03:00 EDT
		{time.Date(2026, 3, 6, 14, 0, 0, 0, time.UTC), time.Date(2026, 3, 6, 22, 0, 0, 0, time.UTC)},
	}
	for i, ev := range cal.subs {
		s, e := utcTime(t, one(t, ev, "DTSTART")), utcTime(t, one(t, ev, "DTEND"))
		if !s.Equal(want[i][0]) || !e.Equal(want[i][1]) {
			t.Errorf("event %d runs %v to %v, want %v to %v", i, s, e, want[i][0], want[i][1])
		}
	}
}

func TestWriteICSParses(t *testing.T) {
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	start := time.Date(2026, 11, 23, 0, 0, 0, 0, paris)
	agent := roster.Agent{ID: "A1", Name: "Zoë Ødegård; team \"Night\", floor 2\\3 — a name long enough to fold a line more than once in the calendar"}
	as := []roster.Assignment{
		{Agent: "A1", Shift: scheduler.Shift{Day: 0, Start: 8 * time.Hour, Length: 8*time.Hour + 30*time.Minute, Template: "early", Breaks: []scheduler.Break{{Start: 12 * time.Hour, Length: 30 * time.Minute}}}},
		{Agent: "B2", Shift: scheduler.Shift{Day: 1, Start: 8 * time.Hour, Length: 8 * time.Hour}},
		{Agent: "A1", Shift: scheduler.Shift{Day: 4, Start: 22 * time.Hour, Length: 8 * time.Hour}},
	}
	stamp := time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)
	var buf bytes.Buffer
	if err := WriteICS(&buf, AgentCalendar(agent, as, start, stamp)); err != nil {
		t.Fatal(err)
	}
	cal := parseICS(t, buf.Bytes())
	if one(t, cal, "VERSION") != "2.0" || one(t, cal, "PRODID") == "" {
		t.Error("VERSION or PRODID wrong")
	}
	if got := one(t, cal, "X-WR-CALNAME"); got != "Shifts of "+agent.Name {
		t.Errorf("calendar name unescaped to %q", got)
	}
	if len(cal.subs) != 2 {
		t.Fatalf("%d events, want 2 (only A1's shifts)", len(cal.subs))
	}
	uids := map[string]bool{}
	wantStart := []time.Time{
		time.Date(2026, 11, 23, 7, 0, 0, 0, time.UTC), // 08:00 Paris is 07:00 UTC in November
		time.Date(2026, 11, 27, 21, 0, 0, 0, time.UTC),
	}
	for i, ev := range cal.subs {
		if ev.name != "VEVENT" {
			t.Fatalf("component %q", ev.name)
		}
		uid := one(t, ev, "UID")
		if uids[uid] {
			t.Errorf("UID %q repeated", uid)
		}
		uids[uid] = true
		if !utcTime(t, one(t, ev, "DTSTAMP")).Equal(stamp) {
			t.Error("DTSTAMP is not the given stamp")
		}
		s, e := utcTime(t, one(t, ev, "DTSTART")), utcTime(t, one(t, ev, "DTEND"))
		if !s.Equal(wantStart[i]) || !e.After(s) {
			t.Errorf("event %d runs %v to %v, want start %v", i, s, e, wantStart[i])
		}
	}
	if got := one(t, cal.subs[0], "DESCRIPTION"); got != "Breaks: 12:00-12:30" {
		t.Errorf("description %q", got)
	}
	if got := one(t, cal.subs[0], "SUMMARY"); got != "Shift 08:00-16:30 (early)" {
		t.Errorf("summary %q", got)
	}
	// The same input writes the same bytes.
	var again bytes.Buffer
	WriteICS(&again, AgentCalendar(agent, as, start, stamp))
	if !bytes.Equal(buf.Bytes(), again.Bytes()) {
		t.Error("output is not reproducible")
	}
}

func TestWriteICSFoldsAndEscapes(t *testing.T) {
	long := strings.Repeat("é,;\\\n", 40) // multi-byte runes across fold points
	var buf bytes.Buffer
	err := WriteICS(&buf, Calendar{Stamp: time.Unix(0, 0), Events: []Event{{UID: "x@y", Start: time.Unix(0, 0), End: time.Unix(3600, 0), Summary: long, Description: long}}})
	if err != nil {
		t.Fatal(err)
	}
	cal := parseICS(t, buf.Bytes())
	if got := one(t, cal.subs[0], "SUMMARY"); got != long {
		t.Errorf("summary round trip:\n%q\nwant\n%q", got, long)
	}
	if !errors.Is(WriteICS(&buf, Calendar{}), ErrNoEvents) {
		t.Error("an empty calendar should be refused")
	}
}

func ExampleWriteICS() {
	var buf bytes.Buffer
	WriteICS(&buf, Calendar{
		Name:  "Shifts of Ana",
		Stamp: time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC),
		Events: []Event{{
			UID:     "A1-20261123-0800@staffcast",
			Start:   time.Date(2026, 11, 23, 8, 0, 0, 0, time.UTC),
			End:     time.Date(2026, 11, 23, 16, 30, 0, 0, time.UTC),
			Summary: "Shift 08:00-16:30",
		}},
	})
	fmt.Print(strings.ReplaceAll(buf.String(), "\r\n", "\n"))
	// Output:
	// BEGIN:VCALENDAR
	// VERSION:2.0
	// PRODID:-//Staffcast//Staffcast roster//EN
	// CALSCALE:GREGORIAN
	// METHOD:PUBLISH
	// X-WR-CALNAME:Shifts of Ana
	// BEGIN:VEVENT
	// UID:A1-20261123-0800@staffcast
	// DTSTAMP:20261123T000000Z
	// DTSTART:20261123T080000Z
	// DTEND:20261123T163000Z
	// SUMMARY:Shift 08:00-16:30
	// TRANSP:OPAQUE
	// END:VEVENT
	// END:VCALENDAR
}

// TestAgentCalendarUpdates: the calendar of a later plan that moves a
// shift gives its event the same UID (agent and date) and a higher
// SEQUENCE, so a calendar that imported the first replaces the event
// rather than keeping both; two shifts starting the same day (an
// imported roster) keep distinct UIDs.
func TestAgentCalendarUpdates(t *testing.T) {
	start := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	agent := roster.Agent{ID: "A1"}
	shift := func(day int, at time.Duration) roster.Assignment {
		return roster.Assignment{Agent: "A1", Shift: scheduler.Shift{Day: day, Start: at, Length: 4 * time.Hour}}
	}
	first := AgentCalendar(agent, []roster.Assignment{shift(0, 8*time.Hour)}, start, time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC))
	later := AgentCalendar(agent, []roster.Assignment{shift(0, 8*time.Hour+30*time.Minute)}, start, time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC))
	a, b := first.Events[0], later.Events[0]
	if a.UID != b.UID || a.UID != "A1-20261123@staffcast" {
		t.Errorf("UIDs %q and %q, want both A1-20261123@staffcast", a.UID, b.UID)
	}
	if !(b.Sequence > a.Sequence && a.Sequence > 0) {
		t.Errorf("SEQUENCE %d then %d, want a later plan's higher", a.Sequence, b.Sequence)
	}
	var buf bytes.Buffer
	if err := WriteICS(&buf, later); err != nil {
		t.Fatal(err)
	}
	if got := one(t, parseICS(t, buf.Bytes()).subs[0], "SEQUENCE"); got != fmt.Sprint(b.Sequence) {
		t.Errorf("SEQUENCE written as %q, want %d", got, b.Sequence)
	}
	two := AgentCalendar(agent, []roster.Assignment{shift(0, 6*time.Hour), shift(0, 14*time.Hour)}, start, start)
	if len(two.Events) != 2 || two.Events[0].UID == two.Events[1].UID {
		t.Errorf("two shifts of a day: %+v, want two events with distinct UIDs", two.Events)
	}
}
