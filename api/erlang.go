package api

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/staffcast/staffcast/app"
)

// postErlang answers the Erlang C / Erlang A figures of one interval, or
// the agents it needs: the body is app.ErlangRequest (the erlang command's
// flags as JSON fields), the answer exactly what "staffcast erlang -json"
// prints.
func (s *Server) postErlang(c echo.Context) error {
	var req app.ErlangRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	res, err := app.Erlang(c.Request().Context(), req)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, res)
}
