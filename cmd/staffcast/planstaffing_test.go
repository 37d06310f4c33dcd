package main

import (
	"bytes"
	"encoding/csv"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/staffcast/staffcast/demo"
	"github.com/staffcast/staffcast/erlang"
	"github.com/staffcast/staffcast/forecast/synth"
	"github.com/staffcast/staffcast/scenario"
)

// readCSVColumns reads a CSV file as rows of fields by column name.
func readCSVColumns(t *testing.T, path string) []map[string]string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil || len(recs) < 2 {
		t.Fatalf("%s: %v (%d lines)", path, err, len(recs))
	}
	var rows []map[string]string
	for _, rec := range recs[1:] {
		row := map[string]string{}
		for j, h := range recs[0] {
			row[h] = rec[j]
		}
		rows = append(rows, row)
	}
	return rows
}

// Every row of plan's staffing.csv is one staffing: the required agents
// and the service level, ASA, abandonment and occupancy Erlang gives those
// agents on the interval's human load, as "staff" writes them, never the
// shift plan's coverage, which intervals.csv carries with its own figures.
// The demo's week through examples/scenarios/base.json, as the README
// runs it.
func TestPlanStaffingRowsAreTheRequiredStaffing(t *testing.T) {
	dir := t.TempDir()
	hist, err := demo.History(demo.DefaultConfig(1))
	if err != nil {
		t.Fatal(err)
	}
	h, err := render(func(w io.Writer) error { return writeDemoHistory(w, synth.Default(1).Queue, hist) })
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "history.csv"), h, 0o644); err != nil {
		t.Fatal(err)
	}
	scPath := filepath.Join("..", "..", "examples", "scenarios", "base.json")
	b, err := os.ReadFile(scPath)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := scenario.Parse(b)
	if err != nil {
		t.Fatal(err)
	}
	spec := doc.Queues[0]
	out := filepath.Join(dir, "plan")
	if _, errs, code := runCLI(t, "", "plan", "-history", filepath.Join(dir, "history.csv"), "-scenario", scPath,
		"-templates", filepath.Join("..", "..", "examples", "templates.json"), "-out-dir", out); code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	staffing := readCSVColumns(t, filepath.Join(out, "staffing.csv"))
	intervals := readCSVColumns(t, filepath.Join(out, "intervals.csv"))
	if len(staffing) != len(intervals) || len(staffing) == 0 {
		t.Fatalf("%d staffing rows for %d intervals", len(staffing), len(intervals))
	}
	num := func(row map[string]string, col string) float64 {
		t.Helper()
		if row[col] == "" && (col == "asa_seconds" || col == "required_asa_seconds") {
			return math.Inf(1) // unbounded
		}
		v, err := strconv.ParseFloat(row[col], 64)
		if err != nil {
			t.Fatalf("%s, column %s: %v", row["interval_start"], col, err)
		}
		return v
	}
	covered, open := 0, 0
	for i, s := range staffing {
		iv := intervals[i]
		at := s["interval_start"]
		if iv["interval_start"] != at {
			t.Fatalf("row %d: staffing.csv at %s, intervals.csv at %s", i+1, at, iv["interval_start"])
		}
		agents, scheduled := int(num(s, "agents")), num(s, "scheduled_agents")
		if agents > 0 {
			open++
			if want := math.Ceil(float64(agents)/(1-spec.Shrinkage) - 1e-9); scheduled != want {
				t.Errorf("%s: %d agents scheduled as %v, want %v", at, agents, scheduled, want)
			}
		}
		if scheduled != num(iv, "required_scheduled_agents") || agents != int(num(iv, "required_answering_agents")) {
			t.Errorf("%s: staffing.csv has %d agents, %v scheduled; intervals.csv requires %s answering, %s scheduled", at, agents, scheduled,
				iv["required_answering_agents"], iv["required_scheduled_agents"])
		}
		if num(iv, "scheduled_agents") != scheduled {
			covered++ // the plan's coverage differs from the requirement here
		}
		l := erlang.Load{Volume: num(iv, "human_contacts"), Interval: spec.Interval.D(),
			AHT:      time.Duration(num(iv, "human_aht_seconds") * float64(time.Second)),
			Patience: time.Duration(num(iv, "human_patience_seconds") * float64(time.Second))}
		m, _ := erlang.Evaluate(l, agents, spec.Promise.SLTime.D())
		for _, f := range []struct {
			col       string
			got, want float64
			tol       float64
		}{
			{"service_level", num(s, "service_level"), m.ServiceLevel, 1e-5},
			{"asa_seconds", num(s, "asa_seconds"), m.ASASeconds, 1e-3},
			{"p_abandon", num(s, "p_abandon"), m.PAbandon, 1e-5},
			{"occupancy", num(s, "occupancy"), m.Occupancy, 1e-5},
		} {
			if math.IsInf(f.want, 1) != math.IsInf(f.got, 1) || !math.IsInf(f.want, 1) && math.Abs(f.got-f.want) > f.tol {
				t.Errorf("%s: %d agents: %s %v, Erlang gives %v", at, agents, f.col, f.got, f.want)
			}
		}
	}
	if open == 0 || covered == 0 {
		t.Errorf("%d open rows, %d where the plan's coverage differs from the requirement: the test sees nothing", open, covered)
	}
}
