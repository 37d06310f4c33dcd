package historycsv

import (
	"io"
	"math"
	"time"

	"github.com/staffcast/staffcast/csvio"
	"github.com/staffcast/staffcast/forecast"
)

// ForecastHeader is the header of a forecast file, which staffcast staff
// reads as its workload (interval_start, queue, volume, aht_seconds).
var ForecastHeader = []string{"interval_start", "queue", "volume", "lower80", "upper80", "lower95", "upper95", "aht_seconds", "method", "special_day"}

// WriteForecast writes results as CSV: one row per interval, timestamps in
// RFC 3339 with their UTC offset, volumes to 2 decimals, aht_seconds to 1
// decimal and empty when the history had no handle time; special_day says
// which special-day rule the row used (forecast.Point.SpecialDay, empty on
// ordinary days).
func WriteForecast(w io.Writer, results []*forecast.Result) error {
	cw := csvio.NewWriter(w)
	if err := cw.Record(ForecastHeader...); err != nil {
		return err
	}
	for _, r := range results {
		for _, p := range r.Points {
			cw.Time(p.Start, time.RFC3339)
			cw.Field(r.Queue)
			for _, v := range []float64{p.Volume, p.Lower80, p.Upper80, p.Lower95, p.Upper95} {
				cw.Float(v, 'f', 2)
			}
			if math.IsNaN(p.AHTSeconds) {
				cw.Field("")
			} else {
				cw.Float(p.AHTSeconds, 'f', 1)
			}
			cw.Field(r.Method)
			cw.Field(p.SpecialDay)
			if err := cw.EndRecord(); err != nil {
				return err
			}
		}
	}
	return cw.Flush()
}
