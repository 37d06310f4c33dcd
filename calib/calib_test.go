package calib

import (
	"context"
	"errors"
	"math"
	"slices"
	"testing"
	"time"

	"github.com/staffcast/staffcast/erlang"
	"github.com/staffcast/staffcast/sim"
)

var t0 = time.Date(1999, 1, 3, 9, 0, 0, 0, time.UTC)

func at(s int) time.Time { return t0.Add(time.Duration(s) * time.Second) }

// tiny is four arrivals between 9:00 and 9:30 plus calls that are none:
//
//	A queued 0-10 s, X talks 10-110     B queued 20-80, hangs up
//	C answered at once at 30, Y talks 30-230
//	D queued 60-120, X talks 120-180 (X's gap 110-120 while D waits)
//	a hang-up in the voice-response unit and a phantom, not arrivals
func tiny() []Call {
	return []Call{
		{Outcome: Answered, QueueStart: at(0), QueueExit: at(10), ServiceStart: at(10), ServiceEnd: at(110), Agent: "X"},
		{Outcome: Abandoned, QueueStart: at(20), QueueExit: at(80)},
		{Outcome: Answered, ServiceStart: at(30), ServiceEnd: at(230), Agent: "Y"},
		{Outcome: Answered, QueueStart: at(60), QueueExit: at(120), ServiceStart: at(120), ServiceEnd: at(180), Agent: "X"},
		{Outcome: Abandoned},
		{Outcome: Phantom, QueueStart: at(5), QueueExit: at(500)},
	}
}

func TestAggregate(t *testing.T) {
	ivs, err := Aggregate(tiny(), 30*time.Minute, 20*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if len(ivs) != 1 {
		t.Fatalf("%d intervals, want 1", len(ivs))
	}
	iv := ivs[0]
	checks := []struct {
		name      string
		got, want float64
	}{
		{"arrivals", float64(iv.Arrivals), 4},
		{"answered", float64(iv.Answered), 3},
		{"abandoned", float64(iv.Abandoned), 1},
		{"answered within 20s", float64(iv.AnsweredWithin), 2},
		{"AHT", iv.AHTSeconds(), 120},
		{"wait seconds", iv.WaitSeconds, 130},
		{"observed service level", iv.ObservedServiceLevel(), 0.5},
		{"observed abandon rate", iv.ObservedAbandonRate(), 0.25},
		{"serving agents", float64(iv.ServingAgents), 2},
		{"busy agents", iv.BusyAgents, 360.0 / 1800},
		{"waiting seconds", iv.WaitingSeconds, 110},
		// talking while someone waits: 0 for 10 s, 1 for 10, 2 for 80, 1 for 10
		{"waiting busy agents", iv.WaitingBusyAgents, 180.0 / 110},
	}
	for _, c := range checks {
		if math.Abs(c.got-c.want) > 1e-9 {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
	if !iv.Start.Equal(t0) {
		t.Errorf("start %v", iv.Start)
	}
}

func TestEstimateParams(t *testing.T) {
	calls := tiny()
	ivs, _ := Aggregate(calls, 30*time.Minute, 20*time.Second)
	p := EstimateParams(calls, ivs)
	cases := []struct {
		name      string
		got, want float64
	}{
		{"patience: 130 s waited, 1 abandon", p.PatienceSeconds, 130},
		{"availability: 180 / (2 x 110)", p.Availability, 180.0 / 220},
		{"wrap: X idle 110-120 s while D waits", p.WrapSeconds, 10},
	}
	for _, c := range cases {
		if math.Abs(c.got-c.want) > 1e-9 {
			t.Errorf("%s: %v, want %v", c.name, c.got, c.want)
		}
	}
}

func TestAggregateErrors(t *testing.T) {
	cases := []struct {
		name     string
		calls    []Call
		interval time.Duration
		sl       time.Duration
		want     error
	}{
		{"interval not dividing a day", tiny(), 7 * time.Minute, 0, ErrInterval},
		{"zero interval", tiny(), 0, 0, ErrInterval},
		{"negative service time", tiny(), time.Hour, -time.Second, ErrServiceTime},
		{"no arrivals", []Call{{Outcome: Phantom}}, time.Hour, 0, ErrNoCalls},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if _, err := Aggregate(c.calls, c.interval, c.sl); !errors.Is(err, c.want) {
				t.Errorf("err %v, want %v", err, c.want)
			}
		})
	}
}

func TestErlangAtInterpolates(t *testing.T) {
	l := erlang.Load{Volume: 100, Interval: 30 * time.Minute, AHT: 180 * time.Second, Patience: time.Minute}
	m12, _ := erlang.Evaluate(l, 12, 20*time.Second)
	m13, _ := erlang.Evaluate(l, 13, 20*time.Second)
	sl, ab := erlangAt(l, 12, 20*time.Second)
	if sl != m12.ServiceLevel || ab != m12.PAbandon {
		t.Errorf("whole agents: %v %v, want %v %v", sl, ab, m12.ServiceLevel, m12.PAbandon)
	}
	sl, _ = erlangAt(l, 12.25, 20*time.Second)
	if want := 0.75*m12.ServiceLevel + 0.25*m13.ServiceLevel; math.Abs(sl-want) > 1e-12 {
		t.Errorf("12.25 agents: %v, want %v", sl, want)
	}
}

func TestSummary(t *testing.T) {
	row := func(arrivals, within int, c float64) Row {
		return Row{Interval: Interval{Arrivals: arrivals, AnsweredWithin: within}, ErlangCServiceLevel: c}
	}
	// observed 0.5 (100 calls) and 1.0 (10 calls); predicted 0.3 and 0.95
	s := summary([]Row{row(100, 50, 0.3), row(10, 10, 0.95)}, ModelErlangC)
	if want := (0.2 + 0.05) / 2; math.Abs(s.MAE-want) > 1e-12 {
		t.Errorf("MAE %v, want %v", s.MAE, want)
	}
	if want := (0.3*100 + 0.95*10 - 60) / 110; math.Abs(s.Bias-want) > 1e-12 {
		t.Errorf("bias %v, want %v (calls-weighted)", s.Bias, want)
	}
	if len(s.Calibration) != 2 || s.Calibration[0].Intervals != 1 || s.Calibration[0].Observed != 0.5 || s.Calibration[1].Predicted != 0.95 {
		t.Errorf("calibration %+v", s.Calibration)
	}
}

func TestCalibrateTiny(t *testing.T) {
	rep, err := Calibrate(context.Background(), tiny(), Options{Replications: 3, Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Rows) != 1 || rep.Calls != 4 {
		t.Fatalf("rows %d calls %d", len(rep.Rows), rep.Calls)
	}
	r := rep.Rows[0]
	// capacity s·1.636 + (1-s)·0.818·2 with s = 110/1800, handle 120+10
	s := 110.0 / 1800
	want := (s*180/110 + (1-s)*180/220*2) * 130 / 120
	if math.Abs(r.Agents-want) > 1e-9 || r.HandleSeconds != 130 {
		t.Errorf("agents %v handle %v, want %v and 130", r.Agents, r.HandleSeconds, want)
	}
	for _, m := range ModelNames() {
		if p := r.Predicted(m); !(p >= 0 && p <= 1) {
			t.Errorf("%s predicts %v", m, p)
		}
	}
	again, _ := Calibrate(context.Background(), tiny(), Options{Replications: 3, Seed: 7})
	if again.Rows[0].SimServiceLevel != r.SimServiceLevel || again.NoiseFloor != rep.NoiseFloor {
		t.Error("the same seed gave another simulation")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Calibrate(ctx, tiny(), Options{}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
}

// TestCalibrateClasses: one priority class is the first-come-first-served
// queue exactly; two run the priority simulator with the interval's class
// shares.
func TestCalibrateClasses(t *testing.T) {
	o := Options{Replications: 5, Seed: 3}
	fcfs, err := Calibrate(context.Background(), tiny(), o)
	if err != nil {
		t.Fatal(err)
	}
	o.Class = func(Call) int { return 0 }
	one, err := Calibrate(context.Background(), tiny(), o)
	if err != nil {
		t.Fatal(err)
	}
	if one.Rows[0].SimServiceLevel != fcfs.Rows[0].SimServiceLevel || one.NoiseFloor != fcfs.NoiseFloor {
		t.Errorf("one class: %v, first come first served %v", one.Rows[0].SimServiceLevel, fcfs.Rows[0].SimServiceLevel)
	}
	if got := classShares(tiny(), Options{Interval: 30 * time.Minute, Class: func(c Call) int { return len(c.Agent) }}); len(got) != 1 || !slices.Equal(got[t0], []float64{1, 3}) {
		t.Errorf("class shares %v, want the abandon in class 0 and three answered in class 1", got)
	}
	o.Class = func(c Call) int { return len(c.Agent) }
	two, err := Calibrate(context.Background(), tiny(), o)
	if err != nil {
		t.Fatal(err)
	}
	if p := two.Rows[0].SimServiceLevel; !(p >= 0 && p <= 1) {
		t.Errorf("two classes: service level %v", p)
	}
}

// TestCalibrateSkipsNoAgent: an interval whose only call was answered at
// once by no named agent has no evidence of its agents (capacity zero) and
// is skipped, not predicted to answer nobody.
func TestCalibrateSkipsNoAgent(t *testing.T) {
	calls := append(tiny(), Call{Outcome: Answered, ServiceStart: at(3600), ServiceEnd: at(3614)})
	rep, err := Calibrate(context.Background(), calls, Options{Replications: 3, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Rows) != 1 || rep.Skipped != 1 || rep.Calls != 4 {
		t.Errorf("rows %d skipped %d calls %d, want 1, 1 and 4", len(rep.Rows), rep.Skipped, rep.Calls)
	}
}

// TestSteps: in 5-minute steps (any step dividing the interval) the tiny half hour's capacity is all in its
// first step's waiting (0-300 s) and availability × answering agents in the
// rest; the steps' mean is the interval's agents.
func TestSteps(t *testing.T) {
	rep, err := Calibrate(context.Background(), tiny(), Options{Replications: 3, Seed: 7, Step: 5 * time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	r := rep.Rows[0]
	if rep.Params.StepSeconds != 300 || len(r.StepAgents) != 6 {
		t.Fatalf("step %v, %d step agents", rep.Params.StepSeconds, len(r.StepAgents))
	}
	avail := 180.0 / 220
	s := 110.0 / 300
	want := []float64{(s*180/110 + (1-s)*avail*2) * 130 / 120}
	for range 5 {
		want = append(want, avail*2*130/120)
	}
	var mean float64
	for j, a := range r.StepAgents {
		if math.Abs(a-want[j]) > 1e-9 {
			t.Errorf("step %d: agents %v, want %v", j, a, want[j])
		}
		mean += a / 6
	}
	if math.Abs(mean-r.Agents) > 1e-9 {
		t.Errorf("mean step agents %v, interval %v", mean, r.Agents)
	}
	if !slices.Equal(r.StepArrivals, []int{4, 0, 0, 0, 0, 0}) {
		t.Errorf("step arrivals %v", r.StepArrivals)
	}
	one, err := Calibrate(context.Background(), tiny(), Options{Replications: 3, Seed: 7, Step: 30 * time.Minute})
	if err != nil || one.Params.StepSeconds != 0 || one.Rows[0].StepAgents != nil {
		t.Errorf("a step as long as the interval: %v, step %v", err, one.Params.StepSeconds)
	}
	if _, err := Calibrate(context.Background(), tiny(), Options{Step: 7 * time.Minute}); !errors.Is(err, ErrStep) {
		t.Errorf("7-minute step: %v", err)
	}
	// No step given: 3 minutes where they divide the interval, else the
	// longest whole minute below that does, else one capacity per interval.
	for iv, want := range map[time.Duration]time.Duration{30 * time.Minute: 3 * time.Minute, 10 * time.Minute: 2 * time.Minute,
		5 * time.Minute: time.Minute, 3 * time.Minute: time.Minute, 90 * time.Second: 0} {
		r, err := Calibrate(context.Background(), tiny(), Options{Interval: iv, Replications: 1})
		if err != nil || r.Params.StepSeconds != want.Seconds() {
			t.Errorf("%v intervals without a step: %v, step %v s, want %v", iv, err, r.Params.StepSeconds, want)
		}
	}
}

// TestShifts: whole agents work whole intervals, a part joins the duty
// next to it, and each slot is one agent with breaks.
func TestShifts(t *testing.T) {
	m := func(d int) time.Duration { return time.Duration(d) * time.Minute }
	// two scored intervals of three 10-minute steps each
	got := shifts([]float64{2.5, 2.5, 0, 1.5, 1.25, 1}, m(10), 3)
	want := []sim.Shift{
		// slot 0: on but for the third step
		{Start: 0, End: m(60), Breaks: []sim.Break{{Start: m(20), End: m(30)}}},
		// slot 1: the first two steps whole; in the second scored interval
		// its parts (0.5 and 0.25 of a step) in one block at its start
		{Start: 0, End: m(37) + m(1)/2, Breaks: []sim.Break{{Start: m(20), End: m(30)}}},
		// slot 2: the parts of the first two steps in one block
		{Start: 0, End: m(10)},
	}
	if len(got) != len(want) {
		t.Fatalf("got %+v", got)
	}
	for i := range want {
		if got[i].Start != want[i].Start || got[i].End != want[i].End || !slices.Equal(got[i].Breaks, want[i].Breaks) {
			t.Errorf("slot %d: %+v, want %+v", i, got[i], want[i])
		}
	}
}
