package riverjobs

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	_ "github.com/lib/pq"
	_ "modernc.org/sqlite"

	"github.com/staffcast/staffcast/app"
)

// envTestDB names the PostgreSQL the tests use, e.g.
// postgres://postgres@127.0.0.1:5432/test?sslmode=disable. Unset: the
// PostgreSQL cases skip. Set but unreachable: they fail.
const envTestDB = "STAFFCAST_TEST_DATABASE_URL"

// backend is one database the tests run against; dsn opens a new pool on
// the test's own database (a fresh SQLite file or PostgreSQL schema), so
// two pools act as two servers.
type backend struct {
	name    string
	dialect string
	driver  string
	dsn     string
	// maxConns, when positive, caps the pool (River's advice for SQLite).
	maxConns int
}

func (b backend) open(t testing.TB) *sql.DB {
	t.Helper()
	db, err := sql.Open(b.driver, b.dsn)
	if err != nil {
		t.Fatalf("open %s: %v", b.name, err)
	}
	t.Cleanup(func() { db.Close() })
	if b.maxConns > 0 {
		db.SetMaxOpenConns(b.maxConns)
	}
	if err := db.Ping(); err != nil {
		t.Fatalf("ping %s: %v", b.name, err)
	}
	return db
}

// forEachBackend runs f on a fresh SQLite file (with a pool of
// connections, and with one connection) and, when envTestDB is set,
// on a fresh PostgreSQL schema dropped afterwards.
func forEachBackend(t *testing.T, f func(t *testing.T, b backend)) {
	t.Run("sqlite", func(t *testing.T) { f(t, sqliteBackend(t)) })
	t.Run("sqlite_one_conn", func(t *testing.T) {
		b := sqliteBackend(t)
		b.maxConns = 1
		f(t, b)
	})
	t.Run("postgres", func(t *testing.T) { f(t, postgresBackend(t)) })
}

func sqliteBackend(t testing.TB) backend {
	path := filepath.Join(t.TempDir(), "jobs.db")
	return backend{name: "sqlite", dialect: SQLite, driver: "sqlite",
		dsn: "file:" + path + "?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)"}
}

func postgresBackend(t testing.TB) backend {
	t.Helper()
	base := os.Getenv(envTestDB)
	if base == "" {
		t.Skipf("%s is not set", envTestDB)
	}
	admin, err := sql.Open("postgres", base)
	if err != nil {
		t.Fatalf("%s: %v", envTestDB, err)
	}
	defer admin.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := admin.PingContext(ctx); err != nil {
		t.Fatalf("%s is set but PostgreSQL does not answer: %v", envTestDB, err)
	}
	var rnd [6]byte
	_, _ = rand.Read(rnd[:])
	schema := "riverjobs_test_" + hex.EncodeToString(rnd[:])
	if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		db, err := sql.Open("postgres", base)
		if err != nil {
			return
		}
		defer db.Close()
		if _, err := db.Exec("DROP SCHEMA " + schema + " CASCADE"); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("%s: %v", envTestDB, err)
	}
	qs := u.Query()
	qs.Set("search_path", schema)
	u.RawQuery = qs.Encode()
	return backend{name: "postgres", dialect: Postgres, driver: "postgres", dsn: u.String()}
}

// testOptions are quick options for tests: short polls, long timeouts.
func testOptions() Options {
	return Options{
		PollInterval:  100 * time.Millisecond,
		ProgressEvery: 50 * time.Millisecond,
		JobTimeout:    time.Minute,
		RescueAfter:   2 * time.Minute,
		StopGrace:     30 * time.Second,
	}
}

// newQueue builds a queue on a new pool of b with fns registered.
func newQueue(t testing.TB, b backend, opts Options, fns map[string]app.JobFunc) *Queue {
	t.Helper()
	q, err := New(b.open(t), b.dialect, opts)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	for kind, fn := range fns {
		if err := q.Register(kind, fn); err != nil {
			t.Fatalf("Register %q: %v", kind, err)
		}
	}
	return q
}

// startQueue starts q and stops it at the end of the test.
func startQueue(t testing.TB, q *Queue) {
	t.Helper()
	if err := q.Start(context.Background()); err != nil {
		t.Fatalf("Start: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if err := q.Stop(ctx); err != nil {
			t.Errorf("Stop: %v", err)
		}
	})
}

// waitJob polls Get until cond holds, failing after a generous wait.
func waitJob(t testing.TB, q *Queue, id app.JobID, within time.Duration, what string, cond func(app.Job) bool) app.Job {
	t.Helper()
	deadline := time.Now().Add(within)
	var last app.Job
	for {
		j, err := q.Get(context.Background(), id)
		if err != nil {
			t.Fatalf("Get %d: %v", id, err)
		}
		if cond(j) {
			return j
		}
		last = j
		if time.Now().After(deadline) {
			t.Fatalf("job %d: not %s within %s; last seen %s", id, what, within, describe(last))
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func inState(s app.JobState) func(app.Job) bool {
	return func(j app.Job) bool { return j.State == s }
}

func describe(j app.Job) string {
	return fmt.Sprintf("{state %s attempt %d progress %.2f %q error %q result %s}", j.State, j.Attempt, j.Progress, j.ProgressNote, j.Error, j.Result)
}

// waitChan waits for a signal on c, failing after a generous wait.
func waitChan[T any](t testing.TB, c <-chan T, what string) T {
	t.Helper()
	select {
	case v := <-c:
		return v
	case <-time.After(30 * time.Second):
		t.Fatalf("no %s within 30s", what)
		panic("unreachable")
	}
}
