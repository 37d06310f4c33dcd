package forecast

import (
	"fmt"
	"math"
	"strings"
	"time"
)

// DayKind says what is special about a date.
type DayKind int

const (
	// Closed: the queue takes no contacts; the forecast is zero.
	Closed DayKind = iota + 1
	// Holiday: an unusual day kept out of the ordinary fit; its forecast is
	// the ordinary one times Factor when given, else times the effect
	// learnt from past holidays (see Forecast).
	Holiday
	// Event: a known disturbance (campaign, outage); kept out of the fit and
	// its forecast is the ordinary one times Factor when given, else times
	// the effect learnt from past events.
	Event
)

func (k DayKind) String() string {
	switch k {
	case Closed:
		return "closed"
	case Holiday:
		return "holiday"
	case Event:
		return "event"
	}
	return fmt.Sprintf("DayKind(%d)", int(k))
}

// SpecialDay marks one local date for one queue, or for all queues when
// Queue is empty.
type SpecialDay struct {
	Date  time.Time // only the year, month and day count (as written)
	Queue string
	Kind  DayKind
	// Factor scales the ordinary forecast; 0 means not given, and the
	// effect is learnt from the history.
	Factor float64
	// Name identifies a recurring day (yom_kippur, christmas) across dates
	// and years; compared case-insensitively. Empty means unnamed.
	Name string
}

// dayRule is what the calendar says about one date of one queue.
type dayRule struct {
	kind   DayKind
	factor float64 // 0 when not given
	name   string  // lower case, trimmed
}

// rules resolves the calendar for one queue into civil-day numbers. A
// queue-specific entry overrides an all-queues one on the same date.
func (c Calendar) rules(queue string) (map[int]dayRule, error) {
	out := map[int]dayRule{}
	specific := map[int]bool{}
	for i, sd := range c {
		if sd.Kind < Closed || sd.Kind > Event {
			return nil, fmt.Errorf("%w: entry %d: kind %v", ErrCalendar, i, sd.Kind)
		}
		if sd.Factor < 0 || math.IsNaN(sd.Factor) || math.IsInf(sd.Factor, 0) {
			return nil, fmt.Errorf("%w: entry %d: factor %v", ErrCalendar, i, sd.Factor)
		}
		if sd.Queue != "" && sd.Queue != queue {
			continue
		}
		y, m, d := sd.Date.Date()
		key := civilDay(time.Date(y, m, d, 0, 0, 0, 0, time.UTC))
		if specific[key] && sd.Queue == "" {
			continue
		}
		out[key] = dayRule{kind: sd.Kind, factor: sd.Factor, name: strings.ToLower(strings.TrimSpace(sd.Name))}
		if sd.Queue != "" {
			specific[key] = true
		}
	}
	return out, nil
}

// Calendar is a list of special days.
type Calendar []SpecialDay
