package scenario

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"time"

	"github.com/staffcast/staffcast/erlang"
)

// Document is the scenario JSON document: the CLI reads it from a file, the
// API stores it verbatim. It is either one queue inline (the fields of
// QueueSpec at the top level, plus an optional "name") or
// {"name": "...", "queues": [{queue}, ...]}.
type Document struct {
	Name   string      `json:"name,omitempty"`
	Queues []QueueSpec `json:"queues"`
}

// QueueSpec is one queue of a scenario: its demand, promise, humans and bot.
type QueueSpec struct {
	Queue  string     `json:"queue"`
	Demand DemandSpec `json:"demand"`
	// Interval is the planning interval; zero means the demand's own. A
	// multiple of the demand's interval aggregates it (volumes summed, AHT
	// volume-weighted).
	Interval Duration `json:"interval,omitempty"`
	// TimeZone (IANA) sets the hour of day (bot share by hour) and the
	// opening hours; empty means the demand timestamps' own zone.
	TimeZone  string      `json:"time_zone,omitempty"`
	Promise   PromiseSpec `json:"promise"`
	Shrinkage float64     `json:"shrinkage"` // share of paid time not available, [0, 1)
	Humans    HumansSpec  `json:"humans"`
	Bot       BotSpec     `json:"bot"`
	// LostContactCost prices an abandoned, unresolved or unserved contact.
	LostContactCost float64 `json:"lost_contact_cost,omitempty"`
	// StaffTo is the volume the humans are staffed for: StaffToMean (""),
	// StaffToP80 or StaffToExpectedSL, the last two from the demand's
	// forecast bands.
	StaffTo string `json:"staff_to,omitempty"`
	// Templates names shift templates: a JSON file path (CLI, relative to
	// the document) or a stored shift-template name (API). Empty: interval
	// requirements are costed as scheduled agents x interval length.
	Templates string `json:"templates,omitempty"`
}

// DemandSpec says where a queue's demand comes from and how to scale it.
// Exactly one source (Forecast, History, ForecastID, FromHistory) must be
// set; which sources a face accepts is the resolver's business.
type DemandSpec struct {
	Forecast string `json:"forecast,omitempty"` // CLI: forecast CSV path
	History  string `json:"history,omitempty"`  // CLI: history CSV path to forecast from
	// Calendar is the special days (holidays, closures, events) of a
	// History forecast (CLI: a calendar CSV path, as for "forecast
	// -calendar"); the API's from_history uses the stored calendar.
	Calendar    string `json:"calendar,omitempty"`
	ForecastID  int64  `json:"forecast_id,omitempty"`  // API: a stored forecast run of this queue
	FromHistory bool   `json:"from_history,omitempty"` // API: forecast from the stored history
	Method      string `json:"method,omitempty"`       // forecasting method (default auto)
	// Horizon is how far to forecast when forecasting (default 7 days).
	Horizon Duration `json:"horizon,omitempty"`
	// Scale multiplies every interval's volume (growth); 0 means 1.
	Scale float64 `json:"scale,omitempty"`
	// Campaigns multiply the volume further on their date ranges.
	Campaigns []Campaign `json:"campaigns,omitempty"`
}

// Campaign multiplies the volume of intervals starting in [From, To) by
// Scale. From and To are dates ("2026-12-01", midnight in the queue's time
// zone) or RFC 3339 instants.
type Campaign struct {
	From  string  `json:"from"`
	To    string  `json:"to"`
	Scale float64 `json:"scale"`
}

// PromiseSpec is the service promise every interval should keep. At least
// one target must be set.
type PromiseSpec struct {
	SLTarget     float64  `json:"sl_target,omitempty"`     // share answered within SLTime, [0, 1)
	SLTime       Duration `json:"sl_time,omitempty"`       // service-level threshold
	MaxAbandon   float64  `json:"max_abandon,omitempty"`   // [0, 1)
	MaxASA       Duration `json:"max_asa,omitempty"`       // mean wait cap
	MaxOccupancy float64  `json:"max_occupancy,omitempty"` // [0, 1]
}

// HumansSpec describes the human agents.
type HumansSpec struct {
	// AHT is the handle time of a plain contact; zero means the demand's
	// AHT of each interval.
	AHT Duration `json:"aht,omitempty"`
	// Patience is the mean patience of a waiting customer (Erlang A); zero
	// means infinitely patient (Erlang C).
	Patience   Duration `json:"patience,omitempty"`
	HourlyCost float64  `json:"hourly_cost"` // per paid hour
	Hours      Hours    `json:"hours,omitzero"`
	// MaxAgents caps scheduled agents per interval; zero means no cap.
	MaxAgents int `json:"max_agents,omitempty"`
}

// BotSpec describes the bot in front of the queue (see erlang.Funnel).
type BotSpec struct {
	Share            Share    `json:"share"`
	Escalation       float64  `json:"escalation,omitempty"`
	FalseContainment float64  `json:"false_containment,omitempty"`
	ReturnShare      float64  `json:"return_share,omitempty"`
	ReturnLag        Duration `json:"return_lag,omitempty"`
	// EscalatedAHT and EscalatedPatience describe escalated contacts; zero
	// means the plain contact's.
	EscalatedAHT      Duration `json:"escalated_aht,omitempty"`
	EscalatedPatience Duration `json:"escalated_patience,omitempty"`
	CostPerSession    float64  `json:"cost_per_session,omitempty"`
	Hours             Hours    `json:"hours,omitzero"`
	// Capacity caps concurrent bot sessions; zero means no cap. It needs
	// SessionTime, the mean length of a bot session.
	Capacity    int      `json:"capacity,omitempty"`
	SessionTime Duration `json:"session_time,omitempty"`
}

// Parse reads a scenario document strictly and validates it. Unknown
// fields, values of the wrong type, rates outside [0, 1], durations, hours
// and dates that do not parse are reported as a *FieldError naming the
// dotted path of the field.
func Parse(data []byte) (Document, error) {
	var d Document
	if err := d.UnmarshalJSON(data); err != nil {
		return Document{}, err
	}
	if err := d.Validate(); err != nil {
		return Document{}, err
	}
	return d, nil
}

// UnmarshalJSON decodes either shape strictly, without validating ranges
// (see Parse and Validate).
func (d *Document) UnmarshalJSON(data []byte) error {
	if !json.Valid(data) {
		var v any
		err := json.Unmarshal(data, &v)
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return &FieldError{Err: &kindError{msg: fmt.Sprintf("JSON syntax error at byte %d: %v", se.Offset, se), kind: ErrSyntax}}
		}
		return &FieldError{Err: &kindError{msg: "not valid JSON", kind: ErrSyntax}}
	}
	obj, err := splitObject(data)
	if err != nil {
		return within("", err)
	}
	if obj == nil {
		return fieldErr("", ErrSyntax, "want a JSON object, got null")
	}
	var out Document
	if raw, ok := obj["name"]; ok {
		if err := decodeValue(raw, reflect.ValueOf(&out.Name).Elem(), "name"); err != nil {
			return err
		}
	}
	if _, ok := obj["queues"]; ok {
		if err := decodeObject(obj, reflect.ValueOf(&out).Elem(), ""); err != nil {
			return err
		}
	} else {
		out.Queues = make([]QueueSpec, 1)
		if err := decodeObject(obj, reflect.ValueOf(&out.Queues[0]).Elem(), "", "name"); err != nil {
			return err
		}
	}
	*d = out
	return nil
}

// MarshalJSON writes a one-queue document inline (the shape) and
// others as {"name", "queues"}.
func (d Document) MarshalJSON() ([]byte, error) {
	if len(d.Queues) != 1 {
		type plain Document
		p := plain(d)
		if p.Queues == nil {
			p.Queues = []QueueSpec{}
		}
		return json.Marshal(p)
	}
	b, err := json.Marshal(d.Queues[0])
	if err != nil || d.Name == "" {
		return b, err
	}
	name, _ := json.Marshal(d.Name)
	var buf bytes.Buffer
	buf.WriteString(`{"name":`)
	buf.Write(name)
	buf.WriteByte(',')
	buf.Write(b[1:])
	return buf.Bytes(), nil
}

// queuePath is the path prefix of queue i's fields in error messages: ""
// for an inline document, "queues[i]" otherwise.
func (d Document) queuePath(i int) string {
	if len(d.Queues) == 1 {
		return ""
	}
	return fmt.Sprintf("queues[%d]", i)
}

// Validate checks every field's range and the document's consistency: at
// least one queue, unique non-empty queue names, exactly one demand
// source, a service promise, rates in [0, 1], escalation + false
// containment <= 1, capacity with a session time, campaign dates.
func (d Document) Validate() error {
	if len(d.Queues) == 0 {
		return fieldErr("queues", ErrMissing, "at least one queue is required")
	}
	seen := map[string]bool{}
	for i, q := range d.Queues {
		p := d.queuePath(i)
		if seen[q.Queue] {
			return fieldErr(join(p, "queue"), ErrRange, "queue %q appears twice", q.Queue)
		}
		seen[q.Queue] = true
		if err := q.Validate(); err != nil {
			return within(p, err)
		}
	}
	return nil
}

// Validate checks one queue (see Document.Validate); fields are named
// relative to the queue.
func (q QueueSpec) Validate() error {
	if q.Queue == "" {
		return fieldErr("queue", ErrMissing, "the queue name is required")
	}
	if err := q.Demand.validate(); err != nil {
		return within("demand", err)
	}
	if q.Interval < 0 || (q.Interval > 0 && (24*time.Hour)%q.Interval.D() != 0) {
		return fieldErr("interval", ErrRange, "%v must be positive and divide 24h", q.Interval)
	}
	if q.TimeZone != "" {
		if !zoneName(q.TimeZone) {
			return fieldErr("time_zone", ErrSyntax, "%q is not an IANA time zone", q.TimeZone)
		}
	}
	if err := q.Promise.validate(); err != nil {
		return within("promise", err)
	}
	if !(q.Shrinkage >= 0 && q.Shrinkage < 1) {
		return fieldErr("shrinkage", ErrRange, "%v is outside [0, 1)", q.Shrinkage)
	}
	if err := q.Humans.validate(); err != nil {
		return within("humans", err)
	}
	if err := q.Bot.validate(); err != nil {
		return within("bot", err)
	}
	if err := nonNegative("lost_contact_cost", q.LostContactCost); err != nil {
		return err
	}
	if !validStaffTo(q.StaffTo) {
		return fieldErr("staff_to", ErrRange, "%q: want %s, %s or %s", q.StaffTo, StaffToMean, StaffToP80, StaffToExpectedSL)
	}
	return nil
}

func (ds DemandSpec) validate() error {
	n := 0
	for _, set := range []bool{ds.Forecast != "", ds.History != "", ds.ForecastID != 0, ds.FromHistory} {
		if set {
			n++
		}
	}
	if n != 1 {
		return fieldErr("", ErrMissing, "exactly one of forecast, history, forecast_id, from_history is required (%d given)", n)
	}
	if ds.ForecastID < 0 {
		return fieldErr("forecast_id", ErrRange, "%d must be positive", ds.ForecastID)
	}
	if ds.Calendar != "" && ds.History == "" {
		return fieldErr("calendar", ErrDemand, "goes with history: the special days of the history's forecast (a forecast_id's or forecast's days are in it already; from_history uses the stored calendar)")
	}
	if err := nonNegative("scale", ds.Scale); err != nil {
		return err
	}
	for i, c := range ds.Campaigns {
		if err := c.validate(); err != nil {
			return within(fmt.Sprintf("campaigns[%d]", i), err)
		}
	}
	return nil
}

func (c Campaign) validate() error {
	from, err := parseInstant(c.From, time.UTC)
	if err != nil {
		return within("from", err)
	}
	to, err := parseInstant(c.To, time.UTC)
	if err != nil {
		return within("to", err)
	}
	if !to.After(from) {
		return fieldErr("to", ErrRange, "%q is not after from %q", c.To, c.From)
	}
	return nonNegative("scale", c.Scale)
}

// parseInstant reads a date ("2026-12-01", midnight in loc) or an RFC 3339
// instant.
func parseInstant(s string, loc *time.Location) (time.Time, error) {
	if s == "" {
		return time.Time{}, &kindError{msg: "a date like \"2026-12-01\" or an RFC 3339 time is required", kind: ErrMissing}
	}
	if t, err := time.ParseInLocation(time.DateOnly, s, loc); err == nil {
		return t, nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	return time.Time{}, &kindError{msg: fmt.Sprintf("%q is neither a date like \"2026-12-01\" nor an RFC 3339 time", s), kind: ErrSyntax}
}

func (p PromiseSpec) validate() error {
	if err := rate("sl_target", p.SLTarget); err != nil {
		return err
	}
	if p.SLTarget >= 1 {
		return fieldErr("sl_target", ErrRange, "%v must be below 1", p.SLTarget)
	}
	if err := rate("max_abandon", p.MaxAbandon); err != nil {
		return err
	}
	if p.MaxAbandon >= 1 {
		return fieldErr("max_abandon", ErrRange, "%v must be below 1", p.MaxAbandon)
	}
	if err := rate("max_occupancy", p.MaxOccupancy); err != nil {
		return err
	}
	if p.SLTarget > 0 && p.SLTime == 0 {
		return fieldErr("sl_time", ErrMissing, "required with sl_target (like \"30s\")")
	}
	if p.SLTarget == 0 && p.MaxAbandon == 0 && p.MaxASA == 0 && p.MaxOccupancy == 0 {
		return fieldErr("sl_target", ErrMissing, "the promise needs at least one of sl_target, max_abandon, max_asa, max_occupancy")
	}
	return nil
}

// targets returns the promise as erlang targets with shrinkage s.
func (p PromiseSpec) targets(shrinkage float64) erlang.Targets {
	return erlang.Targets{
		ServiceLevel: p.SLTarget,
		ServiceTime:  p.SLTime.D(),
		MaxASA:       p.MaxASA.D(),
		MaxAbandon:   p.MaxAbandon,
		MaxOccupancy: p.MaxOccupancy,
		Shrinkage:    shrinkage,
	}
}

func (h HumansSpec) validate() error {
	if err := nonNegative("hourly_cost", h.HourlyCost); err != nil {
		return err
	}
	if h.MaxAgents < 0 {
		return fieldErr("max_agents", ErrRange, "%d must not be negative", h.MaxAgents)
	}
	return nil
}

func (b BotSpec) validate() error {
	if err := b.Share.validate(); err != nil {
		return within("share", err)
	}
	for _, r := range []struct {
		name string
		v    float64
	}{{"escalation", b.Escalation}, {"false_containment", b.FalseContainment}, {"return_share", b.ReturnShare}} {
		if err := rate(r.name, r.v); err != nil {
			return err
		}
	}
	if b.Escalation+b.FalseContainment > 1+1e-12 {
		return fieldErr("false_containment", ErrRange, "escalation %v + false_containment %v exceed 1", b.Escalation, b.FalseContainment)
	}
	if err := nonNegative("cost_per_session", b.CostPerSession); err != nil {
		return err
	}
	if b.Capacity < 0 {
		return fieldErr("capacity", ErrRange, "%d must not be negative", b.Capacity)
	}
	if b.Capacity > 0 && b.SessionTime <= 0 {
		return fieldErr("session_time", ErrMissing, "required with capacity (the mean bot session, like \"90s\")")
	}
	return nil
}

// rate checks v in [0, 1].
func rate(name string, v float64) error {
	if !(v >= 0 && v <= 1) {
		return fieldErr(name, ErrRange, "%v is outside [0, 1]", v)
	}
	return nil
}

// nonNegative checks v finite and >= 0.
func nonNegative(name string, v float64) error {
	if !(v >= 0 && v <= 1e15) {
		return fieldErr(name, ErrRange, "%v must be a number from 0 to 1e15", v)
	}
	return nil
}

// zoneName reports whether s is spelled like an IANA time-zone name
// ("Europe/London", "UTC", "Etc/GMT+5"). Whether the zone exists is the
// caller's to check when it loads it (Inputs.Locations): this package
// reads no zone database. "Local" is refused: it means a different zone
// on every machine.
func zoneName(s string) bool {
	if s == "" || len(s) > 64 || s == "Local" || s[0] == '/' || strings.Contains(s, "..") {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("/_+-", r)) {
			return false
		}
	}
	return true
}
