package api

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/staffcast/staffcast/app"
	"github.com/staffcast/staffcast/csvio"
	"github.com/staffcast/staffcast/csvio/staffcsv"
	"github.com/staffcast/staffcast/erlang"
)

// staffingRequest is the body of POST /api/v1/queues/{queue}/staffing: the
// workload is a stored forecast (forecast_id) or rows given inline; the
// targets and the bot funnel are the staff command's flags, durations as
// strings ("20s") or seconds.
type staffingRequest struct {
	ForecastID *int64            `json:"forecast_id,omitempty"`
	Rows       []staffingRowJSON `json:"rows,omitempty"`
	// Interval is the length of the inline rows' intervals (default: the
	// queue's); a forecast has its own.
	Interval *app.Duration `json:"interval,omitempty"`
	// AHT is the handle time of intervals that have none.
	AHT app.Duration `json:"aht,omitempty"`

	app.Promise
	Patience app.Duration `json:"patience,omitempty"`

	app.BotFunnel
	// StaffTo is the volume staffed (app.StaffTo: mean, p80 or
	// expected-sl); p80 and expected-sl need a forecast_id, whose bands
	// they use.
	StaffTo app.StaffTo `json:"staff_to,omitempty"`
}

// staffingRowJSON is one inline workload interval.
type staffingRowJSON struct {
	Start      string   `json:"interval_start"` // RFC 3339; without offset, wall clock in the queue's zone
	Volume     float64  `json:"volume"`
	AHTSeconds *float64 `json:"aht_seconds,omitempty"`
}

// MaxStaffingRows caps the inline rows of a staffing request.
const MaxStaffingRows = 100_000

func (r staffingRequest) targets() (erlang.Targets, error) {
	t := r.Promise.Targets()
	if !r.HasTarget() {
		return t, app.Invalidf("sl_target", "give a target: sl_target (with sl_time), max_asa, max_abandon or max_occupancy")
	}
	if err := t.Validate(); err != nil {
		return t, app.Invalidf("", "%v", err)
	}
	if r.Patience < 0 {
		return t, app.Invalidf("patience", "must not be negative")
	}
	return t, nil
}

// storedFunnel is the bot funnel of a stored staffing's parameters: nil
// without bot_share (a staffing stored before the funnel fields needed
// bot_share ignored them, and is simulated and charted as it was staffed).
func (r staffingRequest) storedFunnel() (*erlang.Funnel, error) {
	if r.BotShare == nil {
		return nil, nil
	}
	return r.BotFunnel.Funnel()
}

// createStaffing runs app.Staff on a forecast or inline rows, stores the
// result and answers 201 with it.
func (s *Server) createStaffing(c echo.Context) error {
	var req staffingRequest
	q, err := s.queueBody(c, &req)
	if err != nil {
		return err
	}
	name := q.Name
	ctx := c.Request().Context()
	loc, err := time.LoadLocation(q.TimeZone)
	if err != nil {
		return err
	}
	targets, err := req.targets()
	if err != nil {
		return err
	}
	f, err := req.BotFunnel.Funnel()
	if err != nil {
		return err
	}
	if req.AHT < 0 {
		return app.Invalidf("aht", "must be positive")
	}
	sr := app.StaffRequest{Patience: req.Patience.D(), Targets: targets, Funnel: f, StaffTo: req.StaffTo}
	switch {
	case req.ForecastID != nil && len(req.Rows) > 0:
		return app.Invalidf("rows", "give forecast_id or rows, not both")
	case req.ForecastID != nil:
		run, err := s.deps.Store.Forecast(ctx, *req.ForecastID)
		if err != nil {
			return err
		}
		if run.Queue != name {
			return app.Invalidf("forecast_id", "forecast %d is of queue %s, not %s", run.ID, run.Queue, name)
		}
		sr.Interval = run.Interval
		for i, row := range run.Rows {
			aht := req.AHT.D()
			if row.AHTSeconds != nil && *row.AHTSeconds > 0 {
				aht = time.Duration(*row.AHTSeconds * float64(time.Second))
			}
			if aht <= 0 {
				return app.Invalidf("aht", "forecast %d has no handle time for %s: give aht", run.ID, row.Start.In(loc).Format(time.RFC3339))
			}
			sr.Rows = append(sr.Rows, app.WorkloadRow{Queue: name, Start: row.Start, Volume: row.Volume, AHT: aht, Line: i + 1,
				Bands: &erlang.Bands{Lower95: row.Lower95, Lower80: row.Lower80, Upper80: row.Upper80, Upper95: row.Upper95}})
		}
	case len(req.Rows) > 0:
		if len(req.Rows) > MaxStaffingRows {
			return app.Invalidf("rows", "at most %d rows", MaxStaffingRows)
		}
		if sr.Interval, err = durationOr("interval", req.Interval, q.Interval); err != nil {
			return err
		}
		for i, row := range req.Rows {
			t, err := csvio.ParseLocalTime(row.Start, loc)
			if err != nil {
				return app.Invalidf(fmt.Sprintf("rows[%d].interval_start", i), "%v", err)
			}
			if !(row.Volume >= 0) || math.IsInf(row.Volume, 0) {
				return app.Invalidf(fmt.Sprintf("rows[%d].volume", i), "must be finite and >= 0")
			}
			aht := req.AHT.D()
			if row.AHTSeconds != nil {
				if !(*row.AHTSeconds > 0) || math.IsInf(*row.AHTSeconds, 0) {
					return app.Invalidf(fmt.Sprintf("rows[%d].aht_seconds", i), "must be finite and > 0")
				}
				aht = time.Duration(*row.AHTSeconds * float64(time.Second))
			}
			if aht <= 0 {
				return app.Invalidf(fmt.Sprintf("rows[%d].aht_seconds", i), "no handle time: give aht_seconds or aht")
			}
			sr.Rows = append(sr.Rows, app.WorkloadRow{Queue: name, Start: t, Volume: row.Volume, AHT: aht, Line: i + 1})
		}
	default:
		return app.Invalidf("forecast_id", "give forecast_id or rows")
	}
	res, err := app.Staff(ctx, sr)
	if err != nil {
		if len(req.Rows) > 0 && errors.Is(err, app.ErrIntervalRows) {
			return inlineRowError(err, req.Interval == nil, sr.Interval)
		}
		return err
	}
	params, err := json.Marshal(struct {
		staffingRequest
		Rows     []staffingRowJSON `json:"rows,omitempty"`
		Interval app.Duration      `json:"interval"`
	}{staffingRequest: req, Interval: app.Duration(res.Interval)})
	if err != nil {
		return err
	}
	st := app.StaffingResult{Queue: name, ForecastID: req.ForecastID, Params: params, Rows: make([]app.StaffingRow, len(sr.Rows))}
	for i, row := range sr.Rows {
		m := res.Metrics[i]
		st.Rows[i] = app.StaffingRow{Start: row.Start, Volume: row.Volume, AHTSeconds: row.AHT.Seconds(), Agents: m.Agents,
			ScheduledAgents: m.Scheduled, ServiceLevel: m.ServiceLevel, ASASeconds: m.ASASeconds, Occupancy: m.Occupancy, PAbandon: m.PAbandon}
	}
	st, err = s.deps.Store.CreateStaffing(ctx, actor(c), st)
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderLocation, staffingPath(st))
	return c.JSON(http.StatusCreated, toStaffingJSON(st, loc))
}

// inlineRowError names the inline row an app.ErrIntervalRows error points
// at by its JSON field (rows[i].interval_start; the row's Line is i+1),
// and says when the interval was the queue's default.
func inlineRowError(err error, defaulted bool, interval time.Duration) error {
	d := app.DetailsOf(err)
	if len(d) != 1 || d[0].Line < 1 {
		return err
	}
	reason := d[0].Reason
	if defaulted {
		reason += fmt.Sprintf(" (the interval is the queue's, %s: give \"interval\")", app.ShortDuration(interval))
	}
	return app.Invalidf(fmt.Sprintf("rows[%d].%s", d[0].Line-1, d[0].Field), "%s", reason)
}

func staffingPath(st app.StaffingResult) string {
	return fmt.Sprintf("/api/v1/queues/%s/staffing/%d", st.Queue, st.ID)
}

// staffingJSON is a staffing result as the API shows it: instants in the
// queue's zone, an infinite ASA as null.
type staffingJSON struct {
	ID         int64           `json:"id"`
	Queue      string          `json:"queue"`
	ForecastID *int64          `json:"forecast_id"`
	Params     json.RawMessage `json:"params,omitempty"`
	CreatedAt  time.Time       `json:"created_at"`
	CreatedBy  string          `json:"created_by"`
	Rows       []staffRowJSON  `json:"rows,omitempty"`
}

type staffRowJSON struct {
	Start           time.Time `json:"interval_start"`
	Volume          float64   `json:"volume"`
	AHTSeconds      float64   `json:"aht_seconds"`
	Agents          int       `json:"agents"`
	ScheduledAgents int       `json:"scheduled_agents"`
	ServiceLevel    float64   `json:"service_level"`
	ASASeconds      *float64  `json:"asa_seconds"` // null when infinite
	Occupancy       float64   `json:"occupancy"`
	PAbandon        float64   `json:"p_abandon"`
}

func toStaffingJSON(st app.StaffingResult, loc *time.Location) staffingJSON {
	out := staffingJSON{ID: st.ID, Queue: st.Queue, ForecastID: st.ForecastID, Params: st.Params, CreatedAt: st.CreatedAt, CreatedBy: st.CreatedBy}
	for _, r := range st.Rows {
		row := staffRowJSON{Start: r.Start.In(loc), Volume: r.Volume, AHTSeconds: r.AHTSeconds, Agents: r.Agents, ScheduledAgents: r.ScheduledAgents,
			ServiceLevel: r.ServiceLevel, Occupancy: r.Occupancy, PAbandon: r.PAbandon}
		if !math.IsInf(r.ASASeconds, 0) && !math.IsNaN(r.ASASeconds) {
			v := r.ASASeconds
			row.ASASeconds = &v
		}
		out.Rows = append(out.Rows, row)
	}
	return out
}

// staffingCSV writes a staffing result as "staffcast staff" writes it for
// the workload interval_start,queue,volume,aht_seconds.
func staffingCSV(st app.StaffingResult, loc *time.Location) ([]byte, error) {
	wl := &staffcsv.Workload{Header: []string{"interval_start", "queue", "volume", "aht_seconds"}, Rows: make([]staffcsv.Row, len(st.Rows))}
	out := make([]staffcsv.Staffing, len(st.Rows))
	for i, r := range st.Rows {
		wl.Rows[i] = staffcsv.Row{Fields: []string{r.Start.In(loc).Format(time.RFC3339), st.Queue,
			strconv.FormatFloat(r.Volume, 'f', -1, 64), strconv.FormatFloat(r.AHTSeconds, 'f', -1, 64)}}
		out[i] = staffcsv.Staffing{Agents: r.Agents, ScheduledAgents: r.ScheduledAgents, ServiceLevel: r.ServiceLevel,
			ASASeconds: r.ASASeconds, Occupancy: r.Occupancy, PAbandon: r.PAbandon}
	}
	var b bytes.Buffer
	if err := staffcsv.Write(&b, wl, out); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// staffingOf loads a staffing result of queue with the queue's zone.
func (s *Server) staffingOf(ctx context.Context, queue string, id int64) (app.StaffingResult, *time.Location, error) {
	q, err := s.deps.Store.Queue(ctx, queue)
	if err != nil {
		return app.StaffingResult{}, nil, err
	}
	loc, err := time.LoadLocation(q.TimeZone)
	if err != nil {
		return app.StaffingResult{}, nil, err
	}
	st, err := s.deps.Store.Staffing(ctx, id)
	if err != nil {
		return st, nil, err
	}
	if st.Queue != queue {
		return st, nil, app.Errorf(app.NotFound, "staffing %d is not a staffing of queue %s", id, queue)
	}
	return st, loc, nil
}

// getStaffing returns a staffing result as JSON, or with Accept: text/csv
// as the CSV "staffcast staff" writes.
func (s *Server) getStaffing(c echo.Context) error {
	name, err := queueParam(c)
	if err != nil {
		return err
	}
	id, err := int64Param(c, "id")
	if err != nil {
		return err
	}
	st, loc, err := s.staffingOf(c.Request().Context(), name, id)
	if err != nil {
		return err
	}
	typ, err := accepted(c, "application/json", "text/csv")
	if err != nil {
		return err
	}
	switch typ {
	case "text/csv":
		b, err := staffingCSV(st, loc)
		if err != nil {
			return err
		}
		attachment(c, fmt.Sprintf("staffing-%d.csv", st.ID))
		return c.Blob(http.StatusOK, "text/csv; charset=utf-8", b)
	default: // application/json
		return c.JSON(http.StatusOK, toStaffingJSON(st, loc))
	}
}

func (s *Server) listStaffing(c echo.Context) error {
	q, p, err := s.queuePage(c)
	if err != nil {
		return err
	}
	sts, next, err := s.deps.Store.ListStaffing(c.Request().Context(), q.Name, p)
	if err != nil {
		return err
	}
	loc, err := time.LoadLocation(q.TimeZone)
	if err != nil {
		return app.Wrap(app.Internal, "queue "+q.Name+" time zone", err)
	}
	out := make([]staffingJSON, len(sts))
	for i, st := range sts {
		st.Rows = nil
		out[i] = toStaffingJSON(st, loc)
	}
	return c.JSON(http.StatusOK, listOf(out, next))
}

// interval is a stored staffing's interval length (its parameters always
// hold it; 0 if not).
func (r staffingRequest) interval() time.Duration {
	if r.Interval == nil {
		return 0
	}
	return r.Interval.D()
}
