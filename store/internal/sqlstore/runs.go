package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/staffcast/staffcast/app"
)

// listByID runs an id-descending keyset query: where is a condition on
// the aliased table t with $1 (queue name or "") and $2 (cursor id, 0 for
// none) and $3 the limit+1.
func listByID[T any](ctx context.Context, s *DB, op, query, queue string, p app.Page, scan func(sc interface{ Scan(...any) error }) (T, error), id func(T) int64) ([]T, string, error) {
	before, err := idCursor(op, p.Cursor)
	if err != nil {
		return nil, "", err
	}
	limit := limitOf(p)
	if before == 0 {
		before = math.MaxInt64
	}
	rows, err := s.r.QueryContext(ctx, query, queue, before, limit+1)
	if err != nil {
		return nil, "", s.fail(op, err)
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, "", s.fail(op, err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, "", s.fail(op, err)
	}
	out, next := page(out, limit, func(v T) string { return idKey(id(v)) })
	return out, next, nil
}

// deleteByID deletes row id of table and audits it.
func (s *DB) deleteByID(ctx context.Context, op, actor, table, what string, id int64) error {
	if err := checkActor(op, actor); err != nil {
		return err
	}
	return s.inTx(ctx, op, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM `+table+` WHERE id = $1`, id)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return notFound(op, "%s %d does not exist", what, id)
		}
		return s.audit(ctx, tx, actor, what+".delete", fmt.Sprintf("%s/%d", what, id), "")
	})
}

// --- forecasts

const forecastCols = `f.id, q.name, f.start_at, f.horizon_seconds, f.interval_seconds, f.method, f.params, f.created_at, f.created_by`

func scanForecast(sc interface{ Scan(...any) error }) (app.ForecastRun, error) {
	var f app.ForecastRun
	var h, iv int64
	err := sc.Scan(&f.ID, &f.Queue, instant{&f.Start}, &h, &iv, &f.Method, jsonDoc{&f.Params}, instant{&f.CreatedAt}, &f.CreatedBy)
	f.Horizon, f.Interval = time.Duration(h)*time.Second, time.Duration(iv)*time.Second
	return f, err
}

// CreateForecast stores a run and its rows.
func (s *DB) CreateForecast(ctx context.Context, actor string, f app.ForecastRun) (app.ForecastRun, error) {
	const op = "store forecast"
	if err := checkActor(op, actor); err != nil {
		return f, err
	}
	if f.Start.IsZero() || f.Horizon <= 0 || f.Interval <= 0 || f.Horizon%time.Second != 0 || f.Interval%time.Second != 0 {
		return f, invalid(op, "start, a horizon and an interval of whole seconds are required")
	}
	if f.Method == "" {
		return f, invalid(op, "method is empty")
	}
	params, err := jsonParam(op, "params", f.Params)
	if err != nil {
		return f, err
	}
	for i, r := range f.Rows {
		for _, v := range []float64{r.Volume, r.Lower80, r.Upper80, r.Lower95, r.Upper95} {
			if !finite(v) {
				return f, invalid(op, "row %d has a value that is not finite", i+1)
			}
		}
		if r.Start.IsZero() {
			return f, invalid(op, "row %d has no start", i+1)
		}
		if r.AHTSeconds != nil && !finite(*r.AHTSeconds) {
			return f, invalid(op, "row %d has an aht_seconds that is not finite", i+1)
		}
	}
	f.CreatedAt, f.CreatedBy, f.Start = s.clock(), actor, utc(f.Start)
	err = s.inTx(ctx, op, func(tx *sql.Tx) error {
		qid, err := s.queueID(ctx, tx, op, f.Queue)
		if err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO forecasts (queue_id, start_at, horizon_seconds, interval_seconds, method, params, created_at, created_by)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
			qid, s.t(f.Start), int64(f.Horizon/time.Second), int64(f.Interval/time.Second), f.Method, params, s.t(f.CreatedAt), actor).Scan(&f.ID); err != nil {
			return err
		}
		err = s.d.CopyRows(ctx, tx, "forecast_rows",
			[]string{"forecast_id", "interval_start", "volume", "lower80", "upper80", "lower95", "upper95", "aht_seconds", "method"},
			len(f.Rows), func(i int) []any {
				r := f.Rows[i]
				return []any{f.ID, s.t(r.Start), r.Volume, r.Lower80, r.Upper80, r.Lower95, r.Upper95, nf(r.AHTSeconds), r.Method}
			})
		if err != nil {
			return err
		}
		return s.audit(ctx, tx, actor, "forecast.create", fmt.Sprintf("forecast/%d", f.ID),
			fmt.Sprintf("queue=%q method=%s start=%s horizon=%v interval=%v rows=%d", f.Queue, f.Method, f.Start.Format(time.RFC3339), f.Horizon, f.Interval, len(f.Rows)))
	})
	if err != nil {
		return app.ForecastRun{}, err
	}
	for i := range f.Rows {
		f.Rows[i].Start = utc(f.Rows[i].Start)
	}
	return f, nil
}

// Forecast returns a run with its rows.
func (s *DB) Forecast(ctx context.Context, id int64) (app.ForecastRun, error) {
	const op = "get forecast"
	f, err := scanForecast(s.r.QueryRowContext(ctx, `SELECT `+forecastCols+` FROM forecasts f JOIN queues q ON q.id = f.queue_id WHERE f.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return f, notFound(op, "forecast %d does not exist", id)
	}
	if err != nil {
		return f, s.fail(op, err)
	}
	rows, err := s.r.QueryContext(ctx, `SELECT interval_start, volume, lower80, upper80, lower95, upper95, aht_seconds, method
		FROM forecast_rows WHERE forecast_id = $1 ORDER BY interval_start`, id)
	if err != nil {
		return f, s.fail(op, err)
	}
	defer rows.Close()
	f.Rows = []app.ForecastRow{}
	for rows.Next() {
		var r app.ForecastRow
		if err := rows.Scan(instant{&r.Start}, &r.Volume, &r.Lower80, &r.Upper80, &r.Lower95, &r.Upper95, nullFloat{&r.AHTSeconds}, &r.Method); err != nil {
			return f, s.fail(op, err)
		}
		f.Rows = append(f.Rows, r)
	}
	return f, s.fail(op, rows.Err())
}

// ListForecasts lists runs newest first.
func (s *DB) ListForecasts(ctx context.Context, queue string, p app.Page) ([]app.ForecastRun, string, error) {
	return listByID(ctx, s, "list forecasts", `SELECT `+forecastCols+` FROM forecasts f JOIN queues q ON q.id = f.queue_id
		WHERE ($1 = '' OR q.name = $1) AND f.id < $2 ORDER BY f.id DESC LIMIT $3`, queue, p, scanForecast,
		func(f app.ForecastRun) int64 { return f.ID })
}

// DeleteForecast deletes a run; staffing results made from it keep a nil
// ForecastID.
func (s *DB) DeleteForecast(ctx context.Context, actor string, id int64) error {
	return s.deleteByID(ctx, "delete forecast", actor, "forecasts", "forecast", id)
}

// --- staffing

const staffingCols = `t.id, q.name, t.forecast_id, t.params, t.created_at, t.created_by`

func scanStaffing(sc interface{ Scan(...any) error }) (app.StaffingResult, error) {
	var r app.StaffingResult
	var fid sql.NullInt64
	err := sc.Scan(&r.ID, &r.Queue, &fid, jsonDoc{&r.Params}, instant{&r.CreatedAt}, &r.CreatedBy)
	if fid.Valid {
		r.ForecastID = &fid.Int64
	}
	return r, err
}

// CreateStaffing stores a staffing result and its rows.
func (s *DB) CreateStaffing(ctx context.Context, actor string, st app.StaffingResult) (app.StaffingResult, error) {
	const op = "store staffing"
	if err := checkActor(op, actor); err != nil {
		return st, err
	}
	params, err := jsonParam(op, "params", st.Params)
	if err != nil {
		return st, err
	}
	for i, r := range st.Rows {
		if r.Start.IsZero() {
			return st, invalid(op, "row %d has no start", i+1)
		}
		for _, v := range []float64{r.Volume, r.AHTSeconds, r.ServiceLevel, r.Occupancy, r.PAbandon} {
			if !finite(v) {
				return st, invalid(op, "row %d has a value that is not finite", i+1)
			}
		}
		if math.IsNaN(r.ASASeconds) || math.IsInf(r.ASASeconds, -1) {
			return st, invalid(op, "row %d has an ASA that is not a number", i+1)
		}
	}
	st.CreatedAt, st.CreatedBy = s.clock(), actor
	err = s.inTx(ctx, op, func(tx *sql.Tx) error {
		qid, err := s.queueID(ctx, tx, op, st.Queue)
		if err != nil {
			return err
		}
		var fid any
		if st.ForecastID != nil {
			fid = *st.ForecastID
		}
		err = tx.QueryRowContext(ctx, `INSERT INTO staffing (queue_id, forecast_id, params, created_at, created_by) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
			qid, fid, params, s.t(st.CreatedAt), actor).Scan(&st.ID)
		if err != nil {
			if s.d.IsForeignKey(err) {
				return notFound(op, "forecast %d does not exist", *st.ForecastID)
			}
			return err
		}
		err = s.d.CopyRows(ctx, tx, "staffing_rows",
			[]string{"staffing_id", "interval_start", "volume", "aht_seconds", "agents", "scheduled_agents", "service_level", "asa_seconds", "occupancy", "p_abandon"},
			len(st.Rows), func(i int) []any {
				r := st.Rows[i]
				var asa any = r.ASASeconds
				if math.IsInf(r.ASASeconds, 1) {
					asa = nil
				}
				return []any{st.ID, s.t(r.Start), r.Volume, r.AHTSeconds, int64(r.Agents), int64(r.ScheduledAgents), r.ServiceLevel, asa, r.Occupancy, r.PAbandon}
			})
		if err != nil {
			return err
		}
		return s.audit(ctx, tx, actor, "staffing.create", fmt.Sprintf("staffing/%d", st.ID), fmt.Sprintf("queue=%q rows=%d", st.Queue, len(st.Rows)))
	})
	if err != nil {
		return app.StaffingResult{}, err
	}
	for i := range st.Rows {
		st.Rows[i].Start = utc(st.Rows[i].Start)
	}
	return st, nil
}

// Staffing returns a staffing result with its rows.
func (s *DB) Staffing(ctx context.Context, id int64) (app.StaffingResult, error) {
	const op = "get staffing"
	st, err := scanStaffing(s.r.QueryRowContext(ctx, `SELECT `+staffingCols+` FROM staffing t JOIN queues q ON q.id = t.queue_id WHERE t.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return st, notFound(op, "staffing %d does not exist", id)
	}
	if err != nil {
		return st, s.fail(op, err)
	}
	rows, err := s.r.QueryContext(ctx, `SELECT interval_start, volume, aht_seconds, agents, scheduled_agents, service_level, asa_seconds, occupancy, p_abandon
		FROM staffing_rows WHERE staffing_id = $1 ORDER BY interval_start`, id)
	if err != nil {
		return st, s.fail(op, err)
	}
	defer rows.Close()
	st.Rows = []app.StaffingRow{}
	for rows.Next() {
		var r app.StaffingRow
		var asa sql.NullFloat64
		if err := rows.Scan(instant{&r.Start}, &r.Volume, &r.AHTSeconds, &r.Agents, &r.ScheduledAgents, &r.ServiceLevel, &asa, &r.Occupancy, &r.PAbandon); err != nil {
			return st, s.fail(op, err)
		}
		r.ASASeconds = math.Inf(1)
		if asa.Valid {
			r.ASASeconds = asa.Float64
		}
		st.Rows = append(st.Rows, r)
	}
	return st, s.fail(op, rows.Err())
}

// ListStaffing lists staffing results newest first.
func (s *DB) ListStaffing(ctx context.Context, queue string, p app.Page) ([]app.StaffingResult, string, error) {
	return listByID(ctx, s, "list staffing", `SELECT `+staffingCols+` FROM staffing t JOIN queues q ON q.id = t.queue_id
		WHERE ($1 = '' OR q.name = $1) AND t.id < $2 ORDER BY t.id DESC LIMIT $3`, queue, p, scanStaffing,
		func(r app.StaffingResult) int64 { return r.ID })
}

// --- shift templates

func scanTemplate(sc interface{ Scan(...any) error }) (app.ShiftTemplate, error) {
	var t app.ShiftTemplate
	err := sc.Scan(&t.Name, jsonDoc{&t.Document}, instant{&t.CreatedAt}, instant{&t.UpdatedAt})
	return t, err
}

// PutShiftTemplate creates or replaces a template.
func (s *DB) PutShiftTemplate(ctx context.Context, actor string, t app.ShiftTemplate) (app.ShiftTemplate, error) {
	const op = "store shift template"
	if err := checkActor(op, actor); err != nil {
		return t, err
	}
	if err := checkName(op, "template name", t.Name); err != nil {
		return t, err
	}
	if t.Document == nil {
		return t, invalid(op, "document is empty")
	}
	doc, err := jsonParam(op, "document", t.Document)
	if err != nil {
		return t, err
	}
	now := s.clock()
	err = s.inTx(ctx, op, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO shift_templates (name, document, created_at, updated_at) VALUES ($1, $2, $3, $3)
			ON CONFLICT (name) DO UPDATE SET document = excluded.document, updated_at = excluded.updated_at`, t.Name, doc, s.t(now)); err != nil {
			return err
		}
		if err := s.audit(ctx, tx, actor, "shift_template.put", "shift_template/"+t.Name, fmt.Sprintf("bytes=%d", len(t.Document))); err != nil {
			return err
		}
		t, err = scanTemplate(tx.QueryRowContext(ctx, `SELECT name, document, created_at, updated_at FROM shift_templates WHERE name = $1`, t.Name))
		return err
	})
	return t, err
}

// ShiftTemplate returns a template.
func (s *DB) ShiftTemplate(ctx context.Context, name string) (app.ShiftTemplate, error) {
	const op = "get shift template"
	t, err := scanTemplate(s.r.QueryRowContext(ctx, `SELECT name, document, created_at, updated_at FROM shift_templates WHERE name = $1`, name))
	if errors.Is(err, sql.ErrNoRows) {
		return t, notFound(op, "shift template %q does not exist", name)
	}
	return t, s.fail(op, err)
}

// ListShiftTemplates lists templates by name.
func (s *DB) ListShiftTemplates(ctx context.Context, p app.Page) ([]app.ShiftTemplate, string, error) {
	const op = "list shift templates"
	after, err := nameCursor(op, p.Cursor)
	if err != nil {
		return nil, "", err
	}
	limit := limitOf(p)
	rows, err := s.r.QueryContext(ctx, `SELECT name, document, created_at, updated_at FROM shift_templates WHERE name > $1 ORDER BY name LIMIT $2`, after, limit+1)
	if err != nil {
		return nil, "", s.fail(op, err)
	}
	defer rows.Close()
	var out []app.ShiftTemplate
	for rows.Next() {
		t, err := scanTemplate(rows)
		if err != nil {
			return nil, "", s.fail(op, err)
		}
		out = append(out, t)
	}
	if err := rows.Err(); err != nil {
		return nil, "", s.fail(op, err)
	}
	out, next := page(out, limit, func(t app.ShiftTemplate) string { return t.Name })
	return out, next, nil
}

// DeleteShiftTemplate deletes a template.
func (s *DB) DeleteShiftTemplate(ctx context.Context, actor, name string) error {
	const op = "delete shift template"
	if err := checkActor(op, actor); err != nil {
		return err
	}
	return s.inTx(ctx, op, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM shift_templates WHERE name = $1`, name)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return notFound(op, "shift template %q does not exist", name)
		}
		return s.audit(ctx, tx, actor, "shift_template.delete", "shift_template/"+name, "")
	})
}

// --- schedules

func scanSchedule(sc interface{ Scan(...any) error }) (app.Schedule, error) {
	var sc2 app.Schedule
	err := sc.Scan(&sc2.ID, &sc2.Queue, jsonDoc{&sc2.Params}, instant{&sc2.CreatedAt}, &sc2.CreatedBy)
	return sc2, err
}

// CreateSchedule stores a schedule and, when r is not nil, its roster in
// the same transaction: both are stored or neither.
func (s *DB) CreateSchedule(ctx context.Context, actor string, sch app.Schedule, r *app.Roster) (app.Schedule, *app.Roster, error) {
	const op = "store schedule"
	if err := checkActor(op, actor); err != nil {
		return sch, nil, err
	}
	params, err := jsonParam(op, "params", sch.Params)
	if err != nil {
		return sch, nil, err
	}
	plan, err := jsonParam(op, "plan", sch.Plan)
	if err != nil {
		return sch, nil, err
	}
	var ros app.Roster
	var breaks []any
	if r != nil {
		ros = *r
		ros.Queue, ros.ScheduleID = sch.Queue, nil
		if breaks, err = checkRoster("store roster", ros); err != nil {
			return sch, nil, err
		}
	}
	sch.CreatedAt, sch.CreatedBy = s.clock(), actor
	err = s.inTx(ctx, op, func(tx *sql.Tx) error {
		qid, err := s.queueID(ctx, tx, op, sch.Queue)
		if err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO schedules (queue_id, params, plan, created_at, created_by) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
			qid, params, plan, s.t(sch.CreatedAt), actor).Scan(&sch.ID); err != nil {
			return err
		}
		if err := s.audit(ctx, tx, actor, "schedule.create", fmt.Sprintf("schedule/%d", sch.ID), fmt.Sprintf("queue=%q", sch.Queue)); err != nil {
			return err
		}
		if r == nil {
			return nil
		}
		ros.ScheduleID = &sch.ID
		if ros.Name == "" {
			ros.Name = fmt.Sprintf("schedule %d", sch.ID)
		}
		return s.insertRoster(ctx, tx, op, actor, &ros, breaks)
	})
	if err != nil {
		return app.Schedule{}, nil, err
	}
	if r == nil {
		return sch, nil, nil
	}
	return sch, &ros, nil
}

// Schedule returns a schedule with its plan.
func (s *DB) Schedule(ctx context.Context, id int64) (app.Schedule, error) {
	const op = "get schedule"
	var sch app.Schedule
	err := s.r.QueryRowContext(ctx, `SELECT t.id, q.name, t.params, t.plan, t.created_at, t.created_by FROM schedules t JOIN queues q ON q.id = t.queue_id WHERE t.id = $1`, id).
		Scan(&sch.ID, &sch.Queue, jsonDoc{&sch.Params}, jsonDoc{&sch.Plan}, instant{&sch.CreatedAt}, &sch.CreatedBy)
	if errors.Is(err, sql.ErrNoRows) {
		return sch, notFound(op, "schedule %d does not exist", id)
	}
	return sch, s.fail(op, err)
}

// ListSchedules lists schedules newest first, without plans.
func (s *DB) ListSchedules(ctx context.Context, queue string, p app.Page) ([]app.Schedule, string, error) {
	return listByID(ctx, s, "list schedules", `SELECT t.id, q.name, t.params, t.created_at, t.created_by FROM schedules t JOIN queues q ON q.id = t.queue_id
		WHERE ($1 = '' OR q.name = $1) AND t.id < $2 ORDER BY t.id DESC LIMIT $3`, queue, p, scanSchedule,
		func(v app.Schedule) int64 { return v.ID })
}

// --- rosters

func scanRoster(sc interface{ Scan(...any) error }) (app.Roster, error) {
	var r app.Roster
	var q sql.NullString
	var sid sql.NullInt64
	err := sc.Scan(&r.ID, &q, &sid, &r.Name, instant{&r.CreatedAt}, &r.CreatedBy)
	r.Queue = q.String
	if sid.Valid {
		r.ScheduleID = &sid.Int64
	}
	return r, err
}

const rosterSelect = `SELECT r.id, q.name, r.schedule_id, r.name, r.created_at, r.created_by FROM rosters r LEFT JOIN queues q ON q.id = r.queue_id`

// CreateRoster stores a roster and its shifts.
func (s *DB) CreateRoster(ctx context.Context, actor string, r app.Roster) (app.Roster, error) {
	const op = "store roster"
	if err := checkActor(op, actor); err != nil {
		return r, err
	}
	breaks, err := checkRoster(op, r)
	if err != nil {
		return r, err
	}
	err = s.inTx(ctx, op, func(tx *sql.Tx) error {
		return s.insertRoster(ctx, tx, op, actor, &r, breaks)
	})
	if err != nil {
		return app.Roster{}, err
	}
	return r, nil
}

// checkRoster checks a roster before it is stored (its name and each shift)
// and encodes the breaks of its shifts, nil for a shift without any.
func checkRoster(op string, r app.Roster) ([]any, error) {
	if len(r.Name) > MaxName {
		return nil, invalid(op, "name is longer than %d bytes", MaxName)
	}
	breaks := make([]any, len(r.Shifts))
	for i, sh := range r.Shifts {
		if err := checkName(op, fmt.Sprintf("shift %d agent_id", i+1), sh.AgentID); err != nil {
			return nil, err
		}
		if _, err := time.Parse(time.DateOnly, sh.Date); err != nil {
			return nil, invalid(op, "shift %d: date %q is not YYYY-MM-DD", i+1, sh.Date)
		}
		if p := sh.Problem(); p != "" {
			return nil, invalid(op, "shift %d: %s", i+1, p)
		}
		if len(sh.Breaks) > 0 {
			bs := make([]app.TimeRange, len(sh.Breaks))
			for j, b := range sh.Breaks {
				bs[j] = app.TimeRange{Start: utc(b.Start), End: utc(b.End)}
			}
			doc, _ := json.Marshal(bs)
			breaks[i] = string(doc)
		}
	}
	return breaks, nil
}

// insertRoster stores roster *r, checked by checkRoster (whose breaks
// these are), with its shifts and audit row inside tx. It sets r's ID and
// creation stamp and gives its shifts' instants as stored (UTC, to the
// microsecond) in a copy of them.
func (s *DB) insertRoster(ctx context.Context, tx *sql.Tx, op, actor string, r *app.Roster, breaks []any) error {
	r.CreatedAt, r.CreatedBy = s.clock(), actor
	var qid, sid any
	if r.Queue != "" {
		id, err := s.queueID(ctx, tx, op, r.Queue)
		if err != nil {
			return err
		}
		qid = id
	}
	if r.ScheduleID != nil {
		sid = *r.ScheduleID
	}
	err := tx.QueryRowContext(ctx, `INSERT INTO rosters (queue_id, schedule_id, name, created_at, created_by) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
		qid, sid, r.Name, s.t(r.CreatedAt), actor).Scan(&r.ID)
	if err != nil {
		if s.d.IsForeignKey(err) && r.ScheduleID != nil {
			return notFound(op, "schedule %d does not exist", *r.ScheduleID)
		}
		return err
	}
	err = s.d.CopyRows(ctx, tx, "roster_shifts", []string{"roster_id", "seq", "agent_id", "day", "start_at", "end_at", "breaks"},
		len(r.Shifts), func(i int) []any {
			sh := r.Shifts[i]
			return []any{r.ID, int64(i), sh.AgentID, sh.Date, s.t(sh.Start), s.t(sh.End), breaks[i]}
		})
	if err != nil {
		return err
	}
	if err := s.audit(ctx, tx, actor, "roster.create", fmt.Sprintf("roster/%d", r.ID), fmt.Sprintf("queue=%q shifts=%d", r.Queue, len(r.Shifts))); err != nil {
		return err
	}
	shifts := make([]app.RosterShift, len(r.Shifts))
	for i, sh := range r.Shifts {
		sh.Start, sh.End = utc(sh.Start), utc(sh.End)
		if sh.Breaks != nil {
			bs := make([]app.TimeRange, len(sh.Breaks))
			for j, b := range sh.Breaks {
				bs[j] = app.TimeRange{Start: utc(b.Start), End: utc(b.End)}
			}
			sh.Breaks = bs
		}
		shifts[i] = sh
	}
	if r.Shifts != nil {
		r.Shifts = shifts
	}
	return nil
}

// Roster returns a roster with its shifts.
func (s *DB) Roster(ctx context.Context, id int64) (app.Roster, error) {
	const op = "get roster"
	r, err := scanRoster(s.r.QueryRowContext(ctx, rosterSelect+` WHERE r.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return r, notFound(op, "roster %d does not exist", id)
	}
	if err != nil {
		return r, s.fail(op, err)
	}
	rows, err := s.r.QueryContext(ctx, `SELECT agent_id, day, start_at, end_at, breaks FROM roster_shifts WHERE roster_id = $1 ORDER BY start_at, agent_id, seq`, id)
	if err != nil {
		return r, s.fail(op, err)
	}
	defer rows.Close()
	r.Shifts = []app.RosterShift{}
	for rows.Next() {
		var sh app.RosterShift
		var b json.RawMessage
		if err := rows.Scan(&sh.AgentID, date{&sh.Date}, instant{&sh.Start}, instant{&sh.End}, jsonDoc{&b}); err != nil {
			return r, s.fail(op, err)
		}
		if b != nil {
			if err := json.Unmarshal(b, &sh.Breaks); err != nil {
				return r, s.fail(op, err)
			}
			for j := range sh.Breaks {
				sh.Breaks[j].Start, sh.Breaks[j].End = sh.Breaks[j].Start.UTC(), sh.Breaks[j].End.UTC()
			}
		}
		r.Shifts = append(r.Shifts, sh)
	}
	return r, s.fail(op, rows.Err())
}

// ListRosters lists rosters newest first, without shifts.
func (s *DB) ListRosters(ctx context.Context, queue string, p app.Page) ([]app.Roster, string, error) {
	return listByID(ctx, s, "list rosters", rosterSelect+` WHERE ($1 = '' OR q.name = $1) AND r.id < $2 ORDER BY r.id DESC LIMIT $3`,
		queue, p, scanRoster, func(v app.Roster) int64 { return v.ID })
}
