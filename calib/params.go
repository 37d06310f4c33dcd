package calib

import (
	"sort"
	"time"
)

// maxGap bounds the post-call gaps WrapSeconds averages: a longer gap is
// a break or the end of a shift, not work on the last call.
const maxGap = 30 * time.Minute

// Params are the file-wide estimates the per-interval models share, all
// taken from the records themselves (none is fitted to service levels).
type Params struct {
	// PatienceSeconds is the mean patience: abandons over the total time
	// every arrival waited (the maximum-likelihood estimate for exponential
	// patience with censoring by service), pooled over the whole file.
	PatienceSeconds float64 `json:"patience_seconds"`
	// Availability is the share of the agents answering calls in an
	// interval who are talking while a caller waits, pooled over the file:
	// Σ WaitingBusyAgents·WaitingSeconds / Σ ServingAgents·WaitingSeconds.
	Availability float64 `json:"availability"`
	// WrapSeconds is the mean gap between an agent's call and the next
	// one when a caller was waiting as the first ended (gaps up to 30
	// minutes): time an agent spends after a call before taking another,
	// which the records do not show as work (wrap-up, notes, short
	// absences).
	WrapSeconds float64 `json:"wrap_seconds"`
	// StepSeconds is the simulator's step (Options.Step) in seconds; 0
	// when it runs one capacity per interval. Set by Calibrate.
	StepSeconds float64 `json:"step_seconds"`
}

// EstimateParams estimates Params from the calls and their intervals (as
// Aggregate returns them).
func EstimateParams(calls []Call, ivs []Interval) Params {
	var p Params
	var abandons, wait, num, den float64
	for _, iv := range ivs {
		abandons += float64(iv.Abandoned)
		wait += iv.WaitSeconds
		num += iv.WaitingBusyAgents * iv.WaitingSeconds
		den += float64(iv.ServingAgents) * iv.WaitingSeconds
	}
	if abandons > 0 {
		p.PatienceSeconds = wait / abandons
	}
	p.Availability = 1
	if den > 0 && num > 0 {
		p.Availability = min(num/den, 1)
	}
	p.WrapSeconds = wrapSeconds(calls)
	return p
}

// wrapSeconds is Params.WrapSeconds.
func wrapSeconds(calls []Call) float64 {
	waiting := newWaitingIndex(calls)
	byAgent := map[string][]Call{}
	for _, c := range calls {
		if c.talk() > 0 && c.Agent != "" {
			byAgent[c.Agent] = append(byAgent[c.Agent], c)
		}
	}
	var sum float64
	n := 0
	for _, cs := range byAgent {
		sort.Slice(cs, func(i, j int) bool { return cs[i].ServiceStart.Before(cs[j].ServiceStart) })
		for i := 1; i < len(cs); i++ {
			g := cs[i].ServiceStart.Sub(cs[i-1].ServiceEnd)
			if g < 0 || g > maxGap || !waiting.at(cs[i-1].ServiceEnd.Add(time.Second)) {
				continue
			}
			sum += g.Seconds()
			n++
		}
	}
	if n == 0 {
		return 0
	}
	return sum / float64(n)
}

// waitingIndex answers "was a caller waiting at time t?".
type waitingIndex struct {
	times []time.Time // sorted event times
	count []int       // callers waiting from times[i] on
}

func newWaitingIndex(calls []Call) waitingIndex {
	type ev struct {
		t time.Time
		d int
	}
	var evs []ev
	for _, c := range calls {
		if c.Outcome != Phantom && c.wait() > 0 {
			evs = append(evs, ev{c.QueueStart, 1}, ev{c.QueueExit, -1})
		}
	}
	sort.Slice(evs, func(i, j int) bool { return evs[i].t.Before(evs[j].t) })
	w := waitingIndex{times: make([]time.Time, len(evs)), count: make([]int, len(evs))}
	n := 0
	for i, e := range evs {
		n += e.d
		w.times[i], w.count[i] = e.t, n
	}
	return w
}

func (w waitingIndex) at(t time.Time) bool {
	i := sort.Search(len(w.times), func(i int) bool { return w.times[i].After(t) })
	return i > 0 && w.count[i-1] > 0
}
