package erlang

import (
	"errors"
	"math"
	"testing"
	"time"
)

func TestChatOneAtATimeIsErlang(t *testing.T) {
	for _, p := range []time.Duration{0, 40 * time.Second} {
		c := Chat{Volume: 100, Interval: 30 * time.Minute, HandleTimes: []time.Duration{180 * time.Second}, Patience: p}
		l := Load{Volume: 100, Interval: 30 * time.Minute, AHT: 180 * time.Second, Patience: p}
		for n := 11; n < 18; n++ {
			a, err1 := EvaluateChat(c, n, 20*time.Second)
			b, err2 := Evaluate(l, n, 20*time.Second)
			if err1 != nil || err2 != nil || !sameMetrics(a, b, 1e-9) {
				t.Errorf("patience %v, %d agents: chat %+v, Erlang %+v (%v %v)", p, n, a, b, err1, err2)
			}
		}
	}
}

// With perfect multitasking (handle time independent of concurrency) n
// agents with k slots are n·k servers: Erlang C with n·k agents.
func TestChatPerfectMultitaskingIsErlangCWithSlots(t *testing.T) {
	h := 300 * time.Second
	c := Chat{Volume: 240, Interval: time.Hour, HandleTimes: []time.Duration{h, h, h}}
	l := Load{Volume: 240, Interval: time.Hour, AHT: h}
	for n := 7; n < 12; n++ {
		a, err := EvaluateChat(c, n, 30*time.Second)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := Evaluate(l, 3*n, 30*time.Second)
		if relErr(a.PWait, b.PWait) > 1e-9 || relErr(a.ServiceLevel, b.ServiceLevel) > 1e-9 ||
			relErr(a.ASASeconds, b.ASASeconds) > 1e-9 || relErr(a.Occupancy, b.Occupancy) > 1e-9 {
			t.Errorf("%d agents × 3: chat %+v, Erlang C %d agents %+v", n, a, 3*n, b)
		}
	}
}

// Concurrency that slows each chat down needs more agents than AHT/k
// suggests; and more concurrency never needs more agents when it helps.
func TestChatConcurrencyStaffing(t *testing.T) {
	tg := Targets{ServiceLevel: 0.8, ServiceTime: 60 * time.Second}
	h1 := 400 * time.Second
	single, err := StaffChat(Chat{Volume: 300, Interval: 30 * time.Minute, HandleTimes: []time.Duration{h1}}, tg)
	if err != nil {
		t.Fatal(err)
	}
	real, err := StaffChat(Chat{Volume: 300, Interval: 30 * time.Minute, HandleTimes: []time.Duration{h1, 560 * time.Second, 750 * time.Second}}, tg)
	if err != nil {
		t.Fatal(err)
	}
	naive, _ := Staff(Load{Volume: 300, Interval: 30 * time.Minute, AHT: h1 / 3}, tg)
	if !(real.Agents < single.Agents && real.Agents > naive.Agents) {
		t.Errorf("agents: one chat each %d, concurrency 3 %d, AHT/3 %d", single.Agents, real.Agents, naive.Agents)
	}
	down, _ := EvaluateChat(Chat{Volume: 300, Interval: 30 * time.Minute, HandleTimes: []time.Duration{h1, 560 * time.Second, 750 * time.Second}}, real.Agents-1, tg.ServiceTime)
	if tg.met(down) || !tg.met(real) {
		t.Errorf("StaffChat %d is not the minimum: %+v / %+v", real.Agents, real, down)
	}
	if !(real.Occupancy > 0 && real.Occupancy < 1) || math.IsNaN(real.ASASeconds) {
		t.Errorf("metrics: %+v", real)
	}
}

func TestChatValidate(t *testing.T) {
	for name, c := range map[string]Chat{
		"no handle times":   {Volume: 1, Interval: time.Hour},
		"zero handle time":  {Volume: 1, Interval: time.Hour, HandleTimes: []time.Duration{time.Minute, 0}},
		"negative volume":   {Volume: -1, Interval: time.Hour, HandleTimes: []time.Duration{time.Minute}},
		"negative patience": {Volume: 1, Interval: time.Hour, HandleTimes: []time.Duration{time.Minute}, Patience: -1},
	} {
		if _, err := StaffChat(c, Targets{ServiceLevel: 0.8}); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	falling := map[string][]time.Duration{
		"400s then 300s":         {400 * time.Second, 300 * time.Second},
		"falls at the third":     {400 * time.Second, 560 * time.Second, 500 * time.Second},
		"a hundred times faster": {400 * time.Second, 4 * time.Second},
	}
	for name, hs := range falling {
		c := Chat{Volume: 100, Interval: 30 * time.Minute, HandleTimes: hs}
		if err := c.Validate(); !errors.Is(err, ErrChatFalling) || !errors.Is(err, ErrChat) {
			t.Errorf("%s: Validate = %v, want ErrChatFalling and ErrChat", name, err)
		}
		if _, err := StaffChat(c, Targets{ServiceLevel: 0.8, ServiceTime: time.Minute}); !errors.Is(err, ErrChatFalling) {
			t.Errorf("%s: StaffChat = %v, want ErrChatFalling", name, err)
		}
	}
	flat := Chat{Volume: 100, Interval: 30 * time.Minute, HandleTimes: []time.Duration{400 * time.Second, 400 * time.Second}}
	if err := flat.Validate(); err != nil {
		t.Errorf("equal handle times: %v", err)
	}
	_, err := EvaluateChat(Chat{Volume: 100, Interval: time.Hour, HandleTimes: []time.Duration{time.Minute * 10, time.Minute * 20}}, 10, 0)
	if !errors.Is(err, ErrUnstable) {
		t.Errorf("overloaded chat: %v", err)
	}
}
