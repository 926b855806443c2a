package sqlstore

import (
	"context"
	"encoding/json"
	"slices"
	"time"

	"onetrip"
	"onetrip/blob"
	"onetrip/catalog"
	"onetrip/idcode"
	"onetrip/intake"
	"onetrip/workday"
)

// Submission is an application as the window, an agent or the online form
// hands it in (POST /api/v1/cases).
type Submission struct {
	Item      string           `json:"item,omitempty"`
	Bundle    string           `json:"bundle,omitempty"`
	Region    string           `json:"region"`
	Channel   intake.Channel   `json:"channel"`
	Applicant intake.Applicant `json:"applicant"`
	Agent     *intake.Agent    `json:"agent,omitempty"`
	Materials []intake.Mark    `json:"materials"`
	Form      json.RawMessage  `json:"form,omitempty"`
	Delivery  string           `json:"delivery,omitempty"`
	Refusal   *Refusal         `json:"refusal,omitempty"`
}

// Review is a window's decision on a case waiting at it: an online
// submission in pre-review, or a correction brought back. Materials are
// new marks; entries not marked keep their last state.
type Review struct {
	Materials []intake.Mark `json:"materials"`
	InPerson  bool          `json:"in_person"`
	Refusal   *Refusal      `json:"refusal,omitempty"`
	Version   int           `json:"version"`
}

// MaxFormBytes bounds the free-form part of an application.
const MaxFormBytes = 64 << 10

// holdings is what the licence library and shared data hold for an
// applicant; the licence issue fills it in.
func (s *Store) holdings(ctx context.Context, applicantID string) (intake.Holdings, error) {
	return s.HoldingsOf(ctx, applicantID)
}

// checkFiles verifies every file a mark names is a blob this principal
// uploaded (or one already on this case).
func (s *Store) checkFiles(ctx context.Context, p *onetrip.Principal, caseID string, marks []intake.Mark, probs *onetrip.Problems) error {
	var files []string
	for _, m := range marks {
		if m.File != "" {
			files = append(files, m.File)
		}
	}
	if len(files) > 0 {
		total, err := s.caseBytes(ctx, caseID, files)
		if err != nil {
			return err
		}
		if total > blob.MaxCaseBytes {
			probs.Add("materials", "store.blob.case_limit", blob.MaxCaseBytes>>20)
		}
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
			probs.Add("materials["+itoa(i)+"].file", "store.case.file_unknown", m.File)
		}
	}
	return nil
}

// SubmitCase takes an application in. At a window or through an agent the
// checklist decides at once: accepted (with number, due date and tasks) or
// needs_correction with ONE notice naming everything missing; the clerk may
// instead refuse with reason and legal basis. Online applications land in
// the window's pre-review queue as submitted. Everything — case, materials,
// notice, trip, tasks, events and the idempotent answer — is one transaction.
func (s *Store) SubmitCase(ctx context.Context, p *onetrip.Principal, sub Submission, idem *Idem) (Case, error) {
	var probs onetrip.Problems
	switch {
	case sub.Channel == intake.ChannelWindow && p.Role == onetrip.RoleClerk,
		sub.Channel == intake.ChannelAgent && (p.Role == onetrip.RoleAgent || p.Role == onetrip.RoleClerk),
		sub.Channel == intake.ChannelOnline && p.Role == onetrip.RoleApplicant:
	case !sub.Channel.Valid():
		probs.Add("channel", "intake.channel.unknown", string(sub.Channel))
	default:
		return Case{}, onetrip.Forbidden("store.case.channel_role", string(p.Role), string(sub.Channel))
	}
	if p.Role != onetrip.RoleApplicant {
		if err := idcode.CheckRegionCode(sub.Region); err != nil {
			e := onetrip.AsError(err)
			probs.Add("region", e.Key, e.Args...)
		} else if !idcode.RegionWithin(sub.Region, p.Region) {
			return Case{}, onetrip.Forbidden("err.out_of_scope")
		}
	} else if err := idcode.CheckRegionCode(sub.Region); err != nil {
		e := onetrip.AsError(err)
		probs.Add("region", e.Key, e.Args...)
	}
	warns, err := intake.CheckParties(sub.Channel, &sub.Applicant, sub.Agent)
	if err != nil {
		probs = append(probs, onetrip.AsError(err).Details...)
	}
	if p.Role == onetrip.RoleApplicant && sub.Applicant.Type == "person" && p.IDNumber != "" && sub.Applicant.IDNumber != p.IDNumber {
		probs.Add("applicant.id_number", "store.case.applicant_self", idcode.MaskCitizenID(p.IDNumber))
	}
	if len(sub.Form) > MaxFormBytes {
		probs.Add("form", "store.case.form_too_large")
	}
	if sub.Refusal != nil {
		if p.Role != onetrip.RoleClerk {
			return Case{}, onetrip.Forbidden("err.forbidden")
		}
		if err := intake.CheckRefusal(sub.Refusal.Reason, sub.Refusal.LegalBasis); err != nil {
			for _, d := range onetrip.AsError(err).Details {
				probs.Add("refusal."+d.Path, d.Key, d.Args...)
			}
		}
	}
	r, err := s.resolve(ctx, sub.Item, sub.Bundle, sub.Region, &probs, nil)
	if err != nil {
		return Case{}, err
	}
	var ev intake.Evaluation
	if r != nil {
		if sub.Delivery != "" && !deliveryOffered(r.resultSteps(), sub.Delivery) {
			probs.Add("delivery", "store.case.delivery", sub.Delivery)
		}
		held, err := s.holdings(ctx, sub.Applicant.IDNumber)
		if err != nil {
			return Case{}, err
		}
		ev, err = intake.Evaluate(r.entries, sub.Materials, held)
		if err != nil {
			probs = append(probs, onetrip.AsError(err).Details...)
		}
		if err := s.checkFiles(ctx, p, "", sub.Materials, &probs); err != nil {
			return Case{}, err
		}
	}
	if err := probs.Err("store.case.invalid", len(probs)); err != nil {
		return Case{}, err
	}
	cal, err := s.Calendar(ctx)
	if err != nil {
		return Case{}, err
	}
	now := s.Now()
	c := Case{ID: NewID(), Region: sub.Region, Item: sub.Item, Bundle: sub.Bundle, CatalogVersion: r.version, StepVersions: r.versions, Title: r.title,
		Channel: sub.Channel, Applicant: sub.Applicant, Agent: sub.Agent, Form: sub.Form, Delivery: sub.Delivery,
		MaxVisits: r.maxVisit, PromisedDays: r.promised, LeadDepartment: r.lead, CreatedAt: now, CreatedBy: p.Username,
		UpdatedAt: now, Version: 1, Center: p.Center}
	if len(c.Form) == 0 {
		c.Form = json.RawMessage("{}")
	}
	if c.Delivery == "" {
		c.Delivery = defaultDelivery(r.resultSteps())
	}
	if p.Role == onetrip.RoleApplicant {
		c.ApplicantUser = p.UserID
	}
	for _, w := range warns {
		c.Warnings = append(c.Warnings, w.String())
	}
	out := caseWrite{c: &c, r: r, ev: ev, now: now, cal: cal, actor: p.Username}
	switch {
	case sub.Channel == intake.ChannelOnline:
		c.Status = intake.StatusSubmitted
	case sub.Refusal != nil:
		c.Status, c.Refusal = intake.StatusRefused, sub.Refusal
	case intake.Decide(ev) == intake.OutcomeAccepted:
		c.Status = intake.StatusAccepted
	default:
		c.Status = intake.StatusNeedsCorrection
	}
	if sub.Channel == intake.ChannelWindow {
		out.trip = &intake.Trip{Purpose: intake.PurposeSubmit, At: now, Outcome: tripOutcome(c.Status, 0),
			Voluntary: intake.ClassifyTrip(intake.PurposeSubmit, r.steps)}
	}
	if c.Number, err = s.caseNumber(ctx, c.Region, workday.DateOf(now)); err != nil {
		return Case{}, err
	}
	err = s.Tx(ctx, func(tx *Tx) error {
		if c.Number == "" {
			num, err := numberInTx(ctx, tx, c.Region, workday.DateOf(now))
			if err != nil {
				return err
			}
			c.Number = num
		}
		if err := out.apply(ctx, s, tx, true); err != nil {
			return err
		}
		return s.idemStore(ctx, tx, idem, 201, c)
	})
	if err != nil {
		return Case{}, err
	}
	return c, nil
}

func tripOutcome(st intake.Status, priorNotices int) intake.TripOutcome {
	switch st {
	case intake.StatusAccepted:
		return intake.TripAccepted
	case intake.StatusRefused:
		return intake.TripRefused
	case intake.StatusNeedsCorrection:
		if priorNotices == 0 {
			return intake.TripFirstNotice
		}
		return intake.TripLaterNotice
	}
	return intake.TripOther
}

// resultSteps are the items whose result the applicant receives by the
// case's delivery: the single item, or the bundle's lead step, which owns
// the case-level result (the other steps' results travel with it or
// electronically).
func (r *resolved) resultSteps() []catalog.Item {
	if r.bundle == nil {
		return r.steps
	}
	for _, it := range r.steps {
		if it.Code == r.leadStep {
			return []catalog.Item{it}
		}
	}
	return r.steps
}

func deliveryOffered(steps []catalog.Item, d string) bool {
	for _, it := range steps {
		if !slices.Contains(it.Delivery, catalog.Delivery(d)) {
			return false
		}
	}
	return len(steps) > 0
}

// defaultDelivery is courier where every step offers it (the promise is
// kept by courier), else electronic where all offer that, else the window.
func defaultDelivery(steps []catalog.Item) string {
	for _, d := range []string{"courier", "electronic"} {
		if deliveryOffered(steps, d) {
			return d
		}
	}
	return "window"
}

// caseWrite is one state change of a case: the rows to write and the
// events that record it.
type caseWrite struct {
	c     *Case
	r     *resolved
	ev    intake.Evaluation
	trip  *intake.Trip
	now   time.Time
	cal   *workday.Calendar
	actor string
	// extra events beyond the status change
	events []struct {
		typ  string
		data any
	}
}

// apply writes the case: on insert the row; materials as judged; the
// notice or refusal; the trip and the recounted visits; tasks when
// accepted; and the events, chained.
func (w *caseWrite) apply(ctx context.Context, s *Store, tx *Tx, insert bool) error {
	c := w.c
	log := &eventLog{caseID: c.ID, seq: c.eventSeq, hash: c.eventHash, at: TS(w.now), actor: w.actor}
	if insert {
		log.add("case.submitted", map[string]any{"number": c.Number, "channel": c.Channel, "item": c.Item, "bundle": c.Bundle, "version": c.CatalogVersion})
	}
	// What a status brings (due date and tasks, a notice, a refusal) happens
	// when the case enters it, or for a notice when this write judged the
	// materials again; a write that keeps the status (a reminder, a
	// deferred material arriving) only records its events.
	entered := insert || c.Status != c.stored
	judged := w.ev.Entries != nil
	var notice *Notice
	switch {
	case !entered && !(judged && c.Status == intake.StatusNeedsCorrection):
	case c.Status == intake.StatusAccepted:
		at := w.now
		c.AcceptedAt = &at
		c.DueDate = intake.DueDate(w.cal, w.now, c.PromisedDays).String()
		if len(w.ev.Deferred) > 0 {
			c.DeferredDue = intake.DeferredDue(w.cal, w.now).String()
		}
		c.Tasks = newTasks(w.r, c.ID, w.cal, w.now)
		log.add("case.accepted", map[string]any{"due_date": c.DueDate, "deferred_due": c.DeferredDue, "tasks": len(c.Tasks)})
		for _, t := range c.Tasks {
			if t.Status == TaskReady {
				log.add("task.ready", map[string]any{"task": t.ID, "step": t.Step, "department": t.Department, "due_date": t.DueDate})
			}
		}
	case c.Status == intake.StatusNeedsCorrection:
		notice = &Notice{ID: NewID(), CaseID: c.ID, Seq: c.Notices + 1, Kind: NoticeCorrection, Items: w.ev.Notice,
			Breaches: []intake.NoticeItem{}, CreatedAt: w.now, CreatedBy: w.actor}
		if c.Notices > 0 {
			first, err := s.firstCorrection(ctx, tx, c.ID)
			if err != nil {
				return err
			}
			notice.Breaches = intake.SecondNoticeBreaches(first.Items, w.ev.Notice)
			if len(notice.Breaches) > 0 {
				c.SecondNotice = true
			}
		}
		log.add("case.correction_notice", map[string]any{"notice": notice.ID, "seq": notice.Seq, "items": len(notice.Items), "breaches": len(notice.Breaches)})
	case c.Status == intake.StatusRefused:
		notice = &Notice{ID: NewID(), CaseID: c.ID, Seq: c.Notices + 1, Kind: NoticeRefusal, Items: []intake.NoticeItem{}, Breaches: []intake.NoticeItem{},
			Reason: c.Refusal.Reason, LegalBasis: c.Refusal.LegalBasis, CreatedAt: w.now, CreatedBy: w.actor}
		log.add("case.refused", map[string]any{"notice": notice.ID, "reason": c.Refusal.Reason})
	case c.Status == intake.StatusSubmitted:
		if !insert {
			log.add("case.resubmitted", nil)
		}
	}
	if notice != nil {
		c.Notices++
		c.Notice = notice
	}
	// Trips: the new one, then a recount of all.
	var trips []intake.Trip
	if !insert {
		var err error
		if trips, err = s.trips(ctx, tx, c.ID); err != nil {
			return err
		}
	}
	if w.trip != nil {
		w.trip.Seq = len(trips) + 1
		trips = append(trips, *w.trip)
		log.add("trip.recorded", map[string]any{"seq": w.trip.Seq, "purpose": w.trip.Purpose, "outcome": w.trip.Outcome, "voluntary": w.trip.Voluntary})
	}
	v := intake.CountTripsSince(trips, c.MaxVisits, acceptedIfOnline(c))
	wasBreach := c.Visits.Breach
	c.Visits = VisitSummary{Total: v.Total, Counted: v.Counted, Max: c.MaxVisits, Breach: v.Breach}
	c.Trips = make([]TripRecord, len(trips))
	for i, t := range trips {
		c.Trips[i] = TripRecord{Trip: t, Counted: v.PerTrip[i], Why: v.Why[i]}
	}
	if v.Breach && !wasBreach {
		log.add("case.visit_breach", map[string]any{"counted": v.Counted, "max": c.MaxVisits})
	}
	for _, e := range w.events {
		log.add(e.typ, e.data)
	}
	c.eventSeq, c.eventHash = log.seq, log.hash

	// Write: the case row first (everything else refers to it).
	if err := s.writeCaseRow(ctx, tx, c, insert); err != nil {
		return err
	}
	if notice != nil {
		items, _ := json.Marshal(notice.Items)
		breaches, _ := json.Marshal(notice.Breaches)
		if _, err := tx.ExecContext(ctx, `INSERT INTO notices (id, case_id, seq, kind, items, breaches, reason, legal_basis, created_at, created_by)
			VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10)`, notice.ID, c.ID, notice.Seq, notice.Kind, string(items), string(breaches),
			notice.Reason, notice.LegalBasis, TS(w.now), w.actor); err != nil {
			return err
		}
	}
	if w.trip != nil {
		if _, err := tx.ExecContext(ctx, `INSERT INTO trips (case_id, seq, at, purpose, outcome, voluntary, note, recorded_by) VALUES ($1,$2,$3,$4,$5,$6,$7,$8)`,
			c.ID, w.trip.Seq, TS(w.trip.At), string(w.trip.Purpose), string(w.trip.Outcome), w.trip.Voluntary, w.trip.Note, w.actor); err != nil {
			return err
		}
	}
	if w.ev.Entries != nil {
		if err := s.writeMaterials(ctx, tx, c, w.ev); err != nil {
			return err
		}
		if err := s.onCaseMaterials(ctx, tx, c, w.actor, w.now); err != nil {
			return err
		}
	}
	if entered && len(c.Tasks) > 0 && c.Status == intake.StatusAccepted {
		if err := batchInsert(ctx, tx, taskInsert, 17, taskRows(c.Tasks)); err != nil {
			return err
		}
	}
	c.stored = c.Status
	return log.flush(ctx, s, tx)
}

func (s *Store) firstCorrection(ctx context.Context, tx *Tx, caseID string) (Notice, error) {
	return s.noticeWhere(ctx, tx, `case_id = $1 AND kind = 'correction' ORDER BY seq LIMIT 1`, caseID)
}

func (s *Store) writeMaterials(ctx context.Context, tx *Tx, c *Case, ev intake.Evaluation) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM case_materials WHERE case_id = $1`, c.ID); err != nil {
		return err
	}
	c.Materials = make([]CaseMaterial, 0, len(ev.Entries))
	rows := make([][]any, 0, len(ev.Entries))
	var files [][]any
	for i, e := range ev.Entries {
		m := CaseMaterial{Key: e.Key, Name: e.Name, Source: e.Entry.Source, Required: e.Required, State: e.State,
			Reason: e.Reason, Ref: e.Ref, Files: e.Files, SpecIDs: e.SpecIDs}
		if m.Ref == "" {
			m.Ref = e.Licence
		}
		if m.Files == nil {
			m.Files = []string{}
		}
		if e.State == intake.StateDeferred {
			m.DueDate = c.DeferredDue
		}
		if m.Reason == "" && e.ReasonKey != "" {
			m.Reason = onetrip.Render(onetrip.LangZH, e.ReasonKey)
		}
		c.Materials = append(c.Materials, m)
		fj, _ := json.Marshal(m.Files)
		sj, _ := json.Marshal(m.SpecIDs)
		var due any
		if m.DueDate != "" {
			due = m.DueDate
		}
		rows = append(rows, []any{c.ID, m.Key, i + 1, m.Name, m.Source, m.Required, string(m.State), m.Reason, m.Ref, string(fj), string(sj), due})
		for _, f := range m.Files {
			files = append(files, []any{c.ID, f, m.Key, TS(s.Now())})
		}
	}
	if err := batchInsert(ctx, tx, `INSERT INTO case_materials (case_id, entry_key, seq, name, source, required, state, reason, ref, files, spec_ids, due_date)`, 12, rows); err != nil {
		return err
	}
	return batchInsertTail(ctx, tx, `INSERT INTO case_files (case_id, blob_id, entry_key, added_at)`, 4, files, "ON CONFLICT DO NOTHING")
}

// caseRowArgs are a case's column values in caseCols order.
func caseRowArgs(c *Case) []any {
	var agent, refusal any
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
		c.Visits.Breach, refusal, TS(c.CreatedAt), c.CreatedBy, TS(c.UpdatedAt), c.Version, c.eventSeq, c.eventHash}
}

func (s *Store) writeCaseRow(ctx context.Context, tx *Tx, c *Case, insert bool) error {
	c.UpdatedAt = s.Now()
	args := caseRowArgs(c)
	if insert {
		_, err := tx.ExecContext(ctx, `INSERT INTO cases (`+caseCols+`) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,
			$21,$22,$23,$24,$25,$26,$27,$28,$29,$30,$31,$32,$33,$34,$35,$36,$37,$38,$39)`, args...)
		return err
	}
	// Optimistic concurrency: the row must still be at the version read.
	res, err := tx.ExecContext(ctx, `UPDATE cases SET status = $1, agent = $2, delivery = $3, lead_department = $4, accepted_at = $5,
		due_date = $6, deferred_due = $7, decision = $8, decided_at = $9, closed_at = $10, notices = $11, second_notice = $12,
		trips_total = $13, trips_counted = $14, visit_breach = $15, refusal = $16, updated_at = $17, version = $18 + 1, event_seq = $19,
		event_hash = $20 WHERE id = $21 AND version = $18`,
		string(c.Status), args[15], c.Delivery, nullable(c.LeadDepartment), optTSArg(c.AcceptedAt), nullable(c.DueDate), nullable(c.DeferredDue),
		nullable(c.Decision), optTSArg(c.DecidedAt), optTSArg(c.ClosedAt), c.Notices, c.SecondNotice, c.Visits.Total, c.Visits.Counted,
		c.Visits.Breach, args[32], TS(c.UpdatedAt), c.Version, c.eventSeq, c.eventHash, c.ID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return onetrip.Conflict("store.case.stale", c.Version+1)
	}
	c.Version++
	return nil
}

// Precheck judges an application against its guide without recording
// anything: the online form's "what is missing" before submission.
func (s *Store) Precheck(ctx context.Context, sub Submission) (intake.Evaluation, error) {
	var probs onetrip.Problems
	r, err := s.resolve(ctx, sub.Item, sub.Bundle, sub.Region, &probs, nil)
	if err != nil {
		return intake.Evaluation{}, err
	}
	if err := probs.Err("store.case.invalid", len(probs)); err != nil {
		return intake.Evaluation{}, err
	}
	held, err := s.holdings(ctx, sub.Applicant.IDNumber)
	if err != nil {
		return intake.Evaluation{}, err
	}
	return intake.Evaluate(r.entries, sub.Materials, held)
}
