package riverjobs

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/staffcast/staffcast/app"
)

// The crash test runs a server in a child process (this test binary with
// these variables set) and kills it with SIGKILL in the middle of a job.
const (
	envChildDialect = "RIVERJOBS_CRASH_CHILD_DIALECT"
	envChildDSN     = "RIVERJOBS_CRASH_CHILD_DSN"
	envChildDriver  = "RIVERJOBS_CRASH_CHILD_DRIVER"
)

func TestMain(m *testing.M) {
	if os.Getenv(envChildDialect) != "" {
		os.Exit(crashChild())
	}
	os.Exit(m.Run())
}

// crashChild starts a queue whose "crashy" job reports half its progress and
// then waits; the parent kills the process.
func crashChild() int {
	b := backend{name: "child", dialect: os.Getenv(envChildDialect), driver: os.Getenv(envChildDriver), dsn: os.Getenv(envChildDSN)}
	fail := func(err error) int { fmt.Fprintln(os.Stderr, "crash child:", err); return 3 }
	db, err := openDB(b)
	if err != nil {
		return fail(err)
	}
	q, err := New(db, b.dialect, testOptions())
	if err != nil {
		return fail(err)
	}
	err = q.Register("crashy", func(ctx context.Context, _ json.RawMessage, progress func(float64, string)) (json.RawMessage, error) {
		progress(0.5, "about to be killed")
		<-ctx.Done()
		return nil, ctx.Err()
	})
	if err != nil {
		return fail(err)
	}
	if err := q.Start(context.Background()); err != nil {
		return fail(err)
	}
	time.Sleep(5 * time.Minute) // the parent kills us long before
	return fail(fmt.Errorf("not killed"))
}

func TestRescueAfterCrash(t *testing.T) {
	if testing.Short() {
		t.Skip("waits for River's leader lease and rescuer (about 20 s)")
	}
	forEachBackend(t, func(t *testing.T, b backend) {
		if b.maxConns > 0 {
			t.Skip("the pooled SQLite case covers the rescue; this one would only add 20 s")
		}
		ctx := context.Background()
		opts := testOptions()
		opts.JobTimeout, opts.RescueAfter = 2*time.Second, 3*time.Second
		q := newQueue(t, b, opts, map[string]app.JobFunc{
			"crashy": func(context.Context, json.RawMessage, func(float64, string)) (json.RawMessage, error) {
				return json.RawMessage(`"recovered"`), nil
			},
		})
		if err := q.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		id, err := q.Enqueue(ctx, "crashy", "planner", nil)
		if err != nil {
			t.Fatal(err)
		}

		child := exec.Command(os.Args[0], "-test.run=^$")
		child.Env = append(os.Environ(), envChildDialect+"="+b.dialect, envChildDSN+"="+b.dsn, envChildDriver+"="+b.driver)
		child.Stderr = os.Stderr
		if err := child.Start(); err != nil {
			t.Fatal(err)
		}
		killed := false
		t.Cleanup(func() {
			if !killed {
				_ = child.Process.Kill()
				_ = child.Wait()
			}
		})
		waitJob(t, q, id, 30*time.Second, "running at 50% in the child", func(j app.Job) bool {
			return j.State == app.JobRunning && j.Progress == 0.5
		})
		if err := child.Process.Kill(); err != nil { // SIGKILL: no Stop, no cleanup
			t.Fatal(err)
		}
		_ = child.Wait()
		killed = true
		if j, err := q.Get(ctx, id); err != nil || j.State != app.JobRunning {
			t.Fatalf("after the kill: %s, %v; want the row left running", describe(j), err)
		}

		// A restarted server rescues the job and runs it again.
		began := time.Now()
		startQueue(t, q)
		j := waitJob(t, q, id, 120*time.Second, "finished", func(j app.Job) bool { return j.State.Finished() })
		if j.State != app.JobSucceeded || j.Attempt != 2 || string(j.Result) != `"recovered"` {
			t.Fatalf("got %s, want succeeded on attempt 2", describe(j))
		}
		t.Logf("rescued and re-run %.1f s after restart (RescueAfter %s)", time.Since(began).Seconds(), opts.RescueAfter)
	})
}

func openDB(b backend) (*sql.DB, error) { return sql.Open(b.driver, b.dsn) }
