package api

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/staffcast/staffcast/store/riverjobs"
	"github.com/staffcast/staffcast/store/sqlite"
)

// testServer is a real server on a free loopback port over a fresh SQLite
// store, with a token per role.
type testServer struct {
	url    string
	store  *sqlite.Store
	srv    *Server
	tokens map[Role]string
	client *http.Client
	// stop shuts the server down as a SIGTERM does and waits for Run to
	// return (the test's cleanup does it too).
	stop func(t *testing.T)
}

type serverOpt func(*Config, *Deps)

func withJobs(t *testing.T) serverOpt {
	return func(_ *Config, d *Deps) {
		st := d.Store.(*sqlite.Store)
		q, err := riverjobs.New(st.SQLDB(), riverjobs.SQLite, riverjobs.Options{PollInterval: 50 * time.Millisecond})
		if err != nil {
			t.Fatal(err)
		}
		d.Jobs = q
	}
}

func startServer(t *testing.T, opts ...serverOpt) *testServer {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	st, err := sqlite.Open(ctx, t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	cfg := Config{RateLimit: -1}
	deps := Deps{Store: st, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	if testing.Verbose() {
		deps.Logger = slog.New(slog.NewTextHandler(tlog{t}, nil))
	}
	for _, o := range opts {
		o(&cfg, &deps)
	}
	srv := New(cfg, deps)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- srv.Run(ctx, ln) }()
	var once sync.Once
	stop := func(t *testing.T) {
		once.Do(func() {
			cancel()
			if err := <-done; err != nil {
				t.Errorf("Run: %v", err)
			}
		})
	}
	t.Cleanup(func() {
		stop(t)
		st.Close()
	})
	ts := &testServer{url: "http://" + ln.Addr().String(), store: st, srv: srv, tokens: map[Role]string{},
		client: &http.Client{Timeout: 30 * time.Second}, stop: stop}
	for _, r := range Roles {
		clear, _, err := st.CreateToken(ctx, "test", "t-"+string(r), string(r))
		if err != nil {
			t.Fatal(err)
		}
		ts.tokens[r] = clear
	}
	return ts
}

type tlog struct{ t *testing.T }

func (l tlog) Write(p []byte) (int, error) { l.t.Log(strings.TrimSpace(string(p))); return len(p), nil }

// do sends a request with the token of role (none when role is "") and
// returns the status, headers and body.
func (ts *testServer) do(t *testing.T, role Role, method, path, contentType string, body []byte, hdr ...string) (int, http.Header, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, ts.url+path, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if role != "" {
		req.Header.Set("Authorization", "Bearer "+ts.tokens[role])
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	res, err := ts.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res.StatusCode, res.Header, b
}

// problem decodes a problem response and checks its shape: the media
// type, the status and the request id matching X-Request-Id.
func problem(t *testing.T, status int, h http.Header, b []byte) Problem {
	t.Helper()
	if ct := h.Get("Content-Type"); ct != ProblemContentType {
		t.Fatalf("status %d: Content-Type %q, want %s; body %s", status, ct, ProblemContentType, b)
	}
	var p Problem
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil {
		t.Fatalf("problem body %s: %v", b, err)
	}
	if p.Status != status || p.Title == "" || !strings.HasPrefix(p.Type, problemTypeBase) {
		t.Errorf("problem %+v for status %d", p, status)
	}
	if p.RequestID == "" || p.RequestID != h.Get("X-Request-Id") {
		t.Errorf("problem request_id %q, header %q", p.RequestID, h.Get("X-Request-Id"))
	}
	return p
}

func TestHealth(t *testing.T) {
	ts := startServer(t)
	for _, path := range []string{"/healthz", "/readyz"} {
		if code, _, b := ts.do(t, "", http.MethodGet, path, "", nil); code != http.StatusOK {
			t.Errorf("%s: %d %s", path, code, b)
		}
	}
	code, h, b := ts.do(t, "", http.MethodGet, "/openapi.yaml", "", nil)
	if code != http.StatusOK || !bytes.HasPrefix(b, []byte("openapi: 3")) || h.Get("Content-Type") != "application/yaml" {
		t.Errorf("/openapi.yaml: %d %s %.40s", code, h.Get("Content-Type"), b)
	}
	ts.store.Close() // the database is gone: not ready, still alive
	code, h, b = ts.do(t, "", http.MethodGet, "/readyz", "", nil)
	if code != http.StatusServiceUnavailable {
		t.Fatalf("/readyz with a closed store: %d %s", code, b)
	}
	problem(t, code, h, b)
	if code, _, b := ts.do(t, "", http.MethodGet, "/healthz", "", nil); code != http.StatusOK {
		t.Errorf("/healthz with a closed store: %d %s", code, b)
	}
}

// TestBadInput: every kind of bad request gets a clean 4xx problem.
func TestBadInput(t *testing.T) {
	ts := startServer(t, func(c *Config, _ *Deps) { c.JSONBodyLimit = 1 << 10; c.CSVBodyLimit = 4 << 10 })
	big := append([]byte(`{"volume":1,"interval":"`), bytes.Repeat([]byte("x"), 2<<10)...)
	for _, c := range []struct {
		name, method, path, ct string
		body                   string
		status                 int
		detail                 string // substring of the detail
	}{
		{"malformed JSON", "POST", "/api/v1/erlang", "application/json", `{"volume": 100,`, 400, "truncated JSON"},
		{"JSON syntax", "POST", "/api/v1/erlang", "application/json", `{"volume": 1OO}`, 400, "malformed JSON"},
		{"unknown field", "POST", "/api/v1/erlang", "application/json", `{"volume":100,"interval":"30m","aht":"180s","agents":14,"agnets":3}`, 400, `unknown field "agnets"`},
		{"wrong type", "POST", "/api/v1/erlang", "application/json", `{"volume":"lots"}`, 400, `volume: want a number, got a string`},
		{"wrong type in a row", "POST", "/api/v1/queues/q1/staffing", "application/json", `{"rows":[{"volume":1},{"volume":[2]}]}`, 400, `rows[1].volume: want a number, got an array`},
		{"bad duration", "POST", "/api/v1/queues/q1/forecasts", "application/json", `{"horizon":"abc"}`, 400, `horizon: want a duration like "30m" or a number of seconds, got the string "abc"`},
		{"bad duration of an embedded field", "POST", "/api/v1/queues/q1/staffing", "application/json", `{"sl_target":0.8,"sl_time":"abc"}`, 400, `sl_time: want a duration like "30m" or a number of seconds, got the string "abc"`},
		{"bad duration in a list", "POST", "/api/v1/erlang", "application/json", `{"chat_aht":["3m",true]}`, 400, `chat_aht[1]: want a duration like "30m" or a number of seconds, got true or false`},
		{"trailing data", "POST", "/api/v1/erlang", "application/json", `{"volume":100,"interval":"30m","aht":"180s","agents":14} {}`, 400, "after the JSON object"},
		{"empty body", "POST", "/api/v1/erlang", "application/json", ``, 400, "empty"},
		{"not an object", "POST", "/api/v1/erlang", "application/json", `[1,2]`, 400, "JSON object"},
		{"wrong content type", "POST", "/api/v1/erlang", "text/plain", `{}`, 415, "application/json"},
		{"no content type", "POST", "/api/v1/erlang", "", `{}`, 415, "application/json"},
		{"oversized JSON", "POST", "/api/v1/erlang", "application/json", string(big), 413, "over this route's limit of 1 KiB"},
		{"oversized CSV", "POST", "/api/v1/queues/q1/history", "text/csv", strings.Repeat("x", 5<<10), 413, "over this route's limit of 4 KiB"},
		{"oversized inline rows", "POST", "/api/v1/queues/q1/staffing", "application/json", strings.Repeat(" ", 17<<10), 413, "over this route's limit of 16 KiB"},
		{"inline rows over the JSON limit", "POST", "/api/v1/queues/q1/staffing", "application/json", `{"rows":[` + strings.Repeat(`{"interval_start":"2026-03-02T00:00:00","volume":1},`, 40) + `{"volume":[2]}]}`, 400, `rows[40].volume: want a number`},
		{"empty multipart", "POST", "/api/v1/queues/q1/history", "multipart/form-data; boundary=xyz", ``, 400, `ends before a complete part named "file"`},
		{"cursor not given", "GET", "/api/v1/queues?cursor=garbage", "", "", 400, "bad page cursor"},
		{"CSV as JSON", "POST", "/api/v1/queues/q1/history", "application/json", `{}`, 415, "text/csv"},
		{"invalid field value", "POST", "/api/v1/erlang", "application/json", `{"volume":100,"interval":"30m","aht":"180s","agents":-1}`, 400, "agents"},
		{"SQL-looking queue", "GET", "/api/v1/queues/x';DROP%20TABLE%20queues;--", "", "", 400, "must match"},
		{"upper-case queue", "GET", "/api/v1/queues/Bank", "", "", 400, "must match"},
		{"very long queue", "GET", "/api/v1/queues/" + strings.Repeat("a", 65), "", "", 400, "must match"},
		{"SQL-looking queue create", "POST", "/api/v1/queues", "application/json", `{"name":"a' OR '1'='1"}`, 400, "must match"},
		{"bad id", "GET", "/api/v1/queues/q1/forecasts/1%20OR%201=1", "", "", 400, "positive integer"},
		{"unknown queue", "GET", "/api/v1/queues/nosuch", "", "", 404, ""},
		{"unknown route", "GET", "/api/v1/nosuch", "", "", 404, ""},
		{"wrong method", "PUT", "/api/v1/erlang", "application/json", `{}`, 405, ""},
		{"bad limit", "GET", "/api/v1/queues?limit=100000", "", "", 400, "limit"},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, h, b := ts.do(t, Admin, c.method, c.path, c.ct, []byte(c.body))
			if code != c.status {
				t.Fatalf("status %d, want %d: %s", code, c.status, b)
			}
			p := problem(t, code, h, b)
			if !strings.Contains(p.Detail, c.detail) {
				t.Errorf("detail %q does not mention %q", p.Detail, c.detail)
			}
			for _, leak := range []string{"Go ", "json:", "float64", "app.", "Request", "Promise"} {
				if strings.Contains(p.Detail, leak) {
					t.Errorf("detail %q shows %q", p.Detail, leak)
				}
			}
		})
	}
}

func TestRequestIDFromClient(t *testing.T) {
	ts := startServer(t)
	for _, c := range []struct{ sent, want string }{{"abc-123", "abc-123"}, {"bad id\u00e9", ""}} {
		_, h, _ := ts.do(t, "", http.MethodGet, "/nosuch", "", nil, "X-Request-Id", c.sent)
		got := h.Get("X-Request-Id")
		if c.want != "" && got != c.want || c.want == "" && (got == "" || got == c.sent) {
			t.Errorf("sent %q, got %q", c.sent, got)
		}
	}
}

func TestRateLimit(t *testing.T) {
	ts := startServer(t, func(c *Config, _ *Deps) { c.RateLimit = 0.001; c.RateBurst = 3 })
	body := []byte(`{"volume":100,"interval":"30m","aht":"180s","agents":14}`)
	for i := range 3 {
		if code, _, b := ts.do(t, Planner, "POST", "/api/v1/erlang", "application/json", body); code != 200 {
			t.Fatalf("request %d: %d %s", i, code, b)
		}
	}
	code, h, b := ts.do(t, Planner, "POST", "/api/v1/erlang", "application/json", body)
	if code != http.StatusTooManyRequests || h.Get("Retry-After") == "" {
		t.Fatalf("4th request: %d Retry-After %q %s", code, h.Get("Retry-After"), b)
	}
	problem(t, code, h, b)
	// Another token has its own bucket.
	if code, _, b := ts.do(t, Manager, "POST", "/api/v1/erlang", "application/json", body); code != 200 {
		t.Fatalf("other token: %d %s", code, b)
	}
	// Bad tokens are limited per IP (as is every token lookup that misses
	// the cache): three attempts, then 429.
	ts = startServer(t, func(c *Config, _ *Deps) { c.RateLimit = 0.001; c.RateBurst = 3 })
	codes := []int{}
	for range 4 {
		req, _ := http.NewRequest("GET", ts.url+"/api/v1/queues", nil)
		req.Header.Set("Authorization", "Bearer sc_guess")
		res, err := ts.client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		codes = append(codes, res.StatusCode)
	}
	if want := []int{401, 401, 401, 429}; !equalInts(codes, want) {
		t.Errorf("bad-token statuses %v, want %v", codes, want)
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestPanicIsA500Problem(t *testing.T) {
	var logs bytes.Buffer
	srv := New(Config{}, Deps{Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	srv.echo.GET("/boom", func(echoCtx echoContext) error { panic("secret internals") })
	rec := httptestRecorder()
	req, _ := http.NewRequest("GET", "/boom", nil)
	srv.ServeHTTP(rec, req)
	p := problem(t, rec.Code, rec.Header(), rec.Body.Bytes())
	if rec.Code != 500 || strings.Contains(rec.Body.String(), "secret") || strings.Contains(rec.Body.String(), "goroutine") {
		t.Errorf("panic answered %d %s", rec.Code, rec.Body)
	}
	if !strings.Contains(logs.String(), "secret internals") || !strings.Contains(logs.String(), p.RequestID) {
		t.Errorf("panic not logged with its request id: %s", logs.String())
	}
}

func TestShutdownLetsRequestsFinish(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	srv := New(Config{}, Deps{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	started := make(chan struct{})
	srv.echo.GET("/slow", func(c echoContext) error {
		close(started)
		time.Sleep(300 * time.Millisecond)
		return c.String(200, "done")
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- srv.Run(ctx, ln) }()
	type result struct {
		body string
		err  error
	}
	got := make(chan result, 1)
	go func() {
		res, err := http.Get("http://" + ln.Addr().String() + "/slow")
		if err != nil {
			got <- result{err: err}
			return
		}
		b, err := io.ReadAll(res.Body)
		res.Body.Close()
		got <- result{string(b), err}
	}()
	<-started
	cancel()
	r := <-got
	if r.err != nil || r.body != "done" {
		t.Errorf("in-flight request during shutdown: %q %v", r.body, r.err)
	}
	if err := <-done; err != nil {
		t.Errorf("Run: %v", err)
	}
	if _, err := http.Get("http://" + ln.Addr().String() + "/healthz"); err == nil || errors.Is(err, context.Canceled) {
		t.Errorf("server still answers after shutdown")
	}
}

// TestShutdownStopsJobsAtOnce: once the requests have drained, Run stops
// the job queue without waiting for running jobs (they go back to the
// queue without spending an attempt), however long ShutdownTimeout is.
func TestShutdownStopsJobsAtOnce(t *testing.T) {
	f := &fakeJobs{}
	ts := startServer(t, withFakeJobs(f), func(c *Config, _ *Deps) { c.ShutdownTimeout = time.Hour })
	if code, _, b := ts.do(t, "", "GET", "/healthz", "", nil); code != 200 {
		t.Fatalf("healthz: %d %s", code, b)
	}
	ts.stop(t)
	f.mu.Lock()
	defer f.mu.Unlock()
	if !f.stopped || f.stopCtxErr == nil {
		t.Errorf("the job queue was stopped %v with a context that lets it wait (err %v); want it told to cancel running jobs at once", f.stopped, f.stopCtxErr)
	}
}
