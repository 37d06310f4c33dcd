package roster

import (
	"fmt"
	"sort"
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
// calendar, in a deterministic order; none means r is valid. It shares no
// rule code with Assign, so it can vouch for Assign's results. It also
// checks that r's assigned and unassigned shifts are exactly the plan,
// so a dropped shift is a violation too. Preferences, minimum hours and
// fairness are goals, not rules: see Summarize.
func Check(req scheduler.Requirements, plan []scheduler.PlannedShift, agents []Agent, opt Options, r *Roster) ([]Violation, error) {
	h, _, err := prepare(req, plan, agents, opt)
	if err != nil {
		return nil, err
	}
	var vs []Violation
	add := func(rule Rule, agent string, day int, format string, args ...any) {
		vs = append(vs, Violation{rule, agent, day, fmt.Sprintf(format, args...)})
	}

	// The plan, as a multiset of shifts, against what the roster holds.
	want := map[string]int{}
	for _, ps := range plan {
		want[shiftKey(ps.Shift)] += ps.Count
	}
	got := map[string]int{}
	for _, a := range r.Assignments {
		got[shiftKey(a.Shift)]++
	}
	for _, s := range r.Unassigned {
		got[shiftKey(s)]++
	}
	var planKeys []string
	for k := range want {
		planKeys = append(planKeys, k)
	}
	for k := range got {
		if _, ok := want[k]; !ok {
			planKeys = append(planKeys, k)
		}
	}
	sort.Strings(planKeys)
	for _, k := range planKeys {
		if want[k] != got[k] {
			var d int
			fmt.Sscanf(k, "%d|", &d)
			add(RulePlan, "", d, "shift %s planned %d times, rostered or left open %d times", k, want[k], got[k])
		}
	}

	byID := map[string]*Agent{}
	for i := range agents {
		byID[agents[i].ID] = &agents[i]
	}
	type work struct {
		s        scheduler.Shift
		from, to time.Duration
	}
	per := map[string][]work{}
	var ids []string
	for _, as := range r.Assignments {
		s := as.Shift
		if _, ok := byID[as.Agent]; !ok {
			add(RuleUnknownAgent, as.Agent, s.Day, "no agent has this id")
			continue
		}
		if err := checkShift(h, s); err != nil {
			add(RulePlan, as.Agent, s.Day, "impossible shift: %v", err)
			continue
		}
		if _, seen := per[as.Agent]; !seen {
			ids = append(ids, as.Agent)
		}
		from := time.Duration(s.Day)*24*time.Hour + s.Start
		per[as.Agent] = append(per[as.Agent], work{s, from, from + s.Length})
	}
	sort.Strings(ids)

	H := time.Duration(h.days) * 24 * time.Hour
	for _, id := range ids {
		a, ws := byID[id], per[id]
		sort.Slice(ws, func(i, j int) bool { return ws[i].from < ws[j].from })
		worked := make([]int, h.days)
		paid := make([]time.Duration, h.weeks())
		days := make([]int, h.weeks())
		for _, w := range ws {
			d := w.s.Day
			wd := h.start.AddDate(0, 0, d).Weekday()
			if !a.HasSkill(opt.Skill) {
				add(RuleSkill, id, d, "lacks skill %q", opt.Skill)
			}
			if !a.Availability.Covers(wd, w.s.Start, w.s.Length) {
				add(RuleAvailability, id, d, "%s %s-%s is outside availability %q", shortDay[wd], clock(w.s.Start), clock(w.s.End()), a.Availability.String())
			}
			worked[d]++
			if worked[d] == 2 {
				add(RuleOneShiftADay, id, d, "more than one shift starts on this day")
			}
			paid[d/7] += w.s.PaidTime()
			days[d/7]++
		}
		for k := range paid {
			if a.MaxPerWeek > 0 && paid[k] > a.MaxPerWeek {
				add(RuleMaxHours, id, 7*k, "week %d has %v paid, above %v", k+1, paid[k], a.MaxPerWeek)
			}
			if a.MaxDaysPerWeek > 0 && days[k] > a.MaxDaysPerWeek {
				add(RuleMaxDays, id, 7*k, "week %d has %d working days, above %d", k+1, days[k], a.MaxDaysPerWeek)
			}
		}
		// Rest between consecutive shifts; a cyclic horizon also from the
		// last to the first of the next cycle (to itself when alone).
		for k := range ws {
			next, shift := k+1, time.Duration(0)
			if next == len(ws) {
				if !h.cyclic {
					break
				}
				next, shift = 0, H
			}
			gap := ws[next].from + shift - ws[k].to
			switch {
			case gap < 0:
				add(RuleOverlap, id, ws[k].s.Day, "shift ends %v after the next one starts", -gap)
			case gap < opt.Rules.MinRest:
				add(RuleRest, id, ws[next].s.Day, "%v rest before this shift, less than %v", gap, opt.Rules.MinRest)
			}
		}
		// Runs of working days.
		if max := opt.Rules.MaxConsecutiveDays; max > 0 {
			all := true
			for _, n := range worked {
				all = all && n > 0
			}
			if all && h.cyclic {
				add(RuleConsecutiveDays, id, 0, "works every day of a repeating horizon")
				continue
			}
			span := h.days
			if h.cyclic {
				span = 2 * h.days // see runs through the wrap
			}
			run := 0
			for d := 0; d < span; d++ {
				if worked[d%h.days] == 0 {
					run = 0
					continue
				}
				run++
				if run == max+1 && (d < h.days || d-max < h.days) {
					add(RuleConsecutiveDays, id, d%h.days, "day %d of a run of working days, above %d", run, max)
				}
			}
		}
	}
	return vs, nil
}
