package app

import (
	"context"
	"errors"

	"github.com/staffcast/staffcast/scheduler"
	"github.com/staffcast/staffcast/scheduler/roster"
)

// ScheduleRequest asks for a shift plan covering Problem.Requirements and,
// when Agents is non-nil, a roster of that plan onto them. The deadline is
// ctx's (the CLI's -time-limit is a context.WithTimeout around the call).
type ScheduleRequest struct {
	Problem scheduler.Problem
	Seed    uint64
	Effort  float64 // scales the search; 0 means 1
	// Progress, when set, is called from the solve with its progress.
	Progress func(scheduler.Progress)
	Agents   []roster.Agent // nil: no roster
	Roster   roster.Options // the roster's rules, used as given (start from roster.DefaultOptions())
}

// ScheduleResult is the plan and, when agents were given, its roster.
type ScheduleResult struct {
	Plan    scheduler.Plan // Plan.Stopped when the deadline cut the search
	Roster  *roster.Roster
	Summary *roster.Summary
}

// SchedulePlan plans and optionally rosters (named so because Schedule is
// the stored entity). It returns the best plan found
// when ctx's deadline passes (Plan.Stopped), but an error of kind Canceled
// when ctx was cancelled (an interrupt: the caller writes nothing). An
// invalid or oversized problem is Invalid.
func SchedulePlan(ctx context.Context, r ScheduleRequest) (ScheduleResult, error) {
	const op = "schedule"
	if err := r.Problem.Validate(); err != nil {
		return ScheduleResult{}, &Error{Kind: Invalid, Op: op, Err: err}
	}
	plan, err := scheduler.Solve(ctx, r.Problem, scheduler.Options{Seed: r.Seed, Effort: r.Effort, Progress: r.Progress})
	if errors.Is(ctx.Err(), context.Canceled) {
		return ScheduleResult{}, Wrap(Canceled, op, ctx.Err())
	}
	if err != nil {
		return ScheduleResult{}, &Error{Kind: Invalid, Op: op, Err: err}
	}
	res := ScheduleResult{Plan: plan}
	if r.Agents == nil {
		return res, nil
	}
	opt := r.Roster
	ro, err := roster.Assign(r.Problem.Requirements, plan.Shifts, r.Agents, opt)
	if err != nil {
		return ScheduleResult{}, &Error{Kind: Invalid, Op: "roster", Err: err}
	}
	sum := roster.Summarize(r.Problem.Requirements, r.Agents, opt, ro)
	res.Roster, res.Summary = ro, &sum
	return res, nil
}

// Coverage measures planned shifts against requirements (scheduler.Cover).
func Coverage(ctx context.Context, req scheduler.Requirements, planned []scheduler.PlannedShift) (scheduler.Coverage, error) {
	if err := ctx.Err(); err != nil {
		return scheduler.Coverage{}, Wrap(Canceled, "coverage", err)
	}
	if err := req.Validate(); err != nil {
		return scheduler.Coverage{}, &Error{Kind: Invalid, Op: "coverage", Err: err}
	}
	return scheduler.Cover(req, planned), nil
}
