package scenario

import (
	"context"
	"fmt"
	"math"
	"slices"

	"github.com/staffcast/staffcast/erlang"
	"github.com/staffcast/staffcast/internal/workpool"
)

// maxPasses bounds coordinate descent's rounds over the 24 hours; it ends
// sooner, once every hour has been tried since the last change, and every
// accepted change strictly improves the objective.
const maxPasses = 50

// Optimize chooses, for every queue, the bot share of each hour of day
// from opt.Grid (default DefaultGrid) that minimises the queue's cost
// while keeping the promise in every interval: a candidate keeping it
// beats one that does not, then lower total cost wins. When no candidate
// tried keeps it, the cheapest is chosen, lost contacts priced in (the
// note says so), never one costing more than the best single share.
//
// Method (per queue; queues do not interact). Every grid value is tried
// as a single share for all hours; the best is the start. Coordinate
// descent then visits the hours 0-23 in turn, tries every grid value for
// that hour with the others fixed (opt.Workers trials at a time), keeps a
// strictly better one, and repeats the passes until one changes nothing.
// A trial re-staffs only the intervals whose load or share it changes:
// that hour's intervals and those its returns reach. When no returns
// cross intervals (return_lag 0 or no returning false containment) the
// hours do not interact, one pass is exact, and the note says so;
// otherwise the answer is a coordinate-wise optimum (no single hour's
// change improves it). Hours where the share cannot matter (bot or humans
// closed in all their intervals) are skipped and reported as 0 or 1.
//
// The search costs interval requirements. With shift templates the final
// split and the best single share are both re-evaluated with shift plans
// and the cheaper (fewer broken intervals, then cost) is kept, so the
// answer is never worse than the best single share; the same final
// comparison is made without shifts. Saving is the best single share's
// total cost less the answer's.
//
// opt.Budget splits the time among the steps, one after another: each
// queue's descent over the hours (the single shares are always all tried)
// and its two shift plans. A descent whose share ends stops with the split
// it has reached (Stopped, and the note says so); a plan whose share ends
// returns the best plan found by then (Totals.PlansStopped). opt.Progress
// counts each queue's search as one unit (its trials, against an estimate
// of one pass) and its plans as another.
func Optimize(ctx context.Context, d Document, in Inputs, opt OptimizeOptions) (*OptimizeResult, error) {
	if err := d.Validate(); err != nil {
		return nil, err
	}
	grid, err := checkGrid(opt.Grid)
	if err != nil {
		return nil, err
	}
	if err := CheckOptimize(d); err != nil {
		return nil, err
	}
	res := &OptimizeResult{Grid: grid, Document: d, Result: &Result{Name: d.Name}}
	res.Document.Queues = slices.Clone(d.Queues)
	single := &Result{Name: d.Name}
	exact, planned, stopped := true, false, false
	// The steps of the time (opt.Budget), one after another: each queue's
	// search and, with shift templates, its two plans. The progress counts
	// a queue's search as one unit and its plans as another.
	steps, units := make([]int, len(d.Queues)), 0
	after := 0
	for i, q := range d.Queues {
		steps[i], units = 1, units+1
		if in.Shifts[q.Queue] != nil {
			steps[i], units = 3, units+1
		}
		after += steps[i]
	}
	tr := newTracker(opt.Progress, units)
	unit := 0
	for i, q := range d.Queues {
		m, err := newQueueModel(q, d.queuePath(i), in.Demand[q.Queue], in.Locations)
		if err != nil {
			return nil, err
		}
		left := after
		after -= steps[i]
		var within func(context.Context) (context.Context, context.CancelFunc)
		if opt.Budget != nil {
			within = func(ctx context.Context) (context.Context, context.CancelFunc) { return opt.Budget(ctx, left) }
		}
		var prog *searchProgress
		if tr != nil {
			u := unit
			prog = &searchProgress{queue: q.Queue, total: len(grid) * (1 + 24), report: func(f float64, note string) { tr.set(u, f, note) }}
		}
		s, err := m.optimize(ctx, within, grid, opt.Workers, prog)
		if err != nil {
			return nil, err
		}
		tr.finish(unit, fmt.Sprintf("queue %s: searched the hours", q.Queue))
		unit++
		exact = exact && s.exact
		stopped = stopped || s.stopped
		sh := in.Shifts[q.Queue]
		planned = planned || sh != nil
		var report func(float64, string)
		if tr != nil && sh != nil {
			u := unit
			report = func(f float64, note string) { tr.set(u, f, note) }
		}
		plans := budgetSteps(opt.Budget, 2, after, report)
		eo := Options{ShiftEffort: opt.ShiftEffort, Seed: opt.Seed}
		best, err := m.evaluate(ctx, m.shares(ByHour(s.x)), sh, eo, plans(0, q.Queue))
		if err != nil {
			return nil, err
		}
		one, err := m.evaluate(ctx, m.shares(Uniform(s.single)), sh, eo, plans(1, q.Queue))
		if err != nil {
			return nil, err
		}
		if sh != nil {
			tr.finish(unit, fmt.Sprintf("queue %s: shift plans made", q.Queue))
			unit++
		}
		x := s.x
		if !better(best.Totals.IntervalsBroken, best.Totals.Cost, one.Totals.IntervalsBroken, one.Totals.Cost) &&
			(best.Totals.IntervalsBroken != one.Totals.IntervalsBroken || best.Totals.Cost != one.Totals.Cost) {
			best = one
			for h := range x {
				x[h] = s.single
			}
		}
		res.Document.Queues[i].Bot.Share = ByHour(x)
		res.Result.Queues = append(res.Result.Queues, best)
		single.Queues = append(single.Queues, one)
		res.Queues = append(res.Queues, OptimizedQueue{Queue: q.Queue, Shares: x, BestSingleShare: s.single,
			BestSingleCost: one.Totals.Cost, Cost: best.Totals.Cost, IntervalsBroken: best.Totals.IntervalsBroken})
	}
	res.Result.Totals = totalsOf(res.Result.Queues...)
	res.Totals = res.Result.Totals
	res.BestSingleTotals = totalsOf(single.Queues...)
	res.Saving = res.BestSingleTotals.Cost - res.Totals.Cost
	res.Note = "coordinate descent over hours of day: no single hour's share change improves the answer (returns link the hours, so it is not proven globally optimal)"
	switch {
	case stopped:
		res.Stopped = true
		res.Note = "the time limit stopped the coordinate descent over hours of day before it converged: the split is the best it had reached (never worse than the best single share), and a single hour's share change may still improve it"
	case exact:
		res.Note = "exact for interval costing: no returns cross intervals, so the hours do not interact and each hour's best share is optimal"
	}
	if !res.Totals.KeptPromise {
		res.Note += "; no split tried keeps the promise in every interval, so the cheapest (lost contacts priced in) is chosen"
	}
	if planned {
		res.Note += "; searched on interval requirements, then the split and the best single share were planned with shifts and the cheaper kept"
	}
	if n := res.Totals.PlansStopped + res.BestSingleTotals.PlansStopped; n > 0 {
		res.Note += fmt.Sprintf("; the time limit stopped %d of the shift plans before their full search: their paid hours and service are those of the best plan found by then (plans_stopped)", n)
	}
	return res, nil
}

// checkGrid returns the grid sorted, or the default grid when empty.
func checkGrid(g []float64) ([]float64, error) {
	if len(g) == 0 {
		return DefaultGrid(), nil
	}
	g = slices.Clone(g)
	slices.Sort(g)
	g = slices.Compact(g)
	for _, v := range g {
		if !(v >= 0 && v <= 1) {
			return nil, fieldErr("grid", ErrRange, "share %v is outside [0, 1]", v)
		}
	}
	return g, nil
}

// better reports whether (b1, c1) beats (b2, c2), b broken intervals at
// cost c: keeping the promise in every interval (b = 0) beats breaking it;
// otherwise a cost lower by more than float noise. Between two candidates
// that both break the promise the cost, lost contacts included, decides,
// not the number of broken intervals: fewer broken intervals bought with
// more lost contacts and a higher cost is not a better answer.
func better(b1 int, c1 float64, b2 int, c2 float64) bool {
	if (b1 == 0) != (b2 == 0) {
		return b1 == 0
	}
	return c1 < c2-1e-9*math.Max(1, math.Abs(c2))
}

// searchProgress reports a queue's search (the trials evaluated) to
// report as a fraction of total, an estimate (one pass over the hours)
// that grows when the search runs longer. A nil searchProgress reports
// nothing.
type searchProgress struct {
	queue       string
	done, total int
	report      func(f float64, note string)
}

func (p *searchProgress) add(n int) {
	if p == nil {
		return
	}
	p.done += n
	p.total = max(p.total, p.done)
	p.report(float64(p.done)/float64(p.total), fmt.Sprintf("queue %s: searching the hours, %d trials", p.queue, p.done))
}

// searchResult is one queue's optimised shares.
type searchResult struct {
	x      [24]float64 // by hour of day
	single float64     // best single share
	exact  bool
	// stopped: the context within gave ended the descent before it
	// converged; x is where it had got.
	stopped bool
}

// optimize runs the search of Optimize for one queue on interval costing.
// The single shares are tried under ctx; the coordinate descent from the
// best of them runs under the context within derives from ctx, when set
// (the search's share of a time limit), and stops with the shares it has
// reached when that context ends while ctx has not.
func (m *queueModel) optimize(ctx context.Context, within func(context.Context) (context.Context, context.CancelFunc), grid []float64, workers int, prog *searchProgress) (searchResult, error) {
	naive, err := m.allHuman()
	if err != nil {
		return searchResult{}, err
	}
	// The best single share.
	singles := make([]*searchState, len(grid))
	err = workpool.Run(ctx, len(grid), workers, nil, func(ctx context.Context, k int) error {
		var x [24]float64
		for h := range x {
			x[h] = grid[k]
		}
		s, err := m.newState(x, naive)
		singles[k] = s
		return err
	})
	if err != nil {
		return searchResult{}, err
	}
	prog.add(len(grid))
	best := 0
	for k, s := range singles {
		if better(s.sumBroken, s.sumCost, singles[best].sumBroken, singles[best].sumCost) {
			best = k
		}
	}
	cur := singles[best]
	out := searchResult{single: grid[best], exact: m.funnel.ReturnLag == 0 || m.funnel.ReturnShare == 0 || m.funnel.FalseContainment == 0}
	free := m.freeHours()
	type trial struct {
		broken int
		cost   float64
	}
	trials := make([]trial, len(grid))
	// Visit the hours cyclically until every hour has been tried since the
	// last change (one round when the hours do not interact).
	limit := maxPasses * 24
	if out.exact {
		limit = 24
	}
	dctx := ctx
	if within != nil {
		var cancel context.CancelFunc
		dctx, cancel = within(ctx)
		defer cancel()
	}
	// timeUp reports whether the descent's own context has ended (its
	// share of the time) while ctx has not.
	timeUp := func() bool { return ctx.Err() == nil && dctx.Err() != nil }
	for step, since := 0, 0; since < 24 && step < limit; step++ {
		h := step % 24
		since++
		if !free[h] {
			continue
		}
		if timeUp() {
			out.stopped = true
			break
		}
		err := workpool.Run(dctx, len(grid), workers, nil, func(ctx context.Context, k int) error {
			if grid[k] == cur.x[h] {
				trials[k] = trial{cur.sumBroken, cur.sumCost}
				return nil
			}
			b, c, err := cur.try(h, grid[k])
			trials[k] = trial{b, c}
			return err
		})
		if err != nil && err == dctx.Err() && timeUp() {
			out.stopped = true // this hour's trials are not all in
			break
		}
		if err != nil {
			return searchResult{}, err
		}
		prog.add(len(grid))
		pick := -1
		for k, t := range trials {
			if grid[k] == cur.x[h] {
				continue
			}
			if pick < 0 && better(t.broken, t.cost, cur.sumBroken, cur.sumCost) || pick >= 0 && better(t.broken, t.cost, trials[pick].broken, trials[pick].cost) {
				pick = k
			}
		}
		if pick < 0 {
			continue
		}
		x := cur.x
		x[h] = grid[pick]
		if cur, err = m.newState(x, naive); err != nil {
			return searchResult{}, err
		}
		since = 1
	}
	out.x = cur.x
	for h, f := range free {
		if !f {
			out.x[h] = m.forcedShare(h, out.x[h])
		}
	}
	return out, nil
}

// freeHours reports the hours of day whose share matters: some interval
// of that hour has the bot and humans open.
func (m *queueModel) freeHours() [24]bool {
	var free [24]bool
	for i, h := range m.hour {
		if m.botOpen[i] && m.humOpen[i] {
			free[h] = true
		}
	}
	return free
}

// forcedShare is the share an hour without free intervals effectively
// has: 0 when the bot is closed in all of them, 1 when humans are closed
// (and the bot open) in all, x otherwise (no intervals, or a mix).
func (m *queueModel) forcedShare(h int, x float64) float64 {
	botClosed, humClosed, n := true, true, 0
	for i, hh := range m.hour {
		if hh != h {
			continue
		}
		n++
		botClosed = botClosed && !m.botOpen[i]
		humClosed = humClosed && m.botOpen[i] && !m.humOpen[i]
	}
	switch {
	case n == 0:
		return x
	case botClosed:
		return 0
	case humClosed:
		return 1
	}
	return x
}

// searchState is a queue evaluated on interval costing for shares x by
// hour: what a trial changes is measured against it.
type searchState struct {
	m      *queueModel
	naive  []int
	x      [24]float64
	shares []float64 // effective, per interval
	flows  []erlang.Flows
	agents []int // net agents answering, the hint for re-staffing
	cost   []float64
	broken []bool
	// totals
	sumBroken int
	sumCost   float64
}

// newState evaluates the queue for shares x as Evaluate does.
func (m *queueModel) newState(x [24]float64, naive []int) (*searchState, error) {
	s := &searchState{m: m, naive: naive, x: x, shares: m.shares(ByHour(x))}
	loads, flows, err := m.funnel.HumanSeriesShares(m.plain, s.shares)
	if err != nil {
		return nil, m.staffErr(err)
	}
	mets, err := m.staffAll(loads)
	if err != nil {
		return nil, m.staffErr(err)
	}
	s.flows = flows
	s.agents = make([]int, len(loads))
	s.cost = make([]float64, len(loads))
	s.broken = make([]bool, len(loads))
	for i := range loads {
		r := m.intervalResult(i, s.shares[i], flows[i], loads[i], mets[i], naive[i])
		s.agents[i] = mets[i].Agents
		s.cost[i], s.broken[i] = r.Cost, !r.KeptPromise
		s.sumCost += r.Cost
		if s.broken[i] {
			s.sumBroken++
		}
	}
	return s, nil
}

// try returns the broken intervals and cost with hour h's share set to g.
// Only the intervals it changes are recomputed: hour h's (their flows) and
// those its changed returns reach (their returned volume, updated by the
// difference rather than summed afresh, so a trial's loads may differ
// from a full evaluation's in the last bits). Each is re-staffed from its
// current agents.
func (s *searchState) try(h int, g float64) (int, float64, error) {
	m := s.m
	n := len(m.plain)
	k := m.returnIntervals()
	retDelta := make([]float64, n)
	var touched []int
	mark := make([]bool, n)
	// Hour h's intervals with a new share: their flows and shares.
	type changed struct {
		fl    erlang.Flows
		share float64
	}
	own := map[int]changed{}
	touch := func(j int) {
		if !mark[j] {
			mark[j] = true
			touched = append(touched, j)
		}
	}
	for _, i := range m.byHour[h] {
		sh := m.share(i, g)
		if sh == s.shares[i] {
			continue
		}
		f := m.funnel
		f.BotShare = sh
		fl := f.Split(m.plain[i].Volume)
		fl.Returned = s.flows[i].Returned
		if k > 0 { // its returns falling after the last interval
			fl.Later = fl.False * f.ReturnShare * float64(max(0, i+k-(n-1))) / float64(k)
		}
		own[i] = changed{fl, sh}
		touch(i)
		dr := (fl.False - s.flows[i].False) * f.ReturnShare
		if k == 0 {
			retDelta[i] += dr
			continue
		}
		for j := i + 1; j <= i+k && j < n; j++ {
			retDelta[j] += dr / float64(k)
			touch(j)
		}
	}
	broken, cost := s.sumBroken, s.sumCost
	for _, j := range touched {
		fl, sh := s.flows[j], s.shares[j]
		if c, ok := own[j]; ok {
			fl, sh = c.fl, c.share
		}
		fl.Returned = max(0, fl.Returned+retDelta[j])
		fl.Human = fl.Direct + fl.Escalated + fl.Returned
		load := m.funnel.Blend(m.plain[j], fl.Direct+fl.Returned, fl.Escalated)
		var met erlang.Metrics
		if m.humOpen[j] {
			var err error
			if m.staffTo == StaffToMean {
				met, err = staffNear(load, m.targets, s.agents[j])
			} else {
				met, err = m.staff(j, load)
			}
			if err != nil {
				return 0, 0, m.staffErr(&erlang.IntervalError{Index: j, Err: err})
			}
		}
		r := m.intervalResult(j, sh, fl, load, met, s.naive[j])
		cost += r.Cost - s.cost[j]
		if !r.KeptPromise != s.broken[j] {
			if s.broken[j] {
				broken--
			} else {
				broken++
			}
		}
	}
	return broken, cost, nil
}

// returnIntervals is K = ⌈return_lag / interval⌉, the intervals falsely
// contained contacts return over (0: in their own interval).
func (m *queueModel) returnIntervals() int {
	return int((m.funnel.ReturnLag + m.interval - 1) / m.interval)
}

// staffNear is erlang.Staff started from hint agents: a trial changes a
// load a little, so the answer is usually hint itself (two evaluations:
// hint meets the targets, hint-1 does not) or hint+1. Farther answers
// fall back to erlang.Staff. The minimum is the same as Staff's: at least
// one agent for a load with contacts, and more than the load (and the
// occupancy cap's bound) for Erlang C.
func staffNear(l erlang.Load, t erlang.Targets, hint int) (erlang.Metrics, error) {
	if l.Volume == 0 || hint <= 0 {
		return erlang.Staff(l, t)
	}
	lowest := 1
	if l.Patience == 0 {
		a := l.Erlangs()
		lowest = int(math.Floor(a)) + 1
		if t.MaxOccupancy > 0 {
			lowest = max(lowest, int(math.Ceil(a/t.MaxOccupancy-1e-9)))
		}
	}
	at := func(n int) (erlang.Metrics, bool) {
		if n < lowest {
			return erlang.Metrics{}, false
		}
		m, err := erlang.Evaluate(l, n, t.ServiceTime)
		return m, err == nil && meets(t, m)
	}
	done := func(m erlang.Metrics) (erlang.Metrics, error) {
		m.Scheduled, _ = erlang.Scheduled(m.Agents, t.Shrinkage)
		return m, nil
	}
	if m, ok := at(hint); ok {
		if _, ok := at(hint - 1); !ok {
			return done(m)
		}
	} else if m, ok := at(hint + 1); ok {
		return done(m)
	}
	return erlang.Staff(l, t)
}
