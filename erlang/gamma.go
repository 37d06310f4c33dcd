package erlang

import "math"

// The Erlang A formulas (Garnett, Mandelbaum & Reiman 2002; Mandelbaum &
// Zeltyn 2007) are ratios of incomplete gamma functions of huge, close
// arguments (x = nμ/θ and y = λ/θ reach 10⁸ for patient customers). They are
// written here in terms of
//
//	G(s, y) = e^y y^-s γ(s, y) = Σ_{k≥0} yᵏ / (s(s+1)…(s+k)),   s > 0, y >= 0,
//
// a sum of positive terms, evaluated by that series when y <= s and by
// Legendre's continued fraction for Γ(s, y) when y > s, where G grows like
// e^y y^-s Γ(s) and is kept as a logarithm.

// gSeries returns G(s, y) = Σ t_k and Σ (k+1)·t_k with t_k = yᵏ/(s…(s+k)),
// for y <= s+1 where the terms decrease. The second sum gives
// P(abandon | wait) without cancellation (see queueTail).
func gSeries(s, y float64) (sum0, sum1 float64) {
	t := 1 / s
	sum0, sum1 = t, t
	for k := 1; k < 1e8; k++ {
		q := y / (s + float64(k))
		t *= q
		sum0 += t
		kt := float64(k+1) * t
		sum1 += kt
		// The remaining terms are bounded by a geometric series of ratio q
		// (times a factor (k+2)/(k+1)... for sum1, absorbed by the 4).
		if q < 1 && kt < 1e-17*sum1*(1-q)*(1-q)/4 {
			break
		}
		if t == 0 {
			break
		}
	}
	return sum0, sum1
}

// logGCF returns log G(s, y) for y > s via G = e^y y^-s (Γ(s) - Γ(s, y)).
func logGCF(s, y float64) float64 {
	l1 := logEyYsGamma(s, y) // log(e^y y^-s Γ(s))
	h := gammaCF(s, y)       // e^y y^-s Γ(s, y)
	return l1 + math.Log1p(-h*math.Exp(-l1))
}

// logG returns log G(s, y).
func logG(s, y float64) float64 {
	if y <= s {
		g, _ := gSeries(s, y)
		return math.Log(g)
	}
	return logGCF(s, y)
}

// gammaCF returns e^y y^-s Γ(s, y) by the modified Lentz evaluation of
// Legendre's continued fraction 1/(y+1-s- 1(1-s)/(y+3-s- 2(2-s)/(y+5-s- …))),
// which converges for y > 0 and fast for y > s.
func gammaCF(s, y float64) float64 {
	const tiny = 1e-300
	b := y + 1 - s
	c := 1 / tiny
	d := 1 / b
	h := d
	for i := 1; i < 1e8; i++ {
		an := -float64(i) * (float64(i) - s)
		b += 2
		d = an*d + b
		if math.Abs(d) < tiny {
			d = tiny
		}
		c = b + an/c
		if math.Abs(c) < tiny {
			c = tiny
		}
		d = 1 / d
		del := d * c
		h *= del
		if math.Abs(del-1) < 1e-16 {
			break
		}
	}
	return h
}

// logEyYsGamma returns y - s·log y + log Γ(s). For s >= 10 it uses Stirling's
// series so that the huge terms cancel analytically:
// (y-s) - s·log1p((y-s)/s) - ½log s + ½log 2π + stirling(s).
func logEyYsGamma(s, y float64) float64 {
	if s < 10 {
		lg, _ := math.Lgamma(s)
		return y - s*math.Log(y) + lg
	}
	d := y - s
	return d - s*math.Log1p(d/s) - 0.5*math.Log(s) + 0.5*math.Log(2*math.Pi) + stirling(s)
}

// stirling is log Γ(s) - ((s-½)log s - s + ½log 2π), accurate to 1e-16 for s >= 10.
func stirling(s float64) float64 {
	r := 1 / s
	r2 := r * r
	return r * (1.0/12 - r2*(1.0/360-r2*(1.0/1260-r2*(1.0/1680-r2*(1.0/1188-r2*(691.0/360360-r2/156))))))
}
