package erlang

import (
	"encoding/csv"
	"math"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/staffcast/staffcast/internal/shareddata"
)

// readShared reads a CSV of ../shared/data into maps keyed by header name.
func readShared(t *testing.T, rel string) []map[string]string {
	t.Helper()
	f, err := os.Open(shareddata.Path(t, rel))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var out []map[string]string
	for _, r := range recs[1:] {
		m := map[string]string{}
		for i, h := range recs[0] {
			m[h] = r[i]
		}
		out = append(out, m)
	}
	return out
}

func num(t *testing.T, s string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatalf("bad number %q in shared data", s)
	}
	return v
}

// within checks got against a value printed as want: to 1e-9 relative, or
// to half a unit of its last printed decimal when it was printed with fewer
// digits than that (the published tables round ASA and occupancy to 6
// decimals).
func within(got float64, want string) (ok bool, rel float64) {
	w, _ := strconv.ParseFloat(want, 64)
	rel = math.Abs(got-w) / math.Max(math.Abs(w), 1e-300)
	tol := 1e-9
	if i := indexByte(want, '.'); i >= 0 && indexByte(want, 'e') < 0 {
		ulp := 0.5 * math.Pow(10, -float64(len(want)-i-1))
		tol = math.Max(tol, ulp/math.Abs(w)*(1+1e-9))
	}
	return rel <= tol, rel
}

func indexByte(s string, c byte) int {
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			return i
		}
	}
	return -1
}

func TestPublishedCases(t *testing.T) {
	for _, c := range readShared(t, "erlang/erlang_c_published_cases.csv") {
		t.Run(c["case_id"], func(t *testing.T) {
			l := Load{
				Volume:   num(t, c["calls"]),
				Interval: time.Duration(num(t, c["interval_s"])) * time.Second,
				AHT:      time.Duration(num(t, c["aht_s"])) * time.Second,
			}
			if ok, _ := within(l.Erlangs(), c["traffic_erlangs"]); !ok {
				t.Errorf("Erlangs = %v, want %s", l.Erlangs(), c["traffic_erlangs"])
			}
			st := time.Duration(num(t, c["target_s"])) * time.Second
			n := int(num(t, c["agents"]))
			m, err := Evaluate(l, n, st)
			if err != nil {
				t.Fatal(err)
			}
			if got := ErlangC(l.Erlangs(), n); math.Abs(got-m.PWait) > 1e-15 {
				t.Errorf("ErlangC = %v, Evaluate PWait = %v", got, m.PWait)
			}
			for _, f := range []struct {
				col string
				got float64
			}{
				{"exact_pwait", m.PWait},
				{"exact_service_level", m.ServiceLevel},
				{"exact_asa_s", m.ASASeconds},
				{"exact_occupancy", m.Occupancy},
			} {
				if ok, rel := within(f.got, c[f.col]); !ok {
					t.Errorf("%s = %.12g, want %s (relative error %.2g)", f.col, f.got, c[f.col], rel)
				}
			}
			if c["sl_target"] == "" {
				return
			}
			tg := Targets{ServiceLevel: num(t, c["sl_target"]), ServiceTime: st}
			s, err := Staff(l, tg)
			if err != nil {
				t.Fatal(err)
			}
			if want := int(num(t, c["exact_min_agents_for_sl_target"])); s.Agents != want {
				t.Errorf("Staff = %d agents, want %d", s.Agents, want)
			}
		})
	}
}

func TestGrid(t *testing.T) {
	worst := 0.0
	for _, c := range readShared(t, "erlang/erlang_c_grid.csv") {
		a, n := num(t, c["traffic_erlangs"]), int(num(t, c["agents"]))
		want := num(t, c["pwait_exact"])
		got := ErlangC(a, n)
		rel := math.Abs(got-want) / want
		worst = math.Max(worst, rel)
		if rel > 1e-9 {
			t.Errorf("ErlangC(%v, %d) = %.16g, want %.16g (relative error %.2g)", a, n, got, want, rel)
		}
		// The same value through the Load API.
		l := Load{Volume: a * 3600, Interval: time.Hour, AHT: time.Second}
		m, err := Evaluate(l, n, 0)
		if err != nil {
			t.Fatal(err)
		}
		if r := math.Abs(m.PWait-want) / want; r > 1e-9 {
			t.Errorf("Evaluate(%v Erlangs, %d).PWait = %.16g, want %.16g", a, n, m.PWait, want)
		}
	}
	t.Logf("worst relative error over the grid: %.3g", worst)
}

// TestOccupancyTarget is pyworkforce's over-occupancy case: 80/20 needs 14
// agents, a 70% occupancy cap forces 15.
func TestOccupancyTarget(t *testing.T) {
	l := Load{Volume: 100, Interval: 30 * time.Minute, AHT: 180 * time.Second}
	m, err := Staff(l, Targets{ServiceLevel: 0.8, ServiceTime: 20 * time.Second, MaxOccupancy: 0.7})
	if err != nil || m.Agents != 15 {
		t.Fatalf("got %d agents, %v; want 15", m.Agents, err)
	}
}
