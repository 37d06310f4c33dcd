package forecast

import (
	"math"
	"slices"
)

// Double-seasonal exponential smoothing (Taylor 2003, 2008) over the open
// cells in time order:
//
//	f = L + D[slot] + W[weekday][slot]
//	e = y - f;  L += α e;  D[slot] += δ e;  W[weekday][slot] += ω e
//
// with the intraday season D shared by all days and the weekly season W
// per weekday. It runs on the square-root scale, where Poisson noise is
// homogeneous and an additive level suits quiet and busy slots alike.
// α, δ, ω are fitted by least squares of day-ahead errors over a grid.
var (
	dsesAlphas = [...]float64{0.002, 0.01, 0.03, 0.08}
	dsesDeltas = [...]float64{0, 0.02, 0.06, 0.15}
	dsesOmegas = [...]float64{0.02, 0.06, 0.15, 0.3}
)

// dsesState is the smoothing state: the level, the intraday season day[s]
// and the weekly season week[w*slots+s].
type dsesState struct {
	level float64
	day   []float64
	week  []float64
}

func (st *dsesState) copyFrom(o *dsesState) {
	st.level = o.level
	copy(st.day, o.day)
	copy(st.week, o.week)
}

func newDSESState(slots int) *dsesState {
	return &dsesState{day: make([]float64, slots), week: make([]float64, 7*slots)}
}

// dsesCell is one observed open cell on the square-root scale: day d,
// slot s, weekly-season index ws = weekday*slots + s.
type dsesCell struct {
	d, s, ws int32
	v        float64
}

// dsesForecasts forecasts h days from each origin in origins with double
// seasonal smoothing, each fitted on the days before its origin alone.
//
// Origins whose opening hours (openMap) are the same see the same cells,
// each a prefix of the latest one's, and start from the same state when
// they come at least two weeks after the first observed day. For them a
// parameter setting is run once, up to the latest origin, and its running
// error and state are read off as it passes each earlier one: the same
// arithmetic in the same order as a search per origin, so the same
// forecasts to the bit, with one pass per setting instead of one per
// setting and origin. Other origins get a search of their own.
func dsesForecasts(p *panel, origins []int, h int) map[int][]float64 {
	todo := slices.Clone(origins)
	slices.Sort(todo)
	todo = slices.Compact(todo)
	out := make(map[int][]float64, len(todo))
	opens := make(map[int][7][]bool, len(todo))
	for _, T := range todo {
		opens[T] = p.openMap(T)
	}
	for len(todo) > 0 {
		last := todo[len(todo)-1]
		open := opens[last]
		cells, first, nInit := dsesCells(p, open, last)
		group, rest := []int{last}, todo[:0:0]
		for _, T := range todo[:len(todo)-1] {
			if sameOpen(opens[T], open) && (first < 0 || T >= first+14) {
				group = append(group, T)
			} else {
				rest = append(rest, T)
			}
		}
		slices.Sort(group)
		ends := make([]int, len(group)) // cells before each origin
		for k, T := range group {
			ends[k], _ = slices.BinarySearchFunc(cells, T, func(c dsesCell, T int) int { return int(c.d) - T })
		}
		states := dsesFit(p, open, cells, first, nInit, ends)
		for k, T := range group {
			out[T] = dsesProject(p, open, states[k], T, h)
		}
		todo = rest
	}
	return out
}

func sameOpen(a, b [7][]bool) bool {
	for w := range a {
		if !slices.Equal(a[w], b[w]) {
			return false
		}
	}
	return true
}

// dsesCells lists the cells to run over: ordinary days before T, open
// slots, observed; first is the first such cell's day (-1: none) and
// nInit the number of cells in the two weeks from it, which set the
// initial state and are not scored.
func dsesCells(p *panel, open [7][]bool, T int) (cells []dsesCell, first, nInit int) {
	n := 0
	for d := 0; d < T; d++ {
		if p.ordinary(d) {
			n += p.slots
		}
	}
	cells = make([]dsesCell, 0, n)
	first = -1
	for d := 0; d < T; d++ {
		if !p.ordinary(d) {
			continue
		}
		w := p.dow[d]
		for s, o := range open[w] {
			if v := p.y[d*p.slots+s]; o && !math.IsNaN(v) {
				if first < 0 {
					first = d
				}
				if d < first+14 {
					nInit++
				}
				cells = append(cells, dsesCell{int32(d), int32(s), int32(w*p.slots + s), math.Sqrt(v)})
			}
		}
	}
	return cells, first, nInit
}

// dsesFit runs the parameter search over cells and returns, for each k,
// the state after cells[:ends[k]] under the setting with the least
// day-ahead squared error over those cells (nil when there are none).
// ends must be ascending.
func dsesFit(p *panel, open [7][]bool, cells []dsesCell, first, nInit int, ends []int) []*dsesState {
	states := make([]*dsesState, len(ends))
	if first < 0 {
		return states
	}
	// initial state: the first two weeks' means
	init := newDSESState(p.slots)
	wsum, wn := make([]float64, 7*p.slots), make([]int, 7*p.slots)
	ssum, sn := make([]float64, p.slots), make([]int, p.slots)
	tot := 0.0
	for _, x := range cells[:nInit] {
		wsum[x.ws] += x.v
		wn[x.ws]++
		ssum[x.s] += x.v
		sn[x.s]++
		tot += x.v
	}
	init.level = tot / float64(nInit)
	for s := range ssum {
		if sn[s] > 0 {
			init.day[s] = ssum[s]/float64(sn[s]) - init.level
		}
	}
	for w := range 7 {
		for s := range p.slots {
			if i := w*p.slots + s; wn[i] > 0 {
				init.week[i] = wsum[i]/float64(wn[i]) - init.level - init.day[s]
			}
		}
	}
	bestSSE := make([]float64, len(ends))
	for k := range ends {
		bestSSE[k] = math.Inf(1)
		states[k] = newDSESState(p.slots)
	}
	st := newDSESState(p.slots)
	for _, a := range dsesAlphas {
		for _, dl := range dsesDeltas {
			for _, om := range dsesOmegas {
				st.copyFrom(init)
				r := dsesRun{mae: 0.5, day: -1, dayLevel: st.level}
				from := 0
				for k, end := range ends {
					r.run(cells[from:end], from, nInit, a, dl, om, st)
					from = end
					if r.sse < bestSSE[k] {
						bestSSE[k] = r.sse
						states[k].copyFrom(st)
					}
				}
			}
		}
	}
	return states
}

// dsesRun is a pass's running day-ahead squared error, mean absolute
// error and the level at the start of the current day.
type dsesRun struct {
	sse, mae float64
	day      int32
	dayLevel float64
}

// run updates st over cells, the first of which is the i0-th of the pass.
//
// Errors are clipped at 5 running mean absolute errors before they
// update the state, so an unmarked holiday does not wreck the level.
//
// The parameters minimise the day-ahead errors (the level as it stood
// at the start of the cell's day): fitted on one-step errors the level
// chases intraday noise and forecasts a week ahead badly. The seasonal
// terms of a cell cannot have moved since the day started, so only the
// level needs remembering.
func (r *dsesRun) run(cells []dsesCell, i0, nInit int, a, dl, om float64, st *dsesState) {
	sse, mae, day, dayLevel := r.sse, r.mae, r.day, r.dayLevel
	level, dayS, weekS := st.level, st.day, st.week
	for j, x := range cells {
		if x.d != day {
			day, dayLevel = x.d, level
		}
		seas := dayS[x.s] + weekS[x.ws]
		f := level + seas
		e := x.v - f
		if i0+j >= nInit {
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
		level += a * e
		dayS[x.s] += dl * e
		weekS[x.ws] += om * e
	}
	st.level = level
	r.sse, r.mae, r.day, r.dayLevel = sse, mae, day, dayLevel
}

// dsesProject forecasts h days from origin T out of the fitted state (nil:
// no history, all zero).
func dsesProject(p *panel, open [7][]bool, st *dsesState, T, h int) []float64 {
	out := make([]float64, h*p.slots)
	if st == nil {
		return out
	}
	for d := 0; d < h; d++ {
		w := p.dow[T+d]
		for s, o := range open[w] {
			if !o {
				continue
			}
			r := st.level + st.day[s] + st.week[w*p.slots+s]
			if r < 0 {
				r = 0
			}
			// back from the square-root scale: for Poisson counts
			// E[√y]² ≈ E[y] - 1/4
			out[d*p.slots+s] = r*r + 0.25*math.Min(1, r*r)
		}
	}
	return out
}
