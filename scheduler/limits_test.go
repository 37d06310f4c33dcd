package scheduler_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/staffcast/staffcast/scheduler"
)

// flat is days of need people in every slot of iv.
func flat(days int, iv time.Duration, need float64) scheduler.Requirements {
	req := scheduler.Requirements{Start: monday, Interval: iv, Required: make([]float64, days*int(24*h/iv)), Cyclic: true}
	for i := range req.Required {
		req.Required[i] = need
	}
	return req
}

// bigCentre is a week of a centre of about 2,000 agents open around the
// clock on 15-minute slots, with four templates starting on any slot and
// two or three breaks a shift: it must stay inside every limit.
func bigCentre() scheduler.Problem {
	req := flat(7, 15*m, 0)
	for i := range req.Required {
		x := float64(i%96) / 4
		req.Required[i] = math.Round(250 + 150*math.Sin(2*math.Pi*(x-9)/24))
	}
	coffee := scheduler.BreakRule{Length: 15 * m, Paid: true, EarliestAfterStart: 90 * m, LatestAfterStart: 150 * m}
	lunch := scheduler.BreakRule{Length: 30 * m, EarliestAfterStart: 3*h + 30*m, LatestAfterStart: 5*h + 30*m}
	tea := scheduler.BreakRule{Length: 15 * m, Paid: true, EarliestAfterStart: 6 * h, LatestAfterStart: 7*h + 30*m}
	tm := func(name string, from, to, lmin, lmax time.Duration, br ...scheduler.BreakRule) scheduler.Template {
		return scheduler.Template{Name: name, StartEarliest: from, StartLatest: to, LengthMin: lmin, LengthMax: lmax, LengthStep: 30 * m, Breaks: br}
	}
	return scheduler.Problem{Requirements: req, Templates: []scheduler.Template{
		tm("early", 5*h, 10*h, 8*h, 10*h, coffee, lunch, tea),
		tm("late", 10*h, 16*h, 8*h, 10*h, coffee, lunch, tea),
		tm("night", 18*h, 23*h+45*m, 8*h, 10*h, coffee, lunch),
		tm("part", 0, 23*h+45*m, 4*h, 6*h, coffee),
	}, Weights: scheduler.Weights{Shortage: 1, Excess: 0.25, DistinctShift: 15, PaidHour: 10}}
}

// TestSizeLimits: every size that could explode is refused up front with
// an error naming the limit, and a large real centre passes.
func TestSizeLimits(t *testing.T) {
	if err := bigCentre().Validate(); err != nil {
		t.Fatalf("a 2,000-agent week around the clock: %v", err)
	}
	day := scheduler.Template{Name: "d", StartEarliest: 8 * h, StartLatest: 9 * h, LengthMin: 8 * h, LengthMax: 8 * h}
	anyShift := func(iv time.Duration) scheduler.Template {
		return scheduler.Template{Name: "any", StartEarliest: 0, StartLatest: 24*h - iv, LengthMin: iv, LengthMax: 24 * h}
	}
	manyTemplates := make([]scheduler.Template, scheduler.MaxTemplates+1)
	for i := range manyTemplates {
		manyTemplates[i] = day
		manyTemplates[i].Name = fmt.Sprint("t", i)
	}
	allDay := scheduler.Template{Name: "x", StartEarliest: 0, StartLatest: 0, LengthMin: 24 * h, LengthMax: 24 * h}
	for range 3 {
		allDay.Breaks = append(allDay.Breaks, scheduler.BreakRule{Length: 15 * m, EarliestAfterStart: 0, LatestAfterStart: 23 * h})
	}
	manyBreaks := day
	for i := range scheduler.MaxBreaks + 1 {
		manyBreaks.Breaks = append(manyBreaks.Breaks, scheduler.BreakRule{Length: m, EarliestAfterStart: time.Duration(i) * 15 * m, LatestAfterStart: time.Duration(i) * 15 * m})
	}
	// 20 templates of 96 starts x 5 lengths x 216 placements: 14.5 million
	// (shift, placement) pairs in a week, each template alone fine.
	wide := make([]scheduler.Template, 20)
	for i := range wide {
		wide[i] = scheduler.Template{Name: fmt.Sprint("w", i), StartEarliest: 0, StartLatest: 24*h - 15*m, LengthMin: 8 * h, LengthMax: 10 * h, LengthStep: 30 * m,
			Breaks: []scheduler.BreakRule{
				{Length: 15 * m, EarliestAfterStart: h, LatestAfterStart: 2*h + 30*m},
				{Length: 30 * m, EarliestAfterStart: 3 * h, LatestAfterStart: 5 * h},
				{Length: 15 * m, EarliestAfterStart: 6 * h, LatestAfterStart: 7*h + 30*m}}}
	}
	w := scheduler.Weights{Shortage: 1, Excess: 1}
	tests := []struct {
		name  string
		req   scheduler.Requirements
		tmpls []scheduler.Template
		w     scheduler.Weights
		want  error
		says  string // the message names the value and the limit
	}{
		{"a year and a day", flat(367, h, 1), []scheduler.Template{day}, w, scheduler.ErrHorizonTooLong, "367 days > 366"},
		{"one-second slots", flat(1, time.Second, 1), []scheduler.Template{{Name: "s", StartEarliest: 0, StartLatest: 0, LengthMin: h, LengthMax: h}}, w, scheduler.ErrHorizonTooLong, "86,400 slots a day > 1,440"},
		{"ten thousand templates", flat(1, h, 1), manyTemplates, w, scheduler.ErrTooManyTemplates, "1,001 > 1,000"},
		{"every minute, every length", flat(1, m, 1), []scheduler.Template{anyShift(m)}, w, scheduler.ErrTooManyVariants, `template "any" allows 2,073,600 (start, length) pairs > 200,000`},
		{"a month of any shift", flat(31, 15*m, 1), []scheduler.Template{anyShift(15 * m)}, w, scheduler.ErrTooManyVariants, "285,696 (day, start, length) shifts over the horizon > 200,000"},
		{"all-day shift with three breaks", flat(1, 15*m, 1), []scheduler.Template{allDay}, w, scheduler.ErrTooManyPlacements, `template "x" has 129,766 for a 24h0m0s shift > 100,000`},
		{"twenty-five breaks", flat(1, 15*m, 1), []scheduler.Template{manyBreaks}, w, scheduler.ErrTooManyPlacements, "25 breaks > 24"},
		{"placements over the week", flat(7, 15*m, 1), wide, w, scheduler.ErrTooManyPlacements, "pairs over the horizon > 10,000,000"},
		{"a million agents", flat(7, 15*m, 1e6), []scheduler.Template{day}, w, scheduler.ErrTooManyShifts, "shifts > 100,000"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := scheduler.Problem{Requirements: tt.req, Templates: tt.tmpls, Weights: tt.w}
			err := p.Validate()
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			if !strings.Contains(err.Error(), tt.says) {
				t.Errorf("err = %q, want it to say %q", err, tt.says)
			}
			// Solve refuses it the same way, at once.
			if _, err := scheduler.Solve(context.Background(), p, scheduler.Options{}); !errors.Is(err, tt.want) {
				t.Errorf("Solve: err = %v, want %v", err, tt.want)
			}
		})
	}
}

// TestNonsenseRejected: non-finite or absurd numbers and breaks that leave
// no working time are refused.
func TestNonsenseRejected(t *testing.T) {
	day := scheduler.Template{Name: "d", StartEarliest: 8 * h, StartLatest: 9 * h, LengthMin: 2 * h, LengthMax: 2 * h}
	full := day
	full.Breaks = []scheduler.BreakRule{
		{Length: h, EarliestAfterStart: 0, LatestAfterStart: 0},
		{Length: h, EarliestAfterStart: h, LatestAfterStart: h}}
	nan := flat(1, h, 1)
	nan.Required[3] = math.NaN()
	inf := flat(1, h, 1)
	inf.Required[3] = math.Inf(1)
	w := scheduler.Weights{Shortage: 1, Excess: 1}
	tests := []struct {
		name string
		req  scheduler.Requirements
		tmpl scheduler.Template
		w    scheduler.Weights
		want error
	}{
		{"NaN need", nan, day, w, scheduler.ErrNegativeNeed},
		{"infinite need", inf, day, w, scheduler.ErrNegativeNeed},
		{"NaN weight", flat(1, h, 1), day, scheduler.Weights{Shortage: math.NaN()}, scheduler.ErrWeights},
		{"infinite weight", flat(1, h, 1), day, scheduler.Weights{Excess: math.Inf(1)}, scheduler.ErrWeights},
		{"weight 1e308", flat(1, h, 1), day, scheduler.Weights{Shortage: 1e308}, scheduler.ErrWeights},
		{"breaks fill the shift", flat(1, h, 1), full, w, scheduler.ErrNoShift},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := scheduler.Problem{Requirements: tt.req, Templates: []scheduler.Template{tt.tmpl}, Weights: tt.w}.Validate()
			if !errors.Is(err, tt.want) {
				t.Errorf("err = %v, want %v", err, tt.want)
			}
		})
	}
}
