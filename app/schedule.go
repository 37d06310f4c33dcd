package app

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/staffcast/staffcast/csvio/schedio"
	"github.com/staffcast/staffcast/scheduler"
	"github.com/staffcast/staffcast/scheduler/roster"
)

// ReadShiftTemplates reads the shift-templates document stored as name
// (schedio's templates file) and checks it as a schedule would, as far as
// that can be done before the requirements are known: the interval, when
// the document gives one, is at least a minute and divides a day, and
// every template passes scheduler.CheckTemplate on it (with no interval,
// the grid-free rules only: the grid is then the staffing's, and a
// schedule checks the templates on it). Errors are Invalid and name the
// template and the field.
func ReadShiftTemplates(name string, doc []byte) (schedio.TemplateFile, error) {
	op := "shift templates " + name
	tf, err := schedio.ReadTemplates(bytes.NewReader(doc))
	if err != nil {
		return tf, &Error{Kind: Invalid, Op: op, Err: err, Details: templateDetails(doc, err)}
	}
	if iv := tf.Interval; iv != 0 && (iv < time.Minute || (24*time.Hour)%iv != 0) {
		return tf, &Error{Kind: Invalid, Op: op, Err: fmt.Errorf("interval: %v must be at least 1m and divide 24h", iv),
			Details: []Detail{{Field: "interval", Reason: fmt.Sprintf("%v must be at least 1m and divide 24h", iv)}}}
	}
	for _, t := range tf.Templates {
		if err := scheduler.CheckTemplate(t, tf.Interval); err != nil {
			return tf, &Error{Kind: Invalid, Op: op, Err: err, Details: templateDetails(doc, err)}
		}
	}
	return tf, nil
}

// templateDetails is the Detail of a *scheduler.TemplateError in err: its
// field as a path of the document (templates[1].length_max), the template
// found by its name, or by its number ("#2") when it has none; nil when
// err is about no one template.
func templateDetails(doc []byte, err error) []Detail {
	var te *scheduler.TemplateError
	if !errors.As(err, &te) {
		return nil
	}
	i := -1
	if n, ok := strings.CutPrefix(te.Template, "#"); ok {
		if k, err := strconv.Atoi(n); err == nil {
			i = k - 1
		}
	} else {
		var names struct {
			Templates []struct {
				Name string `json:"name"`
			} `json:"templates"`
		}
		_ = json.Unmarshal(doc, &names) // the document read; only the names matter
		// A name used twice is reported at its second use.
		seen := 0
		for k, t := range names.Templates {
			if t.Name == te.Template {
				if i, seen = k, seen+1; seen == 2 {
					break
				}
			}
		}
	}
	field := te.Field
	switch {
	case strings.HasPrefix(field, "templates["):
		// a path of the document already
	case i < 0:
		return nil
	case field == "fields": // an unknown field, named in the reason
		field = fmt.Sprintf("templates[%d]", i)
	default:
		field = fmt.Sprintf("templates[%d].%s", i, field)
	}
	return []Detail{{Field: field, Reason: te.Err.Error()}}
}

// ScheduleRequest asks for a shift plan covering Problem.Requirements and,
// when Agents is non-nil, a roster of that plan onto them. TimeLimit (the
// CLI's -time-limit, a schedule's time_limit) bounds the whole request: the
// search ends early enough for the roster of the best plan found by then
// (see rosterReserve), and the roster is never cut. Cancelling ctx (an
// interrupt, a cancelled job) stops both at once.
type ScheduleRequest struct {
	Problem scheduler.Problem
	Seed    uint64
	Effort  float64 // scales the search; 0 means 1
	// TimeLimit, when positive, is time the request may take: the search
	// spends all of it (see scheduler.Options.SpendToDeadline) but the roster's
	// share when there are agents.
	TimeLimit time.Duration
	// Progress, when set, is called with the request's progress as the
	// search reports it and, under a time limit, a few times a second
	// (ScheduleProgress); never two calls at once, and none once ctx is
	// cancelled.
	Progress func(ScheduleProgress)
	Agents   []roster.Agent // nil: no roster
	Roster   roster.Options // the roster's rules, used as given (start from roster.DefaultOptions())
}

// ScheduleResult is the plan and, when agents were given, its roster.
type ScheduleResult struct {
	Plan    scheduler.Plan // Plan.Stopped when the deadline cut the search
	Roster  *roster.Roster
	Summary *roster.Summary
	// Report is the roster's summary as "schedule -json" prints it; nil
	// without agents.
	Report *RosterReport
}

// SchedulePlan plans and optionally rosters (named so because Schedule is
// the stored entity). It returns the best plan found
// when ctx's deadline passes (Plan.Stopped), but an error of kind Canceled
// when ctx was cancelled (an interrupt: the caller writes nothing). An
// invalid or oversized problem is Invalid.
func SchedulePlan(ctx context.Context, r ScheduleRequest) (ScheduleResult, error) {
	const op = "schedule"
	if err := r.Problem.Validate(); err != nil {
		return ScheduleResult{}, &Error{Kind: Invalid, Op: op, Err: err}
	}
	// The limit is time to spend (Options.SpendToDeadline); ctx's own
	// deadline, a request's or a job's, only cuts the search short. The
	// search's deadline is read here, not in the pure scheduler, and ends
	// only the search: the roster below runs under ctx.
	limit := r.TimeLimit
	if limit > 0 && r.Agents != nil {
		limit -= rosterReserve(limit, len(r.Agents))
	}
	sctx := ctx
	if limit > 0 {
		var cancel context.CancelFunc
		sctx, cancel = context.WithTimeout(ctx, scheduler.SearchTime(limit))
		defer cancel()
	}
	opt := scheduler.Options{Seed: r.Seed, Effort: r.Effort, SpendToDeadline: limit > 0}
	var prog *scheduleProgress
	if r.Progress != nil {
		// The clock is read here, not in the pure scheduler.
		prog = newScheduleProgress(ctx, r.Progress, r.TimeLimit, scheduler.SearchTime(limit), time.Now)
		opt.Progress = prog.search
		if r.TimeLimit > 0 {
			stop, ticking := make(chan struct{}), make(chan struct{})
			go func() {
				defer close(ticking)
				prog.run(stop)
			}()
			defer func() {
				close(stop)
				<-ticking
			}()
		}
	}
	plan, err := scheduler.Solve(sctx, r.Problem, opt)
	if prog != nil {
		prog.searchEnded()
	}
	if ctx.Err() != nil {
		return ScheduleResult{}, Wrap(Canceled, op, ctx.Err())
	}
	if err != nil {
		return ScheduleResult{}, &Error{Kind: Invalid, Op: op, Err: err}
	}
	res := ScheduleResult{Plan: plan}
	if r.Agents == nil {
		return res, nil
	}
	rr, err := AssignRoster(ctx, RosterRequest{Requirements: r.Problem.Requirements, Shifts: plan.Shifts, Agents: r.Agents, Options: r.Roster})
	if err != nil {
		return ScheduleResult{}, err
	}
	res.Roster, res.Summary, res.Report = rr.Roster, &rr.Summary, rr.Report
	return res, nil
}

// rosterReserve is the part of a time limit kept for rostering the plan
// onto n agents after the search: 100 ms and 2 ms an agent, at most a
// quarter of the limit. A roster is not cut by the limit (half a roster is
// no use), so the search leaves it room: 330 agents onto the 1,300 shifts
// of a week open round the clock take about 0.2 s idle, their files
// written (staffcast schedule -agents -out-dir, the 24/7 week at 15
// minutes), so 0.76 s covers them on a machine four times slower; 1,200
// agents onto 5,800 shifts take 1.4-1.8 s (roster.Assign alone). The cap
// keeps most of a short limit for the search, and a zero limit would mean
// none.
func rosterReserve(limit time.Duration, n int) time.Duration {
	return min(limit/4, 100*time.Millisecond+time.Duration(n)*2*time.Millisecond)
}

// RosterReserve is the part of a time limit kept for rostering a plan onto
// n agents after planning it, as SchedulePlan keeps it (see
// rosterReserve): "staffcast plan -agents" gives its scenario the rest.
func RosterReserve(limit time.Duration, n int) time.Duration { return rosterReserve(limit, n) }

// ScheduleReport is a plan as "schedule -json" prints it (and the API
// returns it): figures to 4 decimals, shifts by weekday and wall clock.
type ScheduleReport struct {
	ShortageMinutes float64 `json:"shortage_minutes"`
	ExcessMinutes   float64 `json:"excess_minutes"`
	PaidHours       float64 `json:"paid_hours"`
	DistinctShifts  int     `json:"distinct_shifts"`
	Objective       float64 `json:"objective"`
	LowerBound      float64 `json:"lower_bound"`
	// BoundKind is "lp" when LowerBound is the covering LP's optimum (plus
	// the distinct-shift charge), "lagrangian" when it is a Lagrangian
	// relaxation's value: the covering LP's short of its optimum, or the
	// stronger distinct-shift bound's (see scheduler.Plan.BoundKind).
	BoundKind string          `json:"bound_kind"`
	Gap       float64         `json:"gap"`
	Shifts    []ScheduleShift `json:"shifts"`
	Roster    *RosterReport   `json:"roster,omitempty"`
}

// ScheduleShift is one row of the plan, as plan.csv has it: its start
// day's local date and weekday, its start and end wall-clock times (the end
// may be on the next day), its length and paid minutes (the length less
// its unpaid breaks, so Count x PaidMinutes sums to the plan's paid
// hours), the template it came from and its breaks.
type ScheduleShift struct {
	Day           string          `json:"day"`
	Date          string          `json:"date"`
	Start         string          `json:"start"`
	End           string          `json:"end"`
	LengthMinutes int             `json:"length_minutes"`
	PaidMinutes   int             `json:"paid_minutes"`
	Template      string          `json:"template"`
	Count         int             `json:"count"`
	Breaks        []ScheduleBreak `json:"breaks"`
}

// ScheduleBreak is one break of a shift, starting at a wall-clock time;
// a paid break is paid time, though not coverage.
type ScheduleBreak struct {
	Start         string `json:"start"`
	LengthMinutes int    `json:"length_minutes"`
	Paid          bool   `json:"paid"`
}

// NewScheduleReport shapes plan p over req for JSON (Roster left nil).
func NewScheduleReport(req scheduler.Requirements, p scheduler.Plan) ScheduleReport {
	out := ScheduleReport{
		ShortageMinutes: schedRound(p.ShortageMinutes), ExcessMinutes: schedRound(p.ExcessMinutes),
		PaidHours: schedRound(p.PaidHours), DistinctShifts: p.DistinctShifts,
		Objective: schedRound(p.Objective), LowerBound: schedRound(p.LowerBound), BoundKind: p.BoundKind, Gap: schedRound(p.Gap),
		Shifts: []ScheduleShift{},
	}
	for _, ps := range p.Shifts {
		day := schedio.ShiftDate(req, ps.Day)
		s := ScheduleShift{Day: schedio.WeekdayName(day.Weekday()), Date: day.Format(time.DateOnly), Start: schedio.FormatClock(ps.Start),
			End: schedio.FormatClock(ps.End() % (24 * time.Hour)), LengthMinutes: int(ps.Length.Minutes()), PaidMinutes: int(ps.PaidTime().Minutes()),
			Template: ps.Template, Count: ps.Count, Breaks: []ScheduleBreak{}}
		for _, b := range ps.Breaks {
			s.Breaks = append(s.Breaks, ScheduleBreak{Start: schedio.FormatClock(b.Start % (24 * time.Hour)), LengthMinutes: int(b.Length.Minutes()), Paid: b.Paid})
		}
		out.Shifts = append(out.Shifts, s)
	}
	return out
}

// schedRound keeps four decimals (rounding half away from zero): enough for
// minutes and gaps, without float noise in the output.
func schedRound(v float64) float64 {
	sign := 1.0
	if v < 0 {
		sign = -1
	}
	return float64(int64(v*1e4+0.5*sign)) / 1e4
}
