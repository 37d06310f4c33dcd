package api

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"

	"github.com/staffcast/staffcast/app"
)

// TestNegotiate: the offer of the highest q wins, a tie goes to the
// server's order, q=0 and no match are not acceptable, the most specific
// range sets an offer's q, elements that are no media range are ignored,
// and a q that is not a number from 0 to 1 is an error whatever else the
// header allows.
func TestNegotiate(t *testing.T) {
	data := []string{"application/json", "text/csv"}
	chart := []string{"image/png", "image/svg+xml"}
	plan := []string{"text/csv"}
	for _, c := range []struct {
		name, accept string
		offers       []string
		want         string // "": 406; "!": a bad q
	}{
		{"absent: the default", "", data, "application/json"},
		{"blank: the default", "  ", data, "application/json"},
		{"*/*: the default", "*/*", data, "application/json"},
		{"one type", "text/csv", data, "text/csv"},
		{"higher q listed last wins", "text/csv;q=0.5, application/json", data, "application/json"},
		{"lower q listed first loses", "application/json;q=0.1, text/csv", data, "text/csv"},
		{"a tie goes to the server's order", "text/csv, application/json", data, "application/json"},
		{"q=0 alone is not acceptable", "text/csv;q=0", data, ""},
		{"q=0.000 is not acceptable", "text/csv;q=0.000", data, ""},
		{"q=0 with */* leaves the other", "text/csv;q=0, */*", data, "application/json"},
		{"q=0 on both", "text/csv;q=0, application/json;q=0", data, ""},
		{"the exact range outweighs */*", "*/*;q=0.1, text/csv", data, "text/csv"},
		{"the exact range sets q even when lower", "text/csv;q=0.1, */*;q=0.5", data, "application/json"},
		{"the exact range refuses what */* allows", "*/*, application/json;q=0", data, "text/csv"},
		{"text/*", "text/*", data, "text/csv"},
		{"text/* and application/* weighed", "text/*;q=0.2, application/*;q=0.1", data, "text/csv"},
		{"a small q is acceptable", "text/csv;q=0.001", data, "text/csv"},
		{"case is ignored", "TEXT/CSV; Q=0.9, Application/JSON;q=0.8", data, "text/csv"},
		{"a parameter does not stop a match", "text/csv;charset=utf-8", data, "text/csv"},
		{"a quoted comma does not split", `text/csv;x="a,b";q=0.5, application/json;q=0.4`, data, "text/csv"},
		{"nothing offered", "application/xml", data, ""},
		{"text/html, an image and */*", "text/html,application/xhtml+xml,image/webp,*/*;q=0.8", data, "application/json"},
		{"q above 1 is an error", "text/csv;q=1.5, application/json;q=0.5", data, "!"},
		{"q not a number is an error", "text/csv;q=abc", data, "!"},
		{"q=NaN is an error", "text/csv;q=NaN, application/json;q=0.1", data, "!"},
		{"q negative is an error", "text/csv;q=-0.5", data, "!"},
		{"q empty is an error", "text/csv;q=", data, "!"},
		{"q without a value is an error", "text/csv;q", data, "!"},
		{"q in exponent form is an error", "text/csv;q=1e-1", data, "!"},
		{"a bad q after the match is an error", "application/json, text/csv;q=x", data, "!"},
		{"Java's q=.2 is read", "application/json;q=.1, text/csv;q=.2", data, "text/csv"},
		{"more than three decimals are read", "application/json;q=0.12345, text/csv;q=0.1235", data, "text/csv"},
		{"Java's default Accept", "text/html, image/gif, image/jpeg, *; q=.2, */*; q=.2", data, "application/json"},
		{"not a media range", "csv, application/json;q=0.2", data, "application/json"},
		{"*/csv is no range", "*/csv", data, ""},
		{"empty elements", ",,text/csv,", data, "text/csv"},
		{"chart: svg weighed more", "image/png;q=0.1, image/svg+xml", chart, "image/svg+xml"},
		{"chart: image/*", "image/*", chart, "image/png"},
		{"chart: png refused", "image/png;q=0, image/*", chart, "image/svg+xml"},
		{"chart: a browser's img Accept weighs both 1: PNG, the first", "image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8", chart, "image/png"},
		{"chart: neither", "text/csv", chart, ""},
		{"plan: absent", "", plan, "text/csv"},
		{"plan: XML", "application/xml", plan, ""},
		{"plan: JSON only", "application/json", plan, ""},
		{"plan: text/*", "text/*", plan, "text/csv"},
		{"plan: refused, */* allowed", "text/csv;q=0, */*", plan, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := negotiate(c.accept, c.offers...)
			if c.want == "!" {
				if err == nil || app.KindOf(err) != app.Invalid {
					t.Errorf("negotiate(%q, %q) = %q, %v, want an invalid error", c.accept, c.offers, got, err)
				}
				return
			}
			if got != c.want || err != nil {
				t.Errorf("negotiate(%q, %q) = %q, %v, want %q", c.accept, c.offers, got, err, c.want)
			}
		})
	}
}

// TestAccepted: Accept header lines are read as one list, the answer says
// Vary: Accept once however often it is asked, and none acceptable is a
// 406 naming what the route offers.
func TestAccepted(t *testing.T) {
	req := httptest.NewRequest(http.MethodGet, "/", nil)
	req.Header.Add("Accept", "application/json;q=0.1")
	req.Header.Add("Accept", "text/csv")
	rec := httptest.NewRecorder()
	c := echo.New().NewContext(req, rec)
	for range 2 {
		if got, err := accepted(c, "application/json", "text/csv"); got != "text/csv" || err != nil {
			t.Fatalf("two Accept lines: %q, %v, want text/csv", got, err)
		}
	}
	if v := rec.Header().Values("Vary"); len(v) != 1 || v[0] != "Accept" {
		t.Errorf("Vary %q, want Accept once", v)
	}
	_, err := accepted(c, "image/png", "image/svg+xml")
	var he *echo.HTTPError
	if !errors.As(err, &he) || he.Code != http.StatusNotAcceptable || !strings.Contains(fmt.Sprint(he.Message), "image/png, image/svg+xml") {
		t.Errorf("none acceptable: %v, want a 406 naming image/png, image/svg+xml", err)
	}
}

// TestNegotiatedRoutes: one route of each kind (JSON or CSV, a chart,
// plan.csv, an .ics) answers what the Accept weighs most, or a 406
// problem; a malformed q is a 400 problem naming the header and the value.
func TestNegotiatedRoutes(t *testing.T) {
	ts := startServer(t)
	fid, _, sc, r, _ := downloadsFixture(t, ts)
	forecast := fmt.Sprintf("/api/v1/queues/sales/forecasts/%d", fid)
	chart := forecast + "/chart"
	plan := fmt.Sprintf("/api/v1/schedules/%d/plan", sc.ID)
	ics := fmt.Sprintf("/api/v1/rosters/%d/agents/a01.ics", r.ID)
	for _, c := range []struct {
		name, path, accept string
		want               string // Content-Type prefix; "" for 406; "400" for a bad q
	}{
		{"forecast: no Accept", forecast, "", "application/json"},
		{"forecast: */*", forecast, "*/*", "application/json"},
		{"forecast: CSV weighed less", forecast, "text/csv;q=0.5, application/json", "application/json"},
		{"forecast: JSON weighed less", forecast, "application/json;q=0.1, text/csv", "text/csv"},
		{"forecast: text/*", forecast, "text/*", "text/csv"},
		{"forecast: CSV at q=0", forecast, "text/csv;q=0", ""},
		{"forecast: XML", forecast, "application/xml", ""},
		{"chart: no Accept", chart, "", "image/png"},
		{"chart: PNG weighed less", chart, "image/png;q=0.1, image/svg+xml", "image/svg+xml"},
		{"chart: PNG at q=0", chart, "image/png;q=0", ""},
		{"chart: CSV", chart, "text/csv", ""},
		{"plan: no Accept", plan, "", "text/csv"},
		{"plan: text/*", plan, "text/*", "text/csv"},
		{"plan: XML", plan, "application/xml", ""},
		{"plan: CSV at q=0", plan, "text/csv;q=0, */*", ""},
		{"ics: no Accept", ics, "", "text/calendar"},
		{"ics: text/calendar", ics, "text/calendar", "text/calendar"},
		{"ics: JSON", ics, "application/json", ""},
		{"forecast: q=abc", forecast, "text/csv;q=abc", "400"},
		{"chart: q=2", chart, "image/svg+xml;q=2, image/png", "400"},
		{"plan: q=NaN", plan, "text/csv;q=NaN", "400"},
		{"ics: q=-1", ics, "text/calendar;q=-1", "400"},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, h, b := ts.do(t, Manager, "GET", c.path, "", nil, "Accept", c.accept)
			if c.want == "400" {
				if code != http.StatusBadRequest {
					t.Fatalf("Accept %q: %d %s %.200s, want 400", c.accept, code, h.Get("Content-Type"), b)
				}
				_, q, _ := strings.Cut(c.accept, "q=")
				q, _, _ = strings.Cut(q, ",")
				if p := problem(t, code, h, b); !strings.Contains(p.Detail, "Accept") || !strings.Contains(p.Detail, "q="+strconv.Quote(q)) {
					t.Errorf("Accept %q: detail %q, want it to name Accept and q=%q", c.accept, p.Detail, q)
				}
				return
			}
			if c.want == "" {
				if code != http.StatusNotAcceptable {
					t.Fatalf("Accept %q: %d %s %.200s, want 406", c.accept, code, h.Get("Content-Type"), b)
				}
				problem(t, code, h, b)
				return
			}
			if code != 200 || !strings.HasPrefix(h.Get("Content-Type"), c.want) {
				t.Fatalf("Accept %q: %d %s %.200s, want 200 %s", c.accept, code, h.Get("Content-Type"), b, c.want)
			}
			if h.Get("Vary") != "Accept" {
				t.Errorf("Accept %q: Vary %q, want Accept", c.accept, h.Values("Vary"))
			}
		})
	}
}
