// Package staffcsv reads workload CSV files for staffing and writes the
// staffing next to them.
//
// A workload file has a header line and the columns interval_start
// (RFC 3339, with or without UTC offset), volume (contacts offered,
// fractional allowed) and, optionally, queue and aht_seconds. Columns may
// come in any order and other columns are kept but otherwise ignored, so the
// output of "staffcast forecast" (with its lower80, upper80, lower95,
// upper95 and method columns) can be staffed as it is. An empty or absent
// aht_seconds uses the default handle time given to Read.
//
// Reading is all-or-nothing: Read returns every row or a *csvio.ParseError
// naming the line and column at fault.
package staffcsv
