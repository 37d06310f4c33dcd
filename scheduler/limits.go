package scheduler

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"time"
)

// Size limits of Solve, checked up front by Problem.Validate so that a
// careless or hostile problem is refused at once instead of growing to
// gigabytes. Each is far above a real centre: a week of a 2,000-agent centre
// open around the clock on 15-minute slots (about 10,000 shifts, a few
// thousand shift variants a day, tens of break placements a shift) needs
// a tenth of each or less.
const (
	// MaxDays is the longest horizon, in days.
	MaxDays = 366
	// MaxSlotsPerDay bounds the grid: an interval of at least a minute.
	MaxSlotsPerDay = 1440
	// MaxTemplates is the most templates a problem may have.
	MaxTemplates = 1000
	// MaxShiftVariants is the most (day, template, start, length) shifts
	// the templates allow over the horizon.
	MaxShiftVariants = 200_000
	// MaxBreaks is the most breaks a template may have.
	MaxBreaks = 24
	// MaxBreakPlacements is the most ways the breaks of one shift may be
	// placed (the product of the window widths, less overlaps).
	MaxBreakPlacements = 100_000
	// MaxTotalPlacements is the most (shift variant, break placement)
	// pairs over the horizon: the columns of the LP relaxation the lower
	// bound prices at every step.
	MaxTotalPlacements = 10_000_000
	// MaxPlanShifts bounds the shifts a plan needs, estimated as the
	// required person-time over the longest working time of any shift.
	MaxPlanShifts = 100_000
)

// Errors about sizes; each message names the limit and the value.
var (
	ErrHorizonTooLong    = errors.New("scheduler: horizon too long")
	ErrTooManyTemplates  = errors.New("scheduler: too many templates")
	ErrTooManyVariants   = errors.New("scheduler: too many shift variants")
	ErrTooManyPlacements = errors.New("scheduler: too many break placements")
	ErrTooManyShifts     = errors.New("scheduler: requirement too large")
)

// checkHorizon bounds the requirements' size (req is valid).
func checkHorizon(req Requirements) error {
	if d := req.Days(); d > MaxDays {
		return fmt.Errorf("%w: %s days > %s", ErrHorizonTooLong, thousands(d), thousands(MaxDays))
	}
	if s := req.SlotsPerDay(); s > MaxSlotsPerDay {
		return fmt.Errorf("%w: a %v interval gives %s slots a day > %s", ErrHorizonTooLong, req.Interval, thousands(s), thousands(MaxSlotsPerDay))
	}
	return nil
}

// checkSizes bounds what Solve would expand the problem into: shift
// variants, break placements and the plan's head-count. shapes are the
// expanded shapes of every template (already checked one by one).
func checkSizes(p Problem, shapes [][]shape) error {
	req := p.Requirements
	days := make([]int, len(p.Templates)) // days of the horizon each template works
	for d := 0; d < req.Days(); d++ {
		wd := req.Weekday(d)
		for i, t := range p.Templates {
			if templateOnDay(t, wd) {
				days[i]++
			}
		}
	}
	variants, placements := 0, 0.0
	for i, shs := range shapes {
		variants += len(shs) * days[i]
		for _, sh := range shs {
			placements += sh.placements * float64(days[i])
		}
	}
	if variants > MaxShiftVariants {
		return fmt.Errorf("%w: the templates allow %s (day, start, length) shifts over the horizon > %s", ErrTooManyVariants, thousands(variants), thousands(MaxShiftVariants))
	}
	if placements > MaxTotalPlacements {
		return fmt.Errorf("%w: the templates allow %s (shift, break placement) pairs over the horizon > %s", ErrTooManyPlacements, thousandsF(placements), thousands(MaxTotalPlacements))
	}
	// The plan's head-count, estimated from below: required person-time
	// over the longest working time of a shift.
	work := 0.0
	for _, shs := range shapes {
		for _, sh := range shs {
			w := float64(sh.length)
			for _, b := range sh.brLen {
				w -= b
			}
			work = math.Max(work, w)
		}
	}
	need := 0.0
	for _, r := range req.Required {
		need += r
	}
	if work > 0 && need/work > MaxPlanShifts {
		return fmt.Errorf("%w: %s person-hours need about %s shifts > %s", ErrTooManyShifts,
			thousandsF(need*req.Interval.Hours()), thousandsF(need/work), thousands(MaxPlanShifts))
	}
	return nil
}

// shapeCount is the number of (start, length) pairs template t allows,
// computed without listing them; steps are positive.
func shapeCount(t Template, startStep, lenStep time.Duration) float64 {
	starts := float64((t.StartLatest-t.StartEarliest)/startStep) + 1
	lengths := float64((t.LengthMax-t.LengthMin)/lenStep) + 1
	return starts * lengths
}

// countPlacements is the number of ways to place sh's breaks (as
// model.placements lists them), saturating above MaxBreakPlacements.
func (sh *shape) countPlacements() float64 {
	if len(sh.brLo) == 0 {
		return 1
	}
	// ways[p] = placements of breaks j.. with break j starting at p or
	// later; computed from the last break back.
	next := make([]float64, sh.length+2) // suffix sums for break j+1
	cur := make([]float64, sh.length+2)
	for j := len(sh.brLo) - 1; j >= 0; j-- {
		cur[sh.length+1] = 0
		gap := ceilSlots(sh.brLen[j])
		for p := sh.length; p >= 0; p-- {
			cur[p] = cur[p+1]
			if p >= sh.brLo[j] && p <= sh.brHi[j] {
				after := 1.0
				if j+1 < len(sh.brLo) {
					after = next[min(p+gap, sh.length+1)]
				}
				cur[p] = math.Min(cur[p]+after, 2*MaxBreakPlacements)
			}
		}
		next, cur = cur, next
	}
	return next[0]
}

// thousands formats n with commas: 2400000 -> "2,400,000".
func thousands(n int) string {
	s := strconv.Itoa(n)
	neg := ""
	if n < 0 {
		neg, s = "-", s[1:]
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return neg + s
}

// thousandsF formats x rounded to an integer with commas, or in e
// notation when it is too large for an int.
func thousandsF(x float64) string {
	if math.IsNaN(x) || math.Abs(x) >= 1e18 {
		return strconv.FormatFloat(x, 'g', 3, 64)
	}
	return thousands(int(math.Round(x)))
}
