package scenario_test

import (
	"context"
	"fmt"
	"time"

	"github.com/staffcast/staffcast/scenario"
)

// The issue's document, with a field misspelt and then corrected.
func ExampleParse() {
	doc := `{"queue": "retail", "demand": {"forecast": "forecast.csv"}, "interval": "30m",
	 "promise": {"sl_target": 0.8, "sl_time": "30s", "max_abandon": 0.05}, "shrinkage": 0.3,
	 "humans": {"aht": "240s", "patience": "120s", "hourly_cost": 30},
	 "bot": {"share": {"0-7": 0.9, "8-19": 0.3, "20-23": 0.7}, "escalation": 0.3, "false_containment": 0.1,
	         "return_share": 0.5, "return_lag": "24h", "escalated_aht": "300s", "escalated_patience": "45s",
	         "cost_per_session": 0.5, "sharee": 1},
	 "lost_contact_cost": 8}`
	_, err := scenario.Parse([]byte(doc))
	fmt.Println(err)
	d, err := scenario.Parse([]byte(doc[:len(doc)-len(`, "sharee": 1},
	 "lost_contact_cost": 8}`)] + `}, "lost_contact_cost": 8}`))
	if err != nil {
		panic(err)
	}
	q := d.Queues[0]
	fmt.Println(q.Queue, q.Interval, q.Humans.AHT, q.Bot.Share.At(3), q.Bot.Share.At(12), q.Bot.ReturnLag)
	// Output:
	// scenario: bot.sharee: unknown field (known here: capacity, cost_per_session, escalated_aht, escalated_patience, escalation, false_containment, hours, return_lag, return_share, session_time, share)
	// retail 30m 4m 0.9 0.3 24h
}

// Two hours of 30-minute demand half sent to a bot: the funnel, staffing
// and costs in total.
func ExampleEvaluate() {
	d, err := scenario.Parse([]byte(`{"queue": "retail", "demand": {"forecast": "forecast.csv"},
	 "promise": {"sl_target": 0.8, "sl_time": "30s"}, "shrinkage": 0.3,
	 "humans": {"aht": "240s", "patience": "120s", "hourly_cost": 30},
	 "bot": {"share": 0.5, "escalation": 0.3, "false_containment": 0.1, "return_share": 0.5,
	         "escalated_aht": "300s", "escalated_patience": "45s", "cost_per_session": 0.5},
	 "lost_contact_cost": 8}`))
	if err != nil {
		panic(err)
	}
	start := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	var demand []scenario.Interval
	for i, v := range []float64{200, 260, 300, 240} {
		demand = append(demand, scenario.Interval{Start: start.Add(time.Duration(i) * 30 * time.Minute), Volume: v, AHT: 240 * time.Second})
	}
	r, err := scenario.Evaluate(context.Background(), d, scenario.Inputs{Demand: map[string][]scenario.Interval{"retail": demand}}, scenario.Options{})
	if err != nil {
		panic(err)
	}
	t := r.Totals
	fmt.Printf("offered %.0f: bot %.0f (contained %.0f), humans %.1f (escalated %.0f, returned %.1f), unresolved %.1f\n",
		t.Offered, t.BotSessions, t.Contained, t.HumanContacts, t.Escalated, t.Returned, t.Unresolved)
	fmt.Printf("paid %.0f h (naive cut %.0f h, +%.0f%%), service level %.3f, abandon %.3f, reached a human in time %.3f\n",
		t.PaidHours, t.NaivePaidHours, t.FunnelExtraPercent, t.ServiceLevel, t.AbandonRate, t.ReachedHumanShare)
	fmt.Printf("cost %.2f = humans %.2f + bot %.2f + lost %.2f\n", t.Cost, t.CostHumans, t.CostBot, t.CostLost)
	// Output:
	// offered 1000: bot 500 (contained 300), humans 675.0 (escalated 150, returned 25.0), unresolved 25.0
	// paid 69 h (naive cut 48 h, +44%), service level 0.819, abandon 0.097, reached a human in time 0.553
	// cost 3045.33 = humans 2070.00 + bot 250.00 + lost 725.33
}

// A sweep of the bot share from 0 to 0.9 in steps of 0.1.
func ExampleParseVary() {
	v, err := scenario.ParseVary("bot.share=0:0.9:0.1")
	if err != nil {
		panic(err)
	}
	fmt.Println(v.Path, v.Values)
	// Output:
	// bot.share [0 0.1 0.2 0.3 0.4 0.5 0.6 0.7 0.8 0.9]
}
