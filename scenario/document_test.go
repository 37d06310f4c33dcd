package scenario

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"
)

// issueDoc is the document of issue 9.
const issueDoc = `{"queue": "retail", "demand": {"forecast": "forecast.csv"}, "interval": "30m",
 "promise": {"sl_target": 0.8, "sl_time": "30s", "max_abandon": 0.05}, "shrinkage": 0.3,
 "humans": {"aht": "240s", "patience": "120s", "hourly_cost": 30},
 "bot": {"share": 0.5, "escalation": 0.3, "false_containment": 0.1, "return_share": 0.5, "return_lag": "24h",
         "escalated_aht": "300s", "escalated_patience": "45s", "cost_per_session": 0.5},
 "lost_contact_cost": 8}`

// minimal is a valid one-queue document to which a test adds one member.
func minimal(extra string) string {
	if extra != "" {
		extra = ", " + extra
	}
	return `{"queue": "q", "demand": {"forecast": "f.csv"}, "promise": {"sl_target": 0.8, "sl_time": "20s"}` + extra + `}`
}

func TestParseIssueDocument(t *testing.T) {
	d, err := Parse([]byte(issueDoc))
	if err != nil {
		t.Fatal(err)
	}
	q := d.Queues[0]
	want := baseQueue("retail")
	want.Demand.Forecast = "forecast.csv"
	want.Interval = Duration(30 * time.Minute)
	if !reflect.DeepEqual(q, want) {
		t.Errorf("parsed\n%+v\nwant\n%+v", q, want)
	}
	// Marshalled, it parses back to the same document.
	b, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	back, err := Parse(b)
	if err != nil {
		t.Fatalf("%s: %v", b, err)
	}
	if !reflect.DeepEqual(back, d) {
		t.Errorf("round trip changed the document:\n%s", b)
	}
}

func TestParseForms(t *testing.T) {
	monday := time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)
	at := func(day, hour, min int) time.Time {
		return monday.AddDate(0, 0, day).Add(time.Duration(hour)*time.Hour + time.Duration(min)*time.Minute)
	}
	for _, c := range []struct {
		name  string
		doc   string
		check func(t *testing.T, d Document)
	}{
		{"share by hour array", minimal(`"bot": {"share": [0,0,0,0,0,0,0,0,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0,0,0,0.25]}`),
			func(t *testing.T, d Document) {
				s := d.Queues[0].Bot.Share
				if s.At(7) != 0 || s.At(8) != 0.5 || s.At(23) != 0.25 {
					t.Errorf("shares %v", s.Hours())
				}
			}},
		{"share by hour ranges", minimal(`"bot": {"share": {"0-7": 0.9, "8-19": 0.3, "20-23": 0.7}}`),
			func(t *testing.T, d Document) {
				s := d.Queues[0].Bot.Share
				if s.At(0) != 0.9 || s.At(7) != 0.9 || s.At(8) != 0.3 || s.At(19) != 0.3 || s.At(20) != 0.7 || s.At(23) != 0.7 {
					t.Errorf("shares %v", s.Hours())
				}
			}},
		{"share ranges wrapping midnight", minimal(`"bot": {"share": {"20-5": 0.8, "6-19": 0.2}}`),
			func(t *testing.T, d Document) {
				s := d.Queues[0].Bot.Share
				if s.At(22) != 0.8 || s.At(3) != 0.8 || s.At(6) != 0.2 {
					t.Errorf("shares %v", s.Hours())
				}
			}},
		{"hours every day", minimal(`"humans": {"hours": "08:00-20:00"}`),
			func(t *testing.T, d Document) {
				h := d.Queues[0].Humans.Hours
				if h.OpenAt(at(0, 7, 59)) || !h.OpenAt(at(0, 8, 0)) || !h.OpenAt(at(6, 19, 45)) || h.OpenAt(at(6, 20, 0)) {
					t.Error("08:00-20:00 open at the wrong times")
				}
			}},
		{"hours by weekday", minimal(`"humans": {"hours": {"mon-fri": "08:00-20:00", "sat": "09:00-13:00", "sun": "closed"}}`),
			func(t *testing.T, d Document) {
				h := d.Queues[0].Humans.Hours
				if !h.OpenAt(at(4, 19, 0)) || h.OpenAt(at(5, 14, 0)) || !h.OpenAt(at(5, 9, 0)) || h.OpenAt(at(6, 10, 0)) {
					t.Error("weekday hours open at the wrong times")
				}
			}},
		{"overnight hours", minimal(`"bot": {"hours": {"mon-fri": "22:00-06:00"}}`),
			func(t *testing.T, d Document) {
				h := d.Queues[0].Bot.Hours
				// Friday night runs into Saturday; Sunday night is closed.
				if !h.OpenAt(at(0, 23, 0)) || !h.OpenAt(at(1, 5, 30)) || !h.OpenAt(at(5, 3, 0)) || h.OpenAt(at(0, 3, 0)) || h.OpenAt(at(0, 12, 0)) {
					t.Error("overnight hours open at the wrong times")
				}
			}},
		{"closed and 24h", minimal(`"bot": {"hours": "closed"}, "humans": {"hours": "24h"}`),
			func(t *testing.T, d Document) {
				if d.Queues[0].Bot.Hours.OpenAt(at(2, 12, 0)) || !d.Queues[0].Humans.Hours.OpenAt(at(2, 3, 0)) {
					t.Error("closed/24h wrong")
				}
			}},
		{"named multi-queue document", `{"name": "two", "queues": [` + minimal("") + `, ` + strings.Replace(minimal(""), `"q"`, `"r"`, 1) + `]}`,
			func(t *testing.T, d Document) {
				if d.Name != "two" || len(d.Queues) != 2 || d.Queues[1].Queue != "r" {
					t.Errorf("%+v", d)
				}
			}},
		{"inline document with a name", `{"name": "n", ` + minimal("")[1:],
			func(t *testing.T, d Document) {
				if d.Name != "n" || len(d.Queues) != 1 {
					t.Errorf("%+v", d)
				}
			}},
		{"campaigns and days", minimal(`"demand": {"history": "h.csv", "horizon": "14d", "scale": 1.1, "campaigns": [{"from": "2026-12-01", "to": "2026-12-08", "scale": 1.3}]}`),
			func(t *testing.T, d Document) {
				ds := d.Queues[0].Demand
				if ds.Horizon.D() != 14*24*time.Hour || ds.Campaigns[0].Scale != 1.3 {
					t.Errorf("%+v", ds)
				}
			}},
	} {
		t.Run(c.name, func(t *testing.T) {
			d, err := Parse([]byte(c.doc))
			if err != nil {
				t.Fatal(err)
			}
			c.check(t, d)
			b, _ := json.Marshal(d)
			back, err := Parse(b)
			if err != nil || !reflect.DeepEqual(back, d) {
				t.Errorf("round trip: %v\n%s", err, b)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	for _, c := range []struct {
		name, doc, field string
		kind             error
		msg              string // part of the message
	}{
		{"unknown field", minimal(`"bot": {"sharee": 0.5}`), "bot.sharee", ErrUnknownField, "known here"},
		{"unknown top-level", minimal(`"queu": 1`), "queu", ErrUnknownField, ""},
		{"unknown in a queue of many", `{"queues": [` + minimal(`"humans": {"cost": 1}`) + `]}`, "queues[0].humans.cost", ErrUnknownField, ""},
		{"escalation above 1", minimal(`"bot": {"escalation": 1.3}`), "bot.escalation", ErrRange, "1.3 is outside [0, 1]"},
		{"negative share", minimal(`"bot": {"share": -0.1}`), "bot.share", ErrRange, ""},
		{"hourly share above 1", minimal(`"bot": {"share": [0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,1.5]}`), "bot.share[23]", ErrRange, ""},
		{"escalation + false containment", minimal(`"bot": {"escalation": 0.7, "false_containment": 0.4}`), "bot.false_containment", ErrRange, "exceed 1"},
		{"share hours missing", minimal(`"bot": {"share": {"0-7": 0.9, "9-18": 0.3}}`), "bot.share", ErrMissing, "hours 8, 19-23 are not covered"},
		{"share hours twice", minimal(`"bot": {"share": {"0-12": 0.9, "12-23": 0.3}}`), "bot.share.12-23", ErrRange, "hour 12"},
		{"share bad range", minimal(`"bot": {"share": {"0-24": 0.9}}`), "bot.share.0-24", ErrSyntax, ""},
		{"share 23 numbers", minimal(`"bot": {"share": [0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0]}`), "bot.share", ErrSyntax, "want 24"},
		{"duration as number", minimal(`"humans": {"aht": 240}`), "humans.aht", ErrSyntax, `like "240s"`},
		{"bad duration", minimal(`"bot": {"return_lag": "a day"}`), "bot.return_lag", ErrSyntax, ""},
		{"negative duration", minimal(`"humans": {"patience": "-5s"}`), "humans.patience", ErrRange, ""},
		{"bad hours", minimal(`"humans": {"hours": "8-20"}`), "humans.hours", ErrSyntax, ""},
		{"bad weekday", minimal(`"humans": {"hours": {"mon-fry": "08:00-20:00"}}`), "humans.hours.mon-fry", ErrSyntax, ""},
		{"weekday twice", minimal(`"humans": {"hours": {"mon-fri": "08:00-20:00", "fri": "09:00-12:00"}}`), "humans.hours.mon-fri", ErrRange, ""},
		{"hours same open and close", minimal(`"humans": {"hours": "08:00-08:00"}`), "humans.hours", ErrRange, ""},
		{"string for number", minimal(`"shrinkage": "0.3"`), "shrinkage", ErrSyntax, "want a number"},
		{"shrinkage 1", minimal(`"shrinkage": 1`), "shrinkage", ErrRange, ""},
		{"calendar without history", minimal(`"demand": {"forecast": "f.csv", "calendar": "c.csv"}`), "demand.calendar", ErrDemand, "goes with history"},
		{"sl_target 1", minimal(`"promise": {"sl_target": 1, "sl_time": "20s"}`), "promise.sl_target", ErrRange, ""},
		{"no promise", minimal(`"promise": {}`), "promise.sl_target", ErrMissing, "at least one"},
		{"sl_target without time", minimal(`"promise": {"sl_target": 0.8}`), "promise.sl_time", ErrMissing, ""},
		{"two demand sources", minimal(`"demand": {"forecast": "f.csv", "history": "h.csv"}`), "demand", ErrMissing, "exactly one"},
		{"no demand source", minimal(`"demand": {}`), "demand", ErrMissing, ""},
		{"no queue name", `{"demand": {"forecast": "f"}, "promise": {"max_abandon": 0.1}}`, "queue", ErrMissing, ""},
		{"queue twice", `{"queues": [` + minimal("") + `,` + minimal("") + `]}`, "queues[1].queue", ErrRange, "twice"},
		{"no queues", `{"queues": []}`, "queues", ErrMissing, ""},
		{"interval not dividing a day", minimal(`"interval": "7m"`), "interval", ErrRange, ""},
		{"time zone", minimal(`"time_zone": "Mars Olympus"`), "time_zone", ErrSyntax, ""},
		{"capacity without session time", minimal(`"bot": {"capacity": 10}`), "bot.session_time", ErrMissing, ""},
		{"fractional max_agents", minimal(`"humans": {"max_agents": 2.5}`), "humans.max_agents", ErrSyntax, "whole number"},
		{"campaign date", minimal(`"demand": {"forecast": "f", "campaigns": [{"from": "2026-13-01", "to": "2026-12-08", "scale": 2}]}`), "demand.campaigns[0].from", ErrSyntax, ""},
		{"campaign backwards", minimal(`"demand": {"forecast": "f", "campaigns": [{"from": "2026-12-08", "to": "2026-12-01", "scale": 2}]}`), "demand.campaigns[0].to", ErrRange, ""},
		{"negative cost", minimal(`"lost_contact_cost": -1`), "lost_contact_cost", ErrRange, ""},
		{"syntax", `{"queue": "q",`, "", ErrSyntax, "syntax error"},
		{"not an object", `[1]`, "", ErrSyntax, ""},
		{"queues not an array", `{"queues": {}}`, "queues", ErrSyntax, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse([]byte(c.doc))
			var fe *FieldError
			if !errors.As(err, &fe) {
				t.Fatalf("error %v is not a *FieldError", err)
			}
			if fe.Field != c.field || !errors.Is(err, c.kind) || !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), c.msg) {
				t.Errorf("got field %q, %v; want field %q matching %v, containing %q", fe.Field, err, c.field, c.kind, c.msg)
			}
			if strings.Count(err.Error(), "scenario:") != 1 {
				t.Errorf("message %q should say scenario: once", err)
			}
		})
	}
}

func TestFieldErrorMessage(t *testing.T) {
	_, err := Parse([]byte(minimal(`"bot": {"escalation": 1.3}`)))
	if got, want := err.Error(), "scenario: bot.escalation: 1.3 is outside [0, 1]"; got != want {
		t.Errorf("%q, want %q", got, want)
	}
}

func TestSet(t *testing.T) {
	two, err := Parse([]byte(`{"queues": [` + minimal("") + `, ` + strings.Replace(minimal(""), `"q"`, `"r.x"`, 1) + `]}`))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name  string
		path  string
		v     float64
		check func(d Document) bool
		field string // the error's field; "" for success
	}{
		{"bare path sets every queue", "bot.share", 0.4, func(d Document) bool {
			return d.Queues[0].Bot.Share.At(3) == 0.4 && d.Queues[1].Bot.Share.At(3) == 0.4
		}, ""},
		{"one queue by name with a dot", "queues.r.x.humans.hourly_cost", 42, func(d Document) bool {
			return d.Queues[0].Humans.HourlyCost == 0 && d.Queues[1].Humans.HourlyCost == 42
		}, ""},
		{"durations in seconds", "promise.sl_time", 45, func(d Document) bool {
			return d.Queues[0].Promise.SLTime.D() == 45*time.Second
		}, ""},
		{"counts", "humans.max_agents", 12, func(d Document) bool { return d.Queues[1].Humans.MaxAgents == 12 }, ""},
		{"unknown path", "bot.sharee", 1, nil, "bot.sharee"},
		{"unknown queue", "queues.nope.bot.share", 1, nil, "queues.nope.bot.share"},
		{"re-validated", "bot.escalation", 1.3, nil, "queues[0].bot.escalation"},
		{"fractional count", "bot.capacity", 2.5, nil, "bot.capacity"},
	} {
		t.Run(c.name, func(t *testing.T) {
			d, err := two.Set(c.path, c.v)
			if c.field != "" {
				var fe *FieldError
				if !errors.As(err, &fe) || fe.Field != c.field {
					t.Fatalf("error %v, want a *FieldError on %q", err, c.field)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !c.check(d) {
				t.Errorf("not set: %+v", d.Queues)
			}
			if two.Queues[0].Bot.Share.At(3) != 0 || two.Queues[1].Humans.HourlyCost != 0 {
				t.Error("Set changed its receiver")
			}
		})
	}
}

func TestParseVary(t *testing.T) {
	for _, c := range []struct {
		name, in string
		want     []float64
		bad      bool
	}{
		{"range is float-safe", "bot.share=0:0.9:0.1", []float64{0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9}, false},
		{"range of 0.05", "bot.share=0.8:0.9:0.05", []float64{0.8, 0.85, 0.9}, false},
		{"list", "bot.share=0,0.3,0.5", []float64{0, 0.3, 0.5}, false},
		{"one queue", "queues.retail.humans.hourly_cost=20:40:10", []float64{20, 30, 40}, false},
		{"unknown path", "bot.sharee=0:1:0.1", nil, true},
		{"no values", "bot.share=", nil, true},
		{"no equals", "bot.share", nil, true},
		{"zero step", "bot.share=0:1:0", nil, true},
		{"backwards", "bot.share=1:0:0.1", nil, true},
		{"not a number", "bot.share=0,x", nil, true},
		{"too many", "humans.hourly_cost=0:1e9:1", nil, true},
		{"a value twice", "bot.share=0,0.5,0", nil, true},
		{"a duration with its unit", "humans.aht=200s,300s", nil, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			v, err := ParseVary(c.in)
			if c.bad {
				if !errors.Is(err, ErrVary) {
					t.Errorf("error %v, want ErrVary", err)
				}
				// A duration's unit is explained, not only refused.
				if strings.Contains(c.in, "aht") && (err == nil || !strings.Contains(err.Error(), "durations vary in seconds")) {
					t.Errorf("error %v, want the hint that durations vary in seconds", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(v.Values, c.want) {
				t.Errorf("values %v, want %v", v.Values, c.want)
			}
		})
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(issueDoc))
	f.Add([]byte(minimal(`"bot": {"share": {"0-7": 0.9, "8-19": 0.3, "20-23": 0.7}, "hours": {"mon-fri": "22:00-06:00"}}`)))
	f.Add([]byte(`{"queues": [` + minimal(`"humans": {"hours": "08:00-12:00,13:00-18:00"}`) + `]}`))
	f.Add([]byte(`{"queues": null}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := Parse(data)
		if err != nil {
			var fe *FieldError
			if !errors.As(err, &fe) {
				t.Fatalf("error %v is not a *FieldError", err)
			}
			return
		}
		// A parsed document marshals and parses back.
		b, err := json.Marshal(d)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := Parse(b); err != nil {
			t.Fatalf("re-parse of %s: %v", b, err)
		}
	})
}
