package app

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/staffcast/staffcast/erlang"
)

// The bot's returns can land between a staffing's rows (the rows of a
// morning, returns an hour later): nobody is on duty then, and the rows do
// not show them, so the result says how many there are.
func TestSimulateWarnsOfReturnsBetweenRows(t *testing.T) {
	start := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
	var rows []SimRow
	for _, day := range []int{0, 1} {
		for k := range 4 { // 08:00-10:00
			rows = append(rows, SimRow{Queue: "q", Start: start.AddDate(0, 0, day).Add(time.Duration(k) * 30 * time.Minute), Volume: 100, AHT: 240 * time.Second, Agents: 20})
		}
	}
	f := &erlang.Funnel{BotShare: 0.5, Escalation: 0.3, FalseContainment: 0.4, ReturnShare: 0.9, ReturnLag: time.Hour}
	run := func(f *erlang.Funnel) SimulateResult {
		res, err := Simulate(context.Background(), SimulateRequest{Rows: rows, Interval: 30 * time.Minute, SLTime: 30 * time.Second, Funnel: f, Replications: 4, Seed: 1})
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	res := run(f)
	var warned string
	for _, w := range res.Warnings {
		if strings.Contains(w.Message, "between the staffing's rows") {
			warned = w.Message
		}
	}
	if !strings.Contains(warned, "queue q: ") || !strings.Contains(warned, "from 2026-03-02T10:00:00Z") {
		t.Errorf("warnings %+v, want one on the returns between the rows from Monday 10:00", res.Warnings)
	}
	for _, w := range run(nil).Warnings {
		if strings.Contains(w.Message, "between the staffing's rows") {
			t.Errorf("without a bot nothing falls between the rows, yet: %s", w.Message)
		}
	}
}
