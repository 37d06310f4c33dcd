package app

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/staffcast/staffcast/scenario"
	"github.com/staffcast/staffcast/scheduler"
)

// fakeSources serves a day of half-hourly demand per queue and counts the
// calls; err, when set, is what Demand returns.
type fakeSources struct {
	err          error
	shiftsErr    error
	demandCalls  int
	shiftsCalls  int
	volumePerInt float64
	days         int // of half-hourly demand; 0 means 1
}

func (f *fakeSources) Demand(_ context.Context, q scenario.QueueSpec) ([]scenario.Interval, error) {
	f.demandCalls++
	if f.err != nil {
		return nil, f.err
	}
	v := f.volumePerInt
	if v == 0 {
		v = 50
	}
	start := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	out := make([]scenario.Interval, 48*max(f.days, 1))
	for i := range out {
		out[i] = scenario.Interval{Start: start.Add(time.Duration(i) * 30 * time.Minute), Volume: v, AHT: 240 * time.Second}
	}
	return out, nil
}

func (f *fakeSources) Shifts(_ context.Context, q scenario.QueueSpec) (*scenario.Shifts, error) {
	f.shiftsCalls++
	if f.shiftsErr != nil {
		return nil, f.shiftsErr
	}
	return &scenario.Shifts{Templates: []scheduler.Template{{Name: "day", StartEarliest: 0, StartLatest: 16 * time.Hour, LengthMin: 8 * time.Hour, LengthMax: 8 * time.Hour}},
		Weights: scheduler.Weights{Shortage: 1, Excess: 1}, Cyclic: true}, nil
}

const testScenario = `{"queue": "retail", "demand": {"forecast": "f.csv"},
 "promise": {"sl_target": 0.8, "sl_time": "30s", "max_abandon": 0.05}, "shrinkage": 0.3,
 "humans": {"aht": "240s", "patience": "120s", "hourly_cost": 30},
 "bot": {"share": 0.5, "escalation": 0.3, "false_containment": 0.1, "return_share": 0.5, "return_lag": "1h",
         "escalated_aht": "300s", "escalated_patience": "45s", "cost_per_session": 0.5},
 "lost_contact_cost": 8}`

const testTwoQueues = `{"name": "two", "queues": [
 {"queue": "a", "demand": {"forecast": "a.csv"}, "promise": {"sl_target": 0.8, "sl_time": "20s"}, "humans": {"hourly_cost": 20}, "bot": {"share": 0}},
 {"queue": "b", "demand": {"forecast": "b.csv"}, "promise": {"sl_target": 0.8, "sl_time": "20s"}, "humans": {"hourly_cost": 20}, "bot": {"share": 0.2}}]}`

func mustParse(t *testing.T, doc string) scenario.Document {
	t.Helper()
	d, err := scenario.Parse([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestResolveScenario(t *testing.T) {
	d := mustParse(t, testTwoQueues)
	src := &fakeSources{}
	in, err := ResolveScenario(context.Background(), d, src)
	if err != nil {
		t.Fatal(err)
	}
	if len(in.Demand["a"]) != 48 || len(in.Demand["b"]) != 48 {
		t.Errorf("demand of a, b: %d, %d intervals; want 48 each", len(in.Demand["a"]), len(in.Demand["b"]))
	}
	if src.shiftsCalls != 0 || len(in.Shifts) != 0 {
		t.Errorf("no templates: %d Shifts calls, %d shifts", src.shiftsCalls, len(in.Shifts))
	}
	d.Queues[1].Templates = "week"
	if in, err = ResolveScenario(context.Background(), d, src); err != nil || in.Shifts["b"] == nil || in.Shifts["a"] != nil {
		t.Errorf("templates of b only: %v, shifts %v", err, in.Shifts)
	}
}

func TestResolveScenarioErrors(t *testing.T) {
	canceled, cancel := context.WithCancel(context.Background())
	cancel()
	tests := []struct {
		name      string
		ctx       context.Context
		doc       string
		src       *fakeSources
		edit      func(*scenario.Document)
		kind      Kind
		field     string
		wantInMsg string
	}{
		{name: "source field error, inline document", doc: testScenario,
			src:  &fakeSources{err: &scenario.FieldError{Field: "demand.forecast_id", Err: errors.New("not on the command line")}},
			kind: Invalid, field: "demand.forecast_id", wantInMsg: "demand.forecast_id: not on the command line"},
		{name: "source field error placed in its queue", doc: testTwoQueues,
			src:  &fakeSources{err: &scenario.FieldError{Field: "demand.forecast", Err: errors.New("a.csv: no such file")}},
			kind: Invalid, field: "queues[0].demand.forecast", wantInMsg: "a.csv: no such file"},
		{name: "source kind kept", doc: testScenario, src: &fakeSources{err: Errorf(NotFound, "forecast 7 not found")}, kind: NotFound},
		{name: "source failure is internal", doc: testScenario, src: &fakeSources{err: errors.New("disk on fire")}, kind: Internal},
		{name: "source context error", doc: testScenario, src: &fakeSources{err: fmt.Errorf("reading: %w", context.DeadlineExceeded)}, kind: Canceled},
		{name: "shifts field error", doc: testScenario, edit: func(d *scenario.Document) { d.Queues[0].Templates = "t.json" },
			src:  &fakeSources{shiftsErr: &scenario.FieldError{Field: "templates", Err: errors.New("t.json: bad")}},
			kind: Invalid, field: "templates"},
		{name: "invalid document", doc: testScenario, edit: func(d *scenario.Document) { d.Queues[0].Bot.Escalation = 1.3 }, src: &fakeSources{},
			kind: Invalid, field: "bot.escalation", wantInMsg: "1.3"},
		{name: "unknown time zone", doc: testScenario, edit: func(d *scenario.Document) { d.Queues[0].TimeZone = "Mars/Olympus" }, src: &fakeSources{},
			kind: Invalid, field: "time_zone", wantInMsg: "Mars/Olympus"},
		{name: "unknown time zone placed in its queue", doc: testTwoQueues, edit: func(d *scenario.Document) { d.Queues[1].TimeZone = "Mars/Olympus" }, src: &fakeSources{},
			kind: Invalid, field: "queues[1].time_zone", wantInMsg: "Mars/Olympus"},
		{name: "canceled", ctx: canceled, doc: testScenario, src: &fakeSources{}, kind: Canceled},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := tt.ctx
			if ctx == nil {
				ctx = context.Background()
			}
			d := mustParse(t, tt.doc)
			if tt.edit != nil {
				tt.edit(&d)
			}
			_, err := ResolveScenario(ctx, d, tt.src)
			if err == nil {
				t.Fatal("no error")
			}
			if k := KindOf(err); k != tt.kind {
				t.Errorf("kind %v, want %v (%v)", k, tt.kind, err)
			}
			if f := FieldOf(err); f != tt.field {
				t.Errorf("field %q, want %q (%v)", f, tt.field, err)
			}
			if !strings.Contains(err.Error(), tt.wantInMsg) {
				t.Errorf("error %q lacks %q", err, tt.wantInMsg)
			}
		})
	}
}

func TestScenarioErrorKinds(t *testing.T) {
	tests := []struct {
		name  string
		err   error
		kind  Kind
		field string
	}{
		{"field error", &scenario.FieldError{Field: "bot.share", Err: scenario.ErrRange}, Invalid, "bot.share"},
		{"bare sentinel", fmt.Errorf("%w: interval 3", scenario.ErrDemand), Invalid, ""},
		{"template error", &scheduler.TemplateError{Template: "early", Field: "start_latest", Err: scheduler.ErrWindow}, Invalid, "templates"},
		{"scheduler sentinel", fmt.Errorf("scenario: queue %q: shift plan: %w", "retail", scheduler.ErrTooManyShifts), Invalid, "templates"},
		{"canceled", context.Canceled, Canceled, ""},
		{"app error kept", Errorf(NotFound, "no such forecast"), NotFound, ""},
		{"anything else", errors.New("boom"), Internal, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := scenarioError("scenario run", tt.err)
			if k := KindOf(err); k != tt.kind {
				t.Errorf("kind %v, want %v", k, tt.kind)
			}
			if f := FieldOf(err); f != tt.field {
				t.Errorf("field %q, want %q", f, tt.field)
			}
			if !errors.Is(err, tt.err) {
				t.Errorf("%v does not wrap %v", err, tt.err)
			}
		})
	}
	if scenarioError("x", nil) != nil {
		t.Error("nil error classified")
	}
}

func TestRunScenario(t *testing.T) {
	d := mustParse(t, testScenario)
	res, err := RunScenario(context.Background(), d, &fakeSources{}, ScenarioOptions{})
	if err != nil {
		t.Fatal(err)
	}
	tot := res.Totals
	if tot.Intervals != 48 || math.Abs(tot.Offered-48*50) > 1e-6 {
		t.Errorf("totals: %d intervals, %v offered; want 48 and 2400", tot.Intervals, tot.Offered)
	}
	if math.Abs(tot.CostHumans+tot.CostBot+tot.CostLost+tot.CostBeyondHorizon-tot.Cost) > 1e-6 {
		t.Errorf("costs %v + %v + %v + %v != %v", tot.CostHumans, tot.CostBot, tot.CostLost, tot.CostBeyondHorizon, tot.Cost)
	}
}

func TestSweepOptimizeCompareScenario(t *testing.T) {
	ctx := context.Background()
	d := mustParse(t, testScenario)
	if _, err := SweepScenario(ctx, d, &fakeSources{}, nil, ScenarioOptions{}); KindOf(err) != Invalid || FieldOf(err) != "vary" {
		t.Errorf("sweep without vary: %v; want Invalid naming vary", err)
	}
	v, err := scenario.ParseVary("bot.share=0:0.6:0.3")
	if err != nil {
		t.Fatal(err)
	}
	src := &fakeSources{}
	sw, err := SweepScenario(ctx, d, src, []scenario.Vary{v}, ScenarioOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(sw.Points) != 3 || src.demandCalls != 1 {
		t.Errorf("sweep: %d points, %d demand calls; want 3 points resolved once", len(sw.Points), src.demandCalls)
	}
	opt, err := OptimizeScenario(ctx, d, &fakeSources{}, []float64{0, 0.5, 1}, ScenarioOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if opt.Saving < 0 || opt.Totals.Cost > opt.BestSingleTotals.Cost+1e-6 {
		t.Errorf("optimised cost %v above the best single share's %v", opt.Totals.Cost, opt.BestSingleTotals.Cost)
	}

	human := d
	human.Name = "human"
	human.Queues = append([]scenario.QueueSpec(nil), d.Queues...)
	human.Queues[0].Bot.Share = scenario.Uniform(0)
	cmp, err := CompareScenarios(ctx, []scenario.Document{human, d}, []ScenarioSources{&fakeSources{}, &fakeSources{}}, ScenarioOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(cmp.Scenarios) != 2 || cmp.Scenarios[0].Name != "human" || cmp.Scenarios[1].Name != "scenario 2" {
		t.Fatalf("compare: %+v", cmp.Scenarios)
	}
	if c := cmp.Scenarios; math.Abs(c[1].Delta.Cost-(c[1].Totals.Cost-c[0].Totals.Cost)) > 1e-6 {
		t.Errorf("delta cost %v, want %v", c[1].Delta.Cost, c[1].Totals.Cost-c[0].Totals.Cost)
	}
	bad := &fakeSources{err: &scenario.FieldError{Field: "demand.forecast", Err: errors.New("b.csv: missing")}}
	_, err = CompareScenarios(ctx, []scenario.Document{human, d}, []ScenarioSources{&fakeSources{}, bad}, ScenarioOptions{})
	if KindOf(err) != Invalid || FieldOf(err) != "demand.forecast" || !strings.Contains(err.Error(), "scenario 2") {
		t.Errorf("compare with a bad second scenario: %v; want Invalid naming scenario 2 and the field", err)
	}
}
