package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/staffcast/staffcast/scenario"
)

// TestFiguresAddUpAsShown: differences and sums printed beside figures are
// those of the figures as shown (each rounded once, half away from zero),
// so a reader checking them by hand gets the same numbers.
func TestFiguresAddUpAsShown(t *testing.T) {
	base := scenario.Totals{CostHumans: 100.4, CostBot: 200.4, CostLost: 300.4, Cost: 601.2,
		ServiceLevel: 0.90849, PaidHours: 7008.5, RequiredPaidHours: 4818.4, UncappedRequiredPaidHours: 4818.4, NaivePaidHours: 3522.6}
	base.FunnelExtraPaidHours = base.RequiredPaidHours - base.NaivePaidHours
	other := scenario.Totals{CostHumans: 50, Cost: 50, ServiceLevel: 0.92351, PaidHours: 2598.7}
	delta := scenario.Totals{CostHumans: other.CostHumans - base.CostHumans, Cost: other.Cost - base.Cost,
		ServiceLevel: other.ServiceLevel - base.ServiceLevel, PaidHours: other.PaidHours - base.PaidHours}

	var b bytes.Buffer
	writeTotalsText(&b, "", base, scenario.QueueSpec{})
	for _, want := range []string{
		"humans 100 + bot 200 + lost contacts 300 = 600", // the parts as shown add up (601.2 would print 601)
		"Paid hours  7,009 as planned in shifts, 4,818 required; the naive cut (all-human headcount x (1 - bot share)) pays 3,523: the funnel costs +1,295 h", // 4,818 - 3,523, not 1,295.8
	} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("totals lack %q:\n%s", want, b.String())
		}
	}

	b.Reset()
	writeCompareText(&b, &scenario.Comparison{Scenarios: []scenario.Compared{{Name: "a", Totals: base}, {Name: "b", Totals: other, Delta: delta}}})
	for _, want := range []string{
		"cost  600  50 (-550)",                  // the shown cost is the sum of its shown parts
		"service level  90.8%  92.4% (+1.6 pp)", // not +1.5 pp, the difference before rounding
		"paid hours  7,009  2,599 (-4,410)",     // 7008.5 rounds up, as the web page does, not to even
	} {
		if !strings.Contains(strings.Join(strings.Fields(b.String()), "  "), strings.Join(strings.Fields(want), "  ")) {
			t.Errorf("comparison lacks %q:\n%s", want, b.String())
		}
	}
	if got := pct(-0.00001) + " " + thousands(-0.4); got != "0.0% 0" {
		t.Errorf("negative zero shown: %q", got)
	}
}

// The optimiser's summary line shows each cost as the table does: the sum
// of its shown parts (142,325.37 made of 77,970 + 26,858 + 37,498 is
// 142,326 in both).
func TestOptimizeCostLineAsShown(t *testing.T) {
	tot := scenario.Totals{CostHumans: 77969.7, CostBot: 26857.6, CostLost: 37498.07, Cost: 142325.37}
	res := &scenario.OptimizeResult{Totals: tot, BestSingleTotals: tot, Grid: []float64{0, 1},
		Queues: []scenario.OptimizedQueue{{Queue: "q", BestSingleShare: 1, BestSingleCost: tot.Cost, Cost: tot.Cost}}}
	var b bytes.Buffer
	writeOptimizeText(&b, scenario.Document{}, res)
	if want := "Best single share 1: cost 142,326; optimised: cost 142,326"; !strings.Contains(b.String(), want) {
		t.Errorf("optimize text lacks %q:\n%s", want, b.String())
	}
}
