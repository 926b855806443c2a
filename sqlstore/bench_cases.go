package sqlstore

import (
	"context"
	"fmt"
	"math/rand/v2"
	"onetrip"
	"time"

	"onetrip/casework"
	"onetrip/intake"
)

// BenchCaseMix is how BenchFillCases spreads its cases.
type BenchCaseMix struct {
	Counties []string // county codes the cases are in (evenly)
	Subjects []string // item codes applied for (evenly)
	Since    time.Time
	Days     int // submissions spread over this many days from Since
}

// BenchFillCases inserts n compact case rows — the cases table only, no
// materials, tasks or events — spread over counties, items, two years and
// the statuses a platform has after years of work (most closed, some
// running, a few waiting at the window, breaches and overdue clocks rare).
// Supervision lists and dashboards are measured on them: a full case costs
// ≈ 9.5 KB, a row here well under one. Rows go in batches of 20,000 per
// transaction; seed fixes the data.
func (s *Store) BenchFillCases(ctx context.Context, n int, mix BenchCaseMix, seed uint64) error {
	rng := rand.New(rand.NewPCG(seed, 1))
	statuses := []struct {
		st   intake.Status
		pct  float64
		open bool
	}{
		{intake.StatusClosed, 0.80, false}, {intake.StatusInReview, 0.05, true}, {intake.StatusAccepted, 0.03, true},
		{intake.StatusApproved, 0.03, false}, {intake.StatusNeedsCorrection, 0.02, false}, {intake.StatusSubmitted, 0.01, false},
		{intake.StatusSuspended, 0.01, true}, {intake.StatusDenied, 0.02, false}, {intake.StatusRefused, 0.01, false},
		{intake.StatusWithdrawn, 0.02, false},
	}
	const per = 20000
	for start := 0; start < n; start += per {
		end := min(start+per, n)
		var rows [][]any
		for i := start; i < end; i++ {
			created := mix.Since.Add(time.Duration(float64(mix.Days) * 24 * float64(time.Hour) * float64(i) / float64(n))).
				Add(time.Duration(rng.IntN(3600)) * time.Second)
			county := mix.Counties[rng.IntN(len(mix.Counties))]
			subject := mix.Subjects[rng.IntN(len(mix.Subjects))]
			x, st, open := rng.Float64(), intake.StatusClosed, false
			for _, s := range statuses {
				if x < s.pct {
					st, open = s.st, s.open
					break
				}
				x -= s.pct
			}
			c := casework.Case{ID: NewID(), Number: fmt.Sprintf("%s-%s-%07d", county, created.Format("20060102"), i+1), Region: county,
				Item: subject, CatalogVersion: 1, StepVersions: map[string]int{subject: 1}, Title: "基准办件 " + subject, Channel: intake.ChannelWindow,
				Status: st, Applicant: intake.Applicant{Type: "person", Name: "基准申请人", IDNumber: "330802198001021012"}, Form: []byte("{}"),
				Delivery: "window", MaxVisits: 1, PromisedDays: 5, CreatedAt: created, CreatedBy: "bench", UpdatedAt: created, Version: 1}
			if st != intake.StatusSubmitted && st != intake.StatusNeedsCorrection && st != intake.StatusRefused {
				acc := created
				c.AcceptedAt = &acc
				c.DueDate = created.AddDate(0, 0, 7).Format("2006-01-02")
				if open && rng.IntN(4) == 0 { // a quarter of the running clocks are late
					c.DueDate = created.AddDate(0, 0, -1).Format("2006-01-02")
				}
			}
			c.SecondNotice = rng.IntN(1000) < 3
			c.Visits = casework.VisitSummary{Total: 1, Counted: 1, Max: 1, Breach: rng.IntN(1000) < 2}
			rows = append(rows, caseInsertArgs(&c))
		}
		err := s.Tx(ctx, func(tx *Tx) error {
			return batchInsert(ctx, tx, `INSERT INTO cases (`+caseInsertCols+`)`, 43, rows)
		})
		if err != nil {
			return err
		}
	}
	return s.Analyze(ctx)
}

// Analyze refreshes the planner's statistics (after a bulk load).
func (s *Store) Analyze(ctx context.Context) error {
	_, err := s.w.ExecContext(ctx, "ANALYZE")
	return s.mapErr(err)
}

// SizeBytes is the database's size on disk (SQLite's pages; PostgreSQL's
// pg_database_size, indexes and TOAST included).
func (s *Store) SizeBytes(ctx context.Context) (int64, error) {
	if s.d.checkpoint != "" {
		if _, err := s.w.ExecContext(ctx, s.d.checkpoint); err != nil {
			return 0, s.mapErr(err)
		}
	}
	var n int64
	err := s.w.QueryRowContext(ctx, s.d.size).Scan(&n)
	return n, s.mapErr(err)
}

// BenchFillHistories inserts n accepted cases of an item with their real
// logs — made by casework.SubmitCase, chained as the store chains them —
// but only the cases and events tables (no materials, tasks or trips), for
// measuring the audit over millions of events. The item must be published
// with an implementation in the region.
func (s *Store) BenchFillHistories(ctx context.Context, n int, item, region string, applicant intake.Applicant, marks []intake.Mark) (events int, err error) {
	var probs onetrip.Problems
	g, err := s.guide(ctx, item, "", region, &probs, nil)
	if err != nil {
		return 0, err
	}
	if len(probs) > 0 {
		return 0, probs.Err("casework.invalid", len(probs))
	}
	clk, err := s.clock(ctx)
	if err != nil {
		return 0, err
	}
	const per = 2000
	day := clk.Now
	for start := 0; start < n; start += per {
		var cases, evs [][]any
		for i := start; i < min(start+per, n); i++ {
			cmd := casework.Submit{Submission: casework.Submission{Item: item, Region: region, Channel: intake.ChannelWindow, Applicant: applicant,
				Materials: marks}, Actor: "bench"}
			res, err := casework.SubmitCase(cmd, clk, g)
			if err != nil {
				return events, err
			}
			res.Numbered(fmt.Sprintf("%s-%s-9%07d", region, day.In(onetrip.China).Format("20060102"), i+1))
			c := &res.Case
			list, ch := c.Chain.Append(c.ID, res.At, "bench", res.Events)
			c.Chain = ch
			cases = append(cases, caseInsertArgs(c))
			for _, e := range list {
				evs = append(evs, []any{e.CaseID, e.Seq, e.Type, e.Actor, TS(e.At), string(e.Data), e.PrevHash, e.Hash})
			}
			events += len(list)
		}
		err := s.Tx(ctx, func(tx *Tx) error {
			if err := batchInsert(ctx, tx, `INSERT INTO cases (`+caseInsertCols+`)`, 43, cases); err != nil {
				return err
			}
			return batchInsert(ctx, tx, "INSERT INTO events (case_id, seq, type, actor, at, data, prev_hash, hash)", 8, evs)
		})
		if err != nil {
			return events, err
		}
	}
	return events, s.Analyze(ctx)
}
