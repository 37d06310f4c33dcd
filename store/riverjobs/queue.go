package riverjobs

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"
	"github.com/riverqueue/river/rivertype"

	"github.com/staffcast/staffcast/app"
)

// The dialects New accepts.
const (
	Postgres = "postgres"
	SQLite   = "sqlite"
)

// riverKind is the one River kind every Staffcast job is stored under.
const riverKind = "staffcast_job"

// Metadata keys this package writes on River's job rows.
const (
	metaProgress  = "staffcast"            // {"done": 0.5, "note": "..."}
	metaFailed    = "staffcast_failed"     // true: River cancelled the job because it failed for good
	metaResultIDs = "staffcast_result_ids" // app.ResultIDsOf the result, for lists, which do not read it
)

// maxKindLen bounds a job kind's length.
const maxKindLen = 100

// Options configure a Queue. Zero fields take the defaults documented on each.
type Options struct {
	// Workers is how many jobs one server runs at once. Default 2.
	Workers int
	// JobTimeout bounds one attempt: its context is cancelled then and the
	// job fails (it is not retried). Default 30 minutes.
	JobTimeout time.Duration
	// RescueAfter is how long a job may stay running before it is taken for
	// stuck (its server died) and queued again. It must exceed JobTimeout.
	// Default JobTimeout + 5 minutes.
	RescueAfter time.Duration
	// MaxAttempts bounds the attempts of a job whose attempts fail with
	// internal errors (or whose server dies). Default 3.
	MaxAttempts int
	// PollInterval is how often an idle server looks for queued jobs.
	// Default 500 ms.
	PollInterval time.Duration
	// ProgressEvery is the least time between two progress writes of one
	// job. Default 500 ms.
	ProgressEvery time.Duration
	// StopGrace is how long Stop waits for cancelled jobs to return after
	// its context is done. Default 10 s.
	StopGrace time.Duration
	// Retention is how long finished jobs are kept. Default 7 days.
	Retention time.Duration
	// Logger receives River's and this package's logs. Default: warnings
	// and errors of slog.Default().
	Logger *slog.Logger
}

func (o Options) withDefaults() (Options, error) {
	if o.Workers <= 0 {
		o.Workers = 2
	}
	if o.JobTimeout <= 0 {
		o.JobTimeout = 30 * time.Minute
	}
	if o.RescueAfter <= 0 {
		o.RescueAfter = o.JobTimeout + 5*time.Minute
	}
	if o.RescueAfter <= o.JobTimeout {
		return o, fmt.Errorf("riverjobs: RescueAfter (%s) must exceed JobTimeout (%s), or a job still running would be re-run", o.RescueAfter, o.JobTimeout)
	}
	if o.MaxAttempts <= 0 {
		o.MaxAttempts = 3
	}
	if o.PollInterval <= 0 {
		o.PollInterval = 500 * time.Millisecond
	}
	if o.ProgressEvery <= 0 {
		o.ProgressEvery = 500 * time.Millisecond
	}
	if o.StopGrace <= 0 {
		o.StopGrace = 10 * time.Second
	}
	if o.Retention <= 0 {
		o.Retention = 7 * 24 * time.Hour
	}
	if o.Logger == nil {
		o.Logger = slog.New(warnOnly{slog.Default().Handler()})
	}
	return o, nil
}

// Queue is the River-backed app.Jobs. It is safe for concurrent use.
type Queue struct {
	db      *sql.DB
	dialect string
	opts    Options
	client  *river.Client[*sql.Tx]
	migrate func(ctx context.Context) error

	mu      sync.RWMutex
	funcs   map[string]app.JobFunc
	started bool

	// stopping is set by Stop so that a job whose context is cancelled by
	// the shutdown goes back to the queue instead of failing.
	stopping atomic.Bool
}

var _ app.Jobs = (*Queue)(nil)

// New returns a job queue on db, which the caller opened and keeps (Stop
// does not close it). dialect is Postgres (db opened with lib/pq, the
// search_path selecting the schema) or SQLite (db opened with
// modernc.org/sqlite; a busy timeout or SetMaxOpenConns(1), both tested).
// A PostgreSQL pool must allow two connections (Migrate holds an advisory
// lock on one). New does not touch the database: Start (or Migrate) applies
// River's migrations.
func New(db *sql.DB, dialect string, opts Options) (*Queue, error) {
	if db == nil {
		return nil, errors.New("riverjobs: nil *sql.DB")
	}
	opts, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	q := &Queue{db: db, dialect: dialect, opts: opts, funcs: map[string]app.JobFunc{}}

	workers := river.NewWorkers()
	if err := river.AddWorkerSafely(workers, &worker{q: q}); err != nil {
		return nil, fmt.Errorf("riverjobs: %w", err)
	}
	cfg := &river.Config{
		CancelledJobRetentionPeriod: opts.Retention,
		CompletedJobRetentionPeriod: opts.Retention,
		DiscardedJobRetentionPeriod: opts.Retention,
		FetchCooldown:               min(100*time.Millisecond, opts.PollInterval),
		FetchPollInterval:           opts.PollInterval,
		JobTimeout:                  opts.JobTimeout,
		Logger:                      opts.Logger,
		MaxAttempts:                 opts.MaxAttempts,
		// lib/pq through database/sql cannot LISTEN, and the SQLite
		// "listener" is a poll of an outbox table: poll in both cases.
		PollOnly:             true,
		Queues:               map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: opts.Workers}},
		RescueStuckJobsAfter: opts.RescueAfter,
		Workers:              workers,
	}

	switch dialect {
	case Postgres:
		driver := riverdatabasesql.New(db)
		q.client, err = river.NewClient(driver, cfg)
		q.migrate = func(ctx context.Context) error { return migratePostgres(ctx, db, driver) }
	case SQLite:
		driver := riversqlite.New(db)
		q.client, err = river.NewClient(driver, cfg)
		q.migrate = func(ctx context.Context) error { return migrateSQLite(ctx, db, driver) }
	default:
		return nil, fmt.Errorf("riverjobs: unknown dialect %q (want %q or %q)", dialect, Postgres, SQLite)
	}
	if err != nil {
		return nil, fmt.Errorf("riverjobs: %w", err)
	}
	return q, nil
}

// migrationLock is the PostgreSQL advisory lock key that serialises River's
// migrations when several servers start at once ("staffcas" in ASCII).
const migrationLock = 0x7374616666636173

// migratePostgres applies River's up migrations, one transaction per
// version (a version that adds an enum value cannot share a transaction with
// the next one that uses it), under a session advisory lock held on a
// connection of its own so that servers starting together take turns. The
// pool must therefore allow two connections.
func migratePostgres(ctx context.Context, db *sql.DB, driver *riverdatabasesql.Driver) error {
	migrator, err := rivermigrate.New(driver, nil)
	if err != nil {
		return err
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "SELECT pg_advisory_lock($1)", int64(migrationLock)); err != nil {
		return err
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), "SELECT pg_advisory_unlock($1)", int64(migrationLock)) //nolint:errcheck // the lock ends with the session anyway
	_, err = migrator.Migrate(ctx, rivermigrate.DirectionUp, nil)
	return err
}

// migrateSQLite applies River's up migrations in one transaction.
func migrateSQLite(ctx context.Context, db *sql.DB, driver *riversqlite.Driver) error {
	migrator, err := rivermigrate.New(driver, nil)
	if err != nil {
		return err
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback() //nolint:errcheck // a no-op after Commit
	if _, err := migrator.MigrateTx(ctx, tx, rivermigrate.DirectionUp, nil); err != nil {
		return err
	}
	return tx.Commit()
}

// Migrate applies River's migrations (idempotent). Start calls it; a
// process that only enqueues or reads jobs without Start calls it once.
func (q *Queue) Migrate(ctx context.Context) error {
	if err := q.migrate(ctx); err != nil {
		return app.Wrap(app.Internal, "migrate job queue", err)
	}
	return nil
}

// Register implements app.Jobs.
func (q *Queue) Register(kind string, fn app.JobFunc) error {
	if err := checkKind(kind); err != nil {
		return err
	}
	if fn == nil {
		return app.Errorf(app.Invalid, "riverjobs: nil JobFunc for kind %q", kind)
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.started {
		return app.Errorf(app.Conflict, "riverjobs: register %q after Start", kind)
	}
	if _, ok := q.funcs[kind]; ok {
		return app.Errorf(app.Conflict, "riverjobs: job kind %q registered twice", kind)
	}
	q.funcs[kind] = fn
	return nil
}

func checkKind(kind string) error {
	if kind == "" || len(kind) > maxKindLen || strings.IndexFunc(kind, func(r rune) bool { return !unicode.IsPrint(r) || unicode.IsSpace(r) }) >= 0 {
		return app.Errorf(app.Invalid, "riverjobs: job kind %q must be 1 to %d printable characters without spaces", kind, maxKindLen)
	}
	return nil
}

// Start implements app.Jobs: it applies River's migrations and starts
// working jobs. ctx bounds the start only.
func (q *Queue) Start(ctx context.Context) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.started {
		return app.Errorf(app.Conflict, "riverjobs: started twice")
	}
	if err := q.Migrate(ctx); err != nil {
		return err
	}
	q.stopping.Store(false)
	// River stops when the context given to Start is done: only Stop may.
	if err := q.client.Start(context.WithoutCancel(ctx)); err != nil {
		return app.Wrap(app.Internal, "start job queue", err)
	}
	q.started = true
	return nil
}

// Stop implements app.Jobs.
func (q *Queue) Stop(ctx context.Context) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	if !q.started {
		return nil
	}
	q.started = false
	q.stopping.Store(true)
	if ctx.Err() == nil {
		if err := q.client.Stop(ctx); err == nil {
			return nil
		}
		q.opts.Logger.Warn("riverjobs: stop deadline passed; cancelling running jobs, they stay queued")
	}
	// Out of patience, or told not to wait (ctx already done): cancel the
	// running jobs (they snooze back into the queue) and wait for them to
	// return.
	hard, cancel := context.WithTimeout(context.WithoutCancel(ctx), q.opts.StopGrace)
	defer cancel()
	if err := q.client.StopAndCancel(hard); err != nil {
		return app.Wrap(app.Internal, "stop job queue", fmt.Errorf("running jobs did not return within %s of being cancelled: %w", q.opts.StopGrace, err))
	}
	return nil
}

// envelope is the River args of every job.
type envelope struct {
	JobKind string          `json:"kind"`
	Actor   string          `json:"actor,omitempty"`
	Args    json.RawMessage `json:"args"`
}

func (envelope) Kind() string { return riverKind }

// Enqueue implements app.Jobs.
func (q *Queue) Enqueue(ctx context.Context, kind, actor string, args any) (app.JobID, error) {
	if err := checkKind(kind); err != nil {
		return 0, err
	}
	q.mu.RLock()
	_, ok := q.funcs[kind]
	q.mu.RUnlock()
	if !ok {
		return 0, app.Errorf(app.Invalid, "riverjobs: unknown job kind %q", kind)
	}
	var raw json.RawMessage
	switch a := args.(type) {
	case json.RawMessage:
		raw = a
	case nil:
		raw = json.RawMessage("null")
	default:
		b, err := json.Marshal(a)
		if err != nil {
			return 0, app.Errorf(app.Invalid, "riverjobs: args of job kind %q: %w", kind, err)
		}
		raw = b
	}
	if !json.Valid(raw) {
		return 0, app.Errorf(app.Invalid, "riverjobs: args of job kind %q are not valid JSON", kind)
	}
	res, err := q.client.Insert(ctx, envelope{JobKind: kind, Actor: actor, Args: raw}, nil)
	if err != nil {
		return 0, app.Wrap(app.Internal, "enqueue job", err)
	}
	return app.JobID(res.Job.ID), nil
}

// Get implements app.Jobs.
func (q *Queue) Get(ctx context.Context, id app.JobID) (app.Job, error) {
	row, err := q.client.JobGet(ctx, int64(id))
	if errors.Is(err, rivertype.ErrNotFound) || err == nil && row.Kind != riverKind {
		return app.Job{}, app.Errorf(app.NotFound, "job %d not found", id)
	}
	if err != nil {
		return app.Job{}, app.Wrap(app.Internal, "get job", err)
	}
	return toJob(row), nil
}

// List implements app.Jobs. It reads the rows itself rather than through
// River's JobList, which loads whole rows: a job's result is in its
// metadata (River's "output"), and a page of simulations would bring
// megabytes from the database to be dropped. The query reads only what a
// listed job shows: the envelope's kind, actor and queue, the metadata
// this package reads, and the last attempt's error message.
func (q *Queue) List(ctx context.Context, limit int, before app.JobID) ([]app.Job, error) {
	if limit <= 0 {
		limit = app.DefaultJobListLimit
	}
	limit = min(limit, app.MaxJobListLimit)
	if before <= 0 {
		before = math.MaxInt64
	}
	query := listSQLite
	if q.dialect == Postgres {
		query = listPostgres
	}
	rows, err := q.db.QueryContext(ctx, query, riverKind, int64(before), limit)
	if err != nil {
		return nil, app.Wrap(app.Internal, "list jobs", err)
	}
	defer rows.Close()
	jobs := []app.Job{}
	for rows.Next() {
		var (
			row                  rivertype.JobRow
			args, meta           []byte
			state                string
			attempted, finalized sql.NullTime
			lastError            sql.NullString
		)
		if err := rows.Scan(&row.ID, &args, &row.Attempt, &attempted, &row.CreatedAt, &finalized, &state, &meta, &lastError); err != nil {
			return nil, app.Wrap(app.Internal, "list jobs", err)
		}
		row.EncodedArgs, row.Metadata, row.State = args, meta, rivertype.JobState(state)
		if attempted.Valid {
			row.AttemptedAt = &attempted.Time
		}
		if finalized.Valid {
			row.FinalizedAt = &finalized.Time
		}
		if lastError.Valid {
			row.Errors = []rivertype.AttemptError{{Error: lastError.String}}
		}
		jobs = append(jobs, toJob(&row))
	}
	if err := rows.Err(); err != nil {
		return nil, app.Wrap(app.Internal, "list jobs", err)
	}
	return jobs, nil
}

// The list queries: the envelope rebuilt with only what toJob reads of
// it, the metadata keys rowMeta reads (not River's "output", the result),
// the last error's message. SQLite keeps JSON as JSONB blobs, from which
// -> takes a member without reading the rest, and which json_object
// returns as text.
const (
	listPostgres = `SELECT id,
		jsonb_build_object('kind', args->'kind', 'actor', args->'actor', 'args', jsonb_build_object('queue', args->'args'->'queue')),
		attempt, attempted_at, created_at, finalized_at, state::text,
		jsonb_build_object('` + metaProgress + `', metadata->'` + metaProgress + `', '` + metaFailed + `', metadata->'` + metaFailed + `',
			'` + metaResultIDs + `', metadata->'` + metaResultIDs + `', 'cancel_attempted_at', metadata->'cancel_attempted_at'),
		CASE WHEN cardinality(errors) > 0 THEN errors[cardinality(errors)]->>'error' END
		FROM river_job WHERE kind = $1 AND id < $2 ORDER BY id DESC LIMIT $3`
	listSQLite = `SELECT id,
		json_object('kind', args -> '$.kind', 'actor', args -> '$.actor', 'args', json_object('queue', args -> '$.args.queue')),
		attempt, attempted_at, created_at, finalized_at, state,
		json_object('` + metaProgress + `', metadata -> '$.` + metaProgress + `', '` + metaFailed + `', metadata -> '$.` + metaFailed + `',
			'` + metaResultIDs + `', metadata -> '$.` + metaResultIDs + `', 'cancel_attempted_at', metadata -> '$.cancel_attempted_at'),
		errors ->> '$[#-1].error'
		FROM river_job WHERE kind = ? AND id < ? ORDER BY id DESC LIMIT ?`
)

// Cancel implements app.Jobs.
func (q *Queue) Cancel(ctx context.Context, id app.JobID) error {
	before, err := q.Get(ctx, id)
	if err != nil {
		return err
	}
	if before.State.Finished() {
		return app.Errorf(app.Conflict, "job %d is already %s", id, before.State)
	}
	row, err := q.client.JobCancel(ctx, int64(id))
	if errors.Is(err, rivertype.ErrNotFound) {
		return app.Errorf(app.NotFound, "job %d not found", id)
	}
	if err != nil {
		return app.Wrap(app.Internal, "cancel job", err)
	}
	// The job may have finished between the two reads.
	if after := toJob(row); after.State == app.JobSucceeded || after.State == app.JobFailed {
		return app.Errorf(app.Conflict, "job %d is already %s", id, after.State)
	}
	return nil
}

// progressState is what a running job last reported.
type progressState struct {
	Done float64 `json:"done"`
	Note string  `json:"note,omitempty"`
}

// rowMeta is the part of a River job row's metadata this package reads.
type rowMeta struct {
	Progress          *progressState   `json:"staffcast"`
	Failed            bool             `json:"staffcast_failed"`
	ResultIDs         map[string]int64 `json:"staffcast_result_ids"`
	CancelAttemptedAt *time.Time       `json:"cancel_attempted_at"`
}

// toJob maps a River job row to an app.Job.
func toJob(row *rivertype.JobRow) app.Job {
	var env envelope
	_ = json.Unmarshal(row.EncodedArgs, &env) // a row we did not write shows an empty kind
	var meta rowMeta
	_ = json.Unmarshal(row.Metadata, &meta)

	// Arguments that name a queue say which: {"queue": "retail", ...}.
	var named struct {
		Queue string `json:"queue"`
	}
	_ = json.Unmarshal(env.Args, &named) // other arguments name none
	j := app.Job{
		ID:         app.JobID(row.ID),
		Kind:       env.JobKind,
		Actor:      env.Actor,
		Queue:      named.Queue,
		CreatedAt:  row.CreatedAt.UTC(),
		FinishedAt: utcPtr(row.FinalizedAt),
		Attempt:    row.Attempt,
	}
	if row.Attempt > 0 {
		j.StartedAt = utcPtr(row.AttemptedAt)
	}
	switch row.State {
	case rivertype.JobStateRunning:
		j.State = app.JobRunning
	case rivertype.JobStateCompleted:
		j.State = app.JobSucceeded
	case rivertype.JobStateDiscarded:
		j.State = app.JobFailed
	case rivertype.JobStateCancelled:
		j.State = app.JobCancelled
		if meta.Failed {
			j.State = app.JobFailed
		}
	default: // available, pending, retryable, scheduled
		j.State = app.JobQueued
	}
	if meta.Progress != nil {
		j.Progress, j.ProgressNote = meta.Progress.Done, meta.Progress.Note
	}
	switch j.State {
	case app.JobSucceeded:
		// The last step's note ("storing") no longer describes the job.
		j.Progress, j.ProgressNote = 1, ""
		j.ResultIDs = meta.ResultIDs
		if out := row.Output(); len(out) > 0 { // not in a list's rows
			// PostgreSQL's jsonb respaces JSON: compact it so that both
			// databases return the same bytes.
			var buf bytes.Buffer
			if json.Compact(&buf, out) == nil {
				out = buf.Bytes()
			}
			j.Result = json.RawMessage(out)
			if j.ResultIDs == nil { // a job finished before they were kept
				j.ResultIDs = app.ResultIDsOf(j.Result)
			}
		}
	case app.JobCancelled:
		// The state says it all; River's "job cancelled remotely" would
		// only confuse.
	default:
		if len(row.Errors) > 0 {
			j.Error = strings.TrimPrefix(row.Errors[len(row.Errors)-1].Error, "JobCancelError: ")
		}
	}
	return j
}

func utcPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}

// warnOnly passes on records of level warn and above.
type warnOnly struct{ slog.Handler }

func (h warnOnly) Enabled(ctx context.Context, l slog.Level) bool {
	return l >= slog.LevelWarn && h.Handler.Enabled(ctx, l)
}

func (h warnOnly) WithAttrs(as []slog.Attr) slog.Handler { return warnOnly{h.Handler.WithAttrs(as)} }
func (h warnOnly) WithGroup(name string) slog.Handler    { return warnOnly{h.Handler.WithGroup(name)} }
