package erlang

import (
	"fmt"
	"math"
	"time"
)

// Funnel describes how a bot (chatbot, voice bot, IVR self-service) in front
// of the queue changes the work reaching humans. Of the offered contacts,
// BotShare go to the bot; of those, Escalation are handed to a human at once
// (with their own handle time and patience), FalseContainment are counted
// as contained but are not resolved, and the rest are truly contained.
// ReturnShare of the falsely contained come back later as new human
// contacts, within ReturnLag. Contacts not sent to the bot and returning
// contacts are handled like the plain queue's (the Load's AHT and Patience).
//
// The zero Funnel sends nothing to the bot, and Human then returns the load
// unchanged: plain Erlang.
type Funnel struct {
	BotShare         float64 // share of offered contacts routed to the bot, [0, 1]
	Escalation       float64 // share of bot contacts escalated to a human, [0, 1]
	FalseContainment float64 // share of bot contacts falsely contained, [0, 1-Escalation]
	ReturnShare      float64 // share of falsely contained that come back, [0, 1]
	// ReturnLag is the window after the bot contact within which the
	// returning contacts come back, spread evenly over the intervals it
	// spans (see HumanSeries). Zero means within the same interval.
	ReturnLag time.Duration
	// EscalatedAHT is the handle time of an escalated contact, usually
	// longer (the customer has already struggled). Zero means the Load's AHT.
	EscalatedAHT time.Duration
	// EscalatedPatience is the mean patience of an escalated contact,
	// usually shorter. Zero means the Load's Patience.
	EscalatedPatience time.Duration
}

// Flows splits an offered volume through the funnel (steady state: returns
// arrive as they left).
type Flows struct {
	Offered   float64 // contacts offered
	Direct    float64 // sent straight to humans
	Bot       float64 // sent to the bot
	Contained float64 // resolved by the bot
	Escalated float64 // handed by the bot to a human
	False     float64 // counted as contained, not resolved
	Returned  float64 // falsely contained that come back to a human
	Human     float64 // Direct + Escalated + Returned
	// Later is what HumanSeriesShares cannot place: the returns of this
	// interval's falsely contained that fall after the last interval (they
	// will be human contacts, beyond the horizon). Split leaves it 0.
	Later float64
}

// Validate reports the first share or duration out of range.
func (f Funnel) Validate() error {
	for _, s := range []struct {
		name string
		v    float64
	}{{"bot share", f.BotShare}, {"escalation", f.Escalation}, {"false containment", f.FalseContainment}, {"return share", f.ReturnShare}} {
		if !(s.v >= 0 && s.v <= 1) {
			return fmt.Errorf("%w: %s %v is outside [0, 1]", ErrFunnel, s.name, s.v)
		}
	}
	if f.Escalation+f.FalseContainment > 1+1e-12 {
		return fmt.Errorf("%w: escalation %v + false containment %v exceed 1", ErrFunnel, f.Escalation, f.FalseContainment)
	}
	if f.ReturnLag < 0 || f.EscalatedAHT < 0 || f.EscalatedPatience < 0 {
		return fmt.Errorf("%w: durations must be non-negative", ErrFunnel)
	}
	return nil
}

// Split returns the flows of volume offered contacts in steady state.
func (f Funnel) Split(volume float64) Flows {
	bot := volume * f.BotShare
	fl := Flows{
		Offered:   volume,
		Direct:    volume - bot,
		Bot:       bot,
		Escalated: bot * f.Escalation,
		False:     bot * f.FalseContainment,
	}
	fl.Contained = math.Max(0, bot-fl.Escalated-fl.False)
	fl.Returned = fl.False * f.ReturnShare
	fl.Human = fl.Direct + fl.Escalated + fl.Returned
	return fl
}

// Human returns the load humans must staff for l in steady state, where the
// contacts returning in this interval equal those falsely contained in it
// (a level forecast). See HumanSeries for a forecast over time.
//
// The human volume is Direct + Escalated + Returned. The AHT is the
// volume-weighted mean of the flows' handle times (so that the human
// workload in Erlangs is exact), and the patience is blended through the
// abandonment rates θ = 1/patience, weighted by volume: for the short waits
// of a staffed queue the share abandoning is about θ·wait, linear in θ, so
// averaging θ keeps it. A flow with zero patience (infinitely patient) has
// θ = 0.
func (f Funnel) Human(l Load) (Load, error) {
	if err := f.Validate(); err != nil {
		return Load{}, err
	}
	if err := l.Validate(); err != nil {
		return Load{}, err
	}
	fl := f.Split(l.Volume)
	return f.blend(l, fl.Direct+fl.Returned, fl.Escalated), nil
}

// HumanSeries is Human for consecutive intervals of equal length. Contacts
// falsely contained in interval i return in intervals i+1 … i+K, an equal
// share in each, where K = ⌈ReturnLag/Interval⌉ (in interval i itself when
// ReturnLag is zero). Returns from before the first interval are not known
// and are not added; returns falling after the last interval are counted
// in their interval's Flows.Later (HumanSeriesShares). It is HumanSeriesShares with BotShare in every interval.
func (f Funnel) HumanSeries(loads []Load) ([]Load, error) {
	shares := make([]float64, len(loads))
	for i := range shares {
		shares[i] = f.BotShare
	}
	out, _, err := f.HumanSeriesShares(loads, shares)
	return out, err
}

// HumanSeriesShares is HumanSeries with a bot share of its own in every
// interval, shares[i] for loads[i] (f.BotShare is not used): a bot open
// only at night, a share by hour of day, or a share cut by the bot's
// capacity. It also returns each interval's flows: Offered, Direct, Bot,
// Contained, Escalated and False of the contacts offered in the interval,
// Returned the falsely contained of earlier intervals (or of this one when
// ReturnLag is zero) coming back in it, Human = Direct + Escalated +
// Returned, the volume of the returned load, and Later this interval's
// returns falling after the last interval. Over the series the customers
// add up: Σ Bot = Σ (Contained + Escalated + False), and Σ False ×
// ReturnShare = Σ Returned + Σ Later.
//
// The returns of interval j are Σ r_i/K over i in [j-K, j-1], summed in
// ascending i, where r_i = False_i·ReturnShare; so an interval's load
// depends only on its own share and those of the K intervals before it.
func (f Funnel) HumanSeriesShares(loads []Load, shares []float64) ([]Load, []Flows, error) {
	if err := f.Validate(); err != nil {
		return nil, nil, err
	}
	if len(shares) != len(loads) {
		return nil, nil, fmt.Errorf("%w: %d shares for %d intervals", ErrFunnel, len(shares), len(loads))
	}
	for i, l := range loads {
		if err := l.Validate(); err != nil {
			return nil, nil, fmt.Errorf("interval %d: %w", i, err)
		}
		if l.Interval != loads[0].Interval {
			return nil, nil, fmt.Errorf("%w: interval %d lasts %v, interval 0 %v", ErrFunnel, i, l.Interval, loads[0].Interval)
		}
		if s := shares[i]; !(s >= 0 && s <= 1) {
			return nil, nil, fmt.Errorf("%w: interval %d: bot share %v is outside [0, 1]", ErrFunnel, i, s)
		}
	}
	if len(loads) == 0 {
		return nil, nil, nil
	}
	k := int((f.ReturnLag + loads[0].Interval - 1) / loads[0].Interval)
	flows := make([]Flows, len(loads))
	for i, l := range loads {
		g := f
		g.BotShare = shares[i]
		flows[i] = g.Split(l.Volume)
		flows[i].Returned = 0
	}
	for i := range loads {
		r := flows[i].False * f.ReturnShare
		if k == 0 {
			flows[i].Returned += r
			continue
		}
		for j := i + 1; j <= i+k; j++ {
			if j < len(loads) {
				flows[j].Returned += r / float64(k)
			} else {
				flows[i].Later += r / float64(k)
			}
		}
	}
	out := make([]Load, len(loads))
	for i, l := range loads {
		fl := &flows[i]
		fl.Human = fl.Direct + fl.Escalated + fl.Returned
		out[i] = f.blend(l, fl.Direct+fl.Returned, fl.Escalated)
	}
	return out, flows, nil
}

// Blend returns the load humans get in l's interval from plain contacts,
// handled like l's (its AHT and patience), and escalated ones (EscalatedAHT
// and EscalatedPatience, zero meaning l's): volume plain + escalated, the
// volume-weighted AHT and the θ-blended patience described at Human.
// HumanSeriesShares builds each interval's load with it from Direct +
// Returned and Escalated; a caller updating one interval's flows (an
// optimiser trying another share) can rebuild that interval's load alone.
func (f Funnel) Blend(l Load, plain, escalated float64) Load { return f.blend(l, plain, escalated) }

// blend builds the human load from plain contacts (the load's AHT and
// patience) and escalated ones.
func (f Funnel) blend(l Load, plain, escalated float64) Load {
	h := l
	h.Volume = plain + escalated
	if escalated == 0 || h.Volume == 0 {
		return h
	}
	ahtE, patE := f.EscalatedAHT, f.EscalatedPatience
	if ahtE == 0 {
		ahtE = l.AHT
	}
	if patE == 0 {
		patE = l.Patience
	}
	aht := (plain*l.AHT.Seconds() + escalated*ahtE.Seconds()) / h.Volume
	h.AHT = max(time.Duration(math.Round(aht*1e9)), 1)
	rate := func(p time.Duration) float64 {
		if p == 0 {
			return 0
		}
		return 1 / p.Seconds()
	}
	theta := (plain*rate(l.Patience) + escalated*rate(patE)) / h.Volume
	h.Patience = 0
	if theta > 0 {
		h.Patience = max(time.Duration(math.Round(1e9/theta)), 1)
	}
	return h
}
