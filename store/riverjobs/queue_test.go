package riverjobs

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/staffcast/staffcast/app"
	"github.com/staffcast/staffcast/internal/leakcheck"
	"github.com/staffcast/staffcast/internal/syncbuf"
)

// double is a JobFunc that returns {"n": 2n} for args {"n": n}.
func double(_ context.Context, args json.RawMessage, progress func(float64, string)) (json.RawMessage, error) {
	var in struct{ N int }
	if err := json.Unmarshal(args, &in); err != nil {
		return nil, app.Errorf(app.Invalid, "args: %w", err)
	}
	progress(0.5, "doubling")
	return json.Marshal(map[string]int{"n": 2 * in.N})
}

func TestEnqueueSucceedsWithResult(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		ctx := context.Background()
		q := newQueue(t, b, testOptions(), map[string]app.JobFunc{"double": double})
		startQueue(t, q)

		id, err := q.Enqueue(ctx, "double", "alice", map[string]int{"n": 21})
		if err != nil {
			t.Fatal(err)
		}
		j := waitJob(t, q, id, 30*time.Second, "succeeded", func(j app.Job) bool { return j.State.Finished() })
		if j.State != app.JobSucceeded || string(j.Result) != `{"n":42}` {
			t.Fatalf("got %s, want succeeded with {\"n\":42}", describe(j))
		}
		if j.Kind != "double" || j.Actor != "alice" || j.Attempt != 1 || j.Progress != 1 || j.Error != "" {
			t.Errorf("got %+v", j)
		}
		if j.StartedAt == nil || j.FinishedAt == nil || j.CreatedAt.IsZero() || j.FinishedAt.Before(*j.StartedAt) {
			t.Errorf("times: created %v started %v finished %v", j.CreatedAt, j.StartedAt, j.FinishedAt)
		}

		// A second job, then the list: newest first, before a given id,
		// without results (TestListLeavesOutResults).
		id2, err := q.Enqueue(ctx, "double", "bob", json.RawMessage(`{"n":1}`))
		if err != nil {
			t.Fatal(err)
		}
		waitJob(t, q, id2, 30*time.Second, "succeeded", inState(app.JobSucceeded))
		list, err := q.List(ctx, 10, 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != 2 || list[0].ID != id2 || list[1].ID != id || list[0].Result != nil {
			t.Fatalf("List(10, 0) = %+v", list)
		}
		if list, err := q.List(ctx, 10, id2); err != nil || len(list) != 1 || list[0].ID != id {
			t.Fatalf("List(10, before %d) = %+v, %v", id2, list, err)
		}
		if list, err := q.List(ctx, 10, id); err != nil || len(list) != 0 {
			t.Fatalf("List(10, before %d) = %+v, %v", id, list, err)
		}

		// Cancelling a finished job is a conflict.
		if err := q.Cancel(ctx, id); app.KindOf(err) != app.Conflict {
			t.Errorf("Cancel(succeeded) = %v, want a conflict", err)
		}
	})
}

func TestErrors(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		ctx := context.Background()
		q := newQueue(t, b, testOptions(), map[string]app.JobFunc{"double": double})
		if err := q.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			name string
			err  error
			want app.Kind
		}{
			{"get unknown id", func() error { _, err := q.Get(ctx, 999999); return err }(), app.NotFound},
			{"cancel unknown id", q.Cancel(ctx, 999999), app.NotFound},
			{"enqueue unknown kind", func() error { _, err := q.Enqueue(ctx, "nope", "a", nil); return err }(), app.Invalid},
			{"enqueue bad args", func() error { _, err := q.Enqueue(ctx, "double", "a", func() {}); return err }(), app.Invalid},
			{"enqueue invalid raw JSON", func() error { _, err := q.Enqueue(ctx, "double", "a", json.RawMessage("{")); return err }(), app.Invalid},
			{"register twice", q.Register("double", double), app.Conflict},
			{"register empty kind", q.Register("", double), app.Invalid},
			{"register kind with space", q.Register("a b", double), app.Invalid},
			{"register nil func", q.Register("nil", nil), app.Invalid},
		}
		for _, tc := range tests {
			if got := app.KindOf(tc.err); tc.err == nil || got != tc.want {
				t.Errorf("%s: error %v (kind %v), want kind %v", tc.name, tc.err, got, tc.want)
			}
		}
	})
}

func TestNewRejects(t *testing.T) {
	db := sqliteBackend(t).open(t)
	tests := []struct {
		name    string
		dialect string
		opts    Options
		want    string
	}{
		{"unknown dialect", "mysql", Options{}, "unknown dialect"},
		{"rescue not after timeout", SQLite, Options{JobTimeout: time.Minute, RescueAfter: time.Minute}, "RescueAfter"},
	}
	for _, tc := range tests {
		if _, err := New(db, tc.dialect, tc.opts); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one naming %q", tc.name, err, tc.want)
		}
	}
}

func TestProgressVisibleFromAnotherServer(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		ctx := context.Background()
		release := make(chan struct{})
		q := newQueue(t, b, testOptions(), map[string]app.JobFunc{
			"slow": func(ctx context.Context, _ json.RawMessage, progress func(float64, string)) (json.RawMessage, error) {
				progress(0.1, "starting")
				progress(0.25, "phase A")
				select {
				case <-release:
				case <-ctx.Done():
					return nil, ctx.Err()
				}
				progress(0.9, "phase B")
				return json.RawMessage(`"done"`), nil
			},
		})
		startQueue(t, q)
		// Another server: its own pool, not started, sharing the database.
		other := newQueue(t, b, testOptions(), nil)

		id, err := q.Enqueue(ctx, "slow", "planner", nil)
		if err != nil {
			t.Fatal(err)
		}
		j := waitJob(t, other, id, 30*time.Second, "running at 25%", func(j app.Job) bool {
			return j.State == app.JobRunning && j.Progress == 0.25
		})
		if j.ProgressNote != "phase A" || j.StartedAt == nil {
			t.Errorf("mid-run: %s started %v", describe(j), j.StartedAt)
		}
		close(release)
		j = waitJob(t, other, id, 30*time.Second, "succeeded", inState(app.JobSucceeded))
		// Finished, the last step's note no longer describes it.
		if j.Progress != 1 || j.ProgressNote != "" || string(j.Result) != `"done"` {
			t.Errorf("finished: %s", describe(j))
		}
	})
}

func TestCancelQueuedNeverRuns(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		ctx := context.Background()
		var mu sync.Mutex
		ran := map[string]int{}
		q := newQueue(t, b, testOptions(), map[string]app.JobFunc{
			"mark": func(_ context.Context, args json.RawMessage, _ func(float64, string)) (json.RawMessage, error) {
				mu.Lock()
				ran[string(args)]++
				mu.Unlock()
				return nil, nil
			},
		})
		if err := q.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		cancelled, err := q.Enqueue(ctx, "mark", "a", "cancelled")
		if err != nil {
			t.Fatal(err)
		}
		if err := q.Cancel(ctx, cancelled); err != nil {
			t.Fatalf("Cancel(queued): %v", err)
		}
		j, err := q.Get(ctx, cancelled)
		if err != nil || j.State != app.JobCancelled || j.FinishedAt == nil {
			t.Fatalf("after Cancel: %s, %v", describe(j), err)
		}
		if err := q.Cancel(ctx, cancelled); app.KindOf(err) != app.Conflict {
			t.Errorf("second Cancel = %v, want a conflict", err)
		}

		// Start working: a later job runs, the cancelled one never does.
		startQueue(t, q)
		later, err := q.Enqueue(ctx, "mark", "a", "later")
		if err != nil {
			t.Fatal(err)
		}
		waitJob(t, q, later, 30*time.Second, "succeeded", inState(app.JobSucceeded))
		mu.Lock()
		defer mu.Unlock()
		if ran[`"cancelled"`] != 0 || ran[`"later"`] != 1 {
			t.Errorf("runs = %v, want only the later job once", ran)
		}
		if j, _ := q.Get(ctx, cancelled); j.State != app.JobCancelled || j.Attempt != 0 {
			t.Errorf("cancelled job now %s", describe(j))
		}
	})
}

func TestCancelRunningReleasesWorker(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		ctx := context.Background()
		started := make(chan struct{}, 1)
		sawDone := make(chan error, 1)
		opts := testOptions()
		opts.Workers = 1
		spin := func(ctx context.Context, _ json.RawMessage, progress func(float64, string)) (json.RawMessage, error) {
			started <- struct{}{}
			// Busy work that polls ctx, like a solver loop.
			for i := 0; ; i++ {
				if err := ctx.Err(); err != nil {
					sawDone <- context.Cause(ctx)
					return nil, err
				}
				progress(float64(i%100)/100, "spinning")
				time.Sleep(time.Millisecond)
			}
		}
		q := newQueue(t, b, opts, map[string]app.JobFunc{"spin": spin, "double": double})
		startQueue(t, q)
		// Cancel from another server, which does not run the job.
		other := newQueue(t, b, opts, nil)

		id, err := q.Enqueue(ctx, "spin", "a", nil)
		if err != nil {
			t.Fatal(err)
		}
		waitChan(t, started, "start of the job")
		waitJob(t, other, id, 30*time.Second, "running", inState(app.JobRunning))
		if err := other.Cancel(ctx, id); err != nil {
			t.Fatalf("Cancel(running): %v", err)
		}
		cause := waitChan(t, sawDone, "ctx.Done() in the JobFunc")
		t.Logf("JobFunc saw ctx done: %v", cause)
		j := waitJob(t, other, id, 30*time.Second, "cancelled", func(j app.Job) bool { return j.State.Finished() })
		if j.State != app.JobCancelled || j.Error != "" {
			t.Fatalf("got %s, want cancelled without an error", describe(j))
		}
		// The single worker slot is free again.
		next, err := q.Enqueue(ctx, "double", "a", map[string]int{"n": 1})
		if err != nil {
			t.Fatal(err)
		}
		waitJob(t, q, next, 30*time.Second, "succeeded", inState(app.JobSucceeded))
		if err := q.Cancel(ctx, id); app.KindOf(err) != app.Conflict {
			t.Errorf("Cancel(cancelled) = %v, want a conflict", err)
		}
	})
}

func TestFailures(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		ctx := context.Background()
		var calls sync.Map // kind -> *atomic.Int32
		count := func(kind string) int32 {
			v, _ := calls.LoadOrStore(kind, new(atomic.Int32))
			return v.(*atomic.Int32).Add(1)
		}
		opts := testOptions()
		opts.MaxAttempts = 2
		fns := map[string]app.JobFunc{
			"invalid": func(context.Context, json.RawMessage, func(float64, string)) (json.RawMessage, error) {
				count("invalid")
				return nil, app.Errorf(app.Invalid, "shift template %q has no breaks", "early")
			},
			"internal": func(context.Context, json.RawMessage, func(float64, string)) (json.RawMessage, error) {
				n := count("internal")
				return nil, fmt.Errorf("disk on fire (attempt %d)", n)
			},
			"flaky": func(context.Context, json.RawMessage, func(float64, string)) (json.RawMessage, error) {
				if count("flaky") == 1 {
					return nil, errors.New("transient")
				}
				return json.RawMessage(`true`), nil
			},
			"panics": func(context.Context, json.RawMessage, func(float64, string)) (json.RawMessage, error) {
				count("panics")
				panic("index out of range")
			},
			"badjson": func(context.Context, json.RawMessage, func(float64, string)) (json.RawMessage, error) {
				return json.RawMessage(`{`), nil
			},
		}
		q := newQueue(t, b, opts, fns)
		startQueue(t, q)

		tests := []struct {
			kind      string
			state     app.JobState
			attempts  int
			errSubstr string
		}{
			{"invalid", app.JobFailed, 1, `shift template "early" has no breaks`},
			{"internal", app.JobFailed, 2, "disk on fire (attempt 2)"},
			{"flaky", app.JobSucceeded, 2, ""},
			{"panics", app.JobFailed, 2, "index out of range"},
			{"badjson", app.JobFailed, 1, "not valid JSON"},
		}
		ids := map[string]app.JobID{}
		for _, tc := range tests {
			id, err := q.Enqueue(ctx, tc.kind, "a", nil)
			if err != nil {
				t.Fatal(err)
			}
			ids[tc.kind] = id
		}
		for _, tc := range tests {
			t.Run(tc.kind, func(t *testing.T) {
				j := waitJob(t, q, ids[tc.kind], 60*time.Second, "finished", func(j app.Job) bool { return j.State.Finished() })
				if j.State != tc.state || j.Attempt != tc.attempts || !strings.Contains(j.Error, tc.errSubstr) || (tc.errSubstr == "") != (j.Error == "") || strings.Contains(j.Error, "JobCancelError") {
					t.Errorf("got %s, want %s after %d attempts with error containing %q", describe(j), tc.state, tc.attempts, tc.errSubstr)
				}
			})
		}
	})
}

func TestJobTimeoutFails(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		opts := testOptions()
		opts.JobTimeout, opts.RescueAfter = time.Second, time.Minute
		q := newQueue(t, b, opts, map[string]app.JobFunc{
			"forever": func(ctx context.Context, _ json.RawMessage, _ func(float64, string)) (json.RawMessage, error) {
				<-ctx.Done()
				return nil, ctx.Err()
			},
		})
		startQueue(t, q)
		id, err := q.Enqueue(context.Background(), "forever", "a", nil)
		if err != nil {
			t.Fatal(err)
		}
		j := waitJob(t, q, id, 30*time.Second, "finished", func(j app.Job) bool { return j.State.Finished() })
		if j.State != app.JobFailed || j.Attempt != 1 || !strings.Contains(j.Error, "time limit of 1s") {
			t.Errorf("got %s, want failed after one attempt naming the time limit", describe(j))
		}
	})
}

func TestStopRequeuesRunningJob(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		ctx := context.Background()
		started := make(chan struct{}, 1)
		block := func(ctx context.Context, _ json.RawMessage, progress func(float64, string)) (json.RawMessage, error) {
			started <- struct{}{}
			progress(0.3, "blocked")
			<-ctx.Done()
			return nil, ctx.Err()
		}
		var logs syncbuf.Buffer
		opts := testOptions()
		opts.Logger = slog.New(slog.NewTextHandler(&logs, nil))
		q := newQueue(t, b, opts, map[string]app.JobFunc{"job": block})
		if err := q.Start(ctx); err != nil {
			t.Fatal(err)
		}
		id, err := q.Enqueue(ctx, "job", "a", nil)
		if err != nil {
			t.Fatal(err)
		}
		waitChan(t, started, "start of the job")
		waitJob(t, q, id, 30*time.Second, "running", inState(app.JobRunning))

		// A stop told not to wait (as a server whose requests have
		// drained stops): the job is cancelled at once, no deadline was
		// waited for.
		expired, cancel := context.WithCancel(ctx)
		cancel()
		if err := q.Stop(expired); err != nil {
			t.Fatalf("Stop: %v", err)
		}
		if l := logs.String(); strings.Contains(l, "stop deadline passed") {
			t.Errorf("Stop with a done context waited for a deadline: %s", l)
		}
		j, err := q.Get(ctx, id)
		if err != nil || j.State != app.JobQueued {
			t.Fatalf("after Stop: %s, %v; want queued", describe(j), err)
		}

		// The next server runs it.
		q2 := newQueue(t, b, testOptions(), map[string]app.JobFunc{"job": double})
		startQueue(t, q2)
		j = waitJob(t, q2, id, 30*time.Second, "succeeded", inState(app.JobSucceeded))
		if string(j.Result) != `{"n":0}` {
			t.Errorf("rerun: %s", describe(j))
		}
	})
}

func TestExactlyOnceAcrossServers(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		ctx := context.Background()
		const n = 60
		var mu sync.Mutex
		runs := map[int]int{}
		byServer := map[string]int{}
		fn := func(server string) app.JobFunc {
			return func(_ context.Context, args json.RawMessage, _ func(float64, string)) (json.RawMessage, error) {
				var i int
				if err := json.Unmarshal(args, &i); err != nil {
					return nil, app.Errorf(app.Invalid, "args: %w", err)
				}
				mu.Lock()
				runs[i]++
				byServer[server]++
				mu.Unlock()
				time.Sleep(5 * time.Millisecond) // let the other server try to take it
				return nil, nil
			}
		}
		opts := testOptions()
		opts.Workers = 4
		q1 := newQueue(t, b, opts, map[string]app.JobFunc{"count": fn("one")})
		q2 := newQueue(t, b, opts, map[string]app.JobFunc{"count": fn("two")})
		if err := q1.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		ids := make([]app.JobID, n)
		for i := range n {
			id, err := q1.Enqueue(ctx, "count", "a", i)
			if err != nil {
				t.Fatal(err)
			}
			ids[i] = id
		}
		startQueue(t, q1)
		startQueue(t, q2)
		for _, id := range ids {
			waitJob(t, q1, id, 60*time.Second, "succeeded", inState(app.JobSucceeded))
		}
		mu.Lock()
		defer mu.Unlock()
		for i := range n {
			if runs[i] != 1 {
				t.Errorf("job %d ran %d times, want exactly once", i, runs[i])
			}
		}
		t.Logf("jobs run per server: %v", byServer)
	})
}

func TestStopLeavesNoGoroutines(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		ctx := context.Background()
		db := b.open(t)
		before := leakcheck.Before()
		for round := range 2 { // a stopped queue starts again
			q, err := New(db, b.dialect, testOptions())
			if err != nil {
				t.Fatal(err)
			}
			if err := q.Register("double", double); err != nil {
				t.Fatal(err)
			}
			if err := q.Start(ctx); err != nil {
				t.Fatal(err)
			}
			id, err := q.Enqueue(ctx, "double", "a", map[string]int{"n": round})
			if err != nil {
				t.Fatal(err)
			}
			waitJob(t, q, id, 30*time.Second, "succeeded", inState(app.JobSucceeded))
			stopCtx, cancel := context.WithTimeout(ctx, 30*time.Second)
			err = q.Stop(stopCtx)
			cancel()
			if err != nil {
				t.Fatal(err)
			}
		}
		leakcheck.Settled(t, before)
	})
}

func TestStopWaitsForRunningJob(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		ctx := context.Background()
		started := make(chan struct{}, 1)
		release := make(chan struct{})
		q := newQueue(t, b, testOptions(), map[string]app.JobFunc{
			"job": func(ctx context.Context, _ json.RawMessage, _ func(float64, string)) (json.RawMessage, error) {
				started <- struct{}{}
				select {
				case <-release:
					return json.RawMessage(`"finished during stop"`), nil
				case <-ctx.Done():
					return nil, ctx.Err()
				}
			},
		})
		if err := q.Start(ctx); err != nil {
			t.Fatal(err)
		}
		id, err := q.Enqueue(ctx, "job", "a", nil)
		if err != nil {
			t.Fatal(err)
		}
		waitChan(t, started, "start of the job")
		stopped := make(chan error, 1)
		go func() {
			stopCtx, cancel := context.WithTimeout(ctx, time.Minute)
			defer cancel()
			stopped <- q.Stop(stopCtx)
		}()
		close(release) // the job finishes while Stop waits for it
		if err := waitChan(t, stopped, "return of Stop"); err != nil {
			t.Fatalf("Stop: %v", err)
		}
		j, err := q.Get(ctx, id)
		if err != nil || j.State != app.JobSucceeded || string(j.Result) != `"finished during stop"` {
			t.Fatalf("after Stop: %s, %v; want succeeded", describe(j), err)
		}
	})
}

// TestJobFuncKnowsItsJob: the JobFunc's context carries the job's id and
// the actor who queued it, for what the job makes to be made by them.
func TestJobFuncKnowsItsJob(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		ctx := context.Background()
		q := newQueue(t, b, testOptions(), map[string]app.JobFunc{
			"whoami": func(ctx context.Context, _ json.RawMessage, _ func(float64, string)) (json.RawMessage, error) {
				run, ok := app.JobRunOf(ctx)
				if !ok {
					return nil, app.Errorf(app.Invalid, "no job in the context")
				}
				return json.Marshal(run)
			},
		})
		startQueue(t, q)
		id, err := q.Enqueue(ctx, "whoami", "qa-planner", nil)
		if err != nil {
			t.Fatal(err)
		}
		j := waitJob(t, q, id, 30*time.Second, "finished", func(j app.Job) bool { return j.State.Finished() })
		if want := fmt.Sprintf(`{"ID":%d,"Actor":"qa-planner"}`, id); j.State != app.JobSucceeded || string(j.Result) != want {
			t.Fatalf("got %s, want succeeded with %s", describe(j), want)
		}
		// Arguments that name a queue say which, so a page can find the
		// job of its queue; others name none.
		for args, want := range map[string]string{`{"queue":"retail","seed":1}`: "retail", `{"seed":1}`: "", `[1,2]`: "", `null`: ""} {
			id, err := q.Enqueue(ctx, "whoami", "qa-planner", json.RawMessage(args))
			if err != nil {
				t.Fatal(err)
			}
			if j, err := q.Get(ctx, id); err != nil || j.Queue != want {
				t.Errorf("args %s: job queue %q (%v), want %q", args, j.Queue, err, want)
			}
			// Run out before the queue stops: with one SQLite connection
			// on a machine at load 7, a Stop that found these running
			// once waited out its 30 s (Stop's cancelling is tested on
			// its own).
			waitJob(t, q, id, 30*time.Second, "finished", func(j app.Job) bool { return j.State.Finished() })
		}
	})
}

// TestListLeavesOutResults: List shows each job as Get does but without
// its result, which it does not read (a page of simulations would be
// megabytes), and with the ids the result names; Get keeps the result.
func TestListLeavesOutResults(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		ctx := context.Background()
		big := strings.Repeat("x", 200_000)
		release := make(chan struct{})
		q := newQueue(t, b, testOptions(), map[string]app.JobFunc{
			"big": func(context.Context, json.RawMessage, func(float64, string)) (json.RawMessage, error) {
				return json.Marshal(map[string]any{"schedule_id": 7, "roster_id": 9, "location": "/api/v1/schedules/7", "cost_id": 1.5, "rows": big})
			},
			"fails": func(context.Context, json.RawMessage, func(float64, string)) (json.RawMessage, error) {
				return nil, app.Errorf(app.Invalid, "staffing %d has no rows", 3)
			},
			"waits": func(ctx context.Context, _ json.RawMessage, progress func(float64, string)) (json.RawMessage, error) {
				progress(0.4, "halfway")
				select {
				case <-release:
				case <-ctx.Done():
					return nil, ctx.Err()
				}
				return json.RawMessage(`{"n":1}`), nil
			},
		})
		startQueue(t, q)
		defer close(release)

		enqueue := func(kind, actor string, args any) app.JobID {
			t.Helper()
			id, err := q.Enqueue(ctx, kind, actor, args)
			if err != nil {
				t.Fatal(err)
			}
			return id
		}
		bigID := enqueue("big", "planner", map[string]any{"queue": "retail", "seed": 1})
		failsID := enqueue("fails", "planner", map[string]any{"queue": 5})
		waitsID := enqueue("waits", "manager", nil)
		cancelledID := enqueue("waits", "manager", json.RawMessage(`[1,2]`))
		waitJob(t, q, bigID, 30*time.Second, "succeeded", inState(app.JobSucceeded))
		waitJob(t, q, failsID, 30*time.Second, "failed", inState(app.JobFailed))
		waitJob(t, q, waitsID, 30*time.Second, "running at 40%", func(j app.Job) bool { return j.State == app.JobRunning && j.Progress == 0.4 })
		waitJob(t, q, cancelledID, 30*time.Second, "running at 40%", func(j app.Job) bool { return j.State == app.JobRunning && j.Progress == 0.4 })
		if err := q.Cancel(ctx, cancelledID); err != nil {
			t.Fatal(err)
		}
		waitJob(t, q, cancelledID, 30*time.Second, "cancelled", inState(app.JobCancelled))

		list, err := q.List(ctx, 10, 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != 4 {
			t.Fatalf("List gave %d jobs, want 4", len(list))
		}
		tests := []struct {
			name string
			id   app.JobID
			ids  map[string]int64
		}{
			{"succeeded with a big result", bigID, map[string]int64{"schedule_id": 7, "roster_id": 9}},
			{"failed", failsID, nil},
			{"running", waitsID, nil},
			{"cancelled", cancelledID, nil},
		}
		for i, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				got := list[len(list)-1-i]
				want, err := q.Get(ctx, tc.id)
				if err != nil {
					t.Fatal(err)
				}
				if got.Result != nil {
					t.Errorf("listed with a result of %d bytes", len(got.Result))
				}
				if tc.id == bigID && len(want.Result) < len(big) {
					t.Errorf("Get gave a result of %d bytes, want the whole one", len(want.Result))
				}
				if !reflect.DeepEqual(got.ResultIDs, tc.ids) {
					t.Errorf("result ids %v, want %v", got.ResultIDs, tc.ids)
				}
				want.Result = nil
				g, _ := json.Marshal(got)
				w, _ := json.Marshal(want)
				if !bytes.Equal(g, w) {
					t.Errorf("listed as\n%s\nGet (result left out) gives\n%s", g, w)
				}
			})
		}
		if b, _ := json.Marshal(list); len(b) > 2000 {
			t.Errorf("the list of 4 jobs is %d bytes of JSON: %s", len(b), b)
		}
	})
}

// TestStoppedJobKeepsItsProgress: a job cancelled, or failed at its time
// limit, keeps the progress it had reached, not what its function reports
// once its context is done (the scheduler, stopped, reports its search
// done: a schedule job cancelled at a quarter of its time limit showed
// 0.95).
func TestStoppedJobKeepsItsProgress(t *testing.T) {
	tests := []struct {
		name    string
		timeout time.Duration
		cancel  bool
		want    app.JobState
	}{
		{"cancelled", time.Minute, true, app.JobCancelled},
		{"timed out", 2 * time.Second, false, app.JobFailed},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			forEachBackend(t, func(t *testing.T, b backend) {
				opts := testOptions()
				opts.JobTimeout = tc.timeout
				q := newQueue(t, b, opts, map[string]app.JobFunc{
					"stops": func(ctx context.Context, _ json.RawMessage, progress func(float64, string)) (json.RawMessage, error) {
						progress(0.3, "searching: objective 175407.5")
						<-ctx.Done()
						progress(0.95, "searching: objective 175000")
						return nil, ctx.Err()
					},
				})
				startQueue(t, q)
				id, err := q.Enqueue(t.Context(), "stops", "planner", nil)
				if err != nil {
					t.Fatal(err)
				}
				// (A loaded machine may see the timed-out job only once it
				// has failed.)
				waitJob(t, q, id, 30*time.Second, "running at 30%", func(j app.Job) bool {
					return j.State == app.JobRunning && j.Progress == 0.3 || !tc.cancel && j.State.Finished()
				})
				if tc.cancel {
					if err := q.Cancel(t.Context(), id); err != nil {
						t.Fatal(err)
					}
				}
				j := waitJob(t, q, id, 30*time.Second, string(tc.want), inState(tc.want))
				if j.Progress != 0.3 || j.ProgressNote != "searching: objective 175407.5" {
					t.Errorf("%s: %s, want the progress it had reached, 0.3", tc.want, describe(j))
				}
			})
		})
	}
}
