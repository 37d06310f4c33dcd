package app

import (
	"context"
	"encoding/json"
	"time"
)

// Store is the persistence the application layer needs. store/sqlite and
// store/postgres implement it and store/storetest checks both with one
// conformance suite.
//
// Conventions of every method:
//   - actor names who asks (a token name, "cli", "demo"); every method that
//     changes something writes one audit row (one per thing it creates)
//     in the same transaction, so a change and its audit rows are stored
//     together or not at all.
//   - Instants are stored in UTC with microsecond precision and returned in
//     UTC; the store stamps created/updated times from its injected clock.
//   - Errors are *Error values: NotFound when a named thing does not exist,
//     Conflict when a unique name is taken, Invalid when an argument is
//     malformed (with positioned Details for imports), Internal otherwise.
//   - List methods take a Page and return the cursor of the next page, ""
//     after the last one.
type Store interface {
	// Close releases the database.
	Close() error
	// Ping reports whether the database answers (for /readyz).
	Ping(ctx context.Context) error

	CreateQueue(ctx context.Context, actor string, q Queue) (Queue, error)
	Queue(ctx context.Context, name string) (Queue, error)
	ListQueues(ctx context.Context, p Page) ([]Queue, string, error)
	// UpdateQueue changes the channel, time zone and interval of a queue.
	UpdateQueue(ctx context.Context, actor string, q Queue) (Queue, error)
	// DeleteQueue deletes a queue with its history, forecasts, staffing
	// results and schedules.
	DeleteQueue(ctx context.Context, actor, name string) error

	// ImportHistory writes the rows of one queue in one transaction. An
	// interval that exists is replaced: the newest import replaces the
	// values of an interval that exists (Replaced counts them). One bad row
	// (zero start, negative or non-finite count, a start twice) imports
	// nothing: the error is Invalid with a Detail per bad row (capped at
	// MaxDetails), whose Line is the row's Line (or its 1-based index when
	// Line is 0). A missing queue is NotFound unless create is non-nil: then
	// *create (whose Name must be queue) is created in the same transaction;
	// an import that finds the queue created meanwhile by a concurrent one
	// imports into it when it has create's time zone and interval (Conflict
	// otherwise).
	ImportHistory(ctx context.Context, actor, queue string, rows []HistoryInterval, create *Queue) (ImportResult, error)
	// History returns the queue's intervals with from <= Start < to, in time
	// order (a zero from or to leaves that side open).
	History(ctx context.Context, queue string, from, to time.Time) ([]HistoryInterval, error)
	// HistorySummary counts the queue's intervals and gives the first and
	// last start (zero times when there is none).
	HistorySummary(ctx context.Context, queue string) (HistorySummary, error)

	// ImportCalendar upserts special days keyed by (date, queue): the newest
	// import replaces the kind, factor and name of a day that exists.
	// Atomic with positioned errors like ImportHistory.
	ImportCalendar(ctx context.Context, actor string, days []CalendarDay) (ImportResult, error)
	// ReplaceCalendar makes days the whole calendar, every queue's and
	// the all-queue days: days that exist are replaced, new ones inserted
	// and the stored days not among them deleted (counted in Deleted), in
	// one transaction, audited, with ImportCalendar's checks.
	ReplaceCalendar(ctx context.Context, actor string, days []CalendarDay) (ImportResult, error)
	// Calendar returns the special days of queue together with the
	// all-queue days (Queue ""), ordered by date then queue. queue "" returns
	// every day.
	Calendar(ctx context.Context, queue string) ([]CalendarDay, error)
	DeleteCalendarDay(ctx context.Context, actor, date, queue string) error

	// CreateForecast stores a forecast run and its rows; ID, CreatedAt and
	// CreatedBy (= actor) are set by the store.
	CreateForecast(ctx context.Context, actor string, f ForecastRun) (ForecastRun, error)
	// Forecast returns a run with its rows.
	Forecast(ctx context.Context, id int64) (ForecastRun, error)
	// ListForecasts returns runs without rows, newest first; queue "" lists
	// every queue.
	ListForecasts(ctx context.Context, queue string, p Page) ([]ForecastRun, string, error)
	DeleteForecast(ctx context.Context, actor string, id int64) error

	CreateStaffing(ctx context.Context, actor string, s StaffingResult) (StaffingResult, error)
	Staffing(ctx context.Context, id int64) (StaffingResult, error)
	ListStaffing(ctx context.Context, queue string, p Page) ([]StaffingResult, string, error)

	// PutShiftTemplate creates or replaces a named template document.
	PutShiftTemplate(ctx context.Context, actor string, t ShiftTemplate) (ShiftTemplate, error)
	ShiftTemplate(ctx context.Context, name string) (ShiftTemplate, error)
	ListShiftTemplates(ctx context.Context, p Page) ([]ShiftTemplate, string, error)
	DeleteShiftTemplate(ctx context.Context, actor, name string) error

	// CreateSchedule stores a schedule and, when r is not nil, its roster
	// in the same transaction: both are stored or neither, so a failure
	// never leaves a plan that says it was rostered without its roster.
	// The roster is *r tied to the schedule (its Queue and ScheduleID are
	// the schedule's; an empty Name is "schedule N", N the schedule's id),
	// checked and returned as CreateRoster checks and returns one; nil when
	// r is nil. Each of the two is audited.
	CreateSchedule(ctx context.Context, actor string, s Schedule, r *Roster) (Schedule, *Roster, error)
	Schedule(ctx context.Context, id int64) (Schedule, error)
	ListSchedules(ctx context.Context, queue string, p Page) ([]Schedule, string, error)

	// CreateRoster stores a roster: one derived from a schedule
	// (ScheduleID set) or one imported by HR (ScheduleID nil). A roster
	// made with its schedule is stored by CreateSchedule.
	CreateRoster(ctx context.Context, actor string, r Roster) (Roster, error)
	// Roster returns a roster with its shifts ordered by start, agent.
	Roster(ctx context.Context, id int64) (Roster, error)
	// ListRosters returns rosters without shifts, newest first; queue ""
	// lists all.
	ListRosters(ctx context.Context, queue string, p Page) ([]Roster, string, error)

	// ImportAgents replaces the whole agent list in one transaction (the HR
	// file is the truth): agents of the file are inserted or replaced,
	// agents absent from it are deleted (Deleted counts them). Atomic with
	// positioned errors like ImportHistory.
	ImportAgents(ctx context.Context, actor string, agents []Agent) (ImportResult, error)
	Agent(ctx context.Context, id string) (Agent, error)
	// ListAgents returns agents ordered by ID.
	ListAgents(ctx context.Context, p Page) ([]Agent, string, error)

	// CreateToken makes a token for name with role: 32 random bytes, given
	// back once in clear (base64url, prefixed "sc_"); only the SHA-256
	// of the clear token is stored. A name a live (not revoked) token
	// has is a Conflict: the audit log tells who did what by name.
	CreateToken(ctx context.Context, actor, name, role string) (clear string, t Token, err error)
	// TokenByClear finds a token by the hash of its clear text; NotFound
	// when none matches. A revoked token is returned with RevokedAt set:
	// the caller refuses it. LastUsedAt is refreshed at most once a minute.
	TokenByClear(ctx context.Context, clear string) (Token, error)
	ListTokens(ctx context.Context, p Page) ([]Token, string, error)
	// RevokeToken sets RevokedAt; revoking twice keeps the first time.
	RevokeToken(ctx context.Context, actor string, id int64) error

	// CreateScenario stores a scenario document under a unique name
	// (Conflict when the name is taken). The document is stored verbatim,
	// byte for byte; it must be valid JSON (the caller checks its meaning).
	// ID, Version (1), the times and CreatedBy/UpdatedBy (= actor) are set
	// by the store.
	CreateScenario(ctx context.Context, actor string, sc Scenario) (Scenario, error)
	// Scenario returns a scenario with its document.
	Scenario(ctx context.Context, id int64) (Scenario, error)
	// ListScenarios returns scenarios without documents, newest first.
	ListScenarios(ctx context.Context, p Page) ([]Scenario, string, error)
	// UpdateScenario replaces the name and document of scenario sc.ID,
	// adds one to its Version and stamps UpdatedAt and UpdatedBy. When
	// sc.Version is not 0 it must be the stored version: otherwise the
	// scenario changed meanwhile and the error is Stale (a name another
	// scenario has is Conflict).
	UpdateScenario(ctx context.Context, actor string, sc Scenario) (Scenario, error)
	// DeleteScenario deletes scenario id. When version is not 0 it must be
	// the stored version: otherwise nothing is deleted and the error is
	// Stale.
	DeleteScenario(ctx context.Context, actor string, id int64, version int) error

	// Audit lists audit entries, newest first.
	Audit(ctx context.Context, p Page) ([]AuditEntry, string, error)
	// RecordAudit writes one audit entry for an action that changes
	// nothing in the store, such as cancelling a job.
	RecordAudit(ctx context.Context, actor, action, target, detail string) error
}

// MaxDetails caps the Details of an import error.
const MaxDetails = 20

// Page selects one page of a list. Limit 0 means DefaultPageLimit, and a
// limit above MaxPageLimit is lowered to it. Cursor is "" for the first
// page, otherwise the opaque cursor a previous call returned.
type Page struct {
	Limit  int
	Cursor string
}

// Page limits.
const (
	DefaultPageLimit = 100
	MaxPageLimit     = 1000
)

// Queue is a contact queue.
type Queue struct {
	Name     string        `json:"name"`
	Channel  string        `json:"channel"`
	TimeZone string        `json:"time_zone"` // IANA name, "UTC" when empty on create
	Interval time.Duration `json:"interval"`  // planning interval, > 0
	// CreatedAt and UpdatedAt are set by the store.
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// HistoryInterval is one recorded interval of a queue.
type HistoryInterval struct {
	Start      time.Time // instant the interval starts; stored in UTC
	Offered    float64   // contacts offered, >= 0
	Handled    float64   // contacts handled, >= 0
	Abandoned  *float64  // nil when not recorded
	AHTSeconds *float64  // mean handle time in seconds; nil when not recorded
	// Line is the source line for error details; not stored.
	Line int
}

// HistorySummary describes the stored history of a queue.
type HistorySummary struct {
	Intervals   int
	First, Last time.Time
}

// ImportResult counts what an import did.
type ImportResult struct {
	Inserted int `json:"inserted"`
	Replaced int `json:"replaced"`
	// Deleted counts rows removed by a replace-all import (agents, a
	// calendar PUT).
	Deleted int `json:"deleted"`
	// QueueCreated reports that ImportHistory created the queue.
	QueueCreated bool `json:"queue_created,omitempty"`
}

// CalendarDay is a special day of one queue, or of every queue when Queue
// is "".
type CalendarDay struct {
	Date   string   `json:"date"` // YYYY-MM-DD, a local date
	Queue  string   `json:"queue"`
	Kind   string   `json:"kind"`   // closed, holiday or event
	Factor *float64 `json:"factor"` // scales the forecast; nil when not given
	Name   string   `json:"name"`
	// Line is the source line for error details; not stored.
	Line int `json:"-"`
}

// ForecastRun is one stored forecast: its parameters and its rows.
type ForecastRun struct {
	ID       int64         `json:"id"`
	Queue    string        `json:"queue"`
	Start    time.Time     `json:"start"`
	Horizon  time.Duration `json:"horizon"`
	Interval time.Duration `json:"interval"`
	Method   string        `json:"method"`
	// Params holds any further parameters as a JSON object (may be nil).
	Params    json.RawMessage `json:"params,omitempty"`
	CreatedAt time.Time       `json:"created_at"`
	CreatedBy string          `json:"created_by"`
	// Rows are in time order; list methods leave them nil.
	Rows []ForecastRow `json:"rows,omitempty"`
}

// ForecastRow is one forecast interval.
type ForecastRow struct {
	Start            time.Time `json:"interval_start"`
	Volume           float64   `json:"volume"`
	Lower80, Upper80 float64
	Lower95, Upper95 float64
	AHTSeconds       *float64 `json:"aht_seconds"`
	Method           string   `json:"method"`
	// SpecialDay is the special-day rule the row used
	// (forecast.Point.SpecialDay); not stored per row: a stored run keeps
	// it by date in its params ("special_days").
	SpecialDay string `json:"special_day,omitempty"`
}

// StaffingResult is a stored Erlang staffing of a queue, from a forecast
// (ForecastID set) or ad hoc.
type StaffingResult struct {
	ID         int64           `json:"id"`
	Queue      string          `json:"queue"`
	ForecastID *int64          `json:"forecast_id"` // nil when ad hoc or the forecast was deleted
	Params     json.RawMessage `json:"params,omitempty"`
	CreatedAt  time.Time       `json:"created_at"`
	CreatedBy  string          `json:"created_by"`
	Rows       []StaffingRow   `json:"rows,omitempty"`
}

// StaffingRow is the staffing of one interval.
type StaffingRow struct {
	Start           time.Time `json:"interval_start"`
	Volume          float64   `json:"volume"`
	AHTSeconds      float64   `json:"aht_seconds"`
	Agents          int       `json:"agents"`
	ScheduledAgents int       `json:"scheduled_agents"`
	ServiceLevel    float64   `json:"service_level"`
	ASASeconds      float64   `json:"asa_seconds"` // +Inf is stored as NULL and read back as +Inf
	Occupancy       float64   `json:"occupancy"`
	PAbandon        float64   `json:"p_abandon"`
}

// Scenario is a stored scenario document (the JSON the scenario package
// parses, kept as sent) under a unique name. Version counts its writes: 1
// when created, one more per update.
type Scenario struct {
	ID      int64  `json:"id"`
	Name    string `json:"name"`
	Version int    `json:"version"`
	// Document is the scenario as sent; list methods leave it nil.
	Document  json.RawMessage `json:"document,omitempty"`
	CreatedAt time.Time       `json:"created_at"`
	CreatedBy string          `json:"created_by"`
	UpdatedAt time.Time       `json:"updated_at"`
	UpdatedBy string          `json:"updated_by"`
}

// ShiftTemplate is a named shift-template document (the JSON form of the
// templates file).
type ShiftTemplate struct {
	Name      string          `json:"name"`
	Document  json.RawMessage `json:"document"`
	CreatedAt time.Time       `json:"created_at"`
	UpdatedAt time.Time       `json:"updated_at"`
}

// Schedule is a stored scheduling result: its parameters and the plan
// document.
type Schedule struct {
	ID        int64           `json:"id"`
	Queue     string          `json:"queue"`
	Params    json.RawMessage `json:"params,omitempty"`
	Plan      json.RawMessage `json:"plan,omitempty"` // list methods leave it nil
	CreatedAt time.Time       `json:"created_at"`
	CreatedBy string          `json:"created_by"`
}

// Roster is a set of agent shifts.
type Roster struct {
	ID         int64         `json:"id"`
	Queue      string        `json:"queue"`       // "" when not tied to one queue
	ScheduleID *int64        `json:"schedule_id"` // nil for an imported roster
	Name       string        `json:"name"`
	CreatedAt  time.Time     `json:"created_at"`
	CreatedBy  string        `json:"created_by"`
	Shifts     []RosterShift `json:"shifts,omitempty"`
}

// RosterShift is one shift of one agent.
type RosterShift struct {
	AgentID string      `json:"agent_id"`
	Date    string      `json:"date"` // YYYY-MM-DD, the local date the shift starts
	Start   time.Time   `json:"start"`
	End     time.Time   `json:"end"`
	Breaks  []TimeRange `json:"breaks,omitempty"`
}

// Problem says why shift s cannot be stored ("" when it can): it must
// start, end after its start, and hold each break inside it, not empty.
// The store checks it; a schedule job checks its roster with it before it
// stores anything, so that its error names the agent and the date of the
// shift (a roster the store refuses stores its schedule neither).
func (s RosterShift) Problem() string {
	if s.Start.IsZero() || !s.End.After(s.Start) {
		return "end must be after start"
	}
	for _, b := range s.Breaks {
		if b.Start.Before(s.Start) || b.End.After(s.End) || !b.End.After(b.Start) {
			return "a break lies outside the shift or is empty"
		}
	}
	return ""
}

// TimeRange is a half-open span of time [Start, End).
type TimeRange struct {
	Start time.Time `json:"start"`
	End   time.Time `json:"end"`
}

// Agent mirrors csvio/hrio's agents file.
type Agent struct {
	ID           string   `json:"agent_id"`
	Name         string   `json:"name"`
	Skills       []string `json:"skills"`
	MinHoursWeek float64  `json:"min_hours_week"` // 0 = no minimum
	MaxHoursWeek float64  `json:"max_hours_week"` // 0 = no cap
	MaxDaysWeek  int      `json:"max_days_week"`  // 0 = no cap
	// Availability is roster.ParseAvailability's syntax; "" = any time.
	Availability string `json:"availability"`
	// PreferredDaysOff is a list of days as in the file ("sat;sun").
	PreferredDaysOff string    `json:"preferred_days_off"`
	UpdatedAt        time.Time `json:"updated_at"`
	// Line is the source line for error details; not stored.
	Line int `json:"-"`
}

// Token is an API token as stored: never its clear text.
type Token struct {
	ID         int64      `json:"id"`
	Name       string     `json:"name"`
	Role       string     `json:"role"`
	CreatedAt  time.Time  `json:"created_at"`
	LastUsedAt *time.Time `json:"last_used_at"`
	RevokedAt  *time.Time `json:"revoked_at"`
}

// AuditEntry is one line of the audit log: who did what to what, when.
type AuditEntry struct {
	ID     int64     `json:"id"`
	At     time.Time `json:"at"`
	Actor  string    `json:"actor"`
	Action string    `json:"action"` // e.g. "history.import", "token.create"
	Target string    `json:"target"` // e.g. "queue/bank", "token/3"
	Detail string    `json:"detail"`
}
