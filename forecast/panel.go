package forecast

import (
	"math"
	"time"
)

// panel is a Series seen by the models: a day-by-slot matrix that extends
// past the history (NaN there) so forecasts can be written in place, plus
// what the calendar says of every day.
type panel struct {
	slots int
	days  int       // history days + forecast days
	y     []float64 // days*slots; NaN = missing or future
	dow   []int     // Monday = 0
	rule  []dayRule // kind 0 = ordinary day
	// near marks the days next to a block of special days that are not
	// special themselves: nearBefore the day before the block, nearAfter
	// the day after it (nearAfter wins for a day between two blocks).
	near []int8
	// dom is each day's day of the month, 1-31.
	dom []int8
	// recs counts each history cell's records (Series.recs); cells past
	// the history have none.
	recs []int32
	// smooth is the half-width in slots (about half an hour, at least 1)
	// over which learnt special-day curves are smoothed.
	smooth int
}

const (
	nearBefore int8 = 1
	nearAfter  int8 = 2
)

func newPanel(s *Series, rules map[int]dayRule, days int) *panel {
	if days < s.days {
		days = s.days
	}
	p := &panel{slots: s.slots, days: days, y: make([]float64, days*s.slots), dow: make([]int, days), rule: make([]dayRule, days), near: make([]int8, days), dom: make([]int8, days)}
	p.smooth = max(1, int((30*time.Minute+s.Interval/2)/s.Interval))
	copy(p.y, s.offered)
	p.recs = s.recs
	for i := s.days * s.slots; i < len(p.y); i++ {
		p.y[i] = math.NaN()
	}
	first := civilDay(s.first)
	w0 := weekdayOf(s.first)
	for d := 0; d < days; d++ {
		p.dow[d] = (w0 + d) % 7
		p.dom[d] = int8(time.Unix(int64(first+d)*86400, 0).UTC().Day())
		if r, ok := rules[first+d]; ok {
			p.rule[d] = r
		}
	}
	// the neighbours of special days, also just outside the panel
	for d := 0; d < days; d++ {
		if p.rule[d].kind != 0 {
			continue
		}
		if r, ok := rules[first+d-1]; (d > 0 && p.rule[d-1].kind != 0) || (d == 0 && ok && r.kind != 0) {
			p.near[d] = nearAfter
		} else if r, ok := rules[first+d+1]; ok && r.kind != 0 {
			p.near[d] = nearBefore
		}
	}
	return p
}

// ordinary reports whether day d may be used to fit and to score the
// choices of methods: neither special nor next to a special day.
func (p *panel) ordinary(d int) bool { return p.rule[d].kind == 0 && p.near[d] == 0 }

func (p *panel) row(d int) []float64 { return p.y[d*p.slots : (d+1)*p.slots] }

// closeAfter is how many of a weekday's latest days with records must
// have no record in a slot for that slot to be closed (closedByAbsence).
const closeAfter = 3

// openMap learns opening hours from the days before T: a weekday slot is
// open when any ordinary day of that weekday had contacts in it, unless
// closedByAbsence closes it.
func (p *panel) openMap(T int) [7][]bool {
	open, _, _ := p.openHours(T)
	return open
}

// openHours is openMap, and also the weekday slots that had contacts
// but closedByAbsence closed, and the earliest of the days that closed
// them (-1 when none), for a warning.
//
// closedByAbsence: a weekday slot with no record at all on each of that
// weekday's last closeAfter ordinary days that have records in other
// slots is closed from then on. Exports commonly write a closed interval
// as no row rather than a zero row, so a change of opening hours shows
// as rows that stop; a slot that is open but quiet has zero rows (or,
// when only some rows are missing, is merely incomplete, which stays
// missing).
func (p *panel) openHours(T int) (open [7][]bool, closed [7][]int, from int) {
	from = -1
	for w := range open {
		open[w] = make([]bool, p.slots)
	}
	T = min(T, p.days)
	for d := 0; d < T; d++ {
		if !p.ordinary(d) {
			continue
		}
		o := open[p.dow[d]]
		for s, v := range p.row(d) {
			if v > 0 {
				o[s] = true
			}
		}
	}
	var latest [7][]int
	for d := T - 1; d >= 0; d-- {
		w := p.dow[d]
		if len(latest[w]) < closeAfter && p.ordinary(d) && p.hasRecords(d) {
			latest[w] = append(latest[w], d)
		}
	}
	for w := range open {
		if len(latest[w]) < closeAfter {
			continue
		}
		for s, o := range open[w] {
			if !o {
				continue
			}
			none := true
			for _, d := range latest[w] {
				if p.records(d, s) > 0 {
					none = false
					break
				}
			}
			if none {
				open[w][s] = false
				closed[w] = append(closed[w], s)
				if d := latest[w][closeAfter-1]; from < 0 || d < from {
					from = d
				}
			}
		}
	}
	return open, closed, from
}

// records is how many history records cell (d, s) has.
func (p *panel) records(d, s int) int32 {
	if i := d*p.slots + s; i < len(p.recs) {
		return p.recs[i]
	}
	return 0
}

// hasRecords reports whether day d has any history record.
func (p *panel) hasRecords(d int) bool {
	for s := range p.slots {
		if p.records(d, s) > 0 {
			return true
		}
	}
	return false
}

// byWeekday lists the ordinary days before T of each weekday, latest first.
func (p *panel) byWeekday(T int) [7][]int {
	var out [7][]int
	for d := T - 1; d >= 0; d-- {
		if p.ordinary(d) {
			out[p.dow[d]] = append(out[p.dow[d]], d)
		}
	}
	return out
}
