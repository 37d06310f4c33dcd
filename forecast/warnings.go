package forecast

import (
	"fmt"
	"math"
	"strings"
	"time"
)

// Thresholds of the history checks behind Result.Warnings.
const (
	// partialShare: more than this share of the cells with records being
	// only partly filled (fewer records than their slot has on other
	// days) is warned about: those cells are missing, so quiet intervals
	// are learnt from their busy days only.
	partialShare = 0.05
	// zeroDayMin: an open ordinary day whose every observed interval is
	// zero is warned about when its weekday's median daily total is at
	// least this (a Poisson day of 20 is zero with probability 2e-9).
	zeroDayMin = 20.0
	// maxListed bounds the dates a warning lists.
	maxListed = 10
)

// HistoryWarnings is what Forecast would warn of when forecasting from the
// end of s's history with cal (see Result.Warnings): for a backtest, whose
// scores the same faults distort.
func HistoryWarnings(s *Series, cal Calendar) ([]string, error) {
	rules, err := cal.rules(s.Queue)
	if err != nil {
		return nil, err
	}
	return historyWarnings(s, newPanel(s, rules, s.days+week), s.days), nil
}

// historyWarnings checks the history before day T for what silently
// distorts a forecast and says it in words (the package logs nothing):
// slots closed because their rows stopped, partly filled intervals, and
// whole open days of zeros.
func historyWarnings(s *Series, p *panel, T int) []string {
	var out []string
	if w := closedWarning(s, p, T); w != "" {
		out = append(out, w)
	}
	if w := partialWarning(s, T); w != "" {
		out = append(out, w)
	}
	if w := zeroDaysWarning(s, p, T); w != "" {
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
		byRanges[r] = append(byRanges[r], time.Weekday((w + 1) % 7).String()[:3]) // the panel's weekdays start on Monday
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

// partialWarning counts the cells before day T with some records but
// fewer than their slot has on other days (NewSeries makes them missing).
func partialWarning(s *Series, T int) string {
	partial, filled := 0, 0
	for c := 0; c < min(T, s.days)*s.slots; c++ {
		if s.recs[c] == 0 {
			continue
		}
		filled++
		if math.IsNaN(s.offered[c]) {
			partial++
		}
	}
	if filled == 0 || float64(partial) <= partialShare*float64(filled) {
		return ""
	}
	return fmt.Sprintf("%d of %d intervals with rows (%.0f%%) have fewer records than their slot has on other days, so they count as missing and quiet intervals are learnt from their busy days only: the history seems to omit zero-count rows; export them",
		partial, filled, 100*float64(partial)/float64(filled))
}

// zeroDaysWarning names the ordinary days before T, of a weekday whose
// median daily total is at least zeroDayMin, whose open intervals were
// observed and are all zero: an outage read as a quiet day pulls the
// level down.
func zeroDaysWarning(s *Series, p *panel, T int) string {
	open := p.openMap(T)
	T = min(T, s.days)
	tot := make([]float64, T)
	var totals [7][]float64
	for d := range T {
		tot[d] = math.NaN()
		if !p.ordinary(d) {
			continue
		}
		sum, seen, n := 0.0, 0, 0
		for sl, o := range open[p.dow[d]] {
			if !o {
				continue
			}
			n++
			if v := p.y[d*p.slots+sl]; !math.IsNaN(v) {
				sum += v
				seen++
			}
		}
		if n == 0 || 2*seen < n {
			continue
		}
		tot[d] = sum
		if sum > 0 {
			totals[p.dow[d]] = append(totals[p.dow[d]], sum)
		}
	}
	var days []string
	for d, v := range tot {
		if v == 0 && len(totals[p.dow[d]]) > 0 && median(totals[p.dow[d]]) >= zeroDayMin {
			days = append(days, s.Date(d).Format(time.DateOnly))
		}
	}
	if len(days) == 0 {
		return ""
	}
	list := strings.Join(days[:min(len(days), maxListed)], ", ")
	if len(days) > maxListed {
		list += fmt.Sprintf(" and %d more", len(days)-maxListed)
	}
	return fmt.Sprintf("%d open days have zero contacts in every interval, which pulls the forecast down: %s; if the queue was down, mark them closed (or event) in the calendar",
		len(days), list)
}
