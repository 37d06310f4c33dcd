package scenario

import (
	"encoding/json"
	"math"
	"time"

	"github.com/staffcast/staffcast/scheduler"
)

// Result is a scenario's evaluation: every queue and the totals over all.
type Result struct {
	Name   string        `json:"name"`
	Queues []QueueResult `json:"queues"`
	Totals Totals        `json:"totals"`
}

// QueueResult is one queue's evaluation, interval by interval.
type QueueResult struct {
	Queue     string           `json:"queue"`
	Interval  Duration         `json:"interval"`
	Intervals []IntervalResult `json:"intervals"`
	Totals    Totals           `json:"totals"`
	// Plan is the shift plan when the queue has shift templates.
	Plan *scheduler.Plan `json:"-"`
	// Requirements are what the plan covers: the gross requirement of
	// every interval on whole local days (nil without a plan).
	Requirements *scheduler.Requirements `json:"-"`
}

// IntervalResult is one interval of a queue. Contacts are expected counts
// (fractional); agents are counts; costs are in the document's currency.
type IntervalResult struct {
	Start          time.Time `json:"interval_start"`
	Offered        float64   `json:"offered"`
	BotShare       float64   `json:"bot_share"`    // effective share sent to the bot (0 when closed, less when over capacity)
	BotSessions    float64   `json:"bot_sessions"` // contacts the bot took
	Contained      float64   `json:"contained"`
	Escalated      float64   `json:"escalated"`
	FalseContained float64   `json:"false_contained"`
	Returned       float64   `json:"returned"`   // falsely contained coming back in this interval
	Unresolved     float64   `json:"unresolved"` // falsely contained that never come back (of this interval's bot sessions)
	Unserved       float64   `json:"unserved"`   // human contacts arriving while humans are closed
	// ReturnsBeyondHorizon are the returns of this interval's falsely
	// contained that fall after the last interval: human contacts still,
	// costed at CostBeyondHorizon.
	ReturnsBeyondHorizon float64 `json:"returns_beyond_horizon"`
	HumanContacts        float64 `json:"human_contacts"`
	// HumanAHTSeconds and HumanPatienceSeconds are the blended handle time
	// and patience of human contacts (see erlang.Funnel).
	HumanAHTSeconds      float64 `json:"human_aht_seconds"`
	HumanPatienceSeconds float64 `json:"human_patience_seconds"`
	RequiredAgents       int     `json:"required_agents"`  // net agents answering (Erlang), before shrinkage
	ScheduledAgents      float64 `json:"scheduled_agents"` // gross scheduled (capped), or the shift plan's coverage
	// RequiredScheduledAgents is the gross requirement, ceil(required /
	// (1 - shrinkage)) capped by humans.max_agents: ScheduledAgents
	// before a shift plan replaces it with its coverage.
	RequiredScheduledAgents float64 `json:"required_scheduled_agents"`
	// UncappedScheduledAgents is the gross requirement without
	// humans.max_agents, which the naive cut (never capped) is compared
	// with.
	UncappedScheduledAgents float64 `json:"uncapped_scheduled_agents"`
	// NaiveScheduledAgents is the all-human scheduled agents cut in
	// proportion to the bot share: ceil(all-human x (1 - share)).
	NaiveScheduledAgents int     `json:"naive_scheduled_agents"`
	PaidHours            float64 `json:"paid_hours"`
	ServiceLevel         float64 `json:"service_level"` // of human contacts, answered within sl_time (0 when all are unserved)
	ASASeconds           float64 `json:"asa_seconds"`   // null in JSON when unbounded (Erlang C overloaded)
	AbandonRate          float64 `json:"abandon_rate"`  // of human contacts, lost at the human queue (1 when all are unserved)
	Occupancy            float64 `json:"occupancy"`
	Abandoned            float64 `json:"abandoned"`
	// ReachedHumanInPromise is the contacts answered by a human within
	// sl_time (human contacts x service level).
	ReachedHumanInPromise float64 `json:"reached_human_in_promise"`
	Lost                  float64 `json:"lost"` // abandoned + unresolved + unserved
	KeptPromise           bool    `json:"kept_promise"`
	CostHumans            float64 `json:"cost_humans"`
	CostBot               float64 `json:"cost_bot"`
	CostLost              float64 `json:"cost_lost"`
	// CostBeyondHorizon prices the returns beyond the horizon as the human
	// contacts they will be: each at the queue's all-human paid cost of a
	// contact (see the package doc).
	CostBeyondHorizon float64 `json:"cost_beyond_horizon"`
	Cost              float64 `json:"cost"` // CostHumans + CostBot + CostLost + CostBeyondHorizon
	// RequiredAnsweringAgents are the agents answering with
	// RequiredScheduledAgents on shift: RequiredAgents, or
	// ⌊max_agents × (1 - shrinkage)⌋ where humans.max_agents caps the
	// requirement, 0 while humans are closed. RequiredServiceLevel,
	// RequiredASASeconds, RequiredAbandonRate and RequiredOccupancy are
	// their figures on the interval's human load (Erlang, as staff_to
	// reports them): the requirement's own service, which ServiceLevel,
	// ASASeconds, AbandonRate and Occupancy equal until a shift plan
	// replaces the scheduled agents with its coverage and they become the
	// coverage's. While humans are closed they are Erlang's figures for
	// nobody answering the human load (service level 0, every contact
	// waiting; the interval's own figures count those contacts unserved).
	RequiredAnsweringAgents int     `json:"required_answering_agents"`
	RequiredServiceLevel    float64 `json:"required_service_level"`
	RequiredASASeconds      float64 `json:"required_asa_seconds"` // null in JSON when unbounded
	RequiredAbandonRate     float64 `json:"required_abandon_rate"`
	RequiredOccupancy       float64 `json:"required_occupancy"`
}

// MarshalJSON writes a non-finite ASA as null.
func (r IntervalResult) MarshalJSON() ([]byte, error) {
	type plain IntervalResult
	return json.Marshal(struct {
		plain
		ASASeconds         *float64 `json:"asa_seconds"`
		RequiredASASeconds *float64 `json:"required_asa_seconds"`
	}{plain(r), finite(r.ASASeconds), finite(r.RequiredASASeconds)})
}

// Totals sum a queue's (or every queue's) intervals. Contacts, hours and
// costs are sums; service_level and abandon_rate are over all human
// contacts as the intervals' are (unserved contacts are not answered in
// time and count as lost: abandon_rate = (abandoned + unserved) / human
// contacts), asa_seconds is weighted by the human contacts served,
// occupancy by scheduled agents. With no human contact the service level
// is 1 and the other rates 0.
type Totals struct {
	HumanContacts float64 `json:"human_contacts"`
	BotSessions   float64 `json:"bot_sessions"`
	PaidHours     float64 `json:"paid_hours"`
	ServiceLevel  float64 `json:"service_level"`
	AbandonRate   float64 `json:"abandon_rate"`
	CostHumans    float64 `json:"cost_humans"`
	CostBot       float64 `json:"cost_bot"`
	CostLost      float64 `json:"cost_lost"`
	// CostBeyondHorizon prices ReturnsBeyondHorizon (see IntervalResult).
	CostBeyondHorizon float64 `json:"cost_beyond_horizon"`
	Cost              float64 `json:"cost"` // CostHumans + CostBot + CostLost + CostBeyondHorizon
	Offered           float64 `json:"offered"`
	Contained         float64 `json:"contained"`
	Escalated         float64 `json:"escalated"`
	Returned          float64 `json:"returned"`
	Unresolved        float64 `json:"unresolved"`
	Unserved          float64 `json:"unserved"`
	// ReturnsBeyondHorizon are returns falling after the last interval, so
	// that BotSessions = Contained + Escalated + Unresolved + Returned +
	// ReturnsBeyondHorizon (returns from before the first interval are not
	// known: the first lag of the horizon has none).
	ReturnsBeyondHorizon float64 `json:"returns_beyond_horizon"`
	Abandoned            float64 `json:"abandoned"`
	Lost                 float64 `json:"lost"`
	ASASeconds           float64 `json:"asa_seconds"` // null in JSON when unbounded
	Occupancy            float64 `json:"occupancy"`
	// ReachedHumanShare is the share of ALL offered customers answered by
	// a human within sl_time.
	ReachedHumanShare float64 `json:"reached_human_share"`
	Intervals         int     `json:"intervals"`
	IntervalsBroken   int     `json:"intervals_broken"` // intervals not keeping the promise
	KeptPromise       bool    `json:"kept_promise"`     // every interval keeps it
	// NaivePaidHours is what "cut headcount in proportion to the bot
	// share" would pay: sum of NaiveScheduledAgents x interval length.
	NaivePaidHours float64 `json:"naive_paid_hours"`
	// RequiredPaidHours is the sum of RequiredScheduledAgents x interval
	// length: PaidHours without shift plans, less than a plan's paid hours
	// (shifts cannot follow the requirement exactly) with them.
	RequiredPaidHours float64 `json:"required_paid_hours"`
	// UncappedRequiredPaidHours is RequiredPaidHours without
	// humans.max_agents (the same without a cap).
	UncappedRequiredPaidHours float64 `json:"uncapped_required_paid_hours"`
	// FunnelExtraPaidHours = UncappedRequiredPaidHours - NaivePaidHours:
	// what escalation, returns and blending cost above the naive cut
	// (FunnelExtraPercent of the naive hours). Both sides are uncapped
	// interval requirements, so neither a shift plan's own overhead nor
	// the headcount cap counts in it.
	FunnelExtraPaidHours float64 `json:"funnel_extra_paid_hours"`
	FunnelExtraPercent   float64 `json:"funnel_extra_percent"`
	// PlansStopped counts the shift plans that a time limit
	// (Options.Budget) stopped before their fixed effort: their coverage,
	// paid hours and service are those of the best plan found by then.
	// Always 0, and left out of the JSON, without a time limit.
	PlansStopped int `json:"plans_stopped,omitempty"`
}

// MarshalJSON writes a non-finite ASA as null.
func (t Totals) MarshalJSON() ([]byte, error) {
	type plain Totals
	return json.Marshal(struct {
		plain
		ASASeconds *float64 `json:"asa_seconds"`
	}{plain(t), finite(t.ASASeconds)})
}

// finite returns &v, or nil when v is NaN or infinite.
func finite(v float64) *float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return nil
	}
	return &v
}

// SweepResult is a grid of evaluations (see Sweep).
type SweepResult struct {
	Name   string       `json:"name,omitempty"` // the scenario's (Document.Name)
	Vary   []string     `json:"vary"`           // the varied paths, in order
	Points []SweepPoint `json:"points"`
	// Cheapest is the cheapest point keeping every promise; nil if none.
	Cheapest *SweepPoint `json:"cheapest"`
	// BreakEven is the bot share beyond which more bot stops saving money;
	// nil when bot.share is not varied or cost still falls at the top.
	BreakEven *BreakEven `json:"break_even"`
	Note      string     `json:"note,omitempty"`
}

// SweepPoint is one grid point: the varied values by path and the totals.
type SweepPoint struct {
	Vary   map[string]float64 `json:"vary"`
	Totals Totals             `json:"totals"`
}

// BreakEven is the share where cost stops falling and its cost.
type BreakEven struct {
	Share float64 `json:"share"`
	Cost  float64 `json:"cost"`
}

// OptimizeResult is Optimize's answer.
type OptimizeResult struct {
	Queues           []OptimizedQueue `json:"queues"`
	Totals           Totals           `json:"totals"`             // with the optimised shares
	BestSingleTotals Totals           `json:"best_single_totals"` // with each queue's best single share
	// Saving is the best single share's cost less the optimised one's:
	// >= 0, unless the split keeps the promise in every interval and no
	// single share does (the promise is then worth its price).
	Saving float64   `json:"saving"`
	Grid   []float64 `json:"grid"`
	Note   string    `json:"note,omitempty"`
	// Stopped is set when a time limit (Options.Budget) ended the search
	// over the hours of some queue before it converged: its split is the
	// best the search had reached, never worse than the best single share
	// (the note says so). False, and left out of the JSON, otherwise.
	Stopped bool `json:"stopped,omitempty"`
	// Document is the input with every queue's bot.share set to its
	// optimised hourly shares; Result is its evaluation.
	Document Document `json:"-"`
	Result   *Result  `json:"-"`
}

// OptimizedQueue is one queue's optimised shares.
type OptimizedQueue struct {
	Queue           string      `json:"queue"`
	Shares          [24]float64 `json:"shares"` // by hour of day
	BestSingleShare float64     `json:"best_single_share"`
	BestSingleCost  float64     `json:"best_single_cost"`
	Cost            float64     `json:"cost"`
	IntervalsBroken int         `json:"intervals_broken"`
}

// Comparison sets scenarios side by side against the first.
type Comparison struct {
	Scenarios []Compared `json:"scenarios"`
}

// Compared is one scenario of a Comparison. Delta holds every numeric
// total minus the first scenario's (zero for the first); its KeptPromise
// is the scenario's own.
type Compared struct {
	Name   string `json:"name"`
	Totals Totals `json:"totals"`
	Delta  Totals `json:"delta"`
}
