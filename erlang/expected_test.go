package erlang

import (
	"errors"
	"math"
	"testing"
	"time"
)

func TestBandsQuadrature(t *testing.T) {
	const mu, sigma = 200.0, 30.0
	normal := Bands{Lower95: mu - z95*sigma, Lower80: mu - z80*sigma, Volume: mu, Upper80: mu + z80*sigma, Upper95: mu + z95*sigma}
	cases := []struct {
		name           string
		b              Bands
		mean, variance float64 // of the quadrature; NaN: not checked
		minVol         float64
	}{
		{"normal bands give the normal's moments", normal, mu, sigma * sigma, 0},
		{"no uncertainty", Bands{100, 100, 100, 100, 100}, 100, 0, 100},
		{"skewed bands keep a long right tail", Bands{90, 95, 100, 120, 150}, math.NaN(), math.NaN(), 0},
		{"clipped at zero", Bands{0, 0, 1, 5, 9}, math.NaN(), math.NaN(), 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			pts, err := c.b.Quadrature()
			if err != nil {
				t.Fatal(err)
			}
			var w, m, m2 float64
			for _, p := range pts {
				if p.Volume < c.minVol || p.Volume < 0 {
					t.Errorf("volume %v below %v", p.Volume, c.minVol)
				}
				w += p.Weight
				m += p.Weight * p.Volume
				m2 += p.Weight * p.Volume * p.Volume
			}
			if math.Abs(w-1) > 1e-12 {
				t.Errorf("weights sum to %v", w)
			}
			if !math.IsNaN(c.mean) && math.Abs(m-c.mean) > 1e-9 {
				t.Errorf("mean %v, want %v", m, c.mean)
			}
			if v := m2 - m*m; !math.IsNaN(c.variance) && math.Abs(v-c.variance) > 1e-6*math.Max(1, c.variance) {
				t.Errorf("variance %v, want %v", v, c.variance)
			}
			if c.b.Upper95-c.b.Volume > c.b.Volume-c.b.Lower95 && pts[4].Volume-pts[2].Volume <= pts[2].Volume-pts[0].Volume {
				t.Errorf("right-skewed bands lost their skew: %v", pts)
			}
		})
	}
	for _, b := range []Bands{{1, 2, 3, 4, math.Inf(1)}, {1, 2, 3, 2.5, 5}, {-1, 0, 1, 2, 3}, {math.NaN(), 1, 2, 3, 4}} {
		if _, err := b.Quadrature(); !errors.Is(err, ErrBands) {
			t.Errorf("%v: err %v, want ErrBands", b, err)
		}
	}
}

func TestStaffExpected(t *testing.T) {
	base := Load{Interval: 30 * time.Minute, AHT: 180 * time.Second}
	loads := func(b Bands, patience time.Duration) []WeightedLoad {
		pts, err := b.Quadrature()
		if err != nil {
			t.Fatal(err)
		}
		var out []WeightedLoad
		for _, p := range pts {
			l := base
			l.Volume, l.Patience = p.Volume, patience
			out = append(out, WeightedLoad{Load: l, Weight: p.Weight})
		}
		return out
	}
	tg := Targets{ServiceLevel: 0.8, ServiceTime: 20 * time.Second, Shrinkage: 0.3}
	cases := []struct {
		name     string
		b        Bands
		patience time.Duration
		// relation to Staff at the point forecast: 0 equal, 1 more agents
		more bool
	}{
		{"no uncertainty is plain staffing (Erlang C)", Bands{300, 300, 300, 300, 300}, 0, false},
		{"no uncertainty is plain staffing (Erlang A)", Bands{300, 300, 300, 300, 300}, 60 * time.Second, false},
		{"wide bands need more agents (Erlang C)", Bands{200, 240, 300, 360, 400}, 0, true},
		{"wide bands need more agents (Erlang A)", Bands{200, 240, 300, 360, 400}, 60 * time.Second, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			pts := loads(c.b, c.patience)
			m, err := StaffExpected(pts, tg)
			if err != nil {
				t.Fatal(err)
			}
			pl := base
			pl.Volume, pl.Patience = c.b.Volume, c.patience
			plain, err := Staff(pl, tg)
			if err != nil {
				t.Fatal(err)
			}
			if got := m.Agents > plain.Agents; got != c.more || (!c.more && m.Agents != plain.Agents) {
				t.Errorf("agents %d, plain staffing %d", m.Agents, plain.Agents)
			}
			if m.ServiceLevel < tg.ServiceLevel || m.Scheduled != scheduled(m.Agents, tg.Shrinkage) {
				t.Errorf("staffed %+v", m)
			}
			below, err := EvaluateExpected(pts, m.Agents-1, tg.ServiceTime)
			if err != nil {
				t.Fatal(err)
			}
			if below.ServiceLevel >= tg.ServiceLevel {
				t.Errorf("%d agents already reach %v", m.Agents-1, below.ServiceLevel)
			}
			// the average is the volume-weighted mean of the points' figures
			var num, den float64
			for _, p := range pts {
				mi, _ := Evaluate(p.Load, m.Agents, tg.ServiceTime)
				num += p.Weight * p.Volume * mi.ServiceLevel
				den += p.Weight * p.Volume
			}
			if math.Abs(num/den-m.ServiceLevel) > 1e-12 {
				t.Errorf("service level %v, want %v", m.ServiceLevel, num/den)
			}
		})
	}
	t.Run("empty queue needs nobody", func(t *testing.T) {
		m, err := StaffExpected(loads(Bands{}, 0), tg)
		if err != nil || m.Agents != 0 {
			t.Errorf("%+v, %v", m, err)
		}
	})
	t.Run("bad input", func(t *testing.T) {
		if _, err := StaffExpected(nil, tg); !errors.Is(err, ErrBands) {
			t.Errorf("no points: %v", err)
		}
		if _, err := StaffExpected([]WeightedLoad{{Load: base, Weight: -1}}, tg); !errors.Is(err, ErrBands) {
			t.Errorf("negative weight: %v", err)
		}
		if _, err := StaffExpected([]WeightedLoad{{Load: Load{Volume: 1}, Weight: 1}}, tg); !errors.Is(err, ErrInterval) {
			t.Errorf("bad load: %v", err)
		}
		if _, err := StaffExpected(loads(Bands{1, 1, 1, 1, 1}, 0), Targets{}); !errors.Is(err, ErrNoTarget) {
			t.Errorf("no target: %v", err)
		}
		if _, err := EvaluateExpected(loads(Bands{1, 1, 1, 1, 1}, 0), -1, 0); !errors.Is(err, ErrAgents) {
			t.Errorf("negative agents: %v", err)
		}
	})
}

// An Erlang C point beyond the agents has no steady state; the expected
// ASA is the mean wait over the points the agents keep up with, finite
// while any is, and a MaxASA goal still needs every point kept up with.
func TestExpectedASAOverloadedPoint(t *testing.T) {
	base := Load{Interval: 30 * time.Minute, AHT: 240 * time.Second}
	pts, err := Bands{Lower95: 337.35, Lower80: 367.10, Volume: 413.02, Upper80: 472.06, Upper95: 511.46}.Quadrature()
	if err != nil {
		t.Fatal(err)
	}
	var wl []WeightedLoad
	for _, p := range pts {
		l := base
		l.Volume = p.Volume
		wl = append(wl, WeightedLoad{Load: l, Weight: p.Weight})
	}
	tg := Targets{ServiceLevel: 0.8, ServiceTime: 20 * time.Second}
	m, err := StaffExpected(wl, tg)
	if err != nil {
		t.Fatal(err)
	}
	top, _ := Evaluate(wl[4].Load, m.Agents, tg.ServiceTime)
	if !math.IsInf(top.ASASeconds, 1) {
		t.Fatalf("the case needs the highest point beyond %d agents; its ASA is %v", m.Agents, top.ASASeconds)
	}
	var num, den float64
	for _, p := range wl[:4] {
		mi, _ := Evaluate(p.Load, m.Agents, tg.ServiceTime)
		num += p.Weight * p.Volume * mi.ASASeconds
		den += p.Weight * p.Volume
	}
	if math.IsInf(m.ASASeconds, 0) || math.IsNaN(m.ASASeconds) || math.Abs(m.ASASeconds-num/den) > 1e-9 {
		t.Errorf("expected ASA %v, want %v (the points kept up with)", m.ASASeconds, num/den)
	}
	e, err := EvaluateExpected(wl, m.Agents, tg.ServiceTime)
	if err != nil || e != m {
		t.Errorf("EvaluateExpected %+v, %v; StaffExpected %+v", e, err, m)
	}
	none, err := EvaluateExpected(wl, 1, tg.ServiceTime)
	if err != nil || !math.IsInf(none.ASASeconds, 1) {
		t.Errorf("one agent for every point: ASA %v, %v; want +Inf", none.ASASeconds, err)
	}
	strict, err := StaffExpected(wl, Targets{MaxASA: 1000 * time.Second, ServiceTime: tg.ServiceTime})
	if err != nil {
		t.Fatal(err)
	}
	if float64(strict.Agents) <= wl[4].Erlangs() || math.IsInf(strict.ASASeconds, 0) {
		t.Errorf("-max-asa staffed %d agents for %v Erlangs at the highest point, ASA %v", strict.Agents, wl[4].Erlangs(), strict.ASASeconds)
	}
}
