package scheduler

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// TestKeyBoundBelowBruteForce checks the distinct-shift bound's promise on
// random tiny problems with a distinct-shift charge: D(λ) is a lower bound
// at every λ in the box, not only where the ascent ends, so it is evaluated
// at random multipliers as well as after the ascent, against the exact
// optimum. Half the problems get a second template of the same shifts
// without a break, so a distinct shift has columns of two shapes.
func TestKeyBoundBelowBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(29, 3))
	tried := 0
	for i, p := range tinyProblems(29, 120) {
		if p.Weights.DistinctShift == 0 {
			continue
		}
		if i%2 == 0 {
			plain := p.Templates[0]
			plain.Name, plain.Breaks = "plain", nil
			p.Templates = append(p.Templates, plain)
		}
		m, err := newModel(p)
		if err != nil {
			t.Fatal(err)
		}
		if n := m.placementCount(); n > 8 {
			continue
		}
		tried++
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			opt := bruteForce(m)
			tol := 1e-9 * math.Max(1, opt)
			kb, ok := newKeyBound(m, make([]float64, m.n))
			if !ok {
				t.Fatal("no key bound on a one-day problem")
			}
			for range 200 {
				for s := range kb.lam {
					kb.lam[s] = -m.exc + rng.Float64()*(m.short+m.exc)
				}
				if d := kb.value(true); d > opt+tol {
					t.Fatalf("D(λ) = %v above the optimum %v at λ = %v", d, opt, kb.lam)
				}
			}
			if d := kb.run(2000, opt, &clock{ctx: t.Context()}); d > opt+tol {
				t.Errorf("ascent's D %v above the optimum %v", d, opt)
			} else {
				t.Logf("optimum %v, key bound %v", opt, d)
			}
		})
	}
	if tried < 20 {
		t.Fatalf("only %d tiny problems with a distinct-shift charge", tried)
	}
}
