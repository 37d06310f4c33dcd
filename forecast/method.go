package forecast

import (
	"fmt"
	"strings"
)

// Method names a forecasting method.
type Method string

// The methods. MethodAuto is what planners should use.
const (
	// MethodAuto is the combination unless, in a rolling-origin backtest
	// over the 4 weeks before the origin, the best single method had a WAPE
	// more than 10% lower.
	MethodAuto Method = "auto"
	// MethodSeasonalNaive repeats the same weekday and slot of last week.
	MethodSeasonalNaive Method = "snaive"
	// MethodSMA4 is the mean of the last 4 same-weekday values of the slot:
	// the planner's classic, and the baseline to beat.
	MethodSMA4 Method = "sma4"
	// MethodSMA is the same with K chosen by backtest among 1-8 weeks: the
	// longest K whose WAPE is within 5% of the best (one-standard-error
	// rule), on the history adjusted for the day of the month like
	// profile and dses (when the history shows such an effect; month.go).
	MethodSMA Method = "sma"
	// MethodProfile is daily total times intraday profile: the total from
	// an exponentially weighted mean of the same weekday's totals (with a
	// shrunk linear trend when it won the selection backtest), the profile
	// pooled over many weeks and shrunk towards the all-days profile.
	MethodProfile Method = "profile"
	// MethodDSES is double-seasonal (day and week) exponential smoothing on
	// the square-root scale, fitted by least squares.
	MethodDSES Method = "dses"
	// MethodCombo is the equal-weight mean of profile and sma, with dses in
	// place of sma when its backtest WAPE was more than 5% lower.
	MethodCombo Method = "combo"
)

// Methods lists every method in the order reports show them.
func Methods() []Method {
	return []Method{MethodSeasonalNaive, MethodSMA4, MethodSMA, MethodProfile, MethodDSES, MethodCombo, MethodAuto}
}

// ParseMethod parses a method name, case-insensitively.
func ParseMethod(s string) (Method, error) {
	m := Method(strings.ToLower(strings.TrimSpace(s)))
	for _, k := range Methods() {
		if m == k {
			return m, nil
		}
	}
	names := make([]string, 0, 7)
	for _, k := range Methods() {
		names = append(names, string(k))
	}
	return "", fmt.Errorf("%w %q (want one of %s)", ErrMethod, s, strings.Join(names, ", "))
}
