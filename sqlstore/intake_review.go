package sqlstore

import (
	"context"

	"onetrip"
	"onetrip/idcode"
	"onetrip/intake"
)

// marksFromCase turns the entries of a case into marks, so a re-evaluation
// keeps what was already received or deferred; new marks then override.
func marksFromCase(c *Case, fresh []intake.Mark, entries map[string]bool) []intake.Mark {
	marked := map[string]bool{}
	for _, m := range fresh {
		marked[m.Spec] = true
	}
	var out []intake.Mark
	for _, m := range c.Materials {
		if len(m.SpecIDs) == 0 || !entries[m.Key] {
			continue
		}
		covered := false
		for _, id := range m.SpecIDs {
			if marked[id] {
				covered = true
			}
		}
		if covered {
			continue
		}
		switch m.State {
		case intake.StateReceived:
			out = append(out, intake.Mark{Spec: m.SpecIDs[0], Status: intake.MarkReceived, File: firstOr(m.Files)})
		case intake.StateDeferred:
			out = append(out, intake.Mark{Spec: m.SpecIDs[0], Status: intake.MarkDeferred})
		}
	}
	return append(out, fresh...)
}

func firstOr(s []string) string {
	if len(s) > 0 {
		return s[0]
	}
	return ""
}

// reevaluate judges a case's materials again under the guide it was
// submitted with: what the case already holds, overridden by new marks. The
// problems found so far (probs) are reported with the evaluation's own.
func (s *Store) reevaluate(ctx context.Context, p *onetrip.Principal, c *Case, marks []intake.Mark, probs onetrip.Problems) (*resolved, intake.Evaluation, error) {
	r, err := s.resolve(ctx, c.Item, c.Bundle, c.Region, &probs, c)
	if err != nil {
		return nil, intake.Evaluation{}, err
	}
	var ev intake.Evaluation
	if r != nil {
		keys := map[string]bool{}
		for _, e := range r.entries {
			keys[intake.EntryKey(e)] = true
		}
		held, err := s.holdings(ctx, c.Applicant.IDNumber)
		if err != nil {
			return nil, ev, err
		}
		ev, err = intake.Evaluate(r.entries, marksFromCase(c, marks, keys), held)
		if err != nil {
			probs = append(probs, onetrip.AsError(err).Details...)
		}
	}
	if err := s.checkFiles(ctx, p, c.ID, marks, &probs); err != nil {
		return nil, ev, err
	}
	return r, ev, probs.Err("store.case.invalid", len(probs))
}

// loadForWrite reads a case for a state change by p, checking scope and the
// expected version (0 = any).
func (s *Store) loadForWrite(ctx context.Context, p *onetrip.Principal, id string, version int) (Case, error) {
	c, err := s.CaseByID(ctx, id)
	if err != nil {
		return c, err
	}
	if !s.CanSeeCase(ctx, p, &c) {
		return c, onetrip.NotFound("store.case.not_found", id) // no leak of other regions' cases
	}
	if version != 0 && version != c.Version {
		return c, onetrip.Conflict("store.case.stale", c.Version)
	}
	return c, nil
}

// ReviewCase is the window's decision on a case waiting at it — an online
// submission in pre-review, or a correction the applicant brings back —
// with the same three outcomes as at submission. A later notice that names
// a material the first did not is recorded as a second-notice breach.
func (s *Store) ReviewCase(ctx context.Context, p *onetrip.Principal, id string, rv Review, idem *Idem) (Case, error) {
	if p.Role != onetrip.RoleClerk && p.Role != onetrip.RoleAgent {
		return Case{}, onetrip.Forbidden("err.forbidden")
	}
	c, err := s.loadForWrite(ctx, p, id, rv.Version)
	if err != nil {
		return c, err
	}
	if !idcode.RegionWithin(c.Region, p.Region) {
		return Case{}, onetrip.Forbidden("err.out_of_scope")
	}
	if c.Status != intake.StatusSubmitted && c.Status != intake.StatusNeedsCorrection {
		return Case{}, onetrip.Conflict("store.case.wrong_status", c.Status.Label(onetrip.LangZH))
	}
	var probs onetrip.Problems
	if rv.Refusal != nil {
		if err := intake.CheckRefusal(rv.Refusal.Reason, rv.Refusal.LegalBasis); err != nil {
			for _, d := range onetrip.AsError(err).Details {
				probs.Add("refusal."+d.Path, d.Key, d.Args...)
			}
		}
	}
	r, ev, err := s.reevaluate(ctx, p, &c, rv.Materials, probs)
	if err != nil {
		return Case{}, err
	}
	cal, err := s.Calendar(ctx)
	if err != nil {
		return Case{}, err
	}
	now := s.Now()
	w := caseWrite{c: &c, r: r, ev: ev, now: now, cal: cal, actor: p.Username}
	prior := c.Notices
	switch {
	case rv.Refusal != nil:
		c.Status, c.Refusal = intake.StatusRefused, rv.Refusal
	case intake.Decide(ev) == intake.OutcomeAccepted:
		c.Status = intake.StatusAccepted
	default:
		c.Status = intake.StatusNeedsCorrection
	}
	if rv.InPerson {
		purpose := intake.PurposeSubmit
		if prior > 0 {
			purpose = intake.PurposeCorrection
		}
		w.trip = &intake.Trip{Purpose: purpose, At: now, Outcome: tripOutcome(c.Status, prior), Voluntary: intake.ClassifyTrip(purpose, r.steps)}
	}
	err = s.Tx(ctx, func(tx *Tx) error {
		if err := w.apply(ctx, s, tx, false); err != nil {
			return err
		}
		return s.idemStore(ctx, tx, idem, 200, c)
	})
	if err != nil {
		return Case{}, err
	}
	return c, nil
}

// ResubmitOnline is the applicant answering a notice online: the new
// materials are recorded and the case goes back to the window's queue.
func (s *Store) ResubmitOnline(ctx context.Context, p *onetrip.Principal, id string, rv Review, idem *Idem) (Case, error) {
	if p.Role != onetrip.RoleApplicant {
		return Case{}, onetrip.Forbidden("err.forbidden")
	}
	c, err := s.loadForWrite(ctx, p, id, rv.Version)
	if err != nil {
		return c, err
	}
	if c.Status != intake.StatusNeedsCorrection {
		return Case{}, onetrip.Conflict("store.case.wrong_status", c.Status.Label(onetrip.LangZH))
	}
	var probs onetrip.Problems
	r, ev, err := s.reevaluate(ctx, p, &c, rv.Materials, probs)
	if err != nil {
		return Case{}, err
	}
	if err := intake.Move(c.Status, intake.StatusSubmitted); err != nil {
		return Case{}, err
	}
	c.Status = intake.StatusSubmitted
	w := caseWrite{c: &c, r: r, ev: ev, now: s.Now(), actor: p.Username}
	err = s.Tx(ctx, func(tx *Tx) error {
		if err := w.apply(ctx, s, tx, false); err != nil {
			return err
		}
		return s.idemStore(ctx, tx, idem, 200, c)
	})
	return c, err
}

// Withdraw ends an open case at the applicant's request (or the window's).
func (s *Store) Withdraw(ctx context.Context, p *onetrip.Principal, id string, version int, reason string) (Case, error) {
	c, err := s.loadForWrite(ctx, p, id, version)
	if err != nil {
		return c, err
	}
	if !p.Is(onetrip.RoleApplicant, onetrip.RoleClerk, onetrip.RoleAgent) {
		return Case{}, onetrip.Forbidden("err.forbidden")
	}
	if err := intake.Move(c.Status, intake.StatusWithdrawn); err != nil {
		return Case{}, err
	}
	c.Status = intake.StatusWithdrawn
	now := s.Now()
	c.ClosedAt = &now
	w := caseWrite{c: &c, now: now, actor: p.Username}
	w.events = append(w.events, struct {
		typ  string
		data any
	}{"case.withdrawn", map[string]any{"reason": reason}})
	err = s.Tx(ctx, func(tx *Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE tasks SET status = $1, version = version + 1 WHERE case_id = $2 AND status IN ($3, $4)`,
			TaskCanceled, c.ID, TaskWaiting, TaskReady); err != nil {
			return err
		}
		return w.apply(ctx, s, tx, false)
	})
	return c, err
}

// SupplyDeferred records deferred materials (容缺) arriving after
// acceptance; in person it is a trip, and it counts.
func (s *Store) SupplyDeferred(ctx context.Context, p *onetrip.Principal, id string, rv Review) (Case, error) {
	c, err := s.loadForWrite(ctx, p, id, rv.Version)
	if err != nil {
		return c, err
	}
	if !p.Is(onetrip.RoleClerk, onetrip.RoleApplicant, onetrip.RoleAgent) {
		return Case{}, onetrip.Forbidden("err.forbidden")
	}
	deferred := map[string]bool{}
	for _, m := range c.Materials {
		if m.State == intake.StateDeferred {
			for _, sid := range m.SpecIDs {
				deferred[sid] = true
			}
		}
	}
	if len(deferred) == 0 {
		return Case{}, onetrip.Conflict("store.case.nothing_deferred")
	}
	var probs onetrip.Problems
	for i, m := range rv.Materials {
		if !deferred[m.Spec] {
			probs.Add("materials["+itoa(i)+"].spec", "intake.material.unknown_spec", m.Spec)
		}
		if m.Status != intake.MarkReceived {
			probs.Add("materials["+itoa(i)+"].status", "intake.material.status_unknown", string(m.Status))
		}
	}
	_, ev, err := s.reevaluate(ctx, p, &c, rv.Materials, probs)
	if err != nil {
		return Case{}, err
	}
	now := s.Now()
	if len(ev.Deferred) == 0 {
		c.DeferredDue = ""
	}
	w := caseWrite{c: &c, ev: ev, now: now, actor: p.Username}
	if rv.InPerson {
		w.trip = &intake.Trip{Purpose: intake.PurposeSupplement, At: now, Outcome: intake.TripOther}
	}
	w.events = append(w.events, struct {
		typ  string
		data any
	}{"case.deferred_supplied", map[string]any{"materials": len(rv.Materials), "outstanding": len(ev.Deferred)}})
	err = s.Tx(ctx, func(tx *Tx) error { return w.apply(ctx, s, tx, false) })
	return c, err
}
