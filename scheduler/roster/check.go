package roster

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/staffcast/staffcast/scheduler"
)

// Rule names a hard rule of a roster.
type Rule string

// The hard rules Check enforces.
const (
	RuleUnknownAgent    Rule = "unknown-agent"
	RuleSkill           Rule = "skill"
	RuleAvailability    Rule = "availability"
	RuleOneShiftADay    Rule = "one-shift-a-day"
	RuleOverlap         Rule = "overlap"
	RuleRest            Rule = "min-rest"
	RuleConsecutiveDays Rule = "max-consecutive-days"
	RuleMaxHours        Rule = "max-hours-week"
	RuleMaxDays         Rule = "max-days-week"
	RulePlan            Rule = "plan" // a planned shift dropped, or one not in the plan
)

// Violation is one breach of a hard rule.
type Violation struct {
	Rule   Rule
	Agent  string // empty for RulePlan
	Day    int    // horizon day it is about
	Detail string
}

func (v Violation) String() string {
	if v.Agent == "" {
		return fmt.Sprintf("%s: day %d: %s", v.Rule, v.Day, v.Detail)
	}
	return fmt.Sprintf("%s: agent %s, day %d: %s", v.Rule, v.Agent, v.Day, v.Detail)
}

// Check lists every hard-rule violation of r as a roster of plan on req's
// calendar, in a deterministic order; none means r is valid. It also
// checks that r's assigned and unassigned shifts are exactly the plan, so
// a dropped shift is a violation too. Preferences, minimum hours and
// fairness are goals, not rules: see Summarize.
//
// Check is written from the rules' definitions and shares no code with
// Assign (this file uses only the package's exported types and the
// standard library), so it can vouch for Assign's results: a bug in the
// assigner's helpers cannot hide here.
//
// The rules, for each agent: it has opt.Skill; every shift lies, on the
// local wall clock, inside the agent's availability; at most one shift
// starts on a day; from the end of any shift to the start of the next one
// there is at least Rules.MinRest of real elapsed time (a negative gap is
// an overlap); at most Rules.MaxConsecutiveDays days in a row with a
// shift; in each block of seven days from day 0, at most MaxPerWeek paid
// time (Length less unpaid breaks) and MaxDaysPerWeek working days, a
// shift counting in the block of the day it starts. Time: a shift starts
// when the local clock of req.Start's location reads Start on its day (a
// skipped reading is taken with the offset before the change, a repeated
// one at its first occurrence) and ends Length of real time later. A
// cyclic horizon repeats: its next cycle starts when its last day ends, so
// rest and runs of days wrap from the last day to the first.
//
// Check returns an error, not violations, for invalid requirements, rules,
// agents or plan, or a nil roster.
func Check(req scheduler.Requirements, plan []scheduler.PlannedShift, agents []Agent, opt Options, r *Roster) ([]Violation, error) {
	c, err := newChecker(req, plan, agents, opt)
	if err != nil {
		return nil, err
	}
	if r == nil {
		return nil, fmt.Errorf("%w: no roster to check", ErrPlan)
	}
	c.checkPlan(plan, r)
	byAgent := map[string][]chkWork{}
	var ids []string
	for _, as := range r.Assignments {
		s := as.Shift
		a, ok := c.agents[as.Agent]
		if !ok {
			c.add(RuleUnknownAgent, as.Agent, s.Day, "no agent has this id (shift %s)", chkDescribe(s))
			continue
		}
		if err := c.shiftError(s); err != nil {
			c.add(RulePlan, as.Agent, s.Day, "impossible shift %s: %v", chkDescribe(s), err)
			continue
		}
		if _, seen := byAgent[a.ID]; !seen {
			ids = append(ids, a.ID)
		}
		start := c.instant(s.Day, s.Start)
		byAgent[a.ID] = append(byAgent[a.ID], chkWork{s: s, start: start, end: start.Add(s.Length)})
	}
	sort.Strings(ids)
	for _, id := range ids {
		c.checkAgent(c.agents[id], byAgent[id])
	}
	return c.vs, nil
}

// checker holds the inputs of one Check and the violations found.
type checker struct {
	loc    *time.Location
	date0  time.Time // day 0's date, 00:00 UTC
	days   int
	cyclic bool
	origin time.Time     // instant of day 0's local midnight
	cycle  time.Duration // real time from origin to the end of the last day: one cycle
	opt    Options
	agents map[string]*Agent
	vs     []Violation
}

// chkWork is one shift an agent works, on the real time line.
type chkWork struct {
	s          scheduler.Shift
	start, end time.Time
}

func newChecker(req scheduler.Requirements, plan []scheduler.PlannedShift, agents []Agent, opt Options) (*checker, error) {
	if err := req.Validate(); err != nil {
		return nil, err
	}
	y, m, d := req.Start.Date()
	c := &checker{
		loc:    req.Start.Location(),
		date0:  time.Date(y, m, d, 0, 0, 0, 0, time.UTC),
		days:   len(req.Required) / int(24*time.Hour/req.Interval),
		cyclic: req.Cyclic,
		opt:    opt,
		agents: make(map[string]*Agent, len(agents)),
	}
	c.origin = c.instant(0, 0)
	c.cycle = c.instant(c.days, 0).Sub(c.origin)
	if err := chkRules(opt); err != nil {
		return nil, err
	}
	for i := range agents {
		a := &agents[i]
		if err := chkAgent(a); err != nil {
			return nil, fmt.Errorf("%w: agent %d: %v", ErrAgent, i+1, err)
		}
		if _, dup := c.agents[a.ID]; dup {
			return nil, fmt.Errorf("%w: agent %d: id %q is used twice", ErrAgent, i+1, a.ID)
		}
		c.agents[a.ID] = a
	}
	for i, ps := range plan {
		if ps.Count < 0 {
			return nil, fmt.Errorf("%w: shift %d has count %d", ErrPlan, i+1, ps.Count)
		}
		if err := c.shiftError(ps.Shift); err != nil {
			return nil, fmt.Errorf("%w: shift %d: %v", ErrPlan, i+1, err)
		}
	}
	return c, nil
}

func chkRules(o Options) error {
	switch {
	case o.Rules.MinRest < 0 || o.Rules.MinRest > 7*24*time.Hour:
		return fmt.Errorf("%w: minimum rest %v is outside 0 to 168h", ErrRules, o.Rules.MinRest)
	case o.Rules.MaxConsecutiveDays < 0:
		return fmt.Errorf("%w: maximum consecutive days %d is negative", ErrRules, o.Rules.MaxConsecutiveDays)
	case o.EveningFrom < 0 || o.EveningFrom > 24*time.Hour:
		return fmt.Errorf("%w: evening start %v is outside 00:00 to 24:00", ErrRules, o.EveningFrom)
	}
	return nil
}

func chkAgent(a *Agent) error {
	switch {
	case a.ID == "":
		return errors.New("no id")
	case a.MinPerWeek < 0 || a.MaxPerWeek < 0:
		return fmt.Errorf("%q has negative weekly hours", a.ID)
	case a.MaxPerWeek > 0 && a.MinPerWeek > a.MaxPerWeek:
		return fmt.Errorf("%q has minimum weekly hours %v above its maximum %v", a.ID, a.MinPerWeek, a.MaxPerWeek)
	case a.MaxDaysPerWeek < 0 || a.MaxDaysPerWeek > 7:
		return fmt.Errorf("%q has maximum days a week %d outside 0 to 7", a.ID, a.MaxDaysPerWeek)
	}
	for _, w := range a.Availability.Windows {
		if w.Day < time.Sunday || w.Day > time.Saturday || w.Start < 0 || w.Start >= 24*time.Hour || w.End <= w.Start || w.End-w.Start > 24*time.Hour {
			return fmt.Errorf("%q has an impossible availability window (day %d, %v to %v)", a.ID, w.Day, w.Start, w.End)
		}
	}
	return nil
}

// shiftError says why s cannot be a shift of the horizon, nil if it can.
func (c *checker) shiftError(s scheduler.Shift) error {
	switch {
	case s.Day < 0 || s.Day >= c.days:
		return fmt.Errorf("day %d is outside the horizon of %d days", s.Day, c.days)
	case s.Start < 0 || s.Start >= 24*time.Hour:
		return fmt.Errorf("start %v is outside 00:00 to 24:00", s.Start)
	case s.Length <= 0 || s.Length > 24*time.Hour:
		return fmt.Errorf("length %v is not in (0, 24h]", s.Length)
	}
	for _, b := range s.Breaks {
		if b.Length <= 0 || b.Start < s.Start || b.Start+b.Length > s.Start+s.Length {
			return fmt.Errorf("break at %v for %v is not inside the shift", b.Start, b.Length)
		}
	}
	return nil
}

func (c *checker) add(rule Rule, agent string, day int, format string, args ...any) {
	c.vs = append(c.vs, Violation{Rule: rule, Agent: agent, Day: day, Detail: fmt.Sprintf(format, args...)})
}

// checkPlan compares the plan, as a multiset of shifts, with what r
// assigns and leaves open.
func (c *checker) checkPlan(plan []scheduler.PlannedShift, r *Roster) {
	want, got, day := map[string]int{}, map[string]int{}, map[string]int{}
	for _, ps := range plan {
		k := chkDescribe(ps.Shift)
		want[k] += ps.Count
		day[k] = ps.Day
	}
	for _, a := range r.Assignments {
		k := chkDescribe(a.Shift)
		got[k]++
		day[k] = a.Shift.Day
	}
	for _, s := range r.Unassigned {
		k := chkDescribe(s)
		got[k]++
		day[k] = s.Day
	}
	keys := make([]string, 0, len(day))
	for k := range day {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if day[keys[i]] != day[keys[j]] {
			return day[keys[i]] < day[keys[j]]
		}
		return keys[i] < keys[j]
	})
	for _, k := range keys {
		if want[k] != got[k] {
			c.add(RulePlan, "", day[k], "shift %s is planned %d times but rostered or left open %d times", k, want[k], got[k])
		}
	}
}

// checkAgent checks every rule on the shifts one agent works.
func (c *checker) checkAgent(a *Agent, ws []chkWork) {
	sort.SliceStable(ws, func(i, j int) bool { return ws[i].start.Before(ws[j].start) })
	id := a.ID
	weeks := (c.days + 6) / 7
	paid := make([]time.Duration, weeks)
	perDay := make([]int, c.days)
	for _, w := range ws {
		d := w.s.Day
		if !chkHasSkill(a, c.opt.Skill) {
			c.add(RuleSkill, id, d, "lacks skill %q needed by the shift %s", c.opt.Skill, c.span(w))
		}
		if !c.availableFor(a, w) {
			c.add(RuleAvailability, id, d, "the shift %s is outside availability %q", c.span(w), a.Availability.String())
		}
		perDay[d]++
		if perDay[d] == 2 {
			c.add(RuleOneShiftADay, id, d, "more than one shift starts on %s", c.date(d))
		}
		paid[d/7] += chkPaid(w.s)
	}
	for k := range weeks {
		first, last := 7*k, min(7*k+6, c.days-1)
		days := 0
		for d := first; d <= last; d++ {
			if perDay[d] > 0 {
				days++
			}
		}
		if a.MaxPerWeek > 0 && paid[k] > a.MaxPerWeek {
			c.add(RuleMaxHours, id, first, "week %d (%s to %s) has %v paid, above the maximum %v", k+1, c.date(first), c.date(last), paid[k], a.MaxPerWeek)
		}
		if a.MaxDaysPerWeek > 0 && days > a.MaxDaysPerWeek {
			c.add(RuleMaxDays, id, first, "week %d (%s to %s) has %d working days, above the maximum %d", k+1, c.date(first), c.date(last), days, a.MaxDaysPerWeek)
		}
	}
	c.checkRest(id, ws)
	c.checkRuns(id, perDay)
}

// checkRest measures, in real time, the gap from the latest end so far to
// each shift's start, and in a cyclic horizon from the latest end to the
// first shift of the next cycle.
func (c *checker) checkRest(id string, ws []chkWork) {
	if len(ws) == 0 {
		return
	}
	latest := ws[0]
	gap := func(prev chkWork, next chkWork, nextStart time.Time, note string) {
		g := nextStart.Sub(prev.end)
		switch {
		case g < 0:
			c.add(RuleOverlap, id, next.s.Day, "the shift %s%s starts %v before the end of the shift %s", c.span(next), note, -g, c.span(prev))
		case g < c.opt.Rules.MinRest:
			c.add(RuleRest, id, next.s.Day, "%v of rest from the end of the shift %s to the shift %s%s, less than the minimum %v", g, c.span(prev), c.span(next), note, c.opt.Rules.MinRest)
		}
	}
	for _, w := range ws[1:] {
		gap(latest, w, w.start, "")
		if w.end.After(latest.end) {
			latest = w
		}
	}
	if c.cyclic {
		gap(latest, ws[0], ws[0].start.Add(c.cycle), " of the next cycle")
	}
}

// checkRuns finds runs of more than MaxConsecutiveDays days with a shift.
func (c *checker) checkRuns(id string, perDay []int) {
	limit := c.opt.Rules.MaxConsecutiveDays
	if limit <= 0 {
		return
	}
	off := -1 // a day off to start from, so cyclic runs are seen whole
	for d, n := range perDay {
		if n == 0 {
			off = d
			break
		}
	}
	if off < 0 && c.cyclic {
		c.add(RuleConsecutiveDays, id, 0, "works every day of a repeating horizon, an endless run above %d days", limit)
		return
	}
	first, count := 0, c.days
	if c.cyclic {
		first = off + 1
	}
	run := 0
	for k := range count {
		d := (first + k) % c.days
		if perDay[d] == 0 {
			run = 0
			continue
		}
		run++
		if run == limit+1 {
			c.add(RuleConsecutiveDays, id, d, "%s is day %d of a run of working days, above the maximum %d", c.date(d), run, limit)
		}
	}
}

// availableFor reports whether, at every instant of the shift, the local
// clock reads a time inside the union of the agent's weekly windows. The
// shift is cut at the clock changes inside it; each piece reads a
// contiguous stretch of local time.
func (c *checker) availableFor(a *Agent, w chkWork) bool {
	if len(a.Availability.Windows) == 0 {
		return true
	}
	for t := w.start; t.Before(w.end); {
		next := w.end
		if _, change := t.In(c.loc).ZoneBounds(); !change.IsZero() && change.Before(next) {
			next = change
		}
		from := chkWeekOffset(t.In(c.loc))
		if !chkCovered(a.Availability.Windows, from, from+next.Sub(t)) {
			return false
		}
		t = next
	}
	return true
}

// chkCovered reports whether the union of weekly windows holds the stretch
// [from, to) of local time, measured from a Sunday 00:00, with from in
// [0, 7 days) and to at most a day and a bit later.
func chkCovered(windows []Window, from, to time.Duration) bool {
	const wk = 7 * 24 * time.Hour
	// The windows on a line of three weeks, so stretches crossing Sunday
	// midnight either way are seen whole.
	type iv struct{ lo, hi time.Duration }
	var ivs []iv
	for _, x := range windows {
		lo := time.Duration(x.Day)*24*time.Hour + x.Start
		hi := time.Duration(x.Day)*24*time.Hour + x.End
		for _, shift := range []time.Duration{-wk, 0, wk} {
			ivs = append(ivs, iv{lo + shift, hi + shift})
		}
	}
	// Walk from the start, each step to the furthest end of a window
	// holding the current point.
	for pos := from; pos < to; {
		next := pos
		for _, x := range ivs {
			if x.lo <= pos && x.hi > next {
				next = x.hi
			}
		}
		if next == pos {
			return false
		}
		pos = next
	}
	return true
}

// instant is the instant the local clock reads wall on horizon day d: the
// reading's first occurrence, or for a reading the clock skips, the one
// the offset in force before the change gives.
func (c *checker) instant(d int, wall time.Duration) time.Time {
	want := c.date0.AddDate(0, 0, d).Add(wall)
	var best time.Time
	found := false
	var before time.Duration
	for i, probe := range []time.Duration{-48 * time.Hour, 48 * time.Hour} {
		_, secs := want.Add(probe).In(c.loc).Zone()
		off := time.Duration(secs) * time.Second
		if i == 0 {
			before = off
		}
		t := want.Add(-off)
		if chkNaive(t.In(c.loc)).Equal(want) && (!found || t.Before(best)) {
			best, found = t, true
		}
	}
	if !found {
		return want.Add(-before)
	}
	return best
}

// chkNaive is the clock reading of t in its location as a UTC time.
func chkNaive(t time.Time) time.Time {
	y, m, d := t.Date()
	hh, mm, ss := t.Clock()
	return time.Date(y, m, d, hh, mm, ss, t.Nanosecond(), time.UTC)
}

// chkWeekOffset is t's local reading as an offset from the Sunday 00:00
// before it.
func chkWeekOffset(t time.Time) time.Duration {
	hh, mm, ss := t.Clock()
	return time.Duration(t.Weekday())*24*time.Hour + time.Duration(hh)*time.Hour + time.Duration(mm)*time.Minute +
		time.Duration(ss)*time.Second + time.Duration(t.Nanosecond())
}

func chkHasSkill(a *Agent, skill string) bool {
	if skill == "" {
		return true
	}
	for _, s := range a.Skills {
		if s == skill {
			return true
		}
	}
	return false
}

// chkPaid is a shift's length less its unpaid breaks.
func chkPaid(s scheduler.Shift) time.Duration {
	p := s.Length
	for _, b := range s.Breaks {
		if !b.Paid {
			p -= b.Length
		}
	}
	return p
}

// chkDescribe names a shift by everything that makes it that shift:
// "day 3 08:00 for 8h30m0s (template early) breaks 12:00+30m0s".
func chkDescribe(s scheduler.Shift) string {
	var b strings.Builder
	fmt.Fprintf(&b, "day %d %s for %v", s.Day, chkClock(s.Start), s.Length)
	if s.Template != "" {
		fmt.Fprintf(&b, " (template %q)", s.Template)
	}
	for i, br := range s.Breaks {
		if i == 0 {
			b.WriteString(" breaks")
		}
		fmt.Fprintf(&b, " %s+%v", chkClock(br.Start), br.Length)
		if br.Paid {
			b.WriteString(" paid")
		}
	}
	return b.String()
}

func chkClock(d time.Duration) string {
	return fmt.Sprintf("%02d:%02d", int(d/time.Hour), int(d%time.Hour/time.Minute))
}

// span is a shift's local start and end, with the offsets in force:
// "Sat 7 Mar 22:00 EST to Sun 8 Mar 06:00 EDT (day 5)".
func (c *checker) span(w chkWork) string {
	const f = "Mon 2 Jan 15:04 MST"
	return fmt.Sprintf("%s to %s (day %d)", w.start.In(c.loc).Format(f), w.end.In(c.loc).Format(f), w.s.Day)
}

// date is horizon day d's date: "Sun 8 Mar".
func (c *checker) date(d int) string {
	return c.date0.AddDate(0, 0, d).Format("Mon 2 Jan")
}
