package hrio

import (
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/staffcast/staffcast/csvio"
	"github.com/staffcast/staffcast/csvio/schedio"
	"github.com/staffcast/staffcast/internal/wallclock"
	"github.com/staffcast/staffcast/scheduler"
	"github.com/staffcast/staffcast/scheduler/roster"
)

const day = 24 * time.Hour

// Shift is one agent's shift read from an existing-shifts CSV. Start, End
// and the breaks' starts are wall-clock offsets from midnight of Date, so
// End (and a break) past 24h is on the next day.
type Shift struct {
	AgentID string
	Date    time.Time // midnight, UTC; only the calendar date matters
	Start   time.Duration
	End     time.Duration
	Breaks  []scheduler.Break // in order, inside [Start, End); unpaid unless marked " paid"
	Line    int               // first line of the shift in the file
	// Location is the zone of the wall-clock times, set by ReadShiftsIn;
	// nil (ReadShifts) reads them as UTC.
	Location *time.Location
}

// StartTime is the instant the shift starts: its date and start as wall
// clock in its Location.
func (s Shift) StartTime() time.Time { return s.instant(s.Start) }

// EndTime is the instant the shift ends. Across a clock change a shift
// 22:00-06:00 lasts 7 or 9 real hours.
func (s Shift) EndTime() time.Time { return s.instant(s.End) }

// BreakTime is the instant break b of the shift starts, and when it ends.
// A break that starts in the hour the clock skips and ends after it (02:30-
// 03:00 on a spring-forward night: 03:30 and 03:00) takes no time: it is
// placed at its end, start and end equal.
func (s Shift) BreakTime(b scheduler.Break) (start, end time.Time) {
	start, end = s.instant(b.Start), s.instant(b.Start+b.Length)
	if end.Before(start) {
		start = end
	}
	return start, end
}

// instant places the wall-clock reading off after the shift's date's
// midnight as wallclock does for every file and calendar: a reading the
// clock skips (02:00 on a spring-forward night) falls an hour later on the
// new clock, as the .ics calendars of a written roster have it, so that a
// roster.csv reads back to the same instants; a repeated reading is its
// first occurrence.
func (s Shift) instant(off time.Duration) time.Time {
	loc := s.Location
	if loc == nil {
		loc = time.UTC
	}
	y, m, d := s.Date.Date()
	return wallclock.Instant(time.Date(y, m, d, 0, 0, int(off/time.Second), 0, time.UTC), loc).In(loc)
}

// ErrDuplicateShift is a row that repeats an earlier row's shift (agent,
// date, start and end) with no break to add to it: a shift is worked once,
// and merging the two would hide a mistake in the file.
var ErrDuplicateShift = errors.New("hrio: the same shift twice")

// ReadShifts reads an existing-shifts CSV:
//
//	agent_id,date,start,end[,break_start,break_end][,breaks]
//
// date is YYYY-MM-DD and start, end HH:MM (24:00 allowed as an end); an end
// before the start runs overnight into the next day, and an end equal to
// the start is rejected. A break is given by break_start and break_end (a
// time before the shift's start is on the next day), and more breaks by
// more rows with the same agent_id, date, start and end, or all at once in
// a breaks column "12:00-12:30;15:00-15:15" (the form roster.csv and
// plan.csv write, so a written roster reads back; " paid" after a break
// marks it paid). Breaks must lie inside their shift and
// not overlap; one agent's shifts must not overlap. Shifts come back in
// file order; either all of them or an error naming the line and column
// of every bad row (a *csvio.RowErrors, in file order, as ReadAgents).
//
// Dates and times are wall clock in UTC; ReadShiftsIn reads them in a zone.
func ReadShifts(r io.Reader) ([]Shift, error) {
	return ReadShiftsIn(r, nil)
}

// ReadShiftsIn is ReadShifts with the dates and times read as wall clock
// in loc (nil: UTC), the zone the requirements are planned in
// (schedio.ReadRequirementsIn): each Shift's Location is loc, a start,
// end or break in the hour skipped when clocks go forward is read an hour
// later on the new clock (Shift.StartTime; the roster's files and
// calendars write such shifts so), and one agent's shifts are
// checked for overlap in real time, so across the night clocks go back
// a shift ending 01:30 the second time overlaps one starting 01:00.
// Dates must lie in csvio.MinYear..MaxYear.
func ReadShiftsIn(r io.Reader, loc *time.Location) ([]Shift, error) {
	rd, err := csvio.NewReader(r, "agent_id", "date", "start", "end")
	if err != nil {
		return nil, err
	}
	if rd.Has("break_start") != rd.Has("break_end") {
		return nil, &csvio.ParseError{Line: 1, Err: fmt.Errorf("%w: break_start and break_end come together", csvio.ErrMissingColumn)}
	}
	var out []Shift
	var bad []*csvio.ParseError // every bad row, in file order once sorted
	fail := func(err error) {
		var pe *csvio.ParseError
		if !errors.As(err, &pe) {
			pe = &csvio.ParseError{Line: rd.Line(), Err: err}
		}
		bad = append(bad, pe)
	}
	index := map[string]int{} // agent|date|start|end -> shift
	for {
		if err := rd.Next(); err == io.EOF {
			break
		} else if err != nil {
			fail(err)
			if csvio.RecordRead(err) {
				continue
			}
			break // a malformed record: the reader cannot be trusted past it
		}
		s, err := readShiftRow(rd)
		if err != nil {
			fail(err)
			continue
		}
		s.Location = loc
		key := fmt.Sprintf("%s|%s|%d|%d", s.AgentID, s.Date.Format(time.DateOnly), s.Start, s.End)
		k, seen := index[key]
		if !seen {
			index[key] = len(out)
			out = append(out, s)
			k = len(out) - 1
		} else if len(s.Breaks) == 0 {
			fail(rd.Errorf("agent_id", fmt.Errorf("%w: line %d has %s's shift on %s %s-%s already, and this row adds no break", ErrDuplicateShift, out[k].Line, s.AgentID, s.Date.Format(time.DateOnly), FormatClock(s.Start), FormatClock(s.End))))
			continue
		} else {
			out[k].Breaks = append(out[k].Breaks, s.Breaks...)
		}
		if err := checkBreaks(&out[k]); err != nil {
			col := "breaks"
			if rd.Has("break_start") {
				col = "break_start"
			}
			fail(rd.Errorf(col, err))
		}
	}
	if len(out) == 0 && len(bad) == 0 {
		return nil, &csvio.ParseError{Line: 1, Err: ErrNoShifts}
	}
	bad = append(bad, checkOverlaps(rd, out)...)
	if len(bad) == 0 {
		return out, nil
	}
	sort.SliceStable(bad, func(i, j int) bool { return bad[i].Line < bad[j].Line })
	var errs csvio.RowErrors
	for _, pe := range bad {
		errs.Add(pe.Line, pe)
	}
	return nil, &errs
}

func readShiftRow(rd *csvio.Reader) (Shift, error) {
	s := Shift{AgentID: rd.Get("agent_id"), Line: rd.Line()}
	if err := checkID(s.AgentID); err != nil {
		return s, rd.Errorf("agent_id", err)
	}
	d, err := time.Parse(time.DateOnly, rd.Get("date"))
	if err != nil {
		return s, rd.Errorf("date", fmt.Errorf("%w, got %q", ErrDate, rd.Get("date")))
	}
	if err := csvio.CheckDate(d); err != nil {
		return s, rd.Errorf("date", err)
	}
	s.Date = d
	if s.Start, err = clockField(rd, "start"); err != nil {
		return s, err
	}
	if s.Start == day {
		return s, rd.Errorf("start", fmt.Errorf("%w: a shift cannot start at 24:00; use 00:00 of the next day", ErrClock))
	}
	if s.End, err = clockField(rd, "end"); err != nil {
		return s, err
	}
	switch {
	case s.End == s.Start:
		return s, rd.Errorf("end", fmt.Errorf("%w: end equals start %s (a zero or 24-hour shift)", ErrShift, rd.Get("start")))
	case s.End < s.Start:
		s.End += day // overnight
	}
	bs, be := rd.Get("break_start"), rd.Get("break_end")
	switch {
	case bs == "" && be == "":
	case bs == "" || be == "":
		col := "break_start"
		if be == "" {
			col = "break_end"
		}
		return s, rd.Errorf(col, fmt.Errorf("%w: break_start and break_end come together", ErrBreak))
	default:
		b, err := breakOf(s, bs, be)
		if err != nil {
			return s, rd.Errorf("break_start", err)
		}
		s.Breaks = append(s.Breaks, b)
	}
	if list := rd.Get("breaks"); list != "" {
		for _, item := range strings.Split(list, ";") {
			item = strings.TrimSpace(item)
			if item == "" {
				continue
			}
			span, paid := strings.CutSuffix(item, " paid")
			from, to, ok := strings.Cut(span, "-")
			if !ok {
				return s, rd.Errorf("breaks", fmt.Errorf("%w: %q is not HH:MM-HH:MM", ErrBreak, item))
			}
			b, err := breakOf(s, from, to)
			if err != nil {
				return s, rd.Errorf("breaks", err)
			}
			b.Paid = paid
			s.Breaks = append(s.Breaks, b)
		}
	}
	return s, nil
}

func clockField(rd *csvio.Reader, col string) (time.Duration, error) {
	v, err := roster.ParseClock(rd.Get(col))
	if err != nil {
		return 0, rd.Errorf(col, fmt.Errorf("%w: %v", ErrClock, err))
	}
	return v, nil
}

// breakOf places a break given as two times of day inside shift s: each
// time is its first occurrence at or after the shift's start.
func breakOf(s Shift, from, to string) (scheduler.Break, error) {
	f, err := roster.ParseClock(from)
	if err != nil {
		return scheduler.Break{}, fmt.Errorf("%w: %v", ErrBreak, err)
	}
	t, err := roster.ParseClock(to)
	if err != nil {
		return scheduler.Break{}, fmt.Errorf("%w: %v", ErrBreak, err)
	}
	for f < s.Start {
		f += day
	}
	for t <= f {
		t += day
	}
	if t > s.End {
		return scheduler.Break{}, fmt.Errorf("%w: %s-%s is not inside the shift %s-%s", ErrBreak, strings.TrimSpace(from), strings.TrimSpace(to), FormatClock(s.Start), FormatClock(s.End))
	}
	return scheduler.Break{Start: f, Length: t - f}, nil
}

// checkBreaks sorts a shift's breaks and rejects overlapping ones.
func checkBreaks(s *Shift) error {
	sort.SliceStable(s.Breaks, func(i, j int) bool { return s.Breaks[i].Start < s.Breaks[j].Start })
	for i := 1; i < len(s.Breaks); i++ {
		p, b := s.Breaks[i-1], s.Breaks[i]
		if b.Start < p.Start+p.Length {
			return fmt.Errorf("%w: break %s-%s overlaps break %s-%s", ErrBreak, FormatClock(b.Start), FormatClock(b.Start+b.Length), FormatClock(p.Start), FormatClock(p.Start+p.Length))
		}
	}
	return nil
}

// checkOverlaps finds every shift that starts before the same agent's
// previous shift ends: an error at its start column, naming the line of
// the other shift (the later line of the two is the one reported).
func checkOverlaps(rd *csvio.Reader, shifts []Shift) []*csvio.ParseError {
	per := map[string][]int{}
	for i, s := range shifts {
		per[s.AgentID] = append(per[s.AgentID], i)
	}
	var bad []*csvio.ParseError
	for _, idx := range per {
		sort.Slice(idx, func(a, b int) bool { return shifts[idx[a]].StartTime().Before(shifts[idx[b]].StartTime()) })
		for k := 1; k < len(idx); k++ {
			p, s := shifts[idx[k-1]], shifts[idx[k]]
			if s.StartTime().Before(p.EndTime()) {
				first, second := p, s
				if first.Line > second.Line {
					first, second = second, first
				}
				// The later line's start runs into the other shift, or
				// (when it starts first) its end does.
				col := "start"
				if second.StartTime().Before(first.StartTime()) {
					col = "end"
				}
				bad = append(bad, rd.At(second.Line, col, fmt.Errorf("%w: agent %q's shift %s-%s overlaps the one on line %d (%s-%s)",
					ErrOverlap, s.AgentID, FormatClock(second.Start), FormatClock(second.End), first.Line, FormatClock(first.Start), FormatClock(first.End))))
			}
		}
	}
	// In file order, whatever the map order.
	sort.Slice(bad, func(i, j int) bool { return bad[i].Line < bad[j].Line })
	return bad
}

// FormatClock formats an offset from a day's midnight as HH:MM wall
// clock, wrapping past 24h (26h is "02:00").
func FormatClock(d time.Duration) string { return schedio.FormatClock(d % day) }

// Outside is what of a roster falls outside a requirement's horizon.
type Outside struct {
	// Shifts counts the shifts cut at either end of the horizon (of a
	// cyclic requirement only at its start: a shift past its end wraps)
	// or entirely outside it.
	Shifts int
	// Minutes is the person-minutes those shifts work (breaks excluded)
	// before the horizon or, when they lie entirely outside it, after it.
	// Scheduler.Cover counts the minutes past the end of the shifts cut
	// there, so each shift's working minutes are its covered, excess and
	// outside minutes.
	Minutes float64
}

// Planned places shifts on the calendar of req, for coverage: day 0 is
// req.Start's date. Shift times are wall clock in tz, or when tz is nil
// in the shift's own Location (ReadShiftsIn), or else in req's location;
// other zones are converted. Parts of shifts before the horizon are cut
// off and shifts starting after it left out, and out says how many and
// how many working minutes (see Outside).
func Planned(shifts []Shift, req scheduler.Requirements, tz *time.Location) (planned []scheduler.PlannedShift, out Outside) {
	loc := req.Start.Location()
	y, m, d := req.Start.Date()
	origin := time.Date(y, m, d, 0, 0, 0, 0, time.UTC) // day 0 on a zone-free calendar
	horizon := time.Duration(req.Days()) * day
	// wall turns an offset from a shift's date in tz into an offset from
	// day 0's midnight on req's wall clock, through the instant Shift's
	// times are (a reading the clock skips is an hour later), so that
	// coverage counts what the calendars show.
	wall := func(tz *time.Location, date time.Time, off time.Duration) time.Duration {
		naive := time.Date(date.Year(), date.Month(), date.Day(), 0, 0, int(off/time.Second), 0, time.UTC)
		at := wallclock.Instant(naive, tz).In(loc)
		ay, am, ad := at.Date()
		return time.Date(ay, am, ad, 0, 0, 0, 0, time.UTC).Sub(origin) + time.Duration(at.Hour())*time.Hour +
			time.Duration(at.Minute())*time.Minute + time.Duration(at.Second())*time.Second
	}
	for _, s := range shifts {
		tz := tz
		if tz == nil {
			tz = s.Location
		}
		if tz == nil {
			tz = loc
		}
		from, to := wall(tz, s.Date, s.Start), wall(tz, s.Date, s.End)
		var breaks []scheduler.Break
		for _, b := range s.Breaks {
			bf, bt := wall(tz, s.Date, b.Start), wall(tz, s.Date, b.Start+b.Length)
			if bt <= bf {
				continue // in the skipped hour: it takes no time (Shift.BreakTime)
			}
			breaks = append(breaks, scheduler.Break{Start: bf, Length: bt - bf, Paid: b.Paid})
		}
		if from >= horizon || to <= 0 {
			out.Shifts++
			out.Minutes += working(from, to, breaks)
			continue
		}
		if from < 0 || (to > horizon && !req.Cyclic) {
			out.Shifts++
		}
		if from < 0 { // started before the horizon: keep the part inside
			out.Minutes += working(from, 0, breaks)
			var kept []scheduler.Break
			for _, b := range breaks {
				if end := b.Start + b.Length; end > 0 {
					kept = append(kept, scheduler.Break{Start: max(b.Start, 0), Length: end - max(b.Start, 0), Paid: b.Paid})
				}
			}
			breaks, from = kept, 0
		}
		dayN := int(from / day)
		base := time.Duration(dayN) * day
		for i := range breaks {
			breaks[i].Start -= base
		}
		planned = append(planned, scheduler.PlannedShift{Shift: scheduler.Shift{Day: dayN, Start: from - base, Length: to - from, Breaks: breaks}, Count: 1})
	}
	return planned, out
}

// working is the minutes of [from, to) not on one of breaks.
func working(from, to time.Duration, breaks []scheduler.Break) float64 {
	w := to - from
	for _, b := range breaks {
		if lo, hi := max(from, b.Start), min(to, b.Start+b.Length); hi > lo {
			w -= hi - lo
		}
	}
	return w.Minutes()
}
