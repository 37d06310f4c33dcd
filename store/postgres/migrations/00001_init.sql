-- +goose Up
CREATE TABLE queues (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name             text NOT NULL UNIQUE,
    channel          text NOT NULL DEFAULT '',
    time_zone        text NOT NULL,
    interval_seconds bigint NOT NULL CHECK (interval_seconds > 0),
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL
);

CREATE TABLE history (
    queue_id       bigint NOT NULL REFERENCES queues (id) ON DELETE CASCADE,
    interval_start timestamptz NOT NULL,
    offered        double precision NOT NULL,
    handled        double precision NOT NULL,
    abandoned      double precision,
    aht_seconds    double precision,
    PRIMARY KEY (queue_id, interval_start)
);

CREATE TABLE calendar_days (
    day        date NOT NULL,
    queue      text NOT NULL DEFAULT '',
    kind       text NOT NULL CHECK (kind IN ('closed', 'holiday', 'event')),
    factor     double precision,
    name       text NOT NULL DEFAULT '',
    updated_at timestamptz NOT NULL,
    PRIMARY KEY (day, queue)
);

CREATE TABLE forecasts (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    queue_id         bigint NOT NULL REFERENCES queues (id) ON DELETE CASCADE,
    start_at         timestamptz NOT NULL,
    horizon_seconds  bigint NOT NULL,
    interval_seconds bigint NOT NULL,
    method           text NOT NULL,
    params           jsonb,
    created_at       timestamptz NOT NULL,
    created_by       text NOT NULL
);
CREATE INDEX forecasts_queue ON forecasts (queue_id, id);

CREATE TABLE forecast_rows (
    forecast_id    bigint NOT NULL REFERENCES forecasts (id) ON DELETE CASCADE,
    interval_start timestamptz NOT NULL,
    volume         double precision NOT NULL,
    lower80        double precision NOT NULL,
    upper80        double precision NOT NULL,
    lower95        double precision NOT NULL,
    upper95        double precision NOT NULL,
    aht_seconds    double precision,
    method         text NOT NULL,
    PRIMARY KEY (forecast_id, interval_start)
);

CREATE TABLE staffing (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    queue_id    bigint NOT NULL REFERENCES queues (id) ON DELETE CASCADE,
    forecast_id bigint REFERENCES forecasts (id) ON DELETE SET NULL,
    params      jsonb,
    created_at  timestamptz NOT NULL,
    created_by  text NOT NULL
);
CREATE INDEX staffing_queue ON staffing (queue_id, id);
CREATE INDEX staffing_forecast ON staffing (forecast_id);

CREATE TABLE staffing_rows (
    staffing_id      bigint NOT NULL REFERENCES staffing (id) ON DELETE CASCADE,
    interval_start   timestamptz NOT NULL,
    volume           double precision NOT NULL,
    aht_seconds      double precision NOT NULL,
    agents           integer NOT NULL,
    scheduled_agents integer NOT NULL,
    service_level    double precision NOT NULL,
    asa_seconds      double precision, -- NULL = infinite
    occupancy        double precision NOT NULL,
    p_abandon        double precision NOT NULL,
    PRIMARY KEY (staffing_id, interval_start)
);

CREATE TABLE shift_templates (
    name       text PRIMARY KEY,
    document   jsonb NOT NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
);

CREATE TABLE schedules (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    queue_id   bigint NOT NULL REFERENCES queues (id) ON DELETE CASCADE,
    params     jsonb,
    plan       jsonb,
    created_at timestamptz NOT NULL,
    created_by text NOT NULL
);
CREATE INDEX schedules_queue ON schedules (queue_id, id);

CREATE TABLE rosters (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    queue_id    bigint REFERENCES queues (id) ON DELETE CASCADE,
    schedule_id bigint REFERENCES schedules (id) ON DELETE CASCADE,
    name        text NOT NULL DEFAULT '',
    created_at  timestamptz NOT NULL,
    created_by  text NOT NULL
);
CREATE INDEX rosters_queue ON rosters (queue_id, id);
CREATE INDEX rosters_schedule ON rosters (schedule_id);

CREATE TABLE roster_shifts (
    roster_id bigint NOT NULL REFERENCES rosters (id) ON DELETE CASCADE,
    seq       integer NOT NULL,
    agent_id  text NOT NULL,
    day       date NOT NULL,
    start_at  timestamptz NOT NULL,
    end_at    timestamptz NOT NULL,
    breaks    jsonb,
    PRIMARY KEY (roster_id, seq)
);

CREATE TABLE agents (
    agent_id           text PRIMARY KEY,
    name               text NOT NULL DEFAULT '',
    skills             text NOT NULL DEFAULT '', -- separated by ';'
    min_hours_week     double precision NOT NULL DEFAULT 0,
    max_hours_week     double precision NOT NULL DEFAULT 0,
    max_days_week      integer NOT NULL DEFAULT 0,
    availability       text NOT NULL DEFAULT '',
    preferred_days_off text NOT NULL DEFAULT '',
    updated_at         timestamptz NOT NULL
);

CREATE TABLE api_tokens (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name         text NOT NULL,
    role         text NOT NULL,
    token_sha256 text NOT NULL UNIQUE, -- hex SHA-256 of the clear token; the clear token is never stored
    created_at   timestamptz NOT NULL,
    last_used_at timestamptz,
    revoked_at   timestamptz
);

CREATE TABLE audit_log (
    id     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at     timestamptz NOT NULL,
    actor  text NOT NULL,
    action text NOT NULL,
    target text NOT NULL,
    detail text NOT NULL DEFAULT ''
);

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
