// Package roster assigns a shift plan's places to named agents under
// labour rules, checks rosters against those rules, and parses the weekly
// availability agents give.
//
// Hard rules (never broken by Assign, all reported by Check): the agent
// has the plan's skill and is available for the whole shift; at most one
// shift starts on a day and shifts never overlap; at least Rules.MinRest
// between the end of a shift and the start of the next (11h by default);
// at most Rules.MaxConsecutiveDays working days in a row (6 by default);
// at most the agent's weekly paid time and working days. Soft goals:
// weekly minimum hours, preferred days off, evening and weekend fairness,
// balanced load (see Summarize).
//
// Time model: the scheduler's wall-clock grid. Day d is the calendar day
// Requirements.Start plus d days, in Start's location, and shift times are
// offsets from that day's midnight, so rest is measured in wall-clock
// hours (across a daylight-saving change it is an hour off, either way).
// In a cyclic horizon the roster repeats: rest and runs of days wrap from
// the last day to the first. Weekly limits apply to blocks of seven days
// from day 0.
//
// The package is pure computation: no I/O, no logging, deterministic.
package roster
