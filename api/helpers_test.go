package api

import (
	"net/http/httptest"

	"github.com/labstack/echo/v4"
)

type echoContext = echo.Context

func httptestRecorder() *httptest.ResponseRecorder { return httptest.NewRecorder() }
