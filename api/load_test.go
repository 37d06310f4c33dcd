package api

import (
	"bytes"
	"io"
	"log/slog"
	"net/http"
	"os"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestErlangLoad drives POST /api/v1/erlang on loopback with 16 concurrent
// clients, each with its own token, for 2 s (STAFFCAST_LOAD_SECONDS
// overrides, at most 60) or 100,000 requests, whichever comes first, and
// logs the throughput and latency percentiles. It asserts only that every
// request succeeded: CI machines are too loaded for wall-clock assertions.
// The target is >= 2,000 requests/s with p99 < 50 ms on 2 cores.
func TestErlangLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("load test")
	}
	seconds := 2.0
	if s := os.Getenv("STAFFCAST_LOAD_SECONDS"); s != "" {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil || v <= 0 || v > 60 {
			t.Fatalf("STAFFCAST_LOAD_SECONDS=%q: want a number of seconds in (0, 60]", s)
		}
		seconds = v
	}
	const clients, maxRequests = 16, 100000
	// Access logs are formatted as in production (JSON) but discarded.
	ts := startServer(t, func(c *Config, d *Deps) {
		c.RateLimit = 1e6
		d.Logger = slog.New(slog.NewJSONHandler(io.Discard, nil))
	})
	tokens := make([]string, clients)
	for i := range tokens {
		clear, _, err := ts.store.CreateToken(t.Context(), "load", "load-"+strconv.Itoa(i), string(Planner))
		if err != nil {
			t.Fatal(err)
		}
		tokens[i] = clear
	}
	body := []byte(`{"volume":100,"interval":"30m","aht":"180s","sl_target":0.8,"sl_time":"20s","shrinkage":0.3}`)
	tr := &http.Transport{MaxIdleConnsPerHost: clients, MaxConnsPerHost: clients}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: 10 * time.Second}
	var sent, failed atomic.Int64
	lat := make([][]time.Duration, clients)
	deadline := time.Now().Add(time.Duration(seconds * float64(time.Second)))
	start := time.Now()
	var wg sync.WaitGroup
	for i := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for time.Now().Before(deadline) && sent.Add(1) <= maxRequests {
				req, _ := http.NewRequest("POST", ts.url+"/api/v1/erlang", bytes.NewReader(body))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("Authorization", "Bearer "+tokens[i])
				t0 := time.Now()
				res, err := client.Do(req)
				if err != nil {
					failed.Add(1)
					continue
				}
				io.Copy(io.Discard, res.Body)
				res.Body.Close()
				lat[i] = append(lat[i], time.Since(t0))
				if res.StatusCode != 200 {
					failed.Add(1)
				}
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	var all []time.Duration
	for _, l := range lat {
		all = append(all, l...)
	}
	slices.Sort(all)
	if len(all) == 0 {
		t.Fatal("no request completed")
	}
	pct := func(p float64) time.Duration { return all[min(len(all)-1, int(p*float64(len(all))))] }
	t.Logf("POST /api/v1/erlang: %d requests in %.2f s = %.0f req/s with %d clients; p50 %v, p99 %v, max %v (GOMAXPROCS from the machine)",
		len(all), elapsed.Seconds(), float64(len(all))/elapsed.Seconds(), clients, pct(0.50), pct(0.99), all[len(all)-1])
	if n := failed.Load(); n > 0 {
		t.Errorf("%d requests failed", n)
	}
}
