package scenario

import (
	"context"
	"encoding/json"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/staffcast/staffcast/erlang"
)

// The Required* figures are those of the agents answering the
// requirement, never the shift plan's coverage: Erlang's figures of
// RequiredAnsweringAgents on the interval's human load, with
// RequiredScheduledAgents their gross-up (or the cap), and nobody while
// humans are closed.
func TestRequiredFiguresAreTheRequirements(t *testing.T) {
	hours := func(s string) Hours { return mustHours(t, s) }
	for _, c := range []struct {
		name   string
		shifts bool
		setup  func(q *QueueSpec)
	}{
		{"interval costing", false, func(q *QueueSpec) {}},
		{"shift plan", true, func(q *QueueSpec) {}},
		{"shift plan, humans closed at night", true, func(q *QueueSpec) { q.Humans.Hours = hours(`"08:00-20:00"`) }},
		{"shift plan under a headcount cap", true, func(q *QueueSpec) { q.Humans.MaxAgents = 12 }},
		{"Erlang C, closed at night", false, func(q *QueueSpec) {
			q.Humans.Patience, q.Bot.EscalatedPatience, q.Promise.MaxAbandon = 0, 0, 0
			q.Humans.Hours = hours(`"08:00-20:00"`)
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			q := baseQueue("q")
			q.Bot.ReturnLag = Duration(time.Hour)
			c.setup(&q)
			in := weekInputs("q")
			if c.shifts {
				in.Shifts = map[string]*Shifts{"q": shiftTemplates()}
			}
			r, err := Evaluate(context.Background(), Document{Queues: []QueueSpec{q}}, in, Options{Seed: 1, ShiftEffort: 0.2})
			if err != nil {
				t.Fatal(err)
			}
			qr := r.Queues[0]
			if c.shifts != (qr.Plan != nil) {
				t.Fatalf("plan %v, want one: %v", qr.Plan != nil, c.shifts)
			}
			var differs, closed, capped int
			for _, iv := range qr.Intervals {
				open := q.Humans.Hours.OpenAt(iv.Start)
				agents := iv.RequiredAnsweringAgents
				switch {
				case !open:
					closed++
					if agents != 0 {
						t.Errorf("%s closed: %d agents answering", iv.Start, agents)
					}
				case q.Humans.MaxAgents > 0 && iv.UncappedScheduledAgents > float64(q.Humans.MaxAgents):
					capped++
					if iv.RequiredScheduledAgents != float64(q.Humans.MaxAgents) || agents != int(math.Floor(float64(q.Humans.MaxAgents)*0.7+1e-9)) {
						t.Errorf("%s capped: %d answering, %v scheduled", iv.Start, agents, iv.RequiredScheduledAgents)
					}
				default:
					if agents != iv.RequiredAgents || iv.RequiredScheduledAgents != math.Ceil(float64(agents)/0.7-1e-9) {
						t.Errorf("%s: %d answering, %d required, %v scheduled", iv.Start, agents, iv.RequiredAgents, iv.RequiredScheduledAgents)
					}
				}
				l := erlang.Load{Volume: iv.HumanContacts, Interval: 15 * time.Minute, AHT: time.Duration(math.Round(iv.HumanAHTSeconds * 1e9)),
					Patience: time.Duration(math.Round(iv.HumanPatienceSeconds * 1e9))}
				m, _ := erlang.Evaluate(l, agents, 30*time.Second)
				near(t, iv.Start.String()+" required service level", iv.RequiredServiceLevel, m.ServiceLevel, 1e-9)
				near(t, iv.Start.String()+" required abandon rate", iv.RequiredAbandonRate, m.PAbandon, 1e-9)
				near(t, iv.Start.String()+" required occupancy", iv.RequiredOccupancy, m.Occupancy, 1e-9)
				if math.IsInf(m.ASASeconds, 1) != math.IsInf(iv.RequiredASASeconds, 1) {
					t.Errorf("%s required ASA %v, want %v", iv.Start, iv.RequiredASASeconds, m.ASASeconds)
				} else if !math.IsInf(m.ASASeconds, 1) {
					near(t, iv.Start.String()+" required ASA", iv.RequiredASASeconds, m.ASASeconds, 1e-9)
				}
				if open && (iv.RequiredServiceLevel != iv.ServiceLevel || iv.RequiredAbandonRate != iv.AbandonRate || iv.RequiredOccupancy != iv.Occupancy) {
					differs++
				}
			}
			switch {
			case c.shifts && differs == 0:
				t.Error("the plan's coverage served every open interval exactly as its requirement: the test sees nothing")
			case !c.shifts && differs != 0:
				t.Errorf("without a plan %d open intervals' figures differ from their requirement's", differs)
			}
			if !q.Humans.Hours.IsZero() && closed == 0 || q.Humans.MaxAgents > 0 && capped == 0 {
				t.Errorf("%d closed and %d capped intervals: the case tests nothing", closed, capped)
			}
			// An unbounded ASA (Erlang C, nobody answering) is null in JSON.
			b, err := json.Marshal(qr.Intervals)
			if err != nil {
				t.Fatal(err)
			}
			if q.Humans.Patience == 0 && closed > 0 && !strings.Contains(string(b), `"required_asa_seconds":null`) {
				t.Error("no null required_asa_seconds for a closed Erlang C interval")
			}
		})
	}
}
