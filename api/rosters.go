package api

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/staffcast/staffcast/app"
	"github.com/staffcast/staffcast/csvio/hrio"
	"github.com/staffcast/staffcast/internal/queuename"
	"github.com/staffcast/staffcast/scheduler"
	"github.com/staffcast/staffcast/scheduler/roster"
)

// rosterAssignments gives a stored roster as assignments from day 0 (the
// returned midnight): a roster made by a schedule from the schedule's own
// assignments (paid breaks kept), an imported one from its shifts read in
// the queue's zone (every break unpaid, as stored).
func (s *Server) rosterAssignments(ctx context.Context, r app.Roster) (time.Time, []roster.Assignment, error) {
	if r.ScheduleID != nil {
		_, doc, err := s.scheduleOf(ctx, *r.ScheduleID)
		if err == nil {
			req, err := doc.requirements()
			return req.Start, doc.Solution.Assignments, err
		}
		if app.KindOf(err) != app.NotFound {
			return time.Time{}, nil, err
		}
	}
	loc, err := s.rosterZone(ctx, r)
	if err != nil {
		return time.Time{}, nil, err
	}
	if loc == nil {
		loc = time.UTC
	}
	if len(r.Shifts) == 0 {
		return time.Time{}, nil, nil
	}
	first := r.Shifts[0].Date
	for _, sh := range r.Shifts {
		if sh.Date < first {
			first = sh.Date
		}
	}
	d0, err := time.ParseInLocation(time.DateOnly, first, loc)
	if err != nil {
		return time.Time{}, nil, app.Wrap(app.Internal, "stored roster", err)
	}
	// wall is the offset of t's wall clock from midnight of day.
	wall := func(day time.Time, t time.Time) time.Duration {
		t = t.In(loc)
		y, m, d := t.Date()
		days := time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Sub(time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, time.UTC))
		return days + time.Duration(t.Hour())*time.Hour + time.Duration(t.Minute())*time.Minute + time.Duration(t.Second())*time.Second
	}
	as := make([]roster.Assignment, 0, len(r.Shifts))
	for _, rs := range r.Shifts {
		day, err := time.ParseInLocation(time.DateOnly, rs.Date, loc)
		if err != nil {
			return time.Time{}, nil, app.Wrap(app.Internal, "stored roster", err)
		}
		dayIdx := int(time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, time.UTC).Sub(time.Date(d0.Year(), d0.Month(), d0.Day(), 0, 0, 0, 0, time.UTC)) / (24 * time.Hour))
		start := wall(day, rs.Start)
		sh := scheduler.Shift{Day: dayIdx, Start: start, Length: wall(day, rs.End) - start}
		for _, b := range rs.Breaks {
			bs := wall(day, b.Start)
			sh.Breaks = append(sh.Breaks, scheduler.Break{Start: bs, Length: wall(day, b.End) - bs})
		}
		as = append(as, roster.Assignment{Agent: rs.AgentID, Shift: sh})
	}
	return d0, as, nil
}

// rosterZone is the time zone of the queue a roster names, nil for a
// roster tied to no queue (or to one no longer stored).
func (s *Server) rosterZone(ctx context.Context, r app.Roster) (*time.Location, error) {
	if r.Queue == "" {
		return nil, nil
	}
	q, err := s.deps.Store.Queue(ctx, r.Queue)
	if app.KindOf(err) == app.NotFound {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	loc, err := time.LoadLocation(q.TimeZone)
	if err != nil {
		return nil, app.Wrap(app.Internal, "queue "+q.Name+" time zone", err)
	}
	return loc, nil
}

// rosterIn is r with its shifts' and breaks' instants in loc (the same
// instants, written with loc's offset at each), as every instant of a
// queue is shown; r unchanged when loc is nil.
func rosterIn(r app.Roster, loc *time.Location) app.Roster {
	if loc == nil {
		return r
	}
	shifts := make([]app.RosterShift, len(r.Shifts))
	for i, sh := range r.Shifts {
		sh.Start, sh.End = sh.Start.In(loc), sh.End.In(loc)
		if sh.Breaks != nil {
			bs := make([]app.TimeRange, len(sh.Breaks))
			for j, b := range sh.Breaks {
				bs[j] = app.TimeRange{Start: b.Start.In(loc), End: b.End.In(loc)}
			}
			sh.Breaks = bs
		}
		shifts[i] = sh
	}
	if r.Shifts == nil {
		shifts = nil
	}
	r.Shifts = shifts
	return r
}

// getRoster returns a roster with its shifts as JSON (instants in its
// queue's zone; as stored, in UTC, for a roster tied to no queue), or with
// Accept: text/csv as roster.csv (csvio/hrio: agent_id,date,start,end,breaks).
func (s *Server) getRoster(c echo.Context) error {
	id, err := int64Param(c, "id")
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	r, err := s.deps.Store.Roster(ctx, id)
	if err != nil {
		return err
	}
	typ, err := accepted(c, "application/json", "text/csv")
	if err != nil {
		return err
	}
	switch typ {
	case "text/csv":
		start, as, err := s.rosterAssignments(ctx, r)
		if err != nil {
			return err
		}
		var b bytes.Buffer
		if err := hrio.WriteRoster(&b, start, as); err != nil {
			return err
		}
		attachment(c, fmt.Sprintf("roster-%d.csv", r.ID))
		return c.Blob(http.StatusOK, "text/csv; charset=utf-8", b.Bytes())
	default: // application/json
		loc, err := s.rosterZone(ctx, r)
		if err != nil {
			return err
		}
		return c.JSON(http.StatusOK, rosterIn(r, loc))
	}
}

// listRosters pages rosters (without shifts), newest first; ?queue= keeps
// one queue's.
func (s *Server) listRosters(c echo.Context) error {
	p, err := page(c)
	if err != nil {
		return err
	}
	queue := c.QueryParam("queue")
	if queue != "" {
		if err := queuename.Check(queue); err != nil {
			return invalidf("query parameter queue: %v", err)
		}
	}
	rs, next, err := s.deps.Store.ListRosters(c.Request().Context(), queue, p)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, listOf(rs, next))
}

// getAgentICS returns one agent's shifts of a roster as an iCalendar file
// (text/calendar): the path's last segment is the agent id followed by
// ".ics".
func (s *Server) getAgentICS(c echo.Context) error {
	id, err := int64Param(c, "id")
	if err != nil {
		return err
	}
	file := c.Param("agent")
	// Echo routes on the path as sent when it is escaped otherwise than Go
	// escapes it (a%3Bb for an agent a;b, as a browser's
	// encodeURIComponent writes it), and then gives parameters as sent.
	if c.Request().URL.RawPath != "" {
		if u, err := url.PathUnescape(file); err == nil {
			file = u
		}
	}
	agentID, ok := strings.CutSuffix(file, ".ics")
	if !ok || agentID == "" || len(agentID) > 200 {
		return app.Errorf(app.NotFound, "want /rosters/%d/agents/{agent_id}.ics, got %.70q", id, file)
	}
	if _, err := accepted(c, "text/calendar"); err != nil {
		return err
	}
	ctx := c.Request().Context()
	r, err := s.deps.Store.Roster(ctx, id)
	if err != nil {
		return err
	}
	start, as, err := s.rosterAssignments(ctx, r)
	if err != nil {
		return err
	}
	var mine []roster.Assignment
	for _, a := range as {
		if a.Agent == agentID {
			mine = append(mine, a)
		}
	}
	if len(mine) == 0 {
		return app.Errorf(app.NotFound, "agent %.70q has no shift in roster %d", agentID, id)
	}
	sort.SliceStable(mine, func(i, j int) bool { return mine[i].Shift.Day < mine[j].Shift.Day })
	ra := roster.Agent{ID: agentID, Name: agentID}
	if a, err := s.deps.Store.Agent(ctx, agentID); err == nil && a.Name != "" {
		ra.Name = a.Name
	}
	var b bytes.Buffer
	if err := hrio.WriteICS(&b, hrio.AgentCalendar(ra, mine, start, r.CreatedAt)); err != nil {
		return err
	}
	attachment(c, file)
	return c.Blob(http.StatusOK, "text/calendar; charset=utf-8", b.Bytes())
}
