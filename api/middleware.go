package api

import (
	"fmt"
	"log/slog"
	"maps"
	"regexp"
	"slices"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"github.com/staffcast/staffcast/internal/textcheck"
)

// requestIDPattern is what an incoming X-Request-Id must look like to be
// kept (so a client cannot inject text into logs); otherwise a fresh id is
// made.
var requestIDPattern = regexp.MustCompile(`^[A-Za-z0-9._:-]{1,64}$`)

func requestID(c echo.Context) string {
	return c.Response().Header().Get(echo.HeaderXRequestID)
}

// middleware installs the chain every request passes, outermost first:
// request id, access log (which also renders errors, so it logs the final
// status), panic recovery.
func (s *Server) middleware() {
	s.echo.Pre(func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			if id := c.Request().Header.Get(echo.HeaderXRequestID); id != "" && !requestIDPattern.MatchString(id) {
				c.Request().Header.Del(echo.HeaderXRequestID)
			}
			return next(c)
		}
	})
	s.echo.Use(middleware.RequestID())
	s.echo.Use(s.accessLog)
	s.echo.Use(queryText)
	s.echo.Use(middleware.RecoverWithConfig(middleware.RecoverConfig{
		StackSize:           8 << 10,
		DisableStackAll:     true,
		DisableErrorHandler: true, // the access log renders the error
		LogErrorFunc: func(c echo.Context, err error, stack []byte) error {
			s.log.Error("panic", "request_id", requestID(c), "method", c.Request().Method,
				"path", c.Request().URL.Path, "panic", err.Error(), "stack", string(stack))
			return fmt.Errorf("panic serving %s %s: %w", c.Request().Method, c.Path(), err)
		},
	}))
}

// queryText refuses a request whose query parameters are not text
// (textcheck.Check: invalid UTF-8 such as name=a%e9b, or a control
// character such as a%00b), naming the parameter, before any handler reads
// them: the one check for every route's query parameters.
func queryText(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		q := c.QueryParams()
		for _, name := range slices.Sorted(maps.Keys(q)) { // the same error every time
			if err := textcheck.Check(name); err != nil {
				return invalidf("query parameter name %.40q: %v", name, err)
			}
			for _, v := range q[name] {
				if err := textcheck.Check(v); err != nil {
					return invalidf("query parameter %s: %v", name, err)
				}
			}
		}
		return next(c)
	}
}

// accessLog logs one line per request: method, path, route, status,
// duration, bytes, request id, the token's name and role (never the token),
// client IP. Errors returned by the handlers are rendered here (as problems)
// so the line has the status the client got.
func (s *Server) accessLog(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		start := time.Now()
		if err := next(c); err != nil {
			c.Error(err)
		}
		res := c.Response()
		p := principalOf(c)
		level := slog.LevelInfo
		if res.Status >= 500 {
			level = slog.LevelWarn
		}
		s.log.LogAttrs(c.Request().Context(), level, "request",
			slog.String("method", c.Request().Method),
			slog.String("path", c.Request().URL.Path),
			slog.String("route", c.Path()),
			slog.Int("status", res.Status),
			slog.Duration("duration", time.Since(start)),
			slog.Int64("bytes", res.Size),
			slog.String("request_id", requestID(c)),
			slog.String("actor", p.Name),
			slog.String("role", string(p.Role)),
			slog.String("ip", c.RealIP()),
		)
		return nil
	}
}
