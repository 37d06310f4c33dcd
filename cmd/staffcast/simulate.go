package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/staffcast/staffcast/app"
	"github.com/staffcast/staffcast/charts"
	"github.com/staffcast/staffcast/csvio"
	"github.com/staffcast/staffcast/csvio/hrio"
	"github.com/staffcast/staffcast/csvio/staffcsv"
	"github.com/staffcast/staffcast/internal/chartdata"
	"github.com/staffcast/staffcast/sim"
)

const simulateHelp = `Simulate a staffing: does it keep its promise, interval by interval?

  staffcast simulate -staffing staffing.csv [-plan plan.csv | -roster roster.csv -tz Europe/Paris]
      [-replications 100] [-seed 1] [-patience 60s] [-sl-time 20s] -out simulated.csv [-json]

Reads the CSV "staffcast staff" writes (interval_start, queue, volume,
aht_seconds, agents, ...; several queues, each simulated alone; with -plan or -roster
one queue) and simulates each queue event by event:
Poisson arrivals at each interval's volume, handle times with the interval's
AHT (-handle-time exponential, or lognormal:CV such as lognormal:1.2),
exponential patience of mean -patience (none: nobody hangs up), first come
first served, the agents column on duty (or the shifts of a plan.csv that
"staffcast schedule" writes, or of a roster.csv, breaks off duty, wall-clock
times in -tz, by default at the staffing's own UTC offset, its first row's;
-shrinkage keeps that share of the shifts off the phones). An
agent whose shift ends mid-call finishes the call. A plan or roster with no
shift inside the staffing's horizon is an error. The centre closes at the
end of each day's rows (a day: the rows of one date without a gap in
time), or earlier when nobody is on duty from then to that end, until the
next day's first row: callers still waiting then, and those arriving while
it is closed, are lost (abandoned), not answered the next day; rows with
contacts after a close or with nobody on duty are warned about. The output repeats the
input and adds sim_service_level with its 95% Student t interval over the
replications (sim_service_level_low, sim_service_level_high), sim_asa_seconds,
sim_abandon_rate, sim_occupancy and sim_longest_queue. -json prints the totals
and every interval instead of writing -out. With -bot-share (and the other
bot funnel flags of "staffcast staff") the volume is the contacts offered
before the bot: humans get the direct contacts, the escalations (with
-escalated-aht and -escalated-patience) and the returns of falsely contained
ones -bot-return-lag later, as "staff" staffed them. -chart FILE.png (or .svg) also
draws one queue's staffing with the simulated service level and its band
over Erlang's (the service_level column, when the file has one).
`

// handleTimeFlag is "exponential" or "lognormal:CV".
type handleTimeFlag struct{ dist sim.Dist }

func (h *handleTimeFlag) String() string {
	if h == nil || h.dist.Kind == sim.Exponential {
		return "exponential"
	}
	return "lognormal:" + strconv.FormatFloat(h.dist.CV, 'g', -1, 64)
}

func (h *handleTimeFlag) Set(s string) error {
	s = strings.TrimSpace(strings.ToLower(s))
	if s == "exponential" {
		h.dist = sim.Dist{}
		return nil
	}
	if cv, ok := strings.CutPrefix(s, "lognormal:"); ok {
		v, err := strconv.ParseFloat(cv, 64)
		if err != nil || !(v > 0 && v < 100) {
			return fmt.Errorf("the coefficient of variation in %q must be a number in (0, 100)", s)
		}
		h.dist = sim.Dist{Kind: sim.LogNormal, CV: v}
		return nil
	}
	return fmt.Errorf("give exponential or lognormal:CV (e.g. lognormal:1.2), not %q", s)
}

func runSimulate(ctx context.Context, args []string, e env) error {
	fs := newFlags("simulate", e)
	withHelp(fs, e, simulateHelp)
	staffing := fs.String("staffing", "", "staffing CSV that \"staffcast staff\" writes (\"-\" = standard input)")
	planPath := fs.String("plan", "", "plan.csv of \"staffcast schedule\": agents on duty from its shifts instead of the agents column")
	rosterPath := fs.String("roster", "", "roster.csv (agent_id,date,start,end,breaks): agents on duty from its shifts instead of the agents column")
	tzName := fs.String("tz", "", "IANA time zone of the plan's or roster's wall-clock times (default: the staffing's own clock, that is its first row's UTC offset)")
	reps := fs.Int("replications", sim.DefaultReplications, "independent replications (the confidence interval narrows as 1/sqrt)")
	seed := fs.Uint64("seed", 1, "random seed: the same seed gives the same figures")
	var patience, warm durationFlag
	slTime := durationFlag{Value: 20 * time.Second}
	var aht durationFlag
	var shrinkage fractionFlag
	shrinkage.allowZero = true
	fs.Var(&patience, "patience", "mean patience of waiting contacts (exponential); without it nobody hangs up")
	durationVar(fs, &slTime, "sl-time", "service-level threshold")
	fs.Var(&aht, "aht", "handle time for rows whose aht_seconds is empty or absent (rows with their own are simulated with it: a -aht that differs is warned about)")
	fs.Var(&warm, "warm-up", "simulate the first interval this long before it, unrecorded (default none: the day starts empty)")
	fs.Var(&shrinkage, "shrinkage", "with -plan or -roster: share of the shifts' agents not answering, in [0,1)")
	var handle handleTimeFlag
	fs.Var(&handle, "handle-time", "handle-time distribution: exponential or lognormal:CV (mean: the interval's AHT)")
	out := fs.String("out", "-", "CSV to write (\"-\" = standard output)")
	asJSON := fs.Bool("json", false, "print JSON (totals and every interval) instead of the CSV")
	chart := addChartFlag(fs, "the staffing with the simulated service level and its 95% band")
	var bot funnelFlags
	bot.register(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := requireFlag("staffing", *staffing); err != nil {
		return err
	}
	switch {
	case *planPath != "" && *rosterPath != "":
		return usageErrorf("give -plan or -roster, not both")
	case *reps < 1 || *reps > sim.MaxReplications:
		return usageErrorf("invalid value %d for flag -replications: must be in [1, %d]", *reps, sim.MaxReplications)
	case shrinkage.Given && *planPath == "" && *rosterPath == "":
		return usageErrorf("-shrinkage applies to -plan or -roster shifts (the agents column already answers)")
	}
	funnel, err := bot.funnel()
	if err != nil {
		return err
	}
	loc, err := loadTZ(*tzName)
	if err != nil {
		return err
	}
	withShifts := *planPath != "" || *rosterPath != ""
	name := *staffing
	if name == "-" {
		name = "stdin"
	}
	r, err := openInput(*staffing, e)
	if err != nil {
		return err
	}
	st, err := staffcsv.ReadStaffed(r, staffcsv.Options{DefaultAHT: aht.Value}, !withShifts)
	r.Close()
	if err != nil {
		if errors.Is(err, staffcsv.ErrNoAHT) {
			err = fmt.Errorf("%w; give -aht", err)
		}
		return badInput(name, err)
	}
	if w := ahtNotUsed(aht, st.Header, len(st.Rows), func(i int) staffcsv.Row { return st.Rows[i].Row }); w != "" {
		fmt.Fprintf(e.stderr, "staffcast simulate: %s: warning: %s\n", name, w)
	}
	req := app.SimulateRequest{Patience: patience.Value, SLTime: slTime.Value, HandleTime: handle.dist, WarmUp: warm.Value,
		Replications: *reps, Seed: *seed, Shrinkage: shrinkage.Value}
	if bot.bot.Given {
		req.Funnel = &funnel
	}
	req.Rows = make([]app.SimRow, len(st.Rows))
	for i, row := range st.Rows {
		req.Rows[i] = app.SimRow{Queue: row.Queue, Start: row.Start, Volume: row.Volume, AHT: row.AHT, Agents: max(row.Agents, 0), Line: row.Line}
	}
	if withShifts {
		// without -tz, shift times are wall clock at the staffing's own
		// UTC offset, as "schedule" reads the requirements it plans
		if len(st.Rows) > 0 {
			loc = csvio.ZoneOr(loc, st.Rows[0].Start)
		}
		if req.Shifts, err = readSimShifts(*planPath, *rosterPath, loc, e); err != nil {
			return err
		}
	}
	res, err := app.Simulate(ctx, req)
	for _, w := range res.Warnings {
		fmt.Fprintf(e.stderr, "staffcast simulate: %s: warning: %s\n", name, w)
	}
	if err != nil {
		if app.KindOf(err) == app.Invalid {
			if app.FieldOf(err) == "shifts" {
				return badInput(*planPath+*rosterPath, errors.New(app.DetailsOf(err)[0].Reason))
			}
			if inner := errors.Unwrap(err); inner != nil {
				err = inner
			}
			return badInput(name, err)
		}
		return err
	}
	build := func() (charts.Chart, error) { return simChart(st, res, req.Shifts) }
	if *asJSON {
		files, err := chart.file(build)
		if err != nil {
			return err
		}
		if err := commitOutputs(files); err != nil {
			return err
		}
		return writeJSONLine(e.stdout, simulateJSON(st, res))
	}
	sims := make([]staffcsv.Simulated, len(res.Rows))
	for i, f := range res.Rows {
		sims[i] = staffcsv.Simulated{ServiceLevel: f.ServiceLevel.Mean, ServiceLevelLow: f.ServiceLevel.Low, ServiceLevelHigh: f.ServiceLevel.High,
			ASASeconds: f.ASASeconds.Mean, AbandonRate: f.AbandonRate.Mean, Occupancy: f.Occupancy.Mean, LongestQueue: f.LongestQueue.Mean}
	}
	if err := writeWithChart(*out, e, func(w io.Writer) error { return staffcsv.WriteSim(w, st, sims) }, chart, build); err != nil {
		return err
	}
	if *out != "-" {
		for _, q := range res.Queues {
			t := q.Total
			queue := "" // a staffing without a queue column has one unnamed queue
			if q.Queue != "" {
				queue = q.Queue + ": "
			}
			fmt.Fprintf(e.stderr, "staffcast simulate: %s%d replications: service level %.3f [%.3f, %.3f], ASA %.1f s, abandoned %.3f, occupancy %.3f\n",
				queue, res.Replications, t.ServiceLevel.Mean, t.ServiceLevel.Low, t.ServiceLevel.High, t.ASASeconds.Mean, t.AbandonRate.Mean, t.Occupancy.Mean)
		}
	}
	return nil
}

// readSimShifts reads the agents on duty from a plan or a roster file.
func readSimShifts(planPath, rosterPath string, loc *time.Location, e env) ([]app.SimShift, error) {
	path := planPath
	if path == "" {
		path = rosterPath
	}
	f, err := openInput(path, e)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var shifts []hrio.Shift
	if planPath != "" {
		shifts, err = hrio.ReadPlanIn(f, loc)
	} else {
		shifts, err = hrio.ReadShiftsIn(f, loc)
	}
	if err != nil {
		return nil, badInput(path, err)
	}
	out := make([]app.SimShift, len(shifts))
	for i, s := range shifts {
		out[i] = app.SimShift{Start: s.StartTime(), End: s.EndTime(), Line: s.Line}
		for _, b := range s.Breaks {
			// Placed as coverage and the calendars place them; one in
			// the hour a clock change skips takes no time.
			if from, to := s.BreakTime(b); to.After(from) {
				out[i].Breaks = append(out[i].Breaks, app.SimBreak{Start: from, End: to})
			}
		}
	}
	return out, nil
}

// simulateJSON is the -json output: totals and every interval.
func simulateJSON(st *staffcsv.Staffed, res app.SimulateResult) any {
	type interval struct {
		Start  time.Time `json:"interval_start"`
		Queue  string    `json:"queue,omitempty"`
		Agents *int      `json:"agents,omitempty"`
		sim.Figures
	}
	out := struct {
		Replications int                 `json:"replications"`
		Confidence   float64             `json:"confidence"`
		Interval     app.Duration        `json:"interval"`
		Queues       []app.SimQueueTotal `json:"queues"`
		Intervals    []interval          `json:"intervals"`
	}{Replications: res.Replications, Confidence: res.Confidence, Interval: app.Duration(res.Interval), Queues: res.Queues}
	for i, row := range st.Rows {
		iv := interval{Start: row.Start, Queue: row.Queue, Figures: res.Rows[i]}
		if row.Agents >= 0 {
			a := row.Agents
			iv.Agents = &a
		}
		out.Intervals = append(out.Intervals, iv)
	}
	return out
}

// simChart is the staffing chart of a one-queue simulation: the agents
// column (or, with shifts, the agents on duty), the scheduled_agents and
// Erlang service_level columns when the file has them, and the simulated
// service level with its confidence band.
func simChart(st *staffcsv.Staffed, res app.SimulateResult, shifts []app.SimShift) (charts.Chart, error) {
	queues := map[string]bool{}
	idx := make([]int, len(st.Rows))
	for i, r := range st.Rows {
		queues[r.Queue] = true
		idx[i] = i
	}
	if len(queues) != 1 {
		return nil, oneQueue(len(queues))
	}
	sort.SliceStable(idx, func(a, b int) bool { return st.Rows[idx[a]].Start.Before(st.Rows[idx[b]].Start) })
	column := func(name string) []float64 {
		k := slices.Index(st.Header, name)
		if k < 0 {
			return nil
		}
		out := make([]float64, len(idx))
		for j, i := range idx {
			f := st.Rows[i].Fields
			out[j] = math.NaN()
			if k < len(f) {
				if v, err := strconv.ParseFloat(f[k], 64); err == nil {
					out[j] = v
				}
			}
		}
		return out
	}
	first := st.Rows[idx[0]]
	ch := charts.Staffing{Queue: first.Queue, Location: first.Start.Location(), Interval: res.Interval,
		Gross: column("scheduled_agents"), ServiceLevel: column("service_level"), ServiceName: "Erlang service level (right axis)",
		SimConfidence: res.Confidence}
	for _, i := range idx {
		r, f := st.Rows[i], res.Rows[i]
		ch.Starts = append(ch.Starts, r.Start)
		if r.Agents >= 0 {
			ch.Net = append(ch.Net, float64(r.Agents))
		}
		ch.SimServiceLevel = append(ch.SimServiceLevel, f.ServiceLevel.Mean)
		ch.SimServiceLow = append(ch.SimServiceLow, f.ServiceLevel.Low)
		ch.SimServiceHigh = append(ch.SimServiceHigh, f.ServiceLevel.High)
	}
	if len(shifts) > 0 {
		spans := make([]chartdata.Span, len(shifts))
		for i, s := range shifts {
			spans[i] = chartdata.Span{Start: s.Start, End: s.End}
			for _, b := range s.Breaks {
				spans[i].Breaks = append(spans[i].Breaks, charts.Break{Start: b.Start, End: b.End})
			}
		}
		ch.Scheduled = chartdata.Scheduled(ch.Starts, res.Interval, spans)
		ch.ScheduledName = "on shift (before shrinkage)"
	}
	return ch, nil
}
