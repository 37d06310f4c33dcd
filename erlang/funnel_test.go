package erlang

import (
	"errors"
	"math"
	"testing"
	"time"
)

func TestFunnelZeroBotIsPlainErlang(t *testing.T) {
	for _, l := range []Load{
		{Volume: 100, Interval: 30 * time.Minute, AHT: 180 * time.Second},
		{Volume: 37.5, Interval: 15 * time.Minute, AHT: 400 * time.Second, Patience: time.Minute},
	} {
		// Everything but the bot share set: with no bot traffic it must not matter.
		f := Funnel{Escalation: 0.3, FalseContainment: 0.2, ReturnShare: 0.5, ReturnLag: time.Hour,
			EscalatedAHT: 10 * time.Minute, EscalatedPatience: 20 * time.Second}
		h, err := f.Human(l)
		if err != nil {
			t.Fatal(err)
		}
		if h != l {
			t.Errorf("0%% bot changed the load: %+v -> %+v", l, h)
		}
		tg := Targets{ServiceLevel: 0.8, ServiceTime: 20 * time.Second}
		a, _ := Staff(l, tg)
		b, _ := Staff(h, tg)
		if a != b {
			t.Errorf("0%% bot staffing %+v, plain %+v", b, a)
		}
		series, err := f.HumanSeries([]Load{l, l, l})
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range series {
			if s != l {
				t.Errorf("0%% bot series changed the load: %+v", s)
			}
		}
	}
}

func TestFunnelFlows(t *testing.T) {
	f := Funnel{BotShare: 0.6, Escalation: 0.25, FalseContainment: 0.1, ReturnShare: 0.5,
		EscalatedAHT: 300 * time.Second, EscalatedPatience: 30 * time.Second}
	l := Load{Volume: 1000, Interval: time.Hour, AHT: 200 * time.Second, Patience: 90 * time.Second}
	fl := f.Split(l.Volume)
	// 400 direct, 600 to the bot: 150 escalated, 60 falsely contained (30
	// return), 390 truly contained.
	want := Flows{Offered: 1000, Direct: 400, Bot: 600, Contained: 390, Escalated: 150, False: 60, Returned: 30, Human: 580}
	for _, c := range []struct {
		name      string
		got, want float64
	}{{"direct", fl.Direct, want.Direct}, {"bot", fl.Bot, want.Bot}, {"contained", fl.Contained, want.Contained},
		{"escalated", fl.Escalated, want.Escalated}, {"false", fl.False, want.False}, {"returned", fl.Returned, want.Returned}, {"human", fl.Human, want.Human}} {
		if math.Abs(c.got-c.want) > 1e-9 {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
	h, err := f.Human(l)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(h.Volume-580) > 1e-9 {
		t.Errorf("human volume %v, want 580", h.Volume)
	}
	// Workload is conserved: 430·200 s + 150·300 s.
	if got, want := h.Volume*h.AHT.Seconds(), 430*200.0+150*300; math.Abs(got-want) > 1e-3 {
		t.Errorf("human work %v s, want %v s", got, want)
	}
	// θ blended: (430/90 + 150/30)/580 per second.
	theta := (430/90.0 + 150/30.0) / 580
	if got := 1 / h.Patience.Seconds(); math.Abs(got-theta)/theta > 1e-9 {
		t.Errorf("blended θ %v, want %v", got, theta)
	}
}

func TestFunnelSeriesReturns(t *testing.T) {
	f := Funnel{BotShare: 0.5, FalseContainment: 0.4, ReturnShare: 0.5, ReturnLag: 45 * time.Minute}
	loads := make([]Load, 6)
	for i := range loads {
		loads[i] = Load{Interval: 15 * time.Minute, AHT: time.Minute}
	}
	loads[0].Volume = 300 // 150 to the bot, 60 falsely contained, 30 come back over 3 intervals
	out, err := f.HumanSeries(loads)
	if err != nil {
		t.Fatal(err)
	}
	want := []float64{150, 10, 10, 10, 0, 0}
	for i := range want {
		if math.Abs(out[i].Volume-want[i]) > 1e-9 {
			t.Errorf("interval %d: human volume %v, want %v", i, out[i].Volume, want[i])
		}
	}
	loads[2].Interval = time.Hour
	if _, err := f.HumanSeries(loads); !errors.Is(err, ErrFunnel) {
		t.Errorf("mixed intervals: %v", err)
	}
}

func TestFunnelValidate(t *testing.T) {
	for name, f := range map[string]Funnel{
		"bot share > 1":    {BotShare: 1.2},
		"negative":         {Escalation: -0.1},
		"shares exceed 1":  {Escalation: 0.7, FalseContainment: 0.4},
		"NaN":              {ReturnShare: math.NaN()},
		"negative lag":     {ReturnLag: -time.Second},
		"negative esc AHT": {EscalatedAHT: -time.Second},
	} {
		if err := f.Validate(); !errors.Is(err, ErrFunnel) {
			t.Errorf("%s: %v", name, err)
		}
	}
}
