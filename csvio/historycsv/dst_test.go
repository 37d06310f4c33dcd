package historycsv

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // DST tests must run, not skip, on machines without zoneinfo

	"github.com/staffcast/staffcast/csvio"
)

// fallBackFile is a 24/7 queue on 30-minute records from Saturday 31
// October to Sunday 1 November 2026 in New York, written the way exports
// write local time: without offset, so 01:00 and 01:30 appear twice on the
// Sunday, when clocks go back.
func fallBackFile() string {
	var b strings.Builder
	b.WriteString("interval_start,queue,channel,offered\n")
	ny, _ := time.LoadLocation("America/New_York")
	for t := time.Date(2026, 10, 31, 0, 0, 0, 0, ny); t.Before(time.Date(2026, 11, 2, 0, 0, 0, 0, ny)); t = t.Add(30 * time.Minute) {
		fmt.Fprintf(&b, "%s,q,voice,%d\n", t.Format("2006-01-02T15:04:05"), t.Unix()/1800%7)
	}
	return b.String()
}

func TestReadHistoryFallBackDay(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	qs, err := ReadHistory(strings.NewReader(fallBackFile()), ny)
	if err != nil {
		t.Fatalf("the repeated hour of a fall-back day was rejected: %v", err)
	}
	recs := qs[0].Records
	if len(recs) != 48+50 {
		t.Fatalf("%d records, want 98 (48 + a 25-hour day of 50)", len(recs))
	}
	for i := 1; i < len(recs); i++ {
		if d := recs[i].Start.Sub(recs[i-1].Start); d != 30*time.Minute {
			t.Fatalf("records %d and %d are %v apart, want 30m", i-1, i, d)
		}
		// The counts were written from the true instant, so a row put on
		// the wrong occurrence of its wall-clock time shows here.
		if want := float64(recs[i].Start.Unix() / 1800 % 7); recs[i].Offered != want {
			t.Fatalf("record at %v has %v, want %v", recs[i].Start, recs[i].Offered, want)
		}
	}
}

func TestReadHistoryTrueDuplicateOnFallBackDay(t *testing.T) {
	ny, _ := time.LoadLocation("America/New_York")
	// 02:00 exists once on the fall-back day: writing it twice is a duplicate.
	in := fallBackFile() + "2026-11-01T02:00:00,q,voice,1\n"
	_, err := ReadHistory(strings.NewReader(in), ny)
	var pe *csvio.ParseError
	if !errors.As(err, &pe) || !errors.Is(err, csvio.ErrDuplicate) || pe.Line != 100 {
		t.Fatalf("error %v, want a duplicate on line 100", err)
	}
	// 01:00 three times is one too many even for the repeated hour.
	in = fallBackFile() + "2026-11-01T01:00:00,q,voice,1\n"
	if _, err := ReadHistory(strings.NewReader(in), ny); !errors.Is(err, csvio.ErrDuplicate) {
		t.Fatalf("third 01:00: error %v, want a duplicate", err)
	}
}
