package api

import (
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// TestRoles proves, route by route, which roles are refused (403), and that
// a missing, unknown or revoked token is 401. The expectations are written
// here independently of routes.go; TestRolesCoverEveryRoute checks that no
// route is left out.
func TestRoles(t *testing.T) {
	ts := startServer(t)
	const js = "application/json"
	cases := []struct {
		method, path, ct, body string
		allowed                []Role // admin is always allowed
	}{
		{"POST", "/api/v1/erlang", js, `{"volume":100,"interval":"30m","aht":"180s","agents":14}`, []Role{Planner, Manager}},
		{"GET", "/api/v1/me", "", "", []Role{Planner, Manager, HR}},
		{"GET", "/api/v1/queues", "", "", []Role{Planner, Manager, HR}},
		{"POST", "/api/v1/queues", js, `{"name":"` + "roles-q" + `"}`, []Role{Planner}},
		{"GET", "/api/v1/queues/q1", "", "", []Role{Planner, Manager, HR}},
		{"POST", "/api/v1/queues/q1/history", "text/csv", "interval_start,queue,channel,offered\n", []Role{Planner}},
		{"GET", "/api/v1/queues/q1/history", "", "", []Role{Planner, Manager}},
		{"POST", "/api/v1/queues/q1/forecasts", js, `{}`, []Role{Planner}},
		{"GET", "/api/v1/queues/q1/forecasts", "", "", []Role{Planner, Manager}},
		{"GET", "/api/v1/queues/q1/forecasts/1", "", "", []Role{Planner, Manager}},
		{"GET", "/api/v1/queues/q1/forecasts/1/chart", "", "", []Role{Planner, Manager}},
		{"GET", "/api/v1/queues/q1/backtests/chart", "", "", []Role{Planner, Manager}},
		{"PUT", "/api/v1/calendars", "text/csv", "date,kind\n", []Role{Planner}},
		{"POST", "/api/v1/calendars", "text/csv", "date,kind\n", []Role{Planner}},
		{"GET", "/api/v1/calendars", "", "", []Role{Planner, Manager}},
		{"POST", "/api/v1/queues/q1/staffing", js, `{}`, []Role{Planner}},
		{"GET", "/api/v1/queues/q1/staffing", "", "", []Role{Planner, Manager}},
		{"GET", "/api/v1/queues/q1/staffing/1", "", "", []Role{Planner, Manager}},
		{"GET", "/api/v1/queues/q1/staffing/1/chart", "", "", []Role{Planner, Manager, HR}},
		{"POST", "/api/v1/queues/q1/staffing/1/simulate", js, `{}`, []Role{Planner, Manager}},
		{"PUT", "/api/v1/shift-templates/t1", js, `{}`, []Role{Planner}},
		{"GET", "/api/v1/shift-templates", "", "", []Role{Planner, Manager}},
		{"GET", "/api/v1/shift-templates/t1", "", "", []Role{Planner, Manager}},
		{"DELETE", "/api/v1/shift-templates/t1", "", "", []Role{Planner}},
		{"POST", "/api/v1/queues/q1/schedules", js, `{}`, []Role{Planner}},
		{"POST", "/api/v1/queues/q1/backtests", js, `{}`, []Role{Planner}},
		{"GET", "/api/v1/queues/q1/schedules", "", "", []Role{Planner, Manager, HR}},
		{"GET", "/api/v1/schedules/1", "", "", []Role{Planner, Manager, HR}},
		{"GET", "/api/v1/schedules/1/plan", "", "", []Role{Planner, Manager, HR}},
		{"GET", "/api/v1/schedules/1/chart", "", "", []Role{Planner, Manager, HR}},
		{"POST", "/api/v1/scenarios", js, `{}`, []Role{Manager}},
		{"GET", "/api/v1/scenarios", "", "", []Role{Planner, Manager}},
		{"POST", "/api/v1/scenarios/compare", js, `{"ids":[1,2]}`, []Role{Manager}},
		{"GET", "/api/v1/scenarios/1", "", "", []Role{Planner, Manager}},
		{"PUT", "/api/v1/scenarios/1", js, `{}`, []Role{Manager}},
		{"DELETE", "/api/v1/scenarios/1", "", "", []Role{Manager}},
		{"POST", "/api/v1/scenarios/1/run", js, ``, []Role{Manager}},
		{"POST", "/api/v1/scenarios/1/sweep", js, `{"vary":["bot.share=0:0.5:0.5"]}`, []Role{Manager}},
		{"POST", "/api/v1/scenarios/1/optimize", js, ``, []Role{Manager}},
		{"PUT", "/api/v1/agents", "text/csv", "agent_id\n", []Role{HR}},
		{"GET", "/api/v1/agents", "", "", []Role{HR, Manager}},
		{"GET", "/api/v1/rosters", "", "", []Role{HR, Planner, Manager}},
		{"GET", "/api/v1/rosters/1", "", "", []Role{HR, Planner, Manager}},
		{"GET", "/api/v1/rosters/1/agents/a1.ics", "", "", []Role{HR, Planner, Manager}},
		{"GET", "/api/v1/rosters/1/chart", "", "", []Role{HR, Planner, Manager}},
		{"POST", "/api/v1/queues/q1/coverage?staffing_id=1", "text/csv", "agent_id\n", []Role{HR}},
		{"GET", "/api/v1/jobs", "", "", []Role{Planner, Manager, HR}},
		{"GET", "/api/v1/jobs/1", "", "", []Role{Planner, Manager, HR}},
		{"GET", "/api/v1/jobs/1/chart", "", "", []Role{Planner, Manager, HR}},
		{"DELETE", "/api/v1/jobs/1", "", "", []Role{Planner, Manager}},
		{"GET", "/api/v1/tokens", "", "", nil},
		{"POST", "/api/v1/tokens", js, `{"name":"x","role":"hr"}`, nil},
		{"DELETE", "/api/v1/tokens/999", "", "", nil},
		{"GET", "/api/v1/audit", "", "", []Role{Manager}},
	}
	revoked, tok, err := ts.store.CreateToken(t.Context(), "test", "gone", string(Admin))
	if err != nil {
		t.Fatal(err)
	}
	if err := ts.store.RevokeToken(t.Context(), "test", tok.ID); err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, c := range cases {
		seen[c.method+" "+echoPath(c.path)] = true
		t.Run(c.method+" "+c.path, func(t *testing.T) {
			for _, r := range Roles {
				allowed := r == Admin
				for _, a := range c.allowed {
					allowed = allowed || a == r
				}
				code, h, b := ts.do(t, r, c.method, c.path, c.ct, []byte(c.body))
				switch {
				case allowed && (code == 401 || code == 403):
					t.Errorf("role %s refused: %d %s", r, code, b)
				case !allowed && code != 403:
					t.Errorf("role %s: %d, want 403: %s", r, code, b)
				case !allowed:
					problem(t, code, h, b)
				}
			}
			for name, hdr := range map[string]string{"missing": "", "unknown": "Bearer sc_nope", "revoked": "Bearer " + revoked, "malformed": "Basic YTpi"} {
				code, h, b := ts.do(t, "", c.method, c.path, c.ct, []byte(c.body), "Authorization", hdr)
				if code != 401 {
					t.Errorf("%s token: %d, want 401: %s", name, code, b)
					continue
				}
				problem(t, code, h, b)
				if h.Get("WWW-Authenticate") == "" {
					t.Errorf("%s token: no WWW-Authenticate", name)
				}
			}
		})
	}
	for _, r := range ts.srv.allowed {
		if r.allow&public == 0 && !seen[r.method+" "+r.path] {
			t.Errorf("route %s %s has no case in TestRoles", r.method, r.path)
		}
	}
}

// echoPath turns a concrete test path into its route pattern.
func echoPath(p string) string {
	p = regexp.MustCompile(`/queues/[a-z0-9_-]+`).ReplaceAllString(p, "/queues/:queue")
	p, _, _ = strings.Cut(p, "?")
	p = regexp.MustCompile(`/(forecasts|jobs|tokens|staffing|schedules|rosters|scenarios)/[0-9]+`).ReplaceAllString(p, "/$1/:id")
	p = regexp.MustCompile(`/shift-templates/[a-z0-9_-]+`).ReplaceAllString(p, "/shift-templates/:name")
	p = regexp.MustCompile(`/agents/[^/]+\.ics$`).ReplaceAllString(p, "/agents/:agent")
	return p
}

// TestOpenAPI: the served document parses, every route is documented with
// the roles it admits, and every documented path and method is a route.
func TestOpenAPI(t *testing.T) {
	var doc struct {
		OpenAPI string                    `yaml:"openapi"`
		Paths   map[string]map[string]any `yaml:"paths"`
	}
	if err := yaml.Unmarshal(OpenAPI(), &doc); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.") {
		t.Fatalf("openapi %q", doc.OpenAPI)
	}
	documented := map[string][]string{} // "GET /api/v1/queues/{queue}" -> x-roles
	for path, ops := range doc.Paths {
		for method, op := range ops {
			if method == "parameters" {
				continue
			}
			var roles []string
			m, _ := op.(map[string]any)
			if xs, ok := m["x-roles"].([]any); ok {
				for _, x := range xs {
					roles = append(roles, x.(string))
				}
			}
			documented[strings.ToUpper(method)+" "+path] = roles
		}
	}
	srv := New(Config{}, Deps{})
	param := regexp.MustCompile(`:([a-z_]+)`)
	routes := map[string]bool{}
	for _, r := range srv.allowed {
		key := r.method + " " + param.ReplaceAllString(r.path, "{$1}")
		routes[key] = true
		roles, ok := documented[key]
		if !ok {
			t.Errorf("route %s is not documented", key)
			continue
		}
		want := []string{"public"}
		if r.allow&public == 0 {
			want = strings.Split(r.allow.String(), ", ")
		}
		sort.Strings(roles)
		sort.Strings(want)
		if strings.Join(roles, ",") != strings.Join(want, ",") {
			t.Errorf("%s: x-roles %v, routes.go admits %v", key, roles, want)
		}
	}
	for _, r := range srv.Routes() {
		method := r.Method
		if method == "HEAD" {
			method = "GET" // every GET route answers HEAD too, as the document says once
		}
		key := method + " " + param.ReplaceAllString(r.Path, "{$1}")
		if !routes[key] {
			t.Errorf("Echo has route %s outside routes.go", key)
		}
	}
	for key := range documented {
		if !routes[key] {
			t.Errorf("documented %s is not a route", key)
		}
	}
	// The file on disk is the one embedded.
	if b, err := os.ReadFile("openapi.yaml"); err != nil || string(b) != string(OpenAPI()) {
		t.Errorf("openapi.yaml differs from the embedded document (%v)", err)
	}
}

// TestHead: every GET route answers HEAD as GET does, for the same roles,
// with the same status and Content-Type and no body.
func TestHead(t *testing.T) {
	ts := startServer(t)
	concrete := strings.NewReplacer(":queue", "q1", ":id", "1", ":name", "t1", ":agent", "a1.ics", ":file", "app.js")
	n := 0
	for _, r := range ts.srv.allowed {
		if r.method != "GET" {
			continue
		}
		n++
		path := concrete.Replace(r.path)
		for _, role := range []Role{HR, Admin, ""} {
			code, h, b := ts.do(t, role, "GET", path, "", nil)
			hcode, hh, hb := ts.do(t, role, "HEAD", path, "", nil)
			if hcode != code || hh.Get("Content-Type") != h.Get("Content-Type") || len(hb) != 0 {
				t.Errorf("HEAD %s as %q: %d %q with %d bytes; GET: %d %q (%.100s)", path, role, hcode, hh.Get("Content-Type"), len(hb), code, h.Get("Content-Type"), b)
			}
		}
	}
	if n < 20 {
		t.Fatalf("only %d GET routes", n)
	}
	code, h, _ := ts.do(t, "", "HEAD", "/healthz", "", nil)
	if code != 200 || h.Get("Content-Length") != "16" {
		t.Errorf("HEAD /healthz: %d, Content-Length %q, want 200 and the GET body's 16", code, h.Get("Content-Length"))
	}
}
