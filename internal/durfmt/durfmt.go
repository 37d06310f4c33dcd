// Package durfmt formats durations as planners write them: "30m", "168h",
// "1h30m", "45s", not time.Duration's "30m0s" and "168h0m0s". Every face
// (CSV headers and messages, JSON, chart titles) prints durations with it,
// so one interval reads the same everywhere; time.ParseDuration reads each
// form back.
package durfmt

import (
	"strings"
	"time"
)

// Short is d as time.Duration.String writes it without zero trailing
// units.
func Short(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}
