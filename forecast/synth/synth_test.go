package synth

import (
	"errors"
	"math"
	"testing"
	"time"
	_ "time/tzdata" // time-zone tests run, not skip, without system zoneinfo
)

func TestGenerateDeterministic(t *testing.T) {
	a, err := Generate(Default(7))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Generate(Default(7))
	c, _ := Generate(Default(8))
	if len(a) != 28*24 {
		t.Fatalf("got %d intervals, want %d (28 days x 24 open half hours)", len(a), 28*24)
	}
	same, diff := true, false
	for i := range a {
		same = same && a[i] == b[i]
		diff = diff || a[i].Offered != c[i].Offered
	}
	if !same {
		t.Error("same seed gave different history")
	}
	if !diff {
		t.Error("different seeds gave identical history")
	}
}

func TestGenerateMeansMatchConfig(t *testing.T) {
	cfg := Default(1)
	cfg.DayNoise = 0
	cfg.TrendPerWeek = 0
	cfg.Holidays = nil
	iv, err := Generate(cfg)
	if err != nil {
		t.Fatal(err)
	}
	perDay := map[string]float64{}
	var drawn, mean float64
	for _, x := range iv {
		perDay[x.Start.Format("2006-01-02")] += x.Mean
		drawn += float64(x.Offered)
		mean += x.Mean
	}
	// Monday 2026-01-05 has weekly factor 1.2.
	if got, want := perDay["2026-01-05"], cfg.DailyVolume*1.2; math.Abs(got-want) > 1e-9*want {
		t.Errorf("Monday mean = %v, want %v", got, want)
	}
	// Poisson total: within 4 standard deviations of its mean.
	if math.Abs(drawn-mean) > 4*math.Sqrt(mean) {
		t.Errorf("drawn total %v too far from mean %v", drawn, mean)
	}
}

func TestGenerateHolidayAndTrend(t *testing.T) {
	cfg := Default(3)
	cfg.DayNoise = 0
	iv, _ := Generate(cfg)
	perDay := map[string]float64{}
	for _, x := range iv {
		perDay[x.Start.Format("2006-01-02")] += x.Mean
	}
	hol := cfg.Holidays[0].Format("2006-01-02")
	weekBefore := cfg.Holidays[0].AddDate(0, 0, -7).Format("2006-01-02")
	ratio := perDay[hol] / perDay[weekBefore]
	if want := cfg.HolidayFactor * (1 + cfg.TrendPerWeek); math.Abs(ratio-want) > 1e-9 {
		t.Errorf("holiday / week before = %v, want %v", ratio, want)
	}
}

func TestGenerateDaylightSaving(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	cfg := Default(1)
	cfg.Start = time.Date(2026, 3, 7, 0, 0, 0, 0, ny) // DST starts Sunday 8 March 02:00
	cfg.Days = 2
	cfg.Open, cfg.Close = 0, 24*time.Hour
	iv, err := Generate(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if len(iv) != 48+46 {
		t.Fatalf("got %d intervals, want 94 (48 + a 23-hour day of 46)", len(iv))
	}
	cfg.Start = time.Date(2026, 10, 31, 0, 0, 0, 0, ny) // DST ends Sunday 1 November 02:00
	fall, err := Generate(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if len(fall) != 48+50 {
		t.Fatalf("got %d intervals, want 98 (48 + a 25-hour day of 50)", len(fall))
	}
	iv = append(iv, fall...)
	for i := 1; i < len(iv); i++ {
		if i == 94 {
			continue // the join of the two runs
		}
		if d := iv[i].Start.Sub(iv[i-1].Start); d != 30*time.Minute {
			t.Fatalf("gap of %v at %v", d, iv[i].Start)
		}
	}
}

func TestGenerateErrors(t *testing.T) {
	for name, mut := range map[string]func(*Config){
		"interval": func(c *Config) { c.Interval = 7 * time.Minute },
		"hours":    func(c *Config) { c.Open, c.Close = 10*time.Hour, 9*time.Hour },
		"volume":   func(c *Config) { c.DailyVolume = 0 },
	} {
		cfg := Default(1)
		mut(&cfg)
		if _, err := Generate(cfg); err == nil {
			t.Errorf("%s: no error", name)
		} else if !errors.Is(err, ErrInterval) && !errors.Is(err, ErrHours) && !errors.Is(err, ErrVolume) {
			t.Errorf("%s: unexpected error %v", name, err)
		}
	}
}
