package api

import (
	"bytes"
	"encoding/json"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/staffcast/staffcast/app"
	"github.com/staffcast/staffcast/internal/queuename"
)

// templateName returns the path's template name, checked like a queue name.
func templateName(c echo.Context) (string, error) {
	n := c.Param("name")
	if !queuename.Pattern.MatchString(n) {
		return "", invalidf("template name %.70q must match %s", n, queuename.Pattern)
	}
	return n, nil
}

// putShiftTemplate stores the templates JSON document of "staffcast
// schedule -templates" under a name, creating or replacing it. The
// document is checked by app.ReadShiftTemplates (as a schedule checks it,
// but for the grid when the document states no interval), whose errors
// name the template and the field; it is stored as sent (compacted).
func (s *Server) putShiftTemplate(c echo.Context) error {
	name, err := templateName(c)
	if err != nil {
		return err
	}
	r := c.Request()
	data, err := readJSONBody(c)
	if err != nil {
		return err
	}
	if err := checkJSONText(data); err != nil {
		return err
	}
	if _, err := app.ReadShiftTemplates(name, data); err != nil {
		return err
	}
	var doc bytes.Buffer
	if err := json.Compact(&doc, data); err != nil {
		return jsonError(data, err)
	}
	t, err := s.deps.Store.PutShiftTemplate(r.Context(), actor(c), app.ShiftTemplate{Name: name, Document: doc.Bytes()})
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderLocation, "/api/v1/shift-templates/"+name)
	return c.JSON(http.StatusOK, t)
}

func (s *Server) getShiftTemplate(c echo.Context) error {
	name, err := templateName(c)
	if err != nil {
		return err
	}
	t, err := s.deps.Store.ShiftTemplate(c.Request().Context(), name)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, t)
}

func (s *Server) listShiftTemplates(c echo.Context) error {
	return servePage(c, s.deps.Store.ListShiftTemplates)
}

func (s *Server) deleteShiftTemplate(c echo.Context) error {
	name, err := templateName(c)
	if err != nil {
		return err
	}
	if err := s.deps.Store.DeleteShiftTemplate(c.Request().Context(), actor(c), name); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
