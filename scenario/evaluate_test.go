package scenario

import (
	"context"
	"encoding/json"
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/staffcast/staffcast/erlang"
)

func evaluate(t *testing.T, q QueueSpec, demand []Interval) *QueueResult {
	t.Helper()
	r, err := Evaluate(context.Background(), Document{Queues: []QueueSpec{q}}, Inputs{Demand: map[string][]Interval{q.Queue: demand}, Locations: zones(t, q.TimeZone)}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return &r.Queues[0]
}

// zones loads the named time zones for Inputs.Locations.
func zones(t *testing.T, names ...string) map[string]*time.Location {
	t.Helper()
	m := map[string]*time.Location{}
	for _, n := range names {
		if n == "" {
			continue
		}
		loc, err := time.LoadLocation(n)
		if err != nil {
			t.Fatal(err)
		}
		m[n] = loc
	}
	return m
}

// A time zone the caller did not load is an error naming the field: the
// package reads no zone database itself.
func TestTimeZoneNotLoaded(t *testing.T) {
	q := baseQueue("q")
	q.TimeZone = "Mars/Olympus"
	_, err := Evaluate(context.Background(), Document{Queues: []QueueSpec{q}}, Inputs{Demand: map[string][]Interval{"q": synthDemand(time.UTC, 1, 15*time.Minute, 60, 0)}}, Options{})
	var fe *FieldError
	if !errors.As(err, &fe) || fe.Field != "time_zone" || !errors.Is(err, ErrMissing) {
		t.Fatalf("error %v, want a missing time_zone", err)
	}
}

// A bot share of 0 is plain staffing of the same forecast, whatever the
// bot's other settings.
func TestShareZeroIsPlainStaffing(t *testing.T) {
	demand := synthDemand(time.UTC, 2, 15*time.Minute, 60, 0)
	for i := range demand {
		demand[i].AHT = time.Duration(200+i%7*20) * time.Second // the demand's own AHT
	}
	for _, c := range []struct {
		name     string
		patience time.Duration
	}{{"Erlang C", 0}, {"Erlang A", 90 * time.Second}} {
		t.Run(c.name, func(t *testing.T) {
			q := baseQueue("q")
			q.Humans.AHT = 0
			q.Humans.Patience = Duration(c.patience)
			q.Bot.Share = Uniform(0)
			qr := evaluate(t, q, demand)
			loads := make([]erlang.Load, len(demand))
			for i, iv := range demand {
				loads[i] = erlang.Load{Volume: iv.Volume, Interval: 15 * time.Minute, AHT: iv.AHT, Patience: c.patience}
			}
			want, err := erlang.StaffBatch(loads, q.Promise.targets(q.Shrinkage))
			if err != nil {
				t.Fatal(err)
			}
			for i, r := range qr.Intervals {
				w := want[i]
				if r.RequiredAgents != w.Agents || r.ScheduledAgents != float64(w.Scheduled) || r.NaiveScheduledAgents != w.Scheduled ||
					r.ServiceLevel != w.ServiceLevel || r.AbandonRate != w.PAbandon || r.HumanContacts != demand[i].Volume || r.BotSessions != 0 {
					t.Fatalf("interval %d: %+v, plain staffing %+v", i, r, w)
				}
			}
			if qr.Totals.FunnelExtraPaidHours != 0 {
				t.Errorf("funnel extra %v with no bot", qr.Totals.FunnelExtraPaidHours)
			}
		})
	}
}

// With everything else fixed, more containment (a larger share, less
// escalation, less false containment) never raises human contacts.
func TestMoreContainmentNeverRaisesHumanContacts(t *testing.T) {
	demand := synthDemand(time.UTC, 1, 15*time.Minute, 50, 240*time.Second)
	humans := func(share, esc, fc, ret float64, lag time.Duration) float64 {
		q := baseQueue("q")
		q.Bot.Share, q.Bot.Escalation, q.Bot.FalseContainment, q.Bot.ReturnShare, q.Bot.ReturnLag = Uniform(share), esc, fc, ret, Duration(lag)
		return evaluate(t, q, demand).Totals.HumanContacts
	}
	grid := []float64{0, 0.2, 0.5, 0.8, 1}
	for _, lag := range []time.Duration{0, 2 * time.Hour} {
		for _, ret := range []float64{0, 0.5, 1} {
			for _, esc := range []float64{0, 0.2, 0.5} {
				for _, fc := range []float64{0, 0.2, 0.4} {
					prev := math.Inf(1)
					for _, share := range grid {
						h := humans(share, esc, fc, ret, lag)
						if h > prev+1e-9 {
							t.Errorf("share %v (esc %v, fc %v, ret %v, lag %v): %v human contacts, more than %v at a smaller share", share, esc, fc, ret, lag, h, prev)
						}
						prev = h
						if esc > 0 && humans(share, esc-0.1, fc, ret, lag) > h+1e-9 {
							t.Errorf("less escalation raised human contacts (share %v, esc %v, fc %v, ret %v)", share, esc, fc, ret)
						}
						if fc > 0 && humans(share, esc, fc-0.1, ret, lag) > h+1e-9 {
							t.Errorf("less false containment raised human contacts (share %v, esc %v, fc %v, ret %v)", share, esc, fc, ret)
						}
					}
				}
			}
		}
	}
}

// Escalations with a longer AHT and less patience, and false containment
// that comes back, need more agents than the naive proportional cut, and
// the totals say by how much.
func TestFunnelNeedsMoreThanNaive(t *testing.T) {
	demand := synthDemand(time.UTC, 7, 15*time.Minute, 120, 240*time.Second)
	pure := baseQueue("q")
	pure.Bot.Escalation, pure.Bot.FalseContainment, pure.Bot.EscalatedAHT, pure.Bot.EscalatedPatience = 0, 0, 0, 0
	harsh := baseQueue("q") // escalation 0.3 at 300 s AHT and 45 s patience, false containment 0.1 half returning
	for _, c := range []struct {
		name string
		q    QueueSpec
	}{{"pure containment", pure}, {"escalation and returns", harsh}} {
		t.Run(c.name, func(t *testing.T) {
			tot := evaluate(t, c.q, demand).Totals
			near(t, "funnel extra hours", tot.FunnelExtraPaidHours, tot.PaidHours-tot.NaivePaidHours, 1e-12)
			near(t, "funnel extra percent", tot.FunnelExtraPercent, 100*tot.FunnelExtraPaidHours/tot.NaivePaidHours, 1e-12)
			if tot.FunnelExtraPaidHours <= 0 {
				t.Errorf("paid %v hours, naive %v: the funnel should need more", tot.PaidHours, tot.NaivePaidHours)
			}
		})
	}
	p, h := evaluate(t, pure, demand).Totals, evaluate(t, harsh, demand).Totals
	if h.FunnelExtraPaidHours <= p.FunnelExtraPaidHours || h.FunnelExtraPercent <= p.FunnelExtraPercent {
		t.Errorf("escalation and returns: %v extra hours (%.1f%%), pure containment %v (%.1f%%)", h.FunnelExtraPaidHours, h.FunnelExtraPercent, p.FunnelExtraPaidHours, p.FunnelExtraPercent)
	}
	var req, naive int
	for _, r := range evaluate(t, harsh, demand).Intervals {
		req += int(r.ScheduledAgents)
		naive += r.NaiveScheduledAgents
	}
	if req <= naive {
		t.Errorf("scheduled %d agent-intervals, naive %d", req, naive)
	}
}

// Costs add up: per interval and in total, and the parts are priced as
// documented.
func TestCostsAddUp(t *testing.T) {
	d := Document{Name: "two", Queues: []QueueSpec{baseQueue("a"), baseQueue("b")}}
	d.Queues[1].Humans.Hours, _ = ParseHours(`"08:00-20:00"`)
	d.Queues[1].Humans.MaxAgents = 6
	for name, sh := range map[string]*Shifts{"interval costing": nil, "shift plan": shiftTemplates()} {
		t.Run(name, func(t *testing.T) {
			in := weekInputs("a", "b")
			in.Shifts = map[string]*Shifts{"a": sh}
			r, err := Evaluate(context.Background(), d, in, Options{})
			if err != nil {
				t.Fatal(err)
			}
			var all float64
			for _, q := range r.Queues {
				var sum, paid float64
				qs := d.Queues[0]
				if q.Queue == "b" {
					qs = d.Queues[1]
				}
				for _, iv := range q.Intervals {
					if iv.Cost != iv.CostHumans+iv.CostBot+iv.CostLost+iv.CostBeyondHorizon {
						t.Fatalf("%s %s: cost %v != %v + %v + %v + %v", q.Queue, iv.Start, iv.Cost, iv.CostHumans, iv.CostBot, iv.CostLost, iv.CostBeyondHorizon)
					}
					near(t, "humans cost", iv.CostHumans, iv.PaidHours*qs.Humans.HourlyCost, 1e-12)
					near(t, "bot cost", iv.CostBot, iv.BotSessions*qs.Bot.CostPerSession, 1e-12)
					near(t, "lost", iv.Lost, iv.Abandoned+iv.Unresolved+iv.Unserved, 1e-12)
					near(t, "lost cost", iv.CostLost, iv.Lost*qs.LostContactCost, 1e-12)
					sum += iv.Cost
					paid += iv.PaidHours
				}
				tot := q.Totals
				if tot.Cost != tot.CostHumans+tot.CostBot+tot.CostLost+tot.CostBeyondHorizon {
					t.Errorf("%s totals: cost %v != parts", q.Queue, tot.Cost)
				}
				near(t, q.Queue+" interval costs", sum, tot.Cost, 1e-9)
				near(t, q.Queue+" paid hours", paid, tot.PaidHours, 1e-9)
				if q.Plan != nil {
					near(t, q.Queue+" plan's paid hours", tot.PaidHours, q.Plan.PaidHours, 1e-9)
				}
				all += tot.Cost
			}
			if r.Totals.Cost != r.Totals.CostHumans+r.Totals.CostBot+r.Totals.CostLost+r.Totals.CostBeyondHorizon {
				t.Errorf("totals: cost %v != parts", r.Totals.Cost)
			}
			near(t, "queues' costs", all, r.Totals.Cost, 1e-9)
		})
	}
}

func TestHeadcountCapBreaksPromise(t *testing.T) {
	demand := synthDemand(time.UTC, 1, 15*time.Minute, 80, 240*time.Second)
	q := baseQueue("q")
	free := evaluate(t, q, demand)
	q.Humans.MaxAgents = 10
	capped := evaluate(t, q, demand)
	if !free.Totals.KeptPromise {
		t.Fatal("uncapped should keep the promise")
	}
	broken := 0
	for i, r := range capped.Intervals {
		f := free.Intervals[i]
		if f.ScheduledAgents <= 10 {
			if r != f {
				t.Errorf("%s: the cap changed an interval below it", r.Start)
			}
			continue
		}
		broken++
		if r.ScheduledAgents != 10 || r.KeptPromise || r.RequiredAgents != f.RequiredAgents || r.ServiceLevel >= f.ServiceLevel || r.Abandoned <= f.Abandoned {
			t.Errorf("%s: capped %+v, free %+v", r.Start, r, f)
		}
	}
	if broken == 0 || capped.Totals.IntervalsBroken != broken || capped.Totals.KeptPromise {
		t.Errorf("broken %d, totals %d", broken, capped.Totals.IntervalsBroken)
	}
	// Erlang C above the load: unbounded ASA, written as null.
	q.Humans.Patience = 0
	q.Bot.EscalatedPatience = 0
	q.Humans.MaxAgents = 2
	c := evaluate(t, q, demand)
	if !math.IsInf(c.Totals.ASASeconds, 1) {
		t.Errorf("ASA %v with 2 agents for the peak", c.Totals.ASASeconds)
	}
	if b, err := c.Totals.MarshalJSON(); err != nil || !strings.Contains(string(b), `"asa_seconds":null`) {
		t.Errorf("%s, %v", b, err)
	}
}

func TestClosedHours(t *testing.T) {
	demand := synthDemand(time.UTC, 2, 30*time.Minute, 40, 240*time.Second)
	hours := func(s string) Hours { return mustHours(t, s) }
	for _, c := range []struct {
		name  string
		bot   string
		check func(t *testing.T, r IntervalResult)
	}{
		{"both closed: everything unserved", `"08:00-20:00"`, func(t *testing.T, r IntervalResult) {
			if r.BotSessions != 0 || r.Unserved != r.HumanContacts || math.Abs(r.HumanContacts-r.Offered-r.Returned) > 1e-12 || r.PaidHours != 0 || !r.KeptPromise {
				t.Errorf("%+v", r)
			}
		}},
		{"bot open at night: escalations and returns unserved", `"24h"`, func(t *testing.T, r IntervalResult) {
			if r.BotShare != 1 || r.BotSessions != r.Offered || r.Unserved != r.Escalated+r.Returned || r.HumanContacts != r.Unserved || r.PaidHours != 0 {
				t.Errorf("%+v", r)
			}
			if r.Offered > 0 && (r.Contained <= 0 || r.Unserved <= 0) {
				t.Errorf("%+v", r)
			}
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			q := baseQueue("q")
			q.Bot.ReturnLag = Duration(time.Hour)
			q.Humans.Hours = hours(`"08:00-20:00"`)
			q.Bot.Hours = hours(c.bot)
			qr := evaluate(t, q, demand)
			closed := 0
			for _, r := range qr.Intervals {
				if h := r.Start.Hour(); h < 8 || h >= 20 {
					closed++
					c.check(t, r)
				} else if r.Unserved != 0 || r.BotShare != 0.5 {
					t.Errorf("open interval %+v", r)
				}
			}
			var unserved float64
			for _, r := range qr.Intervals {
				unserved += r.Unserved
			}
			if closed == 0 || qr.Totals.Unserved != unserved || qr.Totals.Unserved <= 0 {
				t.Errorf("closed %d, unserved %v", closed, qr.Totals.Unserved)
			}
		})
	}
}

// TestClosedDays: intervals of a calendar-closed day (Interval.Closed,
// their volume 0) are closed to the humans whatever their hours: the bot's
// returns arriving then are unserved, and nobody is staffed or paid for
// them (a closed Good Friday got shifts for the returns). Planning
// intervals sum demand intervals: one is closed only when all of its are.
func TestClosedDays(t *testing.T) {
	demand := synthDemand(time.UTC, 2, 15*time.Minute, 40, 240*time.Second)
	for i := range demand {
		if demand[i].Start.Day() == demand[len(demand)-1].Start.Day() {
			demand[i].Volume, demand[i].Closed = 0, true // the second day
		}
	}
	q := baseQueue("q")
	q.Bot.ReturnLag = Duration(2 * time.Hour)
	q.Humans.Hours = mustHours(t, `"24h"`)
	q.Interval = Duration(30 * time.Minute)
	qr := evaluate(t, q, demand)
	last := qr.Intervals[len(qr.Intervals)-1].Start.Day()
	var returnsOnClosed float64
	for _, r := range qr.Intervals {
		if r.Start.Day() != last {
			continue
		}
		returnsOnClosed += r.Returned
		if r.PaidHours != 0 || r.ScheduledAgents != 0 || r.Unserved != r.HumanContacts || !r.KeptPromise {
			t.Errorf("closed day %s: %+v, want nobody paid and every human contact unserved", r.Start.Format(time.RFC3339), r)
		}
	}
	if returnsOnClosed <= 0 {
		t.Fatal("no returns fell on the closed day: the test checks nothing")
	}
	// Half a planning interval closed is open.
	half := synthDemand(time.UTC, 1, 15*time.Minute, 40, 240*time.Second)
	half[len(half)-1].Closed = true
	qr = evaluate(t, q, half)
	if r := qr.Intervals[len(qr.Intervals)-1]; r.Unserved != 0 {
		t.Errorf("a planning interval half closed: %+v, want it open", r)
	}
}

func TestBotCapacityOverflow(t *testing.T) {
	demand := synthDemand(time.UTC, 1, 15*time.Minute, 100, 240*time.Second)
	q := baseQueue("q")
	q.Bot.Share = Uniform(0.8)
	q.Bot.Capacity = 10
	q.Bot.SessionTime = Duration(3 * time.Minute)
	maxSessions := 10 * 15.0 / 3 // concurrent x interval / session time
	over := 0
	for _, r := range evaluate(t, q, demand).Intervals {
		if r.BotSessions > maxSessions+1e-9 {
			t.Errorf("%s: %v sessions, capacity %v", r.Start, r.BotSessions, maxSessions)
		}
		if r.Offered*0.8 > maxSessions {
			over++
			near(t, "sessions at capacity", r.BotSessions, maxSessions, 1e-12)
			near(t, "share", r.BotShare, maxSessions/r.Offered, 1e-12)
			if r.HumanContacts < r.Offered-maxSessions {
				t.Errorf("%s: overflow not sent to humans: %+v", r.Start, r)
			}
		} else if r.BotShare != 0.8 {
			t.Errorf("%s: share %v below capacity", r.Start, r.BotShare)
		}
	}
	if over == 0 {
		t.Fatal("no interval over capacity: the test tests nothing")
	}
}

func TestDemandPreparation(t *testing.T) {
	demand := synthDemand(time.UTC, 1, 15*time.Minute, 40, 0)
	for i := range demand {
		demand[i].AHT = time.Duration(180+60*(i%2)) * time.Second
	}
	t.Run("aggregated to 30 minutes", func(t *testing.T) {
		q := baseQueue("q")
		q.Humans.AHT = 0
		q.Interval = Duration(30 * time.Minute)
		q.Bot.Share = Uniform(0)
		qr := evaluate(t, q, demand)
		if len(qr.Intervals) != len(demand)/2 {
			t.Fatalf("%d intervals", len(qr.Intervals))
		}
		for i, r := range qr.Intervals {
			a, b := demand[2*i], demand[2*i+1]
			near(t, "volume", r.Offered, a.Volume+b.Volume, 1e-12)
			if r.Offered > 0 {
				near(t, "AHT", r.HumanAHTSeconds, (a.Volume*a.AHT.Seconds()+b.Volume*b.AHT.Seconds())/(a.Volume+b.Volume), 1e-9)
			}
			if !r.Start.Equal(a.Start) {
				t.Errorf("starts %v, want %v", r.Start, a.Start)
			}
		}
	})
	t.Run("aligned on the local day", func(t *testing.T) {
		q := baseQueue("q")
		q.Interval = Duration(time.Hour)
		qr := evaluate(t, q, demand[1:9]) // 00:15 to 02:00
		if len(qr.Intervals) != 3 || qr.Intervals[0].Start != demand[0].Start || qr.Intervals[1].Start != demand[4].Start {
			t.Fatalf("%d intervals from %v", len(qr.Intervals), qr.Intervals[0].Start)
		}
		near(t, "first hour", qr.Intervals[0].Offered, demand[1].Volume+demand[2].Volume+demand[3].Volume, 1e-12)
	})
	t.Run("scale and campaigns", func(t *testing.T) {
		q := baseQueue("q")
		q.Demand.Scale = 1.5
		q.Demand.Campaigns = []Campaign{{From: "2026-01-05T06:00:00Z", To: "2026-01-05T12:00:00Z", Scale: 2}}
		qr := evaluate(t, q, demand)
		for i, r := range qr.Intervals {
			f := 1.5
			if h := r.Start.Hour(); h >= 6 && h < 12 {
				f = 3
			}
			near(t, "scaled volume", r.Offered, demand[i].Volume*f, 1e-12)
		}
	})
	t.Run("hour of day in the time zone", func(t *testing.T) {
		q := baseQueue("q")
		var by [24]float64
		by[9] = 0.7
		q.Bot.Share = ByHour(by)
		q.TimeZone = "America/New_York" // UTC-5 in January
		for _, r := range evaluate(t, q, demand).Intervals {
			if want := map[bool]float64{true: 0.7, false: 0}[r.Start.UTC().Hour() == 14]; r.BotShare != want {
				t.Errorf("%s: share %v, want %v", r.Start, r.BotShare, want)
			}
			if r.Start.Location().String() != "America/New_York" {
				t.Errorf("start %v not in the queue's zone", r.Start)
			}
		}
	})
}

func TestEvaluateErrors(t *testing.T) {
	good := synthDemand(time.UTC, 1, 15*time.Minute, 40, 240*time.Second)
	gap := append(append([]Interval{}, good[:10]...), good[11:]...)
	for _, c := range []struct {
		name   string
		q      func(*QueueSpec)
		demand []Interval
		field  string
		kind   error
	}{
		{"no demand", nil, nil, "demand", ErrDemand},
		{"gap", nil, gap, "demand", ErrDemand},
		{"not a multiple", func(q *QueueSpec) { q.Interval = Duration(20 * time.Minute) }, good, "interval", ErrDemand},
		{"negative volume", nil, append([]Interval{{Start: good[0].Start.Add(-15 * time.Minute), Volume: -1, AHT: time.Minute}}, good...), "demand", ErrDemand},
		{"invalid document", func(q *QueueSpec) { q.Shrinkage = 2 }, good, "shrinkage", ErrRange},
	} {
		t.Run(c.name, func(t *testing.T) {
			q := baseQueue("q")
			if c.q != nil {
				c.q(&q)
			}
			_, err := Evaluate(context.Background(), Document{Queues: []QueueSpec{q}}, Inputs{Demand: map[string][]Interval{"q": c.demand}}, Options{})
			var fe *FieldError
			if !errors.As(err, &fe) || fe.Field != c.field || !errors.Is(err, c.kind) {
				t.Errorf("error %v, want a *FieldError on %q matching %v", err, c.field, c.kind)
			}
		})
	}
	t.Run("cancelled", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		_, err := Evaluate(ctx, Document{Queues: []QueueSpec{baseQueue("q")}}, Inputs{Demand: map[string][]Interval{"q": good}}, Options{})
		if !errors.Is(err, context.Canceled) {
			t.Errorf("error %v", err)
		}
	})
}

func TestShiftPlanCoverage(t *testing.T) {
	in := weekInputs("q")
	in.Shifts = map[string]*Shifts{"q": shiftTemplates()}
	r, err := Evaluate(context.Background(), Document{Queues: []QueueSpec{baseQueue("q")}}, in, Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	q := r.Queues[0]
	if q.Plan == nil || len(q.Plan.Shifts) == 0 {
		t.Fatal("no plan")
	}
	for i, iv := range q.Intervals {
		if iv.ScheduledAgents != q.Plan.Coverage.Scheduled[i] {
			t.Fatalf("interval %d: scheduled %v, coverage %v", i, iv.ScheduledAgents, q.Plan.Coverage.Scheduled[i])
		}
		avail := int(math.Floor(iv.ScheduledAgents*0.7 + 1e-9))
		l := erlang.Load{Volume: iv.HumanContacts, Interval: 15 * time.Minute, AHT: time.Duration(math.Round(iv.HumanAHTSeconds * 1e9)), Patience: time.Duration(math.Round(iv.HumanPatienceSeconds * 1e9))}
		m, _ := erlang.Evaluate(l, avail, 30*time.Second)
		near(t, "service level with the covered agents", iv.ServiceLevel, m.ServiceLevel, 1e-9)
	}
	near(t, "paid hours", q.Totals.PaidHours, q.Plan.PaidHours, 1e-9)

	// The funnel's extra hours compare interval requirements on both
	// sides, so the plan's own overhead is not counted as the funnel's.
	plain, err := Evaluate(context.Background(), Document{Queues: []QueueSpec{baseQueue("q")}}, weekInputs("q"), Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	pt := plain.Queues[0].Totals
	near(t, "required paid hours without a plan", pt.RequiredPaidHours, pt.PaidHours, 1e-9)
	near(t, "required paid hours with a plan", q.Totals.RequiredPaidHours, pt.RequiredPaidHours, 1e-9)
	near(t, "funnel extra with a plan", q.Totals.FunnelExtraPaidHours, pt.FunnelExtraPaidHours, 1e-9)
	if q.Requirements == nil {
		t.Fatal("no requirements with the plan")
	}
	for i, iv := range q.Intervals {
		if q.Requirements.Required[i] != iv.RequiredScheduledAgents {
			t.Fatalf("interval %d: requirement %v, required scheduled %v", i, q.Requirements.Required[i], iv.RequiredScheduledAgents)
		}
	}
}

// Across the spring-forward night in New York the shift plan's slots are
// local wall-clock times: every interval finds its slot, none is lost.
func TestShiftsAcrossDaylightSaving(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Skip("no time-zone database:", err)
	}
	var demand []Interval
	for t0 := time.Date(2026, 3, 7, 0, 0, 0, 0, ny); t0.Before(time.Date(2026, 3, 10, 0, 0, 0, 0, ny)); t0 = t0.Add(15 * time.Minute) {
		h := float64(t0.Hour())
		demand = append(demand, Interval{Start: t0.UTC(), Volume: 5 + 40*math.Exp(-(h-12)*(h-12)/10), AHT: 240 * time.Second})
	}
	q := baseQueue("q")
	q.TimeZone = "America/New_York"
	in := Inputs{Demand: map[string][]Interval{"q": demand}, Shifts: map[string]*Shifts{"q": shiftTemplates()}, Locations: zones(t, q.TimeZone)}
	in.Shifts["q"].Cyclic = false
	r, err := Evaluate(context.Background(), Document{Queues: []QueueSpec{q}}, in, Options{ShiftEffort: 0.2})
	if err != nil {
		t.Fatal(err)
	}
	qr := r.Queues[0]
	if len(qr.Intervals) != len(demand) || len(qr.Plan.Coverage.Scheduled) != 3*96 {
		t.Fatalf("%d intervals, %d slots", len(qr.Intervals), len(qr.Plan.Coverage.Scheduled))
	}
	for _, iv := range qr.Intervals {
		if h := iv.Start.Hour(); h >= 10 && h < 16 && iv.ScheduledAgents == 0 {
			t.Errorf("%s: nobody scheduled at midday", iv.Start)
		}
	}
	near(t, "paid hours", qr.Totals.PaidHours, qr.Plan.PaidHours, 1e-9)
}

// The JSON shape the CLI's -json and the API print: the totals.
func TestResultJSON(t *testing.T) {
	r, err := Evaluate(context.Background(), Document{Name: "n", Queues: []QueueSpec{baseQueue("q")}}, weekInputs("q"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Name   string           `json:"name"`
		Queues []map[string]any `json:"queues"`
		Totals map[string]any   `json:"totals"`
	}
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"human_contacts", "bot_sessions", "paid_hours", "service_level", "abandon_rate", "cost_humans", "cost_bot", "cost_lost", "cost",
		"reached_human_share", "naive_paid_hours", "funnel_extra_paid_hours", "funnel_extra_percent", "kept_promise", "intervals_broken", "asa_seconds"} {
		if _, ok := got.Totals[k]; !ok {
			t.Errorf("totals lack %q", k)
		}
	}
	ivs, _ := got.Queues[0]["intervals"].([]any)
	if got.Name != "n" || got.Queues[0]["interval"] != "15m" || len(ivs) != 672 {
		t.Errorf("name %q, interval %v, %d intervals", got.Name, got.Queues[0]["interval"], len(ivs))
	}
	first, _ := ivs[40].(map[string]any)
	for _, k := range []string{"interval_start", "offered", "bot_share", "bot_sessions", "contained", "escalated", "false_contained", "returned", "unresolved", "unserved",
		"human_contacts", "human_aht_seconds", "human_patience_seconds", "required_agents", "scheduled_agents", "naive_scheduled_agents", "paid_hours",
		"service_level", "asa_seconds", "abandon_rate", "occupancy", "reached_human_in_promise", "lost", "kept_promise", "cost_humans", "cost_bot", "cost_lost"} {
		if _, ok := first[k]; !ok {
			t.Errorf("interval lacks %q", k)
		}
	}
}

// TestTotalsHoursWithoutFloatNoise: the totals' hours are to a microhour,
// so sums of interval hours read as the planner's figures.
func TestTotalsHoursWithoutFloatNoise(t *testing.T) {
	noisy := 0.0
	for range 10 {
		noisy += 0.1
	}
	if noisy == 1 {
		t.Fatal("the test's sum has no float noise to remove")
	}
	for _, c := range []struct{ in, want float64 }{{noisy, 1}, {5076.500000000002, 5076.5}, {1009.5, 1009.5}, {-0.3000000000000001, -0.3}} {
		if got := microhours(c.in); got != c.want {
			t.Errorf("microhours(%v) = %v, want %v", c.in, got, c.want)
		}
	}
	// And through Evaluate, on six-minute intervals (0.1 h, whose sums are
	// noisy): every total in hours is to a microhour.
	q := baseQueue("q")
	q.Interval = Duration(6 * time.Minute)
	in := Inputs{Demand: map[string][]Interval{"q": synthDemand(time.UTC, 7, 6*time.Minute, 40, 240*time.Second)}}
	r, err := Evaluate(context.Background(), Document{Queues: []QueueSpec{q}}, in, Options{})
	if err != nil {
		t.Fatal(err)
	}
	raw := 0.0
	for _, x := range r.Queues[0].Intervals {
		raw += x.PaidHours
	}
	if raw == microhours(raw) {
		t.Fatalf("the intervals' paid hours sum to %v without float noise: the check below tests nothing", raw)
	}
	for name, h := range map[string]float64{"paid": r.Totals.PaidHours, "naive": r.Totals.NaivePaidHours, "required": r.Totals.RequiredPaidHours, "funnel extra": r.Totals.FunnelExtraPaidHours} {
		if h != microhours(h) {
			t.Errorf("%s hours %v are not to a microhour", name, h)
		}
	}
}

// Unserved human contacts (arriving while humans are closed) count in the
// totals as in the rows: not answered in time and lost, so the totals'
// service level and abandonment are those of all human contacts; the
// promise is for the hours humans answer, so closed hours do not break it.
func TestUnservedCountInTotalsAndPromise(t *testing.T) {
	q := baseQueue("q")
	q.Interval = Duration(30 * time.Minute)
	q.Humans.Hours, _ = ParseHours(`"08:00-20:00"`)
	q.Bot.ReturnLag = Duration(2 * time.Hour)
	demand := make([]Interval, 3*48)
	start := time.Date(2026, 3, 30, 0, 0, 0, 0, time.UTC)
	for i := range demand {
		demand[i] = Interval{Start: start.Add(time.Duration(i) * 30 * time.Minute), Volume: 100, AHT: 300 * time.Second}
	}
	qr := evaluate(t, q, demand)
	var human, reached, lostAtQueue float64
	closed := 0
	for _, r := range qr.Intervals {
		human += r.HumanContacts
		reached += r.HumanContacts * r.ServiceLevel
		lostAtQueue += r.HumanContacts * r.AbandonRate
		if r.Unserved > 0 {
			if !r.KeptPromise {
				t.Fatalf("%s: closed hours broke the promise, which is for the hours humans answer", r.Start)
			}
			closed++
		}
	}
	tot := qr.Totals
	if tot.Unserved < 1000 || closed == 0 {
		t.Fatalf("want unserved contacts in closed hours: %v unserved, %d intervals", tot.Unserved, closed)
	}
	near(t, "service level", tot.ServiceLevel, reached/human, 1e-12)
	near(t, "abandon rate", tot.AbandonRate, lostAtQueue/human, 1e-12)
	near(t, "abandon rate", tot.AbandonRate, (tot.Abandoned+tot.Unserved)/tot.HumanContacts, 1e-12)
	if tot.ServiceLevel > 0.7 {
		t.Fatalf("totals' service level %v: the unserved night contacts are not answered in time", tot.ServiceLevel)
	}
}

// Customers add up over the horizon: every bot session is contained,
// escalated, unresolved, returned within the horizon or returning after
// it; the returns after it are costed as human contacts, at the
// all-human paid cost of a contact.
func TestReturnsBeyondHorizonAddUp(t *testing.T) {
	for _, lag := range []time.Duration{0, 2 * time.Hour, 7 * 24 * time.Hour} {
		t.Run(lag.String(), func(t *testing.T) {
			q := baseQueue("q")
			q.Bot.ReturnLag = Duration(lag)
			demand := synthDemand(time.UTC, 3, 30*time.Minute, 60, 240*time.Second)
			tot := evaluate(t, q, demand).Totals
			near(t, "bot sessions", tot.BotSessions, tot.Contained+tot.Escalated+tot.Unresolved+tot.Returned+tot.ReturnsBeyondHorizon, 1e-12)
			if lag == 0 {
				if tot.ReturnsBeyondHorizon != 0 {
					t.Errorf("returns beyond the horizon %v with no lag", tot.ReturnsBeyondHorizon)
				}
				return
			}
			q.Bot.Share = Uniform(0)
			all := evaluate(t, q, demand).Totals
			price := all.CostHumans / all.HumanContacts
			if tot.ReturnsBeyondHorizon <= 0 {
				t.Fatalf("no returns beyond the horizon")
			}
			near(t, "cost beyond the horizon", tot.CostBeyondHorizon, tot.ReturnsBeyondHorizon*price, 1e-9)
			near(t, "cost", tot.Cost, tot.CostHumans+tot.CostBot+tot.CostLost+tot.CostBeyondHorizon, 1e-12)
		})
	}
}

// With a headcount cap the funnel's extra hours compare uncapped
// requirements on both sides: the cap does not hide the funnel's cost.
func TestFunnelExtraHoursIgnoreTheCap(t *testing.T) {
	demand := synthDemand(time.UTC, 1, 15*time.Minute, 80, 240*time.Second)
	q := baseQueue("q")
	free := evaluate(t, q, demand).Totals
	q.Humans.MaxAgents = 8
	capped := evaluate(t, q, demand).Totals
	if capped.RequiredPaidHours >= free.RequiredPaidHours {
		t.Fatalf("the cap does not bind: %v >= %v hours", capped.RequiredPaidHours, free.RequiredPaidHours)
	}
	near(t, "uncapped hours", capped.UncappedRequiredPaidHours, free.RequiredPaidHours, 1e-12)
	near(t, "naive hours", capped.NaivePaidHours, free.NaivePaidHours, 1e-12)
	near(t, "funnel extra hours", capped.FunnelExtraPaidHours, free.FunnelExtraPaidHours, 1e-12)
	near(t, "funnel extra percent", capped.FunnelExtraPercent, free.FunnelExtraPercent, 1e-12)
}
