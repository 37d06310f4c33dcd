package sqlstore

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/staffcast/staffcast/app"
)

// TokenPrefix starts every clear token, so a leaked one is recognisable.
const TokenPrefix = "sc_"

// touchEvery is how stale last_used_at may get before a lookup refreshes it.
const touchEvery = time.Minute

// HashToken is the stored form of a clear token: hex SHA-256. A token has
// 256 random bits, so a fast hash is enough (no password stretching).
func HashToken(clear string) string {
	h := sha256.Sum256([]byte(clear))
	return hex.EncodeToString(h[:])
}

const tokenCols = `id, name, role, created_at, last_used_at, revoked_at`

func scanToken(sc interface{ Scan(...any) error }) (app.Token, error) {
	var t app.Token
	err := sc.Scan(&t.ID, &t.Name, &t.Role, instant{&t.CreatedAt}, nullInstant{&t.LastUsedAt}, nullInstant{&t.RevokedAt})
	return t, err
}

// CreateToken makes a token and returns it once in clear.
func (s *DB) CreateToken(ctx context.Context, actor, name, role string) (string, app.Token, error) {
	const op = "create token"
	t := app.Token{Name: name, Role: role}
	if err := checkActor(op, actor); err != nil {
		return "", t, err
	}
	if err := checkName(op, "token name", name); err != nil {
		return "", t, err
	}
	if strings.TrimSpace(name) != name {
		return "", t, invalid(op, "token name %q starts or ends with white space", name)
	}
	if err := checkName(op, "role", role); err != nil {
		return "", t, err
	}
	var raw [32]byte
	if _, err := rand.Read(raw[:]); err != nil {
		return "", t, app.Wrap(app.Internal, op, err)
	}
	clear := TokenPrefix + base64.RawURLEncoding.EncodeToString(raw[:])
	t.CreatedAt = s.clock()
	err := s.inTx(ctx, op, func(tx *sql.Tx) error {
		if err := checkTokenNameFree(ctx, tx, op, name); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO api_tokens (name, role, token_sha256, created_at) VALUES ($1, $2, $3, $4) RETURNING id`,
			name, role, HashToken(clear), s.t(t.CreatedAt)).Scan(&t.ID); err != nil {
			// A create that ran at the same time took the name between
			// the check and the insert: the unique index on live
			// lower(name) refuses this one (the token's hash, the other unique, has
			// 256 random bits and does not collide).
			if s.d.IsUnique(err) {
				return tokenNameHeld(op, name, name, 0)
			}
			return err
		}
		return s.audit(ctx, tx, actor, "token.create", fmt.Sprintf("token/%d", t.ID), fmt.Sprintf("name=%q role=%s", name, role))
	})
	if err != nil {
		return "", app.Token{}, err
	}
	return clear, t, nil
}

// checkTokenNameFree refuses name when a live (not revoked) token has it,
// in any case: the audit log tells who did what by name alone, and
// "QA-planner" reads as "qa-planner" there. The unique index on the live
// lower(name) (migration live_token_names) already refuses it, but leaves
// out the live tokens that shared a name before that migration, and
// SQLite's lower() folds only ASCII letters; this check covers those too
// (Unicode simple case folding, as strings.EqualFold) and can say which
// token holds the name. Live tokens are few, so it reads them all.
func checkTokenNameFree(ctx context.Context, tx *sql.Tx, op, name string) error {
	rows, err := tx.QueryContext(ctx, `SELECT id, name FROM api_tokens WHERE revoked_at IS NULL ORDER BY id`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var held string
		if err := rows.Scan(&id, &held); err != nil {
			return err
		}
		if strings.EqualFold(held, name) {
			return tokenNameHeld(op, name, held, id)
		}
	}
	return rows.Err()
}

// tokenNameHeld is the Conflict of a token name a live token has as held
// (the same name, or one that differs only in case); id is that token's
// when known, else 0.
func tokenNameHeld(op, name, held string, id int64) error {
	holder := "a live token"
	if id > 0 {
		holder = fmt.Sprintf("live token %d", id)
	}
	if held != name {
		holder += fmt.Sprintf(" as %q (names that differ only in case are one name)", held)
	}
	return &app.Error{Kind: app.Conflict, Op: op,
		Message: fmt.Sprintf("token name %q is taken by %s: revoke that token first or choose another name", name, holder)}
}

// TokenByClear finds a token by its clear text.
func (s *DB) TokenByClear(ctx context.Context, clear string) (app.Token, error) {
	const op = "find token"
	t, err := scanToken(s.r.QueryRowContext(ctx, `SELECT `+tokenCols+` FROM api_tokens WHERE token_sha256 = $1`, HashToken(clear)))
	if errors.Is(err, sql.ErrNoRows) {
		return app.Token{}, notFound(op, "no such token")
	}
	if err != nil {
		return app.Token{}, s.fail(op, err)
	}
	now := s.clock()
	if t.RevokedAt == nil && (t.LastUsedAt == nil || now.Sub(*t.LastUsedAt) >= touchEvery) {
		if _, err := s.w.ExecContext(ctx, `UPDATE api_tokens SET last_used_at = $1 WHERE id = $2`, s.t(now), t.ID); err != nil {
			return app.Token{}, s.fail(op, err)
		}
		t.LastUsedAt = &now
	}
	return t, nil
}

// ListTokens lists tokens newest first.
func (s *DB) ListTokens(ctx context.Context, p app.Page) ([]app.Token, string, error) {
	return listByID(ctx, s, "list tokens", `SELECT `+tokenCols+` FROM api_tokens WHERE $1 = '' AND id < $2 ORDER BY id DESC LIMIT $3`,
		"", p, scanToken, func(t app.Token) int64 { return t.ID })
}

// RevokeToken revokes a token (the first revocation time stays).
func (s *DB) RevokeToken(ctx context.Context, actor string, id int64) error {
	const op = "revoke token"
	if err := checkActor(op, actor); err != nil {
		return err
	}
	return s.inTx(ctx, op, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, $1) WHERE id = $2`, s.t(s.clock()), id)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return notFound(op, "token %d does not exist", id)
		}
		return s.audit(ctx, tx, actor, "token.revoke", fmt.Sprintf("token/%d", id), "")
	})
}

// RecordAudit writes one audit entry on its own.
func (s *DB) RecordAudit(ctx context.Context, actor, action, target, detail string) error {
	const op = "record audit"
	if err := checkActor(op, actor); err != nil {
		return err
	}
	return s.inTx(ctx, op, func(tx *sql.Tx) error { return s.audit(ctx, tx, actor, action, target, detail) })
}

// Audit lists audit entries newest first.
func (s *DB) Audit(ctx context.Context, p app.Page) ([]app.AuditEntry, string, error) {
	return listByID(ctx, s, "list audit", `SELECT id, at, actor, action, target, detail FROM audit_log WHERE $1 = '' AND id < $2 ORDER BY id DESC LIMIT $3`,
		"", p, func(sc interface{ Scan(...any) error }) (app.AuditEntry, error) {
			var e app.AuditEntry
			err := sc.Scan(&e.ID, instant{&e.At}, &e.Actor, &e.Action, &e.Target, &e.Detail)
			return e, err
		}, func(e app.AuditEntry) int64 { return e.ID })
}

var _ app.Store = (*DB)(nil)
