package scenario

import (
	"time"

	"github.com/staffcast/staffcast/erlang"
	"github.com/staffcast/staffcast/scheduler"
)

// Inputs are what the caller resolved from the document's references, by
// queue name.
type Inputs struct {
	// Demand is each queue's demand before Scale and Campaigns (which
	// Evaluate applies): consecutive intervals of equal length.
	Demand map[string][]Interval
	// Shifts are each queue's shift templates; nil or missing means
	// interval requirements are costed as they are.
	Shifts map[string]*Shifts
	// Locations are the time zones the queues name (QueueSpec.TimeZone),
	// by name, loaded by the caller: the package reads no zone database.
	// A named zone missing here is an error naming the field.
	Locations map[string]*time.Location
}

// Interval is the demand of one interval: contacts offered from Start and
// their mean handle time.
type Interval struct {
	Start  time.Time
	Volume float64
	AHT    time.Duration
	// Bands are the forecast's prediction bounds of Volume (Bands.Volume
	// is ignored); nil when the demand has none. A queue staffed to p80 or
	// expected-sl needs them on every interval with volume.
	Bands *erlang.Bands
	// Closed marks an interval of a day the centre is closed (a
	// calendar's closed day): the humans do not answer then, whatever
	// their hours, so the bot's returns arriving then are unserved rather
	// than staffed. A planning interval is closed when every interval it
	// sums is.
	Closed bool
}

// Shifts are the shift templates to plan a queue's staff with.
type Shifts struct {
	Templates []scheduler.Template
	Weights   scheduler.Weights
	Cyclic    bool // the horizon repeats (a typical week)
}

// Options tune Evaluate, Sweep and Optimize.
type Options struct {
	// Workers is the number of evaluations run in parallel by Sweep and
	// Optimize; <= 0 means 1. The app passes runtime.NumCPU().
	Workers int
	// ShiftEffort is the scheduler's effort for shift plans
	// (scheduler.Options.Effort); 0 means 1.
	ShiftEffort float64
	// Seed seeds the shift planner.
	Seed uint64
	// Progress, when set, is called with how far Evaluate, Sweep or
	// Optimize has got (see Progress), from one goroutine at a time.
	Progress func(Progress)
	// Budget, when set, gives each shift plan (and each of Optimize's
	// searches over the hours) its share of the caller's time (see
	// Budget): a plan whose share ends returns the best plan found by then
	// (scheduler.Plan.Stopped, counted in Totals.PlansStopped), a search
	// the split it has reached (OptimizeResult.Stopped). Nil: every step
	// runs under the call's context, and the same inputs give the same
	// result.
	Budget Budget
}

// OptimizeOptions tune Optimize.
type OptimizeOptions struct {
	Options
	// Grid is the shares the optimizer chooses from, ascending; empty means
	// 0, 0.05, ..., 1 (DefaultGrid).
	Grid []float64
}

// DefaultGrid returns the optimizer's default shares 0, 0.05, ..., 1.
func DefaultGrid() []float64 {
	g := make([]float64, 21)
	for i := range g {
		g[i] = round9(float64(i) * 0.05)
	}
	return g
}
