package erlang

import (
	"fmt"
	"math"
	"time"
)

// Evaluate returns the steady-state figures of load l answered by agents
// agents, with the service level measured at serviceTime.
//
// With l.Patience zero the model is Erlang C (M/M/n: Poisson arrivals,
// exponential handle times, infinitely patient contacts):
//
//	P(W>0) = C(a, n),   SL(T) = 1 - C·e^{-(n-a)T/AHT},
//	ASA = C·AHT/(n-a),  occupancy = a/n,
//
// where a = l.Erlangs(). When agents <= a the queue has no steady state: the
// returned Metrics have PWait 1, ServiceLevel 0, ASASeconds +Inf and
// Occupancy 1, and the error wraps ErrUnstable.
//
// With l.Patience positive the model is Erlang A (M/M/n+M; Garnett,
// Mandelbaum & Reiman 2002): each waiting contact abandons after an
// exponential patience of mean l.Patience. Any number of agents, even below
// the load or zero, has a steady state. ServiceLevel is the share of all
// offered contacts answered within serviceTime (abandons count as misses),
// ASASeconds the mean wait over all offered contacts (abandons included, up
// to when they hang up), PAbandon = ASA/Patience, and Occupancy is the
// carried load a·(1-PAbandon) divided by agents. See queueTail for the
// formulas.
func Evaluate(l Load, agents int, serviceTime time.Duration) (Metrics, error) {
	if err := l.Validate(); err != nil {
		return Metrics{}, err
	}
	if agents < 0 || agents > MaxAgents {
		return Metrics{}, fmt.Errorf("%w: %d (at most %d)", ErrAgents, agents, int(MaxAgents))
	}
	if serviceTime < 0 {
		return Metrics{}, fmt.Errorf("%w: %v", ErrServiceTime, serviceTime)
	}
	var e evaluator
	e.reset(l, serviceTime, nil)
	m := e.at(agents)
	if l.Patience == 0 && m.Erlangs > 0 && float64(agents) <= m.Erlangs {
		return m, fmt.Errorf("%w: %d agents, %.4g Erlangs offered", ErrUnstable, agents, m.Erlangs)
	}
	return m, nil
}

// evaluator computes Metrics for one load at many agent counts, keeping the
// Erlang B recursion between calls.
type evaluator struct {
	lambda, mu, theta, a, t float64
	b                       invBlocking
}

func (e *evaluator) reset(l Load, serviceTime time.Duration, buf []float64) {
	e.lambda, e.mu, e.theta = l.rates()
	e.a = l.Erlangs()
	e.t = serviceTime.Seconds()
	e.b.reset(e.a, buf)
}

// at returns the metrics with n agents; it never fails.
func (e *evaluator) at(n int) Metrics {
	m := Metrics{Agents: n, Scheduled: n, Erlangs: e.a}
	if edgeMetrics(&m, e.lambda, e.theta, n) {
		return m
	}
	fn := float64(n)
	if e.theta == 0 && fn <= e.a {
		m.PWait, m.ASASeconds, m.Occupancy = 1, math.Inf(1), 1
		return m
	}
	tl := queueTail(e.b.at(n)-1, e.lambda, fn*e.mu, e.theta, e.t)
	tl.fill(&m)
	m.Occupancy = clamp01(e.a * (1 - m.PAbandon) / fn)
	return m
}
