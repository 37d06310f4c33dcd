package staffcsv

import (
	"fmt"
	"io"
	"math"
	"slices"

	"github.com/staffcast/staffcast/csvio"
)

// SimColumns are the columns WriteSim appends, in order: the simulated
// service level with its confidence interval, the mean wait over all
// offered contacts, the share abandoning, occupancy and the longest queue.
var SimColumns = []string{"sim_service_level", "sim_service_level_low", "sim_service_level_high",
	"sim_asa_seconds", "sim_abandon_rate", "sim_occupancy", "sim_longest_queue"}

// ColAgents is the agents-answering column "staffcast staff" writes.
const ColAgents = "agents"

// MaxAgents bounds one row's agents.
const MaxAgents = 1e7

// Staffed is a staffing file read for simulation: a workload whose rows
// also carry the agents column when it is present.
type Staffed struct {
	// Header is the input's header, lower-cased, without SimColumns (so
	// simulating a simulated file replaces the old figures).
	Header []string
	Rows   []StaffedRow
}

// StaffedRow is one row of a Staffed file.
type StaffedRow struct {
	Row
	Agents int // -1 when the file has no agents column
}

// ReadStaffed reads the CSV "staffcast staff" writes (any workload file
// with, when needAgents, an agents column of whole numbers >= 0) keeping
// every column but SimColumns. Errors name the line and column.
func ReadStaffed(r io.Reader, opt Options, needAgents bool) (*Staffed, error) {
	required := []string{ColStart, ColVolume}
	if needAgents {
		required = append(required, ColAgents)
	}
	rd, err := csvio.NewReader(r, required...)
	if err != nil {
		return nil, err
	}
	out := &Staffed{}
	out.Header, err = readRows(rd, opt, SimColumns, func(r Row) error {
		row := StaffedRow{Row: r, Agents: -1}
		if rd.Has(ColAgents) {
			v, err := rd.Bounded(ColAgents, MaxAgents)
			if err != nil {
				return err
			}
			if v != math.Trunc(v) {
				return rd.Errorf(ColAgents, fmt.Errorf("%w: agents must be a whole number, got %s", csvio.ErrNotNumber, rd.Get(ColAgents)))
			}
			row.Agents = int(v)
		}
		out.Rows = append(out.Rows, row)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Simulated is the simulated figures of one row.
type Simulated struct {
	ServiceLevel, ServiceLevelLow, ServiceLevelHigh  float64
	ASASeconds, AbandonRate, Occupancy, LongestQueue float64
}

// WriteSim writes the file's columns followed by SimColumns, one line per
// row. Fractions have 6 decimals, the ASA and the longest queue 3.
func WriteSim(w io.Writer, f *Staffed, sims []Simulated) error {
	if len(sims) != len(f.Rows) {
		return fmt.Errorf("staffcsv: %d simulated rows for %d rows", len(sims), len(f.Rows))
	}
	cw := csvio.NewWriter(w)
	if err := cw.Record(append(slices.Clone(f.Header), SimColumns...)...); err != nil {
		return err
	}
	for i, r := range f.Rows {
		for _, v := range r.Fields {
			cw.Field(v)
		}
		s := sims[i]
		for _, v := range []float64{s.ServiceLevel, s.ServiceLevelLow, s.ServiceLevelHigh} {
			cw.Float(v, 'f', 6)
		}
		cw.Float(s.ASASeconds, 'f', 3)
		cw.Float(s.AbandonRate, 'f', 6)
		cw.Float(s.Occupancy, 'f', 6)
		cw.Float(s.LongestQueue, 'f', 3)
		if err := cw.EndRecord(); err != nil {
			return err
		}
	}
	return cw.Flush()
}
