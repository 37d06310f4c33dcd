package main

import (
	"encoding/json"
	"fmt"
	"math"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/staffcast/staffcast/app"
)

// "schedule -json" carries every shift as plan.csv has it, shift by shift:
// its local date and weekday, start and end, length and paid minutes,
// template, count and breaks, each saying whether it is paid; and the
// shifts' paid minutes add up to the plan's paid hours.
func TestScheduleJSONAgreesWithPlanCSV(t *testing.T) {
	ny := newYork(t)
	// Nine days across the spring-forward night, 09:00-17:00 local.
	var b strings.Builder
	b.WriteString("interval_start,required\n")
	for d := 3; d <= 11; d++ {
		for m := 7 * 60; m < 19*60; m += 30 {
			need := 0
			if m >= 9*60 && m < 17*60 {
				need = 3 + d%2
			}
			fmt.Fprintf(&b, "%s,%d\n", time.Date(2026, 3, d, 0, m, 0, 0, ny).Format(time.RFC3339), need)
		}
	}
	nyReq := writeTemp(t, "req.csv", b.String())
	nyTmpl := writeTemp(t, "templates.json", `{"interval": "30m", "weights": {"shortage": 1, "excess": 0.5, "distinct_shift": 1, "paid_hour": 1},
  "templates": [{"name": "day", "start_earliest": "07:00", "start_latest": "11:00", "start_step": "30m", "length_min": "8h", "length_max": "9h", "length_step": "30m",
    "breaks": [{"length": "15m", "paid": true, "earliest_after_start": "1h", "latest_after_start": "2h"},
               {"length": "30m", "paid": false, "earliest_after_start": "3h", "latest_after_start": "5h"}]}]}`)
	for _, c := range []struct {
		name string
		args []string
		days int
	}{
		{"a week, paid and unpaid breaks", []string{"-requirements", schedReq, "-templates", schedTmpls, "-column", "scheduled_agents", "-seed", "3"}, 7},
		{"nine days in New York across the spring change", []string{"-requirements", nyReq, "-templates", nyTmpl, "-tz", "America/New_York"}, 9},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "out")
			out, errs, code := runCLI(t, "", append(append([]string{"schedule"}, c.args...), "-json", "-out-dir", dir, "-time-limit", "0")...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errs)
			}
			var plan app.ScheduleReport
			if err := json.Unmarshal([]byte(out), &plan); err != nil {
				t.Fatal(err)
			}
			// Every shift has every field in the JSON itself.
			var raw struct {
				Shifts []map[string]json.RawMessage `json:"shifts"`
			}
			if err := json.Unmarshal([]byte(out), &raw); err != nil {
				t.Fatal(err)
			}
			for i, s := range raw.Shifts {
				for _, k := range []string{"day", "date", "start", "end", "length_minutes", "paid_minutes", "template", "count", "breaks"} {
					if _, ok := s[k]; !ok {
						t.Errorf("shifts[%d] lacks %q", i, k)
					}
				}
				var breaks []map[string]json.RawMessage
				json.Unmarshal(s["breaks"], &breaks)
				for j, br := range breaks {
					for _, k := range []string{"start", "length_minutes", "paid"} {
						if _, ok := br[k]; !ok {
							t.Errorf("shifts[%d].breaks[%d] lacks %q", i, j, k)
						}
					}
				}
			}
			rows := readCSVColumns(t, filepath.Join(dir, "plan.csv"))
			if len(rows) != len(plan.Shifts) || len(rows) == 0 {
				t.Fatalf("plan.csv has %d shifts, the JSON %d", len(rows), len(plan.Shifts))
			}
			paid, paidBreaks, unpaidBreaks := 0, 0, 0
			dates := map[string]bool{}
			for i, s := range plan.Shifts {
				r := rows[i]
				var breaks []string
				for _, br := range s.Breaks {
					st, err := time.Parse("15:04", br.Start)
					if err != nil {
						t.Fatalf("shifts[%d]: break start %q: %v", i, br.Start, err)
					}
					span := br.Start + "-" + st.Add(time.Duration(br.LengthMinutes)*time.Minute).Format("15:04")
					if br.Paid {
						span += " paid"
						paidBreaks++
					} else {
						unpaidBreaks++
					}
					breaks = append(breaks, span)
				}
				got := []string{s.Date, s.Day, s.Start, s.End, strconv.Itoa(s.LengthMinutes), strconv.Itoa(s.PaidMinutes), s.Template, strconv.Itoa(s.Count), strings.Join(breaks, ";")}
				want := []string{r["date"], r["weekday"], r["start"], r["end"], r["length_minutes"], r["paid_minutes"], r["template"], r["count"], r["breaks"]}
				if strings.Join(got, ",") != strings.Join(want, ",") {
					t.Errorf("shift %d: JSON %v, plan.csv %v", i+1, got, want)
				}
				paid += s.Count * s.PaidMinutes
				dates[s.Date] = true
			}
			if math.Abs(float64(paid)/60-plan.PaidHours) > 1e-4 {
				t.Errorf("shifts' paid minutes sum to %v h, the plan pays %v h", float64(paid)/60, plan.PaidHours)
			}
			if len(dates) != c.days || paidBreaks == 0 || unpaidBreaks == 0 {
				t.Errorf("shifts on %d dates, want %d; %d paid and %d unpaid breaks: the case tests too little", len(dates), c.days, paidBreaks, unpaidBreaks)
			}
		})
	}
}
