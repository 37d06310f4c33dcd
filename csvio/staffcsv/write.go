package staffcsv

import (
	"fmt"
	"io"
	"math"
	"strconv"

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
// ASA with 3; an infinite ASA is written as "inf". Fields are quoted as
// encoding/csv quotes them; the lines are built by appending to one buffer,
// which makes writing a year of intervals several times faster than
// csv.Writer.
func Write(w io.Writer, wl *Workload, st []Staffing) error {
	if len(st) != len(wl.Rows) {
		return fmt.Errorf("staffcsv: %d staffings for %d rows", len(st), len(wl.Rows))
	}
	buf := make([]byte, 0, 128<<10)
	head := append(append([]string(nil), wl.Header...), OutputColumns...)
	buf = append(appendFields(buf, head), '\n')
	for i, r := range wl.Rows {
		buf = appendFields(buf, r.Fields)
		if len(r.Fields) > 0 {
			buf = append(buf, ',')
		}
		s := st[i]
		buf = strconv.AppendInt(buf, int64(s.Agents), 10)
		buf = append(buf, ',')
		buf = strconv.AppendInt(buf, int64(s.ScheduledAgents), 10)
		buf = append(buf, ',')
		buf = strconv.AppendFloat(buf, s.ServiceLevel, 'f', 6, 64)
		buf = append(buf, ',')
		if math.IsInf(s.ASASeconds, 1) {
			buf = append(buf, "inf"...)
		} else {
			buf = strconv.AppendFloat(buf, s.ASASeconds, 'f', 3, 64)
		}
		buf = append(buf, ',')
		buf = strconv.AppendFloat(buf, s.Occupancy, 'f', 6, 64)
		buf = append(buf, ',')
		buf = strconv.AppendFloat(buf, s.PAbandon, 'f', 6, 64)
		buf = append(buf, '\n')
		if len(buf) > 96<<10 {
			if _, err := w.Write(buf); err != nil {
				return err
			}
			buf = buf[:0]
		}
	}
	_, err := w.Write(buf)
	return err
}

// appendFields appends fields joined by commas.
func appendFields(buf []byte, fields []string) []byte {
	for j, f := range fields {
		if j > 0 {
			buf = append(buf, ',')
		}
		buf = csvio.AppendField(buf, f)
	}
	return buf
}
