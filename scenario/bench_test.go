package scenario

import (
	"context"
	"runtime"
	"testing"
	"time"
)

// benchSweep sweeps 19 bot shares (0 to 0.9 by 0.05) over a week of
// 15-minute intervals for three queues with a daily shape, on every CPU.
func benchSweep(b *testing.B, shifts bool, effort float64) {
	d := Document{Name: "bench", Queues: []QueueSpec{baseQueue("retail"), baseQueue("business"), baseQueue("support")}}
	in := weekInputs("retail", "business", "support")
	if shifts {
		in.Shifts = map[string]*Shifts{}
		for _, q := range d.Queues {
			in.Shifts[q.Queue] = shiftTemplates()
		}
	}
	vary, err := ParseVary("bot.share=0:0.9:0.05")
	if err != nil {
		b.Fatal(err)
	}
	opt := Options{Workers: runtime.NumCPU(), ShiftEffort: effort, Seed: 1}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		res, err := Sweep(context.Background(), d, in, []Vary{vary}, opt)
		if err != nil {
			b.Fatal(err)
		}
		if len(res.Points) != 19 {
			b.Fatalf("%d points", len(res.Points))
		}
	}
}

// BenchmarkSweep is the target: under 2 s.
func BenchmarkSweep(b *testing.B) { benchSweep(b, false, 0) }

// BenchmarkSweepShifts plans shifts (early, late, part-time and night
// templates, half-hour starts on 15-minute intervals) for each of the 57
// queue-points at ShiftEffort 1: the target is under 60 s.
func BenchmarkSweepShifts(b *testing.B) { benchSweep(b, true, 1) }

// BenchmarkOptimize optimises the three queues' hourly shares with the
// default grid (returns a day later link the hours).
func BenchmarkOptimize(b *testing.B) {
	d := Document{Queues: []QueueSpec{baseQueue("retail"), baseQueue("business"), baseQueue("support")}}
	in := weekInputs("retail", "business", "support")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Optimize(context.Background(), d, in, OptimizeOptions{Options: Options{Workers: runtime.NumCPU()}}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEvaluateWeek evaluates one queue-week on interval costing.
func BenchmarkEvaluateWeek(b *testing.B) {
	d := Document{Queues: []QueueSpec{baseQueue("q")}}
	in := Inputs{Demand: map[string][]Interval{"q": synthDemand(time.UTC, 7, 15*time.Minute, 60, 240*time.Second)}}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Evaluate(context.Background(), d, in, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
