// Package web is Staffcast's web page: plain HTML, CSS and JavaScript
// embedded in the binary and served by the API at GET / (index.html) and
// GET /static/{file} (the page's script, style sheet and default shift
// templates).
//
// The page calls the REST API with a bearer token the user pastes once; it
// asks GET /api/v1/me which role the token has and which routes that role
// may call, and shows only those tasks (planner, manager, hr; admin sees
// them all). It loads nothing from other origins: the Content-Security-Policy
// the handler sends allows scripts, styles, images and requests from the
// page's own origin only (images also from blob: URLs, which is how the
// authenticated chart images are shown), and no inline script or style.
package web

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
	"sync"
)

//go:embed static
var static embed.FS

// FS returns the page's files: index.html, app.js, style.css and
// shift-templates.json at its root.
func FS() fs.FS {
	sub, err := fs.Sub(static, "static")
	if err != nil {
		panic(err) // the embedded tree always has static/
	}
	return sub
}

// ContentSecurityPolicy is the policy sent with every file of the page:
// everything from the page's own origin only, images also from blob: URLs
// (charts fetched with the token), no plugins, no framing, no inline script.
const ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' blob: data:; " +
	"connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// asset is one embedded file ready to serve.
type asset struct {
	body        []byte
	contentType string
	etag        string
}

// assets reads every embedded file once, with its type and ETag.
var assets = sync.OnceValue(func() map[string]asset {
	files := map[string]asset{}
	err := fs.WalkDir(FS(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(FS(), p)
		if err != nil {
			return err
		}
		ct := mime.TypeByExtension(path.Ext(p))
		switch path.Ext(p) { // not left to the system's mime tables
		case ".html":
			ct = "text/html; charset=utf-8"
		case ".js":
			ct = "text/javascript; charset=utf-8"
		case ".css":
			ct = "text/css; charset=utf-8"
		case ".json":
			ct = "application/json"
		}
		sum := sha256.Sum256(b)
		files[p] = asset{body: b, contentType: ct, etag: `"` + hex.EncodeToString(sum[:8]) + `"`}
		return nil
	})
	if err != nil {
		panic(err) // the embedded tree is fixed at build time
	}
	return files
})

// lookup finds the file a URL path names: / is index.html, /static/NAME
// the file NAME (no sub-folders, and not index.html, which has one URL).
func lookup(urlPath string) (asset, bool) {
	name := ""
	switch {
	case urlPath == "/":
		name = "index.html"
	case strings.HasPrefix(urlPath, "/static/"):
		name = strings.TrimPrefix(urlPath, "/static/")
	}
	a, ok := assets()[name]
	if !ok || name == "index.html" && urlPath != "/" {
		return asset{}, false
	}
	return a, true
}

// Has says whether Handler serves urlPath (rather than answer 404), so a
// server can answer a missing file with its own kind of error.
func Has(urlPath string) bool {
	_, ok := lookup(urlPath)
	return ok
}

// SetHeaders sets the headers every answer of the page carries: the
// Content-Security-Policy above, X-Content-Type-Options: nosniff,
// Referrer-Policy: no-referrer and X-Frame-Options: DENY.
func SetHeaders(h http.Header) {
	h.Set("Content-Security-Policy", ContentSecurityPolicy)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Frame-Options", "DENY")
}

// Handler serves the page: GET / answers index.html, GET /static/NAME the
// file NAME (no sub-folders); any other path is a plain-text 404. Every
// answer carries the headers of SetHeaders; files are revalidated on every
// load (Cache-Control: no-cache with a strong ETag), so a new binary's page
// is never mixed with an old cached script.
func Handler() http.Handler {
	assets() // read the files now rather than at the first request
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		SetHeaders(h)
		a, ok := lookup(r.URL.Path)
		if !ok {
			http.Error(w, "404 page not found", http.StatusNotFound)
			return
		}
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			h.Set("Allow", "GET, HEAD")
			http.Error(w, "405 method not allowed", http.StatusMethodNotAllowed)
			return
		}
		h.Set("Content-Type", a.contentType)
		h.Set("Cache-Control", "no-cache")
		h.Set("ETag", a.etag)
		if r.Header.Get("If-None-Match") == a.etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		if r.Method == http.MethodHead {
			return
		}
		_, _ = w.Write(a.body)
	})
}
