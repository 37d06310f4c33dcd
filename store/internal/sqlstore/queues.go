package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
	"unicode"

	"github.com/staffcast/staffcast/app"
)

// MaxName is the longest name (queue, agent id, template, token) in bytes.
const MaxName = 200

func checkName(op, field, name string) error {
	if name == "" {
		return invalid(op, "%s is empty", field)
	}
	if len(name) > MaxName {
		return invalid(op, "%s is longer than %d bytes", field, MaxName)
	}
	for _, r := range name {
		if !unicode.IsPrint(r) {
			return invalid(op, "%s %q has a character that is not printable", field, name)
		}
	}
	return nil
}

func checkQueue(op string, q *app.Queue) error {
	if err := checkName(op, "queue name", q.Name); err != nil {
		return err
	}
	if q.TimeZone == "" {
		q.TimeZone = "UTC"
	}
	// "Local" is the server's zone, not one that means the same anywhere.
	if _, err := time.LoadLocation(q.TimeZone); err != nil || q.TimeZone == "Local" {
		return invalid(op, "time zone %q is not an IANA name", q.TimeZone)
	}
	if q.Interval <= 0 || q.Interval%time.Second != 0 || q.Interval > 24*time.Hour {
		return invalid(op, "interval %v must be a whole number of seconds from 1s to 24h", q.Interval)
	}
	if q.Channel != "" {
		if err := checkName(op, "channel", q.Channel); err != nil {
			return err
		}
	}
	return nil
}

const queueCols = `name, channel, time_zone, interval_seconds, created_at, updated_at`

func scanQueue(sc interface{ Scan(...any) error }) (app.Queue, error) {
	var q app.Queue
	var secs int64
	err := sc.Scan(&q.Name, &q.Channel, &q.TimeZone, &secs, instant{&q.CreatedAt}, instant{&q.UpdatedAt})
	q.Interval = time.Duration(secs) * time.Second
	return q, err
}

// CreateQueue creates a queue; Conflict when the name is taken.
func (s *DB) CreateQueue(ctx context.Context, actor string, q app.Queue) (app.Queue, error) {
	const op = "create queue"
	if err := checkActor(op, actor); err != nil {
		return q, err
	}
	err := s.inTx(ctx, op, func(tx *sql.Tx) error {
		var err error
		q, err = s.createQueue(ctx, tx, actor, q)
		return err
	})
	return q, err
}

func (s *DB) createQueue(ctx context.Context, tx *sql.Tx, actor string, q app.Queue) (app.Queue, error) {
	const op = "create queue"
	if err := checkQueue(op, &q); err != nil {
		return q, err
	}
	q.CreatedAt, q.UpdatedAt = s.clock(), s.clock()
	_, err := tx.ExecContext(ctx, `INSERT INTO queues (`+queueCols+`) VALUES ($1, $2, $3, $4, $5, $6)`,
		q.Name, q.Channel, q.TimeZone, int64(q.Interval/time.Second), s.t(q.CreatedAt), s.t(q.UpdatedAt))
	if err != nil {
		return q, s.nameTaken(op, "queue", q.Name, err)
	}
	return q, s.audit(ctx, tx, actor, "queue.create", "queue/"+q.Name,
		fmt.Sprintf("channel=%q time_zone=%s interval=%v", q.Channel, q.TimeZone, q.Interval))
}

// createQueueIfMissing creates q in tx unless a queue of its name exists,
// and returns the queue's id and whether this call created it. An import
// that loses the race to create a new queue (PostgreSQL: the insert waits
// for the winner's transaction, then does nothing) imports into the queue
// the winner created, if that has q's time zone and interval: Conflict
// otherwise, since the rows were read for those.
func (s *DB) createQueueIfMissing(ctx context.Context, tx *sql.Tx, actor string, q app.Queue) (id int64, created bool, err error) {
	const op = "create queue"
	if err := checkQueue(op, &q); err != nil {
		return 0, false, err
	}
	q.CreatedAt, q.UpdatedAt = s.clock(), s.clock()
	res, err := tx.ExecContext(ctx, `INSERT INTO queues (`+queueCols+`) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (name) DO NOTHING`,
		q.Name, q.Channel, q.TimeZone, int64(q.Interval/time.Second), s.t(q.CreatedAt), s.t(q.UpdatedAt))
	if err != nil {
		return 0, false, err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, false, err
	}
	if n == 1 {
		if err := s.audit(ctx, tx, actor, "queue.create", "queue/"+q.Name,
			fmt.Sprintf("channel=%q time_zone=%s interval=%v", q.Channel, q.TimeZone, q.Interval)); err != nil {
			return 0, false, err
		}
	} else {
		got, err := scanQueue(tx.QueryRowContext(ctx, `SELECT `+queueCols+` FROM queues WHERE name = $1`, q.Name))
		if err != nil {
			return 0, false, err
		}
		if got.TimeZone != q.TimeZone || got.Interval != q.Interval {
			return 0, false, &app.Error{Kind: app.Conflict, Op: op, Message: fmt.Sprintf(
				"queue %q was created meanwhile in time zone %s with %s intervals, not %s with %s; nothing was imported",
				q.Name, got.TimeZone, app.ShortDuration(got.Interval), q.TimeZone, app.ShortDuration(q.Interval))}
		}
	}
	id, err = s.queueID(ctx, tx, op, q.Name)
	return id, n == 1, err
}

// Queue returns the named queue.
func (s *DB) Queue(ctx context.Context, name string) (app.Queue, error) {
	const op = "get queue"
	q, err := scanQueue(s.r.QueryRowContext(ctx, `SELECT `+queueCols+` FROM queues WHERE name = $1`, name))
	if errors.Is(err, sql.ErrNoRows) {
		return q, notFound(op, "queue %q does not exist", name)
	}
	return q, s.fail(op, err)
}

// ListQueues lists queues by name.
func (s *DB) ListQueues(ctx context.Context, p app.Page) ([]app.Queue, string, error) {
	const op = "list queues"
	after, err := nameCursor(op, p.Cursor)
	if err != nil {
		return nil, "", err
	}
	limit := limitOf(p)
	rows, err := s.r.QueryContext(ctx, `SELECT `+queueCols+` FROM queues WHERE name > $1 ORDER BY name LIMIT $2`, after, limit+1)
	if err != nil {
		return nil, "", s.fail(op, err)
	}
	defer rows.Close()
	var qs []app.Queue
	for rows.Next() {
		q, err := scanQueue(rows)
		if err != nil {
			return nil, "", s.fail(op, err)
		}
		qs = append(qs, q)
	}
	if err := rows.Err(); err != nil {
		return nil, "", s.fail(op, err)
	}
	qs, next := page(qs, limit, func(q app.Queue) string { return q.Name })
	return qs, next, nil
}

// UpdateQueue changes a queue's channel, time zone and interval.
func (s *DB) UpdateQueue(ctx context.Context, actor string, q app.Queue) (app.Queue, error) {
	const op = "update queue"
	if err := checkActor(op, actor); err != nil {
		return q, err
	}
	if err := checkQueue(op, &q); err != nil {
		return q, err
	}
	err := s.inTx(ctx, op, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE queues SET channel = $1, time_zone = $2, interval_seconds = $3, updated_at = $4 WHERE name = $5`,
			q.Channel, q.TimeZone, int64(q.Interval/time.Second), s.t(s.clock()), q.Name)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return notFound(op, "queue %q does not exist", q.Name)
		}
		if err := s.audit(ctx, tx, actor, "queue.update", "queue/"+q.Name,
			fmt.Sprintf("channel=%q time_zone=%s interval=%v", q.Channel, q.TimeZone, q.Interval)); err != nil {
			return err
		}
		q, err = scanQueue(tx.QueryRowContext(ctx, `SELECT `+queueCols+` FROM queues WHERE name = $1`, q.Name))
		return err
	})
	return q, err
}

// DeleteQueue deletes a queue and everything of it.
func (s *DB) DeleteQueue(ctx context.Context, actor, name string) error {
	const op = "delete queue"
	if err := checkActor(op, actor); err != nil {
		return err
	}
	return s.inTx(ctx, op, func(tx *sql.Tx) error {
		// history has no foreign key in PostgreSQL (see its migration 2).
		if _, err := tx.ExecContext(ctx, `DELETE FROM history WHERE queue_id IN (SELECT id FROM queues WHERE name = $1)`, name); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM queues WHERE name = $1`, name)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return notFound(op, "queue %q does not exist", name)
		}
		return s.audit(ctx, tx, actor, "queue.delete", "queue/"+name, "")
	})
}

// queueID returns the id of the named queue in q (a tx or a pool).
func (s *DB) queueID(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}, op, name string) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `SELECT id FROM queues WHERE name = $1`, name).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, notFound(op, "queue %q does not exist", name)
	}
	return id, err
}
