package api

import (
	"context"
	_ "embed"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/labstack/echo/v4"

	"github.com/staffcast/staffcast/app"
	"github.com/staffcast/staffcast/internal/queuename"
)

//go:embed openapi.yaml
var openapiYAML []byte

// OpenAPI returns the service's OpenAPI 3 document (YAML).
func OpenAPI() []byte { return openapiYAML }

func (s *Server) openapi(c echo.Context) error {
	return c.Blob(http.StatusOK, "application/yaml", openapiYAML)
}

// healthz answers 200 while the process serves.
func (s *Server) healthz(c echo.Context) error {
	return c.JSON(http.StatusOK, map[string]string{"status": "ok"})
}

// readyz answers 200 when the database answers a ping within 2 s, 503
// otherwise.
func (s *Server) readyz(c echo.Context) error {
	ctx, cancel := context.WithTimeout(c.Request().Context(), 2*time.Second)
	defer cancel()
	if err := s.deps.Store.Ping(ctx); err != nil {
		s.log.Warn("readyz: database ping failed", "err", err)
		return echo.NewHTTPError(http.StatusServiceUnavailable, "database unreachable")
	}
	return c.JSON(http.StatusOK, map[string]string{"status": "ready"})
}

// Queues.

// queueJSON is a queue as the API shows it: durations as strings.
type queueJSON struct {
	Name      string       `json:"name"`
	Channel   string       `json:"channel"`
	TimeZone  string       `json:"time_zone"`
	Interval  app.Duration `json:"interval"`
	CreatedAt time.Time    `json:"created_at"`
	UpdatedAt time.Time    `json:"updated_at"`
}

func toQueueJSON(q app.Queue) queueJSON {
	return queueJSON{Name: q.Name, Channel: q.Channel, TimeZone: q.TimeZone, Interval: app.Duration(q.Interval), CreatedAt: q.CreatedAt, UpdatedAt: q.UpdatedAt}
}

// queueRequest creates a queue.
type queueRequest struct {
	Name     string        `json:"name"`
	Channel  string        `json:"channel"`
	TimeZone *string       `json:"time_zone"` // nil: UTC; "" is refused
	Interval *app.Duration `json:"interval"`
}

// checkTimeZone is nil for an IANA time zone name this machine knows, of
// at most 64 bytes, and otherwise says so, for the caller to place. ""
// and "Local" are refused although time.LoadLocation takes them: they name
// the server's own zone (or UTC), not one a planner chose, so a stored
// queue would change meaning with the machine it runs on.
func checkTimeZone(tz string) error {
	if tz == "" || tz == "Local" {
		return fmt.Errorf("%q is not a time zone name (want an IANA name such as Europe/Paris, or UTC)", tz)
	}
	if _, err := time.LoadLocation(tz); err != nil || len(tz) > 64 {
		return fmt.Errorf("unknown time zone %.70q (want an IANA name such as Europe/Paris)", tz)
	}
	return nil
}

// checkLabel is nil for a short label such as a channel: 1 to 64 bytes of
// printable characters (as a token or a queue name in the store), and
// otherwise says so, for the caller to place.
func checkLabel(s string) error {
	if s == "" || len(s) > 64 {
		return fmt.Errorf("1 to 64 bytes required, got %d", len(s))
	}
	for _, r := range s {
		if !unicode.IsPrint(r) {
			return fmt.Errorf("%.70q holds a character that is not printable", s)
		}
	}
	return nil
}

func (r queueRequest) queue() (app.Queue, error) {
	if err := queuename.Check(r.Name); err != nil {
		return app.Queue{}, app.Invalidf("name", "%v", err)
	}
	q := app.Queue{Name: r.Name, Channel: r.Channel, TimeZone: "UTC"}
	if r.TimeZone != nil {
		q.TimeZone = *r.TimeZone
	}
	var err error
	if q.Interval, err = durationOr("interval", r.Interval, 30*time.Minute); err != nil {
		return q, err
	}
	if q.Channel == "" {
		q.Channel = "voice"
	}
	if err := checkTimeZone(q.TimeZone); err != nil {
		return q, app.Invalidf("time_zone", "%v", err)
	}
	if q.Interval < time.Minute || (24*time.Hour)%q.Interval != 0 {
		return q, app.Invalidf("interval", "%s must be at least 1m and divide 24h", app.ShortDuration(q.Interval))
	}
	if err := checkLabel(q.Channel); err != nil {
		return q, app.Invalidf("channel", "%v", err)
	}
	return q, nil
}

func (s *Server) listQueues(c echo.Context) error {
	p, err := page(c)
	if err != nil {
		return err
	}
	qs, next, err := s.deps.Store.ListQueues(c.Request().Context(), p)
	if err != nil {
		return err
	}
	out := make([]queueJSON, len(qs))
	for i, q := range qs {
		out[i] = toQueueJSON(q)
	}
	return c.JSON(http.StatusOK, listOf(out, next))
}

func (s *Server) createQueue(c echo.Context) error {
	var req queueRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	q, err := req.queue()
	if err != nil {
		return err
	}
	q, err = s.deps.Store.CreateQueue(c.Request().Context(), actor(c), q)
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderLocation, "/api/v1/queues/"+q.Name)
	return c.JSON(http.StatusCreated, toQueueJSON(q))
}

func (s *Server) getQueue(c echo.Context) error {
	name, err := queueParam(c)
	if err != nil {
		return err
	}
	q, err := s.deps.Store.Queue(c.Request().Context(), name)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toQueueJSON(q))
}

// Tokens (admin).

type tokenRequest struct {
	Name string `json:"name"`
	Role string `json:"role"`
}

// tokenCreated is the answer to a token creation: the only time the clear
// token is shown.
type tokenCreated struct {
	Token string    `json:"token"`
	Info  app.Token `json:"info"`
}

func (s *Server) listTokens(c echo.Context) error {
	return servePage(c, s.deps.Store.ListTokens)
}

func (s *Server) createToken(c echo.Context) error {
	var req tokenRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	role, err := ParseRole(req.Role)
	if err != nil {
		return app.Invalidf("role", "%s", app.Reason(err))
	}
	if err := checkLabel(req.Name); err != nil {
		return app.Invalidf("name", "%v", err)
	}
	// " qa-planner" reads as "qa-planner" in the audit log.
	if strings.TrimSpace(req.Name) != req.Name {
		return app.Invalidf("name", "%.70q starts or ends with white space", req.Name)
	}
	clear, t, err := s.deps.Store.CreateToken(c.Request().Context(), actor(c), req.Name, string(role))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, tokenCreated{Token: clear, Info: t})
}

func (s *Server) revokeToken(c echo.Context) error {
	id, err := int64Param(c, "id")
	if err != nil {
		return err
	}
	if err := s.deps.Store.RevokeToken(c.Request().Context(), actor(c), id); err != nil {
		return err
	}
	s.tokens.forget()
	return c.NoContent(http.StatusNoContent)
}

func (s *Server) listAudit(c echo.Context) error {
	return servePage(c, s.deps.Store.Audit)
}

// Jobs.

func (s *Server) jobs() (app.Jobs, error) {
	if s.deps.Jobs == nil {
		return nil, echo.NewHTTPError(http.StatusServiceUnavailable, "this server runs no job queue")
	}
	return s.deps.Jobs, nil
}

// enqueue queues a job of kind with args for the caller and answers 202
// with the job, its Location the job's URL (503 when no job queue runs).
func (s *Server) enqueue(c echo.Context, kind string, args any) error {
	j, err := s.jobs()
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	id, err := j.Enqueue(ctx, kind, actor(c), args)
	if err != nil {
		return err
	}
	job, err := j.Get(ctx, id)
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderLocation, fmt.Sprintf("/api/v1/jobs/%d", id))
	return c.JSON(http.StatusAccepted, job)
}

// listJobs pages jobs newest first; the cursor is an offset.
// jobCursorMark starts a jobs page cursor, so that another list's cursor
// is refused rather than misread.
const jobCursorMark = "jc1:"

func (s *Server) listJobs(c echo.Context) error {
	j, err := s.jobs()
	if err != nil {
		return err
	}
	p, err := page(c)
	if err != nil {
		return err
	}
	// The cursor is the last id of the page before: jobs queued since do not
	// shift the pages.
	var before int64
	if p.Cursor != "" {
		id, ok := strings.CutPrefix(p.Cursor, jobCursorMark)
		if before, err = strconv.ParseInt(id, 10, 64); !ok || err != nil || before <= 0 {
			return invalidf("cursor %.70q is not one this server gave", p.Cursor)
		}
	}
	limit := p.Limit
	if limit == 0 {
		limit = app.DefaultPageLimit
	}
	js, err := j.List(c.Request().Context(), limit, app.JobID(before))
	if err != nil {
		return err
	}
	// A full page has a next one only when an older job exists: "" after
	// the last page, as every list has it.
	next := ""
	if len(js) == limit {
		last := js[len(js)-1].ID
		more, err := j.List(c.Request().Context(), 1, last)
		if err != nil {
			return err
		}
		if len(more) > 0 {
			next = jobCursorMark + strconv.FormatInt(int64(last), 10)
		}
	}
	// A list leaves out every job's result (a simulation's is about
	// 100 KB; GET /jobs/{id} has it) and names only the ids it holds. A
	// role that may not read what a job makes sees the job (its kind,
	// state, progress and who queued it) without those ids either, nor
	// its error and progress note, whose words can tell of it.
	for i := range js {
		if js[i].Result != nil && js[i].ResultIDs == nil {
			js[i].ResultIDs = app.ResultIDsOf(js[i].Result) // a queue that listed it
		}
		js[i].Result = nil
		if !s.mayReadResult(c, js[i].Kind) {
			js[i].ResultIDs, js[i].Error, js[i].ProgressNote = nil, "", ""
		}
	}
	return c.JSON(http.StatusOK, listOf(js, next))
}

func (s *Server) getJob(c echo.Context) error {
	j, err := s.jobs()
	if err != nil {
		return err
	}
	id, err := int64Param(c, "id")
	if err != nil {
		return err
	}
	job, err := j.Get(c.Request().Context(), app.JobID(id))
	if err != nil {
		return err
	}
	if !s.mayReadResult(c, job.Kind) {
		return s.resultForbidden(c, id, job.Kind)
	}
	return c.JSON(http.StatusOK, job)
}

// cancelJob cancels a job and answers 202 with the job as it is now (a
// running job ends cancelled a moment later).
func (s *Server) cancelJob(c echo.Context) error {
	j, err := s.jobs()
	if err != nil {
		return err
	}
	id, err := int64Param(c, "id")
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	queued, err := j.Get(ctx, app.JobID(id))
	if err != nil {
		return err
	}
	// A planner stops their own work only; managers supervise, so they
	// (and admins) may stop anyone's, such as a colleague's stuck schedule.
	if p := principalOf(c); p.Role == Planner && queued.Actor != p.Name {
		return &app.Error{Kind: app.Forbidden, Message: fmt.Sprintf("job %d was queued by %s: a planner may cancel only their own jobs (a manager may cancel any)", id, queued.Actor)}
	}
	if err := j.Cancel(ctx, app.JobID(id)); err != nil {
		return err
	}
	job, err := j.Get(ctx, app.JobID(id))
	if err != nil {
		return err
	}
	// Whoever cancels someone's job is on record, as every change is.
	if err := s.deps.Store.RecordAudit(ctx, actor(c), "job.cancel", fmt.Sprintf("job/%d", id), fmt.Sprintf("kind=%s queued_by=%s", job.Kind, job.Actor)); err != nil {
		return err
	}
	return c.JSON(http.StatusAccepted, job)
}
