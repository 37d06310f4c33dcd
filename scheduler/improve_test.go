package scheduler

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"
	"time"
)

// countdown is a context whose Err is nil for its first n calls and
// Canceled after: a deadline that falls at the same point of the search
// on any machine.
type countdown struct {
	context.Context
	n int
}

func (c *countdown) Err() error {
	if c.n <= 0 {
		return context.Canceled
	}
	c.n--
	return nil
}

// TestImproveLaterStopNeverWorse: the improvement rounds, with a kick
// after 15 rounds without progress, stopped at ever later points of the
// same run, never end with a worse plan, and the objective they report is
// their plan's.
func TestImproveLaterStopNeverWorse(t *testing.T) {
	p := roundTheClock(2, 30*time.Minute, Weights{Shortage: 1, Excess: 0.25, DistinctShift: 15, PaidHour: 10})
	m, err := newModel(p)
	if err != nil {
		t.Fatal(err)
	}
	ck := &clock{ctx: context.Background()}
	res, _, ok := m.weekLP(ck, nil)
	if !ok {
		t.Fatal("week LP failed")
	}
	start := roundLP(m, res, rand.New(rand.NewPCG(1, 2)), 2, ck)
	prev := math.Inf(1)
	for _, calls := range []int{500, 2000, 8000, 16000, math.MaxInt} {
		ctx := context.Context(&countdown{context.Background(), calls})
		if calls == math.MaxInt {
			ctx = context.Background()
		}
		units, obj, next, _ := improve(m, start, 0, 1, 0, 60, 15, &clock{ctx: ctx})
		u := newUnitSet(m)
		for _, un := range units {
			u.apply(un.col, un.breaks, 1)
		}
		if math.Abs(u.total()-obj) > 1e-6*obj {
			t.Errorf("stopped after %d calls: reports %v, its plan costs %v", calls, obj, u.total())
		}
		if obj > prev+1e-6 {
			t.Errorf("stopped after %d calls (%d rounds): %v, worse than %v stopped earlier", calls, next, obj, prev)
		}
		t.Logf("stopped after %d calls: %d rounds, objective %v", calls, next, obj)
		prev = obj
	}
}
