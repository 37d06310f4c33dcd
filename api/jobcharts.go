package api

import (
	"encoding/json"
	"fmt"

	"github.com/labstack/echo/v4"

	"github.com/staffcast/staffcast/app"
	"github.com/staffcast/staffcast/charts"
	"github.com/staffcast/staffcast/internal/chartdata"
	"github.com/staffcast/staffcast/scenario"
)

// getJobChart draws the result of a finished job: a sweep as
// charts.ScenarioSweep (paid hours, service, abandonment and cost against
// the one varied setting), an optimisation as charts.HourlySplit (the bot
// share chosen for each hour; ?queue= picks the queue, default the
// first), a simulation as the staffing chart of the staffing it simulated
// (with its schedule's or roster's agents on shift) overlaid with the
// simulated service level and its band. Other kinds, and jobs that have
// not succeeded, have no chart (404).
func (s *Server) getJobChart(c echo.Context) error {
	j, err := s.jobs()
	if err != nil {
		return err
	}
	id, err := int64Param(c, "id")
	if err != nil {
		return err
	}
	if _, err := chartOptions(c); err != nil {
		return err
	}
	job, err := j.Get(c.Request().Context(), app.JobID(id))
	if err != nil {
		return err
	}
	if !s.mayReadResult(c, job.Kind) {
		return s.resultForbidden(c, id, job.Kind)
	}
	if job.State != app.JobSucceeded {
		return app.Errorf(app.NotFound, "job %d is %s: only a finished job has a chart", id, job.State)
	}
	var ch charts.Chart
	switch job.Kind {
	case scenarioSweepJobKind:
		var res scenario.SweepResult
		if err := json.Unmarshal(job.Result, &res); err != nil {
			return app.Wrap(app.Internal, fmt.Sprintf("job %d result", id), err)
		}
		title := fmt.Sprintf("job %d", id)
		if res.Name != "" {
			title = fmt.Sprintf("%s (job %d)", res.Name, id)
		}
		sw, err := chartdata.Sweep(title, &res)
		if err != nil {
			return app.Wrap(app.Invalid, fmt.Sprintf("job %d", id), err)
		}
		ch = sw
	case scenarioOptimizeJobKind:
		var res scenario.OptimizeResult
		if err := json.Unmarshal(job.Result, &res); err != nil {
			return app.Wrap(app.Internal, fmt.Sprintf("job %d result", id), err)
		}
		splits := chartdata.Splits(&res)
		if len(splits) == 0 {
			return app.Errorf(app.NotFound, "job %d optimised no queue", id)
		}
		ch = splits[0]
		if q := c.QueryParam("queue"); q != "" {
			ch = nil
			for _, sp := range splits {
				if sp.Queue == q {
					ch = sp
				}
			}
			if ch == nil {
				return queryErrorf(app.NotFound, "queue", "job %d optimised no queue %.70q", id, q)
			}
		}
	case simulateJobKind:
		var sim simulationJSON
		if err := json.Unmarshal(job.Result, &sim); err != nil {
			return app.Wrap(app.Internal, fmt.Sprintf("job %d result", id), err)
		}
		st, err := s.staffingChart(c.Request().Context(), sim.Queue, sim.StaffingID, sim.ScheduleID, sim.RosterID)
		if err != nil {
			return err
		}
		if err := overlaySimulation(&st, sim); err != nil {
			return err
		}
		ch = st
	default:
		return app.Errorf(app.NotFound, "job %d is a %s job: only scenario sweeps and optimisations and simulations have a chart", id, job.Kind)
	}
	return sendChart(c, ch)
}
