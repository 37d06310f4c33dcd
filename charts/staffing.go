package charts

import (
	"fmt"
	"math"
	"strings"
	"time"

	chart "github.com/wcharczuk/go-chart/v2"
	"github.com/wcharczuk/go-chart/v2/drawing"
)

// Staffing is required agents against scheduled agents per interval, with
// the service level reached on a second axis. Columns are nil when not
// known, otherwise as long as Starts; NaN values are gaps.
type Staffing struct {
	Queue string
	// Location is the wall clock of the time axis; nil is UTC.
	Location *time.Location
	// Interval is the length of every interval, > 0.
	Interval time.Duration
	// Starts are the intervals' starts, increasing.
	Starts []time.Time
	// Net is the agents needed on the phones (Erlang).
	Net []float64
	// Gross is the agents to schedule: Net with shrinkage.
	Gross []float64
	// Scheduled is the agents a plan or roster puts on shift (breaks
	// excluded). Shortage and excess are shaded against Gross (Net when
	// Gross is nil).
	Scheduled []float64
	// ScheduledName names Scheduled in the legend ("" is "scheduled").
	ScheduledName string
	// ServiceLevel is the share in [0, 1] answered in time each interval.
	ServiceLevel []float64
	// ServiceName names ServiceLevel in the legend ("" is "service level").
	ServiceName string
	// ServiceTarget, when in (0, 1), is drawn as a line on the right axis.
	ServiceTarget float64
	// SimServiceLevel is the service level a simulation of the interval
	// reached (staffcast simulate), drawn on the right axis over
	// SimServiceLow..SimServiceHigh, its confidence interval, when those
	// are given too; SimConfidence (0.95) names it in the legend.
	SimServiceLevel, SimServiceLow, SimServiceHigh []float64
	SimConfidence                                  float64
	// Totals, when not nil, are the shortage and excess the subtitle
	// states: those of the plan or roster measured over every interval of
	// its days, which the page beside the chart states too (a shift that
	// starts before the first staffed interval of a day is excess there,
	// although that interval is not drawn). Nil: the subtitle sums the
	// intervals drawn.
	Totals *StaffingTotals
}

// StaffingTotals are a plan's or roster's shortage and excess against its
// requirement, in person-minutes, and how many of its intervals are short.
type StaffingTotals struct {
	ShortageMinutes, ExcessMinutes float64
	ShortIntervals, Intervals      int
}

// Render draws the staffing chart (default 1200 x 500).
func (st Staffing) Render(o Options) ([]byte, error) {
	w, h, err := o.size(1200, 500)
	if err != nil {
		return nil, err
	}
	n := len(st.Starts)
	if st.Interval <= 0 {
		return nil, fmt.Errorf("%w: staffing interval %v", ErrInterval, st.Interval)
	}
	if n == 0 {
		return nil, fmt.Errorf("%w: staffing of %q has no intervals", ErrEmpty, st.Queue)
	}
	for name, col := range map[string][]float64{"net": st.Net, "gross": st.Gross, "scheduled": st.Scheduled, "service_level": st.ServiceLevel,
		"sim_service_level": st.SimServiceLevel, "sim_service_level_low": st.SimServiceLow, "sim_service_level_high": st.SimServiceHigh} {
		if col != nil && len(col) != n {
			return nil, fmt.Errorf("%w: staffing %s has %d values for %d intervals", ErrLength, name, len(col), n)
		}
	}
	for i := 1; i < n; i++ {
		if !st.Starts[i].After(st.Starts[i-1]) {
			return nil, fmt.Errorf("%w: staffing starts[%d] %s", ErrOrder, i, st.Starts[i].Format(time.RFC3339))
		}
	}
	lo, hi, ok := extent(st.Net, st.Gross, st.Scheduled)
	if !ok {
		return nil, fmt.Errorf("%w: staffing of %q has no finite agent count", ErrEmpty, st.Queue)
	}
	loc := st.Location
	if loc == nil {
		loc = time.UTC
	}
	sc := timeScale{t0: st.Starts[0], loc: loc}
	xs := make([]float64, n)
	for i, t := range st.Starts {
		xs[i] = sc.x(t)
	}
	t1 := st.Starts[n-1].Add(st.Interval)
	width := st.Interval.Hours()
	req, reqName := st.Gross, "required with shrinkage"
	if req == nil {
		req, reqName = st.Net, "required on the phones"
	}
	var shortLo, shortHi, excessLo, excessHi []float64
	var summary string
	if st.Scheduled != nil && req != nil {
		shortLo, shortHi = make([]float64, n), make([]float64, n)
		excessLo, excessHi = make([]float64, n), make([]float64, n)
		var short, excess float64
		shortN := 0
		for i := range n {
			s, q := st.Scheduled[i], req[i]
			shortLo[i], shortHi[i], excessLo[i], excessHi[i] = math.NaN(), math.NaN(), math.NaN(), math.NaN()
			if !finite(s) || !finite(q) {
				continue
			}
			if s < q {
				shortLo[i], shortHi[i] = s, q
				short += (q - s) * width
				shortN++
			} else if s > q {
				excessLo[i], excessHi[i] = q, s
				excess += (s - q) * width
			}
		}
		intervals := n
		if t := st.Totals; t != nil {
			short, excess, shortN, intervals = t.ShortageMinutes/60, t.ExcessMinutes/60, t.ShortIntervals, t.Intervals
		}
		summary = fmt.Sprintf("short %s agent-hours in %d of %d intervals, %s agent-hours over", group(fmt.Sprintf("%.0f", short)), shortN, intervals, group(fmt.Sprintf("%.0f", excess)))
	}
	title := "Staffing"
	if st.Queue != "" {
		title += ": " + st.Queue
	}
	return render(o, w, h, title, func(r chart.Renderer) error {
		f, _ := defaultFont()
		parts := []string{shortDuration(st.Interval) + " intervals"}
		if summary != "" {
			parts = append(parts, summary)
		}
		parts = append(parts, "times in "+sc.zone())
		p := &plot{title: title, subtitle: strings.Join(parts, " · ")}
		p.x = timeAxis("time ("+sc.zone()+")", sc, t1, w-200, f)
		p.y = niceAxis("agents (head-count)", lo, hi*1.04, max(4, h/60), true, fmtNumber)
		if shortLo != nil {
			shortFill := drawing.Color{R: colRed.R, G: colRed.G, B: colRed.B, A: 150}
			excessFill := drawing.Color{R: colMidBlue.R, G: colMidBlue.G, B: colMidBlue.B, A: 110}
			p.add("shortage", false, func(c canvas) { c.band(xs, width, shortLo, shortHi, shortFill) })
			p.add("excess", false, func(c canvas) { c.band(xs, width, excessLo, excessHi, excessFill) })
			p.legend = append(p.legend,
				legendItem{label: "shortage", kind: legendArea, pen: pen{fill: shortFill}},
				legendItem{label: "excess", kind: legendArea, pen: pen{fill: excessFill}})
		}
		netPen := pen{stroke: colBlue, width: 1.5, dash: dashDashed}
		grossPen := pen{stroke: colInk, width: 2}
		schedPen := pen{stroke: colOrange, width: 2}
		if st.Net != nil && st.Gross != nil {
			p.add("net", false, func(c canvas) { c.steps(xs, width, st.Net, netPen) })
			p.legend = append(p.legend, legendItem{label: "required on the phones", pen: netPen})
		}
		if req != nil {
			p.add("required", false, func(c canvas) { c.steps(xs, width, req, grossPen) })
			p.legend = append(p.legend, legendItem{label: reqName, pen: grossPen})
		}
		if st.Scheduled != nil {
			name := st.ScheduledName
			if name == "" {
				name = "scheduled"
			}
			p.add("scheduled", false, func(c canvas) { c.steps(xs, width, st.Scheduled, schedPen) })
			p.legend = append(p.legend, legendItem{label: name, pen: schedPen})
		}
		_, _, hasSL := extent(st.ServiceLevel)
		_, _, hasSim := extent(st.SimServiceLevel)
		if hasSL || hasSim {
			y2 := niceAxis("service level (%)", 0, 1, 5, true, fmtPercent)
			y2.grid = nil
			p.y2 = &y2
		}
		if hasSim {
			simPen := pen{stroke: colNavy, width: 1.5}
			if st.SimServiceLow != nil && st.SimServiceHigh != nil {
				fill := drawing.Color{R: colNavy.R, G: colNavy.G, B: colNavy.B, A: 60}
				p.add("simulated band", true, func(c canvas) { c.band(xs, width, st.SimServiceLow, st.SimServiceHigh, fill) })
				conf := st.SimConfidence
				if !(conf > 0 && conf < 1) {
					conf = 0.95
				}
				p.legend = append(p.legend, legendItem{label: fmt.Sprintf("simulated, %s interval", fmtPercent(conf, 0.01)), kind: legendArea, pen: pen{fill: fill}})
			}
			p.add("simulated service level", true, func(c canvas) { c.steps(xs, width, st.SimServiceLevel, simPen) })
			p.legend = append(p.legend, legendItem{label: "simulated service level (right axis)", pen: simPen})
		}
		if hasSL {
			slPen := pen{stroke: colGreen, width: 1.5, dash: dashDotted}
			p.add("service level", true, func(c canvas) { c.steps(xs, width, st.ServiceLevel, slPen) })
			name := st.ServiceName
			if name == "" {
				name = "service level (right axis)"
			}
			p.legend = append(p.legend, legendItem{label: name, pen: slPen})
		}
		if (hasSL || hasSim) && st.ServiceTarget > 0 && st.ServiceTarget < 1 {
			tPen := pen{stroke: colGreen, width: 1, dash: dashLong}
			p.add("service target", true, func(c canvas) { c.hline(st.ServiceTarget, tPen) })
			p.legend = append(p.legend, legendItem{label: fmt.Sprintf("target %s", fmtPercent(st.ServiceTarget, 0.01)), pen: tPen})
		}
		return p.draw(r, f, w, h)
	})
}
