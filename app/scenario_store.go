package app

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"sort"
	"time"

	"github.com/staffcast/staffcast/csvio/schedio"
	"github.com/staffcast/staffcast/erlang"
	"github.com/staffcast/staffcast/forecast"
	"github.com/staffcast/staffcast/internal/queuename"
	"github.com/staffcast/staffcast/scenario"
)

// StoreSources resolves the references of a stored scenario (the API's
// face) from the Store:
//   - demand.forecast_id: the rows of that stored forecast run, which must
//     be a forecast of the queue;
//   - demand.from_history: a forecast (Forecast, as the API's forecasts
//     route makes it, with the stored calendar) of the queue's stored
//     history, from right after it for demand.horizon (default 7 days) with
//     demand.method (default auto), made at run time and not stored;
//   - templates: the stored shift-template document of that name.
//
// File paths (demand.forecast, demand.history, a templates path) are the
// CLI's and are refused naming the field.
//
// Intervals come out in the queue's time zone, so a scenario without
// time_zone counts hours of day on the queue's local clock. Intervals a
// forecast leaves out (slots never open in the history) are filled in with
// zero volume, so the demand is consecutive.
type StoreSources struct {
	Store Store
}

// DefaultScenarioHorizon is how far demand.from_history forecasts when
// demand.horizon is not set.
const DefaultScenarioHorizon = 7 * 24 * time.Hour

var _ ScenarioSources = StoreSources{}

// ParseScenario reads a scenario document strictly (scenario.Parse); a bad
// one is Invalid with a Detail naming the field's dotted path.
func ParseScenario(data []byte) (scenario.Document, error) {
	d, err := scenario.Parse(data)
	if err != nil {
		return d, scenarioError("", err)
	}
	_, err = scenarioZones(d)
	return d, err
}

// Check refuses what a stored scenario may not say and references to what
// does not exist, so that a bad document is refused when it is stored
// rather than when it is run: file paths, a queue that does not exist, a
// forecast_id that is not a forecast of the queue, shift templates that
// are not stored or do not read. Errors are Invalid naming the field
// (its dotted path in d, as ResolveScenario's); a failing store is
// Internal. d is assumed valid (scenario.Parse).
func (s StoreSources) Check(ctx context.Context, d scenario.Document) error {
	for i, q := range d.Queues {
		err := refuseFiles(q)
		if err == nil {
			_, err = s.queue(ctx, q)
		}
		if err == nil && q.Demand.ForecastID != 0 {
			_, err = s.forecastRun(ctx, q)
		}
		if err == nil {
			_, err = s.Shifts(ctx, q)
		}
		if err != nil {
			return scenarioError("", inQueue(d, i, err))
		}
	}
	return nil
}

// Demand resolves q.Demand to consecutive intervals in the queue's zone
// (before demand.scale and campaigns, which the scenario applies).
func (s StoreSources) Demand(ctx context.Context, q scenario.QueueSpec) ([]scenario.Interval, error) {
	if err := refuseFiles(q); err != nil {
		return nil, err
	}
	queue, err := s.queue(ctx, q)
	if err != nil {
		return nil, err
	}
	loc, err := time.LoadLocation(queue.TimeZone)
	if err != nil {
		return nil, Wrap(Internal, "scenario demand", err)
	}
	switch {
	case q.Demand.ForecastID != 0:
		run, err := s.forecastRun(ctx, q)
		if err != nil {
			return nil, err
		}
		pts := make([]demandPoint, len(run.Rows))
		for i, r := range run.Rows {
			pts[i] = demandPoint{r.Start, r.Volume, math.NaN(), &erlang.Bands{Lower95: r.Lower95, Lower80: r.Lower80, Upper80: r.Upper80, Upper95: r.Upper95},
				r.SpecialDay == forecast.SpecialClosed}
			if r.AHTSeconds != nil {
				pts[i].ahtSeconds = *r.AHTSeconds
			}
		}
		return consecutive(pts, run.Interval, loc, "demand.forecast_id")
	case q.Demand.FromHistory:
		return s.forecastHistory(ctx, q, queue, loc)
	}
	return nil, fieldError("demand", "set forecast_id (a stored forecast of queue %s) or from_history", q.Queue)
}

// Shifts reads the stored shift templates q.Templates names; nil when it
// names none.
func (s StoreSources) Shifts(ctx context.Context, q scenario.QueueSpec) (*scenario.Shifts, error) {
	if q.Templates == "" {
		return nil, nil
	}
	if err := refuseFiles(q); err != nil {
		return nil, err
	}
	t, err := s.Store.ShiftTemplate(ctx, q.Templates)
	if KindOf(err) == NotFound {
		return nil, fieldError("templates", "no shift templates named %q are stored (PUT /api/v1/shift-templates/{name})", q.Templates)
	}
	if err != nil {
		return nil, err
	}
	tf, err := schedio.ReadTemplates(bytes.NewReader(t.Document))
	if err != nil {
		return nil, fieldError("templates", "stored shift templates %q: %v", q.Templates, err)
	}
	if tf.Interval != 0 {
		iv, err := s.planningInterval(ctx, q)
		if err != nil {
			return nil, err
		}
		if tf.Interval != iv {
			return nil, fieldError("templates", "shift templates %q are for %v intervals, the queue plans on %v", q.Templates, ShortDuration(tf.Interval), ShortDuration(iv))
		}
	}
	return &scenario.Shifts{Templates: tf.Templates, Weights: tf.Weights, Cyclic: tf.Cyclic}, nil
}

// planningInterval is the interval q is planned on: its own, or its
// demand's (the stored forecast's, or the queue's when forecasting).
func (s StoreSources) planningInterval(ctx context.Context, q scenario.QueueSpec) (time.Duration, error) {
	if iv := q.Interval.D(); iv != 0 {
		return iv, nil
	}
	if q.Demand.ForecastID != 0 {
		run, err := s.forecastRun(ctx, q)
		return run.Interval, err
	}
	queue, err := s.queue(ctx, q)
	return queue.Interval, err
}

// refuseFiles refuses the CLI's file references.
func refuseFiles(q scenario.QueueSpec) error {
	switch {
	case q.Demand.Forecast != "":
		return fieldError("demand.forecast", "file paths are for the CLI; use forecast_id or from_history")
	case q.Demand.History != "":
		return fieldError("demand.history", "file paths are for the CLI; use forecast_id or from_history")
	// A stored shift-template name is checked like a queue name (the API's
	// names); anything else in "templates" is taken for a file path.
	case q.Templates != "" && !queuename.Pattern.MatchString(q.Templates):
		return fieldError("templates", "%.70q: file paths are for the CLI; name stored shift templates (PUT /api/v1/shift-templates/{name})", q.Templates)
	}
	return nil
}

// queue returns the stored queue q names; Invalid naming "queue" when there
// is none.
func (s StoreSources) queue(ctx context.Context, q scenario.QueueSpec) (Queue, error) {
	queue, err := s.Store.Queue(ctx, q.Queue)
	if KindOf(err) == NotFound {
		return queue, fieldError("queue", "queue %q does not exist", q.Queue)
	}
	return queue, err
}

// forecastRun returns the stored forecast q.Demand.ForecastID, which must
// be one of q's queue.
func (s StoreSources) forecastRun(ctx context.Context, q scenario.QueueSpec) (ForecastRun, error) {
	id := q.Demand.ForecastID
	run, err := s.Store.Forecast(ctx, id)
	if KindOf(err) == NotFound {
		return run, fieldError("demand.forecast_id", "forecast %d does not exist", id)
	}
	if err != nil {
		return run, err
	}
	if run.Queue != q.Queue {
		return run, fieldError("demand.forecast_id", "forecast %d is a forecast of queue %s, not of %s", id, run.Queue, q.Queue)
	}
	return run, nil
}

// forecastHistory forecasts the queue's stored history as the forecasts
// route does, from right after it.
func (s StoreSources) forecastHistory(ctx context.Context, q scenario.QueueSpec, queue Queue, loc *time.Location) ([]scenario.Interval, error) {
	hist, err := s.Store.History(ctx, queue.Name, time.Time{}, time.Time{})
	if err != nil {
		return nil, err
	}
	if len(hist) == 0 {
		return nil, fieldError("demand.from_history", "queue %s has no stored history to forecast from", queue.Name)
	}
	days, err := s.Store.Calendar(ctx, queue.Name)
	if err != nil {
		return nil, err
	}
	cal, err := CalendarOf(days)
	if err != nil {
		return nil, err
	}
	horizon := time.Duration(q.Demand.Horizon)
	if horizon == 0 {
		horizon = DefaultScenarioHorizon
	}
	out, err := Forecast(ctx, ForecastRequest{Queue: queue.Name, History: hist, Location: loc, Calendar: cal,
		Horizon: horizon, Interval: queue.Interval, Method: forecast.Method(q.Demand.Method)})
	if f := FieldOf(err); f == "method" || f == "horizon" {
		for _, d := range DetailsOf(err) {
			if d.Field == f {
				return nil, fieldError("demand."+f, "%s", d.Reason)
			}
		}
	}
	if err != nil {
		return nil, err
	}
	res := out.Results[0]
	pts := make([]demandPoint, len(res.Points))
	for i, p := range res.Points {
		pts[i] = demandPoint{p.Start, p.Volume, p.AHTSeconds, &erlang.Bands{Lower95: p.Lower95, Lower80: p.Lower80, Upper80: p.Upper80, Upper95: p.Upper95},
			p.SpecialDay == forecast.SpecialClosed}
	}
	return consecutive(pts, queue.Interval, loc, "demand.from_history")
}

// demandPoint is one forecast interval; ahtSeconds is NaN when unknown.
type demandPoint struct {
	start      time.Time
	volume     float64
	ahtSeconds float64
	bands      *erlang.Bands
	closed     bool // of a calendar-closed day
}

// consecutive lays points on consecutive intervals of length interval in
// loc, the ones missing between two points with zero volume. Points must
// be on one grid; an unknown AHT is 0 (the scenario's humans.aht applies).
// field names the source in errors.
func consecutive(pts []demandPoint, interval time.Duration, loc *time.Location, field string) ([]scenario.Interval, error) {
	if len(pts) == 0 {
		return nil, fieldError(field, "the forecast has no intervals")
	}
	if interval <= 0 {
		return nil, fieldError(field, "the forecast has no interval length")
	}
	sort.Slice(pts, func(i, j int) bool { return pts[i].start.Before(pts[j].start) })
	out := make([]scenario.Interval, 0, len(pts))
	for i, p := range pts {
		if i > 0 {
			gap := p.start.Sub(pts[i-1].start)
			if gap <= 0 || gap%interval != 0 {
				return nil, fieldError(field, "forecast intervals %s and %s are not on one %s grid",
					pts[i-1].start.In(loc).Format(time.RFC3339), p.start.In(loc).Format(time.RFC3339), ShortDuration(interval))
			}
			for t := pts[i-1].start.Add(interval); t.Before(p.start); t = t.Add(interval) {
				out = append(out, scenario.Interval{Start: t.In(loc)})
			}
		}
		iv := scenario.Interval{Start: p.start.In(loc), Volume: p.volume, Bands: p.bands, Closed: p.closed}
		if !math.IsNaN(p.ahtSeconds) && p.ahtSeconds > 0 {
			iv.AHT = time.Duration(math.Round(p.ahtSeconds * float64(time.Second)))
		}
		out = append(out, iv)
	}
	return out, nil
}

// fieldError is a source's error about a field of queue's spec, which
// ResolveScenario (and Check) place in the document and make Invalid.
func fieldError(field, format string, args ...any) error {
	return &scenario.FieldError{Field: field, Err: fmt.Errorf(format, args...)}
}
