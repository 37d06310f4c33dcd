// Package synth generates synthetic contact-centre history with known rates:
// Poisson arrivals whose mean follows an intraday profile, a weekly profile,
// a multiplicative trend and holidays, with day-to-day overdispersion as real
// centres show. It is deterministic for a given seed, so tests and the demo
// can rely on it, and it reports the true mean of every interval so forecast
// tests can check their prediction intervals against known rates.
package synth

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"gonum.org/v1/gonum/stat/distuv"
)

// Config describes the centre to simulate. Use Default and change fields.
type Config struct {
	Queue   string
	Channel string
	// Start is midnight of the first day, in the queue's time zone; days are
	// counted in that zone's calendar, so daylight-saving days have 23 or 25
	// hours of intervals.
	Start    time.Time
	Days     int
	Interval time.Duration // divides a day: 5m, 15m, 30m...
	// Open and Close are the opening hours as offsets from midnight
	// (wall clock); intervals outside get no contacts and are not emitted.
	Open, Close time.Duration
	// DailyVolume is the mean contacts on a day with weekly factor 1.
	DailyVolume float64
	// Weekly multiplies DailyVolume per day of week, Monday first.
	Weekly [7]float64
	// TrendPerWeek is the relative growth per week (0.01 = +1% a week).
	TrendPerWeek float64
	// DayNoise is the coefficient of variation of a day-level gamma factor
	// (0 = pure Poisson). Real centres show 5-10%.
	DayNoise float64
	// Holidays are dates (in Start's location) whose volume is scaled by
	// HolidayFactor (0 = closed).
	Holidays      []time.Time
	HolidayFactor float64
	// AHTSeconds is the mean handle time; it varies a little over the day.
	AHTSeconds float64
	Seed       uint64
}

// Default returns a weekday-heavy retail queue: 30-minute intervals,
// 08:00-20:00 every day, about 2,400 contacts on a Monday, 4 weeks from
// Monday 2026-01-05, +0.5% a week, one holiday, AHT 300 s.
func Default(seed uint64) Config {
	start := time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)
	return Config{
		Queue: "retail", Channel: "voice",
		Start: start, Days: 28, Interval: 30 * time.Minute,
		Open: 8 * time.Hour, Close: 20 * time.Hour,
		DailyVolume:   2000,
		Weekly:        [7]float64{1.2, 1.05, 1.0, 1.0, 0.95, 0.55, 0.35},
		TrendPerWeek:  0.005,
		DayNoise:      0.05,
		Holidays:      []time.Time{start.AddDate(0, 0, 15)},
		HolidayFactor: 0.3,
		AHTSeconds:    300,
		Seed:          seed,
	}
}

// Interval is one generated interval.
type Interval struct {
	Start      time.Time
	Mean       float64 // the true expected contacts (the Poisson mean, after day noise)
	Offered    int     // the drawn count
	AHTSeconds float64 // mean handle time of the interval's contacts
}

// Errors returned by Generate.
var (
	ErrInterval = errors.New("synth: interval must be positive and divide a day")
	ErrHours    = errors.New("synth: opening hours must satisfy 0 <= Open < Close <= 24h")
	ErrVolume   = errors.New("synth: DailyVolume, Days and AHTSeconds must be positive")
)

// Generate returns every open interval of every day, in time order.
func Generate(cfg Config) ([]Interval, error) {
	if cfg.Interval <= 0 || (24*time.Hour)%cfg.Interval != 0 {
		return nil, fmt.Errorf("%w: %v", ErrInterval, cfg.Interval)
	}
	if cfg.Open < 0 || cfg.Close <= cfg.Open || cfg.Close > 24*time.Hour {
		return nil, ErrHours
	}
	if cfg.DailyVolume <= 0 || cfg.Days <= 0 || cfg.AHTSeconds <= 0 {
		return nil, ErrVolume
	}
	rng := rand.New(rand.NewPCG(cfg.Seed, 0x5ca1ab1e))
	loc := cfg.Start.Location()
	y, m, d := cfg.Start.Date()
	perDay := int((cfg.Close - cfg.Open) / cfg.Interval)
	weights := profile(cfg.Open, cfg.Interval, perDay)
	out := make([]Interval, 0, cfg.Days*perDay)
	for day := 0; day < cfg.Days; day++ {
		midnight := time.Date(y, m, d+day, 0, 0, 0, 0, loc)
		wd := (int(midnight.Weekday()) + 6) % 7 // Monday = 0
		level := cfg.DailyVolume * cfg.Weekly[wd] * math.Pow(1+cfg.TrendPerWeek, float64(day)/7)
		if cfg.DayNoise > 0 {
			k := 1 / (cfg.DayNoise * cfg.DayNoise)
			level *= distuv.Gamma{Alpha: k, Beta: k, Src: rng}.Rand()
		}
		for _, h := range cfg.Holidays {
			if sameDate(h.In(loc), midnight) {
				level *= cfg.HolidayFactor
			}
		}
		// Step in absolute time so daylight-saving days get 23 or 25 hours
		// of intervals; the profile follows the wall clock.
		next := time.Date(y, m, d+day+1, 0, 0, 0, 0, loc)
		for start := midnight; start.Before(next); start = start.Add(cfg.Interval) {
			wall := time.Duration(start.Hour())*time.Hour + time.Duration(start.Minute())*time.Minute
			if wall < cfg.Open || wall >= cfg.Close {
				continue
			}
			mean := level * weights[int((wall-cfg.Open)/cfg.Interval)]
			n := 0
			if mean > 0 {
				n = int(distuv.Poisson{Lambda: mean, Src: rng}.Rand())
			}
			hour := float64(wall) / float64(time.Hour)
			aht := cfg.AHTSeconds * (1 + 0.08*math.Sin(2*math.Pi*(hour-9)/24))
			out = append(out, Interval{Start: start, Mean: mean, Offered: n, AHTSeconds: aht})
		}
	}
	return out, nil
}

// profile is a two-peaked intraday shape (late morning and mid afternoon)
// over the open slots, normalised to sum to 1.
func profile(open, step time.Duration, n int) []float64 {
	w := make([]float64, n)
	sum := 0.0
	for i := range w {
		h := (float64(open) + (float64(i)+0.5)*float64(step)) / float64(time.Hour)
		v := 0.25 + math.Exp(-sq((h-10.75)/1.6)) + 0.8*math.Exp(-sq((h-14.5)/1.9))
		w[i] = v
		sum += v
	}
	for i := range w {
		w[i] /= sum
	}
	return w
}

func sq(x float64) float64 { return x * x }

func sameDate(a, b time.Time) bool {
	ay, am, ad := a.Date()
	by, bm, bd := b.Date()
	return ay == by && am == bm && ad == bd
}
