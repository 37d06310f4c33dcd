package app

import (
	"context"
	"sync"
	"time"

	"github.com/staffcast/staffcast/scheduler"
)

// ScheduleProgress is how far a running SchedulePlan has got.
type ScheduleProgress struct {
	// Done is the fraction of the request done, in [0, 1) while it runs
	// (its return is the end) and never lower than the one reported
	// before. With a time limit it is the larger of the share of the
	// limit spent and, once the search has returned, the share of the
	// limit the search was given (the rest is the roster's and the
	// writing's). The search spends the whole limit
	// (scheduler.Options.SpendToDeadline), so its own fraction, which
	// counts its fixed effort, says nothing of when it ends (on the demo's
	// week at 15 minutes with a 20 s limit it reached 0.65 at 2 s and
	// reported nothing more until 19.6 s): only its return, which comes
	// before the limit when it closes the gap to its bound, tells more
	// than the clock. Without a limit, Done is the search's fraction.
	Done float64
	// Objective is the best objective the search has reported, once it
	// has reported one (Searched); the clock moves Done between its
	// reports, with the last objective.
	Objective float64
	Searched  bool
}

// progressTick is how often SchedulePlan reports the time spent under a
// time limit: cheap for its callers (the job queue stores at most one
// report each 500 ms, the CLI draws at most ten a second).
const progressTick = 250 * time.Millisecond

// maxRunningDone is the most Done says while the request runs.
const maxRunningDone = 0.99

// scheduleProgress turns the search's reports and the clock into
// ScheduleProgress for fn, serialising the calls: the search reports from
// its goroutine, the clock from another. Once ctx is done (cancelled) it
// reports nothing more, so that a cancelled request keeps the progress it
// had reached: the search, stopped, still reports a last fraction of 1.
type scheduleProgress struct {
	ctx   context.Context
	fn    func(ScheduleProgress)
	now   func() time.Time
	start time.Time
	limit time.Duration // 0: no time limit
	// searchShare is the share of limit the search was given.
	searchShare float64

	mu     sync.Mutex
	solver scheduler.Progress // the search's last report
	ended  bool               // the search has returned
	last   ScheduleProgress   // the last report made
}

// newScheduleProgress reports to fn the progress of a request with time
// limit (0: none) whose search is given search of it, reading the clock
// now.
func newScheduleProgress(ctx context.Context, fn func(ScheduleProgress), limit, search time.Duration, now func() time.Time) *scheduleProgress {
	p := &scheduleProgress{ctx: ctx, fn: fn, now: now, start: now(), limit: limit}
	if limit > 0 {
		p.searchShare = min(1, float64(search)/float64(limit))
	}
	return p
}

// search is the scheduler's progress callback.
func (p *scheduleProgress) search(s scheduler.Progress) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.solver = s
	p.last.Objective, p.last.Searched = s.Objective, true
	p.report()
}

// searchEnded records that the search has returned.
func (p *scheduleProgress) searchEnded() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.ended = true
	p.report()
}

// tick reports the time spent.
func (p *scheduleProgress) tick() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.report()
}

// report calls fn with the progress now; p.mu is held.
func (p *scheduleProgress) report() {
	if p.ctx.Err() != nil {
		return
	}
	done := p.solver.Done
	if p.limit > 0 {
		done = float64(p.now().Sub(p.start)) / float64(p.limit)
		if p.ended {
			done = max(done, p.searchShare)
		}
	} else if p.ended {
		done = 1
	}
	p.last.Done = max(p.last.Done, min(done, maxRunningDone))
	p.fn(p.last)
}

// run reports the time spent every progressTick until stop is closed.
func (p *scheduleProgress) run(stop <-chan struct{}) {
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
