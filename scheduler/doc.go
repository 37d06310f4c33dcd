// Package scheduler turns interval requirements into shifts with breaks that
// cover them at least cost, and measures how well a set of shifts covers
// requirements. Rostering named agents onto those shifts lives in
// scheduler/roster. The package is pure computation: no I/O, no logging.
//
// Time model: a horizon of whole days on a wall-clock grid. Requirements are
// per slot (Interval long, SlotsPerDay a day); a Shift starts on a day at an
// offset from that day's midnight and may run past midnight into the next
// day. In a cyclic horizon (a repeating week) what runs past the last day
// wraps onto the first.
package scheduler
