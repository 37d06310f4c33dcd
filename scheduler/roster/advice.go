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

// hire is one new agent of the advice: its daily windows, the span of its
// shifts on each weekday.
type hire struct {
	on         [7]bool
	start, end [7]time.Duration // end may pass 24h
	ref        time.Duration    // start of its first shift
}

// add widens the hire's window of weekday wd to cover [start, end).
func (hr *hire) add(wd time.Weekday, start, end time.Duration) {
	if !hr.on[wd] {
		hr.on[wd], hr.start[wd], hr.end[wd] = true, start, end
	}
	hr.start[wd], hr.end[wd] = min(hr.start[wd], start), max(hr.end[wd], end)
}

// advise rosters the open slots onto as few new agents with the typical
// contract as it finds, and groups them by availability.
func advise(h horizon, rules Rules, slots []slot, open []int, agents []Agent) ([]Advice, []scheduler.Shift) {
	maxPer, maxDays := typicalContract(agents)
	sub := make([]slot, len(open))
	for k, i := range open {
		sub[k] = slots[i]
	}
	b, hires, unstaffable := greedyHires(h, rules, sub, maxPer, maxDays)
	// Group the hires into a few kinds of people to hire rather than one
	// line per shift time. A hire's windows are first flattened to one
	// daily window when that spans at most adviceWindow; then a hire joins
	// the first group of the same weekdays whose windows, widened to take
	// it, stay within adviceWindow (or within what they were); last, groups
	// of one or two hires join a larger group whose days include theirs
	// when the windows fit the same way. A group's availability covers
	// each member's, so the advice stays sufficient.
	const adviceWindow = 13 * time.Hour
	for a := range hires {
		hr := &hires[a]
		lo, hi := time.Duration(1<<62), time.Duration(0)
		for d := range 7 {
			if hr.on[d] {
				lo, hi = min(lo, hr.start[d]), max(hi, hr.end[d])
			}
		}
		if hi-lo <= adviceWindow {
			for d := range 7 {
				if hr.on[d] {
					hr.start[d], hr.end[d] = lo, hi
				}
			}
		}
	}
	order := make([]int, len(hires))
	for a := range order {
		order[a] = a
	}
	ndays := func(on [7]bool) int {
		n := 0
		for _, x := range on {
			if x {
				n++
			}
		}
		return n
	}
	sort.SliceStable(order, func(i, j int) bool {
		x, y := hires[order[i]], hires[order[j]]
		if nx, ny := ndays(x.on), ndays(y.on); nx != ny {
			return nx > ny
		}
		if x.on != y.on {
			return FormatDays(dayList(x.on)) < FormatDays(dayList(y.on))
		}
		return x.ref < y.ref
	})
	type group struct {
		hire
		agents, shifts int
	}
	fits := func(g *group, hr *hire, sameDays bool) bool {
		if sameDays && g.on != hr.on {
			return false
		}
		for d := range 7 {
			if !hr.on[d] {
				continue
			}
			if !g.on[d] || max(g.end[d], hr.end[d])-min(g.start[d], hr.start[d]) > max(adviceWindow, g.end[d]-g.start[d]) {
				return false
			}
		}
		return true
	}
	join := func(g *group, hr *hire, agents, shifts int) {
		for d := range 7 {
			if hr.on[d] {
				g.start[d], g.end[d] = min(g.start[d], hr.start[d]), max(g.end[d], hr.end[d])
			}
		}
		g.agents += agents
		g.shifts += shifts
	}
	var groups []group
	for _, a := range order {
		hr := hires[a]
		n := 0
		for _, w := range b.st[a].days {
			n += w
		}
		g := 0
		for g < len(groups) && !fits(&groups[g], &hr, true) {
			g++
		}
		if g == len(groups) {
			groups = append(groups, group{hire: hr})
		}
		join(&groups[g], &hr, 1, n)
	}
	// Stragglers into larger groups that cover them.
	merged := make([]bool, len(groups))
	for i := range groups {
		g := &groups[i]
		if g.agents > 2 {
			continue
		}
		for k := range groups {
			if k != i && !merged[k] && groups[k].agents > 2 && fits(&groups[k], &g.hire, false) {
				join(&groups[k], &g.hire, g.agents, g.shifts)
				merged[i] = true
				break
			}
		}
	}
	var kept []group
	for i := range groups {
		if !merged[i] {
			kept = append(kept, groups[i])
		}
	}
	groups = kept
	out := make([]Advice, 0, len(groups))
	for _, g := range groups {
		var av Availability
		for d := range 7 {
			switch {
			case !g.on[d]:
			case g.start[d] >= day: // a start skipped to the next day by a clock change at midnight
				av.Windows = append(av.Windows, Window{Day: time.Weekday((d + 1) % 7), Start: g.start[d] - day, End: g.end[d] - day})
			case g.end[d]-g.start[d] < day:
				av.Windows = append(av.Windows, Window{Day: time.Weekday(d), Start: g.start[d], End: g.end[d]})
			default: // early and overnight shifts: the whole day and the next morning
				av.Windows = append(av.Windows, Window{Day: time.Weekday(d), Start: 0, End: day})
				if g.end[d] > day {
					av.Windows = append(av.Windows, Window{Day: time.Weekday((d + 1) % 7), Start: 0, End: g.end[d] - day})
				}
			}
		}
		out = append(out, Advice{Agents: g.agents, Availability: av, Shifts: g.shifts, MaxPerWeek: maxPer, MaxDays: maxDays})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Agents > out[j].Agents })
	return out, unstaffable
}

// greedyHires rosters the open slots one by one onto new agents, each slot
// to the hire whose times it fits best, a new hire when none can take it.
func greedyHires(h horizon, rules Rules, sub []slot, maxPer time.Duration, maxDays int) (*board, []hire, []scheduler.Shift) {
	b := newBoard(h, rules, sub)
	var hires []hire
	var unstaffable []scheduler.Shift
	// Like shifts together, days last: the hires made for one day's shifts
	// of a time go on to that time's other days, and hires whose contract
	// is full before the last days leave those to hires that then take the
	// next time's shifts, so no hire ends up working a day or two.
	order := make([]int, len(sub))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(x, y int) bool {
		a, b := sub[order[x]].shift, sub[order[y]].shift
		if a.Start != b.Start {
			return a.Start < b.Start
		}
		if a.Length != b.Length {
			return a.Length < b.Length
		}
		return a.Day < b.Day
	})
	for _, i := range order {
		s := &sub[i]
		wd, start, end := s.weekday, s.wallFrom, s.wallTo
		best, bestCost := -1, time.Duration(0)
		for a := range hires {
			if !b.canTake(a, i) {
				continue
			}
			// Prefer a hire whose times already fit: growth of the day's
			// window, or for a new weekday the distance from its usual start.
			hr := &hires[a]
			c := 2*time.Hour + abs(start-hr.ref)
			if hr.on[wd] {
				c = max(hr.end[wd], end) - min(hr.start[wd], start) - (hr.end[wd] - hr.start[wd])
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
			hires = append(hires, hire{ref: start})
			best = a
		}
		b.take(best, i)
		hires[best].add(wd, start, end)
	}
	return b, hires, unstaffable
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

func abs(d time.Duration) time.Duration {
	if d < 0 {
		return -d
	}
	return d
}
