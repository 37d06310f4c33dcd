package staffcsv

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"strconv"
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
// ASA with 3; an infinite ASA is written as "inf".
func Write(w io.Writer, wl *Workload, st []Staffing) error {
	if len(st) != len(wl.Rows) {
		return fmt.Errorf("staffcsv: %d staffings for %d rows", len(st), len(wl.Rows))
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	cw := csv.NewWriter(bw)
	rec := append(append([]string(nil), wl.Header...), OutputColumns...)
	if err := cw.Write(rec); err != nil {
		return err
	}
	var buf []byte
	for i, r := range wl.Rows {
		rec = append(rec[:0], r.Fields...)
		s := st[i]
		buf = buf[:0]
		// One buffer, sliced per field, saves an allocation per number.
		starts := [7]int{}
		buf = strconv.AppendInt(buf, int64(s.Agents), 10)
		starts[1] = len(buf)
		buf = strconv.AppendInt(buf, int64(s.ScheduledAgents), 10)
		starts[2] = len(buf)
		buf = strconv.AppendFloat(buf, s.ServiceLevel, 'f', 6, 64)
		starts[3] = len(buf)
		if math.IsInf(s.ASASeconds, 1) {
			buf = append(buf, "inf"...)
		} else {
			buf = strconv.AppendFloat(buf, s.ASASeconds, 'f', 3, 64)
		}
		starts[4] = len(buf)
		buf = strconv.AppendFloat(buf, s.Occupancy, 'f', 6, 64)
		starts[5] = len(buf)
		buf = strconv.AppendFloat(buf, s.PAbandon, 'f', 6, 64)
		starts[6] = len(buf)
		str := string(buf)
		for j := 0; j < 6; j++ {
			rec = append(rec, str[starts[j]:starts[j+1]])
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return bw.Flush()
}
