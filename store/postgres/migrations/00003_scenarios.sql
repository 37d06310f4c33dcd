-- Scenario documents, stored as the manager sent them: json (not jsonb)
-- keeps the text verbatim, key order and spacing included, and still
-- refuses what is not JSON.

-- +goose Up
CREATE TABLE scenarios (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name       text NOT NULL UNIQUE,
    version    integer NOT NULL CHECK (version > 0),
    document   json NOT NULL,
    created_at timestamptz NOT NULL,
    created_by text NOT NULL,
    updated_at timestamptz NOT NULL,
    updated_by text NOT NULL
);

-- +goose Down
DROP TABLE scenarios;
