package web

import (
	"io/fs"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
)

func get(t *testing.T, h http.Handler, method, path string, hdr ...string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(method, path, nil)
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// TestHandler: the page and each file with its type and the safe headers;
// unknown paths 404, other methods 405, a matching ETag 304.
func TestHandler(t *testing.T) {
	h := Handler()
	cases := []struct {
		name, method, path string
		status             int
		contentType        string
	}{
		{"page", "GET", "/", 200, "text/html; charset=utf-8"},
		{"script", "GET", "/static/app.js", 200, "text/javascript; charset=utf-8"},
		{"style", "GET", "/static/style.css", 200, "text/css; charset=utf-8"},
		{"templates", "GET", "/static/shift-templates.json", 200, "application/json"},
		{"head", "HEAD", "/", 200, "text/html; charset=utf-8"},
		{"unknown file", "GET", "/static/nope.js", 404, ""},
		{"page under static", "GET", "/static/index.html", 404, ""},
		{"sub-folder", "GET", "/static/a/b.js", 404, ""},
		{"other path", "GET", "/index.html", 404, ""},
		{"post", "POST", "/", 405, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rec := get(t, h, c.method, c.path)
			if rec.Code != c.status {
				t.Fatalf("status %d, want %d", rec.Code, c.status)
			}
			for k, want := range map[string]string{
				"Content-Security-Policy": ContentSecurityPolicy, "X-Content-Type-Options": "nosniff",
				"Referrer-Policy": "no-referrer", "X-Frame-Options": "DENY",
			} {
				if got := rec.Header().Get(k); got != want {
					t.Errorf("%s = %q, want %q", k, got, want)
				}
			}
			if c.status != 200 {
				return
			}
			if got := rec.Header().Get("Content-Type"); got != c.contentType {
				t.Errorf("Content-Type %q, want %q", got, c.contentType)
			}
			if c.method == "HEAD" && rec.Body.Len() > 0 {
				t.Errorf("HEAD sent a body of %d bytes", rec.Body.Len())
			}
			if etag := rec.Header().Get("ETag"); etag == "" {
				t.Error("no ETag")
			} else if again := get(t, h, "GET", c.path, "If-None-Match", etag); again.Code != http.StatusNotModified {
				t.Errorf("If-None-Match %s: status %d, want 304", etag, again.Code)
			}
		})
	}
}

// TestPageKeepsThePolicy reads the files the way the Content-Security-Policy
// will: no inline script or style and no event-handler attributes (the
// browser would refuse them), every local reference served, nothing loaded
// from another origin, and no HTML built from strings in the script (data
// goes in with textContent only).
func TestPageKeepsThePolicy(t *testing.T) {
	html, err := fs.ReadFile(FS(), "index.html")
	if err != nil {
		t.Fatal(err)
	}
	page := string(html)
	for _, bad := range []*regexp.Regexp{
		regexp.MustCompile(`<script(?:\s[^>]*)?>\s*[^<\s]`), // inline script
		regexp.MustCompile(`<style`),
		regexp.MustCompile(`\sstyle=`),
		regexp.MustCompile(`\son[a-z]+=`),
		regexp.MustCompile(`(?:src|href)="(?:https?:)?//`),
	} {
		if m := bad.FindString(page); m != "" {
			t.Errorf("index.html has %q, which the policy forbids", m)
		}
	}
	for _, tag := range regexp.MustCompile(`<script[^>]*>`).FindAllString(page, -1) {
		if !strings.Contains(tag, ` src="`) {
			t.Errorf("index.html has %s without src", tag)
		}
	}
	h := Handler()
	for _, m := range regexp.MustCompile(`(?:src|href)="(/[^"]*)"`).FindAllStringSubmatch(page, -1) {
		if m[1] == "/openapi.yaml" {
			continue // served by the API
		}
		if rec := get(t, h, "GET", m[1]); rec.Code != 200 {
			t.Errorf("index.html refers to %s, which answers %d", m[1], rec.Code)
		}
	}
	js, err := fs.ReadFile(FS(), "app.js")
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function", "localStorage"} {
		if strings.Contains(string(js), bad) {
			t.Errorf("app.js uses %s", bad)
		}
	}
	// Every element the script looks up by id exists in the page.
	for _, m := range regexp.MustCompile(`\$\('#([a-z0-9-]+)`).FindAllStringSubmatch(string(js), -1) {
		if !strings.Contains(page, `id="`+m[1]+`"`) {
			t.Errorf("app.js uses #%s, which index.html lacks", m[1])
		}
	}
}

// TestHas: Has says what Handler serves, so a server answering a missing
// file its own way agrees with Handler on which files are missing.
func TestHas(t *testing.T) {
	h := Handler()
	for _, p := range []string{"/", "/static/app.js", "/static/style.css", "/static/shift-templates.json",
		"/static/nope.js", "/static/index.html", "/static/a/b.js", "/index.html", "/static/"} {
		if got, want := Has(p), get(t, h, "GET", p).Code == http.StatusOK; got != want {
			t.Errorf("Has(%q) = %v, Handler answers 200: %v", p, got, want)
		}
	}
}
