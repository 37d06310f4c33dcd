package api

import (
	"encoding/json"
	"fmt"
	"mime"
	"net/url"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/staffcast/staffcast/app"
)

// TestContentDisposition: the value names the file and nothing else, a
// name of any bytes cannot end the parameter or the header line, the ASCII
// filename every client reads holds no character beyond ASCII, no quote,
// no % and no leading dot, and when that differs from the name the exact
// name follows as filename* (a leading dot is "_" in both).
func TestContentDisposition(t *testing.T) {
	for _, c := range []struct {
		name, file string
		want       string // the filename a client that reads filename* reads back
		fallback   string // the ASCII filename parameter
		raw        string // when set, the header value exactly
	}{
		{"plain", "roster-6.csv", "roster-6.csv", "roster-6.csv", `attachment; filename=roster-6.csv`},
		{"space", "my roster.csv", "my roster.csv", "my roster.csv", `attachment; filename="my roster.csv"`},
		{"quote and parameter", `x"; filename=evil.sh.ics`, `x"; filename=evil.sh.ics`, `x_; filename=evil.sh.ics`,
			`attachment; filename="x_; filename=evil.sh.ics"; filename*=utf-8''x%22%3B%20filename%3Devil.sh.ics`},
		{"quote", `a"quote.ics`, `a"quote.ics`, "a_quote.ics", `attachment; filename=a_quote.ics; filename*=utf-8''a%22quote.ics`},
		{"percent", "percent%20x.ics", "percent%20x.ics", "percent_20x.ics", `attachment; filename=percent_20x.ics; filename*=utf-8''percent%2520x.ics`},
		// A leading dot goes in both: a client that prefers filename*
		// would otherwise save a hidden file.
		{"dot dot", "...ics", "_..ics", "_..ics", `attachment; filename=_..ics`},
		{"hidden", ".bashrc", "_bashrc", "_bashrc", ""},
		{"dot inside", "a.b.ics", "a.b.ics", "a.b.ics", `attachment; filename=a.b.ics`},
		{"CR LF header injection", "a\r\nSet-Cookie: s=1.ics", "a__Set-Cookie: s=1.ics", "a__Set-Cookie: s=1.ics", ""},
		{"NUL and tab", "a\x00b\tc.ics", "a_b_c.ics", "a_b_c.ics", ""},
		{"path separators", `../etc\passwd.ics`, `_._etc_passwd.ics`, `_._etc_passwd.ics`, ""},
		{"non-ASCII", "Zoë.ics", "Zoë.ics", "Zo_.ics", `attachment; filename=Zo_.ics; filename*=utf-8''Zo%C3%AB.ics`},
		{"non-ASCII and a quote", `Zoë "Z".ics`, `Zoë "Z".ics`, "Zo_ _Z_.ics", `attachment; filename="Zo_ _Z_.ics"; filename*=utf-8''Zo%C3%AB%20%22Z%22.ics`},
		{"invalid UTF-8", "a\xffb.ics", "a_b.ics", "a_b.ics", ""},
		{"empty", "", "_", "_", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			v := contentDisposition(c.file)
			if strings.ContainsAny(v, "\r\n\x00") {
				t.Fatalf("%q: control character in %q", c.file, v)
			}
			if c.raw != "" && v != c.raw {
				t.Errorf("%q: header %q, want %q", c.file, v, c.raw)
			}
			disp, params, err := mime.ParseMediaType(v)
			if err != nil {
				t.Fatalf("%q: %q does not parse: %v", c.file, v, err)
			}
			if disp != "attachment" || len(params) != 1 || params["filename"] != c.want {
				t.Errorf("%q: %q reads back as %s %q, want attachment with filename %q alone", c.file, v, disp, params, c.want)
			}
			// What a client that ignores filename* reads.
			plain, ext, hasExt := strings.Cut(v, "; filename*=")
			_, params, err = mime.ParseMediaType(plain)
			fb := params["filename"]
			if err != nil || fb != c.fallback {
				t.Errorf("%q: ASCII filename %q (%v), want %q", c.file, fb, err, c.fallback)
			}
			if strings.ContainsAny(fb, `"%`) || strings.HasPrefix(fb, ".") || strings.IndexFunc(fb, func(r rune) bool { return r > unicode.MaxASCII }) >= 0 {
				t.Errorf("%q: ASCII filename %q holds a quote, a %%, a leading dot or a character beyond ASCII", c.file, fb)
			}
			if hasExt != (fb != c.want) {
				t.Errorf("%q: filename*=%q given: %v, want it exactly when the ASCII filename %q is not the name %q", c.file, ext, hasExt, fb, c.want)
			}
		})
	}
}

// TestDownloadsNameTheirFile: every route that answers a CSV or an
// iCalendar file names it in Content-Disposition, on GET and on HEAD, an
// agent id that needs quoting included, with an ASCII filename that holds
// no quote or % and starts with no dot; a JSON answer names none.
func TestDownloadsNameTheirFile(t *testing.T) {
	ts := startServer(t)
	fid, sid, sc, r, agents := downloadsFixture(t, ts)
	ics := func(agent string) string {
		return fmt.Sprintf("/api/v1/rosters/%d/agents/%s", r.ID, url.PathEscape(agent+".ics"))
	}
	for _, c := range []struct {
		name, path, accept, file string // file "": no Content-Disposition
		contentType              string
	}{
		{"forecast CSV", fmt.Sprintf("/api/v1/queues/sales/forecasts/%d", fid), "text/csv", fmt.Sprintf("forecast-%d.csv", fid), "text/csv"},
		{"forecast JSON", fmt.Sprintf("/api/v1/queues/sales/forecasts/%d", fid), "", "", "application/json"},
		{"staffing CSV", fmt.Sprintf("/api/v1/queues/sales/staffing/%d", sid), "text/csv", fmt.Sprintf("staffing-%d.csv", sid), "text/csv"},
		{"plan CSV", fmt.Sprintf("/api/v1/schedules/%d/plan", sc.ID), "", fmt.Sprintf("plan-%d.csv", sc.ID), "text/csv"},
		{"calendar CSV", "/api/v1/calendars", "text/csv", "calendar.csv", "text/csv"},
		{"one queue's calendar CSV", "/api/v1/calendars?queue=sales", "text/csv", "calendar-sales.csv", "text/csv"},
		{"agents CSV", "/api/v1/agents", "text/csv", "agents.csv", "text/csv"},
		{"roster CSV", fmt.Sprintf("/api/v1/rosters/%d", r.ID), "text/csv", fmt.Sprintf("roster-%d.csv", r.ID), "text/csv"},
		{"roster JSON", fmt.Sprintf("/api/v1/rosters/%d", r.ID), "application/json", "", "application/json"},
		{"iCalendar", ics("a01"), "", "a01.ics", "text/calendar"},
		{"iCalendar of an id with a quote", ics(agents[1]), "", agents[1] + ".ics", "text/calendar"},
		{"iCalendar of an id beyond ASCII", ics("Zoë"), "", "Zoë.ics", "text/calendar"},
		{"iCalendar of an id with a backslash", ics(`back\slash`), "", "back_slash.ics", "text/calendar"},
		{"iCalendar of id ..", ics(".."), "", "_..ics", "text/calendar"},
		{"iCalendar of an id with a quote alone", ics(`a"quote`), "", `a"quote.ics`, "text/calendar"},
		{"iCalendar of an id with a %", ics("percent%20x"), "", "percent%20x.ics", "text/calendar"},
	} {
		t.Run(c.name, func(t *testing.T) {
			for _, method := range []string{"GET", "HEAD"} {
				code, h, b := ts.do(t, Manager, method, c.path, "", nil, "Accept", c.accept)
				if code != 200 || !strings.HasPrefix(h.Get("Content-Type"), c.contentType) {
					t.Fatalf("%s %s: %d %s %.200s", method, c.path, code, h.Get("Content-Type"), b)
				}
				cd := h.Values("Content-Disposition")
				if c.file == "" {
					if len(cd) != 0 {
						t.Errorf("%s: Content-Disposition %q on a JSON answer", method, cd)
					}
					continue
				}
				if len(cd) != 1 {
					t.Fatalf("%s: Content-Disposition %q, want one naming %q", method, cd, c.file)
				}
				disp, params, err := mime.ParseMediaType(cd[0])
				if err != nil || disp != "attachment" || len(params) != 1 || params["filename"] != c.file {
					t.Errorf("%s: Content-Disposition %q reads as %s %q (%v), want attachment with filename %q alone", method, cd[0], disp, params, err, c.file)
				}
				// A client that ignores filename* (curl -OJ) saves the
				// ASCII filename as it stands.
				plain, _, _ := strings.Cut(cd[0], "; filename*=")
				_, params, err = mime.ParseMediaType(plain)
				if fb := params["filename"]; err != nil || fb == "" || strings.ContainsAny(fb, `"%`) || strings.HasPrefix(fb, ".") {
					t.Errorf("%s: Content-Disposition %q: ASCII filename %q (%v) is empty, holds a quote or a %% or starts with a dot", method, cd[0], fb, err)
				}
			}
		})
	}
}

// downloadsFixture makes something of each kind a route answers as a
// file: a forecast and its staffing of queue sales (America/New_York), a
// schedule and a roster of that queue, whose agents' ids need quoting.
func downloadsFixture(t *testing.T, ts *testServer) (fid, sid int64, sc app.Schedule, r app.Roster, agents []string) {
	t.Helper()
	ctx := t.Context()
	fid, sid = planningFixture(t, ts)
	plan := `{"staffing_id":1,"templates":"std","tz":"America/New_York","days":1,"shifts":[],"coverage":{"interval_minutes":30,"shifts":0,"intervals":[]},
		"solution":{"start":"2026-03-02T05:00:00Z","interval":1800000000000,"required":[1,1],
		"planned":[{"Day":0,"Start":0,"Length":3600000000000,"Count":3}]}}`
	var err error
	sc, _, err = ts.store.CreateSchedule(ctx, "test", app.Schedule{Queue: "sales", Plan: json.RawMessage(plan)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	agents = []string{"a01", `x"; filename=evil.sh`, "Zoë", `back\slash`, "..", `a"quote`, "percent%20x"}
	var shifts []app.RosterShift
	start := time.Date(2026, 3, 2, 14, 0, 0, 0, time.UTC)
	for _, a := range agents {
		shifts = append(shifts, app.RosterShift{AgentID: a, Date: "2026-03-02", Start: start, End: start.Add(8 * time.Hour)})
	}
	r, err = ts.store.CreateRoster(ctx, "test", app.Roster{Queue: "sales", Name: "team", Shifts: shifts})
	if err != nil {
		t.Fatal(err)
	}
	return fid, sid, sc, r, agents
}
