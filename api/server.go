package api

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/staffcast/staffcast/app"
)

// Config sets the server's limits. The zero value of every field takes the
// default its comment states.
type Config struct {
	// JSONBodyLimit caps JSON request bodies (default 1 MiB).
	JSONBodyLimit int64
	// CSVBodyLimit caps CSV uploads, bare or multipart (default 256 MiB: a
	// year of 5-minute history for 50 queues is about 250 MB).
	CSVBodyLimit int64
	// RateLimit is the sustained requests per second allowed per token,
	// and per client IP for requests without a valid token (default 100);
	// RateBurst the bucket size (default 2*RateLimit). A negative RateLimit
	// disables the limit.
	RateLimit float64
	RateBurst int
	// TrustProxy takes the client IP from X-Forwarded-For (set it only
	// behind a reverse proxy that overwrites that header); otherwise the
	// peer address of the connection is the client.
	TrustProxy bool
	// Timeouts of the http.Server: ReadHeaderTimeout 10 s, ReadTimeout
	// 5 min (a 256 MiB upload on a slow link), WriteTimeout 5 min (a large
	// CSV export), IdleTimeout 2 min. ShutdownTimeout (default 30 s) is how
	// long Run lets in-flight requests finish after its context ends.
	ReadHeaderTimeout, ReadTimeout, WriteTimeout, IdleTimeout time.Duration
	ShutdownTimeout                                           time.Duration
	// TokenCacheTTL is how long a verified token is trusted without asking
	// the store again (default 10 s); a revoked token is refused at most
	// this long after its revocation.
	TokenCacheTTL time.Duration
	// ForecastJobIntervals is the number of forecast intervals (horizon /
	// interval summed over the request) above which a forecast runs as a
	// job and the POST answers 202 (default 4032: two weeks of 5-minute
	// intervals).
	ForecastJobIntervals int
}

func (c Config) withDefaults() Config {
	def := func(v *time.Duration, d time.Duration) {
		if *v <= 0 {
			*v = d
		}
	}
	if c.JSONBodyLimit <= 0 {
		c.JSONBodyLimit = 1 << 20
	}
	if c.CSVBodyLimit <= 0 {
		c.CSVBodyLimit = 256 << 20
	}
	if c.RateLimit == 0 {
		c.RateLimit = 100
	}
	if c.RateBurst <= 0 {
		c.RateBurst = max(1, int(2*c.RateLimit))
	}
	def(&c.ReadHeaderTimeout, 10*time.Second)
	def(&c.ReadTimeout, 5*time.Minute)
	def(&c.WriteTimeout, 5*time.Minute)
	def(&c.IdleTimeout, 2*time.Minute)
	def(&c.ShutdownTimeout, 30*time.Second)
	def(&c.TokenCacheTTL, 10*time.Second)
	if c.ForecastJobIntervals <= 0 {
		c.ForecastJobIntervals = 4032
	}
	return c
}

// Deps are the services the handlers call.
type Deps struct {
	// Store is required.
	Store app.Store
	// Jobs runs long work; when nil, job routes answer 503 and work that
	// would be a job runs in the request.
	Jobs app.Jobs
	// Logger receives access logs and server errors (default slog.Default()).
	Logger *slog.Logger
}

// Server is the HTTP service. It is an http.Handler; Run serves it on a
// listener with timeouts and graceful shutdown.
type Server struct {
	cfg    Config
	deps   Deps
	log    *slog.Logger
	echo   *echo.Echo
	tokens *tokenCache
	limits *limiter
	// allowed is the route table as registered, for tests.
	allowed []route
	// jobReaders are the roles that may read each job kind's result
	// (jobResultRoutes).
	jobReaders map[string]roleSet
}

// New builds the server and registers every route (routes.go).
func New(cfg Config, deps Deps) *Server {
	cfg = cfg.withDefaults()
	s := &Server{cfg: cfg, deps: deps, log: deps.Logger}
	if s.log == nil {
		s.log = slog.Default()
	}
	s.tokens = newTokenCache(cfg.TokenCacheTTL)
	s.limits = newLimiter(cfg.RateLimit, cfg.RateBurst)
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.Logger.SetOutput(discard{})
	e.HTTPErrorHandler = s.errorHandler
	if cfg.TrustProxy {
		e.IPExtractor = echo.ExtractIPFromXFFHeader()
	} else {
		e.IPExtractor = echo.ExtractIPDirect()
	}
	s.echo = e
	s.middleware()
	s.routes()
	s.registerJobs()
	return s
}

// ServeHTTP serves one request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.echo.ServeHTTP(w, r) }

// Routes lists the registered routes (method and Echo path, such as
// /api/v1/queues/:queue).
func (s *Server) Routes() []*echo.Route { return s.echo.Routes() }

// HTTPServer returns an http.Server for s with the configured timeouts.
func (s *Server) HTTPServer() *http.Server {
	return &http.Server{
		Handler:           s,
		ReadHeaderTimeout: s.cfg.ReadHeaderTimeout,
		ReadTimeout:       s.cfg.ReadTimeout,
		WriteTimeout:      s.cfg.WriteTimeout,
		IdleTimeout:       s.cfg.IdleTimeout,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
}

// Run serves on ln until ctx ends, then shuts down gracefully: it stops
// accepting, lets in-flight requests finish (up to ShutdownTimeout), and
// then stops the job runner (Deps.Jobs) at once: its running jobs are
// cancelled and put back in the queue, to be re-run. Run starts the job
// runner itself when Deps.Jobs is set. It returns nil after a shutdown
// caused by ctx.
func (s *Server) Run(ctx context.Context, ln net.Listener) error {
	if s.deps.Jobs != nil {
		if err := s.deps.Jobs.Start(ctx); err != nil {
			ln.Close()
			return err
		}
	}
	hs := s.HTTPServer()
	hs.BaseContext = func(net.Listener) context.Context { return context.WithoutCancel(ctx) }
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	var serveErr error
	select {
	case serveErr = <-errc:
	case <-ctx.Done():
	}
	s.log.Info("shutting down", "timeout", s.cfg.ShutdownTimeout.String())
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.cfg.ShutdownTimeout)
	defer cancel()
	err := hs.Shutdown(sctx)
	if err != nil {
		hs.Close()
	}
	if serveErr == nil {
		serveErr = <-errc
	}
	if s.deps.Jobs != nil {
		// The requests have drained. A running job goes back to the queue
		// without spending an attempt, so waiting for it gains nothing: a
		// context already done tells Stop to cancel it now (it still gets
		// the job queue's short grace to return).
		now, stopNow := context.WithCancel(context.WithoutCancel(ctx))
		stopNow()
		if jerr := s.deps.Jobs.Stop(now); jerr != nil && err == nil {
			err = jerr
		}
	}
	if serveErr != nil && !errors.Is(serveErr, http.ErrServerClosed) {
		return serveErr
	}
	return err
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }
