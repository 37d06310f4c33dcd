package calib

import "time"

// Outcome is how a call record ended.
type Outcome int

// Outcomes of a call record.
const (
	// Answered: an agent took the call (AGENT in the bank's records).
	Answered Outcome = iota + 1
	// Abandoned: the caller hung up before an agent answered (HANG). A
	// call that hung up without ever joining the agent queue left in the
	// voice-response unit and is no arrival to the agents.
	Abandoned
	// Phantom: a record the switch could not attribute (PHANTOM); never
	// counted.
	Phantom
)

func (o Outcome) String() string {
	switch o {
	case Answered:
		return "answered"
	case Abandoned:
		return "abandoned"
	case Phantom:
		return "phantom"
	}
	return "unknown"
}

// Call is one call record, as far as the agent queue is concerned. Times
// are the centre's wall clock (any location, used consistently).
type Call struct {
	// Line is the record's line in its source file, for messages; 0 when
	// unknown.
	Line    int
	Outcome Outcome
	// QueueStart and QueueExit bound the wait in the agent queue; both are
	// zero when the call never waited there (answered at once, or hung up
	// in the voice-response unit).
	QueueStart, QueueExit time.Time
	// ServiceStart and ServiceEnd bound the talk time of an answered call;
	// zero otherwise.
	ServiceStart, ServiceEnd time.Time
	// Agent names who answered; "" when the record names nobody.
	Agent string
	// Type is the call's service type as the records name it ("" when
	// they do not), and Priority its priority as recorded (higher is
	// served first; 0 when not recorded).
	Type     string
	Priority int
}

// Queued reports whether the call waited in the agent queue.
func (c Call) Queued() bool { return !c.QueueStart.IsZero() }

// arrival returns when c asked for an agent and whether it is an arrival
// to the agent queue at all: a queued call at its queue start, an answered
// call that never queued when it was answered; phantoms and hang-ups in the
// voice-response unit are none.
func (c Call) arrival() (time.Time, bool) {
	switch {
	case c.Outcome == Phantom:
		return time.Time{}, false
	case c.Queued():
		return c.QueueStart, true
	case c.Outcome == Answered && !c.ServiceStart.IsZero():
		return c.ServiceStart, true
	}
	return time.Time{}, false
}

// wait is the time c spent in the agent queue (zero when it never queued,
// never negative).
func (c Call) wait() time.Duration {
	if !c.Queued() || c.QueueExit.Before(c.QueueStart) {
		return 0
	}
	return c.QueueExit.Sub(c.QueueStart)
}

// talk is the talk time of an answered call (zero otherwise).
func (c Call) talk() time.Duration {
	if c.Outcome != Answered || c.ServiceStart.IsZero() || c.ServiceEnd.Before(c.ServiceStart) {
		return 0
	}
	return c.ServiceEnd.Sub(c.ServiceStart)
}
