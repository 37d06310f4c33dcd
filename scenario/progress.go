package scenario

import (
	"context"
	"fmt"
	"sync"
)

// Progress is how far an Evaluate, Sweep or Optimize has got.
type Progress struct {
	// Done is the fraction of the work done, in [0, 1], never lower than
	// the one reported before: the points of a sweep (or the shift plans
	// of a run) done, each point in progress counting its shift plans'
	// searches as far as they have got; an optimisation's trials, then its
	// shift plans.
	Done float64
	// Note says where the work is, for a person: "12 of 40 points",
	// "shift plan 1 of 2 (queue retail)".
	Note string
}

// A Budget gives a step of the work the context it runs under: ctx ending
// after a 1/left share of the time still left, where left counts the steps
// still to run one after another, this one included. The steps are shift
// plans (scheduler.Solve stops at its context's deadline with the best
// plan found by then, Plan.Stopped) and an optimisation's search over the
// hours, which stops at it with the split it has reached. The caller reads
// the clock (the app measures a job's time limit); the package only counts
// the steps, so that the time is split fairly: a plan that ends early
// leaves its time to those after it. The CancelFunc releases the context.
type Budget func(ctx context.Context, left int) (context.Context, context.CancelFunc)

// tracker serialises the reports of a call's work to Options.Progress:
// units done out of total, each unit in progress counting the fraction
// it reported (a point's shift plans, the optimiser's trials). A nil
// tracker reports nothing.
type tracker struct {
	fn    func(Progress)
	total float64
	units string // what a unit is, to count them in the note ("points")

	mu      sync.Mutex
	done    float64         // units finished
	partial map[int]float64 // units in progress: the fraction of each
	last    float64         // the last Done reported
}

// newTracker reports total units of work to fn; nil when fn is nil.
func newTracker(fn func(Progress), total int) *tracker {
	if fn == nil {
		return nil
	}
	return &tracker{fn: fn, total: float64(max(total, 1)), partial: map[int]float64{}}
}

// unit names the units, so that every note begins "12 of 40 points".
func (t *tracker) unit(name string) {
	if t != nil {
		t.units = name
	}
}

// set records that unit k has got fraction f of the way (f is clamped to
// [0, 1]) and reports with note.
func (t *tracker) set(k int, f float64, note string) {
	if t == nil {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	t.partial[k] = min(max(f, 0), 1)
	t.report(note)
}

// finish records that unit k is done and reports with note.
func (t *tracker) finish(k int, note string) {
	if t == nil {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.partial, k)
	t.done++
	t.report(note)
}

// report calls fn with the fraction now; t.mu is held.
func (t *tracker) report(note string) {
	sum := t.done
	for _, f := range t.partial {
		sum += f
	}
	t.last = max(t.last, min(sum/t.total, 1))
	if t.units != "" {
		count := fmt.Sprintf("%d of %d %s", int(t.done), int(t.total), t.units)
		if note != "" {
			count += "; " + note
		}
		note = count
	}
	t.fn(Progress{Done: t.last, Note: note})
}

// planRun is how one shift plan runs: under the context within derives
// from the evaluation's (nil: that context itself), reporting its search's
// fraction done to progress (nil: not reported).
type planRun struct {
	within   func(context.Context) (context.Context, context.CancelFunc)
	progress func(float64)
}

// planSteps are an evaluation's shift plans: how the j-th of them (0-based,
// in the order of the document's queues) runs.
type planSteps func(j int, queue string) planRun

// budgetSteps returns how the plans of an evaluation making k of them run
// when after more plans follow them one after another: plan j gets its
// share of the time left over the k - j plans still to make and those
// after, and reports its search as unit j of k of the evaluation
// (report(f, note), f its fraction of the evaluation). Either of budget and
// report may be nil.
func budgetSteps(budget Budget, k, after int, report func(f float64, note string)) planSteps {
	return func(j int, queue string) planRun {
		var r planRun
		if budget != nil {
			left := k - j + after
			r.within = func(ctx context.Context) (context.Context, context.CancelFunc) { return budget(ctx, left) }
		}
		if report != nil {
			note := fmt.Sprintf("shift plan %d of %d (queue %s)", j+1, k, queue)
			r.progress = func(f float64) { report((float64(j)+min(max(f, 0), 1))/float64(k), note) }
		}
		return r
	}
}

// plannedQueues counts d's queues that in plans with shift templates.
func plannedQueues(d Document, in Inputs) int {
	k := 0
	for _, q := range d.Queues {
		if in.Shifts[q.Queue] != nil {
			k++
		}
	}
	return k
}
