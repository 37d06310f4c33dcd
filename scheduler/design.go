package scheduler

// design is a plan under search: head-counts per column with the coverage
// they give (breaks smeared, see smearProfile) and the running objective.
type design struct {
	m       *model
	cnt     []int
	cov     []float64
	keyUse  []int
	tmplDay []int // head-count per (template, day), for MaxCount
	used    []int // columns with cnt > 0
	usedPos []int // index in used, or -1
	keys    []int // keys with keyUse > 0
	keyPos  []int
	dev     float64 // shortage + excess cost
	paid    float64
	fg      *flowGraph // reflow's graph, kept for its memory
}

func newDesign(m *model) *design {
	s := &design{
		m: m, cnt: make([]int, len(m.cols)), cov: make([]float64, m.n),
		keyUse: make([]int, m.nKeys), tmplDay: make([]int, len(m.tmpls)*m.days),
		usedPos: make([]int, len(m.cols)), keyPos: make([]int, m.nKeys),
	}
	for i := range s.usedPos {
		s.usedPos[i] = -1
	}
	for i := range s.keyPos {
		s.keyPos[i] = -1
	}
	for t := range s.cov {
		s.dev += m.cost(t, 0)
	}
	return s
}

func (s *design) objective() float64 {
	return s.dev + s.paid + s.m.distinctCost*float64(len(s.keys))
}

// fits reports whether adding delta people to column c keeps counts
// non-negative and within the template's MaxCount.
func (s *design) fits(c, delta int) bool {
	if s.cnt[c]+delta < 0 {
		return false
	}
	col := s.m.cols[c]
	t := s.m.shapes[col.shape].tmpl
	if mc := s.m.maxCount[t]; mc > 0 && delta > 0 && s.tmplDay[t*s.m.days+col.day]+delta > mc {
		return false
	}
	return true
}

// add puts delta more people (negative: fewer) on column c and returns the
// change of the objective. The caller checks fits first.
func (s *design) add(c, delta int) float64 {
	if delta == 0 {
		return 0
	}
	m := s.m
	col := m.cols[c]
	prof := m.smear[col.shape]
	fd := float64(delta)
	var d float64
	for i, w := range prof {
		t := m.slot(col, i)
		if t < 0 {
			break
		}
		old := s.cov[t]
		nv := old + fd*w
		s.cov[t] = nv
		d += m.cost(t, nv) - m.cost(t, old)
	}
	s.dev += d
	pd := fd * m.paid[col.shape]
	s.paid += pd
	d += pd
	before := s.cnt[c]
	s.cnt[c] += delta
	s.tmplDay[m.shapes[col.shape].tmpl*m.days+col.day] += delta
	if before == 0 && s.cnt[c] > 0 {
		s.usedPos[c] = len(s.used)
		s.used = append(s.used, c)
	} else if before > 0 && s.cnt[c] == 0 {
		removeAt(&s.used, s.usedPos, c)
	}
	k := m.keyOf[col.shape]
	ku := s.keyUse[k]
	s.keyUse[k] += delta
	if ku == 0 && s.keyUse[k] > 0 {
		s.keyPos[k] = len(s.keys)
		s.keys = append(s.keys, k)
		d += m.distinctCost
	} else if ku > 0 && s.keyUse[k] == 0 {
		removeAt(&s.keys, s.keyPos, k)
		d -= m.distinctCost
	}
	return d
}

// removeAt deletes x from the index set list/pos in O(1).
func removeAt(list *[]int, pos []int, x int) {
	i := pos[x]
	last := (*list)[len(*list)-1]
	(*list)[i] = last
	pos[last] = i
	*list = (*list)[:len(*list)-1]
	pos[x] = -1
}

// snapshot copies the head-counts; restore moves the design back to them.
func (s *design) snapshot() []int { return append([]int(nil), s.cnt...) }

func (s *design) restore(cnt []int) {
	for c := range s.cnt {
		if d := cnt[c] - s.cnt[c]; d != 0 {
			s.add(c, d)
		}
	}
}
