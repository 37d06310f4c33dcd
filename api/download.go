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
// separators, invalid UTF-8) become "_"; mime.FormatMediaType quotes the
// rest (a quote or a backslash escaped inside a quoted string), so no name
// can end the parameter or the header line. A name beyond ASCII is given
// twice, as RFC 6266 advises: filename with those characters as "_" for old
// clients, then filename* (RFC 5987: UTF-8, percent-encoded), which clients
// that read it prefer.
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
	v := mime.FormatMediaType("attachment", map[string]string{"filename": name})
	if ext, ok := strings.CutPrefix(v, "attachment; filename*="); ok {
		ascii := strings.Map(func(r rune) rune {
			if r > unicode.MaxASCII {
				return '_'
			}
			return r
		}, name)
		v = mime.FormatMediaType("attachment", map[string]string{"filename": ascii}) + "; filename*=" + ext
	}
	if v == "" {
		return "attachment"
	}
	return v
}
