// Package csvio holds what every Staffcast CSV reader shares: a header-mapped
// reader that accepts columns in any order and ignores extras, a ParseError
// that names the line, the column and the field, and parsers for the field
// kinds our files use (counts, durations, RFC 3339 timestamps).
//
// Readers built on it are all-or-nothing: they return either every record or
// an error, never a partial import.
package csvio
