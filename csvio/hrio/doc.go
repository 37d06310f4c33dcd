// Package hrio reads and writes the files rostering exchanges with HR
// systems: the agents CSV, the existing-shifts CSV, roster.csv and one
// iCalendar (RFC 5545) file per agent.
//
// Readers are built on csvio: columns in any order, extra columns ignored,
// errors carry the line and column, and an import is all-or-nothing.
package hrio
