package schedio

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/staffcast/staffcast/scheduler"
)

const exampleTemplates = `{
  "interval": "30m",
  "cyclic": true,
  "weights": {"shortage": 1, "excess": 1, "distinct_shift": 30, "paid_hour": 0},
  "templates": [
    {"name": "early", "start_earliest": "05:00", "start_latest": "08:00", "start_step": "30m",
     "length_min": "7h", "length_max": "9h", "length_step": "30m",
     "days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
     "breaks": [{"length": "30m", "paid": false, "earliest_after_start": "3h", "latest_after_start": "5h"}],
     "max_count": 0}
  ]
}`

func TestReadTemplates(t *testing.T) {
	tf, err := ReadTemplates(strings.NewReader(exampleTemplates))
	if err != nil {
		t.Fatal(err)
	}
	if tf.Interval != 30*time.Minute || !tf.Cyclic || tf.Weights != (scheduler.Weights{Shortage: 1, Excess: 1, DistinctShift: 30}) {
		t.Errorf("header %+v", tf)
	}
	e := tf.Templates[0]
	want := scheduler.Template{Name: "early", StartEarliest: 5 * time.Hour, StartLatest: 8 * time.Hour, StartStep: 30 * time.Minute,
		LengthMin: 7 * time.Hour, LengthMax: 9 * time.Hour, LengthStep: 30 * time.Minute}
	if e.Name != want.Name || e.StartEarliest != want.StartEarliest || e.StartLatest != want.StartLatest || e.StartStep != want.StartStep ||
		e.LengthMin != want.LengthMin || e.LengthMax != want.LengthMax || e.LengthStep != want.LengthStep {
		t.Errorf("template %+v", e)
	}
	if len(e.Days) != 7 || e.Days[0] != time.Monday || e.Days[6] != time.Sunday {
		t.Errorf("days %v", e.Days)
	}
	if len(e.Breaks) != 1 || e.Breaks[0] != (scheduler.BreakRule{Length: 30 * time.Minute, EarliestAfterStart: 3 * time.Hour, LatestAfterStart: 5 * time.Hour}) {
		t.Errorf("breaks %+v", e.Breaks)
	}
	// Defaults: weights 1/1/0/0, steps left to the grid, every day.
	tf, err = ReadTemplates(strings.NewReader(`{"templates": [{"name": "d", "start_earliest": "08:00", "start_latest": "08:00", "length_min": "8h", "length_max": "8h"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	if tf.Weights != (scheduler.Weights{Shortage: 1, Excess: 1}) || tf.Interval != 0 || tf.Templates[0].Days != nil || tf.Templates[0].StartStep != 0 {
		t.Errorf("defaults %+v", tf)
	}
}

func TestReadTemplatesErrors(t *testing.T) {
	one := func(body string) string { return `{"templates": [` + body + `]}` }
	tests := []struct {
		name, in, want string
	}{
		{"unknown top field", `{"interval": "30m", "cycle": true, "templates": []}`, `unknown field "cycle"`},
		{"unknown template field", one(`{"name": "a", "lenght_min": "8h"}`), `template "a", fields: unknown field "lenght_min"`},
		{"unknown break field", one(`{"name": "a", "start_earliest": "08:00", "start_latest": "09:00", "length_min": "8h", "length_max": "8h", "breaks": [{"length": "30m", "after": "3h"}]}`), `template "a", fields: unknown field "after"`},
		{"unnamed", one(`{"start_earliest": "08:00"}`), `template "#1", name: missing`},
		{"clock", one(`{"name": "a", "start_earliest": "24:00", "start_latest": "09:00", "length_min": "8h", "length_max": "8h"}`), `template "a", start_earliest: "24:00" is not a time of day`},
		{"duration", one(`{"name": "a", "start_earliest": "08:00", "start_latest": "09:00", "length_min": "8 hours", "length_max": "8h"}`), `template "a", length_min: "8 hours" is not a duration`},
		{"missing length", one(`{"name": "a", "start_earliest": "08:00", "start_latest": "09:00", "length_min": "8h"}`), `template "a", length_max: missing`},
		{"day", one(`{"name": "a", "start_earliest": "08:00", "start_latest": "09:00", "length_min": "8h", "length_max": "8h", "days": ["mon", "funday"]}`), `template "a", days[1]: "funday"`},
		{"break duration", one(`{"name": "a", "start_earliest": "08:00", "start_latest": "09:00", "length_min": "8h", "length_max": "8h", "breaks": [{"length": "30m", "earliest_after_start": "3h", "latest_after_start": "x"}]}`), `template "a", breaks[0].latest_after_start`},
		{"negative count", one(`{"name": "a", "start_earliest": "08:00", "start_latest": "09:00", "length_min": "8h", "length_max": "8h", "max_count": -1}`), `template "a", max_count: -1 is negative`},
		{"type", `{"templates": [{"name": 3}]}`, `template "#1", name: want a string, got a number`},
		{"clock of the wrong type", one(`{"name": "a", "start_earliest": 7, "start_latest": "09:00"}`), `template "a", start_earliest: want a string like "07:00", got a number`},
		{"break length of the wrong type", one(`{"name": "a", "breaks": [{"length": "30m"}, {"length": 30}]}`), `template "a", breaks[1].length: want a string like "30m", got a number`},
		{"day of the wrong type", one(`{"name": "a", "days": ["mon", 2]}`), `template "a", days[1]: want a string, got a number`},
		{"template not an object", `{"templates": [{"name": "a", "start_earliest": "08:00", "start_latest": "09:00", "length_min": "8h", "length_max": "8h"}, "b"]}`, `template "#2", templates[1]: want an object, got a string`},
		{"file not an object", `[]`, `line 1: want a JSON object like {"templates": [...]}, got an array`},
		{"templates not an array", `{"templates": {}}`, "line 1: templates: want an array, got an object"},
		{"cyclic of the wrong type", "{\n\"cyclic\": \"yes\"}", "line 2: cyclic: want true or false, got a string"},
		{"weight of the wrong type", `{"weights": {"excess": "1"}}`, "weights.excess: want a number, got a string"},
		{"empty", " \n", `empty: want a JSON object like {"templates": [...]}`},
		{"no templates", `{"templates": []}`, "templates: none given"},
		{"interval", `{"interval": "half an hour", "templates": []}`, `interval: "half an hour"`},
		{"negative weight", `{"weights": {"paid_hour": -2}, "templates": []}`, "weights.paid_hour: -2 is negative"},
		{"syntax with line", "{\n  \"templates\": [\n    {\"name\": \"a\",}\n  ]\n}", "line 3"},
		{"trailing data", `{"templates": []} {}`, "extra data"},
		{"break fills the whole shift", one(`{"name": "a", "start_earliest": "08:00", "start_latest": "09:00", "length_min": "8h", "length_max": "9h", "breaks": [{"length": "8h", "earliest_after_start": "0s", "latest_after_start": "1h"}]}`), `template "a", templates[0].breaks[0]: schedio: breaks leave no working time: a 8h0m0s break fills the whole 8h0m0s shortest shift`},
		{"breaks add up to the shift", `{"templates": [{"name": "ok", "start_earliest": "08:00", "start_latest": "08:00", "length_min": "8h", "length_max": "8h"}, {"name": "b", "start_earliest": "08:00", "start_latest": "09:00", "length_min": "2h", "length_max": "2h", "breaks": [{"length": "1h", "earliest_after_start": "0s", "latest_after_start": "1h"}, {"length": "1h", "earliest_after_start": "0s", "latest_after_start": "1h"}]}]}`, `template "b", templates[1].breaks[1]: schedio: breaks leave no working time: breaks[0..1] add up to 2h0m0s`},
		{"zero-length break", one(`{"name": "a", "start_earliest": "08:00", "start_latest": "09:00", "length_min": "8h", "length_max": "8h", "breaks": [{"length": "0s", "earliest_after_start": "3h", "latest_after_start": "4h"}]}`), `templates[0].breaks[0].length`},
		{"weight 1e308", `{"weights": {"excess": 1e308}, "templates": []}`, "weights.excess: 1e+308 is above the limit of 1e+06"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadTemplates(strings.NewReader(tt.in))
			if err == nil || !errors.Is(err, ErrTemplates) || !strings.Contains(err.Error(), tt.want) ||
				(strings.Contains(tt.want, "no working time") && !errors.Is(err, ErrNoWork)) {
				t.Errorf("err = %v, want ErrTemplates containing %q", err, tt.want)
			}
		})
	}
}

func FuzzReadTemplates(f *testing.F) {
	f.Add(exampleTemplates)
	f.Add(`{"templates": [{"name": "d", "start_earliest": "23:59", "start_latest": "23:59", "length_min": "1m", "length_max": "24h", "max_count": 3}]}`)
	f.Add(`{"weights": {"excess": 1e308}, "templates": [{"name": "x", "breaks": [{}]}]}`)
	f.Fuzz(func(t *testing.T, in string) {
		tf, err := ReadTemplates(strings.NewReader(in))
		if err != nil {
			return
		}
		if len(tf.Templates) == 0 {
			t.Fatal("accepted a file without templates")
		}
		// Whatever was read, validation against a grid must not panic.
		req := scheduler.Requirements{Start: time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC), Interval: 30 * time.Minute, Required: make([]float64, 48)}
		_ = scheduler.Problem{Requirements: req, Templates: tf.Templates, Weights: tf.Weights}.Validate()
	})
}
