package bench

import (
	"context"
	"fmt"
	"time"

	"onetrip/idcode"
	"onetrip/intake"
)

// AuditOptions size the audit benchmark.
type AuditOptions struct {
	Events int    // events to check (default 1,000,000; four per accepted case)
	DSN    string // PostgreSQL server, or "" for SQLite in Dir
	Dir    string
}

// AuditResult is how long `onetrip audit verify` took over the database.
type AuditResult struct {
	Cases, Events, Problems int
	Fill, Audit             time.Duration
	PerSecond               float64 // events checked per second
}

// Audit fills a store with accepted cases and their real logs (made by the
// casework commands, chained as the store chains them), checkpoints it, and
// times the whole-database audit, which must find nothing.
func Audit(ctx context.Context, o AuditOptions) (AuditResult, error) {
	if o.Events == 0 {
		o.Events = 1_000_000
	}
	var res AuditResult
	s, done, err := openBenchStore(ctx, IntakeOptions{Dir: o.Dir, DSN: o.DSN}, "audit")
	if err != nil {
		return res, err
	}
	defer done()
	if err := addBenchCatalog(ctx, s); err != nil {
		return res, err
	}
	applicant := intake.Applicant{Type: "person", Name: "基准申请人", IDNumber: idcode.MakeCitizenID("330802", time.Date(1980, 1, 2, 0, 0, 0, 0, time.UTC), 101)}
	marks := []intake.Mark{{Spec: "330-BNCH-001.M01", Status: intake.MarkReceived}, {Spec: "330-BNCH-001.M02", Status: intake.MarkReceived}}
	t0 := time.Now()
	n, err := s.BenchFillHistories(ctx, (o.Events+3)/4, "330-BNCH-001", "330802", applicant, marks)
	if err != nil {
		return res, err
	}
	if _, err := s.Checkpoint(ctx); err != nil {
		return res, err
	}
	res.Fill = time.Since(t0)
	t1 := time.Now()
	rep, err := s.Audit(ctx, time.Time{}, nil)
	if err != nil {
		return res, err
	}
	res.Audit = time.Since(t1)
	res.Cases, res.Events, res.Problems = rep.Cases, rep.Events, rep.ProblemCount
	res.PerSecond = float64(rep.Events) / res.Audit.Seconds()
	if rep.Events < n {
		return res, fmt.Errorf("audited %d events of %d", rep.Events, n)
	}
	if rep.ProblemCount > 0 {
		return res, fmt.Errorf("the audit found %d problems in an untouched database: %+v", rep.ProblemCount, rep.Problems[0])
	}
	return res, nil
}
