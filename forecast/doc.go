// Package forecast predicts contact volume and handle time per planning
// interval from a queue's history, and measures how well it does.
//
// History is held as a Series: one value per (local date, wall-clock slot)
// on a regular grid of the planning interval, so that seasonal matching is by
// local wall-clock time. A daylight-saving day therefore has 23 or 25 hours
// of intervals but the same slots as any other day: the skipped hour simply
// does not exist, and the repeated hour's two intervals share one slot (the
// history value is their mean, and both get the slot's forecast).
//
// A cell with no record is missing (not zero) and is left out of every fit.
// A weekday slot that never has contacts in the history is closed: it is
// forecast as zero and not emitted (opening hours are learnt from the data).
// So is a slot with no record at all on each of the last 3 days of its
// weekday that have records (opening hours that changed, exported as rows
// that stop; Result.Warnings says so). Result.Warnings also names what
// else in the history may distort a forecast.
//
// Methods (see Method): seasonal naive, seasonal moving average of the last K
// same-weekday intervals (K chosen by backtest), daily volume times intraday
// profile (Weinberg, Brown & Stroud 2007; Shen & Huang 2008), double-seasonal
// exponential smoothing (Taylor 2003, 2008), and an equal-weight combination
// of profile with sma or dses. MethodAuto chooses per queue by a
// rolling-origin backtest on the 4 weeks just before the forecast origin
// (the combination unless a single method was clearly better); every choice
// keeps the conservative candidate unless another is better by a margin,
// because a few weeks of errors cannot tell close methods apart. Prediction
// intervals come from the out-of-sample errors of the 8 weeks before the
// origin, by lead day, so no information from after the origin is used.
//
// Banks' volume follows the day of the month (salaries, statements): when
// the history shows it (leave-one-out), the learning methods are fitted
// on the history divided by day-of-month factors learnt from it and their
// forecasts multiplied back (month.go). The baselines (snaive, sma4) are
// not adjusted.
//
// Special days (Calendar) are kept out of every fit and score; in the
// horizon a closed day forecasts zero and a holiday or event is the ordinary
// forecast times its factor. Handle time is forecast per weekday and slot
// from the contact-weighted history when it has any, and is NaN otherwise.
//
// Typical use:
//
//	s, err := forecast.NewSeries(forecast.SeriesConfig{Queue: "sales", Interval: 30 * time.Minute}, records)
//	res, err := forecast.Forecast(s, s.NextStart(), 168*time.Hour, forecast.Options{})
//	rows, err := forecast.Backtest(s, forecast.BacktestConfig{Origins: 8})
//
// References:
//   - Weinberg, Brown & Stroud (2007), Bayesian forecasting of an
//     inhomogeneous Poisson process with applications to call center data,
//     JASA 102(480).
//   - Shen & Huang (2008), Interday forecasting and intraday updating of call
//     center arrivals, M&SOM 10(3).
//   - Taylor (2003), Short-term electricity demand forecasting using double
//     seasonal exponential smoothing, JORS 54; Taylor (2008), A comparison of
//     univariate time series methods for forecasting intraday arrivals at a
//     call center, Management Science 54(2).
//   - Smith & Wallis (2009), A simple explanation of the forecast
//     combination puzzle, OBES 71(3).
//   - Hyndman & Koehler (2006), Another look at measures of forecast
//     accuracy, IJF 22 (MASE).
package forecast
