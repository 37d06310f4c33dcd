package erlang_test

import (
	"fmt"
	"time"

	"github.com/staffcast/staffcast/erlang"
)

// 100 calls in 30 minutes with a 3-minute handle time is 10 Erlangs; 14
// agents answer 88.8% of calls within 20 seconds.
func ExampleEvaluate() {
	l := erlang.Load{Volume: 100, Interval: 30 * time.Minute, AHT: 180 * time.Second}
	m, err := erlang.Evaluate(l, 14, 20*time.Second)
	if err != nil {
		panic(err)
	}
	fmt.Printf("load %.1f Erlangs, P(wait) %.4f, SL %.4f, ASA %.2f s, occupancy %.4f\n",
		m.Erlangs, m.PWait, m.ServiceLevel, m.ASASeconds, m.Occupancy)
	// Output:
	// load 10.0 Erlangs, P(wait) 0.1741, SL 0.8884, ASA 7.84 s, occupancy 0.7143
}

// The same queue when callers hang up after 60 seconds on average (Erlang
// A): some abandon, so fewer wait long and the service level over all
// offered calls differs from Erlang C's.
func ExampleEvaluate_erlangA() {
	l := erlang.Load{Volume: 100, Interval: 30 * time.Minute, AHT: 180 * time.Second, Patience: 60 * time.Second}
	for _, n := range []int{10, 12, 14} {
		m, err := erlang.Evaluate(l, n, 20*time.Second)
		if err != nil {
			panic(err)
		}
		fmt.Printf("%d agents: SL %.4f, abandon %.4f, ASA %.2f s\n", n, m.ServiceLevel, m.PAbandon, m.ASASeconds)
	}
	// Output:
	// 10 agents: SL 0.7180, abandon 0.1575, ASA 9.45 s
	// 12 agents: SL 0.8603, abandon 0.0759, ASA 4.55 s
	// 14 agents: SL 0.9438, abandon 0.0303, ASA 1.82 s
}

// The smallest staffing for 80% in 20 seconds, then scheduled for 30%
// shrinkage.
func ExampleStaff() {
	l := erlang.Load{Volume: 100, Interval: 30 * time.Minute, AHT: 180 * time.Second}
	m, err := erlang.Staff(l, erlang.Targets{ServiceLevel: 0.8, ServiceTime: 20 * time.Second, Shrinkage: 0.3})
	if err != nil {
		panic(err)
	}
	fmt.Printf("%d agents (%d scheduled), SL %.3f\n", m.Agents, m.Scheduled, m.ServiceLevel)
	// A 70% occupancy cap as well needs one more.
	m, _ = erlang.Staff(l, erlang.Targets{ServiceLevel: 0.8, ServiceTime: 20 * time.Second, MaxOccupancy: 0.7})
	fmt.Printf("with max occupancy 70%%: %d agents, occupancy %.3f\n", m.Agents, m.Occupancy)
	// Output:
	// 14 agents (20 scheduled), SL 0.888
	// with max occupancy 70%: 15 agents, occupancy 0.667
}

// A forecast staffed in one call.
func ExampleStaffBatch() {
	var loads []erlang.Load
	for _, v := range []float64{12, 40, 100, 100, 260, 75} {
		loads = append(loads, erlang.Load{Volume: v, Interval: 30 * time.Minute, AHT: 180 * time.Second, Patience: 90 * time.Second})
	}
	ms, err := erlang.StaffBatch(loads, erlang.Targets{ServiceLevel: 0.8, ServiceTime: 20 * time.Second, MaxAbandon: 0.05, Shrinkage: 0.3})
	if err != nil {
		panic(err)
	}
	for i, m := range ms {
		fmt.Printf("%3.0f calls: %2d agents, %2d scheduled, SL %.3f, abandon %.3f\n", loads[i].Volume, m.Agents, m.Scheduled, m.ServiceLevel, m.PAbandon)
	}
	// Output:
	//  12 calls:  3 agents,  5 scheduled, SL 0.911, abandon 0.050
	//  40 calls:  7 agents, 10 scheduled, SL 0.935, abandon 0.030
	// 100 calls: 13 agents, 19 scheduled, SL 0.898, abandon 0.043
	// 100 calls: 13 agents, 19 scheduled, SL 0.898, abandon 0.043
	// 260 calls: 29 agents, 42 scheduled, SL 0.891, abandon 0.044
	//  75 calls: 11 agents, 16 scheduled, SL 0.930, abandon 0.030
}

func ExampleScheduled() {
	n, err := erlang.Scheduled(14, 0.3)
	if err != nil {
		panic(err)
	}
	fmt.Println(n)
	// Output: 20
}

func ExampleErlangC() {
	fmt.Printf("%.10f\n", erlang.ErlangC(10, 14))
	// Output: 0.1741319336
}

func ExampleErlangB() {
	fmt.Printf("%.6f\n", erlang.ErlangB(10, 14))
	// Output: 0.056819
}

// A bot takes 60% of 1,000 calls an hour; it escalates a quarter of those
// (longer, less patient calls) and falsely contains 10%, half of whom call
// back.
func ExampleFunnel_Human() {
	f := erlang.Funnel{
		BotShare: 0.6, Escalation: 0.25, FalseContainment: 0.1, ReturnShare: 0.5,
		EscalatedAHT: 300 * time.Second, EscalatedPatience: 30 * time.Second,
	}
	offered := erlang.Load{Volume: 1000, Interval: time.Hour, AHT: 200 * time.Second, Patience: 90 * time.Second}
	human, err := f.Human(offered)
	if err != nil {
		panic(err)
	}
	fl := f.Split(offered.Volume)
	fmt.Printf("contained %.0f, escalated %.0f, returning %.0f, human %.0f calls\n", fl.Contained, fl.Escalated, fl.Returned, fl.Human)
	fmt.Printf("human AHT %.1f s, patience %.1f s, load %.2f Erlangs\n", human.AHT.Seconds(), human.Patience.Seconds(), human.Erlangs())
	tg := erlang.Targets{ServiceLevel: 0.8, ServiceTime: 20 * time.Second}
	before, _ := erlang.Staff(offered, tg)
	after, _ := erlang.Staff(human, tg)
	fmt.Printf("agents: %d without the bot, %d with it\n", before.Agents, after.Agents)
	// Output:
	// contained 390, escalated 150, returning 30, human 580 calls
	// human AHT 225.9 s, patience 59.3 s, load 36.39 Erlangs
	// agents: 54 without the bot, 36 with it
}

// 300 chats in 30 minutes; one chat takes 400 s alone, 560 s when an agent
// runs two, 750 s with three. One chat at a time would need 72 agents;
// "AHT/3" would pretend 133 s chats and need 25.
func ExampleStaffChat() {
	c := erlang.Chat{Volume: 300, Interval: 30 * time.Minute,
		HandleTimes: []time.Duration{400 * time.Second, 560 * time.Second, 750 * time.Second}}
	m, err := erlang.StaffChat(c, erlang.Targets{ServiceLevel: 0.8, ServiceTime: 60 * time.Second})
	if err != nil {
		panic(err)
	}
	fmt.Printf("%d agents, SL %.3f, slot occupancy %.3f\n", m.Agents, m.ServiceLevel, m.Occupancy)
	// Output:
	// 44 agents, SL 0.888, slot occupancy 0.843
}

// Emails answered within 4 hours, 6 minutes of work each.
func ExampleStaffDeferred() {
	p, err := erlang.StaffDeferred(erlang.Deferred{
		Arrivals: []float64{40, 120, 10, 0, 0, 0},
		Interval: time.Hour, AHT: 6 * time.Minute, Deadline: 4 * time.Hour,
	})
	if err != nil {
		panic(err)
	}
	for i, h := range p.AgentHours {
		fmt.Printf("hour %d: %.2f agent-hours, %.1f open\n", i, h, p.Open[i])
	}
	// Output:
	// hour 0: 1.00 agent-hours, 30.0 open
	// hour 1: 4.00 agent-hours, 110.0 open
	// hour 2: 4.25 agent-hours, 77.5 open
	// hour 3: 4.25 agent-hours, 35.0 open
	// hour 4: 3.25 agent-hours, 2.5 open
	// hour 5: 0.25 agent-hours, 0.0 open
}

// ExampleStaff_erlangA is the package documentation's Erlang A example.
func ExampleStaff_erlangA() {
	l := erlang.Load{Volume: 100, Interval: 30 * time.Minute, AHT: 180 * time.Second, Patience: 60 * time.Second}
	sl := erlang.Targets{ServiceLevel: 0.8, ServiceTime: 20 * time.Second}
	m, _ := erlang.Staff(l, sl)
	fmt.Printf("80/20: %d agents, SL %.3f, abandon %.3f\n", m.Agents, m.ServiceLevel, m.PAbandon)
	sl.MaxAbandon = 0.02
	m, _ = erlang.Staff(l, sl)
	fmt.Printf("80/20 and at most 2%% abandon: %d agents\n", m.Agents)
	c, _ := erlang.Evaluate(erlang.Load{Volume: 100, Interval: 30 * time.Minute, AHT: 180 * time.Second}, 13, 20*time.Second)
	fmt.Printf("Erlang C with 13 agents: SL %.3f\n", c.ServiceLevel)
	// Output:
	// 80/20: 12 agents, SL 0.860, abandon 0.076
	// 80/20 and at most 2% abandon: 15 agents
	// Erlang C with 13 agents: SL 0.796
}

// Falsely contained contacts come back within an hour, spread over the
// next four 15-minute intervals.
func ExampleFunnel_HumanSeries() {
	f := erlang.Funnel{BotShare: 0.5, FalseContainment: 0.2, ReturnShare: 0.5, ReturnLag: time.Hour}
	var offered []erlang.Load
	for _, v := range []float64{400, 0, 0, 0, 0} {
		offered = append(offered, erlang.Load{Volume: v, Interval: 15 * time.Minute, AHT: 4 * time.Minute})
	}
	human, err := f.HumanSeries(offered)
	if err != nil {
		panic(err)
	}
	for i, h := range human {
		fmt.Printf("interval %d: %.0f to humans\n", i, h.Volume)
	}
	// Output:
	// interval 0: 200 to humans
	// interval 1: 5 to humans
	// interval 2: 5 to humans
	// interval 3: 5 to humans
	// interval 4: 5 to humans
}

// The chat queue of ExampleStaffChat with one agent fewer.
func ExampleEvaluateChat() {
	c := erlang.Chat{Volume: 300, Interval: 30 * time.Minute,
		HandleTimes: []time.Duration{400 * time.Second, 560 * time.Second, 750 * time.Second}}
	m, err := erlang.EvaluateChat(c, 43, 60*time.Second)
	if err != nil {
		panic(err)
	}
	fmt.Printf("43 agents: SL %.3f, ASA %.1f s\n", m.ServiceLevel, m.ASASeconds)
	// Output:
	// 43 agents: SL 0.693, ASA 79.3 s
}

// A bot open only in the second interval: its falsely contained contacts
// come back over the next two 15-minute intervals.
func ExampleFunnel_HumanSeriesShares() {
	f := erlang.Funnel{FalseContainment: 0.2, ReturnShare: 0.5, ReturnLag: 30 * time.Minute}
	var offered []erlang.Load
	for range 4 {
		offered = append(offered, erlang.Load{Volume: 100, Interval: 15 * time.Minute, AHT: 4 * time.Minute})
	}
	human, flows, err := f.HumanSeriesShares(offered, []float64{0, 0.8, 0, 0})
	if err != nil {
		panic(err)
	}
	for i, h := range human {
		fmt.Printf("interval %d: %.0f to the bot, %.0f to humans (%.0f returning)\n", i, flows[i].Bot, h.Volume, flows[i].Returned)
	}
	// Output:
	// interval 0: 0 to the bot, 100 to humans (0 returning)
	// interval 1: 80 to the bot, 20 to humans (0 returning)
	// interval 2: 0 to the bot, 104 to humans (4 returning)
	// interval 3: 0 to the bot, 104 to humans (4 returning)
}
