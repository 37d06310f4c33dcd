package csvio

import (
	"bytes"
	"encoding/csv"
	"testing"
)

// TestAppendFieldMatchesEncodingCSV: a line built with AppendField is what
// encoding/csv writes, and reads back to the same fields.
func TestAppendFieldMatchesEncodingCSV(t *testing.T) {
	fields := []string{"plain", "", "a,b", `say "hi"`, "two\nlines", " lead", "\ttab", `\.`, "ünïcode", "cr\r"}
	var line []byte
	for i, f := range fields {
		if i > 0 {
			line = append(line, ',')
		}
		line = AppendField(line, f)
	}
	line = append(line, '\n')
	var want bytes.Buffer
	w := csv.NewWriter(&want)
	w.Write(fields)
	w.Flush()
	if string(line) != want.String() {
		t.Errorf("AppendField line\n%q\nencoding/csv line\n%q", line, want.String())
	}
}
