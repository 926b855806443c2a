package bench

import (
	"context"
	"runtime"
	"testing"
)

// BenchmarkSharing reports granted data-sharing queries/s against the
// built-in registries — through Store.QuerySharing and through POST
// /api/v1/sharing/query — against the bare baseline of the same run, with
// p50/p99, and checks that the access log holds one row per query made.
// The target: 10,000 queries/s on SQLite, p99 under 10 ms. Run:
// go test -run x -bench Sharing -benchtime 1x ./bench/
func BenchmarkSharing(b *testing.B) {
	for _, e := range Engines() {
		b.Run(e.Name, func(b *testing.B) {
			for range b.N {
				res, err := Sharing(context.Background(), SharingOptions{Dir: b.TempDir(), DSN: e.DSN})
				if err != nil {
					b.Fatal(err)
				}
				b.ReportMetric(res.Store.PerSecond, "queries/s")
				b.ReportMetric(float64(res.Store.P50.Microseconds())/1000, "p50-ms")
				b.ReportMetric(float64(res.Store.P99.Microseconds())/1000, "p99-ms")
				b.ReportMetric(res.HTTP.PerSecond, "http/s")
				b.ReportMetric(float64(res.HTTP.P99.Microseconds())/1000, "http-p99-ms")
				b.ReportMetric(res.Baseline.PerSecond, "baseline/s")
				b.ReportMetric(res.Ratio, "ratio")
				b.ReportMetric(res.HTTPRatio, "http-ratio")
				b.Logf("store    %s", res.Store)
				b.Logf("http     %s", res.HTTP)
				b.Logf("baseline %s", res.Baseline)
				b.Logf("ratio store/baseline %.2f, http/baseline %.2f; store queries %d answered, %d no record",
					res.Ratio, res.HTTPRatio, res.Answered, res.NoRecord)
				b.Logf("process CPU during store %.2f cores (%.0f µs/query), http %.2f (%.0f µs), baseline %.2f (%.0f µs) of GOMAXPROCS %d",
					res.StoreCores, res.StoreCores*res.Store.Seconds/float64(res.Store.N)*1e6, res.HTTPCores, res.HTTPCores*res.HTTP.Seconds/float64(res.HTTP.N)*1e6,
					res.BaselineCores, res.BaselineCores*res.Baseline.Seconds/float64(res.Baseline.N)*1e6, runtime.GOMAXPROCS(0))
				b.Logf("access log: %d queries made, %d rows (%d answered, %d rows answered); baseline %d queries, %d rows",
					res.Made, res.Logged, res.MadeAnswered, res.LoggedAnswered, res.BaselineMade, res.BaselineLogged)
			}
		})
	}
}

// TestSharingBenchRuns keeps the benchmark's setup working (tiny run).
func TestSharingBenchRuns(t *testing.T) {
	res, err := Sharing(context.Background(), SharingOptions{Dir: t.TempDir(), Queries: 300, HTTP: 200, Clients: 4, Cases: 2})
	if err != nil {
		t.Fatal(err)
	}
	if res.Store.N != 300 || res.HTTP.N != 200 || res.Baseline.N != 300 || res.Ratio <= 0 || res.Made != res.Logged || res.Answered == 0 {
		t.Fatalf("%+v", res)
	}
}
