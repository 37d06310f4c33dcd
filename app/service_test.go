package app

import (
	"context"
	"math"
	"testing"
	"time"

	"github.com/staffcast/staffcast/erlang"
)

// TestServiceWith: the scheduled agents, less shrinkage, answer the load
// Staff staffs; with exactly the agents Staff asks for the service level
// meets the target, with fewer it does not, and NaN stays a gap.
func TestServiceWith(t *testing.T) {
	t0 := time.Date(2026, 3, 16, 8, 0, 0, 0, time.UTC)
	r := StaffRequest{Interval: 30 * time.Minute, Targets: erlang.Targets{ServiceLevel: 0.8, ServiceTime: 20 * time.Second, Shrinkage: 0.3}}
	for i := range 3 {
		r.Rows = append(r.Rows, WorkloadRow{Start: t0.Add(time.Duration(i) * 30 * time.Minute), Volume: 100, AHT: 180 * time.Second})
	}
	st, err := Staff(context.Background(), r)
	if err != nil {
		t.Fatal(err)
	}
	need := float64(st.Metrics[0].Scheduled)
	ms, err := ServiceWith(context.Background(), r, []float64{need, need - 4, math.NaN()})
	if err != nil {
		t.Fatal(err)
	}
	if ms[0].Agents != st.Metrics[0].Agents || ms[0].ServiceLevel < 0.8 {
		t.Errorf("with %v scheduled: %d agents, service level %v; Staff: %d agents", need, ms[0].Agents, ms[0].ServiceLevel, st.Metrics[0].Agents)
	}
	if !(ms[1].ServiceLevel < 0.8) {
		t.Errorf("with %v scheduled: service level %v, want below 0.8", need-4, ms[1].ServiceLevel)
	}
	if !math.IsNaN(ms[2].ServiceLevel) {
		t.Errorf("NaN scheduled: service level %v, want NaN", ms[2].ServiceLevel)
	}
	if _, err := ServiceWith(context.Background(), r, []float64{1}); err == nil {
		t.Error("no error for a short scheduled column")
	}
}
