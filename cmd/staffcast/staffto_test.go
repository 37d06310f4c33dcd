package main

import (
	"encoding/csv"
	"fmt"
	"math"
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

// TestStaffWritesAHTAndFiniteASA: the staffing says the handle time it
// used, so simulate reads it back without -aht (and warns when a -aht it
// is given is not the file's), and expected-sl under Erlang C writes a
// finite ASA even where the highest volume point is beyond the agents.
func TestStaffWritesAHTAndFiniteASA(t *testing.T) {
	in := "interval_start,volume,lower80,upper80,lower95,upper95\n"
	for i := range 6 {
		in += fmt.Sprintf("2024-03-04T%02d:00:00Z,413.02,367.10,472.06,337.35,511.46\n2024-03-04T%02d:30:00Z,494.63,441.13,563.44,406.46,609.35\n", 8+i, 8+i)
	}
	out, errs, code := runCLI(t, in, "staff", "--in", "-", "--sl-target", "0.8", "--aht", "240s", "--staff-to", "expected-sl")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for j, h := range recs[0] {
		col[h] = j
	}
	for _, r := range recs[1:] {
		if r[col["aht_seconds"]] != "240" {
			t.Errorf("aht_seconds %q, want 240 (-aht)", r[col["aht_seconds"]])
		}
		asa, err := strconv.ParseFloat(r[col["asa_seconds"]], 64)
		if err != nil || math.IsInf(asa, 0) || math.IsNaN(asa) || asa <= 0 {
			t.Errorf("asa_seconds %q, want a finite wait", r[col["asa_seconds"]])
		}
	}
	_, errs, code = runCLI(t, out, "simulate", "--staffing", "-", "--replications", "2", "--json")
	if code != 0 {
		t.Errorf("simulate without -aht: exit %d: %s", code, errs)
	}
	_, errs, code = runCLI(t, out, "simulate", "--staffing", "-", "--replications", "2", "--json", "--aht", "300s")
	if want := "warning: -aht 5m applies only to rows whose aht_seconds is empty: 12 rows carry their own, which is used (the first, line 2: 240 s)"; code != 0 || !strings.Contains(errs, want) {
		t.Errorf("simulate -aht 300s: exit %d, stderr %q, want %q", code, errs, want)
	}
}
