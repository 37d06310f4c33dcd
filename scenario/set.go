package scenario

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
)

// setter sets one numeric field of a queue from a float (durations in
// seconds, counts as whole numbers).
type setter struct {
	set     func(q *QueueSpec, v float64) error
	seconds bool // a duration, set in seconds
}

// setters lists the paths Set and -vary accept, relative to a queue.
func setters() map[string]setter {
	f := func(p func(*QueueSpec) *float64) setter {
		return setter{set: func(q *QueueSpec, v float64) error { *p(q) = v; return nil }}
	}
	dur := func(p func(*QueueSpec) *Duration) setter {
		return setter{seconds: true, set: func(q *QueueSpec, v float64) error {
			if !(v >= 0 && v <= 1e9) {
				return fmt.Errorf("%v seconds is not a duration", v)
			}
			*p(q) = Duration(math.Round(v * float64(time.Second)))
			return nil
		}}
	}
	count := func(p func(*QueueSpec) *int) setter {
		return setter{set: func(q *QueueSpec, v float64) error {
			if v != math.Trunc(v) || v < 0 || v > 1e9 {
				return fmt.Errorf("%v is not a whole number", v)
			}
			*p(q) = int(v)
			return nil
		}}
	}
	return map[string]setter{
		"shrinkage":              f(func(q *QueueSpec) *float64 { return &q.Shrinkage }),
		"lost_contact_cost":      f(func(q *QueueSpec) *float64 { return &q.LostContactCost }),
		"demand.scale":           f(func(q *QueueSpec) *float64 { return &q.Demand.Scale }),
		"promise.sl_target":      f(func(q *QueueSpec) *float64 { return &q.Promise.SLTarget }),
		"promise.sl_time":        dur(func(q *QueueSpec) *Duration { return &q.Promise.SLTime }),
		"promise.max_abandon":    f(func(q *QueueSpec) *float64 { return &q.Promise.MaxAbandon }),
		"promise.max_asa":        dur(func(q *QueueSpec) *Duration { return &q.Promise.MaxASA }),
		"promise.max_occupancy":  f(func(q *QueueSpec) *float64 { return &q.Promise.MaxOccupancy }),
		"humans.aht":             dur(func(q *QueueSpec) *Duration { return &q.Humans.AHT }),
		"humans.patience":        dur(func(q *QueueSpec) *Duration { return &q.Humans.Patience }),
		"humans.hourly_cost":     f(func(q *QueueSpec) *float64 { return &q.Humans.HourlyCost }),
		"humans.max_agents":      count(func(q *QueueSpec) *int { return &q.Humans.MaxAgents }),
		"bot.share":              {set: func(q *QueueSpec, v float64) error { q.Bot.Share = Uniform(v); return nil }},
		"bot.escalation":         f(func(q *QueueSpec) *float64 { return &q.Bot.Escalation }),
		"bot.false_containment":  f(func(q *QueueSpec) *float64 { return &q.Bot.FalseContainment }),
		"bot.return_share":       f(func(q *QueueSpec) *float64 { return &q.Bot.ReturnShare }),
		"bot.return_lag":         dur(func(q *QueueSpec) *Duration { return &q.Bot.ReturnLag }),
		"bot.escalated_aht":      dur(func(q *QueueSpec) *Duration { return &q.Bot.EscalatedAHT }),
		"bot.escalated_patience": dur(func(q *QueueSpec) *Duration { return &q.Bot.EscalatedPatience }),
		"bot.cost_per_session":   f(func(q *QueueSpec) *float64 { return &q.Bot.CostPerSession }),
		"bot.capacity":           count(func(q *QueueSpec) *int { return &q.Bot.Capacity }),
		"bot.session_time":       dur(func(q *QueueSpec) *Duration { return &q.Bot.SessionTime }),
	}
}

// SettablePaths lists the paths Set accepts (durations are set in
// seconds), sorted; "queues.<name>.<path>" sets one queue's.
func SettablePaths() []string {
	var out []string
	for k := range setters() {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// Set returns a copy of d with the field at the dotted path set to v and
// validates it. A bare path ("bot.share", "humans.hourly_cost") applies to
// every queue, "queues.<name>.<path>" to the named queue only. Durations
// are set in seconds ("promise.sl_time" 30 is 30 s) and counts
// ("humans.max_agents", "bot.capacity") must be whole. Setting "bot.share"
// replaces any hourly shares with one share. An unknown path or queue is a
// *FieldError naming it.
func (d Document) Set(path string, v float64) (Document, error) {
	field, queue := path, ""
	if rest, ok := strings.CutPrefix(path, "queues."); ok {
		for _, q := range d.Queues {
			if f, ok := strings.CutPrefix(rest, q.Queue+"."); ok {
				field, queue = f, q.Queue
				break
			}
		}
		if queue == "" {
			return Document{}, fieldErr(path, ErrUnknownField, "no queue of the document matches (queues.<name>.<path>)")
		}
	}
	set, ok := setters()[field]
	if !ok {
		return Document{}, fieldErr(path, ErrUnknownField, "not a settable path (one of %s)", strings.Join(SettablePaths(), ", "))
	}
	out := d
	out.Queues = slices.Clone(d.Queues)
	for i := range out.Queues {
		if queue != "" && out.Queues[i].Queue != queue {
			continue
		}
		if err := set.set(&out.Queues[i], v); err != nil {
			return Document{}, &FieldError{Field: path, Err: &kindError{msg: err.Error(), kind: ErrRange}}
		}
	}
	if err := out.Validate(); err != nil {
		return Document{}, err
	}
	return out, nil
}

// Vary is one swept field: a dotted path (see Set) and its values.
type Vary struct {
	Path   string
	Values []float64
}

// MaxVaryValues bounds the values of one Vary.
const MaxVaryValues = 10000

// ParseVary reads "bot.share=0:0.9:0.1" (lo:hi:step, both ends inclusive,
// values rounded to 1e-9 so 0.1 steps land on 0.3, not 0.30000000000000004)
// or a list "bot.share=0,0.3,0.5". The path must name a settable field
// (see SettablePaths), optionally as "queues.<name>.<path>".
func ParseVary(s string) (Vary, error) {
	path, spec, ok := strings.Cut(s, "=")
	path = strings.TrimSpace(path)
	bad := func(format string, args ...any) (Vary, error) {
		return Vary{}, fmt.Errorf("%w: %q: %s", ErrVary, s, fmt.Sprintf(format, args...))
	}
	if !ok || path == "" || strings.TrimSpace(spec) == "" {
		return bad("want path=lo:hi:step or path=v1,v2,...")
	}
	if !knownPath(path) {
		return bad("%q is not a settable path (one of %s)", path, strings.Join(SettablePaths(), ", "))
	}
	num := func(x string) (float64, bool) {
		v, err := strconv.ParseFloat(strings.TrimSpace(x), 64)
		return v, err == nil && !math.IsInf(v, 0) && !math.IsNaN(v)
	}
	var values []float64
	if parts := strings.Split(spec, ":"); len(parts) == 3 {
		lo, ok1 := num(parts[0])
		hi, ok2 := num(parts[1])
		step, ok3 := num(parts[2])
		if !ok1 || !ok2 || !ok3 {
			return bad("lo:hi:step must be numbers%s", unitHint(path, spec))
		}
		if step <= 0 || hi < lo {
			return bad("want lo <= hi and a positive step")
		}
		n := math.Floor((hi-lo)/step+1e-9) + 1
		if n > MaxVaryValues {
			return bad("%.0f values, at most %d", n, MaxVaryValues)
		}
		for i := range int(n) {
			values = append(values, round9(lo+float64(i)*step))
		}
	} else if len(parts) == 1 {
		for _, x := range strings.Split(spec, ",") {
			v, ok := num(x)
			if !ok {
				return bad("%q is not a number%s", strings.TrimSpace(x), unitHint(path, x))
			}
			if slices.Contains(values, v) {
				return bad("%v is listed twice", v)
			}
			values = append(values, v)
		}
		if len(values) > MaxVaryValues {
			return bad("%d values, at most %d", len(values), MaxVaryValues)
		}
	} else {
		return bad("want lo:hi:step or a comma-separated list")
	}
	return Vary{Path: path, Values: values}, nil
}

// knownPath reports whether path is settable, bare or under "queues.<name>.".
func knownPath(path string) bool {
	_, ok := lookupPath(path)
	return ok
}

// lookupPath is the setter of path, bare or under "queues.<name>.".
func lookupPath(path string) (setter, bool) {
	set := setters()
	if s, ok := set[path]; ok {
		return s, true
	}
	rest, ok := strings.CutPrefix(path, "queues.")
	for ok {
		var after string
		_, after, ok = strings.Cut(rest, ".")
		if s, known := set[after]; known {
			return s, true
		}
		rest = after
	}
	return setter{}, false
}

// round9 rounds to 1e-9, removing float noise from grid steps.
func round9(x float64) float64 { return math.Round(x*1e9) / 1e9 }

// unitHint says, for a duration path given a value with a unit ("200s"),
// that -vary takes durations in seconds.
func unitHint(path, value string) string {
	if strings.ContainsAny(value, "hms") && durationPath(path) {
		return " (durations vary in seconds: 200, not 200s)"
	}
	return ""
}

// durationPath reports whether path (bare or "queues.<name>.<path>") sets
// a duration.
func durationPath(path string) bool {
	s, ok := lookupPath(path)
	return ok && s.seconds
}
