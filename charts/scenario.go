package charts

import (
	"fmt"
	"math"
	"sort"

	chart "github.com/wcharczuk/go-chart/v2"
)

// ScenarioSweep is the totals of a scenario evaluated at several values of
// one setting (a sweep), drawn as three panels side by side: paid hours,
// service (service level and abandonment) and cost.
type ScenarioSweep struct {
	Name string // the scenario's name, for the title
	// Vary is the dotted path varied ("bot.share"); "" means bot.share.
	// Values of bot.share and of other shares ("…share", "…rate",
	// "…escalation", "…containment") are drawn as percentages.
	Vary   string
	Points []SweepPoint
	// Cheapest, when set, is the Value of the cheapest point that kept the
	// promise; a vertical line marks it on every panel.
	Cheapest *float64
}

// SweepPoint is the totals at one value of the varied setting. NaN marks
// a figure that is not known.
type SweepPoint struct {
	Value float64 // the varied setting's value (the bot share for bot.share)
	// PaidHours is the paid hours of the human agents; NaivePaidHours the
	// all-human paid hours times (1 - bot share), NaN when not known.
	PaidHours, NaivePaidHours float64
	// ServiceLevel and AbandonRate are contact-weighted shares in [0, 1].
	ServiceLevel, AbandonRate float64
	// Cost = CostHumans + CostBot + CostLost.
	Cost, CostHumans, CostBot, CostLost float64
	// KeptPromise is whether every interval kept the promise; points that
	// did not are drawn with open markers.
	KeptPromise bool
}

// percentPath reports whether a varied path is a share.
func percentPath(path string) bool {
	if path == "" {
		return true
	}
	for _, s := range []string{"share", "rate", "escalation", "containment", "sl_target", "shrinkage", "max_abandon", "max_occupancy"} {
		if len(path) >= len(s) && path[len(path)-len(s):] == s {
			return true
		}
	}
	return false
}

// Render draws the sweep's three panels (default 1500 x 520).
func (sw ScenarioSweep) Render(o Options) ([]byte, error) {
	w, h, err := o.size(1500, 520)
	if err != nil {
		return nil, err
	}
	if len(sw.Points) == 0 {
		return nil, fmt.Errorf("%w: sweep has no points", ErrEmpty)
	}
	pts := append([]SweepPoint(nil), sw.Points...)
	sort.SliceStable(pts, func(i, j int) bool { return pts[i].Value < pts[j].Value })
	vary := sw.Vary
	if vary == "" {
		vary = "bot.share"
	}
	col := func(get func(SweepPoint) float64) []float64 {
		out := make([]float64, len(pts))
		for i, p := range pts {
			out[i] = get(p)
		}
		return out
	}
	xs := col(func(p SweepPoint) float64 { return p.Value })
	for i, x := range xs {
		if !finite(x) {
			return nil, fmt.Errorf("%w: sweep points[%d].value is not finite", ErrEmpty, i)
		}
	}
	kept := make([]bool, len(pts))
	for i, p := range pts {
		kept[i] = p.KeptPromise
	}
	pct := percentPath(vary)
	xFmt := fmtNumber
	xName := vary
	if pct {
		xFmt = fmtPercent
		xName += " (%)"
	}
	if vary == "bot.share" {
		xName = "bot share (%)"
	}
	xAxis := niceAxis(xName, xs[0], xs[len(xs)-1], 6, false, xFmt)
	if xs[0] == xs[len(xs)-1] {
		d := math.Max(math.Abs(xs[0])*0.1, 0.05)
		xAxis = niceAxis(xName, xs[0]-d, xs[0]+d, 4, false, xFmt)
	}
	type series struct {
		name string
		ys   []float64
		pen  pen
		mark marker
	}
	type panel struct {
		title, yName string
		format       func(v, step float64) string
		series       []series
	}
	panels := []panel{
		{"Paid hours", "paid hours (h)", fmtNumber, []series{
			{"human agents' paid hours", col(func(p SweepPoint) float64 { return p.PaidHours }), pen{stroke: colNavy, width: 2}, markCircle},
			{"all-human × (1 − bot share)", col(func(p SweepPoint) float64 { return p.NaivePaidHours }), pen{stroke: colGrey, width: 1.5, dash: dashDashed}, markSquare},
		}},
		{"Service", "share of contacts (%)", fmtPercent, []series{
			{"service level", col(func(p SweepPoint) float64 { return p.ServiceLevel }), pen{stroke: colGreen, width: 2}, markCircle},
			{"abandoned", col(func(p SweepPoint) float64 { return p.AbandonRate }), pen{stroke: colRed, width: 1.5, dash: dashDashed}, markTriangle},
		}},
		{"Cost", "cost (currency units)", fmtNumber, []series{
			{"total", col(func(p SweepPoint) float64 { return p.Cost }), pen{stroke: colInk, width: 2.5}, markCircle},
			{"humans", col(func(p SweepPoint) float64 { return p.CostHumans }), pen{stroke: colBlue, width: 1.5, dash: dashDashed}, markSquare},
			{"bot", col(func(p SweepPoint) float64 { return p.CostBot }), pen{stroke: colOrange, width: 1.5, dash: dashDotted}, markTriangle},
			{"lost contacts", col(func(p SweepPoint) float64 { return p.CostLost }), pen{stroke: colRed, width: 1.5, dash: dashDashDot}, markCross},
		}},
	}
	title := "Scenario sweep"
	if sw.Name != "" {
		title += ": " + sw.Name
	}
	return render(o, w, h, title, func(r chart.Renderer) error {
		f, _ := defaultFont()
		head := 10 + ptPixels(titlePt) + 6 + ptPixels(subtitlePt) + 10
		text(r, f, title, padSide, 10+ptPixels(titlePt), titlePt, colInk)
		sub := fmt.Sprintf("%d values of %s; open markers broke the promise in some interval", len(pts), vary)
		if sw.Cheapest != nil {
			sub += " · dashed line: cheapest that kept the promise"
		}
		text(r, f, sub, padSide, 10+ptPixels(titlePt)+6+ptPixels(subtitlePt), subtitlePt, colGrey)
		pw := w / len(panels)
		for i, pn := range panels {
			var cols [][]float64
			for _, s := range pn.series {
				cols = append(cols, s.ys)
			}
			lo, hi, ok := extent(cols...)
			if !ok {
				lo, hi = 0, 1
			}
			p := &plot{title: pn.title, x: xAxis}
			if pn.yName == "share of contacts (%)" {
				lo, hi = 0, math.Max(hi, 1)
			}
			p.y = niceAxis(pn.yName, lo, hi, max(4, h/70), true, pn.format)
			if sw.Cheapest != nil && finite(*sw.Cheapest) {
				x := *sw.Cheapest
				p.add("cheapest", false, func(c canvas) { c.vline(x, pen{stroke: colInk, width: 1, dash: dashDashed}, "") })
			}
			for _, s := range pn.series {
				if _, _, ok := extent(s.ys); !ok {
					continue
				}
				p.add(s.name, false, func(c canvas) {
					c.polyline(xs, s.ys, s.pen, markNone)
					for k := range xs {
						if finite(s.ys[k]) {
							m := s.mark
							if !kept[k] {
								m = markOpenCircle
							}
							m.draw(c.r, c.x(xs[k]), c.y(s.ys[k]), s.pen.stroke)
						}
					}
				})
				p.legend = append(p.legend, legendItem{label: s.name, pen: s.pen, mark: s.mark})
			}
			if err := p.draw(offset{Renderer: r, dx: i * pw, dy: head}, f, pw, h-head); err != nil {
				return err
			}
		}
		return nil
	})
}

// HourlySplit is the bot share an optimisation chose for each hour of the
// day, against the best single share.
type HourlySplit struct {
	Queue  string
	Shares [24]float64 // bot share by hour of day, in [0, 1]
	// BestSingleShare is the cheapest share applied to every hour; NaN
	// when not known.
	BestSingleShare float64
	// Saving is the cost saved against the best single share; NaN or 0
	// when not known.
	Saving float64
}

// Render draws the split as bars by hour (default 1000 x 420).
func (hs HourlySplit) Render(o Options) ([]byte, error) {
	w, h, err := o.size(1000, 420)
	if err != nil {
		return nil, err
	}
	if _, _, ok := extent(hs.Shares[:]); !ok {
		return nil, fmt.Errorf("%w: hourly split of %q has no share", ErrEmpty, hs.Queue)
	}
	title := "Bot share by hour of day"
	if hs.Queue != "" {
		title += ": " + hs.Queue
	}
	return render(o, w, h, title, func(r chart.Renderer) error {
		f, _ := defaultFont()
		sub := "the share of contacts sent to the bot each hour, as the optimisation chose it"
		if finite(hs.BestSingleShare) {
			sub += " · best single share " + fmtPercent(hs.BestSingleShare, 0.01)
		}
		if finite(hs.Saving) && hs.Saving != 0 {
			sub += " · saving " + fmtNumber(hs.Saving, 1)
		}
		p := &plot{title: title, subtitle: sub}
		p.x = axis{name: "hour of day", min: -0.5, max: 23.5}
		for hr := 0; hr < 24; hr++ {
			t := chart.Tick{Value: float64(hr)}
			if hr%2 == 0 {
				t.Label = fmt.Sprintf("%02d:00", hr)
			}
			p.x.ticks = append(p.x.ticks, t)
		}
		p.y = niceAxis("bot share (%)", 0, 1, 5, true, fmtPercent)
		barPen := pen{stroke: colNavy, width: 1, fill: colMidBlue}
		p.add("share", false, func(c canvas) {
			for hr, v := range hs.Shares {
				if finite(v) {
					rect(c.r, barPen, c.x(float64(hr)-0.38), c.y(v), c.x(float64(hr)+0.38), c.y(0))
				}
			}
		})
		p.legend = []legendItem{{label: "bot share chosen for the hour", kind: legendArea, pen: barPen}}
		if finite(hs.BestSingleShare) {
			bp := pen{stroke: colOrange, width: 2, dash: dashDashed}
			p.add("best single", false, func(c canvas) { c.hline(hs.BestSingleShare, bp) })
			p.legend = append(p.legend, legendItem{label: "best single share for every hour", pen: bp})
		}
		return p.draw(r, f, w, h)
	})
}
