-- +goose Up
-- Instants are INTEGER Unix microseconds (UTC), dates TEXT YYYY-MM-DD, JSON TEXT.
CREATE TABLE queues (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    name             TEXT NOT NULL UNIQUE,
    channel          TEXT NOT NULL DEFAULT '',
    time_zone        TEXT NOT NULL,
    interval_seconds INTEGER NOT NULL CHECK (interval_seconds > 0),
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL
) STRICT;

CREATE TABLE history (
    queue_id       INTEGER NOT NULL REFERENCES queues (id) ON DELETE CASCADE,
    interval_start INTEGER NOT NULL,
    offered        REAL NOT NULL,
    handled        REAL NOT NULL,
    abandoned      REAL,
    aht_seconds    REAL,
    PRIMARY KEY (queue_id, interval_start)
) STRICT;

CREATE TABLE calendar_days (
    day        TEXT NOT NULL,
    queue      TEXT NOT NULL DEFAULT '',
    kind       TEXT NOT NULL CHECK (kind IN ('closed', 'holiday', 'event')),
    factor     REAL,
    name       TEXT NOT NULL DEFAULT '',
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (day, queue)
) STRICT;

CREATE TABLE forecasts (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    queue_id         INTEGER NOT NULL REFERENCES queues (id) ON DELETE CASCADE,
    start_at         INTEGER NOT NULL,
    horizon_seconds  INTEGER NOT NULL,
    interval_seconds INTEGER NOT NULL,
    method           TEXT NOT NULL,
    params           TEXT,
    created_at       INTEGER NOT NULL,
    created_by       TEXT NOT NULL
) STRICT;
CREATE INDEX forecasts_queue ON forecasts (queue_id, id);

CREATE TABLE forecast_rows (
    forecast_id    INTEGER NOT NULL REFERENCES forecasts (id) ON DELETE CASCADE,
    interval_start INTEGER NOT NULL,
    volume         REAL NOT NULL,
    lower80        REAL NOT NULL,
    upper80        REAL NOT NULL,
    lower95        REAL NOT NULL,
    upper95        REAL NOT NULL,
    aht_seconds    REAL,
    method         TEXT NOT NULL,
    PRIMARY KEY (forecast_id, interval_start)
) STRICT;

CREATE TABLE staffing (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    queue_id    INTEGER NOT NULL REFERENCES queues (id) ON DELETE CASCADE,
    forecast_id INTEGER REFERENCES forecasts (id) ON DELETE SET NULL,
    params      TEXT,
    created_at  INTEGER NOT NULL,
    created_by  TEXT NOT NULL
) STRICT;
CREATE INDEX staffing_queue ON staffing (queue_id, id);
CREATE INDEX staffing_forecast ON staffing (forecast_id);

CREATE TABLE staffing_rows (
    staffing_id      INTEGER NOT NULL REFERENCES staffing (id) ON DELETE CASCADE,
    interval_start   INTEGER NOT NULL,
    volume           REAL NOT NULL,
    aht_seconds      REAL NOT NULL,
    agents           INTEGER NOT NULL,
    scheduled_agents INTEGER NOT NULL,
    service_level    REAL NOT NULL,
    asa_seconds      REAL, -- NULL = infinite
    occupancy        REAL NOT NULL,
    p_abandon        REAL NOT NULL,
    PRIMARY KEY (staffing_id, interval_start)
) STRICT;

CREATE TABLE shift_templates (
    name       TEXT PRIMARY KEY,
    document   TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
) STRICT;

CREATE TABLE schedules (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    queue_id   INTEGER NOT NULL REFERENCES queues (id) ON DELETE CASCADE,
    params     TEXT,
    plan       TEXT,
    created_at INTEGER NOT NULL,
    created_by TEXT NOT NULL
) STRICT;
CREATE INDEX schedules_queue ON schedules (queue_id, id);

CREATE TABLE rosters (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    queue_id    INTEGER REFERENCES queues (id) ON DELETE CASCADE,
    schedule_id INTEGER REFERENCES schedules (id) ON DELETE CASCADE,
    name        TEXT NOT NULL DEFAULT '',
    created_at  INTEGER NOT NULL,
    created_by  TEXT NOT NULL
) STRICT;
CREATE INDEX rosters_queue ON rosters (queue_id, id);
CREATE INDEX rosters_schedule ON rosters (schedule_id);

CREATE TABLE roster_shifts (
    roster_id INTEGER NOT NULL REFERENCES rosters (id) ON DELETE CASCADE,
    seq       INTEGER NOT NULL,
    agent_id  TEXT NOT NULL,
    day       TEXT NOT NULL,
    start_at  INTEGER NOT NULL,
    end_at    INTEGER NOT NULL,
    breaks    TEXT,
    PRIMARY KEY (roster_id, seq)
) STRICT;

CREATE TABLE agents (
    agent_id           TEXT PRIMARY KEY,
    name               TEXT NOT NULL DEFAULT '',
    skills             TEXT NOT NULL DEFAULT '', -- separated by ';'
    min_hours_week     REAL NOT NULL DEFAULT 0,
    max_hours_week     REAL NOT NULL DEFAULT 0,
    max_days_week      INTEGER NOT NULL DEFAULT 0,
    availability       TEXT NOT NULL DEFAULT '',
    preferred_days_off TEXT NOT NULL DEFAULT '',
    updated_at         INTEGER NOT NULL
) STRICT;

CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    name         TEXT NOT NULL,
    role         TEXT NOT NULL,
    token_sha256 TEXT NOT NULL UNIQUE, -- hex SHA-256 of the clear token; the clear token is never stored
    created_at   INTEGER NOT NULL,
    last_used_at INTEGER,
    revoked_at   INTEGER
) STRICT;

CREATE TABLE audit_log (
    id     INTEGER PRIMARY KEY AUTOINCREMENT,
    at     INTEGER NOT NULL,
    actor  TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT ''
) STRICT;

-- +goose Down
DROP TABLE audit_log;
DROP TABLE api_tokens;
DROP TABLE agents;
DROP TABLE roster_shifts;
DROP TABLE rosters;
DROP TABLE schedules;
DROP TABLE shift_templates;
DROP TABLE staffing_rows;
DROP TABLE staffing;
DROP TABLE forecast_rows;
DROP TABLE forecasts;
DROP TABLE calendar_days;
DROP TABLE history;
DROP TABLE queues;
