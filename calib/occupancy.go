package calib

import (
	"sort"
	"time"
)

// occupancy fills BusyAgents, WaitingBusyAgents and WaitingSeconds of
// out (sorted by Start, each interval long) from the talk and wait spans
// of calls, by sweeping the times at which an agent starts or stops talking
// and a caller starts or stops waiting.
func occupancy(calls []Call, out []Interval, interval time.Duration) {
	type event struct {
		t          time.Time
		busy, wait int
	}
	ev := make([]event, 0, 4*len(calls))
	for _, c := range calls {
		if c.Outcome == Phantom {
			continue
		}
		if d := c.talk(); d > 0 {
			ev = append(ev, event{c.ServiceStart, 1, 0}, event{c.ServiceEnd, -1, 0})
		}
		if d := c.wait(); d > 0 {
			ev = append(ev, event{c.QueueStart, 0, 1}, event{c.QueueExit, 0, -1})
		}
	}
	if len(ev) == 0 {
		return
	}
	sort.Slice(ev, func(i, j int) bool { return ev[i].t.Before(ev[j].t) })
	index := make(map[time.Time]int, len(out))
	for i, iv := range out {
		index[iv.Start] = i
	}
	busyTime := make([]float64, len(out)) // agent-seconds talking
	waitBusy := make([]float64, len(out)) // agent-seconds talking while someone waits
	waitTime := make([]float64, len(out)) // seconds with someone waiting
	busy, wait := 0, 0
	prev := ev[0].t
	for _, e := range ev {
		for t := prev; t.Before(e.t); {
			s := floor(t, interval)
			end := s.Add(interval)
			if e.t.Before(end) {
				end = e.t
			}
			if i, ok := index[s]; ok {
				d := end.Sub(t).Seconds()
				busyTime[i] += float64(busy) * d
				if wait > 0 {
					waitBusy[i] += float64(busy) * d
					waitTime[i] += d
				}
			}
			t = end
		}
		busy += e.busy
		wait += e.wait
		prev = e.t
	}
	for i := range out {
		out[i].BusyAgents = busyTime[i] / interval.Seconds()
		out[i].WaitingSeconds = waitTime[i]
		if waitTime[i] > 0 {
			out[i].WaitingBusyAgents = waitBusy[i] / waitTime[i]
		}
	}
}
