package sim

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"
	"time"
)

// erlangCWait is the Erlang C probability that a contact waits, with n
// agents and a offered erlangs (a < n).
func erlangCWait(n int, a float64) float64 {
	term, sum := 1.0, 1.0 // a^k/k!, summed for k < n
	for k := 1; k < n; k++ {
		term *= a / float64(k)
		sum += term
	}
	last := term * a / float64(n) * float64(n) / (float64(n) - a)
	return last / (sum + last)
}

// TestPriorityAgreesWithFormula: an M/M/n queue with two non-preemptive
// priority classes (no abandonment, the same exponential handle time) has
// the known mean waits (Cobham's formula for M/M/n): with C the Erlang C
// probability of waiting, nμ the service rate of all agents, ρ₀ and ρ the
// first class's and the total utilisation, class 0 waits C/(nμ(1-ρ₀)) and
// class 1 C/(nμ(1-ρ₀)(1-ρ)) on average, and the mean over both is first
// come first served's C/(nμ(1-ρ)) (conservation: the order of service does
// not change the work waiting). Long stationary runs on both the fast and
// the general path agree within 99.9% intervals (Bonferroni over 10
// checks), and the intervals are narrow enough to mean something.
func TestPriorityAgreesWithFormula(t *testing.T) {
	const (
		agents = 10
		aht    = 100.0 // seconds
		rate   = 0.08  // arrivals per second: ρ = 0.8
		share0 = 0.4
	)
	ivs := make([]Interval, 48)
	for i := range ivs {
		ivs[i] = Interval{Volume: rate * 3600, AHT: aht * time.Second, Agents: agents, Classes: []float64{share0, 1 - share0}}
	}
	m := Model{Interval: time.Hour, Intervals: ivs, ServiceTime: 20 * time.Second, WarmUp: 6 * time.Hour}
	c := erlangCWait(agents, rate*aht)
	nmu := agents / aht
	rho0, rho := share0*rate*aht/agents, rate*aht/agents
	want0 := c / (nmu * (1 - rho0))
	want1 := want0 / (1 - rho)
	fcfs := c / (nmu * (1 - rho))
	for _, fast := range []bool{true, false} {
		p, err := prepare(m)
		if err != nil {
			t.Fatal(err)
		}
		p.fast = fast
		res, err := runPrepared(context.Background(), p, Options{Replications: 150, Seed: 3, Confidence: 0.999})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Classes) != 2 {
			t.Fatalf("fast %v: %d class figures, want 2", fast, len(res.Classes))
		}
		name := map[bool]string{true: "fast", false: "general"}[fast]
		within(t, name+" class 0 mean wait", res.Classes[0].ASASeconds, want0)
		within(t, name+" class 1 mean wait", res.Classes[1].ASASeconds, want1)
		within(t, name+" mean wait over classes (FCFS's)", res.Total.ASASeconds, fcfs)
		share := res.Classes[0].Offered.Mean / res.Total.Offered.Mean
		if math.Abs(share-share0) > 0.01 {
			t.Errorf("%s: class 0 offered share %.4f, want %.2f", name, share, share0)
		}
		if s := res.Classes[0].Offered.Mean + res.Classes[1].Offered.Mean; math.Abs(s-res.Total.Offered.Mean) > 1e-9 {
			t.Errorf("%s: classes offered %v, total %v", name, s, res.Total.Offered.Mean)
		}
		if w := res.Classes[1].ASASeconds; w.High-w.Low > 0.2*want1 {
			t.Errorf("%s: class 1 interval [%.2f, %.2f] too wide to check %.2f", name, w.Low, w.High, want1)
		}
		if res.Classes[0].ServiceLevel.Mean <= res.Total.ServiceLevel.Mean || res.Classes[1].ServiceLevel.Mean >= res.Total.ServiceLevel.Mean {
			t.Errorf("%s: service level class 0 %.3f, class 1 %.3f, all %.3f: priority should help class 0", name,
				res.Classes[0].ServiceLevel.Mean, res.Classes[1].ServiceLevel.Mean, res.Total.ServiceLevel.Mean)
		}
	}
}

// TestOneClassIsFCFS: a single class gives exactly the model without
// classes (no random number is drawn for it), and no class figures.
func TestOneClassIsFCFS(t *testing.T) {
	base := Model{Interval: 30 * time.Minute, ServiceTime: 20 * time.Second, Intervals: []Interval{
		{Volume: 200, AHT: 180 * time.Second, Patience: time.Minute, Agents: 18},
		{Volume: 260, AHT: 200 * time.Second, Patience: time.Minute, Agents: 20},
	}}
	one := base
	one.Intervals = append([]Interval(nil), base.Intervals...)
	for i := range one.Intervals {
		one.Intervals[i].Classes = []float64{1}
	}
	a, err := Run(context.Background(), base, Options{Replications: 20, Seed: 9})
	if err != nil {
		t.Fatal(err)
	}
	b, err := Run(context.Background(), one, Options{Replications: 20, Seed: 9})
	if err != nil {
		t.Fatal(err)
	}
	if a.Total != b.Total || b.Classes != nil {
		t.Errorf("one class: %+v, classes %v; without: %+v", b.Total, b.Classes, a.Total)
	}
}

func TestValidateClasses(t *testing.T) {
	ok := func() Model {
		return Model{Interval: time.Hour, ServiceTime: 20 * time.Second, Intervals: []Interval{
			{Volume: 10, AHT: time.Minute, Agents: 2, Classes: []float64{0.3, 0.7}},
			{Volume: 10, AHT: time.Minute, Agents: 2, Classes: []float64{1, 1}},
		}}
	}
	if err := ok().Validate(); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		field string
		edit  func(*Model)
	}{
		{"intervals[1].classes", func(m *Model) { m.Intervals[1].Classes = []float64{1} }},
		{"intervals[1].classes", func(m *Model) { m.Intervals[1].Classes = nil }},
		{"intervals[0].classes[1]", func(m *Model) { m.Intervals[0].Classes[1] = -0.1 }},
		{"intervals[0].classes[0]", func(m *Model) { m.Intervals[0].Classes[0] = math.NaN() }},
		{"intervals[1].classes", func(m *Model) { m.Intervals[1].Classes = []float64{0, 0} }},
		{"intervals[0].classes", func(m *Model) {
			for i := range m.Intervals {
				m.Intervals[i].Classes = make([]float64, MaxClasses+1)
				m.Intervals[i].Classes[0] = 1
			}
		}},
	} {
		m := ok()
		c.edit(&m)
		err := m.Validate()
		if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), c.field) {
			t.Errorf("%s: %v", c.field, err)
		}
	}
}
