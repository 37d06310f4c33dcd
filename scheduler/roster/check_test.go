package roster

import (
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "time/tzdata" // the tests need America/New_York on any machine

	"github.com/staffcast/staffcast/scheduler"
)

// newYork is the zone of the clock-change tests: in 2026 its clocks go
// forward at 02:00 on Sunday 8 March (a 23-hour day) and back at 02:00 on
// Sunday 1 November (a 25-hour day).
func newYork(t testing.TB) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// nyWeek is a week of requirements from Monday y-m-d in New York.
func nyWeek(t testing.TB, m time.Month, d int, cyclic bool) scheduler.Requirements {
	return scheduler.Requirements{Start: time.Date(2026, m, d, 0, 0, 0, 0, newYork(t)), Interval: time.Hour, Required: make([]float64, 7*24), Cyclic: cyclic}
}

// Mondays of 2026 weeks in New York: the week ending with the spring
// change (day 6 is Sunday 8 March), the one ending with the autumn change
// (day 6 is Sunday 1 November), and a week with no change.
const (
	springMonday = 2
	autumnMonday = 26
	plainMonday  = 16 // 16 March
)

// TestCheckFindsEachRule hands Check rosters that break one rule once and
// asserts that exactly that violation is found, with a message that says
// what is wrong; the "fine" cases are rosters a wall-clock checker would
// get wrong across a clock change.
func TestCheckFindsEachRule(t *testing.T) {
	type tc struct {
		name   string
		req    scheduler.Requirements
		shifts []scheduler.Shift // all worked by agent A
		agent  func(*Agent)
		opt    func(*Options)
		rule   Rule   // "" for a valid roster
		day    int    // the day the violation is reported on
		detail string // a part of its message
	}
	s := func(d int, start, length time.Duration) scheduler.Shift {
		return scheduler.Shift{Day: d, Start: start, Length: length}
	}
	utc := weekReq(7, false)
	utcCyclic := weekReq(7, true)
	spring := nyWeek(t, time.March, springMonday, false)
	autumn := nyWeek(t, time.October, autumnMonday, false)
	plain := nyWeek(t, time.March, plainMonday, false)
	noRest := func(o *Options) { o.Rules.MinRest = 0 }
	tests := []tc{
		{name: "skill", req: utc, shifts: []scheduler.Shift{s(0, 8*hour, 8*hour)},
			opt: func(o *Options) { o.Skill = "chat" }, rule: RuleSkill, day: 0, detail: `lacks skill "chat"`},
		{name: "availability", req: utc, shifts: []scheduler.Shift{s(0, 8*hour, 8*hour), s(1, 12*hour, 8*hour)},
			agent: func(a *Agent) { a.Availability = mustAvail(t, "mon-fri 08:00-16:00") },
			rule:  RuleAvailability, day: 1, detail: `Tue 24 Nov 12:00 UTC to Tue 24 Nov 20:00 UTC (day 1) is outside availability "mon-fri 08:00-16:00"`},
		{name: "availability overnight through the week's end", req: utcCyclic, shifts: []scheduler.Shift{s(6, 22*hour, 8*hour)},
			agent: func(a *Agent) { a.Availability = mustAvail(t, "sun 22:00-24:00; mon 00:00-05:00") },
			rule:  RuleAvailability, day: 6, detail: "Sun 29 Nov 22:00 UTC to Mon 30 Nov 06:00 UTC"},
		{name: "availability overnight fits two windows", req: utcCyclic, shifts: []scheduler.Shift{s(6, 22*hour, 8*hour)},
			agent: func(a *Agent) { a.Availability = mustAvail(t, "sun 22:00-24:00; mon 00:00-06:00") }},
		{name: "availability: 8 real hours from 22:00 end at 07:00 after the spring change", req: spring, shifts: []scheduler.Shift{s(5, 22*hour, 8*hour)},
			agent: func(a *Agent) { a.Availability = mustAvail(t, "sat 22:00-06:00") },
			rule:  RuleAvailability, day: 5, detail: "Sat 7 Mar 22:00 EST to Sun 8 Mar 07:00 EDT"},
		{name: "availability: and at 05:00 after the autumn change", req: autumn, shifts: []scheduler.Shift{s(5, 22*hour, 8*hour)},
			agent: func(a *Agent) { a.Availability = mustAvail(t, "sat 22:00-05:00") }},
		{name: "two shifts in a day", req: utc, shifts: []scheduler.Shift{s(0, 6*hour, 4*hour), s(0, 14*hour, 4*hour)},
			opt: noRest, rule: RuleOneShiftADay, day: 0, detail: "more than one shift starts on Mon 23 Nov"},
		{name: "overlap", req: utc, shifts: []scheduler.Shift{s(0, 20*hour, 8*hour), s(1, 2*hour, 4*hour)},
			opt: noRest, rule: RuleOverlap, day: 1, detail: "starts 2h0m0s before the end of the shift Mon 23 Nov 20:00 UTC"},
		{name: "overlap across the wrap", req: utcCyclic, shifts: []scheduler.Shift{s(6, 20*hour, 8*hour), s(0, 2*hour, 4*hour)},
			opt: noRest, rule: RuleOverlap, day: 0, detail: "of the next cycle starts 2h0m0s before"},
		{name: "min rest", req: utc, shifts: []scheduler.Shift{s(0, 14*hour, 8*hour), s(1, 6*hour, 8*hour)},
			rule: RuleRest, day: 1, detail: "8h0m0s of rest from the end of the shift Mon 23 Nov 14:00 UTC to Mon 23 Nov 22:00 UTC (day 0) to the shift Tue 24 Nov 06:00 UTC"},
		{name: "min rest: 10 real hours across the spring change", req: spring, shifts: []scheduler.Shift{s(5, 14*hour, 8*hour), s(6, 9*hour, 8*hour)},
			rule: RuleRest, day: 6, detail: "10h0m0s of rest from the end of the shift Sat 7 Mar 14:00 EST to Sat 7 Mar 22:00 EST (day 5) to the shift Sun 8 Mar 09:00 EDT"},
		{name: "min rest: the same wall clock in a plain week is 11h", req: plain, shifts: []scheduler.Shift{s(5, 14*hour, 8*hour), s(6, 9*hour, 8*hour)}},
		{name: "min rest: 11 real hours across the autumn change", req: autumn, shifts: []scheduler.Shift{s(5, 14*hour, 8*hour), s(6, 8*hour, 8*hour)}},
		{name: "min rest: the same wall clock in a plain week is 10h", req: plain, shifts: []scheduler.Shift{s(5, 14*hour, 8*hour), s(6, 8*hour, 8*hour)},
			rule: RuleRest, day: 6, detail: "10h0m0s of rest"},
		{name: "min rest across the wrap", req: utcCyclic, shifts: []scheduler.Shift{s(6, 20*hour, 8*hour), s(0, 6*hour, 8*hour)},
			rule: RuleRest, day: 0, detail: "2h0m0s of rest from the end of the shift Sun 29 Nov 20:00 UTC to Mon 30 Nov 04:00 UTC (day 6) to the shift Mon 23 Nov 06:00 UTC to Mon 23 Nov 14:00 UTC (day 0) of the next cycle"},
		{name: "min rest to itself in a cyclic day", req: scheduler.Requirements{Start: monday, Interval: time.Hour, Required: make([]float64, 24), Cyclic: true},
			shifts: []scheduler.Shift{s(0, 6*hour, 16*hour)}, opt: func(o *Options) { o.Rules.MaxConsecutiveDays = 0 }, rule: RuleRest, day: 0, detail: "8h0m0s of rest"},
		{name: "max consecutive days", req: utc, shifts: []scheduler.Shift{s(0, 9*hour, 4*hour), s(1, 9*hour, 4*hour), s(2, 9*hour, 4*hour), s(3, 9*hour, 4*hour)},
			opt: func(o *Options) { o.Rules.MaxConsecutiveDays = 3 }, rule: RuleConsecutiveDays, day: 3, detail: "Thu 26 Nov is day 4 of a run of working days, above the maximum 3"},
		{name: "max consecutive days through the wrap", req: utcCyclic, shifts: []scheduler.Shift{s(5, 9*hour, 4*hour), s(6, 9*hour, 4*hour), s(0, 9*hour, 4*hour), s(1, 9*hour, 4*hour)},
			opt: func(o *Options) { o.Rules.MaxConsecutiveDays = 3 }, rule: RuleConsecutiveDays, day: 1, detail: "day 4 of a run"},
		{name: "no wrap without a cycle", req: utc, shifts: []scheduler.Shift{s(5, 9*hour, 4*hour), s(6, 9*hour, 4*hour), s(0, 9*hour, 4*hour), s(1, 9*hour, 4*hour)},
			opt: func(o *Options) { o.Rules.MaxConsecutiveDays = 3 }},
		{name: "every day of a cycle", req: utcCyclic, shifts: []scheduler.Shift{s(0, 9*hour, 4*hour), s(1, 9*hour, 4*hour), s(2, 9*hour, 4*hour), s(3, 9*hour, 4*hour), s(4, 9*hour, 4*hour), s(5, 9*hour, 4*hour), s(6, 9*hour, 4*hour)},
			opt: func(o *Options) { o.Rules.MaxConsecutiveDays = 7 }, rule: RuleConsecutiveDays, day: 0, detail: "works every day of a repeating horizon"},
		{name: "max hours per 7 days", req: utc, shifts: []scheduler.Shift{s(0, 9*hour, 8*hour), s(2, 9*hour, 8*hour), s(4, 9*hour, 8*hour)},
			agent: func(a *Agent) { a.MaxPerWeek = 16 * hour },
			rule:  RuleMaxHours, day: 0, detail: "week 1 (Mon 23 Nov to Sun 29 Nov) has 24h0m0s paid, above the maximum 16h0m0s"},
		{name: "max hours: a night of the autumn change is paid its length", req: autumn, shifts: []scheduler.Shift{s(4, 9*hour, 8*hour), s(5, 22*hour, 8*hour)},
			agent: func(a *Agent) { a.MaxPerWeek = 16 * hour }},
		{name: "max days per 7 days", req: utc, shifts: []scheduler.Shift{s(0, 9*hour, 4*hour), s(2, 9*hour, 4*hour), s(4, 9*hour, 4*hour)},
			agent: func(a *Agent) { a.MaxDaysPerWeek = 2 },
			rule:  RuleMaxDays, day: 0, detail: "week 1 (Mon 23 Nov to Sun 29 Nov) has 3 working days, above the maximum 2"},
		{name: "weekly limits per block of 7 days", req: weekReq(14, false), shifts: []scheduler.Shift{s(4, 9*hour, 4*hour), s(6, 9*hour, 4*hour), s(7, 9*hour, 4*hour), s(9, 9*hour, 4*hour)},
			agent: func(a *Agent) { a.MaxDaysPerWeek = 2 }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := Agent{ID: "A", Skills: []string{"voice"}}
			if tt.agent != nil {
				tt.agent(&a)
			}
			opt := DefaultOptions()
			if tt.opt != nil {
				tt.opt(&opt)
			}
			var plan []scheduler.PlannedShift
			r := &Roster{}
			for _, sh := range tt.shifts {
				plan = append(plan, scheduler.PlannedShift{Shift: sh, Count: 1})
				r.Assignments = append(r.Assignments, Assignment{Agent: "A", Shift: sh})
			}
			vs, err := Check(tt.req, plan, []Agent{a}, opt, r)
			if err != nil {
				t.Fatal(err)
			}
			if tt.rule == "" {
				for _, v := range vs {
					t.Errorf("unexpected violation %v", v)
				}
				return
			}
			if len(vs) != 1 {
				t.Fatalf("violations %v, want exactly one %s", vs, tt.rule)
			}
			v := vs[0]
			if v.Rule != tt.rule || v.Agent != "A" || v.Day != tt.day || !strings.Contains(v.Detail, tt.detail) {
				t.Errorf("violation %v\nwant %s on agent A, day %d, saying %q", v, tt.rule, tt.day, tt.detail)
			}
		})
	}
}

// TestRestAcrossClockChanges: Assign measures rest in real time. One agent
// and two shifts, Saturday until 22:00 and Sunday from a morning hour:
// across the spring change the agent gets an hour less rest than the
// clock shows, across the autumn change an hour more.
func TestRestAcrossClockChanges(t *testing.T) {
	tests := []struct {
		name     string
		req      scheduler.Requirements
		sunday   time.Duration // Sunday's start
		wantOpen int
	}{
		{"spring: 22:00 to 09:00 is 10h", nyWeek(t, time.March, springMonday, false), 9 * hour, 1},
		{"spring: 22:00 to 10:00 is 11h", nyWeek(t, time.March, springMonday, false), 10 * hour, 0},
		{"plain: 22:00 to 09:00 is 11h", nyWeek(t, time.March, plainMonday, false), 9 * hour, 0},
		{"autumn: 22:00 to 08:00 is 11h", nyWeek(t, time.October, autumnMonday, false), 8 * hour, 0},
		{"autumn: 22:00 to 07:00 is 10h", nyWeek(t, time.October, autumnMonday, false), 7 * hour, 1},
		{"plain: 22:00 to 08:00 is 10h", nyWeek(t, time.March, plainMonday, false), 8 * hour, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			plan := []scheduler.PlannedShift{shift(5, 14*hour, 8*hour, 1), shift(6, tt.sunday, 8*hour, 1)}
			agents := []Agent{{ID: "A"}}
			opt := DefaultOptions()
			r, err := Assign(tt.req, plan, agents, opt)
			if err != nil {
				t.Fatal(err)
			}
			mustValid(t, tt.req, plan, agents, opt, r)
			if len(r.Unassigned) != tt.wantOpen {
				t.Errorf("%d shifts open, want %d: %v", len(r.Unassigned), tt.wantOpen, r.Assignments)
			}
		})
	}
}

// TestTimeline pins the time model down: where shifts start and end in
// real time, their local wall-clock span, and the horizon's length, for
// the assigner's timeline and for Check's own code alike.
func TestTimeline(t *testing.T) {
	ny := newYork(t)
	at := func(m time.Month, d, hh, mm int) time.Time { return time.Date(2026, m, d, hh, mm, 0, 0, ny) }
	tests := []struct {
		name       string
		req        scheduler.Requirements
		day        int
		start      time.Duration
		length     time.Duration
		wantStart  time.Time     // instant
		wantWallTo time.Duration // latest local reading, from the day's midnight
		horizon    time.Duration // the horizon's real length
	}{
		{"plain", nyWeek(t, time.March, plainMonday, false), 5, 22 * hour, 8 * hour, at(time.March, 21, 22, 0), 30 * hour, 168 * hour},
		{"spring night", nyWeek(t, time.March, springMonday, false), 5, 22 * hour, 8 * hour, at(time.March, 7, 22, 0), 31 * hour, 167 * hour},
		{"spring Sunday", nyWeek(t, time.March, springMonday, false), 6, 9 * hour, 8 * hour, time.Date(2026, 3, 8, 13, 0, 0, 0, time.UTC), 17 * hour, 167 * hour},
		{"skipped 02:30 is 03:30 EDT", nyWeek(t, time.March, springMonday, false), 6, 2*hour + 30*time.Minute, hour, time.Date(2026, 3, 8, 7, 30, 0, 0, time.UTC), 4*hour + 30*time.Minute, 167 * hour},
		{"autumn night", nyWeek(t, time.October, autumnMonday, false), 5, 22 * hour, 8 * hour, at(time.October, 31, 22, 0), 29 * hour, 169 * hour},
		{"repeated 01:30 is the first (EDT)", nyWeek(t, time.October, autumnMonday, false), 6, hour + 30*time.Minute, hour, time.Date(2026, 11, 1, 5, 30, 0, 0, time.UTC), 2 * hour, 169 * hour}, // reads 01:30-02:00 EDT, 01:00-01:30 EST
		{"UTC", weekReq(7, true), 6, 20 * hour, 8 * hour, time.Date(2026, 11, 29, 20, 0, 0, 0, time.UTC), 28 * hour, 168 * hour},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, err := newHorizon(tt.req)
			if err != nil {
				t.Fatal(err)
			}
			sl := newSlot(h, scheduler.Shift{Day: tt.day, Start: tt.start, Length: tt.length}, DefaultOptions())
			if got := h.tl.start.Add(sl.from); !got.Equal(tt.wantStart) {
				t.Errorf("assigner: starts %v, want %v", got, tt.wantStart)
			}
			if sl.to-sl.from != tt.length || sl.wallTo != tt.wantWallTo {
				t.Errorf("assigner: lasts %v, ends at wall %v; want %v and %v", sl.to-sl.from, sl.wallTo, tt.length, tt.wantWallTo)
			}
			if h.length() != tt.horizon {
				t.Errorf("assigner: horizon %v long, want %v", h.length(), tt.horizon)
			}
			c, err := newChecker(tt.req, nil, nil, DefaultOptions())
			if err != nil {
				t.Fatal(err)
			}
			if got := c.instant(tt.day, tt.start); !got.Equal(tt.wantStart) {
				t.Errorf("checker: starts %v, want %v", got, tt.wantStart)
			}
			if c.cycle != tt.horizon {
				t.Errorf("checker: horizon %v long, want %v", c.cycle, tt.horizon)
			}
		})
	}
}

// TestCheckIsIndependent reads check.go and fails if it uses a name of
// the package that is neither exported nor declared in check.go itself:
// Check must not share the assigner's helpers.
func TestCheckIsIndependent(t *testing.T) {
	fset := token.NewFileSet()
	// Methods declared elsewhere (Availability.spans, Agent.HasSkill and
	// the like) are reached by selectors, not plain names; only String,
	// which words messages, is allowed.
	foreignMethods := map[string]bool{}
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") || name == "check.go" {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv != nil && fd.Name.Name != "String" {
				foreignMethods[fd.Name.Name] = true
			}
		}
	}
	src, err := os.ReadFile("check.go")
	if err != nil {
		t.Fatal(err)
	}
	f, err := parser.ParseFile(fset, "check.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	// Names check.go does not declare are unresolved in a parse of the
	// file alone: they must be exported, built in, or imported packages.
	imported := map[string]bool{}
	for _, im := range f.Imports {
		p := strings.Trim(im.Path.Value, `"`)
		imported[p[strings.LastIndex(p, "/")+1:]] = true
	}
	for _, id := range f.Unresolved {
		if !id.IsExported() && types.Universe.Lookup(id.Name) == nil && !imported[id.Name] {
			t.Errorf("%v: check.go uses %s, declared elsewhere in the package", fset.Position(id.Pos()), id.Name)
		}
	}
	own := map[string]bool{}
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv != nil {
			own[fd.Name.Name] = true
		}
	}
	ast.Inspect(f, func(n ast.Node) bool {
		if sel, ok := n.(*ast.SelectorExpr); ok && foreignMethods[sel.Sel.Name] && !own[sel.Sel.Name] {
			t.Errorf("%v: check.go calls the method %s, declared elsewhere in the package", fset.Position(sel.Pos()), sel.Sel.Name)
		}
		return true
	})
}
