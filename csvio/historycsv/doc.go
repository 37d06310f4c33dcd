// Package historycsv reads contact history and special-day calendars for
// package forecast, and writes forecasts, as CSV.
//
// History files have a header with interval_start, queue, channel and
// offered, and optionally handled, abandoned and aht_seconds, in any order
// (extra columns are ignored). Each queue's record length (5, 6, 15, 30
// minutes...) is learnt from its rows. Reading is all-or-nothing: any
// problem is a *csvio.ParseError naming the line and column.
package historycsv
