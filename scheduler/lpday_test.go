package scheduler

import (
	"math"
	"time"
)

func realisticDay() Problem {
	req := Requirements{Start: time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC), Interval: 15 * time.Minute, Required: make([]float64, 96)}
	for s := 32; s < 80; s++ {
		x := float64(s) / 4
		req.Required[s] = math.Max(5, math.Round(80+240*math.Exp(-math.Pow((x-10.75)/1.6, 2))+200*math.Exp(-math.Pow((x-14.25)/1.8, 2))-5*(x-8)))
	}
	h, m := time.Hour, time.Minute
	coffee := BreakRule{Length: 15 * m, Paid: true, EarliestAfterStart: 90 * m, LatestAfterStart: 150 * m}
	lunch := BreakRule{Length: 30 * m, EarliestAfterStart: 3*h + 30*m, LatestAfterStart: 5*h + 30*m}
	return Problem{Requirements: req, Templates: []Template{
		{Name: "early", StartEarliest: 7 * h, StartLatest: 10 * h, LengthMin: 8 * h, LengthMax: 9 * h, LengthStep: 30 * m, Breaks: []BreakRule{coffee, lunch}},
		{Name: "late", StartEarliest: 10*h + 15*m, StartLatest: 12 * h, LengthMin: 8 * h, LengthMax: 9 * h, LengthStep: 30 * m, Breaks: []BreakRule{coffee, lunch}},
		{Name: "part", StartEarliest: 8 * h, StartLatest: 16 * h, StartStep: 30 * m, LengthMin: 4 * h, LengthMax: 5 * h, LengthStep: 30 * m, Breaks: []BreakRule{coffee}},
	}, Weights: Weights{Shortage: 1, Excess: 0.25, DistinctShift: 15, PaidHour: 10}}
}
