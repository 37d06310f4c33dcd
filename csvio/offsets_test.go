package csvio

import (
	"testing"
	"time"
)

// TestOffsetsByQueue: each queue's rows are followed on their own, so a
// clock change names its queue and line, queues that keep one offset each
// do not change, and the file as a whole still sees the first row at
// another offset than its first.
func TestOffsetsByQueue(t *testing.T) {
	est, edt := time.FixedZone("", -5*3600), time.FixedZone("", -4*3600)
	utc := time.UTC
	at := func(h int, z *time.Location) time.Time { return time.Date(2026, 3, 8, h, 0, 0, 0, z) }
	var o Offsets
	rows := []struct {
		queue string
		at    time.Time
	}{
		{"east", at(1, est)}, // line 2
		{"uk", at(6, utc)},   // 3: another offset, another queue: the file's change
		{"west", at(1, est)}, // 4
		{"east", at(3, edt)}, // 5: east's clock change
		{"uk", at(8, utc)},   // 6
		{"west", at(4, edt)}, // 7: west's
		{"east", at(4, edt)}, // 8
	}
	for i, r := range rows {
		o.AddQueue(r.queue, r.at, i+2)
	}
	if c := o.Change; c == nil || c.Line != 3 || c.FirstLine != 2 || c.Queue != "uk" || c.FirstQueue != "east" {
		t.Errorf("file change %+v, want line 3 (uk) after line 2 (east)", c)
	}
	changed := o.Changed()
	if len(changed) != 2 {
		t.Fatalf("changed %+v, want east and west", changed)
	}
	for i, want := range []struct {
		queue           string
		line, firstLine int
	}{{"east", 5, 2}, {"west", 7, 4}} {
		c := changed[i].Change
		if changed[i].Queue != want.queue || c.Queue != want.queue || c.FirstQueue != want.queue || c.Line != want.line || c.FirstLine != want.firstLine || c.Shift() != time.Hour {
			t.Errorf("change %d: %s %+v, want %s at line %d from line %d, +1h", i, changed[i].Queue, c, want.queue, want.line, want.firstLine)
		}
	}
	if len(o.Queues) != 3 || o.Queues[1].Queue != "uk" || o.Queues[1].Change != nil || o.Queues[1].FirstLine != 3 {
		t.Errorf("queues %+v, want east, uk (no change, from line 3), west", o.Queues)
	}

	// A file without a queue column: one queue "", whose change is the file's.
	var p Offsets
	p.Add(at(1, est), 2)
	p.Add(at(3, edt), 3)
	if c := p.Change; c == nil || c.Line != 3 || c.Queue != "" {
		t.Errorf("no queue column: change %+v", c)
	}
	if ch := p.Changed(); len(ch) != 1 || ch[0].Queue != "" || ch[0].Change.Line != 3 {
		t.Errorf("no queue column: changed %+v", ch)
	}
}
