package erlang

import (
	"math"
	"testing"
	"time"
)

// chainA computes Erlang A's figures independently of the closed forms: the
// birth-death chain of M/M/n+M truncated where its probabilities vanish,
// and the service level by uniformization of the tagged contact's journey
// through the queue (the transient law of the wait, computed exactly rather
// than by the incomplete-gamma formulas).
func chainA(lambda, mu, theta float64, n int, T float64) Metrics {
	// Unnormalised π in log space, then normalised.
	var logp []float64
	lp := 0.0
	for k := 0; ; k++ {
		logp = append(logp, lp)
		death := float64(min(k+1, n))*mu + float64(max(k+1-n, 0))*theta
		lp += math.Log(lambda / death)
		if k > n && lp < logp[0]-800 && lp < maxOf(logp)-60 {
			break
		}
	}
	top := maxOf(logp)
	pi := make([]float64, len(logp))
	z := 0.0
	for k, l := range logp {
		pi[k] = math.Exp(l - top)
		z += pi[k]
	}
	var pWait, eq, busy float64
	for k := range pi {
		pi[k] /= z
		if k >= n {
			pWait += pi[k]
			eq += float64(k-n) * pi[k]
		}
		busy += float64(min(k, n)) * pi[k]
	}
	// Tagged contact finding j ahead: from i ahead it moves to i-1 at rate
	// nμ + iθ (service or abandonment of one ahead), from 0 ahead it is
	// answered at rate nμ, and it abandons itself at rate θ.
	J := len(pi) - n
	v := make([]float64, J) // v[i] = P(i ahead, still waiting)
	for j := 0; j < J; j++ {
		v[j] = pi[n+j]
	}
	served := 1 - pWait
	if T > 0 && n > 0 {
		big := float64(n)*mu + float64(J)*theta + theta
		steps := int(big*T + 12*math.Sqrt(big*T) + 50)
		logPois := -big * T
		next := make([]float64, J)
		absorbed := 0.0 // absorbed in "answered" after m steps
		sl := 0.0
		cdf := 0.0
		for m := 0; m <= steps; m++ {
			w := math.Exp(logPois)
			sl += w * absorbed
			cdf += w
			// one step of the uniformised chain
			absorbed += v[0] * float64(n) * mu / big
			for i := range next {
				stay := 1 - (float64(n)*mu+float64(i)*theta+theta)/big
				next[i] = v[i] * stay
				if i+1 < J {
					next[i] += v[i+1] * (float64(n)*mu + float64(i+1)*theta) / big
				}
			}
			v, next = next, v
			logPois += math.Log(big*T) - math.Log(float64(m+1))
		}
		served += sl + (1-cdf)*absorbed
	}
	return Metrics{
		Agents:       n,
		PWait:        pWait,
		PAbandon:     theta * eq / lambda,
		ServiceLevel: served,
		ASASeconds:   eq / lambda,
		Occupancy:    busy / float64(n),
	}
}

func maxOf(x []float64) float64 {
	m := math.Inf(-1)
	for _, v := range x {
		m = math.Max(m, v)
	}
	return m
}

func TestErlangAAgainstChain(t *testing.T) {
	cases := []struct {
		a        float64
		n        int
		aht, pat float64
		T        float64
	}{
		{10, 14, 180, 60, 20},
		{10, 11, 180, 60, 20},
		{10, 5, 180, 60, 20},
		{10, 10, 180, 600, 20},
		{2, 3, 240, 30, 10},
		{0.5, 1, 300, 120, 30},
		{0.05, 1, 300, 120, 30},
		{40, 30, 180, 200, 20},
		{40, 52, 180, 20, 15},
		{120, 100, 300, 90, 30},
		{120, 140, 300, 900, 60},
		{3, 1, 60, 6000, 20},
		{25, 25, 200, 2, 1},
		{400, 206, 225, 30, 20},
		{400, 205, 225, 30, 20},
		{400, 380, 225, 30, 20},
	}
	worst := 0.0
	for _, c := range cases {
		lambda, mu, theta := c.a/c.aht, 1/c.aht, 1/c.pat
		want := chainA(lambda, mu, theta, c.n, c.T)
		l := Load{Volume: lambda * 3600, Interval: time.Hour, AHT: time.Duration(c.aht * 1e9), Patience: time.Duration(c.pat * 1e9)}
		got, err := Evaluate(l, c.n, time.Duration(c.T*1e9))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range []struct {
			name      string
			got, want float64
		}{
			{"PWait", got.PWait, want.PWait},
			{"PAbandon", got.PAbandon, want.PAbandon},
			{"ServiceLevel", got.ServiceLevel, want.ServiceLevel},
			{"ASA", got.ASASeconds, want.ASASeconds},
			{"Occupancy", got.Occupancy, want.Occupancy},
		} {
			r := relErr(f.got, f.want)
			if math.Abs(f.got-f.want) < 1e-15 {
				r = 0 // both ~0 (an SL of 1e-41)
			}
			worst = math.Max(worst, r)
			if r > 1e-9 {
				t.Errorf("a=%v n=%d patience=%v: %s = %.15g, chain %.15g (rel %.2g)", c.a, c.n, c.pat, f.name, f.got, f.want, r)
			}
		}
	}
	t.Logf("worst relative difference to the birth-death chain: %.3g", worst)
}
