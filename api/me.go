package api

import (
	"net/http"
	"regexp"

	"github.com/labstack/echo/v4"

	"github.com/staffcast/staffcast/web"
)

// meJSON answers GET /api/v1/me: who the token is, its role, and every
// route (method and OpenAPI path) that role may call, so a client such as
// the web page shows only what the token may do.
type meJSON struct {
	Name   string   `json:"name"`
	Role   Role     `json:"role"`
	Routes []string `json:"routes"` // "GET /api/v1/queues/{queue}", in routes.go's order; public routes left out
}

var echoParam = regexp.MustCompile(`:([a-z_]+)`)

// me answers who the bearer token is. Every valid token may ask.
func (s *Server) me(c echo.Context) error {
	p := principalOf(c)
	out := meJSON{Name: p.Name, Role: p.Role, Routes: []string{}}
	for _, r := range s.allowed {
		if r.allow&public == 0 && r.allow.admits(p.Role) {
			out.Routes = append(out.Routes, r.method+" "+echoParam.ReplaceAllString(r.path, "{$1}"))
		}
	}
	return c.JSON(http.StatusOK, out)
}

// webPage serves the embedded web page (package web): GET / and
// GET /static/{file}. A file the page does not have is a 404 problem like
// every other error of the API (web.Handler's own 404 is plain text), still
// with the page's security headers.
func webPage() echo.HandlerFunc {
	page := echo.WrapHandler(web.Handler())
	return func(c echo.Context) error {
		if !web.Has(c.Request().URL.Path) {
			web.SetHeaders(c.Response().Header())
			return problemf(http.StatusNotFound, "the web page has no file %q", c.Param("file"))
		}
		return page(c)
	}
}
