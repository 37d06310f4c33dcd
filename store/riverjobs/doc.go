// Package riverjobs implements app.Jobs, Staffcast's durable background job
// queue, with River (github.com/riverqueue/river) on the same database as the
// domain store: PostgreSQL through lib/pq (River's database/sql driver) or the
// embedded SQLite file through modernc.org/sqlite (River's SQLite driver).
//
// # Why River
//
// A job queue that survives restarts, runs each job on one server only and
// recovers from crashes is easy to get almost right and hard to get right, so
// Staffcast uses a well-kept library instead of its own:
//
//   - River is actively maintained, documented and versioned, and has a
//     PostgreSQL driver usable through database/sql (so lib/pq, the driver the
//     store uses) and a SQLite driver, so the embedded store and a shared
//     PostgreSQL run the same queue code. Its schema is applied by its own
//     versioned migrations (rivermigrate), run at Start.
//   - Jobs are rows locked with SELECT ... FOR UPDATE SKIP LOCKED when a
//     server takes them, so several servers sharing one PostgreSQL never run
//     the same job twice (TestExactlyOnceAcrossServers shows it with two
//     clients on one schema).
//   - A job whose server died (SIGKILL, power loss) is not left "running" for
//     ever: River's elected leader rescues jobs that have been running longer
//     than Options.RescueAfter and queues them again (or fails them once out
//     of attempts).
//   - Cancellation is built in: a queued job is cancelled in the database
//     and never runs; a running job's context is cancelled on whichever
//     server runs it, which polls for cancel requests every two seconds (the
//     database/sql driver has no LISTEN/NOTIFY, so clients run in poll-only
//     mode). Graceful shutdown waits for running jobs, then cancels them and
//     puts them back in the queue (JobSnooze(0)) without using an attempt.
//
// # What this package adds
//
// River's kinds are Go types; Staffcast registers job functions by name, so
// every job is one River kind ("staffcast_job") whose args wrap the
// Staffcast kind, the actor and the JSON args. Progress reported by a running
// job is merged into the job row's metadata (key "staffcast") at most every
// Options.ProgressEvery, so Get on any server sharing the database sees it.
// A job's result is River's recorded output, in the row's metadata; List
// reads its rows with a query of its own that leaves it out (and keeps the
// ids it names, stored beside it when the job succeeds), so that a page of
// jobs does not bring their results from the database.
// Errors are classified with app.KindOf: internal errors are retried up to
// Options.MaxAttempts, any other kind fails the job at once (river.JobCancel
// with a "failed" mark, shown as JobFailed, not JobCancelled).
//
// # Limits
//
// River's rescue is time based: a job counts as stuck once it has been
// running RescueAfter, which must exceed JobTimeout (a job still running then
// is cancelled by its own server first). After a crash the job is re-run
// after RescueAfter plus up to 30 s (the rescuer's fixed interval), plus the
// time for a surviving or restarted server to become leader (a few seconds
// in poll-only mode), plus the retry back-off (about a second for a first
// retry). River's SQLite driver is documented as early; SQLite allows one
// writer at a time, so the *sql.DB should set a busy timeout
// (_pragma=busy_timeout(5000)) or one open connection.
package riverjobs
