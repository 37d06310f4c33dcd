package calib

import (
	"errors"
	"fmt"
	"sort"
	"time"
)

// Sentinel errors.
var (
	ErrInterval    = errors.New("calib: interval must be positive and divide a day")
	ErrServiceTime = errors.New("calib: service-level time must be non-negative")
	ErrNoCalls     = errors.New("calib: no call reached the agent queue")
	ErrStep        = errors.New("calib: step must divide the interval")
)

// Interval is what happened in one interval of the records, by the
// arrival time of each call to the agent queue.
type Interval struct {
	Start time.Time
	// Arrivals are the calls that joined the agent queue (or were answered
	// at once) in the interval; Answered, Abandoned and AnsweredWithin
	// (answered within the service-level time) count their fates.
	Arrivals, Answered, Abandoned, AnsweredWithin int
	// TalkSeconds sums the talk time of the answered arrivals;
	// WaitSeconds the time every arrival waited, abandoning ones up to
	// when they hung up.
	TalkSeconds, WaitSeconds float64
	// BusyAgents is the mean number of agents talking during the interval
	// (talk time overlapping it divided by its length), whatever the
	// calls' arrival interval. WaitingBusyAgents is the mean number talking
	// over the moments of the interval when at least one caller waited
	// (WaitingSeconds of them in all); in an M/M/n queue every agent is
	// busy then, so it is the agents actually serving. ServingAgents counts
	// the distinct agents who answered a call arriving in the interval.
	BusyAgents, WaitingBusyAgents, WaitingSeconds float64
	ServingAgents                                 int
}

// AHTSeconds is the mean talk time of the interval's answered calls (0
// when none was answered).
func (iv Interval) AHTSeconds() float64 {
	if iv.Answered == 0 {
		return 0
	}
	return iv.TalkSeconds / float64(iv.Answered)
}

// ObservedServiceLevel is the share of arrivals answered within the
// service-level time; abandons count as missed (erlang's definition).
func (iv Interval) ObservedServiceLevel() float64 {
	if iv.Arrivals == 0 {
		return 0
	}
	return float64(iv.AnsweredWithin) / float64(iv.Arrivals)
}

// ObservedAbandonRate is the share of arrivals that hung up waiting.
func (iv Interval) ObservedAbandonRate() float64 {
	if iv.Arrivals == 0 {
		return 0
	}
	return float64(iv.Abandoned) / float64(iv.Arrivals)
}

// Aggregate cuts the calls into intervals of length interval (aligned on
// midnight of the records' clock) and counts, per interval with at least
// one arrival, what the Interval fields describe. A call waiting exactly
// serviceTime counts as answered within it. Intervals come out in time
// order.
func Aggregate(calls []Call, interval, serviceTime time.Duration) ([]Interval, error) {
	if interval <= 0 || (24*time.Hour)%interval != 0 {
		return nil, fmt.Errorf("%w: %v", ErrInterval, interval)
	}
	if serviceTime < 0 {
		return nil, fmt.Errorf("%w: %v", ErrServiceTime, serviceTime)
	}
	byStart := map[time.Time]*Interval{}
	agents := map[time.Time]map[string]bool{}
	slot := func(t time.Time) *Interval {
		s := floor(t, interval)
		iv := byStart[s]
		if iv == nil {
			iv = &Interval{Start: s}
			byStart[s] = iv
		}
		return iv
	}
	for _, c := range calls {
		at, ok := c.arrival()
		if !ok {
			continue
		}
		iv := slot(at)
		iv.Arrivals++
		w := c.wait()
		iv.WaitSeconds += w.Seconds()
		switch c.Outcome {
		case Answered:
			iv.Answered++
			iv.TalkSeconds += c.talk().Seconds()
			if w <= serviceTime {
				iv.AnsweredWithin++
			}
			if c.Agent != "" {
				if agents[iv.Start] == nil {
					agents[iv.Start] = map[string]bool{}
				}
				agents[iv.Start][c.Agent] = true
			}
		case Abandoned:
			iv.Abandoned++
		}
	}
	if len(byStart) == 0 {
		return nil, ErrNoCalls
	}
	out := make([]Interval, 0, len(byStart))
	for s, iv := range byStart {
		iv.ServingAgents = len(agents[s])
		out = append(out, *iv)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Start.Before(out[j].Start) })
	occupancy(calls, out, interval)
	return out, nil
}

// floor is t rounded down to a multiple of d since its day's midnight.
func floor(t time.Time, d time.Duration) time.Time {
	y, m, dd := t.Date()
	mid := time.Date(y, m, dd, 0, 0, 0, 0, t.Location())
	return mid.Add(t.Sub(mid) / d * d)
}
