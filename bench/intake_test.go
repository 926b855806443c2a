package bench

import (
	"context"
	"fmt"
	"testing"
	"time"
)

// BenchmarkIntake reports accepted cases/s through the API and the bare
// baseline of the same run. Run: go test -run x -bench Intake -benchtime 1x ./bench/
func BenchmarkIntake(b *testing.B) {
	for _, e := range Engines() {
		b.Run(e.Name, func(b *testing.B) {
			for range b.N {
				res, err := Intake(context.Background(), IntakeOptions{Dir: b.TempDir(), DSN: e.DSN, Cases: 6000})
				if err != nil {
					b.Fatal(err)
				}
				b.ReportMetric(res.API.PerSecond, "cases/s")
				b.ReportMetric(float64(res.API.P99.Microseconds())/1000, "p99-ms")
				b.ReportMetric(res.Baseline.PerSecond, "baseline/s")
				b.ReportMetric(res.Ratio, "ratio")
				b.ReportMetric(res.BytesPerCase, "bytes/case")
				b.Logf("api      %s", res.API)
				b.Logf("baseline %s", res.Baseline)
			}
		})
	}
}

// BenchmarkIntakeNodes reports accepted cases/s with 1, 2 and 3 server
// nodes on one PostgreSQL database. Run:
// ONETRIP_BENCH_POSTGRES=postgres://… go test -run x -bench IntakeNodes -benchtime 1x ./bench/
func BenchmarkIntakeNodes(b *testing.B) {
	var pg *Engine
	for _, e := range Engines() {
		if e.DSN != "" {
			pg = &e
		}
	}
	if pg == nil {
		b.Skip("needs ONETRIP_BENCH_POSTGRES")
	}
	for _, n := range []int{1, 2, 3} {
		b.Run(fmt.Sprintf("nodes=%d", n), func(b *testing.B) {
			for range b.N {
				res, err := Intake(context.Background(), IntakeOptions{Dir: b.TempDir(), DSN: pg.DSN, Cases: 6000, Nodes: n})
				if err != nil {
					b.Fatal(err)
				}
				b.ReportMetric(res.API.PerSecond, "cases/s")
				b.ReportMetric(float64(res.API.P99.Microseconds())/1000, "p99-ms")
				b.ReportMetric(res.Ratio, "ratio")
			}
		})
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
	for _, e := range Engines() {
		b.Run(e.Name, func(b *testing.B) {
			for range b.N {
				res, err := Review(context.Background(), ReviewOptions{Dir: b.TempDir(), DSN: e.DSN})
				if err != nil {
					b.Fatal(err)
				}
				b.ReportMetric(res.Decisions.PerSecond, "decisions/s")
				b.ReportMetric(float64(res.QueueFirst.Microseconds())/1000, "queue-ms")
				b.Logf("decisions %s", res.Decisions)
				b.Logf("queue of %d: first page median %v (runs %v)", res.QueueTasks, res.QueueFirst, res.QueueRuns)
			}
		})
	}
}

// BenchmarkLists reports the first page of the case list for every filter
// at 1,000,000 compact cases (the slowest as worst-ms). Run:
// go test -run x -bench Lists -benchtime 1x -timeout 60m ./bench/
func BenchmarkLists(b *testing.B) {
	for _, e := range Engines() {
		b.Run(e.Name, func(b *testing.B) {
			for range b.N {
				res, err := Lists(context.Background(), ListsOptions{Dir: b.TempDir(), DSN: e.DSN})
				if err != nil {
					b.Fatal(err)
				}
				b.ReportMetric(float64(res.Worst.Microseconds())/1000, "worst-ms")
				b.Logf("%d cases filled in %v", res.Cases, res.Fill.Round(time.Second))
				for _, q := range res.Queries {
					b.Logf("%-28s %3d rows  %8v   ?%s", q.Name, q.Rows, q.First.Round(10*time.Microsecond), q.Query)
				}
			}
		})
	}
}

// TestListsBenchRuns keeps the list benchmark working (small table), and
// checks the filters find what the mix put there.
func TestListsBenchRuns(t *testing.T) {
	res, err := Lists(context.Background(), ListsOptions{Dir: t.TempDir(), Cases: 3000, Runs: 1})
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range res.Queries {
		if q.Rows == 0 && q.Name != "county, window queue" && q.Name != "county, overdue" && q.Name != "county, one item, closed" {
			t.Errorf("%s: no rows", q.Name)
		}
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

// BenchmarkAudit times `onetrip audit verify` over 1,000,000 events (the
// target is under 60 s). Run:
// go test -run x -bench Audit -benchtime 1x -timeout 60m ./bench/
func BenchmarkAudit(b *testing.B) {
	for _, e := range Engines() {
		b.Run(e.Name, func(b *testing.B) {
			for range b.N {
				res, err := Audit(context.Background(), AuditOptions{Dir: b.TempDir(), DSN: e.DSN})
				if err != nil {
					b.Fatal(err)
				}
				b.ReportMetric(res.Audit.Seconds(), "audit-s")
				b.ReportMetric(res.PerSecond, "events/s")
				b.Logf("%d cases, %d events filled in %v; audit %v (%.0f events/s)", res.Cases, res.Events, res.Fill.Round(time.Second), res.Audit.Round(time.Millisecond), res.PerSecond)
			}
		})
	}
}

// TestAuditBenchRuns keeps the audit benchmark working (small).
func TestAuditBenchRuns(t *testing.T) {
	res, err := Audit(context.Background(), AuditOptions{Dir: t.TempDir(), Events: 4000})
	if err != nil {
		t.Fatal(err)
	}
	if res.Events < 4000 || res.Problems != 0 {
		t.Fatalf("%+v", res)
	}
}

// BenchmarkDashboard reports the supervision overview's p95 over the
// projection of 10 million synthetic cases. Run:
// ONETRIP_BENCH_POSTGRES=postgres://… go test -run x -bench Dashboard -benchtime 1x -timeout 60m ./bench/
func BenchmarkDashboard(b *testing.B) {
	for _, e := range Engines() {
		b.Run(e.Name, func(b *testing.B) {
			for range b.N {
				res, err := Dashboard(context.Background(), DashboardOptions{Dir: b.TempDir(), DSN: e.DSN})
				if err != nil {
					b.Fatal(err)
				}
				b.ReportMetric(float64(res.Worst.P95.Microseconds())/1000, "worst-p95-ms")
				b.ReportMetric(float64(res.Baseline.P95.Microseconds())/1000, "baseline-p95-ms")
				b.ReportMetric(res.WorstRatio, "ratio")
				b.Logf("%d cases folded in %v into %d day rows, %d month rows", res.Cases, res.Fill.Round(time.Second), res.DayRows, res.MonthRows)
				for _, q := range res.Queries {
					b.Logf("%-36s p50 %7v  p95 %7v", q.Name, q.P50.Round(100*time.Microsecond), q.P95.Round(100*time.Microsecond))
				}
				b.Logf("%-36s p50 %7v  p95 %7v", res.Baseline.Name, res.Baseline.P50.Round(100*time.Microsecond), res.Baseline.P95.Round(100*time.Microsecond))
			}
		})
	}
}

// BenchmarkStatsCost reports intake with the measures kept current against
// intake without them. Run: go test -run x -bench StatsCost -benchtime 1x ./bench/
func BenchmarkStatsCost(b *testing.B) {
	for _, e := range Engines() {
		b.Run(e.Name, func(b *testing.B) {
			for range b.N {
				res, err := StatsCost(context.Background(), IntakeOptions{Dir: b.TempDir(), DSN: e.DSN}, 3)
				if err != nil {
					b.Fatal(err)
				}
				b.ReportMetric(res.Without.PerSecond, "without/s")
				b.ReportMetric(res.With.PerSecond, "with/s")
				b.ReportMetric(res.Ratio, "ratio")
			}
		})
	}
}

// TestDashboardBenchRuns keeps the dashboard benchmark's setup working.
func TestDashboardBenchRuns(t *testing.T) {
	res, err := Dashboard(context.Background(), DashboardOptions{Dir: t.TempDir(), Cases: 300, Runs: 1})
	if err != nil {
		t.Fatal(err)
	}
	if res.DayRows == 0 || res.MonthRows == 0 || len(res.Queries) != 18 || res.Worst.P95 <= 0 {
		t.Fatalf("%+v", res)
	}
}
