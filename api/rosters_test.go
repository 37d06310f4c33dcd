package api

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/staffcast/staffcast/app"
)

// TestAgentICSEscapedID: an agent's calendar is found however the client
// escapes its id in the path: as encodeURIComponent does (a%3Bb for a;b,
// which Go would leave as a;b), as Go does, and an id with a literal "%"
// is not unescaped twice.
func TestAgentICSEscapedID(t *testing.T) {
	ts := startServer(t)
	ctx := t.Context()
	if _, err := ts.store.CreateQueue(ctx, "test", app.Queue{Name: "q1", Channel: "voice", TimeZone: "UTC", Interval: 30 * time.Minute}); err != nil {
		t.Fatal(err)
	}
	ids := []string{"a01", "a;b", "a%41", `x"y`, "Zoë", "a b"}
	var shifts []app.RosterShift
	start := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	for _, id := range ids {
		shifts = append(shifts, app.RosterShift{AgentID: id, Date: "2026-03-02", Start: start, End: start.Add(8 * time.Hour)})
	}
	r, err := ts.store.CreateRoster(ctx, "test", app.Roster{Queue: "q1", Name: "team", Shifts: shifts})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ name, id, segment string }{
		{"plain", "a01", "a01.ics"},
		{"semicolon escaped as encodeURIComponent does", "a;b", "a%3Bb.ics"},
		{"semicolon as Go escapes it", "a;b", "a;b.ics"},
		{"literal percent", "a%41", url.PathEscape("a%41.ics")},
		{"quote", `x"y`, "x%22y.ics"},
		{"beyond ASCII", "Zoë", url.PathEscape("Zoë.ics")},
		{"space", "a b", "a%20b.ics"},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, _, b := ts.do(t, Planner, "GET", fmt.Sprintf("/api/v1/rosters/%d/agents/%s", r.ID, c.segment), "", nil)
			if code != 200 || !strings.Contains(string(b), "BEGIN:VEVENT") {
				t.Fatalf("%s: %d %.300s", c.segment, code, b)
			}
			if n := strings.Count(string(b), "BEGIN:VEVENT"); n != 1 {
				t.Errorf("%s: %d events, want agent %q's one shift", c.segment, n, c.id)
			}
		})
	}
}
