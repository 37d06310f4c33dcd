// Package sqlite is the embedded app.Store: one SQLite file under the data
// directory, through modernc.org/sqlite (pure Go, no cgo).
//
// The file runs in WAL mode with foreign keys on and a busy timeout. Writes
// go through a pool of one connection, so the process's own writers queue in
// Go instead of failing with SQLITE_BUSY; reads go through a separate pool of
// several connections, which WAL lets proceed while a write transaction is
// open. Instants are stored as INTEGER Unix microseconds (UTC).
//
// The schema is migrated at Open by goose from the embedded migrations.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"time"

	"github.com/pressly/goose/v3"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/staffcast/staffcast/app"
	"github.com/staffcast/staffcast/store/internal/sqlstore"
)

//go:embed migrations/*.sql
var migrations embed.FS

// FileName is the database file's name inside the data directory.
const FileName = "staffcast.db"

// readers is the size of the read pool.
const readers = 4

// Store is the SQLite app.Store.
type Store struct {
	*sqlstore.DB
	w, r *sql.DB
	path string
}

var _ app.Store = (*Store)(nil)

// Open opens (creating it and the directory when missing) the database in
// dataDir and migrates it. clock stamps created and updated times;
// time.Now when nil.
func Open(ctx context.Context, dataDir string, clock func() time.Time) (*Store, error) {
	if err := os.MkdirAll(dataDir, 0o750); err != nil {
		return nil, app.Wrap(app.Internal, "open store", err)
	}
	return OpenFile(ctx, filepath.Join(dataDir, FileName), clock)
}

// OpenFile opens the database file at path and migrates it.
func OpenFile(ctx context.Context, path string, clock func() time.Time) (*Store, error) {
	const op = "open store"
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "synchronous(NORMAL)")
	q.Set("_txlock", "immediate")
	dsn := "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + q.Encode()
	w, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, app.Wrap(app.Internal, op, err)
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxIdleTime(0)
	if err := migrate(ctx, w); err != nil {
		w.Close()
		return nil, app.Wrap(app.Internal, op, fmt.Errorf("migrate %s: %w", path, err))
	}
	r, err := sql.Open("sqlite", dsn)
	if err != nil {
		w.Close()
		return nil, app.Wrap(app.Internal, op, err)
	}
	r.SetMaxOpenConns(readers)
	r.SetMaxIdleConns(readers)
	s := &Store{w: w, r: r, path: path}
	s.DB = sqlstore.New(w, r, Dialect, clock)
	return s, nil
}

// SQLDB returns the write pool (one connection), for code that shares the
// database file, such as a job queue.
func (s *Store) SQLDB() *sql.DB { return s.w }

// Path returns the database file's path.
func (s *Store) Path() string { return s.path }

func migrate(ctx context.Context, db *sql.DB) error {
	sub, err := fs.Sub(migrations, "migrations")
	if err != nil {
		return err
	}
	p, err := goose.NewProvider(goose.DialectSQLite3, db, sub, goose.WithDisableGlobalRegistry(true))
	if err != nil {
		return err
	}
	_, err = p.Up(ctx)
	return err
}

// Dialect is SQLite's side of the shared SQL.
var Dialect = sqlstore.Dialect{
	Name: "sqlite",
	Time: func(t time.Time) any { return t.UnixMicro() },
	IsUnique: func(err error) bool {
		return code(err) == sqlite3.SQLITE_CONSTRAINT_UNIQUE || code(err) == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
	},
	IsForeignKey:  func(err error) bool { return code(err) == sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY },
	CopyRows:      copyRows,
	UpsertHistory: sqlstore.UpsertHistoryRows,
}

func code(err error) int {
	var e *sqlite.Error
	if errors.As(err, &e) {
		return e.Code()
	}
	return 0
}

// copyRows inserts rows with one prepared statement.
func copyRows(ctx context.Context, tx *sql.Tx, table string, cols []string, n int, row func(int) []any) error {
	if n == 0 {
		return nil
	}
	q := "INSERT INTO " + table + " ("
	v := ") VALUES ("
	for i, c := range cols {
		if i > 0 {
			q += ", "
			v += ", "
		}
		q += c
		v += fmt.Sprintf("$%d", i+1)
	}
	st, err := tx.PrepareContext(ctx, q+v+")")
	if err != nil {
		return err
	}
	defer st.Close()
	for i := 0; i < n; i++ {
		if _, err := st.ExecContext(ctx, row(i)...); err != nil {
			return err
		}
	}
	return nil
}
