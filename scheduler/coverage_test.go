package scheduler

import (
	"math"
	"testing"
	"time"
)

func TestCover(t *testing.T) {
	day := func(req ...float64) Requirements {
		// 4 slots of 6 hours.
		return Requirements{Start: time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC), Interval: 6 * time.Hour, Required: req}
	}
	h := time.Hour
	tests := []struct {
		name          string
		req           Requirements
		shifts        []PlannedShift
		want          []float64
		short, excess float64
		outside       float64
	}{
		{"exact", day(2, 2, 0, 0), []PlannedShift{{Shift{Start: 0, Length: 12 * h}, 2}}, []float64{2, 2, 0, 0}, 0, 0, 0},
		{"partial slot", day(1, 1, 0, 0), []PlannedShift{{Shift{Start: 3 * h, Length: 6 * h}, 1}}, []float64{0.5, 0.5, 0, 0}, 360, 0, 0},
		{"break", day(0, 1, 0, 0), []PlannedShift{{Shift{Start: 6 * h, Length: 12 * h, Breaks: []Break{{Start: 12 * h, Length: 3 * h}}}, 1}}, []float64{0, 1, 0.5, 0}, 0, 180, 0},
		{"past horizon", day(0, 0, 0, 1), []PlannedShift{{Shift{Start: 18 * h, Length: 12 * h}, 1}}, []float64{0, 0, 0, 1}, 0, 0, 360},
		{"cyclic wrap", func() Requirements { r := day(1, 0, 0, 1); r.Cyclic = true; return r }(), []PlannedShift{{Shift{Start: 18 * h, Length: 12 * h}, 1}}, []float64{1, 0, 0, 1}, 0, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.req.Validate(); err != nil {
				t.Fatal(err)
			}
			c := Cover(tt.req, tt.shifts)
			for i := range tt.want {
				if math.Abs(c.Scheduled[i]-tt.want[i]) > 1e-12 {
					t.Fatalf("scheduled = %v, want %v", c.Scheduled, tt.want)
				}
			}
			if c.ShortageMinutes != tt.short || c.ExcessMinutes != tt.excess || c.Outside != tt.outside {
				t.Errorf("shortage, excess, outside = %v, %v, %v; want %v, %v, %v", c.ShortageMinutes, c.ExcessMinutes, c.Outside, tt.short, tt.excess, tt.outside)
			}
		})
	}
}

func TestRequirementsValidate(t *testing.T) {
	start := time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)
	bad := map[string]Requirements{
		"interval":   {Start: start, Interval: 7 * time.Minute, Required: make([]float64, 10)},
		"whole days": {Start: start, Interval: time.Hour, Required: make([]float64, 25)},
		"negative":   {Start: start, Interval: 12 * time.Hour, Required: []float64{1, -1}},
		"NaN":        {Start: start, Interval: 12 * time.Hour, Required: []float64{1, math.NaN()}},
	}
	for name, r := range bad {
		if r.Validate() == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func TestShiftLess(t *testing.T) {
	h := time.Hour
	lunch := func(at time.Duration, paid bool) []Break { return []Break{{Start: at, Length: h / 2, Paid: paid}} }
	tests := []struct {
		name string
		a, b Shift
	}{
		{"day first", Shift{Day: 0, Start: 20 * h}, Shift{Day: 1, Start: 6 * h}},
		{"then start", Shift{Start: 6 * h, Length: 9 * h}, Shift{Start: 7 * h, Length: 4 * h}},
		{"then length", Shift{Start: 6 * h, Length: 4 * h}, Shift{Start: 6 * h, Length: 8 * h}},
		{"then template", Shift{Start: 6 * h, Length: 8 * h, Template: "a"}, Shift{Start: 6 * h, Length: 8 * h, Template: "b"}},
		{"then break start", Shift{Length: 8 * h, Breaks: lunch(3*h, false)}, Shift{Length: 8 * h, Breaks: lunch(4*h, false)}},
		{"unpaid before paid", Shift{Length: 8 * h, Breaks: lunch(3*h, false)}, Shift{Length: 8 * h, Breaks: lunch(3*h, true)}},
		{"fewer breaks first", Shift{Length: 8 * h}, Shift{Length: 8 * h, Breaks: lunch(3*h, false)}},
	}
	for _, tt := range tests {
		if !ShiftLess(tt.a, tt.b) || ShiftLess(tt.b, tt.a) {
			t.Errorf("%s: want a < b and not b < a", tt.name)
		}
		if ShiftLess(tt.a, tt.a) {
			t.Errorf("%s: a < a", tt.name)
		}
	}
}
