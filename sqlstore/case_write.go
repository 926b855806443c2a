package sqlstore

import (
	"context"
	"encoding/json"

	"onetrip"
	"onetrip/casework"
)

// saveCase writes what a command did (casework.Result) in the caller's
// transaction: the case row (inserted, or updated only if still at the
// version read), the notice, the trip, the materials as judged with the
// licences they used, the new and changed tasks, the suspension, and the
// events, chained after the case's log with the webhook deliveries they
// cause. It decides nothing.
func (s *Store) saveCase(ctx context.Context, tx *Tx, r *casework.Result, actor string) error {
	c := &r.Case
	now := r.At
	if now.IsZero() {
		now = s.Now()
	}
	evs, chain := c.Chain.Append(c.ID, now, actor, r.Events)
	c.Chain = chain
	c.UpdatedAt = now
	if err := s.writeCaseRow(ctx, tx, c, r.Inserted); err != nil {
		return err
	}
	if err := writeCaseParties(ctx, tx, c, r.Inserted); err != nil {
		return err
	}
	if n := r.Notice; n != nil {
		items, _ := json.Marshal(n.Items)
		breaches, _ := json.Marshal(n.Breaches)
		if _, err := tx.ExecContext(ctx, `INSERT INTO notices (id, case_id, seq, kind, items, breaches, reason, legal_basis, created_at, created_by)
			VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10)`, n.ID, c.ID, n.Seq, n.Kind, string(items), string(breaches),
			n.Reason, n.LegalBasis, TS(n.CreatedAt), n.CreatedBy); err != nil {
			return err
		}
	}
	if t := r.Trip; t != nil {
		if _, err := tx.ExecContext(ctx, `INSERT INTO trips (case_id, seq, at, purpose, outcome, voluntary, note, recorded_by) VALUES ($1,$2,$3,$4,$5,$6,$7,$8)`,
			c.ID, t.Seq, TS(t.At), string(t.Purpose), string(t.Outcome), t.Voluntary, t.Note, actor); err != nil {
			return err
		}
	}
	if r.Judged {
		if err := s.writeMaterials(ctx, tx, c, r.Inserted); err != nil {
			return err
		}
		if err := s.logLicenceUses(ctx, tx, c, actor, now); err != nil {
			return err
		}
	}
	if len(r.NewTasks) > 0 {
		if err := batchInsert(ctx, tx, taskInsert, taskInsertCols, taskRows(r.NewTasks)); err != nil {
			return err
		}
	}
	for _, ch := range r.Tasks {
		t := ch.Task
		res, err := tx.ExecContext(ctx, `UPDATE tasks SET status = $1, version = $2, ready_at = $3, due_date = $4, decided_at = $5, decided_by = $6,
			opinion = $7, outputs = $8 WHERE id = $9 AND version = $10`, t.Status, t.Version, optTSArg(t.ReadyAt), nullable(t.DueDate),
			optTSArg(t.DecidedAt), nullable(t.DecidedBy), t.Opinion, jsonText(t.Outputs), t.ID, ch.Was)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			cur, _ := s.taskVersion(ctx, tx, t.ID)
			return onetrip.Conflict("review.task.stale", cur)
		}
	}
	if err := s.writeOrders(ctx, tx, r); err != nil {
		return err
	}
	if sp := r.Suspension; sp != nil {
		if sp.End == nil {
			if _, err := tx.ExecContext(ctx, `INSERT INTO suspensions (id, case_id, task_id, kind, reason, started_at, created_by) VALUES ($1,$2,$3,$4,$5,$6,$7)`,
				sp.ID, sp.CaseID, nullable(sp.TaskID), sp.Kind, sp.Reason, TS(sp.Start), sp.CreatedBy); err != nil {
				return err
			}
		} else {
			res, err := tx.ExecContext(ctx, `UPDATE suspensions SET ended_at = $1 WHERE id = $2 AND ended_at IS NULL`, TS(*sp.End), sp.ID)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n != 1 {
				return onetrip.NotFound("casework.susp.not_found", sp.ID)
			}
		}
	}
	return s.appendEvents(ctx, tx, c.ID, evs)
}

// writeMaterials replaces a case's materials with the judged list and
// records the files they name.
func (s *Store) writeMaterials(ctx context.Context, tx *Tx, c *casework.Case, inserted bool) error {
	if !inserted {
		if _, err := tx.ExecContext(ctx, `DELETE FROM case_materials WHERE case_id = $1`, c.ID); err != nil {
			return err
		}
	}
	rows := make([][]any, 0, len(c.Materials))
	var files [][]any
	at := TS(s.Now())
	for i, m := range c.Materials {
		fj, _ := json.Marshal(m.Files)
		sj, _ := json.Marshal(m.SpecIDs)
		rows = append(rows, []any{c.ID, m.Key, i + 1, m.Name, m.Source, m.Required, string(m.State), m.Reason, m.Ref, string(fj), string(sj), nullable(m.DueDate)})
		for _, f := range m.Files {
			files = append(files, []any{c.ID, f, m.Key, at})
		}
	}
	if err := batchInsert(ctx, tx, `INSERT INTO case_materials (case_id, entry_key, seq, name, source, required, state, reason, ref, files, spec_ids, due_date)`, 12, rows); err != nil {
		return err
	}
	return batchInsertTail(ctx, tx, `INSERT INTO case_files (case_id, blob_id, entry_key, added_at)`, 4, files, "ON CONFLICT DO NOTHING")
}

// writeCaseParties indexes a new case's further parties by ID number
// (their own case lists find it).
func writeCaseParties(ctx context.Context, tx *Tx, c *casework.Case, insert bool) error {
	if !insert || len(c.Parties) == 0 {
		return nil
	}
	rows := make([][]any, len(c.Parties))
	for i, o := range c.Parties {
		rows[i] = []any{c.ID, string(o.Role), o.IDNumber}
	}
	return batchInsert(ctx, tx, `INSERT INTO case_parties (case_id, role, id_number)`, 3, rows)
}

// caseRowArgs are a case's column values in caseCols order.
func caseRowArgs(c *casework.Case) []any {
	var agent, refusal, parties any
	if len(c.Parties) > 0 {
		b, _ := json.Marshal(c.Parties)
		parties = string(b)
	}
	if c.Agent != nil {
		b, _ := json.Marshal(c.Agent)
		agent = string(b)
	}
	if c.Refusal != nil {
		b, _ := json.Marshal(c.Refusal)
		refusal = string(b)
	}
	sv, _ := json.Marshal(c.StepVersions)
	return []any{c.ID, c.Number, c.Region, nullable(c.Center), nullable(c.Item), nullable(c.Bundle), c.CatalogVersion, string(sv), c.Title, string(c.Channel),
		string(c.Status), c.Applicant.Type, c.Applicant.Name, c.Applicant.IDNumber, nullable(c.ApplicantUser), agent, string(c.Form), c.Delivery,
		c.MaxVisits, c.PromisedDays, nullable(c.LeadDepartment), optTSArg(c.AcceptedAt), nullable(c.DueDate), nullable(c.DeferredDue),
		nullable(c.Decision), optTSArg(c.DecidedAt), optTSArg(c.ClosedAt), c.Notices, c.SecondNotice, c.Visits.Total, c.Visits.Counted,
		c.Visits.Breach, refusal, TS(c.CreatedAt), c.CreatedBy, TS(c.UpdatedAt), c.Version, c.Chain.Seq, c.Chain.Hash, parties}
}

// caseInsertCols are caseCols and the list columns set once at insert
// (the region's city and county prefixes, the subject applied for).
const caseInsertCols = caseCols + `, city, county, subject`

// caseInsertArgs are a new case's values in caseInsertCols order.
func caseInsertArgs(c *casework.Case) []any {
	return append(caseRowArgs(c), prefix(c.Region, 4), prefix(c.Region, 6), c.Item+c.Bundle)
}

func prefix(s string, n int) string { return s[:min(n, len(s))] }

// writeCaseRow inserts the case, or updates it with optimistic concurrency:
// the row must still be at the version the command read.
func (s *Store) writeCaseRow(ctx context.Context, tx *Tx, c *casework.Case, insert bool) error {
	args := caseRowArgs(c)
	if insert {
		_, err := tx.ExecContext(ctx, `INSERT INTO cases (`+caseInsertCols+`) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,
			$21,$22,$23,$24,$25,$26,$27,$28,$29,$30,$31,$32,$33,$34,$35,$36,$37,$38,$39,$40,$41,$42,$43)`, caseInsertArgs(c)...)
		return err
	}
	res, err := tx.ExecContext(ctx, `UPDATE cases SET status = $1, agent = $2, delivery = $3, lead_department = $4, accepted_at = $5,
		due_date = $6, deferred_due = $7, decision = $8, decided_at = $9, closed_at = $10, notices = $11, second_notice = $12,
		trips_total = $13, trips_counted = $14, visit_breach = $15, refusal = $16, updated_at = $17, version = $18 + 1, event_seq = $19,
		event_hash = $20 WHERE id = $21 AND version = $18`,
		string(c.Status), args[15], c.Delivery, nullable(c.LeadDepartment), optTSArg(c.AcceptedAt), nullable(c.DueDate), nullable(c.DeferredDue),
		nullable(c.Decision), optTSArg(c.DecidedAt), optTSArg(c.ClosedAt), c.Notices, c.SecondNotice, c.Visits.Total, c.Visits.Counted,
		c.Visits.Breach, args[32], TS(c.UpdatedAt), c.Version, c.Chain.Seq, c.Chain.Hash, c.ID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return onetrip.Conflict("store.case.stale", c.Version+1)
	}
	c.Version++
	return nil
}

// runCase runs one command on a case in one transaction: load happened
// before (the case and its guide), the command ran pure; here the result
// is written, with the idempotent answer when the request had a key.
func (s *Store) runCase(ctx context.Context, r *casework.Result, actor string, idem *Idem, status int, also func(tx *Tx) error) error {
	return s.Tx(ctx, func(tx *Tx) error {
		if also != nil {
			if err := also(tx); err != nil {
				return err
			}
		}
		if err := s.saveCase(ctx, tx, r, actor); err != nil {
			return err
		}
		return s.idemStore(ctx, tx, idem, status, r.Case.ID)
	})
}

func jsonText(v any) string {
	b, err := json.Marshal(v)
	if err != nil || string(b) == "null" {
		return "{}"
	}
	return string(b)
}
