package api

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/staffcast/staffcast/app"
	"github.com/staffcast/staffcast/scenario"
)

// The job kinds of scenarios.
const (
	scenarioRunJobKind      = "scenario-run"
	scenarioSweepJobKind    = "scenario-sweep"
	scenarioOptimizeJobKind = "scenario-optimize"
	scenarioCompareJobKind  = "scenario-compare"
)

// Bounds of one request's work.
const (
	// MaxSweepPoints caps the grid a sweep evaluates (the product of the
	// numbers of values of its vary entries).
	MaxSweepPoints = 2000
	// MaxCompareScenarios caps the scenarios one compare evaluates.
	MaxCompareScenarios = 10
)

// scenarioRef is a stored scenario as a job runs it: the document as it
// was when the job was queued, so that a PUT meanwhile does not change
// what the job computes.
type scenarioRef struct {
	ID       int64           `json:"id"`
	Version  int             `json:"version"`
	Document json.RawMessage `json:"document"`
}

// scenarioArgs are the args of every scenario job kind: the scenarios (one,
// or several to compare) and what to vary (sweep) or the share grid
// (optimize).
type scenarioArgs struct {
	Scenarios []scenarioRef `json:"scenarios"`
	Vary      []string      `json:"vary,omitempty"`
	Grid      []float64     `json:"grid,omitempty"`
	// TimeLimit bounds the job (app.ScenarioOptions.TimeLimit); 0: none.
	TimeLimit argDuration `json:"time_limit,omitempty"`
}

// scenarioTimeLimit checks a scenario request's time_limit: left out, no
// limit (the result is the same on every run); otherwise positive and at
// most MaxScheduleTimeLimit, as a schedule's.
func scenarioTimeLimit(d *app.Duration) (time.Duration, error) {
	if d == nil {
		return 0, nil
	}
	limit := d.D()
	if limit <= 0 {
		return 0, app.Invalidf("time_limit", "must be positive, got %s (leave the field out for no limit)", app.ShortDuration(limit))
	}
	if limit > MaxScheduleTimeLimit {
		return 0, app.Invalidf("time_limit", "%s is above the most a job may take, %s", app.ShortDuration(limit), app.ShortDuration(MaxScheduleTimeLimit))
	}
	return limit, nil
}

// scenarioBody reads and checks the scenario document a POST or PUT
// sends: JSON (415 otherwise), a valid document (scenario.Parse) with a
// name, whose references the store can resolve (app.StoreSources.Check).
func (s *Server) scenarioBody(c echo.Context) (scenario.Document, []byte, error) {
	r := c.Request()
	data, err := readJSONBody(c)
	if err != nil {
		return scenario.Document{}, nil, err
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return scenario.Document{}, nil, invalidf("request body: empty, a scenario document is required")
	}
	if err := checkJSONText(data); err != nil {
		return scenario.Document{}, nil, err
	}
	d, err := app.ParseScenario(data)
	if err != nil {
		return d, nil, err
	}
	if strings.TrimSpace(d.Name) == "" {
		return d, nil, app.Invalidf("name", "required: a stored scenario is known by its name")
	}
	if len(d.Name) > 200 {
		return d, nil, app.Invalidf("name", "at most 200 bytes")
	}
	if err := s.sources().Check(r.Context(), d); err != nil {
		return d, nil, err
	}
	return d, data, nil
}

func (s *Server) sources() app.StoreSources { return app.StoreSources{Store: s.deps.Store} }

func scenarioPath(id int64) string { return fmt.Sprintf("/api/v1/scenarios/%d", id) }

// etag is a scenario's entity tag: its version.
func etag(sc app.Scenario) string { return strconv.Quote(strconv.Itoa(sc.Version)) }

// createScenario stores a scenario document: 201 with the stored scenario.
func (s *Server) createScenario(c echo.Context) error {
	d, data, err := s.scenarioBody(c)
	if err != nil {
		return err
	}
	sc, err := s.deps.Store.CreateScenario(c.Request().Context(), actor(c), app.Scenario{Name: d.Name, Document: data})
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderLocation, scenarioPath(sc.ID))
	c.Response().Header().Set("ETag", etag(sc))
	return c.JSON(http.StatusCreated, sc)
}

func (s *Server) listScenarios(c echo.Context) error {
	return servePage(c, s.deps.Store.ListScenarios)
}

// getScenario returns a scenario with its document; its ETag is its
// version.
func (s *Server) getScenario(c echo.Context) error {
	id, err := int64Param(c, "id")
	if err != nil {
		return err
	}
	sc, err := s.deps.Store.Scenario(c.Request().Context(), id)
	if err != nil {
		return err
	}
	c.Response().Header().Set("ETag", etag(sc))
	// If-None-Match (RFC 9110, 13.1.2): a client that has this version
	// gets 304 without the document. A header that does not parse is
	// ignored, as the RFC lets a server do, and the document is sent.
	if m, err := parseTags(c, "If-None-Match"); err == nil && m.given && (m.any || slices.Contains(m.versions, sc.Version)) {
		return c.NoContent(http.StatusNotModified)
	}
	return c.JSON(http.StatusOK, sc)
}

// ifMatch is a request's If-Match precondition (RFC 9110, 13.1.1): the
// versions of its entity tags (a weak tag W/"3" is taken as "3", as it
// always was), or any current version (*).
type ifMatch struct {
	given    bool
	any      bool
	versions []int
	header   string
}

// parseIfMatch reads the If-Match header: "*", or a comma-separated list
// of quoted versions. Anything else is 400.
func parseIfMatch(c echo.Context) (ifMatch, error) { return parseTags(c, "If-Match") }

// parseTags reads a header of entity tags (If-Match, If-None-Match) as
// parseIfMatch describes.
func parseTags(c echo.Context, header string) (ifMatch, error) {
	h := strings.TrimSpace(strings.Join(c.Request().Header.Values(header), ", "))
	m := ifMatch{given: h != "", header: h}
	if h == "*" {
		m.any = true
		return m, nil
	}
	bad := func() error {
		return invalidf("%s %.40q is not a list of ETags this server gave (quoted versions such as \"3\" or \"2\", \"3\"; or *)", header, h)
	}
	for rest := h; rest != ""; {
		rest = strings.TrimLeft(rest, " \t,")
		if rest == "" {
			break
		}
		rest = strings.TrimPrefix(rest, "W/")
		if !strings.HasPrefix(rest, `"`) {
			return m, bad()
		}
		tag, after, ok := strings.Cut(rest[1:], `"`)
		if !ok {
			return m, bad()
		}
		v, err := strconv.Atoi(tag)
		if err != nil || v <= 0 {
			return m, bad()
		}
		m.versions = append(m.versions, v)
		rest = strings.TrimLeft(after, " \t")
		if rest != "" && rest[0] != ',' {
			return m, bad()
		}
	}
	if m.given && len(m.versions) == 0 {
		return m, bad()
	}
	return m, nil
}

// preconditions are a state-changing request's If-Match and If-None-Match
// (RFC 9110, 13.1.1, 13.1.2 and 13.2.2: If-Match first, then
// If-None-Match).
type preconditions struct {
	match, noneMatch ifMatch
}

// parsePreconditions reads If-Match and If-None-Match as parseTags does;
// either one that does not parse is 400.
func parsePreconditions(c echo.Context) (preconditions, error) {
	m, err := parseIfMatch(c)
	if err != nil {
		return preconditions{}, err
	}
	n, err := parseTags(c, "If-None-Match")
	if err != nil {
		return preconditions{}, err
	}
	return preconditions{match: m, noneMatch: n}, nil
}

// version evaluates the preconditions against scenario id as it is now
// and returns the version the store's write must still find (0: no
// precondition), so that a change between this read and the write is
// caught too. If-Match fails (412, Stale) when the scenario does not
// exist or its version is not listed; If-None-Match fails (412) when the
// scenario exists and it is * or lists the current version, and holds for
// a scenario that does not exist (the write then answers 404).
func (p preconditions) version(ctx context.Context, st app.Store, id int64) (int, error) {
	if !p.match.given && !p.noneMatch.given {
		return 0, nil
	}
	sc, err := st.Scenario(ctx, id)
	if app.KindOf(err) == app.NotFound {
		if p.match.given {
			return 0, p.match.missing(id)
		}
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	if m := p.match; m.given && !m.any && !slices.Contains(m.versions, sc.Version) {
		return 0, &app.Error{Kind: app.Stale, Message: fmt.Sprintf("scenario %d is at version %d, not %s: it changed meanwhile", id, sc.Version, m.header)}
	}
	if n := p.noneMatch; n.given && (n.any || slices.Contains(n.versions, sc.Version)) {
		return 0, &app.Error{Kind: app.Stale, Message: fmt.Sprintf("If-None-Match %.40s: scenario %d exists, at version %d", n.header, id, sc.Version)}
	}
	return sc.Version, nil
}

// missing is the failed precondition of a scenario that does not exist.
func (m ifMatch) missing(id int64) error {
	return &app.Error{Kind: app.Stale, Message: fmt.Sprintf("If-Match %.40s: scenario %d does not exist", m.header, id)}
}

// written maps the error of a conditional write: a scenario deleted since
// If-Match was evaluated fails it too (If-None-Match holds for a missing
// scenario: 404).
func (p preconditions) written(id int64, err error) error {
	if p.match.given && app.KindOf(err) == app.NotFound {
		return p.match.missing(id)
	}
	return err
}

// putScenario replaces a scenario's document (and name). With If-Match
// (the ETag a GET gave, a list of them, or *) the scenario must still be
// at one of the listed versions: 412 Precondition Failed otherwise, and
// when it does not exist, as RFC 9110 has it, so that a client can tell a
// lost update from a name another scenario has (409). With If-None-Match
// the scenario must not be at a listed version (* : must not exist): 412
// otherwise, not 304, which is for GET and HEAD alone.
func (s *Server) putScenario(c echo.Context) error {
	id, err := int64Param(c, "id")
	if err != nil {
		return err
	}
	cond, err := parsePreconditions(c)
	if err != nil {
		return err
	}
	d, data, err := s.scenarioBody(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	version, err := cond.version(ctx, s.deps.Store, id)
	if err != nil {
		return err
	}
	sc, err := s.deps.Store.UpdateScenario(ctx, actor(c), app.Scenario{ID: id, Version: version, Name: d.Name, Document: data})
	if err != nil {
		return cond.written(id, err)
	}
	c.Response().Header().Set("ETag", etag(sc))
	return c.JSON(http.StatusOK, sc)
}

// deleteScenario deletes a scenario; If-Match and If-None-Match make the
// delete conditional as they do a PUT.
func (s *Server) deleteScenario(c echo.Context) error {
	id, err := int64Param(c, "id")
	if err != nil {
		return err
	}
	cond, err := parsePreconditions(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	version, err := cond.version(ctx, s.deps.Store, id)
	if err != nil {
		return err
	}
	if err := s.deps.Store.DeleteScenario(ctx, actor(c), id, version); err != nil {
		return cond.written(id, err)
	}
	return c.NoContent(http.StatusNoContent)
}

// storedScenario loads a scenario and parses its document.
func (s *Server) storedScenario(ctx context.Context, id int64) (scenarioRef, scenario.Document, error) {
	sc, err := s.deps.Store.Scenario(ctx, id)
	if err != nil {
		return scenarioRef{}, scenario.Document{}, err
	}
	ref := scenarioRef{ID: sc.ID, Version: sc.Version, Document: sc.Document}
	d, err := ref.parse()
	return ref, d, err
}

// parse reads the stored document; it was valid when stored.
func (r scenarioRef) parse() (scenario.Document, error) {
	d, err := app.ParseScenario(r.Document)
	if err != nil {
		return d, app.Wrap(app.Invalid, fmt.Sprintf("stored scenario %d (version %d)", r.ID, r.Version), err)
	}
	return d, nil
}

// checkStoredScenario refuses, before any work is done or queued, a
// stored scenario whose references no longer resolve: shift templates, a
// forecast or a queue deleted or changed since it was saved (deleting them
// is allowed). It is the check creating the scenario made
// (app.StoreSources.Check): 400 naming the document's field, such as
// "templates", rather than a job that fails on it.
func (s *Server) checkStoredScenario(ctx context.Context, d scenario.Document) error {
	return s.sources().Check(ctx, d)
}

// slowScenario reports whether evaluating d is long work, run as a job: a
// queue costed with shift plans (a search each), or forecast from its
// history over more than Config.ForecastJobIntervals intervals (the size
// above which the forecasts route makes a job too).
func (s *Server) slowScenario(ctx context.Context, d scenario.Document) (bool, error) {
	for _, q := range d.Queues {
		if q.Templates != "" {
			return true, nil
		}
		if !q.Demand.FromHistory {
			continue
		}
		queue, err := s.deps.Store.Queue(ctx, q.Queue)
		if app.KindOf(err) == app.NotFound {
			continue // the run says so, naming the field
		}
		if err != nil {
			return false, err
		}
		horizon := q.Demand.Horizon.D()
		if horizon == 0 {
			horizon = app.DefaultScenarioHorizon
		}
		if int(horizon/queue.Interval) > s.cfg.ForecastJobIntervals {
			return true, nil
		}
	}
	return false, nil
}

// decodeOptionalJSON decodes a JSON object body into v like decodeJSON,
// but an empty body leaves v as it is.
func decodeOptionalJSON(c echo.Context, v any) error {
	r := c.Request()
	data, err := io.ReadAll(r.Body)
	if err != nil {
		return jsonError(nil, err)
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil
	}
	r.Body = io.NopCloser(bytes.NewReader(data))
	return decodeJSON(c, v)
}

// runRequest is the optional body of POST /api/v1/scenarios/{id}/run.
type runRequest struct {
	TimeLimit *app.Duration `json:"time_limit,omitempty"` // default: none
}

// runScenario evaluates a stored scenario: 200 with the result (what
// "staffcast scenario run -json" prints), or 202 with a job whose result it
// is when the work is long (slowScenario: shift plans take seconds to
// minutes). A time_limit bounds either.
func (s *Server) runScenario(c echo.Context) error {
	id, err := int64Param(c, "id")
	if err != nil {
		return err
	}
	var req runRequest
	if err := decodeOptionalJSON(c, &req); err != nil {
		return err
	}
	limit, err := scenarioTimeLimit(req.TimeLimit)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	ref, d, err := s.storedScenario(ctx, id)
	if err != nil {
		return err
	}
	if err := s.checkStoredScenario(ctx, d); err != nil {
		return err
	}
	slow, err := s.slowScenario(ctx, d)
	if err != nil {
		return err
	}
	if slow {
		return s.enqueue(c, scenarioRunJobKind, scenarioArgs{Scenarios: []scenarioRef{ref}, TimeLimit: argDuration(limit)})
	}
	res, err := app.RunScenario(ctx, d, s.sources(), app.ScenarioOptions{Seed: 1, TimeLimit: limit})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, res)
}

// sweepRequest is the body of POST /api/v1/scenarios/{id}/sweep.
type sweepRequest struct {
	Vary      []string      `json:"vary"`
	TimeLimit *app.Duration `json:"time_limit,omitempty"` // default: none
}

// sweepScenario checks the grid and queues a sweep job (202), whose result
// is what "staffcast scenario sweep -json" prints.
func (s *Server) sweepScenario(c echo.Context) error {
	id, err := int64Param(c, "id")
	if err != nil {
		return err
	}
	var req sweepRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	limit, err := scenarioTimeLimit(req.TimeLimit)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	ref, d, err := s.storedScenario(ctx, id)
	if err != nil {
		return err
	}
	if _, err := checkVary(d, req.Vary); err != nil {
		return err
	}
	if err := s.checkStoredScenario(ctx, d); err != nil {
		return err
	}
	return s.enqueue(c, scenarioSweepJobKind, scenarioArgs{Scenarios: []scenarioRef{ref}, Vary: req.Vary, TimeLimit: argDuration(limit)})
}

// checkVary parses the vary entries against d: each must parse
// (scenario.ParseVary) and the grid must have at most MaxSweepPoints
// points (errors name "vary[i]"); then scenario.CheckVary checks them
// against d: a value that does not set d names its "vary[i]", a path
// varied twice or a free bot's share "vary".
func checkVary(d scenario.Document, specs []string) ([]scenario.Vary, error) {
	if len(specs) == 0 {
		return nil, app.Invalidf("vary", "give at least one field to vary, like \"bot.share=0:0.9:0.1\"")
	}
	points := 1
	out := make([]scenario.Vary, len(specs))
	for i, spec := range specs {
		field := fmt.Sprintf("vary[%d]", i)
		v, err := scenario.ParseVary(spec)
		if err != nil {
			return nil, app.Invalidf(field, "%v", err)
		}
		if points *= len(v.Values); points > MaxSweepPoints {
			return nil, app.Invalidf(field, "the grid has more than %d points", MaxSweepPoints)
		}
		out[i] = v
	}
	if _, err := scenario.CheckVary(d, out); err != nil {
		if ve, ok := errors.AsType[*scenario.VaryError](err); ok {
			return nil, app.Invalidf(fmt.Sprintf("vary[%d]", ve.Index), "%v", ve.Err)
		}
		return nil, app.Invalidf("vary", "%v", err)
	}
	return out, nil
}

// optimizeRequest is the optional body of POST
// /api/v1/scenarios/{id}/optimize.
type optimizeRequest struct {
	Grid      []float64     `json:"grid"`
	TimeLimit *app.Duration `json:"time_limit,omitempty"` // default: none
}

// optimizeScenario queues an optimize job (202), whose result is what
// "staffcast scenario optimize -json" prints.
func (s *Server) optimizeScenario(c echo.Context) error {
	id, err := int64Param(c, "id")
	if err != nil {
		return err
	}
	var req optimizeRequest
	if err := decodeOptionalJSON(c, &req); err != nil {
		return err
	}
	if err := checkGrid(req.Grid); err != nil {
		return err
	}
	limit, err := scenarioTimeLimit(req.TimeLimit)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	ref, d, err := s.storedScenario(ctx, id)
	if err != nil {
		return err
	}
	if err := app.CheckOptimizeScenario(d); err != nil {
		return err
	}
	if err := s.checkStoredScenario(ctx, d); err != nil {
		return err
	}
	return s.enqueue(c, scenarioOptimizeJobKind, scenarioArgs{Scenarios: []scenarioRef{ref}, Grid: req.Grid, TimeLimit: argDuration(limit)})
}

// maxGrid caps the shares an optimize chooses from.
const maxGrid = 101

// checkGrid checks an optimize grid: at most maxGrid ascending shares in
// [0, 1]; empty is the default grid.
func checkGrid(grid []float64) error {
	if len(grid) > maxGrid {
		return app.Invalidf("grid", "at most %d shares, got %d", maxGrid, len(grid))
	}
	for i, g := range grid {
		if math.IsNaN(g) || g < 0 || g > 1 {
			return app.Invalidf(fmt.Sprintf("grid[%d]", i), "%v is outside [0, 1]", g)
		}
		if i > 0 && g <= grid[i-1] {
			return app.Invalidf(fmt.Sprintf("grid[%d]", i), "shares must be ascending")
		}
	}
	return nil
}

// compareRequest is the body of POST /api/v1/scenarios/compare.
type compareRequest struct {
	IDs       []int64       `json:"ids"`
	TimeLimit *app.Duration `json:"time_limit,omitempty"` // default: none
}

// compareScenarios sets stored scenarios side by side against the first
// (what "staffcast scenario compare -json" prints): 200 when no scenario
// is slow — without shift templates each is a few Erlang evaluations per
// interval, milliseconds for a week — and 202 with a job otherwise, since
// every shift plan is a search.
func (s *Server) compareScenarios(c echo.Context) error {
	var req compareRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	if len(req.IDs) < 2 || len(req.IDs) > MaxCompareScenarios {
		return app.Invalidf("ids", "give 2 to %d scenario ids, got %d", MaxCompareScenarios, len(req.IDs))
	}
	limit, err := scenarioTimeLimit(req.TimeLimit)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	refs := make([]scenarioRef, len(req.IDs))
	docs := make([]scenario.Document, len(req.IDs))
	slow := false
	for i, id := range req.IDs {
		if slices.Contains(req.IDs[:i], id) {
			return app.Invalidf(fmt.Sprintf("ids[%d]", i), "scenario %d is given twice", id)
		}
		ref, d, err := s.storedScenario(ctx, id)
		if app.KindOf(err) == app.NotFound {
			return app.Invalidf(fmt.Sprintf("ids[%d]", i), "scenario %d does not exist", id)
		}
		if err != nil {
			return err
		}
		if err := s.checkStoredScenario(ctx, d); err != nil {
			if app.KindOf(err) != app.Invalid {
				return err
			}
			reason := app.Reason(err)
			if ds := app.DetailsOf(err); len(ds) > 0 && ds[0].Field != "" {
				reason = ds[0].Field + ": " + ds[0].Reason
			}
			return app.Invalidf(fmt.Sprintf("ids[%d]", i), "scenario %d: %s", id, reason)
		}
		refs[i], docs[i] = ref, d
		long, err := s.slowScenario(ctx, d)
		if err != nil {
			return err
		}
		slow = slow || long
	}
	if slow {
		return s.enqueue(c, scenarioCompareJobKind, scenarioArgs{Scenarios: refs, TimeLimit: argDuration(limit)})
	}
	res, err := s.compare(ctx, docs, app.ScenarioOptions{Seed: 1, TimeLimit: limit})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, res)
}

func (s *Server) compare(ctx context.Context, docs []scenario.Document, opt app.ScenarioOptions) (*scenario.Comparison, error) {
	srcs := make([]app.ScenarioSources, len(docs))
	for i := range srcs {
		srcs[i] = s.sources()
	}
	return app.CompareScenarios(ctx, docs, srcs, opt)
}

// registerScenarioJobs registers the scenario job kinds (registerJobs
// calls it).
func (s *Server) registerScenarioJobs() {
	for kind, fn := range map[string]app.JobFunc{
		scenarioRunJobKind:      s.scenarioJob(s.runScenarioJob),
		scenarioSweepJobKind:    s.scenarioJob(s.sweepScenarioJob),
		scenarioOptimizeJobKind: s.scenarioJob(s.optimizeScenarioJob),
		scenarioCompareJobKind:  s.scenarioJob(s.compareScenarioJob),
	} {
		if err := s.deps.Jobs.Register(kind, fn); err != nil {
			s.log.Error("registering a scenario job", "kind", kind, "err", err)
		}
	}
}

// scenarioJob decodes a scenario job's args and parses its documents for
// fn, under the args' time limit, reporting fn's progress as the job's
// (app.ScenarioOptions.Progress: points, trials, plans or scenarios done,
// each counting its shift plans' searches, and at least the share of the
// time limit spent).
func (s *Server) scenarioJob(fn func(context.Context, scenarioArgs, []scenario.Document, app.ScenarioOptions) (any, error)) app.JobFunc {
	return func(ctx context.Context, args json.RawMessage, progress func(float64, string)) (json.RawMessage, error) {
		var a scenarioArgs
		if err := json.Unmarshal(args, &a); err != nil || len(a.Scenarios) == 0 {
			return nil, app.Errorf(app.Invalid, "scenario job: bad args %.100s: %v", args, err)
		}
		docs := make([]scenario.Document, len(a.Scenarios))
		for i, ref := range a.Scenarios {
			d, err := ref.parse()
			if err != nil {
				return nil, err
			}
			docs[i] = d
		}
		progress(0, "resolving demand")
		opt := app.ScenarioOptions{Seed: 1, TimeLimit: time.Duration(a.TimeLimit), Progress: func(p scenario.Progress) {
			progress(p.Done, p.Note)
		}}
		res, err := fn(ctx, a, docs, opt)
		if err != nil {
			return nil, err
		}
		b, err := json.Marshal(res)
		if err != nil {
			return nil, app.Wrap(app.Internal, "scenario job result", err)
		}
		return b, nil
	}
}

func (s *Server) runScenarioJob(ctx context.Context, _ scenarioArgs, docs []scenario.Document, opt app.ScenarioOptions) (any, error) {
	return app.RunScenario(ctx, docs[0], s.sources(), opt)
}

func (s *Server) sweepScenarioJob(ctx context.Context, a scenarioArgs, docs []scenario.Document, opt app.ScenarioOptions) (any, error) {
	vary, err := checkVary(docs[0], a.Vary)
	if err != nil {
		return nil, err
	}
	return app.SweepScenario(ctx, docs[0], s.sources(), vary, opt)
}

func (s *Server) optimizeScenarioJob(ctx context.Context, a scenarioArgs, docs []scenario.Document, opt app.ScenarioOptions) (any, error) {
	return app.OptimizeScenario(ctx, docs[0], s.sources(), a.Grid, opt)
}

func (s *Server) compareScenarioJob(ctx context.Context, _ scenarioArgs, docs []scenario.Document, opt app.ScenarioOptions) (any, error) {
	return s.compare(ctx, docs, opt)
}
