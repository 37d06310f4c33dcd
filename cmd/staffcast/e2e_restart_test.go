package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// Job settings of the restart tests: a schedule searches for at most
// e2eJobLimit; an attempt is cancelled after the job timeout and a job left
// running by a dead server is re-run after the rescue delay (River's
// rescuer also waits for the dead server's leader lease, about 15 s, then
// runs every 30 s: a rescue delay under 15 s is met at its first run). The
// graceful test gives its job e2eStopLimit, beyond its shutdown timeout of
// e2eShutdownTimeout: the job is cancelled once the requests have drained,
// so the timeout only bounds the in-flight upload, which must finish
// within it on a loaded machine (the test failed once under heavy load
// with 2 s), and the job must still be running when the upload has.
const (
	e2eStopLimit       = "15s"
	e2eShutdownTimeout = "10s"
	e2eJobLimit        = "3s"
	e2eJobTimeout      = "11s"
	e2eRescueAfter     = "12s"
)

// scheduleReady starts a server on the store, imports the bank history,
// forecasts, staffs, stores templates and agents, and returns the server,
// the tokens and the staffing id.
func scheduleReady(t *testing.T, storeArgs []string, h bankHistory, flags ...string) (*e2eServer, roleTokens, int64) {
	t.Helper()
	admin := createToken(t, storeArgs, "admin", "e2e")
	s := startServer(t, storeArgs, flags...)
	tk := makeTokens(t, s, admin)
	importBank(t, s, tk.planner, h)
	fcID, _ := createForecast(t, s, tk.planner, h.queue)
	return s, tk, prepareSchedule(t, s, tk, h.queue, fcID)
}

func finished(j e2eJob) bool {
	return j.State == "succeeded" || j.State == "failed" || j.State == "cancelled"
}

// TestE2ECrash kills the server with SIGKILL while a schedule job runs and
// restarts it on the same store: every imported interval is still there,
// and the job, left "running" by the dead server, is rescued and succeeds
// on a second attempt instead of staying "running" for ever.
func TestE2ECrash(t *testing.T) {
	h := loadBankHistory(t)
	forEachStore(t, func(t *testing.T, storeArgs []string) {
		flags := []string{"-job-timeout", e2eJobTimeout, "-job-rescue-after", e2eRescueAfter}
		s, tk, staffingID := scheduleReady(t, storeArgs, h, flags...)
		id := startSchedule(t, s, tk.planner, h.queue, staffingID, "e2e-slow", e2eJobLimit)
		j := s.pollJob(tk.planner, id, 60*time.Second, "running", func(j e2eJob) bool { return j.State == "running" || finished(j) }, nil)
		s.kill()
		if j.State != "running" {
			t.Fatalf("%s before the kill: the schedule must run longer for this test", j)
		}

		began := time.Now()
		s2 := startServer(t, storeArgs, flags...)
		if n := s2.historyCount(tk.planner, h.queue); n != h.rows {
			t.Fatalf("after SIGKILL and restart the queue holds %d intervals, want the %d imported", n, h.rows)
		}
		if j := s2.do("GET", fmt.Sprintf("/api/v1/jobs/%d", id), tk.planner, "", nil); !strings.Contains(string(j.body), `"state":"running"`) {
			t.Logf("right after restart: %s", j)
		}
		var states []string
		j = s2.pollJob(tk.planner, id, 90*time.Second, "finished", finished, func(j e2eJob) {
			if len(states) == 0 || states[len(states)-1] != j.State {
				states = append(states, j.State)
			}
		})
		if j.State != "succeeded" || j.Attempt != 2 {
			t.Fatalf("after restart: %s (states seen %v), want succeeded on attempt 2", j, states)
		}
		res := jobResult(t, j)
		s2.must(http.StatusOK, nil, "GET", res.Location, tk.planner, "", nil)
		t.Logf("rescued and re-run: states %v, succeeded %.1f s after the restart", states, time.Since(began).Seconds())
	})
}

// TestE2EGracefulShutdown sends SIGTERM while a history upload is in flight
// (half its body sent) and a schedule job runs: the upload completes (200,
// every row stored), the process exits 0, and the job, cancelled once the
// requests have drained (not when the shutdown timeout passes), is left to
// be re-run: after a restart it is
// queued or running again, never failed, and succeeds by an attempt that
// started after the first server exited.
func TestE2EGracefulShutdown(t *testing.T) {
	h := loadBankHistory(t)
	forEachStore(t, func(t *testing.T, storeArgs []string) {
		flags := []string{"-shutdown-timeout", e2eShutdownTimeout}
		s, tk, staffingID := scheduleReady(t, storeArgs, h, flags...)
		id := startSchedule(t, s, tk.planner, h.queue, staffingID, "e2e-slow", e2eStopLimit)
		j := s.pollJob(tk.planner, id, 60*time.Second, "running", func(j e2eJob) bool { return j.State == "running" || finished(j) }, nil)
		if j.State != "running" {
			t.Fatalf("%s before SIGTERM: the schedule must run longer for this test", j)
		}

		// A second queue's history, its body sent in two halves around
		// the SIGTERM.
		const queue2 = "e2e-inflight"
		// Ten days (169 five-minute rows a day) rather than the whole
		// file: the upload must finish within the shutdown timeout even
		// on a loaded machine under -race, while the job must not.
		const inflightRows = 10 * 169
		lines := bytes.SplitAfterN(h.data, []byte("\n"), inflightRows+2)
		body := bytes.ReplaceAll(bytes.Join(lines[:inflightRows+1], nil), []byte(","+h.queue+","), []byte(","+queue2+","))
		pr, pw := io.Pipe()
		req, err := http.NewRequestWithContext(context.Background(), "POST", s.url+"/api/v1/queues/"+queue2+"/history?tz=UTC&interval=30m", pr)
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Authorization", "Bearer "+tk.planner)
		req.Header.Set("Content-Type", "text/csv")
		req.ContentLength = int64(len(body))
		type answer struct {
			res  *http.Response
			body []byte
			err  error
		}
		// A connection of its own: net/http's Shutdown closes idle
		// keep-alive connections at once, and a pooled one could still
		// look idle to the server when the signal lands; a new
		// connection is left alone for 5 s and becomes active as soon
		// as the server reads the request line.
		client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
		answered := make(chan answer, 1)
		go func() {
			res, err := client.Do(req)
			a := answer{res: res, err: err}
			if err == nil {
				a.body, a.err = io.ReadAll(res.Body)
				res.Body.Close()
			}
			answered <- a
		}()
		half := len(body) / 2
		if _, err := pw.Write(body[:half]); err != nil {
			t.Fatal(err)
		}
		// A connection still in the listen backlog at SIGTERM would be
		// reset with the listener; the backlog is FIFO, so once a later
		// connection is answered, the upload's was accepted.
		if res, err := client.Get(s.url + "/healthz"); err != nil {
			t.Fatal(err)
		} else {
			res.Body.Close()
		}
		exited := s.terminate()
		for i := 0; !strings.Contains(s.logs.String(), `"msg":"shutting down"`); i++ {
			if i == 300 {
				t.Fatalf("no \"shutting down\" log 30 s after SIGTERM:\n%s", s.logs.String())
			}
			time.Sleep(100 * time.Millisecond)
		}
		if _, err := pw.Write(body[half:]); err != nil {
			a := <-answered
			t.Fatalf("writing the rest of the in-flight body after SIGTERM: %v; the request ended with %v", err, a.err)
		}
		pw.Close()
		a := <-answered
		if a.err != nil {
			t.Fatalf("in-flight upload during shutdown: %v", a.err)
		}
		if a.res.StatusCode != http.StatusOK {
			t.Fatalf("in-flight upload during shutdown: %d %s", a.res.StatusCode, a.body)
		}
		var imp struct {
			Inserted int `json:"inserted"`
		}
		if err := json.Unmarshal(a.body, &imp); err != nil || imp.Inserted != inflightRows {
			t.Fatalf("in-flight upload answered %s, want %d inserted", a.body, inflightRows)
		}
		select {
		case <-exited:
		case <-time.After(60 * time.Second):
			t.Fatalf("still running 60 s after SIGTERM:\n%s", s.logs.String())
		}
		// A signal is serve's normal end: status 0.
		if s.err != nil {
			t.Fatalf("after SIGTERM the server exited with %v, want status 0:\n%s", s.err, s.logs.String())
		}
		if strings.Contains(s.logs.String(), "stop deadline passed") {
			t.Errorf("the running job was cancelled only when the shutdown timeout passed, not once the requests had drained:\n%s", s.logs.String())
		}

		stoppedAt := time.Now()
		s2 := startServer(t, storeArgs, flags...)
		if n := s2.historyCount(tk.planner, queue2); n != inflightRows {
			t.Fatalf("the upload in flight at SIGTERM left %d intervals, want %d", n, inflightRows)
		}
		var states []string
		j = s2.pollJob(tk.planner, id, 90*time.Second, "finished", finished, func(j e2eJob) {
			if len(states) == 0 || states[len(states)-1] != j.State {
				states = append(states, j.State)
			}
		})
		if states[0] != "queued" && states[0] != "running" {
			t.Fatalf("right after the restart the job was %s, want queued (or already running again)", states[0])
		}
		// An attempt cut by a shutdown is not counted (River snoozes the
		// job), so the proof of the re-run is that its latest attempt
		// started after the first server had exited.
		if j.State != "succeeded" || j.StartedAt == nil || !j.StartedAt.After(stoppedAt) {
			t.Fatalf("after restart: %s started %v (states seen %v), want succeeded by an attempt started after the first server exited at %v", j, j.StartedAt, states, stoppedAt)
		}
		t.Logf("job left by SIGTERM then: states %v", states)
	})
}
