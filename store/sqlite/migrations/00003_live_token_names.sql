-- A live (not revoked) token's name is unique: the audit log shows who did
-- what by that name, so two live tokens of one name would make it
-- ambiguous. Names that differ only in case ("QA-planner", "qa-planner")
-- read as one there, so the index is on lower(name) (SQLite folds only
-- ASCII letters; the store compares names with Unicode case folding). A
-- revoked token's name may be given again.
--
-- A database made before this migration may already hold live tokens that
-- share a name, or names that differ only in case. Those are left working:
-- every one but the oldest of each lower(name) is marked legacy_shared_name
-- and left out of the index (a partial index cannot compare rows, so the
-- mark has to be stored). The oldest stays in the index, so a new token of
-- that name is still refused; the store also checks for any live token of
-- the name, in any case, before it inserts.

-- +goose Up
ALTER TABLE api_tokens ADD COLUMN legacy_shared_name INTEGER NOT NULL DEFAULT 0 CHECK (legacy_shared_name IN (0, 1));

UPDATE api_tokens SET legacy_shared_name = 1
WHERE revoked_at IS NULL
  AND EXISTS (SELECT 1 FROM api_tokens o WHERE lower(o.name) = lower(api_tokens.name) AND o.revoked_at IS NULL AND o.id < api_tokens.id);

CREATE UNIQUE INDEX api_tokens_live_name ON api_tokens (lower(name)) WHERE revoked_at IS NULL AND legacy_shared_name = 0;

-- +goose Down
DROP INDEX api_tokens_live_name;
ALTER TABLE api_tokens DROP COLUMN legacy_shared_name;
