package roster

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/staffcast/staffcast/scheduler"
)

// Advice says how many more agents of which availability would take the
// shifts left open: "3 more agents available sat-sun 08:00-20:00".
//
// It is built, not estimated: Assign rosters the open shifts onto new
// agents with a typical contract (the median weekly maximums of the
// agents given, or none when no agent has one), under the same rules, and
// groups the new agents by the days and hours they would work. So the
// advice is enough; it may not be the least possible, since a different
// roster of the existing agents might leave other shifts open.
type Advice struct {
	Agents int // how many more agents
	// Availability is what each of them must offer, in the agents CSV's
	// syntax: the weekdays they would work, each from the earliest start
	// to the latest end of their shifts.
	Availability Availability
	Shifts       int           // open shifts they would take between them
	MaxPerWeek   time.Duration // the typical contract assumed; zero is no cap
	MaxDays      int           // the typical contract assumed; zero is no cap
}

func (a Advice) String() string {
	s := fmt.Sprintf("%d more agent%s available %s", a.Agents, plural(a.Agents), a.Availability)
	var contract []string
	if a.MaxDays > 0 {
		contract = append(contract, fmt.Sprintf("%d days", a.MaxDays))
	}
	if a.MaxPerWeek > 0 {
		contract = append(contract, fmt.Sprintf("%gh", a.MaxPerWeek.Hours()))
	}
	if len(contract) > 0 {
		s += " (up to " + strings.Join(contract, ", ") + " a week)"
	}
	return s + fmt.Sprintf(" to take %d open shift%s", a.Shifts, plural(a.Shifts))
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// typicalContract is the median weekly maximums of the agents that have
// one: the contract new hires most likely get.
func typicalContract(agents []Agent) (time.Duration, int) {
	var hours []time.Duration
	var days []int
	for _, a := range agents {
		if a.MaxPerWeek > 0 {
			hours = append(hours, a.MaxPerWeek)
		}
		if a.MaxDaysPerWeek > 0 {
			days = append(days, a.MaxDaysPerWeek)
		}
	}
	var h time.Duration
	var d int
	if len(hours) > 0 && len(hours)*2 > len(agents) {
		sort.Slice(hours, func(i, j int) bool { return hours[i] < hours[j] })
		h = hours[len(hours)/2]
	}
	if len(days) > 0 && len(days)*2 > len(agents) {
		sort.Ints(days)
		d = days[len(days)/2]
	}
	return h, d
}

// advise rosters the open slots onto as few new agents as a greedy pass
// finds, each preferring shifts like those it already works, and groups
// them by availability.
func advise(h horizon, rules Rules, slots []slot, open []int, agents []Agent) ([]Advice, []scheduler.Shift) {
	maxPer, maxDays := typicalContract(agents)
	sub := make([]slot, len(open))
	for k, i := range open {
		sub[k] = slots[i]
	}
	b := newBoard(h, rules, sub)
	type hire struct {
		days       [7]bool
		start, end time.Duration // time of day; end may pass 24h
	}
	var hires []hire
	var unstaffable []scheduler.Shift
	for i := range sub {
		s := &sub[i]
		start, end := s.shift.Start, s.shift.End()
		best, bestCost := -1, time.Duration(0)
		for a := range hires {
			if !b.canTake(a, i) {
				continue
			}
			// Growth of the daily window, and a new weekday costs a window's worth.
			hr := hires[a]
			c := max(hr.end, end) - min(hr.start, start) - (hr.end - hr.start)
			if !hr.days[s.weekday] {
				c += 4 * time.Hour
			}
			if best < 0 || c < bestCost {
				best, bestCost = a, c
			}
		}
		if best < 0 {
			a := b.addAgent(true, nil, 0, maxPer, maxDays, nil)
			if !b.canTake(a, i) {
				b.st = b.st[:a] // no one could: not a matter of head-count
				unstaffable = append(unstaffable, s.shift)
				continue
			}
			hires = append(hires, hire{start: start, end: end})
			best = a
		}
		b.take(best, i)
		hr := &hires[best]
		hr.days[s.weekday] = true
		hr.start, hr.end = min(hr.start, start), max(hr.end, end)
	}
	// Group the hires working the same weekdays, merging daily windows
	// while the merged window stays within adviceWindow, so the advice
	// reads as a few kinds of people to hire, not one line per shift time.
	const adviceWindow = 13 * time.Hour
	order := make([]int, len(hires))
	for a := range order {
		order[a] = a
	}
	sort.SliceStable(order, func(i, j int) bool {
		x, y := hires[order[i]], hires[order[j]]
		if x.days != y.days {
			return FormatDays(dayList(x.days)) < FormatDays(dayList(y.days))
		}
		return x.start < y.start
	})
	type group struct {
		hire
		agents, shifts int
	}
	var groups []group
	for _, a := range order {
		hr := hires[a]
		n := 0
		for _, w := range b.st[a].days {
			n += w
		}
		if g := len(groups) - 1; g >= 0 && groups[g].days == hr.days &&
			max(groups[g].end, hr.end)-min(groups[g].start, hr.start) <= max(adviceWindow, groups[g].end-groups[g].start) {
			gr := &groups[g]
			gr.start, gr.end = min(gr.start, hr.start), max(gr.end, hr.end)
			gr.agents++
			gr.shifts += n
			continue
		}
		groups = append(groups, group{hr, 1, n})
	}
	out := make([]Advice, 0, len(groups))
	for _, g := range groups {
		var av Availability
		for d := range 7 {
			switch {
			case !g.days[d]:
			case g.end-g.start < day:
				av.Windows = append(av.Windows, Window{Day: time.Weekday(d), Start: g.start, End: g.end})
			default: // early and overnight shifts: the whole day and the next morning
				av.Windows = append(av.Windows, Window{Day: time.Weekday(d), Start: 0, End: day})
				if g.end > day {
					av.Windows = append(av.Windows, Window{Day: time.Weekday((d + 1) % 7), Start: 0, End: g.end - day})
				}
			}
		}
		out = append(out, Advice{Agents: g.agents, Availability: av, Shifts: g.shifts, MaxPerWeek: maxPer, MaxDays: maxDays})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Agents > out[j].Agents })
	return out, unstaffable
}

func dayList(set [7]bool) []time.Weekday {
	var out []time.Weekday
	for d, ok := range set {
		if ok {
			out = append(out, time.Weekday(d))
		}
	}
	return out
}
