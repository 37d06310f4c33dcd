package erlang

import "math"

// tail holds the figures of a birth-death queue conditional on an arrival
// finding every server busy (V > 0, V the virtual wait).
type tail struct {
	pWait    float64 // P(V > 0)
	pAbCond  float64 // P(abandon | V > 0)
	slCond   float64 // P(answered within T | V > 0)
	waitCond float64 // E[min(V, patience) | V > 0], seconds
}

// queueTail computes tail for a queue whose states below "all busy" weigh
// below = Σ_{x<N} π(x)/π(N), with arrivals λ, total service rate M once all
// N servers are busy, exponential patience of rate θ (0 = infinitely
// patient) and service-level time T seconds.
//
// Once all are busy the queue behaves like Erlang A's: with i contacts ahead
// the line moves at rate M + iθ. With x = M/θ, y = λ/θ, z = y·e^{-θT} and
// G1 = G(x+1, y) (see gamma.go), following Mandelbaum & Zeltyn (2007), §4:
//
//	Σ_{j≥0} π(N+j)/π(N) = A = 1 + y·G1,        P(V>0) = A/(below + A),
//	P(ab | V>0)         = (1 + (y-x)·G1)/(1 + y·G1) = Σ(k+1)t_k/(1 + y·G1),
//	P(ans ≤ T | V>0)    = x·(G1 - e^{y-z-(x+1)θT}·G(x+1, z))/(1 + y·G1),
//	E[W | V>0]          = P(ab | V>0)/θ.
//
// For θ = 0 it is Erlang C's tail: exponential with rate M - λ, and no
// steady state when λ >= M (then pWait = 1 and the wait is infinite).
func queueTail(below, lambda, m, theta, t float64) tail {
	if theta == 0 {
		if lambda >= m {
			return tail{pWait: 1, waitCond: math.Inf(1)}
		}
		rho := lambda / m
		return tail{
			pWait:    1 / (below*(1-rho) + 1),
			slCond:   -math.Expm1(-(m - lambda) * t),
			waitCond: 1 / (m - lambda),
		}
	}
	x, y := m/theta, lambda/theta
	var logG1, invG1, pAb float64
	if s := x + 1; y <= s {
		s0, s1 := gSeries(s, y)
		logG1, invG1 = math.Log(s0), 1/s0
		pAb = s1 / (1 + y*s0)
	} else {
		logG1 = logGCF(s, y)
		invG1 = math.Exp(-logG1)
		pAb = (invG1 + (y - x)) / (invG1 + y)
	}
	// A/(below + A) with A = 1 + y·G1, scaled by 1/G1 so a huge G1 is harmless.
	num := invG1 + y
	pWait := num / (below*invG1 + num)
	if below == 0 || math.IsNaN(pWait) {
		pWait = 1
	}
	var slCond float64
	if t > 0 {
		z := y * math.Exp(-theta*t)
		lw := -y*math.Expm1(-theta*t) - (x+1)*theta*t
		r := math.Exp(lw + logG(x+1, z) - logG1)
		slCond = x * (1 - r) / num
	}
	return tail{
		pWait:    clamp01(pWait),
		pAbCond:  clamp01(pAb),
		slCond:   clamp01(slCond),
		waitCond: clamp01(pAb) / theta,
	}
}

func clamp01(v float64) float64 {
	switch {
	case v < 0:
		return 0
	case v > 1:
		return 1
	}
	return v
}

// edgeMetrics fills m when nobody arrives or nobody answers, and reports
// whether it did.
func edgeMetrics(m *Metrics, lambda, theta float64, n int) bool {
	switch {
	case lambda == 0:
		m.ServiceLevel = 1
	case n == 0:
		m.PWait = 1
		if theta == 0 {
			m.ASASeconds = math.Inf(1)
		} else {
			m.PAbandon, m.ASASeconds = 1, 1/theta
		}
	default:
		return false
	}
	return true
}

// fill sets m's waiting figures from the tail.
func (tl tail) fill(m *Metrics) {
	m.PWait = tl.pWait
	m.PAbandon = tl.pWait * tl.pAbCond
	m.ServiceLevel = clamp01(1 - tl.pWait + tl.pWait*tl.slCond)
	m.ASASeconds = tl.pWait * tl.waitCond
}
