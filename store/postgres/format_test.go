package postgres

import (
	"testing"
	"time"
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
