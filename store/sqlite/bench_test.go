package sqlite_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/staffcast/staffcast/app"
	"github.com/staffcast/staffcast/store/sqlite"
)

// BenchmarkImportYear5Queues imports a year of 5-minute history for 5
// queues (5 × 105,120 = 525,600 rows) into a fresh SQLite file, one
// transaction per queue. Run with -benchtime 1x; it reports rows/s.
func BenchmarkImportYear5Queues(b *testing.B) {
	ctx := context.Background()
	start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	rows := make([]app.HistoryInterval, 365*288)
	for i := range rows {
		aht := 180 + float64(i%60)
		rows[i] = app.HistoryInterval{Start: start.Add(time.Duration(i) * 5 * time.Minute),
			Offered: float64(i % 97), Handled: float64(i % 89), AHTSeconds: &aht}
	}
	const queues = 5
	s, err := sqlite.Open(ctx, b.TempDir(), nil)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	b.ResetTimer()
	for it := 0; it < b.N; it++ {
		for q := range queues {
			name := fmt.Sprintf("q%d-%d", it, q)
			if _, err := s.ImportHistory(ctx, "bench", name, rows, &app.Queue{Name: name, Interval: 5 * time.Minute}); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(b.N*queues*len(rows))/b.Elapsed().Seconds(), "rows/s")
}
