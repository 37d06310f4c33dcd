package roster

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestParseAvailability(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string // String() of the result
	}{
		{"weekdays and saturday", "mon-fri 08:00-20:00; sat 09:00-13:00", "mon-fri 08:00-20:00; sat 09:00-13:00"},
		{"empty is always", "", "always"},
		{"always", " Always ", "always"},
		{"whole days", "sat,sun", "sat-sun 00:00-24:00"},
		{"full names and case", "Monday-Wednesday 9:00-17:00", "mon-wed 09:00-17:00"},
		{"two windows", "mon-fri 08:00-12:00, 13:00-17:00", "mon-fri 08:00-12:00,13:00-17:00"},
		{"overnight", "fri 22:00-06:00", "fri 22:00-06:00"},
		{"wrapping range", "fri-mon 10:00-14:00", "mon,fri-sun 10:00-14:00"},
		{"daily", "daily 00:00-24:00", "mon-sun 00:00-24:00"},
		{"trailing semicolon", "tue 08:00-09:00;", "tue 08:00-09:00"},
		{"list and range", "mon,wed-fri 07:30-15:30", "mon,wed-fri 07:30-15:30"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := ParseAvailability(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if got := a.String(); got != tt.want {
				t.Errorf("String() = %q, want %q", got, tt.want)
			}
			// What String writes, ParseAvailability reads back the same.
			b, err := ParseAvailability(a.String())
			if err != nil || b.String() != a.String() {
				t.Errorf("round trip: %q, %v", b.String(), err)
			}
		})
	}
}

func TestParseAvailabilityErrors(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"mon-fry 08:00-20:00", `clause 1 "mon-fry 08:00-20:00": "fry" is not a weekday`},
		{"mon 8-20", `window "8-20"`},
		{"mon 08:00-20:00; sat 09:00", `clause 2 "sat 09:00": window "09:00" is not HH:MM-HH:MM`},
		{"mon 08:00-08:00", "write 00:00-24:00 for a whole day"},
		{"mon 24:00-02:00", "starts at 24:00"},
		{"mon 08:60-09:00", `time "08:60" is not a time of day`},
		{"mon 25:00-26:00", `"25:00"`},
		{";", "has no clause"},
		{"08:00-20:00", "is not a weekday"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			_, err := ParseAvailability(tt.in)
			if err == nil {
				t.Fatalf("no error")
			}
			if !errors.Is(err, ErrAvailability) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q, want ErrAvailability containing %q", err, tt.want)
			}
		})
	}
}

func TestAvailabilityCovers(t *testing.T) {
	a := mustAvail(t, "mon-fri 08:00-20:00; fri 22:00-06:00; sun 20:00-24:00; mon 00:00-04:00")
	tests := []struct {
		name          string
		day           time.Weekday
		start, length time.Duration
		want          bool
	}{
		{"inside", time.Tuesday, 8 * hour, 12 * hour, true},
		{"ends late", time.Tuesday, 9 * hour, 12 * hour, false},
		{"starts early", time.Tuesday, 7 * hour, 2 * hour, false},
		{"saturday early part of friday night", time.Saturday, 1 * hour, 5 * hour, true},
		{"friday night", time.Friday, 22 * hour, 8 * hour, true},
		{"friday night too long", time.Friday, 22 * hour, 9 * hour, false},
		{"gap between windows", time.Friday, 19 * hour, 4 * hour, false},
		{"across sunday midnight", time.Sunday, 21 * hour, 6 * hour, true},
		{"across sunday midnight, too long", time.Sunday, 21 * hour, 8 * hour, false},
		{"saturday daytime", time.Saturday, 10 * hour, hour, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := a.Covers(tt.day, tt.start, tt.length); got != tt.want {
				t.Errorf("Covers(%v, %v, %v) = %v, want %v", tt.day, tt.start, tt.length, got, tt.want)
			}
		})
	}
	if !(Availability{}).Covers(time.Wednesday, 23*hour, 24*hour) {
		t.Error("an empty availability should cover anything")
	}
}

func TestFormatDays(t *testing.T) {
	tests := map[string][]time.Weekday{
		"mon-fri":     {time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday},
		"sat-sun":     {time.Sunday, time.Saturday},
		"mon,wed":     {time.Wednesday, time.Monday},
		"mon,tue,sun": {time.Monday, time.Tuesday, time.Sunday},
		"mon-sun":     {0, 1, 2, 3, 4, 5, 6},
	}
	for want, days := range tests {
		if got := FormatDays(days); got != want {
			t.Errorf("FormatDays(%v) = %q, want %q", days, got, want)
		}
	}
}

// FuzzParseAvailability checks the parser never panics and that whatever
// it accepts formats to text it reads back to the same coverage.
func FuzzParseAvailability(f *testing.F) {
	for _, s := range []string{"mon-fri 08:00-20:00; sat 09:00-13:00", "fri 22:00-06:00", "sat,sun", "daily", "", "mon 24:00-01:00", "fri-mon 1:00-2:00,3:00-4:00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, err := ParseAvailability(s)
		if err != nil {
			return
		}
		b, err := ParseAvailability(a.String())
		if err != nil {
			t.Fatalf("String() %q does not parse: %v", a.String(), err)
		}
		for d := range 7 {
			for h := time.Duration(0); h < day; h += 30 * time.Minute {
				if a.Covers(time.Weekday(d), h, 30*time.Minute) != b.Covers(time.Weekday(d), h, 30*time.Minute) {
					t.Fatalf("%q and its String %q differ at %v %v", s, a.String(), time.Weekday(d), h)
				}
			}
		}
	})
}

func ExampleParseAvailability() {
	a, err := ParseAvailability("mon-fri 08:00-20:00; fri 22:00-06:00")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(a)
	fmt.Println(a.Covers(time.Saturday, 2*time.Hour, 3*time.Hour)) // Saturday 02:00-05:00, the end of Friday night
	_, err = ParseAvailability("mon-fri 8-20")
	fmt.Println(err)
	// Output:
	// mon-thu 08:00-20:00; fri 08:00-20:00,22:00-06:00
	// true
	// roster: bad availability: clause 1 "mon-fri 8-20": window "8-20": time "8" is not HH:MM
}
