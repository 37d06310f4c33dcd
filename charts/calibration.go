package charts

import (
	"fmt"
	"math"

	chart "github.com/wcharczuk/go-chart/v2"
)

// Calibration compares models' predicted service level with what was
// observed, bin by bin: a perfectly calibrated model lies on the diagonal.
type Calibration struct {
	Title  string // such as the data set's name; "" for none
	Models []ModelCalibration
}

// ModelCalibration is one model's calibration bins, lowest predicted first:
// Predicted and Observed are each bin's mean service levels (fractions) and
// Intervals how many intervals fell in it. Bias is the model's overall bias,
// for the legend.
type ModelCalibration struct {
	Model     string
	Bias      float64
	Predicted []float64
	Observed  []float64
	Intervals []int
}

// Render draws observed against predicted service level, one line per
// model, the diagonal dashed (default 800 x 640).
func (c Calibration) Render(o Options) ([]byte, error) {
	w, h, err := o.size(800, 640)
	if err != nil {
		return nil, err
	}
	points := 0
	for _, m := range c.Models {
		if len(m.Observed) != len(m.Predicted) {
			return nil, fmt.Errorf("%w: model %q has %d predicted and %d observed bins", ErrLength, m.Model, len(m.Predicted), len(m.Observed))
		}
		for i := range m.Predicted {
			if finite(m.Predicted[i]) && finite(m.Observed[i]) {
				points++
			}
		}
	}
	if points == 0 {
		return nil, fmt.Errorf("%w: calibration has no bin", ErrEmpty)
	}
	title := "Calibration: observed against predicted service level"
	if c.Title != "" {
		title += ": " + c.Title
	}
	return render(o, w, h, title, func(r chart.Renderer) error {
		f, _ := defaultFont()
		p := &plot{title: title, subtitle: "mean of the intervals in each fifth of predicted service level · on the diagonal = calibrated"}
		p.x = niceAxis("predicted service level", 0, 1, 6, true, fmtPercent)
		p.y = niceAxis("observed service level", 0, 1, max(4, h/80), true, fmtPercent)
		diag := pen{stroke: colGrey, width: 1, dash: dashDashed}
		p.add("diagonal", false, func(cv canvas) { cv.polyline([]float64{0, 1}, []float64{0, 1}, diag, markNone) })
		for i, m := range c.Models {
			s := lineStyles[i%len(lineStyles)]
			pn := pen{stroke: s.c, width: 2, dash: s.dash}
			xs, ys := m.Predicted, m.Observed
			p.add(m.Model, false, func(cv canvas) { cv.polyline(xs, ys, pn, s.mark) })
			label := m.Model
			if !math.IsNaN(m.Bias) {
				label += fmt.Sprintf(" (bias %+.3f)", m.Bias)
			}
			p.legend = append(p.legend, legendItem{label: label, pen: pn, mark: s.mark})
		}
		return p.draw(r, f, w, h)
	})
}
