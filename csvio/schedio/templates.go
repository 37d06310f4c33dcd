package schedio

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/staffcast/staffcast/internal/jsonerr"
	"github.com/staffcast/staffcast/scheduler"
)

// TemplateFile is the content of a shift templates JSON file.
type TemplateFile struct {
	// Interval is the planning grid the file was written for; 0 when the
	// file does not say. A caller checks it against the requirements'.
	Interval  time.Duration
	Cyclic    bool // the horizon is a repeating week
	Weights   scheduler.Weights
	Templates []scheduler.Template
}

// ErrTemplates wraps every problem in a templates file.
var ErrTemplates = errors.New("schedio: bad templates file")

// ErrNoWork is a template whose breaks leave no working time in its
// shortest shift; it also matches ErrTemplates.
var ErrNoWork = errors.New("schedio: breaks leave no working time")

// MaxWeight bounds each weight: larger ones only make the objective
// overflow its float precision (1e308 printed as -922337203685477.6).
const MaxWeight = 1e6

type rawFile struct {
	Interval  string            `json:"interval"`
	Cyclic    bool              `json:"cyclic"`
	Weights   *rawWeights       `json:"weights"`
	Templates []json.RawMessage `json:"templates"`
}

type rawWeights struct {
	Shortage      *float64 `json:"shortage"`
	Excess        *float64 `json:"excess"`
	DistinctShift *float64 `json:"distinct_shift"`
	PaidHour      *float64 `json:"paid_hour"`
}

type rawTemplate struct {
	Name          string     `json:"name"`
	StartEarliest string     `json:"start_earliest"`
	StartLatest   string     `json:"start_latest"`
	StartStep     string     `json:"start_step"`
	LengthMin     string     `json:"length_min"`
	LengthMax     string     `json:"length_max"`
	LengthStep    string     `json:"length_step"`
	Days          []string   `json:"days"`
	Breaks        []rawBreak `json:"breaks"`
	MaxCount      int        `json:"max_count"`
}

type rawBreak struct {
	Length             string `json:"length"`
	Paid               bool   `json:"paid"`
	EarliestAfterStart string `json:"earliest_after_start"`
	LatestAfterStart   string `json:"latest_after_start"`
}

// ReadTemplates reads a shift templates file:
//
//	{"interval": "30m", "cyclic": true,
//	 "weights": {"shortage": 1, "excess": 1, "distinct_shift": 30, "paid_hour": 0},
//	 "templates": [{"name": "early", "start_earliest": "05:00", "start_latest": "08:00",
//	   "start_step": "30m", "length_min": "7h", "length_max": "9h", "length_step": "30m",
//	   "days": ["mon", "tue"], "breaks": [{"length": "30m", "paid": false,
//	   "earliest_after_start": "3h", "latest_after_start": "5h"}], "max_count": 0}]}
//
// Times of day are "HH:MM"; durations are Go durations ("30m", "7h30m");
// days are "mon".."sun" (absent: every day); steps default to the planning
// interval. Absent weights are shortage 1, excess 1, distinct_shift 0,
// paid_hour 0. Unknown fields are errors; every error names the template
// (by name, or #n) and the field. Windows are checked against a grid by
// scheduler.Problem.Validate once the requirements are known.
func ReadTemplates(r io.Reader) (TemplateFile, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return TemplateFile{}, err
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return TemplateFile{}, fmt.Errorf("%w: empty: want a JSON object like {\"templates\": [...]}", ErrTemplates)
	}
	var raw rawFile
	if err := strictDecode(data, &raw); err != nil {
		return TemplateFile{}, fmt.Errorf("%w: %v", ErrTemplates, jsonPos(data, err))
	}
	var out TemplateFile
	out.Cyclic = raw.Cyclic
	if raw.Interval != "" {
		if out.Interval, err = parseDuration(raw.Interval); err != nil || out.Interval <= 0 {
			return TemplateFile{}, fmt.Errorf("%w: interval: %q is not a positive duration like \"30m\"", ErrTemplates, raw.Interval)
		}
	}
	out.Weights = scheduler.Weights{Shortage: 1, Excess: 1}
	if w := raw.Weights; w != nil {
		for _, f := range []struct {
			name string
			src  *float64
			dst  *float64
		}{{"shortage", w.Shortage, &out.Weights.Shortage}, {"excess", w.Excess, &out.Weights.Excess},
			{"distinct_shift", w.DistinctShift, &out.Weights.DistinctShift}, {"paid_hour", w.PaidHour, &out.Weights.PaidHour}} {
			if f.src == nil {
				continue
			}
			if *f.src < 0 {
				return TemplateFile{}, fmt.Errorf("%w: weights.%s: %v is negative", ErrTemplates, f.name, *f.src)
			}
			if *f.src > MaxWeight {
				return TemplateFile{}, fmt.Errorf("%w: weights.%s: %v is above the limit of %v", ErrTemplates, f.name, *f.src, MaxWeight)
			}
			*f.dst = *f.src
		}
	}
	if len(raw.Templates) == 0 {
		return TemplateFile{}, fmt.Errorf("%w: templates: none given", ErrTemplates)
	}
	seen := map[string]bool{}
	for i, msg := range raw.Templates {
		t, err := parseTemplate(msg, i)
		if err != nil {
			return TemplateFile{}, fmt.Errorf("%w: %w", ErrTemplates, err)
		}
		if seen[t.Name] {
			return TemplateFile{}, fmt.Errorf("%w: %w", ErrTemplates, &scheduler.TemplateError{Template: t.Name, Field: "name", Err: errors.New("used twice")})
		}
		seen[t.Name] = true
		out.Templates = append(out.Templates, t)
	}
	return out, nil
}

func strictDecode(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		if f, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
			return fmt.Errorf("unknown field %s", f)
		}
		return err
	}
	if dec.More() {
		return errors.New("extra data after the JSON object")
	}
	return nil
}

// jsonPos adds the line to encoding/json's syntax and type errors, and
// says a type error in plain words (typeError).
func jsonPos(data []byte, err error) error {
	var off int64 = -1
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		off = se.Offset
	case errors.As(err, &te):
		off = te.Offset
		path, msg := typeError(data, te)
		if path == "" {
			msg = fmt.Errorf("want a JSON object like {\"templates\": [...]}, got %s", jsonerr.Got(te.Value))
		} else {
			msg = fmt.Errorf("%s: %w", path, msg)
		}
		err = msg
	}
	if off < 0 || off > int64(len(data)) {
		return err
	}
	return fmt.Errorf("line %d: %v", 1+bytes.Count(data[:off], []byte("\n")), err)
}

// fieldWants says what the fields of a templates file take, where the JSON
// type alone ("a string") says too little.
var fieldWants = map[string]string{
	"interval":       `a string like "30m"`,
	"start_earliest": `a string like "07:00"`, "start_latest": `a string like "07:00"`,
	"start_step": `a string like "30m"`, "length_min": `a string like "8h"`, "length_max": `a string like "8h"`,
	"length_step": `a string like "30m"`, "length": `a string like "30m"`,
	"earliest_after_start": `a string like "2h"`, "latest_after_start": `a string like "4h"`,
	"days": `an array like ["mon", "tue"]`,
}

// typeError is a JSON type error of data in plain words: the path of the
// field and what it wants and got, such as start_earliest and `want a
// string like "07:00", got a number`.
func typeError(data []byte, te *json.UnmarshalTypeError) (string, error) {
	path, want, got := jsonerr.TypeError(data, te)
	name := path[strings.LastIndex(path, ".")+1:]
	if w, ok := fieldWants[name]; ok && !strings.HasSuffix(name, "]") {
		want = w
	}
	return path, fmt.Errorf("want %s, got %s", want, got)
}

func parseTemplate(msg json.RawMessage, i int) (scheduler.Template, error) {
	var named struct {
		Name string `json:"name"`
	}
	_ = json.Unmarshal(msg, &named) // only to name the template in errors
	label := named.Name
	if label == "" {
		label = "#" + strconv.Itoa(i+1)
	}
	fail := func(field string, err error) error {
		return &scheduler.TemplateError{Template: label, Field: field, Err: err}
	}
	var rt rawTemplate
	if err := strictDecode(msg, &rt); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			path, msg := typeError(msg, te)
			if path == "" {
				path = fmt.Sprintf("templates[%d]", i)
			}
			return scheduler.Template{}, fail(path, msg)
		}
		return scheduler.Template{}, fail("fields", err)
	}
	if strings.TrimSpace(rt.Name) == "" {
		return scheduler.Template{}, fail("name", errors.New("missing"))
	}
	t := scheduler.Template{Name: rt.Name, MaxCount: rt.MaxCount}
	var err error
	clock := []struct {
		field string
		src   string
		dst   *time.Duration
	}{{"start_earliest", rt.StartEarliest, &t.StartEarliest}, {"start_latest", rt.StartLatest, &t.StartLatest}}
	for _, c := range clock {
		if *c.dst, err = parseClock(c.src); err != nil {
			return scheduler.Template{}, fail(c.field, err)
		}
	}
	durs := []struct {
		field    string
		src      string
		dst      *time.Duration
		optional bool
	}{{"start_step", rt.StartStep, &t.StartStep, true}, {"length_min", rt.LengthMin, &t.LengthMin, false},
		{"length_max", rt.LengthMax, &t.LengthMax, false}, {"length_step", rt.LengthStep, &t.LengthStep, true}}
	for _, d := range durs {
		if d.src == "" && d.optional {
			continue
		}
		if *d.dst, err = parseDuration(d.src); err != nil {
			return scheduler.Template{}, fail(d.field, err)
		}
	}
	for j, d := range rt.Days {
		wd, ok := weekdays[strings.ToLower(strings.TrimSpace(d))]
		if !ok {
			return scheduler.Template{}, fail(fmt.Sprintf("days[%d]", j), fmt.Errorf("%q is not one of mon, tue, wed, thu, fri, sat, sun", d))
		}
		t.Days = append(t.Days, wd)
	}
	for j, b := range rt.Breaks {
		var br scheduler.BreakRule
		br.Paid = b.Paid
		for _, d := range []struct {
			field string
			src   string
			dst   *time.Duration
		}{{"length", b.Length, &br.Length}, {"earliest_after_start", b.EarliestAfterStart, &br.EarliestAfterStart}, {"latest_after_start", b.LatestAfterStart, &br.LatestAfterStart}} {
			if *d.dst, err = parseDuration(d.src); err != nil {
				return scheduler.Template{}, fail(fmt.Sprintf("breaks[%d].%s", j, d.field), err)
			}
		}
		t.Breaks = append(t.Breaks, br)
	}
	var total time.Duration
	for j, br := range t.Breaks {
		field := fmt.Sprintf("templates[%d].breaks[%d]", i, j)
		total += br.Length
		switch {
		case br.Length <= 0:
			return scheduler.Template{}, fail(field+".length", fmt.Errorf("%w: a break must last more than 0", ErrNoWork))
		case t.LengthMin > 0 && br.Length >= t.LengthMin:
			return scheduler.Template{}, fail(field, fmt.Errorf("%w: a %v break fills the whole %v shortest shift", ErrNoWork, br.Length, t.LengthMin))
		case t.LengthMin > 0 && total >= t.LengthMin:
			return scheduler.Template{}, fail(field, fmt.Errorf("%w: breaks[0..%d] add up to %v, the whole %v shortest shift", ErrNoWork, j, total, t.LengthMin))
		}
	}
	if t.MaxCount < 0 {
		return scheduler.Template{}, fail("max_count", fmt.Errorf("%d is negative", t.MaxCount))
	}
	return t, nil
}

var weekdays = map[string]time.Weekday{
	"sun": time.Sunday, "mon": time.Monday, "tue": time.Tuesday, "wed": time.Wednesday,
	"thu": time.Thursday, "fri": time.Friday, "sat": time.Saturday,
}

// WeekdayName is the three-letter lower-case name used in files ("mon").
func WeekdayName(d time.Weekday) string {
	return strings.ToLower(d.String()[:3])
}

// parseClock reads a time of day "HH:MM" in [00:00, 23:59].
func parseClock(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	h, m, ok := strings.Cut(s, ":")
	hh, err1 := strconv.Atoi(h)
	mm, err2 := strconv.Atoi(m)
	if !ok || err1 != nil || err2 != nil || len(m) != 2 || hh < 0 || hh > 23 || mm < 0 || mm > 59 {
		return 0, fmt.Errorf("%q is not a time of day like \"05:00\"", s)
	}
	return time.Duration(hh)*time.Hour + time.Duration(mm)*time.Minute, nil
}

func parseDuration(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, errors.New("missing (a duration like \"30m\" or \"7h30m\")")
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < 0 {
		return 0, fmt.Errorf("%q is not a duration like \"30m\" or \"7h30m\"", s)
	}
	return d, nil
}

// FormatClock writes an offset from midnight as "HH:MM"; offsets past
// midnight keep counting ("25:30") unless wrapped by the caller.
func FormatClock(d time.Duration) string {
	m := int(d / time.Minute)
	return fmt.Sprintf("%02d:%02d", m/60, m%60)
}
