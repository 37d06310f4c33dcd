package app

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/staffcast/staffcast/scenario"
)

// ScenarioOptions tune RunScenario, SweepScenario, OptimizeScenario and
// CompareScenarios.
type ScenarioOptions struct {
	// Workers is the number of evaluations run at a time (sweep,
	// optimize); <= 0 means one per CPU.
	Workers int
	// ShiftEffort is the shift planner's effort
	// (scheduler.Options.Effort); 0 means 1.
	ShiftEffort float64
	// Seed seeds the shift planner.
	Seed uint64
	// TimeLimit, when positive, is the most the whole operation may take,
	// demand resolved (a forecast from history) included: the CLI's
	// -time-limit, a scenario job's time_limit. It is a bound, not time to
	// spend: every shift plan keeps its fixed effort (so the result is
	// the one without a limit whenever the limit is not reached) but is
	// stopped at the end of its share of the time, the best plan found by
	// then priced (scenario.Totals.PlansStopped counts them). The plans'
	// time, the limit less scenarioReserve, is split fairly: each plan
	// gets what is left of it over the plans still to make one after
	// another, this one included (a sweep of n points on w workers making
	// k plans a point: point i's plans share ⌈(n-i)/w⌉·k ways), so that a
	// plan ending early leaves its time to the others. An optimisation's
	// search over the hours is a step too, and stops with the split it
	// has reached (scenario.OptimizeResult.Stopped). Work that is no shift
	// plan (a sweep's points without templates, an optimisation's single
	// shares) is only cut short by the limit: the operation then fails
	// with an Invalid error naming time_limit and how far it got. Zero:
	// no limit, and the same inputs give the same result.
	TimeLimit time.Duration
	// Progress, when set, is called with how far the operation has got
	// (scenario.Progress: points done of a sweep, trials and plans of an
	// optimisation, plans of a run, scenarios of a comparison, each
	// counting the shift plans' searches as far as they have got) and,
	// under a time limit, a few times a second with Done at least the
	// share of the limit spent; never two calls at once, never above 0.99
	// while the operation runs, and none once ctx is cancelled.
	Progress func(scenario.Progress)
}

// scenarioReserve is the part of a scenario operation's time limit kept
// after its shift plans' time for pricing the last of them (and what
// follows a plan that overshoots its deadline by a few tens of
// milliseconds, as a search stopped in an LP does): a tenth of the limit,
// at most a second. Pricing a plan (every interval's Erlang figures with
// the plan's coverage) takes milliseconds for a week.
func scenarioReserve(limit time.Duration) time.Duration {
	return min(limit/10, time.Second)
}

// errTimeLimit is the cause of a scenario operation's context ending at
// its time limit.
var errTimeLimit = errors.New("time limit reached")

// scenarioRun is one scenario operation under ScenarioOptions: its context
// (ending at the time limit), the budget its shift plans share, and its
// progress. The clock is read here, not in the pure scenario package.
type scenarioRun struct {
	parent context.Context // the caller's: its end is a cancellation
	ctx    context.Context // parent ending at the time limit
	cancel context.CancelCauseFunc
	limit  time.Duration
	now    func() time.Time
	start  time.Time
	// plansEnd is when the shift plans' time ends: the limit less
	// scenarioReserve.
	plansEnd time.Time

	progress *scenarioProgress // nil: no Progress and no time limit
	ticking  chan struct{}     // closed when the ticker has returned
	stop     chan struct{}     // closed to stop the ticker
}

// beginScenario starts an operation under opt on the real clock, its
// progress reporting the time spent under a time limit; end must be called
// when it returns.
func beginScenario(ctx context.Context, opt ScenarioOptions) *scenarioRun {
	r := startScenario(ctx, opt, time.Now)
	if r.progress != nil && r.progress.fn != nil && r.limit > 0 {
		r.stop, r.ticking = make(chan struct{}), make(chan struct{})
		go func() {
			defer close(r.ticking)
			r.progress.run(r.stop)
		}()
	}
	return r
}

// startScenario starts an operation under opt at now, without the ticker
// of beginScenario; end must be called when it returns.
func startScenario(ctx context.Context, opt ScenarioOptions, now func() time.Time) *scenarioRun {
	r := &scenarioRun{parent: ctx, limit: max(opt.TimeLimit, 0), now: now, start: now()}
	r.ctx, r.cancel = context.WithCancelCause(ctx)
	if r.limit > 0 {
		r.plansEnd = r.start.Add(r.limit - scenarioReserve(r.limit))
		var cancel context.CancelFunc
		r.ctx, cancel = context.WithDeadlineCause(r.ctx, r.start.Add(r.limit), errTimeLimit)
		base := r.cancel
		r.cancel = func(cause error) { base(cause); cancel() }
	}
	// Under a time limit the progress is followed even when nobody asked
	// for it: its note says how far the work got when the limit ends it.
	if opt.Progress != nil || r.limit > 0 {
		r.progress = &scenarioProgress{ctx: ctx, fn: opt.Progress, now: now, start: r.start, limit: r.limit}
	}
	return r
}

// end releases the operation's context and stops its ticker.
func (r *scenarioRun) end() {
	if r.stop != nil {
		close(r.stop)
		<-r.ticking
	}
	r.cancel(context.Canceled)
}

// options are the scenario package's options for the operation: opt's,
// with the operation's budget and progress.
func (r *scenarioRun) options(opt ScenarioOptions) scenario.Options {
	o := scenario.Options{Workers: opt.Workers, ShiftEffort: opt.ShiftEffort, Seed: opt.Seed}
	if o.Workers <= 0 {
		o.Workers = defaultWorkers()
	}
	if r.limit > 0 {
		o.Budget = r.budget
	}
	if r.progress != nil {
		o.Progress = r.progress.work
	}
	return o
}

// budget is the operation's scenario.Budget: a step gets 1/left of the
// plans' time still left. A step that would get none (the plans' time is
// spent: only the reserve is left) ends the operation at once with
// errTimeLimit, rather than price a plan the search never started.
func (r *scenarioRun) budget(ctx context.Context, left int) (context.Context, context.CancelFunc) {
	now := r.now()
	share := r.plansEnd.Sub(now) / time.Duration(max(left, 1))
	if share <= 0 {
		r.cancel(errTimeLimit)
	}
	return context.WithDeadline(ctx, now.Add(share))
}

// err is the operation's error for err: when the time limit, not the
// caller, ended it, an Invalid error naming time_limit that says how far
// it got; err itself otherwise.
func (r *scenarioRun) err(err error) error {
	if err == nil || r.parent.Err() != nil || !errors.Is(context.Cause(r.ctx), errTimeLimit) ||
		(KindOf(err) != Canceled && !isContextErr(err)) {
		return err
	}
	at := ""
	if r.progress != nil {
		if note := r.progress.note(); note != "" {
			at = " (at " + note + ")"
		}
	}
	return Invalidf("time_limit", "%s reached%s before the work was done: give a longer time limit, or ask for less (fewer points, scenarios or queues)", ShortDuration(r.limit), at)
}

// scenarioProgress turns the scenario package's reports and, under a
// time limit, the clock into the reports of ScenarioOptions.Progress,
// serialising them: the package reports from its goroutines, the clock
// from another. Once ctx (the caller's) is done it reports nothing more,
// so that a cancelled job keeps the progress it had reached.
type scenarioProgress struct {
	ctx   context.Context
	fn    func(scenario.Progress) // nil: the note is only kept
	now   func() time.Time
	start time.Time
	limit time.Duration // 0: no time limit

	mu   sync.Mutex
	last scenario.Progress // the work's last report
	done float64           // the last Done reported
}

// work is the scenario package's progress callback.
func (p *scenarioProgress) work(w scenario.Progress) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.last = w
	p.report()
}

// tick reports the time spent.
func (p *scenarioProgress) tick() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.report()
}

// note is the work's last note.
func (p *scenarioProgress) note() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.last.Note
}

// report calls fn with the progress now; p.mu is held.
func (p *scenarioProgress) report() {
	if p.fn == nil || p.ctx.Err() != nil {
		return
	}
	done := p.last.Done
	if p.limit > 0 {
		// The operation ends by its limit: the share spent is done at
		// least.
		done = max(done, float64(p.now().Sub(p.start))/float64(p.limit))
	}
	p.done = max(p.done, min(done, maxRunningDone))
	p.fn(scenario.Progress{Done: p.done, Note: p.last.Note})
}

// run reports the time spent every progressTick until stop is closed.
func (p *scenarioProgress) run(stop <-chan struct{}) {
	t := time.NewTicker(progressTick)
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case <-t.C:
			p.tick()
		}
	}
}
