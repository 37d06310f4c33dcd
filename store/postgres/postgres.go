// Package postgres is the app.Store on PostgreSQL, through github.com/lib/pq.
//
// The URL is lib/pq's: postgres://user:password@host:port/dbname?options.
// lib/pq defaults to sslmode=require, so a local server without TLS needs
// ?sslmode=disable (postgres://postgres@127.0.0.1:5432/staffcast?sslmode=disable).
// Other query parameters are sent to the server as run-time settings, so
// ?search_path=name selects a schema.
//
// The schema is migrated at Open by goose from the embedded migrations,
// under a PostgreSQL advisory lock, so several servers starting together
// migrate once. History imports stream pre-formatted COPY text through
// lib/pq's CopyData on the import's own connection (in its transaction):
// straight into history for a new period, otherwise into a temporary table
// upserted from. The server's COPY is then the cost (about 1.5 µs a row on
// a loaded 2-core machine, as psql's); the Go side spends about 0.1 µs.
package postgres

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"strconv"
	"time"

	"github.com/lib/pq"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"

	"github.com/staffcast/staffcast/app"
	"github.com/staffcast/staffcast/store/internal/sqlstore"
)

//go:embed migrations/*.sql
var migrations embed.FS

// maxConns bounds the pool.
const maxConns = 16

// Store is the PostgreSQL app.Store.
type Store struct {
	*sqlstore.DB
	db *sql.DB
}

var _ app.Store = (*Store)(nil)

// Open connects to url, checks that the server answers and migrates the
// schema. clock stamps created and updated times; time.Now when nil.
func Open(ctx context.Context, url string, clock func() time.Time) (*Store, error) {
	const op = "open store"
	db, err := sql.Open("postgres", url)
	if err != nil {
		return nil, app.Wrap(app.Invalid, op, err)
	}
	db.SetMaxOpenConns(maxConns)
	db.SetMaxIdleConns(maxConns)
	db.SetConnMaxIdleTime(5 * time.Minute)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, app.Wrap(app.Internal, op, fmt.Errorf("connect to PostgreSQL: %w", err))
	}
	if err := migrate(ctx, db); err != nil {
		db.Close()
		return nil, app.Wrap(app.Internal, op, fmt.Errorf("migrate: %w", err))
	}
	return &Store{DB: sqlstore.New(db, db, Dialect, clock), db: db}, nil
}

// SQLDB returns the pool, for code that shares the database, such as a job
// queue.
func (s *Store) SQLDB() *sql.DB { return s.db }

func migrate(ctx context.Context, db *sql.DB) error {
	sub, err := fs.Sub(migrations, "migrations")
	if err != nil {
		return err
	}
	locker, err := lock.NewPostgresSessionLocker()
	if err != nil {
		return err
	}
	p, err := goose.NewProvider(goose.DialectPostgres, db, sub,
		goose.WithDisableGlobalRegistry(true), goose.WithSessionLocker(locker))
	if err != nil {
		return err
	}
	_, err = p.Up(ctx)
	return err
}

// Dialect is PostgreSQL's side of the shared SQL.
var Dialect = sqlstore.Dialect{
	Name:          "postgres",
	Time:          func(t time.Time) any { return t },
	IsUnique:      func(err error) bool { return sqlState(err) == "23505" },
	IsForeignKey:  func(err error) bool { return sqlState(err) == "23503" },
	CopyRows:      copyRows,
	UpsertHistory: upsertHistory,
}

func sqlState(err error) string {
	var e *pq.Error
	if errors.As(err, &e) {
		return string(e.Code)
	}
	return ""
}

// copyRows streams rows into table with COPY FROM STDIN.
func copyRows(ctx context.Context, tx *sql.Tx, table string, cols []string, n int, row func(int) []any) error {
	if n == 0 {
		return nil
	}
	q := "COPY " + pq.QuoteIdentifier(table) + " ("
	for i, c := range cols {
		if i > 0 {
			q += ", "
		}
		q += pq.QuoteIdentifier(c)
	}
	st, err := tx.PrepareContext(ctx, q+") FROM STDIN")
	if err != nil {
		return err
	}
	for i := 0; i < n; i++ {
		if _, err := st.ExecContext(ctx, row(i)...); err != nil {
			st.Close()
			return err
		}
	}
	if _, err := st.ExecContext(ctx); err != nil {
		st.Close()
		return err
	}
	return st.Close()
}

// upsertHistory writes a queue's intervals; the newest import replaces the
// values of an interval that exists. It locks the queue's row, so imports of
// one queue run one after the other. When no interval of the queue lies in
// the rows' time span (a first import, or a new period) the rows are COPYed
// straight into history; otherwise they are COPYed into a temporary table,
// the intervals that exist are counted, and INSERT ... ON CONFLICT DO UPDATE
// moves them in — all in the caller's transaction, on its connection conn.
func upsertHistory(ctx context.Context, conn *sql.Conn, tx *sql.Tx, queueID int64, rows []app.HistoryInterval, enc func(time.Time) any) (inserted, replaced int, err error) {
	first, last := rows[0].Start, rows[0].Start
	for _, r := range rows[1:] {
		if r.Start.Before(first) {
			first = r.Start
		}
		if r.Start.After(last) {
			last = r.Start
		}
	}
	var locked int64
	if err := tx.QueryRowContext(ctx, `SELECT id FROM queues WHERE id = $1 FOR UPDATE`, queueID).Scan(&locked); errors.Is(err, sql.ErrNoRows) {
		return 0, 0, &app.Error{Kind: app.NotFound, Op: "import history", Message: "the queue was deleted meanwhile"}
	} else if err != nil {
		return 0, 0, err
	}
	var overlap bool
	if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM history WHERE queue_id = $1 AND interval_start BETWEEN $2 AND $3)`,
		queueID, enc(first), enc(last)).Scan(&overlap); err != nil {
		return 0, 0, err
	}
	hr := historyText{queueID: strconv.AppendInt(nil, queueID, 10), rows: rows}
	const cols = ` (queue_id, interval_start, offered, handled, abandoned, aht_seconds) FROM STDIN`
	if !overlap {
		if err := copyText(ctx, conn, `COPY history`+cols, len(rows), hr.append); err != nil {
			return 0, 0, err
		}
		return len(rows), 0, nil
	}
	if _, err := tx.ExecContext(ctx, `CREATE TEMPORARY TABLE history_import (
		queue_id bigint NOT NULL, interval_start timestamptz NOT NULL, offered double precision NOT NULL,
		handled double precision NOT NULL, abandoned double precision, aht_seconds double precision) ON COMMIT DROP`); err != nil {
		return 0, 0, err
	}
	if err := copyText(ctx, conn, `COPY history_import`+cols, len(rows), hr.append); err != nil {
		return 0, 0, err
	}
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM history_import i JOIN history h
		ON h.queue_id = i.queue_id AND h.interval_start = i.interval_start`).Scan(&replaced); err != nil {
		return 0, 0, err
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO history (queue_id, interval_start, offered, handled, abandoned, aht_seconds)
		SELECT queue_id, interval_start, offered, handled, abandoned, aht_seconds FROM history_import
		ON CONFLICT (queue_id, interval_start) DO UPDATE SET offered = excluded.offered, handled = excluded.handled,
		abandoned = excluded.abandoned, aht_seconds = excluded.aht_seconds`)
	if err != nil {
		return 0, 0, err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, 0, err
	}
	if _, err := tx.ExecContext(ctx, `DROP TABLE history_import`); err != nil {
		return 0, 0, err
	}
	return int(n) - replaced, replaced, nil
}

// historyText writes history rows as COPY text.
type historyText struct {
	queueID []byte // the queue's id in decimal
	rows    []app.HistoryInterval
	ts      tsFormatter
}

// append appends row i and its newline to b.
func (h *historyText) append(b []byte, i int) []byte {
	r := &h.rows[i]
	b = append(b, h.queueID...)
	b = append(b, '\t')
	b = h.ts.append(b, r.Start)
	b = append(b, '\t')
	b = appendFloat(b, r.Offered)
	b = append(b, '\t')
	b = appendFloat(b, r.Handled)
	b = append(b, '\t')
	b = appendNullFloat(b, r.Abandoned)
	b = append(b, '\t')
	b = appendNullFloat(b, r.AHTSeconds)
	return append(b, '\n')
}

// appendFloat appends v as PostgreSQL float8 text: an integer in decimal
// (counts usually are), otherwise the shortest text that reads back as v.
// v is finite (the import checked it).
func appendFloat(b []byte, v float64) []byte {
	if v >= 0 && v < 1e15 && v == math.Trunc(v) && !math.Signbit(v) {
		return strconv.AppendInt(b, int64(v), 10)
	}
	return strconv.AppendFloat(b, v, 'g', -1, 64)
}

// appendNullFloat appends *v, or COPY's NULL (\N) when v is nil.
func appendNullFloat(b []byte, v *float64) []byte {
	if v == nil {
		return append(b, '\\', 'N')
	}
	return appendFloat(b, *v)
}

// copyChunk is the size of the COPY text handed to the driver at once.
const copyChunk = 60 << 10

// copyText runs the COPY ... FROM STDIN statement q on conn (inside the
// transaction running on it), streaming n rows of COPY text: row(b, i)
// appends row i, newline included. It hands lib/pq whole chunks of rows
// through its CopyData, which skips database/sql's per-row Exec (argument
// conversion and an allocation per value); the server reads them as one
// stream, so an error in any row fails the COPY and the transaction.
func copyText(ctx context.Context, conn *sql.Conn, q string, n int, row func(b []byte, i int) []byte) error {
	return conn.Raw(func(dc any) error {
		pc, ok := dc.(driver.ConnPrepareContext)
		if !ok {
			return fmt.Errorf("COPY: driver connection %T cannot prepare with a context", dc)
		}
		st, err := pc.PrepareContext(ctx, q)
		if err != nil {
			return err
		}
		cd, ok := st.(interface {
			CopyData(ctx context.Context, line string) (driver.Result, error)
		})
		if !ok {
			st.Close()
			return fmt.Errorf("COPY: driver statement %T has no CopyData", st)
		}
		buf := make([]byte, 0, copyChunk+1024)
		for i := 0; i < n; i++ {
			buf = row(buf, i)
			if len(buf) < copyChunk && i < n-1 {
				continue
			}
			// CopyData adds the chunk's last newline itself.
			if _, err := cd.CopyData(ctx, string(buf[:len(buf)-1])); err != nil {
				st.Close()
				return err
			}
			buf = buf[:0]
		}
		// Close ends the COPY and waits for the server's verdict.
		return st.Close()
	})
}

// tsFormatter writes instants as PostgreSQL timestamptz text in UTC
// ("2024-01-01 08:15:00+00"), formatting the date only when it changes: a
// year of 5-minute rows spends most of its COPY time formatting times
// otherwise.
type tsFormatter struct {
	day    int64
	prefix []byte
	buf    []byte
}

func (f *tsFormatter) format(t time.Time) string {
	f.buf = f.append(f.buf[:0], t)
	return string(f.buf)
}

// append appends t's text to b.
func (f *tsFormatter) append(b []byte, t time.Time) []byte {
	t = t.UTC()
	secs := t.Unix()
	day := secs / 86400
	if secs < 0 && secs%86400 != 0 {
		day--
	}
	if f.prefix == nil || day != f.day {
		// The prefix is kept only for years 1 to 9999, so an instant of
		// the prefix's day needs no check.
		if y := t.Year(); y < 1 || y > 9999 {
			f.prefix = nil
			return t.AppendFormat(b, "2006-01-02 15:04:05.999999Z07:00")
		}
		f.prefix = t.AppendFormat(f.prefix[:0], "2006-01-02 ")
		f.day = day
	}
	sod := secs - day*86400
	b = append(b, f.prefix...)
	b = two(b, sod/3600)
	b = append(b, ':')
	b = two(b, sod/60%60)
	b = append(b, ':')
	b = two(b, sod%60)
	if us := t.Nanosecond() / 1000; us != 0 {
		b = append(b, '.')
		b = strconv.AppendInt(b, int64(1000000+us), 10)[:len(b)+7]
		copy(b[len(b)-7:], b[len(b)-6:])
		b = b[:len(b)-1]
	}
	return append(b, "+00"...)
}

func two(b []byte, v int64) []byte { return append(b, byte('0'+v/10), byte('0'+v%10)) }
