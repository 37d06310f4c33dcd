package erlang

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"
)

// simulateChat runs the chat queue event by event with a realistic router:
// a new chat goes to the least-loaded agent (join the shortest queue) and
// stays there, so loads drift apart as chats end, unlike the balanced
// birth-death model of EvaluateChat. Agents are exchangeable, so the state
// is how many agents hold j chats, plus the FIFO line of waiting chats.
func simulateChat(c Chat, n int, slTime time.Duration, arrivals int, seed uint64) (pWait, sl, occupancy float64) {
	rng := rand.New(rand.NewPCG(seed, 1))
	k := len(c.HandleTimes)
	rate := make([]float64, k+1) // per-agent completion rate with j chats
	for j, h := range c.HandleTimes {
		rate[j+1] = float64(j+1) / h.Seconds()
	}
	lambda := c.Volume / c.Interval.Seconds()
	cnt := make([]int, k+1)
	cnt[0] = n
	var line []float64 // arrival times of waiting chats
	now, busyArea := 0.0, 0.0
	inService := 0
	waited, within, seen := 0, 0, 0
	warm := arrivals / 10
	start := 0.0
	for seen < arrivals {
		total := lambda
		for j := 1; j <= k; j++ {
			total += float64(cnt[j]) * rate[j]
		}
		dt := rng.ExpFloat64() / total
		if seen >= warm {
			busyArea += float64(inService) * dt
		}
		now += dt
		u := rng.Float64() * total
		if u < lambda { // arrival
			if seen == warm {
				start = now
			}
			seen++
			j := 0
			for j < k && cnt[j] == 0 {
				j++
			}
			if j < k {
				cnt[j]--
				cnt[j+1]++
				inService++
				if seen > warm {
					within++
				}
			} else {
				line = append(line, now)
				if seen > warm {
					waited++
				}
			}
			continue
		}
		u -= lambda
		j := 1
		for ; j < k; j++ {
			r := float64(cnt[j]) * rate[j]
			if u < r {
				break
			}
			u -= r
		}
		// An agent with j chats finishes one; the head of the line, if
		// any, takes the freed slot.
		if len(line) > 0 {
			if now-line[0] <= slTime.Seconds() && seenAfterWarm(line[0], start, seen, warm) {
				within++
			}
			line = line[1:]
			continue
		}
		cnt[j]--
		cnt[j-1]++
		inService--
	}
	counted := float64(arrivals - warm)
	return float64(waited) / counted, float64(within) / counted, busyArea / (now - start) / float64(n*k)
}

// seenAfterWarm reports whether a chat that arrived at t counts (arrived
// after the warm-up ended at start).
func seenAfterWarm(t, start float64, seen, warm int) bool { return seen > warm && t >= start }

// TestChatModelAgainstSimulation measures the balanced-load assumption of
// EvaluateChat against a join-the-least-loaded router simulated event by
// event. Measured: service level and P(wait) within 0.5 points, occupancy
// 1-2 points low (uneven loads slow the busier agents' chats down).
func TestChatModelAgainstSimulation(t *testing.T) {
	if testing.Short() {
		t.Skip("simulation")
	}
	hs := []time.Duration{400 * time.Second, 560 * time.Second, 750 * time.Second}
	for _, c := range []struct {
		volume float64
		n      int
	}{{60, 12}, {60, 14}, {300, 44}, {300, 46}} {
		ch := Chat{Volume: c.volume, Interval: 30 * time.Minute, HandleTimes: hs}
		m, err := EvaluateChat(ch, c.n, 60*time.Second)
		if err != nil {
			t.Fatal(err)
		}
		pw, sl, occ := simulateChat(ch, c.n, 60*time.Second, 400000, 7)
		t.Logf("%v chats/30 min, %d agents: P(wait) model %.4f sim %.4f; SL model %.4f sim %.4f; occupancy model %.4f sim %.4f",
			c.volume, c.n, m.PWait, pw, m.ServiceLevel, sl, m.Occupancy, occ)
		if math.Abs(m.ServiceLevel-sl) > 0.01 || math.Abs(m.PWait-pw) > 0.01 || math.Abs(m.Occupancy-occ) > 0.025 {
			t.Errorf("model and simulation differ by more than documented")
		}
	}
}
