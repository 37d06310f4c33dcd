package postgres

import (
	"math"
	"testing"
	"time"

	"github.com/staffcast/staffcast/app"
)

// TestTSFormatter compares the fast timestamp text with time.Format, which
// PostgreSQL reads the same way.
func TestTSFormatter(t *testing.T) {
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Skip("no tz database:", err)
	}
	tests := []struct {
		name string
		t    time.Time
	}{
		{"midnight", time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)},
		{"afternoon", time.Date(2024, 1, 1, 15, 45, 5, 0, time.UTC)},
		{"microseconds", time.Date(2024, 2, 29, 23, 59, 59, 123456000, time.UTC)},
		{"leading zero micro", time.Date(2024, 2, 29, 23, 59, 59, 1000, time.UTC)},
		{"nanoseconds dropped", time.Date(2024, 2, 29, 1, 2, 3, 999, time.UTC)},
		{"local zone", time.Date(2025, 3, 30, 3, 0, 0, 0, paris)},
		{"before 1970", time.Date(1969, 12, 31, 23, 0, 0, 0, time.UTC)},
		{"year 1", time.Date(1, 1, 1, 12, 0, 0, 0, time.UTC)},
	}
	var f tsFormatter
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := f.format(tc.t)
			back, err := time.Parse("2006-01-02 15:04:05.999999Z07", got)
			if err != nil {
				t.Fatalf("%q: %v", got, err)
			}
			if want := tc.t.Truncate(time.Microsecond); !back.Equal(want) {
				t.Fatalf("%q reads as %v, want %v", got, back, want)
			}
		})
	}
}

// TestHistoryText checks the COPY text of history rows: integers in decimal,
// other numbers in their shortest exact form, a missing value as \N.
func TestHistoryText(t *testing.T) {
	f := func(v float64) *float64 { return &v }
	start := time.Date(2024, 3, 1, 8, 15, 0, 0, time.UTC)
	tests := []struct {
		name string
		row  app.HistoryInterval
		want string
	}{
		{"integers, no abandoned", app.HistoryInterval{Start: start, Offered: 42, Handled: 40, AHTSeconds: f(180)},
			"7\t2024-03-01 08:15:00+00\t42\t40\t\\N\t180\n"},
		{"fractions", app.HistoryInterval{Start: start, Offered: 0.1, Handled: 2.5, Abandoned: f(1.0 / 3), AHTSeconds: nil},
			"7\t2024-03-01 08:15:00+00\t0.1\t2.5\t0.3333333333333333\t\\N\n"},
		{"large and tiny", app.HistoryInterval{Start: start, Offered: 1e15, Handled: 5e-324, Abandoned: f(0), AHTSeconds: f(1e300)},
			"7\t2024-03-01 08:15:00+00\t1e+15\t5e-324\t0\t1e+300\n"},
		{"largest integer written as one", app.HistoryInterval{Start: start, Offered: 999999999999999, Handled: math.Copysign(0, -1)},
			"7\t2024-03-01 08:15:00+00\t999999999999999\t-0\t\\N\t\\N\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := historyText{queueID: []byte("7"), rows: []app.HistoryInterval{tc.row}}
			if got := string(h.append(nil, 0)); got != tc.want {
				t.Fatalf("got %q, want %q", got, tc.want)
			}
		})
	}
}
