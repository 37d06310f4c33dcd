package scheduler

import (
	"errors"
	"fmt"
	"math"
	"time"
)

// Weights price a plan. The objective of a plan is
//
//	Shortage·(person-minutes below requirement) + Excess·(person-minutes above)
//	+ DistinctShift·(number of distinct (start, length) pairs used on any day)
//	+ PaidHour·(paid hours: shift lengths less unpaid breaks).
//
// With Shortage = Excess = 1, DistinctShift = the slot length in minutes and
// PaidHour = 0 it is the objective of the Shift Design Problem (Musliu,
// Schaerf & Slany 2004, "Local search for shift design", EJOR 153(1)).
type Weights struct {
	Shortage      float64 // per person-minute below requirement
	Excess        float64 // per person-minute above requirement
	DistinctShift float64 // per distinct (start time, length) pair
	PaidHour      float64 // per paid hour
}

// BreakRule is a break every shift of a template takes. Its start lies
// between EarliestAfterStart and LatestAfterStart after the shift starts, on
// the planning grid, and it ends before the shift does. Breaks of one
// template are taken in the order listed and do not overlap.
type BreakRule struct {
	Length             time.Duration
	Paid               bool
	EarliestAfterStart time.Duration
	LatestAfterStart   time.Duration
}

// Template is a family of shifts: every start in
// [StartEarliest, StartLatest] by StartStep and every length in
// [LengthMin, LengthMax] by LengthStep, on the listed weekdays.
type Template struct {
	Name                       string
	StartEarliest, StartLatest time.Duration // offsets from midnight, in [0, 24h)
	StartStep                  time.Duration // 0 means the planning interval
	LengthMin, LengthMax       time.Duration
	LengthStep                 time.Duration  // 0 means the planning interval
	Days                       []time.Weekday // empty means every day
	Breaks                     []BreakRule
	// MaxCount caps how many people work shifts of this template on any one
	// day; 0 means no cap.
	MaxCount int
}

// Problem is a shift design problem: requirements, the shifts allowed, and
// the prices.
type Problem struct {
	Requirements Requirements
	Templates    []Template
	Weights      Weights
}

// Errors about templates and weights; they are wrapped in a *TemplateError
// naming the template and the field.
var (
	ErrNoTemplates = errors.New("scheduler: no shift templates")
	ErrWeights     = errors.New("scheduler: weights must be finite, non-negative and at most 1e9")
	ErrWindow      = errors.New("scheduler: impossible window")
	ErrGrid        = errors.New("scheduler: not on the planning grid")
	ErrNoShift     = errors.New("scheduler: no shift fits the template")
	ErrName        = errors.New("scheduler: template name must be non-empty and unique")
)

// TemplateError names the template and field a problem is about.
type TemplateError struct {
	Template string // template name, or "#3" when it has none
	Field    string // like "start_latest" or "breaks[0].latest_after_start"
	Err      error
}

func (e *TemplateError) Error() string {
	return fmt.Sprintf("template %q, %s: %v", e.Template, e.Field, e.Err)
}

func (e *TemplateError) Unwrap() error { return e.Err }

// Validate checks requirements, weights and templates, so that every
// template yields at least one shift whose breaks fit and leave working
// time, on some day of the horizon, and that the problem is within the
// size limits (MaxDays, MaxTemplates, MaxShiftVariants,
// MaxBreakPlacements, MaxTotalPlacements, MaxPlanShifts).
func (p Problem) Validate() error {
	_, err := p.expand()
	return err
}

// maxWeight bounds each weight: larger ones only overflow the objective.
const maxWeight = 1e9

// expand validates p and returns the shapes of every template.
func (p Problem) expand() ([][]shape, error) {
	if err := p.Requirements.Validate(); err != nil {
		return nil, err
	}
	if err := checkHorizon(p.Requirements); err != nil {
		return nil, err
	}
	w := p.Weights
	for _, v := range []float64{w.Shortage, w.Excess, w.DistinctShift, w.PaidHour} {
		if !(v >= 0 && v <= maxWeight) {
			return nil, fmt.Errorf("%w: %+v", ErrWeights, w)
		}
	}
	if len(p.Templates) == 0 {
		return nil, ErrNoTemplates
	}
	if len(p.Templates) > MaxTemplates {
		return nil, fmt.Errorf("%w: %s > %s", ErrTooManyTemplates, thousands(len(p.Templates)), thousands(MaxTemplates))
	}
	names := map[string]bool{}
	shapes := make([][]shape, len(p.Templates))
	for i, t := range p.Templates {
		if t.Name == "" || names[t.Name] {
			return nil, &TemplateError{fmt.Sprintf("#%d", i+1), "name", ErrName}
		}
		names[t.Name] = true
		shs, err := expandTemplate(p.Requirements, t, i)
		if err != nil {
			return nil, err
		}
		shapes[i] = shs
	}
	// A template for days outside the horizon (weekends in a weekday plan)
	// is fine; having no template for any day is not.
	anyDay := false
	for d := 0; d < p.Requirements.Days() && !anyDay; d++ {
		for _, t := range p.Templates {
			if templateOnDay(t, p.Requirements.Weekday(d)) {
				anyDay = true
				break
			}
		}
	}
	if !anyDay {
		return nil, fmt.Errorf("%w: no template works on any day of the horizon", ErrNoShift)
	}
	if err := checkSizes(p, shapes); err != nil {
		return nil, err
	}
	return shapes, nil
}

// shape is one (start, length) of a template in slots, with its break
// windows in slots from the shift start.
type shape struct {
	tmpl          int
	start, length int // slots
	// per break: earliest and latest start slot offset (tightened so that
	// the later breaks still fit), and its length in slots (may be
	// fractional when a break is shorter than a slot).
	brLo, brHi []int
	brLen      []float64
	brPaid     []bool
	paidHours  float64
	placements float64 // ways to place the breaks (see countPlacements)
}

// CheckTemplate checks template t as Problem.Validate does before laying
// it on a grid: its start window (within a day, start_latest not before
// start_earliest), lengths (positive, at most a day), count, steps and
// break windows, and, when interval is not 0, that its earliest start,
// shortest length and steps are on the interval grid and that it has at
// most MaxShiftVariants (start, length) pairs. With interval 0 (a stored
// template whose grid is not known yet) only the grid-free rules apply;
// whether its breaks fit a shift is known on a grid (Problem.Validate).
// Errors are *TemplateError naming t and the field.
func CheckTemplate(t Template, interval time.Duration) error {
	iv := interval
	bad := func(field string, err error, format string, args ...any) error {
		return &TemplateError{t.Name, field, fmt.Errorf("%w: "+format, append([]any{err}, args...)...)}
	}
	if t.StartEarliest < 0 || t.StartEarliest >= 24*time.Hour {
		return bad("start_earliest", ErrWindow, "%v is outside 00:00-23:59", t.StartEarliest)
	}
	if t.StartLatest < t.StartEarliest || t.StartLatest >= 24*time.Hour {
		return bad("start_latest", ErrWindow, "%v is before start_earliest %v or past 23:59", t.StartLatest, t.StartEarliest)
	}
	if t.LengthMin <= 0 || t.LengthMax < t.LengthMin {
		return bad("length_max", ErrWindow, "lengths %v..%v", t.LengthMin, t.LengthMax)
	}
	if t.LengthMax > 24*time.Hour {
		return bad("length_max", ErrWindow, "%v is longer than a day", t.LengthMax)
	}
	if t.MaxCount < 0 {
		return bad("max_count", ErrWindow, "%d is negative", t.MaxCount)
	}
	startStep, lenStep := t.StartStep, t.LengthStep
	if startStep == 0 {
		startStep = iv
	}
	if lenStep == 0 {
		lenStep = iv
	}
	for _, f := range []struct {
		name string
		d    time.Duration
	}{{"start_earliest", t.StartEarliest}, {"start_step", startStep}, {"length_min", t.LengthMin}, {"length_step", lenStep}} {
		if f.d < 0 {
			return bad(f.name, ErrWindow, "%v is negative", f.d)
		}
		if iv != 0 && f.d%iv != 0 {
			return bad(f.name, ErrGrid, "%v is not a multiple of the %v interval", f.d, iv)
		}
	}
	if iv != 0 && (startStep <= 0 || lenStep <= 0) {
		return bad("start_step", ErrWindow, "steps must be positive")
	}
	if len(t.Breaks) > MaxBreaks {
		return fmt.Errorf("%w: template %q has %d breaks > %d", ErrTooManyPlacements, t.Name, len(t.Breaks), MaxBreaks)
	}
	for j, b := range t.Breaks {
		f := fmt.Sprintf("breaks[%d]", j)
		if b.Length <= 0 {
			return bad(f+".length", ErrWindow, "%v is not positive", b.Length)
		}
		if b.EarliestAfterStart < 0 || b.LatestAfterStart < b.EarliestAfterStart {
			return bad(f+".latest_after_start", ErrWindow, "window %v..%v", b.EarliestAfterStart, b.LatestAfterStart)
		}
	}
	if iv != 0 {
		if n := shapeCount(t, startStep, lenStep); n > MaxShiftVariants {
			return fmt.Errorf("%w: template %q allows %s (start, length) pairs > %s", ErrTooManyVariants, t.Name, thousandsF(n), thousands(MaxShiftVariants))
		}
	}
	return nil
}

// expandTemplate lists the shapes of template t on req's grid.
func expandTemplate(req Requirements, t Template, idx int) ([]shape, error) {
	iv := req.Interval
	if err := CheckTemplate(t, iv); err != nil {
		return nil, err
	}
	startStep, lenStep := t.StartStep, t.LengthStep
	if startStep == 0 {
		startStep = iv
	}
	if lenStep == 0 {
		lenStep = iv
	}
	// Break windows depend on the length only: fit them once a length.
	type fit struct {
		sh  shape
		err error
	}
	byLen := map[int]fit{}
	var out []shape
	var why error
	for st := t.StartEarliest; st <= t.StartLatest; st += startStep {
		for ln := t.LengthMin; ln <= t.LengthMax; ln += lenStep {
			f, ok := byLen[int(ln/iv)]
			if !ok {
				f.sh = shape{tmpl: idx, length: int(ln / iv)}
				f.err = f.sh.fitBreaks(t, iv)
				if f.err == nil {
					f.sh.placements = f.sh.countPlacements()
					if f.sh.placements > MaxBreakPlacements {
						return nil, fmt.Errorf("%w: template %q has %s for a %v shift > %s", ErrTooManyPlacements, t.Name, thousandsF(f.sh.placements), ln, thousands(MaxBreakPlacements))
					}
				}
				byLen[int(ln/iv)] = f
			}
			if f.err != nil {
				why = f.err
				continue
			}
			sh := f.sh
			sh.start = int(st / iv)
			out = append(out, sh)
		}
	}
	if len(out) == 0 {
		if why != nil {
			return nil, &TemplateError{t.Name, "breaks", fmt.Errorf("%w: %v", ErrNoShift, why)}
		}
		return nil, &TemplateError{t.Name, "start_latest", fmt.Errorf("%w: no start/length on the grid", ErrNoShift)}
	}
	return out, nil
}

// fitBreaks sets the break windows of sh, tightened so that breaks in order
// fit without overlap inside the shift.
func (sh *shape) fitBreaks(t Template, iv time.Duration) error {
	n := len(t.Breaks)
	sh.brLo, sh.brHi = make([]int, n), make([]int, n)
	sh.brLen, sh.brPaid = make([]float64, n), make([]bool, n)
	unpaid := time.Duration(0)
	for j, b := range t.Breaks {
		// Round the window inwards onto the grid.
		sh.brLo[j] = int((b.EarliestAfterStart + iv - 1) / iv)
		sh.brHi[j] = int(b.LatestAfterStart / iv)
		sh.brLen[j] = float64(b.Length) / float64(iv)
		sh.brPaid[j] = b.Paid
		if !b.Paid {
			unpaid += b.Length
		}
	}
	// Forward: each break starts after the previous one ends.
	for j := 1; j < n; j++ {
		if lo := sh.brLo[j-1] + ceilSlots(sh.brLen[j-1]); sh.brLo[j] < lo {
			sh.brLo[j] = lo
		}
	}
	// Backward: each break ends before the next starts, the last before the shift ends.
	end := sh.length
	for j := n - 1; j >= 0; j-- {
		if hi := end - ceilSlots(sh.brLen[j]); sh.brHi[j] > hi {
			sh.brHi[j] = hi
		}
		if sh.brHi[j] < sh.brLo[j] {
			return fmt.Errorf("break %d (%v) does not fit a %v shift in its window", j+1, t.Breaks[j].Length, time.Duration(sh.length)*iv)
		}
		end = sh.brHi[j]
	}
	var breaks time.Duration
	for _, b := range t.Breaks {
		breaks += b.Length
	}
	if length := time.Duration(sh.length) * iv; breaks >= length {
		return fmt.Errorf("breaks of %v in all leave no working time in a %v shift", breaks, length)
	}
	sh.paidHours = (time.Duration(sh.length)*iv - unpaid).Hours()
	return nil
}

func ceilSlots(x float64) int { return int(math.Ceil(x - 1e-9)) }

func templateOnDay(t Template, wd time.Weekday) bool {
	if len(t.Days) == 0 {
		return true
	}
	for _, d := range t.Days {
		if d == wd {
			return true
		}
	}
	return false
}
