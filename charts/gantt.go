package charts

import (
	"fmt"
	"strings"
	"time"

	chart "github.com/wcharczuk/go-chart/v2"
	"github.com/wcharczuk/go-chart/v2/drawing"
)

// Gantt is a shift plan or roster as bars on a time axis: one row per
// agent (a roster) or per shift pattern (a plan), breaks drawn inside the
// bars.
type Gantt struct {
	Title string // "" is "Shift plan"
	// Location is the wall clock of the time axis; nil is UTC.
	Location *time.Location
	// From and To bound the window drawn (a day, a week); zero values take
	// the bars' extent. Bars are cut at the window; rows with no bar in it
	// are left out.
	From, To time.Time
	// RowName names the rows on the axis, in the singular: "agent" or
	// "shift kind" ("" is "shift").
	RowName string
	Rows    []GanttRow
}

// GanttRow is one line of bars.
type GanttRow struct {
	Label string
	Bars  []Bar
}

// Bar is one shift: its span, its breaks and an optional label drawn
// after it (such as "×3" for three people).
type Bar struct {
	Start, End time.Time
	Breaks     []Break
	Label      string
}

// Break is a break inside a shift.
type Break struct {
	Start, End time.Time
	Paid       bool
}

// MaxGanttRows caps the rows drawn; the subtitle says how many were left out.
const MaxGanttRows = 120

// Render draws the Gantt chart (default 1200 wide, 140 + 20 per row high).
func (g Gantt) Render(o Options) ([]byte, error) {
	loc := g.Location
	if loc == nil {
		loc = time.UTC
	}
	from, to := g.From, g.To
	if from.IsZero() || to.IsZero() {
		var lo, hi time.Time
		for _, r := range g.Rows {
			for _, b := range r.Bars {
				if lo.IsZero() || b.Start.Before(lo) {
					lo = b.Start
				}
				if hi.IsZero() || b.End.After(hi) {
					hi = b.End
				}
			}
		}
		if from.IsZero() {
			from = lo
		}
		if to.IsZero() {
			to = hi
		}
	}
	var rows []GanttRow
	for i, r := range g.Rows {
		var bars []Bar
		for j, b := range r.Bars {
			if !b.End.After(b.Start) {
				return nil, fmt.Errorf("%w: gantt rows[%d].bars[%d] ends at or before its start", ErrOrder, i, j)
			}
			if b.End.After(from) && b.Start.Before(to) {
				bars = append(bars, b)
			}
		}
		if len(bars) > 0 {
			rows = append(rows, GanttRow{Label: r.Label, Bars: bars})
		}
	}
	if len(rows) == 0 || !to.After(from) {
		return nil, fmt.Errorf("%w: no shift in the window", ErrEmpty)
	}
	total := len(rows)
	if len(rows) > MaxGanttRows {
		rows = rows[:MaxGanttRows]
	}
	w, h, err := o.size(1200, min(MaxSize, max(MinHeight+60, 150+20*len(rows))))
	if err != nil {
		return nil, err
	}
	title := g.Title
	if title == "" {
		title = "Shift plan"
	}
	rowName := g.RowName
	if rowName == "" {
		rowName = "shift"
	}
	sc := timeScale{t0: from, loc: loc}
	n := float64(len(rows))
	return render(o, w, h, title, func(r chart.Renderer) error {
		f, _ := defaultFont()
		noun := rowName
		if total != 1 && !strings.HasSuffix(noun, "s") {
			noun += "s"
		}
		sub := fmt.Sprintf("%s to %s · %d %s", from.In(loc).Format("Mon 2 Jan 15:04"), to.In(loc).Format("Mon 2 Jan 15:04"), total, noun)
		if total > len(rows) {
			sub += fmt.Sprintf(" (the first %d drawn)", len(rows))
		}
		sub += " · times in " + sc.zone()
		p := &plot{title: title, subtitle: sub}
		p.x = timeAxis("time ("+sc.zone()+")", sc, to, w-220, f)
		p.y = axis{name: rowName, min: 0, max: n}
		labelW := 0
		for i, row := range rows {
			l := clip(f, row.Label, 200)
			labelW = max(labelW, textWidth(f, l, labelPt))
			p.y.ticks = append(p.y.ticks, chart.Tick{Value: n - float64(i) - 0.5, Label: l})
		}
		barPen := pen{stroke: colNavy, width: 1, fill: colMidBlue}
		unpaid := pen{stroke: colNavy, width: 1, fill: colWhite}
		paid := pen{stroke: colNavy, width: 1, fill: drawing.Color{R: 0xbd, G: 0xbd, B: 0xbd, A: 255}}
		clamp := func(t time.Time) float64 {
			if t.Before(from) {
				t = from
			}
			if t.After(to) {
				t = to
			}
			return sc.x(t)
		}
		p.add("shifts", false, func(c canvas) {
			rowPx := float64(c.box.Height()) / n
			half := int(max(3, rowPx*0.32))
			for i, row := range rows {
				yc := c.y(n - float64(i) - 0.5)
				if i%2 == 1 {
					rect(c.r, pen{fill: drawing.Color{R: 0xf4, G: 0xf4, B: 0xf4, A: 255}}, c.box.Left, yc-int(rowPx/2), c.box.Right, yc+int(rowPx/2))
				}
				for _, b := range row.Bars {
					x0, x1 := c.x(clamp(b.Start)), c.x(clamp(b.End))
					rect(c.r, barPen, x0, yc-half, max(x1, x0+1), yc+half)
					for _, br := range b.Breaks {
						if !br.End.After(from) || !br.Start.Before(to) {
							continue
						}
						bp := unpaid
						if br.Paid {
							bp = paid
						}
						rect(c.r, bp, c.x(clamp(br.Start)), yc-half+2, max(c.x(clamp(br.End)), c.x(clamp(br.Start))+1), yc+half-2)
					}
					if b.Label != "" {
						// after the bar, where the breaks do not hide it
						text(c.r, c.f, b.Label, max(x1, x0+1)+3, yc+ptPixels(labelPt)/2-1, labelPt, colInk)
					}
				}
			}
		})
		p.legend = []legendItem{
			{label: "shift", kind: legendArea, pen: barPen},
			{label: "unpaid break", kind: legendArea, pen: unpaid},
			{label: "paid break", kind: legendArea, pen: paid},
		}
		return p.draw(r, f, w, h)
	})
}
