package api

import (
	"bytes"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/staffcast/staffcast/app"
	"github.com/staffcast/staffcast/csvio/hrio"
)

// postCoverage measures an imported roster (the shifts CSV of csvio/hrio:
// agent_id,date,start,end[,breaks], wall clock in the queue's zone) against
// a staffing result (?staffing_id=, ?column= scheduled_agents or agents),
// stores the roster (imported: no schedule) and answers 201 with the
// coverage. A bad shift row stores nothing (422 naming the line).
func (s *Server) postCoverage(c echo.Context) error {
	name, err := queueParam(c)
	if err != nil {
		return err
	}
	sid, err := strconv.ParseInt(c.QueryParam("staffing_id"), 10, 64)
	if err != nil || sid <= 0 {
		return invalidf("query parameter staffing_id %.30q: the id of a staffing result of queue %s is required", c.QueryParam("staffing_id"), name)
	}
	column := c.QueryParam("column")
	if column == "" {
		column = "scheduled_agents"
	}
	if column != "scheduled_agents" && column != "agents" {
		return invalidf("query parameter column %.70q: want scheduled_agents or agents", column)
	}
	rosterName := c.QueryParam("name")
	if len(rosterName) > 200 {
		return invalidf("query parameter name: at most 200 bytes")
	}
	ctx := c.Request().Context()
	st, loc, err := s.staffingOf(ctx, name, sid)
	if err != nil {
		return err
	}
	data, err := csvUpload(c)
	if err != nil {
		return err
	}
	shifts, err := hrio.ReadShiftsIn(bytes.NewReader(data), loc)
	if err != nil {
		return importErrorOp("import roster", err)
	}
	req, err := requirementsOf(st, column, loc)
	if err != nil {
		return err
	}
	planned, outside := hrio.Planned(shifts, req, nil)
	cov, err := app.Coverage(ctx, req, planned)
	if err != nil {
		return err
	}
	if rosterName == "" {
		rosterName = fmt.Sprintf("imported against staffing %d", sid)
	}
	r := app.Roster{Queue: name, Name: rosterName}
	for _, sh := range shifts {
		rs := app.RosterShift{AgentID: sh.AgentID, Date: sh.Date.Format(time.DateOnly), Start: sh.StartTime().UTC(), End: sh.EndTime().UTC()}
		for _, b := range sh.Breaks {
			if from, to := sh.BreakTime(b); to.After(from) { // none in a skipped hour
				rs.Breaks = append(rs.Breaks, app.TimeRange{Start: from.UTC(), End: to.UTC()})
			}
		}
		r.Shifts = append(r.Shifts, rs)
	}
	r, err = s.deps.Store.CreateRoster(ctx, actor(c), r)
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderLocation, fmt.Sprintf("/api/v1/rosters/%d", r.ID))
	cov.AddOutside(len(shifts), outside.Shifts, outside.Minutes)
	return c.JSON(http.StatusCreated, struct {
		RosterID   int64  `json:"roster_id"`
		StaffingID int64  `json:"staffing_id"`
		Column     string `json:"column"`
		app.CoverageReport
	}{r.ID, sid, column, cov})
}
