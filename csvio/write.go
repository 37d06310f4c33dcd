package csvio

import "strings"

// AppendField appends s to buf as one CSV field, quoted the way
// encoding/csv's Writer quotes: when it holds a comma, a quote or a line
// break, starts with a space or a tab, or is `\.`. Writers that build lines
// by hand (for speed) use it so their files read back like encoding/csv's.
func AppendField(buf []byte, s string) []byte {
	if !needsQuotes(s) {
		return append(buf, s...)
	}
	buf = append(buf, '"')
	buf = append(buf, strings.ReplaceAll(s, `"`, `""`)...)
	return append(buf, '"')
}

func needsQuotes(f string) bool {
	if f == "" {
		return false
	}
	if f == `\.` || f[0] == ' ' || f[0] == '\t' {
		return true
	}
	return strings.ContainsAny(f, ",\"\r\n")
}
