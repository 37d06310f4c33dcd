package roster

import (
	"errors"
	"fmt"
	"time"
)

// Errors about the inputs of Assign and Check.
var (
	ErrAgent = errors.New("roster: bad agent")
	ErrPlan  = errors.New("roster: bad plan")
	ErrRules = errors.New("roster: bad rules")
)

// Agent is a named person who can work shifts, with a contract.
//
// Weekly limits apply to each block of seven days from the horizon's first
// day (a shorter last block gets the full maximum and a prorated minimum);
// a shift counts in the block and on the day it starts.
type Agent struct {
	ID     string
	Name   string
	Skills []string
	// MinPerWeek is the paid time the contract promises a week. It is a
	// target, not a hard rule: the plan may simply not have enough shifts.
	MinPerWeek time.Duration
	// MaxPerWeek caps paid time a week (shift length less unpaid breaks);
	// zero means no cap.
	MaxPerWeek time.Duration
	// MaxDaysPerWeek caps working days a week; zero means no cap.
	MaxDaysPerWeek int
	Availability   Availability
	// PreferredDaysOff are days the agent would rather not work: a soft goal.
	PreferredDaysOff []time.Weekday
}

// HasSkill reports whether the agent has skill s; every agent has the empty
// skill.
func (a *Agent) HasSkill(s string) bool {
	if s == "" {
		return true
	}
	for _, x := range a.Skills {
		if x == s {
			return true
		}
	}
	return false
}

func (a *Agent) prefersOff(d time.Weekday) bool {
	for _, x := range a.PreferredDaysOff {
		if x == d {
			return true
		}
	}
	return false
}

// Rules are the labour rules every roster obeys.
type Rules struct {
	// MinRest is the least time off between the end of one shift and the
	// start of the agent's next one. Shifts never overlap and an agent works
	// at most one shift starting on a day, whatever MinRest is.
	MinRest time.Duration
	// MaxConsecutiveDays caps a run of days on which the agent starts a
	// shift; zero means no cap.
	MaxConsecutiveDays int
}

// DefaultRules are 11 hours' rest between shifts (the EU working-time
// directive's daily rest, 2003/88/EC art. 3) and at most 6 consecutive
// working days (its weekly rest, art. 5).
func DefaultRules() Rules {
	return Rules{MinRest: 11 * time.Hour, MaxConsecutiveDays: 6}
}

// Options set the rules and goals of Assign and Check.
type Options struct {
	Rules Rules
	// Skill is the skill every shift of the plan needs; empty needs none.
	Skill string
	// EveningFrom is the time of day after which work makes a shift an
	// evening shift for fairness; zero means 20:00.
	EveningFrom time.Duration
}

// DefaultOptions are DefaultRules, no skill and evenings from 20:00.
func DefaultOptions() Options {
	return Options{Rules: DefaultRules(), EveningFrom: 20 * time.Hour}
}

func (o Options) eveningFrom() time.Duration {
	if o.EveningFrom <= 0 {
		return 20 * time.Hour
	}
	return o.EveningFrom
}

func (o Options) validate() error {
	r := o.Rules
	if r.MinRest < 0 || r.MinRest > week {
		return fmt.Errorf("%w: minimum rest %v is outside 0 to 168h", ErrRules, r.MinRest)
	}
	if r.MaxConsecutiveDays < 0 {
		return fmt.Errorf("%w: maximum consecutive days %d is negative", ErrRules, r.MaxConsecutiveDays)
	}
	if o.EveningFrom < 0 || o.EveningFrom > day {
		return fmt.Errorf("%w: evening start %v is outside 00:00 to 24:00", ErrRules, o.EveningFrom)
	}
	return nil
}

// validateAgents checks ids are present and unique and contracts coherent.
func validateAgents(agents []Agent) error {
	seen := make(map[string]int, len(agents))
	for i := range agents {
		a := &agents[i]
		if a.ID == "" {
			return fmt.Errorf("%w: agent %d has no id", ErrAgent, i+1)
		}
		if j, dup := seen[a.ID]; dup {
			return fmt.Errorf("%w: id %q is used by agents %d and %d", ErrAgent, a.ID, j+1, i+1)
		}
		seen[a.ID] = i
		switch {
		case a.MinPerWeek < 0 || a.MaxPerWeek < 0:
			return fmt.Errorf("%w: %q has negative weekly hours", ErrAgent, a.ID)
		case a.MaxPerWeek > 0 && a.MinPerWeek > a.MaxPerWeek:
			return fmt.Errorf("%w: %q has minimum weekly hours %v above its maximum %v", ErrAgent, a.ID, a.MinPerWeek, a.MaxPerWeek)
		case a.MaxDaysPerWeek < 0 || a.MaxDaysPerWeek > 7:
			return fmt.Errorf("%w: %q has maximum days a week %d outside 0 to 7", ErrAgent, a.ID, a.MaxDaysPerWeek)
		}
		for _, w := range a.Availability.Windows {
			if w.Day < 0 || w.Day > 6 || w.Start < 0 || w.Start >= day || w.End <= w.Start || w.End > w.Start+day {
				return fmt.Errorf("%w: %q has an impossible availability window %+v", ErrAgent, a.ID, w)
			}
		}
	}
	return nil
}
