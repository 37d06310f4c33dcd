package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/staffcast/staffcast/demo"
	"github.com/staffcast/staffcast/scheduler/roster"
)

// seedPipeline walks the demo queue through the planner's steps over the
// server's own API, exactly as a user's client would: forecast next week,
// staff it at 80/20 with 30% shrinkage, store the demo's shift templates,
// plan it quickly to size a team (demo.TeamFor), import that team, and
// queue a schedule job with a roster.
// Going through HTTP keeps one code path for seeded and real data.
func seedPipeline(ctx context.Context, base, token string, out io.Writer) error {
	c := &demoClient{base: base + "/api/v1", token: token, http: &http.Client{Timeout: 2 * time.Minute}}
	var fc struct {
		ID int64 `json:"id"`
	}
	if err := c.do(ctx, "POST", "/queues/retail/forecasts", "application/json", `{"horizon":"168h"}`, 201, &fc); err != nil {
		return fmt.Errorf("forecast: %w", err)
	}
	var st struct {
		ID int64 `json:"id"`
	}
	body := fmt.Sprintf(`{"forecast_id":%d,"sl_target":0.8,"sl_time":"20s","shrinkage":0.3,"aht":"240s"}`, fc.ID)
	if err := c.do(ctx, "POST", "/queues/retail/staffing", "application/json", body, 201, &st); err != nil {
		return fmt.Errorf("staffing: %w", err)
	}
	if err := c.do(ctx, "PUT", "/shift-templates/demo", "application/json", demoTemplates, 200, nil); err != nil {
		return fmt.Errorf("shift templates: %w", err)
	}
	// The team is sized to a quick plan, as demo.Team sizes the CLI
	// demo's: a team sized by the staffing's hours alone is too small in
	// working days for a plan of many short shifts (242 agents for 1,352
	// shifts left 166 open).
	var job struct {
		ID int64 `json:"id"`
	}
	body = fmt.Sprintf(`{"staffing_id":%d,"templates":"demo","time_limit":"2s"}`, st.ID)
	if err := c.do(ctx, "POST", "/queues/retail/schedules", "application/json", body, 202, &job); err != nil {
		return fmt.Errorf("sizing schedule: %w", err)
	}
	var done struct {
		State  string `json:"state"`
		Error  string `json:"error"`
		Result struct {
			ScheduleID int64 `json:"schedule_id"`
		} `json:"result"`
	}
	for done.State != "succeeded" {
		if err := c.do(ctx, "GET", fmt.Sprintf("/jobs/%d", job.ID), "", "", 200, &done); err != nil {
			return fmt.Errorf("sizing schedule: %w", err)
		}
		switch done.State {
		case "failed", "cancelled":
			return fmt.Errorf("sizing schedule: job %d %s: %s", job.ID, done.State, done.Error)
		case "succeeded":
		default:
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(100 * time.Millisecond):
			}
		}
	}
	var sized struct {
		Plan struct {
			PaidHours float64 `json:"paid_hours"`
			Shifts    []struct {
				Count int `json:"count"`
			} `json:"shifts"`
		} `json:"plan"`
	}
	if err := c.do(ctx, "GET", fmt.Sprintf("/schedules/%d", done.Result.ScheduleID), "", "", 200, &sized); err != nil {
		return fmt.Errorf("sizing schedule: %w", err)
	}
	shifts := 0
	for _, s := range sized.Plan.Shifts {
		shifts += s.Count
	}
	if shifts == 0 {
		return fmt.Errorf("sizing schedule %d: no shift planned", done.Result.ScheduleID)
	}
	team := demo.TeamFor(shifts, time.Duration(sized.Plan.PaidHours*float64(time.Hour)), 1)
	if err := c.do(ctx, "PUT", "/agents", "text/csv", demoTeamCSV(team), 200, nil); err != nil {
		return fmt.Errorf("agents: %w", err)
	}
	body = fmt.Sprintf(`{"staffing_id":%d,"templates":"demo","time_limit":"10s","roster":true}`, st.ID)
	if err := c.do(ctx, "POST", "/queues/retail/schedules", "application/json", body, 202, &job); err != nil {
		return fmt.Errorf("schedule: %w", err)
	}
	fmt.Fprintf(out, "Seeded queue retail: 12 weeks of history, forecast %d, staffing %d, and schedule job %d (GET /api/v1/jobs/%d)\n", fc.ID, st.ID, job.ID, job.ID)
	return nil
}

// demoTemplates are the demo's shifts (demo.Templates) in the templates
// document "staffcast schedule -templates" reads, with the demo's pricing.
const demoTemplates = `{"interval": "30m", "cyclic": false,
 "weights": {"shortage": 1, "excess": 0.25, "distinct_shift": 15, "paid_hour": 10},
 "templates": [
  {"name": "early", "start_earliest": "07:00", "start_latest": "10:00", "length_min": "8h", "length_max": "9h", "length_step": "30m",
   "breaks": [{"length": "15m", "paid": true, "earliest_after_start": "90m", "latest_after_start": "150m"},
              {"length": "30m", "paid": false, "earliest_after_start": "3h30m", "latest_after_start": "5h30m"}]},
  {"name": "late", "start_earliest": "10:30", "start_latest": "12:00", "length_min": "8h", "length_max": "9h", "length_step": "30m",
   "breaks": [{"length": "15m", "paid": true, "earliest_after_start": "90m", "latest_after_start": "150m"},
              {"length": "30m", "paid": false, "earliest_after_start": "3h30m", "latest_after_start": "5h30m"}]},
  {"name": "part", "start_earliest": "08:00", "start_latest": "16:00", "start_step": "30m", "length_min": "4h", "length_max": "5h", "length_step": "30m",
   "breaks": [{"length": "15m", "paid": true, "earliest_after_start": "90m", "latest_after_start": "150m"}]}]}`

// demoTeamCSV writes demo.TeamFor's team as an agents CSV.
func demoTeamCSV(team []roster.Agent) string {
	var b strings.Builder
	b.WriteString("agent_id,name,skills,min_hours_week,max_hours_week,max_days_week,availability,preferred_days_off\n")
	for _, a := range team {
		var off []string
		for _, d := range a.PreferredDaysOff {
			off = append(off, strings.ToLower(d.String()[:3]))
		}
		// demo.TeamFor's agents are all available 07:00-22:00 every day.
		fmt.Fprintf(&b, "%s,%s,voice,%g,%g,%d,daily 07:00-22:00,%s\n", a.ID, a.Name, a.MinPerWeek.Hours(), a.MaxPerWeek.Hours(), a.MaxDaysPerWeek, strings.Join(off, ";"))
	}
	return b.String()
}

type demoClient struct {
	base, token string
	http        *http.Client
}

// do sends one request and decodes the answer into v (when not nil),
// failing unless the status is want.
func (c *demoClient) do(ctx context.Context, method, path, contentType, body string, want int, v any) error {
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, strings.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	req.Header.Set("Content-Type", contentType)
	resp, err := c.http.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return err
	}
	if resp.StatusCode != want {
		return fmt.Errorf("%s %s: %s: %s", method, path, resp.Status, bytes.TrimSpace(data))
	}
	if v == nil {
		return nil
	}
	return json.Unmarshal(data, v)
}
