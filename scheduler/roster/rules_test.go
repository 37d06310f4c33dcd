package roster

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/staffcast/staffcast/scheduler"
)

// TestEveryRule gives, for each hard rule, a plan that one agent could
// only fully work by breaking that rule: Assign must leave a shift open,
// and Check must report the rule on the roster that works them all.
func TestEveryRule(t *testing.T) {
	opt := func(f func(*Options)) Options {
		o := DefaultOptions()
		if f != nil {
			f(&o)
		}
		return o
	}
	agent := func(f func(*Agent)) []Agent {
		a := Agent{ID: "A", Skills: []string{"voice"}}
		if f != nil {
			f(&a)
		}
		return []Agent{a}
	}
	brk := func(ps scheduler.PlannedShift, start, length time.Duration) scheduler.PlannedShift {
		ps.Breaks = []scheduler.Break{{Start: start, Length: length}}
		return ps
	}
	tests := []struct {
		name     string
		cyclic   bool
		plan     []scheduler.PlannedShift
		agents   []Agent
		opt      Options
		wantOpen int
		rule     Rule // reported when every shift goes to agent A; "" when that is legal
	}{
		{"availability", false, []scheduler.PlannedShift{shift(0, 8*hour, 8*hour, 1), shift(1, 12*hour, 8*hour, 1)},
			agent(func(a *Agent) { a.Availability = mustAvail(t, "mon-fri 08:00-16:00") }), opt(nil), 1, RuleAvailability},
		{"availability overnight", false, []scheduler.PlannedShift{shift(4, 22*hour, 8*hour, 1), shift(5, 22*hour, 8*hour, 1)},
			agent(func(a *Agent) { a.Availability = mustAvail(t, "fri 22:00-06:00") }), opt(nil), 1, RuleAvailability},
		{"skill", false, []scheduler.PlannedShift{shift(0, 8*hour, 8*hour, 1)},
			agent(nil), opt(func(o *Options) { o.Skill = "chat" }), 1, RuleSkill},
		{"one shift a day", false, []scheduler.PlannedShift{shift(0, 6*hour, 4*hour, 1), shift(0, 14*hour, 4*hour, 1)},
			agent(nil), opt(func(o *Options) { o.Rules.MinRest = 0 }), 1, RuleOneShiftADay},
		{"overlap", false, []scheduler.PlannedShift{shift(0, 20*hour, 8*hour, 1), shift(1, 2*hour, 4*hour, 1)},
			agent(nil), opt(func(o *Options) { o.Rules.MinRest = 0 }), 1, RuleOverlap},
		{"rest 11h", false, []scheduler.PlannedShift{shift(0, 14*hour, 8*hour, 1), shift(1, 6*hour, 8*hour, 1)},
			agent(nil), opt(nil), 1, RuleRest},
		{"rest configurable", false, []scheduler.PlannedShift{shift(0, 14*hour, 8*hour, 1), shift(1, 6*hour, 8*hour, 1)},
			agent(nil), opt(func(o *Options) { o.Rules.MinRest = 8 * hour }), 0, ""},
		{"rest across the wrap", true, []scheduler.PlannedShift{shift(6, 20*hour, 8*hour, 1), shift(0, 6*hour, 8*hour, 1)},
			agent(nil), opt(nil), 1, RuleRest},
		{"no wrap without cycle", false, []scheduler.PlannedShift{shift(6, 20*hour, 8*hour, 1), shift(0, 6*hour, 8*hour, 1)},
			agent(nil), opt(nil), 0, ""},
		{"consecutive days", false, []scheduler.PlannedShift{shift(0, 9*hour, 8*hour, 1), shift(1, 9*hour, 8*hour, 1), shift(2, 9*hour, 8*hour, 1), shift(3, 9*hour, 8*hour, 1)},
			agent(nil), opt(func(o *Options) { o.Rules.MaxConsecutiveDays = 3 }), 1, RuleConsecutiveDays},
		{"every day of a cycle", true, []scheduler.PlannedShift{shift(0, 9*hour, 4*hour, 1), shift(1, 9*hour, 4*hour, 1), shift(2, 9*hour, 4*hour, 1), shift(3, 9*hour, 4*hour, 1), shift(4, 9*hour, 4*hour, 1), shift(5, 9*hour, 4*hour, 1), shift(6, 9*hour, 4*hour, 1)},
			agent(nil), opt(func(o *Options) { o.Rules.MaxConsecutiveDays = 7 }), 1, RuleConsecutiveDays},
		{"run through the wrap", true, []scheduler.PlannedShift{shift(5, 9*hour, 4*hour, 1), shift(6, 9*hour, 4*hour, 1), shift(0, 9*hour, 4*hour, 1), shift(1, 9*hour, 4*hour, 1)},
			agent(nil), opt(func(o *Options) { o.Rules.MaxConsecutiveDays = 3 }), 1, RuleConsecutiveDays},
		{"max hours", false, []scheduler.PlannedShift{shift(0, 9*hour, 8*hour, 1), shift(2, 9*hour, 8*hour, 1), shift(4, 9*hour, 8*hour, 1)},
			agent(func(a *Agent) { a.MaxPerWeek = 16 * hour }), opt(nil), 1, RuleMaxHours},
		{"unpaid breaks are not paid time", false, []scheduler.PlannedShift{brk(shift(0, 9*hour, 8*hour+30*time.Minute, 1), 13*hour, 30*time.Minute), brk(shift(2, 9*hour, 8*hour+30*time.Minute, 1), 13*hour, 30*time.Minute)},
			agent(func(a *Agent) { a.MaxPerWeek = 16 * hour }), opt(nil), 0, ""},
		{"max days", false, []scheduler.PlannedShift{shift(0, 9*hour, 4*hour, 1), shift(2, 9*hour, 4*hour, 1), shift(4, 9*hour, 4*hour, 1)},
			agent(func(a *Agent) { a.MaxDaysPerWeek = 2 }), opt(nil), 1, RuleMaxDays},
		{"weekly limits per week block", false, []scheduler.PlannedShift{shift(0, 9*hour, 4*hour, 1), shift(2, 9*hour, 4*hour, 1), shift(7, 9*hour, 4*hour, 1), shift(9, 9*hour, 4*hour, 1)},
			agent(func(a *Agent) { a.MaxDaysPerWeek = 2 }), opt(nil), 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			days := 7
			for _, ps := range tt.plan {
				days = max(days, ps.Day/7*7+7)
			}
			req := weekReq(days, tt.cyclic)
			r, err := Assign(req, tt.plan, tt.agents, tt.opt)
			if err != nil {
				t.Fatal(err)
			}
			mustValid(t, req, tt.plan, tt.agents, tt.opt, r)
			if len(r.Unassigned) != tt.wantOpen {
				t.Errorf("%d shifts open, want %d (assigned %v)", len(r.Unassigned), tt.wantOpen, r.Assignments)
			}
			// Everything to agent A.
			all := &Roster{}
			for _, ps := range tt.plan {
				all.Assignments = append(all.Assignments, Assignment{Agent: "A", Shift: ps.Shift})
			}
			vs, err := Check(req, tt.plan, tt.agents, tt.opt, all)
			if err != nil {
				t.Fatal(err)
			}
			found := false
			for _, v := range vs {
				found = found || v.Rule == tt.rule
				if tt.rule == "" {
					t.Errorf("unexpected violation %v", v)
				}
			}
			if tt.rule != "" && !found {
				t.Errorf("Check found %v, want a %s violation", vs, tt.rule)
			}
		})
	}
}

func TestCheckPlanAndAgents(t *testing.T) {
	req := weekReq(7, false)
	plan := []scheduler.PlannedShift{shift(0, 8*hour, 8*hour, 2)}
	agents := []Agent{{ID: "A"}, {ID: "B"}}
	opt := DefaultOptions()
	rules := func(r *Roster) []Rule {
		vs, err := Check(req, plan, agents, opt, r)
		if err != nil {
			t.Fatal(err)
		}
		var out []Rule
		for _, v := range vs {
			out = append(out, v.Rule)
		}
		return out
	}
	s := plan[0].Shift
	if got := rules(&Roster{Assignments: []Assignment{{"A", s}}}); len(got) != 1 || got[0] != RulePlan {
		t.Errorf("dropped shift: %v, want [plan]", got)
	}
	if got := rules(&Roster{Assignments: []Assignment{{"A", s}}, Unassigned: []scheduler.Shift{s}}); len(got) != 0 {
		t.Errorf("valid roster: %v", got)
	}
	if got := rules(&Roster{Assignments: []Assignment{{"A", s}, {"Z", s}}}); len(got) != 1 || got[0] != RuleUnknownAgent {
		t.Errorf("unknown agent: %v, want [unknown-agent]", got)
	}
	extra := s
	extra.Day = 3
	if got := rules(&Roster{Assignments: []Assignment{{"A", s}, {"B", s}, {"B", extra}}}); len(got) != 1 || got[0] != RulePlan {
		t.Errorf("shift not in the plan: %v, want [plan]", got)
	}
}

func TestAssignErrors(t *testing.T) {
	req := weekReq(7, false)
	ok := []scheduler.PlannedShift{shift(0, 8*hour, 8*hour, 1)}
	tests := []struct {
		name   string
		req    scheduler.Requirements
		plan   []scheduler.PlannedShift
		agents []Agent
		opt    Options
		want   error
	}{
		{"duplicate id", req, ok, []Agent{{ID: "A"}, {ID: "A"}}, DefaultOptions(), ErrAgent},
		{"empty id", req, ok, []Agent{{}}, DefaultOptions(), ErrAgent},
		{"min above max", req, ok, []Agent{{ID: "A", MinPerWeek: 40 * hour, MaxPerWeek: 20 * hour}}, DefaultOptions(), ErrAgent},
		{"day outside", req, []scheduler.PlannedShift{shift(7, 8*hour, 8*hour, 1)}, []Agent{{ID: "A"}}, DefaultOptions(), ErrPlan},
		{"negative count", req, []scheduler.PlannedShift{shift(0, 8*hour, 8*hour, -1)}, []Agent{{ID: "A"}}, DefaultOptions(), ErrPlan},
		{"long shift", req, []scheduler.PlannedShift{shift(0, 8*hour, 25*hour, 1)}, []Agent{{ID: "A"}}, DefaultOptions(), ErrPlan},
		{"negative rest", req, ok, []Agent{{ID: "A"}}, Options{Rules: Rules{MinRest: -hour}}, ErrRules},
		{"bad requirements", scheduler.Requirements{Interval: 7 * time.Minute}, ok, []Agent{{ID: "A"}}, DefaultOptions(), scheduler.ErrInterval},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Assign(tt.req, tt.plan, tt.agents, tt.opt)
			if !errors.Is(err, tt.want) {
				t.Errorf("error %v, want %v", err, tt.want)
			}
		})
	}
}

// TestAssignNeverBreaksARule is the property behind "a roster that breaks
// a rule is impossible to produce": on many random instances, with random
// rules, cyclic or not, Check finds nothing wrong with Assign's roster.
func TestAssignNeverBreaksARule(t *testing.T) {
	n := 60
	if testing.Short() {
		n = 10
	}
	for seed := range uint64(n) {
		assignAndCheck(t, seed)
	}
}

func assignAndCheck(t *testing.T, seed uint64) {
	t.Helper()
	rng := rand.New(rand.NewPCG(seed, 7))
	days := []int{3, 7, 10, 14}[rng.IntN(4)]
	plan, agents := randomInstance(rng, 5+rng.IntN(30), days)
	opt := Options{
		Rules:       Rules{MinRest: time.Duration(rng.IntN(16)) * hour, MaxConsecutiveDays: rng.IntN(7)},
		Skill:       []string{"", "voice"}[rng.IntN(2)],
		EveningFrom: time.Duration(rng.IntN(24)) * hour,
	}
	req := weekReq(days, rng.IntN(2) == 0)
	// A third of the seeds in New York weeks that hold a clock change
	// (from day 6 on), so the assigner's and Check's time lines must agree.
	switch seed % 3 {
	case 1:
		req.Start = time.Date(2026, 3, 2, 0, 0, 0, 0, newYork(t))
	case 2:
		req.Start = time.Date(2026, 10, 26, 0, 0, 0, 0, newYork(t))
	}
	r, err := Assign(req, plan, agents, opt)
	if err != nil {
		t.Fatalf("seed %d: %v", seed, err)
	}
	vs, err := Check(req, plan, agents, opt, r)
	if err != nil {
		t.Fatal(err)
	}
	if len(vs) > 0 {
		t.Fatalf("seed %d (%d days from %v, cyclic %v, %+v): %d violations, first %v", seed, days, req.Start, req.Cyclic, opt.Rules, len(vs), vs[0])
	}
	placed := 0
	for _, adv := range r.Shortfall {
		placed += adv.Shifts
	}
	if placed+len(r.Unstaffable) != len(r.Unassigned) {
		t.Fatalf("seed %d: advice places %d and %d unstaffable of %d open shifts", seed, placed, len(r.Unstaffable), len(r.Unassigned))
	}
}

// FuzzAssign runs the same property on instances grown from fuzzed seeds.
func FuzzAssign(f *testing.F) {
	for _, s := range []uint64{1, 42, 1 << 40} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, seed uint64) { assignAndCheck(t, seed) })
}

func TestAssignDeterministic(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 3))
	plan, agents := randomInstance(rng, 40, 7)
	req := weekReq(7, true)
	a, _ := Assign(req, plan, agents, DefaultOptions())
	b, _ := Assign(req, plan, agents, DefaultOptions())
	if len(a.Assignments) != len(b.Assignments) {
		t.Fatal("different rosters")
	}
	for i := range a.Assignments {
		if a.Assignments[i].Agent != b.Assignments[i].Agent || shiftKey(a.Assignments[i].Shift) != shiftKey(b.Assignments[i].Shift) {
			t.Fatalf("assignment %d differs: %v vs %v", i, a.Assignments[i], b.Assignments[i])
		}
	}
}

// TestShortfallAdviceSuffices hires the advised agents and rosters again:
// the shifts left open the first time are now all covered.
func TestShortfallAdviceSuffices(t *testing.T) {
	req := weekReq(7, false)
	var plan []scheduler.PlannedShift
	for d := 0; d < 7; d++ {
		n := 3
		if d >= 5 {
			n = 6 // weekends need more than the weekday staff can give
		}
		plan = append(plan, shift(d, 8*hour, 8*hour, n))
	}
	var agents []Agent
	for _, id := range []string{"A", "B", "C", "D"} {
		agents = append(agents, Agent{ID: id, MaxPerWeek: 40 * hour, MaxDaysPerWeek: 5, Availability: mustAvail(t, "mon-fri 07:00-19:00")})
	}
	r, err := Assign(req, plan, agents, DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	mustValid(t, req, plan, agents, DefaultOptions(), r)
	if len(r.Unassigned) != 12 || len(r.Shortfall) != 1 {
		t.Fatalf("open %d, advice %v; want 12 open weekend shifts and one advice", len(r.Unassigned), r.Shortfall)
	}
	adv := r.Shortfall[0]
	if got, want := adv.String(), "6 more agents available sat-sun 08:00-16:00 (up to 5 days, 40h a week) to take 12 open shifts"; got != want {
		t.Errorf("advice %q, want %q", got, want)
	}
	for i := range adv.Agents {
		agents = append(agents, Agent{ID: "new" + string(rune('0'+i)), MaxPerWeek: adv.MaxPerWeek, MaxDaysPerWeek: adv.MaxDays, Availability: adv.Availability})
	}
	r, err = Assign(req, plan, agents, DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Unassigned) != 0 {
		t.Errorf("with the advised agents %d shifts are still open", len(r.Unassigned))
	}
}

func TestUnstaffable(t *testing.T) {
	req := weekReq(7, false)
	plan := []scheduler.PlannedShift{shift(0, 8*hour, 10*hour, 1)}
	agents := []Agent{{ID: "A", MaxPerWeek: 8 * hour}, {ID: "B", MaxPerWeek: 8 * hour}}
	r, err := Assign(req, plan, agents, DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Unassigned) != 1 || len(r.Unstaffable) != 1 || len(r.Shortfall) != 0 {
		t.Errorf("open %v, unstaffable %v, advice %v: want the 10h shift unstaffable under 8h contracts", r.Unassigned, r.Unstaffable, r.Shortfall)
	}
}

// TestSoftGoals checks preferred days off and fairness win when the rules
// leave a choice.
func TestSoftGoals(t *testing.T) {
	req := weekReq(7, false)
	// One Saturday shift, two agents: A prefers Saturdays off.
	plan := []scheduler.PlannedShift{shift(5, 9*hour, 8*hour, 1)}
	agents := []Agent{{ID: "A", PreferredDaysOff: []time.Weekday{time.Saturday}}, {ID: "B"}}
	r, _ := Assign(req, plan, agents, DefaultOptions())
	if len(r.Assignments) != 1 || r.Assignments[0].Agent != "B" {
		t.Errorf("Saturday went to %v, want B", r.Assignments)
	}
	// Four evening shifts on four days, four agents: one each.
	plan = nil
	for d := range 4 {
		plan = append(plan, shift(d, 14*hour, 8*hour, 1))
	}
	agents = []Agent{{ID: "A"}, {ID: "B"}, {ID: "C"}, {ID: "D"}}
	r, _ = Assign(req, plan, agents, DefaultOptions())
	s := Summarize(req, agents, DefaultOptions(), r)
	if s.EveningsMin != 1 || s.EveningsMax != 1 {
		t.Errorf("evenings spread %d-%d, want 1-1: %v", s.EveningsMin, s.EveningsMax, r.Assignments)
	}
	// Minimum hours: C needs 16h, the others nothing.
	agents = []Agent{{ID: "A"}, {ID: "B"}, {ID: "C", MinPerWeek: 16 * hour}, {ID: "D"}}
	r, _ = Assign(req, plan, agents, DefaultOptions())
	if s := Summarize(req, agents, DefaultOptions(), r); s.AgentsBelowMin != 0 {
		t.Errorf("%d agents below minimum hours: %v", s.AgentsBelowMin, r.Assignments)
	}
}

func TestViolationString(t *testing.T) {
	v := Violation{Rule: RuleRest, Agent: "A7", Day: 2, Detail: "8h0m0s rest before this shift, less than 11h0m0s"}
	if s := v.String(); !strings.HasPrefix(s, "min-rest: agent A7, day 2: ") {
		t.Errorf("String() = %q", s)
	}
}

// TestShortfallAdviceOnRandomWeeks hires what the advice says on random
// weeks and rosters again. The advice is built to suffice for the open
// shifts with the first roster held; re-rostering from scratch is a new
// heuristic run, so a few shifts may still be open, but no more than 5%
// of those open before.
func TestShortfallAdviceOnRandomWeeks(t *testing.T) {
	before, after := 0, 0
	for seed := range uint64(30) {
		rng := rand.New(rand.NewPCG(seed, 7))
		plan, agents := randomInstance(rng, 5+rng.IntN(30), 7)
		req := weekReq(7, seed%2 == 0)
		r, err := Assign(req, plan, agents, DefaultOptions())
		if err != nil {
			t.Fatal(err)
		}
		before += len(r.Unassigned) - len(r.Unstaffable)
		for _, adv := range r.Shortfall {
			for range adv.Agents {
				agents = append(agents, Agent{ID: fmt.Sprint("new", len(agents)), MaxPerWeek: adv.MaxPerWeek, MaxDaysPerWeek: adv.MaxDays, Availability: adv.Availability})
			}
		}
		r, err = Assign(req, plan, agents, DefaultOptions())
		if err != nil {
			t.Fatal(err)
		}
		after += len(r.Unassigned) - len(r.Unstaffable)
	}
	if before == 0 || after*20 > before {
		t.Errorf("open shifts %d before hiring the advice, %d after", before, after)
	}
	t.Logf("open shifts %d before hiring the advice, %d after", before, after)
}

// TestAssignContext: a live context gives Assign's roster; a cancelled one
// stops the work and returns the context's error, with no roster.
func TestAssignContext(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 5))
	plan, agents := randomInstance(rng, 40, 7)
	req := weekReq(7, true)
	want, err := Assign(req, plan, agents, DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	got, err := AssignContext(t.Context(), req, plan, agents, DefaultOptions())
	if err != nil || len(got.Assignments) != len(want.Assignments) || len(got.Unassigned) != len(want.Unassigned) {
		t.Fatalf("AssignContext with a live context: %v, %d assigned, want %d", err, len(got.Assignments), len(want.Assignments))
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	r, err := AssignContext(ctx, req, plan, agents, DefaultOptions())
	if !errors.Is(err, context.Canceled) || r != nil {
		t.Fatalf("cancelled: roster %v, err %v; want no roster and context.Canceled", r, err)
	}
}
