-- Scenario documents, stored as the manager sent them (TEXT, verbatim).

-- +goose Up
CREATE TABLE scenarios (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    name       TEXT NOT NULL UNIQUE,
    version    INTEGER NOT NULL CHECK (version > 0),
    document   TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    created_by TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    updated_by TEXT NOT NULL
) STRICT;

-- +goose Down
DROP TABLE scenarios;
