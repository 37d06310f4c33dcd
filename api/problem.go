package api

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/staffcast/staffcast/app"
)

// ProblemContentType is the media type of every error body (RFC 9457).
const ProblemContentType = "application/problem+json"

// MaxProblemErrors caps the positioned errors a problem lists; ErrorsOmitted
// counts the rest.
const MaxProblemErrors = 100

// Problem is an RFC 9457 problem document with Staffcast's extension members
// request_id, errors (positioned details such as bad CSV lines) and
// errors_omitted.
type Problem struct {
	Type          string       `json:"type"`
	Title         string       `json:"title"`
	Status        int          `json:"status"`
	Detail        string       `json:"detail,omitempty"`
	Instance      string       `json:"instance,omitempty"`
	RequestID     string       `json:"request_id,omitempty"`
	Errors        []app.Detail `json:"errors,omitempty"`
	ErrorsOmitted int          `json:"errors_omitted,omitempty"`
}

// problemTypeBase prefixes the kind to make a problem's type URI.
const problemTypeBase = "urn:staffcast:problem:"

// statusClientClosed is nginx's non-standard status for a client that went
// away; it is logged, never seen by the client.
const statusClientClosed = 499

// statusOf is the one place that maps an error to an HTTP status and a
// problem type, and says whether the error's text may be shown to the
// client. app kinds: Invalid 400 (422 when its Details
// point at lines: an import with bad rows), NotFound 404, Conflict 409, Stale 412
// (an If-Match naming a version that is no longer stored), Forbidden 403,
// Unauthorized 401, Canceled 503 (or 499 when the client itself went away),
// Internal 500 whose text is only logged. Echo's own errors (unknown route
// 404, wrong method 405, body too large 413, rate limited 429) keep their
// status.
func statusOf(ctx context.Context, err error) (status int, kind string, public bool) {
	var he *echo.HTTPError
	if errors.As(err, &he) {
		return he.Code, httpKind(he.Code), he.Code < 500
	}
	var ae *app.Error
	if !errors.As(err, &ae) && !errors.Is(err, context.Canceled) && !errors.Is(err, context.DeadlineExceeded) {
		return http.StatusInternalServerError, app.Internal.String(), false
	}
	switch k := app.KindOf(err); k {
	case app.Invalid:
		for _, d := range app.DetailsOf(err) {
			if d.Line > 0 {
				return http.StatusUnprocessableEntity, k.String(), true
			}
		}
		return http.StatusBadRequest, k.String(), true
	case app.NotFound:
		return http.StatusNotFound, k.String(), true
	case app.Conflict:
		return http.StatusConflict, k.String(), true
	case app.Stale:
		return http.StatusPreconditionFailed, k.String(), true
	case app.Forbidden:
		return http.StatusForbidden, k.String(), true
	case app.Unauthorized:
		return http.StatusUnauthorized, k.String(), true
	case app.Canceled:
		if ctx != nil && ctx.Err() != nil {
			return statusClientClosed, k.String(), true
		}
		return http.StatusServiceUnavailable, k.String(), true
	default:
		return http.StatusInternalServerError, app.Internal.String(), false
	}
}

// httpKind names the problem type of a bare HTTP status.
func httpKind(code int) string {
	switch code {
	case http.StatusBadRequest:
		return "invalid"
	case http.StatusUnauthorized:
		return "unauthorized"
	case http.StatusForbidden:
		return "forbidden"
	case http.StatusNotFound:
		return "not_found"
	case http.StatusMethodNotAllowed:
		return "method_not_allowed"
	case http.StatusRequestEntityTooLarge:
		return "too_large"
	case http.StatusUnsupportedMediaType:
		return "unsupported_media_type"
	case http.StatusNotAcceptable:
		return "not_acceptable"
	case http.StatusTooManyRequests:
		return "rate_limited"
	case http.StatusServiceUnavailable:
		return "unavailable"
	}
	return "internal"
}

// problemOf builds the problem document for err.
func problemOf(c echo.Context, err error) Problem {
	status, kind, public := statusOf(c.Request().Context(), err)
	p := Problem{
		Type:      problemTypeBase + kind,
		Title:     http.StatusText(status),
		Status:    status,
		Instance:  c.Request().URL.Path,
		RequestID: requestID(c),
	}
	if p.Title == "" {
		p.Title = "Client Closed Request"
	}
	var he *echo.HTTPError
	switch {
	case errors.As(err, &he):
		if m, ok := he.Message.(string); ok && m != http.StatusText(he.Code) {
			p.Detail = m
		}
	case public:
		p.Detail = err.Error()
	default:
		p.Detail = "internal error; quote request id " + p.RequestID + " when reporting it"
	}
	if d := app.DetailsOf(err); len(d) > 0 {
		if len(d) > MaxProblemErrors {
			p.ErrorsOmitted = len(d) - MaxProblemErrors
			d = d[:MaxProblemErrors]
		}
		p.Errors = d
	}
	var om interface{ Omitted() int }
	if errors.As(err, &om) {
		p.ErrorsOmitted += om.Omitted()
	}
	return p
}

// errorHandler replaces Echo's HTTPErrorHandler: every error, including
// Echo's own 404, 405 and 413, leaves as a problem document. Server-side
// failures are logged with their real text, which the client never sees.
func (s *Server) errorHandler(err error, c echo.Context) {
	if c.Response().Committed {
		s.log.Warn("error after the response started", "request_id", requestID(c), "err", err)
		return
	}
	p := problemOf(c, err)
	if p.Status >= 500 {
		s.log.Error("request failed", "request_id", p.RequestID, "method", c.Request().Method,
			"path", c.Request().URL.Path, "status", p.Status, "err", err)
	}
	if p.Status == statusClientClosed {
		c.Response().WriteHeader(p.Status)
		return
	}
	if p.Status == http.StatusTooManyRequests && c.Response().Header().Get("Retry-After") == "" {
		c.Response().Header().Set("Retry-After", "1")
	}
	if p.Status == http.StatusUnauthorized {
		c.Response().Header().Set("WWW-Authenticate", `Bearer realm="staffcast"`)
	}
	b, merr := json.Marshal(p)
	if merr != nil { // cannot happen: Problem holds strings and ints
		b = []byte(fmt.Sprintf(`{"type":"about:blank","title":"Internal Server Error","status":500}`))
		p.Status = http.StatusInternalServerError
	}
	if c.Request().Method == http.MethodHead {
		c.Response().Header().Set(echo.HeaderContentType, ProblemContentType)
		c.Response().WriteHeader(p.Status)
		return
	}
	if werr := c.Blob(p.Status, ProblemContentType, b); werr != nil {
		s.log.Warn("writing a problem failed", "request_id", p.RequestID, "err", werr)
	}
}

// problemf is a client error with a status Echo knows (415, 406, 400...).
func problemf(status int, format string, args ...any) error {
	return echo.NewHTTPError(status, fmt.Sprintf(format, args...))
}

// invalidf is an app.Invalid error (400).
func invalidf(format string, args ...any) error {
	return app.Errorf(app.Invalid, format, args...)
}

// queryInvalidf is an app.Invalid error (400) about the query parameter
// param: its message is "query parameter param: reason" and its one Detail
// names param as the field, as app.Invalidf names a JSON field.
func queryInvalidf(param, format string, args ...any) error {
	return queryErrorf(app.Invalid, param, format, args...)
}

// queryErrorf is queryInvalidf with the kind k.
func queryErrorf(k app.Kind, param, format string, args ...any) error {
	reason := fmt.Sprintf(format, args...)
	return &app.Error{Kind: k, Message: "query parameter " + param + ": " + reason, Details: []app.Detail{{Field: param, Reason: reason}}}
}
