// Package sqlstore is the app.Store written once in SQL that PostgreSQL and
// SQLite both accept ($N placeholders, ON CONFLICT, RETURNING). What the two
// databases do differently — how an instant is encoded, how a unique
// violation is recognised, how many rows are written in bulk — comes in a
// Dialect from store/sqlite or store/postgres.
package sqlstore

import (
	"context"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/staffcast/staffcast/app"
)

// Dialect is what differs between the databases.
type Dialect struct {
	// Name is "sqlite" or "postgres".
	Name string
	// Time encodes an instant for a parameter (already UTC, microseconds).
	Time func(time.Time) any
	// IsUnique reports a unique or primary-key violation.
	IsUnique func(error) bool
	// IsForeignKey reports a foreign-key violation.
	IsForeignKey func(error) bool
	// CopyRows inserts n rows into table (columns cols) inside tx; row(i)
	// gives the i-th row's values, already encoded.
	CopyRows func(ctx context.Context, tx *sql.Tx, table string, cols []string, n int, row func(i int) []any) error
	// UpsertHistory writes the rows of queue queueID, replacing intervals
	// that exist, and counts the inserted and replaced rows. Rows are valid
	// and their starts distinct. conn is the connection tx runs on, for a
	// driver's own bulk path (conn.Raw); everything must still happen in tx.
	UpsertHistory func(ctx context.Context, conn *sql.Conn, tx *sql.Tx, queueID int64, rows []app.HistoryInterval, enc func(time.Time) any) (inserted, replaced int, err error)
}

// DB implements app.Store on top of database/sql.
type DB struct {
	w, r *sql.DB // writes go to w and reads to r (the same pool for PostgreSQL)
	d    Dialect
	now  func() time.Time
}

// New returns a store writing through w and reading through r. now is the
// clock that stamps created and updated times (time.Now when nil).
func New(w, r *sql.DB, d Dialect, now func() time.Time) *DB {
	if now == nil {
		now = time.Now
	}
	return &DB{w: w, r: r, d: d, now: now}
}

// Close closes both pools.
func (s *DB) Close() error {
	err := s.w.Close()
	if s.r != s.w {
		err = errors.Join(err, s.r.Close())
	}
	return err
}

// Ping checks that the database answers.
func (s *DB) Ping(ctx context.Context) error {
	if err := s.r.PingContext(ctx); err != nil {
		return app.Wrap(app.Internal, "ping", err)
	}
	return nil
}

// clock returns the store's time, in UTC, at microsecond precision (what
// both databases keep).
func (s *DB) clock() time.Time { return utc(s.now()) }

func utc(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

// t encodes an instant.
func (s *DB) t(t time.Time) any { return s.d.Time(utc(t)) }

// nt encodes a nullable instant.
func (s *DB) nt(t *time.Time) any {
	if t == nil {
		return nil
	}
	return s.t(*t)
}

// inTx runs fn in a write transaction and classifies its error.
func (s *DB) inTx(ctx context.Context, op string, fn func(tx *sql.Tx) error) error {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return s.fail(op, err)
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return s.fail(op, err)
	}
	if err := tx.Commit(); err != nil {
		return s.fail(op, err)
	}
	return nil
}

// inConnTx is inTx on a connection of its own, which fn gets too: a
// driver's bulk path may use the connection directly (sql.Conn.Raw) inside
// the transaction.
func (s *DB) inConnTx(ctx context.Context, op string, fn func(conn *sql.Conn, tx *sql.Tx) error) error {
	conn, err := s.w.Conn(ctx)
	if err != nil {
		return s.fail(op, err)
	}
	defer conn.Close()
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return s.fail(op, err)
	}
	if err := fn(conn, tx); err != nil {
		_ = tx.Rollback()
		return s.fail(op, err)
	}
	if err := tx.Commit(); err != nil {
		return s.fail(op, err)
	}
	return nil
}

// fail classifies a driver error: app errors pass, unique violations are
// Conflict, foreign-key violations NotFound, the rest Internal (context
// errors are recognised by app.KindOf). Conflict and NotFound are shown to
// users, so they do not wrap the driver's error, whose text names tables,
// constraints and error codes; methods that can say which name is taken
// (nameTaken) do so before fail sees the error.
func (s *DB) fail(op string, err error) error {
	var ae *app.Error
	switch {
	case err == nil:
		return nil
	case errors.As(err, &ae):
		return err
	case s.d.IsUnique(err):
		return &app.Error{Kind: app.Conflict, Op: op, Message: "something with the same key is already stored"}
	case s.d.IsForeignKey(err):
		return &app.Error{Kind: app.NotFound, Op: op, Message: "refers to something that does not exist"}
	}
	return app.Wrap(app.Internal, op, err)
}

// nameTaken turns a unique violation into a Conflict saying that the what
// named name already exists (err itself, the driver's, is not shown); any
// other err passes.
func (s *DB) nameTaken(op, what, name string, err error) error {
	if err != nil && s.d.IsUnique(err) {
		return &app.Error{Kind: app.Conflict, Op: op, Message: fmt.Sprintf("%s %q already exists", what, name)}
	}
	return err
}

// audit writes one audit row inside tx.
func (s *DB) audit(ctx context.Context, tx *sql.Tx, actor, action, target, detail string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO audit_log (at, actor, action, target, detail) VALUES ($1, $2, $3, $4, $5)`,
		s.t(s.clock()), actor, action, target, detail)
	return err
}

func notFound(op, what string, args ...any) error {
	return &app.Error{Kind: app.NotFound, Op: op, Message: fmt.Sprintf(what, args...)}
}

func invalid(op, what string, args ...any) error {
	return &app.Error{Kind: app.Invalid, Op: op, Message: fmt.Sprintf(what, args...)}
}

func checkActor(op, actor string) error {
	if actor == "" {
		return invalid(op, "actor is empty")
	}
	return nil
}

// --- scanning helpers: each accepts what either driver returns.

// instant scans a timestamptz (time.Time) or a Unix-microseconds integer.
type instant struct{ t *time.Time }

func (x instant) Scan(v any) error {
	switch v := v.(type) {
	case nil:
		*x.t = time.Time{}
	case int64:
		*x.t = time.UnixMicro(v).UTC()
	case time.Time:
		*x.t = v.UTC()
	default:
		return fmt.Errorf("sqlstore: cannot scan %T as an instant", v)
	}
	return nil
}

// nullInstant scans a nullable instant.
type nullInstant struct{ t **time.Time }

func (x nullInstant) Scan(v any) error {
	if v == nil {
		*x.t = nil
		return nil
	}
	var t time.Time
	if err := (instant{&t}).Scan(v); err != nil {
		return err
	}
	*x.t = &t
	return nil
}

// date scans a date (time.Time from PostgreSQL) or text (SQLite) as
// YYYY-MM-DD.
type date struct{ s *string }

func (x date) Scan(v any) error {
	switch v := v.(type) {
	case string:
		*x.s = v
	case []byte:
		*x.s = string(v)
	case time.Time:
		*x.s = v.Format(time.DateOnly)
	default:
		return fmt.Errorf("sqlstore: cannot scan %T as a date", v)
	}
	return nil
}

// jsonDoc scans jsonb ([]byte) or text into a json.RawMessage; NULL is nil.
type jsonDoc struct{ m *json.RawMessage }

func (x jsonDoc) Scan(v any) error {
	switch v := v.(type) {
	case nil:
		*x.m = nil
	case string:
		*x.m = json.RawMessage(v)
	case []byte:
		*x.m = append(json.RawMessage(nil), v...)
	default:
		return fmt.Errorf("sqlstore: cannot scan %T as JSON", v)
	}
	return nil
}

// nullFloat scans a nullable double into a *float64.
type nullFloat struct{ f **float64 }

func (x nullFloat) Scan(v any) error {
	var n sql.NullFloat64
	if err := n.Scan(v); err != nil {
		return err
	}
	if n.Valid {
		f := n.Float64
		*x.f = &f
	} else {
		*x.f = nil
	}
	return nil
}

// nf encodes a nullable float.
func nf(f *float64) any {
	if f == nil {
		return nil
	}
	return *f
}

// jsonParam encodes a JSON document as text (jsonb in PostgreSQL, TEXT in
// SQLite); nil is NULL. It must be valid JSON.
func jsonParam(op, field string, m json.RawMessage) (any, error) {
	if m == nil {
		return nil, nil
	}
	if !json.Valid(m) {
		return nil, invalid(op, "%s is not valid JSON", field)
	}
	return string(m), nil
}

func finite(f float64) bool { return !math.IsNaN(f) && !math.IsInf(f, 0) }

// --- pagination

func limitOf(p app.Page) int {
	switch {
	case p.Limit <= 0:
		return app.DefaultPageLimit
	case p.Limit > app.MaxPageLimit:
		return app.MaxPageLimit
	}
	return p.Limit
}

// cursorMark starts every cursor's text, so that a cursor this store did
// not give (a typo, another server's) is refused rather than read as a
// name to list after, which answered an empty page.
const cursorMark = "sc1:"

func encodeCursor(s string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(cursorMark + s))
}

func decodeCursor(op, c string) (string, error) {
	b, err := base64.RawURLEncoding.DecodeString(c)
	s, ok := strings.CutPrefix(string(b), cursorMark)
	if err != nil || !ok {
		return "", invalid(op, "bad page cursor: give the next_cursor of the page before, or none for the first page")
	}
	return s, nil
}

// idCursor decodes a cursor of an id-ordered list; 0 for the first page.
func idCursor(op, c string) (int64, error) {
	if c == "" {
		return 0, nil
	}
	s, err := decodeCursor(op, c)
	if err != nil {
		return 0, err
	}
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		return 0, invalid(op, "bad page cursor")
	}
	return id, nil
}

// nameCursor decodes a cursor of a name-ordered list; "" for the first page.
func nameCursor(op, c string) (string, error) {
	if c == "" {
		return "", nil
	}
	return decodeCursor(op, c)
}

// page trims items fetched with limit+1 to limit and returns the cursor
// of the next page.
func page[T any](items []T, limit int, key func(T) string) ([]T, string) {
	if len(items) <= limit {
		return items, ""
	}
	items = items[:limit]
	return items, encodeCursor(key(items[limit-1]))
}

func idKey(id int64) string { return strconv.FormatInt(id, 10) }
