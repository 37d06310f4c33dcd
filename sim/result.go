package sim

// Estimate is a figure's mean over replications with its confidence
// interval [Low, High] (Result.Confidence, two-sided Student t). Fractions
// are clamped to [0, 1], times and counts to >= 0.
type Estimate struct {
	Mean float64 `json:"mean"`
	Low  float64 `json:"low"`
	High float64 `json:"high"`
}

// Figures are one interval's (or the whole horizon's) simulated figures,
// with the erlang package's definitions (see the package doc).
type Figures struct {
	// Offered is the contacts offered, per replication.
	Offered Estimate `json:"offered"`
	// ServiceLevel is the share of offered contacts answered within
	// Model.ServiceTime; abandoned and unserved contacts are misses. It is
	// 1 when no contact was offered.
	ServiceLevel Estimate `json:"service_level"`
	// ASASeconds is the mean wait over all offered contacts, in seconds.
	ASASeconds Estimate `json:"asa_seconds"`
	// AbandonRate is the share of offered contacts that hung up waiting or
	// were lost when the centre closed (Model.Closed).
	AbandonRate Estimate `json:"abandon_rate"`
	// Occupancy is busy time over time on duty; 0 with nobody on duty.
	Occupancy Estimate `json:"occupancy"`
	// LongestQueue is the most contacts waiting at once.
	LongestQueue Estimate `json:"longest_queue"`
}

// Result is a simulation's figures per interval and in total.
type Result struct {
	Replications int     `json:"replications"`
	Confidence   float64 `json:"confidence"`
	// Intervals holds one Figures per Model.Intervals, in order.
	Intervals []Figures `json:"intervals"`
	// Total is the whole horizon: contacts and times summed over the
	// intervals before taking ratios, LongestQueue the most over it.
	Total Figures `json:"total"`
	// Classes holds, with priority classes (Interval.Classes), each
	// class's figures over the whole horizon, class 0 first: Offered,
	// ServiceLevel, ASASeconds and AbandonRate (Occupancy and LongestQueue
	// are not kept per class: zero). Nil with one class.
	Classes []Figures `json:"classes,omitempty"`
}

// Options tune Run.
type Options struct {
	// Replications is the number of independent runs, >= 1; 0 means 100.
	Replications int
	// Seed makes the run reproducible: the same model, seed and
	// replications give the same Result whatever Workers.
	Seed uint64
	// Workers bounds the goroutines running replications; 0 means one per
	// CPU (runtime.GOMAXPROCS).
	Workers int
	// Confidence is the level of every interval, in (0, 1); 0 means 0.95.
	Confidence float64
	// Progress, when non-nil, is called after each replication with the
	// number done and the total, one call at a time.
	Progress func(done, total int)
}

// DefaultReplications is Options.Replications when zero.
const DefaultReplications = 100

// MaxReplications bounds Options.Replications.
const MaxReplications = 100_000
