package scheduler

import (
	"iter"
	"time"
)

// model is a Problem expanded onto the slot grid: every (day, shape) column a
// shift may take, the cost of every slot's coverage, and the state of a
// plan being searched (head-counts and the coverage they give).
type model struct {
	req          Requirements
	n, perDay    int
	days         int
	cyclic       bool
	r            []float64 // requirement per slot
	short, exc   float64   // cost of one person short / in excess for one slot
	distinctCost float64
	slotMinutes  float64

	tmpls  []Template
	shapes []shape
	// smear[s][i] is the average coverage a shift of shape s gives at slot i
	// of its span when its breaks are spread evenly over their windows.
	smear   [][]float64
	paid    []float64 // paid cost of one shift of shape s
	keyOf   []int     // distinct (start, length) index of shape s
	nKeys   int
	keyPair [][2]int // (start, length) slots of each key

	cols     []column
	colAt    map[[2]int]int // (day, shape) -> column
	shapeAt  map[[3]int]int // (template, start, length) -> shape
	keyAt    map[[2]int]int // (start, length) -> key
	keyCols  [][]int        // columns of each key
	maxCount []int          // per template
	// start and length steps of each template, in slots
	startStep, lenStep []int
}

type column struct {
	day, shape int
}

func newModel(p Problem) (*model, error) {
	shapes, err := p.expand()
	if err != nil {
		return nil, err
	}
	req := p.Requirements
	m := &model{
		req: req, n: len(req.Required), perDay: req.SlotsPerDay(), days: req.Days(), cyclic: req.Cyclic,
		r: req.Required, tmpls: p.Templates,
		slotMinutes:  req.Interval.Minutes(),
		distinctCost: p.Weights.DistinctShift,
		colAt:        map[[2]int]int{}, shapeAt: map[[3]int]int{}, keyAt: map[[2]int]int{},
	}
	m.short = p.Weights.Shortage * m.slotMinutes
	m.exc = p.Weights.Excess * m.slotMinutes
	for i, t := range p.Templates {
		shs := shapes[i]
		m.maxCount = append(m.maxCount, t.MaxCount)
		m.startStep = append(m.startStep, stepSlots(t.StartStep, req.Interval))
		m.lenStep = append(m.lenStep, stepSlots(t.LengthStep, req.Interval))
		for _, sh := range shs {
			s := len(m.shapes)
			m.shapes = append(m.shapes, sh)
			m.shapeAt[[3]int{i, sh.start, sh.length}] = s
			m.smear = append(m.smear, smearProfile(sh))
			m.paid = append(m.paid, p.Weights.PaidHour*sh.paidHours)
			kp := [2]int{sh.start, sh.length}
			k, ok := m.keyAt[kp]
			if !ok {
				k = m.nKeys
				m.nKeys++
				m.keyAt[kp] = k
				m.keyPair = append(m.keyPair, kp)
				m.keyCols = append(m.keyCols, nil)
			}
			m.keyOf = append(m.keyOf, k)
		}
	}
	for d := 0; d < m.days; d++ {
		wd := req.Weekday(d)
		for s, sh := range m.shapes {
			if !templateOnDay(p.Templates[sh.tmpl], wd) {
				continue
			}
			c := len(m.cols)
			m.cols = append(m.cols, column{d, s})
			m.colAt[[2]int{d, s}] = c
			m.keyCols[m.keyOf[s]] = append(m.keyCols[m.keyOf[s]], c)
		}
	}
	return m, nil
}

// smearProfile is the expected coverage over a shift's span when each break
// starts uniformly at random in its window: the relaxation the search works
// on before breaks are placed exactly.
func smearProfile(sh shape) []float64 {
	prof := make([]float64, sh.length)
	for i := range prof {
		prof[i] = 1
	}
	for j := range sh.brLo {
		npos := float64(sh.brHi[j] - sh.brLo[j] + 1)
		for p := sh.brLo[j]; p <= sh.brHi[j]; p++ {
			subtractBreak(prof, p, sh.brLen[j], 1/npos)
		}
	}
	return prof
}

// workProfile is the coverage one person of shape sh with breaks brk (start
// slots from the shift start) gives over the shift's span: 1 a slot less
// the part of it on a break. It is written into *buf, grown as needed.
func (m *model) workProfile(sh shape, brk []int, buf *[]float64) []float64 {
	var prof []float64
	if buf != nil && cap(*buf) >= sh.length {
		prof = (*buf)[:sh.length]
	} else {
		prof = make([]float64, sh.length)
		if buf != nil {
			*buf = prof
		}
	}
	for i := range prof {
		prof[i] = 1
	}
	for j, q := range brk {
		subtractBreak(prof, q, sh.brLen[j], 1)
	}
	return prof
}

// breakParts yields each slot i a break of blen slots (possibly a
// fraction of a slot) starting at slot p takes, with the part f of it in
// (0, 1]: the one walk over a break's slots every computation here uses.
func breakParts(p int, blen float64) iter.Seq2[int, float64] {
	return func(yield func(int, float64) bool) {
		for i := p; blen > 1e-9; i++ {
			f := min(1, blen)
			blen -= f
			if !yield(i, f) {
				return
			}
		}
	}
}

// subtractBreak removes w times a break of blen slots starting at slot p
// from a span's coverage profile.
func subtractBreak(prof []float64, p int, blen, w float64) {
	for i, f := range breakParts(p, blen) {
		if i >= len(prof) {
			break
		}
		prof[i] -= w * f
	}
}

// slot maps slot i of a shift of column c to a horizon slot, or -1 when it
// lies past the end of a non-cyclic horizon.
func (m *model) slot(c column, i int) int {
	t := c.day*m.perDay + m.shapes[c.shape].start + i
	if t >= m.n {
		if !m.cyclic {
			return -1
		}
		t -= m.n
	}
	return t
}

// cost is the price of coverage v at slot t.
func (m *model) cost(t int, v float64) float64 {
	d := m.r[t] - v
	if d > 0 {
		return m.short * d
	}
	return -m.exc * d
}

// toShift turns a column and break starts (slots from the shift start) into
// a Shift.
func (m *model) toShift(c column, brStart []int) Shift {
	iv := m.req.Interval
	sh := m.shapes[c.shape]
	s := Shift{Day: c.day, Start: time.Duration(sh.start) * iv, Length: time.Duration(sh.length) * iv, Template: m.tmpls[sh.tmpl].Name}
	for j, p := range brStart {
		b := m.tmpls[sh.tmpl].Breaks[j]
		s.Breaks = append(s.Breaks, Break{Start: s.Start + time.Duration(p)*iv, Length: b.Length, Paid: b.Paid})
	}
	return s
}

func stepSlots(step, iv time.Duration) int {
	if step == 0 {
		return 1
	}
	return int(step / iv)
}
