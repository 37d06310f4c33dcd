package schedio

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/staffcast/staffcast/scheduler"
)

func TestWritePlanAndCoverage(t *testing.T) {
	req := scheduler.Requirements{Start: time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC), Interval: 6 * time.Hour, Required: []float64{0, 1, 1, 0, 0, 0, 0, 1}, Cyclic: true}
	h := time.Hour
	shifts := []scheduler.PlannedShift{
		{Shift: scheduler.Shift{Day: 0, Start: 6 * h, Length: 12 * h, Template: "day", Breaks: []scheduler.Break{{Start: 12 * h, Length: h / 2}, {Start: 15 * h, Length: h / 4, Paid: true}}}, Count: 1},
		{Shift: scheduler.Shift{Day: 1, Start: 18 * h, Length: 12 * h, Template: "night"}, Count: 1},
	}
	var b bytes.Buffer
	if err := WritePlan(&b, req, shifts); err != nil {
		t.Fatal(err)
	}
	want := "date,weekday,start,end,length_minutes,paid_minutes,template,count,breaks\n" +
		"2026-01-05,mon,06:00,18:00,720,690,day,1,12:00-12:30;15:00-15:15 paid\n" +
		"2026-01-06,tue,18:00,06:00,720,720,night,1,\n"
	if b.String() != want {
		t.Errorf("plan.csv:\n%s\nwant:\n%s", b.String(), want)
	}
	b.Reset()
	if err := WriteCoverage(&b, req, scheduler.Cover(req, shifts)); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	if lines[0] != "interval_start,required,scheduled,difference" || len(lines) != 9 {
		t.Fatalf("coverage.csv:\n%s", b.String())
	}
	// 06:00-12:00 fully worked; 12:00-18:00 less 45 minutes of breaks.
	if lines[2] != "2026-01-05T06:00:00Z,1,1,0" || lines[3] != "2026-01-05T12:00:00Z,1,0.875,-0.125" {
		t.Errorf("rows %q, %q", lines[2], lines[3])
	}
	// The night shift wraps from Tuesday 18:00 to Wednesday; Tuesday's last slot is covered.
	if lines[8] != "2026-01-06T18:00:00Z,1,1,0" {
		t.Errorf("last row %q", lines[8])
	}
}
