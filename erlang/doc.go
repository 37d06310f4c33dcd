// Package erlang computes how many agents a contact-centre queue needs.
//
// It is pure computation: plain Go values in, results or errors out. Times
// are time.Duration; rates are derived per second. Every formula is
// evaluated without factorials or overflowing powers (the Erlang B
// recursion, and incomplete-gamma series and continued fractions in log
// space), so it is accurate to about 1e-12 relative from a fraction of an
// Erlang to beyond 50,000 Erlangs.
package erlang
