package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"os/signal"
	"syscall"
	"time"

	"github.com/staffcast/staffcast/api"
	"github.com/staffcast/staffcast/app"
	"github.com/staffcast/staffcast/demo"
	"github.com/staffcast/staffcast/store/postgres"
	"github.com/staffcast/staffcast/store/riverjobs"
	"github.com/staffcast/staffcast/store/sqlite"
)

const serveHelp = `Serve the HTTP API (see /openapi.yaml) over a store.

  staffcast serve [-addr 127.0.0.1:8080] [-data-dir ./staffcast-data] [-database-url URL] [-demo]
                  [-job-timeout 30m] [-job-rescue-after 35m] [-shutdown-timeout 30s]

The store is PostgreSQL when -database-url (or STAFFCAST_DATABASE_URL) is
set, e.g. postgres://user:pass@host/db (lib/pq defaults to sslmode=require;
add ?sslmode=disable for a local server without TLS); otherwise an embedded
SQLite file in -data-dir. Requests need a bearer token: make one with
"staffcast token create -role planner -name alice". -demo seeds a queue
"retail" with 12 weeks of synthetic history on first start and prints the
URL and a new admin token. SIGTERM or Ctrl-C stops the server gracefully:
in-flight requests get -shutdown-timeout (30s) to finish; then running jobs
are cancelled and put back in the queue, to be re-run. A job attempt
is cancelled after -job-timeout; a job left running by a server that died is
re-run after -job-rescue-after (which must exceed -job-timeout).
`

// storeFlags are the flags serve and token share.
type storeFlags struct {
	dataDir, databaseURL string
}

func (s *storeFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&s.dataDir, "data-dir", "./staffcast-data", "directory of the embedded SQLite store (when no -database-url)")
	fs.StringVar(&s.databaseURL, "database-url", "", "PostgreSQL URL (default $STAFFCAST_DATABASE_URL; lib/pq defaults to sslmode=require)")
}

// openedStore is an app.Store with the *sql.DB and dialect a job queue needs.
type openedStore struct {
	app.Store
	jobs func(riverjobs.Options) (*riverjobs.Queue, error)
	desc string
}

func (s *storeFlags) open(ctx context.Context, e env) (*openedStore, error) {
	url := s.databaseURL
	if url == "" {
		url = e.getenv("STAFFCAST_DATABASE_URL")
	}
	if url != "" {
		st, err := postgres.Open(ctx, url, nil)
		if err != nil {
			return nil, err
		}
		return &openedStore{Store: st, desc: "PostgreSQL", jobs: func(o riverjobs.Options) (*riverjobs.Queue, error) {
			return riverjobs.New(st.SQLDB(), riverjobs.Postgres, o)
		}}, nil
	}
	if err := requireFlag("data-dir", s.dataDir); err != nil {
		return nil, err
	}
	st, err := sqlite.Open(ctx, s.dataDir, nil)
	if err != nil {
		return nil, err
	}
	return &openedStore{Store: st, desc: "SQLite " + st.Path(), jobs: func(o riverjobs.Options) (*riverjobs.Queue, error) {
		return riverjobs.New(st.SQLDB(), riverjobs.SQLite, o)
	}}, nil
}

func runServe(ctx context.Context, args []string, e env) error {
	fs := newFlags("serve", e)
	withHelp(fs, e, serveHelp)
	var sf storeFlags
	sf.register(fs)
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on (listening beyond loopback is the operator's choice)")
	seed := fs.Bool("demo", false, "seed a demo queue on first start and print an admin token")
	rateLimit := fs.Float64("rate-limit", 100, "requests per second allowed per token (burst twice that); negative: no limit")
	trustProxy := fs.Bool("trust-proxy", false, "take the client IP from X-Forwarded-For (only behind a proxy that sets it)")
	var jobTimeout, rescueAfter durationFlag
	shutdownTimeout := durationFlag{Value: 30 * time.Second}
	durationVar(fs, &shutdownTimeout, "shutdown-timeout", "on SIGTERM, how long in-flight requests may take to finish; running jobs are then put back in the queue, to be re-run")
	fs.Var(&jobTimeout, "job-timeout", "longest run of one job attempt before it is cancelled and fails (default 30m)")
	fs.Var(&rescueAfter, "job-rescue-after", "how long a job may stay running before it is taken for stuck (its server died) and re-run; must exceed -job-timeout (default -job-timeout + 5m)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *rateLimit == 0 {
		return usageErrorf("invalid value 0 for flag -rate-limit: give a positive rate, or a negative one for no limit")
	}
	if rescueAfter.Given {
		timeout := 30 * time.Minute // riverjobs' default
		if jobTimeout.Given {
			timeout = jobTimeout.Value
		}
		if rescueAfter.Value <= timeout {
			return usageErrorf("-job-rescue-after %s must exceed -job-timeout %s, or a job still running would be run twice", rescueAfter.Value, timeout)
		}
	}
	ctx, stop := signal.NotifyContext(ctx, syscall.SIGTERM)
	defer stop()
	log := slog.New(slog.NewJSONHandler(e.stderr, nil))
	st, err := sf.open(ctx, e)
	if err != nil {
		return err
	}
	defer st.Close()
	jobs, err := st.jobs(riverjobs.Options{Logger: log, JobTimeout: jobTimeout.Value, RescueAfter: rescueAfter.Value})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return usageErrorf("-addr %s: %v", *addr, err)
	}
	url := "http://" + ln.Addr().String()
	out := e.liveStdout
	if out == nil {
		out = e.stdout
	}
	var tok string
	var fresh bool
	if *seed {
		if tok, fresh, err = seedDemo(ctx, st); err != nil {
			ln.Close()
			return err
		}
	}
	log.Info("serving", "url", url, "store", st.desc)
	srv := api.New(api.Config{RateLimit: *rateLimit, TrustProxy: *trustProxy, ShutdownTimeout: shutdownTimeout.Value}, api.Deps{Store: st, Jobs: jobs, Logger: log})
	if !*seed {
		return srv.Run(ctx, ln)
	}
	done := make(chan error, 1)
	go func() { done <- srv.Run(ctx, ln) }()
	if fresh {
		if err := seedPipeline(ctx, url, tok, out); err != nil {
			log.Error("seeding the demo", "err", err)
			fmt.Fprintf(e.stderr, "staffcast serve: seeding the demo: %v\n", err)
		}
	}
	fmt.Fprintf(out, "Staffcast is serving %s (OpenAPI at %s/openapi.yaml)\nadmin token: %s\n", url, url, tok)
	fmt.Fprintf(out, "open %s/ in a browser and paste the token to see queue retail's forecast, staffing and plan\n", url)
	fmt.Fprintf(out, "try: curl -H 'Authorization: Bearer %s' %s/api/v1/queues/retail/schedules\n", tok, url)
	return <-done
}

// seedDemo imports the demo's synthetic history into queue "retail" when the
// store has no such queue (fresh is then true: seedPipeline goes on from
// there), and makes a new admin token, whose clear text is shown only now.
func seedDemo(ctx context.Context, st app.Store) (clear string, fresh bool, err error) {
	const queue = "retail"
	cfg := demo.DefaultConfig(1)
	_, err = st.Queue(ctx, queue)
	switch {
	case app.KindOf(err) == app.NotFound:
		rows, err := demo.HistoryRows(cfg)
		if err != nil {
			return "", false, err
		}
		tz := "UTC"
		if len(rows) > 0 {
			tz = rows[0].Start.Location().String()
		}
		q := app.Queue{Name: queue, Channel: "voice", TimeZone: tz, Interval: cfg.Interval}
		if _, err := st.ImportHistory(ctx, "demo", queue, rows, &q); err != nil {
			return "", false, err
		}
		fresh = true
	case err != nil:
		return "", false, err
	}
	// Live token names are unique, and a restart in the same second would
	// ask for the same name again: stamped to the millisecond.
	clear, _, err = st.CreateToken(ctx, "demo", fmt.Sprintf("demo-admin-%d", time.Now().UnixMilli()), string(api.Admin))
	return clear, fresh, err
}
