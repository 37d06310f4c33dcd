// Package schedio reads and writes the files of the scheduler: interval
// requirements (CSV), shift templates (JSON), and the plan and coverage
// tables (CSV). It is the codec beside the pure scheduler package: every
// reader is all-or-nothing and reports bad input with its position
// (csvio.ParseError for CSV: line, column and field; the template name and
// field for JSON).
package schedio
