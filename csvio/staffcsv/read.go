package staffcsv

import (
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/staffcast/staffcast/csvio"
)

// Column names.
const (
	ColStart  = "interval_start"
	ColQueue  = "queue"
	ColVolume = "volume"
	ColAHT    = "aht_seconds"
)

// Errors beyond csvio's; match them with errors.Is.
var (
	ErrNoAHT       = errors.New("staffcsv: no handle time: aht_seconds is empty or absent and no default was given")
	ErrAHT         = errors.New("staffcsv: handle time must be positive")
	ErrNoRows      = errors.New("staffcsv: no rows after the header")
	ErrNoInterval  = errors.New("staffcsv: cannot infer the interval length (need two intervals of one queue)")
	ErrTooManyRows = errors.New("staffcsv: too many rows")
)

// MaxRows bounds a workload file: ten years of 5-minute intervals for ten
// queues.
const MaxRows = 10_000_000

// MaxVolume bounds one row's volume: more than a billion contacts in an
// interval is a units or export mistake.
const MaxVolume = 1e9

// Row is one interval of one queue.
type Row struct {
	Line   int       // line in the file
	Start  time.Time // interval start
	Queue  string    // "" when the file has no queue column
	Volume float64   // contacts offered
	AHT    time.Duration
	// Fields are the row's values for Workload.Header, trimmed.
	Fields []string
}

// Workload is a whole file.
type Workload struct {
	// Header is the input's header, lower-cased, with any column that
	// Write adds (agents, service_level, …) removed, so that staffing a
	// staffed file replaces the old figures.
	Header []string
	Rows   []Row
}

// Options tune Read.
type Options struct {
	// DefaultAHT is used when a row's aht_seconds is empty or the column is
	// absent. Zero means there is no default and such a row is an error.
	DefaultAHT time.Duration
	// Location is the time zone of timestamps without offset; nil is UTC.
	Location *time.Location
}

// Read reads a workload file. Duplicate (queue, interval_start) pairs,
// negative, non-numeric or absurd volumes (above MaxVolume), handle times
// not in (0, 24h], dates outside csvio.MinYear..MaxYear and rows with the
// wrong number of fields are errors naming their line and column.
func Read(r io.Reader, opt Options) (*Workload, error) {
	rd, err := csvio.NewReader(r, ColStart, ColVolume)
	if err != nil {
		return nil, err
	}
	wl := &Workload{}
	wl.Header, err = readRows(rd, opt, OutputColumns, func(row Row) error {
		wl.Rows = append(wl.Rows, row)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if err := wl.checkDuplicates(rd.Column(ColStart)); err != nil {
		return nil, err
	}
	return wl, nil
}

// readRows reads every record of rd as a Row (start, queue, volume, handle
// time) whose Fields are the header's columns other than drop, and passes
// it to add (which may read more of the current record from rd). It
// returns the kept header. Too many rows, no rows and bad fields are
// errors naming their line and column.
func readRows(rd *csvio.Reader, opt Options, drop []string, add func(Row) error) ([]string, error) {
	header := rd.Header()
	var kept []string
	var keep []int // header positions copied to the output
	for i, h := range header {
		if !slices.Contains(drop, h) {
			kept = append(kept, h)
			keep = append(keep, i)
		}
	}
	var backing []string
	n := 0
	for ; ; n++ {
		err := rd.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		if n >= MaxRows {
			return nil, &csvio.ParseError{Line: rd.Line(), Err: fmt.Errorf("%w (more than %d)", ErrTooManyRows, MaxRows)}
		}
		row := Row{Line: rd.Line(), Queue: rd.Get(ColQueue)}
		if row.Start, err = rd.Time(ColStart, opt.Location); err != nil {
			return nil, err
		}
		if err := csvio.CheckLocalTime(rd.Get(ColStart), row.Start, opt.Location); err != nil {
			return nil, rd.Errorf(ColStart, err) // Go would move it an hour earlier
		}
		if row.Volume, err = rd.Bounded(ColVolume, MaxVolume); err != nil {
			return nil, err
		}
		if row.AHT, err = readAHT(rd, opt.DefaultAHT); err != nil {
			return nil, err
		}
		// Rows share backing arrays, allocated a thousand rows at a time.
		if len(backing) < len(keep) {
			backing = make([]string, 1024*len(keep))
		}
		row.Fields, backing = backing[:len(keep):len(keep)], backing[len(keep):]
		for j, i := range keep {
			row.Fields[j] = rd.Get(header[i])
		}
		if err := add(row); err != nil {
			return nil, err
		}
	}
	if n == 0 {
		return nil, &csvio.ParseError{Line: 2, Err: ErrNoRows}
	}
	return kept, nil
}

// checkDuplicates reports the second row of a (queue, interval_start) pair
// seen twice. Sorting row indices is cheaper than hashing every row.
func (wl *Workload) checkDuplicates(col int) error {
	idx := wl.byQueueTime()
	for k := 1; k < len(idx); k++ {
		a, b := &wl.Rows[idx[k-1]], &wl.Rows[idx[k]]
		if a.Queue == b.Queue && a.Start.Equal(b.Start) {
			if b.Line < a.Line {
				a, b = b, a
			}
			return &csvio.ParseError{Line: b.Line, Column: col, Field: ColStart,
				Err: fmt.Errorf("%w interval %s for queue %q (first on line %d)", csvio.ErrDuplicate, b.Start.Format(time.RFC3339), b.Queue, a.Line)}
		}
	}
	return nil
}

// byQueueTime returns the row indices ordered by queue, then start.
func (wl *Workload) byQueueTime() []int {
	idx := make([]int, len(wl.Rows))
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(i, j int) int {
		a, b := &wl.Rows[i], &wl.Rows[j]
		if c := strings.Compare(a.Queue, b.Queue); c != 0 {
			return c
		}
		return a.Start.Compare(b.Start)
	})
	return idx
}

func readAHT(rd *csvio.Reader, def time.Duration) (time.Duration, error) {
	v, ok, err := rd.OptionalNonNegative(ColAHT)
	if err != nil {
		return 0, err
	}
	if !ok {
		if def <= 0 {
			return 0, rd.Errorf(ColAHT, ErrNoAHT)
		}
		return def, nil
	}
	// A day-long handle time is a units mistake (minutes or milliseconds?).
	if v <= 0 || v > 86400 || math.IsNaN(v) {
		return 0, rd.Errorf(ColAHT, fmt.Errorf("%w and at most a day, got %s", ErrAHT, rd.Get(ColAHT)))
	}
	return time.Duration(math.Round(v * 1e9)), nil
}

// Interval infers the workload's interval length with
// csvio.InferCommonInterval: per queue, the most common gap between
// consecutive interval starts, not the smallest, so one mistyped timestamp
// (10:15 in a half-hourly file) does not halve every interval; each start
// off the grid comes back as a warning naming its line, for the caller to
// show. Queues with different intervals (an hourly queue beside a
// half-hourly one) are an error naming both (csvio.ErrIntervalQueues);
// too many starts off the grid is csvio.ErrIntervalMixed; no queue with
// two intervals is ErrNoInterval (which also matches csvio.ErrNoInterval).
func (wl *Workload) Interval() (time.Duration, []csvio.Warning, error) {
	idx := wl.byQueueTime()
	var qs []csvio.QueueStarts
	for k, i := range idx {
		r := &wl.Rows[i]
		if k == 0 || r.Queue != wl.Rows[idx[k-1]].Queue {
			qs = append(qs, csvio.QueueStarts{Queue: r.Queue})
		}
		q := &qs[len(qs)-1]
		q.Starts = append(q.Starts, r.Start)
		q.Lines = append(q.Lines, r.Line)
	}
	iv, warns, err := csvio.InferCommonInterval(qs)
	for i := range warns {
		warns[i].Field = ColStart
	}
	if errors.Is(err, csvio.ErrNoInterval) {
		return 0, warns, errNoInterval{}
	}
	return iv, warns, err
}

// errNoInterval matches both ErrNoInterval and csvio.ErrNoInterval.
type errNoInterval struct{}

func (errNoInterval) Error() string   { return ErrNoInterval.Error() }
func (errNoInterval) Unwrap() []error { return []error{ErrNoInterval, csvio.ErrNoInterval} }

// InferInterval is Interval without the warnings.
//
// Deprecated: use Interval, and show its warnings.
func (wl *Workload) InferInterval() (time.Duration, error) {
	iv, _, err := wl.Interval()
	return iv, err
}

// Floats returns every row's value of the kept column col (lower-cased
// name), parsed as a finite number. A column the file lacks is
// csvio.ErrMissingColumn naming it; an empty or non-numeric cell is a
// *csvio.ParseError naming its line and column.
func (wl *Workload) Floats(col string) ([]float64, error) {
	j := slices.Index(wl.Header, col)
	if j < 0 {
		return nil, fmt.Errorf("%w %s", csvio.ErrMissingColumn, col)
	}
	out := make([]float64, len(wl.Rows))
	for i, r := range wl.Rows {
		s := r.Fields[j]
		if s == "" {
			return nil, &csvio.ParseError{Line: r.Line, Column: j + 1, Field: col, Err: csvio.ErrEmpty}
		}
		v, err := strconv.ParseFloat(s, 64)
		if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, &csvio.ParseError{Line: r.Line, Column: j + 1, Field: col, Err: fmt.Errorf("%w: %q", csvio.ErrNotNumber, s)}
		}
		out[i] = v
	}
	return out, nil
}
