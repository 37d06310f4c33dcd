package sim

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/staffcast/staffcast/erlang"
)

// Run simulates m Options.Replications times and returns every figure's
// mean and confidence interval per interval and in total. It returns an
// error wrapping ErrInvalid or ErrTooLarge for a bad model or options, and
// ctx's error when ctx ends first; every goroutine it started has ended
// when it returns.
func Run(ctx context.Context, m Model, o Options) (*Result, error) {
	if o.Replications == 0 {
		o.Replications = DefaultReplications
	}
	if o.Confidence == 0 {
		o.Confidence = 0.95
	}
	switch {
	case o.Replications < 1 || o.Replications > MaxReplications:
		return nil, invalid("replications", "%d is outside [1, %d]", o.Replications, MaxReplications)
	case !(o.Confidence > 0 && o.Confidence < 1):
		return nil, invalid("confidence", "%v is outside (0, 1)", o.Confidence)
	case o.Workers < 0:
		return nil, invalid("workers", "%d is negative", o.Workers)
	}
	if err := m.Validate(); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	p, err := prepare(m)
	if err != nil {
		return nil, err
	}
	return runPrepared(ctx, p, o)
}

// classRows is the number of per-class rows a replication's sums carry
// after the intervals' (none with one class).
func (p *prepared) classRows() int {
	if p.classes > 1 {
		return p.classes
	}
	return 0
}

// runPrepared is Run on a prepared model with checked, defaulted options.
func runPrepared(ctx context.Context, p *prepared, o Options) (*Result, error) {
	reps := o.Replications
	workers := o.Workers
	if workers == 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = min(workers, reps)
	sums := make([][]float64, reps)
	var (
		next atomic.Int64
		wg   sync.WaitGroup
		mu   sync.Mutex
		done int
	)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			e := newEngine(p)
			for {
				r := int(next.Add(1) - 1)
				if r >= reps || ctx.Err() != nil {
					return
				}
				st := make([]float64, (p.n+p.classRows())*nStat)
				if !e.run(ctx, rand.New(rand.NewPCG(o.Seed, uint64(r))), st) {
					return
				}
				sums[r] = st
				if o.Progress != nil {
					mu.Lock()
					done++
					o.Progress(done, reps)
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return aggregate(sums, p.n, p.classRows(), reps, o.Confidence), nil
}

// aggregate turns per-replication sums into the Result: n intervals, then
// classes rows of per-class sums over the horizon.
func aggregate(sums [][]float64, n, classes, reps int, confidence float64) *Result {
	est := newEstimator(reps, confidence)
	res := &Result{Replications: reps, Confidence: confidence, Intervals: make([]Figures, n)}
	var col, tot [nStat][]float64
	for s := range nStat {
		col[s] = make([]float64, reps)
		tot[s] = make([]float64, reps)
	}
	for k := range n {
		for r, st := range sums {
			for s := range nStat {
				v := st[k*nStat+s]
				col[s][r] = v
				if s == sLongest {
					tot[s][r] = math.Max(tot[s][r], v)
				} else {
					tot[s][r] += v
				}
			}
		}
		res.Intervals[k] = est.figures(col)
	}
	res.Total = est.figures(tot)
	for c := range classes {
		for r, st := range sums {
			for s := range nStat {
				col[s][r] = st[(n+c)*nStat+s]
			}
		}
		res.Classes = append(res.Classes, est.figures(col))
	}
	return res
}

// prepared is a model in the engine's terms: seconds, rates, and the
// staffing as a time-ordered list of events. It is read-only once built and
// shared by every worker.
type prepared struct {
	n            int
	length, h    float64 // interval length and horizon, seconds
	warm, slTime float64
	rate, pEsc   []float64 // arrival rate per second, share escalated
	aht, ahtEsc  []float64 // mean handle times, seconds
	pat, patEsc  []float64 // mean patiences, seconds; 0 = infinite
	handle, pa   sampler
	arrivals     []float64 // replayed arrival times, or nil
	staff        []staffEvent
	closed       [][2]float64 // closures: start, end, seconds
	shiftMode    bool
	// classes is the number of priority classes (1: first come, first
	// served); cum[j] the cumulative class shares of interval j when > 1.
	classes int
	cum     [][]float64
	// fast is interval staffing with exponential handle times: agents are
	// counts (see fast.go).
	fast          bool
	agentCapacity int
}

// staffEvent changes the agents on duty: in shift mode agent goes on or off
// duty; otherwise the count becomes level.
type staffEvent struct {
	t     float64
	agent int32
	on    bool
	level int
}

type sampler struct {
	kind    Kind
	sigma   float64 // log-normal σ
	samples []float64
}

func newSampler(d Dist) sampler {
	s := sampler{kind: d.Kind}
	switch d.Kind {
	case LogNormal:
		s.sigma = math.Sqrt(math.Log1p(d.CV * d.CV))
	case Empirical:
		s.samples = make([]float64, len(d.Samples))
		for i, v := range d.Samples {
			s.samples[i] = v.Seconds()
		}
	}
	return s
}

func prepare(m Model) (*prepared, error) {
	n := len(m.Intervals)
	p := &prepared{
		n: n, length: m.Interval.Seconds(), h: m.Horizon().Seconds(),
		warm: m.WarmUp.Seconds(), slTime: m.ServiceTime.Seconds(),
		rate: make([]float64, n), pEsc: make([]float64, n),
		aht: make([]float64, n), ahtEsc: make([]float64, n),
		pat: make([]float64, n), patEsc: make([]float64, n),
		handle: newSampler(m.HandleTime), pa: newSampler(m.Patience),
	}
	for i, iv := range m.Intervals {
		p.rate[i] = iv.Volume / p.length
		p.aht[i], p.ahtEsc[i] = iv.AHT.Seconds(), iv.AHT.Seconds()
		p.pat[i], p.patEsc[i] = iv.Patience.Seconds(), iv.Patience.Seconds()
	}
	if m.Funnel != nil && m.Arrivals == nil {
		f := *m.Funnel
		loads := make([]erlang.Load, n)
		shares := m.BotShares
		if shares == nil {
			shares = make([]float64, n)
			for i := range shares {
				shares[i] = f.BotShare
			}
		}
		for i, iv := range m.Intervals {
			loads[i] = erlang.Load{Volume: iv.Volume, Interval: m.Interval, AHT: max(iv.AHT, time.Second), Patience: iv.Patience}
		}
		_, flows, err := f.HumanSeriesShares(loads, shares)
		if err != nil {
			return nil, fmt.Errorf("%w: funnel: %w", ErrInvalid, err)
		}
		for i, fl := range flows {
			p.rate[i] = fl.Human / p.length
			if fl.Human > 0 {
				p.pEsc[i] = fl.Escalated / fl.Human
			}
			if f.EscalatedAHT > 0 {
				p.ahtEsc[i] = f.EscalatedAHT.Seconds()
			}
			if f.EscalatedPatience > 0 {
				p.patEsc[i] = f.EscalatedPatience.Seconds()
			}
		}
	}
	for _, c := range m.Closed {
		p.closed = append(p.closed, [2]float64{c.Start.Seconds(), c.End.Seconds()})
	}
	if m.Arrivals != nil {
		p.arrivals = m.sortedArrivals()
		p.warm = 0
	}
	p.classes = 1
	if k := len(m.Intervals[0].Classes); k > 1 {
		p.classes = k
		p.cum = make([][]float64, n)
		for i, iv := range m.Intervals {
			sum := 0.0
			for _, c := range iv.Classes {
				sum += c
			}
			p.cum[i] = make([]float64, k)
			acc := 0.0
			for c, v := range iv.Classes {
				acc += v
				p.cum[i][c] = acc / sum
			}
		}
	}
	p.fast = len(m.Shifts) == 0 && m.HandleTime.Kind == Exponential
	if len(m.Shifts) > 0 {
		p.shiftMode = true
		p.agentCapacity = len(m.Shifts)
		for i, s := range m.Shifts {
			a := int32(i)
			on := s.Start
			for _, b := range s.Breaks {
				if b.Start > on {
					p.staff = append(p.staff, staffEvent{t: on.Seconds(), agent: a, on: true}, staffEvent{t: b.Start.Seconds(), agent: a})
				}
				on = b.End
			}
			if s.End > on {
				p.staff = append(p.staff, staffEvent{t: on.Seconds(), agent: a, on: true}, staffEvent{t: s.End.Seconds(), agent: a})
			}
		}
		sortStaff(p.staff)
	} else {
		if p.warm > 0 {
			p.staff = append(p.staff, staffEvent{t: -p.warm, level: m.Intervals[0].Agents})
		}
		for i, iv := range m.Intervals {
			if i == 0 || iv.Agents != m.Intervals[i-1].Agents {
				p.staff = append(p.staff, staffEvent{t: float64(i) * p.length, level: iv.Agents})
			}
			p.agentCapacity = max(p.agentCapacity, iv.Agents)
		}
	}
	return p, nil
}
