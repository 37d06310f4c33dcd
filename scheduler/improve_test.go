package scheduler

import (
	"cmp"
	"context"
	"math"
	"math/rand/v2"
	"slices"
	"sync/atomic"
	"testing"
	"time"
)

// roundedStart is the improvement rounds' test case: two days round the
// clock at 30 minutes, priced, and its week LP rounded.
func roundedStart(t *testing.T) (*model, []unit) {
	t.Helper()
	p := roundTheClock(2, 30*time.Minute, Weights{Shortage: 1, Excess: 0.25, DistinctShift: 15, PaidHour: 10})
	m, err := newModel(p)
	if err != nil {
		t.Fatal(err)
	}
	ck := &clock{ctx: context.Background()}
	res, _, ok := m.weekLP(ck, nil, nil)
	if !ok {
		t.Fatal("week LP failed")
	}
	return m, roundLP(m, res, rand.New(rand.NewPCG(1, 2)), 2, ck)
}

// TestImproveLaterStopNeverWorse: the improvement rounds, with a kick
// after 15 rounds without progress, stopped at various points, end with
// the best plan of the rounds before the stop: a stop after more rounds
// never ends worse, a stop after the same number ends the same, the
// objective reported is the plan's, and the same run to its end gives
// the same plan whether or not rounds run side by side.
func TestImproveLaterStopNeverWorse(t *testing.T) {
	m, start := roundedStart(t)
	type stop struct {
		rounds int
		obj    float64
	}
	var stops []stop
	for _, calls := range []int{500, 2000, 4000, 8000, 16000, math.MaxInt} {
		// A deadline that falls after a set amount of work, not of
		// time; rounds run side by side share the polls, so where it
		// falls in the sequence of rounds can vary from run to run.
		ctx := context.Context(&pollCounter{Context: context.Background(), limit: int64(calls)})
		if calls == math.MaxInt {
			ctx = context.Background()
		}
		units, obj, next, _ := improve(m, start, 0, 1, 0, 60, 15, true, nil, &clock{ctx: ctx})
		u := unitSetOf(m, units)
		if math.Abs(u.total()-obj) > 1e-6*obj {
			t.Errorf("stopped after %d calls: reports %v, its plan costs %v", calls, obj, u.total())
		}
		t.Logf("stopped after %d calls: %d rounds, objective %v", calls, next, obj)
		stops = append(stops, stop{next, obj})
	}
	slices.SortStableFunc(stops, func(a, b stop) int { return cmp.Compare(a.rounds, b.rounds) })
	for k := 1; k < len(stops); k++ {
		a, b := stops[k-1], stops[k]
		if b.obj > a.obj+1e-6 || (a.rounds == b.rounds && a.obj != b.obj) {
			t.Errorf("after %d rounds %v, after %d rounds %v", a.rounds, a.obj, b.rounds, b.obj)
		}
	}
	// One round at a time: the same plan at the end.
	_, seq, _, _ := improveOneAtATime(m, start, 0, 1, 0, 60, 15, true)
	if last := stops[len(stops)-1]; seq != last.obj {
		t.Errorf("one round at a time: %v, side by side: %v", seq, last.obj)
	}
}

// improveOneAtATime is improve without running ahead: each round from the
// plan the rounds before it left, in order (the reference improve must
// reproduce).
func improveOneAtATime(m *model, units []unit, lower float64, seed uint64, from, stall, kickAfter int, patient bool) ([]unit, float64, int, bool) {
	ck := &clock{ctx: context.Background()}
	cur := unitSetOf(m, units)
	bestSet, bestObj := cur, cur.total()
	best, since, stuck, i, lastBest := bestObj, 0, 0, from, 0
	accept := func(trial *unitSet) {
		cur, best, stuck = trial, trial.total(), 0
		if best < bestObj-1e-6 {
			bestSet, bestObj, since, lastBest = cur, best, 0, i+1
		}
	}
	for ; (since < stall || (patient && since < lastBest)) && bestObj-lower > 1e-9*max(1, bestObj); i++ {
		if kickAfter > 0 && m.distinctCost > 0 && stuck >= kickAfter {
			accept(bestSet.withoutKey(bestSet.randomKey(roundStream(seed, i)), ck))
			since++
			continue
		}
		if trial := improveRound(m, cur, seed, i, ck); trial != nil && trial.total() < best-1e-6 {
			accept(trial)
			continue
		}
		since++
		stuck++
	}
	return bestSet.units, bestObj, i, false
}

// pollCounter is a context that counts calls of Err, and is done after
// limit of them; it reports a deadline an hour ahead when deadline is set.
type pollCounter struct {
	context.Context
	deadline bool
	limit    int64
	polls    atomic.Int64
}

func (c *pollCounter) Deadline() (time.Time, bool) {
	if !c.deadline {
		return time.Time{}, false
	}
	return time.Now().Add(time.Hour), true
}

func (c *pollCounter) Err() error {
	if c.polls.Add(1) > c.limit {
		return context.DeadlineExceeded
	}
	return nil
}

// TestImproveTakesLatePlan: under a time limit the LP side's last plan
// joins the rounds when it is ready (latePlan). A better one is taken and
// the rounds go on from it; a worse one, or one not ready, changes
// nothing.
func TestImproveTakesLatePlan(t *testing.T) {
	m, start := roundedStart(t)
	ck := &clock{ctx: context.Background()}
	good, goodObj, _, _ := improve(m, start, 0, 1, 0, 60, 0, false, nil, ck)
	_, alone, _, _ := improve(m, start, 0, 1, 0, 2, 0, false, nil, ck)
	if goodObj >= alone-1e-6 {
		t.Fatalf("60 rounds without progress end at %v, 2 at %v: no better plan to offer", goodObj, alone)
	}
	worse := append(slices.Clone(start), start[0])
	ready := make(chan struct{})
	close(ready)
	for _, c := range []struct {
		name  string
		done  chan struct{}
		units []unit
		want  float64 // at most; exactly when it is alone's (nothing changed)
		taken bool
	}{
		{"better and ready", ready, good, goodObj, true},
		{"worse and ready", ready, worse, alone, true},
		{"better, not ready", make(chan struct{}), good, alone, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			late := &latePlan{done: c.done, units: &c.units}
			_, obj, _, _ := improve(m, start, 0, 1, 0, 2, 0, false, late, ck)
			if late.taken != c.taken {
				t.Errorf("taken %v, want %v", late.taken, c.taken)
			}
			if obj > c.want+1e-6 || (c.want == alone && obj != alone) {
				t.Errorf("objective %v, want %v (alone %v, the late plan %v)", obj, c.want, alone, goodObj)
			}
		})
	}
}

// TestContextDeadlineIsNoTimeToSpend: a context's deadline, without
// SpendToDeadline, only cuts Solve short; it is not time to spend (a scenario
// job whose context carried a safety deadline once searched until it).
// The same priced week is solved without a deadline, counting the polls
// of the context, and then under one that falls after three times as many
// polls: a Solve taking the deadline as time to spend would search until
// it; Solve must end before, with the same plan.
func TestContextDeadlineIsNoTimeToSpend(t *testing.T) {
	p := roundTheClock(2, 30*time.Minute, Weights{Shortage: 1, Excess: 0.25, DistinctShift: 15, PaidHour: 10})
	free := &pollCounter{Context: context.Background(), limit: math.MaxInt64}
	want, err := Solve(free, p, Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	limit := 3*free.polls.Load() + 1000
	capped := &pollCounter{Context: context.Background(), deadline: true, limit: limit}
	got, err := Solve(capped, p, Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if n := capped.polls.Load(); n >= limit {
		t.Fatalf("Solve polled its context %d times under a deadline, %d without: it searched until the deadline", n, free.polls.Load())
	}
	if got.Stopped || got.Objective != want.Objective {
		t.Errorf("under a deadline: objective %v (stopped %v), without: %v", got.Objective, got.Stopped, want.Objective)
	}
}

// TestSearchTime: a time limit is searched for all but 2% of it, at most
// searchReserve, so a run returns within its limit.
func TestSearchTime(t *testing.T) {
	for _, c := range []struct {
		limit, want time.Duration
	}{
		{time.Millisecond, 980 * time.Microsecond},
		{5 * time.Second, 4900 * time.Millisecond},
		{25 * time.Second, 24500 * time.Millisecond},
		{30 * time.Second, 29500 * time.Millisecond},
		{time.Hour, time.Hour - searchReserve},
	} {
		if got := SearchTime(c.limit); got != c.want {
			t.Errorf("SearchTime(%v) = %v, want %v", c.limit, got, c.want)
		}
	}
}
