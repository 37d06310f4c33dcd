package forecast

import (
	"fmt"
	"strings"
	"time"
)

var weekdayNames = [7]string{"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"}

// historyWarnings checks the history before day T for what silently
// distorts a forecast and says it in words (the package logs nothing):
// slots closed because their rows stopped.
func historyWarnings(s *Series, p *panel, T int) []string {
	var out []string
	if w := closedWarning(s, p, T); w != "" {
		out = append(out, w)
	}
	return out
}

// closedWarning names the weekday slots that had contacts but are closed
// because their rows stopped (panel.openHours).
func closedWarning(s *Series, p *panel, T int) string {
	_, closed, from := p.openHours(T)
	if from < 0 {
		return ""
	}
	// weekdays with the same hours are listed together
	var groups []string
	byRanges := map[string][]string{}
	n := 0
	for w, sl := range closed {
		if len(sl) == 0 {
			continue
		}
		n += len(sl)
		r := slotRanges(sl, s.Interval)
		if byRanges[r] == nil {
			groups = append(groups, r)
		}
		byRanges[r] = append(byRanges[r], weekdayNames[w])
	}
	parts := make([]string, len(groups))
	for i, r := range groups {
		parts[i] = strings.Join(byRanges[r], ", ") + " " + r
	}
	return fmt.Sprintf("%d weekday intervals that had contacts have no rows on any of the last %d days of their weekday that have rows (the earliest of them %s): %s; they are forecast as closed (opening hours changed); if they are open, export their zero rows",
		n, closeAfter, s.Date(from).Format(time.DateOnly), strings.Join(parts, "; "))
}

// slotRanges writes sorted slots as wall-clock ranges: "07:00-09:00,
// 17:00-21:00".
func slotRanges(slots []int, iv time.Duration) string {
	clock := func(sl int) string {
		d := time.Duration(sl) * iv
		return fmt.Sprintf("%02d:%02d", int(d.Hours()), int(d.Minutes())%60)
	}
	var rs []string
	for i := 0; i < len(slots); {
		j := i
		for j+1 < len(slots) && slots[j+1] == slots[j]+1 {
			j++
		}
		rs = append(rs, clock(slots[i])+"-"+clock(slots[j]+1))
		i = j + 1
	}
	return strings.Join(rs, ", ")
}
