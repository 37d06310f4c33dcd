// Package csvio holds what every Staffcast codec shares: a header-mapped
// reader that accepts columns in any order and ignores extras, a ParseError
// that names the line, the column (as a 1-based field number, never a byte
// offset) and the field, parsers for the field kinds our files use (bounded
// counts, durations, RFC 3339 timestamps in years MinYear to MaxYear), the
// one CSV writer (Writer, byte for byte what encoding/csv writes), and the
// one interval inferrer (InferInterval, InferCommonInterval), which returns
// Warnings for the caller to show: csvio prints nothing.
//
// Readers built on it are all-or-nothing: they return either every record or
// an error, never a partial import.
package csvio
