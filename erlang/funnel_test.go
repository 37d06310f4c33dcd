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

func TestFunnelSeriesShares(t *testing.T) {
	f := Funnel{BotShare: 0.4, Escalation: 0.2, FalseContainment: 0.3, ReturnShare: 0.5, ReturnLag: 30 * time.Minute,
		EscalatedAHT: 5 * time.Minute, EscalatedPatience: 30 * time.Second}
	loads := make([]Load, 6)
	for i := range loads {
		loads[i] = Load{Volume: float64(100 + 10*i), Interval: 15 * time.Minute, AHT: 3 * time.Minute, Patience: time.Minute}
	}
	t.Run("constant shares equal HumanSeries", func(t *testing.T) {
		want, err := f.HumanSeries(loads)
		if err != nil {
			t.Fatal(err)
		}
		shares := []float64{0.4, 0.4, 0.4, 0.4, 0.4, 0.4}
		got, _, err := Funnel{Escalation: 0.2, FalseContainment: 0.3, ReturnShare: 0.5, ReturnLag: 30 * time.Minute,
			EscalatedAHT: 5 * time.Minute, EscalatedPatience: 30 * time.Second}.HumanSeriesShares(loads, shares)
		if err != nil {
			t.Fatal(err)
		}
		for i := range want {
			if got[i] != want[i] {
				t.Errorf("interval %d: %+v, want %+v", i, got[i], want[i])
			}
		}
	})
	t.Run("per-interval shares and flows", func(t *testing.T) {
		// Bot only in interval 1: its 110 x 0.5 = 55 sessions escalate 11,
		// falsely contain 16.5 of which 8.25 return, half in 2 and half in 3.
		shares := []float64{0, 0.5, 0, 0, 0, 0}
		out, flows, err := f.HumanSeriesShares(loads, shares)
		if err != nil {
			t.Fatal(err)
		}
		if out[0] != loads[0] || out[4] != loads[4] || out[5] != loads[5] {
			t.Errorf("intervals without bot traffic or returns changed: %+v %+v %+v", out[0], out[4], out[5])
		}
		for _, c := range []struct {
			name      string
			got, want float64
		}{
			{"bot 1", flows[1].Bot, 55}, {"escalated 1", flows[1].Escalated, 11}, {"false 1", flows[1].False, 16.5},
			{"contained 1", flows[1].Contained, 27.5}, {"human 1", flows[1].Human, 55 + 11}, {"returned 1", flows[1].Returned, 0},
			{"returned 2", flows[2].Returned, 4.125}, {"returned 3", flows[3].Returned, 4.125}, {"returned 4", flows[4].Returned, 0},
			{"human 2", out[2].Volume, 120 + 4.125}, {"flows human 3", flows[3].Human, 130 + 4.125},
		} {
			if math.Abs(c.got-c.want) > 1e-9 {
				t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
			}
		}
		if out[1].AHT <= loads[1].AHT || out[1].Patience >= loads[1].Patience {
			t.Errorf("escalations should lengthen AHT and shorten patience: %+v", out[1])
		}
	})
	t.Run("errors", func(t *testing.T) {
		for name, shares := range map[string][]float64{
			"too few":  {0.1, 0.2},
			"above 1":  {0, 0, 1.5, 0, 0, 0},
			"negative": {0, 0, 0, -0.1, 0, 0},
			"NaN":      {0, 0, 0, math.NaN(), 0, 0},
		} {
			if _, _, err := f.HumanSeriesShares(loads, shares); !errors.Is(err, ErrFunnel) {
				t.Errorf("%s: %v, want ErrFunnel", name, err)
			}
		}
	})
}

func TestFunnelBlendRebuildsSeriesLoads(t *testing.T) {
	f := Funnel{Escalation: 0.25, FalseContainment: 0.2, ReturnShare: 0.5, ReturnLag: time.Hour,
		EscalatedAHT: 6 * time.Minute, EscalatedPatience: 20 * time.Second}
	loads := make([]Load, 8)
	shares := make([]float64, len(loads))
	for i := range loads {
		loads[i] = Load{Volume: float64(50 + 7*i), Interval: 15 * time.Minute, AHT: 4 * time.Minute, Patience: 90 * time.Second}
		shares[i] = float64(i%3) * 0.3
	}
	out, flows, err := f.HumanSeriesShares(loads, shares)
	if err != nil {
		t.Fatal(err)
	}
	for i, fl := range flows {
		if got := f.Blend(loads[i], fl.Direct+fl.Returned, fl.Escalated); got != out[i] {
			t.Errorf("interval %d: Blend %+v, series %+v", i, got, out[i])
		}
	}
}

// Returns falling after the last interval are not dropped: each interval's
// Later holds its own, and the falsely contained who come back add up.
func TestHumanSeriesReturnsLater(t *testing.T) {
	f := Funnel{Escalation: 0.2, FalseContainment: 0.1, ReturnShare: 0.5, ReturnLag: 2 * time.Hour}
	loads := make([]Load, 10)
	shares := make([]float64, len(loads))
	for i := range loads {
		loads[i] = Load{Volume: 100 + 10*float64(i), Interval: 30 * time.Minute, AHT: 300 * time.Second}
		shares[i] = 0.6
	}
	_, flows, err := f.HumanSeriesShares(loads, shares)
	if err != nil {
		t.Fatal(err)
	}
	var back, returned, later float64
	for i, fl := range flows {
		back += fl.False * f.ReturnShare
		returned += fl.Returned
		later += fl.Later
		// interval i's returns spread over i+1..i+4: those past 9 are later
		want := fl.False * f.ReturnShare * float64(max(0, i+4-9)) / 4
		if math.Abs(fl.Later-want) > 1e-12 {
			t.Errorf("interval %d: later %v, want %v", i, fl.Later, want)
		}
	}
	if later <= 0 || math.Abs(back-returned-later) > 1e-9 {
		t.Errorf("returns %v = returned %v + later %v?", back, returned, later)
	}
}
