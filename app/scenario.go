package app

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"time"

	"github.com/staffcast/staffcast/erlang"
	"github.com/staffcast/staffcast/scenario"
	"github.com/staffcast/staffcast/scheduler"
)

// ScenarioSources resolve the references of a scenario document: where a
// queue's demand and shift templates come from. The CLI reads files
// (paths relative to the document); the API reads the store (stored
// forecasts, history, shift templates). A source refuses a reference its
// face does not support with a *scenario.FieldError naming the field
// relative to the queue ("demand.forecast_id"), which ResolveScenario
// places in the document ("queues[1].demand.forecast_id").
type ScenarioSources interface {
	// Demand resolves q.Demand to consecutive intervals of equal length,
	// before Scale and Campaigns (which the scenario package applies).
	Demand(ctx context.Context, q scenario.QueueSpec) ([]scenario.Interval, error)
	// Shifts resolves q.Templates; nil when q.Templates is "".
	Shifts(ctx context.Context, q scenario.QueueSpec) (*scenario.Shifts, error)
}

// ResolveScenario validates d and resolves every queue's demand and shift
// templates through src. Errors: Invalid for a bad document or reference
// (with Detail.Field the dotted path in d), Canceled when ctx ends, the
// source's own kind otherwise.
func ResolveScenario(ctx context.Context, d scenario.Document, src ScenarioSources) (scenario.Inputs, error) {
	in := scenario.Inputs{Demand: map[string][]scenario.Interval{}, Shifts: map[string]*scenario.Shifts{}}
	if err := ctx.Err(); err != nil {
		return in, Wrap(Canceled, "scenario", err)
	}
	if err := d.Validate(); err != nil {
		return in, scenarioError("", err)
	}
	zones, err := scenarioZones(d)
	if err != nil {
		return in, err
	}
	in.Locations = zones
	for i, q := range d.Queues {
		demand, err := src.Demand(ctx, q)
		if err != nil {
			return in, scenarioError("", inQueue(d, i, err))
		}
		in.Demand[q.Queue] = demand
		if q.Templates == "" {
			continue
		}
		sh, err := src.Shifts(ctx, q)
		if err != nil {
			return in, scenarioError("", inQueue(d, i, err))
		}
		if sh != nil {
			in.Shifts[q.Queue] = sh
		}
	}
	return in, nil
}

// scenarioZones loads the time zones d's queues name (the scenario package
// reads no zone database). A zone this machine does not know is Invalid
// naming the queue's time_zone field.
func scenarioZones(d scenario.Document) (map[string]*time.Location, error) {
	zones := map[string]*time.Location{}
	for i, q := range d.Queues {
		if q.TimeZone == "" || zones[q.TimeZone] != nil {
			continue
		}
		loc, err := time.LoadLocation(q.TimeZone)
		if err != nil {
			fe := &scenario.FieldError{Field: "time_zone", Err: fmt.Errorf("%w: %q is not a time zone this machine knows", scenario.ErrSyntax, q.TimeZone)}
			return nil, scenarioError("", inQueue(d, i, fe))
		}
		zones[q.TimeZone] = loc
	}
	return zones, nil
}

// RunScenario resolves d and evaluates it (scenario.Evaluate). Errors as
// ResolveScenario's; a problem the evaluation finds in the inputs (demand
// that does not fit, templates that do not plan) is Invalid; the time limit
// reached before the work was done is Invalid naming time_limit (see
// ScenarioOptions).
func RunScenario(ctx context.Context, d scenario.Document, src ScenarioSources, opt ScenarioOptions) (*scenario.Result, error) {
	r := beginScenario(ctx, opt)
	defer r.end()
	res, err := runScenario(r.ctx, d, src, r.options(opt))
	return res, r.err(err)
}

// runScenario is RunScenario with the scenario package's options.
func runScenario(ctx context.Context, d scenario.Document, src ScenarioSources, opt scenario.Options) (*scenario.Result, error) {
	in, err := ResolveScenario(ctx, d, src)
	if err != nil {
		return nil, err
	}
	res, err := scenario.Evaluate(ctx, d, in, opt)
	if err != nil {
		return nil, scenarioError("scenario run", err)
	}
	return res, nil
}

// SweepScenario resolves d once and evaluates it at every point of the
// grid vary spans (scenario.Sweep), in parallel. No vary is Invalid
// (field "vary"); errors otherwise as RunScenario's.
func SweepScenario(ctx context.Context, d scenario.Document, src ScenarioSources, vary []scenario.Vary, opt ScenarioOptions) (*scenario.SweepResult, error) {
	if len(vary) == 0 {
		return nil, Invalidf("vary", "give at least one field to vary, like bot.share=0:0.9:0.1")
	}
	r := beginScenario(ctx, opt)
	defer r.end()
	in, err := ResolveScenario(r.ctx, d, src)
	if err != nil {
		return nil, r.err(err)
	}
	res, err := scenario.Sweep(r.ctx, d, in, vary, r.options(opt))
	if err != nil {
		return nil, r.err(scenarioError("scenario sweep", err))
	}
	return res, nil
}

// OptimizeScenario resolves d and chooses every queue's bot share per hour
// of day from grid (scenario.Optimize; empty: scenario.DefaultGrid).
// Errors as RunScenario's.
func OptimizeScenario(ctx context.Context, d scenario.Document, src ScenarioSources, grid []float64, opt ScenarioOptions) (*scenario.OptimizeResult, error) {
	r := beginScenario(ctx, opt)
	defer r.end()
	in, err := ResolveScenario(r.ctx, d, src)
	if err != nil {
		return nil, r.err(err)
	}
	res, err := scenario.Optimize(r.ctx, d, in, scenario.OptimizeOptions{Options: r.options(opt), Grid: grid})
	if err != nil {
		return nil, r.err(scenarioError("scenario optimize", err))
	}
	return res, nil
}

// CompareScenarios evaluates every document with its own sources
// (srcs[i] resolves docs[i]) and sets them side by side against the first
// (scenario.Compare). A scenario is named by its document's name, or
// "scenario N". An error names the scenario it is about in its Op. The
// time limit is the whole comparison's: scenario i's shift plans share it
// with those of the scenarios after it, and its progress is the i-th of
// len(docs) parts.
func CompareScenarios(ctx context.Context, docs []scenario.Document, srcs []ScenarioSources, opt ScenarioOptions) (*scenario.Comparison, error) {
	if len(docs) == 0 {
		return nil, Invalidf("scenarios", "give at least one scenario to compare")
	}
	if len(srcs) != len(docs) {
		return nil, Errorf(Internal, "compare: %d sources for %d scenarios", len(srcs), len(docs))
	}
	r := beginScenario(ctx, opt)
	defer r.end()
	later := laterPlans(docs)
	results := make([]*scenario.Result, len(docs))
	names := make([]string, len(docs))
	for i, d := range docs {
		names[i] = d.Name
		if names[i] == "" {
			names[i] = fmt.Sprintf("scenario %d", i+1)
		}
		so := r.options(opt)
		if b := so.Budget; b != nil {
			after := later[i]
			so.Budget = func(ctx context.Context, left int) (context.Context, context.CancelFunc) { return b(ctx, left+after) }
		}
		if p := so.Progress; p != nil {
			part, name := float64(i), names[i]
			p(scenario.Progress{Done: part / float64(len(docs)), Note: fmt.Sprintf("scenario %d of %d (%s)", i+1, len(docs), name)})
			so.Progress = func(w scenario.Progress) {
				p(scenario.Progress{Done: (part + w.Done) / float64(len(docs)), Note: fmt.Sprintf("scenario %d of %d (%s): %s", i+1, len(docs), name, w.Note)})
			}
		}
		res, err := runScenario(r.ctx, d, srcs[i], so)
		if err := r.err(err); err != nil {
			var ae *Error
			// The time limit is the comparison's, not this scenario's.
			if errors.As(err, &ae) && ae.Kind != Canceled && FieldOf(err) != "time_limit" {
				e := *ae
				e.Op = joinOp("compare "+names[i], ae.Op)
				return nil, &e
			}
			return nil, err
		}
		results[i] = res
	}
	cmp := scenario.Compare(results, names)
	return &cmp, nil
}

// laterPlans returns, for each of docs, the shift plans of the documents
// after it (a queue with templates makes one).
func laterPlans(docs []scenario.Document) []int {
	later := make([]int, len(docs))
	for i := len(docs) - 2; i >= 0; i-- {
		later[i] = later[i+1]
		for _, q := range docs[i+1].Queues {
			if q.Templates != "" {
				later[i]++
			}
		}
	}
	return later
}

// defaultWorkers is the scenario evaluations run at a time by default:
// one per CPU.
func defaultWorkers() int { return runtime.NumCPU() }

// inQueue places a source's *scenario.FieldError about queue i in the
// document: "demand.forecast" becomes "queues[1].demand.forecast" when d
// has more than one queue (an inline document's fields are top-level).
func inQueue(d scenario.Document, i int, err error) error {
	var fe *scenario.FieldError
	if len(d.Queues) <= 1 || !errors.As(err, &fe) {
		return err
	}
	field := fmt.Sprintf("queues[%d]", i)
	if fe.Field != "" {
		field += "." + fe.Field
	}
	return &scenario.FieldError{Field: field, Err: fe.Err}
}

// CheckOptimizeScenario says, before any work, whether d's bot shares may
// be optimised (scenario.CheckOptimize): Invalid naming the field if not.
func CheckOptimizeScenario(d scenario.Document) error {
	return scenarioError("scenario optimize", scenario.CheckOptimize(d))
}

// scenarioError classifies an error of the scenario package or of a
// source: a *scenario.FieldError is Invalid with one Detail naming the
// field; the package's sentinels and the erlang and scheduler errors about
// the input are Invalid (scheduler ones name the field "templates"); a
// context error is Canceled; an *Error keeps its kind; anything else is
// Internal.
func scenarioError(op string, err error) error {
	var ae *Error
	var fe *scenario.FieldError
	var te *scheduler.TemplateError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &ae):
		return err
	case isContextErr(err):
		return Wrap(Canceled, op, err)
	case errors.As(err, &fe):
		return &Error{Kind: Invalid, Err: err, Details: []Detail{{Field: fe.Field, Reason: fe.Err.Error()}}}
	case errors.As(err, &te), isAny(err, scheduler.ErrNoTemplates, scheduler.ErrWeights, scheduler.ErrWindow, scheduler.ErrGrid,
		scheduler.ErrNoShift, scheduler.ErrName, scheduler.ErrInterval, scheduler.ErrWholeDays, scheduler.ErrNegativeNeed,
		scheduler.ErrHorizonTooLong, scheduler.ErrTooManyTemplates, scheduler.ErrTooManyVariants,
		scheduler.ErrTooManyPlacements, scheduler.ErrTooManyShifts):
		return &Error{Kind: Invalid, Op: op, Err: err, Details: []Detail{{Field: "templates", Reason: err.Error()}}}
	case isAny(err, scenario.ErrInvalid, scenario.ErrDemand, scenario.ErrVary, scenario.ErrRange, scenario.ErrSyntax,
		scenario.ErrMissing, scenario.ErrUnknownField):
		return &Error{Kind: Invalid, Err: err}
	case isAny(err, erlang.ErrTooLarge, erlang.ErrUnstable, erlang.ErrFunnel, erlang.ErrTarget, erlang.ErrNoTarget,
		erlang.ErrVolume, erlang.ErrAHT, erlang.ErrInterval, erlang.ErrPatience, erlang.ErrServiceTime, erlang.ErrShrinkage):
		return &Error{Kind: Invalid, Op: op, Err: err}
	}
	return Wrap(Internal, op, err)
}

// isAny reports whether err matches one of the targets.
func isAny(err error, targets ...error) bool {
	for _, t := range targets {
		if errors.Is(err, t) {
			return true
		}
	}
	return false
}

// joinOp prefixes op with outer: "compare b.json: scenario run".
func joinOp(outer, op string) string {
	if op == "" {
		return outer
	}
	return outer + ": " + op
}
