package postgres_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/staffcast/staffcast/app"
)

// yearOf5Min is a year (365 days) of 5-minute intervals of one queue.
func yearOf5Min() []app.HistoryInterval {
	start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	rows := make([]app.HistoryInterval, 365*288)
	for i := range rows {
		aht := 180 + float64(i%60)
		rows[i] = app.HistoryInterval{Start: start.Add(time.Duration(i) * 5 * time.Minute),
			Offered: float64(i % 97), Handled: float64(i % 89), AHTSeconds: &aht}
	}
	return rows
}

// BenchmarkImportYear50Queues imports a year of 5-minute history for 50
// queues (50 × 105,120 = 5,256,000 rows), one ImportHistory (one
// transaction: COPY into a temporary table, then INSERT ... ON CONFLICT) per
// queue. Run with -benchtime 1x; it reports rows/s.
func BenchmarkImportYear50Queues(b *testing.B) {
	ctx := context.Background()
	s := openStore(b, schemaURL(b), nil)
	rows := yearOf5Min()
	const queues = 50
	b.ResetTimer()
	for it := 0; it < b.N; it++ {
		for q := range queues {
			name := fmt.Sprintf("q%d-%d", it, q)
			res, err := s.ImportHistory(ctx, "bench", name, rows, &app.Queue{Name: name, Interval: 5 * time.Minute})
			if err != nil {
				b.Fatal(err)
			}
			if res.Inserted != len(rows) {
				b.Fatalf("inserted %d of %d", res.Inserted, len(rows))
			}
		}
	}
	b.StopTimer()
	total := float64(b.N * queues * len(rows))
	b.ReportMetric(total/b.Elapsed().Seconds(), "rows/s")
	b.ReportMetric(float64(queues*len(rows)), "rows/op")
}

// BenchmarkImportYear50QueuesConcurrent imports the same 5,256,000 rows as
// BenchmarkImportYear50Queues the way a server receives them from several
// clients: one ImportHistory per queue, four at a time (each its own
// transaction on its own connection). It reports rows/s.
func BenchmarkImportYear50QueuesConcurrent(b *testing.B) {
	ctx := context.Background()
	s := openStore(b, schemaURL(b), nil)
	rows := yearOf5Min()
	const queues, clients = 50, 4
	b.ResetTimer()
	for it := 0; it < b.N; it++ {
		next := make(chan int)
		errs := make(chan error, clients)
		var wg sync.WaitGroup
		for range clients {
			wg.Go(func() {
				for q := range next {
					name := fmt.Sprintf("q%d-%d", it, q)
					res, err := s.ImportHistory(ctx, "bench", name, rows, &app.Queue{Name: name, Interval: 5 * time.Minute})
					if err == nil && res.Inserted != len(rows) {
						err = fmt.Errorf("queue %s: inserted %d of %d", name, res.Inserted, len(rows))
					}
					if err != nil {
						errs <- err
						for range next {
						}
						return
					}
				}
			})
		}
		for q := range queues {
			next <- q
		}
		close(next)
		wg.Wait()
		close(errs)
		if err := <-errs; err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	total := float64(b.N * queues * len(rows))
	b.ReportMetric(total/b.Elapsed().Seconds(), "rows/s")
	b.ReportMetric(float64(queues*len(rows)), "rows/op")
}

// BenchmarkReimportYear replaces a year of one queue's 5-minute history
// (every row an upsert that replaces).
func BenchmarkReimportYear(b *testing.B) {
	ctx := context.Background()
	s := openStore(b, schemaURL(b), nil)
	rows := yearOf5Min()
	if _, err := s.ImportHistory(ctx, "bench", "q", rows, &app.Queue{Name: "q", Interval: 5 * time.Minute}); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for range b.N {
		res, err := s.ImportHistory(ctx, "bench", "q", rows, nil)
		if err != nil {
			b.Fatal(err)
		}
		if res.Replaced != len(rows) {
			b.Fatalf("replaced %d of %d", res.Replaced, len(rows))
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(b.N*len(rows))/b.Elapsed().Seconds(), "rows/s")
}
