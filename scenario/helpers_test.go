package scenario

import (
	"math"
	"testing"
	"time"

	"github.com/staffcast/staffcast/scheduler"
)

// synthDemand is days of step intervals from Monday 5 Jan 2026 00:00 in
// loc with a daily shape: quiet nights, a morning and an afternoon peak;
// peak is the busiest interval's volume.
func synthDemand(loc *time.Location, days int, step time.Duration, peak float64, aht time.Duration) []Interval {
	start := time.Date(2026, 1, 5, 0, 0, 0, 0, loc)
	n := days * int(24*time.Hour/step)
	out := make([]Interval, n)
	for i := range out {
		t := start.Add(time.Duration(i) * step)
		h := float64(t.Hour()) + float64(t.Minute())/60
		shape := 0.05 + math.Exp(-(h-10)*(h-10)/8) + 0.8*math.Exp(-(h-15)*(h-15)/6)
		if t.Weekday() == time.Saturday || t.Weekday() == time.Sunday {
			shape *= 0.6
		}
		out[i] = Interval{Start: t, Volume: math.Round(peak*shape/1.05*10) / 10, AHT: aht}
	}
	return out
}

// baseQueue is a queue like the example with a 15-minute interval.
func baseQueue(name string) QueueSpec {
	return QueueSpec{
		Queue: name, Demand: DemandSpec{Forecast: name + ".csv"},
		Promise:   PromiseSpec{SLTarget: 0.8, SLTime: Duration(30 * time.Second), MaxAbandon: 0.05},
		Shrinkage: 0.3,
		Humans:    HumansSpec{AHT: Duration(240 * time.Second), Patience: Duration(120 * time.Second), HourlyCost: 30},
		Bot: BotSpec{Share: Uniform(0.5), Escalation: 0.3, FalseContainment: 0.1, ReturnShare: 0.5,
			ReturnLag: Duration(24 * time.Hour), EscalatedAHT: Duration(300 * time.Second),
			EscalatedPatience: Duration(45 * time.Second), CostPerSession: 0.5},
		LostContactCost: 8,
	}
}

// weekInputs is a week of 15-minute demand for each queue, peaks 40, 60, 80...
func weekInputs(queues ...string) Inputs {
	in := Inputs{Demand: map[string][]Interval{}}
	for i, q := range queues {
		in.Demand[q] = synthDemand(time.UTC, 7, 15*time.Minute, 40+20*float64(i), 240*time.Second)
	}
	return in
}

// shiftTemplates are early, late and part-time shifts in half-hour steps.
func shiftTemplates() *Shifts {
	h := func(x float64) time.Duration { return time.Duration(x * float64(time.Hour)) }
	return &Shifts{
		Templates: []scheduler.Template{
			{Name: "early", StartEarliest: h(6), StartLatest: h(10), StartStep: h(0.5), LengthMin: h(8), LengthMax: h(8)},
			{Name: "late", StartEarliest: h(12), StartLatest: h(15), StartStep: h(0.5), LengthMin: h(8), LengthMax: h(8)},
			{Name: "part", StartEarliest: h(8), StartLatest: h(17), StartStep: h(0.5), LengthMin: h(4), LengthMax: h(4)},
			{Name: "night", StartEarliest: h(22), StartLatest: h(22), LengthMin: h(8), LengthMax: h(8)},
		},
		Weights: scheduler.Weights{Shortage: 10, Excess: 1},
		Cyclic:  true,
	}
}

func near(t *testing.T, name string, got, want, tol float64) {
	t.Helper()
	if math.Abs(got-want) > tol*math.Max(1, math.Abs(want)) {
		t.Errorf("%s = %v, want %v", name, got, want)
	}
}

// mustHours is ParseHours of s, failing the test when it does not parse.
func mustHours(t *testing.T, s string) Hours {
	t.Helper()
	h, err := ParseHours(s)
	if err != nil {
		t.Fatal(err)
	}
	return h
}
