package scenario

import (
	"fmt"
	"math"
	"time"

	"github.com/staffcast/staffcast/erlang"
)

// queueModel is one queue's demand prepared for evaluation: aggregated to
// the planning interval, scaled, and placed in local time. It depends on
// the queue's spec only through the fields read here, so Sweep and
// Optimize prepare it again for every document they evaluate (it is cheap).
type queueModel struct {
	q        QueueSpec
	path     string // the queue's path prefix in error messages
	loc      *time.Location
	interval time.Duration
	starts   []time.Time   // interval starts, in loc
	plain    []erlang.Load // the offered load of each interval, as humans would handle it
	hour     []int         // local hour of day of each start
	byHour   [24][]int     // the intervals of each hour of day
	botOpen  []bool
	humOpen  []bool
	closed   []bool         // the planning intervals every demand interval of is Closed
	funnel   erlang.Funnel  // BotShare unused (shares are per interval)
	targets  erlang.Targets // the promise with shrinkage
	// maxSessions is the bot's capacity per interval in sessions (Little's
	// law: capacity x interval / session time); +Inf without a capacity.
	maxSessions float64
	naive       []int   // all-human scheduled agents per interval (lazy, see allHuman)
	laterPrice  float64 // the cost of a return beyond the horizon (set by allHuman)
	// staffTo is q.StaffTo ("" made StaffToMean); ratios, unless it is
	// StaffToMean, each interval's volume distribution relative to its
	// point forecast (prepareStaffTo).
	staffTo string
	ratios  []volumeRatios
}

// demandErr is a *FieldError about a queue's demand data.
func demandErr(path, format string, args ...any) error {
	return fieldErr(join(path, "demand"), ErrDemand, format, args...)
}

// newQueueModel prepares q's demand: consecutive intervals of equal length
// are grouped into q.Interval (volumes summed, AHT volume-weighted; the
// groups are aligned on the local day so that 08:15 demand in 30-minute
// intervals starts the 08:00 group), scaled by demand.scale and the
// campaigns, and given their local hour and opening hours.
func newQueueModel(q QueueSpec, path string, demand []Interval, zones map[string]*time.Location) (*queueModel, error) {
	if len(demand) == 0 {
		return nil, demandErr(path, "no demand intervals for queue %q", q.Queue)
	}
	step := q.Interval.D()
	if len(demand) > 1 {
		step = demand[1].Start.Sub(demand[0].Start)
	}
	if step <= 0 {
		return nil, demandErr(path, "one demand interval: its length is unknown; set interval")
	}
	for i, iv := range demand {
		if i > 0 && iv.Start.Sub(demand[i-1].Start) != step {
			return nil, demandErr(path, "interval %d starts at %s, %v after the previous; want consecutive %v intervals", i, iv.Start.Format(time.RFC3339), iv.Start.Sub(demand[i-1].Start), step)
		}
		if !(iv.Volume >= 0) || math.IsInf(iv.Volume, 1) {
			return nil, demandErr(path, "interval %d (%s): volume %v must be finite and non-negative", i, iv.Start.Format(time.RFC3339), iv.Volume)
		}
		if iv.AHT < 0 || (iv.AHT == 0 && iv.Volume > 0 && q.Humans.AHT == 0) {
			return nil, demandErr(path, "interval %d (%s): AHT %v must be positive (or set humans.aht)", i, iv.Start.Format(time.RFC3339), iv.AHT)
		}
	}
	target := q.Interval.D()
	if target == 0 {
		target = step
	}
	if target < step || target%step != 0 {
		return nil, fieldErr(join(path, "interval"), ErrDemand, "%v is not a multiple of the demand's %v intervals", Duration(target), Duration(step))
	}
	if (24*time.Hour)%target != 0 {
		return nil, fieldErr(join(path, "interval"), ErrDemand, "the demand's %v intervals do not divide a day; set interval", Duration(target))
	}
	loc := demand[0].Start.Location()
	if q.TimeZone != "" {
		if loc = zones[q.TimeZone]; loc == nil {
			return nil, fieldErr(join(path, "time_zone"), ErrMissing, "time zone %q was not loaded (Inputs.Locations)", q.TimeZone)
		}
	}
	m := &queueModel{q: q, path: path, loc: loc, interval: target, maxSessions: math.Inf(1), staffTo: q.StaffTo,
		targets: q.Promise.targets(q.Shrinkage),
		funnel: erlang.Funnel{Escalation: q.Bot.Escalation, FalseContainment: q.Bot.FalseContainment,
			ReturnShare: q.Bot.ReturnShare, ReturnLag: q.Bot.ReturnLag.D(),
			EscalatedAHT: q.Bot.EscalatedAHT.D(), EscalatedPatience: q.Bot.EscalatedPatience.D()}}
	if q.Bot.Capacity > 0 {
		m.maxSessions = float64(q.Bot.Capacity) * target.Seconds() / q.Bot.SessionTime.Seconds()
	}
	campaigns, err := q.Demand.campaignRanges(loc)
	if err != nil {
		return nil, within(join(path, "demand"), err)
	}
	if m.staffTo == "" {
		m.staffTo = StaffToMean
	}
	var bands []erlang.Bands // per planning interval, unless staffing the mean
	k := int(target / step)
	local := demand[0].Start.In(loc)
	lead := int(time.Duration(local.Hour())*time.Hour+time.Duration(local.Minute())*time.Minute+time.Duration(local.Second())*time.Second) % int(target) / int(step)
	for first := 0; first < len(demand); {
		size, start := k, demand[first].Start
		if first == 0 {
			size -= lead
			start = start.Add(-time.Duration(lead) * step)
		}
		group := demand[first:min(first+size, len(demand))]
		first += len(group)
		var vol, work float64
		var ahtSum time.Duration
		closed := true
		for _, iv := range group {
			vol += iv.Volume
			work += iv.Volume * iv.AHT.Seconds()
			ahtSum += iv.AHT
			closed = closed && iv.Closed
		}
		m.closed = append(m.closed, closed)
		aht := q.Humans.AHT.D()
		if aht == 0 {
			if vol > 0 {
				aht = time.Duration(math.Round(work / vol * 1e9))
			} else {
				aht = ahtSum / time.Duration(len(group))
			}
		}
		m.starts = append(m.starts, start)
		m.plain = append(m.plain, erlang.Load{Volume: vol, Interval: target, AHT: aht, Patience: q.Humans.Patience.D()})
		if m.staffTo != StaffToMean {
			b, ok := groupBands(group)
			if !ok {
				return nil, fieldErr(join(path, "staff_to"), ErrDemand, "%s needs the forecast's volume bands (lower95, lower80, upper80, upper95) on every interval; the interval starting %s has none",
					m.staffTo, start.Format(time.RFC3339))
			}
			bands = append(bands, b)
		}
	}
	scale := q.Demand.Scale
	if scale == 0 {
		scale = 1
	}
	fallback := m.meanAHT()
	for i := range m.plain {
		l := &m.plain[i]
		t := m.starts[i].In(loc)
		m.starts[i] = t
		f := scale
		for _, c := range campaigns {
			if !t.Before(c.from) && t.Before(c.to) {
				f *= c.scale
			}
		}
		l.Volume *= f
		if bands != nil {
			b := &bands[i]
			b.Lower95, b.Lower80, b.Upper80, b.Upper95 = b.Lower95*f, b.Lower80*f, b.Upper80*f, b.Upper95*f
		}
		if l.AHT <= 0 {
			l.AHT = fallback
		}
		if err := l.Validate(); err != nil {
			return nil, demandErr(path, "interval starting %s: %v", t.Format(time.RFC3339), err)
		}
		m.hour = append(m.hour, t.Hour())
		m.byHour[t.Hour()] = append(m.byHour[t.Hour()], i)
		m.botOpen = append(m.botOpen, q.Bot.Hours.OpenAt(t))
		m.humOpen = append(m.humOpen, q.Humans.Hours.OpenAt(t) && !m.closed[i])
	}
	if err := m.prepareStaffTo(bands); err != nil {
		return nil, err
	}
	return m, nil
}

// meanAHT is the volume-weighted mean AHT of the loads with a positive
// AHT, used for intervals that have none (no contacts); 1 s if none has.
func (m *queueModel) meanAHT() time.Duration {
	var vol, work, sum float64
	n := 0
	for _, l := range m.plain {
		if l.AHT > 0 {
			vol += l.Volume
			work += l.Volume * l.AHT.Seconds()
			sum += l.AHT.Seconds()
			n++
		}
	}
	switch {
	case vol > 0:
		return time.Duration(math.Round(work / vol * 1e9))
	case n > 0:
		return time.Duration(math.Round(sum / float64(n) * 1e9))
	}
	return time.Second
}

type campaignRange struct {
	from, to time.Time
	scale    float64
}

// campaignRanges resolves the campaigns' dates in loc.
func (ds DemandSpec) campaignRanges(loc *time.Location) ([]campaignRange, error) {
	out := make([]campaignRange, len(ds.Campaigns))
	for i, c := range ds.Campaigns {
		from, err := parseInstant(c.From, loc)
		if err != nil {
			return nil, within(fmt.Sprintf("campaigns[%d].from", i), err)
		}
		to, err := parseInstant(c.To, loc)
		if err != nil {
			return nil, within(fmt.Sprintf("campaigns[%d].to", i), err)
		}
		out[i] = campaignRange{from, to, c.Scale}
	}
	return out, nil
}

// shares returns the effective bot share of every interval for share:
// 0 while the bot is closed, 1 while humans are closed and the bot open,
// and never more sessions than the bot's capacity (the overflow goes
// straight to humans).
func (m *queueModel) shares(share Share) []float64 {
	out := make([]float64, len(m.plain))
	for i := range out {
		out[i] = m.share(i, share.At(m.hour[i]))
	}
	return out
}

// share is the effective share of interval i when s is asked for.
func (m *queueModel) share(i int, s float64) float64 {
	switch {
	case !m.botOpen[i]:
		return 0
	case !m.humOpen[i]:
		s = 1
	}
	if v := m.plain[i].Volume; v*s > m.maxSessions {
		s = m.maxSessions / v
	}
	return s
}
