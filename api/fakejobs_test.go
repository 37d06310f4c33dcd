package api

import (
	"context"
	"encoding/json"
	"slices"
	"sync"

	"github.com/staffcast/staffcast/app"
)

// fakeJobs is an in-memory app.Jobs whose jobs a test sets as it likes; it
// runs nothing.
type fakeJobs struct {
	mu    sync.Mutex
	kinds []string
	jobs  []app.Job // by id, ascending
	// stopCtxErr is the error of the context Stop was called with (nil:
	// Stop was told to wait), once stopped is true.
	stopped    bool
	stopCtxErr error
}

var _ app.Jobs = (*fakeJobs)(nil)

func (f *fakeJobs) Register(kind string, _ app.JobFunc) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.kinds = append(f.kinds, kind)
	return nil
}

func (f *fakeJobs) Start(context.Context) error { return nil }

func (f *fakeJobs) Stop(ctx context.Context) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.stopped, f.stopCtxErr = true, ctx.Err()
	return nil
}

// count is the number of jobs.
func (f *fakeJobs) count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.jobs)
}

// add stores a job of kind in state with result and returns its id.
func (f *fakeJobs) add(kind, actor string, state app.JobState, result string) app.JobID {
	f.mu.Lock()
	defer f.mu.Unlock()
	j := app.Job{ID: app.JobID(len(f.jobs) + 1), Kind: kind, Actor: actor, State: state}
	if result != "" {
		j.Result = json.RawMessage(result)
	}
	f.jobs = append(f.jobs, j)
	return j.ID
}

func (f *fakeJobs) Enqueue(_ context.Context, kind, actor string, _ any) (app.JobID, error) {
	return f.add(kind, actor, app.JobQueued, ""), nil
}

func (f *fakeJobs) Get(_ context.Context, id app.JobID) (app.Job, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if id < 1 || int(id) > len(f.jobs) {
		return app.Job{}, app.Errorf(app.NotFound, "job %d not found", id)
	}
	return f.jobs[id-1], nil
}

func (f *fakeJobs) List(_ context.Context, limit int, before app.JobID) ([]app.Job, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := []app.Job{}
	for _, j := range slices.Backward(f.jobs) {
		if (before <= 0 || j.ID < before) && len(out) < limit {
			out = append(out, j)
		}
	}
	return out, nil
}

func (f *fakeJobs) Cancel(_ context.Context, id app.JobID) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if id < 1 || int(id) > len(f.jobs) {
		return app.Errorf(app.NotFound, "job %d not found", id)
	}
	f.jobs[id-1].State = app.JobCancelled
	return nil
}

// withFakeJobs serves with f as the job queue.
func withFakeJobs(f *fakeJobs) serverOpt {
	return func(_ *Config, d *Deps) { d.Jobs = f }
}
