package scenario

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/staffcast/staffcast/erlang"
)

// withBands gives every interval bands of a normal forecast error with a
// 10% standard deviation (the widths staffcast forecast writes for it).
func withBands(demand []Interval) []Interval {
	out := make([]Interval, len(demand))
	for i, iv := range demand {
		sd := 0.1 * iv.Volume
		iv.Bands = &erlang.Bands{Lower95: max(0, iv.Volume-1.959964*sd), Lower80: max(0, iv.Volume-1.281552*sd),
			Upper80: iv.Volume + 1.281552*sd, Upper95: iv.Volume + 1.959964*sd}
		out[i] = iv
	}
	return out
}

// With no bot, staffing to p80 gives each interval the agents Erlang staffs
// for its upper80 volume, with the figures of those agents at the point
// forecast; expected-sl gives erlang.StaffExpected over the bands'
// quadrature; mean is unchanged. The totals order: mean < expected-sl <
// p80 in paid hours here (10% forecast error, 80% target).
func TestStaffToWithoutBot(t *testing.T) {
	demand := withBands(synthDemand(time.UTC, 1, 30*time.Minute, 80, 0))
	q := baseQueue("q")
	q.Bot = BotSpec{}
	targets := q.Promise.targets(q.Shrinkage)
	res := map[string]*QueueResult{}
	for _, to := range []string{"", StaffToMean, StaffToP80, StaffToExpectedSL} {
		q.StaffTo = to
		res[to] = evaluate(t, q, demand)
	}
	for i, iv := range demand {
		l := erlang.Load{Volume: iv.Volume, Interval: 30 * time.Minute, AHT: 240 * time.Second, Patience: 120 * time.Second}
		mean, err := erlang.Staff(l, targets)
		if err != nil {
			t.Fatal(err)
		}
		if got := res[""].Intervals[i].RequiredAgents; got != mean.Agents || res[StaffToMean].Intervals[i].RequiredAgents != got {
			t.Fatalf("interval %d: mean staffs %d (and %d), want %d", i, got, res[StaffToMean].Intervals[i].RequiredAgents, mean.Agents)
		}
		up := l
		up.Volume = iv.Bands.Upper80
		p80, err := erlang.Staff(up, targets)
		if err != nil {
			t.Fatal(err)
		}
		r := res[StaffToP80].Intervals[i]
		if r.RequiredAgents != p80.Agents || r.ScheduledAgents != float64(p80.Scheduled) {
			t.Fatalf("interval %d: p80 staffs %d (%v scheduled), want %d (%d)", i, r.RequiredAgents, r.ScheduledAgents, p80.Agents, p80.Scheduled)
		}
		at, _ := erlang.Evaluate(l, p80.Agents, targets.ServiceTime)
		near(t, "p80 service level at the forecast", r.ServiceLevel, at.ServiceLevel, 1e-12)
		b := *iv.Bands
		b.Volume = iv.Volume
		pts, err := b.Quadrature()
		if err != nil {
			t.Fatal(err)
		}
		var wl []erlang.WeightedLoad
		for _, p := range pts {
			lp := l
			lp.Volume = p.Volume
			wl = append(wl, erlang.WeightedLoad{Load: lp, Weight: p.Weight})
		}
		exp, err := erlang.StaffExpected(wl, targets)
		if err != nil {
			t.Fatal(err)
		}
		r = res[StaffToExpectedSL].Intervals[i]
		if r.RequiredAgents != exp.Agents {
			t.Fatalf("interval %d: expected-sl staffs %d, want %d", i, r.RequiredAgents, exp.Agents)
		}
		near(t, "expected service level", r.ServiceLevel, exp.ServiceLevel, 1e-9)
	}
	m, p, e := res[StaffToMean].Totals.PaidHours, res[StaffToP80].Totals.PaidHours, res[StaffToExpectedSL].Totals.PaidHours
	if !(m < e && e < p) {
		t.Errorf("paid hours: mean %v, expected-sl %v, p80 %v; want mean < expected-sl < p80", m, e, p)
	}
}

// Demand aggregated to a longer planning interval sums the bands quantile by
// quantile, so p80 of a 30-minute interval from two 15-minute ones staffs
// their summed upper80.
func TestStaffToAggregatesBands(t *testing.T) {
	demand := withBands(synthDemand(time.UTC, 1, 15*time.Minute, 40, 0))
	q := baseQueue("q")
	q.Bot, q.Interval, q.StaffTo = BotSpec{}, Duration(30*time.Minute), StaffToP80
	r := evaluate(t, q, demand)
	targets := q.Promise.targets(q.Shrinkage)
	for i, iv := range r.Intervals {
		up := demand[2*i].Bands.Upper80 + demand[2*i+1].Bands.Upper80
		want, err := erlang.Staff(erlang.Load{Volume: up, Interval: 30 * time.Minute, AHT: 240 * time.Second, Patience: 120 * time.Second}, targets)
		if err != nil {
			t.Fatal(err)
		}
		if iv.RequiredAgents != want.Agents {
			t.Fatalf("interval %d: %d agents, want %d for upper80 %v", i, iv.RequiredAgents, want.Agents, up)
		}
	}
}

// Through the bot funnel the human load is scaled by the interval's
// volume ratio: more agents than the mean, and the optimiser's trials
// agree with a full evaluation of the shares it returns.
func TestStaffToThroughFunnelAndOptimize(t *testing.T) {
	in := Inputs{Demand: map[string][]Interval{"q": withBands(synthDemand(time.UTC, 2, 30*time.Minute, 90, 0))}}
	for _, to := range []string{StaffToP80, StaffToExpectedSL} {
		q := baseQueue("q")
		base := evaluate(t, q, in.Demand["q"])
		q.StaffTo = to
		r := evaluate(t, q, in.Demand["q"])
		if !(r.Totals.PaidHours > base.Totals.PaidHours) {
			t.Errorf("%s: %v paid hours, not above the mean's %v", to, r.Totals.PaidHours, base.Totals.PaidHours)
		}
		d := Document{Queues: []QueueSpec{q}}
		opt, err := Optimize(context.Background(), d, in, OptimizeOptions{Grid: []float64{0, 0.5, 1}})
		if err != nil {
			t.Fatal(err)
		}
		again, err := Evaluate(context.Background(), opt.Document, in, Options{})
		if err != nil {
			t.Fatal(err)
		}
		near(t, to+": optimised cost re-evaluated", again.Totals.Cost, opt.Queues[0].Cost, 1e-6)
		if opt.Document.Queues[0].StaffTo != to {
			t.Errorf("the optimised document staffs to %q, want %q", opt.Document.Queues[0].StaffTo, to)
		}
	}
}

// staff_to is checked like every field, and p80 or expected-sl without
// bands on an interval with volume names staff_to and the interval.
func TestStaffToErrors(t *testing.T) {
	q := baseQueue("q")
	q.StaffTo = "p90"
	var fe *FieldError
	if err := (Document{Queues: []QueueSpec{q}}).Validate(); !errors.As(err, &fe) || fe.Field != "staff_to" || !errors.Is(err, ErrRange) {
		t.Fatalf("staff_to p90: %v, want a range error naming staff_to", err)
	}
	q.StaffTo = StaffToExpectedSL
	demand := synthDemand(time.UTC, 1, 30*time.Minute, 50, 0)
	_, err := Evaluate(context.Background(), Document{Queues: []QueueSpec{q}}, Inputs{Demand: map[string][]Interval{"q": demand}}, Options{})
	if !errors.As(err, &fe) || fe.Field != "staff_to" || !errors.Is(err, ErrDemand) {
		t.Fatalf("no bands: %v, want a demand error naming staff_to", err)
	}
	// bands that do not bracket the volume are refused, naming the interval
	bad := withBands(demand)
	bad[3].Bands.Upper80 = bad[3].Volume / 2
	_, err = Evaluate(context.Background(), Document{Queues: []QueueSpec{q}}, Inputs{Demand: map[string][]Interval{"q": bad}}, Options{})
	if !errors.As(err, &fe) || fe.Field != "staff_to" || !strings.Contains(err.Error(), "do not bracket") {
		t.Fatalf("upper80 below the volume: %v", err)
	}
	// a closed interval (no volume, no bands) needs none
	demand = withBands(demand)
	demand[0].Volume, demand[0].Bands = 0, nil
	if _, err := Evaluate(context.Background(), Document{Queues: []QueueSpec{q}}, Inputs{Demand: map[string][]Interval{"q": demand}}, Options{}); err != nil {
		t.Fatalf("an empty interval without bands: %v", err)
	}
}
