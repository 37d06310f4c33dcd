package erlang

import (
	"fmt"
	"math"
	"time"
)

// Chat is the load of a chat (or messaging) queue whose agents handle up to
// k = len(HandleTimes) conversations at once.
type Chat struct {
	Volume   float64       // chats offered in the interval
	Interval time.Duration // interval length
	// HandleTimes[j-1] is the mean handle time of one chat while its agent
	// handles j chats at once. It grows with j (attention is shared), which
	// is why staffing by AHT/k is wrong: an agent with j chats completes
	// j/HandleTimes[j-1] chats per unit time, not j/HandleTimes[0].
	HandleTimes []time.Duration
	// Patience is the mean patience of a waiting chat (exponential); zero
	// means infinitely patient.
	Patience time.Duration
}

// Validate reports the first field out of range. Handle times must be
// positive and non-decreasing in concurrency (ErrChatFalling otherwise).
func (c Chat) Validate() error {
	l := Load{Volume: c.Volume, Interval: c.Interval, AHT: time.Second, Patience: c.Patience}
	if err := l.Validate(); err != nil {
		return err
	}
	if len(c.HandleTimes) == 0 || len(c.HandleTimes) > 100 {
		return fmt.Errorf("%w: need 1 to 100 handle times (one per concurrency level), got %d", ErrChat, len(c.HandleTimes))
	}
	for j, h := range c.HandleTimes {
		if h <= 0 {
			return fmt.Errorf("%w: handle time at concurrency %d is %v", ErrChat, j+1, h)
		}
		if j > 0 && h < c.HandleTimes[j-1] {
			return fmt.Errorf("%w: %v at concurrency %d after %v at %d", ErrChatFalling, h, j+1, c.HandleTimes[j-1], j)
		}
	}
	return nil
}

// EvaluateChat returns the figures of chat load c answered by agents agents.
//
// The model is a state-dependent birth-death process on x, the chats in the
// system: chats arrive as Poisson(λ); the router keeps agents' loads even
// (x chats in service on n agents means x mod n agents have ⌈x/n⌉ and the
// rest ⌊x/n⌋), and an agent with j chats completes them at total rate
// j/HandleTimes[j-1]. Beyond n·k chats the rest wait FCFS, abandoning at
// rate 1/Patience. The stationary law is computed exactly (forward product
// with rescaling, O(n·k)), and the waiting part uses the Erlang A / C tail
// with the full-house completion rate n·k/HandleTimes[k-1]. With k = 1 it
// is exactly Erlang C (or A).
//
// Even loads are an idealisation of a router that sends each chat to the
// least-loaded agent and leaves it there. Measured against an event
// simulation of that router (TestChatModelAgainstSimulation), service level
// and P(wait) agree within 0.5 points and the model's occupancy is 1-2
// points low, because uneven loads slow the busier agents' chats.
//
// Metrics.Erlangs is λ·HandleTimes[0], the load counted one chat at a time;
// Occupancy is the mean share of the n·k chat slots in use; ServiceLevel and
// ASASeconds have Evaluate's meanings. As in Evaluate, without patience and
// with n·k/HandleTimes[k-1] <= λ there is no steady state (ErrUnstable).
func EvaluateChat(c Chat, agents int, serviceTime time.Duration) (Metrics, error) {
	if err := c.Validate(); err != nil {
		return Metrics{}, err
	}
	if agents < 0 || agents*len(c.HandleTimes) > MaxAgents {
		return Metrics{}, fmt.Errorf("%w: %d with %d chats each (at most %d chat slots)", ErrAgents, agents, len(c.HandleTimes), int(MaxAgents))
	}
	if serviceTime < 0 {
		return Metrics{}, fmt.Errorf("%w: %v", ErrServiceTime, serviceTime)
	}
	ce := newChatEval(c, serviceTime)
	m := ce.at(agents)
	if ce.theta == 0 && ce.lambda > 0 && ce.lambda >= ce.fullRate(agents) {
		return m, fmt.Errorf("%w: %d agents with %d chats each", ErrUnstable, agents, len(c.HandleTimes))
	}
	return m, nil
}

// StaffChat returns the fewest agents meeting every goal of t for chat load
// c, as Staff does for calls.
func StaffChat(c Chat, t Targets) (Metrics, error) {
	if err := c.Validate(); err != nil {
		return Metrics{}, err
	}
	if err := t.Validate(); err != nil {
		return Metrics{}, err
	}
	ce := newChatEval(c, t.ServiceTime)
	if ce.lambda == 0 {
		m := ce.at(0)
		return m, nil
	}
	k := len(c.HandleTimes)
	// Agents fully loaded carry k/H_k chats per second each.
	fluid := ce.lambda * c.HandleTimes[k-1].Seconds() / float64(k)
	lowest := 1 // as in Staff
	if ce.theta == 0 {
		lowest = int(math.Floor(fluid)) + 1
	}
	limit := int(math.Ceil(fluid+60*math.Sqrt(fluid))) + 1000
	if t.MaxOccupancy > 0 {
		// At most λ·H_k chats are in service, so fluid/MaxOccupancy agents
		// always meet the cap.
		limit = max(limit, int(math.Ceil(fluid/t.MaxOccupancy))+1000)
	}
	limit = min(limit, int(MaxAgents)/k)
	m, err := search(ce.at, t, int(math.Ceil(fluid+math.Sqrt(fluid))), lowest, limit)
	if err != nil {
		return Metrics{}, fmt.Errorf("%w: more than %d chat agents needed for these targets", err, limit)
	}
	m.Scheduled = scheduled(m.Agents, t.Shrinkage)
	return m, nil
}

type chatEval struct {
	c                    Chat
	lambda, theta, t, h1 float64
	rate                 []float64 // rate[j] = j/H_j, per agent with j chats
}

func newChatEval(c Chat, serviceTime time.Duration) *chatEval {
	ce := &chatEval{c: c, lambda: c.Volume / c.Interval.Seconds(), t: serviceTime.Seconds()}
	if c.Patience > 0 {
		ce.theta = 1 / c.Patience.Seconds()
	}
	ce.h1 = c.HandleTimes[0].Seconds()
	ce.rate = make([]float64, len(c.HandleTimes)+1)
	for j, h := range c.HandleTimes {
		ce.rate[j+1] = float64(j+1) / h.Seconds()
	}
	return ce
}

// fullRate is the completion rate with every slot of n agents busy.
func (ce *chatEval) fullRate(n int) float64 { return float64(n) * ce.rate[len(ce.rate)-1] }

// mu is the total completion rate with x chats in service on n agents.
func (ce *chatEval) mu(x, n int) float64 {
	q, r := x/n, x%n
	v := float64(n-r) * ce.rate[q]
	if r > 0 {
		v += float64(r) * ce.rate[q+1]
	}
	return v
}

func (ce *chatEval) at(n int) Metrics {
	k := len(ce.rate) - 1
	m := Metrics{Agents: n, Scheduled: n, Erlangs: ce.lambda * ce.h1}
	if edgeMetrics(&m, ce.lambda, ce.theta, n) {
		return m
	}
	full := ce.fullRate(n)
	if ce.theta == 0 && ce.lambda >= full {
		m.PWait, m.ASASeconds, m.Occupancy = 1, math.Inf(1), 1
		return m
	}
	// p(x) ∝ Π_{i<=x} λ/μ(i) for x < N = n·k, with sums of p and x·p.
	N := n * k
	p, s0, s1 := 1.0, 0.0, 0.0
	for x := 0; x < N; x++ {
		s0 += p
		s1 += float64(x) * p
		p *= ce.lambda / ce.mu(x+1, n)
		if p > 1e200 {
			p, s0, s1 = p*1e-200, s0*1e-200, s1*1e-200
		}
	}
	tl := queueTail(s0/p, ce.lambda, full, ce.theta, ce.t)
	tl.fill(&m)
	inService := (1-tl.pWait)*(s1/s0) + float64(N)*tl.pWait
	m.Occupancy = clamp01(inService / float64(N))
	return m
}
