package app_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/staffcast/staffcast/app"
	"github.com/staffcast/staffcast/csvio/historycsv"
	"github.com/staffcast/staffcast/erlang"
	"github.com/staffcast/staffcast/forecast"
	"github.com/staffcast/staffcast/internal/shareddata"
)

// TestStaffTo: the three volumes to staff on one forecast row with bands,
// against erlang's own answers, and the error without bands.
func TestStaffTo(t *testing.T) {
	t0 := time.Date(2026, 3, 16, 8, 0, 0, 0, time.UTC)
	tg := erlang.Targets{ServiceLevel: 0.8, ServiceTime: 20 * time.Second, Shrinkage: 0.3}
	bands := &erlang.Bands{Lower95: 200, Lower80: 240, Upper80: 380, Upper95: 430}
	row := func(i int, b *erlang.Bands) app.WorkloadRow {
		return app.WorkloadRow{Start: t0.Add(time.Duration(i) * 30 * time.Minute), Volume: 300, AHT: 180 * time.Second, Line: i + 2, Bands: b}
	}
	load := func(v float64) erlang.Load {
		return erlang.Load{Volume: v, Interval: 30 * time.Minute, AHT: 180 * time.Second}
	}
	staff := func(v float64) erlang.Metrics {
		m, err := erlang.Staff(load(v), tg)
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	b := *bands
	b.Volume = 300
	pts, err := b.Quadrature()
	if err != nil {
		t.Fatal(err)
	}
	var wl []erlang.WeightedLoad
	for _, p := range pts {
		wl = append(wl, erlang.WeightedLoad{Load: load(p.Volume), Weight: p.Weight})
	}
	expected, err := erlang.StaffExpected(wl, tg)
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name   string
		to     app.StaffTo
		bands  *erlang.Bands
		agents int
		sl     float64 // service level reported
	}{
		{"default is the mean", "", nil, staff(300).Agents, staff(300).ServiceLevel},
		{"mean ignores bands", app.StaffToMean, bands, staff(300).Agents, staff(300).ServiceLevel},
		{"p80 staffs upper80, figures at the forecast", app.StaffToP80, bands, staff(380).Agents, math.NaN()},
		{"expected-sl", app.StaffToExpectedSL, bands, expected.Agents, expected.ServiceLevel},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := app.StaffRequest{Targets: tg, StaffTo: c.to, Rows: []app.WorkloadRow{row(0, c.bands), row(1, c.bands)}}
			res, err := app.Staff(context.Background(), r)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range res.Metrics {
				if m.Agents != c.agents || m.Scheduled != staffScheduled(t, m.Agents, tg.Shrinkage) {
					t.Errorf("agents %d (scheduled %d), want %d", m.Agents, m.Scheduled, c.agents)
				}
				want := c.sl
				if math.IsNaN(want) {
					e, _ := erlang.Evaluate(load(300), c.agents, tg.ServiceTime)
					want = e.ServiceLevel
				}
				if math.Abs(m.ServiceLevel-want) > 1e-12 {
					t.Errorf("service level %v, want %v", m.ServiceLevel, want)
				}
			}
		})
	}
	if !(staff(300).Agents < expected.Agents && expected.Agents < staff(380).Agents) {
		t.Errorf("mean %d, expected-sl %d, p80 %d agents: want them increasing", staff(300).Agents, expected.Agents, staff(380).Agents)
	}
	errCases := []struct {
		name, want string
		to         app.StaffTo
		rows       []app.WorkloadRow
	}{
		{"p80 without bands", "p80 needs the forecast's volume bands", app.StaffToP80, []app.WorkloadRow{row(0, bands), row(1, nil)}},
		{"expected-sl without bands", "line 2 has none", app.StaffToExpectedSL, []app.WorkloadRow{row(0, nil), row(1, nil)}},
		{"bands out of order", "line 3", app.StaffToExpectedSL, []app.WorkloadRow{row(0, bands), row(1, &erlang.Bands{Lower95: 1, Lower80: 2, Upper80: 250, Upper95: 240})}},
		{"unknown", "unknown staffing volume", "p90", []app.WorkloadRow{row(0, bands)}},
	}
	for _, c := range errCases {
		t.Run(c.name, func(t *testing.T) {
			_, err := app.Staff(context.Background(), app.StaffRequest{Targets: tg, StaffTo: c.to, Interval: 30 * time.Minute, Rows: c.rows})
			if app.KindOf(err) != app.Invalid || !strings.Contains(err.Error(), c.want) {
				t.Errorf("err %v, want Invalid containing %q", err, c.want)
			}
		})
	}
}

func staffScheduled(t *testing.T, agents int, s float64) int {
	n, err := erlang.Scheduled(agents, s)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestStaffToOnBank is the README's uncertainty table: on the US bank's
// history, weekly origins each forecast the next week (30-minute
// intervals, with bands), staff it three ways for 80% in 20 s with a
// 240 s handle time, and evaluate each staffing against the volume that
// really came (erlang.Evaluate with the staffed agents). Agent-hours are
// net of shrinkage; the realised service level is calls-weighted over all
// intervals; "intervals met" is the share of intervals at 80% or more.
func TestStaffToOnBank(t *testing.T) {
	path := shareddata.Path(t, "bank2003/history_5min.csv")
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	qs, err := historycsv.ReadHistory(f, time.UTC)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	q := qs[0]
	const interval = 30 * time.Minute
	actual := map[time.Time]float64{}
	for _, r := range q.Records {
		actual[r.Start.Truncate(interval)] += r.Offered
	}
	tg := erlang.Targets{ServiceLevel: 0.8, ServiceTime: 20 * time.Second}
	const aht = 240 * time.Second
	// the last eight Mondays with a whole week of actuals after them
	var origins []time.Time
	for o := time.Date(2003, 7, 14, 0, 0, 0, 0, time.UTC); len(origins) < 8; o = o.AddDate(0, 0, -7) {
		origins = append([]time.Time{o}, origins...)
	}
	type tally struct{ hours, calls, answered, met, n float64 }
	models := []struct {
		name     string
		patience time.Duration
	}{{"Erlang C", 0}, {"Erlang A, patience 120 s", 120 * time.Second}}
	tos := []app.StaffTo{app.StaffToMean, app.StaffToP80, app.StaffToExpectedSL}
	var b strings.Builder
	results := map[string]map[app.StaffTo]tally{}
	for _, model := range models {
		tot := map[app.StaffTo]tally{}
		for _, o := range origins {
			train := q
			train.Records = nil
			for _, r := range q.Records {
				if r.Start.Before(o) {
					train.Records = append(train.Records, r)
				}
			}
			s, err := train.Series(interval, time.UTC)
			if err != nil {
				t.Fatal(err)
			}
			fc, err := app.Forecast(context.Background(), app.ForecastRequest{Series: []*forecast.Series{s}, Start: o, Horizon: 168 * time.Hour})
			if err != nil {
				t.Fatal(err)
			}
			var rows []app.WorkloadRow
			for _, p := range fc.Results[0].Points {
				if _, ok := actual[p.Start]; !ok {
					continue
				}
				rows = append(rows, app.WorkloadRow{Start: p.Start, Volume: p.Volume, AHT: aht,
					Bands: &erlang.Bands{Lower95: p.Lower95, Lower80: p.Lower80, Upper80: p.Upper80, Upper95: p.Upper95}})
			}
			for _, to := range tos {
				res, err := app.Staff(context.Background(), app.StaffRequest{Rows: rows, Interval: interval, Patience: model.patience, Targets: tg, StaffTo: to})
				if err != nil {
					t.Fatal(err)
				}
				tt := tot[to]
				for i, m := range res.Metrics {
					v := actual[rows[i].Start]
					e, err := erlang.Evaluate(erlang.Load{Volume: v, Interval: interval, AHT: aht, Patience: model.patience}, m.Agents, tg.ServiceTime)
					if err != nil && !errors.Is(err, erlang.ErrUnstable) {
						t.Fatal(err)
					}
					tt.hours += float64(m.Agents) * interval.Hours()
					tt.calls += v
					tt.answered += v * e.ServiceLevel
					if e.ServiceLevel >= tg.ServiceLevel {
						tt.met++
					}
					tt.n++
				}
				tot[to] = tt
			}
		}
		results[model.name] = tot
		fmt.Fprintf(&b, "\n%s, %d weekly origins %s to %s:\n| staff to | agent-hours | vs mean | realised SL | intervals met |\n|---|---|---|---|---|\n",
			model.name, len(origins), origins[0].Format("2006-01-02"), origins[len(origins)-1].Format("2006-01-02"))
		for _, to := range tos {
			tt := tot[to]
			fmt.Fprintf(&b, "| %s | %.0f | %+.1f%% | %.3f | %.1f%% |\n", to, tt.hours, 100*(tt.hours/tot[app.StaffToMean].hours-1), tt.answered/tt.calls, 100*tt.met/tt.n)
		}
	}
	t.Log(b.String())
	for name, tot := range results {
		sl := func(to app.StaffTo) float64 { return tot[to].answered / tot[to].calls }
		if !(sl(app.StaffToP80) > sl(app.StaffToMean) && sl(app.StaffToExpectedSL) > sl(app.StaffToMean)) {
			t.Errorf("%s: p80 (%.3f) and expected-sl (%.3f) should beat mean (%.3f) on realised service level", name, sl(app.StaffToP80), sl(app.StaffToExpectedSL), sl(app.StaffToMean))
		}
		if !(tot[app.StaffToExpectedSL].hours < tot[app.StaffToP80].hours) {
			t.Errorf("%s: expected-sl (%.0f h) should cost less than p80 (%.0f h)", name, tot[app.StaffToExpectedSL].hours, tot[app.StaffToP80].hours)
		}
	}
}
