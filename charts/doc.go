// Package charts draws Staffcast's charts as PNG or SVG with go-chart/v2
// (github.com/wcharczuk/go-chart/v2); it is the only package that imports
// it. Each chart is a plain input type of this package with a Render
// method: Forecast, Staffing, Gantt, Backtest, ScenarioSweep and
// HourlySplit. The package knows nothing of the application layer: the API
// and the CLI build these inputs (internal/chartdata converts the
// application's types).
//
// Every chart has a title, axis names with units, a legend, and styles that
// stay apart in grey-scale print: series differ in lightness and in dash
// pattern, not only in hue.
//
// go-chart is archived upstream and has traps, each handled here:
//   - its default font is loaded lazily without synchronisation; the font is
//     loaded once (sync.Once) and handed to every chart, so concurrent
//     renders are race-free;
//   - a single point or a flat series makes it fail or draw nothing; every
//     axis range is computed here (a flat series gets a padded range, a
//     single interval is drawn across its length);
//   - its time axis shows dates only; time axes here have weekday and hour
//     ticks on the local wall clock, with minor hour marks;
//   - its SVG text is not XML-escaped and its <svg> has no size; both are
//     fixed.
//
// Inputs with nothing to draw give ErrEmpty; bad inputs give the other
// sentinel errors (all prefixed "charts: "), never a blank image or a
// panic. Values that are NaN or infinite are gaps.
package charts
