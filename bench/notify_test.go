package bench

import (
	"context"
	"testing"
)

// BenchmarkNotify reports the notification fan-out of 10,000 accepted
// cases in a burst: intake's rate with notifications on against off, and
// the time until every SMS and inbox message is delivered (issue 13:
// ratio ≥ 0.90, delivered ≤ 30 s). Run:
// go test -run x -bench 'Notify$' -benchtime 1x ./bench/
func BenchmarkNotify(b *testing.B) {
	for _, e := range Engines() {
		b.Run(e.Name, func(b *testing.B) {
			for range b.N {
				res, err := Notify(context.Background(), NotifyOptions{Dir: b.TempDir(), DSN: e.DSN})
				if err != nil {
					b.Fatal(err)
				}
				b.ReportMetric(res.On.PerSecond, "cases/s")
				b.ReportMetric(res.Off.PerSecond, "off/s")
				b.ReportMetric(res.Ratio, "ratio")
				b.ReportMetric(res.Delivered.Seconds(), "delivered-s")
				b.Logf("on  %s", res.On)
				b.Logf("off %s", res.Off)
				b.Logf("ratio %.3f; %d SMS and %d inbox messages delivered %.2fs after the burst began (%.2fs after its last case)",
					res.Ratio, res.SMS, res.Inbox, res.Delivered.Seconds(), res.AfterIntake.Seconds())
			}
		})
	}
}

// TestNotifyBenchRuns keeps the benchmark's setup working (tiny run).
func TestNotifyBenchRuns(t *testing.T) {
	res, err := Notify(context.Background(), NotifyOptions{Dir: t.TempDir(), Cases: 40, Clients: 4, Applicants: 10})
	if err != nil {
		t.Fatal(err)
	}
	if res.On.N != 40 || res.Off.N != 40 || res.SMS != 40 || res.Inbox != 40 || res.Ratio <= 0 || res.Delivered <= 0 {
		t.Fatalf("%+v", res)
	}
}
