package scheduler

import (
	"context"
	"math"
	"math/rand/v2"
	"sort"
	"sync/atomic"
	"time"
)

// Options tune Solve. The zero value is usable.
type Options struct {
	// Seed makes the search reproducible: the same problem, seed and effort
	// give the same plan on any machine, unless the context's deadline or a
	// cancellation cut it short (then Plan.Stopped is set) or
	// SpendToDeadline left time for the extra rounds (see Solve), which go
	// on until it: never worse than without, but machine-dependent.
	Seed uint64
	// SpendToDeadline makes ctx's deadline time the search may spend: after
	// its fixed effort the search goes on with more rounds of the same
	// sequence until it. Without it a deadline (a request's or a job's)
	// only cuts the fixed effort short; it is not time to spend. Either way
	// the deadline is the only clock, and Solve reads no other: the greedy
	// start, the LP, the search and the bound all stop at it, and Solve
	// then returns the best plan found so far and the best bound proved so
	// far (Plan.Stopped). A caller with a time limit gives Solve a context
	// ending SearchTime(limit) from now, so that Solve returns within the
	// limit and the plan can still be priced and written.
	SpendToDeadline bool
	// Effort scales the number of search moves (1 when 0); the search is
	// bounded by moves, not time, so it is deterministic.
	Effort float64
	// Progress, when set, is called now and then from Solve's goroutine
	// with the fraction of the search done and the best objective so far,
	// and with each better plan of the rounds that end the search (and
	// spend a time limit: the fraction then stays where they started, as
	// only the deadline ends them). The fraction counts the fixed effort;
	// a caller with a time limit measures the time itself (app does).
	Progress func(Progress)
}

// Progress is a snapshot of a running Solve.
type Progress struct {
	Done      float64 // fraction of the planned search, in [0, 1]
	Objective float64 // best objective so far
}

// Cost is a plan's objective and its parts (see Weights).
type Cost struct {
	ShortageMinutes float64 // person-minutes below requirement
	ExcessMinutes   float64 // person-minutes above requirement
	PaidHours       float64
	DistinctShifts  int // distinct (start, length) pairs used
	Objective       float64
}

// Evaluate prices shifts against req with weights w, breaks placed as given.
func Evaluate(req Requirements, w Weights, shifts []PlannedShift) (Cost, Coverage) {
	cov := Cover(req, shifts)
	c := Cost{ShortageMinutes: cov.ShortageMinutes, ExcessMinutes: cov.ExcessMinutes}
	keys := map[[2]time.Duration]bool{}
	for _, ps := range shifts {
		if ps.Count == 0 {
			continue
		}
		c.PaidHours += float64(ps.Count) * ps.PaidTime().Hours()
		keys[[2]time.Duration{ps.Start, ps.Length}] = true
	}
	c.DistinctShifts = len(keys)
	c.Objective = w.Shortage*c.ShortageMinutes + w.Excess*c.ExcessMinutes + w.DistinctShift*float64(c.DistinctShifts) + w.PaidHour*c.PaidHours
	return c, cov
}

// Plan is Solve's answer.
type Plan struct {
	Shifts   []PlannedShift // sorted by day, start, length, breaks
	Coverage Coverage
	Cost
	// LowerBound is a proven lower bound on the objective of any plan (see
	// Solve); Gap = (Objective - LowerBound) / Objective, 0 when both are 0.
	LowerBound float64
	Gap        float64
	// BoundKind says what LowerBound is: BoundLP when it is the value of
	// the covering LP solved to optimality (plus the distinct-shift
	// charge), BoundLagrangian when it is a Lagrangian relaxation's value,
	// not an LP optimum: either the covering LP's at multipliers short of
	// its optimum (a deadline stopped the LP, or the horizon is too large
	// for it), so weaker, or the distinct-shift relaxation's (see Solve),
	// which is stronger wherever it runs (priced weeks of at most 20,000
	// placements). Both are proven bounds.
	BoundKind string
	// Stopped is true when the context's deadline or its
	// cancellation ended some phase before its planned effort: the plan,
	// or only the bound, may then be weaker than without a deadline, and
	// may differ from run to run. The extra LP-window rounds that only
	// spend the time SpendToDeadline leaves over do not set it: they end at
	// the deadline by design, and their plan is never worse than without
	// one (though it may differ from run to run).
	Stopped bool
}

// Kinds of Plan.LowerBound.
const (
	BoundLP         = "lp"
	BoundLagrangian = "lagrangian"
)

// clock polls the context (the only deadline) and reports progress.
// stopped records that the context ended some step early.
type clock struct {
	ctx     context.Context
	fn      func(Progress)
	stopped bool
}

func (c *clock) stop() bool {
	if !c.stopped && c.ctx.Err() != nil {
		c.stopped = true
	}
	return c.stopped
}

// abandonable is its context until quit is set, and then done
// (context.Canceled): improve abandons a round running ahead by it, and
// the round's LPs, which poll Err, stop within a few pivots.
type abandonable struct {
	context.Context
	quit atomic.Bool
}

func (a *abandonable) Err() error {
	if a.quit.Load() {
		return context.Canceled
	}
	return a.Context.Err()
}

func (c *clock) context() context.Context { return c.ctx }

func (c *clock) progress(frac, best float64) {
	if c.fn != nil {
		c.fn(Progress{Done: min(1, frac), Objective: best})
	}
}

// Solve designs shifts covering p.Requirements at least cost.
//
// Method. Covering slots with interval shifts is a network problem when
// there are no breaks: differencing consecutive coverage rows makes every
// shift an arc from its start to its end (Segal 1974), so a min-cost flow
// solves it exactly. Solve starts from a greedy plan, then alternates exact
// flow re-optimisations (the cyclic week cut at a quiet slot, the shifts
// crossing the cut kept; the distinct-shift fixed charge linearised by
// dynamic slope scaling, then shifts dropped one by one while that pays, as
// in Di Gaspero et al. 2007, "The minimum shift design problem") with
// simulated annealing over head-counts (one person more or less, moved to a
// neighbouring shape, or every person of a distinct shift moved at once:
// Musliu, Schaerf & Slany 2004). Breaks are smeared over their windows while
// shifts are designed, then placed one person at a time where coverage is
// furthest above need, and a last repair adds, removes and re-breaks people
// against the exact coverage. When the horizon falls apart into pieces no
// shift links (a centre closed at night), each piece's LP over every (shift,
// break placement) is solved exactly by the simplex, and its optimum, rounded
// down and repaired, is a second candidate plan.
//
// Otherwise the week's LP is solved by column generation (see weekLP) and
// its optimum rounded and repaired the same way.
//
// Bound. The LP optimum of the pieces when they are small, otherwise the
// week LP's value (a Lagrangian value at its final duals, so still valid
// when a deadline cuts the generation; then also a subgradient ascent,
// and the larger kept); to either the distinct-shift charge is added once
// when covering something beats covering nothing. With a distinct-shift
// charge, on weeks of at most 20,000 placements, also the distinct-shift
// relaxation, which counts a distinct shift's coverage as useful only up
// to the requirement times its open fraction (see distinctBound), maximised
// from the LP's duals; the larger is kept. Plan.BoundKind says which.
// Gap = (Objective - LowerBound) / Objective.
//
// Last, rounds of LP-window search from the best plan (see improve): on a
// week with breaks that does not fall apart into days or that prices
// distinct shifts, until a fixed number of rounds in a row (scaled by
// Options.Effort) bring nothing; with Options.SpendToDeadline,
// the same sequence of rounds goes on in the time left, so more time never
// gives a worse plan.
//
// Deadline and determinism. Every phase is bounded by effort (moves,
// pivots, subgradient steps; Options.Effort scales the search), never by
// time, so without a deadline the same problem and seed give the same plan
// on any machine, and with Options.SpendToDeadline the context's deadline
// is the only time it spends beyond
// its effort (a context's deadline alone is no invitation to). The
// context's deadline and its cancellation end every phase
// early: Solve then returns within moments the best plan so far, priced
// exactly, with a bound proved before the deadline (at worst one cheap
// Lagrangian step, so weaker), and Plan.Stopped set. Two cores are used
// without changing the outcome: the LP side runs beside the search from the
// greedy plan (they share only the model), and the rounds of LP-window
// search run two at a time, each from the plan current when it starts and
// used only if that plan is still current in its turn. No goroutine
// outlives Solve. Solve returns an error only for an invalid or oversized
// problem (see Problem.Validate).
func Solve(ctx context.Context, p Problem, opt Options) (Plan, error) {
	m, err := newModel(p)
	if err != nil {
		return Plan{}, err
	}
	_, hasDeadline := ctx.Deadline()
	spend := opt.SpendToDeadline && hasDeadline
	ck := &clock{ctx: ctx, fn: opt.Progress}
	effort := opt.Effort
	if effort <= 0 {
		effort = 1
	}
	// The search and the LP rounding draw from streams of their own, so
	// the search does not depend on which optimal vertex the LP lands on.
	rng := rand.New(rand.NewPCG(opt.Seed, 0x5eed5ca1))
	rngLP := rand.New(rand.NewPCG(opt.Seed, 0x1b5ca1ed))
	// The greedy plan is the floor of what a deadline returns.
	s := newDesign(m)
	s.greedy(ck)
	// An exact LP when the horizon falls apart into small pieces (closed
	// nights), otherwise the week LP by column generation: its bound, and
	// its optimum rounded down and repaired.
	lpRes, lpOK := m.solveLP(ck)
	dayLP := lpOK
	kind := BoundLP
	ck.progress(0.05, m.noShiftCost())
	// The LP side (the week LP, the Lagrangian bound without it, the LP's
	// roundings) runs beside the search from the greedy plan below: they
	// share only the model, and each has its own clock and stream, so the
	// outcome is that of running them in turn. Progress is reported from
	// this goroutine only, by the search.
	//
	// Its work comes in two parts: the bound and a first rounding (ready
	// when lpRounded closes), then the moves over distinct shifts (slope
	// scaling, drops; ready when lpDone closes). The search waits for
	// both, except under a time limit on weeks of more than
	// slopeScaleMaxPlacements placements, where the second part takes
	// seconds: there it goes on from the first rounding, and the later
	// plan joins the LP-window rounds when it is ready (latePlan). On the
	// centre open 24 hours the second part takes about 9 s, and waiting
	// for it gave 121,549 at 10 s and 15 s limits where starting the
	// rounds at once gives 120,805 and 120,746. On smaller weeks waiting
	// keeps a limited run the fixed-effort run followed by more rounds, so
	// never worse than it (not waiting, the March small centre ended at
	// 8,050 at 30 s, where it ends at 8,025 without a limit).
	var lag *lagrangian
	var first, best Plan // the LP side's first rounding, and its last plan
	var firstUnits, bestUnits []unit
	var lpStopped bool // whether the deadline cut the first part
	lck := &clock{ctx: ctx}
	greedyObj := s.objective()
	lpRounded := make(chan struct{})
	lpDone := make(chan struct{})
	go func() {
		defer close(lpDone)
		rounded := false
		defer func() {
			if !rounded {
				close(lpRounded)
			}
		}()
		if !lpOK {
			var exact bool
			lpRes, exact, lpOK = m.weekLP(lck, nil, nil)
			if !exact {
				kind = BoundLagrangian
			}
		}
		// Without the LP, the Lagrangian bound, partly now so that a
		// deadline during the search still leaves a proved bound.
		if !lpOK || kind == BoundLagrangian {
			kind = BoundLagrangian
			lag = newLagrangian(m)
			lag.run(lagIters/4, greedyObj, lck)
		}
		if lpOK && !m.capped() {
			firstUnits = roundLP(m, lpRes, rngLP, 8, lck)
			first = finish(p, m, firstUnits)
		}
		lpStopped, rounded = lck.stopped, true
		close(lpRounded)
		best, bestUnits = first, firstUnits
		if lpOK && !m.capped() && m.distinctCost > 0 && m.hasBreaks() {
			// Without breaks the exact flow moves of the search do this.
			// Also where the week falls apart into days: the day LPs are
			// exact but blind to the charge, which couples the days (the
			// schedule example without a limit, seeds 1 and 3: 5,502 and
			// 5,458.5 without these, 5,413.5 and 5,460 with them).
			bestUnits = slopeScale(m, lpRes, firstUnits, rngLP, lck)
			bestUnits = dropKeys(m, lpRes, bestUnits, rngLP, lck)
			best = finish(p, m, bestUnits)
		}
	}()
	iters := int(effort * float64(searchMoves(m)))
	u := max(m.short, m.exc)
	if u == 0 {
		u = max(m.distinctCost, 1)
	}
	from, span := 0.05, 0.8
	if m.flowReady() {
		// Exact flow moves dominate; a short annealing mixes between them.
		// On weeks of more than diveMaxRows slots with breaks the LP
		// side's plan wins (by 0.5-1.3% on the 15-minute benchmarks) and
		// finishes first, so the search there is a fallback: one cut,
		// not four, as each exact flow re-solve costs most of a second
		// (the 24/7 week at 15 minutes, priced: the same plan in 3.0 s,
		// not 4.9; the centre open 24 hours in 10.1 s, not 12.1).
		nCuts := 4
		if m.hasBreaks() && !m.capped() && m.n > diveMaxRows {
			nCuts = 1
		}
		cuts := m.cutPoints(nCuts)
		for round, c := range cuts {
			s.flowImprove(c, ck)
			s.descend(ck)
			s.anneal(rng, iters/len(cuts), 0.5*u, 0.02*u, ck, from+span*float64(round)/float64(len(cuts)), span/float64(len(cuts)))
			s.descend(ck)
		}
		if m.distinctCost > 0 && !m.hasBreaks() {
			// The set of distinct shifts, which drops alone leave at a
			// local optimum (README: the Shift Design benchmark). With
			// breaks the flow misprices their losses, and the LP moves
			// after the search do this work.
			s.swapKeys(cuts[0], ck)
			s.flowImprove(cuts[0], ck)
			// The fixed rounds, then with a time limit more of the same
			// sequence: a later limit never ends the kicks worse.
			kicks := int(math.Ceil(kicksPerEffort * effort))
			s.kickKeys(rng, cuts[0], kicks, kicks, 2, from+span, ck)
			if spend {
				s.kickKeys(rng, cuts[0], math.MaxInt, kickStallDeadline, 4, from+span, ck)
			}
			s.descend(ck)
		}
	} else {
		s.anneal(rng, iters, 2*u, 0.02*u, ck, from, span)
		s.descend(ck)
	}
	us := unitSetOf(m, placeBreaks(m, s, ck))
	if m.hasBreaks() {
		us.repair(ck)
		if !dayLP && !m.capped() {
			// No small pieces: improve by LP windows of 16 hours (a day
			// shift and its neighbours: an LP of a few thousand columns
			// the simplex solves in a fraction of a second).
			us = us.windowLNS(int(16*time.Hour/m.req.Interval), ck)
		}
	}
	<-lpRounded
	var late *latePlan
	if spend && m.large() {
		late = &latePlan{done: lpDone, units: &bestUnits}
		if lpStopped {
			ck.stopped = true
		}
	} else {
		<-lpDone
		first, firstUnits = best, bestUnits
		if lck.stopped {
			ck.stopped = true
		}
	}
	plan := finish(p, m, us.units)
	startUnits := us.units
	if first.Shifts != nil && first.Objective <= plan.Objective {
		plan, startUnits = first, firstUnits
	}
	ck.progress(roundsDone, plan.Objective)
	if lpOK {
		plan.LowerBound = lpRes.value
		if dayLP {
			plan.LowerBound *= 1 - 1e-9 // the simplex stops within its tolerance
		}
		if m.distinctCost > 0 {
			plan.LowerBound = min(plan.LowerBound+m.distinctCost, m.noShiftCost())
		}
	}
	if lag != nil {
		lag.run(lagIters-lagIters/4, plan.Objective, ck)
		plan.LowerBound = max(plan.LowerBound, lag.bound())
	}
	if m.distinctCost > 0 && !ck.stopped {
		// The distinct-shift bound, from the LP's duals when there are
		// (weeks of at most keyBoundMaxPlacements placements).
		start := lpRes.duals
		if start == nil && lag != nil {
			start = lag.pi
		}
		if v, ok := distinctBound(m, start, plan.Objective, int(math.Ceil(keyBoundIters*effort)), ck); ok && v > plan.LowerBound {
			plan.LowerBound, kind = v, BoundLagrangian
		}
	}
	// Not clamped to the objective: a bound above it is a bug to be seen.
	// It cannot be negative with non-negative weights; max only absorbs the
	// simplex's perturbation when the LP is 0.
	plan.LowerBound = max(0, plan.LowerBound)
	if plan.Objective > 0 {
		plan.Gap = (plan.Objective - plan.LowerBound) / plan.Objective
	}
	plan.BoundKind = kind
	if lpOK && !m.capped() && !ck.stopped {
		// Window rounds: a fixed number without progress, then, when a
		// time limit leaves time, more of the same sequence until it.
		// The fixed rounds only where they pay for their time: a week
		// with breaks that is round the clock or prices distinct shifts.
		// The per-day LPs of a centre closed at night (or of any short
		// horizon) are exact, but blind to a distinct-shift charge, which
		// couples the days: there improveStall rounds, without kicks
		// (without the rounds, the realistic week ended 0.68% above its
		// bound, now 0.33%; the schedule example, seeds 1 and 3, at
		// 5,766 and 5,721, now 5,502 and 5,458.5. With 200 rounds and
		// kicks it reached 5,364 and 5,386.5 in 4 s, not 0.8 s, but a
		// two-day test week took 16 s, not 0.5 s.)
		stall := 0
		if m.hasBreaks() && (!dayLP || m.distinctCost > 0) {
			stall = max(4, int(float64(improveStall)*effort))
		}
		if m.hasBreaks() && !dayLP {
			if !m.large() {
				// A round re-solves a window of at most a few thousand
				// columns.
				stall = max(4, int(float64(improveStallMid)*effort))
			}
			if m.n <= diveMaxRows {
				// A week of half-hours: a round costs hundredths of a
				// second, and a small centre still improves after 48.
				stall = max(4, int(float64(improveStallSmall)*effort))
			}
		}
		units, obj, next, cut := improve(m, startUnits, plan.LowerBound, opt.Seed, 0, stall, 0, false, late, ck)
		if spend && !cut {
			stall := improveStallDeadline
			if m.distinctCost > 0 {
				// Kicks still find better plans thousands of fruitless
				// rounds on: the time given is spent.
				stall = math.MaxInt
			}
			units, obj, _, _ = improve(m, units, plan.LowerBound, opt.Seed, next, stall, improveKickAfter, true, late, &clock{ctx: ctx, fn: opt.Progress})
		} else if !cut && !dayLP && m.distinctCost > 0 && m.n <= diveMaxRows && stall > 0 {
			// A priced week of half-hours: its rounds are cheap, and on
			// a small centre kicks still find better plans long after
			// the fixed rounds stall. The 24/7 centres at 30 minutes pay
			// about 1.5 s: for nothing in June, for 17.5 in March (a
			// scratch build that ran them only where the charges reach
			// dropKeyShare of the LP ended at 102,397.5, not 102,380).
			// The same sequence a time limit continues.
			units, obj, _, _ = improve(m, units, plan.LowerBound, opt.Seed, next, max(4, int(float64(improveStallKicks)*effort)), improveKickAfter, false, late, ck)
		}
		if late.fallbackObjective() < obj {
			units, obj = late.fallback, late.fallbackObj
		}
		if obj < plan.Objective-1e-6 {
			plan = finishAs(p, m, units, plan)
		}
	}
	if late != nil && !late.taken {
		// The LP side's last plan came after the rounds ended (or none
		// ran); it stops at the deadline at the latest.
		<-lpDone
		if best.Shifts != nil && best.Objective < plan.Objective-1e-6 {
			plan = finishAs(p, m, bestUnits, plan)
		}
	}
	plan.Stopped = ck.stopped
	ck.progress(1, plan.Objective)
	return plan, nil
}

// finishAs prices units as a Plan with the bound of plan.
func finishAs(p Problem, m *model, units []unit, plan Plan) Plan {
	out := finish(p, m, units)
	out.LowerBound, out.BoundKind = plan.LowerBound, plan.BoundKind
	if out.Objective > 0 {
		out.Gap = (out.Objective - out.LowerBound) / out.Objective
	}
	return out
}

// latePlan is the LP side's last plan under a time limit on a large week,
// which joins the LP-window rounds when it is ready (see Solve): take
// returns its units once, after done has closed, and nothing before or
// after.
type latePlan struct {
	done  <-chan struct{}
	units *[]unit
	taken bool
	// fallback is the best plan of the rounds when the late plan, nearly
	// as good, replaced it (nil until then), and fallbackObj its
	// objective.
	fallback    []unit
	fallbackObj float64
}

// fallbackObjective is the objective of l's fallback, +Inf when none.
func (l *latePlan) fallbackObjective() float64 {
	if l == nil || l.fallback == nil {
		return math.Inf(1)
	}
	return l.fallbackObj
}

func (l *latePlan) take() ([]unit, bool) {
	if l == nil || l.taken {
		return nil, false
	}
	select {
	case <-l.done:
		l.taken = true
		return *l.units, true
	default:
		return nil, false
	}
}

// SearchTime is the part of a time limit Solve searches for: all of it
// less 2% (at most searchReserve), kept for pricing the plan, for the
// LP side to notice the deadline and for the caller's output. A run given
// 30 s otherwise ended 30 ms after the limit (staffcast schedule on the
// 24/7 week at 15 minutes: 30.03 s), as the search used every moment of
// it; with 1% (at most 0.25 s) it ended after 29.78 s idle and 29.86 s
// with four CPU burners on two cores, too close to the limit for a loaded
// machine.
func SearchTime(limit time.Duration) time.Duration {
	return limit - min(limit/50, searchReserve)
}

// searchReserve caps the part of a time limit Solve does not search for.
const searchReserve = 500 * time.Millisecond

// slopeScaleRounds is how many times slopeScale re-solves the week LP on
// weeks of at most slopeScaleMaxPlacements (shift, break placement)
// columns, slopeScaleRoundsLarge on larger ones, where each re-solve
// starts from the last LP's master.
const (
	slopeScaleRounds        = 4
	slopeScaleRoundsLarge   = 12
	slopeScaleMaxPlacements = 20_000
)

// large reports whether the week has more than slopeScaleMaxPlacements
// (shift, break placement) columns (a centre open 24 hours with two breaks
// a shift), where each week LP from scratch takes seconds.
func (m *model) large() bool { return m.placementCount() > slopeScaleMaxPlacements }

// placementCount is the number of (shift, break placement) columns.
func (m *model) placementCount() int {
	n := 0.0
	for _, col := range m.cols {
		n += m.shapes[col.shape].placements
	}
	return int(n)
}

// slopeScale re-solves the week LP with the distinct-shift charge spread
// over each distinct shift's people in the last LP (dynamic slope scaling,
// Kim & Pardalos 1999: a shift the LP used x times costs DistinctShift/x
// more a person), which gathers the people onto fewer distinct shifts;
// on weeks of at most slopeScaleMaxPlacements placements each LP is
// rounded and repaired, and the best plan, units included, is returned.
//
// On weeks of more than slopeScaleMaxPlacements placements (a centre open
// 24 hours with two breaks a shift) each LP starts from the last one's
// master, which costs a tenth of a solve from scratch, so it runs
// slopeScaleRoundsLarge rounds, and only the LP of the best score (its
// fractional cost plus the charges of the distinct shifts it uses) is
// rounded, by a whole-week dive over those shifts. The centre open 24
// hours without a limit: 120,805 (66 distinct shifts) in 10.1 s without
// slope scaling (its LPs took 2.8 s each from scratch), 120,685 with 4
// warm rounds, 120,409 with 12, 120,411 (34 distinct shifts) in 22.6 s
// with the dive too; under a 30 s limit 120,658, 120,381 and 120,299-
// 120,311 (the search waiting for them; 120,320-120,333 not waiting, as
// it now does under a limit: see Solve). Smaller weeks keep 4 rounds
// from scratch: their LPs take a fraction of a second, and warm starts,
// which land on other optimal vertices, moved their plans both ways (the
// Israeli weeks and the realistic week: by -27.5 to +27.5, 20 worse in
// all).
func slopeScale(m *model, res lpResult, units []unit, rng *rand.Rand, st stopper) []unit {
	best := unitSetOf(m, units)
	bestObj := best.total()
	large := m.large()
	rounds := slopeScaleRounds
	if large {
		rounds = slopeScaleRoundsLarge
	}
	extra := make([]float64, m.nKeys)
	for k := range extra {
		extra[k] = m.distinctCost
	}
	var diveKeys []bool
	bestScore := math.Inf(1)
	for round := 0; round < rounds && !st.stop(); round++ {
		tot, _ := keyUsage(m, res)
		for k, x := range tot {
			if x > 1e-6 {
				extra[k] = m.distinctCost / max(x, 1)
			}
		}
		var ok bool
		res, _, ok = m.weekLP(st, extra, m.reSolveFrom(res))
		if !ok || st.stop() {
			break
		}
		if large {
			// Not rounded: the dive below gives the plan (a scratch
			// trace of the centre open 24 hours: these LPs' roundings
			// 121,480-122,152, the dive 120,524-120,864), and their 0.2-
			// 0.5 s each held the late plan back by about 3 s.
			tot, used := keyUsage(m, res)
			if sc := lpCost(m, res) + m.distinctCost*float64(used); sc < bestScore {
				bestScore, diveKeys = sc, usedKeys(tot)
			}
			continue
		}
		us := roundLP(m, res, rng, 2, st)
		u := unitSetOf(m, us)
		if o := u.total(); o < bestObj-1e-9 {
			best, bestObj = u, o
		}
	}
	if diveKeys != nil && !st.stop() {
		if d := dive(m, diveKeys, st); d != nil && d.total() < bestObj-1e-9 {
			best = d
		}
	}
	return best.units
}

// reSolveFrom is the master a re-solve of the week LP after res starts
// from: res's on weeks of more than slopeScaleMaxPlacements placements,
// none (a solve from scratch) on smaller ones (see slopeScale).
func (m *model) reSolveFrom(res lpResult) *lpMaster {
	if m.large() {
		return res.master
	}
	return nil
}

// dropKeyShare is the share of the LP's value the distinct-shift charges
// of the shifts it uses must reach for dropKeys to run, and dropKeyTries
// how many of the least used shifts each step tries to leave out, in at
// most dropKeyMaxLPs LPs.
const (
	dropKeyShare  = 0.02
	dropKeyTries  = 3
	dropKeyMaxLPs = 64
)

// dropKeys is the drop heuristic of facility location for the
// distinct-shift charge: from the shifts the week LP uses, leave out the
// least used one (of the dropKeyTries least) while the LP over the rest
// plus a charge per shift it uses gets cheaper; then round and repair that
// LP. It returns the better of that plan and units. It runs only where the
// charges matter (a small centre), as each step solves the week LP again.
func dropKeys(m *model, res lpResult, units []unit, rng *rand.Rand, st stopper) []unit {
	tot, used := keyUsage(m, res)
	if m.distinctCost*float64(used) < dropKeyShare*res.value {
		return units
	}
	score := res.value + m.distinctCost*float64(used)
	extra := make([]float64, m.nKeys)
	for k := range extra {
		if tot[k] == 0 {
			extra[k] = math.Inf(1)
		}
	}
	for solves := 0; solves < dropKeyMaxLPs && !st.stop(); {
		// Candidates: the least used shifts, fewest people first.
		var cand []int
		for k, x := range tot {
			if x > 0 {
				cand = append(cand, k)
			}
		}
		sort.SliceStable(cand, func(i, j int) bool { return tot[cand[i]] < tot[cand[j]] })
		improved := false
		for _, k := range cand[:min(len(cand), dropKeyTries)] {
			extra[k] = math.Inf(1)
			solves++
			r, _, ok := m.weekLP(st, extra, m.reSolveFrom(res))
			if !ok || st.stop() {
				extra[k] = 0
				break
			}
			t, u := keyUsage(m, r)
			if sc := lpCost(m, r) + m.distinctCost*float64(u); sc < score-1e-9 {
				score, res, tot, improved = sc, r, t, true
				for k2, x := range tot {
					if x == 0 {
						extra[k2] = math.Inf(1)
					}
				}
				break
			}
			extra[k] = 0
		}
		if !improved {
			break
		}
	}
	cur := unitSetOf(m, units)
	alt := unitSetOf(m, roundLP(m, res, rng, 8, st))
	if m.n <= diveMaxRows {
		if d := dive(m, usedKeys(tot), st); d != nil {
			if d.total() < alt.total() {
				alt = d
			}
		}
	}
	if alt.total() < cur.total()-1e-9 {
		return alt.units
	}
	return units
}

// keyUsage is the people an LP solution puts on each distinct shift, and
// how many distinct shifts it uses.
func keyUsage(m *model, r lpResult) (tot []float64, used int) {
	tot = make([]float64, m.nKeys)
	for _, lc := range r.cols {
		k := m.keyOf[m.cols[lc.col].shape]
		if tot[k] == 0 {
			used++
		}
		tot[k] += lc.x
	}
	return tot, used
}

// usedKeys marks the distinct shifts with people on them in tot.
func usedKeys(tot []float64) []bool {
	keys := make([]bool, len(tot))
	for k, x := range tot {
		keys[k] = x > 0
	}
	return keys
}

// lpCost is the objective of an LP solution without the distinct-shift
// charge, its coverage priced exactly (fractional head-counts).
func lpCost(m *model, r lpResult) float64 {
	cov := make([]float64, m.n)
	c := 0.0
	for _, lc := range r.cols {
		col := m.cols[lc.col]
		c += lc.x * m.paid[col.shape]
		for i, w := range m.profile(lc.col, lc.breaks) {
			if t := m.slot(col, i); t >= 0 {
				cov[t] += lc.x * w
			}
		}
	}
	for t, v := range cov {
		c += m.cost(t, v)
	}
	return c
}

// finish prices units exactly as a Plan.
func finish(p Problem, m *model, units []unit) Plan {
	shifts := aggregate(m, units)
	plan := Plan{Shifts: shifts}
	plan.Cost, plan.Coverage = Evaluate(p.Requirements, p.Weights, shifts)
	return plan
}

// capped reports whether some template has a MaxCount, which the LP does
// not model: its optimum is then only a bound, not a plan to round.
func (m *model) capped() bool {
	for _, mc := range m.maxCount {
		if mc > 0 {
			return true
		}
	}
	return false
}

// noShiftCost is the objective of the empty plan.
func (m *model) noShiftCost() float64 {
	c := 0.0
	for _, r := range m.r {
		c += m.short * r
	}
	return c
}

// searchMoves is the default annealing length: enough moves for every
// column to be tried a few hundred times, within bounds.
func searchMoves(m *model) int {
	n := 400 * len(m.cols)
	return max(200_000, min(n, 4_000_000))
}

// unit is one person's shift with its breaks placed (break starts in slots
// from the shift start).
type unit struct {
	col    int
	breaks []int
}

// aggregate groups identical units into PlannedShifts, sorted.
func aggregate(m *model, units []unit) []PlannedShift {
	type key struct {
		col int
		brk string
	}
	idx := map[key]int{}
	var out []PlannedShift
	for _, u := range units {
		k := key{u.col, fmtInts(u.breaks)}
		if i, ok := idx[k]; ok {
			out[i].Count++
			continue
		}
		idx[k] = len(out)
		out = append(out, PlannedShift{Shift: m.toShift(m.cols[u.col], u.breaks), Count: 1})
	}
	sort.Slice(out, func(i, j int) bool { return ShiftLess(out[i].Shift, out[j].Shift) })
	return out
}

func fmtInts(v []int) string {
	b := make([]byte, 0, 4*len(v))
	for _, x := range v {
		b = append(b, byte(x>>8), byte(x), ',')
	}
	return string(b)
}

// improveStall is how many improvement rounds in a row may bring nothing
// before improve ends its fixed effort (scaled by Options.Effort);
// improveStallMid the same on weeks of at most slopeScaleMaxPlacements
// placements (the Israeli weeks at 15 minutes: 100 instead of 48 turns
// the small centre's paid plan from 919 h into 908 h for 5 s more, and
// takes the priced ones a little further), and improveStallSmall on
// weeks of at most diveMaxRows slots (the small centre at 30 minutes:
// 9,638 at 48, 9,622 at 200, measured before the kicks below);
// improveStallDeadline is the same when a time limit gives it time to spend
// and no distinct shift is priced (or as many rounds as it took to find
// the best plan, if more); on priced weeks the search goes on to the
// deadline, and one that has found nothing better than its current plan
// for improveKickAfter rounds restarts from the best plan kicked (the
// small centre at 30 minutes under a 30 s limit: 9,647.5 without kicks,
// 9,622.5 kicking after 300 rounds, 9,610 after 200; with faster rounds
// it found 9,622.5 at round 782 and 9,610 at round 6,810, so a stop after
// 4,000 fruitless rounds, or as many as the best took, ended it at
// 9,622.5 after 10 s).
// Without a time limit, priced weeks of at most diveMaxRows slots go on
// with kicks until improveStallKicks rounds bring no better plan (the
// small centre at 30 minutes: 9,648 in 2.9 s without, 9,622 in 6.1 s;
// 2,000 gave the same 9,622 in 7.7 s).
const (
	improveStall         = 48
	improveStallMid      = 100
	improveStallSmall    = 200
	improveStallDeadline = 4000
	improveKickAfter     = 200
	improveStallKicks    = 1000
)

// roundsDone is the fraction of the search Solve reports done when the
// rounds of improve start; improve reports it with each better plan it
// finds (a time limit may keep the rounds going for most of it).
const roundsDone = 0.9

// improve runs rounds of large neighbourhood search from the best plan:
// round i empties a window of half a day to a day and a half at an offset
// drawn from its own stream (seed, i), re-solves its LP against the rest,
// rounds and repairs it, and keeps the result when it is better. Every
// other round (when shifts are priced per distinct shift) offers the LP
// only the distinct shifts the plan already uses, so the repair does not
// pay for new ones. Each round is deterministic; a round the context cuts
// short is dropped. It ends when the gap to the bound closes or after stall
// rounds in a row without a better plan (when patient, or as many as the
// rounds run, from 0, when the best plan was found, if more: it gives up
// after as long a fruitless stretch as its progress took): Solve runs it
// with a fixed stall limit, then, when a time limit leaves time, continues
// the same sequence of rounds with a larger one and kicks (after kickAfter
// rounds without a better current plan, if kickAfter > 0; see
// improveKickAfter), so a later limit never gives a worse plan. late, when
// not nil, is the LP side's last plan under a time limit on a large week:
// when it is ready and better than the best plan, the rounds go on from
// it. It returns the best units and their objective, the next round, and
// whether the context cut it short.
func improve(m *model, units []unit, lower float64, seed uint64, from, stall, kickAfter int, patient bool, late *latePlan, ck *clock) (out []unit, bestObj float64, next int, cut bool) {
	cur := unitSetOf(m, units)
	bestSet, bestObj := cur, cur.total()
	best := bestObj // the current plan's objective
	i := from
	since := 0    // rounds since the best plan last improved
	stuck := 0    // rounds since the current plan last improved
	lastBest := 0 // rounds run (from 0) when the best plan was found
	// accept makes trial the current plan, and the best when it is.
	accept := func(trial *unitSet, o float64, rounds int) {
		cur, best, stuck = trial, o, 0
		if o < bestObj-1e-6 {
			bestSet, bestObj, since, lastBest = trial, o, 0, rounds
			ck.progress(roundsDone, min(bestObj, late.fallbackObjective()))
		}
	}
	// Rounds run ahead, side by side (improveAhead at a time), each from
	// the plan current when it started; a round is used only if that plan
	// is still current when its turn comes, otherwise it is abandoned and
	// run again. So the outcome is the sequential one on any number of
	// cores, and the time of the fruitless rounds, most of them, is shared.
	type ahead struct {
		base  *unitSet
		trial *unitSet
		ctx   *abandonable
		clk   clock
		done  chan struct{}
	}
	running := map[int]*ahead{}
	start := func(j int) {
		a := &ahead{base: cur, ctx: &abandonable{Context: ck.ctx}, done: make(chan struct{})}
		a.clk = clock{ctx: a.ctx}
		running[j] = a
		go func() {
			defer close(a.done)
			a.trial = improveRound(m, a.base, seed, j, &a.clk)
		}()
	}
	drop := func(j int) {
		a := running[j]
		a.ctx.quit.Store(true)
		<-a.done
		delete(running, j)
	}
	defer func() {
		for j := range running {
			drop(j)
		}
	}()
	for since < stall || (patient && since < lastBest) {
		if ck.stop() {
			return bestSet.units, bestObj, i, true
		}
		if bestObj-lower <= 1e-9*max(1, bestObj) {
			break
		}
		if us, ok := late.take(); ok {
			// Under a time limit, the LP side's last plan, when it is
			// better: the rounds go on from it (those running from the
			// plan it replaces are dropped below).
			trial := unitSetOf(m, us)
			switch o := trial.total(); {
			case o < bestObj-1e-6:
				accept(trial, o, i)
			case o < bestObj*(1+lateSwitch):
				// Nearly as good, and from the LP's whole-week moves
				// over distinct shifts: the search goes on from it, as
				// the rounds reach better plans from there than from
				// the first rounding, even where those found better
				// ones before it came (see lateSwitch). The plan it
				// replaces is kept aside, and Solve returns it if
				// nothing beats it.
				late.fallback, late.fallbackObj = bestSet.units, bestObj
				bestSet, bestObj, cur, best, since, stuck = trial, o, trial, o, 0, 0
			}
		}
		if kickAfter > 0 && m.distinctCost > 0 && stuck >= kickAfter {
			// Kick: from the best plan, leave out a distinct shift drawn
			// at random among those in use and repair; the search goes
			// on from there, so it can leave a plan every move around it
			// leaves no better.
			for j := range running {
				drop(j)
			}
			rng := roundStream(seed, i)
			trial := bestSet.withoutKey(bestSet.randomKey(rng), ck)
			if ck.stop() {
				return bestSet.units, bestObj, i, true
			}
			accept(trial, trial.total(), i+1)
			since++
			i++
			continue
		}
		ahead := improveAhead
		if late != nil && !late.taken {
			// The LP side is still at work on the late plan: one
			// round at a time leaves it a core (see lateSwitch).
			ahead = 1
		}
		for j := i; j < i+ahead; j++ {
			if a, ok := running[j]; ok && a.base != cur {
				drop(j)
			}
			if _, ok := running[j]; !ok {
				start(j)
			}
		}
		a := running[i]
		<-a.done
		delete(running, i)
		if a.clk.stopped {
			ck.stopped = true
			return bestSet.units, bestObj, i, true // cut short: dropped
		}
		i++
		if t := a.trial; t != nil && t.total() < best-1e-6 {
			accept(t, t.total(), i)
			continue
		}
		since++
		stuck++
	}
	return bestSet.units, bestObj, i, false
}

// lateSwitch is how much worse than the best plan so far the LP side's
// late plan (latePlan) may be and still become the plan the search goes on
// from (the best so far is kept aside and returned if nothing beats it).
// On the centre open 24 hours the rounds from the first rounding stall at
// 120,560-120,800, and those from the late plan (120,671 when it comes,
// 15-25 s in) reach about 120,300; with windowKeyShare the first track was
// at 120,565-120,592 when it came (traced in scratch builds), so the late
// plan was dropped and the 30 s runs ended near 120,560. While it is
// pending the rounds run one at a time, as under load its LPs did not end
// within 30 s beside two rounds. With the three: 120,286.25 and 120,298.75
// at 30 s, 120,242.5 at 60 s (-bench AroundTheClockWeekTimeLimit, idle).
const lateSwitch = 0.01

// roundStream is the random stream of round i of improve (a kick in its
// place draws from it too).
func roundStream(seed uint64, i int) *rand.Rand {
	return rand.New(rand.NewPCG(seed^0x1a2b3c4d, uint64(i)))
}

// improveAhead is how many rounds of improve run at once.
const improveAhead = 2

// improveRound is round i of improve from plan cur (which it does not
// change): empty a window and re-solve it, with only the distinct shifts
// in use on odd rounds of priced weeks, or on every fourth round leave
// out one of the least used distinct shifts and repair. It returns nil
// when the round's LP fails.
func improveRound(m *model, cur *unitSet, seed uint64, i int, ck *clock) *unitSet {
	rng := roundStream(seed, i)
	w := m.perDay/2 + rng.IntN(m.perDay+1)
	w = min(w, m.n)
	a := rng.IntN(m.n)
	if !m.cyclic {
		a = rng.IntN(m.n - w + 1)
	}
	if m.distinctCost > 0 && i%4 == 3 {
		return cur.withoutKey(cur.leastUsedKey(rng), ck)
	}
	var keys []bool
	if m.distinctCost > 0 && i%2 == 1 {
		keys = make([]bool, m.nKeys)
		for k, c := range cur.keyUse {
			keys[k] = c > 0
		}
	}
	trial := cur.clone()
	if !trial.window(a, w, keys, true, ck) {
		return nil
	}
	return trial
}
