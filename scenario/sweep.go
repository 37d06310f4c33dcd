package scenario

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/staffcast/staffcast/internal/workpool"
)

// MaxSweepPoints bounds a sweep's grid.
const MaxSweepPoints = 100000

// Sweep evaluates d at every point of the cartesian grid of vary (the
// last Vary changing fastest), opt.Workers points at a time, and reports
// each point's totals, the cheapest point that keeps every promise (nil
// if none does) and the break-even bot share.
//
// The break-even is read along bot.share (the first Vary whose path is
// "bot.share" or "queues.<name>.bot.share") with every other varied field
// at the cheapest point's values (or the cheapest point's, promise or not,
// when none keeps it): the share of least cost along that line, ties to
// the smaller share, so that no larger share costs less. It is nil, with
// a Note, when that is the grid's top share (cost still falls there) or
// bot.share is not varied. All goroutines have returned when Sweep
// returns; the first error (or ctx's) stops the sweep. opt.Budget splits
// the time among the points' shift plans: point i's plans get their share
// of what is left over the plans still to make one after another on its
// worker; opt.Progress hears of the points done, each point in progress
// counting its plans' searches.
func Sweep(ctx context.Context, d Document, in Inputs, vary []Vary, opt Options) (*SweepResult, error) {
	if err := d.Validate(); err != nil {
		return nil, err
	}
	n, err := CheckVary(d, vary)
	if err != nil {
		return nil, err
	}
	res := &SweepResult{Name: d.Name, Vary: make([]string, len(vary))}
	for k, v := range vary {
		res.Vary[k] = v.Path
	}
	res.Points = make([]SweepPoint, n)
	// k shift plans a point, one after another; w points at a time, taken
	// in order, so point i's worker has about ⌈(n-i)/w⌉ points left.
	k := plannedQueues(d, in)
	w := max(1, min(opt.Workers, n))
	tr := newTracker(opt.Progress, n)
	tr.unit("points")
	err = workpool.Run(ctx, n, opt.Workers, nil, func(ctx context.Context, i int) error {
		doc, values, err := gridPoint(d, vary, i)
		if err != nil {
			return err
		}
		var report func(float64, string)
		if tr != nil {
			report = func(f float64, note string) { tr.set(i, f, note) }
		}
		steps := budgetSteps(opt.Budget, k, ((n-i+w-1)/w-1)*k, report)
		r, err := evaluateDoc(ctx, doc, in, Options{ShiftEffort: opt.ShiftEffort, Seed: opt.Seed}, steps, nil)
		if err != nil {
			return err
		}
		res.Points[i] = SweepPoint{Vary: values, Totals: r.Totals}
		tr.finish(i, "")
		return nil
	})
	if err != nil {
		return nil, err
	}
	stopped := 0
	for _, p := range res.Points {
		stopped += p.Totals.PlansStopped
	}
	var ref *SweepPoint
	for i := range res.Points {
		p := &res.Points[i]
		if p.Totals.KeptPromise && (res.Cheapest == nil || p.Totals.Cost < res.Cheapest.Totals.Cost) {
			res.Cheapest = p
		}
		if ref == nil || p.Totals.Cost < ref.Totals.Cost {
			ref = p
		}
	}
	if res.Cheapest != nil {
		c := *res.Cheapest
		res.Cheapest, ref = &c, &c
	}
	res.BreakEven, res.Note = breakEven(res, vary, ref)
	if stopped > 0 {
		res.Note += fmt.Sprintf("; the time limit stopped %d of the %d shift plans before their full search: their points' paid hours and service are those of the best plan found by then (plans_stopped)", stopped, n*k)
	}
	return res, nil
}

// VaryError is a Vary of CheckVary whose values do not set the document:
// Index is its position, Err what Set said.
type VaryError struct {
	Index int
	Err   error
}

func (e *VaryError) Error() string { return e.Err.Error() }
func (e *VaryError) Unwrap() error { return e.Err }

// CheckVary checks a sweep of d over vary without evaluating it and
// returns its number of points: every Vary has values that set d validly
// (a *VaryError otherwise), no path is varied twice, the grid has at most MaxSweepPoints points, and
// no free and perfect bot has its share varied (ErrFreeBot).
func CheckVary(d Document, vary []Vary) (int, error) {
	n := 1
	for k, v := range vary {
		if len(v.Values) == 0 {
			return 0, fmt.Errorf("%w: %s has no values", ErrVary, v.Path)
		}
		if slices.ContainsFunc(vary[:k], func(w Vary) bool { return w.Path == v.Path }) {
			return 0, fmt.Errorf("%w: %s is varied twice", ErrVary, v.Path)
		}
		for _, x := range v.Values {
			if _, err := d.Set(v.Path, x); err != nil {
				return 0, &VaryError{Index: k, Err: err}
			}
		}
		n *= len(v.Values)
		if n > MaxSweepPoints {
			return 0, fmt.Errorf("%w: the grid has more than %d points", ErrVary, MaxSweepPoints)
		}
	}
	for i, q := range d.Queues {
		if !variesQueueField(vary, q.Queue, "bot.share") {
			continue
		}
		if err := d.checkBotPriced(i, func(f string) bool { return variesQueueField(vary, q.Queue, f) }); err != nil {
			return 0, err
		}
	}
	return n, nil
}

// gridPoint returns the document at grid point i and its values by path.
func gridPoint(d Document, vary []Vary, i int) (Document, map[string]float64, error) {
	values := make(map[string]float64, len(vary))
	for k := len(vary) - 1; k >= 0; k-- {
		v := vary[k]
		x := v.Values[i%len(v.Values)]
		i /= len(v.Values)
		var err error
		if d, err = d.Set(v.Path, x); err != nil {
			return Document{}, nil, err
		}
		values[v.Path] = x
	}
	return d, values, nil
}

// breakEven finds the break-even share along bot.share through ref.
func breakEven(res *SweepResult, vary []Vary, ref *SweepPoint) (*BreakEven, string) {
	axis := -1
	for k, v := range vary {
		if v.Path == "bot.share" || (strings.HasPrefix(v.Path, "queues.") && strings.HasSuffix(v.Path, ".bot.share")) {
			axis = k
			break
		}
	}
	if axis < 0 {
		return nil, "no break-even: bot.share is not varied"
	}
	path := vary[axis].Path
	var line []SweepPoint
	for _, p := range res.Points {
		same := true
		for k, v := range vary {
			if k != axis && p.Vary[v.Path] != ref.Vary[v.Path] {
				same = false
				break
			}
		}
		if same {
			line = append(line, p)
		}
	}
	slices.SortStableFunc(line, func(a, b SweepPoint) int {
		if a.Vary[path] < b.Vary[path] {
			return -1
		}
		if a.Vary[path] > b.Vary[path] {
			return 1
		}
		return 0
	})
	where := ""
	switch {
	case len(vary) > 1 && res.Cheapest == nil:
		where = " with the other varied fields at the least costly point's values (no point keeps the promise)"
	case len(vary) > 1:
		where = " with the other varied fields at the cheapest point's values"
	}
	if len(line) < 2 {
		return nil, "no break-even: bot.share has one value"
	}
	best := 0
	for i, p := range line {
		if p.Totals.Cost < line[best].Totals.Cost {
			best = i
		}
	}
	top := line[len(line)-1]
	if best == len(line)-1 {
		return nil, fmt.Sprintf("no break-even: cost still falls at the grid's top (%s = %g costs %s)%s", path, top.Vary[path], costText(top.Totals.Cost), where)
	}
	b := line[best]
	next := line[best+1]
	note := fmt.Sprintf("more bot stops saving money beyond %s = %g (cost %s; %g costs %s)%s", path, b.Vary[path], costText(b.Totals.Cost), next.Vary[path], costText(next.Totals.Cost), where)
	return &BreakEven{Share: b.Vary[path], Cost: b.Totals.Cost}, note
}

// costText writes a cost to the cent with thousands separated, as a
// planner reads it in a note: 38663.466 -> "38,663.47".
func costText(v float64) string {
	s := strconv.FormatFloat(v, 'f', 2, 64)
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return s
	}
	sign := ""
	if s[0] == '-' {
		sign, s = "-", s[1:]
	}
	whole, cents, _ := strings.Cut(s, ".")
	for i := len(whole) - 3; i > 0; i -= 3 {
		whole = whole[:i] + "," + whole[i:]
	}
	return sign + whole + "." + cents
}
