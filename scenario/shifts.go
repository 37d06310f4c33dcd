package scenario

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/staffcast/staffcast/erlang"
	"github.com/staffcast/staffcast/scheduler"
)

// applyShifts plans shifts for the scheduled agents of qr's intervals and
// replaces them with the plan's coverage: service is evaluated with
// floor(coverage x (1 - shrinkage)) agents answering, and the plan's paid
// hours are spread over the intervals in proportion to their coverage.
// The requirements are the scheduled agents (capped by humans.max_agents)
// on the local wall-clock slots of whole days (see slots).
//
// The plan runs under the context pr.within derives from ctx, when set (its
// share of a time limit: a deadline there stops the search with the best
// plan found, Plan.Stopped, and is no error), and reports its search's
// fraction to pr.progress.
func (m *queueModel) applyShifts(ctx context.Context, qr *QueueResult, loads []erlang.Load, sh *Shifts, opt Options, pr planRun) error {
	req, slot := m.slots()
	for i, r := range qr.Intervals {
		req.Required[slot[i]] = math.Max(req.Required[slot[i]], r.ScheduledAgents)
	}
	req.Cyclic = sh.Cyclic
	w := sh.Weights
	if w == (scheduler.Weights{}) {
		w = scheduler.Weights{Shortage: 1, Excess: 1}
	}
	so := scheduler.Options{Seed: opt.Seed, Effort: opt.ShiftEffort}
	if pr.progress != nil {
		so.Progress = func(p scheduler.Progress) { pr.progress(p.Done) }
	}
	pctx := ctx
	if pr.within != nil {
		var cancel context.CancelFunc
		pctx, cancel = pr.within(ctx)
		defer cancel()
	}
	plan, err := scheduler.Solve(pctx, scheduler.Problem{Requirements: req, Templates: sh.Templates, Weights: w}, so)
	if err != nil {
		return fmt.Errorf("scenario: queue %q: shift plan: %w", m.q.Queue, err)
	}
	// The evaluation's context, not the plan's: a plan's share of the time
	// ending is no error.
	if err := ctx.Err(); err != nil {
		return err
	}
	var covered float64
	for i := range qr.Intervals {
		covered += plan.Coverage.Scheduled[slot[i]]
	}
	for i := range qr.Intervals {
		r := &qr.Intervals[i]
		cov := plan.Coverage.Scheduled[slot[i]]
		need, uncapped := r.RequiredScheduledAgents, r.UncappedScheduledAgents
		if m.humOpen[i] {
			m.serveWith(r, i, loads[i], cov)
		} else {
			r.ScheduledAgents = cov
		}
		r.RequiredScheduledAgents, r.UncappedScheduledAgents = need, uncapped // serveWith set them to the coverage
		switch {
		case covered > 0:
			r.PaidHours = plan.PaidHours * cov / covered
		case i == 0:
			r.PaidHours = plan.PaidHours
		default:
			r.PaidHours = 0
		}
		m.cost(r)
	}
	qr.Plan = &plan
	qr.Requirements = &req
	return nil
}

// slots returns empty requirements on whole local days from the midnight
// of the first interval's day, and the slot of every interval: its local
// day's index times the slots per day plus its local time of day over the
// interval. A wall-clock hour that daylight saving skips has no interval;
// a repeated one maps two intervals to one slot (requirements take the
// larger).
func (m *queueModel) slots() (scheduler.Requirements, []int) {
	first := m.starts[0]
	y, mo, d := first.Date()
	midnight := time.Date(y, mo, d, 0, 0, 0, 0, m.loc)
	perDay := int(24 * time.Hour / m.interval)
	slot := make([]int, len(m.starts))
	for i, t := range m.starts {
		ty, tm, td := t.Date()
		day := int(math.Round(time.Date(ty, tm, td, 12, 0, 0, 0, time.UTC).Sub(time.Date(y, mo, d, 12, 0, 0, 0, time.UTC)).Hours() / 24))
		tod := time.Duration(t.Hour())*time.Hour + time.Duration(t.Minute())*time.Minute + time.Duration(t.Second())*time.Second
		slot[i] = day*perDay + int(tod/m.interval)
	}
	days := slot[len(slot)-1]/perDay + 1
	return scheduler.Requirements{Start: midnight, Interval: m.interval, Required: make([]float64, days*perDay)}, slot
}
