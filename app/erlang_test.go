package app

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/staffcast/staffcast/erlang"
)

func decodeErlang(t *testing.T, body string) ErlangRequest {
	t.Helper()
	var r ErlangRequest
	dec := json.NewDecoder(strings.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&r); err != nil {
		t.Fatalf("decode %s: %v", body, err)
	}
	return r
}

// TestErlangJSON checks the result JSON byte for byte against what
// "staffcast erlang -json" prints (the CLI's golden files).
func TestErlangJSON(t *testing.T) {
	for _, c := range []struct {
		name, body, golden string
	}{
		{"evaluate C", `{"volume":100,"interval":"30m","aht":"180s","sl_time":"20s","agents":14}`, "evaluate_c.json"},
		{"evaluate A", `{"volume":100,"interval":"30m","aht":180,"agents":14,"patience":"1m"}`, "evaluate_a.json"},
		{"solve C with shrinkage", `{"volume":100,"interval":"30m","aht":"3m","sl_target":0.8,"shrinkage":0.3}`, "solve_c.json"},
		{"all targets", `{"volume":100,"interval":"30m","aht":"180s","sl_target":0.8,"max_asa":"5s","max_abandon":0.03,"max_occupancy":0.8,"patience":"90s"}`, "solve_all_targets.json"},
	} {
		t.Run(c.name, func(t *testing.T) {
			want, err := os.ReadFile(filepath.Join("..", "cmd", "staffcast", "testdata", "erlang", c.golden))
			if err != nil {
				t.Fatal(err)
			}
			res, err := Erlang(context.Background(), decodeErlang(t, c.body))
			if err != nil {
				t.Fatal(err)
			}
			got, err := json.Marshal(res)
			if err != nil {
				t.Fatal(err)
			}
			if string(got)+"\n" != string(want) {
				t.Errorf("got  %s\nwant %s", got, want)
			}
		})
	}
	res, err := Erlang(context.Background(), decodeErlang(t, `{"volume":100,"interval":"30m","aht":"3m","sl_target":0.8,"shrinkage":0}`))
	if err != nil || res.ScheduledAgents == nil || *res.ScheduledAgents != 14 {
		t.Errorf("shrinkage 0 given: %+v, %v; want scheduled_agents 14", res, err)
	}
}

func TestErlangChatAndBot(t *testing.T) {
	res, err := Erlang(context.Background(), decodeErlang(t, `{"volume":300,"interval":"30m","chat_aht":["400s","560s","750s"],"sl_target":0.8,"sl_time":"60s"}`))
	if err != nil {
		t.Fatal(err)
	}
	if res.Agents != 44 || !res.Chat {
		t.Errorf("chat: %d agents (chat %v), want 44 (package erlang's worked example)", res.Agents, res.Chat)
	}
	// 1,000 calls an hour, AHT 200 s, 90 s patience: 54 agents for 80/20;
	// behind the bot of the package example humans get 580 calls and need 36.
	plain, err := Erlang(context.Background(), decodeErlang(t, `{"volume":1000,"interval":"1h","aht":"200s","patience":"90s","sl_target":0.8}`))
	if err != nil {
		t.Fatal(err)
	}
	bot, err := Erlang(context.Background(), decodeErlang(t, `{"volume":1000,"interval":"1h","aht":"200s","patience":"90s","sl_target":0.8,
		"bot_share":0.6,"bot_escalation":0.25,"bot_false_containment":0.1,"bot_return_share":0.5,"escalated_aht":"300s","escalated_patience":"30s"}`))
	if err != nil {
		t.Fatal(err)
	}
	if plain.Agents != 54 || bot.Agents != 36 || bot.Human.Volume != 580 {
		t.Errorf("plain %d agents, bot %d agents for %v human contacts; want 54, 36, 580", plain.Agents, bot.Agents, bot.Human.Volume)
	} // Everyone meets the bot and every session escalates: a share and an
	// escalation of 1 are meaningful, as in a scenario.
	all, err := Erlang(context.Background(), decodeErlang(t, `{"volume":1000,"interval":"1h","aht":"200s","patience":"90s","sl_target":0.8,
		"bot_share":1,"bot_escalation":1}`))
	if err != nil {
		t.Fatal(err)
	}
	if all.Human.Volume != 1000 {
		t.Errorf("share 1, escalation 1: %v human contacts, want 1000", all.Human.Volume)
	}
}

func TestErlangRequestInvalid(t *testing.T) {
	for _, c := range []struct {
		name, body, field string
	}{
		{"no volume", `{"interval":"30m","aht":"180s","agents":3}`, "volume"},
		{"negative volume", `{"volume":-1,"interval":"30m","aht":"180s","agents":3}`, "volume"},
		{"no interval", `{"volume":5,"aht":"180s","agents":3}`, "interval"},
		{"negative interval", `{"volume":5,"interval":"-30m","aht":"180s","agents":3}`, "interval"},
		{"no aht", `{"volume":5,"interval":"30m","agents":3}`, "aht"},
		{"aht and chat", `{"volume":5,"interval":"30m","aht":"1s","chat_aht":["1s"],"agents":3}`, "chat_aht"},
		{"zero chat time", `{"volume":5,"interval":"30m","chat_aht":["1s","0s"],"agents":3}`, "chat_aht"},
		{"neither agents nor target", `{"volume":5,"interval":"30m","aht":"180s"}`, "agents"},
		{"agents and target", `{"volume":5,"interval":"30m","aht":"180s","agents":3,"sl_target":0.8}`, "agents"},
		{"negative agents", `{"volume":5,"interval":"30m","aht":"180s","agents":-3}`, "agents"},
		{"huge agents", `{"volume":5,"interval":"30m","aht":"180s","agents":100000000000}`, "agents"},
		{"sl target 1", `{"volume":5,"interval":"30m","aht":"180s","sl_target":1}`, "sl_target"},
		{"sl target 0", `{"volume":5,"interval":"30m","aht":"180s","sl_target":0}`, "sl_target"},
		{"negative sl time", `{"volume":5,"interval":"30m","aht":"180s","sl_target":0.8,"sl_time":"-1s"}`, "sl_time"},
		{"zero max asa", `{"volume":5,"interval":"30m","aht":"180s","max_asa":"0s"}`, "max_asa"},
		{"max occupancy 1", `{"volume":5,"interval":"30m","aht":"180s","max_occupancy":1}`, "max_occupancy"},
		{"shrinkage 1", `{"volume":5,"interval":"30m","aht":"180s","sl_target":0.8,"shrinkage":1}`, "shrinkage"},
		{"negative patience", `{"volume":5,"interval":"30m","aht":"180s","agents":3,"patience":"-1s"}`, "patience"},
		{"bot fields without share", `{"volume":5,"interval":"30m","aht":"180s","agents":3,"bot_escalation":0.2}`, "bot_share"},
		{"bot shares exceed 1", `{"volume":5,"interval":"30m","aht":"180s","agents":3,"bot_share":0.5,"bot_escalation":0.7,"bot_false_containment":0.5}`, "bot_escalation"},
		{"overloaded Erlang C", `{"volume":100,"interval":"30m","aht":"180s","agents":10}`, "agents"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := Erlang(context.Background(), decodeErlang(t, c.body))
			if KindOf(err) != Invalid {
				t.Fatalf("err %v (kind %v), want invalid", err, KindOf(err))
			}
			if got := FieldOf(err); got != c.field {
				t.Errorf("field %q, want %q (err %v)", got, c.field, err)
			}
			if !strings.Contains(err.Error(), c.field) {
				t.Errorf("message %q does not name %q", err, c.field)
			}
		})
	}
}

func TestErlangTooLargeAndCanceled(t *testing.T) {
	_, err := Erlang(context.Background(), decodeErlang(t, `{"volume":1e12,"interval":"1s","aht":"1h","sl_target":0.8}`))
	if KindOf(err) != Invalid || !errors.Is(err, erlang.ErrTooLarge) {
		t.Errorf("huge load: %v (kind %v), want invalid wrapping erlang.ErrTooLarge", err, KindOf(err))
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = Erlang(ctx, decodeErlang(t, `{"volume":5,"interval":"30m","aht":"180s","agents":3}`))
	if KindOf(err) != Canceled {
		t.Errorf("cancelled context: %v (kind %v), want canceled", err, KindOf(err))
	}
}

func TestDurationJSON(t *testing.T) {
	for _, c := range []struct {
		in   string
		want Duration
		ok   bool
	}{
		{`"30m"`, Duration(30 * 60e9), true},
		{`180`, Duration(180e9), true},
		{`"0.5"`, Duration(0.5e9), true},
		{`"soon"`, 0, false},
		{`1e300`, 0, false},
		{`true`, 0, false},
	} {
		var d Duration
		err := json.Unmarshal([]byte(c.in), &d)
		if (err == nil) != c.ok || (c.ok && d != c.want) {
			t.Errorf("%s: got %v, %v; want %v (ok %v)", c.in, d, err, c.want, c.ok)
		}
	}
	// Written as planners write them, not time.Duration's "30m0s"; each
	// reads back.
	for d, want := range map[Duration]string{Duration(90e9): `"1m30s"`, Duration(30 * 60e9): `"30m"`, Duration(168 * 3600e9): `"168h"`} {
		b, err := json.Marshal(d)
		if err != nil || string(b) != want {
			t.Errorf("marshal %v = %s, %v; want %s", time.Duration(d), b, err, want)
		}
		var back Duration
		if err := json.Unmarshal(b, &back); err != nil || back != d {
			t.Errorf("%s read back as %v, %v", b, time.Duration(back), err)
		}
	}
}
