package hrio

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/staffcast/staffcast/csvio"
	"github.com/staffcast/staffcast/scheduler/roster"
)

const agentsHeader = "agent_id,name,skills,min_hours_week,max_hours_week,max_days_week,availability,preferred_days_off\n"

func TestReadAgents(t *testing.T) {
	in := agentsHeader +
		`A1,Ana Lima,voice;Chat,30,37.5,5,mon-fri 08:00-20:00; sat 09:00-13:00,sun` + "\n" +
		`A2,"Ben, Jr.",,,,,"",sat;sun` + "\n" +
		`A3,Cy,voice,0,20,3,fri 22:00-06:00,` + "\n"
	agents, err := ReadAgents(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(agents) != 3 {
		t.Fatalf("%d agents", len(agents))
	}
	a := agents[0]
	if a.ID != "A1" || a.Name != "Ana Lima" || strings.Join(a.Skills, "|") != "voice|chat" ||
		a.MinPerWeek != 30*time.Hour || a.MaxPerWeek != 37*time.Hour+30*time.Minute || a.MaxDaysPerWeek != 5 ||
		a.Availability.String() != "mon-fri 08:00-20:00; sat 09:00-13:00" || len(a.PreferredDaysOff) != 1 || a.PreferredDaysOff[0] != time.Sunday {
		t.Errorf("agent 1 = %+v", a)
	}
	b := agents[1]
	if b.Name != "Ben, Jr." || b.Skills != nil || b.MaxPerWeek != 0 || b.MaxDaysPerWeek != 0 || !b.Availability.Always() || len(b.PreferredDaysOff) != 2 {
		t.Errorf("agent 2 = %+v", b)
	}
	if c := agents[2]; !c.Availability.Covers(time.Saturday, 0, 6*time.Hour) {
		t.Errorf("agent 3's Friday night does not cover Saturday 00:00-06:00: %v", c.Availability)
	}
}

func TestReadAgentsErrors(t *testing.T) {
	tests := []struct {
		name       string
		body       string
		line, col  int
		want       error
		wantInText string
	}{
		{"missing column", "agent_id,name\nA,B\n", 1, 0, csvio.ErrMissingColumn, `"skills"`},
		{"empty file", "", 1, 0, nil, "header"},
		{"no rows", agentsHeader, 1, 0, ErrNoAgents, ""},
		{"duplicate id", agentsHeader + "A,,,,,,,\nB,,,,,,,\nA,,,,,,,\n", 4, 1, csvio.ErrDuplicate, "first on line 2"},
		{"empty id", agentsHeader + ",x,,,,,,\n", 2, 1, ErrID, ""},
		{"id a spreadsheet runs", agentsHeader + "=1+2,x,,,,,,\n", 2, 1, ErrID, "formula"},
		{"id starting with @", agentsHeader + "@SUM(1),x,,,,,,\n", 2, 1, ErrID, "formula"},
		{"bad hours", agentsHeader + "A,,,abc,,,,\n", 2, 4, ErrHours, `"abc"`},
		{"too many hours", agentsHeader + "A,,,,200,,,\n", 2, 5, ErrHours, ""},
		{"min above max", agentsHeader + "A,,,40,20,,,\n", 2, 4, ErrMinMax, ""},
		{"days", agentsHeader + "A,,,,,8,,\n", 2, 6, ErrDays, ""},
		{"zero days", agentsHeader + "A,,,,,0,,\n", 2, 6, ErrDays, ""},
		{"availability", agentsHeader + "A,,,,,,mon-fry 08:00-17:00,\n", 2, 7, roster.ErrAvailability, `"fry" is not a weekday`},
		{"preferred days", agentsHeader + "A,,,,,,,weekend\n", 2, 8, ErrWeekdays, `"weekend"`},
		{"field count", agentsHeader + "A,,,\n", 2, 0, csvio.ErrFieldCount, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			agents, err := ReadAgents(strings.NewReader(tt.body))
			if err == nil {
				t.Fatalf("no error, got %d agents", len(agents))
			}
			if agents != nil {
				t.Error("agents returned with an error: imports are all-or-nothing")
			}
			var pe *csvio.ParseError
			if !errors.As(err, &pe) || pe.Line != tt.line || pe.Column != tt.col {
				t.Errorf("error %v, want line %d column %d", err, tt.line, tt.col)
			}
			if tt.want != nil && !errors.Is(err, tt.want) {
				t.Errorf("error %v, want %v", err, tt.want)
			}
			if !strings.Contains(err.Error(), tt.wantInText) {
				t.Errorf("error %q lacks %q", err, tt.wantInText)
			}
		})
	}
}

func FuzzReadAgents(f *testing.F) {
	f.Add(agentsHeader + "A1,Ana,voice;chat,30,37.5,5,mon-fri 08:00-20:00; sat 09:00-13:00,sun\n")
	f.Add(agentsHeader + "A,,,,,,,\nA,,,,,,,\n")
	f.Add("agent_id,name,skills,min_hours_week,max_hours_week,max_days_week,availability\nX,\"q\"\"\",,1e3,,7,daily\n")
	f.Fuzz(func(t *testing.T, in string) {
		agents, err := ReadAgents(strings.NewReader(in))
		if err != nil {
			if agents != nil {
				t.Fatal("partial import")
			}
			var pe *csvio.ParseError
			if !errors.As(err, &pe) || pe.Line < 1 {
				t.Fatalf("error without a line: %v", err)
			}
			return
		}
		seen := map[string]bool{}
		for _, a := range agents {
			if a.ID == "" || seen[a.ID] {
				t.Fatalf("bad or repeated id %q", a.ID)
			}
			seen[a.ID] = true
			if a.MaxPerWeek > 0 && a.MinPerWeek > a.MaxPerWeek || a.MaxDaysPerWeek < 0 || a.MaxDaysPerWeek > 7 {
				t.Fatalf("incoherent contract %+v", a)
			}
		}
	})
}

func ExampleReadAgents() {
	agents, err := ReadAgents(strings.NewReader(agentsHeader +
		"A1,Ana,voice;chat,30,38,5,mon-fri 08:00-20:00; sat 09:00-13:00,sun\n" +
		"A2,Ben,voice,,20,3,fri-sun 18:00-02:00,\n"))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, a := range agents {
		fmt.Printf("%s %v %v-%v/week, %d days: %v\n", a.ID, a.Skills, a.MinPerWeek, a.MaxPerWeek, a.MaxDaysPerWeek, a.Availability)
	}
	_, err = ReadAgents(strings.NewReader(agentsHeader + "A1,Ana,voice,30,38,5,mon-fri 8-20,\n"))
	fmt.Println(err)
	// Output:
	// A1 [voice chat] 30h0m0s-38h0m0s/week, 5 days: mon-fri 08:00-20:00; sat 09:00-13:00
	// A2 [voice] 0s-20h0m0s/week, 3 days: fri-sun 18:00-02:00
	// line 2, column 7 (availability): roster: bad availability: clause 1 "mon-fri 8-20": window "8-20": time "8" is not HH:MM
}

// TestReadAgentsEveryBadRow: the error names every bad row, in file order,
// past a row with the wrong number of fields, and says how many there are.
func TestReadAgentsEveryBadRow(t *testing.T) {
	body := agentsHeader + "A,,,,,,,\nA,,,,,,,\nB,,,abc,,,,\nC,,\nD,,,,,8,,\nE,,,,,,,\n"
	agents, err := ReadAgents(strings.NewReader(body))
	var re *csvio.RowErrors
	if agents != nil || !errors.As(err, &re) {
		t.Fatalf("got %d agents, error %v (%T), want a *csvio.RowErrors", len(agents), err, err)
	}
	var got []string
	for _, pe := range re.Errs {
		got = append(got, fmt.Sprintf("%d:%d", pe.Line, pe.Column))
	}
	if want := "3:1 4:4 5:0 6:6"; strings.Join(got, " ") != want {
		t.Errorf("bad rows at %v, want %s", got, want)
	}
	if !strings.HasSuffix(err.Error(), "(and 3 more bad lines)") || !errors.Is(err, ErrDays) || !errors.Is(err, csvio.ErrDuplicate) {
		t.Errorf("error %q", err)
	}
}
