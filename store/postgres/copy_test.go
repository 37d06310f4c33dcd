package postgres_test

import (
	"context"
	"math"
	"testing"
	"time"

	"github.com/staffcast/staffcast/app"
)

// TestImportHistoryExact imports rows spanning several COPY chunks, with
// fractional, huge and tiny values, microsecond starts and missing values,
// first into an empty queue (COPY straight into history), then again with
// changed values over part of the span and beyond it (COPY into the
// temporary table and upsert), and reads back exactly what was imported.
func TestImportHistoryExact(t *testing.T) {
	ctx := context.Background()
	s := openStore(t, schemaURL(t), nil)
	f := func(v float64) *float64 { return &v }
	start := time.Date(2023, 12, 31, 23, 0, 0, 123456000, time.UTC)
	gen := func(from, n int, scale float64) []app.HistoryInterval {
		rows := []app.HistoryInterval{}
		for i := from; i < from+n; i++ {
			r := app.HistoryInterval{Start: start.Add(time.Duration(i) * 5 * time.Minute),
				Offered: scale * float64(i) / 7, Handled: float64(i % 13)}
			switch i % 4 {
			case 0:
				r.Abandoned, r.AHTSeconds = f(math.SmallestNonzeroFloat64), f(1e300*scale)
			case 1:
				r.AHTSeconds = f(180.25 * scale)
			case 2:
				r.Abandoned = f(0.1 * scale)
			}
			rows = append(rows, r)
		}
		return rows
	}
	check := func(t *testing.T, want []app.HistoryInterval) {
		t.Helper()
		got, err := s.History(ctx, "q", time.Time{}, time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(want) {
			t.Fatalf("read %d rows, want %d", len(got), len(want))
		}
		eq := func(a, b *float64) bool { return a == nil && b == nil || a != nil && b != nil && *a == *b }
		for i, w := range want {
			g := got[i]
			if !g.Start.Equal(w.Start) || g.Offered != w.Offered || g.Handled != w.Handled ||
				!eq(g.Abandoned, w.Abandoned) || !eq(g.AHTSeconds, w.AHTSeconds) {
				t.Fatalf("row %d: got %+v, want %+v", i, g, w)
			}
		}
	}
	const n = 5000 // about 300 KB of COPY text: several chunks
	first := gen(0, n, 1)
	res, err := s.ImportHistory(ctx, "t", "q", first, &app.Queue{Name: "q", Interval: 5 * time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	if res.Inserted != n || res.Replaced != 0 {
		t.Fatalf("first import: %+v, want %d inserted", res, n)
	}
	check(t, first)

	second := gen(n-1000, 3000, 3) // replaces the last 1000, adds 2000
	res, err = s.ImportHistory(ctx, "t", "q", second, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Inserted != 2000 || res.Replaced != 1000 {
		t.Fatalf("second import: %+v, want 2000 inserted and 1000 replaced", res)
	}
	check(t, append(first[:n-1000], second...))
}
