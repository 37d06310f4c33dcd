package forecast

import (
	"math"
	"testing"
	"time"
)

// The level filter against what its model implies: with no observations
// it stays at the prior, a long run of precise observations at one ratio
// is believed, a single noisy one barely moves it, and a sudden change
// late in the morning goes to the drift, not the day level.
func TestLevelFilter(t *testing.T) {
	const tau2 = 0.01
	run := func(ratios []float64, count float64) *levelFilter {
		f := newLevelFilter(tau2)
		for i, r := range ratios {
			if i > 0 {
				f.drift(30 * time.Minute)
			}
			f.observe(r, 1/count)
		}
		return f
	}
	flat := func(n int, r float64) []float64 {
		x := make([]float64, n)
		for i := range x {
			x[i] = r
		}
		return x
	}
	if f := newLevelFilter(tau2); f.mu != 1 || f.u != 0 {
		t.Errorf("prior: μ %v u %v, want 1 and 0", f.mu, f.u)
	}
	if f := run(flat(20, 1.2), 1e6); math.Abs(f.mu+f.u-1.2) > 1e-3 {
		t.Errorf("20 precise intervals at 1.2: μ+u = %.4f", f.mu+f.u)
	}
	if f := run([]float64{3}, 1); math.Abs(f.mu+f.u-1) > 0.05 {
		t.Errorf("one interval of a single contact at 3x: μ+u = %.4f, want near 1", f.mu+f.u)
	}
	jump := append(flat(8, 1), flat(2, 1.3)...)
	f := run(jump, 400)
	if !(f.u > f.mu-1 && f.u > 0.1) {
		t.Errorf("a late jump to 1.3: μ %.4f u %.4f, want it mostly in u", f.mu, f.u)
	}
	if !(f.pmm > 0 && f.puu > 0 && f.pmm*f.puu > f.pmu*f.pmu) {
		t.Errorf("covariance not positive definite: %v %v %v", f.pmm, f.puu, f.pmu)
	}
}
