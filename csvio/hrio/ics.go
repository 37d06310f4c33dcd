package hrio

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/staffcast/staffcast/csvio/schedio"
	"github.com/staffcast/staffcast/scheduler/roster"
)

// Calendar is an iCalendar object of events, one agent's shifts.
type Calendar struct {
	Name   string    // X-WR-CALNAME, shown by calendar apps
	Stamp  time.Time // DTSTAMP of every event; pass a time from the input so output is reproducible
	Events []Event
}

// Event is one VEVENT.
type Event struct {
	UID string // globally unique and stable across runs
	// Sequence is the event's revision (RFC 5545 SEQUENCE): a later
	// version of an event of the same UID has a higher one, so that a
	// calendar that imports it replaces the earlier one.
	Sequence    int
	Start, End  time.Time
	Summary     string
	Description string
}

const prodID = "-//Staffcast//Staffcast roster//EN"

// sequenceEpoch is where AgentCalendar's SEQUENCE counts minutes from.
var sequenceEpoch = time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)

// WriteICS writes c as an iCalendar object (RFC 5545): CRLF line ends,
// lines folded at 75 octets without splitting a UTF-8 character, TEXT
// values escaped, times in UTC ("Z" form) so no VTIMEZONE is needed. A
// calendar needs at least one event (RFC 5545 section 3.6).
func WriteICS(w io.Writer, c Calendar) error {
	if len(c.Events) == 0 {
		return ErrNoEvents
	}
	bw := bufio.NewWriter(w)
	line := func(name, value string) { writeFolded(bw, name+":"+value) }
	line("BEGIN", "VCALENDAR")
	line("VERSION", "2.0")
	line("PRODID", prodID)
	line("CALSCALE", "GREGORIAN")
	line("METHOD", "PUBLISH")
	if c.Name != "" {
		line("X-WR-CALNAME", escapeText(c.Name))
	}
	for _, e := range c.Events {
		line("BEGIN", "VEVENT")
		line("UID", escapeText(e.UID))
		line("DTSTAMP", utc(c.Stamp))
		if e.Sequence > 0 {
			line("SEQUENCE", fmt.Sprint(e.Sequence))
		}
		line("DTSTART", utc(e.Start))
		line("DTEND", utc(e.End))
		line("SUMMARY", escapeText(e.Summary))
		if e.Description != "" {
			line("DESCRIPTION", escapeText(e.Description))
		}
		line("TRANSP", "OPAQUE")
		line("END", "VEVENT")
	}
	line("END", "VCALENDAR")
	return bw.Flush()
}

func utc(t time.Time) string { return t.UTC().Format("20060102T150405Z") }

// escapeText escapes a TEXT value (RFC 5545 section 3.3.11).
func escapeText(s string) string {
	r := strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\r\n", `\n`, "\n", `\n`, "\r", `\n`)
	return r.Replace(s)
}

// writeFolded writes a content line, folding it into lines of at most 75
// octets plus CRLF; continuation lines start with one space (section 3.1).
func writeFolded(w *bufio.Writer, s string) {
	limit := 75
	for len(s) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		w.WriteString(s[:cut])
		w.WriteString("\r\n ")
		s = s[cut:]
		limit = 74 // the leading space counts
	}
	w.WriteString(s)
	w.WriteString("\r\n")
}

// AgentCalendar builds an agent's calendar from its assignments: an event
// per shift, at wall-clock times in start's location (day 0's midnight),
// with its breaks in the description. stamp becomes every DTSTAMP, and
// the events' SEQUENCE (minutes since 2020), so that the calendar of a
// later plan updates the events of an earlier one. An event's UID is the
// agent and the date its shift starts (a roster gives an agent at most
// one shift starting a day; a second one, in an imported roster, adds
// its start time), not the start itself, so that a shift a new plan moves
// replaces the old one in a calendar that imported both, rather than
// standing beside it.
func AgentCalendar(a roster.Agent, as []roster.Assignment, start, stamp time.Time) Calendar {
	name := a.Name
	if name == "" {
		name = a.ID
	}
	c := Calendar{Name: "Shifts of " + name, Stamp: stamp}
	at := func(day int, off time.Duration) time.Time {
		t, _ := schedio.WallInstant(start, day, off) // the instant coverage and the roster's rules use
		return t
	}
	seq := max(0, int(stamp.Sub(sequenceEpoch)/time.Minute))
	days := map[int]bool{} // days with an event already
	for _, x := range as {
		if x.Agent != a.ID {
			continue
		}
		s := x.Shift
		uid := fmt.Sprintf("%s-%s@staffcast", a.ID, at(s.Day, 0).Format("20060102"))
		if days[s.Day] {
			uid = fmt.Sprintf("%s-%s-%s@staffcast", a.ID, at(s.Day, 0).Format("20060102"), strings.ReplaceAll(FormatClock(s.Start), ":", ""))
		}
		days[s.Day] = true
		e := Event{
			UID:      uid,
			Sequence: seq,
			Start:    at(s.Day, s.Start),
			End:      at(s.Day, s.End()),
			Summary:  fmt.Sprintf("Shift %s-%s", FormatClock(s.Start), FormatClock(s.End())),
		}
		if s.Template != "" {
			e.Summary += " (" + s.Template + ")"
		}
		if len(s.Breaks) > 0 {
			e.Description = "Breaks: " + strings.ReplaceAll(schedio.FormatBreaks(s.Breaks), ";", ", ")
		}
		c.Events = append(c.Events, e)
	}
	return c
}
