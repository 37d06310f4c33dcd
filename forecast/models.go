package forecast

import (
	"math"
)

// A model forecasts the H days from day T on, using only days before T.
// Forecasts are per cell, day-major; closed cells are zero.
type ctx struct {
	p    *panel
	T, H int
	open [7][]bool
	past [7][]int // ordinary days before T by weekday, latest first
}

func newCtx(p *panel, T, H int) *ctx {
	return &ctx{p: p, T: T, H: H, open: p.openMap(T), past: p.byWeekday(T)}
}

// seasonalMA is the mean of the last K observed values of the same weekday
// and wall-clock slot before T; K = 1 is the seasonal naive forecast.
func seasonalMA(c *ctx, K int) []float64 {
	p := c.p
	// one weekly template per weekday, then copied to every target day
	var tmpl [7][]float64
	for w := 0; w < 7; w++ {
		tmpl[w] = make([]float64, p.slots)
		for s := 0; s < p.slots; s++ {
			if !c.open[w][s] {
				continue
			}
			sum, n := 0.0, 0
			for _, d := range c.past[w] {
				if v := p.y[d*p.slots+s]; !math.IsNaN(v) {
					sum += v
					n++
					if n == K {
						break
					}
				}
			}
			if n > 0 {
				tmpl[w][s] = sum / float64(n)
			}
		}
	}
	return fromTemplates(c, tmpl)
}

func fromTemplates(c *ctx, tmpl [7][]float64) []float64 {
	out := make([]float64, c.H*c.p.slots)
	for h := 0; h < c.H; h++ {
		copy(out[h*c.p.slots:], tmpl[c.p.dow[c.T+h]])
	}
	return out
}
