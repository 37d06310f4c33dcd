// Package scenario answers a manager's question: what does each bot/human
// split cost, and what service does it keep, interval by interval and by
// hour of day? A scenario Document describes queues (demand, service
// promise, humans, bot, costs); Evaluate prices one split, Sweep a grid of
// them, Optimize chooses the bot share per hour of day, and Compare sets
// scenarios side by side. The package is pure: values in, results out; no
// I/O (the caller loads the time zones, Inputs.Locations), no
// clock, no globals, and every goroutine it starts has ended when it
// returns. Deadlines and cancellation arrive in a context.
//
// # Document
//
// Parse reads the JSON document strictly: unknown fields, values of the
// wrong type, rates outside [0, 1], escalation + false_containment > 1,
// durations ("240s", "30m", "24h", "7d"), opening hours and dates that do
// not parse are a *FieldError naming the dotted path ("bot.escalation",
// "queues[1].humans.hours.sat"). A document is one queue inline or
// {"name", "queues": [...]}. Set changes one numeric field by its path
// (durations in seconds) and re-validates; ParseVary reads the CLI's
// -vary ("bot.share=0:0.9:0.1").
//
// # Demand
//
// The caller resolves each queue's demand (Inputs.Demand): consecutive
// intervals of equal length. A coarser interval sums volumes and
// volume-weights AHT, in groups aligned on the local day; demand.scale and
// the campaigns multiply volumes. Hour of day and opening hours are read
// in time_zone, or the demand timestamps' zone; an interval is open when
// its start is.
//
// # Funnel and blending
//
// In every interval a share s of the offered volume V goes to the bot
// (see erlang.Funnel): Bot = sV, Escalated = Bot·escalation, False =
// Bot·false_containment, Contained = the rest, Direct = V - Bot. A share
// return_share of the falsely contained come back as plain contacts,
// spread evenly over the K = ⌈return_lag/interval⌉ following intervals
// (the same interval when return_lag is 0); the rest are Unresolved.
// Returns falling after the last interval are not dropped: they are
// returns_beyond_horizon, human contacts still, each costed
// (cost_beyond_horizon) at the queue's all-human paid cost of a contact
// (all-human paid hours × hourly_cost / contacts offered while humans are
// open; lost_contact_cost if humans never are), so customers add up:
// bot_sessions = contained + escalated + unresolved + returned +
// returns_beyond_horizon. Returns from before the first interval are not
// known: the horizon's first return_lag gets none of them. Humans get Direct + Escalated + Returned contacts with the
// volume-weighted AHT (so the workload in Erlangs is exact) and the
// patience blended through abandonment rates θ = 1/patience
// (erlang.Funnel.Human explains why), escalations using escalated_aht and
// escalated_patience. The share is per interval (erlang.Funnel
// .HumanSeriesShares): bot.share is one number or one per hour of day;
// outside bot.hours it is 0; while humans are closed (humans.hours) and
// the bot is open it is 1; and the bot's capacity caps it: concurrent
// sessions = sessions × session_time / interval (Little's law) may not
// exceed bot.capacity, the overflow going straight to humans.
//
// # Staffing, closed hours, cap
//
// The human load of each open interval is staffed for every target of the
// promise at once with erlang.StaffBatch: Erlang A when the blended
// patience is positive (humans.patience or escalated_patience), Erlang C
// otherwise. RequiredAgents are the agents answering; ScheduledAgents are
// grossed up for shrinkage, ⌈agents/(1 - shrinkage)⌉. Human contacts
// arriving while humans are closed (escalations, returns, and everything
// when the bot is closed too) are Unserved and lost: their interval has
// service level 0 and abandon rate 1, and its unserved contacts weigh on
// the totals' service figures and are costed as lost, but it keeps the
// promise, which is for the hours humans answer; a closed interval costs
// no hours. With
// humans.max_agents, scheduled agents above the cap are cut to it, the
// service is evaluated with ⌊cap × (1 - shrinkage)⌋ agents answering
// (erlang.Evaluate; Erlang C above its capacity has an unbounded ASA,
// written null in JSON) and the interval breaks the promise. An interval
// keeps the promise when every target is met for its human queue
// (intervals without human contacts keep it).
//
// staff_to chooses the volume staffed from the demand's forecast bands
// (Interval.Bands; bands of intervals aggregated to the planning interval
// are summed quantile by quantile): "mean" (default) the point forecast;
// "p80" the agents Erlang staffs for the upper 80% bound, with their
// figures at the point forecast; "expected-sl" the fewest agents whose
// figures averaged over five quadrature points of the bands
// (erlang.Bands.Quadrature, erlang.StaffExpected) keep the promise, with
// those expected figures. The human load is scaled by the interval's
// volume ratio: exact for its own callers' contacts, and taking returns
// from earlier intervals to move with its forecast error.
//
// # Shifts
//
// With shift templates (Inputs.Shifts) the scheduled agents of every
// interval, on local wall-clock slots of whole days, are the requirements
// of scheduler.Solve (Options.ShiftEffort and Seed; weights default to
// shortage 1, excess 1). The plan's coverage becomes ScheduledAgents, the
// service is evaluated with ⌊coverage × (1 - shrinkage)⌋ agents answering,
// and the plan's paid hours are spread over the intervals in proportion to
// coverage (they sum to the plan's). Without templates paid hours are
// scheduled agents × interval length. The requirement's own service stays
// in the Required* figures (RequiredAnsweringAgents, RequiredServiceLevel,
// RequiredASASeconds, RequiredAbandonRate, RequiredOccupancy), those of
// the agents answering the requirement whether or not a plan covers it.
//
// # Costs and totals
//
// Per interval: cost_humans = paid hours × humans.hourly_cost, cost_bot =
// bot sessions × bot.cost_per_session, cost_lost = lost ×
// lost_contact_cost where lost = abandoned + unresolved + unserved,
// cost_beyond_horizon (above), and cost = cost_humans + cost_bot +
// cost_lost + cost_beyond_horizon (the same identity holds for the
// totals). Totals sum contacts, hours and costs; service_level and
// abandon_rate are over all human contacts, as each interval's are
// (reached in promise / human contacts, (abandoned + unserved) / human
// contacts: an unserved contact is not answered in time and is lost), so
// a day's row and the totals agree; asa_seconds is the mean wait of the
// human contacts served (an unserved contact never waits in a queue);
// occupancy is weighted by scheduled agents; reached_human_share is the
// share of ALL offered customers answered by a human within sl_time (a
// returning customer counts when answered). naive_paid_hours is what the
// naive plan "cut headcount in proportion to the bot share" pays:
// ⌈all-human scheduled agents × (1 - share)⌉ per interval;
// funnel_extra_paid_hours and funnel_extra_percent say how much more the
// funnel really needs (small queues lose economies of scale, escalations
// take longer and wait less, false containment comes back): the
// requirement without humans.max_agents (uncapped_required_paid_hours)
// less the naive hours, neither side capped.
//
// # Sweep
//
// Sweep evaluates the cartesian grid of its Varies on Options.Workers
// goroutines and reports every point's totals, the cheapest point that
// keeps every promise, and the break-even bot share: along bot.share, the
// other varied fields at the cheapest point's values, the share of least
// cost, beyond which more bot stops saving money (none when cost still
// falls at the grid's top).
//
// # Optimize
//
// Optimize chooses each queue's share per hour of day from a grid
// (DefaultGrid: 0, 0.05, ..., 1): a candidate keeping the promise in every
// interval beats one that does not, then lower cost wins; when none keeps
// it, the cheapest (lost contacts priced in) is chosen and the note says
// so, since fewer broken intervals bought with a higher cost and more lost
// customers is no better answer. It starts from
// the best single share and improves it by coordinate descent (Bertsekas,
// Nonlinear Programming, 1999, §2.7): each hour in turn takes its best
// grid value with the others fixed, until every hour has been tried since
// the last change. A trial recomputes only the intervals it touches (the
// hour's own and those its returns reach) and re-staffs them from their
// current agents. Without returns across intervals the hours are
// independent and one round is exact; with them the answer is a
// coordinate-wise optimum, checked against brute force in the tests. With
// shift templates the search uses interval costing, then the split and the
// best single share are both planned with shifts and the better kept, so
// the answer is never worse than the best single share.
//
// # Time limits and progress
//
// The package reads no clock. A caller with a time limit passes a Budget
// (Options.Budget) that derives each step's context from the one given:
// the step's share, 1/left of the time left, where left counts the steps
// still to run one after another, this one included; the package counts
// them. The steps are the shift plans (Evaluate: one a planned queue;
// Sweep: point i's plans share ⌈(n-i)/w⌉·k ways on w workers with k plans
// a point; Optimize: each queue's search over the hours and its two
// plans). A plan whose context ends returns the best plan found by then
// (scheduler.Plan.Stopped), priced like any other and counted in
// Totals.PlansStopped; a search keeps the split it has reached
// (OptimizeResult.Stopped). Without a Budget, or when no share ends, the
// result is the one of a search at full effort: the same inputs, the same
// result. Options.Progress hears how far the work has got: the points of
// a sweep, an optimisation's trials and plans, a run's plans, each in
// progress counting its plans' searches.
//
// References: Garnett, Mandelbaum & Reiman (2002), "Designing a call
// center with impatient customers" (Erlang A); Halfin & Whitt (1981)
// (square-root staffing); Little (1961) (bot concurrency); and the
// erlang and scheduler packages' own documentation.
package scenario
