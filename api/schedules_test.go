package api

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// TestArgDuration: a schedule job's time limit is written as a duration
// string and read from one or, as stored before, from nanoseconds.
func TestArgDuration(t *testing.T) {
	b, err := json.Marshal(scheduleArgs{TimeLimit: argDuration(10 * time.Second)})
	if err != nil || !json.Valid(b) || !strings.Contains(string(b), `"time_limit":"10s"`) {
		t.Fatalf("marshal: %s %v", b, err)
	}
	for _, c := range []struct {
		in      string
		want    time.Duration
		wantErr bool
	}{
		{`"10s"`, 10 * time.Second, false},
		{`"1m30s"`, 90 * time.Second, false},
		{`10000000000`, 10 * time.Second, false},
		{`"abc"`, 0, true},
		{`true`, 0, true},
	} {
		var d argDuration
		err := json.Unmarshal([]byte(c.in), &d)
		if (err != nil) != c.wantErr || (!c.wantErr && time.Duration(d) != c.want) {
			t.Errorf("%s: %v, %v; want %v (error %v)", c.in, time.Duration(d), err, c.want, c.wantErr)
		}
	}
}
