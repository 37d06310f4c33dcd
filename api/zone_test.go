package api

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/staffcast/staffcast/app"
)

// TestInstantsInQueueZone: the JSON of a roster and of a history summary
// writes a New York queue's instants with New York's offset at each
// (-05:00 in winter, -04:00 in summer, across the clock change of 8 March
// 2026), and each parses back to the instant stored; a roster tied to no
// queue keeps UTC.
func TestInstantsInQueueZone(t *testing.T) {
	ts := startServer(t)
	ctx := context.Background()
	if _, err := ts.store.CreateQueue(ctx, "test", app.Queue{Name: "ny", Channel: "voice", TimeZone: "America/New_York", Interval: 30 * time.Minute}); err != nil {
		t.Fatal(err)
	}
	utc := func(s string) time.Time {
		v, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	// 09:00 local on 15 January (EST) and on 15 July (EDT).
	winter, summer := utc("2026-01-15T14:00:00Z"), utc("2026-07-15T13:00:00Z")
	if _, err := ts.store.ImportHistory(ctx, "test", "ny", []app.HistoryInterval{{Start: winter, Offered: 5}, {Start: summer, Offered: 7}}, nil); err != nil {
		t.Fatal(err)
	}
	// Friday 6 March 2026 09:00-17:00 EST with a break at 12:00, and Monday
	// 9 March 09:00-17:00 EDT, the clock change in between.
	shifts := []app.RosterShift{
		{AgentID: "a01", Date: "2026-03-06", Start: utc("2026-03-06T14:00:00Z"), End: utc("2026-03-06T22:00:00Z"),
			Breaks: []app.TimeRange{{Start: utc("2026-03-06T17:00:00Z"), End: utc("2026-03-06T17:30:00Z")}}},
		{AgentID: "a01", Date: "2026-03-09", Start: utc("2026-03-09T13:00:00Z"), End: utc("2026-03-09T21:00:00Z"),
			Breaks: []app.TimeRange{{Start: utc("2026-03-09T16:00:00Z"), End: utc("2026-03-09T16:30:00Z")}}},
	}
	ny, err := ts.store.CreateRoster(ctx, "test", app.Roster{Queue: "ny", Name: "ny", Shifts: shifts})
	if err != nil {
		t.Fatal(err)
	}
	loose, err := ts.store.CreateRoster(ctx, "test", app.Roster{Name: "no queue", Shifts: shifts})
	if err != nil {
		t.Fatal(err)
	}

	type rosterDoc struct {
		Shifts []struct {
			Start, End string
			Breaks     []struct{ Start, End string }
		}
	}
	roster := func(t *testing.T, id int64) rosterDoc {
		code, _, b := ts.do(t, Planner, "GET", fmt.Sprintf("/api/v1/rosters/%d", id), "", nil)
		var d rosterDoc
		mustJSON(t, "roster", 200, code, b, &d)
		if len(d.Shifts) != 2 || len(d.Shifts[0].Breaks) != 1 || len(d.Shifts[1].Breaks) != 1 {
			t.Fatalf("roster %d: %s", id, b)
		}
		return d
	}
	var summary struct{ First, Last string }
	code, _, b := ts.do(t, Planner, "GET", "/api/v1/queues/ny/history", "", nil)
	mustJSON(t, "history summary", 200, code, b, &summary)
	nyDoc, looseDoc := roster(t, ny.ID), roster(t, loose.ID)

	for _, c := range []struct {
		name, got, want string
		instant         time.Time
	}{
		{"history first (winter)", summary.First, "2026-01-15T09:00:00-05:00", winter},
		{"history last (summer)", summary.Last, "2026-07-15T09:00:00-04:00", summer},
		{"roster shift start before the change", nyDoc.Shifts[0].Start, "2026-03-06T09:00:00-05:00", shifts[0].Start},
		{"roster shift end before the change", nyDoc.Shifts[0].End, "2026-03-06T17:00:00-05:00", shifts[0].End},
		{"roster break start before the change", nyDoc.Shifts[0].Breaks[0].Start, "2026-03-06T12:00:00-05:00", shifts[0].Breaks[0].Start},
		{"roster break end before the change", nyDoc.Shifts[0].Breaks[0].End, "2026-03-06T12:30:00-05:00", shifts[0].Breaks[0].End},
		{"roster shift start after the change", nyDoc.Shifts[1].Start, "2026-03-09T09:00:00-04:00", shifts[1].Start},
		{"roster shift end after the change", nyDoc.Shifts[1].End, "2026-03-09T17:00:00-04:00", shifts[1].End},
		{"roster break start after the change", nyDoc.Shifts[1].Breaks[0].Start, "2026-03-09T12:00:00-04:00", shifts[1].Breaks[0].Start},
		{"roster tied to no queue keeps UTC", looseDoc.Shifts[0].Start, "2026-03-06T14:00:00Z", shifts[0].Start},
		{"roster tied to no queue keeps UTC (break)", looseDoc.Shifts[1].Breaks[0].End, "2026-03-09T16:30:00Z", shifts[1].Breaks[0].End},
	} {
		t.Run(c.name, func(t *testing.T) {
			if c.got != c.want {
				t.Errorf("got %q, want %q", c.got, c.want)
			}
			var back time.Time
			if err := json.Unmarshal([]byte(`"`+c.got+`"`), &back); err != nil {
				t.Fatalf("%q does not parse back: %v", c.got, err)
			}
			if !back.Equal(c.instant) {
				t.Errorf("%q parses back to %v, want the stored instant %v", c.got, back.UTC(), c.instant)
			}
		})
	}
}
