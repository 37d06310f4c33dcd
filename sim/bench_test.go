package sim

import (
	"context"
	"testing"
	"time"

	"github.com/staffcast/staffcast/erlang"
)

// week500 is a week of 15-minute intervals at 500 agents answering 460
// Erlangs (AHT 300 s, 1380 contacts per interval, occupancy 0.92), with
// exponential patience of 3 minutes: about 930,000 contacts a replication.
func week500() Model {
	l := erlang.Load{Volume: 1380, Interval: 15 * time.Minute, AHT: 300 * time.Second, Patience: 3 * time.Minute}
	m := constant(l, 500, 7*96)
	m.WarmUp = time.Hour
	return m
}

// benchWeek500 runs o's replications of week500 per iteration and reports
// the process's CPU seconds per replication (user and system, all threads:
// a figure that other jobs loading the machine do not inflate much).
func benchWeek500(b *testing.B, o Options) {
	m := week500()
	cpu := processCPU()
	for b.Loop() {
		if _, err := Run(context.Background(), m, o); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric((processCPU()-cpu).Seconds()/float64(b.N*o.Replications), "cpu-s/rep")
}

// BenchmarkWeek500: 100 replications of week500 on every CPU.
func BenchmarkWeek500(b *testing.B) { benchWeek500(b, Options{Replications: 100, Seed: 1}) }

// BenchmarkWeek500Ten is BenchmarkWeek500 with 10 replications on one
// worker: the cost of one replication, tenfold.
func BenchmarkWeek500Ten(b *testing.B) {
	benchWeek500(b, Options{Replications: 10, Seed: 1, Workers: 1})
}
