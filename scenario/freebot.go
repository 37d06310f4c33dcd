package scenario

import (
	"errors"
	"slices"
)

// ErrFreeBot is a bot share to optimise or sweep on a bot that costs
// nothing and resolves every session: more of it is always cheaper, so the
// answer would be "everything to the bot" whatever the demand.
var ErrFreeBot = errors.New("scenario: the bot costs nothing and resolves everything")

// freeAndPerfect reports whether b costs nothing per session and resolves
// every one (no escalation, no false containment, no capacity cap), as a
// document without a bot block describes it.
func (b BotSpec) freeAndPerfect() bool {
	return b.CostPerSession == 0 && b.Escalation == 0 && b.FalseContainment == 0 && b.Capacity == 0
}

// botPricers are the bot fields that make more bot cost something.
var botPricers = []string{"bot.cost_per_session", "bot.escalation", "bot.false_containment", "bot.capacity"}

// checkBotPriced refuses to choose the bot share of queue i when its bot
// is free and perfect, unless a varied path (varied) makes it otherwise:
// the answer would be 1 in every hour, whatever the demand.
func (d Document) checkBotPriced(i int, varied func(field string) bool) error {
	if !d.Queues[i].Bot.freeAndPerfect() {
		return nil
	}
	if varied != nil && slices.ContainsFunc(botPricers, varied) {
		return nil
	}
	return fieldErr(join(d.queuePath(i), "bot"), ErrFreeBot,
		"costs nothing and resolves every session, so more of it is always cheaper: give bot.cost_per_session, bot.escalation or bot.false_containment (a document without a bot block has such a bot)")
}

// variesQueueField reports whether vary sets field ("bot.share") of the
// queue named queue: as a bare path, which sets every queue, or as
// "queues.<queue>.<field>".
func variesQueueField(vary []Vary, queue, field string) bool {
	for _, v := range vary {
		if v.Path == field || v.Path == "queues."+queue+"."+field {
			return true
		}
	}
	return false
}

// CheckOptimize checks, without evaluating anything, that Optimize may
// choose every queue's bot share: none has a free and perfect bot
// (ErrFreeBot).
func CheckOptimize(d Document) error {
	for i := range d.Queues {
		if err := d.checkBotPriced(i, nil); err != nil {
			return err
		}
	}
	return nil
}
