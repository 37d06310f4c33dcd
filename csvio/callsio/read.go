package callsio

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/staffcast/staffcast/calib"
	"github.com/staffcast/staffcast/csvio"
)

// MaxProblems caps Report.Problems; Report.Skipped counts them all.
const MaxProblems = 20

// maxLine caps a line's length in bytes; a longer line is a malformed row.
const maxLine = 64 << 10

// Errors of a row; each reaches the caller wrapped in a *csvio.ParseError.
var (
	ErrOutcome = errors.New("callsio: outcome must be AGENT, HANG or PHANTOM")
	ErrClock   = errors.New("callsio: not a clock time H:MM:SS")
	ErrDate    = errors.New("callsio: not a date YYMMDD")
	ErrLong    = errors.New("callsio: line too long")
	// ErrNoHeader is a file without a header line.
	ErrNoHeader = errors.New("callsio: empty file, a header line is required")
)

// required are the columns Read needs.
var required = [...]string{"date", "vru_entry", "q_start", "q_time", "outcome", "ser_start", "ser_time", "server"}

// Report says what Read kept and skipped.
type Report struct {
	Rows    int // data rows read (blank lines aside)
	Calls   int // rows returned
	Skipped int // malformed rows skipped
	// Problems are the first MaxProblems malformed rows, in file order.
	Problems []*csvio.ParseError
}

// Read reads every well-formed row of r. It fails only when the header is
// missing or lacks a required column (a *csvio.ParseError on line 1) or
// reading fails; malformed rows are skipped and reported.
func Read(r io.Reader) ([]calib.Call, Report, error) {
	var rep Report
	br := bufio.NewReaderSize(r, 64<<10)
	head, long, err := readLine(br)
	if err != nil && err != io.EOF {
		return nil, rep, err
	}
	if len(bytes.TrimSpace(head)) == 0 && err == io.EOF {
		return nil, rep, &csvio.ParseError{Line: 1, Err: ErrNoHeader}
	}
	if long {
		return nil, rep, &csvio.ParseError{Line: 1, Err: ErrLong}
	}
	cols, err := header(head)
	if err != nil {
		return nil, rep, err
	}
	var calls []calib.Call
	fields := make([]string, 0, 32)
	for line := 2; ; line++ {
		b, long, rerr := readLine(br)
		if rerr != nil && rerr != io.EOF {
			return nil, rep, rerr
		}
		if long || len(bytes.TrimSpace(b)) > 0 {
			rep.Rows++
			var c calib.Call
			var perr *csvio.ParseError
			if long {
				perr = &csvio.ParseError{Line: line, Err: ErrLong}
			} else {
				fields = split(fields[:0], b)
				c, perr = cols.call(fields, line)
			}
			if perr != nil {
				rep.Skipped++
				if len(rep.Problems) < MaxProblems {
					rep.Problems = append(rep.Problems, perr)
				}
			} else {
				calls = append(calls, c)
			}
		}
		if rerr == io.EOF {
			break
		}
	}
	rep.Calls = len(calls)
	return calls, rep, nil
}

// readLine returns the next line without its line ending; long reports a
// line over maxLine bytes, whose rest is consumed and dropped.
func readLine(br *bufio.Reader) (line []byte, long bool, err error) {
	var buf []byte
	for {
		chunk, err := br.ReadSlice('\n')
		if len(buf)+len(chunk) <= maxLine {
			buf = append(buf, chunk...)
		} else {
			long = true
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		buf = bytes.TrimRight(buf, "\r\n")
		return buf, long, err
	}
}

// split cuts a line at tabs and trims the spaces of every field.
func split(dst []string, b []byte) []string {
	for _, f := range bytes.Split(b, []byte{'\t'}) {
		dst = append(dst, strings.TrimSpace(string(f)))
	}
	return dst
}

// columns maps each required column to its index in a row.
type columns struct {
	idx   map[string]int
	names []string
}

func header(b []byte) (columns, error) {
	c := columns{idx: map[string]int{}}
	for i, h := range split(nil, b) {
		name := strings.ToLower(strings.TrimPrefix(h, "\ufeff"))
		c.names = append(c.names, name)
		if _, dup := c.idx[name]; dup && name != "" {
			return c, &csvio.ParseError{Line: 1, Column: i + 1, Field: name, Err: fmt.Errorf("%w column %q in header", csvio.ErrDuplicate, name)}
		}
		c.idx[name] = i
	}
	for _, want := range required {
		if _, ok := c.idx[want]; !ok {
			return c, &csvio.ParseError{Line: 1, Field: want, Err: fmt.Errorf("%w %q (header has %s)", csvio.ErrMissingColumn, want, strings.Join(c.names, ","))}
		}
	}
	return c, nil
}

// row reads the fields of one record, remembering the first problem.
type row struct {
	cols   *columns
	f      []string
	line   int
	err    *csvio.ParseError
	day    time.Time
	anchor time.Time // vru_entry: clock times long before it are next day's
}

func (r *row) fail(name string, err error) {
	if r.err == nil {
		r.err = &csvio.ParseError{Line: r.line, Column: r.cols.idx[name] + 1, Field: name, Err: err}
	}
}

func (r *row) get(name string) string { return r.f[r.cols.idx[name]] }

// seconds parses a non-negative whole number of seconds.
func (r *row) seconds(name string) time.Duration {
	s := r.get(name)
	v, err := strconv.Atoi(s)
	switch {
	case s == "":
		r.fail(name, csvio.ErrEmpty)
	case err != nil:
		r.fail(name, fmt.Errorf("%w: %q", csvio.ErrNotNumber, s))
	case v < 0:
		r.fail(name, fmt.Errorf("%w: %s", csvio.ErrNegative, s))
	case v > 7*86400:
		r.fail(name, fmt.Errorf("%w: %s s is above a week", csvio.ErrTooLarge, s))
	default:
		return time.Duration(v) * time.Second
	}
	return 0
}

// clock parses H:MM:SS as a duration since midnight.
func (r *row) clock(name string) (time.Duration, bool) {
	s := r.get(name)
	p := strings.Split(s, ":")
	if len(p) != 3 || len(p[1]) != 2 || len(p[2]) != 2 || len(p[0]) < 1 || len(p[0]) > 2 {
		r.fail(name, fmt.Errorf("%w: %q", ErrClock, s))
		return 0, false
	}
	h, e1 := strconv.Atoi(p[0])
	m, e2 := strconv.Atoi(p[1])
	sec, e3 := strconv.Atoi(p[2])
	if e1 != nil || e2 != nil || e3 != nil || h < 0 || h > 23 || m < 0 || m > 59 || sec < 0 || sec > 59 {
		r.fail(name, fmt.Errorf("%w: %q", ErrClock, s))
		return 0, false
	}
	return time.Duration(h)*time.Hour + time.Duration(m)*time.Minute + time.Duration(sec)*time.Second, true
}

// at is the clock time of the named column on the call's day, or the next
// day when it falls more than 12 hours before vru_entry.
func (r *row) at(name string) time.Time {
	d, ok := r.clock(name)
	if !ok {
		return time.Time{}
	}
	t := r.day.Add(d)
	if !r.anchor.IsZero() && r.anchor.Sub(t) > 12*time.Hour {
		t = t.AddDate(0, 0, 1)
	}
	return t
}

func (r *row) date() {
	s := r.get("date")
	if len(s) != 6 {
		r.fail("date", fmt.Errorf("%w: %q", ErrDate, s))
		return
	}
	v, err := strconv.Atoi(s)
	if err != nil || v < 0 {
		r.fail("date", fmt.Errorf("%w: %q", ErrDate, s))
		return
	}
	y, m, d := v/10000, v/100%100, v%100
	if y < 70 {
		y += 2000
	} else {
		y += 1900
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if m < 1 || m > 12 || d < 1 || t.Day() != d {
		r.fail("date", fmt.Errorf("%w: %q", ErrDate, s))
		return
	}
	r.day = t
}

// call turns the fields of line into a Call, or names the first bad field.
func (c *columns) call(f []string, line int) (calib.Call, *csvio.ParseError) {
	if len(f) != len(c.names) {
		return calib.Call{}, &csvio.ParseError{Line: line, Err: fmt.Errorf("%w: %d, the header has %d", csvio.ErrFieldCount, len(f), len(c.names))}
	}
	r := row{cols: c, f: f, line: line}
	call := calib.Call{Line: line}
	switch strings.ToUpper(r.get("outcome")) {
	case "AGENT":
		call.Outcome = calib.Answered
	case "HANG":
		call.Outcome = calib.Abandoned
	case "PHANTOM":
		call.Outcome = calib.Phantom
	default:
		r.fail("outcome", fmt.Errorf("%w, got %q", ErrOutcome, r.get("outcome")))
	}
	r.date()
	if r.err != nil {
		return calib.Call{}, r.err
	}
	r.anchor = r.at("vru_entry")
	qStart, qClock := r.at("q_start"), r.get("q_start")
	qTime := r.seconds("q_time")
	if r.err == nil && !(qTime == 0 && isMidnight(qClock)) {
		call.QueueStart, call.QueueExit = qStart, qStart.Add(qTime)
	}
	if call.Outcome == calib.Answered {
		call.ServiceStart = r.at("ser_start")
		call.ServiceEnd = call.ServiceStart.Add(r.seconds("ser_time"))
		if a := r.get("server"); a != "" && !strings.EqualFold(a, "NO_SERVER") {
			call.Agent = a
		}
	}
	if i, ok := c.idx["type"]; ok {
		call.Type = strings.ToUpper(f[i])
	}
	if i, ok := c.idx["priority"]; ok && f[i] != "" {
		v, err := strconv.Atoi(f[i])
		if err != nil || v < 0 || v > 9 {
			r.fail("priority", fmt.Errorf("%w: %q is not a priority 0-9", csvio.ErrNotNumber, f[i]))
		}
		call.Priority = v
	}
	if r.err != nil {
		return calib.Call{}, r.err
	}
	return call, nil
}

func isMidnight(s string) bool { return s == "0:00:00" || s == "00:00:00" }
