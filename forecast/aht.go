package forecast

import "math"

// Handle time changes slowly and is noisy in quiet intervals, so its
// forecast pools: for each weekday and slot, the contact-weighted mean over
// the last ahtWeeks same-weekday days, shrunk towards the slot's mean over
// all weekdays as if that were worth ahtShrinkContacts contacts, then
// towards the overall mean where a slot has no handle time at all.
const (
	ahtWeeks          = 8
	ahtShrinkContacts = 50.0
)

// ahtTemplates returns the AHT forecast per weekday and slot, or nil when
// the history has no handle time.
func ahtTemplates(s *Series, c *ctx) [7][]float64 {
	var out [7][]float64
	if !s.hasAHT {
		return out
	}
	var num, den [7][]float64
	slotNum, slotDen := make([]float64, s.slots), make([]float64, s.slots)
	var allNum, allDen float64
	for w := 0; w < 7; w++ {
		num[w], den[w] = make([]float64, s.slots), make([]float64, s.slots)
		for k, d := range c.past[w] {
			if k >= ahtWeeks || d >= s.days {
				break
			}
			for sl := 0; sl < s.slots; sl++ {
				i := d*s.slots + sl
				if a, wt := s.aht[i], s.ahtW[i]; wt > 0 && !math.IsNaN(a) {
					num[w][sl] += wt * a
					den[w][sl] += wt
					slotNum[sl] += wt * a
					slotDen[sl] += wt
					allNum += wt * a
					allDen += wt
				}
			}
		}
	}
	if allDen == 0 {
		// handle time only in older history: use all of it
		for i, wt := range s.ahtW {
			if wt > 0 && i < c.T*s.slots {
				allNum += wt * s.aht[i]
				allDen += wt
			}
		}
		if allDen == 0 {
			return out
		}
	}
	all := allNum / allDen
	for w := 0; w < 7; w++ {
		out[w] = make([]float64, s.slots)
		for sl := 0; sl < s.slots; sl++ {
			slot := all
			if slotDen[sl] > 0 {
				slot = (slotNum[sl] + ahtShrinkContacts*all) / (slotDen[sl] + ahtShrinkContacts)
			}
			out[w][sl] = (num[w][sl] + ahtShrinkContacts*slot) / (den[w][sl] + ahtShrinkContacts)
		}
	}
	return out
}
