// Package calib checks queueing models against real call records: it
// estimates, per interval, what the Erlang formulas need (arrivals to the
// agent queue, handle time, patience, agents effectively serving), predicts
// the service level with Erlang C, Erlang A (package erlang) and the
// simulator (package sim), and compares them with what happened: the mean
// absolute error per interval, the calls-weighted bias, a calibration table
// of five bins by predicted service level and the noise floor, the error a
// perfect model would show because one half hour's realised service level
// is itself random.
//
// It is pure: calls in (type Call, filled by a reader such as
// csvio/callsio), a Report out; no I/O, no clock.
//
// # Estimates
//
// Arrivals are calls that joined the agent queue, or were answered without
// queueing, by that time; a call hanging up in the voice-response unit and a
// phantom record are none. The observed service level is the share of
// arrivals answered within the threshold (abandons are misses), as in
// package erlang. Talk time is the mean service time of the interval's
// answered arrivals. Patience is abandons over the total time all arrivals
// waited, the maximum-likelihood estimate for exponential patience, pooled
// over the file (an interval has too few abandons to estimate its own).
//
// The records say who talked, not who was available; see Calibrate for the
// effective agents and Params for the file-wide figures they use.
package calib
