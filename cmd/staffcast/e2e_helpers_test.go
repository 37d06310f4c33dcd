package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/staffcast/staffcast/internal/syncbuf"
)

// The end-to-end tests run the real server as a separate process: this test
// binary re-executed with envE2EArgs set, which makes TestMain run main()
// with those arguments instead of the tests. The process is the staffcast
// binary in all but name (same main, same flags, same signals), and it can
// be killed with SIGKILL without taking the test down.
const envE2EArgs = "STAFFCAST_E2E_CHILD_ARGS"

// envTestDatabaseURL names the PostgreSQL the tests may use (as in the store
// and api tests): unset skips the PostgreSQL cases, set but unreachable
// fails them.
const envTestDatabaseURL = "STAFFCAST_TEST_DATABASE_URL"

func TestMain(m *testing.M) {
	if args, ok := os.LookupEnv(envE2EArgs); ok {
		var a []string
		if err := json.Unmarshal([]byte(args), &a); err != nil {
			fmt.Fprintln(os.Stderr, "e2e child: bad", envE2EArgs, err)
			os.Exit(3)
		}
		os.Args = append([]string{os.Args[0]}, a...)
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// childCmd is the staffcast command line args as a child process.
func childCmd(args ...string) *exec.Cmd {
	b, _ := json.Marshal(args)
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), envE2EArgs+"="+string(b))
	return cmd
}

// e2eStore is where a test's server keeps its data: the flags that select it,
// the same for every start of the server in one test.
type e2eStore struct {
	name string
	args func(t *testing.T) []string
}

// e2eStores are the embedded SQLite store and, when envTestDatabaseURL is
// set, a fresh PostgreSQL schema (search_path), dropped at cleanup.
func e2eStores() []e2eStore {
	return []e2eStore{
		{"sqlite", func(t *testing.T) []string { return []string{"-data-dir", t.TempDir()} }},
		{"postgres", func(t *testing.T) []string { return []string{"-database-url", pgSchemaURL(t)} }},
	}
}

// forEachStore runs f once per store as a subtest.
func forEachStore(t *testing.T, f func(t *testing.T, storeArgs []string)) {
	for _, st := range e2eStores() {
		t.Run(st.name, func(t *testing.T) { f(t, st.args(t)) })
	}
}

// pgSchemaURL creates a schema of its own in the database of
// envTestDatabaseURL and returns the URL selecting it; the schema is dropped
// when the test ends. The "postgres" database/sql driver is lib/pq, which
// this binary links through store/postgres.
func pgSchemaURL(t *testing.T) string {
	t.Helper()
	base := os.Getenv(envTestDatabaseURL)
	if base == "" {
		t.Skipf("%s is not set", envTestDatabaseURL)
	}
	db, err := sql.Open("postgres", base)
	if err != nil {
		t.Fatalf("%s: %v", envTestDatabaseURL, err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		t.Fatalf("%s is set but PostgreSQL does not answer: %v", envTestDatabaseURL, err)
	}
	var b [6]byte
	if _, err := rand.Read(b[:]); err != nil {
		t.Fatal(err)
	}
	schema := "staffcast_e2e_" + hex.EncodeToString(b[:])
	if _, err := db.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		db.Close()
		t.Fatal(err)
	}
	// Registered before the servers' cleanups, so it runs after them.
	t.Cleanup(func() {
		defer db.Close()
		if _, err := db.ExecContext(context.Background(), "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("%s: %v", envTestDatabaseURL, err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// runStaffcast runs one staffcast command to its end and returns its stdout.
func runStaffcast(t *testing.T, args ...string) string {
	t.Helper()
	cmd := childCmd(args...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("staffcast %s: %v\nstderr: %s", strings.Join(args, " "), err, errb.String())
	}
	return out.String()
}

// createToken runs "staffcast token create" on the store and returns the
// token, checking that it is printed alone.
func createToken(t *testing.T, storeArgs []string, role, name string) string {
	t.Helper()
	out := runStaffcast(t, append([]string{"token", "create", "-role", role, "-name", name}, storeArgs...)...)
	tok := strings.TrimSpace(out)
	if tok == "" || strings.ContainsAny(tok, " \n\t") || !strings.HasSuffix(out, "\n") {
		t.Fatalf("token create printed %q, want the token alone on one line", out)
	}
	return tok
}

// e2eServer is one running "staffcast serve" process.
type e2eServer struct {
	t    *testing.T
	cmd  *exec.Cmd
	url  string
	logs *syncbuf.Buffer // stderr: slog JSON lines
	done chan struct{}
	err  error // Wait's error, set when done is closed
}

// startServer starts "staffcast serve" on a free loopback port (-addr
// 127.0.0.1:0; the URL is read from the "serving" log line) with the store
// flags and extra flags, and waits until /readyz answers 200. The process is
// killed at cleanup if still running.
func startServer(t *testing.T, storeArgs []string, extra ...string) *e2eServer {
	t.Helper()
	args := append([]string{"serve", "-addr", "127.0.0.1:0", "-rate-limit", "-1"}, storeArgs...)
	cmd := childCmd(append(args, extra...)...)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stdout = io.Discard
	s := &e2eServer{t: t, cmd: cmd, logs: &syncbuf.Buffer{}, done: make(chan struct{})}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	urlc := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		sc.Buffer(make([]byte, 1<<16), 1<<20)
		sent := false
		for sc.Scan() {
			line := sc.Text()
			fmt.Fprintln(s.logs, line)
			var rec struct {
				Msg string `json:"msg"`
				URL string `json:"url"`
			}
			if !sent && json.Unmarshal([]byte(line), &rec) == nil && rec.Msg == "serving" && rec.URL != "" {
				urlc <- rec.URL
				sent = true
			}
		}
		_, _ = io.Copy(s.logs, stderr)
		s.err = cmd.Wait()
		close(s.done)
	}()
	t.Cleanup(func() {
		select {
		case <-s.done:
		default:
			_ = cmd.Process.Kill()
			<-s.done
		}
		if t.Failed() {
			t.Logf("server %s log:\n%s", s.url, s.logs.String())
		}
	})
	select {
	case s.url = <-urlc:
	case <-s.done:
		t.Fatalf("serve ended before serving: %v\n%s", s.err, s.logs.String())
	case <-time.After(60 * time.Second):
		t.Fatalf("serve printed no URL within 60 s:\n%s", s.logs.String())
	}
	for i := 0; ; i++ {
		res, err := http.Get(s.url + "/readyz")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				break
			}
		}
		if i == 300 {
			t.Fatalf("/readyz not 200 after 30 s: %v", err)
		}
		time.Sleep(100 * time.Millisecond)
	}
	return s
}

// kill ends the process with SIGKILL (no shutdown at all) and waits for it.
func (s *e2eServer) kill() {
	s.t.Helper()
	if err := s.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		s.t.Fatal(err)
	}
	<-s.done
}

// terminate sends SIGTERM and returns a channel closed when the process has
// exited; s.exitCode then tells how.
func (s *e2eServer) terminate() <-chan struct{} {
	s.t.Helper()
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		s.t.Fatal(err)
	}
	return s.done
}

// response is an HTTP answer, its body read.
type response struct {
	status int
	header http.Header
	body   []byte
}

func (r response) String() string {
	b := r.body
	if len(b) > 2000 {
		b = append(b[:2000:2000], "..."...)
	}
	return fmt.Sprintf("%d %s", r.status, b)
}

// do sends a request with a bearer token (none when token is ""); body may be
// nil, a []byte or string (sent with contentType), or anything else (sent as
// JSON).
func (s *e2eServer) do(method, path, token, contentType string, body any, accept ...string) response {
	s.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case []byte:
		rd = bytes.NewReader(b)
	case string:
		rd = strings.NewReader(b)
	default:
		j, err := json.Marshal(b)
		if err != nil {
			s.t.Fatal(err)
		}
		rd = bytes.NewReader(j)
		if contentType == "" {
			contentType = "application/json"
		}
	}
	req, err := http.NewRequest(method, s.url+path, rd)
	if err != nil {
		s.t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if len(accept) > 0 {
		req.Header.Set("Accept", accept[0])
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		s.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	data, err := io.ReadAll(res.Body)
	if err != nil {
		s.t.Fatalf("%s %s: reading the body: %v", method, path, err)
	}
	return response{status: res.StatusCode, header: res.Header, body: data}
}

// must is do that fails the test unless the status is want, and decodes a
// JSON body into out when out is not nil.
func (s *e2eServer) must(want int, out any, method, path, token, contentType string, body any, accept ...string) response {
	s.t.Helper()
	r := s.do(method, path, token, contentType, body, accept...)
	if r.status != want {
		s.t.Fatalf("%s %s: got %s, want status %d", method, path, r, want)
	}
	if out != nil {
		if err := json.Unmarshal(r.body, out); err != nil {
			s.t.Fatalf("%s %s: %v in %s", method, path, err, r)
		}
	}
	return r
}

// e2eJob is the JSON of GET /api/v1/jobs/{id}.
type e2eJob struct {
	ID           int64           `json:"id"`
	Kind         string          `json:"kind"`
	State        string          `json:"state"`
	Progress     float64         `json:"progress"`
	ProgressNote string          `json:"progress_note"`
	Result       json.RawMessage `json:"result"`
	Error        string          `json:"error"`
	Attempt      int             `json:"attempt"`
	StartedAt    *time.Time      `json:"started_at"`
}

func (j e2eJob) String() string {
	return fmt.Sprintf("job %d (%s) %s attempt %d progress %.2f %q error %q", j.ID, j.Kind, j.State, j.Attempt, j.Progress, j.ProgressNote, j.Error)
}

// pollJob polls GET /api/v1/jobs/{id} every 100 ms until until(job) holds
// and returns that job; it fails after bound with the states it saw. seen
// receives every answer.
func (s *e2eServer) pollJob(token string, id int64, bound time.Duration, what string, until func(e2eJob) bool, seen func(e2eJob)) e2eJob {
	s.t.Helper()
	deadline := time.Now().Add(bound)
	var last e2eJob
	for {
		var j e2eJob
		s.must(http.StatusOK, &j, "GET", fmt.Sprintf("/api/v1/jobs/%d", id), token, "", nil)
		if seen != nil {
			seen(j)
		}
		if until(j) {
			return j
		}
		last = j
		if time.Now().After(deadline) {
			s.t.Fatalf("job %d not %s within %s; last seen: %s", id, what, bound, last)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// historyCount returns the number of stored intervals of a queue.
func (s *e2eServer) historyCount(token, queue string) int {
	s.t.Helper()
	var sum struct {
		Intervals int `json:"intervals"`
	}
	s.must(http.StatusOK, &sum, "GET", "/api/v1/queues/"+queue+"/history", token, "", nil)
	return sum.Intervals
}

// roleTokens are the tokens of one store: admin from the CLI, the others
// made over HTTP by the admin.
type roleTokens struct{ admin, planner, hr, manager string }

func makeTokens(t *testing.T, s *e2eServer, admin string) roleTokens {
	t.Helper()
	tk := roleTokens{admin: admin}
	for _, r := range []struct {
		role string
		dst  *string
	}{{"planner", &tk.planner}, {"hr", &tk.hr}, {"manager", &tk.manager}} {
		var out struct {
			Token string `json:"token"`
		}
		s.must(http.StatusCreated, &out, "POST", "/api/v1/tokens", admin, "", map[string]string{"name": "e2e-" + r.role, "role": r.role})
		if out.Token == "" {
			t.Fatalf("POST /api/v1/tokens for %s gave no token", r.role)
		}
		*r.dst = out.Token
	}
	return tk
}
