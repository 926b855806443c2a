package bench

import (
	"context"
	"testing"
	"time"
)

// BenchmarkQA reports questions/s and p95 through GET /api/v1/qa with the
// whole catalogue and 2,000 generated knowledge entries, against GET
// /healthz on the same connections (the baseline of the same run), and the
// engine alone. The targets: p95 under 20 ms on SQLite, ≥ 1,000
// questions/s. Run: go test -run x -bench QA -benchtime 1x ./bench/
func BenchmarkQA(b *testing.B) {
	for _, e := range Engines() {
		b.Run(e.Name, func(b *testing.B) {
			for range b.N {
				res, err := QA(context.Background(), QAOptions{Dir: b.TempDir(), DSN: e.DSN})
				if err != nil {
					b.Fatal(err)
				}
				ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
				b.ReportMetric(res.HTTP.PerSecond, "questions/s")
				b.ReportMetric(ms(res.HTTPP95), "p95-ms")
				b.ReportMetric(res.Baseline.PerSecond, "baseline/s")
				b.ReportMetric(res.Ratio, "ratio")
				b.ReportMetric(res.Engine.PerSecond, "engine/s")
				b.Logf("http     %s, p95 %v", res.HTTP, res.HTTPP95.Round(10*time.Microsecond))
				b.Logf("baseline %s (GET /healthz)", res.Baseline)
				b.Logf("engine   %s, p95 %v; %d of %d answered", res.Engine, res.EngineP95.Round(10*time.Microsecond), res.Answered, res.Engine.N)
				b.Logf("index of %d entries (%d generated) built in %v; ratio http/baseline %.2f", res.Corpus, res.Entries, res.Build.Round(time.Millisecond), res.Ratio)
			}
		})
	}
}

// TestQABenchRuns keeps the benchmark's setup working (tiny run).
func TestQABenchRuns(t *testing.T) {
	res, err := QA(context.Background(), QAOptions{Dir: t.TempDir(), Entries: 50, Questions: 120, Clients: 2})
	if err != nil {
		t.Fatal(err)
	}
	if res.HTTP.N != 120 || res.Corpus < 50 || res.Answered == 0 || res.Answered == res.Engine.N || res.Ratio <= 0 {
		t.Fatalf("%+v", res)
	}
}
