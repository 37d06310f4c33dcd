// Package api is Staffcast's HTTP service: an Echo v4 server under /api/v1
// whose handlers call the application layer (package app) and never wire the
// pure packages themselves. It is the only package that imports Echo.
//
// Every route and the roles it admits are declared in routes.go. Requests
// carry a bearer token (made by "staffcast token create"); a missing, unknown
// or revoked token gets 401, a token of a role the route does not admit 403.
// Every error is an RFC 9457 application/problem+json document carrying the
// request id, which is also sent in the X-Request-Id header; statuses are
// decided in one function, statusOf.
//
// Limits (Config): JSON bodies 1 MiB, CSV uploads 256 MiB, a token bucket of
// 100 requests/s (burst 200) per token and, for requests without a valid
// token, per client IP; queue names match ^[a-z0-9][a-z0-9_-]{0,63}$. The
// client IP is the connection's peer address unless Config.TrustProxy says a
// reverse proxy's X-Forwarded-For is to be believed.
package api
