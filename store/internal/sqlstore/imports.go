package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/staffcast/staffcast/app"
)

// problems collects the positioned problems of an import, capped at
// app.MaxDetails (the total is still counted).
type problems struct {
	op      string
	details []app.Detail
	total   int // bad rows
	last    int // index of the last bad row + 1
}

func (p *problems) add(line, index int, field, reason string, args ...any) {
	if p.last != index+1 {
		p.total++
		p.last = index + 1
	}
	if len(p.details) >= app.MaxDetails {
		return
	}
	if line == 0 {
		line = index + 1
	}
	p.details = append(p.details, app.Detail{Line: line, Field: field, Reason: fmt.Sprintf(reason, args...)})
}

func (p *problems) err() error {
	if p.total == 0 {
		return nil
	}
	msg := fmt.Sprintf("%d bad rows, nothing imported", p.total)
	if p.total == 1 {
		msg = "1 bad row, nothing imported"
	}
	return &app.Error{Kind: app.Invalid, Op: p.op, Message: msg, Details: p.details}
}

func checkCount(p *problems, line, i int, field string, v float64) {
	if !finite(v) || v < 0 {
		p.add(line, i, field, "must be a finite number >= 0, got %v", v)
	}
}

func checkHistory(op string, rows []app.HistoryInterval) error {
	p := &problems{op: op}
	if len(rows) == 0 {
		return invalid(op, "no rows")
	}
	// Rows in strictly increasing time order (what a history file holds)
	// have distinct starts: the map of the starts seen is needed only
	// otherwise.
	var seen map[int64]int
	for i := 1; i < len(rows); i++ {
		if rows[i].Start.UnixMicro() <= rows[i-1].Start.UnixMicro() {
			seen = make(map[int64]int, len(rows))
			break
		}
	}
	for i, r := range rows {
		if r.Start.IsZero() {
			p.add(r.Line, i, "interval_start", "missing")
			continue
		}
		if y := r.Start.UTC().Year(); y < 1900 || y > 9999 {
			p.add(r.Line, i, "interval_start", "year %d is out of range (1900 to 9999)", y)
			continue
		}
		if seen != nil {
			k := r.Start.UnixMicro()
			if prev, dup := seen[k]; dup {
				p.add(r.Line, i, "interval_start", "interval %s twice (first on line %d)", r.Start.UTC().Format(time.RFC3339), prev)
			} else {
				l := r.Line
				if l == 0 {
					l = i + 1
				}
				seen[k] = l
			}
		}
		checkCount(p, r.Line, i, "offered", r.Offered)
		checkCount(p, r.Line, i, "handled", r.Handled)
		if r.Abandoned != nil {
			checkCount(p, r.Line, i, "abandoned", *r.Abandoned)
		}
		if r.AHTSeconds != nil {
			checkCount(p, r.Line, i, "aht_seconds", *r.AHTSeconds)
		}
	}
	return p.err()
}

// ImportHistory upserts one queue's intervals atomically.
func (s *DB) ImportHistory(ctx context.Context, actor, queue string, rows []app.HistoryInterval, create *app.Queue) (app.ImportResult, error) {
	const op = "import history"
	var res app.ImportResult
	if err := checkActor(op, actor); err != nil {
		return res, err
	}
	if create != nil && create.Name != queue {
		return res, invalid(op, "queue to create %q is not the queue imported %q", create.Name, queue)
	}
	if err := checkHistory(op, rows); err != nil {
		return res, err
	}
	err := s.inConnTx(ctx, op, func(conn *sql.Conn, tx *sql.Tx) error {
		res = app.ImportResult{}
		id, err := s.queueID(ctx, tx, op, queue)
		if app.KindOf(err) == app.NotFound && create != nil {
			id, res.QueueCreated, err = s.createQueueIfMissing(ctx, tx, actor, *create)
		}
		if err != nil {
			return err
		}
		res.Inserted, res.Replaced, err = s.d.UpsertHistory(ctx, conn, tx, id, rows, s.t)
		if err != nil {
			return err
		}
		first, last := rows[0].Start, rows[0].Start
		for _, r := range rows[1:] {
			if r.Start.Before(first) {
				first = r.Start
			}
			if r.Start.After(last) {
				last = r.Start
			}
		}
		return s.audit(ctx, tx, actor, "history.import", "queue/"+queue,
			fmt.Sprintf("rows=%d inserted=%d replaced=%d from=%s to=%s", len(rows), res.Inserted, res.Replaced,
				first.UTC().Format(time.RFC3339), last.UTC().Format(time.RFC3339)))
	})
	if err != nil {
		return app.ImportResult{}, err
	}
	return res, nil
}

// UpsertHistoryRows is the row-at-a-time history upsert (SQLite's, whose
// prepared statements in one transaction are fast): insert, and on a
// conflict update the existing interval.
func UpsertHistoryRows(ctx context.Context, _ *sql.Conn, tx *sql.Tx, queueID int64, rows []app.HistoryInterval, enc func(time.Time) any) (inserted, replaced int, err error) {
	ins, err := tx.PrepareContext(ctx, `INSERT INTO history (queue_id, interval_start, offered, handled, abandoned, aht_seconds)
		VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (queue_id, interval_start) DO NOTHING`)
	if err != nil {
		return 0, 0, err
	}
	defer ins.Close()
	upd, err := tx.PrepareContext(ctx, `UPDATE history SET offered = $3, handled = $4, abandoned = $5, aht_seconds = $6
		WHERE queue_id = $1 AND interval_start = $2`)
	if err != nil {
		return 0, 0, err
	}
	defer upd.Close()
	for _, r := range rows {
		args := []any{queueID, enc(r.Start), r.Offered, r.Handled, nf(r.Abandoned), nf(r.AHTSeconds)}
		res, err := ins.ExecContext(ctx, args...)
		if err != nil {
			return 0, 0, err
		}
		if n, err := res.RowsAffected(); err != nil {
			return 0, 0, err
		} else if n == 1 {
			inserted++
			continue
		}
		if _, err := upd.ExecContext(ctx, args...); err != nil {
			return 0, 0, err
		}
		replaced++
	}
	return inserted, replaced, nil
}

// History returns a queue's intervals in [from, to) by time.
func (s *DB) History(ctx context.Context, queue string, from, to time.Time) ([]app.HistoryInterval, error) {
	const op = "read history"
	id, err := s.queueID(ctx, s.r, op, queue)
	if err != nil {
		return nil, s.fail(op, err)
	}
	q := `SELECT interval_start, offered, handled, abandoned, aht_seconds FROM history WHERE queue_id = $1`
	args := []any{id}
	if !from.IsZero() {
		args = append(args, s.t(from))
		q += fmt.Sprintf(" AND interval_start >= $%d", len(args))
	}
	if !to.IsZero() {
		args = append(args, s.t(to))
		q += fmt.Sprintf(" AND interval_start < $%d", len(args))
	}
	q += " ORDER BY interval_start"
	rows, err := s.r.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, s.fail(op, err)
	}
	defer rows.Close()
	out := make([]app.HistoryInterval, 0, 1024)
	for rows.Next() {
		var h app.HistoryInterval
		if err := rows.Scan(instant{&h.Start}, &h.Offered, &h.Handled, nullFloat{&h.Abandoned}, nullFloat{&h.AHTSeconds}); err != nil {
			return nil, s.fail(op, err)
		}
		out = append(out, h)
	}
	if err := rows.Err(); err != nil {
		return nil, s.fail(op, err)
	}
	return out, nil
}

// HistorySummary counts a queue's intervals.
func (s *DB) HistorySummary(ctx context.Context, queue string) (app.HistorySummary, error) {
	const op = "summarise history"
	var sum app.HistorySummary
	id, err := s.queueID(ctx, s.r, op, queue)
	if err != nil {
		return sum, s.fail(op, err)
	}
	var first, last *time.Time
	err = s.r.QueryRowContext(ctx, `SELECT count(*), min(interval_start), max(interval_start) FROM history WHERE queue_id = $1`, id).
		Scan(&sum.Intervals, nullInstant{&first}, nullInstant{&last})
	if first != nil {
		sum.First, sum.Last = *first, *last
	}
	return sum, s.fail(op, err)
}

// --- calendar

var calendarKinds = []string{"closed", "holiday", "event"}

func checkCalendar(op string, days []app.CalendarDay) error {
	if len(days) == 0 {
		return invalid(op, "no rows")
	}
	p := &problems{op: op}
	seen := map[[2]string]bool{}
	for i, d := range days {
		if _, err := time.Parse(time.DateOnly, d.Date); err != nil {
			p.add(d.Line, i, "date", "not a date (want YYYY-MM-DD): %q", d.Date)
		}
		if d.Queue != "" {
			if err := checkName(op, "queue", d.Queue); err != nil {
				p.add(d.Line, i, "queue", "%s", err.(*app.Error).Message)
			}
		}
		if !slices.Contains(calendarKinds, d.Kind) {
			p.add(d.Line, i, "kind", "unknown kind %q (want closed, holiday or event)", d.Kind)
		}
		if d.Factor != nil && (!finite(*d.Factor) || *d.Factor < 0) {
			p.add(d.Line, i, "factor", "must be a finite number >= 0, got %v", *d.Factor)
		}
		if len(d.Name) > MaxName {
			p.add(d.Line, i, "name", "longer than %d bytes", MaxName)
		}
		k := [2]string{d.Date, d.Queue}
		if seen[k] {
			p.add(d.Line, i, "date", "date %s of queue %q twice", d.Date, d.Queue)
		}
		seen[k] = true
	}
	return p.err()
}

// ImportCalendar upserts special days atomically.
func (s *DB) ImportCalendar(ctx context.Context, actor string, days []app.CalendarDay) (app.ImportResult, error) {
	return s.importCalendar(ctx, "import calendar", actor, days, false)
}

// ReplaceCalendar makes days the whole calendar atomically: days that
// exist are replaced, others inserted, and the stored days (of any queue)
// not among them deleted.
func (s *DB) ReplaceCalendar(ctx context.Context, actor string, days []app.CalendarDay) (app.ImportResult, error) {
	return s.importCalendar(ctx, "replace calendar", actor, days, true)
}

func (s *DB) importCalendar(ctx context.Context, op, actor string, days []app.CalendarDay, replace bool) (app.ImportResult, error) {
	var res app.ImportResult
	if err := checkActor(op, actor); err != nil {
		return res, err
	}
	if err := checkCalendar(op, days); err != nil {
		return res, err
	}
	err := s.inTx(ctx, op, func(tx *sql.Tx) error {
		res = app.ImportResult{}
		now := s.t(s.clock())
		exists, err := tx.PrepareContext(ctx, `SELECT count(*) FROM calendar_days WHERE day = $1 AND queue = $2`)
		if err != nil {
			return err
		}
		defer exists.Close()
		up, err := tx.PrepareContext(ctx, `INSERT INTO calendar_days (day, queue, kind, factor, name, updated_at) VALUES ($1, $2, $3, $4, $5, $6)
			ON CONFLICT (day, queue) DO UPDATE SET kind = excluded.kind, factor = excluded.factor, name = excluded.name, updated_at = excluded.updated_at`)
		if err != nil {
			return err
		}
		defer up.Close()
		for _, d := range days {
			var n int
			if err := exists.QueryRowContext(ctx, d.Date, d.Queue).Scan(&n); err != nil {
				return err
			}
			if _, err := up.ExecContext(ctx, d.Date, d.Queue, d.Kind, nf(d.Factor), d.Name, now); err != nil {
				return err
			}
			if n > 0 {
				res.Replaced++
			} else {
				res.Inserted++
			}
		}
		if !replace {
			return s.audit(ctx, tx, actor, "calendar.import", "calendar",
				fmt.Sprintf("rows=%d inserted=%d replaced=%d", len(days), res.Inserted, res.Replaced))
		}
		keep := make(map[[2]string]bool, len(days))
		for _, d := range days {
			keep[[2]string{d.Date, d.Queue}] = true
		}
		rows, err := tx.QueryContext(ctx, `SELECT day, queue FROM calendar_days`)
		if err != nil {
			return err
		}
		var gone [][2]string
		for rows.Next() {
			var k [2]string
			if err := rows.Scan(date{&k[0]}, &k[1]); err != nil {
				rows.Close()
				return err
			}
			if !keep[k] {
				gone = append(gone, k)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, k := range gone {
			if _, err := tx.ExecContext(ctx, `DELETE FROM calendar_days WHERE day = $1 AND queue = $2`, k[0], k[1]); err != nil {
				return err
			}
		}
		res.Deleted = len(gone)
		return s.audit(ctx, tx, actor, "calendar.replace", "calendar",
			fmt.Sprintf("rows=%d inserted=%d replaced=%d deleted=%d", len(days), res.Inserted, res.Replaced, res.Deleted))
	})
	if err != nil {
		return app.ImportResult{}, err
	}
	return res, nil
}

// Calendar returns the days of a queue and of all queues.
func (s *DB) Calendar(ctx context.Context, queue string) ([]app.CalendarDay, error) {
	const op = "read calendar"
	rows, err := s.r.QueryContext(ctx, `SELECT day, queue, kind, factor, name FROM calendar_days
		WHERE $1 = '' OR queue = '' OR queue = $1 ORDER BY day, queue`, queue)
	if err != nil {
		return nil, s.fail(op, err)
	}
	defer rows.Close()
	var out []app.CalendarDay
	for rows.Next() {
		var d app.CalendarDay
		if err := rows.Scan(date{&d.Date}, &d.Queue, &d.Kind, nullFloat{&d.Factor}, &d.Name); err != nil {
			return nil, s.fail(op, err)
		}
		out = append(out, d)
	}
	return out, s.fail(op, rows.Err())
}

// DeleteCalendarDay deletes one special day.
func (s *DB) DeleteCalendarDay(ctx context.Context, actor, day, queue string) error {
	const op = "delete calendar day"
	if err := checkActor(op, actor); err != nil {
		return err
	}
	if _, err := time.Parse(time.DateOnly, day); err != nil {
		return invalid(op, "not a date (want YYYY-MM-DD): %q", day)
	}
	return s.inTx(ctx, op, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM calendar_days WHERE day = $1 AND queue = $2`, day, queue)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return notFound(op, "no special day %s for queue %q", day, queue)
		}
		return s.audit(ctx, tx, actor, "calendar.delete", "calendar/"+day, fmt.Sprintf("queue=%q", queue))
	})
}

// --- agents

func checkAgents(op string, agents []app.Agent) error {
	if len(agents) == 0 {
		return invalid(op, "no rows")
	}
	p := &problems{op: op}
	seen := map[string]bool{}
	for i, a := range agents {
		if err := checkName(op, "agent_id", a.ID); err != nil {
			p.add(a.Line, i, "agent_id", "%s", err.(*app.Error).Message)
		}
		if seen[a.ID] {
			p.add(a.Line, i, "agent_id", "agent id %q twice", a.ID)
		}
		seen[a.ID] = true
		for _, h := range []struct {
			f string
			v float64
		}{{"min_hours_week", a.MinHoursWeek}, {"max_hours_week", a.MaxHoursWeek}} {
			if !finite(h.v) || h.v < 0 || h.v > 168 {
				p.add(a.Line, i, h.f, "must be a number of hours from 0 to 168, got %v", h.v)
			}
		}
		if a.MaxHoursWeek > 0 && a.MinHoursWeek > a.MaxHoursWeek {
			p.add(a.Line, i, "min_hours_week", "minimum %v above the maximum %v", a.MinHoursWeek, a.MaxHoursWeek)
		}
		if a.MaxDaysWeek < 0 || a.MaxDaysWeek > 7 {
			p.add(a.Line, i, "max_days_week", "must be 0 (no cap) to 7, got %d", a.MaxDaysWeek)
		}
		for _, sk := range a.Skills {
			if sk == "" || strings.ContainsAny(sk, ";") {
				p.add(a.Line, i, "skills", "skill %q is empty or contains ';'", sk)
			}
		}
		if len(a.Name) > MaxName {
			p.add(a.Line, i, "name", "longer than %d bytes", MaxName)
		}
	}
	return p.err()
}

const agentCols = `agent_id, name, skills, min_hours_week, max_hours_week, max_days_week, availability, preferred_days_off, updated_at`

// ImportAgents replaces the agent list atomically.
func (s *DB) ImportAgents(ctx context.Context, actor string, agents []app.Agent) (app.ImportResult, error) {
	const op = "import agents"
	var res app.ImportResult
	if err := checkActor(op, actor); err != nil {
		return res, err
	}
	if err := checkAgents(op, agents); err != nil {
		return res, err
	}
	err := s.inTx(ctx, op, func(tx *sql.Tx) error {
		res = app.ImportResult{}
		existing := map[string]bool{}
		rows, err := tx.QueryContext(ctx, `SELECT agent_id FROM agents`)
		if err != nil {
			return err
		}
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			existing[id] = true
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		now := s.t(s.clock())
		up, err := tx.PrepareContext(ctx, `INSERT INTO agents (`+agentCols+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
			ON CONFLICT (agent_id) DO UPDATE SET name = excluded.name, skills = excluded.skills, min_hours_week = excluded.min_hours_week,
			max_hours_week = excluded.max_hours_week, max_days_week = excluded.max_days_week, availability = excluded.availability,
			preferred_days_off = excluded.preferred_days_off, updated_at = excluded.updated_at`)
		if err != nil {
			return err
		}
		defer up.Close()
		for _, a := range agents {
			if _, err := up.ExecContext(ctx, a.ID, a.Name, strings.Join(a.Skills, ";"), a.MinHoursWeek, a.MaxHoursWeek,
				a.MaxDaysWeek, a.Availability, a.PreferredDaysOff, now); err != nil {
				return err
			}
			if existing[a.ID] {
				res.Replaced++
				delete(existing, a.ID)
			} else {
				res.Inserted++
			}
		}
		for id := range existing {
			if _, err := tx.ExecContext(ctx, `DELETE FROM agents WHERE agent_id = $1`, id); err != nil {
				return err
			}
			res.Deleted++
		}
		return s.audit(ctx, tx, actor, "agents.import", "agents",
			fmt.Sprintf("rows=%d inserted=%d replaced=%d deleted=%d", len(agents), res.Inserted, res.Replaced, res.Deleted))
	})
	if err != nil {
		return app.ImportResult{}, err
	}
	return res, nil
}

func scanAgent(sc interface{ Scan(...any) error }) (app.Agent, error) {
	var a app.Agent
	var skills string
	err := sc.Scan(&a.ID, &a.Name, &skills, &a.MinHoursWeek, &a.MaxHoursWeek, &a.MaxDaysWeek, &a.Availability, &a.PreferredDaysOff, instant{&a.UpdatedAt})
	if skills != "" {
		a.Skills = strings.Split(skills, ";")
	}
	return a, err
}

// Agent returns one agent.
func (s *DB) Agent(ctx context.Context, id string) (app.Agent, error) {
	const op = "get agent"
	a, err := scanAgent(s.r.QueryRowContext(ctx, `SELECT `+agentCols+` FROM agents WHERE agent_id = $1`, id))
	if err == sql.ErrNoRows {
		return a, notFound(op, "agent %q does not exist", id)
	}
	return a, s.fail(op, err)
}

// ListAgents lists agents by id.
func (s *DB) ListAgents(ctx context.Context, p app.Page) ([]app.Agent, string, error) {
	const op = "list agents"
	after, err := nameCursor(op, p.Cursor)
	if err != nil {
		return nil, "", err
	}
	limit := limitOf(p)
	rows, err := s.r.QueryContext(ctx, `SELECT `+agentCols+` FROM agents WHERE agent_id > $1 ORDER BY agent_id LIMIT $2`, after, limit+1)
	if err != nil {
		return nil, "", s.fail(op, err)
	}
	defer rows.Close()
	var out []app.Agent
	for rows.Next() {
		a, err := scanAgent(rows)
		if err != nil {
			return nil, "", s.fail(op, err)
		}
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, "", s.fail(op, err)
	}
	out, next := page(out, limit, func(a app.Agent) string { return a.ID })
	return out, next, nil
}
