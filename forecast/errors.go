package forecast

import "errors"

// Sentinel errors; match them with errors.Is.
var (
	ErrInterval     = errors.New("forecast: interval must be positive and divide a day")
	ErrRecordLength = errors.New("forecast: record interval must be positive and divide the planning interval")
	ErrMisaligned   = errors.New("forecast: timestamp not aligned to the interval grid")
	ErrDuplicate    = errors.New("forecast: duplicate interval")
	ErrNegative     = errors.New("forecast: negative or non-finite count")
	ErrEmpty        = errors.New("forecast: no history")
	ErrShortHistory = errors.New("forecast: not enough history")
	ErrHorizon      = errors.New("forecast: horizon must be positive and at least one interval")
	// ErrHorizonLimit is a horizon above MaxHorizon.
	ErrHorizonLimit = errors.New("forecast: horizon exceeds the limit")
	// ErrStartLimit is a start more than MaxHorizon after the history ends.
	ErrStartLimit = errors.New("forecast: start too far after the history")
	// ErrSpan is a history spanning more than MaxSeriesDays.
	ErrSpan     = errors.New("forecast: history spans too many days")
	ErrOrigins  = errors.New("forecast: number of origins must be positive")
	ErrMethod   = errors.New("forecast: unknown method")
	ErrCalendar = errors.New("forecast: invalid special day")
)
