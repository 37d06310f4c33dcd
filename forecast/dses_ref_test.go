package forecast

import "math"

// dsesReference is dsesForecast as it was before the origins were batched
// (one full parameter search per origin), kept to check the batched one.
func dsesReference(c *ctx) []float64 {
	p := c.p
	// cells to run over: ordinary days before T, open slots, observed
	type cell struct {
		d, w, s int
		v       float64
	}
	var cells []cell
	first := -1
	for d := 0; d < c.T; d++ {
		if !p.ordinary(d) {
			continue
		}
		w := p.dow[d]
		for s, o := range c.open[w] {
			if v := p.y[d*p.slots+s]; o && !math.IsNaN(v) {
				if first < 0 {
					first = d
				}
				cells = append(cells, cell{d, w, s, math.Sqrt(v)})
			}
		}
	}
	out := make([]float64, c.H*p.slots)
	if first < 0 {
		return out
	}
	// initial state: the first two weeks' means
	init := dsesRefState{day: make([]float64, p.slots)}
	var wsum [7][]float64
	var wn [7][]int
	for w := range wsum {
		wsum[w] = make([]float64, p.slots)
		wn[w] = make([]int, p.slots)
		init.week[w] = make([]float64, p.slots)
	}
	ssum, sn := make([]float64, p.slots), make([]int, p.slots)
	tot, n := 0.0, 0
	nInit := 0
	for d := first; d < c.T && d < first+14; d++ {
		if !p.ordinary(d) {
			continue
		}
		w := p.dow[d]
		for s, o := range c.open[w] {
			if v := p.y[d*p.slots+s]; o && !math.IsNaN(v) {
				v = math.Sqrt(v)
				wsum[w][s] += v
				wn[w][s]++
				ssum[s] += v
				sn[s]++
				tot += v
				n++
				nInit++
			}
		}
	}
	init.level = tot / float64(n)
	for s := range ssum {
		if sn[s] > 0 {
			init.day[s] = ssum[s]/float64(sn[s]) - init.level
		}
	}
	for w := range wsum {
		for s := range wsum[w] {
			if wn[w][s] > 0 {
				init.week[w][s] = wsum[w][s]/float64(wn[w][s]) - init.level - init.day[s]
			}
		}
	}
	// Errors are clipped at 5 running mean absolute errors before they
	// update the state, so an unmarked holiday does not wreck the level.
	//
	// The parameters minimise the day-ahead errors (the level as it stood
	// at the start of the cell's day): fitted on one-step errors the level
	// chases intraday noise and forecasts a week ahead badly. The seasonal
	// terms of a cell cannot have moved since the day started, so only the
	// level needs remembering.
	run := func(a, dl, om float64, st *dsesRefState) float64 {
		sse, mae := 0.0, 0.5
		day, dayLevel := -1, st.level
		for i, x := range cells {
			if x.d != day {
				day, dayLevel = x.d, st.level
			}
			seas := st.day[x.s] + st.week[x.w][x.s]
			f := st.level + seas
			e := x.v - f
			if i >= nInit {
				ed := x.v - dayLevel - seas
				sse += ed * ed
			}
			ae := e
			if ae < 0 {
				ae = -ae
			}
			mae += 0.01 * (ae - mae)
			// plain comparisons: math.Min/Max are slow in this hot loop
			if lim := 5 * mae; e > lim {
				e = lim
			} else if e < -lim {
				e = -lim
			}
			st.level += a * e
			st.day[x.s] += dl * e
			st.week[x.w][x.s] += om * e
		}
		return sse
	}
	clone := func() *dsesRefState {
		st := &dsesRefState{level: init.level, day: append([]float64(nil), init.day...)}
		for w := range st.week {
			st.week[w] = append([]float64(nil), init.week[w]...)
		}
		return st
	}
	bestSSE := math.Inf(1)
	var best [3]float64
	for _, a := range dsesAlphas {
		for _, dl := range dsesDeltas {
			for _, om := range dsesOmegas {
				if sse := run(a, dl, om, clone()); sse < bestSSE {
					bestSSE = sse
					best = [3]float64{a, dl, om}
				}
			}
		}
	}
	st := clone()
	run(best[0], best[1], best[2], st)
	for h := 0; h < c.H; h++ {
		w := p.dow[c.T+h]
		for s, o := range c.open[w] {
			if !o {
				continue
			}
			r := st.level + st.day[s] + st.week[w][s]
			if r < 0 {
				r = 0
			}
			// back from the square-root scale: for Poisson counts
			// E[√y]² ≈ E[y] - 1/4
			out[h*p.slots+s] = r*r + 0.25*math.Min(1, r*r)
		}
	}
	return out
}

type dsesRefState struct {
	level float64
	day   []float64
	week  [7][]float64
}
