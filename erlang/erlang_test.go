package erlang

import (
	"errors"
	"math"
	"testing"
	"time"
)

// naiveInvB is 1/B(a, n) by the textbook recursion from n = 0.
func naiveInvB(a float64, n int) float64 {
	y := 1.0
	for k := 1; k <= n; k++ {
		y = 1 + float64(k)/a*y
	}
	return y
}

func relErr(got, want float64) float64 {
	if got == want {
		return 0
	}
	return math.Abs(got-want) / math.Abs(want)
}

func TestErlangBAgainstFullRecursion(t *testing.T) {
	worst := 0.0
	for _, a := range []float64{0.01, 0.3, 1, 7.5, 42, 99.9, 500, 2000, 12345.6, 50000} {
		sq := math.Sqrt(a)
		for _, dn := range []float64{-30, -5, -1, 0, 0.5, 1, 2, 5, 10} {
			n := int(math.Round(a + dn*sq))
			if n < 0 {
				continue
			}
			want := 1 / naiveInvB(a, n)
			got := ErlangB(a, n)
			r := relErr(got, want)
			worst = math.Max(worst, r)
			if r > 1e-12 {
				t.Errorf("ErlangB(%v, %d) = %.16g, full recursion %.16g (rel %.2g)", a, n, got, want, r)
			}
		}
	}
	t.Logf("worst relative difference to the recursion from 0: %.3g", worst)
}

func TestErlangBKnown(t *testing.T) {
	for _, c := range []struct {
		a    float64
		n    int
		want float64
	}{
		{1, 1, 0.5},
		{2, 2, 0.4},
		{10, 0, 1},
		{0, 3, 0},
		{0, 0, 1},
		{1, 2, 0.2},
	} {
		if got := ErlangB(c.a, c.n); math.Abs(got-c.want) > 1e-15 {
			t.Errorf("ErlangB(%v, %d) = %v, want %v", c.a, c.n, got, c.want)
		}
	}
}

func TestErlangCEdges(t *testing.T) {
	if got := ErlangC(10, 10); got != 1 {
		t.Errorf("ErlangC(10, 10) = %v, want 1", got)
	}
	if got := ErlangC(0.1, 400); got != 0 && got > 1e-300 {
		t.Errorf("ErlangC(0.1, 400) = %v, want ~0", got)
	}
	l := Load{Volume: 100, Interval: 30 * time.Minute, AHT: 3 * time.Minute}
	m, err := Evaluate(l, 10, 20*time.Second)
	if !errors.Is(err, ErrUnstable) || m.PWait != 1 || !math.IsInf(m.ASASeconds, 1) || m.ServiceLevel != 0 {
		t.Errorf("Evaluate with agents = load: %+v, %v", m, err)
	}
}

// TestHugeLoad: 50,000 Erlangs and ~50,300 agents, Erlang C and Erlang A.
func TestHugeLoad(t *testing.T) {
	a := 50000.0
	l := Load{Volume: a * 2, Interval: 30 * time.Minute, AHT: 900 * time.Second}
	m, err := Staff(l, Targets{ServiceLevel: 0.95, ServiceTime: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if m.Agents < 50000 || m.Agents > 50500 {
		t.Fatalf("95/5 at 50,000 Erlangs: %d agents", m.Agents)
	}
	want := 1 / naiveInvB(a, m.Agents)
	if r := relErr(ErlangB(a, m.Agents), want); r > 1e-10 {
		t.Errorf("ErlangB at %d agents off by %.2g", m.Agents, r)
	}
	for _, n := range []int{50300, m.Agents - 1, m.Agents} {
		mm, err := Evaluate(l, n, 5*time.Second)
		if err != nil || !(mm.ServiceLevel > 0 && mm.ServiceLevel < 1) {
			t.Errorf("Evaluate(%d): %+v %v", n, mm, err)
		}
	}
	l.Patience = 2 * time.Minute
	for _, n := range []int{0, 30000, 49000, 50000, 50300} {
		mm, err := Evaluate(l, n, 5*time.Second)
		if err != nil || math.IsNaN(mm.ServiceLevel) || math.IsNaN(mm.PAbandon) || math.IsNaN(mm.ASASeconds) {
			t.Errorf("Erlang A at %d agents: %+v %v", n, mm, err)
		}
	}
	tg := Targets{ServiceLevel: 0.95, ServiceTime: 5 * time.Second}
	ma, err := Staff(l, tg)
	if err != nil || ma.Agents > m.Agents {
		t.Errorf("Erlang A staffing %d should not exceed Erlang C's %d (%v)", ma.Agents, m.Agents, err)
	}
	below, _ := Evaluate(l, ma.Agents-1, tg.ServiceTime)
	if tg.met(below) || !tg.met(ma) {
		t.Errorf("Erlang A staffing %d at 50,000 Erlangs is not the boundary", ma.Agents)
	}
	// Efficiency-driven: 80/20 with 2-minute patience needs far fewer than a.
	tg = Targets{ServiceLevel: 0.8, ServiceTime: 20 * time.Second}
	ed, err := Staff(l, tg)
	below, _ = Evaluate(l, ed.Agents-1, tg.ServiceTime)
	if err != nil || ed.Agents >= 50000 || tg.met(below) || !tg.met(ed) {
		t.Errorf("80/20 at 50,000 Erlangs with patience: %+v, one fewer %+v, %v", ed, below, err)
	}
}

// TestMonotoneInAgents checks the shape every staffing search relies on.
func TestMonotoneInAgents(t *testing.T) {
	for _, p := range []time.Duration{0, 30 * time.Second, 3 * time.Minute} {
		for _, a := range []float64{0.2, 3, 27.3, 400} {
			l := Load{Volume: a * 4, Interval: 15 * time.Minute, AHT: 225 * time.Second, Patience: p}
			prev := Metrics{PWait: 2, ASASeconds: math.Inf(1), PAbandon: 2}
			start := 0
			if p == 0 {
				start = int(a) + 1
			}
			for n := start; n < int(a+10*math.Sqrt(a))+5; n++ {
				m, err := Evaluate(l, n, 20*time.Second)
				if err != nil {
					t.Fatal(err)
				}
				const eps = 1e-12
				if m.PWait > prev.PWait+eps || m.ServiceLevel < prev.ServiceLevel-eps ||
					m.ASASeconds > prev.ASASeconds*(1+eps)+eps || m.PAbandon > prev.PAbandon+eps ||
					(n > start && n > 1 && m.Occupancy > prev.Occupancy+eps) {
					t.Fatalf("patience %v, %v Erlangs: not monotone at %d agents: %+v after %+v", p, a, n, m, prev)
				}
				if m.ServiceLevel > 1-m.PAbandon+1e-12 {
					t.Fatalf("service level %v above answered share %v", m.ServiceLevel, 1-m.PAbandon)
				}
				prev = m
			}
		}
	}
}

// TestErlangATendsToErlangC: as patience grows Erlang A's figures approach
// Erlang C's, with abandonment ~ ASA/patience.
func TestErlangATendsToErlangC(t *testing.T) {
	for _, c := range []struct {
		a float64
		n int
	}{{10, 14}, {10, 11}, {0.4, 1}, {48, 55}, {1800, 1850}} {
		l := Load{Volume: c.a * 2, Interval: 30 * time.Minute, AHT: 15 * time.Minute}
		mc, err := Evaluate(l, c.n, 20*time.Second)
		if err != nil {
			t.Fatal(err)
		}
		// The gap is O(θ): 100 times the patience must shrink it ~100 times,
		// down to patience of 10⁶ hours (x = nμ/θ ~ 10⁸), with no numerical floor.
		var gaps []float64
		for _, p := range []time.Duration{time.Minute, time.Hour, 100 * time.Hour, 10000 * time.Hour, 1000000 * time.Hour} {
			l.Patience = p
			ma, err := Evaluate(l, c.n, 20*time.Second)
			if err != nil {
				t.Fatal(err)
			}
			gap := math.Max(math.Abs(ma.ServiceLevel-mc.ServiceLevel), math.Max(math.Abs(ma.PWait-mc.PWait), relErr(ma.ASASeconds, mc.ASASeconds)))
			gaps = append(gaps, gap)
			if r := relErr(ma.PAbandon, ma.ASASeconds/p.Seconds()); r > 1e-9 {
				t.Errorf("PAbandon %v != ASA/patience %v", ma.PAbandon, ma.ASASeconds/p.Seconds())
			}
		}
		for i := 3; i < len(gaps); i++ {
			if r := gaps[i-1] / gaps[i]; r < 80 || r > 120 {
				t.Errorf("%v Erlangs, %d agents: gaps to Erlang C %.3g do not shrink like θ", c.a, c.n, gaps)
			}
		}
		if gaps[len(gaps)-1] > 1e-4 {
			t.Errorf("%v Erlangs, %d agents: Erlang A at 10⁶ h patience still %.3g from Erlang C", c.a, c.n, gaps[len(gaps)-1])
		}
	}
}

func TestScheduled(t *testing.T) {
	for _, c := range []struct {
		n    int
		s    float64
		want int
	}{{14, 0.3, 20}, {14, 0, 14}, {0, 0.5, 0}, {10, 0.35, 16}, {7, 0.3, 10}, {1, 0.999, 1000}} {
		got, err := Scheduled(c.n, c.s)
		if err != nil || got != c.want {
			t.Errorf("Scheduled(%d, %v) = %d, %v; want %d", c.n, c.s, got, err, c.want)
		}
	}
	for _, s := range []float64{-0.1, 1, math.NaN()} {
		if _, err := Scheduled(3, s); !errors.Is(err, ErrShrinkage) {
			t.Errorf("Scheduled(3, %v): err %v, want ErrShrinkage", s, err)
		}
	}
}

func TestValidation(t *testing.T) {
	good := Load{Volume: 10, Interval: time.Hour, AHT: time.Minute}
	for name, c := range map[string]struct {
		l    Load
		t    Targets
		want error
	}{
		"negative volume": {Load{Volume: -1, Interval: time.Hour, AHT: time.Minute}, Targets{ServiceLevel: 0.8}, ErrVolume},
		"NaN volume":      {Load{Volume: math.NaN(), Interval: time.Hour, AHT: time.Minute}, Targets{ServiceLevel: 0.8}, ErrVolume},
		"zero AHT":        {Load{Volume: 1, Interval: time.Hour}, Targets{ServiceLevel: 0.8}, ErrAHT},
		"zero interval":   {Load{Volume: 1, AHT: time.Minute}, Targets{ServiceLevel: 0.8}, ErrInterval},
		"negative pat.":   {Load{Volume: 1, Interval: time.Hour, AHT: time.Minute, Patience: -1}, Targets{ServiceLevel: 0.8}, ErrPatience},
		"SL of 1":         {good, Targets{ServiceLevel: 1}, ErrTarget},
		"no target":       {good, Targets{ServiceTime: time.Second}, ErrNoTarget},
		"abandon 1":       {good, Targets{MaxAbandon: 1}, ErrTarget},
		"occupancy 1.5":   {good, Targets{MaxOccupancy: 1.5}, ErrTarget},
		"shrinkage 1":     {good, Targets{ServiceLevel: 0.8, Shrinkage: 1}, ErrShrinkage},
	} {
		if _, err := Staff(c.l, c.t); !errors.Is(err, c.want) {
			t.Errorf("%s: err = %v, want %v", name, err, c.want)
		}
	}
}

// TestStaffIsMinimal compares the search with a scan from the bottom.
func TestStaffIsMinimal(t *testing.T) {
	targets := []Targets{
		{ServiceLevel: 0.8, ServiceTime: 20 * time.Second},
		{ServiceLevel: 0.9, ServiceTime: 10 * time.Second, MaxOccupancy: 0.85},
		{MaxASA: 15 * time.Second},
		{ServiceLevel: 0.5, ServiceTime: 0, MaxAbandon: 0.02},
		{MaxOccupancy: 0.9},
		{ServiceLevel: 0.8, ServiceTime: 20 * time.Second, MaxASA: 5 * time.Second, MaxAbandon: 0.03, MaxOccupancy: 0.8, Shrinkage: 0.25},
	}
	for _, p := range []time.Duration{0, 45 * time.Second} {
		for _, a := range []float64{0.05, 0.7, 4.2, 33, 250} {
			l := Load{Volume: a * 2, Interval: 30 * time.Minute, AHT: 15 * time.Minute, Patience: p}
			for ti, tg := range targets {
				m, err := Staff(l, tg)
				if err != nil {
					t.Fatal(err)
				}
				want := -1
				for n := 1; ; n++ {
					mm, err := Evaluate(l, n, tg.ServiceTime)
					if err == nil && tg.met(mm) {
						want = n
						break
					}
				}
				if m.Agents != want {
					t.Errorf("patience %v, %v Erlangs, targets %d: Staff = %d, scan = %d", p, a, ti, m.Agents, want)
				}
				if s, _ := Scheduled(m.Agents, tg.Shrinkage); m.Scheduled != s {
					t.Errorf("Scheduled = %d, want %d", m.Scheduled, s)
				}
			}
		}
	}
}

func TestStaffBatchMatchesStaff(t *testing.T) {
	loads := yearOfLoads(7*96, 0)
	loads = append(loads, loads[3], Load{Volume: 0, Interval: 15 * time.Minute, AHT: time.Minute})
	tg := Targets{ServiceLevel: 0.8, ServiceTime: 20 * time.Second, Shrinkage: 0.3}
	for _, p := range []time.Duration{0, time.Minute} {
		for i := range loads {
			loads[i].Patience = p
		}
		got, err := StaffBatch(loads, tg)
		if err != nil {
			t.Fatal(err)
		}
		for i, l := range loads {
			want, err := Staff(l, tg)
			if err != nil {
				t.Fatal(err)
			}
			if !sameMetrics(got[i], want, 1e-12) {
				t.Fatalf("interval %d: batch %+v, single %+v", i, got[i], want)
			}
		}
	}
	bad := append([]Load(nil), loads...)
	bad[5].AHT = 0
	if _, err := StaffBatch(bad, tg); !errors.Is(err, ErrAHT) {
		t.Errorf("bad AHT: %v", err)
	}
}

// yearOfLoads returns n 15-minute loads from 0.1 to 2,000 Erlangs with an
// intraday and a weekly shape, deterministic.
func yearOfLoads(n int, patience time.Duration) []Load {
	loads := make([]Load, n)
	for i := range loads {
		day := math.Sin(math.Pi * float64(i%96) / 96)         // 0 at midnight, 1 at noon
		week := 1 - 0.3*float64(((i/96)%7)/5)                 // weekends lighter
		trend := 1 + 0.2*math.Sin(2*math.Pi*float64(i)/35040) // seasons
		a := 0.1 + 1999.9*math.Pow(day, 3)*week*trend/1.2
		a = math.Min(a, 2000)
		aht := 240 * time.Second
		loads[i] = Load{Volume: a * 900 / 240, Interval: 15 * time.Minute, AHT: aht, Patience: patience}
	}
	return loads
}

func sameMetrics(a, b Metrics, tol float64) bool {
	close := func(x, y float64) bool { return x == y || math.Abs(x-y) <= tol*math.Max(math.Abs(x), math.Abs(y)) }
	return a.Agents == b.Agents && a.Scheduled == b.Scheduled && close(a.Erlangs, b.Erlangs) &&
		close(a.PWait, b.PWait) && close(a.PAbandon, b.PAbandon) && close(a.ServiceLevel, b.ServiceLevel) &&
		close(a.ASASeconds, b.ASASeconds) && close(a.Occupancy, b.Occupancy)
}

// TestTableOrder: asking the table for a high n first and a low one after
// must not reuse values from an undamped start.
func TestTableOrder(t *testing.T) {
	for _, a := range []float64{400, 2000.5, 50000} {
		var tb invBlocking
		tb.reset(a, nil)
		for _, n := range []int{int(a) + 30, int(a) - 3, int(a) / 2, int(a) + 31, int(a) - 200, int(a) * 2} {
			if r := relErr(tb.at(n), naiveInvB(a, n)); r > 1e-12 {
				t.Errorf("a=%v: 1/B at %d off by %.2g", a, n, r)
			}
		}
	}
}

// A low occupancy cap needs agents far above square-root staffing.
func TestLowOccupancyCap(t *testing.T) {
	l := Load{Volume: 4000, Interval: time.Hour, AHT: 900 * time.Second} // 1,000 Erlangs
	m, err := Staff(l, Targets{MaxOccupancy: 0.2})
	if err != nil || m.Agents != 5000 {
		t.Errorf("occupancy 20%% at 1,000 Erlangs: %d agents, %v; want 5000", m.Agents, err)
	}
}
