package app

import (
	"context"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/staffcast/staffcast/erlang"
)

// DefaultServiceTime is the service-level threshold when none is given: the
// "20" of "80/20".
const DefaultServiceTime = 20 * time.Second

// MaxChatConcurrency caps the handle times of ErlangRequest.ChatAHT.
const MaxChatConcurrency = 100

// ErlangRequest asks for the Erlang C / Erlang A figures of one interval
// with a given number of agents (Agents set), or for the fewest agents that
// meet the targets (SLTarget, MaxASA, MaxAbandon, MaxOccupancy; all at
// once). It is the body of POST /api/v1/erlang; the JSON names are those of
// the CLI's flags with "_" for "-". Durations are strings such as "30m" or
// "180s", or numbers of seconds.
//
// Without Patience the model is Erlang C; with it Erlang A. ChatAHT, given
// instead of AHT, is the handle time of a chat while an agent runs 1, 2, …
// at once, and switches to the chat concurrency model. BotShare (with the
// other bot_* and escalated_* fields) puts a bot in front of the queue and
// staffs the human queue behind it.
type ErlangRequest struct {
	Volume   *float64   `json:"volume"`             // contacts offered in the interval, finite, >= 0 (required)
	Interval Duration   `json:"interval"`           // interval length, > 0 (required)
	AHT      Duration   `json:"aht,omitempty"`      // mean handle time, > 0 (required unless ChatAHT)
	ChatAHT  []Duration `json:"chat_aht,omitempty"` // chat handle times at concurrency 1..k, each > 0, k <= 100

	Agents *int `json:"agents,omitempty"` // evaluate this many agents (>= 0); nil: find the agents

	Promise
	Patience Duration `json:"patience,omitempty"` // mean patience (Erlang A), >= 0; zero: Erlang C

	BotFunnel
}

// BotFunnel is the bot in front of a queue, in the JSON vocabulary every
// request that staffs shares (ErlangRequest here, the API's staffing
// requests). BotShare puts the bot there; the other fields need it.
type BotFunnel struct {
	BotShare            *float64 `json:"bot_share,omitempty"`             // share of offered contacts sent to the bot, [0, 1)
	BotEscalation       float64  `json:"bot_escalation,omitempty"`        // share of bot contacts escalated at once, [0, 1)
	BotFalseContainment float64  `json:"bot_false_containment,omitempty"` // share of bot contacts falsely contained, [0, 1)
	BotReturnShare      float64  `json:"bot_return_share,omitempty"`      // share of falsely contained that come back, [0, 1)
	BotReturnLag        Duration `json:"bot_return_lag,omitempty"`        // window they come back in, >= 0 (one interval in steady state)
	EscalatedAHT        Duration `json:"escalated_aht,omitempty"`         // handle time of escalated contacts; zero: aht
	EscalatedPatience   Duration `json:"escalated_patience,omitempty"`    // patience of escalated contacts; zero: patience
}

// Validate checks the funnel's fields; its errors are Invalid and name the
// JSON field. Any bot field without bot_share is an error naming
// bot_share, so that no face silently ignores it.
func (b BotFunnel) Validate() error {
	for _, c := range []struct {
		field string
		d     Duration
	}{{"bot_return_lag", b.BotReturnLag}, {"escalated_aht", b.EscalatedAHT}, {"escalated_patience", b.EscalatedPatience}} {
		if c.d < 0 {
			return Invalidf(c.field, "must be positive, got %v", c.d)
		}
	}
	for _, c := range []struct {
		field string
		v     *float64
	}{{"bot_share", b.BotShare}, {"bot_escalation", &b.BotEscalation}, {"bot_false_containment", &b.BotFalseContainment},
		{"bot_return_share", &b.BotReturnShare}} {
		if c.v != nil && (math.IsNaN(*c.v) || *c.v > 1 || *c.v < 0) { // 1 is meaningful: everyone
			return Invalidf(c.field, "%v is outside 0 <= x <= 1", *c.v)
		}
	}
	if b.BotShare == nil && (b.BotEscalation != 0 || b.BotFalseContainment != 0 || b.BotReturnShare != 0 ||
		b.BotReturnLag != 0 || b.EscalatedAHT != 0 || b.EscalatedPatience != 0) {
		return Invalidf("bot_share", "the bot funnel fields need bot_share")
	}
	if err := b.funnel().Validate(); err != nil {
		return Invalidf("bot_escalation", "bot_escalation + bot_false_containment: %v", err)
	}
	return nil
}

// Funnel is the validated funnel, nil without bot_share (see Validate).
func (b BotFunnel) Funnel() (*erlang.Funnel, error) {
	if err := b.Validate(); err != nil {
		return nil, err
	}
	if b.BotShare == nil {
		return nil, nil
	}
	f := b.funnel()
	return &f, nil
}

// Promise is the service a queue promises and the shrinkage that turns
// agents into scheduled agents, in the JSON vocabulary every request that
// staffs shares (ErlangRequest here, the API's staffing requests). Pointer
// fields tell "not given" from zero.
type Promise struct {
	SLTarget     *float64  `json:"sl_target,omitempty"`     // share answered within SLTime, in (0, 1)
	SLTime       Duration  `json:"sl_time,omitempty"`       // service-level threshold, > 0; zero means 20s
	MaxASA       *Duration `json:"max_asa,omitempty"`       // cap on the mean wait, > 0
	MaxAbandon   *float64  `json:"max_abandon,omitempty"`   // cap on the abandonment share, in (0, 1)
	MaxOccupancy *float64  `json:"max_occupancy,omitempty"` // cap on occupancy, in (0, 1)
	// Shrinkage, in [0, 1), turns agents into scheduled agents; when given
	// the result carries scheduled_agents.
	Shrinkage *float64 `json:"shrinkage,omitempty"`
}

// HasTarget reports whether any target was given.
func (p Promise) HasTarget() bool {
	return p.SLTarget != nil || p.MaxASA != nil || p.MaxAbandon != nil || p.MaxOccupancy != nil
}

// ErlangResult is the answer to an ErlangRequest. Its JSON is exactly what
// "staffcast erlang -json" prints: agents, service_level, asa_seconds,
// p_wait, p_abandon, occupancy and, when shrinkage was given,
// scheduled_agents. ASASeconds is +Inf for an overloaded Erlang C
// evaluation, which Evaluate refuses, so the JSON is always finite.
type ErlangResult struct {
	Agents          int     `json:"agents"`
	ServiceLevel    float64 `json:"service_level"`
	ASASeconds      float64 `json:"asa_seconds"`
	PWait           float64 `json:"p_wait"`
	PAbandon        float64 `json:"p_abandon"`
	Occupancy       float64 `json:"occupancy"`
	ScheduledAgents *int    `json:"scheduled_agents,omitempty"`

	// Metrics are the erlang package's figures (Erlangs is the offered
	// load; Scheduled equals Agents without shrinkage).
	Metrics erlang.Metrics `json:"-"`
	// Offered is the load as given; Human the load that reaches agents
	// after the bot (equal to Offered without one). For chat, AHT is the
	// handle time at concurrency 1.
	Offered, Human erlang.Load `json:"-"`
	// Chat reports the chat concurrency model.
	Chat bool `json:"-"`
}

// Validate checks r without computing anything. Its errors are Invalid and
// name the JSON field (Detail.Field and the message's prefix).
func (r ErlangRequest) Validate() error {
	fraction := func(field string, v *float64, zeroOK bool) error {
		if v == nil {
			return nil
		}
		lo := "0 <"
		if zeroOK {
			lo = "0 <="
		}
		if math.IsNaN(*v) || !(*v < 1) || *v < 0 || (*v == 0 && !zeroOK) {
			return Invalidf(field, "%v is outside %s x < 1", *v, lo)
		}
		return nil
	}
	positive := func(field string, d Duration, required bool) error {
		switch {
		case d < 0:
			return Invalidf(field, "must be positive, got %v", d)
		case d == 0 && required:
			return Invalidf(field, "is required and must be positive")
		}
		return nil
	}
	switch {
	case r.Volume == nil:
		return Invalidf("volume", "is required (contacts offered in the interval)")
	case math.IsNaN(*r.Volume) || math.IsInf(*r.Volume, 0) || *r.Volume < 0:
		return Invalidf("volume", "must be a finite number >= 0, got %v", *r.Volume)
	case r.Interval <= 0:
		return positive("interval", r.Interval, true)
	case r.AHT == 0 && len(r.ChatAHT) == 0:
		return Invalidf("aht", "is required (average handle time, e.g. \"180s\")")
	case r.AHT != 0 && len(r.ChatAHT) > 0:
		return Invalidf("chat_aht", "give aht or chat_aht, not both")
	case r.AHT < 0:
		return positive("aht", r.AHT, true)
	case len(r.ChatAHT) > MaxChatConcurrency:
		return Invalidf("chat_aht", "at most %d concurrency levels, got %d", MaxChatConcurrency, len(r.ChatAHT))
	}
	for i, d := range r.ChatAHT {
		if d <= 0 {
			return Invalidf("chat_aht", "handle time %d must be positive, got %v", i+1, d)
		}
	}
	hasTarget := r.SLTarget != nil || r.MaxASA != nil || r.MaxAbandon != nil || r.MaxOccupancy != nil
	switch {
	case r.Agents != nil && hasTarget:
		return Invalidf("agents", "give agents (evaluate a staffing) or targets such as sl_target (find the agents), not both")
	case r.Agents == nil && !hasTarget:
		return Invalidf("agents", "give agents to evaluate, or a target (sl_target, max_asa, max_abandon, max_occupancy) to solve")
	case r.Agents != nil && *r.Agents < 0:
		return Invalidf("agents", "must be >= 0, got %d", *r.Agents)
	case r.Agents != nil && *r.Agents > erlang.MaxAgents:
		return Invalidf("agents", "at most %d, got %d", int(erlang.MaxAgents), *r.Agents)
	}
	if r.MaxASA != nil {
		if err := positive("max_asa", *r.MaxASA, true); err != nil {
			return err
		}
	}
	for _, c := range []struct {
		field string
		d     Duration
	}{{"sl_time", r.SLTime}, {"patience", r.Patience}} {
		if err := positive(c.field, c.d, false); err != nil {
			return err
		}
	}
	for _, c := range []struct {
		field  string
		v      *float64
		zeroOK bool
	}{{"sl_target", r.SLTarget, false}, {"max_abandon", r.MaxAbandon, false}, {"max_occupancy", r.MaxOccupancy, false},
		{"shrinkage", r.Shrinkage, true}} {
		if err := fraction(c.field, c.v, c.zeroOK); err != nil {
			return err
		}
	}
	return r.BotFunnel.Validate()
}

// funnel is the erlang.Funnel of the fields (BotShare 0 without bot_share:
// no bot), not validated.
func (b BotFunnel) funnel() erlang.Funnel {
	f := erlang.Funnel{
		Escalation:        b.BotEscalation,
		FalseContainment:  b.BotFalseContainment,
		ReturnShare:       b.BotReturnShare,
		ReturnLag:         b.BotReturnLag.D(),
		EscalatedAHT:      b.EscalatedAHT.D(),
		EscalatedPatience: b.EscalatedPatience.D(),
	}
	if b.BotShare != nil {
		f.BotShare = *b.BotShare
	}
	return f
}

// Targets is the promise as erlang.Targets (not validated: see
// erlang.Targets.Validate).
func (r Promise) Targets() erlang.Targets {
	t := erlang.Targets{ServiceTime: r.ServiceTime()}
	if r.SLTarget != nil {
		t.ServiceLevel = *r.SLTarget
	}
	if r.MaxASA != nil {
		t.MaxASA = r.MaxASA.D()
	}
	if r.MaxAbandon != nil {
		t.MaxAbandon = *r.MaxAbandon
	}
	if r.MaxOccupancy != nil {
		t.MaxOccupancy = *r.MaxOccupancy
	}
	if r.Shrinkage != nil {
		t.Shrinkage = *r.Shrinkage
	}
	return t
}

// ServiceTime is SLTime, or DefaultServiceTime when not given.
func (r Promise) ServiceTime() time.Duration {
	if r.SLTime == 0 {
		return DefaultServiceTime
	}
	return r.SLTime.D()
}

// Erlang evaluates or staffs one interval (see ErlangRequest). Errors are
// Invalid for bad input (naming the JSON field) or a load the model cannot
// carry (ErrUnstable, ErrTooLarge of package erlang stay matchable with
// errors.Is), and Canceled when ctx is done before the work starts.
func Erlang(ctx context.Context, r ErlangRequest) (ErlangResult, error) {
	const op = "erlang"
	if err := ctx.Err(); err != nil {
		return ErlangResult{}, Wrap(Canceled, op, err)
	}
	if err := r.Validate(); err != nil {
		return ErlangResult{}, err
	}
	f := r.funnel()
	offered := erlang.Load{Volume: *r.Volume, Interval: r.Interval.D(), AHT: r.AHT.D(), Patience: r.Patience.D()}
	res := ErlangResult{Offered: offered, Chat: len(r.ChatAHT) > 0}
	var m erlang.Metrics
	var err error
	if res.Chat {
		times := make([]time.Duration, len(r.ChatAHT))
		for i, d := range r.ChatAHT {
			times[i] = d.D()
		}
		offered.AHT = times[0] // the funnel's blend only matters for calls
		res.Offered = offered
		human := offered
		if r.BotShare != nil {
			h, err := f.Human(offered)
			if err != nil {
				return ErlangResult{}, erlangFieldError(modelError(op, err, nil))
			}
			human.Volume = h.Volume
		}
		res.Human = human
		c := erlang.Chat{Volume: human.Volume, Interval: human.Interval, HandleTimes: times, Patience: human.Patience}
		if r.Agents != nil {
			m, err = erlang.EvaluateChat(c, *r.Agents, r.ServiceTime())
		} else {
			m, err = erlang.StaffChat(c, r.Targets())
		}
	} else {
		if res.Human, err = f.Human(offered); err != nil {
			return ErlangResult{}, erlangFieldError(modelError(op, err, nil))
		}
		if r.Agents != nil {
			m, err = erlang.Evaluate(res.Human, *r.Agents, r.ServiceTime())
		} else {
			m, err = erlang.Staff(res.Human, r.Targets())
		}
	}
	if err != nil {
		return ErlangResult{}, erlangFieldError(modelError(op, err, r.Agents))
	}
	shrinkage := 0.0
	if r.Shrinkage != nil {
		shrinkage = *r.Shrinkage
	}
	if m.Scheduled, err = erlang.Scheduled(m.Agents, shrinkage); err != nil {
		return ErlangResult{}, Invalidf("shrinkage", "%v", err)
	}
	res.Metrics = m
	res.Agents, res.ServiceLevel, res.ASASeconds = m.Agents, m.ServiceLevel, m.ASASeconds
	res.PWait, res.PAbandon, res.Occupancy = m.PWait, m.PAbandon, m.Occupancy
	if r.Shrinkage != nil {
		res.ScheduledAgents = &m.Scheduled
	}
	return res, nil
}

// modelError classifies the erlang package's errors: complaints about the
// input or the load are Invalid (wrapping the sentinel), anything else is
// Internal.
func modelError(op string, err error, agents *int) error {
	switch {
	case errors.Is(err, erlang.ErrUnstable):
		n := 0
		if agents != nil {
			n = *agents
		}
		return &Error{Kind: Invalid, Op: op, Err: err, Details: []Detail{{Field: "agents", Reason: "too few for the load"}},
			Message: fmt.Sprintf("%d agents cannot keep up with the load: without abandonment the queue grows without bound (give more agents, or patience for Erlang A)", n)}
	case errors.Is(err, erlang.ErrTooLarge):
		// The sentinel already says "erlang: ...": no Op, or it says it twice.
		return &Error{Kind: Invalid, Err: fmt.Errorf("%w (check volume, interval and aht, or relax the targets)", err)}
	case errors.Is(err, erlang.ErrNoTarget), errors.Is(err, erlang.ErrTarget), errors.Is(err, erlang.ErrVolume),
		errors.Is(err, erlang.ErrAHT), errors.Is(err, erlang.ErrInterval), errors.Is(err, erlang.ErrChat),
		errors.Is(err, erlang.ErrAgents), errors.Is(err, erlang.ErrPatience), errors.Is(err, erlang.ErrServiceTime),
		errors.Is(err, erlang.ErrShrinkage), errors.Is(err, erlang.ErrFunnel):
		// The package's sentinels already say "erlang: ...".
		return &Error{Kind: Invalid, Err: err}
	}
	return Wrap(Internal, op, err)
}

// erlangFields are the ErlangRequest fields the erlang package's sentinels
// are about. Validate catches these first, naming the field; a load too
// large (volume, or volume times aht) or an input Validate missed still
// names it.
var erlangFields = []struct {
	sentinel error
	field    string
}{
	{erlang.ErrTooLarge, "volume"}, {erlang.ErrVolume, "volume"}, {erlang.ErrAHT, "aht"}, {erlang.ErrInterval, "interval"},
	{erlang.ErrChat, "chat_aht"}, {erlang.ErrAgents, "agents"}, {erlang.ErrPatience, "patience"},
	{erlang.ErrServiceTime, "sl_time"}, {erlang.ErrShrinkage, "shrinkage"}, {erlang.ErrNoTarget, "agents"},
}

// erlangFieldError adds to an Invalid error of Erlang without Details the
// request field it is about, so the API's errors[] names it as for every
// other bad field.
func erlangFieldError(err error) error {
	e, ok := err.(*Error)
	if !ok || e.Kind != Invalid || len(e.Details) > 0 {
		return err
	}
	for _, f := range erlangFields {
		if errors.Is(err, f.sentinel) {
			e.Details = []Detail{{Field: f.field, Reason: Reason(e)}}
			break
		}
	}
	return err
}
