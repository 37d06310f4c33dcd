package scenario

import (
	"context"
	"reflect"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// shiftDay is a day of 15-minute demand for queues a and b, each planned
// with shift templates: quick plans, at little effort, even under -race.
func shiftDay() (Document, Inputs) {
	d := Document{Queues: []QueueSpec{baseQueue("a"), baseQueue("b")}}
	in := Inputs{Demand: map[string][]Interval{}, Shifts: map[string]*Shifts{}}
	for _, q := range []string{"a", "b"} {
		in.Demand[q] = synthDemand(time.UTC, 1, 15*time.Minute, 50, 240*time.Second)
		in.Shifts[q] = shiftTemplates()
	}
	return d, in
}

// budgetLog is a Budget that records the left of every step and gives it
// ctx itself (with expired, a context already ended: the step's share is
// spent before it starts).
type budgetLog struct {
	expired bool
	mu      sync.Mutex
	lefts   []int
}

func (b *budgetLog) budget(ctx context.Context, left int) (context.Context, context.CancelFunc) {
	b.mu.Lock()
	b.lefts = append(b.lefts, left)
	b.mu.Unlock()
	if b.expired {
		c, cancel := context.WithCancel(ctx)
		cancel()
		return c, cancel
	}
	return ctx, func() {}
}

// TestSweepBudgetSplit: a sweep of n points making k shift plans each,
// one worker, gives plan j of point i its share of the time left over the
// (n-i-1)k + (k-j) plans still to make, so the last plan gets all that is
// left; and a Budget that gives each plan the sweep's own context changes
// nothing: the result is the one without a Budget (no time limit).
func TestSweepBudgetSplit(t *testing.T) {
	d, in := shiftDay()
	vary := []Vary{mustVary(t, "bot.share=0,0.5,1")}
	opt := Options{Workers: 1, ShiftEffort: 0.01, Seed: 1}
	want, err := Sweep(context.Background(), d, in, vary, opt)
	if err != nil {
		t.Fatal(err)
	}
	var log budgetLog
	opt.Budget = log.budget
	got, err := Sweep(context.Background(), d, in, vary, opt)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(log.lefts, []int{6, 5, 4, 3, 2, 1}) {
		t.Errorf("plans left at each plan: %v, want 6 down to 1", log.lefts)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("with a budget that never ends:\n%+v\nwithout a budget:\n%+v", got, want)
	}
	for _, p := range want.Points {
		if p.Totals.PlansStopped != 0 {
			t.Errorf("point %v: %d plans stopped without a time limit", p.Vary, p.Totals.PlansStopped)
		}
	}
	if strings.Contains(want.Note, "time limit") {
		t.Errorf("note %q speaks of a time limit", want.Note)
	}

	// Two workers: the first two points share the time left over their
	// three rounds (⌈3/2⌉ points a worker, two plans each), the last point
	// has the rest to itself.
	log = budgetLog{}
	opt.Workers = 2
	if _, err := Sweep(context.Background(), d, in, vary, opt); err != nil {
		t.Fatal(err)
	}
	slices.Sort(log.lefts)
	if want := []int{1, 1, 2, 2, 3, 4}; !slices.Equal(log.lefts, want) {
		t.Errorf("two workers: plans left %v, want %v", log.lefts, want)
	}
}

// TestSweepTimeUp: when every plan's share of the time is spent before it
// starts, the sweep still gives every point, each plan counted as stopped,
// and the note says so.
func TestSweepTimeUp(t *testing.T) {
	d, in := shiftDay()
	log := budgetLog{expired: true}
	res, err := Sweep(context.Background(), d, in, []Vary{mustVary(t, "bot.share=0,0.5")},
		Options{Workers: 2, ShiftEffort: 0.01, Seed: 1, Budget: log.budget})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Points) != 2 {
		t.Fatalf("%d points, want 2", len(res.Points))
	}
	for _, p := range res.Points {
		if p.Totals.PlansStopped != 2 || p.Totals.Intervals != 2*96 {
			t.Errorf("point %v: %d plans stopped, %d intervals; want 2 and 192", p.Vary, p.Totals.PlansStopped, p.Totals.Intervals)
		}
	}
	if !strings.Contains(res.Note, "the time limit stopped 4 of the 4 shift plans") {
		t.Errorf("note %q", res.Note)
	}
}

// pollLimit is a context done (deadline exceeded) after limit calls of
// Err: a deadline that falls after a set amount of work, not of time.
type pollLimit struct {
	context.Context
	limit int64
	polls atomic.Int64
}

func (c *pollLimit) Err() error {
	if c.polls.Add(1) > c.limit {
		return context.DeadlineExceeded
	}
	return nil
}

// TestRunPlanStoppedAfterPolls: a plan whose context ends half-way
// through its search (after half the polls of its context it makes without
// a deadline) is returned, counted as stopped, and its evaluation is
// complete; with more polls than the search makes, the run is the one
// without a limit.
func TestRunPlanStoppedAfterPolls(t *testing.T) {
	d, in := shiftDay()
	d.Queues = d.Queues[:1]
	want, err := Evaluate(context.Background(), d, in, Options{ShiftEffort: 0.01, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	free := &pollLimit{Context: context.Background(), limit: 1 << 62}
	count := func(ctx context.Context, left int) (context.Context, context.CancelFunc) { return free, func() {} }
	if _, err := Evaluate(context.Background(), d, in, Options{ShiftEffort: 0.01, Seed: 1, Budget: count}); err != nil {
		t.Fatal(err)
	}
	polls := free.polls.Load()
	for _, c := range []struct {
		polls   int64
		stopped int
	}{{polls / 2, 1}, {polls + 1000, 0}} {
		var lefts []int
		budget := func(ctx context.Context, left int) (context.Context, context.CancelFunc) {
			lefts = append(lefts, left)
			return &pollLimit{Context: ctx, limit: c.polls}, func() {}
		}
		got, err := Evaluate(context.Background(), d, in, Options{ShiftEffort: 0.01, Seed: 1, Budget: budget})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(lefts, []int{1}) {
			t.Errorf("%d polls: plans left %v, want [1]", c.polls, lefts)
		}
		if got.Totals.PlansStopped != c.stopped || got.Totals.Intervals != want.Totals.Intervals || !(got.Totals.PaidHours > 0) {
			t.Errorf("%d of %d polls: %d plans stopped, %d intervals, %v paid hours; want %d stopped", c.polls, polls, got.Totals.PlansStopped, got.Totals.Intervals, got.Totals.PaidHours, c.stopped)
		}
		if c.stopped == 0 && !reflect.DeepEqual(got, want) {
			t.Errorf("%d polls: the result differs from the one without a budget", c.polls)
		}
	}
}

// TestProgressIncreases: a sweep with shift plans reports progress that
// never decreases, ends at 1, moves within points (the plans' searches,
// not only whole points) and counts the points in its note; a run
// reports its plans.
func TestProgressIncreases(t *testing.T) {
	d, in := shiftDay()
	var got []Progress
	_, err := Sweep(context.Background(), d, in, []Vary{mustVary(t, "bot.share=0,0.5,1")},
		Options{Workers: 2, ShiftEffort: 0.01, Seed: 1, Progress: func(p Progress) { got = append(got, p) }})
	if err != nil {
		t.Fatal(err)
	}
	checkProgress(t, "sweep", got)
	within := false
	for _, p := range got {
		pts := p.Done * 3
		within = within || pts-float64(int(pts)) > 1e-9
	}
	if !within {
		t.Errorf("sweep: progress only by whole points: %v", got)
	}
	if last := got[len(got)-1].Note; !strings.HasPrefix(last, "3 of 3 points") {
		t.Errorf("sweep: last note %q", last)
	}
	if !slices.ContainsFunc(got, func(p Progress) bool { return strings.Contains(p.Note, "shift plan 2 of 2 (queue b)") }) {
		t.Errorf("sweep: no note names a plan: %v", got)
	}

	got = nil
	if _, err := Evaluate(context.Background(), d, in, Options{ShiftEffort: 0.01, Seed: 1, Progress: func(p Progress) { got = append(got, p) }}); err != nil {
		t.Fatal(err)
	}
	checkProgress(t, "run", got)

	got = nil
	in.Shifts = nil
	if _, err := Optimize(context.Background(), d, in, OptimizeOptions{Options: Options{Workers: 2, Progress: func(p Progress) { got = append(got, p) }}, Grid: []float64{0, 0.5, 1}}); err != nil {
		t.Fatal(err)
	}
	checkProgress(t, "optimize", got)
}

// checkProgress checks reports that never decrease, stay in [0, 1], are
// more than one, and end at 1.
func checkProgress(t *testing.T, what string, got []Progress) {
	t.Helper()
	if len(got) < 2 {
		t.Fatalf("%s: %d progress reports: %v", what, len(got), got)
	}
	for i, p := range got {
		if p.Done < 0 || p.Done > 1 || (i > 0 && p.Done < got[i-1].Done) || p.Note == "" {
			t.Errorf("%s: report %d: %+v after %+v", what, i, p, got[max(0, i-1)])
		}
	}
	if last := got[len(got)-1]; last.Done != 1 {
		t.Errorf("%s: last report %+v, want done 1", what, last)
	}
}

// TestOptimizeBudget: the optimiser's steps, one after another, are each
// queue's search and, with shift templates, its two plans; a search whose
// share of the time ends stops with the split it has reached, never
// worse than the best single share, and says so.
func TestOptimizeBudget(t *testing.T) {
	d, in := shiftDay()
	grid := []float64{0, 0.5, 1}
	var log budgetLog
	res, err := Optimize(context.Background(), d, in, OptimizeOptions{Options: Options{Workers: 2, ShiftEffort: 0.01, Seed: 1, Budget: log.budget}, Grid: grid})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(log.lefts, []int{6, 5, 4, 3, 2, 1}) {
		t.Errorf("steps left: %v, want 6 down to 1", log.lefts)
	}
	if res.Stopped || res.Totals.PlansStopped != 0 {
		t.Errorf("stopped %v, %d plans stopped, without the time running out", res.Stopped, res.Totals.PlansStopped)
	}

	// Interval costing, returns linking the hours: many passes to make.
	in.Shifts = nil
	free, err := Optimize(context.Background(), d, in, OptimizeOptions{Options: Options{Workers: 2}, Grid: grid})
	if err != nil {
		t.Fatal(err)
	}
	for _, polls := range []int64{0, 5} {
		budget := func(ctx context.Context, left int) (context.Context, context.CancelFunc) {
			return &pollLimit{Context: ctx, limit: polls}, func() {}
		}
		res, err := Optimize(context.Background(), d, in, OptimizeOptions{Options: Options{Workers: 2, Budget: budget}, Grid: grid})
		if err != nil {
			t.Fatal(err)
		}
		if !res.Stopped || !strings.HasPrefix(res.Note, "the time limit stopped the coordinate descent") {
			t.Errorf("%d polls: stopped %v, note %q", polls, res.Stopped, res.Note)
		}
		if res.Totals.Cost > res.BestSingleTotals.Cost+1e-9 && res.Totals.IntervalsBroken >= res.BestSingleTotals.IntervalsBroken {
			t.Errorf("%d polls: cost %v, above the best single share's %v", polls, res.Totals.Cost, res.BestSingleTotals.Cost)
		}
		if res.Totals.Cost < free.Totals.Cost-1e-6 {
			t.Errorf("%d polls: cost %v below the converged search's %v", polls, res.Totals.Cost, free.Totals.Cost)
		}
	}
	if free.Stopped || strings.Contains(free.Note, "time limit") {
		t.Errorf("without a budget: stopped %v, note %q", free.Stopped, free.Note)
	}
}
