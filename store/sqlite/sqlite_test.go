package sqlite_test

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/pressly/goose/v3"

	"github.com/staffcast/staffcast/app"
	"github.com/staffcast/staffcast/store/internal/sqlstore"
	"github.com/staffcast/staffcast/store/sqlite"
	"github.com/staffcast/staffcast/store/storetest"
)

func open(t *testing.T, clock func() time.Time) app.Store {
	s, err := sqlite.Open(context.Background(), t.TempDir(), clock)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestConformance(t *testing.T) { storetest.RunConformance(t, open) }

// TestReopen opens the same file twice: migrations run once and the data
// stays.
func TestReopen(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "nested", "data")
	s, err := sqlite.Open(ctx, dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateQueue(ctx, "t", app.Queue{Name: "bank", Interval: 15 * time.Minute}); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s, err = sqlite.Open(ctx, dir, nil)
	if err != nil {
		t.Fatalf("second open: %v", err)
	}
	defer s.Close()
	if _, err := s.Queue(ctx, "bank"); err != nil {
		t.Fatalf("after reopening: %v", err)
	}
	var mode string
	if err := s.SQLDB().QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil || mode != "wal" {
		t.Fatalf("journal mode %q (%v), want wal", mode, err)
	}
	var fk int
	if err := s.SQLDB().QueryRowContext(ctx, "PRAGMA foreign_keys").Scan(&fk); err != nil || fk != 1 {
		t.Fatalf("foreign_keys %d (%v), want 1", fk, err)
	}
}

// TestConcurrentWriters runs imports from several goroutines at once: the
// single write connection queues them, none fails with SQLITE_BUSY.
func TestConcurrentWriters(t *testing.T) {
	ctx := context.Background()
	s := open(t, nil)
	start := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			q := string(rune('a' + w))
			rows := make([]app.HistoryInterval, 500)
			for i := range rows {
				rows[i] = app.HistoryInterval{Start: start.Add(time.Duration(i) * 15 * time.Minute), Offered: 1}
			}
			_, err := s.ImportHistory(ctx, "t", q, rows, &app.Queue{Name: q, Interval: 15 * time.Minute})
			errs <- err
			if _, _, err := s.ListQueues(ctx, app.Page{}); err != nil {
				errs <- err
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	qs, _, err := s.ListQueues(ctx, app.Page{})
	if err != nil || len(qs) != 8 {
		t.Fatalf("%d queues, %v", len(qs), err)
	}
}

// TestUpgradeSharedTokenNames opens a store made before live token names
// were unique, holding live tokens named alice, alice and Alice and a
// revoked bob: the migration leaves all three working (names that differ
// only in case are one name to the index on lower(name)), and a new alice
// in any case is refused while any is live.
func TestUpgradeSharedTokenNames(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), sqlite.FileName)
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	p, err := goose.NewProvider(goose.DialectSQLite3, db, os.DirFS("migrations"), goose.WithDisableGlobalRegistry(true))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.UpTo(ctx, 2); err != nil {
		t.Fatal(err)
	}
	for _, tok := range []struct {
		name, clear string
		revoked     any
	}{{"alice", "sc_old1", nil}, {"alice", "sc_old2", nil}, {"Alice", "sc_old4", nil}, {"bob", "sc_old3", int64(2)}} {
		if _, err := db.ExecContext(ctx, `INSERT INTO api_tokens (name, role, token_sha256, created_at, revoked_at) VALUES ($1, 'hr', $2, 1, $3)`,
			tok.name, sqlstore.HashToken(tok.clear), tok.revoked); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()

	s, err := sqlite.OpenFile(ctx, path, nil)
	if err != nil {
		t.Fatalf("open a store with two live tokens of one name: %v", err)
	}
	defer s.Close()
	storetest.CheckSharedTokenNames(t, s, "sc_old1", "sc_old2", "sc_old4")
}
