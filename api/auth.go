package api

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
	"golang.org/x/time/rate"

	"github.com/staffcast/staffcast/app"
)

// Role is what a token may do.
type Role string

// The roles. Admin may do everything (tokens included); Manager reads
// everything; HR imports agents and rosters, reads coverage and schedules;
// Planner works history, calendars, forecasts, staffing and schedules.
const (
	Planner Role = "planner"
	Manager Role = "manager"
	HR      Role = "hr"
	Admin   Role = "admin"
)

// Roles lists every role.
var Roles = []Role{Planner, Manager, HR, Admin}

// ParseRole checks a role name.
func ParseRole(s string) (Role, error) {
	for _, r := range Roles {
		if string(r) == s {
			return r, nil
		}
	}
	return "", app.Errorf(app.Invalid, "unknown role %q (want planner, manager, hr or admin)", s)
}

// roleSet is the set of roles a route admits. Admin is in every non-public
// set; public routes need no token at all.
type roleSet uint8

const (
	public roleSet = 1 << iota
	planner
	manager
	hr
)

func (rs roleSet) admits(r Role) bool {
	switch r {
	case Admin:
		return true
	case Planner:
		return rs&planner != 0
	case Manager:
		return rs&manager != 0
	case HR:
		return rs&hr != 0
	}
	return false
}

func (rs roleSet) String() string {
	var names []string
	for _, r := range Roles {
		if rs.admits(r) {
			names = append(names, string(r))
		}
	}
	return strings.Join(names, ", ")
}

// principal is who a request acts for.
type principal struct {
	Name string // the token's name: the actor of audit rows and jobs
	Role Role
	key  string // SHA-256 of the clear token, hex: the rate-limit key
}

const principalKey = "staffcast.principal"

func principalOf(c echo.Context) principal {
	p, _ := c.Get(principalKey).(principal)
	return p
}

// actor names who acts, for audit rows and jobs.
func actor(c echo.Context) string {
	if p := principalOf(c); p.Name != "" {
		return p.Name
	}
	return "anonymous"
}

// require authenticates the bearer token, checks that its role is in
// allowed and applies the per-token rate limit. A request without a valid
// token is rate-limited by client IP before the store is asked, so token
// guessing is throttled.
func (s *Server) require(allowed roleSet) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			if allowed&public != 0 {
				return next(c)
			}
			clear, ok := bearer(c.Request())
			if !ok {
				if err := s.limits.allow("ip:" + c.RealIP()); err != nil {
					return err
				}
				return &app.Error{Kind: app.Unauthorized, Message: "missing bearer token: send Authorization: Bearer <token> (staffcast token create)"}
			}
			sum := sha256.Sum256([]byte(clear))
			key := hex.EncodeToString(sum[:])
			p, ok := s.tokens.get(key)
			if !ok {
				if err := s.limits.allow("ip:" + c.RealIP()); err != nil {
					return err
				}
				t, err := s.deps.Store.TokenByClear(c.Request().Context(), clear)
				switch {
				case app.KindOf(err) == app.NotFound:
					return &app.Error{Kind: app.Unauthorized, Message: "unknown bearer token"}
				case err != nil:
					return err
				case t.RevokedAt != nil:
					return &app.Error{Kind: app.Unauthorized, Message: "revoked bearer token"}
				}
				role, err := ParseRole(t.Role)
				if err != nil {
					return fmt.Errorf("token %d has role %q: %w", t.ID, t.Role, err) // internal: the store holds a bad role
				}
				p = principal{Name: t.Name, Role: role, key: key}
				s.tokens.put(key, p)
			}
			c.Set(principalKey, p)
			if !allowed.admits(p.Role) {
				return &app.Error{Kind: app.Forbidden, Message: fmt.Sprintf("role %s may not %s %s (allowed: %s)", p.Role, c.Request().Method, c.Path(), allowed)}
			}
			if err := s.limits.allow("tok:" + key); err != nil {
				return err
			}
			return next(c)
		}
	}
}

// bearer extracts the token of an "Authorization: Bearer" header.
func bearer(r *http.Request) (string, bool) {
	h := r.Header.Get(echo.HeaderAuthorization)
	scheme, tok, ok := strings.Cut(h, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	tok = strings.TrimSpace(tok)
	return tok, tok != "" && len(tok) <= 256
}

// tokenCache remembers verified tokens for a short TTL, so a busy client
// does not cost a database read per request. Bounded: it is emptied when
// full.
type tokenCache struct {
	ttl time.Duration
	mu  sync.Mutex
	m   map[string]cachedToken
}

type cachedToken struct {
	p       principal
	expires time.Time
}

const tokenCacheMax = 10000

func newTokenCache(ttl time.Duration) *tokenCache {
	return &tokenCache{ttl: ttl, m: map[string]cachedToken{}}
}

func (tc *tokenCache) get(key string) (principal, bool) {
	tc.mu.Lock()
	defer tc.mu.Unlock()
	e, ok := tc.m[key]
	if !ok || time.Now().After(e.expires) {
		return principal{}, false
	}
	return e.p, true
}

func (tc *tokenCache) put(key string, p principal) {
	tc.mu.Lock()
	defer tc.mu.Unlock()
	if len(tc.m) >= tokenCacheMax {
		clear(tc.m)
	}
	tc.m[key] = cachedToken{p: p, expires: time.Now().Add(tc.ttl)}
}

// forget drops every cached token (after a revocation through the API).
func (tc *tokenCache) forget() {
	tc.mu.Lock()
	clear(tc.m)
	tc.mu.Unlock()
}

// limiter is a token bucket per key (a token's hash, or a client IP) in
// Echo's in-memory rate-limiter store.
type limiter struct {
	store *middleware.RateLimiterMemoryStore // nil: no limit
}

func newLimiter(perSecond float64, burst int) *limiter {
	if perSecond < 0 {
		return &limiter{}
	}
	return &limiter{store: middleware.NewRateLimiterMemoryStoreWithConfig(middleware.RateLimiterMemoryStoreConfig{
		Rate: rate.Limit(perSecond), Burst: burst, ExpiresIn: 3 * time.Minute,
	})}
}

var errRateLimited = echo.NewHTTPError(http.StatusTooManyRequests, "rate limit exceeded: slow down and retry after the Retry-After seconds")

func (l *limiter) allow(key string) error {
	if l.store == nil {
		return nil
	}
	if ok, err := l.store.Allow(key); !ok || err != nil {
		return errRateLimited
	}
	return nil
}
