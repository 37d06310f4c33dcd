package staffcsv

import (
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"time"

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
// per row with its staffing. The handle time each row was staffed with is
// written in aht_seconds: an empty aht_seconds gets the row's AHT (the
// default it was read with), and a workload without the column gets it
// after its own columns, so the file says what it was staffed for and
// "staffcast simulate" reads it back. Fractions are written with 6 decimals and the
// ASA with 3. An ASA that is not finite (Erlang C with the agents at or
// below the load: the queue has no steady state) is written as an empty
// cell, never "inf" or "NaN". It writes through
// csvio.Writer, so fields are quoted as encoding/csv quotes them.
func Write(w io.Writer, wl *Workload, st []Staffing) error {
	if len(st) != len(wl.Rows) {
		return fmt.Errorf("staffcsv: %d staffings for %d rows", len(st), len(wl.Rows))
	}
	cw := csvio.NewWriter(w)
	aht := slices.Index(wl.Header, ColAHT)
	for _, h := range wl.Header {
		cw.Field(h)
	}
	if aht < 0 {
		cw.Field(ColAHT)
	}
	if err := cw.Record(OutputColumns...); err != nil {
		return err
	}
	for i, r := range wl.Rows {
		for j, f := range r.Fields {
			if j == aht && f == "" && r.AHT > 0 {
				f = ahtSeconds(r.AHT)
			}
			cw.Field(f)
		}
		if aht < 0 {
			cw.Field(ahtSeconds(r.AHT))
		}
		s := st[i]
		cw.Int(int64(s.Agents))
		cw.Int(int64(s.ScheduledAgents))
		cw.Float(s.ServiceLevel, 'f', 6)
		if math.IsInf(s.ASASeconds, 0) || math.IsNaN(s.ASASeconds) {
			cw.Field("")
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

// ahtSeconds is a handle time in seconds as aht_seconds holds it: "240",
// "187.5"; empty for no handle time.
func ahtSeconds(d time.Duration) string {
	if d <= 0 {
		return ""
	}
	return strconv.FormatFloat(d.Seconds(), 'f', -1, 64)
}
