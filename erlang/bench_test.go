package erlang

import (
	"testing"
	"time"
)

// A year of 15-minute intervals (35,040), loads 0.1 to 2,000 Erlangs,
// staffed for 80/20 in one StaffBatch call.
func benchmarkYear(b *testing.B, patience time.Duration) {
	loads := yearOfLoads(35040, patience)
	tg := Targets{ServiceLevel: 0.8, ServiceTime: 20 * time.Second, Shrinkage: 0.3}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := StaffBatch(loads, tg); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/35040, "ns/interval")
}

func BenchmarkYearErlangC(b *testing.B) { benchmarkYear(b, 0) }
func BenchmarkYearErlangA(b *testing.B) { benchmarkYear(b, time.Minute) }

func BenchmarkStaff50000Erlangs(b *testing.B) {
	l := Load{Volume: 100000, Interval: 30 * time.Minute, AHT: 900 * time.Second}
	tg := Targets{ServiceLevel: 0.8, ServiceTime: 20 * time.Second}
	for b.Loop() {
		if _, err := Staff(l, tg); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkEvaluateErlangA(b *testing.B) {
	l := Load{Volume: 100, Interval: 30 * time.Minute, AHT: 180 * time.Second, Patience: time.Minute}
	for b.Loop() {
		if _, err := Evaluate(l, 14, 20*time.Second); err != nil {
			b.Fatal(err)
		}
	}
}

// Erlang A far below the load: the search strides from a + √a down to
// ~40,000 agents instead of stepping one by one.
func BenchmarkStaff50000ErlangsA(b *testing.B) {
	l := Load{Volume: 100000, Interval: 30 * time.Minute, AHT: 900 * time.Second, Patience: time.Minute}
	tg := Targets{ServiceLevel: 0.8, ServiceTime: 20 * time.Second}
	for b.Loop() {
		if _, err := Staff(l, tg); err != nil {
			b.Fatal(err)
		}
	}
}
