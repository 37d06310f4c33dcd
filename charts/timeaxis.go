package charts

import (
	"fmt"
	"time"

	"github.com/golang/freetype/truetype"
	chart "github.com/wcharczuk/go-chart/v2"
)

// timeScale places instants on an x axis in hours since t0.
type timeScale struct {
	t0  time.Time
	loc *time.Location
}

func (s timeScale) x(t time.Time) float64 { return t.Sub(s.t0).Hours() }

// zone is how the scale's location is named on an axis: its IANA name,
// or its UTC offset at t0 for an unnamed fixed zone (times parsed with an
// offset).
func (s timeScale) zone() string {
	if s.loc == nil {
		return "UTC"
	}
	if n := s.loc.String(); n != "" && n != "Local" {
		return n
	}
	_, off := s.t0.In(s.loc).Zone()
	if off == 0 {
		return "UTC"
	}
	sign := "+"
	if off < 0 {
		sign, off = "-", -off
	}
	return fmt.Sprintf("UTC%s%02d:%02d", sign, off/3600, off%3600/60)
}

// timeAxis is an axis from t0 to t1 on the wall clock of loc, for a plot
// about plotWidth pixels wide: labelled ticks give the weekday with the hour
// ("Mon 06:00") when they are less than a day apart, or the weekday with
// the date ("Mon 2 Dec"); unlabelled minor ticks mark hours between; grid
// lines mark local midnights. Daylight-saving days keep their wall-clock
// ticks (a skipped hour has none).
func timeAxis(name string, s timeScale, t1 time.Time, plotWidth int, f *truetype.Font) axis {
	loc := s.loc
	span := s.x(t1)
	a := axis{name: name, min: 0, max: span}
	if span <= 0 {
		a.max = 1
		return a
	}
	labelW := textWidth(f, "Wed 00:00", labelPt) + 14
	if w := textWidth(f, "Wed 30 Sep", labelPt) + 14; w > labelW {
		labelW = w
	}
	maxLabels := max(2, plotWidth/labelW)
	step := 24 * 7
	for _, h := range []int{1, 2, 3, 4, 6, 12, 24, 48, 24 * 7} {
		if span/float64(h) <= float64(maxLabels) {
			step = h
			break
		}
	}
	minor := step
	for _, m := range []int{1, 2, 3, 6, 12, 24} {
		if m < step && step%m == 0 && span/float64(m)*6 <= float64(plotWidth) {
			minor = m
			break
		}
	}
	gridDaily := span/24*8 <= float64(plotWidth)
	first := s.t0.In(loc)
	y, mo, d := first.Date()
	day0 := time.Date(y, mo, d, 0, 0, 0, 0, time.UTC)
	for day := time.Date(y, mo, d-1, 0, 0, 0, 0, loc); !day.After(t1); {
		dy, dm, dd := day.Date()
		dayIdx := int(time.Date(dy, dm, dd, 0, 0, 0, 0, time.UTC).Sub(day0).Hours() / 24)
		for h := 0; h < 24; h += minor {
			t := time.Date(dy, dm, dd, h, 0, 0, 0, loc)
			if t.Hour() != h { // skipped by a clock change
				continue
			}
			x := s.x(t)
			if x < -1e-9 || x > span+1e-9 {
				continue
			}
			tick := chart.Tick{Value: x}
			switch {
			case step < 24 && h%step == 0:
				tick.Label = t.Format("Mon 15:04")
			case step == 24*7 && h == 0 && t.Weekday() == time.Monday,
				step >= 24 && step < 24*7 && h == 0 && dayIdx%(step/24) == 0:
				tick.Label = fmt.Sprintf("%s %d %s", t.Format("Mon"), t.Day(), t.Format("Jan"))
			}
			a.ticks = append(a.ticks, tick)
			if h == 0 && (gridDaily || t.Weekday() == time.Monday) {
				a.grid = append(a.grid, x)
			}
		}
		day = time.Date(dy, dm, dd+1, 0, 0, 0, 0, loc)
	}
	return a
}
