package sqlstore

import (
	"context"
	"strconv"
	"strings"

	"onetrip"
	"onetrip/blob"
	"onetrip/casework"
	"onetrip/intake"
	"onetrip/policy"
	"onetrip/workday"
)

// The intake commands: each loads what it needs, asks the policy, runs
// the casework command and writes its result in one transaction.

// clock is the store's moment, calendar and ids for a command.
func (s *Store) clock(ctx context.Context) (casework.Clock, error) {
	cal, err := s.Calendar(ctx)
	if err != nil {
		return casework.Clock{}, err
	}
	return casework.Clock{Now: s.Now(), Calendar: cal, NewID: NewID}, nil
}

// checkFiles verifies every file a mark names is a blob this principal
// uploaded (or one already on this case), and the case's total size.
func (s *Store) checkFiles(ctx context.Context, p *onetrip.Principal, caseID string, marks []intake.Mark, probs *onetrip.Problems) error {
	var files []string
	for _, m := range marks {
		if m.File != "" {
			files = append(files, m.File)
		}
	}
	if len(files) == 0 {
		return nil
	}
	total, err := s.caseBytes(ctx, caseID, files)
	if err != nil {
		return err
	}
	if total > blob.MaxCaseBytes {
		probs.Add("materials", "store.blob.case_limit", blob.MaxCaseBytes>>20)
	}
	for i, m := range marks {
		if m.File == "" {
			continue
		}
		var n int
		err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM blobs b WHERE b.id = $1 AND (b.created_by = $2
			OR EXISTS (SELECT 1 FROM case_files f WHERE f.blob_id = b.id AND f.case_id = $3))`, m.File, p.Username, caseID).Scan(&n)
		if err != nil {
			return s.mapErr(err)
		}
		if n == 0 {
			probs.Add("materials["+strconv.Itoa(i)+"].file", "store.case.file_unknown", m.File)
		}
	}
	return nil
}

// SubmitCase takes an application in (casework.SubmitCase). Everything —
// case, materials, notice, trip, tasks, events and the idempotent answer —
// is one transaction.
func (s *Store) SubmitCase(ctx context.Context, p *onetrip.Principal, sub casework.Submission, idem *Idem) (casework.Case, error) {
	var probs onetrip.Problems
	if err := policy.Submit(p, &sub, &probs); err != nil {
		return casework.Case{}, err
	}
	if err := s.checkRepresents(ctx, p, &sub, &probs); err != nil {
		return casework.Case{}, err
	}
	g, err := s.guide(ctx, sub.Item, sub.Bundle, sub.Region, &probs, nil)
	if err != nil {
		return casework.Case{}, err
	}
	if err := s.checkFiles(ctx, p, "", sub.Materials, &probs); err != nil {
		return casework.Case{}, err
	}
	// Shared data is read only for a request that is otherwise sound
	// (its item, region and files found); reads of an application the
	// command then refuses are logged without a case.
	var held intake.Holdings
	if len(probs) == 0 {
		held, err = s.caseHoldings(ctx, p, intakeCenter(p, sub.Region), sub.Applicant, sub.Parties, g)
	} else {
		held, err = s.HoldingsOf(ctx, sub.Applicant.IDNumber)
	}
	if err != nil {
		return casework.Case{}, err
	}
	committed := false
	defer func() {
		if !committed {
			s.logReadsWithoutCase(ctx, held)
		}
	}()
	clk, err := s.clock(ctx)
	if err != nil {
		return casework.Case{}, err
	}
	cmd := casework.Submit{Submission: sub, Actor: p.Username, Center: p.Center, Held: held, Found: probs}
	if p.Role == onetrip.RoleApplicant {
		cmd.ApplicantUser = p.UserID
	}
	// The command validates before a case number is taken, so a bad
	// request costs none.
	res, err := casework.SubmitCase(cmd, clk, g)
	if err != nil {
		return casework.Case{}, err
	}
	day := workday.DateOf(clk.Now)
	num, err := s.caseNumber(ctx, sub.Region, day)
	if err != nil {
		return casework.Case{}, err
	}
	err = s.Tx(ctx, func(tx *Tx) error {
		if num == "" {
			if num, err = numberInTx(ctx, tx, sub.Region, day); err != nil {
				return err
			}
		}
		res.Numbered(num)
		if err := s.saveCase(ctx, tx, &res, p.Username); err != nil {
			return err
		}
		if err := s.logSharedReads(ctx, tx, held, res.Case.ID, num); err != nil {
			return err
		}
		return s.idemStore(ctx, tx, idem, 201, res.Case.ID)
	})
	if err != nil {
		return casework.Case{}, err
	}
	committed = true
	return res.Case, nil
}

// checkRepresents applies policy.Represents with the organisation's
// representative from its licences.
func (s *Store) checkRepresents(ctx context.Context, p *onetrip.Principal, sub *casework.Submission, probs *onetrip.Problems) error {
	if p.Role != onetrip.RoleApplicant || sub.Applicant.Type != intake.ApplicantOrg {
		return nil
	}
	rep, err := s.representativeOf(ctx, strings.ToUpper(strings.TrimSpace(sub.Applicant.IDNumber)))
	if err != nil {
		return err
	}
	policy.Represents(p, sub, rep, probs)
	return nil
}

// Precheck judges an application against its guide without recording a
// case: the online form's "what is missing" before submission and the
// window's check of the pressed button. What it reads of shared data is
// in the access log like any read (without a case).
func (s *Store) Precheck(ctx context.Context, p *onetrip.Principal, sub casework.Submission) (intake.Evaluation, error) {
	var probs onetrip.Problems
	if err := policy.Submit(p, &sub, &probs); err != nil {
		return intake.Evaluation{}, err
	}
	if err := s.checkRepresents(ctx, p, &sub, &probs); err != nil {
		return intake.Evaluation{}, err
	}
	g, err := s.guide(ctx, sub.Item, sub.Bundle, sub.Region, &probs, nil)
	if err != nil {
		return intake.Evaluation{}, err
	}
	if err := probs.Err("casework.invalid", len(probs)); err != nil {
		return intake.Evaluation{}, err
	}
	held, err := s.caseHoldings(ctx, p, intakeCenter(p, sub.Region), sub.Applicant, sub.Parties, g)
	if err != nil {
		return intake.Evaluation{}, err
	}
	s.logReadsApart(ctx, held, "", "", "（预检）")
	return intake.Evaluate(g.Entries, sub.Materials, held)
}

// loadForCommand reads a case for an action by p: in p's scope (else not
// found), the action allowed (else forbidden), at the expected version (0 =
// any; else a conflict).
func (s *Store) loadForCommand(ctx context.Context, p *onetrip.Principal, id string, a policy.Action, version int) (casework.Case, error) {
	c, err := s.CaseByID(ctx, id)
	if err != nil {
		return c, err
	}
	if err := policy.CaseAction(p, &c, a); err != nil {
		return casework.Case{}, err
	}
	if version != 0 && version != c.Version {
		return casework.Case{}, onetrip.Conflict("store.case.stale", c.Version)
	}
	return c, nil
}

// reviewInputs are what a re-judging command needs besides the case: its
// guide, what the applicant holds, the problems with the files.
func (s *Store) reviewInputs(ctx context.Context, p *onetrip.Principal, c *casework.Case, marks []intake.Mark) (*casework.Guide, intake.Holdings, onetrip.Problems, error) {
	var probs onetrip.Problems
	g, err := s.guide(ctx, c.Item, c.Bundle, c.Region, &probs, c)
	if err != nil {
		return nil, nil, nil, err
	}
	center := c.Center
	if center == "" {
		center = intakeCenter(p, c.Region)
	}
	held, err := s.caseHoldings(ctx, p, center, c.Applicant, c.Parties, g)
	if err != nil {
		return nil, nil, nil, err
	}
	if err := s.checkFiles(ctx, p, c.ID, marks, &probs); err != nil {
		return nil, nil, nil, err
	}
	return g, held, probs, nil
}

// ReviewCase is the window's decision on a case waiting at it
// (casework.JudgeCase).
func (s *Store) ReviewCase(ctx context.Context, p *onetrip.Principal, id string, rv casework.Review, idem *Idem) (casework.Case, error) {
	c, err := s.loadForCommand(ctx, p, id, policy.Judge, rv.Version)
	if err != nil {
		return c, err
	}
	g, held, probs, err := s.reviewInputs(ctx, p, &c, rv.Materials)
	if err != nil {
		return casework.Case{}, err
	}
	reads := s.readsFor(ctx, held, &c)
	defer reads.settle()
	clk, err := s.clock(ctx)
	if err != nil {
		return casework.Case{}, err
	}
	res, err := casework.JudgeCase(c, casework.Judge{Review: rv, Actor: p.Username, Held: held, Found: probs}, clk, g)
	if err != nil {
		return casework.Case{}, err
	}
	if err := s.runCase(ctx, &res, p.Username, idem, 200, reads.write); err != nil {
		return casework.Case{}, err
	}
	reads.written = true
	return res.Case, nil
}

// ResubmitOnline is the applicant answering a notice online
// (casework.ResubmitCase).
func (s *Store) ResubmitOnline(ctx context.Context, p *onetrip.Principal, id string, rv casework.Review, idem *Idem) (casework.Case, error) {
	c, err := s.loadForCommand(ctx, p, id, policy.Resubmit, rv.Version)
	if err != nil {
		return c, err
	}
	g, held, probs, err := s.reviewInputs(ctx, p, &c, rv.Materials)
	if err != nil {
		return casework.Case{}, err
	}
	reads := s.readsFor(ctx, held, &c)
	defer reads.settle()
	clk, err := s.clock(ctx)
	if err != nil {
		return casework.Case{}, err
	}
	res, err := casework.ResubmitCase(c, casework.Resubmit{Review: rv, Actor: p.Username, Held: held, Found: probs}, clk, g)
	if err != nil {
		return casework.Case{}, err
	}
	if err := s.runCase(ctx, &res, p.Username, idem, 200, reads.write); err != nil {
		return casework.Case{}, err
	}
	reads.written = true
	return res.Case, nil
}

// SupplyDeferred records deferred materials (容缺) arriving after
// acceptance (casework.SupplyDeferredMaterial).
func (s *Store) SupplyDeferred(ctx context.Context, p *onetrip.Principal, id string, rv casework.Review) (casework.Case, error) {
	c, err := s.loadForCommand(ctx, p, id, policy.Supply, rv.Version)
	if err != nil {
		return c, err
	}
	g, held, probs, err := s.reviewInputs(ctx, p, &c, rv.Materials)
	if err != nil {
		return casework.Case{}, err
	}
	reads := s.readsFor(ctx, held, &c)
	defer reads.settle()
	clk, err := s.clock(ctx)
	if err != nil {
		return casework.Case{}, err
	}
	res, err := casework.SupplyDeferredMaterial(c, casework.SupplyDeferred{Review: rv, Actor: p.Username, Held: held, Found: probs}, clk, g)
	if err != nil {
		return casework.Case{}, err
	}
	if err := s.runCase(ctx, &res, p.Username, nil, 0, reads.write); err != nil {
		return casework.Case{}, err
	}
	reads.written = true
	return res.Case, nil
}

// Withdraw ends an open case at the applicant's request (or the window's).
func (s *Store) Withdraw(ctx context.Context, p *onetrip.Principal, id string, version int, reason string) (casework.Case, error) {
	c, err := s.loadForCommand(ctx, p, id, policy.Withdraw, version)
	if err != nil {
		return c, err
	}
	clk, err := s.clock(ctx)
	if err != nil {
		return casework.Case{}, err
	}
	res, err := casework.WithdrawCase(c, casework.Withdraw{Actor: p.Username, Reason: reason}, clk)
	if err != nil {
		return casework.Case{}, err
	}
	if err := s.runCase(ctx, &res, p.Username, nil, 0, nil); err != nil {
		return casework.Case{}, err
	}
	return res.Case, nil
}
