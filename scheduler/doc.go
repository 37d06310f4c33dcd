// Package scheduler turns interval requirements into shifts with breaks that
// cover them at least cost, and measures how well a set of shifts covers
// requirements. Rostering named agents onto those shifts lives in
// scheduler/roster; files are read and written by csvio/schedio. The
// package is pure computation: no I/O, no logging.
//
// Time model: a horizon of whole days on a wall-clock grid. Requirements are
// per slot (Interval long, SlotsPerDay a day); a Shift starts on a day at an
// offset from that day's midnight and may run past midnight into the next
// day. In a cyclic horizon (a repeating week) what runs past the last day
// wraps onto the first.
//
// Shift design: Templates describe the shifts allowed (start and length
// ranges on the grid, weekdays, breaks with windows, a daily cap) and
// Weights price a plan: person-minutes short and in excess, each distinct
// (start, length) pair used, each paid hour. Solve returns integer
// head-counts per (day, start, length, break placement) with a proven lower
// bound and the gap to it. With weights 1, 1, slot minutes, 0 the objective
// is that of the Shift Design Problem of Musliu, Schaerf & Slany (2004), and
// Solve is within 2% of the known solutions' total on the public benchmark.
package scheduler
