package forecast_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/staffcast/staffcast/forecast"
	"github.com/staffcast/staffcast/forecast/synth"
)

// hasWarning reports whether one of res's warnings contains sub.
func hasWarning(res *forecast.Result, sub string) bool {
	for _, w := range res.Warnings {
		if strings.Contains(w, sub) {
			return true
		}
	}
	return false
}

// Opening hours that change show, in most exports, as rows that stop: the
// closed slots have no rows at all on days that have rows. After the last
// three days of a weekday without them, those slots are closed (not
// missing, which forecast them at the old level), and a warning says so.
func TestOpeningHoursLearntFromRowsThatStop(t *testing.T) {
	cfg := tenWeeks(21) // 08:00-20:00, Monday 2026-01-05 to Sunday 2026-03-15
	iv, _ := synth.Generate(cfg)
	lastDay := cfg.Start.AddDate(0, 0, cfg.Days-1)
	for _, tc := range []struct {
		name       string
		from       int  // first day of 10:00-16:00 hours
		cutLastDay bool // the last day's rows end at 16:00 (the history ends mid-day)
		wantClosed bool
		wantStart  time.Time
	}{
		{"hours changed four weeks ago", 42, false, true, lastDay.AddDate(0, 0, 1)},
		{"changed, the history ends at the new closing time", 42, true, true, lastDay.AddDate(0, 0, 1)},
		{"changed two weeks ago: not yet learnt", 56, false, false, lastDay.Add(16 * time.Hour)},
		{"no change, the history ends mid-day", 1000, true, false, lastDay.Add(16 * time.Hour)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			from := cfg.Start.AddDate(0, 0, tc.from)
			s := mustSeries(t, records(iv, func(x synth.Interval) bool {
				h := x.Start.Hour()
				if !x.Start.Before(from) && (h < 10 || h >= 16) {
					return false
				}
				return !tc.cutLastDay || x.Start.Before(lastDay.Add(16*time.Hour))
			}, nil))
			if got := s.NextStart(); !got.Equal(tc.wantStart) {
				t.Fatalf("NextStart %v, want %v", got, tc.wantStart)
			}
			start := lastDay.AddDate(0, 0, 1)
			res, err := forecast.Forecast(s, start, 168*time.Hour, forecast.Options{})
			if err != nil {
				t.Fatal(err)
			}
			outside := 0
			for _, p := range res.Points {
				if h := p.Start.Hour(); h < 10 || h >= 16 {
					outside++
				}
			}
			if tc.wantClosed {
				if outside != 0 || len(res.Points) != 7*12 {
					t.Errorf("%d points, %d outside 10:00-16:00; want 84, none outside", len(res.Points), outside)
				}
				if !hasWarning(res, "Mon, Tue, Wed, Thu, Fri, Sat, Sun 08:00-10:00, 16:00-20:00") || !hasWarning(res, "forecast as closed") {
					t.Errorf("warnings %q do not name the closed hours", res.Warnings)
				}
			} else {
				if outside != 7*12 {
					t.Errorf("%d points outside 10:00-16:00, want 84 (still open)", outside)
				}
				if hasWarning(res, "forecast as closed") {
					t.Errorf("unexpected warning %q", res.Warnings)
				}
			}
		})
	}
}

// A history ending part-way through a planning interval starts the
// forecast at that interval, which is incomplete, as an explicit start
// there does.
func TestNextStartMidInterval(t *testing.T) {
	cfg := tenWeeks(22)
	cfg.Interval = 5 * time.Minute
	iv, _ := synth.Generate(cfg)
	day := cfg.Start.AddDate(0, 0, 64) // a Tuesday
	for _, tc := range []struct {
		name string
		end  time.Duration // the history ends at day + end
		want time.Duration
	}{
		{"ends 11:05", 11*time.Hour + 5*time.Minute, 11 * time.Hour},
		{"ends 11:25", 11*time.Hour + 25*time.Minute, 11 * time.Hour},
		{"ends 11:30", 11*time.Hour + 30*time.Minute, 11*time.Hour + 30*time.Minute},
	} {
		t.Run(tc.name, func(t *testing.T) {
			recs := records(iv, func(x synth.Interval) bool { return x.Start.Before(day.Add(tc.end)) }, nil)
			s, err := forecast.NewSeries(forecast.SeriesConfig{Queue: "retail", Interval: 30 * time.Minute, RecordInterval: 5 * time.Minute}, recs)
			if err != nil {
				t.Fatal(err)
			}
			if got := s.NextStart(); !got.Equal(day.Add(tc.want)) {
				t.Fatalf("NextStart %v, want %v", got, day.Add(tc.want))
			}
			res, err := forecast.Forecast(s, s.NextStart(), 24*time.Hour, forecast.Options{Method: forecast.MethodSMA4})
			if err != nil {
				t.Fatal(err)
			}
			if first := res.Points[0].Start; !first.Equal(day.Add(tc.want)) {
				t.Errorf("first point %v, want %v", first, day.Add(tc.want))
			}
		})
	}
}

// A centre that closes at 20:05 every day has a short 20:00 slot, complete
// as it is: a history ending there starts the forecast at the next
// midnight, not at 20:00 again.
func TestNextStartShortLastSlot(t *testing.T) {
	cfg := tenWeeks(25)
	cfg.Interval = 5 * time.Minute
	cfg.Close = 20*time.Hour + 5*time.Minute
	iv, _ := synth.Generate(cfg)
	s, err := forecast.NewSeries(forecast.SeriesConfig{Queue: "retail", Interval: 30 * time.Minute, RecordInterval: 5 * time.Minute}, records(iv, nil, nil))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := s.NextStart(), cfg.Start.AddDate(0, 0, cfg.Days); !got.Equal(want) {
		t.Errorf("NextStart %v, want %v", got, want)
	}
}

// A history that omits its zero-count rows leaves quiet intervals only
// partly filled: they count as missing (the rule is not changed), and a
// warning names how many and suggests exporting the zero rows.
func TestWarningPartlyFilledIntervals(t *testing.T) {
	cfg := tenWeeks(23)
	cfg.Interval = 5 * time.Minute
	cfg.DailyVolume = 150 // about one contact per 5 minutes: many zero rows
	iv, _ := synth.Generate(cfg)
	for _, tc := range []struct {
		name      string
		dropZeros bool
		want      bool
	}{
		{"zero rows exported", false, false},
		{"zero rows omitted", true, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			recs := records(iv, func(x synth.Interval) bool { return !tc.dropZeros || x.Offered > 0 }, nil)
			s, err := forecast.NewSeries(forecast.SeriesConfig{Queue: "retail", Interval: 30 * time.Minute, RecordInterval: 5 * time.Minute}, recs)
			if err != nil {
				t.Fatal(err)
			}
			res, err := forecast.Forecast(s, s.NextStart(), 24*time.Hour, forecast.Options{Method: forecast.MethodSMA4})
			if err != nil {
				t.Fatal(err)
			}
			if got := hasWarning(res, "intervals with rows") && hasWarning(res, "omit zero-count rows"); got != tc.want {
				t.Errorf("warning about partly filled intervals: %v, want %v (%q)", got, tc.want, res.Warnings)
			}
		})
	}
}

// Whole open days of zeros (an outage) pull the level down: a warning
// names them, and marking them closed in the calendar silences it.
func TestWarningZeroDays(t *testing.T) {
	cfg := tenWeeks(24)
	iv, _ := synth.Generate(cfg)
	outage := cfg.Start.AddDate(0, 0, 56) // Monday of week 9
	s := mustSeries(t, records(iv, nil, func(x synth.Interval) float64 {
		if d := x.Start.Sub(outage); d >= 0 && d < 5*24*time.Hour {
			return 0
		}
		return 1
	}))
	var closed forecast.Calendar
	for i := range 5 {
		closed = append(closed, forecast.SpecialDay{Date: outage.AddDate(0, 0, i), Kind: forecast.Closed})
	}
	clean := mustSeries(t, records(iv, nil, nil))
	for _, tc := range []struct {
		name string
		s    *forecast.Series
		cal  forecast.Calendar
		want string
	}{
		{"outage", s, nil, "5 open days have zero contacts in every interval, which pulls the forecast down: 2026-03-02, 2026-03-03, 2026-03-04, 2026-03-05, 2026-03-06; if the queue was down, mark them closed"},
		{"outage marked closed", s, closed, ""},
		{"no outage", clean, nil, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := forecast.Forecast(tc.s, tc.s.NextStart(), 168*time.Hour, forecast.Options{Calendar: tc.cal})
			if err != nil {
				t.Fatal(err)
			}
			if tc.want == "" {
				if len(res.Warnings) != 0 {
					t.Errorf("warnings %q, want none", res.Warnings)
				}
			} else if !hasWarning(res, tc.want) {
				t.Errorf("warnings %q lack %q", res.Warnings, tc.want)
			}
			// A backtest's scores suffer the same: HistoryWarnings says so.
			hw, err := forecast.HistoryWarnings(tc.s, tc.cal)
			if err != nil || !slices.Equal(hw, res.Warnings) {
				t.Errorf("HistoryWarnings %q (%v), want the forecast's %q", hw, err, res.Warnings)
			}
		})
	}
}
