package charts

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"image"
	"image/draw"
	"image/png"
	"io"
	"math"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wcharczuk/go-chart/v2/drawing"
)

var paris = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		panic(err)
	}
	return loc
}()

// Sample inputs, small and deterministic.

func sampleForecast(days, fcDays int) Forecast {
	start := time.Date(2026, 3, 16, 0, 0, 0, 0, paris)
	fc := Forecast{Queue: "retail", Method: "profile", Location: paris, Interval: time.Hour}
	for i := 0; i < (days+fcDays)*24; i++ {
		t := start.Add(time.Duration(i) * time.Hour)
		v := math.Max(0, 60*math.Sin((float64(t.In(paris).Hour())-7)/14*math.Pi))
		if i < days*24 {
			fc.History = append(fc.History, Actual{t, v})
		} else {
			fc.Points = append(fc.Points, ForecastPoint{t, v, v * 0.85, v * 1.15, v * 0.7, v * 1.3})
		}
	}
	fc.SpecialDays = []SpecialDay{{Date: start.AddDate(0, 0, days+1), Kind: "holiday", Name: "Good Friday"}}
	return fc
}

func sampleStaffing(n int) Staffing {
	start := time.Date(2026, 3, 16, 6, 0, 0, 0, paris)
	st := Staffing{Queue: "retail", Location: paris, Interval: 30 * time.Minute, ScheduledName: "scheduled (plan 3)", ServiceTarget: 0.8}
	for i := 0; i < n; i++ {
		st.Starts = append(st.Starts, start.Add(time.Duration(i)*30*time.Minute))
		v := 5 + 15*math.Sin(float64(i)/float64(max(n, 2))*math.Pi)
		st.Net = append(st.Net, math.Ceil(v))
		st.Gross = append(st.Gross, math.Ceil(v/0.7))
		st.Scheduled = append(st.Scheduled, math.Round(v/0.7+4*math.Sin(float64(i))))
		st.ServiceLevel = append(st.ServiceLevel, 0.8+0.1*math.Sin(float64(i)))
	}
	return st
}

// sampleSimulated is sampleStaffing with a simulated service level and
// its 95% band, and without Erlang's.
func sampleSimulated(n int) Staffing {
	st := sampleStaffing(n)
	st.ServiceLevel = nil
	for i := range n {
		v := 0.78 + 0.1*math.Cos(float64(i))
		st.SimServiceLevel = append(st.SimServiceLevel, v)
		st.SimServiceLow = append(st.SimServiceLow, v-0.04)
		st.SimServiceHigh = append(st.SimServiceHigh, v+0.04)
	}
	st.SimConfidence = 0.95
	return st
}

func sampleGantt() Gantt {
	day := time.Date(2026, 3, 16, 0, 0, 0, 0, paris)
	g := Gantt{Title: "Roster 3: retail", Location: paris, RowName: "agent"}
	for a := 0; a < 6; a++ {
		row := GanttRow{Label: fmt.Sprintf("agent <%d> & co", a)} // XML specials must be escaped
		for d := 0; d < 3; d++ {
			s := day.AddDate(0, 0, d).Add(time.Duration(7+a) * time.Hour)
			row.Bars = append(row.Bars, Bar{Start: s, End: s.Add(8 * time.Hour), Label: "×2",
				Breaks: []Break{{s.Add(4 * time.Hour), s.Add(4*time.Hour + 30*time.Minute), false}}})
		}
		g.Rows = append(g.Rows, row)
	}
	return g
}

func sampleBacktest() Backtest {
	bt := Backtest{Queue: "retail", Origins: 8, Horizon: "168h"}
	for i, m := range []string{"auto", "snaive", "profile"} {
		me := MethodError{Method: m, WAPE: 0.1 + 0.01*float64(i)}
		for d := 0; d < 7; d++ {
			me.ByLeadDay = append(me.ByLeadDay, 0.08+0.01*float64(i*d))
		}
		bt.Methods = append(bt.Methods, me)
	}
	return bt
}

func sampleSweep() ScenarioSweep {
	sw := ScenarioSweep{Name: "bot"}
	for i := 0; i <= 4; i++ {
		s := float64(i) / 5
		p := SweepPoint{Value: s, PaidHours: 1000 * (1 - 0.7*s), NaivePaidHours: 1000 * (1 - s), ServiceLevel: 0.85, AbandonRate: 0.03 + 0.05*s,
			CostHumans: 30000 * (1 - 0.7*s), CostBot: 5000 * s, CostLost: 8000 * s * s, KeptPromise: i < 3}
		p.Cost = p.CostHumans + p.CostBot + p.CostLost
		sw.Points = append(sw.Points, p)
	}
	c := 0.4
	sw.Cheapest = &c
	return sw
}

func sampleSplit() HourlySplit {
	hs := HourlySplit{Queue: "retail", BestSingleShare: 0.35, Saving: 1234}
	for h := range hs.Shares {
		hs.Shares[h] = float64(h%5) / 5
	}
	return hs
}

// svgDoc is what the tests read from an SVG.
type svgDoc struct {
	width, height string
	title         string
	texts         []string
	strokes       map[string]int // stroke colour -> paths
	fills         map[string]int
}

func parseSVG(t *testing.T, b []byte) svgDoc {
	t.Helper()
	d := svgDoc{strokes: map[string]int{}, fills: map[string]int{}}
	dec := xml.NewDecoder(bytes.NewReader(b))
	var inText, inTitle bool
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("SVG is not well-formed XML: %v", err)
		}
		switch e := tok.(type) {
		case xml.StartElement:
			switch e.Name.Local {
			case "svg":
				for _, a := range e.Attr {
					switch a.Name.Local {
					case "width":
						d.width = a.Value
					case "height":
						d.height = a.Value
					}
				}
			case "text":
				inText = true
			case "title":
				inTitle = true
			case "path":
				for _, a := range e.Attr {
					if a.Name.Local != "style" {
						continue
					}
					for _, kv := range strings.Split(a.Value, ";") {
						k, v, _ := strings.Cut(kv, ":")
						switch k {
						case "stroke":
							d.strokes[v]++
						case "fill":
							d.fills[v]++
						}
					}
				}
			}
		case xml.EndElement:
			inText, inTitle = false, false
		case xml.CharData:
			if inText {
				d.texts = append(d.texts, string(e))
			}
			if inTitle {
				d.title += string(e)
			}
		}
	}
	return d
}

func (d svgDoc) hasText(s string) bool {
	for _, x := range d.texts {
		if strings.Contains(x, s) {
			return true
		}
	}
	return false
}

func svgColor(c drawing.Color) string { return c.String() }

func TestSVGStructure(t *testing.T) {
	cases := []struct {
		name   string
		chart  Chart
		title  string
		texts  []string        // axis names, legend labels, ticks
		colors []drawing.Color // a path stroked or filled in each
	}{
		{"forecast", sampleForecast(14, 7), "Forecast: retail",
			[]string{"time (Europe/Paris)", "contacts per 1h", "history (offered)", "forecast", "80% interval", "95% interval", "special day", "Good Friday (holiday)", "Mon"},
			[]drawing.Color{colGrey, colNavy, colMidBlue, colPaleBlue, colSand}},
		{"staffing", sampleStaffing(48), "Staffing: retail",
			[]string{"agents (head-count)", "service level (%)", "required with shrinkage", "required on the phones", "scheduled (plan 3)", "shortage", "excess", "target 80%", "Mon 06:00"},
			[]drawing.Color{colInk, colBlue, colOrange, colGreen}},
		{"simulated", sampleSimulated(48), "Staffing: retail",
			[]string{"service level (%)", "simulated service level (right axis)", "simulated, 95% interval", "target 80%"},
			[]drawing.Color{colInk, colNavy, colGreen}},
		{"gantt", sampleGantt(), "Roster 3: retail",
			[]string{"agent", "time (Europe/Paris)", "shift", "unpaid break", "agent <0> & co", "×2"},
			[]drawing.Color{colMidBlue, colNavy}},
		{"backtest", sampleBacktest(), "Forecast accuracy by lead day: retail",
			[]string{"WAPE (%)", "lead day (days after the forecast origin)", "auto (10.0% overall)", "snaive", "profile", "day 7"},
			[]drawing.Color{colInk, colBlue, colOrange}},
		{"sweep", sampleSweep(), "Scenario sweep: bot",
			[]string{"Paid hours", "Service", "Cost", "bot share (%)", "paid hours (h)", "service level", "abandoned", "lost contacts", "40%"},
			[]drawing.Color{colNavy, colGreen, colRed, colInk}},
		{"split", sampleSplit(), "Bot share by hour of day: retail",
			[]string{"hour of day", "bot share (%)", "12:00", "best single share for every hour"},
			[]drawing.Color{colMidBlue, colOrange}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b, err := c.chart.Render(Options{Format: SVG, Width: 1000, Height: 480})
			if err != nil {
				t.Fatal(err)
			}
			d := parseSVG(t, b)
			if d.width != "1000" || (c.name != "gantt" && d.height != "480") {
				t.Errorf("size %s x %s, want 1000 x 480", d.width, d.height)
			}
			if d.title != c.title || !d.hasText(c.title) {
				t.Errorf("title %q (texts %q), want %q", d.title, d.texts[:min(3, len(d.texts))], c.title)
			}
			for _, s := range c.texts {
				if !d.hasText(s) {
					t.Errorf("no text %q in %q", s, d.texts)
				}
			}
			for _, col := range c.colors {
				if d.strokes[svgColor(col)]+d.fills[svgColor(col)] == 0 {
					t.Errorf("no path in %s", svgColor(col))
				}
			}
		})
	}
}

// pixels decodes a PNG and counts its distinct colours and the pixels that
// are not white.
func pixels(t *testing.T, b []byte) (img *image.RGBA, distinct, inked int) {
	t.Helper()
	src, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("PNG does not decode: %v", err)
	}
	img = image.NewRGBA(src.Bounds())
	draw.Draw(img, img.Bounds(), src, src.Bounds().Min, draw.Src)
	seen := map[[3]uint8]bool{}
	for i := 0; i < len(img.Pix); i += 4 {
		c := [3]uint8{img.Pix[i], img.Pix[i+1], img.Pix[i+2]}
		seen[c] = true
		if c[0] < 245 || c[1] < 245 || c[2] < 245 {
			inked++
		}
	}
	return img, len(seen), inked
}

// near counts the pixels within 12 of c in every channel, and the least x
// of them.
func near(img *image.RGBA, c drawing.Color) (n, minX int) {
	w := img.Bounds().Dx()
	minX = w
	for i := 0; i < len(img.Pix); i += 4 {
		if absDiff(img.Pix[i], c.R) < 12 && absDiff(img.Pix[i+1], c.G) < 12 && absDiff(img.Pix[i+2], c.B) < 12 {
			n++
			minX = min(minX, (i/4)%w)
		}
	}
	return n, minX
}

func absDiff(a, b uint8) int {
	if a > b {
		return int(a - b)
	}
	return int(b - a)
}

func TestPNG(t *testing.T) {
	for _, c := range []struct {
		name  string
		chart Chart
	}{
		{"forecast", sampleForecast(7, 7)}, {"staffing", sampleStaffing(48)}, {"gantt", sampleGantt()},
		{"backtest", sampleBacktest()}, {"sweep", sampleSweep()}, {"split", sampleSplit()},
	} {
		t.Run(c.name, func(t *testing.T) {
			b, err := c.chart.Render(Options{Width: 640, Height: 360})
			if err != nil {
				t.Fatal(err)
			}
			img, distinct, inked := pixels(t, b)
			if sz := img.Bounds().Size(); sz.X != 640 || sz.Y != 360 {
				t.Errorf("size %v, want 640 x 360", sz)
			}
			if distinct < 20 || inked < 640*360/50 {
				t.Errorf("%d colours, %d inked pixels: looks blank", distinct, inked)
			}
		})
	}
}

// TestForecastLayout: the history lies left of the forecast, whose bands
// are drawn; the special day is shaded.
func TestForecastLayout(t *testing.T) {
	b, err := sampleForecast(7, 7).Render(Options{})
	if err != nil {
		t.Fatal(err)
	}
	img, _, _ := pixels(t, b)
	nHist, xHist := near(img, colGrey)
	nBand, xBand := near(img, colPaleBlue)
	nSand, _ := near(img, colSand)
	if nHist == 0 || nBand == 0 || nSand == 0 {
		t.Fatalf("history %d, 95%% band %d, special day %d pixels: want all", nHist, nBand, nSand)
	}
	if xBand < 1200/3 || xHist > xBand {
		t.Errorf("the 95%% band starts at x=%d, history at %d: want the forecast in the right half", xBand, xHist)
	}
}

func TestEdgeCases(t *testing.T) {
	t0 := time.Date(2026, 3, 16, 9, 0, 0, 0, paris)
	nan := math.NaN()
	flat := sampleStaffing(10)
	for i := range flat.Gross {
		flat.Gross[i], flat.Scheduled[i], flat.Net[i] = 5, 5, 4
	}
	zero := sampleStaffing(10)
	for i := range zero.Gross {
		zero.Gross[i], zero.Scheduled[i], zero.Net[i], zero.ServiceLevel[i] = 0, 0, 0, 0
	}
	gaps := sampleStaffing(10)
	gaps.Scheduled[3], gaps.Gross[4], gaps.ServiceLevel[5] = nan, math.Inf(1), nan
	allNaN := sampleStaffing(3)
	allNaN.Net, allNaN.Gross, allNaN.Scheduled = []float64{nan, nan, nan}, nil, nil
	short := sampleStaffing(3)
	short.Net = short.Net[:2]
	shortSim := sampleSimulated(3)
	shortSim.SimServiceHigh = shortSim.SimServiceHigh[:1]
	backwards := sampleStaffing(3)
	backwards.Starts[2] = backwards.Starts[0]
	oneForecast := Forecast{Queue: "q", Interval: 30 * time.Minute, Points: []ForecastPoint{{t0, 10, 8, 12, 6, 14}}}
	flatForecast := sampleForecast(2, 2)
	for i := range flatForecast.History {
		flatForecast.History[i].Volume = 7
	}
	for i := range flatForecast.Points {
		flatForecast.Points[i] = ForecastPoint{flatForecast.Points[i].Start, 7, 7, 7, 7, 7}
	}
	oneDay := sampleBacktest()
	for i := range oneDay.Methods {
		oneDay.Methods[i].ByLeadDay = oneDay.Methods[i].ByLeadDay[:1]
	}
	onePoint := sampleSweep()
	onePoint.Points = onePoint.Points[:1]
	onePoint.Cheapest = nil
	cases := []struct {
		name  string
		chart Chart
		o     Options
		err   error
	}{
		{"single staffing interval", sampleStaffing(1), Options{}, nil},
		{"single forecast interval", oneForecast, Options{Format: SVG}, nil},
		{"flat staffing", flat, Options{}, nil},
		{"all zero staffing", zero, Options{}, nil},
		{"flat forecast", flatForecast, Options{}, nil},
		{"NaN and Inf gaps", gaps, Options{}, nil},
		{"one lead day", oneDay, Options{}, nil},
		{"one sweep point", onePoint, Options{}, nil},
		{"empty staffing", Staffing{Interval: time.Hour}, Options{}, ErrEmpty},
		{"all NaN staffing", allNaN, Options{}, ErrEmpty},
		{"empty forecast", Forecast{Interval: time.Hour}, Options{}, ErrEmpty},
		{"NaN forecast", Forecast{Interval: time.Hour, Points: []ForecastPoint{{t0, nan, nan, nan, nan, nan}}}, Options{}, ErrEmpty},
		{"empty gantt", Gantt{}, Options{}, ErrEmpty},
		{"gantt window without bars", Gantt{Rows: sampleGantt().Rows, From: t0.AddDate(1, 0, 0), To: t0.AddDate(1, 0, 1)}, Options{}, ErrEmpty},
		{"empty backtest", Backtest{Methods: []MethodError{{Method: "auto", WAPE: 0.1}}}, Options{}, ErrEmpty},
		{"empty sweep", ScenarioSweep{}, Options{}, ErrEmpty},
		{"NaN split", HourlySplit{Shares: [24]float64{nan, nan, nan, nan, nan, nan, nan, nan, nan, nan, nan, nan, nan, nan, nan, nan, nan, nan, nan, nan, nan, nan, nan, nan}}, Options{}, ErrEmpty},
		{"length mismatch", short, Options{}, ErrLength},
		{"simulated band length mismatch", shortSim, Options{}, ErrLength},
		{"times out of order", backwards, Options{}, ErrOrder},
		{"no interval", Staffing{Starts: []time.Time{t0}, Net: []float64{1}}, Options{}, ErrInterval},
		{"too small", sampleStaffing(3), Options{Width: 10, Height: 10}, ErrSize},
		{"too big", sampleStaffing(3), Options{Width: 5000}, ErrSize},
		{"bad format", sampleStaffing(3), Options{Format: Format(9)}, ErrFormat},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			o := c.o
			if o.Width == 0 && o.Height == 0 {
				o.Width, o.Height = 480, 300
			}
			b, err := c.chart.Render(o)
			if c.err != nil {
				if !errors.Is(err, c.err) || !strings.HasPrefix(err.Error(), "charts: ") {
					t.Fatalf("err = %v, want %v prefixed charts:", err, c.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if c.o.Format == SVG {
				parseSVG(t, b)
				return
			}
			_, distinct, inked := pixels(t, b)
			if distinct < 20 || inked < 2000 {
				t.Errorf("%d colours, %d inked pixels: looks blank", distinct, inked)
			}
		})
	}
}

// TestFlatSeriesDrawn: a flat series is a visible line, not lost on the
// axis (go-chart's own range draws it blank).
func TestFlatSeriesDrawn(t *testing.T) {
	st := sampleStaffing(10)
	st.Net, st.Scheduled, st.ServiceLevel = nil, nil, nil
	for i := range st.Gross {
		st.Gross[i] = 5
	}
	b, err := st.Render(Options{})
	if err != nil {
		t.Fatal(err)
	}
	img, _, _ := pixels(t, b)
	if n, _ := near(img, colInk); n < 500 {
		t.Errorf("%d pixels of the required line", n)
	}
}

// TestConcurrentRender renders every chart from many goroutines at once
// (run with -race) and checks each PNG equals the one rendered alone.
func TestConcurrentRender(t *testing.T) {
	charts := []Chart{sampleForecast(7, 7), sampleStaffing(48), sampleGantt(), sampleBacktest(), sampleSweep(), sampleSplit()}
	o := Options{Width: 480, Height: 300}
	want := make([][]byte, len(charts))
	const goroutines = 12
	var wg sync.WaitGroup
	got := make([][]byte, goroutines)
	errs := make([]error, goroutines)
	for g := range goroutines {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got[g], errs[g] = charts[g%len(charts)].Render(o)
		}()
	}
	wg.Wait()
	for i, c := range charts {
		var err error
		if want[i], err = c.Render(o); err != nil {
			t.Fatal(err)
		}
	}
	for g := range goroutines {
		if errs[g] != nil {
			t.Fatalf("goroutine %d: %v", g, errs[g])
		}
		if !bytes.Equal(got[g], want[g%len(charts)]) {
			t.Errorf("goroutine %d drew a different image than a lone render", g)
		}
	}
}

func TestTimeAxisLabels(t *testing.T) {
	f, err := defaultFont()
	if err != nil {
		t.Fatal(err)
	}
	labels := func(from time.Time, hours int) []string {
		a := timeAxis("t", timeScale{from, paris}, from.Add(time.Duration(hours)*time.Hour), 1000, f)
		var out []string
		for _, tk := range a.ticks {
			if tk.Label != "" {
				out = append(out, tk.Label)
			}
		}
		return out
	}
	day := labels(time.Date(2026, 3, 16, 0, 0, 0, 0, paris), 24)
	if len(day) < 6 || day[0] != "Mon 00:00" || !strings.HasPrefix(day[1], "Mon 0") {
		t.Errorf("a day: %q, want weekday and hour", day)
	}
	weeks := labels(time.Date(2026, 3, 16, 0, 0, 0, 0, paris), 21*24)
	if len(weeks) < 3 || weeks[0] != "Mon 16 Mar" {
		t.Errorf("three weeks: %q, want weekday and date", weeks)
	}
	// 29 March 2026: Paris skips 02:00-03:00; the ticks keep wall-clock hours.
	dst := labels(time.Date(2026, 3, 29, 0, 0, 0, 0, paris), 23)
	for _, l := range dst {
		if l == "Sun 02:00" {
			t.Errorf("a tick at the skipped hour: %q", dst)
		}
	}
	if !strings.Contains(strings.Join(dst, " "), "Sun 04:00") {
		t.Errorf("DST day: %q", dst)
	}
}

func TestNiceAxis(t *testing.T) {
	for _, c := range []struct {
		lo, hi   float64
		min, max float64
	}{
		{0, 37, 0, 40}, {5, 5, 0, 5}, {0, 0, 0, 1}, {0.12, 0.93, 0, 1}, {3, 1234, 0, 1400},
	} {
		a := niceAxis("", c.lo, c.hi, 8, true, fmtNumber)
		if a.min != c.min || a.max != c.max || len(a.ticks) < 2 {
			t.Errorf("niceAxis(%v, %v) = [%v, %v] with %d ticks, want [%v, %v]", c.lo, c.hi, a.min, a.max, len(a.ticks), c.min, c.max)
		}
	}
	if s := fmtNumber(12345, 1); s != "12,345" {
		t.Errorf("fmtNumber = %q", s)
	}
	if s := fmtPercent(0.125, 0.025); s != "12.5%" {
		t.Errorf("fmtPercent = %q", s)
	}
}

func TestFormatOfFile(t *testing.T) {
	for _, c := range []struct {
		name string
		want Format
		err  bool
	}{{"a.png", PNG, false}, {"dir/B.SVG", SVG, false}, {"a.jpg", PNG, true}, {"png", PNG, true}} {
		f, err := FormatOfFile(c.name)
		if (err != nil) != c.err || (err == nil && f != c.want) {
			t.Errorf("FormatOfFile(%q) = %v, %v", c.name, f, err)
		}
		if err != nil && !errors.Is(err, ErrFormat) {
			t.Errorf("FormatOfFile(%q) error %v is not ErrFormat", c.name, err)
		}
	}
}

func ExampleFormatOfFile() {
	f, _ := FormatOfFile("week.svg")
	fmt.Println(f, f.ContentType())
	_, err := FormatOfFile("week.pdf")
	fmt.Println(err)
	// Output:
	// svg image/svg+xml
	// charts: unknown format (want png or svg): "week.pdf"
}

func ExampleStaffing_Render() {
	t0 := time.Date(2026, 3, 16, 8, 0, 0, 0, time.UTC)
	st := Staffing{Queue: "retail", Interval: time.Hour,
		Starts:    []time.Time{t0, t0.Add(time.Hour), t0.Add(2 * time.Hour)},
		Gross:     []float64{10, 14, 12},
		Scheduled: []float64{9, 15, 12}}
	b, err := st.Render(Options{Format: SVG, Width: 600, Height: 300})
	fmt.Println(err, bytes.HasPrefix(b, []byte(`<svg width="600" height="300"`)))
	// Output:
	// <nil> true
}

// BenchmarkRender times one chart of each kind, PNG and SVG.
func BenchmarkRender(b *testing.B) {
	for _, c := range []struct {
		name  string
		chart Chart
	}{
		{"forecast", sampleForecast(14, 7)}, {"staffing", sampleStaffing(336)}, {"gantt", sampleGantt()},
		{"backtest", sampleBacktest()}, {"sweep", sampleSweep()},
	} {
		for _, f := range []Format{PNG, SVG} {
			b.Run(c.name+"/"+f.String(), func(b *testing.B) {
				for b.Loop() {
					if _, err := c.chart.Render(Options{Format: f}); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// TestStaffingSummary: the subtitle states the plan's own shortage and
// excess when the caller gives them (they count intervals the chart does
// not draw, such as a shift's half hour before the first staffed one), and
// otherwise sums the intervals drawn.
func TestStaffingSummary(t *testing.T) {
	drawn := sampleStaffing(4)
	drawn.Net, drawn.Gross, drawn.Scheduled = nil, []float64{2, 9, 4, 2}, []float64{6, 3, 4, 2}
	given := drawn
	given.Totals = &StaffingTotals{ShortageMinutes: 180, ExcessMinutes: 6045, ShortIntervals: 1, Intervals: 48}
	for _, c := range []struct {
		name  string
		chart Staffing
		want  string
	}{
		{"drawn intervals", drawn, "short 3 agent-hours in 1 of 4 intervals, 2 agent-hours over"},
		{"plan's totals", given, "short 3 agent-hours in 1 of 48 intervals, 101 agent-hours over"},
	} {
		t.Run(c.name, func(t *testing.T) {
			b, err := c.chart.Render(Options{Format: SVG, Width: 1000, Height: 480})
			if err != nil {
				t.Fatal(err)
			}
			d := parseSVG(t, b)
			found := false
			for _, s := range d.texts {
				found = found || strings.Contains(s, c.want)
			}
			if !found {
				t.Errorf("no %q in %q", c.want, d.texts)
			}
		})
	}
}
