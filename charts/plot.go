package charts

import (
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/golang/freetype/truetype"
	chart "github.com/wcharczuk/go-chart/v2"
	"github.com/wcharczuk/go-chart/v2/drawing"
)

// axis is one axis of a plot: its range, ticks and grid lines, all
// computed here (go-chart's own fail on flat or single-point data).
type axis struct {
	name     string
	min, max float64
	ticks    []chart.Tick
	grid     []float64
}

// tickRange is a fixed range that supplies its own ticks: go-chart then
// keeps the range as given (it replaces a range by the span of an axis's
// Ticks field, and the secondary axis's by the primary's ticks).
type tickRange struct {
	*chart.ContinuousRange
	ticks []chart.Tick
}

func (t *tickRange) GetTicks(chart.Renderer, chart.Style, chart.ValueFormatter) []chart.Tick {
	return t.ticks
}

func (a axis) rng() *tickRange {
	return &tickRange{&chart.ContinuousRange{Min: a.min, Max: a.max}, a.ticks}
}

// canvas maps data to pixels inside the plotting box.
type canvas struct {
	r      chart.Renderer
	f      *truetype.Font
	box    chart.Box
	xr, yr chart.Range
}

func (c canvas) x(v float64) int { return c.box.Left + c.xr.Translate(v) }

// y is the pixel row of v, kept inside the box.
func (c canvas) y(v float64) int {
	y := c.box.Bottom - c.yr.Translate(v)
	return max(c.box.Top, min(c.box.Bottom, y))
}

// layer is one drawing step of a plot, on the left axis or the right one.
// It is a go-chart Series whose ranges are fixed by the plot.
type layer struct {
	name  string
	right bool
	draw  func(c canvas)
	font  *truetype.Font
}

func (l layer) GetName() string       { return l.name }
func (l layer) GetStyle() chart.Style { return chart.Style{} }
func (l layer) Validate() error       { return nil }

// GetYAxis: go-chart draws its "primary" axis on the right and its
// "secondary" one on the left; left-axis layers are secondary.
func (l layer) GetYAxis() chart.YAxisType {
	if l.right {
		return chart.YAxisPrimary
	}
	return chart.YAxisSecondary
}

func (l layer) Render(r chart.Renderer, box chart.Box, xr, yr chart.Range, _ chart.Style) {
	l.draw(canvas{r: r, f: l.font, box: box, xr: xr, yr: yr})
}

// legendKind is how a legend item's swatch looks.
type legendKind int

const (
	legendLine legendKind = iota
	legendArea
)

type legendItem struct {
	label string
	kind  legendKind
	pen   pen
	mark  marker
}

// plot is one chart: title, axes, layers drawn in order, legend.
type plot struct {
	title, subtitle string
	x, y            axis
	y2              *axis // the right axis, when a layer uses it
	layers          []layer
	legend          []legendItem
}

func (p *plot) add(name string, right bool, draw func(c canvas)) {
	p.layers = append(p.layers, layer{name: name, right: right, draw: draw})
}

// Layout constants in pixels.
const (
	padSide     = 12
	legendGap   = 18
	swatchWidth = 26
)

// legendRows lays the legend out in rows no wider than width.
func (p *plot) legendRows(f *truetype.Font, width int) [][]int {
	var rows [][]int
	x := 0
	for i, it := range p.legend {
		w := swatchWidth + 6 + labelWidth(f, it.label) + legendGap
		if len(rows) == 0 || (x+w > width && x > 0) {
			rows = append(rows, nil)
			x = 0
		}
		rows[len(rows)-1] = append(rows[len(rows)-1], i)
		x += w
	}
	return rows
}

// draw renders the plot into r (a whole image, or a panel of one) of size
// w x h.
func (p *plot) draw(r chart.Renderer, f *truetype.Font, w, h int) error {
	top := 10 + ptPixels(titlePt) + 8
	if p.subtitle != "" {
		top += ptPixels(subtitlePt) + 6
	}
	// The y axes' names go above them, level: go-chart's rotated names
	// collide with long tick labels.
	nameY := top + ptPixels(legendPt)
	top = nameY + 8
	rows := p.legendRows(f, w-2*padSide)
	rowH := ptPixels(legendPt) + 8
	bottom := 8 + len(rows)*rowH
	axisStyle := chart.Style{StrokeColor: colGrey, StrokeWidth: 1, FontColor: colInk, FontSize: labelPt}
	nameStyle := chart.Style{FontColor: colInk, FontSize: legendPt}
	grid := chart.Style{StrokeColor: colGrid, StrokeWidth: 1}
	gridLines := func(vs []float64) []chart.GridLine {
		var gl []chart.GridLine
		for _, v := range vs {
			gl = append(gl, chart.GridLine{Value: v, Style: grid})
		}
		return gl
	}
	left, right := padSide, padSide+16
	c := chart.Chart{
		Width: w, Height: h, Font: f,
		Background: chart.Style{FillColor: colWhite, Padding: chart.Box{Top: top, Left: left, Right: right, Bottom: bottom}},
		Canvas:     chart.Style{FillColor: colWhite},
		XAxis: chart.XAxis{Name: p.x.name, NameStyle: nameStyle, Style: axisStyle, Range: p.x.rng(),
			GridMajorStyle: grid, GridMinorStyle: chart.Hidden(), GridLines: gridLines(p.x.grid)},
		YAxisSecondary: chart.YAxis{Style: axisStyle, Range: p.y.rng(),
			GridMajorStyle: grid, GridMinorStyle: chart.Hidden(), GridLines: gridLines(p.y.grid)},
		YAxis: chart.YAxis{Style: chart.Hidden(), Range: (&axis{min: 0, max: 1}).rng()},
	}
	if len(p.x.grid) == 0 {
		c.XAxis.GridMajorStyle = chart.Hidden()
	}
	if len(p.y.grid) == 0 {
		c.YAxisSecondary.GridMajorStyle = chart.Hidden()
	}
	if p.y2 != nil {
		c.YAxis = chart.YAxis{Style: axisStyle, Range: p.y2.rng(),
			GridMajorStyle: chart.Hidden(), GridMinorStyle: chart.Hidden()}
	}
	// A plot with nothing on the left axis still needs a left-axis series
	// for go-chart to draw that axis.
	c.Series = append(c.Series, layer{name: "", draw: func(canvas) {}})
	for _, l := range p.layers {
		l.font = f
		c.Series = append(c.Series, l)
	}
	c.Elements = []chart.Renderable{
		func(r chart.Renderer, _ chart.Box, _ chart.Style) {
			p.drawTitle(r, f)
			text(r, f, p.y.name, padSide, nameY, legendPt, colInk)
			if p.y2 != nil {
				text(r, f, p.y2.name, w-padSide-textWidth(f, p.y2.name, legendPt), nameY, legendPt, colInk)
			}
		},
		func(r chart.Renderer, _ chart.Box, _ chart.Style) { p.drawLegend(r, f, rows, h-bottom+6, rowH) },
	}
	return c.Render(func(int, int) (chart.Renderer, error) { return offset{Renderer: r}, nil }, io.Discard)
}

func (p *plot) drawTitle(r chart.Renderer, f *truetype.Font) {
	y := 10 + ptPixels(titlePt)
	text(r, f, p.title, padSide, y, titlePt, colInk)
	if p.subtitle != "" {
		text(r, f, p.subtitle, padSide, y+ptPixels(subtitlePt)+6, subtitlePt, colGrey)
	}
}

func (p *plot) drawLegend(r chart.Renderer, f *truetype.Font, rows [][]int, y0, rowH int) {
	for ri, row := range rows {
		x := padSide
		y := y0 + ri*rowH // top of the row
		mid := y + rowH/2 - 2
		for _, i := range row {
			it := p.legend[i]
			switch it.kind {
			case legendArea:
				pn := it.pen
				if pn.stroke.IsZero() {
					pn.stroke = colGrey
					pn.width = 1
				}
				rect(r, pn, x, mid-5, x+swatchWidth, mid+5)
			default:
				pn := it.pen
				pn.fill = drawing.Color{}
				pn.apply(r)
				r.MoveTo(x, mid)
				r.LineTo(x+swatchWidth, mid)
				r.Stroke()
				if it.mark != markNone {
					it.mark.draw(r, x+swatchWidth/2, mid, it.pen.stroke)
				}
			}
			text(r, f, it.label, x+swatchWidth+6, mid+ptPixels(legendPt)/2-1, legendPt, colInk)
			x += swatchWidth + 6 + labelWidth(f, it.label) + legendGap
		}
	}
}

// labelWidth is a legend label's width with a margin: the renderers draw
// text a little wider than the font measures it.
func labelWidth(f *truetype.Font, s string) int {
	return textWidth(f, s, legendPt) * 108 / 100
}

// rect draws a rectangle with p's fill and stroke.
func rect(r chart.Renderer, p pen, x0, y0, x1, y1 int) {
	p.apply(r)
	r.MoveTo(x0, y0)
	r.LineTo(x1, y0)
	r.LineTo(x1, y1)
	r.LineTo(x0, y1)
	r.Close()
	switch {
	case p.fill.IsZero():
		r.Stroke()
	case p.stroke.IsZero():
		r.Fill()
	default:
		r.FillStroke()
	}
}

// marker is a point symbol; shapes tell series apart in grey-scale.
type marker int

const (
	markNone marker = iota
	markCircle
	markSquare
	markTriangle
	markDiamond
	markOpenCircle
	markOpenSquare
	markCross
)

func (m marker) draw(r chart.Renderer, x, y int, c drawing.Color) {
	const s = 4
	fillPen := pen{stroke: c, width: 1, fill: c}
	openPen := pen{stroke: c, width: 1.5, fill: colWhite}
	poly := func(p pen, pts ...[2]int) {
		p.apply(r)
		r.MoveTo(pts[0][0], pts[0][1])
		for _, q := range pts[1:] {
			r.LineTo(q[0], q[1])
		}
		r.Close()
		r.FillStroke()
	}
	switch m {
	case markCircle, markOpenCircle:
		p := fillPen
		if m == markOpenCircle {
			p = openPen
		}
		p.apply(r)
		r.ArcTo(x, y, s, s, 0, 2*math.Pi)
		r.Close()
		r.FillStroke()
	case markSquare:
		poly(fillPen, [2]int{x - s, y - s}, [2]int{x + s, y - s}, [2]int{x + s, y + s}, [2]int{x - s, y + s})
	case markOpenSquare:
		poly(openPen, [2]int{x - s, y - s}, [2]int{x + s, y - s}, [2]int{x + s, y + s}, [2]int{x - s, y + s})
	case markTriangle:
		poly(fillPen, [2]int{x, y - s - 1}, [2]int{x + s + 1, y + s}, [2]int{x - s - 1, y + s})
	case markDiamond:
		poly(fillPen, [2]int{x, y - s - 1}, [2]int{x + s + 1, y}, [2]int{x, y + s + 1}, [2]int{x - s - 1, y})
	case markCross:
		pen{stroke: c, width: 2}.apply(r)
		r.MoveTo(x-s, y-s)
		r.LineTo(x+s, y+s)
		r.MoveTo(x-s, y+s)
		r.LineTo(x+s, y-s)
		r.Stroke()
	}
}

// niceAxis is a value axis from lo to hi on round ticks, at most about
// maxTicks of them. With zero the range includes 0. A flat range is
// widened, so a flat series is drawn, not lost.
func niceAxis(name string, lo, hi float64, maxTicks int, zero bool, format func(v, step float64) string) axis {
	if zero {
		lo, hi = math.Min(lo, 0), math.Max(hi, 0)
	}
	if hi <= lo {
		d := math.Max(math.Abs(hi)*0.1, 1)
		if zero && lo == 0 {
			hi += d
		} else {
			lo, hi = lo-d, hi+d
		}
	}
	step := niceStep((hi - lo) / float64(max(maxTicks, 2)))
	a := axis{name: name, min: math.Floor(lo/step+1e-9) * step, max: math.Ceil(hi/step-1e-9) * step}
	for i := 0; ; i++ {
		v := a.min + float64(i)*step
		if v > a.max+step/2 {
			break
		}
		a.ticks = append(a.ticks, chart.Tick{Value: v, Label: format(v, step)})
		a.grid = append(a.grid, v)
	}
	return a
}

// niceStep rounds a raw step up to 1, 2, 2.5 or 5 times a power of ten.
func niceStep(raw float64) float64 {
	if !(raw > 0) {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if raw <= m*p*(1+1e-9) {
			return m * p
		}
	}
	return 10 * p
}

// decimals is how many decimals show a multiple of step exactly.
func decimals(step float64) int {
	d := 0
	for s := step; d < 6 && math.Abs(s-math.Round(s)) > 1e-9*math.Max(1, s); s *= 10 {
		d++
	}
	return d
}

// fmtNumber formats v to the precision of step, thousands separated.
func fmtNumber(v, step float64) string {
	s := strconv.FormatFloat(v, 'f', decimals(step), 64)
	if s == "-0" {
		s = "0"
	}
	return group(s)
}

// fmtPercent formats a share as a percentage to the precision of step.
func fmtPercent(v, step float64) string {
	return strconv.FormatFloat(v*100, 'f', decimals(step*100), 64) + "%"
}

// group puts thousands separators into a formatted number.
func group(s string) string {
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	intPart, frac, hasFrac := strings.Cut(s, ".")
	var b strings.Builder
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	out := b.String()
	if hasFrac {
		out += "." + frac
	}
	if neg {
		out = "-" + out
	}
	return out
}

// steps draws ys as a step line: value i holds over [xs[i], xs[i]+w). The
// line breaks at gaps (non-finite values, or missing intervals).
func (c canvas) steps(xs []float64, w float64, ys []float64, p pen) {
	var pathPts [][2]int
	for i := range xs {
		if !finite(ys[i]) {
			c.strokePath(pathPts, p)
			pathPts = pathPts[:0]
			continue
		}
		if len(pathPts) > 0 && i > 0 && math.Abs(xs[i]-(xs[i-1]+w)) > 1e-6 {
			c.strokePath(pathPts, p)
			pathPts = pathPts[:0]
		}
		y := c.y(ys[i])
		pathPts = append(pathPts, [2]int{c.x(xs[i]), y}, [2]int{c.x(xs[i] + w), y})
	}
	c.strokePath(pathPts, p)
}

// strokePath strokes a polyline of at least one segment.
func (c canvas) strokePath(pts [][2]int, p pen) {
	if len(pts) < 2 {
		return
	}
	p.fill = drawing.Color{}
	p.apply(c.r)
	c.r.MoveTo(pts[0][0], pts[0][1])
	for _, q := range pts[1:] {
		c.r.LineTo(q[0], q[1])
	}
	c.r.Stroke()
}

// band fills the area between lo and hi as steps over [xs[i], xs[i]+w),
// one polygon per run of finite, contiguous intervals.
func (c canvas) band(xs []float64, w float64, lo, hi []float64, fill drawing.Color) {
	start := -1
	flush := func(end int) {
		if start < 0 {
			return
		}
		pen{fill: fill}.apply(c.r)
		c.r.MoveTo(c.x(xs[start]), c.y(hi[start]))
		for i := start; i < end; i++ {
			c.r.LineTo(c.x(xs[i]), c.y(hi[i]))
			c.r.LineTo(c.x(xs[i]+w), c.y(hi[i]))
		}
		for i := end - 1; i >= start; i-- {
			c.r.LineTo(c.x(xs[i]+w), c.y(lo[i]))
			c.r.LineTo(c.x(xs[i]), c.y(lo[i]))
		}
		c.r.Close()
		c.r.Fill()
		start = -1
	}
	for i := range xs {
		ok := finite(lo[i]) && finite(hi[i]) && hi[i] > lo[i]
		if start >= 0 && (!ok || math.Abs(xs[i]-(xs[i-1]+w)) > 1e-6) {
			flush(i)
		}
		if ok && start < 0 {
			start = i
		}
	}
	flush(len(xs))
}

// polyline draws ys against xs as a line through the points with markers,
// breaking at non-finite values; a lone point shows as its marker.
func (c canvas) polyline(xs, ys []float64, p pen, m marker) {
	var pts [][2]int
	for i := range xs {
		if !finite(ys[i]) {
			c.strokePath(pts, p)
			pts = pts[:0]
			continue
		}
		pts = append(pts, [2]int{c.x(xs[i]), c.y(ys[i])})
	}
	c.strokePath(pts, p)
	if m == markNone {
		m = markCircle
	}
	for i := range xs {
		if finite(ys[i]) {
			m.draw(c.r, c.x(xs[i]), c.y(ys[i]), p.stroke)
		}
	}
}

// vline draws a vertical line at x across the box with a label at its top.
func (c canvas) vline(x float64, p pen, label string) {
	px := c.x(x)
	p.fill = drawing.Color{}
	p.apply(c.r)
	c.r.MoveTo(px, c.box.Top)
	c.r.LineTo(px, c.box.Bottom)
	c.r.Stroke()
	if label != "" {
		text(c.r, c.f, label, px+4, c.box.Top+ptPixels(labelPt)+2, labelPt, colInk)
	}
}

// hline draws a horizontal line at y across the box.
func (c canvas) hline(y float64, p pen) {
	py := c.y(y)
	p.fill = drawing.Color{}
	p.apply(c.r)
	c.r.MoveTo(c.box.Left, py)
	c.r.LineTo(c.box.Right, py)
	c.r.Stroke()
}
