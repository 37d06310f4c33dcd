// Package sim is a discrete-event simulator of one contact-centre queue
// over consecutive intervals of equal length (a day or a week), to check
// before the day whether a staffing keeps its promise when the Erlang
// formulas' assumptions (steady state, exponential times, constant agents)
// do not hold.
//
// # Model
//
// Contacts arrive as a Poisson process whose rate is constant within an
// interval, Volume/Interval (or at the replayed times of Model.Arrivals).
// Each contact draws a handle time (exponential or log-normal with the
// interval's AHT as mean, or resampled from given samples) and, if it must
// wait, a patience (exponential with the interval's mean patience,
// log-normal, or resampled; zero mean patience is infinitely patient).
// Contacts are answered first come, first served (or by priority class,
// see Priority); a waiting contact whose
// patience runs out hangs up. Every figure of a contact belongs to the
// interval it arrived in.
//
// Agents on duty come from the intervals' Agents (the count changes at
// interval starts) or from Model.Shifts (each agent is on from Start to
// End, off during its breaks). An agent never drops a call: when its shift
// ends or its break starts while it is serving, it finishes the call and
// then leaves. With interval counts, when the count falls idle agents leave
// at once and then busy agents, taken without regard to when their calls
// end, leave as they finish them (so the agents who stay are free as soon
// as their own calls end, not after the leavers'). After the last
// interval no contact arrives and the staffing of the last interval (or the
// shifts) lets the queue drain; contacts still waiting when no agent will
// come again are missed, their wait counted to the end of the horizon (or
// to the last event after it).
//
// With interval counts and exponential handle times (the usual case) the
// engine keeps the busy agents as counts per mean handle time instead of
// one end time per call: by memorylessness the next call ends after an
// exponential time at the summed rate, and the agents leaving when the
// count falls are chosen uniformly among the busy ones (see fast.go).
// Log-normal or resampled handle times and shifts take the general path;
// both are the same model (TestFastAgreesWithGeneral).
//
// With Model.Funnel the contacts of each interval are split by the bot
// funnel exactly as the erlang package splits them (erlang.Funnel
// .HumanSeriesShares): direct and returning contacts arrive with the
// interval's AHT and patience, escalated ones with the funnel's
// EscalatedAHT and EscalatedPatience; each stream is Poisson with the
// flow's mean.
//
// # Priority
//
// With Interval.Classes each contact belongs to a priority class, drawn at
// arrival with the interval's shares (independently of everything else).
// Priority is non-preemptive: an agent coming free takes the longest-waiting
// contact of the first class (class 0) that has one waiting, a call in
// progress is never interrupted, and within a class contacts are answered
// first come, first served. Patience and handle times do not depend on the
// class. Result.Classes gives each class's figures over the horizon. With
// one class (Classes nil) the order is first come, first served and no
// random number is drawn for the class, so results are those of a model
// without classes.
//
// Model.WarmUp runs the first interval's arrivals and staffing for that long
// before the first interval, unrecorded, so that the day does not start
// with an empty queue.
//
// # Closures
//
// Without Model.Closed the queue runs on from the first interval to the
// last: contacts left waiting when the agents go wait for the next ones,
// however late they come. A contact centre closes, though, and its callers
// are not answered the next morning; Model.Closed gives the times it is
// closed. When a closure starts, the contacts whose patience has run out
// have hung up and those still waiting are lost, their wait counted up to
// the closure's start; a contact arriving before the closure ends (the
// bot funnel's returns, say) is lost at once, waiting nothing. Lost
// contacts count as abandoned in the interval they arrived in (as the
// scenario package counts the contacts arriving while the humans are
// closed) and are misses for the service level. Agents keep the calls
// they are on (a closure drops no call), and agents on duty during one
// have nothing to answer. After a closure the queue starts empty, so the
// next day's figures are its own. Closures lie within the horizon: the
// warm-up, before the first interval, has none.
//
// # Figures
//
// Per interval and in total, with the erlang package's definitions:
// ServiceLevel is answered within ServiceTime over all offered (abandoned
// and unserved contacts are misses), ASASeconds the mean wait over all
// offered (abandoned contacts up to when they hung up or were lost),
// AbandonRate abandoned (hung up or lost at a closure) over offered, Occupancy the agents' busy time over their time on
// duty (both within the interval, an agent finishing a call after its shift
// counting as on duty), and LongestQueue the most contacts waiting at once.
//
// # Confidence intervals
//
// Replications are independent (replication r draws from a PCG generator
// seeded with (Seed, r)), so the results depend on the seed and not on the
// number of workers. Every figure is a mean over replications with a
// two-sided Student t confidence interval (95% by default) on R-1 degrees
// of freedom. Ratios (service level, ASA, abandonment, occupancy) use the
// ratio estimator ΣY/ΣX over replications, whose standard error comes from
// the residuals Y_r - R̂·X_r (the delta method): it is the per-contact
// probability the Erlang formulas give, not a mean of per-replication
// ratios, which is biased in small intervals. LongestQueue and Offered are
// plain means. With one replication the interval is the point itself.
//
// The package is pure: no I/O, no clock, no globals; replications run on a
// bounded pool of goroutines that have all ended when Run returns, and a
// cancelled context stops them.
package sim
