package forecast

import (
	"fmt"
	"math"
	"sort"
	"time"
)

// Record is one interval of history as exported by an ACD.
type Record struct {
	Start   time.Time // start of the interval; its wall clock in the series' location must lie on the record grid
	Offered float64   // contacts offered (arrivals), >= 0
	// Handled contacts weight the handle time; 0 means "not recorded" and
	// Offered weights it instead.
	Handled float64
	// AHTSeconds is the mean handle time of the interval's contacts in
	// seconds; 0 or NaN means not recorded.
	AHTSeconds float64
}

// SeriesConfig says how to lay records on the planning grid.
type SeriesConfig struct {
	Queue string
	// Interval is the planning interval; it must divide 24h. Records are
	// summed into it.
	Interval time.Duration
	// RecordInterval is the length of each record's interval (5m for a
	// 5-minute export); it must divide Interval. Zero means Interval.
	RecordInterval time.Duration
	// Location is the queue's time zone; days, weekdays and slots are its
	// wall clock. Nil means UTC.
	Location *time.Location
}

// Series is one queue's history resampled to the planning interval on a grid
// of local dates by wall-clock slots. Offered counts are summed over records;
// AHT is the mean weighted by handled (or offered) contacts.
type Series struct {
	Queue    string
	Interval time.Duration
	Location *time.Location

	first   time.Time // local midnight of the first day
	days    int
	slots   int       // slots per day, 24h / Interval
	offered []float64 // days*slots; NaN = missing
	aht     []float64 // days*slots; NaN = not recorded
	ahtW    []float64 // weight behind aht
	hasAHT  bool
	end     time.Time // end of the last record's interval
	// recs counts the records of each cell (days*slots): a cell with none
	// had no row at all, which on a day with other rows is how many
	// exports write a closed interval (panel.openMap).
	recs []int32
}

// MaxSeriesDays bounds a series, first to last local date: 20 years. The
// series holds three numbers per slot of every day in between, so one
// stray record decades away would otherwise allocate gigabytes.
const MaxSeriesDays = 7305

// NewSeries lays recs (in any order) on the planning grid. It fails on a
// bad interval, a record off the record grid, two records for the same
// instant, a negative or non-finite count, or a span of more than
// MaxSeriesDays local dates (ErrSpan), naming the record's index.
func NewSeries(cfg SeriesConfig, recs []Record) (*Series, error) {
	if cfg.Interval <= 0 || (24*time.Hour)%cfg.Interval != 0 {
		return nil, fmt.Errorf("%w: %v", ErrInterval, cfg.Interval)
	}
	rec := cfg.RecordInterval
	if rec == 0 {
		rec = cfg.Interval
	}
	if rec < 0 || cfg.Interval%rec != 0 {
		return nil, fmt.Errorf("%w: %v records into %v intervals", ErrRecordLength, rec, cfg.Interval)
	}
	loc := cfg.Location
	if loc == nil {
		loc = time.UTC
	}
	if len(recs) == 0 {
		return nil, ErrEmpty
	}
	order := make([]int, len(recs))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return recs[order[a]].Start.Before(recs[order[b]].Start) })
	for k, i := range order {
		r := recs[i]
		if r.Offered < 0 || math.IsNaN(r.Offered) || math.IsInf(r.Offered, 0) ||
			r.Handled < 0 || math.IsNaN(r.Handled) || math.IsInf(r.Handled, 0) || r.AHTSeconds < 0 || math.IsInf(r.AHTSeconds, 0) {
			return nil, fmt.Errorf("record %d (%s): %w", i, r.Start.Format(time.RFC3339), ErrNegative)
		}
		if WallClock(r.Start.In(loc))%rec != 0 {
			return nil, fmt.Errorf("record %d (%s): %w of %v", i, r.Start.Format(time.RFC3339), ErrMisaligned, rec)
		}
		if k > 0 && r.Start.Equal(recs[order[k-1]].Start) {
			return nil, fmt.Errorf("record %d (%s): %w", i, r.Start.Format(time.RFC3339), ErrDuplicate)
		}
	}
	s := &Series{Queue: cfg.Queue, Interval: cfg.Interval, Location: loc, slots: int(24 * time.Hour / cfg.Interval)}
	s.first = midnight(recs[order[0]].Start.In(loc))
	last := recs[order[len(order)-1]].Start
	s.days = dayIndex(s.first, last.In(loc)) + 1
	if s.days > MaxSeriesDays {
		i := order[len(order)-1]
		return nil, fmt.Errorf("record %d (%s): %w: %d days from %s, above the limit of %d days (20 years)",
			i, last.Format(time.RFC3339), ErrSpan, s.days, s.first.Format(time.DateOnly), MaxSeriesDays)
	}
	s.end = last.Add(rec)
	n := s.days * s.slots
	s.offered = make([]float64, n)
	s.aht = make([]float64, n)
	s.ahtW = make([]float64, n)
	bins := make([]int32, n)
	for _, r := range recs {
		t := r.Start.In(loc)
		c := dayIndex(s.first, t)*s.slots + int(WallClock(t)/cfg.Interval)
		s.offered[c] += r.Offered
		bins[c]++
		if r.AHTSeconds > 0 && !math.IsNaN(r.AHTSeconds) {
			w := r.Handled
			if w <= 0 {
				w = r.Offered
			}
			s.aht[c] += w * r.AHTSeconds
			s.ahtW[c] += w
			s.hasAHT = true
		}
	}
	perCell := int32(cfg.Interval / rec)
	// A cell with fewer records than its slot has on other days is
	// incomplete (history ending mid-interval, dropped rows): missing, not
	// a low count. A slot short every day (a centre closing at 21:05) is
	// simply short.
	full := make([]int32, s.slots)
	for c, n := range bins {
		full[c%s.slots] = max(full[c%s.slots], min(n, perCell))
	}
	s.recs = bins
	for c := range s.offered {
		switch {
		case bins[c] == 0 || bins[c] < full[c%s.slots]:
			s.offered[c] = math.NaN()
		case bins[c] > perCell:
			// The repeated hour of a fall-back day: two intervals share the
			// wall-clock slot; keep their mean so the slot stays comparable.
			occ := float64((bins[c] + perCell - 1) / perCell)
			s.offered[c] /= occ
		}
		if s.ahtW[c] > 0 {
			s.aht[c] /= s.ahtW[c]
		} else {
			s.aht[c] = math.NaN()
		}
	}
	return s, nil
}

// Days is the number of local dates the series spans.
func (s *Series) Days() int { return s.days }

// SlotsPerDay is 24h / Interval.
func (s *Series) SlotsPerDay() int { return s.slots }

// First is local midnight of the first day of history.
func (s *Series) First() time.Time { return s.first }

// End is the end of the last record's interval.
func (s *Series) End() time.Time { return s.end }

// HasAHT reports whether any record carried a handle time.
func (s *Series) HasAHT() bool { return s.hasAHT }

// Offered returns the resampled offered count of a day's wall-clock slot,
// and false when that cell is missing.
func (s *Series) Offered(day, slot int) (float64, bool) {
	if day < 0 || day >= s.days || slot < 0 || slot >= s.slots {
		return 0, false
	}
	v := s.offered[day*s.slots+slot]
	return v, !math.IsNaN(v)
}

// AHT returns the resampled mean handle time (seconds) of a cell, and false
// when it is not recorded.
func (s *Series) AHT(day, slot int) (float64, bool) {
	if day < 0 || day >= s.days || slot < 0 || slot >= s.slots {
		return 0, false
	}
	v := s.aht[day*s.slots+slot]
	return v, !math.IsNaN(v)
}

// Date returns local midnight of day d (d may lie beyond the history).
func (s *Series) Date(d int) time.Time {
	y, m, dd := s.first.Date()
	return time.Date(y, m, dd+d, 0, 0, 0, 0, s.Location)
}

// WallClock is t's wall-clock time since midnight in t's location: the
// slot a timestamp falls in is WallClock(t) / Interval.
func WallClock(t time.Time) time.Duration {
	h, m, sec := t.Clock()
	return time.Duration(h)*time.Hour + time.Duration(m)*time.Minute + time.Duration(sec)*time.Second + time.Duration(t.Nanosecond())
}

// midnight is the start of t's local date (as a wall clock: on the rare zone
// whose midnight is skipped it is the first instant of the date).
func midnight(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, t.Location())
}

// dayIndex counts calendar dates from first's date to t's date.
func dayIndex(first, t time.Time) int {
	return civilDay(t) - civilDay(first)
}

func civilDay(t time.Time) int {
	y, m, d := t.Date()
	return int(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

// weekday is Monday = 0 ... Sunday = 6.
func weekdayOf(t time.Time) int { return (int(t.Weekday()) + 6) % 7 }

// intervals lists the instants starting the day's intervals: 23 or 25 hours'
// worth on daylight-saving days, stepping in absolute time.
func (s *Series) intervals(d int, fn func(start time.Time, slot int)) {
	start := s.Date(d)
	next := s.Date(d + 1)
	for t := start; t.Before(next); t = t.Add(s.Interval) {
		fn(t, int(WallClock(t)/s.Interval))
	}
}
