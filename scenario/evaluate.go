package scenario

import (
	"context"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/staffcast/staffcast/erlang"
)

// Evaluate computes every queue of d on its demand in.Demand[queue]:
// the bot funnel interval by interval, Erlang staffing of what reaches
// humans, the headcount cap, shift plans when in.Shifts has the queue's
// templates, costs, and totals (see the package doc for the model). d must
// be valid (Parse validates). It stops with ctx's error when ctx ends.
// opt.Budget splits the time among the shift plans; opt.Progress hears of
// the plans' searches (of the queues, without plans).
func Evaluate(ctx context.Context, d Document, in Inputs, opt Options) (*Result, error) {
	if err := d.Validate(); err != nil {
		return nil, err
	}
	k := plannedQueues(d, in)
	tr := newTracker(opt.Progress, 1)
	var report func(float64, string)
	var queueDone func(int)
	if tr != nil {
		report = func(f float64, note string) { tr.set(0, f, note) }
		if k == 0 {
			queueDone = func(i int) {
				tr.set(0, float64(i+1)/float64(len(d.Queues)), fmt.Sprintf("queue %d of %d", i+1, len(d.Queues)))
			}
		}
	}
	return evaluateDoc(ctx, d, in, opt, budgetSteps(opt.Budget, k, 0, report), queueDone)
}

// evaluateDoc is Evaluate with its shift plans run as steps says and
// queueDone, when set, called after each queue.
func evaluateDoc(ctx context.Context, d Document, in Inputs, opt Options, steps planSteps, queueDone func(i int)) (*Result, error) {
	res := &Result{Name: d.Name, Queues: make([]QueueResult, len(d.Queues))}
	j := 0 // the shift plans made so far
	for i, q := range d.Queues {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		m, err := newQueueModel(q, d.queuePath(i), in.Demand[q.Queue], in.Locations)
		if err != nil {
			return nil, err
		}
		sh := in.Shifts[q.Queue]
		var pr planRun
		if sh != nil {
			pr = steps(j, q.Queue)
			j++
		}
		qr, err := m.evaluate(ctx, m.shares(q.Bot.Share), sh, opt, pr)
		if err != nil {
			return nil, err
		}
		if pr.progress != nil {
			pr.progress(1)
		}
		res.Queues[i] = qr
		if queueDone != nil {
			queueDone(i)
		}
	}
	res.Totals = totalsOf(res.Queues...)
	return res, nil
}

// evaluate computes the queue with the effective share of every interval,
// its shift plan (with sh) run as pr says.
func (m *queueModel) evaluate(ctx context.Context, shares []float64, sh *Shifts, opt Options, pr planRun) (QueueResult, error) {
	loads, flows, err := m.funnel.HumanSeriesShares(m.plain, shares)
	if err != nil {
		return QueueResult{}, m.staffErr(err)
	}
	mets, err := m.staffAll(loads)
	if err != nil {
		return QueueResult{}, m.staffErr(err)
	}
	naive, err := m.allHuman()
	if err != nil {
		return QueueResult{}, err
	}
	qr := QueueResult{Queue: m.q.Queue, Interval: Duration(m.interval), Intervals: make([]IntervalResult, len(loads))}
	for i := range loads {
		qr.Intervals[i] = m.intervalResult(i, shares[i], flows[i], loads[i], mets[i], naive[i])
	}
	if sh != nil {
		if err := m.applyShifts(ctx, &qr, loads, sh, opt, pr); err != nil {
			return QueueResult{}, err
		}
	}
	qr.Totals = totalsOf(qr)
	return qr, nil
}

// staffLoads returns loads with no volume while humans are closed.
func (m *queueModel) staffLoads(loads []erlang.Load) []erlang.Load {
	out := make([]erlang.Load, len(loads))
	for i, l := range loads {
		if !m.humOpen[i] {
			l.Volume = 0
		}
		out[i] = l
	}
	return out
}

// allHuman returns the scheduled agents of every interval with no bot,
// the base of the naive "cut headcount in proportion to the bot share".
func (m *queueModel) allHuman() ([]int, error) {
	if m.naive != nil {
		return m.naive, nil
	}
	mets, err := m.staffAll(m.plain)
	if err != nil {
		return nil, m.staffErr(err)
	}
	m.naive = make([]int, len(mets))
	var hours, contacts float64
	for i, met := range mets {
		m.naive[i] = met.Scheduled
		if m.humOpen[i] {
			hours += float64(met.Scheduled) * m.interval.Hours()
			contacts += m.plain[i].Volume
		}
	}
	// A return beyond the horizon is priced as the human contact it will
	// be: the all-human paid cost of a contact (constant for the queue, so
	// the optimiser's trials stay local); lost when humans never answer.
	m.laterPrice = m.q.LostContactCost
	if contacts > 0 {
		m.laterPrice = hours * m.q.Humans.HourlyCost / contacts
	}
	return m.naive, nil
}

// staffErr names the queue and interval of a staffing error.
func (m *queueModel) staffErr(err error) error {
	var ie *erlang.IntervalError
	if errors.As(err, &ie) && ie.Index < len(m.starts) {
		return fmt.Errorf("scenario: queue %q, interval starting %s: %w", m.q.Queue, m.starts[ie.Index].Format(time.RFC3339), ie.Err)
	}
	return fmt.Errorf("scenario: queue %q: %w", m.q.Queue, err)
}

// intervalResult builds interval i's result from its flows, its human load hl
// and the Erlang staffing met of that load; allHuman is the interval's
// scheduled agents with no bot.
func (m *queueModel) intervalResult(i int, share float64, fl erlang.Flows, hl erlang.Load, met erlang.Metrics, allHuman int) IntervalResult {
	r := IntervalResult{
		Start: m.starts[i], Offered: fl.Offered, BotShare: share, BotSessions: fl.Bot,
		Contained: fl.Contained, Escalated: fl.Escalated, FalseContained: fl.False, Returned: fl.Returned,
		Unresolved: fl.False * (1 - m.q.Bot.ReturnShare), ReturnsBeyondHorizon: fl.Later, HumanContacts: fl.Human,
		HumanAHTSeconds: hl.AHT.Seconds(), HumanPatienceSeconds: hl.Patience.Seconds(),
		NaiveScheduledAgents: ceil(float64(allHuman) * (1 - share)),
	}
	if !m.humOpen[i] {
		// Nobody answers: every human contact is unserved, so none is
		// answered in time and all are lost at the human queue.
		r.Unserved = fl.Human
		if r.Unserved > 0 {
			r.AbandonRate = 1
		}
		// The promise is for the hours humans answer: an interval they are
		// closed does not break it, though its unserved contacts weigh on
		// the totals' service level and abandonment and are costed as lost.
		r.KeptPromise = true
		// Its requirement is nobody: Erlang's figures of no agent (the
		// load's handle time and patience were validated when it was
		// staffed, with no volume).
		none, _ := m.evaluateAt(i, hl, 0)
		r.required(0, none)
		m.cost(&r)
		return r
	}
	r.RequiredAgents = met.Agents
	capped := m.q.Humans.MaxAgents > 0 && met.Scheduled > m.q.Humans.MaxAgents
	if !capped {
		m.serve(&r, float64(met.Scheduled), met)
		r.required(met.Agents, met)
		return r
	}
	avail, at := m.answering(i, hl, float64(m.q.Humans.MaxAgents))
	m.serve(&r, float64(m.q.Humans.MaxAgents), at)
	r.required(avail, at)
	r.UncappedScheduledAgents = float64(met.Scheduled)
	r.KeptPromise = false
	return r
}

// required sets r's requirement figures: agents answering and their met.
func (r *IntervalResult) required(agents int, met erlang.Metrics) {
	r.RequiredAnsweringAgents = agents
	r.RequiredServiceLevel, r.RequiredASASeconds, r.RequiredAbandonRate, r.RequiredOccupancy = met.ServiceLevel, met.ASASeconds, met.PAbandon, met.Occupancy
}

// answering returns the agents answering with scheduled agents on shift,
// ⌊scheduled × (1 - shrinkage)⌋, and their figures on interval i's human
// load hl.
func (m *queueModel) answering(i int, hl erlang.Load, scheduled float64) (int, erlang.Metrics) {
	avail := int(math.Floor(scheduled*(1-m.q.Shrinkage) + 1e-9))
	met, _ := m.evaluateAt(i, hl, avail) // the load validated when it was staffed
	return avail, met
}

// serveWith evaluates the human load with scheduled agents (floor of
// scheduled x (1 - shrinkage) answering) and fills r's service and costs.
func (m *queueModel) serveWith(r *IntervalResult, i int, hl erlang.Load, scheduled float64) {
	_, met := m.answering(i, hl, scheduled)
	m.serve(r, scheduled, met)
}

// serve fills r's service figures from met, with scheduled agents paid for
// the interval, and its costs.
func (m *queueModel) serve(r *IntervalResult, scheduled float64, met erlang.Metrics) {
	served := r.HumanContacts - r.Unserved
	r.ScheduledAgents = scheduled
	r.RequiredScheduledAgents = scheduled
	r.UncappedScheduledAgents = scheduled
	r.PaidHours = scheduled * m.interval.Hours()
	r.ServiceLevel, r.ASASeconds, r.AbandonRate, r.Occupancy = met.ServiceLevel, met.ASASeconds, met.PAbandon, met.Occupancy
	r.Abandoned = served * met.PAbandon
	r.ReachedHumanInPromise = served * met.ServiceLevel
	r.KeptPromise = served == 0 || meets(m.targets, met)
	m.cost(r)
}

// cost sets lost contacts and the costs of r from its paid hours.
func (m *queueModel) cost(r *IntervalResult) {
	r.Lost = r.Abandoned + r.Unresolved + r.Unserved
	r.CostHumans = r.PaidHours * m.q.Humans.HourlyCost
	r.CostBot = r.BotSessions * m.q.Bot.CostPerSession
	r.CostLost = r.Lost * m.q.LostContactCost
	r.CostBeyondHorizon = r.ReturnsBeyondHorizon * m.laterPrice
	r.Cost = r.CostHumans + r.CostBot + r.CostLost + r.CostBeyondHorizon
}

// meets reports whether met keeps every target of t (as erlang.Staff
// decides).
func meets(t erlang.Targets, met erlang.Metrics) bool {
	switch {
	case t.ServiceLevel > 0 && met.ServiceLevel < t.ServiceLevel:
		return false
	case t.MaxASA > 0 && !(met.ASASeconds <= t.MaxASA.Seconds()):
		return false
	case t.MaxAbandon > 0 && met.PAbandon > t.MaxAbandon:
		return false
	case t.MaxOccupancy > 0 && met.Occupancy > t.MaxOccupancy:
		return false
	}
	return true
}

// ceil rounds x up, ignoring float noise below 1e-9.
func ceil(x float64) int { return int(math.Ceil(x - 1e-9*math.Max(1, math.Abs(x)))) }

// totalsOf sums the intervals of queues (see Totals).
func totalsOf(queues ...QueueResult) Totals {
	var t Totals
	var served, slw, asaw, occw, agents float64 // served: human contacts queued (not unserved)
	t.KeptPromise = true
	for _, q := range queues {
		if q.Plan != nil && q.Plan.Stopped {
			t.PlansStopped++
		}
		h := q.Interval.D().Hours()
		for _, r := range q.Intervals {
			t.Intervals++
			if !r.KeptPromise {
				t.IntervalsBroken++
				t.KeptPromise = false
			}
			t.HumanContacts += r.HumanContacts
			t.BotSessions += r.BotSessions
			t.PaidHours += r.PaidHours
			t.CostHumans += r.CostHumans
			t.CostBot += r.CostBot
			t.CostLost += r.CostLost
			t.CostBeyondHorizon += r.CostBeyondHorizon
			t.ReturnsBeyondHorizon += r.ReturnsBeyondHorizon
			t.Offered += r.Offered
			t.Contained += r.Contained
			t.Escalated += r.Escalated
			t.Returned += r.Returned
			t.Unresolved += r.Unresolved
			t.Unserved += r.Unserved
			t.Abandoned += r.Abandoned
			t.Lost += r.Lost
			t.NaivePaidHours += float64(r.NaiveScheduledAgents) * h
			t.RequiredPaidHours += r.RequiredScheduledAgents * h
			t.UncappedRequiredPaidHours += r.UncappedScheduledAgents * h
			if s := r.HumanContacts - r.Unserved; s > 0 {
				served += s
				slw += r.ReachedHumanInPromise
				asaw += s * r.ASASeconds
			}
			occw += r.Occupancy * r.ScheduledAgents
			agents += r.ScheduledAgents
		}
	}
	t.Cost = t.CostHumans + t.CostBot + t.CostLost + t.CostBeyondHorizon
	// Service level and abandonment are over all human contacts, as the
	// intervals' are: an unserved contact is not answered in time and is
	// lost. ASA is over the contacts that queued (an unserved contact has
	// no wait).
	t.ServiceLevel = 1
	if t.HumanContacts > 0 {
		t.ServiceLevel = slw / t.HumanContacts
		t.AbandonRate = (t.Abandoned + t.Unserved) / t.HumanContacts
	}
	if served > 0 {
		t.ASASeconds = asaw / served
	}
	if agents > 0 {
		t.Occupancy = occw / agents
	}
	if t.Offered > 0 {
		t.ReachedHumanShare = slw / t.Offered
	}
	// Sums of interval hours carry float noise (5076.500000000002): hours
	// to a microhour read as the planner's figures.
	t.PaidHours, t.NaivePaidHours, t.RequiredPaidHours = microhours(t.PaidHours), microhours(t.NaivePaidHours), microhours(t.RequiredPaidHours)
	t.UncappedRequiredPaidHours = microhours(t.UncappedRequiredPaidHours)
	// Like with like: the naive cut is not capped, so neither is the
	// requirement it is compared with.
	t.FunnelExtraPaidHours = microhours(t.UncappedRequiredPaidHours - t.NaivePaidHours)
	if t.NaivePaidHours > 0 {
		t.FunnelExtraPercent = 100 * t.FunnelExtraPaidHours / t.NaivePaidHours
	}
	return t
}

// microhours rounds hours to the nearest millionth.
func microhours(h float64) float64 { return math.Round(h*1e6) / 1e6 }
