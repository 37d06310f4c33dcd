package api

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/staffcast/staffcast/app"
	"github.com/staffcast/staffcast/csvio"
	"github.com/staffcast/staffcast/csvio/schedio"
	"github.com/staffcast/staffcast/internal/queuename"
	"github.com/staffcast/staffcast/scheduler"
	"github.com/staffcast/staffcast/scheduler/roster"
)

// scheduleJobKind is the job kind of schedules.
const scheduleJobKind = "schedule"

// MaxScheduleTimeLimit caps a schedule's time_limit.
const MaxScheduleTimeLimit = 30 * time.Minute

// scheduleRequest is the body of POST /api/v1/queues/{queue}/schedules:
// the staffing result whose column is the requirement, the name of stored
// shift templates, the time limit (search and roster) and seed, the zone
// the plan is made in, and whether to roster the plan onto the stored
// agents.
type scheduleRequest struct {
	StaffingID int64         `json:"staffing_id"`
	Column     string        `json:"column,omitempty"`     // default scheduled_agents
	Templates  string        `json:"templates"`            // a stored shift template name
	TimeLimit  *app.Duration `json:"time_limit,omitempty"` // default 30s
	Seed       *uint64       `json:"seed,omitempty"`       // default 1
	TZ         string        `json:"tz,omitempty"`         // default the queue's
	Roster     bool          `json:"roster,omitempty"`     // roster onto the agents when there are any
	Skill      string        `json:"skill,omitempty"`      // the skill every shift needs (roster)
}

// scheduleArgs are the checked parameters, the args of a schedule job.
type scheduleArgs struct {
	Queue      string      `json:"queue"`
	StaffingID int64       `json:"staffing_id"`
	Column     string      `json:"column"`
	Templates  string      `json:"templates"`
	TimeLimit  argDuration `json:"time_limit"`
	Seed       uint64      `json:"seed"`
	TZ         string      `json:"tz"`
	Roster     bool        `json:"roster"`
	Skill      string      `json:"skill,omitempty"`
}

// createSchedule checks the request and queues a schedule job: 202 with the
// job, whose result names the schedule (and roster) once it succeeds.
func (s *Server) createSchedule(c echo.Context) error {
	name, err := queueParam(c)
	if err != nil {
		return err
	}
	var req scheduleRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	if _, err := s.jobs(); err != nil { // 503 before checking anything
		return err
	}
	ctx := c.Request().Context()
	q, err := s.deps.Store.Queue(ctx, name)
	if err != nil {
		return err
	}
	a := scheduleArgs{Queue: name, StaffingID: req.StaffingID, Column: req.Column, Templates: req.Templates,
		Seed: 1, TZ: req.TZ, Roster: req.Roster, Skill: req.Skill}
	if req.Seed != nil {
		a.Seed = *req.Seed
	}
	if a.Column == "" {
		a.Column = "scheduled_agents"
	}
	if a.Column != "scheduled_agents" && a.Column != "agents" {
		return app.Invalidf("column", "%.70q: want scheduled_agents or agents", a.Column)
	}
	limit, err := durationOr("time_limit", req.TimeLimit, 30*time.Second)
	if err != nil {
		return err
	}
	a.TimeLimit = argDuration(limit)
	if limit > MaxScheduleTimeLimit {
		return app.Invalidf("time_limit", "%s is above the most a job may take, %s", app.ShortDuration(limit), app.ShortDuration(MaxScheduleTimeLimit))
	}
	if a.TZ == "" {
		a.TZ = q.TimeZone
	}
	if err := checkTimeZone(a.TZ); err != nil {
		return app.Invalidf("tz", "%v", err)
	}
	if len(a.Skill) > 64 {
		return app.Invalidf("skill", "at most 64 bytes")
	}
	if a.Roster && strings.TrimSpace(a.Skill) != "" {
		agents, _, err := s.rosterAgents(ctx)
		if err != nil {
			return err
		}
		if a.Skill, err = app.CheckSkill(a.Skill, agents); err != nil {
			return err
		}
	}
	if a.StaffingID <= 0 {
		return app.Invalidf("staffing_id", "required: the id of a staffing result of queue %s", name)
	}
	if _, _, err := s.staffingOf(ctx, name, a.StaffingID); err != nil {
		if app.KindOf(err) == app.NotFound {
			return app.Invalidf("staffing_id", "%s", app.Reason(err))
		}
		return err
	}
	if !queuename.Pattern.MatchString(a.Templates) {
		return app.Invalidf("templates", "the name of stored shift templates (PUT /api/v1/shift-templates/{name}), got %.70q", a.Templates)
	}
	// What the job would refuse (a requirement too large for a plan,
	// templates that do not fit the staffing's grid) is refused now.
	if _, err := s.scheduleProblem(ctx, a); err != nil {
		return err
	}
	return s.enqueue(c, scheduleJobKind, a)
}

// scheduleDoc is the stored plan document of a schedule: what GET shows
// (scheduleView) and what the CSV exports need (Solution).
type scheduleDoc struct {
	scheduleView
	Solution scheduleSolution `json:"solution"`
}

// scheduleView is the plan as the API shows it.
type scheduleView struct {
	StaffingID      int64              `json:"staffing_id"`
	Templates       string             `json:"templates"`
	TimeZone        string             `json:"tz"`
	Days            int                `json:"days"`
	ShortageMinutes float64            `json:"shortage_minutes"`
	ExcessMinutes   float64            `json:"excess_minutes"`
	PaidHours       float64            `json:"paid_hours"`
	DistinctShifts  int                `json:"distinct_shifts"`
	Objective       float64            `json:"objective"`
	LowerBound      float64            `json:"lower_bound"`
	BoundKind       string             `json:"bound_kind"` // as app.ScheduleReport's
	Gap             float64            `json:"gap"`
	Stopped         bool               `json:"stopped"`
	Shifts          []planShiftJSON    `json:"shifts"`
	Coverage        app.CoverageReport `json:"coverage"`
	RosterID        *int64             `json:"roster_id,omitempty"`
	Roster          *rosterSummary     `json:"roster,omitempty"`
}

type planShiftJSON struct {
	Date          string          `json:"date"`
	Day           string          `json:"day"`
	Start         string          `json:"start"`
	LengthMinutes int             `json:"length_minutes"`
	Count         int             `json:"count"`
	Template      string          `json:"template,omitempty"`
	Breaks        []planBreakJSON `json:"breaks"`
}

type planBreakJSON struct {
	Start         string `json:"start"`
	LengthMinutes int    `json:"length_minutes"`
	Paid          bool   `json:"paid,omitempty"`
}

type rosterSummary struct {
	Agents         int      `json:"agents"`
	Assigned       int      `json:"assigned"`
	Unassigned     int      `json:"unassigned"`
	AgentsBelowMin int      `json:"agents_below_min"`
	Advice         []string `json:"shortfall,omitempty"`
	// The assigned shifts' own coverage (app.RosterReport); nil in
	// schedules stored before it was kept.
	ShortageMinutes *float64 `json:"shortage_minutes,omitempty"`
	ExcessMinutes   *float64 `json:"excess_minutes,omitempty"`
	ShortIntervals  *int     `json:"short_intervals,omitempty"`
}

// scheduleSolution keeps what the exports rebuild the CSVs from.
type scheduleSolution struct {
	Start       time.Time                `json:"start"` // midnight of day 0, re-read in TimeZone
	Interval    time.Duration            `json:"interval"`
	Required    []float64                `json:"required"`
	Cyclic      bool                     `json:"cyclic"`
	Planned     []scheduler.PlannedShift `json:"planned"`
	Assignments []roster.Assignment      `json:"assignments,omitempty"`
}

func (d scheduleDoc) requirements() (scheduler.Requirements, error) {
	loc, err := time.LoadLocation(d.TimeZone)
	if err != nil {
		return scheduler.Requirements{}, app.Wrap(app.Internal, "stored schedule", err)
	}
	y, m, dd := d.Solution.Start.In(loc).Date()
	return scheduler.Requirements{Start: time.Date(y, m, dd, 0, 0, 0, 0, loc), Interval: d.Solution.Interval,
		Required: d.Solution.Required, Cyclic: d.Solution.Cyclic}, nil
}

func round4(v float64) float64 { return math.Round(v*1e4) / 1e4 }

// requirementsOf reads a staffing result's column as requirements in loc,
// through the CSV "staffcast staff" writes and "staffcast schedule" reads.
// Its errors are Invalid and name the staffing and the interval, not a line
// of that CSV, which the client never sent.
func requirementsOf(st app.StaffingResult, column string, loc *time.Location) (scheduler.Requirements, error) {
	for _, r := range st.Rows {
		need := r.ScheduledAgents
		if column == "agents" {
			need = r.Agents
		}
		if need > schedio.MaxRequired {
			return scheduler.Requirements{}, app.Errorf(app.Invalid, "staffing %d needs %d %s at %s, more than the %d agents in one interval a schedule plans (a units mistake?)",
				st.ID, need, column, r.Start.In(loc).Format(time.RFC3339), int(schedio.MaxRequired))
		}
	}
	b, err := staffingCSV(st, loc)
	if err != nil {
		return scheduler.Requirements{}, err
	}
	req, err := schedio.ReadRequirementsIn(bytes.NewReader(b), column, loc)
	if err != nil {
		// Line 1 of the CSV is its header, line i+2 the staffing's row i.
		if pe, ok := errors.AsType[*csvio.ParseError](err); ok && pe.Line >= 2 && pe.Line-2 < len(st.Rows) {
			return req, app.Errorf(app.Invalid, "staffing %d, the interval at %s (%s): %s", st.ID,
				st.Rows[pe.Line-2].Start.In(loc).Format(time.RFC3339), column, strings.TrimPrefix(pe.Err.Error(), "csvio: "))
		}
		return req, app.Wrap(app.Invalid, fmt.Sprintf("staffing %d as requirements", st.ID), err)
	}
	return req, nil
}

// scheduleProblem builds the problem a schedule job solves: the staffing's
// column as requirements in a.TZ and the stored shift templates, checked as
// the solver checks them (its size limits included). createSchedule calls
// it so that what the job would fail on is refused at once; the job calls
// it again, since the templates may have changed meanwhile. Errors are
// Invalid naming the request's field.
func (s *Server) scheduleProblem(ctx context.Context, a scheduleArgs) (scheduler.Problem, error) {
	loc, err := time.LoadLocation(a.TZ)
	if err != nil {
		return scheduler.Problem{}, app.Invalidf("tz", "%v", err)
	}
	field := func(name string, err error) error {
		if k := app.KindOf(err); k == app.NotFound || k == app.Invalid {
			return app.Invalidf(name, "%s", app.Reason(err))
		}
		return err
	}
	st, err := s.deps.Store.Staffing(ctx, a.StaffingID)
	if err != nil {
		return scheduler.Problem{}, field("staffing_id", err)
	}
	req, err := requirementsOf(st, a.Column, loc)
	if err != nil {
		return scheduler.Problem{}, field("staffing_id", err)
	}
	tmpl, err := s.deps.Store.ShiftTemplate(ctx, a.Templates)
	if err != nil {
		return scheduler.Problem{}, field("templates", err)
	}
	tf, err := schedio.ReadTemplates(bytes.NewReader(tmpl.Document))
	if err != nil {
		return scheduler.Problem{}, app.Invalidf("templates", "shift templates %s: %v", a.Templates, err)
	}
	if tf.Interval != 0 && tf.Interval != req.Interval {
		return scheduler.Problem{}, app.Invalidf("templates", "shift templates %s: interval %v does not match the staffing's %v interval", a.Templates, tf.Interval, req.Interval)
	}
	req.Cyclic = tf.Cyclic
	p := scheduler.Problem{Requirements: req, Templates: tf.Templates, Weights: tf.Weights}
	if err := p.Validate(); err != nil {
		name := "templates"
		if errors.Is(err, scheduler.ErrTooManyShifts) || errors.Is(err, scheduler.ErrHorizonTooLong) || req.Validate() != nil {
			name = "staffing_id"
		}
		return p, app.Invalidf(name, "staffing %d with shift templates %s: %s", a.StaffingID, a.Templates, strings.TrimPrefix(err.Error(), "scheduler: "))
	}
	return p, nil
}

// runSchedule is the schedule job: it plans (and rosters) through
// app.SchedulePlan and stores the schedule and roster as made by by.
func (s *Server) runSchedule(ctx context.Context, by string, a scheduleArgs, progress func(float64, string)) (json.RawMessage, error) {
	problem, err := s.scheduleProblem(ctx, a)
	if err != nil {
		return nil, err
	}
	req := problem.Requirements
	sr := app.ScheduleRequest{Problem: problem, Seed: a.Seed,
		// Under the time limit, the share of it spent (app.ScheduleProgress).
		Progress: func(p app.ScheduleProgress) {
			note := "planning"
			if p.Searched {
				note = fmt.Sprintf("searching: objective %.1f", p.Objective)
			}
			progress(0.95*p.Done, note)
		}}
	var agents []app.Agent
	if a.Roster {
		if sr.Agents, agents, err = s.rosterAgents(ctx); err != nil {
			return nil, err
		}
		sr.Roster = roster.DefaultOptions()
		sr.Roster.Skill = a.Skill
	}
	progress(0, "planning")
	sr.TimeLimit = time.Duration(a.TimeLimit)
	res, err := app.SchedulePlan(ctx, sr)
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, app.Wrap(app.Canceled, "schedule", err)
	}
	progress(0.97, "storing")
	p := res.Plan
	cov, err := app.Coverage(context.WithoutCancel(ctx), req, p.Shifts)
	if err != nil {
		return nil, err
	}
	cov.Shifts = headCount(p.Shifts)
	doc := scheduleDoc{scheduleView: scheduleView{StaffingID: a.StaffingID, Templates: a.Templates, TimeZone: a.TZ, Days: req.Days(),
		ShortageMinutes: round4(p.ShortageMinutes), ExcessMinutes: round4(p.ExcessMinutes), PaidHours: round4(p.PaidHours),
		DistinctShifts: p.DistinctShifts, Objective: round4(p.Objective), LowerBound: round4(p.LowerBound), BoundKind: p.BoundKind,
		Gap: round4(p.Gap), Stopped: p.Stopped, Shifts: []planShiftJSON{}, Coverage: cov},
		Solution: scheduleSolution{Start: req.Start, Interval: req.Interval, Required: req.Required, Cyclic: req.Cyclic, Planned: p.Shifts}}
	for _, ps := range p.Shifts {
		day := req.Start.AddDate(0, 0, ps.Day)
		sh := planShiftJSON{Date: day.Format(time.DateOnly), Day: schedio.WeekdayName(day.Weekday()), Start: schedio.FormatClock(ps.Start),
			LengthMinutes: int(ps.Length.Minutes()), Count: ps.Count, Template: ps.Template, Breaks: []planBreakJSON{}}
		for _, b := range ps.Breaks {
			sh.Breaks = append(sh.Breaks, planBreakJSON{Start: schedio.FormatClock(b.Start % (24 * time.Hour)), LengthMinutes: int(b.Length.Minutes()), Paid: b.Paid})
		}
		doc.Shifts = append(doc.Shifts, sh)
	}
	if res.Roster != nil {
		doc.Solution.Assignments = res.Roster.Assignments
		doc.Roster = &rosterSummary{Agents: len(agents), Assigned: res.Summary.Assigned, Unassigned: res.Summary.Unassigned, AgentsBelowMin: res.Summary.AgentsBelowMin,
			ShortageMinutes: new(res.Report.ShortageMinutes), ExcessMinutes: new(res.Report.ExcessMinutes), ShortIntervals: new(res.Report.ShortIntervals)}
		for _, adv := range res.Roster.Shortfall {
			doc.Roster.Advice = append(doc.Roster.Advice, adv.String())
		}
	}
	plan, err := json.Marshal(doc)
	if err != nil {
		return nil, app.Wrap(app.Internal, "schedule document", err)
	}
	params, _ := json.Marshal(a)
	// The job's context may be cancelled now; storing what was found must
	// not be cut half-way. The schedule and its roster are stored in one
	// transaction: a failure stores neither, never a plan that says it was
	// rostered without its roster.
	sctx := context.WithoutCancel(ctx)
	// The roster is checked first so that the error of a shift the store
	// would refuse names its agent and date.
	var ros *app.Roster
	if res.Roster != nil {
		ros = &app.Roster{}
		for _, as := range res.Roster.Assignments {
			rs := rosterShiftOf(req, as)
			if p := rs.Problem(); p != "" {
				return nil, app.Errorf(app.Internal, "roster: agent %s on %s: %s", rs.AgentID, rs.Date, p)
			}
			ros.Shifts = append(ros.Shifts, rs)
		}
	}
	sched, ros, err := s.deps.Store.CreateSchedule(sctx, by, app.Schedule{Queue: a.Queue, Params: params, Plan: plan}, ros)
	if err != nil {
		return nil, err
	}
	out := map[string]any{"schedule_id": sched.ID, "location": fmt.Sprintf("/api/v1/schedules/%d", sched.ID)}
	if ros != nil {
		out["roster_id"] = ros.ID
		out["roster_location"] = fmt.Sprintf("/api/v1/rosters/%d", ros.ID)
	}
	return json.Marshal(out)
}

// rosterShiftOf places an assignment on the calendar of req.
func rosterShiftOf(req scheduler.Requirements, a roster.Assignment) app.RosterShift {
	sh := a.Shift
	at := func(off time.Duration) time.Time {
		t, _ := schedio.WallTime(req, sh.Day, off)
		return t.UTC()
	}
	rs := app.RosterShift{AgentID: a.Agent, Date: req.Start.AddDate(0, 0, sh.Day).Format(time.DateOnly), Start: at(sh.Start), End: at(sh.End())}
	for _, b := range sh.Breaks {
		// A break in the hour a clock change skips (02:30-03:00 on a
		// spring-forward night) takes no time, as coverage and the
		// calendars have it: it is not stored (the store refuses an empty
		// one, which failed the job after its plan was stored).
		if from, to := at(b.Start), at(b.Start+b.Length); to.After(from) {
			rs.Breaks = append(rs.Breaks, app.TimeRange{Start: from, End: to})
		}
	}
	return rs
}

// headCount is the number of agents' shifts in a plan: each planned shift
// is Count of them (as a roster or coverage upload lists them one a row).
func headCount(planned []scheduler.PlannedShift) int {
	n := 0
	for _, ps := range planned {
		n += ps.Count
	}
	return n
}

// scheduleOf loads a stored schedule and its document.
func (s *Server) scheduleOf(ctx context.Context, id int64) (app.Schedule, scheduleDoc, error) {
	sc, err := s.deps.Store.Schedule(ctx, id)
	if err != nil {
		return sc, scheduleDoc{}, err
	}
	var doc scheduleDoc
	if err := json.Unmarshal(sc.Plan, &doc); err != nil {
		return sc, doc, app.Wrap(app.Internal, fmt.Sprintf("schedule %d document", id), err)
	}
	// Schedules stored before the plan's coverage counted its shifts say 0.
	doc.Coverage.Shifts = headCount(doc.Solution.Planned)
	return sc, doc, nil
}

// getSchedule returns a schedule: its parameters and plan (shifts, cost,
// lower bound, gap, coverage per interval, roster summary).
func (s *Server) getSchedule(c echo.Context) error {
	id, err := int64Param(c, "id")
	if err != nil {
		return err
	}
	sc, doc, err := s.scheduleOf(c.Request().Context(), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, struct {
		ID        int64           `json:"id"`
		Queue     string          `json:"queue"`
		Params    json.RawMessage `json:"params,omitempty"`
		CreatedAt time.Time       `json:"created_at"`
		CreatedBy string          `json:"created_by"`
		Plan      scheduleView    `json:"plan"`
	}{sc.ID, sc.Queue, sc.Params, sc.CreatedAt, sc.CreatedBy, doc.scheduleView})
}

// getSchedulePlan returns the plan as the plan.csv "staffcast schedule
// -out-dir" writes (406 when Accept does not allow text/csv).
func (s *Server) getSchedulePlan(c echo.Context) error {
	id, err := int64Param(c, "id")
	if err != nil {
		return err
	}
	if _, err := accepted(c, "text/csv"); err != nil {
		return err
	}
	_, doc, err := s.scheduleOf(c.Request().Context(), id)
	if err != nil {
		return err
	}
	req, err := doc.requirements()
	if err != nil {
		return err
	}
	var b bytes.Buffer
	if err := schedio.WritePlan(&b, req, doc.Solution.Planned); err != nil {
		return err
	}
	attachment(c, fmt.Sprintf("plan-%d.csv", id))
	return c.Blob(http.StatusOK, "text/csv; charset=utf-8", b.Bytes())
}

// listSchedules pages a queue's schedules (without plans), newest first.
func (s *Server) listSchedules(c echo.Context) error {
	q, p, err := s.queuePage(c)
	if err != nil {
		return err
	}
	scs, next, err := s.deps.Store.ListSchedules(c.Request().Context(), q.Name, p)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, listOf(scs, next))
}

// argDuration is a duration in a job's arguments, which a schedule keeps
// as its parameters: written as a duration string ("10s", as the request
// gave it); read from one, or from a number of nanoseconds, as arguments
// were stored before.
type argDuration time.Duration

func (d argDuration) MarshalJSON() ([]byte, error) {
	return json.Marshal(time.Duration(d).String())
}

func (d *argDuration) UnmarshalJSON(b []byte) error {
	var ns int64
	if err := json.Unmarshal(b, &ns); err == nil {
		*d = argDuration(ns)
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	v, err := time.ParseDuration(s)
	if err != nil {
		return err
	}
	*d = argDuration(v)
	return nil
}
