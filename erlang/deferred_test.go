package erlang

import (
	"errors"
	"math"
	"testing"
	"time"
)

func TestDeferredMeetsDeadlines(t *testing.T) {
	arr := []float64{0, 40, 120, 10, 0, 0, 90, 30, 0, 0, 0, 0}
	d := Deferred{Arrivals: arr, Interval: time.Hour, AHT: 6 * time.Minute, Deadline: 4 * time.Hour, Backlog: 20}
	p, err := StaffDeferred(d)
	if err != nil {
		t.Fatal(err)
	}
	// EDF check: work due by the end of interval i (arrived in i-K+1 or
	// before) never exceeds the hours planned up to i.
	h := d.AHT.Hours()
	k := 4
	due, done := 0.0, 0.0
	for i := range arr {
		if j := i - k + 1; j >= 0 {
			due += arr[j] * h
		}
		if i == k-1 {
			due += d.Backlog * h
		}
		done += p.AgentHours[i]
		if done < due-1e-9 {
			t.Errorf("interval %d: %.3f h done, %.3f h due", i, done, due)
		}
		// Never more work than has arrived.
		arrived := d.Backlog * h
		for j := 0; j <= i; j++ {
			arrived += arr[j] * h
		}
		if done > arrived+1e-9 {
			t.Errorf("interval %d: %.3f h planned but only %.3f h arrived", i, done, arrived)
		}
		if math.Abs(p.Agents[i]-p.AgentHours[i]) > 1e-12 { // one-hour intervals
			t.Errorf("agents %v != hours %v", p.Agents[i], p.AgentHours[i])
		}
	}
	total := d.Backlog * h
	for _, v := range arr {
		total += v * h
	}
	if math.Abs(done+p.Carryover-total) > 1e-9 {
		t.Errorf("planned %v + carryover %v != work %v", done, p.Carryover, total)
	}
	if p.Open[len(arr)-1] > 1e-9 {
		t.Errorf("items left open at the end: %v", p.Open[len(arr)-1])
	}
}

func TestDeferredErrors(t *testing.T) {
	for name, d := range map[string]Deferred{
		"deadline < interval": {Arrivals: []float64{1}, Interval: time.Hour, AHT: time.Minute, Deadline: time.Minute},
		"negative arrivals":   {Arrivals: []float64{1, -2}, Interval: time.Hour, AHT: time.Minute, Deadline: time.Hour},
		"zero AHT":            {Arrivals: []float64{1}, Interval: time.Hour, Deadline: time.Hour},
		"NaN backlog":         {Arrivals: []float64{1}, Interval: time.Hour, AHT: time.Minute, Deadline: time.Hour, Backlog: math.NaN()},
	} {
		if _, err := StaffDeferred(d); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	_, err := StaffDeferred(Deferred{Arrivals: []float64{1}, Interval: time.Hour, AHT: time.Minute, Deadline: time.Minute})
	if !errors.Is(err, ErrDeferred) {
		t.Errorf("deadline error %v", err)
	}
}
