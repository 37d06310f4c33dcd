package historycsv

import (
	"bufio"
	"io"
	"math"
	"strconv"
	"time"

	"github.com/staffcast/staffcast/csvio"
	"github.com/staffcast/staffcast/forecast"
)

// ForecastHeader is the header of a forecast file, which staffcast staff
// reads as its workload (interval_start, queue, volume, aht_seconds).
var ForecastHeader = []string{"interval_start", "queue", "volume", "lower80", "upper80", "lower95", "upper95", "aht_seconds", "method"}

// WriteForecast writes results as CSV: one row per interval, timestamps in
// RFC 3339 with their UTC offset, volumes to 2 decimals, aht_seconds to 1
// decimal and empty when the history had no handle time.
func WriteForecast(w io.Writer, results []*forecast.Result) error {
	bw := bufio.NewWriter(w)
	for i, h := range ForecastHeader {
		if i > 0 {
			bw.WriteByte(',')
		}
		bw.WriteString(h)
	}
	bw.WriteByte('\n')
	var buf []byte
	for _, r := range results {
		for _, p := range r.Points {
			buf = buf[:0]
			buf = p.Start.AppendFormat(buf, time.RFC3339)
			buf = append(buf, ',')
			buf = csvio.AppendField(buf, r.Queue)
			for _, v := range []float64{p.Volume, p.Lower80, p.Upper80, p.Lower95, p.Upper95} {
				buf = append(buf, ',')
				buf = strconv.AppendFloat(buf, v, 'f', 2, 64)
			}
			buf = append(buf, ',')
			if !math.IsNaN(p.AHTSeconds) {
				buf = strconv.AppendFloat(buf, p.AHTSeconds, 'f', 1, 64)
			}
			buf = append(buf, ',')
			buf = csvio.AppendField(buf, r.Method)
			buf = append(buf, '\n')
			if _, err := bw.Write(buf); err != nil {
				return err
			}
		}
	}
	return bw.Flush()
}
