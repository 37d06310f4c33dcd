package charts

import (
	"bytes"
	"errors"
	"fmt"
	"html"
	"io"
	"math"
	"path/filepath"
	"strings"
	"sync"

	"github.com/golang/freetype/truetype"
	chart "github.com/wcharczuk/go-chart/v2"
	"github.com/wcharczuk/go-chart/v2/drawing"
	"golang.org/x/image/font"
)

// Errors. Each is wrapped with details naming the chart and field.
var (
	// ErrEmpty: the input has no finite value to draw.
	ErrEmpty = errors.New("charts: nothing to draw")
	// ErrLength: a column's length differs from the times it goes with.
	ErrLength = errors.New("charts: series lengths differ")
	// ErrFormat: a format or file extension other than PNG or SVG.
	ErrFormat = errors.New("charts: unknown format (want png or svg)")
	// ErrSize: a width or height outside [MinWidth, MaxSize] x [MinHeight, MaxSize].
	ErrSize = errors.New("charts: size out of range")
	// ErrInterval: an interval length that is not positive.
	ErrInterval = errors.New("charts: interval must be positive")
	// ErrOrder: times that do not increase.
	ErrOrder = errors.New("charts: times must increase")
	// ErrRender: go-chart failed or panicked (a bug here or there).
	ErrRender = errors.New("charts: rendering failed")
)

// Format is the image format of a rendered chart. The zero value is PNG.
type Format int

// Formats.
const (
	PNG Format = iota
	SVG
)

func (f Format) String() string {
	if f == SVG {
		return "svg"
	}
	return "png"
}

// ContentType is the media type of the format: image/png or image/svg+xml.
func (f Format) ContentType() string {
	if f == SVG {
		return "image/svg+xml"
	}
	return "image/png"
}

// FormatOfFile picks the format from a file name's extension, .png or .svg
// in any case; anything else is ErrFormat.
func FormatOfFile(name string) (Format, error) {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".png":
		return PNG, nil
	case ".svg":
		return SVG, nil
	}
	return PNG, fmt.Errorf("%w: %q", ErrFormat, name)
}

// Size limits in pixels.
const (
	MinWidth  = 320
	MinHeight = 200
	MaxSize   = 4000
)

// Options say how to render: the format and the size in pixels (zero: the
// chart's default, 1200 x 500 for most).
type Options struct {
	Format        Format
	Width, Height int
}

// Chart is anything this package renders.
type Chart interface {
	Render(o Options) ([]byte, error)
}

func (o Options) size(defW, defH int) (int, int, error) {
	w, h := o.Width, o.Height
	if w == 0 {
		w = defW
	}
	if h == 0 {
		h = defH
	}
	if w < MinWidth || h < MinHeight || w > MaxSize || h > MaxSize {
		return 0, 0, fmt.Errorf("%w: %d x %d (want %d-%d x %d-%d)", ErrSize, w, h, MinWidth, MaxSize, MinHeight, MaxSize)
	}
	if o.Format != PNG && o.Format != SVG {
		return 0, 0, fmt.Errorf("%w: %d", ErrFormat, int(o.Format))
	}
	return w, h, nil
}

var (
	fontOnce sync.Once
	fontTTF  *truetype.Font
	fontErr  error
)

// defaultFont loads go-chart's font once. go-chart's own lazy loading is a
// data race when the first renders run concurrently; every chart here gets
// the font explicitly, so go-chart never loads it itself.
func defaultFont() (*truetype.Font, error) {
	fontOnce.Do(func() { fontTTF, fontErr = chart.GetDefaultFont() })
	return fontTTF, fontErr
}

// Colours, chosen to differ in lightness (grey-scale print) as well as hue.
var (
	colInk      = drawing.Color{R: 0x22, G: 0x22, B: 0x22, A: 255}
	colGrey     = drawing.Color{R: 0x66, G: 0x66, B: 0x66, A: 255}
	colGrid     = drawing.Color{R: 0xdd, G: 0xdd, B: 0xdd, A: 255}
	colNavy     = drawing.Color{R: 0x08, G: 0x30, B: 0x6b, A: 255}
	colBlue     = drawing.Color{R: 0x21, G: 0x66, B: 0xac, A: 255}
	colMidBlue  = drawing.Color{R: 0x6b, G: 0xae, B: 0xd6, A: 255}
	colPaleBlue = drawing.Color{R: 0xc6, G: 0xdb, B: 0xef, A: 255}
	colOrange   = drawing.Color{R: 0xe6, G: 0x55, B: 0x0d, A: 255}
	colGreen    = drawing.Color{R: 0x1a, G: 0x98, B: 0x50, A: 255}
	colRed      = drawing.Color{R: 0xb2, G: 0x18, B: 0x2b, A: 255}
	colSand     = drawing.Color{R: 0xfe, G: 0xe3, B: 0xbb, A: 255}
	colWhite    = drawing.Color{R: 255, G: 255, B: 255, A: 255}
)

// Dash patterns.
var (
	dashSolid   []float64
	dashDashed  = []float64{8, 4}
	dashDotted  = []float64{2, 3}
	dashDashDot = []float64{8, 3, 2, 3}
	dashLong    = []float64{14, 4}
)

// pen is how a line or area is drawn.
type pen struct {
	stroke drawing.Color
	width  float64
	dash   []float64
	fill   drawing.Color
}

// apply resets the renderer's style and sets p's. A zero colour draws
// nothing (SVG "none").
func (p pen) apply(r chart.Renderer) {
	r.ResetStyle()
	r.SetStrokeColor(p.stroke)
	r.SetStrokeWidth(p.width)
	r.SetStrokeDashArray(p.dash)
	r.SetFillColor(p.fill)
}

// Font sizes in points.
const (
	titlePt    = 14
	subtitlePt = 10
	legendPt   = 9
	labelPt    = 8
)

// textWidth measures s in pixels at size pt.
func textWidth(f *truetype.Font, s string, pt float64) int {
	face := measureFace(f, pt, chart.DefaultDPI)
	defer face.Close()
	return font.MeasureString(face, s).Ceil()
}

// measureFace is a face for measuring text only: a one-glyph cache, since
// truetype's default cache allocates masks for 512 glyphs (hundreds of
// kilobytes) on every face.
func measureFace(f *truetype.Font, pt, dpi float64) font.Face {
	return truetype.NewFace(f, &truetype.Options{Size: pt, DPI: dpi, GlyphCacheEntries: 1})
}

// ptPixels is the height in pixels of a size in points.
func ptPixels(pt float64) int { return int(math.Ceil(pt * chart.DefaultDPI / 72)) }

// text draws s with its baseline at y.
func text(r chart.Renderer, f *truetype.Font, s string, x, y int, pt float64, c drawing.Color) {
	r.ResetStyle()
	r.SetFont(f)
	r.SetFontSize(pt)
	r.SetFontColor(c)
	r.Text(s, x, y)
}

// render draws the whole image: the chart c (or several panels) into one
// renderer of the format, then fixes the SVG.
func render(o Options, w, h int, title string, draw func(r chart.Renderer) error) (out []byte, err error) {
	defer func() {
		if p := recover(); p != nil {
			out, err = nil, fmt.Errorf("%w: %s: %v", ErrRender, title, p)
		}
	}()
	var base chart.Renderer
	if o.Format == SVG {
		r, err := chart.SVG(w, h)
		if err != nil {
			return nil, fmt.Errorf("%w: %v", ErrRender, err)
		}
		base = svgText{r, &svgState{dpi: chart.DefaultDPI}}
	} else {
		r, err := chart.PNG(w, h)
		if err != nil {
			return nil, fmt.Errorf("%w: %v", ErrRender, err)
		}
		base = r
	}
	f, err := defaultFont()
	if err != nil {
		return nil, fmt.Errorf("%w: font: %v", ErrRender, err)
	}
	base.SetFont(f)
	pen{fill: colWhite}.apply(base)
	base.MoveTo(0, 0)
	base.LineTo(w, 0)
	base.LineTo(w, h)
	base.LineTo(0, h)
	base.Close()
	base.Fill()
	if err := draw(base); err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if err := base.Save(&b); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrRender, err)
	}
	if o.Format == SVG {
		return fixSVG(b.Bytes(), w, h, title), nil
	}
	return b.Bytes(), nil
}

// fixSVG gives go-chart's <svg> its size and a <title>.
func fixSVG(svg []byte, w, h int, title string) []byte {
	const open = `<svg xmlns="http://www.w3.org/2000/svg"`
	i := bytes.Index(svg, []byte(open))
	end := bytes.IndexByte(svg, '>')
	if i != 0 || end < 0 {
		return svg
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, `<svg width="%d" height="%d"`, w, h)
	b.Write(svg[len(`<svg`) : end+1])
	fmt.Fprintf(&b, "<title>%s</title>", html.EscapeString(title))
	b.Write(svg[end+1:])
	return b.Bytes()
}

// svgText escapes text for XML (go-chart writes it raw into <text>) and
// measures text with one cached face per size (go-chart's SVG renderer
// makes a new face, with its glyph cache, for every measurement).
type svgText struct {
	chart.Renderer
	st *svgState
}

// svgState is the font state svgText tracks.
type svgState struct {
	font    *truetype.Font
	size    float64
	dpi     float64
	rotated bool
	faces   map[float64]font.Face
}

func (s svgText) Text(body string, x, y int) { s.Renderer.Text(html.EscapeString(body), x, y) }

func (s svgText) SetFont(f *truetype.Font) {
	if f != s.st.font {
		s.st.faces = nil
	}
	s.st.font = f
	s.Renderer.SetFont(f)
}

func (s svgText) SetFontSize(pt float64) { s.st.size = pt; s.Renderer.SetFontSize(pt) }

func (s svgText) SetDPI(dpi float64) {
	if dpi != s.st.dpi {
		s.st.faces = nil
	}
	s.st.dpi = dpi
	s.Renderer.SetDPI(dpi)
}

func (s svgText) ResetStyle() { s.st.size = 0; s.Renderer.ResetStyle() }

func (s svgText) SetTextRotation(radians float64) {
	s.st.rotated = true
	s.Renderer.SetTextRotation(radians)
}

func (s svgText) ClearTextRotation() { s.st.rotated = false; s.Renderer.ClearTextRotation() }

// MeasureText is what the SVG renderer measures: the advance width and the
// font size in pixels.
func (s svgText) MeasureText(body string) chart.Box {
	if s.st.font == nil || s.st.rotated {
		return s.Renderer.MeasureText(body)
	}
	face, ok := s.st.faces[s.st.size]
	if !ok {
		if s.st.faces == nil {
			s.st.faces = map[float64]font.Face{}
		}
		face = measureFace(s.st.font, s.st.size, s.st.dpi)
		s.st.faces[s.st.size] = face
	}
	return chart.Box{Right: font.MeasureString(face, body).Ceil(), Bottom: int(drawing.PointsToPixels(s.st.dpi, s.st.size))}
}

// offset draws a panel at (dx, dy) of a shared renderer; Save is left to
// the owner.
type offset struct {
	chart.Renderer
	dx, dy int
}

func (o offset) MoveTo(x, y int) { o.Renderer.MoveTo(x+o.dx, y+o.dy) }
func (o offset) LineTo(x, y int) { o.Renderer.LineTo(x+o.dx, y+o.dy) }
func (o offset) QuadCurveTo(cx, cy, x, y int) {
	o.Renderer.QuadCurveTo(cx+o.dx, cy+o.dy, x+o.dx, y+o.dy)
}
func (o offset) ArcTo(cx, cy int, rx, ry, start, delta float64) {
	o.Renderer.ArcTo(cx+o.dx, cy+o.dy, rx, ry, start, delta)
}
func (o offset) Circle(radius float64, x, y int) { o.Renderer.Circle(radius, x+o.dx, y+o.dy) }
func (o offset) Text(body string, x, y int)      { o.Renderer.Text(body, x+o.dx, y+o.dy) }
func (o offset) Save(io.Writer) error            { return nil }

// finite reports whether v is a number to draw.
func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// extent is the least and greatest finite value of the columns; ok is false
// when there is none.
func extent(cols ...[]float64) (lo, hi float64, ok bool) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, c := range cols {
		for _, v := range c {
			if finite(v) {
				lo, hi, ok = math.Min(lo, v), math.Max(hi, v), true
			}
		}
	}
	return lo, hi, ok
}
