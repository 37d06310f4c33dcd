package api

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/staffcast/staffcast/app"
	"github.com/staffcast/staffcast/csvio"
	"github.com/staffcast/staffcast/csvio/hrio"
	"github.com/staffcast/staffcast/scheduler/roster"
)

// agentsHeader is the agents CSV of csvio/hrio.
var agentsHeader = []string{"agent_id", "name", "skills", "min_hours_week", "max_hours_week", "max_days_week", "availability", "preferred_days_off"}

// importAgents replaces the agent list with an agents CSV (hrio.ReadAgents
// checks it) in one transaction: agents absent from the file are deleted,
// one bad row imports nothing (422 naming the line and column of every bad
// row, the first MaxProblemErrors).
func (s *Server) importAgents(c echo.Context) error {
	data, err := csvUpload(c)
	if err != nil {
		return err
	}
	const op = "import agents"
	ras, err := hrio.ReadAgents(bytes.NewReader(data))
	if err != nil {
		return importErrorOp(op, err)
	}
	raw, err := rawRows(data, agentsHeader...)
	if err != nil || len(raw) != len(ras) {
		return app.Errorf(app.Internal, "agents: %d rows read twice as %d (%v)", len(ras), len(raw), err)
	}
	agents := make([]app.Agent, len(ras))
	var bad badRows
	for i, a := range ras {
		r := raw[i]
		for _, col := range []string{"agent_id", "name", "availability", "preferred_days_off"} {
			if len(r.get[col]) > 500 {
				bad.add(&csvio.ParseError{Line: r.line, Field: col, Err: fmt.Errorf("at most 500 bytes")})
			}
		}
		agents[i] = app.Agent{ID: a.ID, Name: a.Name, Skills: a.Skills, MinHoursWeek: a.MinPerWeek.Hours(), MaxHoursWeek: a.MaxPerWeek.Hours(),
			MaxDaysWeek: a.MaxDaysPerWeek, Availability: r.get["availability"], PreferredDaysOff: r.get["preferred_days_off"], Line: r.line}
		if agents[i].Skills == nil {
			agents[i].Skills = []string{}
		}
	}
	if bad.n > 0 {
		return bad.errorOp(op)
	}
	res, err := s.deps.Store.ImportAgents(c.Request().Context(), actor(c), agents)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, struct {
		app.ImportResult
		Rows int `json:"rows"`
	}{res, len(agents)})
}

// listAgents pages the agents ordered by id as JSON, or with Accept:
// text/csv gives every agent in the import format.
func (s *Server) listAgents(c echo.Context) error {
	typ, err := accepted(c, "application/json", "text/csv")
	if err != nil {
		return err
	}
	switch typ {
	case "text/csv":
		all, err := s.allAgents(c.Request().Context())
		if err != nil {
			return err
		}
		attachment(c, "agents.csv")
		return c.Blob(http.StatusOK, "text/csv; charset=utf-8", agentsCSV(all))
	default: // application/json
		return servePage(c, s.deps.Store.ListAgents)
	}
}

// allAgents reads every page of agents.
func (s *Server) allAgents(ctx context.Context) ([]app.Agent, error) {
	var all []app.Agent
	p := app.Page{Limit: app.MaxPageLimit}
	for {
		as, next, err := s.deps.Store.ListAgents(ctx, p)
		if err != nil {
			return nil, err
		}
		all = append(all, as...)
		if next == "" {
			return all, nil
		}
		p.Cursor = next
	}
}

// agentsCSV writes agents in hrio's agents format.
func agentsCSV(as []app.Agent) []byte {
	var b bytes.Buffer
	cw := csvio.NewWriter(&b)
	cw.Record(agentsHeader...)
	hours := func(h float64) string {
		if h == 0 {
			return ""
		}
		return strconv.FormatFloat(h, 'f', -1, 64)
	}
	for _, a := range as {
		days := ""
		if a.MaxDaysWeek > 0 {
			days = strconv.Itoa(a.MaxDaysWeek)
		}
		skills := ""
		for i, sk := range a.Skills {
			if i > 0 {
				skills += ";"
			}
			skills += sk
		}
		cw.Record(a.ID, a.Name, skills, hours(a.MinHoursWeek), hours(a.MaxHoursWeek), days, a.Availability, a.PreferredDaysOff)
	}
	cw.Flush()
	return b.Bytes()
}

// rosterAgents reads the stored agents as the rostering wants them, through
// the agents CSV reader (one parser of availability and days off).
func (s *Server) rosterAgents(ctx context.Context) ([]roster.Agent, []app.Agent, error) {
	all, err := s.allAgents(ctx)
	if err != nil || len(all) == 0 {
		return nil, all, err
	}
	ras, err := hrio.ReadAgents(bytes.NewReader(agentsCSV(all)))
	if err != nil {
		return nil, nil, app.Wrap(app.Internal, "stored agents", err)
	}
	return ras, all, nil
}
