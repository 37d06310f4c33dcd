package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/staffcast/staffcast/internal/syncbuf"
)

func serveEnv(out, errw io.Writer) env {
	return env{getenv: func(string) string { return "" }, stdin: strings.NewReader(""), stdout: out, stderr: errw}
}

// TestServeAndToken runs "token create", then "serve -demo" on a free
// loopback port, calls it with both tokens, lists and revokes a token, and
// stops it by cancelling its context (as SIGTERM does).
func TestServeAndToken(t *testing.T) {
	dir := t.TempDir()
	var out, errb bytes.Buffer
	if err := runToken(context.Background(), []string{"create", "-role", "hr", "-name", "alice", "-data-dir", dir}, serveEnv(&out, &errb)); err != nil {
		t.Fatalf("token create: %v (%s)", err, errb.String())
	}
	hrToken := strings.TrimSpace(out.String())
	if !regexp.MustCompile(`^sc_[A-Za-z0-9_-]+$`).MatchString(hrToken) || strings.Count(out.String(), "\n") != 1 {
		t.Fatalf("token create printed %q, want the token alone", out.String())
	}

	ctx, cancel := context.WithCancel(context.Background())
	stdout, stderr := &syncbuf.Buffer{}, &syncbuf.Buffer{}
	done := make(chan error, 1)
	go func() {
		done <- runServe(ctx, []string{"-addr", "127.0.0.1:0", "-data-dir", dir, "-demo"}, serveEnv(stdout, stderr))
	}()
	var url, admin string
	re := regexp.MustCompile(`serving (http://\S+) .*\nadmin token: (\S+)`)
	for i := 0; i < 600 && url == ""; i++ {
		if m := re.FindStringSubmatch(stdout.String()); m != nil {
			url, admin = m[1], m[2]
			break
		}
		select {
		case err := <-done:
			t.Fatalf("serve ended: %v\n%s", err, stderr.String())
		case <-time.After(50 * time.Millisecond):
		}
	}
	if url == "" {
		cancel()
		t.Fatalf("no URL printed: %q %s", stdout.String(), stderr.String())
	}
	get := func(token, path string) (int, string) {
		req, _ := http.NewRequest("GET", url+path, nil)
		req.Header.Set("Authorization", "Bearer "+token)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	if code, body := get(admin, "/api/v1/queues/retail/history"); code != 200 || !strings.Contains(body, `"intervals":`) {
		t.Errorf("demo history: %d %s", code, body)
	}
	// The demo walked forecast -> staffing -> templates -> agents ->
	// schedule over the API; its schedule job ends with a roster.
	jm := regexp.MustCompile(`schedule job (\d+)`).FindStringSubmatch(stdout.String())
	if jm == nil {
		t.Fatalf("no schedule job seeded: %q %s", stdout.String(), stderr.String())
	}
	var state, body string
	for wait := time.Now().Add(90 * time.Second); time.Now().Before(wait); time.Sleep(200 * time.Millisecond) {
		_, body = get(admin, "/api/v1/jobs/"+jm[1])
		if state = regexp.MustCompile(`"state":"(\w+)"`).FindStringSubmatch(body + `"state":"?"`)[1]; state != "queued" && state != "running" {
			break
		}
	}
	if state != "succeeded" || !strings.Contains(body, `"roster_id":`) {
		t.Fatalf("demo schedule job: %s", body)
	}
	// The team is sized to the plan, so the roster leaves nothing open (a
	// team sized by hours alone left 166 of 1,352 shifts open).
	sm := regexp.MustCompile(`"schedule_id":(\d+)`).FindStringSubmatch(body)
	if sm == nil {
		t.Fatalf("demo schedule job without a schedule: %s", body)
	}
	code, body := get(admin, "/api/v1/schedules/"+sm[1])
	t.Logf("demo roster: %s", regexp.MustCompile(`"roster":\{[^}]*\}`).FindString(body))
	// Its weekly minimums fit the plan's hours: few agents fall short of
	// theirs (259 of 298 did when every full-timer asked for 34 h).
	below := regexp.MustCompile(`"agents_below_min":(\d+)`).FindStringSubmatch(body)
	if code != 200 || !strings.Contains(body, `"unassigned":0,`) || below == nil || len(below[1]) > 1 {
		t.Errorf("demo roster: %d %s", code, regexp.MustCompile(`"roster":\{[^}]*\}`).FindString(body))
	}
	if code, body := get(hrToken, "/api/v1/queues"); code != 200 || !strings.Contains(body, `"retail"`) {
		t.Errorf("hr lists queues: %d %s", code, body)
	}
	if code, _ := get(hrToken, "/api/v1/audit"); code != 403 {
		t.Errorf("hr reads the audit log: %d", code)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("serve: %v", err)
	}
	if !strings.Contains(stderr.String(), `"msg":"request"`) || strings.Contains(stderr.String(), hrToken) || strings.Contains(stderr.String(), admin) {
		t.Errorf("access log missing or leaking a token:\n%s", stderr.String())
	}

	out.Reset()
	if err := runToken(context.Background(), []string{"list", "-data-dir", dir}, serveEnv(&out, &errb)); err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^(\d+)\s+alice\s+hr\s`).FindStringSubmatch(out.String())
	if m == nil || strings.Contains(out.String(), hrToken) {
		t.Fatalf("token list:\n%s", out.String())
	}
	out.Reset()
	if err := runToken(context.Background(), []string{"revoke", "-id", m[1], "-data-dir", dir}, serveEnv(&out, &errb)); err != nil {
		t.Fatal(err)
	}
	if want := "token " + m[1] + " revoked; a running server stops accepting it within 10 s\n"; out.String() != want {
		t.Errorf("token revoke printed %q, want %q", out.String(), want)
	}
	out.Reset()
	runToken(context.Background(), []string{"list", "-data-dir", dir}, serveEnv(&out, &errb))
	if !regexp.MustCompile(`(?m)^` + m[1] + `\s+alice\s+hr\s+\S+\s+\S+\s+20`).MatchString(out.String()) {
		t.Errorf("revoked token not shown revoked:\n%s", out.String())
	}
	for _, bad := range [][]string{{"create", "-role", "boss", "-name", "x"}, {"create", "-role", "hr"}, {"revoke"}, {"revoke", "-id", "-1"}, {"frob"}} {
		err := runToken(context.Background(), append(bad, "-data-dir", dir), serveEnv(io.Discard, io.Discard))
		if err == nil || exitCode(err) != exitBadUse {
			t.Errorf("token %v: %v, want a usage error", bad, err)
		}
	}
}

// TestTokenMissingStore: listing or revoking tokens in a directory that
// holds no store is a mistyped -data-dir, refused with a usage error that
// names it, and nothing is created there.
func TestTokenMissingStore(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "typo")
	for _, args := range [][]string{{"list"}, {"revoke", "-id", "1"}} {
		var errb bytes.Buffer
		err := runToken(context.Background(), append(args, "-data-dir", dir), serveEnv(io.Discard, &errb))
		if err == nil || exitCode(err) != exitBadUse || !strings.Contains(err.Error(), "-data-dir "+dir) {
			t.Errorf("token %v: %v, want a usage error naming -data-dir", args, err)
		}
		if _, err := os.Stat(dir); !os.IsNotExist(err) {
			t.Fatalf("token %v created %s", args, dir)
		}
	}
}

// TestTokenNameTaken: "token create" with the name of a live token, in any
// case, or with white space around a name, exits 2 with a message naming
// -name, the name and the token that has it, and prints no token; once that token is revoked the name may be given again.
func TestTokenNameTaken(t *testing.T) {
	dir := t.TempDir()
	create := []string{"token", "create", "-role", "planner", "-name", "alice", "-data-dir", dir}
	if _, errs, code := runCLI(t, "", create...); code != 0 {
		t.Fatalf("first alice: exit %d: %s", code, errs)
	}
	out, errs, code := runCLI(t, "", create...)
	want := `token: -name: token name "alice" is taken by live token 1: revoke that token first or choose another name`
	if code != exitBadUse || out != "" || errs != want {
		t.Fatalf("second alice: exit %d, stdout %q, stderr %q; want 2, nothing and %q", code, out, errs, want)
	}
	for _, c := range []struct{ case_, name, want string }{
		{"upper first", "Alice", `token: -name: token name "Alice" is taken by live token 1 as "alice" (names that differ only in case are one name): revoke that token first or choose another name`},
		{"trailing space", "alice ", `token: -name: "alice " starts or ends with white space`},
		{"leading space", " alice", `token: -name: " alice" starts or ends with white space`},
		{"another name", " bob", `token: -name: " bob" starts or ends with white space`},
	} {
		args := append([]string{}, create...)
		args[5] = c.name
		out, errs, code := runCLI(t, "", args...)
		if code != exitBadUse || out != "" || errs != c.want {
			t.Errorf("%s: exit %d, stdout %q, stderr %q; want 2, nothing and %q", c.case_, code, out, errs, c.want)
		}
	}
	if _, errs, code := runCLI(t, "", "token", "revoke", "-id", "1", "-data-dir", dir); code != 0 {
		t.Fatalf("revoke: exit %d: %s", code, errs)
	}
	if _, errs, code := runCLI(t, "", create...); code != 0 {
		t.Fatalf("alice after revoking the first: exit %d: %s", code, errs)
	}
}
