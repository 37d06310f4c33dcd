package scheduler

// lowerBound is a placeholder replaced below.
func lowerBound(m *model, ub float64, st stopper) float64 { return 0 }
