package api

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"github.com/staffcast/staffcast/app"
)

// body says which size limit a route's request body has.
type body int

const (
	noBody   body = iota // no body expected: the JSON limit applies
	jsonBody             // Config.JSONBodyLimit (1 MiB)
	csvBody              // Config.CSVBodyLimit (256 MiB)
	rowsBody             // JSON with inline rows: 16 x Config.JSONBodyLimit (16 MiB, for MaxStaffingRows rows of about 70 bytes)
)

// route is one endpoint and the roles it admits. Admin is admitted to every
// route that needs a token; public routes need none.
type route struct {
	method, path string // path in Echo syntax: /queues/:queue
	allow        roleSet
	body         body
	handler      echo.HandlerFunc
}

// routes registers every route of the service, and HEAD for every GET
// route. This table is the one place that says who may do what: the role
// table test checks it route by route, and the OpenAPI test checks that
// every route is documented.
//
// planner: history, calendars, forecasts, staffing, schedules; reads scenarios.
// manager: reads everything (every GET), ad hoc Erlang figures, scenarios
// (stores, runs, sweeps, optimises and compares them), cancels any job (a
// planner only their own: cancelJob checks the job's owner).
// hr:      agents, imported rosters and coverage; reads queues and schedules.
// admin:   everything, tokens and the audit log included.
func (s *Server) routes() {
	const v1 = "/api/v1"
	page := webPage()
	table := []route{
		{http.MethodGet, "/", public, noBody, page},
		{http.MethodGet, "/static/:file", public, noBody, page},
		{http.MethodGet, "/healthz", public, noBody, s.healthz},
		{http.MethodGet, "/readyz", public, noBody, s.readyz},
		{http.MethodGet, "/openapi.yaml", public, noBody, s.openapi},

		{http.MethodPost, v1 + "/erlang", planner | manager, jsonBody, s.postErlang},

		{http.MethodGet, v1 + "/me", planner | manager | hr, noBody, s.me},

		{http.MethodGet, v1 + "/queues", planner | manager | hr, noBody, s.listQueues},
		{http.MethodPost, v1 + "/queues", planner, jsonBody, s.createQueue},
		{http.MethodGet, v1 + "/queues/:queue", planner | manager | hr, noBody, s.getQueue},

		{http.MethodPost, v1 + "/queues/:queue/history", planner, csvBody, s.importHistory},
		{http.MethodGet, v1 + "/queues/:queue/history", planner | manager, noBody, s.historySummary},

		{http.MethodPost, v1 + "/queues/:queue/forecasts", planner, jsonBody, s.createForecast},
		{http.MethodGet, v1 + "/queues/:queue/forecasts", planner | manager, noBody, s.listForecasts},
		{http.MethodGet, v1 + "/queues/:queue/forecasts/:id", planner | manager, noBody, s.getForecast},
		{http.MethodGet, v1 + "/queues/:queue/forecasts/:id/chart", planner | manager, noBody, s.getForecastChart},
		{http.MethodGet, v1 + "/queues/:queue/backtests/chart", planner | manager, noBody, s.getBacktestChart},
		{http.MethodPost, v1 + "/queues/:queue/backtests", planner, jsonBody, s.createBacktest},

		{http.MethodPut, v1 + "/calendars", planner, csvBody, s.replaceCalendar},
		{http.MethodPost, v1 + "/calendars", planner, csvBody, s.importCalendar},
		{http.MethodGet, v1 + "/calendars", planner | manager, noBody, s.getCalendar},

		{http.MethodPost, v1 + "/queues/:queue/staffing", planner, rowsBody, s.createStaffing},
		{http.MethodGet, v1 + "/queues/:queue/staffing", planner | manager, noBody, s.listStaffing},
		{http.MethodGet, v1 + "/queues/:queue/staffing/:id", planner | manager, noBody, s.getStaffing},
		{http.MethodGet, v1 + "/queues/:queue/staffing/:id/chart", planner | manager | hr, noBody, s.getStaffingChart},
		{http.MethodPost, v1 + "/queues/:queue/staffing/:id/simulate", planner | manager, jsonBody, s.createSimulation},

		{http.MethodPut, v1 + "/shift-templates/:name", planner, jsonBody, s.putShiftTemplate},
		{http.MethodGet, v1 + "/shift-templates", planner | manager, noBody, s.listShiftTemplates},
		{http.MethodGet, v1 + "/shift-templates/:name", planner | manager, noBody, s.getShiftTemplate},
		{http.MethodDelete, v1 + "/shift-templates/:name", planner, noBody, s.deleteShiftTemplate},

		{http.MethodPost, v1 + "/queues/:queue/schedules", planner, jsonBody, s.createSchedule},
		{http.MethodGet, v1 + "/queues/:queue/schedules", planner | manager | hr, noBody, s.listSchedules},
		{http.MethodGet, v1 + "/schedules/:id", planner | manager | hr, noBody, s.getSchedule},
		{http.MethodGet, v1 + "/schedules/:id/plan", planner | manager | hr, noBody, s.getSchedulePlan},
		{http.MethodGet, v1 + "/schedules/:id/chart", planner | manager | hr, noBody, s.getScheduleChart},

		{http.MethodPost, v1 + "/scenarios", manager, jsonBody, s.createScenario},
		{http.MethodGet, v1 + "/scenarios", planner | manager, noBody, s.listScenarios},
		{http.MethodPost, v1 + "/scenarios/compare", manager, jsonBody, s.compareScenarios},
		{http.MethodGet, v1 + "/scenarios/:id", planner | manager, noBody, s.getScenario},
		{http.MethodPut, v1 + "/scenarios/:id", manager, jsonBody, s.putScenario},
		{http.MethodDelete, v1 + "/scenarios/:id", manager, noBody, s.deleteScenario},
		{http.MethodPost, v1 + "/scenarios/:id/run", manager, jsonBody, s.runScenario},
		{http.MethodPost, v1 + "/scenarios/:id/sweep", manager, jsonBody, s.sweepScenario},
		{http.MethodPost, v1 + "/scenarios/:id/optimize", manager, jsonBody, s.optimizeScenario},

		{http.MethodPut, v1 + "/agents", hr, csvBody, s.importAgents},
		{http.MethodGet, v1 + "/agents", hr | manager, noBody, s.listAgents},

		{http.MethodGet, v1 + "/rosters", hr | planner | manager, noBody, s.listRosters},
		{http.MethodGet, v1 + "/rosters/:id", hr | planner | manager, noBody, s.getRoster},
		{http.MethodGet, v1 + "/rosters/:id/agents/:agent", hr | planner | manager, noBody, s.getAgentICS},
		{http.MethodGet, v1 + "/rosters/:id/chart", hr | planner | manager, noBody, s.getRosterChart},

		{http.MethodPost, v1 + "/queues/:queue/coverage", hr, csvBody, s.postCoverage},

		{http.MethodGet, v1 + "/jobs", planner | manager | hr, noBody, s.listJobs},
		{http.MethodGet, v1 + "/jobs/:id", planner | manager | hr, noBody, s.getJob},
		{http.MethodGet, v1 + "/jobs/:id/chart", planner | manager | hr, noBody, s.getJobChart},
		{http.MethodDelete, v1 + "/jobs/:id", planner | manager, noBody, s.cancelJob},

		{http.MethodGet, v1 + "/tokens", 0, noBody, s.listTokens},
		{http.MethodPost, v1 + "/tokens", 0, jsonBody, s.createToken},
		{http.MethodDelete, v1 + "/tokens/:id", 0, noBody, s.revokeToken},
		{http.MethodGet, v1 + "/audit", manager, noBody, s.listAudit},
	}
	jsonLimit, csvLimit, rowsLimit := bodyLimit(s.cfg.JSONBodyLimit), bodyLimit(s.cfg.CSVBodyLimit), bodyLimit(16*s.cfg.JSONBodyLimit)
	for _, r := range table {
		limit := jsonLimit
		switch r.body {
		case csvBody:
			limit = csvLimit
		case rowsBody:
			limit = rowsLimit
		}
		s.echo.Add(r.method, r.path, r.handler, s.require(r.allow), limit)
		if r.method == http.MethodGet {
			// HEAD answers as GET does, for the same roles; net/http
			// sends the headers and drops the body.
			s.echo.Add(http.MethodHead, r.path, r.handler, s.require(r.allow), limit)
		}
		s.allowed = append(s.allowed, r)
	}
	s.jobReaders = map[string]roleSet{}
	for kind, path := range jobResultRoutes {
		for _, r := range table {
			if r.method == http.MethodGet && r.path == v1+path {
				s.jobReaders[kind] = r.allow
			}
		}
		if _, ok := s.jobReaders[kind]; !ok {
			s.log.Error("job kind reads its result through no GET route", "kind", kind, "path", v1+path)
		}
	}
}

// jobResultRoutes names, for each job kind, the GET route (under /api/v1)
// that reads what the job makes. A job's result and chart are shown only
// to the roles that route admits (Server.jobReaders), so who may read a
// forecast, a schedule or a scenario's figures is said once, in the table
// above, whether they are read from their own route or from a job. A kind
// without an entry shows its result to admin only; a test checks that
// every registered kind has one.
var jobResultRoutes = map[string]string{
	forecastJobKind:         "/queues/:queue/forecasts/:id",
	backtestJobKind:         "/queues/:queue/backtests/chart",
	scheduleJobKind:         "/schedules/:id",
	simulateJobKind:         "/queues/:queue/staffing/:id",
	scenarioRunJobKind:      "/scenarios/:id",
	scenarioSweepJobKind:    "/scenarios/:id",
	scenarioOptimizeJobKind: "/scenarios/:id",
	scenarioCompareJobKind:  "/scenarios/:id",
}

// mayReadResult reports whether the caller may see the result (and the
// chart) of a job of kind.
func (s *Server) mayReadResult(c echo.Context, kind string) bool {
	return s.jobReaders[kind].admits(principalOf(c).Role)
}

// resultForbidden is the 403 of a caller who may not see what a job of
// kind makes.
func (s *Server) resultForbidden(c echo.Context, id int64, kind string) error {
	return &app.Error{Kind: app.Forbidden, Message: fmt.Sprintf("role %s may not read job %d: a %s job's result is shown to the roles that may read what it makes (allowed: %s)",
		principalOf(c).Role, id, kind, s.jobReaders[kind])}
}

// bodyLimit is Echo's BodyLimit of n bytes whose 413 says what the limit
// is, whether the body was too large by its Content-Length or found so
// while it was read.
func bodyLimit(n int64) echo.MiddlewareFunc {
	limit := middleware.BodyLimit(strconv.FormatInt(n, 10) + "B")
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		h := limit(next)
		return func(c echo.Context) error {
			err := h(c)
			var he *echo.HTTPError
			if errors.As(err, &he) && he.Code == http.StatusRequestEntityTooLarge {
				return problemf(http.StatusRequestEntityTooLarge, "the request body is over this route's limit of %s", byteSize(n))
			}
			return err
		}
	}
}

// byteSize writes n bytes as the largest whole unit that fits: 1 MiB,
// 256 MiB, 1500 B.
func byteSize(n int64) string {
	switch {
	case n >= 1<<30 && n%(1<<30) == 0:
		return fmt.Sprintf("%d GiB", n>>30)
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d B", n)
}
