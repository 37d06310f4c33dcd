package postgres_test

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"testing"
	"time"

	_ "github.com/lib/pq"
	"github.com/pressly/goose/v3"

	"github.com/staffcast/staffcast/app"
	"github.com/staffcast/staffcast/store/internal/sqlstore"
	"github.com/staffcast/staffcast/store/postgres"
	"github.com/staffcast/staffcast/store/storetest"
)

// EnvURL names the variable holding the test server's URL. Unset: the
// PostgreSQL tests skip. Set but unreachable: they fail.
const EnvURL = "STAFFCAST_TEST_DATABASE_URL"

// schemaURL creates a fresh schema on the test server, dropped at the
// test's cleanup, and returns a URL whose connections use it.
func schemaURL(tb testing.TB) string {
	tb.Helper()
	base := os.Getenv(EnvURL)
	if base == "" {
		tb.Skipf("%s is not set", EnvURL)
	}
	db, err := sql.Open("postgres", base)
	if err != nil {
		tb.Fatalf("%s: %v", EnvURL, err)
	}
	ctx := context.Background()
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		tb.Fatalf("%s is set but PostgreSQL does not answer: %v", EnvURL, err)
	}
	var b [6]byte
	if _, err := rand.Read(b[:]); err != nil {
		tb.Fatal(err)
	}
	schema := "staffcast_test_" + hex.EncodeToString(b[:])
	if _, err := db.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		db.Close()
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		defer db.Close()
		if _, err := db.ExecContext(context.Background(), "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			tb.Errorf("drop schema %s: %v", schema, err)
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		tb.Fatalf("%s: %v", EnvURL, err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

func openStore(tb testing.TB, url string, clock func() time.Time) *postgres.Store {
	tb.Helper()
	s, err := postgres.Open(context.Background(), url, clock)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}

func TestConformance(t *testing.T) {
	storetest.RunConformance(t, func(t *testing.T, clock func() time.Time) app.Store {
		return openStore(t, schemaURL(t), clock)
	})
}

// TestReopen opens the same schema twice: the second migration is a no-op
// and the data stays; the tables live in the test's schema.
func TestReopen(t *testing.T) {
	ctx := context.Background()
	u := schemaURL(t)
	s := openStore(t, u, nil)
	if _, err := s.CreateQueue(ctx, "t", app.Queue{Name: "bank", Interval: 15 * time.Minute}); err != nil {
		t.Fatal(err)
	}
	s2 := openStore(t, u, nil)
	if _, err := s2.Queue(ctx, "bank"); err != nil {
		t.Fatalf("after reopening: %v", err)
	}
	var schema string
	if err := s2.SQLDB().QueryRowContext(ctx, `SELECT table_schema FROM information_schema.tables WHERE table_name = 'history' AND table_schema = current_schema()`).Scan(&schema); err != nil {
		t.Fatalf("history table not in the current schema: %v", err)
	}
}

// TestUnreachable shows that a URL nobody answers is an error, not a hang
// or a panic.
func TestUnreachable(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_, err := postgres.Open(ctx, "postgres://nobody@127.0.0.1:1/x?sslmode=disable&connect_timeout=2", nil)
	if err == nil {
		t.Fatal("opened a store on a closed port")
	}
}

// TestUpgradeSharedTokenNames opens a store made before live token names
// were unique, holding live tokens named alice, alice and Alice and a
// revoked bob: the migration leaves all three working (names that differ
// only in case are one name to the index on lower(name)), and a new alice
// in any case is refused while any is live.
func TestUpgradeSharedTokenNames(t *testing.T) {
	ctx := context.Background()
	u := schemaURL(t)
	db, err := sql.Open("postgres", u)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	p, err := goose.NewProvider(goose.DialectPostgres, db, os.DirFS("migrations"), goose.WithDisableGlobalRegistry(true))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.UpTo(ctx, 3); err != nil {
		t.Fatal(err)
	}
	for _, tok := range []struct {
		name, clear string
		revoked     bool
	}{{"alice", "sc_old1", false}, {"alice", "sc_old2", false}, {"Alice", "sc_old4", false}, {"bob", "sc_old3", true}} {
		if _, err := db.ExecContext(ctx, `INSERT INTO api_tokens (name, role, token_sha256, created_at, revoked_at)
			VALUES ($1, 'hr', $2, now(), CASE WHEN $3 THEN now() END)`, tok.name, sqlstore.HashToken(tok.clear), tok.revoked); err != nil {
			t.Fatal(err)
		}
	}
	storetest.CheckSharedTokenNames(t, openStore(t, u, nil), "sc_old1", "sc_old2", "sc_old4")
}
