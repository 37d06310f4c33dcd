package app

import (
	"bytes"
	"context"
	"encoding/json"
	"sort"
	"strconv"
	"strings"
	"time"
)

// JobID identifies a background job; it is the job queue's row id.
type JobID int64

// JobState is where a job is in its life.
type JobState string

// The job states. A job is queued until a server takes it, running while a
// server works it, and ends succeeded, failed or cancelled. A job whose
// attempt failed with an internal error and will be retried, or whose server
// stopped or died under it, is queued again.
const (
	JobQueued    JobState = "queued"
	JobRunning   JobState = "running"
	JobSucceeded JobState = "succeeded"
	JobFailed    JobState = "failed"
	JobCancelled JobState = "cancelled"
)

// Finished reports whether s is a final state (succeeded, failed, cancelled).
func (s JobState) Finished() bool {
	return s == JobSucceeded || s == JobFailed || s == JobCancelled
}

// Job is a background job as every server sharing the database sees it.
type Job struct {
	ID    JobID    `json:"id"`
	Kind  string   `json:"kind"`
	State JobState `json:"state"`
	// Progress is the fraction done in [0, 1] last reported by the running
	// attempt (1 once succeeded); ProgressNote is its free-text note.
	Progress     float64 `json:"progress"`
	ProgressNote string  `json:"progress_note,omitempty"`
	// Result is the JSON the JobFunc returned; set once succeeded. Get
	// returns it; List leaves it out (a simulation's is about 100 KB).
	Result json.RawMessage `json:"result,omitempty"`
	// ResultIDs are the ids the result names (ResultIDsOf): a schedule
	// job's schedule_id and roster_id, a forecast job's forecast_id, a
	// simulation's staffing_id. List gives them in place of the result,
	// so that a client finds what a job made without fetching each job.
	ResultIDs map[string]int64 `json:"result_ids,omitempty"`
	// Error is the last attempt's error: the reason of a failed job, or the
	// error that a queued job is being retried after.
	Error string `json:"error,omitempty"`
	// Actor names who enqueued the job (a token name, "cli", "demo").
	Actor string `json:"actor,omitempty"`
	// Queue is the queue the job works on when its arguments name one (a
	// schedule, forecast, backtest or simulation), so that a page opened
	// later can find the running job of its queue; empty otherwise.
	Queue     string    `json:"queue,omitempty"`
	CreatedAt time.Time `json:"created_at"`
	// StartedAt is when the latest attempt started; nil before the first.
	StartedAt *time.Time `json:"started_at,omitempty"`
	// FinishedAt is when the job reached its final state; nil before.
	FinishedAt *time.Time `json:"finished_at,omitempty"`
	// Attempt counts the attempts started so far (0 while never run).
	Attempt int `json:"attempt"`
}

// JobFunc does the work of one job kind. args is the JSON the job was
// enqueued with; ctx carries the job's id and actor (JobRunOf). progress reports the fraction done (clamped to [0, 1]) and
// a short note; it is cheap to call often (writes are throttled), never
// blocks on the database, and is ignored once ctx is done, so that a
// cancelled or failed job keeps the progress it had reached. ctx is cancelled when the job is cancelled, times
// out or its server stops: the JobFunc must then return promptly (releasing
// its CPU) with ctx's error.
//
// The returned JSON is the job's Result. An error whose KindOf is Internal
// is retried a small number of times; any other kind (Invalid, NotFound,
// Conflict, ...) fails the job at once, since running it again cannot help.
type JobFunc func(ctx context.Context, args json.RawMessage, progress func(done float64, note string)) (json.RawMessage, error)

// JobRun is the job an attempt works, as its JobFunc's context carries it
// (WithJobRun, JobRunOf): what the job makes is made by the job's Actor.
type JobRun struct {
	ID    JobID
	Actor string
}

type jobRunKey struct{}

// WithJobRun returns ctx carrying run; the job queue calls it before a
// JobFunc.
func WithJobRun(ctx context.Context, run JobRun) context.Context {
	return context.WithValue(ctx, jobRunKey{}, run)
}

// JobRunOf returns the job ctx's attempt works, if any.
func JobRunOf(ctx context.Context) (JobRun, bool) {
	run, ok := ctx.Value(jobRunKey{}).(JobRun)
	return run, ok
}

// Jobs is the durable job queue. Jobs live in the database: every server
// sharing it sees the same jobs and their progress, a job is run by one
// server at a time, jobs queued when a server stops are run by the next one,
// and a job whose server died is re-run after a rescue delay instead of
// staying running for ever. Implemented by store/riverjobs.
type Jobs interface {
	// Register installs the function for a job kind. It must be called
	// before Start; registering a kind twice is an error.
	Register(kind string, fn JobFunc) error
	// Start starts working jobs of the registered kinds. It returns once
	// the worker runs; the work stops only with Stop (not with ctx).
	Start(ctx context.Context) error
	// Stop stops taking jobs and waits for running ones until ctx is done;
	// jobs still running then have their contexts cancelled and are left
	// queued, to be re-run by this or another server. A ctx already done
	// cancels them at once. Stop returns once every worker goroutine has
	// ended (or a short grace after ctx).
	Stop(ctx context.Context) error
	// Enqueue queues a job of a registered kind with args (marshalled to
	// JSON; a json.RawMessage is taken as is). An unknown kind or args that
	// do not marshal are Invalid.
	Enqueue(ctx context.Context, kind, actor string, args any) (JobID, error)
	// Get returns a job; an unknown id is NotFound.
	Get(ctx context.Context, id JobID) (Job, error)
	// List returns jobs newest first, those with an id below before when
	// it is positive (the last id of the page before: jobs queued since do
	// not shift the pages), at most limit (limit <= 0 means
	// DefaultJobListLimit, capped at MaxJobListLimit). The jobs come
	// without their Result, which is not even read from the database: a
	// page of a hundred simulations would be megabytes. Their ResultIDs
	// say what they made; Get returns the whole job.
	List(ctx context.Context, limit int, before JobID) ([]Job, error)
	// Cancel cancels a job: a queued job will never run; a running job has
	// its context cancelled promptly (within a couple of seconds on any
	// server) and ends cancelled. Cancelling a finished job is a Conflict,
	// an unknown id NotFound.
	Cancel(ctx context.Context, id JobID) error
}

// Job list limits.
const (
	DefaultJobListLimit = 100
	MaxJobListLimit     = 1000
)

// MaxResultIDs bounds the ids ResultIDsOf takes from one result.
const MaxResultIDs = 8

// ResultIDsOf returns the ids a job's result names: the members of its
// top-level object whose names end in "_id" and whose values are integers,
// at most MaxResultIDs of them (the first by name); nil when there are
// none, or the result is not an object.
func ResultIDsOf(result json.RawMessage) map[string]int64 {
	var top map[string]json.RawMessage
	if json.Unmarshal(result, &top) != nil {
		return nil
	}
	names := make([]string, 0, len(top))
	for name := range top {
		if strings.HasSuffix(name, "_id") {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	var ids map[string]int64
	for _, name := range names {
		// An integer literal: not a string, a fraction, an exponent or a
		// number out of range.
		v, err := strconv.ParseInt(string(bytes.TrimSpace(top[name])), 10, 64)
		if err != nil {
			continue
		}
		if ids == nil {
			ids = map[string]int64{}
		}
		ids[name] = v
		if len(ids) == MaxResultIDs {
			break
		}
	}
	return ids
}
