package scenario

import (
	"context"
	"errors"
	"testing"
)

// TestFreeBotRefused: the bot share of a bot that costs nothing and
// resolves everything (as a document without a bot block has) is not
// swept or optimised, since the answer would be "all to the bot"; a sweep
// that also varies what the bot costs, or a priced bot, is.
func TestFreeBotRefused(t *testing.T) {
	in := weekInputs("q")
	free := baseQueue("q")
	free.Bot = BotSpec{Share: Uniform(0.3)}
	priced := free
	priced.Bot.CostPerSession = 0.5
	two := Document{Queues: []QueueSpec{baseQueue("a"), free}}
	two.Queues[1].Queue = "b"
	twoIn := weekInputs("a", "b")
	for _, c := range []struct {
		name  string
		d     Document
		in    Inputs
		vary  []string
		field string // "" when accepted
	}{
		{"share of a free bot", Document{Queues: []QueueSpec{free}}, in, []string{"bot.share=0,0.5,1"}, "bot"},
		{"with its cost varied too", Document{Queues: []QueueSpec{free}}, in, []string{"bot.share=0,1", "bot.cost_per_session=0,2"}, ""},
		{"a priced bot", Document{Queues: []QueueSpec{priced}}, in, []string{"bot.share=0,1"}, ""},
		{"another field of a free bot", Document{Queues: []QueueSpec{free}}, in, []string{"humans.hourly_cost=20,30"}, ""},
		{"the free queue of two", two, twoIn, []string{"queues.b.bot.share=0,1"}, "queues[1].bot"},
		{"the priced queue of two", two, twoIn, []string{"queues.a.bot.share=0,1"}, ""},
		{"every queue of two", two, twoIn, []string{"bot.share=0,1"}, "queues[1].bot"},
	} {
		t.Run(c.name, func(t *testing.T) {
			var vary []Vary
			for _, v := range c.vary {
				vary = append(vary, mustVary(t, v))
			}
			_, err := Sweep(context.Background(), c.d, c.in, vary, Options{Workers: 2})
			checkFreeBot(t, "sweep", err, c.field)
		})
	}
	_, err := Optimize(context.Background(), Document{Queues: []QueueSpec{free}}, in, OptimizeOptions{Grid: []float64{0, 0.5, 1}})
	checkFreeBot(t, "optimize", err, "bot")
	if _, err := Optimize(context.Background(), Document{Queues: []QueueSpec{priced}}, in, OptimizeOptions{Grid: []float64{0, 0.5, 1}}); err != nil {
		t.Errorf("optimize a priced bot: %v", err)
	}
}

func checkFreeBot(t *testing.T, what string, err error, field string) {
	t.Helper()
	var fe *FieldError
	switch {
	case field == "" && err != nil:
		t.Errorf("%s: %v, want it accepted", what, err)
	case field != "" && (!errors.Is(err, ErrFreeBot) || !errors.As(err, &fe) || fe.Field != field):
		t.Errorf("%s: %v, want ErrFreeBot naming %s", what, err, field)
	}
}
