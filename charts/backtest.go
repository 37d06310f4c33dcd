package charts

import (
	"fmt"
	"math"

	chart "github.com/wcharczuk/go-chart/v2"
	"github.com/wcharczuk/go-chart/v2/drawing"
)

// Backtest is the out-of-sample error of each forecasting method by lead
// day (days after the forecast origin).
type Backtest struct {
	Queue   string
	Origins int    // weekly origins scored, for the subtitle (0: not shown)
	Horizon string // such as "168h", for the subtitle
	Methods []MethodError
}

// MethodError is one method's WAPE (Σ|forecast - actual| / Σ actual) over
// the whole horizon and on each lead day (index 0 is the first day); NaN
// where a day had no actuals.
type MethodError struct {
	Method    string
	WAPE      float64
	ByLeadDay []float64
}

// styles of lines: colour lightness, dash and marker all differ.
var lineStyles = []struct {
	c    drawing.Color
	dash []float64
	mark marker
}{
	{colInk, dashSolid, markCircle},
	{colBlue, dashDashed, markSquare},
	{colOrange, dashDotted, markTriangle},
	{colGreen, dashDashDot, markDiamond},
	{drawing.Color{R: 0x75, G: 0x6b, B: 0xb1, A: 255}, dashLong, markOpenCircle},
	{colGrey, dashSolid, markOpenSquare},
	{colRed, dashDashed, markCross},
	{colMidBlue, dashDotted, markCircle},
}

// Render draws error by lead day, one line per method (default 1200 x 500).
func (bt Backtest) Render(o Options) ([]byte, error) {
	w, h, err := o.size(1200, 500)
	if err != nil {
		return nil, err
	}
	days := 0
	var cols [][]float64
	for _, m := range bt.Methods {
		days = max(days, len(m.ByLeadDay))
		cols = append(cols, m.ByLeadDay)
	}
	lo, hi, ok := extent(cols...)
	if !ok {
		return nil, fmt.Errorf("%w: backtest of %q has no error by lead day", ErrEmpty, bt.Queue)
	}
	title := "Forecast accuracy by lead day"
	if bt.Queue != "" {
		title += ": " + bt.Queue
	}
	return render(o, w, h, title, func(r chart.Renderer) error {
		f, _ := defaultFont()
		sub := "WAPE = Σ|forecast − actual| / Σ actual, lower is better"
		if bt.Origins > 0 {
			sub += fmt.Sprintf(" · %d weekly origins", bt.Origins)
		}
		if bt.Horizon != "" {
			sub += " · horizon " + bt.Horizon
		}
		p := &plot{title: title, subtitle: sub}
		p.x = axis{name: "lead day (days after the forecast origin)", min: 0.5, max: float64(days) + 0.5}
		for d := 1; d <= days; d++ {
			p.x.ticks = append(p.x.ticks, chart.Tick{Value: float64(d), Label: fmt.Sprintf("day %d", d)})
		}
		p.y = niceAxis("WAPE (%)", math.Min(lo, 0), hi*1.05, max(4, h/60), true, fmtPercent)
		for i, m := range bt.Methods {
			s := lineStyles[i%len(lineStyles)]
			ys := m.ByLeadDay
			xs := make([]float64, len(ys))
			for d := range ys {
				xs[d] = float64(d + 1)
			}
			pn := pen{stroke: s.c, width: 2, dash: s.dash}
			p.add(m.Method, false, func(c canvas) { c.polyline(xs, ys, pn, s.mark) })
			label := m.Method
			if finite(m.WAPE) {
				label += fmt.Sprintf(" (%s overall)", fmtPercent(m.WAPE, 0.001))
			}
			p.legend = append(p.legend, legendItem{label: label, pen: pn, mark: s.mark})
		}
		return p.draw(r, f, w, h)
	})
}
