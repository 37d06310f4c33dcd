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
// Time model: shifts are given on the scheduler's wall-clock grid and the
// rules are measured in real elapsed time. Day d is the calendar day
// Requirements.Start plus d days, in Start's location (the queue's time
// zone). A shift starts at the instant the local clock reads Start on its
// day and lasts Length of real time, so it ends at start + Length; a
// reading the clock skips (02:30 on a spring-forward night) is taken with
// the offset in force before the change (03:30 on the new clock), and a
// reading it shows twice (01:30 on a fall-back night) at its first
// occurrence, as RFC 5545 does. Rest, overlap and the cyclic wrap are
// measured between these instants, so across the 2026 New York spring
// change a shift ending 22:00 Saturday and one starting 09:00 Sunday are
// 10 hours apart, not 11. Paid time is Length less unpaid breaks, real
// time too. Availability windows, evenings and weekdays stay on the local
// wall clock: a shift must be inside the agent's windows at every local
// reading it passes through. In a cyclic horizon the roster repeats, the
// next cycle starting when the last day ends: rest and runs of days wrap
// from the last day to the first. Weekly limits apply to blocks of seven
// calendar days from day 0, a shift counting in the block it starts in.
//
// The package is pure computation: no I/O, no logging, deterministic.
package roster
