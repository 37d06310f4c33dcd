package staffcsv

import (
	"fmt"
	"io"
	"math"

	"github.com/staffcast/staffcast/csvio"
)

// OutputColumns are the columns Write appends, in order.
var OutputColumns = []string{"agents", "scheduled_agents", "service_level", "asa_seconds", "occupancy", "p_abandon"}

// Staffing is the result written for one row.
type Staffing struct {
	Agents          int
	ScheduledAgents int
	ServiceLevel    float64 // fraction of offered answered within the SL time
	ASASeconds      float64
	Occupancy       float64
	PAbandon        float64
}

// Write writes the workload's columns followed by OutputColumns, one line
// per row with its staffing. Fractions are written with 6 decimals and the
// ASA with 3; an infinite ASA is written as "inf". It writes through
// csvio.Writer, so fields are quoted as encoding/csv quotes them.
func Write(w io.Writer, wl *Workload, st []Staffing) error {
	if len(st) != len(wl.Rows) {
		return fmt.Errorf("staffcsv: %d staffings for %d rows", len(st), len(wl.Rows))
	}
	cw := csvio.NewWriter(w)
	for _, h := range wl.Header {
		cw.Field(h)
	}
	if err := cw.Record(OutputColumns...); err != nil {
		return err
	}
	for i, r := range wl.Rows {
		for _, f := range r.Fields {
			cw.Field(f)
		}
		s := st[i]
		cw.Int(int64(s.Agents))
		cw.Int(int64(s.ScheduledAgents))
		cw.Float(s.ServiceLevel, 'f', 6)
		if math.IsInf(s.ASASeconds, 1) {
			cw.Field("inf")
		} else {
			cw.Float(s.ASASeconds, 'f', 3)
		}
		cw.Float(s.Occupancy, 'f', 6)
		cw.Float(s.PAbandon, 'f', 6)
		if err := cw.EndRecord(); err != nil {
			return err
		}
	}
	return cw.Flush()
}
