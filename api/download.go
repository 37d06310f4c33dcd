package api

import (
	"mime"
	"strings"
	"unicode"

	"github.com/labstack/echo/v4"
)

// attachment names the file a CSV or iCalendar answer is saved as
// (Content-Disposition: attachment, RFC 6266), so that curl -OJ and a
// browser save roster-6.csv rather than a name made up from the URL. Set it
// just before the body is written: an error answered after would carry it.
func attachment(c echo.Context, name string) {
	c.Response().Header().Set(echo.HeaderContentDisposition, contentDisposition(name))
}

// contentDisposition is the Content-Disposition value of an attachment
// named name. Characters that are no part of a file name (controls, path
// separators, invalid UTF-8) become "_" everywhere; mime.FormatMediaType
// quotes the rest, so no name can end the parameter or the header line.
// filename, which every client reads, is ASCII alone and safe to save as
// it stands: a character beyond ASCII, a quote (which curl -OJ saves as
// %22) and a % (which some clients percent-decode) become "_" there. When
// that changed the name, the exact name follows as filename* (RFC 5987:
// UTF-8, percent-encoded), which clients that read it prefer, as RFC 6266
// advises. A leading dot (a hidden file: agent id ".." gave "...ics")
// becomes "_" in both.
func contentDisposition(name string) string {
	name = strings.Map(func(r rune) rune {
		if r == '/' || r == '\\' || r == unicode.ReplacementChar || !unicode.IsPrint(r) {
			return '_'
		}
		return r
	}, strings.ToValidUTF8(name, "_"))
	if name == "" {
		name = "_"
	}
	if rest, ok := strings.CutPrefix(name, "."); ok {
		name = "_" + rest // never a hidden file, in either parameter
	}
	ascii := strings.Map(func(r rune) rune {
		if r > unicode.MaxASCII || r == '"' || r == '%' {
			return '_'
		}
		return r
	}, name)
	v := mime.FormatMediaType("attachment", map[string]string{"filename": ascii})
	if v == "" {
		return "attachment"
	}
	if ascii != name {
		v += "; filename*=utf-8''" + extValue(name)
	}
	return v
}

// extValue percent-encodes s as the value-chars of an RFC 5987 ext-value:
// every byte but attr-char.
func extValue(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("!#$&+-.^_`|~", c) >= 0 {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}
