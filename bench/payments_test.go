package bench

import (
	"context"
	"testing"
	"time"
)

// BenchmarkPayments reports verified, durable payment callbacks/s through
// the API against raw notification verification of the same run, and the
// reconciliation of a 100,000-line statement. Run:
// go test -run x -bench Payments -benchtime 1x ./bench/
func BenchmarkPayments(b *testing.B) {
	for _, e := range Engines() {
		b.Run(e.Name, func(b *testing.B) {
			for range b.N {
				res, err := Payments(context.Background(), PaymentOptions{Dir: b.TempDir(), DSN: e.DSN})
				if err != nil {
					b.Fatal(err)
				}
				b.ReportMetric(res.Callbacks.PerSecond, "callbacks/s")
				b.ReportMetric(res.Raw.PerSecond, "raw/s")
				b.ReportMetric(res.Ratio, "ratio")
				b.ReportMetric(res.Settled.PerSecond, "settled/s")
				b.ReportMetric(res.Duplicates.PerSecond, "duplicates/s")
				b.ReportMetric(res.Reconcile.Seconds(), "reconcile-s")
				b.Logf("fill       %s", res.Fill)
				b.Logf("raw        %s", res.Raw)
				b.Logf("callbacks  %s (ratio %.2f)", res.Callbacks, res.Ratio)
				b.Logf("settled    %d in %.2fs = %.0f/s (first callback to last settled)", res.Settled.N, res.Settled.Seconds, res.Settled.PerSecond)
				b.Logf("duplicates %s", res.Duplicates)
				b.Logf("reconcile  %d lines against %d orders: %d mismatches in %v (in memory %v)", res.ReconcileLines, res.ReconcileOrders,
					res.Mismatches, res.Reconcile.Round(time.Millisecond), res.InMemory.Round(time.Millisecond))
			}
		})
	}
}

// TestPaymentBenchRuns keeps the benchmark's setup working (tiny run).
func TestPaymentBenchRuns(t *testing.T) {
	res, err := Payments(context.Background(), PaymentOptions{Dir: t.TempDir(), Orders: 40, Clients: 4, Lines: 300})
	if err != nil {
		t.Fatal(err)
	}
	if res.Callbacks.N != 40 || res.Settled.N != 40 || res.Duplicates.N != 40 || res.Mismatches != 3 || res.ReconcileLines != 300 || res.Ratio <= 0 {
		t.Fatalf("%+v", res)
	}
}
