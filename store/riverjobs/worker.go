package riverjobs

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"sync"
	"time"

	"github.com/riverqueue/river"

	"github.com/staffcast/staffcast/app"
)

// worker is the one River worker: it runs the JobFunc registered for the
// job's Staffcast kind.
type worker struct {
	river.WorkerDefaults[envelope]
	q *Queue
}

func (w *worker) Work(ctx context.Context, job *river.Job[envelope]) error {
	return w.q.work(ctx, job)
}

// work runs one attempt and turns its outcome into River's vocabulary:
// nil completes, JobCancel(err) with the failed mark fails for good,
// JobSnooze(0) puts the job back (server stopping), another error retries.
func (q *Queue) work(ctx context.Context, job *river.Job[envelope]) error {
	q.mu.RLock()
	fn := q.funcs[job.Args.JobKind]
	q.mu.RUnlock()
	if fn == nil {
		return q.fail(ctx, app.Errorf(app.Invalid, "no function registered for job kind %q", job.Args.JobKind))
	}

	pw := newProgressWriter(ctx, q, job.ID, job.Attempt)
	pw.start()
	result, err := func() (json.RawMessage, error) {
		defer pw.stop() // also when fn panics (River recovers and retries)
		return fn(app.WithJobRun(ctx, app.JobRun{ID: app.JobID(job.ID), Actor: job.Args.Actor}), job.Args.Args, pw.report)
	}()
	if p, ok := pw.last(); ok {
		_ = river.MetadataSet(ctx, metaProgress, p) // merged when the attempt is recorded
	}

	switch {
	case err == nil:
		if len(result) > 0 {
			if !json.Valid(result) {
				return q.fail(ctx, fmt.Errorf("job kind %q returned a result that is not valid JSON", job.Args.JobKind))
			}
			if err := river.RecordOutput(ctx, result); err != nil {
				return q.fail(ctx, fmt.Errorf("record result: %w", err))
			}
			// The ids it names, beside it, for lists, which leave it out.
			if ids := app.ResultIDsOf(result); ids != nil {
				_ = river.MetadataSet(ctx, metaResultIDs, ids)
			}
		}
		return nil
	case errors.Is(context.Cause(ctx), river.ErrJobCancelledRemotely):
		return err // River records the job as cancelled
	case errors.Is(ctx.Err(), context.DeadlineExceeded):
		return q.fail(ctx, fmt.Errorf("job exceeded its time limit of %s: %w", q.opts.JobTimeout, err))
	case ctx.Err() != nil && q.stopping.Load():
		// Interrupted by Stop: back to the queue at once, without
		// counting an attempt, for this or another server.
		return river.JobSnooze(0)
	case app.KindOf(err) != app.Internal:
		return q.fail(ctx, err)
	default:
		return err // retried up to MaxAttempts
	}
}

// fail ends the job for good as failed: River's JobCancel stops retries and
// the metadata mark tells toJob it failed rather than was cancelled.
func (q *Queue) fail(ctx context.Context, err error) error {
	_ = river.MetadataSet(ctx, metaFailed, true)
	return river.JobCancel(err)
}

// progressWriter stores a running job's progress in its row, at most once
// per Options.ProgressEvery, from its own goroutine so that report never
// waits for the database.
type progressWriter struct {
	ctx     context.Context // the attempt's
	q       *Queue
	id      int64
	attempt int

	mu      sync.Mutex
	cur     progressState
	have    bool // cur was reported
	written progressState
	wrote   bool

	kick chan struct{}
	quit chan struct{}
	done chan struct{}
}

func newProgressWriter(ctx context.Context, q *Queue, id int64, attempt int) *progressWriter {
	return &progressWriter{ctx: ctx, q: q, id: id, attempt: attempt,
		kick: make(chan struct{}, 1), quit: make(chan struct{}), done: make(chan struct{})}
}

// report is the progress callback given to the JobFunc. Once the
// attempt's context is done (the job cancelled, timed out or its server
// stopping) it keeps nothing more: a job keeps the progress it had
// reached, not what its function reports while giving up (the scheduler,
// stopped, reports its search done).
func (p *progressWriter) report(done float64, note string) {
	if math.IsNaN(done) || p.ctx.Err() != nil {
		return
	}
	done = min(max(done, 0), 1)
	if len(note) > 200 {
		note = note[:200]
	}
	p.mu.Lock()
	p.cur, p.have = progressState{Done: done, Note: note}, true
	p.mu.Unlock()
	select {
	case p.kick <- struct{}{}:
	default:
	}
}

func (p *progressWriter) last() (progressState, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.cur, p.have
}

func (p *progressWriter) start() {
	go p.loop(p.ctx)
}

func (p *progressWriter) stop() {
	close(p.quit)
	<-p.done
}

func (p *progressWriter) loop(ctx context.Context) {
	defer close(p.done)
	var lastWrite time.Time
	for {
		select {
		case <-p.quit:
			return
		case <-p.kick:
		}
		if wait := p.q.opts.ProgressEvery - time.Since(lastWrite); wait > 0 {
			t := time.NewTimer(wait)
			select {
			case <-p.quit:
				t.Stop()
				return
			case <-t.C:
			}
		}
		p.mu.Lock()
		cur, changed := p.cur, !p.wrote || p.cur != p.written
		p.mu.Unlock()
		if !changed {
			continue
		}
		if err := p.q.writeProgress(ctx, p.id, p.attempt, cur); err != nil {
			if ctx.Err() == nil {
				p.q.opts.Logger.Warn("riverjobs: progress not stored", slog.Int64("job_id", p.id), slog.String("error", err.Error()))
			}
		} else {
			p.mu.Lock()
			p.written, p.wrote = cur, true
			p.mu.Unlock()
		}
		lastWrite = time.Now()
	}
}

// writeProgress merges the progress into the row's metadata while this
// attempt still runs the job.
func (q *Queue) writeProgress(ctx context.Context, id int64, attempt int, p progressState) error {
	b, err := json.Marshal(p)
	if err != nil {
		return err
	}
	var query string
	switch q.dialect {
	case Postgres:
		query = `UPDATE river_job SET metadata = metadata || jsonb_build_object('` + metaProgress + `', $1::jsonb)
			WHERE id = $2 AND state = 'running' AND attempt = $3`
	default:
		query = `UPDATE river_job SET metadata = jsonb_set(metadata, '$.` + metaProgress + `', jsonb(?))
			WHERE id = ? AND state = 'running' AND attempt = ?`
	}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	_, err = q.db.ExecContext(ctx, query, string(b), id, attempt)
	return err
}
