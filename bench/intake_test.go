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

// BenchmarkReview reports task decisions/s through the API and the first
// page of a 100,000-task queue. Run: go test -run x -bench Review -benchtime 1x ./bench/
func BenchmarkReview(b *testing.B) {
	for range b.N {
		res, err := Review(context.Background(), ReviewOptions{Dir: b.TempDir()})
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(res.Decisions.PerSecond, "decisions/s")
		b.ReportMetric(float64(res.QueueFirst.Microseconds())/1000, "queue-ms")
		b.Logf("decisions %s", res.Decisions)
		b.Logf("queue of %d: first page median %v (runs %v)", res.QueueTasks, res.QueueFirst, res.QueueRuns)
	}
}

// TestReviewBenchRuns keeps the benchmark's setup working (tiny run).
func TestReviewBenchRuns(t *testing.T) {
	res, err := Review(context.Background(), ReviewOptions{Dir: t.TempDir(), Decisions: 30, Clients: 4, QueueTasks: 120})
	if err != nil {
		t.Fatal(err)
	}
	if res.Decisions.N != 30 || res.QueueFirst <= 0 {
		t.Fatalf("%+v", res)
	}
}
