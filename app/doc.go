// Package app is Staffcast's application layer: the domain entities (queue,
// history, forecast run, staffing, plan, roster, job), the pipeline
// operations that compose the pure packages (forecast, erlang, scheduler),
// the Store interface that store/sqlite and store/postgres implement, and the
// one error type whose Kind every face maps once (exit codes in
// cmd/staffcast, HTTP statuses in api).
//
// The CLI, the demo, the API handlers and background jobs all call this
// package, so forecast -> staff -> schedule is wired in one place.
package app
