package bench

import (
	"context"
	"os"
	"strconv"
	"testing"
	"time"
)

// BenchmarkArchive reports packages/s archiving 10,000 closed 二手房买卖
// cases (three departments, every material scanned) while intake runs on
// the same node at the job's pace, and intake's rate then against intake
// alone just before and just after (the target: no more than 20% lower).
// Run:
// go test -run x -bench 'Archive$' -benchtime 1x -timeout 60m ./bench/
// (ONETRIP_BENCH_ARCHIVE_CASES=3000 for a smaller run)
func BenchmarkArchive(b *testing.B) {
	for _, e := range Engines() {
		b.Run(e.Name, func(b *testing.B) {
			for range b.N {
				n, _ := strconv.Atoi(os.Getenv("ONETRIP_BENCH_ARCHIVE_CASES")) // 0: the default 10,000
				res, err := Archive(context.Background(), ArchiveOptions{Dir: b.TempDir(), DSN: e.DSN, Cases: n})
				if err != nil {
					b.Fatal(err)
				}
				b.ReportMetric(res.Archive.PerSecond, "packages/s")
				b.ReportMetric(res.IntakeAlone.PerSecond, "intake/s")
				b.ReportMetric(res.IntakeDuring.PerSecond, "intake-during/s")
				b.ReportMetric(res.Effect*100, "intake-loss-%")
				b.Logf("filled %d closed cases (%d scanned materials each) in %v", res.Cases, res.Materials, res.Fill.Round(time.Second))
				b.Logf("archive  %d packages in %.1fs = %.0f/s, %d bytes each", res.Packages, res.Archive.Seconds, res.Archive.PerSecond, res.BytesPerPackage)
				b.Logf("intake alone before %s", res.IntakeAlone)
				b.Logf("intake while archiving %s: %.1f%% lower than the mean of before and after", res.IntakeDuring, res.Effect*100)
				b.Logf("intake alone after %s", res.IntakeAfter)
			}
		})
	}
}

// TestArchiveBenchRuns keeps the benchmark's setup working (tiny run).
func TestArchiveBenchRuns(t *testing.T) {
	res, err := Archive(context.Background(), ArchiveOptions{Dir: t.TempDir(), Cases: 6, Clients: 2, Window: 200 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if res.Packages != 18 || res.IntakeAlone.N == 0 || res.Materials == 0 {
		t.Fatalf("%+v", res)
	}
}
