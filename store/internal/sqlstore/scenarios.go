package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/staffcast/staffcast/app"
)

const scenarioCols = `id, name, version, created_at, created_by, updated_at, updated_by`

func scanScenario(sc interface{ Scan(...any) error }, doc bool) (app.Scenario, error) {
	var v app.Scenario
	dest := []any{&v.ID, &v.Name, &v.Version, instant{&v.CreatedAt}, &v.CreatedBy, instant{&v.UpdatedAt}, &v.UpdatedBy}
	if doc {
		dest = append(dest, jsonDoc{&v.Document})
	}
	err := sc.Scan(dest...)
	return v, err
}

// checkScenario checks what the store itself requires of a scenario: a
// name and a document that is JSON.
func checkScenario(op, actor string, sc app.Scenario) (any, error) {
	if err := checkActor(op, actor); err != nil {
		return nil, err
	}
	if err := checkName(op, "scenario name", sc.Name); err != nil {
		return nil, err
	}
	if sc.Document == nil {
		return nil, invalid(op, "document is empty")
	}
	return jsonParam(op, "document", sc.Document)
}

// CreateScenario stores a scenario at version 1.
func (s *DB) CreateScenario(ctx context.Context, actor string, sc app.Scenario) (app.Scenario, error) {
	const op = "store scenario"
	doc, err := checkScenario(op, actor, sc)
	if err != nil {
		return sc, err
	}
	now := s.clock()
	sc.Version, sc.CreatedAt, sc.CreatedBy, sc.UpdatedAt, sc.UpdatedBy = 1, now, actor, now, actor
	err = s.inTx(ctx, op, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `INSERT INTO scenarios (name, version, document, created_at, created_by, updated_at, updated_by)
			VALUES ($1, 1, $2, $3, $4, $3, $4) RETURNING id`, sc.Name, doc, s.t(now), actor).Scan(&sc.ID)
		if err != nil {
			return s.nameTaken(op, "scenario", sc.Name, err)
		}
		return s.audit(ctx, tx, actor, "scenario.create", fmt.Sprintf("scenario/%d", sc.ID), fmt.Sprintf("name=%q bytes=%d", sc.Name, len(sc.Document)))
	})
	if err != nil {
		return app.Scenario{}, err
	}
	return sc, nil
}

// Scenario returns a scenario with its document.
func (s *DB) Scenario(ctx context.Context, id int64) (app.Scenario, error) {
	const op = "get scenario"
	sc, err := scanScenario(s.r.QueryRowContext(ctx, `SELECT `+scenarioCols+`, document FROM scenarios WHERE id = $1`, id), true)
	if errors.Is(err, sql.ErrNoRows) {
		return sc, notFound(op, "scenario %d does not exist", id)
	}
	return sc, s.fail(op, err)
}

// ListScenarios lists scenarios newest first, without documents.
func (s *DB) ListScenarios(ctx context.Context, p app.Page) ([]app.Scenario, string, error) {
	// listByID's $1 filters by name; "" lists them all.
	return listByID(ctx, s, "list scenarios", `SELECT `+scenarioCols+` FROM scenarios
		WHERE ($1 = '' OR name = $1) AND id < $2 ORDER BY id DESC LIMIT $3`, "", p,
		func(sc interface{ Scan(...any) error }) (app.Scenario, error) { return scanScenario(sc, false) },
		func(v app.Scenario) int64 { return v.ID })
}

// UpdateScenario replaces a scenario's name and document, checking its
// version when sc.Version is set.
func (s *DB) UpdateScenario(ctx context.Context, actor string, sc app.Scenario) (app.Scenario, error) {
	const op = "update scenario"
	doc, err := checkScenario(op, actor, sc)
	if err != nil {
		return sc, err
	}
	if sc.Version < 0 {
		return sc, invalid(op, "version %d is negative", sc.Version)
	}
	var out app.Scenario
	err = s.inTx(ctx, op, func(tx *sql.Tx) error {
		var err error
		out, err = scanScenario(tx.QueryRowContext(ctx, `UPDATE scenarios SET name = $2, document = $3, version = version + 1, updated_at = $4, updated_by = $5
			WHERE id = $1 AND ($6 = 0 OR version = $6) RETURNING `+scenarioCols, sc.ID, sc.Name, doc, s.t(s.clock()), actor, int64(sc.Version)), false)
		if errors.Is(err, sql.ErrNoRows) {
			var v int
			switch err := tx.QueryRowContext(ctx, `SELECT version FROM scenarios WHERE id = $1`, sc.ID).Scan(&v); {
			case errors.Is(err, sql.ErrNoRows):
				return notFound(op, "scenario %d does not exist", sc.ID)
			case err != nil:
				return err
			}
			return &app.Error{Kind: app.Stale, Op: op, Message: fmt.Sprintf("scenario %d is at version %d, not %d: it changed meanwhile", sc.ID, v, sc.Version)}
		}
		if err != nil {
			return s.nameTaken(op, "scenario", sc.Name, err)
		}
		out.Document = sc.Document
		return s.audit(ctx, tx, actor, "scenario.update", fmt.Sprintf("scenario/%d", sc.ID), fmt.Sprintf("name=%q version=%d bytes=%d", sc.Name, out.Version, len(sc.Document)))
	})
	if err != nil {
		return app.Scenario{}, err
	}
	return out, nil
}

// DeleteScenario deletes a scenario, checking its version when version is
// not 0.
func (s *DB) DeleteScenario(ctx context.Context, actor string, id int64, version int) error {
	const op = "delete scenario"
	if version == 0 {
		return s.deleteByID(ctx, op, actor, "scenarios", "scenario", id)
	}
	if err := checkActor(op, actor); err != nil {
		return err
	}
	if version < 0 {
		return invalid(op, "version %d is negative", version)
	}
	return s.inTx(ctx, op, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM scenarios WHERE id = $1 AND version = $2`, id, int64(version))
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			var v int
			switch err := tx.QueryRowContext(ctx, `SELECT version FROM scenarios WHERE id = $1`, id).Scan(&v); {
			case errors.Is(err, sql.ErrNoRows):
				return notFound(op, "scenario %d does not exist", id)
			case err != nil:
				return err
			}
			return &app.Error{Kind: app.Stale, Op: op, Message: fmt.Sprintf("scenario %d is at version %d, not %d: it changed meanwhile", id, v, version)}
		}
		return s.audit(ctx, tx, actor, "scenario.delete", fmt.Sprintf("scenario/%d", id), fmt.Sprintf("version=%d", version))
	})
}
