package hrio

import (
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/staffcast/staffcast/csvio"
	"github.com/staffcast/staffcast/scheduler/roster"
)

// Errors about HR files.
var (
	ErrNoAgents = errors.New("hrio: agents file has no rows")
	ErrHours    = errors.New("hrio: hours a week must be a number from 0 to 168")
	ErrDays     = errors.New("hrio: days a week must be a whole number from 1 to 7")
	ErrMinMax   = errors.New("hrio: minimum hours a week above the maximum")
	ErrID       = errors.New("hrio: agent id must be non-empty and printable")
	ErrClock    = errors.New("hrio: bad time of day")
	ErrDate     = errors.New("hrio: date must be YYYY-MM-DD")
	ErrShift    = errors.New("hrio: impossible shift")
	ErrBreak    = errors.New("hrio: impossible break")
	ErrOverlap  = errors.New("hrio: shifts of one agent overlap")
	ErrNoShifts = errors.New("hrio: shifts file has no rows")
	ErrNoEvents = errors.New("hrio: a calendar needs at least one event")
	ErrWeekdays = errors.New("hrio: bad days")
)

// Columns of the agents CSV. preferred_days_off is optional.
var agentColumns = []string{"agent_id", "name", "skills", "min_hours_week", "max_hours_week", "max_days_week", "availability"}

// ReadAgents reads the agents CSV:
//
//	agent_id,name,skills,min_hours_week,max_hours_week,max_days_week,availability[,preferred_days_off]
//
// skills is a list separated by ";" or "," (compared case-insensitively,
// so stored lower-case); hours are numbers of hours (37.5); empty
// min_hours_week is 0, empty max_hours_week and max_days_week mean no cap;
// availability is roster.ParseAvailability's syntax ("mon-fri 08:00-20:00;
// sat 09:00-13:00"), empty meaning any time; preferred_days_off is a list
// of days ("sat;sun", "sat-sun"). Ids must be unique. Either every agent
// is returned or an error naming the line and column of every bad row (a
// *csvio.RowErrors).
func ReadAgents(r io.Reader) ([]roster.Agent, error) {
	rd, err := csvio.NewReader(r, agentColumns...)
	if err != nil {
		return nil, err
	}
	var agents []roster.Agent
	var bad csvio.RowErrors
	seen := map[string]int{}
	for {
		if err := rd.Next(); err == io.EOF {
			break
		} else if err != nil {
			bad.Add(rd.Line(), err)
			if csvio.RecordRead(err) {
				continue
			}
			break // a malformed record: the reader cannot be trusted past it
		}
		a, err := readAgent(rd)
		if err != nil {
			bad.Add(rd.Line(), err)
			continue
		}
		if prev, dup := seen[a.ID]; dup {
			bad.Add(rd.Line(), rd.Errorf("agent_id", fmt.Errorf("%w agent id %q, first on line %d", csvio.ErrDuplicate, a.ID, prev)))
			continue
		}
		seen[a.ID] = rd.Line()
		agents = append(agents, a)
	}
	if err := bad.Err(); err != nil {
		return nil, err
	}
	if len(agents) == 0 {
		return nil, &csvio.ParseError{Line: 1, Err: ErrNoAgents}
	}
	return agents, nil
}

func readAgent(rd *csvio.Reader) (roster.Agent, error) {
	a := roster.Agent{ID: rd.Get("agent_id"), Name: rd.Get("name")}
	if err := checkID(a.ID); err != nil {
		return a, rd.Errorf("agent_id", err)
	}
	for _, s := range strings.FieldsFunc(rd.Get("skills"), func(r rune) bool { return r == ';' || r == ',' }) {
		if s = strings.ToLower(strings.TrimSpace(s)); s != "" {
			a.Skills = append(a.Skills, s)
		}
	}
	var err error
	if a.MinPerWeek, err = hours(rd, "min_hours_week"); err != nil {
		return a, err
	}
	if a.MaxPerWeek, err = hours(rd, "max_hours_week"); err != nil {
		return a, err
	}
	if a.MaxPerWeek > 0 && a.MinPerWeek > a.MaxPerWeek {
		return a, rd.Errorf("min_hours_week", fmt.Errorf("%w: %s > %s", ErrMinMax, rd.Get("min_hours_week"), rd.Get("max_hours_week")))
	}
	if s := rd.Get("max_days_week"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 7 {
			return a, rd.Errorf("max_days_week", fmt.Errorf("%w (empty for no cap), got %q", ErrDays, s))
		}
		a.MaxDaysPerWeek = n
	}
	if a.Availability, err = roster.ParseAvailability(rd.Get("availability")); err != nil {
		return a, rd.Errorf("availability", err)
	}
	if s := rd.Get("preferred_days_off"); s != "" {
		days, err := roster.ParseDays(strings.ReplaceAll(s, ";", ","))
		if err != nil {
			return a, rd.Errorf("preferred_days_off", fmt.Errorf("%w: %v", ErrWeekdays, err))
		}
		a.PreferredDaysOff = days
	}
	return a, nil
}

// hours reads an optional number of hours a week; empty is zero.
func hours(rd *csvio.Reader, col string) (time.Duration, error) {
	s := rd.Get(col)
	if s == "" {
		return 0, nil
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || v < 0 || v > 168 {
		return 0, rd.Errorf(col, fmt.Errorf("%w, got %q", ErrHours, s))
	}
	return time.Duration(math.Round(v * float64(time.Hour))), nil
}

// checkID accepts ids that can name a file and a calendar: printable, no
// surrounding space (the reader trims), at most 128 bytes.
func checkID(id string) error {
	if id == "" || len(id) > 128 {
		return fmt.Errorf("%w, got %q", ErrID, id)
	}
	for _, r := range id {
		if r < 0x20 || r == 0x7f || r == 0xfffd {
			return fmt.Errorf("%w, got %q", ErrID, id)
		}
	}
	// Ids are written into every roster, agents and plan CSV, where a
	// spreadsheet would run one starting so as a formula (CSV injection).
	if strings.ContainsRune("=+@", rune(id[0])) {
		return fmt.Errorf("%w: %q starts with %q, which a spreadsheet would read as a formula", ErrID, id, id[:1])
	}
	return nil
}
