package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/staffcast/staffcast/app"
	"github.com/staffcast/staffcast/charts"
	"github.com/staffcast/staffcast/csvio"
	"github.com/staffcast/staffcast/csvio/staffcsv"
	"github.com/staffcast/staffcast/erlang"
	"github.com/staffcast/staffcast/internal/chartdata"
)

// queueFlags are the flags "erlang" and "staff" share: the model, the
// targets, shrinkage and the bot funnel.
type queueFlags struct {
	slTarget, maxAbandon, maxOcc fractionFlag
	shrinkage                    fractionFlag
	slTime, maxASA, patience     durationFlag
	aht, interval                durationFlag
	funnelFlags
	chat string // -chat-aht as given, for the table
}

// funnelFlags are the bot funnel's flags ("erlang", "staff", "simulate").
type funnelFlags struct {
	bot                   fractionFlag
	escalation, falseCont fractionFlag
	returnShare           fractionFlag
	returnLag             lagFlag
	escAHT, escPatience   durationFlag
}

func (q *funnelFlags) register(fs *flag.FlagSet) {
	// Rates in [0, 1] as a scenario's: share 1 sends everyone to the bot
	// first, escalation 1 hands every session to a human.
	for _, f := range []*fractionFlag{&q.bot, &q.escalation, &q.falseCont, &q.returnShare} {
		f.allowZero, f.allowOne = true, true
	}
	fs.Var(&q.bot, "bot-share", "bot funnel: share of offered contacts routed to the bot, in [0,1]")
	fs.Var(&q.escalation, "bot-escalation", "bot funnel: share of bot contacts escalated to a human at once, in [0,1]")
	fs.Var(&q.falseCont, "bot-false-containment", "bot funnel: share of bot contacts counted as contained but unresolved, in [0,1]")
	fs.Var(&q.returnShare, "bot-return-share", "bot funnel: share of falsely contained contacts that come back to a human, in [0,1]")
	fs.Var(&q.returnLag, "bot-return-lag", "bot funnel: window after the bot contact in which they come back, spread evenly (staff: over the following intervals; erlang: one interval in steady state)")
	fs.Var(&q.escAHT, "escalated-aht", "bot funnel: handle time of escalated contacts (default: -aht)")
	fs.Var(&q.escPatience, "escalated-patience", "bot funnel: mean patience of escalated contacts (default: -patience)")
}

func (q *queueFlags) register(fs *flag.FlagSet) {
	q.shrinkage.allowZero = true
	q.slTime = durationFlag{Value: 20 * time.Second}
	fs.Var(&q.slTarget, "sl-target", "service-level target: share of offered contacts to answer within -sl-time, in (0,1), e.g. 0.8")
	durationVar(fs, &q.slTime, "sl-time", "service-level threshold (e.g. 20s; bare numbers are seconds)")
	fs.Var(&q.maxASA, "max-asa", "target: maximum mean wait over all offered contacts (e.g. 30s)")
	fs.Var(&q.maxAbandon, "max-abandon", "target: maximum share of offered contacts abandoning, in (0,1) (needs -patience to matter)")
	fs.Var(&q.maxOcc, "max-occupancy", "target: maximum agent occupancy, in (0,1), e.g. 0.85")
	fs.Var(&q.patience, "patience", "mean patience of waiting contacts (exponential): Erlang A; without it Erlang C (nobody abandons)")
	fs.Var(&q.shrinkage, "shrinkage", "share of paid time agents are unavailable, in [0,1): scheduled_agents = ceil(agents/(1-shrinkage))")
	q.funnelFlags.register(fs)
}

// lagFlag is a non-negative duration (a zero lag is meaningful).
type lagFlag struct{ durationFlag }

func (l *lagFlag) Set(s string) error {
	if v, err := strconv.ParseFloat(strings.TrimSpace(s), 64); err == nil && v == 0 {
		l.Value, l.Given = 0, true
		return nil
	}
	return l.durationFlag.Set(s)
}

func (q *queueFlags) targets() erlang.Targets {
	return erlang.Targets{
		ServiceLevel: q.slTarget.Value,
		ServiceTime:  q.slTime.Value,
		MaxASA:       q.maxASA.Value,
		MaxAbandon:   q.maxAbandon.Value,
		MaxOccupancy: q.maxOcc.Value,
		Shrinkage:    q.shrinkage.Value,
	}
}

func (q *queueFlags) hasTarget() bool {
	return q.slTarget.Given || q.maxASA.Given || q.maxAbandon.Given || q.maxOcc.Given
}

func (q *funnelFlags) funnel() (erlang.Funnel, error) {
	f := erlang.Funnel{
		BotShare:          q.bot.Value,
		Escalation:        q.escalation.Value,
		FalseContainment:  q.falseCont.Value,
		ReturnShare:       q.returnShare.Value,
		ReturnLag:         q.returnLag.Value,
		EscalatedAHT:      q.escAHT.Value,
		EscalatedPatience: q.escPatience.Value,
	}
	if !q.bot.Given && (q.escalation.Given || q.falseCont.Given || q.returnShare.Given || q.escAHT.Given || q.escPatience.Given) {
		return f, usageErrorf("bot funnel flags need -bot-share")
	}
	if err := f.Validate(); err != nil {
		return f, usageErrorf("-bot-escalation + -bot-false-containment: %v", err)
	}
	return f, nil
}

const erlangHelp = `Erlang C / Erlang A figures for one interval, or the agents it needs.

  staffcast erlang -volume 100 -interval 30m -aht 180s -agents 14 [-patience 60s] [-json]
  staffcast erlang -volume 100 -interval 30m -aht 180s -sl-target 0.8 -sl-time 20s [-shrinkage 0.3]

Give -agents to evaluate that staffing, or targets (-sl-target, -max-asa,
-max-abandon, -max-occupancy; all at once) to find the fewest agents meeting
them. Without -patience the model is Erlang C; with it Erlang A, where the
service level counts abandoned contacts as missed and the ASA is the mean
wait over all offered contacts.

Bot scenario: -bot-share 0.4 -bot-escalation 0.3 -bot-false-containment 0.1
-bot-return-share 0.5 -escalated-aht 300s -escalated-patience 30s staffs the
human queue behind the bot: the volume left after containment, with the
blended handle time and patience. Chat: -chat-aht 400s,560s,750s gives the
handle time of a chat when an agent runs 1, 2, 3 at once, and staffs with the
concurrency model instead of -aht.
`

func runErlang(ctx context.Context, args []string, e env) error {
	fs := newFlags("erlang", e)
	withHelp(fs, e, erlangHelp)
	var q queueFlags
	q.register(fs)
	var volume floatFlag
	fs.Var(&volume, "volume", "contacts offered in the interval (may be fractional)")
	fs.Var(&q.interval, "interval", "length of the interval the volume arrives in, e.g. 30m")
	fs.Var(&q.aht, "aht", "average handle time, e.g. 180s (bare numbers are seconds)")
	agents := fs.Int("agents", -1, "agents answering: evaluate this staffing")
	chatAHT := fs.String("chat-aht", "", "chat: comma-separated handle times at concurrency 1..k (instead of -aht)")
	asJSON := fs.Bool("json", false, "print JSON: agents, service_level, asa_seconds, p_wait, p_abandon, occupancy (+ scheduled_agents)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	switch {
	case !volume.Given:
		return usageErrorf("flag -volume is required (contacts offered in the interval)")
	case !q.interval.Given:
		return usageErrorf("flag -interval is required (length of the interval, e.g. 30m)")
	case !q.aht.Given && *chatAHT == "":
		return usageErrorf("flag -aht is required (average handle time, e.g. 180s)")
	case q.aht.Given && *chatAHT != "":
		return usageErrorf("give -aht or -chat-aht, not both")
	case given["agents"] && q.hasTarget():
		return usageErrorf("give -agents (evaluate a staffing) or targets such as -sl-target (find the agents), not both")
	case !given["agents"] && !q.hasTarget():
		return usageErrorf("give -agents to evaluate, or a target (-sl-target, -max-asa, -max-abandon, -max-occupancy) to solve")
	case given["agents"] && *agents < 0:
		return usageErrorf("invalid value %d for flag -agents: must be >= 0", *agents)
	}
	if _, err := q.funnel(); err != nil {
		return err
	}
	req := q.erlangRequest()
	req.Volume = &volume.Value
	if *chatAHT != "" {
		times, err := parseChatAHT(*chatAHT)
		if err != nil {
			return err
		}
		req.ChatAHT = times
	}
	if given["agents"] {
		req.Agents = agents
	}
	res, err := app.Erlang(ctx, req)
	if err != nil {
		if *chatAHT != "" && errors.Is(err, erlang.ErrChat) {
			return usageErrorf("invalid value %q for flag -chat-aht: %v", *chatAHT, strings.TrimPrefix(err.Error(), "erlang: "))
		}
		return modelError(err, *agents)
	}
	if *asJSON {
		return writeJSONLine(e.stdout, res)
	}
	q.chat = *chatAHT
	return writeErlangTable(e.stdout, res.Metrics, res.Offered, res.Human, &q, res.Chat)
}

// erlangRequest is the app request the queue flags describe (without the
// volume, agents and chat handle times, which only "erlang" has).
func (q *queueFlags) erlangRequest() app.ErlangRequest {
	r := app.ErlangRequest{
		Interval: app.Duration(q.interval.Value),
		AHT:      app.Duration(q.aht.Value),
		Promise:  app.Promise{SLTime: app.Duration(q.slTime.Value)},
		Patience: app.Duration(q.patience.Value),
		BotFunnel: app.BotFunnel{
			BotEscalation:       q.escalation.Value,
			BotFalseContainment: q.falseCont.Value,
			BotReturnShare:      q.returnShare.Value,
			BotReturnLag:        app.Duration(q.returnLag.Value),
			EscalatedAHT:        app.Duration(q.escAHT.Value),
			EscalatedPatience:   app.Duration(q.escPatience.Value),
		},
	}
	given := func(f fractionFlag) *float64 {
		if !f.Given {
			return nil
		}
		v := f.Value
		return &v
	}
	r.SLTarget, r.MaxAbandon, r.MaxOccupancy = given(q.slTarget), given(q.maxAbandon), given(q.maxOcc)
	r.Shrinkage, r.BotShare = given(q.shrinkage), given(q.bot)
	if q.maxASA.Given {
		d := app.Duration(q.maxASA.Value)
		r.MaxASA = &d
	}
	return r
}

// withHelp prefixes the flag list that -h prints with text.
func withHelp(fs *flag.FlagSet, e env, text string) {
	usage := fs.Usage
	fs.Usage = func() {
		fmt.Fprint(e.stdout, text+"\n")
		usage()
	}
}

// modelError turns the application's complaints about the input into
// usage errors (exit 2) that name the flag to change.
func modelError(err error, agents int) error {
	switch {
	case errors.Is(err, erlang.ErrUnstable):
		return usageErrorf("%d agents cannot keep up with the load: without abandonment the queue grows without bound (give more -agents, or -patience for Erlang A)", agents)
	case errors.Is(err, erlang.ErrTooLarge):
		return usageErrorf("%v (check -volume, -interval and -aht, or relax the targets)", erlang.ErrTooLarge)
	}
	return flagError(err)
}

func parseChatAHT(s string) ([]app.Duration, error) {
	var out []app.Duration
	for i, part := range strings.Split(s, ",") {
		var d durationFlag
		if err := d.Set(part); err != nil {
			return nil, usageErrorf("invalid value %q for flag -chat-aht: handle time %d: %v", s, i+1, err)
		}
		out = append(out, app.Duration(d.Value))
	}
	if len(out) > app.MaxChatConcurrency {
		return nil, usageErrorf("invalid value for flag -chat-aht: at most %d concurrency levels", app.MaxChatConcurrency)
	}
	return out, nil
}

// writeJSONLine writes v as one line of JSON.
func writeJSONLine(w io.Writer, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "%s\n", b)
	return err
}

func writeErlangTable(w io.Writer, m erlang.Metrics, offered, human erlang.Load, q *queueFlags, chat bool) error {
	model := "Erlang C"
	switch {
	case chat:
		model = "chat concurrency (state-dependent birth-death)"
		if human.Patience > 0 {
			model += fmt.Sprintf(", mean patience %.1f s", human.Patience.Seconds())
		}
	case human.Patience > 0:
		model = fmt.Sprintf("Erlang A (mean patience %.1f s)", human.Patience.Seconds())
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "model\t%s\n", model)
	if chat {
		fmt.Fprintf(tw, "offered\t%s chats per %s, handle times %s at concurrency 1..%d\n", fmtNum(human.Volume), shortDuration(human.Interval), q.chat, strings.Count(q.chat, ",")+1)
	} else if q.bot.Given {
		fmt.Fprintf(tw, "offered\t%s contacts per %s\n", fmtNum(offered.Volume), shortDuration(offered.Interval))
		fmt.Fprintf(tw, "to humans\t%s contacts, AHT %.1f s (after the bot)\n", fmtNum(human.Volume), human.AHT.Seconds())
	} else {
		fmt.Fprintf(tw, "offered\t%s contacts per %s, AHT %s s\n", fmtNum(offered.Volume), shortDuration(offered.Interval), fmtNum(offered.AHT.Seconds()))
	}
	if chat {
		fmt.Fprintf(tw, "load\t%.2f Erlangs counted one chat at a time\n", m.Erlangs)
	} else {
		fmt.Fprintf(tw, "load\t%.2f Erlangs\n", m.Erlangs)
	}
	fmt.Fprintf(tw, "agents\t%d\n", m.Agents)
	if q.shrinkage.Given {
		fmt.Fprintf(tw, "scheduled agents\t%d (%.0f%% shrinkage)\n", m.Scheduled, 100*q.shrinkage.Value)
	}
	fmt.Fprintf(tw, "service level\t%.1f%% answered within %s s\n", 100*m.ServiceLevel, fmtNum(q.slTime.Value.Seconds()))
	fmt.Fprintf(tw, "ASA\t%.1f s\n", m.ASASeconds)
	fmt.Fprintf(tw, "P(wait)\t%.1f%%\n", 100*m.PWait)
	fmt.Fprintf(tw, "P(abandon)\t%.1f%%\n", 100*m.PAbandon)
	fmt.Fprintf(tw, "occupancy\t%.1f%%\n", 100*m.Occupancy)
	return tw.Flush()
}

func fmtNum(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// floatFlag is a finite, non-negative number.
type floatFlag struct {
	Value float64
	Given bool
}

func (f *floatFlag) String() string {
	if f == nil || !f.Given {
		return ""
	}
	return fmtNum(f.Value)
}

func (f *floatFlag) Set(s string) error {
	v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || math.IsNaN(v) {
		return fmt.Errorf("not a number: %q", s)
	}
	if math.IsInf(v, 0) {
		return fmt.Errorf("want a finite number, got %q", s)
	}
	if v < 0 {
		return fmt.Errorf("must not be negative, got %s", s)
	}
	f.Value, f.Given = v, true
	return nil
}

const staffHelp = `Agents needed for every interval of a workload CSV.

  staffcast staff -in forecast.csv -sl-target 0.8 -sl-time 20s [-patience 60s] [-shrinkage 0.3] -out staffing.csv

The input has a header and the columns interval_start (RFC 3339), volume and,
optionally, queue and aht_seconds, in any order; other columns (such as the
forecast's lower80 … method) are copied through. An empty or absent
aht_seconds uses -aht, and the output writes the handle time used in
aht_seconds (adding the column if absent), so "staffcast simulate" reads
it back. The output repeats the input columns and adds agents,
scheduled_agents, service_level, asa_seconds, occupancy and p_abandon. "-"
reads standard input / writes standard output. The interval length is the
most common gap between two intervals of a queue unless -interval is given;
a start off that grid is an error naming its line (however many rows the
file has), and so are queues whose intervals differ and an inferred
interval over 1h (a row a day: give -interval). A given -interval must
divide a day, have every start on its grid and not be finer than the rows'
spacing (it is for files whose spacing cannot be inferred: one row, a row a
day, a sparse queue beside a dense one).
With -bot-share each queue's intervals pass through the bot funnel in time
order: falsely contained contacts come back spread over -bot-return-lag.

-staff-to chooses the volume to staff when the input is a forecast with
bands (the lower95, lower80, upper80 and upper95 columns "staffcast
forecast" writes): mean (the default) staffs the volume column; p80 staffs
upper80, the volume exceeded one interval in ten; expected-sl staffs the
fewest agents whose service level, averaged over the forecast's volume
distribution (five Gauss-Hermite points on the quantiles the bands give),
meets the target. With mean and p80 the figures written are those at the
forecast volume; with expected-sl they are the expected figures. Under
Erlang C (no -patience) a volume point beyond the agents has no steady
state: it counts as missed in service_level, and asa_seconds is the mean
wait over the points the agents keep up with (empty if none; -max-asa is
met only when every point is kept up with).
`

func runStaff(ctx context.Context, args []string, e env) error {
	fs := newFlags("staff", e)
	withHelp(fs, e, staffHelp)
	var q queueFlags
	q.register(fs)
	fs.Var(&q.interval, "interval", "interval length (default: inferred from the data)")
	fs.Var(&q.aht, "aht", "handle time for rows whose aht_seconds is empty or absent, e.g. 180s")
	in := fs.String("in", "", "workload CSV to read (\"-\" = standard input)")
	out := fs.String("out", "-", "staffing CSV to write (\"-\" = standard output)")
	staffTo := fs.String("staff-to", "mean", "volume to staff: "+app.StaffToChoices+" (p80 and expected-sl need a forecast CSV with bands)")
	chart := addChartFlag(fs, "the agents required per interval, net and with shrinkage, and the service level they reach (one queue)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := requireFlag("in", *in); err != nil {
		return err
	}
	to, err := app.ParseStaffTo(*staffTo)
	if err != nil {
		return usageErrorf("-staff-to: %v", err)
	}
	if !q.hasTarget() {
		return usageErrorf("give a target: -sl-target (with -sl-time), -max-asa, -max-abandon or -max-occupancy")
	}
	f, err := q.funnel()
	if err != nil {
		return err
	}
	name := *in
	if name == "-" {
		name = "stdin"
	}
	r, err := openInput(*in, e)
	if err != nil {
		return err
	}
	wl, err := staffcsv.Read(r, staffcsv.Options{DefaultAHT: q.aht.Value})
	r.Close()
	if err != nil {
		if errors.Is(err, staffcsv.ErrNoAHT) {
			err = fmt.Errorf("%w; give -aht", err)
		}
		return badInput(name, err)
	}
	if w := ahtNotUsed(q.aht, wl.Header, len(wl.Rows), func(i int) staffcsv.Row { return wl.Rows[i] }); w != "" {
		fmt.Fprintf(e.stderr, "staffcast staff: %s: warning: %s\n", name, w)
	}
	sr := app.StaffRequest{Interval: q.interval.Value, Patience: q.patience.Value, Targets: q.targets(), StaffTo: to}
	if q.bot.Given {
		sr.Funnel = &f
	}
	sr.Rows = make([]app.WorkloadRow, len(wl.Rows))
	for i, row := range wl.Rows {
		sr.Rows[i] = app.WorkloadRow{Queue: row.Queue, Start: row.Start, Volume: row.Volume, AHT: row.AHT, Line: row.Line}
	}
	if to != app.StaffToMean {
		if err := readBands(wl, sr.Rows, to, name); err != nil {
			return err
		}
	}
	res, err := app.Staff(ctx, sr)
	for _, w := range res.Warnings {
		fmt.Fprintf(e.stderr, "staffcast staff: %s: warning: %s\n", name, w)
	}
	if err != nil {
		if app.KindOf(err) == app.Invalid {
			if fe := flagError(err); fe != err {
				return fe
			}
			err = errors.Unwrap(err)
			if errors.Is(err, app.ErrIntervalRows) {
				var pe *csvio.ParseError
				if errors.As(err, &pe) && pe.Column == 0 {
					pe.Column = slices.Index(wl.Header, staffcsv.ColStart) + 1
				}
				return usageErrorf("-interval %s: %s: %w (leave -interval out to infer it, or, for queues of different lengths, staff each from a file of its own)", shortDuration(q.interval.Value), name, err)
			}
			var pe *csvio.ParseError
			if errors.Is(err, app.ErrOffGrid) && errors.As(err, &pe) && pe.Column == 0 {
				pe.Column = slices.Index(wl.Header, staffcsv.ColStart) + 1
			}
			switch {
			case errors.Is(err, csvio.ErrIntervalQueues):
				// No -interval fits both: a finer one staffs the coarser
				// queue's volumes as arriving faster, a coarser one puts
				// the finer queue's starts off its grid.
				err = fmt.Errorf("%w; staff each queue from a file of its own", err)
			case !q.interval.Given && (errors.Is(err, csvio.ErrNoInterval) || errors.Is(err, csvio.ErrIntervalMixed)):
				err = fmt.Errorf("%w; give -interval", err)
			}
			return badInput(name, err)
		}
		return err
	}
	st := make([]staffcsv.Staffing, len(res.Metrics))
	for i, m := range res.Metrics {
		st[i] = staffcsv.Staffing{Agents: m.Agents, ScheduledAgents: m.Scheduled, ServiceLevel: m.ServiceLevel,
			ASASeconds: m.ASASeconds, Occupancy: m.Occupancy, PAbandon: m.PAbandon}
	}
	return writeWithChart(*out, e, func(w io.Writer) error { return staffcsv.Write(w, wl, st) }, chart, func() (charts.Chart, error) {
		return staffChart(sr.Rows, res, q.targets().ServiceLevel)
	})
}

// readBands sets every row's forecast bands from the workload's lower95,
// lower80, upper80 and upper95 columns, which -staff-to to needs.
func readBands(wl *staffcsv.Workload, rows []app.WorkloadRow, to app.StaffTo, name string) error {
	var cols [4][]float64
	for k, c := range []string{"lower95", "lower80", "upper80", "upper95"} {
		v, err := wl.Floats(c)
		if errors.Is(err, csvio.ErrMissingColumn) {
			return usageErrorf("-staff-to %s needs a forecast with bands: %s has no %s column (staff the CSV \"staffcast forecast\" writes, or use -staff-to mean)", to, name, c)
		}
		if err != nil {
			return badInput(name, err)
		}
		cols[k] = v
	}
	for i := range rows {
		rows[i].Bands = &erlang.Bands{Lower95: cols[0][i], Lower80: cols[1][i], Upper80: cols[2][i], Upper95: cols[3][i]}
	}
	return nil
}

// staffChart is the staffing chart of one queue's rows.
func staffChart(rows []app.WorkloadRow, res app.StaffResult, target float64) (charts.Chart, error) {
	queues := map[string]bool{}
	var st []app.StaffingRow
	for i, r := range rows {
		queues[r.Queue] = true
		m := res.Metrics[i]
		st = append(st, app.StaffingRow{Start: r.Start, Agents: m.Agents, ScheduledAgents: m.Scheduled, ServiceLevel: m.ServiceLevel})
	}
	if len(queues) != 1 {
		return nil, oneQueue(len(queues))
	}
	sort.SliceStable(st, func(i, j int) bool { return st[i].Start.Before(st[j].Start) })
	ch := chartdata.Staffing(rows[0].Queue, rows[0].Start.Location(), res.Interval, st)
	ch.ServiceTarget = target
	return ch, nil
}

// ahtNotUsed is the warning for a -aht that some rows do not use because
// their aht_seconds gives another handle time (as the files "staff"
// writes do), or "" when every row with its own handle time agrees with
// it or -aht was not given.
func ahtNotUsed(aht durationFlag, header []string, n int, row func(int) staffcsv.Row) string {
	col := slices.Index(header, staffcsv.ColAHT)
	if !aht.Given || col < 0 {
		return ""
	}
	count, first := 0, -1
	for i := range n {
		r := row(i)
		if col < len(r.Fields) && r.Fields[col] != "" && r.AHT != aht.Value {
			if count++; first < 0 {
				first = i
			}
		}
	}
	if count == 0 {
		return ""
	}
	r := row(first)
	return fmt.Sprintf("-aht %s applies only to rows whose aht_seconds is empty: %d rows carry their own, which is used (the first, line %d: %s s); to use another handle time, empty or drop the aht_seconds column",
		shortDuration(aht.Value), count, r.Line, r.Fields[col])
}
