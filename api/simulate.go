package api

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/staffcast/staffcast/app"
	"github.com/staffcast/staffcast/charts"
	"github.com/staffcast/staffcast/internal/chartdata"
	"github.com/staffcast/staffcast/sim"
)

// simulateJobKind is the job kind of staffing simulations.
const simulateJobKind = "simulate"

// MaxSimulateReplications caps a simulation's replications through the API
// (sim.MaxReplications is far higher, for the CLI).
const MaxSimulateReplications = 10_000

// simulateRequest is the body of POST
// /api/v1/queues/{queue}/staffing/{id}/simulate. Without schedule_id or
// roster_id the agents on duty are the staffing's agents column; with one
// of them they are that plan's or roster's shifts (breaks off duty), less
// the staffing's shrinkage.
type simulateRequest struct {
	Replications *int    `json:"replications,omitempty"` // nil: sim.DefaultReplications; a given 0 is refused
	Seed         *uint64 `json:"seed,omitempty"`         // default 1
	ScheduleID   int64   `json:"schedule_id,omitempty"`
	RosterID     int64   `json:"roster_id,omitempty"`
}

// simulateArgs are the checked parameters, the args of a simulate job.
type simulateArgs struct {
	Queue        string `json:"queue"`
	StaffingID   int64  `json:"staffing_id"`
	Replications int    `json:"replications"`
	Seed         uint64 `json:"seed"`
	ScheduleID   int64  `json:"schedule_id,omitempty"`
	RosterID     int64  `json:"roster_id,omitempty"`
}

// createSimulation checks the request and queues a simulate job: 202 with
// the job, whose result is the simulated figures per interval.
func (s *Server) createSimulation(c echo.Context) error {
	name, err := queueParam(c)
	if err != nil {
		return err
	}
	id, err := int64Param(c, "id")
	if err != nil {
		return err
	}
	var req simulateRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	if _, err := s.jobs(); err != nil { // 503 before checking anything
		return err
	}
	a := simulateArgs{Queue: name, StaffingID: id, Replications: sim.DefaultReplications, Seed: 1, ScheduleID: req.ScheduleID, RosterID: req.RosterID}
	if req.Seed != nil {
		a.Seed = *req.Seed
	}
	if req.Replications != nil {
		a.Replications = *req.Replications
	}
	if a.Replications < 1 || a.Replications > MaxSimulateReplications {
		return app.Invalidf("replications", "%d is outside [1, %d]", a.Replications, MaxSimulateReplications)
	}
	if a.ScheduleID < 0 || a.RosterID < 0 || (a.ScheduleID > 0 && a.RosterID > 0) {
		return app.Invalidf("schedule_id", "give a positive schedule_id or roster_id, not both")
	}
	ctx := c.Request().Context()
	st, loc, err := s.staffingOf(ctx, name, id)
	if err != nil {
		return err
	}
	p, err := simulationParams(st)
	if err != nil {
		return err
	}
	shifts, err := s.simShifts(ctx, a)
	if err != nil {
		return err
	}
	if shifts != nil {
		// refused now rather than simulated into a horizon without agents
		if err := app.CheckShifts(simRows(a.Queue, st, loc), p.interval(), shifts); err != nil {
			field := "schedule_id"
			if a.RosterID > 0 {
				field = "roster_id"
			}
			return app.Invalidf(field, "%s", app.DetailsOf(err)[0].Reason)
		}
	}
	return s.enqueue(c, simulateJobKind, a)
}

// simulationParams are the stored staffing's parameters.
func simulationParams(st app.StaffingResult) (staffingRequest, error) {
	var req staffingRequest
	if err := json.Unmarshal(st.Params, &req); err != nil {
		return req, app.Wrap(app.Internal, fmt.Sprintf("staffing %d parameters", st.ID), err)
	}
	return req, nil
}

// simShifts are the shifts of the request's schedule or roster (nil for
// neither); a missing one or one of another queue is Invalid naming the
// field.
func (s *Server) simShifts(ctx context.Context, a simulateArgs) ([]app.SimShift, error) {
	var spans []chartdata.Span
	switch {
	case a.ScheduleID > 0:
		sc, doc, err := s.scheduleOf(ctx, a.ScheduleID)
		if app.KindOf(err) == app.NotFound {
			return nil, app.Invalidf("schedule_id", "%s", app.Reason(err))
		}
		if err != nil {
			return nil, err
		}
		if sc.Queue != a.Queue {
			return nil, app.Invalidf("schedule_id", "schedule %d is of queue %s, not %s", a.ScheduleID, sc.Queue, a.Queue)
		}
		r, err := doc.requirements()
		if err != nil {
			return nil, err
		}
		spans = chartdata.PlanSpans(r, doc.Solution.Planned)
	case a.RosterID > 0:
		r, err := s.deps.Store.Roster(ctx, a.RosterID)
		if app.KindOf(err) == app.NotFound {
			return nil, app.Invalidf("roster_id", "%s", app.Reason(err))
		}
		if err != nil {
			return nil, err
		}
		if r.Queue != "" && r.Queue != a.Queue {
			return nil, app.Invalidf("roster_id", "roster %d is of queue %s, not %s", a.RosterID, r.Queue, a.Queue)
		}
		spans = chartdata.RosterSpans(r.Shifts)
	default:
		return nil, nil
	}
	return chartdata.SimShifts(spans), nil
}

// simulationJSON is a simulate job's result.
type simulationJSON struct {
	Queue        string           `json:"queue"`
	StaffingID   int64            `json:"staffing_id"`
	ScheduleID   int64            `json:"schedule_id,omitempty"`
	RosterID     int64            `json:"roster_id,omitempty"`
	Replications int              `json:"replications"`
	Seed         uint64           `json:"seed"`
	Confidence   float64          `json:"confidence"`
	Interval     app.Duration     `json:"interval"`
	Total        simFiguresJSON   `json:"total"`
	Intervals    []simIntervalRow `json:"intervals"`
	// Warnings say what the figures may hide, such as intervals with
	// contacts that no shift of the plan or roster covers.
	Warnings []string `json:"warnings,omitempty"`
}

type simIntervalRow struct {
	Start  time.Time `json:"interval_start"`
	Volume float64   `json:"volume"`
	Agents *int      `json:"agents,omitempty"` // the staffing's, when no shifts were given
	simFiguresJSON
}

// simFiguresJSON is sim.Figures with any non-finite bound as null.
type simFiguresJSON struct {
	Offered      simEstimate `json:"offered"`
	ServiceLevel simEstimate `json:"service_level"`
	ASASeconds   simEstimate `json:"asa_seconds"`
	AbandonRate  simEstimate `json:"abandon_rate"`
	Occupancy    simEstimate `json:"occupancy"`
	LongestQueue simEstimate `json:"longest_queue"`
}

type simEstimate struct {
	Mean *float64 `json:"mean"`
	Low  *float64 `json:"low"`
	High *float64 `json:"high"`
}

func toSimEstimate(e sim.Estimate) simEstimate {
	f := func(v float64) *float64 {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil
		}
		return &v
	}
	return simEstimate{Mean: f(e.Mean), Low: f(e.Low), High: f(e.High)}
}

func toSimFigures(f sim.Figures) simFiguresJSON {
	return simFiguresJSON{Offered: toSimEstimate(f.Offered), ServiceLevel: toSimEstimate(f.ServiceLevel), ASASeconds: toSimEstimate(f.ASASeconds),
		AbandonRate: toSimEstimate(f.AbandonRate), Occupancy: toSimEstimate(f.Occupancy), LongestQueue: toSimEstimate(f.LongestQueue)}
}

// runSimulation is the simulate job: the staffing's workload played
// through app.Simulate with its agents (or the shifts of a schedule or
// roster), under its patience and service-level time.
func (s *Server) runSimulation(ctx context.Context, args json.RawMessage, progress func(float64, string)) (json.RawMessage, error) {
	var a simulateArgs
	if err := json.Unmarshal(args, &a); err != nil {
		return nil, app.Wrap(app.Invalid, "simulate job", err)
	}
	st, loc, err := s.staffingOf(ctx, a.Queue, a.StaffingID)
	if err != nil {
		return nil, err
	}
	p, err := simulationParams(st)
	if err != nil {
		return nil, err
	}
	shifts, err := s.simShifts(ctx, a)
	if err != nil {
		return nil, err
	}
	funnel, err := p.storedFunnel()
	if err != nil {
		return nil, err
	}
	req := app.SimulateRequest{Interval: p.interval(), Patience: p.Patience.D(), SLTime: p.SLTime.D(), Shifts: shifts, Funnel: funnel,
		Replications: a.Replications, Seed: a.Seed,
		Progress: func(done, total int) {
			progress(float64(done)/float64(max(total, 1)), fmt.Sprintf("%d of %d replications", done, total))
		}}
	if req.SLTime == 0 {
		req.SLTime = 20 * time.Second
	}
	if shifts != nil && p.Shrinkage != nil {
		req.Shrinkage = *p.Shrinkage
	}
	req.Rows = simRows(a.Queue, st, loc)
	progress(0, "simulating")
	res, err := app.Simulate(ctx, req)
	if err != nil {
		return nil, err
	}
	out := simulationJSON{Queue: a.Queue, StaffingID: a.StaffingID, ScheduleID: a.ScheduleID, RosterID: a.RosterID, Replications: res.Replications, Seed: a.Seed,
		Confidence: res.Confidence, Interval: app.Duration(res.Interval), Intervals: make([]simIntervalRow, len(st.Rows))}
	if len(res.Queues) > 0 {
		out.Total = toSimFigures(res.Queues[0].Total)
	}
	for _, w := range res.Warnings {
		out.Warnings = append(out.Warnings, w.Message)
	}
	for i, r := range st.Rows {
		row := simIntervalRow{Start: r.Start.In(loc), Volume: r.Volume, simFiguresJSON: toSimFigures(res.Rows[i])}
		if shifts == nil {
			n := r.Agents
			row.Agents = &n
		}
		out.Intervals[i] = row
	}
	return json.Marshal(out)
}

// simRows are a stored staffing's rows as the simulator's, in the queue's
// zone loc.
func simRows(queue string, st app.StaffingResult, loc *time.Location) []app.SimRow {
	rows := make([]app.SimRow, len(st.Rows))
	for i, r := range st.Rows {
		rows[i] = app.SimRow{Queue: queue, Start: r.Start.In(loc), Volume: r.Volume,
			AHT: time.Duration(r.AHTSeconds * float64(time.Second)), Agents: r.Agents, Line: i + 1}
	}
	return rows
}

// simulationOf is the result of simulate job id; NotFound when there is no
// such job, Invalid when it is not a finished simulation.
func (s *Server) simulationOf(ctx context.Context, id int64) (simulationJSON, error) {
	var out simulationJSON
	j, err := s.jobs()
	if err != nil {
		return out, err
	}
	job, err := j.Get(ctx, app.JobID(id))
	if err != nil {
		return out, err
	}
	if job.Kind != simulateJobKind {
		return out, app.Invalidf("simulation", "job %d is a %s job, not a simulation", id, job.Kind)
	}
	if job.State != app.JobSucceeded {
		return out, app.Invalidf("simulation", "job %d is %s: only a finished simulation can be drawn", id, job.State)
	}
	if err := json.Unmarshal(job.Result, &out); err != nil {
		return out, app.Wrap(app.Internal, fmt.Sprintf("job %d result", id), err)
	}
	return out, nil
}

// overlaySimulation puts a simulation's service level and band on ch,
// interval by interval (by start; intervals the simulation lacks are gaps).
func overlaySimulation(ch *charts.Staffing, sim simulationJSON) error {
	byStart := make(map[int64]simIntervalRow, len(sim.Intervals))
	for _, r := range sim.Intervals {
		byStart[r.Start.Unix()] = r
	}
	val := func(p *float64) float64 {
		if p == nil {
			return math.NaN()
		}
		return *p
	}
	n := len(ch.Starts)
	ch.SimServiceLevel, ch.SimServiceLow, ch.SimServiceHigh = make([]float64, n), make([]float64, n), make([]float64, n)
	found := 0
	for i, t := range ch.Starts {
		r, ok := byStart[t.Unix()]
		if !ok {
			ch.SimServiceLevel[i], ch.SimServiceLow[i], ch.SimServiceHigh[i] = math.NaN(), math.NaN(), math.NaN()
			continue
		}
		found++
		ch.SimServiceLevel[i], ch.SimServiceLow[i], ch.SimServiceHigh[i] = val(r.ServiceLevel.Mean), val(r.ServiceLevel.Low), val(r.ServiceLevel.High)
	}
	if found == 0 {
		return app.Invalidf("simulation", "the simulation has none of the staffing's intervals")
	}
	ch.SimConfidence = sim.Confidence
	return nil
}
