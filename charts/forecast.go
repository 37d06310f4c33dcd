package charts

import (
	"fmt"
	"github.com/staffcast/staffcast/internal/durfmt"
	"strings"
	"time"

	"github.com/golang/freetype/truetype"
	chart "github.com/wcharczuk/go-chart/v2"
)

// Forecast is a queue's recent history and forecast per interval, with the
// 80% and 95% prediction intervals shaded and special days marked.
type Forecast struct {
	Queue  string
	Method string // the method used, shown in the subtitle when set
	// Location is the wall clock of the time axis; nil is UTC.
	Location *time.Location
	// Interval is the length of every interval, > 0.
	Interval time.Duration
	// History is what was offered, in time order; only the last
	// HistoryDays before the first forecast interval are drawn.
	History []Actual
	// Points are the forecast intervals, in time order.
	Points []ForecastPoint
	// SpecialDays in the drawn window are shaded and named.
	SpecialDays []SpecialDay
	// HistoryDays is how many days of history to show: 0 means 14.
	HistoryDays int
}

// Actual is the volume offered in one past interval.
type Actual struct {
	Start  time.Time
	Volume float64
}

// ForecastPoint is one forecast interval: the expected volume and the
// bounds of its central 80% and 95% prediction intervals.
type ForecastPoint struct {
	Start            time.Time
	Volume           float64
	Lower80, Upper80 float64
	Lower95, Upper95 float64
}

// SpecialDay is a day of the calendar: only the year, month and day of
// Date count, read in the chart's Location.
type SpecialDay struct {
	Date time.Time
	Kind string // closed, holiday or event
	Name string
}

// DefaultHistoryDays is the history a forecast chart shows by default.
const DefaultHistoryDays = 14

// Render draws the forecast chart (default 1200 x 500).
func (fc Forecast) Render(o Options) ([]byte, error) {
	w, h, err := o.size(1200, 500)
	if err != nil {
		return nil, err
	}
	if fc.Interval <= 0 {
		return nil, fmt.Errorf("%w: forecast interval %v", ErrInterval, fc.Interval)
	}
	for i := 1; i < len(fc.Points); i++ {
		if !fc.Points[i].Start.After(fc.Points[i-1].Start) {
			return nil, fmt.Errorf("%w: forecast points[%d] %s", ErrOrder, i, fc.Points[i].Start.Format(time.RFC3339))
		}
	}
	for i := 1; i < len(fc.History); i++ {
		if !fc.History[i].Start.After(fc.History[i-1].Start) {
			return nil, fmt.Errorf("%w: forecast history[%d] %s", ErrOrder, i, fc.History[i].Start.Format(time.RFC3339))
		}
	}
	loc := fc.Location
	if loc == nil {
		loc = time.UTC
	}
	days := fc.HistoryDays
	if days == 0 {
		days = DefaultHistoryDays
	}
	var hist []Actual
	var cut time.Time
	switch {
	case len(fc.Points) > 0:
		cut = fc.Points[0].Start
	case len(fc.History) > 0:
		cut = fc.History[len(fc.History)-1].Start.Add(fc.Interval)
	}
	from := cut.AddDate(0, 0, -max(days, 0))
	for _, a := range fc.History {
		if !a.Start.Before(from) && a.Start.Before(cut) {
			hist = append(hist, a)
		}
	}
	hx, hy := make([]float64, len(hist)), make([]float64, len(hist))
	var fx, fy, lo80, hi80, lo95, hi95 []float64
	var t0, t1 time.Time
	switch {
	case len(hist) > 0:
		t0 = hist[0].Start
	case len(fc.Points) > 0:
		t0 = fc.Points[0].Start
	default:
		return nil, fmt.Errorf("%w: forecast of %q has no history and no points", ErrEmpty, fc.Queue)
	}
	if len(fc.Points) > 0 {
		t1 = fc.Points[len(fc.Points)-1].Start.Add(fc.Interval)
	} else {
		t1 = hist[len(hist)-1].Start.Add(fc.Interval)
	}
	sc := timeScale{t0: t0, loc: loc}
	for i, a := range hist {
		hx[i], hy[i] = sc.x(a.Start), a.Volume
	}
	for _, p := range fc.Points {
		fx = append(fx, sc.x(p.Start))
		fy = append(fy, p.Volume)
		lo80, hi80 = append(lo80, p.Lower80), append(hi80, p.Upper80)
		lo95, hi95 = append(lo95, p.Lower95), append(hi95, p.Upper95)
	}
	lo, hi, ok := extent(hy, fy, lo80, hi80, lo95, hi95)
	if !ok {
		return nil, fmt.Errorf("%w: forecast of %q has no finite volume", ErrEmpty, fc.Queue)
	}
	iv := shortDuration(fc.Interval)
	return render(o, w, h, fc.title(), func(r chart.Renderer) error {
		f, _ := defaultFont()
		p := &plot{title: fc.title(), subtitle: fc.subtitle(days, len(hist) > 0, sc)}
		p.x = timeAxis("time ("+sc.zone()+")", sc, t1, w-150, f)
		p.y = niceAxis("contacts per "+iv, lo, hi*1.04, max(4, h/60), true, fmtNumber)
		width := fc.Interval.Hours()
		if marks := fc.specialDays(sc, t0, t1); len(marks) > 0 {
			p.add("special days", false, func(c canvas) {
				for _, m := range marks {
					rect(c.r, pen{fill: colSand}, c.x(m.x0), c.box.Top, c.x(m.x1), c.box.Bottom)
					text(c.r, c.f, m.label, c.x(m.x0)+3, c.box.Top+ptPixels(labelPt)+2, labelPt, colInk)
				}
			})
			p.legend = append(p.legend, legendItem{label: "special day", kind: legendArea, pen: pen{fill: colSand}})
		}
		if len(fx) > 0 {
			p.add("95% interval", false, func(c canvas) { c.band(fx, width, lo95, hi95, colPaleBlue) })
			p.add("80% interval", false, func(c canvas) { c.band(fx, width, lo80, hi80, colMidBlue) })
		}
		if len(hx) > 0 {
			p.add("history", false, func(c canvas) { c.steps(hx, width, hy, pen{stroke: colGrey, width: 1.5}) })
			p.legend = append(p.legend, legendItem{label: "history (offered)", pen: pen{stroke: colGrey, width: 1.5}})
		}
		if len(fx) > 0 {
			p.add("forecast", false, func(c canvas) { c.steps(fx, width, fy, pen{stroke: colNavy, width: 2}) })
			if len(hx) > 0 {
				p.add("forecast start", false, func(c canvas) {
					c.vline(fx[0], pen{stroke: colInk, width: 1, dash: dashDashed}, "forecast")
				})
			}
			p.legend = append(p.legend,
				legendItem{label: "forecast", pen: pen{stroke: colNavy, width: 2}},
				legendItem{label: "80% interval", kind: legendArea, pen: pen{fill: colMidBlue}},
				legendItem{label: "95% interval", kind: legendArea, pen: pen{fill: colPaleBlue}})
		}
		return p.draw(r, f, w, h)
	})
}

func (fc Forecast) title() string {
	if fc.Queue == "" {
		return "Forecast"
	}
	return "Forecast: " + fc.Queue
}

func (fc Forecast) subtitle(days int, hasHistory bool, sc timeScale) string {
	var parts []string
	if fc.Method != "" {
		parts = append(parts, "method "+fc.Method)
	}
	parts = append(parts, shortDuration(fc.Interval)+" intervals")
	if hasHistory {
		parts = append(parts, fmt.Sprintf("last %d days of history", days))
	}
	if len(fc.Points) > 0 {
		parts = append(parts, "shaded: 80% and 95% prediction intervals")
	}
	parts = append(parts, "times in "+sc.zone())
	return strings.Join(parts, " · ")
}

// span is a shaded stretch of the x axis with a label.
type span struct {
	x0, x1 float64
	label  string
}

// specialDays are the calendar's days inside [t0, t1) as x spans.
func (fc Forecast) specialDays(sc timeScale, t0, t1 time.Time) []span {
	var out []span
	for _, d := range fc.SpecialDays {
		y, m, dd := d.Date.Date()
		a := time.Date(y, m, dd, 0, 0, 0, 0, sc.loc)
		b := time.Date(y, m, dd+1, 0, 0, 0, 0, sc.loc)
		if !a.Before(t1) || !b.After(t0) {
			continue
		}
		if a.Before(t0) {
			a = t0
		}
		if b.After(t1) {
			b = t1
		}
		label := d.Kind
		if d.Name != "" {
			label = d.Name
			if d.Kind != "" {
				label += " (" + d.Kind + ")"
			}
		}
		out = append(out, span{sc.x(a), sc.x(b), label})
	}
	return out
}

// clip shortens s to fit width pixels, with an ellipsis.
func clip(f *truetype.Font, s string, width int) string {
	if textWidth(f, s, labelPt) <= width {
		return s
	}
	r := []rune(s)
	for len(r) > 0 && textWidth(f, string(r)+"…", labelPt) > width {
		r = r[:len(r)-1]
	}
	if len(r) == 0 {
		return ""
	}
	return string(r) + "…"
}

// shortDuration prints 30m and 168h rather than 30m0s and 168h0m0s.
func shortDuration(d time.Duration) string { return durfmt.Short(d) }
