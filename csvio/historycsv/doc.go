// Package historycsv reads contact history and special-day calendars for
// package forecast, and writes forecasts, as CSV.
//
// History files have a header with interval_start, queue, channel and
// offered, and optionally handled, abandoned and aht_seconds, in any order
// (extra columns are ignored). Each queue's record length (5, 6, 15, 30
// minutes...) is learnt from its rows. Reading is all-or-nothing: a bad
// file is an error naming the line and column of every bad line found (a
// *csvio.RowErrors, whose first is a *csvio.ParseError), the problems of
// single rows and of the file as a whole (duplicates, starts off the
// grid) together.
package historycsv
