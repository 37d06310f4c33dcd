// Package erlang computes how many agents a contact-centre queue needs.
//
// It is pure computation: plain Go values in, results or errors out. Times
// are time.Duration and rates are derived per second. Every formula is
// evaluated without factorials or overflowing powers (the Erlang B
// recursion; incomplete-gamma series and continued fractions in log space),
// so results are accurate to about 1e-12 relative from a fraction of an
// Erlang to well beyond 50,000 Erlangs (about 50,300 agents).
//
// # Load
//
// A Load is contacts offered in an interval with a mean handle time (AHT).
// Its offered load in Erlangs is a = volume × AHT / interval: 100 calls in
// 30 minutes with AHT 180 s is 100 × 180 / 1800 = 10 Erlangs, ten agents
// busy all the time if nobody ever waited.
//
// # Erlang C (M/M/n)
//
// Calls arrive at random (Poisson), handle times are exponential, and
// nobody hangs up. ErlangC gives the chance a call waits, and Evaluate the
// service level SL(T) = 1 - C·e^{-(n-a)T/AHT}, the average speed of answer
// ASA = C·AHT/(n-a) and occupancy a/n. Example: 10 Erlangs on 14 agents wait
// with probability 17.4%, 88.8% are answered within 20 s, ASA is 7.8 s and
// agents are 71.4% occupied; 13 agents give only 79.6%, so 80/20 needs 14.
// Erlang C needs n > a and is pessimistic when callers do abandon.
//
// # Erlang A (M/M/n+M)
//
// The same queue where each waiting caller hangs up after an exponential
// patience (Load.Patience, the mean). Abandonment relieves the queue, so it
// works with any number of agents, even below the load (Garnett, Mandelbaum
// & Reiman 2002; formulas from Mandelbaum & Zeltyn 2007). Definitions, fixed
// throughout the package: the service level is the share of all offered
// calls answered within T (abandoned calls count as missed), and ASA is the
// mean wait over all offered calls, abandoned ones included up to when they
// hung up, so P(abandon) = ASA / patience. Example: the 10 Erlangs above
// with 60 s patience reach 80/20 with 12 agents (86.0% within 20 s, 7.6%
// abandon); capping abandonment at 2% as well needs 15.
//
// # Staffing, targets and shrinkage
//
// Staff finds the fewest agents meeting every Target at once: service
// level, maximum ASA, maximum abandonment, maximum occupancy. It starts at
// square-root staffing a + √a and steps one agent at a time, reusing the
// Erlang B recursion. StaffBatch staffs a whole forecast in one call,
// starting each interval from its neighbour's answer. Shrinkage (breaks,
// training, absence) turns agents into scheduled agents:
// ceil(agents / (1 - shrinkage)); 14 agents at 30% shrinkage is 20
// scheduled. Example: 10 Erlangs, 80/20 and a 70% occupancy cap need 15.
//
// # Bot deflection funnel
//
// A Funnel sends a share of contacts to a bot, which escalates some to a
// human at once (usually longer and less patient), truly contains some and
// falsely contains others, a share of whom call back later. Human and
// HumanSeries return the load left for humans: the volume, the blended AHT
// that keeps the workload exact and the blended patience. Example: 1,000
// calls an hour with AHT 200 s and 90 s patience need 54 agents for 80/20;
// with 60% sent to a bot that escalates a quarter (AHT 300 s, patience 30 s)
// and falsely contains 10%, half of whom call back, humans get 580 calls at
// AHT 225.9 s (36.4 Erlangs) and need 36. A funnel with no bot traffic
// returns the load unchanged.
//
// # Chat concurrency
//
// A chat agent handles up to k conversations at once, each slower when
// shared. EvaluateChat and StaffChat use a state-dependent birth-death
// model: with x chats spread evenly over n agents, an agent with j chats
// completes them at rate j/HandleTimes[j-1]. Dividing AHT by k instead
// overstates capacity. Example: 300 chats in 30 minutes taking 400 s alone,
// 560 s two at a time and 750 s three at a time need 44 agents for 80% in
// 60 s; one at a time would need 72, and "AHT/3" would claim 25.
//
// # Deferred work
//
// Email and back-office items need not be answered at once but within a
// deadline. StaffDeferred spreads each interval's work over the intervals
// before its deadline and returns agent-hours per interval. Example: 40,
// 120 and 10 emails in three hours, 6 minutes each, answered within 4 hours,
// need 1.00, 4.00, 4.25, 4.25, 3.25 and 0.25 agent-hours in hours 0-5.
//
// References: A. K. Erlang (1917); O. Garnett, A. Mandelbaum, M. Reiman
// (2002), "Designing a call center with impatient customers", M&SOM 4(3);
// A. Mandelbaum, S. Zeltyn (2007), "The M/M/n+G queue: summary of
// performance measures", Technion; S. Halfin, W. Whitt (1981), "Heavy-traffic
// limits for queues with many exponential servers", Oper. Res. 29(3).
package erlang
