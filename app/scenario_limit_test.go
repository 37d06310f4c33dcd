package app

import (
	"context"
	"errors"
	"math"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/staffcast/staffcast/internal/leakcheck"
	"github.com/staffcast/staffcast/scenario"
)

// weekSources serves days (0: 7) of half-hourly demand, busy 08:00-20:00
// with a shape, and progressProblem's shift templates and weights: a plan
// whose search takes a while.
type weekSources struct{ days int }

func (w weekSources) Demand(_ context.Context, q scenario.QueueSpec) ([]scenario.Interval, error) {
	start := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	days := w.days
	if days == 0 {
		days = 7
	}
	out := make([]scenario.Interval, days*48)
	for i := range out {
		s := i % 48
		v := 2.0
		if s >= 16 && s < 40 {
			v = 60 + 40*math.Sin(float64(s-16)/24*math.Pi) + float64((s*7+i/48*3)%9)
		}
		out[i] = scenario.Interval{Start: start.Add(time.Duration(i) * 30 * time.Minute), Volume: v, AHT: 240 * time.Second}
	}
	return out, nil
}

func (weekSources) Shifts(_ context.Context, q scenario.QueueSpec) (*scenario.Shifts, error) {
	p := progressProblem()
	return &scenario.Shifts{Templates: p.Templates, Weights: p.Weights, Cyclic: true}, nil
}

// withTemplates is testScenario with shift templates.
func withTemplates(t *testing.T) scenario.Document {
	d := mustParse(t, testScenario)
	d.Queues[0].Templates = "week"
	return d
}

// TestScenarioBudgetFakeClock: under a time limit a shift plan gets 1/left
// of the plans' time left (the limit less its reserve); one that would
// get none ends the operation, whose error is then Invalid naming
// time_limit and saying how far it got; a cancelled caller's error stays
// a cancellation; and without a limit there is no budget and no deadline.
func TestScenarioBudgetFakeClock(t *testing.T) {
	// The contexts' deadlines are on the real clock: the fake one starts
	// now.
	t0 := time.Now()
	now := t0
	clock := func() time.Time { return now }
	var reports []scenario.Progress
	r := startScenario(t.Context(), ScenarioOptions{TimeLimit: 10 * time.Second, Progress: func(p scenario.Progress) { reports = append(reports, p) }}, clock)
	defer r.end()
	if dl, ok := r.ctx.Deadline(); !ok || !dl.Equal(t0.Add(10*time.Second)) {
		t.Errorf("operation's deadline %v %v, want the limit's end", dl, ok)
	}
	opt := r.options(ScenarioOptions{Seed: 1})
	if opt.Budget == nil || opt.Progress == nil || opt.Workers <= 0 {
		t.Fatalf("options %+v: want a budget, progress and workers", opt)
	}
	for _, c := range []struct {
		at   time.Duration
		left int
		want time.Duration // the plan's deadline, from t0
	}{
		{0, 3, 3 * time.Second}, // 9 s of plans (1 s reserve) over 3
		{4 * time.Second, 2, 6500 * time.Millisecond},
		{6 * time.Second, 1, 9 * time.Second},
	} {
		now = t0.Add(c.at)
		ctx, cancel := opt.Budget(r.ctx, c.left)
		if dl, ok := ctx.Deadline(); !ok || !dl.Equal(t0.Add(c.want)) {
			t.Errorf("at %v with %d left: deadline %v, want %v", c.at, c.left, dl.Sub(t0), c.want)
		}
		cancel()
		if r.ctx.Err() != nil {
			t.Fatalf("at %v: the operation ended", c.at)
		}
	}
	// Progress: the work's, or the share of the limit spent when more.
	now = t0.Add(5 * time.Second)
	opt.Progress(scenario.Progress{Done: 0.25, Note: "1 of 4 points"})
	opt.Progress(scenario.Progress{Done: 0.75, Note: "3 of 4 points"})
	r.progress.tick()
	now = t0.Add(9 * time.Second)
	r.progress.tick()
	now = t0.Add(12 * time.Second)
	r.progress.tick()
	want := []scenario.Progress{{Done: 0.5, Note: "1 of 4 points"}, {Done: 0.75, Note: "3 of 4 points"}, {Done: 0.75, Note: "3 of 4 points"},
		{Done: 0.9, Note: "3 of 4 points"}, {Done: maxRunningDone, Note: "3 of 4 points"}}
	if !reflect.DeepEqual(reports, want) {
		t.Errorf("progress %+v, want %+v", reports, want)
	}
	// The plans' time is spent: the operation ends, naming time_limit.
	now = t0.Add(9500 * time.Millisecond)
	ctx, cancel := opt.Budget(r.ctx, 1)
	defer cancel()
	if ctx.Err() == nil || r.ctx.Err() == nil {
		t.Fatalf("no time left: the plan's context %v, the operation's %v; want both ended", ctx.Err(), r.ctx.Err())
	}
	err := r.err(scenarioError("scenario sweep", r.ctx.Err()))
	if KindOf(err) != Invalid || FieldOf(err) != "time_limit" || !strings.Contains(err.Error(), "10s reached (at 3 of 4 points) before the work was done") {
		t.Errorf("error %v (kind %v, field %q), want Invalid naming time_limit and how far it got", err, KindOf(err), FieldOf(err))
	}
	if other := errors.New("boom"); r.err(other) != other {
		t.Errorf("an error that is no context's is replaced: %v", r.err(other))
	}

	// A cancelled caller: a cancellation, whatever the clock says.
	parent, stop := context.WithCancel(t.Context())
	c := startScenario(parent, ScenarioOptions{TimeLimit: time.Second}, clock)
	stop()
	if err := c.err(scenarioError("x", c.ctx.Err())); KindOf(err) != Canceled {
		t.Errorf("cancelled: %v, want Canceled", err)
	}
	c.end()

	// Without Progress, a limit's error still says how far the work got.
	q := startScenario(t.Context(), ScenarioOptions{TimeLimit: time.Second}, clock)
	qo := q.options(ScenarioOptions{})
	qo.Progress(scenario.Progress{Done: 0.5, Note: "5 of 10 points"})
	now = q.start.Add(2 * time.Second)
	ctx, cancel = qo.Budget(q.ctx, 1)
	cancel()
	if err := q.err(q.ctx.Err()); err == nil || !strings.Contains(err.Error(), "1s reached (at 5 of 10 points)") {
		t.Errorf("without Progress: %v", err)
	}
	q.end()

	// No limit: no budget, no deadline.
	n := startScenario(t.Context(), ScenarioOptions{}, clock)
	defer n.end()
	if _, ok := n.ctx.Deadline(); ok || n.options(ScenarioOptions{}).Budget != nil || n.options(ScenarioOptions{}).Progress != nil {
		t.Errorf("without a limit: a deadline or a budget")
	}
}

// TestSweepScenarioTimeLimit: a sweep whose points plan shifts, under a
// time limit far shorter than its plans' searches take (effort 20 on
// weeks that spend their search), still gives every point, with its plans
// stopped and counted and the note saying so, reports progress that rises
// through the points, and leaves no goroutine; a sweep under a limit it
// does not reach is the one without a limit. The clock only bounds the
// test loosely (a loaded machine stops the plans sooner, not later).
func TestSweepScenarioTimeLimit(t *testing.T) {
	before := leakcheck.Before()
	d := withTemplates(t)
	vary, err := scenario.ParseVary("bot.share=0:0.5:0.1")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var got []scenario.Progress
	opt := ScenarioOptions{Seed: 1, Workers: 2, ShiftEffort: 20, TimeLimit: 1500 * time.Millisecond, Progress: func(p scenario.Progress) {
		mu.Lock()
		defer mu.Unlock()
		got = append(got, p)
	}}
	// No wall-clock bound here (CI machines are loaded): that the limit
	// acted shows in the plans it stopped, checked below.
	res, err := SweepScenario(t.Context(), d, weekSources{}, []scenario.Vary{vary}, opt)
	if err != nil {
		t.Fatal(err)
	}
	stopped := 0
	for _, p := range res.Points {
		stopped += p.Totals.PlansStopped
		if !(p.Totals.PaidHours > 0) || p.Totals.Intervals != 7*48 {
			t.Errorf("point %v: %v paid hours, %d intervals", p.Vary, p.Totals.PaidHours, p.Totals.Intervals)
		}
	}
	t.Logf("%d of 6 plans stopped", stopped)
	if len(res.Points) != 6 || stopped == 0 || !strings.Contains(res.Note, "the time limit stopped") {
		t.Errorf("%d points, %d plans stopped, note %q; want 6 points, plans stopped and said so", len(res.Points), stopped, res.Note)
	}
	mu.Lock()
	if len(got) < 3 {
		t.Fatalf("progress %+v", got)
	}
	for i, p := range got {
		if p.Done < 0 || p.Done > maxRunningDone || (i > 0 && p.Done < got[i-1].Done) {
			t.Errorf("report %d: %+v after %+v", i, p, got[max(i-1, 0)])
		}
	}
	if last := got[len(got)-1]; !(last.Done > 0.5) || !strings.Contains(last.Note, "of 6 points") {
		t.Errorf("last report %+v", last)
	}
	mu.Unlock()
	leakcheck.Settled(t, before)

	// A limit the sweep does not reach changes nothing.
	two, err := scenario.ParseVary("bot.share=0,0.5")
	if err != nil {
		t.Fatal(err)
	}
	opt = ScenarioOptions{Seed: 1, ShiftEffort: 0.05}
	free, err := SweepScenario(t.Context(), d, weekSources{days: 2}, []scenario.Vary{two}, opt)
	if err != nil {
		t.Fatal(err)
	}
	opt.TimeLimit = time.Hour
	limited, err := SweepScenario(t.Context(), d, weekSources{days: 2}, []scenario.Vary{two}, opt)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(limited, free) {
		t.Errorf("under an hour's limit:\n%+v\nwithout:\n%+v", limited, free)
	}
}

// TestScenarioTimeLimitCutsShort: work that is no shift plan is only cut
// short by the limit: an operation that has not finished by then fails,
// Invalid naming time_limit (here a limit that has passed before the work
// starts); compare and optimise too.
func TestScenarioTimeLimitCutsShort(t *testing.T) {
	ctx := t.Context()
	d := mustParse(t, testScenario)
	vary, err := scenario.ParseVary("bot.share=0:1:0.1")
	if err != nil {
		t.Fatal(err)
	}
	opt := ScenarioOptions{TimeLimit: time.Nanosecond}
	_, errSweep := SweepScenario(ctx, d, &fakeSources{}, []scenario.Vary{vary}, opt)
	_, errRun := RunScenario(ctx, d, &fakeSources{}, opt)
	_, errOpt := OptimizeScenario(ctx, d, &fakeSources{}, nil, opt)
	_, errCmp := CompareScenarios(ctx, []scenario.Document{d, d}, []ScenarioSources{&fakeSources{}, &fakeSources{}}, opt)
	for name, err := range map[string]error{"sweep": errSweep, "run": errRun, "optimize": errOpt, "compare": errCmp} {
		if KindOf(err) != Invalid || FieldOf(err) != "time_limit" || !strings.Contains(err.Error(), "time limit") {
			t.Errorf("%s: %v (kind %v, field %q); want Invalid naming time_limit", name, err, KindOf(err), FieldOf(err))
		}
	}
}

// TestCompareScenariosBudget: a comparison's time limit is shared by the
// shift plans of all its scenarios (a scenario's plans count those of the
// scenarios after it among those still to make), and its progress goes
// through the scenarios in turn.
func TestCompareScenariosBudget(t *testing.T) {
	d := mustParse(t, testScenario)
	d.Queues[0].Templates = "day"
	two := mustParse(t, testTwoQueues)
	two.Queues[1].Templates = "day"
	if got := laterPlans([]scenario.Document{d, two, d, two}); !reflect.DeepEqual(got, []int{3, 2, 1, 0}) {
		t.Errorf("plans after each scenario: %v, want [3 2 1 0]", got)
	}
	var mu sync.Mutex
	var got []scenario.Progress
	cmp, err := CompareScenarios(t.Context(), []scenario.Document{d, d}, []ScenarioSources{&fakeSources{}, &fakeSources{}},
		ScenarioOptions{Seed: 1, TimeLimit: time.Hour, Progress: func(p scenario.Progress) {
			mu.Lock()
			defer mu.Unlock()
			got = append(got, p)
		}})
	if err != nil {
		t.Fatal(err)
	}
	if len(cmp.Scenarios) != 2 || cmp.Scenarios[1].Delta.Cost != 0 {
		t.Errorf("compare: %+v", cmp.Scenarios)
	}
	mu.Lock()
	defer mu.Unlock()
	half := false
	for i, p := range got {
		if i > 0 && p.Done < got[i-1].Done {
			t.Errorf("report %d: %+v after %+v", i, p, got[i-1])
		}
		half = half || (p.Done >= 0.5 && strings.HasPrefix(p.Note, "scenario 2 of 2"))
	}
	if !half {
		t.Errorf("no report of the second scenario at half way: %+v", got)
	}
}
