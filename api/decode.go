package api

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/staffcast/staffcast/app"
	"github.com/staffcast/staffcast/internal/jsonerr"
	"github.com/staffcast/staffcast/internal/queuename"
)

// queueParam returns the path's queue name, checked (queuename.Check,
// the rule the CLI applies to the files it reads too).
func queueParam(c echo.Context) (string, error) {
	q := c.Param("queue")
	if err := queuename.Check(q); err != nil {
		return "", app.Wrap(app.Invalid, "", err)
	}
	return q, nil
}

// queueBody is the prologue of a handler that runs something on a stored
// queue: the path's queue name, checked, the JSON body decoded into v (see
// decodeJSON), then the queue loaded (404 when there is none), in that
// order.
func (s *Server) queueBody(c echo.Context, v any) (app.Queue, error) {
	name, err := queueParam(c)
	if err != nil {
		return app.Queue{}, err
	}
	if err := decodeJSON(c, v); err != nil {
		return app.Queue{}, err
	}
	return s.deps.Store.Queue(c.Request().Context(), name)
}

// queuePage is the prologue of a handler that lists a stored queue's
// runs: the path's queue name, checked, the page asked for (see page),
// then the queue loaded (404 when there is none), in that order.
func (s *Server) queuePage(c echo.Context) (app.Queue, app.Page, error) {
	name, err := queueParam(c)
	if err != nil {
		return app.Queue{}, app.Page{}, err
	}
	p, err := page(c)
	if err != nil {
		return app.Queue{}, app.Page{}, err
	}
	q, err := s.deps.Store.Queue(c.Request().Context(), name)
	return q, p, err
}

// int64Param returns a positive integer path parameter.
func int64Param(c echo.Context, name string) (int64, error) {
	v, err := strconv.ParseInt(c.Param(name), 10, 64)
	if err != nil || v <= 0 {
		return 0, invalidf("%s %q is not a positive integer", name, c.Param(name))
	}
	return v, nil
}

// mediaType returns the request's media type, lower-cased, without
// parameters ("" when absent or unparseable).
func mediaType(r *http.Request) string {
	mt, _, err := mime.ParseMediaType(r.Header.Get(echo.HeaderContentType))
	if err != nil {
		return ""
	}
	return strings.ToLower(mt)
}

// decodeJSON reads a JSON object body into v: the Content-Type must be
// application/json (415 otherwise), unknown fields are refused naming the
// field (400), as are a string that is not text (checkJSONText, first),
// malformed JSON, a wrong type (naming the field) and anything after the
// object.
// An oversized body is 413.
func decodeJSON(c echo.Context, v any) error {
	// The body is read whole (the body limit bounds it) so that a type
	// error can be placed by its offset.
	data, err := readJSONBody(c)
	if err != nil {
		return err
	}
	if err := checkJSONText(data); err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return jsonError(data, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		if err != nil {
			return jsonError(data, err)
		}
		return invalidf("request body: unexpected data after the JSON object")
	}
	return nil
}

// readJSONBody reads a JSON request body whole: the Content-Type must be
// application/json (415 otherwise).
func readJSONBody(c echo.Context) ([]byte, error) {
	r := c.Request()
	if mt := mediaType(r); mt != echo.MIMEApplicationJSON {
		return nil, problemf(http.StatusUnsupportedMediaType, "Content-Type must be application/json, got %q", r.Header.Get(echo.HeaderContentType))
	}
	data, err := io.ReadAll(r.Body)
	if err != nil {
		return nil, jsonError(nil, err)
	}
	return data, nil
}

// checkJSONText refuses a JSON document holding a string (or key) that is
// not text: invalid UTF-8, which encoding/json would quietly read as
// U+FFFD, or a control character other than tab and line breaks, such as
// an escaped NUL, which PostgreSQL cannot store. The error names the
// field's path. Every JSON body the API stores passes it.
func checkJSONText(data []byte) error {
	path, err := jsonerr.BadText(data)
	switch {
	case err == nil:
		return nil
	case path == "":
		return invalidf("request body: %v", err)
	}
	return app.Invalidf(path, "%v", err)
}

// jsonError turns a decoding error of data into a client error that names
// where: a wrong type names the field's path (rows[1].volume) and says
// what it wants and got in plain words, never a Go type.
func jsonError(data []byte, err error) error {
	var he *echo.HTTPError
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &he):
		return he // body limit
	case errors.Is(err, io.EOF):
		return invalidf("request body: empty, a JSON object is required")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return invalidf("request body: truncated JSON")
	case errors.As(err, &syn):
		return invalidf("request body: malformed JSON at byte %d: %v", syn.Offset, err)
	case errors.As(err, &typ):
		path, want, got := jsonerr.TypeError(data, typ)
		if path == "" {
			return invalidf("request body: want a JSON object, got %s", got)
		}
		return app.Invalidf(path, "want %s, got %s", want, got)
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		return invalidf("request body: unknown field %s", strings.TrimPrefix(err.Error(), "json: unknown field "))
	}
	return invalidf("request body: %v", err)
}

// page reads ?limit= and ?cursor=: limit 1..app.MaxPageLimit (default
// app.DefaultPageLimit), cursor the opaque next_cursor of the previous page.
func page(c echo.Context) (app.Page, error) {
	p := app.Page{Cursor: c.QueryParam("cursor")}
	if s := c.QueryParam("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > app.MaxPageLimit {
			return p, invalidf("limit %q must be an integer from 1 to %d", s, app.MaxPageLimit)
		}
		p.Limit = n
	}
	if len(p.Cursor) > 512 {
		return p, invalidf("cursor is too long")
	}
	return p, nil
}

// List is one page of a list: the items and the cursor of the next page
// ("" after the last page).
type List[T any] struct {
	Items      []T    `json:"items"`
	NextCursor string `json:"next_cursor"`
}

// servePage answers a list request: the page the query asks for, read by
// list, as a List.
func servePage[T any](c echo.Context, list func(context.Context, app.Page) ([]T, string, error)) error {
	p, err := page(c)
	if err != nil {
		return err
	}
	items, next, err := list(c.Request().Context(), p)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, listOf(items, next))
}

func listOf[T any](items []T, next string) List[T] {
	if items == nil {
		items = []T{}
	}
	return List[T]{Items: items, NextCursor: next}
}

// durationOr is d, or def when the request left it out (absent or null). A
// given zero or negative duration is refused naming field: "0s" looks like
// a choice, and quietly reading it as the default would hide the mistake.
func durationOr(field string, d *app.Duration, def time.Duration) (time.Duration, error) {
	if d == nil {
		return def, nil
	}
	if *d <= 0 {
		return 0, app.Invalidf(field, "must be positive, got %s (leave the field out for the default, %s)", app.ShortDuration(d.D()), app.ShortDuration(def))
	}
	return d.D(), nil
}
