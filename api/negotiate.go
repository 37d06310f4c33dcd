package api

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"
)

// accepted picks which of offers (media types, the default first) to answer
// by the request's Accept header (negotiate), and says that the answer
// varies by it. None acceptable is a 406 problem naming the offers. Every
// route that answers more than JSON goes through it, the routes of one
// format too (plan.csv, an .ics), so that all refuse alike what they cannot
// send. A weight (q) that is not a number from 0 to 1 is the client's
// mistake, not a format this server lacks: 400 naming it (badQ).
func accepted(c echo.Context, offers ...string) (string, error) {
	varyAccept(c.Response().Header())
	accept := strings.Join(c.Request().Header.Values(echo.HeaderAccept), ",")
	o, err := negotiate(accept, offers...)
	if err != nil {
		return "", err
	}
	if o != "" {
		return o, nil
	}
	return "", problemf(http.StatusNotAcceptable, "Accept %.200q allows none of what this route answers: %s", accept, strings.Join(offers, ", "))
}

// varyAccept says in h that the answer varies by Accept, once.
func varyAccept(h http.Header) {
	for _, v := range h.Values(echo.HeaderVary) {
		for _, f := range strings.Split(v, ",") {
			if f = strings.TrimSpace(f); f == "*" || strings.EqualFold(f, echo.HeaderAccept) {
				return
			}
		}
	}
	h.Add(echo.HeaderVary, echo.HeaderAccept)
}

// negotiate picks the offer accept prefers, as RFC 9110 §12.5.1 has it:
// each offer weighs the q of the most specific media range that matches it
// (type/subtype with parameters, then type/subtype, type/*, */*; the first
// listed of equally specific ones), the heaviest offer wins and a tie goes
// to the first of offers. q=0, or no range matching, is not acceptable: ""
// when no offer is. An absent or empty accept takes offers[0]. Types,
// parameter names and q are read without regard to case; an element that
// is not a media range is ignored (Java's default Accept has a bare "*"),
// and a q that is not a number in [0, 1] is an error (badQ), whatever the
// other elements allow. Parameters other than q are not compared: every
// offer is sent as UTF-8.
func negotiate(accept string, offers ...string) (string, error) {
	if strings.TrimSpace(accept) == "" {
		return offers[0], nil
	}
	ranges, err := parseAccept(accept)
	if err != nil {
		return "", err
	}
	best, bestQ := "", 0.0
	for _, o := range offers {
		typ, sub, _ := strings.Cut(strings.ToLower(o), "/")
		q, spec := 0.0, -1
		for _, r := range ranges {
			s := r.specificity()
			if s > spec && (r.typ == "*" || r.typ == typ && (r.sub == "*" || r.sub == sub)) {
				q, spec = r.q, s
			}
		}
		if q > bestQ {
			best, bestQ = o, q
		}
	}
	return best, nil
}

// mediaRange is one element of an Accept header.
type mediaRange struct {
	typ, sub string  // lower case; "*" for a wildcard
	params   int     // parameters before the weight
	q        float64 // the weight, 1 when not given
}

// specificity orders matching ranges: */* 0, type/* 1, type/subtype 2, with
// parameters 3.
func (r mediaRange) specificity() int {
	switch {
	case r.typ == "*":
		return 0
	case r.sub == "*":
		return 1
	case r.params > 0:
		return 3
	}
	return 2
}

// parseAccept reads the media ranges of an Accept header, leaving out
// those that are malformed; a malformed weight is an error (badQ).
func parseAccept(accept string) ([]mediaRange, error) {
	var out []mediaRange
	for _, elem := range splitUnquoted(accept, ',') {
		parts := splitUnquoted(elem, ';')
		typ, sub, ok := strings.Cut(strings.ToLower(strings.TrimSpace(parts[0])), "/")
		if !ok || !isToken(typ) || !isToken(sub) || typ == "*" && sub != "*" {
			continue
		}
		r := mediaRange{typ: typ, sub: sub, q: 1}
		for _, p := range parts[1:] {
			name, value, _ := strings.Cut(strings.TrimSpace(p), "=")
			if !strings.EqualFold(strings.TrimSpace(name), "q") {
				r.params++
				continue
			}
			v := strings.TrimSpace(value)
			if r.q, ok = parseQ(v); !ok {
				return nil, badQ(accept, v)
			}
			break // what follows the weight is no parameter of the range
		}
		out = append(out, r)
	}
	return out, nil
}

// badQ is the 400 for an Accept whose weight q is not a number from 0 to
// 1, naming the header and the value.
func badQ(accept, q string) error {
	return invalidf("Accept %.200q: q=%.30q is not a weight: want a number from 0 to 1 with at most three decimals, such as q=0.5", accept, q)
}

// parseQ reads a weight: a decimal number from 0 to 1 (RFC 9110 allows
// at most three decimals and a leading 0; more decimals, and Java's
// q=.2, are read too, since real clients send them).
func parseQ(s string) (float64, bool) {
	if s == "" || strings.Trim(s, "0123456789.") != "" {
		return 0, false
	}
	q, err := strconv.ParseFloat(s, 64)
	return q, err == nil && q <= 1
}

// splitUnquoted splits s at sep outside double-quoted strings (where a
// backslash escapes the next byte).
func splitUnquoted(s string, sep byte) []string {
	var out []string
	quoted, start := false, 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case quoted && c == '\\':
			i++
		case c == '"':
			quoted = !quoted
		case !quoted && c == sep:
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}

// isToken reports whether s is a non-empty RFC 9110 token (or "*").
func isToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= ' ' || c >= 0x7f || strings.IndexByte(`"(),/:;<=>?@[\]{}`, c) >= 0 {
			return false
		}
	}
	return true
}
