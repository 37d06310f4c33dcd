package forecast_test

import (
	"fmt"
	"math"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/staffcast/staffcast/csvio/historycsv"
	"github.com/staffcast/staffcast/forecast"
	"github.com/staffcast/staffcast/internal/shareddata"
)

func loadShared(tb testing.TB, rel string, interval time.Duration) *forecast.Series {
	tb.Helper()
	path := shareddata.Path(tb, rel)
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	qs, err := historycsv.ReadHistory(f, time.UTC)
	if err != nil {
		tb.Fatal(err)
	}
	if len(qs) != 1 {
		tb.Fatalf("%s: %d queues, want 1", rel, len(qs))
	}
	s, err := qs[0].Series(interval, time.UTC)
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

func table(rows []forecast.BacktestRow) string {
	var b strings.Builder
	fmt.Fprintf(&b, "| method | WAPE | day-1 WAPE | MASE | bias | cov80 | cov95 | fit s | chosen |\n|---|---|---|---|---|---|---|---|---|\n")
	for _, r := range rows {
		fmt.Fprintf(&b, "| %s | %.4f | %.4f | %.3f | %+.4f | %.3f | %.3f | %.3f | %s |\n", r.Method, r.WAPE, r.FirstDayWAPE, r.MASE, r.Bias, r.Coverage80, r.Coverage95, r.FitSeconds, r.Chosen)
	}
	return b.String()
}

func rowOf(rows []forecast.BacktestRow, m forecast.Method) forecast.BacktestRow {
	for _, r := range rows {
		if r.Method == m {
			return r
		}
	}
	return forecast.BacktestRow{}
}

// TestBankAccuracy is the acceptance check on the US bank data:
// auto beats the 4-week seasonal moving average by at least 10% WAPE and
// seasonal naive on the first day ahead, with one configuration.
func TestBankAccuracy(t *testing.T) {
	s := loadShared(t, "bank2003/history_5min.csv", 30*time.Minute)
	rows, err := forecast.Backtest(s, forecast.BacktestConfig{Origins: 8, Horizon: 168 * time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("bank2003, 30m, 8 weekly origins, 168h:\n%s", table(rows))
	auto, sma4, naive := rowOf(rows, forecast.MethodAuto), rowOf(rows, forecast.MethodSMA4), rowOf(rows, forecast.MethodSeasonalNaive)
	if auto.WAPE > 0.9*sma4.WAPE {
		t.Errorf("auto WAPE %.4f is not 10%% below sma4's %.4f (limit %.4f)", auto.WAPE, sma4.WAPE, 0.9*sma4.WAPE)
	}
	if auto.FirstDayWAPE >= naive.FirstDayWAPE {
		t.Errorf("auto first-day WAPE %.4f does not beat seasonal naive's %.4f", auto.FirstDayWAPE, naive.FirstDayWAPE)
	}
	checkCoverage(t, auto)
}

// checkCoverage holds the README's claim that the prediction intervals'
// backtest coverage is within 3 points of nominal.
func checkCoverage(t *testing.T, r forecast.BacktestRow) {
	t.Helper()
	if math.Abs(r.Coverage80-0.80) > 0.03 || math.Abs(r.Coverage95-0.95) > 0.03 {
		t.Errorf("%s interval coverage %.3f / %.3f, want within 0.03 of 0.80 / 0.95", r.Method, r.Coverage80, r.Coverage95)
	}
}

func TestIsraelAccuracy(t *testing.T) {
	s := loadShared(t, "israelbank1999/vru_6min.csv", 30*time.Minute)
	rows, err := forecast.Backtest(s, forecast.BacktestConfig{Origins: 8, Horizon: 168 * time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("israelbank1999, 30m, 8 weekly origins, 168h:\n%s", table(rows))
	// The same configuration as the bank's, untuned: auto beats the 4-week
	// moving average (by 16% today, 8.6% before the day-of-month factors;
	// assert 10%) and seasonal naive on the first day, with calibrated
	// intervals.
	auto, sma4, naive := rowOf(rows, forecast.MethodAuto), rowOf(rows, forecast.MethodSMA4), rowOf(rows, forecast.MethodSeasonalNaive)
	if auto.WAPE > 0.9*sma4.WAPE {
		t.Errorf("auto WAPE %.4f is not 10%% below sma4's %.4f", auto.WAPE, sma4.WAPE)
	}
	if auto.FirstDayWAPE >= naive.FirstDayWAPE {
		t.Errorf("auto first-day WAPE %.4f does not beat seasonal naive's %.4f", auto.FirstDayWAPE, naive.FirstDayWAPE)
	}
	checkCoverage(t, auto)
}

// BenchmarkBacktestBank is the speed target: the 8-origin backtest of every
// method on the bank file at 30 minutes (target under 5 s on one core).
func BenchmarkBacktestBank(b *testing.B) {
	s := loadShared(b, "bank2003/history_5min.csv", 30*time.Minute)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := forecast.Backtest(s, forecast.BacktestConfig{Origins: 8, Horizon: 168 * time.Hour}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkBacktestIsrael(b *testing.B) {
	s := loadShared(b, "israelbank1999/vru_6min.csv", 30*time.Minute)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := forecast.Backtest(s, forecast.BacktestConfig{Origins: 8, Horizon: 168 * time.Hour}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLoadBank reads the 17k-line bank file and resamples it.
func BenchmarkLoadBank(b *testing.B) {
	for i := 0; i < b.N; i++ {
		loadShared(b, "bank2003/history_5min.csv", 30*time.Minute)
	}
}

func BenchmarkForecastAutoBank(b *testing.B) {
	s := loadShared(b, "bank2003/history_5min.csv", 30*time.Minute)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := forecast.Forecast(s, s.NextStart(), 168*time.Hour, forecast.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
