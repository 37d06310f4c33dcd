package app

import (
	"context"
	"math"
	"sync"
	"testing"
	"time"

	"github.com/staffcast/staffcast/scheduler"
)

// TestScheduleProgressFakeClock: under a time limit the progress is the
// share of the limit spent, whatever fraction the search reports (the
// demo's week at 15 minutes and 20 s: the search said 0.65 at 2 s and
// nothing more until the end), until the search returns, which counts as
// the share of the limit it was given; it never goes back, stays below 1,
// carries the search's last objective, and stops once cancelled (the
// stopped search's last fraction, 1, is not reported). Without a limit it
// is the search's fraction. The clock is a fake.
func TestScheduleProgressFakeClock(t *testing.T) {
	type step struct {
		at     time.Duration // the clock, from the start
		event  string        // "search", "tick", "end" or "cancel"
		search scheduler.Progress
		// The report expected; none when call is false.
		call      bool
		done      float64
		objective float64
		searched  bool
	}
	tests := []struct {
		name          string
		limit, search time.Duration
		steps         []step
	}{
		{"the search spends the limit", 20 * time.Second, 19600 * time.Millisecond, []step{
			{at: 0, event: "tick", call: true, done: 0},
			{at: 400 * time.Millisecond, event: "search", search: scheduler.Progress{Done: 0.05, Objective: 452970}, call: true, done: 0.02, objective: 452970, searched: true},
			{at: 2100 * time.Millisecond, event: "search", search: scheduler.Progress{Done: 0.65, Objective: 91225}, call: true, done: 0.105, objective: 91225, searched: true},
			{at: 10 * time.Second, event: "tick", call: true, done: 0.5, objective: 91225, searched: true},
			// Past the search's frozen 0.65, with the time spent.
			{at: 15 * time.Second, event: "tick", call: true, done: 0.75, objective: 91225, searched: true},
			{at: 19600 * time.Millisecond, event: "search", search: scheduler.Progress{Done: 1, Objective: 82594}, call: true, done: 0.98, objective: 82594, searched: true},
			{at: 19650 * time.Millisecond, event: "end", call: true, done: 0.9825, objective: 82594, searched: true},
			// Below 1 until the request returns, also past its limit.
			{at: 25 * time.Second, event: "tick", call: true, done: 0.99, objective: 82594, searched: true},
		}},
		{"the search ends early", 20 * time.Second, 15 * time.Second, []step{
			{at: 2 * time.Second, event: "search", search: scheduler.Progress{Done: 0.9, Objective: 100}, call: true, done: 0.1, objective: 100, searched: true},
			{at: 4 * time.Second, event: "search", search: scheduler.Progress{Done: 1, Objective: 90}, call: true, done: 0.2, objective: 90, searched: true},
			// The search's part of the limit is done: the roster's is left.
			{at: 4 * time.Second, event: "end", call: true, done: 0.75, objective: 90, searched: true},
			{at: 5 * time.Second, event: "tick", call: true, done: 0.75, objective: 90, searched: true},
			{at: 18 * time.Second, event: "tick", call: true, done: 0.9, objective: 90, searched: true},
		}},
		{"cancelled", 20 * time.Second, 19600 * time.Millisecond, []step{
			{at: 5 * time.Second, event: "search", search: scheduler.Progress{Done: 0.4, Objective: 100}, call: true, done: 0.25, objective: 100, searched: true},
			{at: 5 * time.Second, event: "cancel"},
			{at: 6 * time.Second, event: "tick"},
			{at: 6 * time.Second, event: "search", search: scheduler.Progress{Done: 1, Objective: 90}},
			{at: 6 * time.Second, event: "end"},
		}},
		{"no time limit", 0, 0, []step{
			{at: time.Second, event: "search", search: scheduler.Progress{Done: 0.3, Objective: 50}, call: true, done: 0.3, objective: 50, searched: true},
			// Never back, when a phase reports less.
			{at: 2 * time.Second, event: "search", search: scheduler.Progress{Done: 0.2, Objective: 49}, call: true, done: 0.3, objective: 49, searched: true},
			{at: 9 * time.Second, event: "search", search: scheduler.Progress{Done: 1, Objective: 48}, call: true, done: 0.99, objective: 48, searched: true},
			{at: 9 * time.Second, event: "end", call: true, done: 0.99, objective: 48, searched: true},
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			start := time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)
			now := start
			ctx, cancel := context.WithCancel(t.Context())
			defer cancel()
			var got []ScheduleProgress
			p := newScheduleProgress(ctx, func(sp ScheduleProgress) { got = append(got, sp) }, tc.limit, tc.search, func() time.Time { return now })
			for i, s := range tc.steps {
				now = start.Add(s.at)
				got = got[:0]
				switch s.event {
				case "search":
					p.search(s.search)
				case "tick":
					p.tick()
				case "end":
					p.searchEnded()
				case "cancel":
					cancel()
				}
				if !s.call {
					if len(got) != 0 {
						t.Errorf("step %d (%s at %s): reported %+v, want nothing", i, s.event, s.at, got)
					}
					continue
				}
				want := ScheduleProgress{Done: s.done, Objective: s.objective, Searched: s.searched}
				if len(got) != 1 || math.Abs(got[0].Done-want.Done) > 1e-9 || got[0].Objective != want.Objective || got[0].Searched != want.Searched {
					t.Errorf("step %d (%s at %s): reported %+v, want %+v", i, s.event, s.at, got, want)
				}
			}
		})
	}
}

// TestSchedulePlanProgress: a real request with a short time limit
// reports progress that never decreases, stays in [0, 1), is never above
// the share of the limit spent by the time of the report (by the test's
// own reading of the clock, taken before the request starts: an ordering,
// not a duration), moves between the search's reports (the clock's reports
// keep the objective and raise Done), and ends at least at the share of
// the limit its search was given; a cancelled one reports nothing after it
// is cancelled.
func TestSchedulePlanProgress(t *testing.T) {
	const limit = 2 * time.Second
	t.Run("runs", func(t *testing.T) {
		type report struct {
			ScheduleProgress
			spent float64 // the share of the limit spent by the test's clock
		}
		var mu sync.Mutex
		var got []report
		start := time.Now()
		r := ScheduleRequest{Problem: progressProblem(), Seed: 1, TimeLimit: limit, Progress: func(sp ScheduleProgress) {
			mu.Lock()
			defer mu.Unlock()
			got = append(got, report{sp, float64(time.Since(start)) / float64(limit)})
		}}
		if _, err := SchedulePlan(t.Context(), r); err != nil {
			t.Fatal(err)
		}
		mu.Lock()
		defer mu.Unlock()
		if len(got) == 0 {
			t.Fatal("no progress reported")
		}
		clockMoves := 0
		for i, g := range got {
			if g.Done < 0 || g.Done >= 1 {
				t.Errorf("report %d: done %v, want it in [0, 1)", i, g.Done)
			}
			// The search's end counts as the share of the limit it was
			// given, which it reaches within moments of that share.
			if g.Done > g.spent+0.01 {
				t.Errorf("report %d: done %v when %v of the limit was spent", i, g.Done, g.spent)
			}
			if i == 0 {
				continue
			}
			prev := got[i-1]
			if g.Done < prev.Done {
				t.Errorf("report %d: done %v after %v", i, g.Done, prev.Done)
			}
			if prev.Searched && g.Objective == prev.Objective && g.Done > prev.Done {
				clockMoves++
			}
		}
		if clockMoves == 0 {
			t.Errorf("no report moved progress on between the search's: %+v", got)
		}
		share := float64(scheduler.SearchTime(limit)) / float64(limit)
		if last := got[len(got)-1]; last.Done < share-1e-9 || !last.Searched {
			t.Errorf("last report %+v, want done at least %v with an objective", last, share)
		}
	})
	t.Run("cancelled", func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		defer cancel()
		var mu sync.Mutex
		var after []ScheduleProgress
		r := ScheduleRequest{Problem: progressProblem(), Seed: 1, TimeLimit: limit, Progress: func(sp ScheduleProgress) {
			mu.Lock()
			defer mu.Unlock()
			if ctx.Err() != nil {
				after = append(after, sp)
			}
			if sp.Searched {
				cancel()
			}
		}}
		if _, err := SchedulePlan(ctx, r); KindOf(err) != Canceled {
			t.Errorf("cancelled: %v, want kind Canceled", err)
		}
		mu.Lock()
		defer mu.Unlock()
		if len(after) > 0 {
			t.Errorf("reported after the cancel: %+v", after)
		}
	})
}

// progressProblem is a week at 30 minutes with breaks and a distinct-shift
// charge: a search that spends its whole time limit.
func progressProblem() scheduler.Problem {
	start := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	req := scheduler.Requirements{Start: start, Interval: 30 * time.Minute, Required: make([]float64, 7*48), Cyclic: true}
	for d := range 7 {
		for s := 16; s < 40; s++ { // 08:00 to 20:00
			req.Required[d*48+s] = float64(10 + (s*7+d*3)%9)
		}
	}
	brk := []scheduler.BreakRule{{Length: 30 * time.Minute, EarliestAfterStart: 3 * time.Hour, LatestAfterStart: 5 * time.Hour}}
	return scheduler.Problem{Requirements: req, Weights: scheduler.Weights{Shortage: 1, Excess: 0.25, DistinctShift: 15, PaidHour: 10},
		Templates: []scheduler.Template{
			{Name: "day", StartEarliest: 7 * time.Hour, StartLatest: 12 * time.Hour, LengthMin: 8 * time.Hour, LengthMax: 9 * time.Hour, Breaks: brk},
			{Name: "part", StartEarliest: 8 * time.Hour, StartLatest: 16 * time.Hour, LengthMin: 4 * time.Hour, LengthMax: 5 * time.Hour},
		}}
}
