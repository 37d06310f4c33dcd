package api

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"
)

// TestMe: every role learns its name, role and exactly the routes it may
// call (public ones left out), so the web page shows what the token may do.
func TestMe(t *testing.T) {
	ts := startServer(t)
	for _, r := range Roles {
		t.Run(string(r), func(t *testing.T) {
			code, _, b := ts.do(t, r, "GET", "/api/v1/me", "", nil)
			if code != http.StatusOK {
				t.Fatalf("%d %s", code, b)
			}
			var me meJSON
			if err := json.Unmarshal(b, &me); err != nil {
				t.Fatal(err)
			}
			if me.Role != r || me.Name != "t-"+string(r) {
				t.Errorf("me = %s (%s), want t-%s (%s)", me.Name, me.Role, r, r)
			}
			for _, rt := range ts.srv.allowed {
				key := rt.method + " " + echoParam.ReplaceAllString(rt.path, "{$1}")
				want := rt.allow&public == 0 && rt.allow.admits(r)
				if got := slices.Contains(me.Routes, key); got != want {
					t.Errorf("routes has %s: %v, want %v", key, got, want)
				}
			}
		})
	}
}

// TestWebPage: the page and its files are served without a token, with a
// same-origin Content-Security-Policy; an unknown file is a 404 problem
// naming it.
func TestWebPage(t *testing.T) {
	ts := startServer(t)
	for _, c := range []struct {
		path, contentType, contains string
		status                      int
	}{
		{"/", "text/html", `src="/static/app.js"`, 200},
		{"/static/app.js", "text/javascript", "Bearer", 200},
		{"/static/style.css", "text/css", "", 200},
		{"/static/shift-templates.json", "application/json", `"templates"`, 200},
		{"/static/nope.js", "", `no file "nope.js"`, 404},
		{"/static/index.html", "", `no file "index.html"`, 404},
	} {
		code, h, b := ts.do(t, "", "GET", c.path, "", nil)
		if code != c.status {
			t.Errorf("GET %s: %d, want %d", c.path, code, c.status)
			continue
		}
		if csp := h.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'self'") || strings.Contains(csp, "unsafe") {
			t.Errorf("GET %s: Content-Security-Policy %q", c.path, csp)
		}
		if code != 200 {
			// A missing file is a problem like every other error.
			if p := problem(t, code, h, b); p.Type != problemTypeBase+"not_found" || !strings.Contains(p.Detail, c.contains) {
				t.Errorf("GET %s: problem %+v, want not_found naming %q", c.path, p, c.contains)
			}
			continue
		}
		if !strings.HasPrefix(h.Get("Content-Type"), c.contentType) || h.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("GET %s: Content-Type %q, X-Content-Type-Options %q", c.path, h.Get("Content-Type"), h.Get("X-Content-Type-Options"))
		}
		if !strings.Contains(string(b), c.contains) {
			t.Errorf("GET %s: body lacks %q", c.path, c.contains)
		}
	}
}
