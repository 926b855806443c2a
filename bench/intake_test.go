package bench

import (
	"context"
	"testing"
)

// BenchmarkIntake reports accepted cases/s through the API and the bare
// baseline of the same run. Run: go test -run x -bench Intake -benchtime 1x ./bench/
func BenchmarkIntake(b *testing.B) {
	for range b.N {
		res, err := Intake(context.Background(), IntakeOptions{Dir: b.TempDir(), Cases: 6000})
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(res.API.PerSecond, "cases/s")
		b.ReportMetric(float64(res.API.P99.Microseconds())/1000, "p99-ms")
		b.ReportMetric(res.Baseline.PerSecond, "baseline/s")
		b.ReportMetric(res.Ratio, "ratio")
		b.Logf("api      %s", res.API)
		b.Logf("baseline %s", res.Baseline)
	}
}

// TestIntakeBenchRuns keeps the benchmark's setup working (tiny run).
func TestIntakeBenchRuns(t *testing.T) {
	res, err := Intake(context.Background(), IntakeOptions{Dir: t.TempDir(), Cases: 50, Clients: 4})
	if err != nil {
		t.Fatal(err)
	}
	if res.API.N != 50 || res.Baseline.N != 50 || res.Ratio <= 0 {
		t.Fatalf("%+v", res)
	}
}
