package main

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
)

func TestErlangGolden(t *testing.T) {
	base := []string{"erlang", "--volume", "100", "--interval", "30m", "--aht", "180s", "--sl-time", "20s"}
	for _, c := range []struct {
		name string
		args []string
	}{
		{"evaluate_c.txt", []string{"--agents", "14"}},
		{"evaluate_c.json", []string{"--agents", "14", "--json"}},
		{"evaluate_a.json", []string{"--agents", "14", "--patience", "60s", "--json"}},
		{"evaluate_a_below_load.txt", []string{"--agents", "8", "--patience", "60s"}},
		{"solve_c.txt", []string{"--sl-target", "0.8", "--shrinkage", "0.3"}},
		{"solve_c.json", []string{"--sl-target", "0.8", "--shrinkage", "0.3", "--json"}},
		{"solve_all_targets.json", []string{"--sl-target", "0.8", "--max-asa", "5s", "--max-abandon", "0.03", "--max-occupancy", "0.8", "--patience", "90s", "--json"}},
		{"solve_bot.txt", []string{"--sl-target", "0.8", "--patience", "60s", "--bot-share", "0.4", "--bot-escalation", "0.3",
			"--bot-false-containment", "0.1", "--bot-return-share", "0.5", "--escalated-aht", "300s", "--escalated-patience", "30s", "--shrinkage", "0.3"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			out, errs, code := runCLI(t, "", append(append([]string(nil), base...), c.args...)...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errs)
			}
			golden(t, "erlang/"+c.name, []byte(out))
		})
	}
	out, errs, code := runCLI(t, "", "erlang", "--volume", "300", "--interval", "30m", "--chat-aht", "400s,560s,750s", "--sl-target", "0.8", "--sl-time", "60s")
	if code != 0 {
		t.Fatalf("chat: exit %d: %s", code, errs)
	}
	golden(t, "erlang/solve_chat.txt", []byte(out))
}

// TestErlangJSONValues checks the JSON against the published worked example
// (10 Erlangs, 14 agents, 80/20: Call Centre Helper / pyworkforce).
func TestErlangJSONValues(t *testing.T) {
	for _, mode := range [][]string{{"--agents", "14"}, {"--sl-target", "0.8", "--shrinkage", "0.3"}} {
		args := append([]string{"erlang", "--volume", "100", "--interval", "30m", "--aht", "180s", "--sl-time", "20s", "--json"}, mode...)
		out, errs, code := runCLI(t, "", args...)
		if code != 0 {
			t.Fatalf("%v: exit %d %s", mode, code, errs)
		}
		var got map[string]float64
		if err := json.Unmarshal([]byte(out), &got); err != nil {
			t.Fatal(err)
		}
		want := map[string]float64{"agents": 14, "service_level": 0.8883500192, "asa_seconds": 7.835937, "p_wait": 0.1741319336, "p_abandon": 0, "occupancy": 0.714286}
		if mode[0] == "--sl-target" {
			want["scheduled_agents"] = 20
		}
		if len(got) != len(want) {
			t.Errorf("%v: keys %v, want %v", mode, got, want)
		}
		for k, w := range want {
			if g, ok := got[k]; !ok || math.Abs(g-w) > 1e-6 {
				t.Errorf("%v: %s = %v, want %v", mode, k, g, w)
			}
		}
	}
}

func TestErlangBadInput(t *testing.T) {
	base := []string{"erlang", "--volume", "100", "--interval", "30m", "--aht", "180s"}
	for _, c := range []struct {
		name string
		args []string
		want string // the flag or problem the one-line error must name
	}{
		{"negative volume", []string{"erlang", "--volume", "-5", "--interval", "30m", "--aht", "180s", "--agents", "3"}, "-volume"},
		{"text volume", []string{"erlang", "--volume", "lots", "--interval", "30m", "--aht", "180s", "--agents", "3"}, "-volume"},
		{"NaN volume", []string{"erlang", "--volume", "NaN", "--interval", "30m", "--aht", "180s", "--agents", "3"}, "-volume"},
		{"infinite volume", []string{"erlang", "--volume", "Inf", "--interval", "30m", "--aht", "180s", "--agents", "3"}, `-volume: want a finite number, got "Inf"`},
		{"zero AHT", []string{"erlang", "--volume", "5", "--interval", "30m", "--aht", "0", "--agents", "3"}, "-aht"},
		{"negative AHT", []string{"erlang", "--volume", "5", "--interval", "30m", "--aht", "-3s", "--agents", "3"}, "-aht"},
		{"SL target 1", append(base, "--sl-target", "1"), "-sl-target"},
		{"SL target 0", append(base, "--sl-target", "0"), "-sl-target"},
		{"SL target 80", append(base, "--sl-target", "80"), "-sl-target"},
		{"agents and target", append(base, "--agents", "14", "--sl-target", "0.8"), "not both"},
		{"neither", base, "-agents"},
		{"negative agents", append(base, "--agents", "-2"), "-agents"},
		{"agents not a number", append(base, "--agents", "x"), "-agents"},
		{"unknown flag", append(base, "--agents", "14", "--colour"), "colour"},
		{"positional", append(base, "--agents", "14", "extra"), "extra"},
		{"no volume", []string{"erlang", "--interval", "30m", "--aht", "180s", "--agents", "3"}, "-volume"},
		{"no interval", []string{"erlang", "--volume", "5", "--aht", "180s", "--agents", "3"}, "-interval"},
		{"no aht", []string{"erlang", "--volume", "5", "--interval", "30m", "--agents", "3"}, "-aht"},
		{"overloaded Erlang C", append(base, "--agents", "10"), "-patience"},
		{"shrinkage 1", append(base, "--sl-target", "0.8", "--shrinkage", "1"), "-shrinkage"},
		{"bot flags without share", append(base, "--sl-target", "0.8", "--bot-escalation", "0.2"), "-bot-share"},
		{"funnel shares exceed 1", append(base, "--sl-target", "0.8", "--bot-share", "0.5", "--bot-escalation", "0.7", "--bot-false-containment", "0.5"), "exceed"},
		{"chat and aht", append(base, "--sl-target", "0.8", "--chat-aht", "300s"), "-chat-aht"},
		{"bad chat aht", []string{"erlang", "--volume", "5", "--interval", "30m", "--chat-aht", "300s,,x", "--sl-target", "0.8"}, "-chat-aht"},
		{"bad duration", append(base, "--sl-target", "0.8", "--sl-time", "soon"), "-sl-time"},
		{"load too large", []string{"erlang", "--volume", "1e12", "--interval", "30m", "--aht", "180s", "--sl-target", "0.8"}, "load too large"},
		{"chat handle times falling", []string{"erlang", "--volume", "5", "--interval", "30m", "--chat-aht", "100s,50s", "--sl-target", "0.8"}, "invalid chat concurrency"},
	} {
		t.Run(c.name, func(t *testing.T) {
			out, errs, code := runCLI(t, "", c.args...)
			if code != exitBadUse {
				t.Fatalf("exit %d, want 2 (stdout %q, stderr %q)", code, out, errs)
			}
			if strings.Contains(errs, "erlang: erlang:") {
				t.Errorf("error %q names the command twice", errs)
			}
			if !strings.Contains(errs, c.want) || strings.Contains(strings.TrimSpace(errs), "\n") {
				t.Errorf("error %q should be one line naming %q", errs, c.want)
			}
			if strings.Contains(out, "Usage of") {
				t.Errorf("usage printed on an error:\n%s", out)
			}
		})
	}
}

// FuzzErlangFlags: whatever the flags, the command answers or fails with a
// usage error; it never panics (run turns a panic into "internal error").
func FuzzErlangFlags(f *testing.F) {
	f.Add("100", "30m", "180s", "14", "", "60s", "0.3")
	f.Add("0.5", "15m", "30", "", "0.8", "", "")
	f.Add("1e9", "1ns", "1h", "", "0.99", "1s", "0.99")
	f.Add("-1", "x", "0", "-3", "2", "-1s", "1")
	f.Add("50000", "1s", "1s", "", "0.8", "", "")
	f.Fuzz(func(t *testing.T, volume, interval, aht, agents, target, patience, shrinkage string) {
		args := []string{"erlang", "--volume", volume, "--interval", interval, "--aht", aht, "--json"}
		if agents != "" {
			args = append(args, "--agents", agents)
		}
		if target != "" {
			args = append(args, "--sl-target", target)
		}
		if patience != "" {
			args = append(args, "--patience", patience)
		}
		if shrinkage != "" {
			args = append(args, "--shrinkage", shrinkage)
		}
		out, errs, code := runCLI(t, "", args...)
		if strings.Contains(errs, "internal error") {
			t.Fatalf("%v: %s", args, errs)
		}
		if code == 0 {
			var got map[string]any
			if err := json.Unmarshal([]byte(out), &got); err != nil {
				t.Fatalf("%v: output %q is not JSON: %v", args, out, err)
			}
		} else if code != exitBadUse {
			t.Fatalf("%v: exit %d", args, code)
		}
	})
}
