package main

import (
	"encoding/csv"
	"strconv"
	"strings"
	"testing"
)

// TestStaffTo: on the forecast-shaped input, p80 and expected-sl staff at
// least as many agents as mean on every row and more in total, keep the
// columns, and the CLI names -staff-to when the input has no bands.
func TestStaffTo(t *testing.T) {
	total := map[string]int{}
	agents := map[string][]int{}
	for _, to := range []string{"mean", "p80", "expected-sl"} {
		out, errs, code := runCLI(t, staffInput, "staff", "--in", "-", "--sl-target", "0.8", "--aht", "240s", "--staff-to", to)
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", to, code, errs)
		}
		recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		col := -1
		for j, h := range recs[0] {
			if h == "agents" {
				col = j
			}
		}
		if col < 0 || recs[0][4] != "lower80" {
			t.Fatalf("%s: header %v", to, recs[0])
		}
		for _, r := range recs[1:] {
			n, err := strconv.Atoi(r[col])
			if err != nil {
				t.Fatal(err)
			}
			total[to] += n
			agents[to] = append(agents[to], n)
		}
	}
	for _, to := range []string{"p80", "expected-sl"} {
		for i, n := range agents[to] {
			if n < agents["mean"][i] {
				t.Errorf("%s row %d: %d agents, fewer than mean's %d", to, i, n, agents["mean"][i])
			}
		}
		if total[to] <= total["mean"] {
			t.Errorf("%s: %d agents in all, mean %d", to, total[to], total["mean"])
		}
	}
	for _, c := range []struct{ name, in, to, want string }{
		{"no bands", "interval_start,volume\n2024-01-01T00:00:00Z,10\n2024-01-01T00:30:00Z,12\n", "p80", "-staff-to p80 needs a forecast with bands: stdin has no lower95 column"},
		{"empty band", "interval_start,volume,lower95,lower80,upper80,upper95\n2024-01-01T00:00:00Z,10,5,6,,20\n2024-01-01T00:30:00Z,12,5,6,14,20\n", "expected-sl", "line 2, column 5 (upper80)"},
		{"unknown", staffInput, "p95", "-staff-to: unknown staffing volume \"p95\""},
	} {
		t.Run(c.name, func(t *testing.T) {
			out, errs, code := runCLI(t, c.in, "staff", "--in", "-", "--sl-target", "0.8", "--aht", "240s", "--staff-to", c.to)
			if code != exitBadUse || !strings.Contains(errs, c.want) || out != "" {
				t.Errorf("exit %d, stderr %q, want 2 and %q", code, errs, c.want)
			}
		})
	}
}
