// Package callsio reads call-by-call records of a contact centre, in the
// tab-separated layout of the Technion "Anonymous Bank" data: one row per
// call with the columns (any order, names matched case-insensitively, extra
// columns ignored)
//
//	vru+line call_id customer_id priority type date vru_entry vru_exit
//	vru_time q_start q_exit q_time outcome ser_start ser_exit ser_time server
//
// of which date (YYMMDD), vru_entry, q_start, q_time, outcome (AGENT, HANG,
// PHANTOM), ser_start, ser_time and server are read, and type (the
// service type, e.g. PS) and priority (0-9) when the header has them. Clock times are H:MM:SS
// on the call's date, durations whole seconds, values may be padded with
// spaces and lines may end in CRLF. A q_start of 0:00:00 with a q_time of 0
// means the call never waited in the agent queue. A clock time more than 12
// hours before the call's vru_entry is taken to be on the next day (calls
// across midnight).
//
// Unlike the other readers of csvio, a malformed row does not fail the
// file: real switch logs hold a few broken lines. Read skips such a row and
// counts it, keeping the first MaxProblems of them as *csvio.ParseError
// (line, column, field) for the caller to show. Only an unreadable header
// or an I/O error fails the read.
package callsio
