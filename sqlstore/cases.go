package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"time"

	"onetrip"
	"onetrip/casework"
	"onetrip/intake"
	"onetrip/policy"
)

func init() {
	onetrip.Register(onetrip.Messages{
		"store.case.not_found":      {"办件 %s 不存在", "case %s does not exist"},
		"store.case.item_or_bundle": {"请指定一个事项（item）或一件事（bundle），二者取其一", "give exactly one of item and bundle"},
		"store.case.unpublished":    {"%s 不存在或尚未发布", "%s does not exist or is not published"},
		"store.case.not_offered":    {"事项 %s 在 %s 没有实施清单，不能在此受理", "item %s has no implementation in %s and cannot be accepted there"},
		"store.case.file_unknown":   {"附件 %s 不存在或不是您上传的", "file %s does not exist or was not uploaded by you"},
		"store.case.stale":          {"办件已被他人处理（当前版本 %d），请刷新后重试", "the case was changed by someone else (now version %d); reload and try again"},
		"store.case.region_unknown": {"行政区划 %s 不存在", "region %s does not exist"},
	})
}

// caseCols are the columns read for a Case.
const caseCols = `id, number, region, center_id, item_code, bundle_code, catalog_version, step_versions, title, channel, status,
	applicant_type, applicant_name, applicant_id, applicant_user, agent, form, delivery, max_visits, promised_days, lead_department,
	accepted_at, due_date, deferred_due, decision, decided_at, closed_at, notices, second_notice, trips_total, trips_counted,
	visit_breach, refusal, created_at, created_by, updated_at, version, event_seq, event_hash, parties`

func scanCase(sc interface{ Scan(...any) error }) (casework.Case, error) {
	var c casework.Case
	var center, item, bundle, appUser, agent, lead, acc, due, ddue, dec, decAt, closed, refusal, parties sql.NullString
	var channel, status, form, created, updated, steps string
	err := sc.Scan(&c.ID, &c.Number, &c.Region, &center, &item, &bundle, &c.CatalogVersion, &steps, &c.Title, &channel, &status,
		&c.Applicant.Type, &c.Applicant.Name, &c.Applicant.IDNumber, &appUser, &agent, &form, &c.Delivery, &c.MaxVisits, &c.PromisedDays, &lead,
		&acc, &due, &ddue, &dec, &decAt, &closed, &c.Notices, &c.SecondNotice, &c.Visits.Total, &c.Visits.Counted,
		&c.Visits.Breach, &refusal, &created, &c.CreatedBy, &updated, &c.Version, &c.Chain.Seq, &c.Chain.Hash, &parties)
	if err != nil {
		return c, err
	}
	c.Center, c.Item, c.Bundle, c.ApplicantUser, c.LeadDepartment = center.String, item.String, bundle.String, appUser.String, lead.String
	c.Channel, c.Status, c.Form = intake.Channel(channel), intake.Status(status), json.RawMessage(form)
	c.DueDate, c.DeferredDue, c.Decision = due.String, ddue.String, dec.String
	c.Visits.Max = c.MaxVisits
	json.Unmarshal([]byte(steps), &c.StepVersions)
	c.CreatedAt, c.UpdatedAt = mustTS(created), mustTS(updated)
	c.AcceptedAt, c.DecidedAt, c.ClosedAt = optTS(acc), optTS(decAt), optTS(closed)
	if agent.Valid && agent.String != "" {
		c.Agent = &intake.Agent{}
		json.Unmarshal([]byte(agent.String), c.Agent)
	}
	if parties.Valid && parties.String != "" {
		json.Unmarshal([]byte(parties.String), &c.Parties)
	}
	if refusal.Valid && refusal.String != "" {
		c.Refusal = &casework.Refusal{}
		json.Unmarshal([]byte(refusal.String), c.Refusal)
	}
	return c, nil
}

func optTS(s sql.NullString) *time.Time {
	if !s.Valid || s.String == "" {
		return nil
	}
	t := mustTS(s.String)
	return &t
}

func optTSArg(t *time.Time) any {
	if t == nil {
		return nil
	}
	return TS(*t)
}

// CaseByID reads a whole case: materials, latest notice, trips, tasks,
// suspensions, the licences it produced, and its clocks as of now.
func (s *Store) CaseByID(ctx context.Context, id string) (casework.Case, error) {
	c, err := s.caseRow(ctx, id)
	if err != nil {
		return c, err
	}
	if err := s.loadCaseDetails(ctx, s.r, &c); err != nil {
		return c, err
	}
	if err := s.loadCaseLicences(ctx, &c); err != nil {
		return c, err
	}
	if c.AcceptedAt != nil {
		cal, err := s.Calendar(ctx)
		if err != nil {
			return c, err
		}
		casework.WithClocks(cal, &c, s.Now())
	}
	return c, nil
}

func (s *Store) caseRow(ctx context.Context, id string) (casework.Case, error) {
	c, err := scanCase(s.r.QueryRowContext(ctx, `SELECT `+caseCols+` FROM cases WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return c, onetrip.NotFound("store.case.not_found", id)
	}
	return c, s.mapErr(err)
}

// CaseByNumber finds a case by its number.
func (s *Store) CaseByNumber(ctx context.Context, number string) (casework.Case, error) {
	var id string
	err := s.r.QueryRowContext(ctx, `SELECT id FROM cases WHERE number = $1`, number).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return casework.Case{}, onetrip.NotFound("store.case.not_found", number)
	}
	if err != nil {
		return casework.Case{}, s.mapErr(err)
	}
	return s.CaseByID(ctx, id)
}

// VisibleCase reads a case p may see; any other is not found, so other
// regions' cases do not leak.
func (s *Store) VisibleCase(ctx context.Context, p *onetrip.Principal, id string) (casework.Case, error) {
	c, err := s.CaseByID(ctx, id)
	if err != nil {
		return c, err
	}
	if !policy.CanReadCase(p, &c) {
		return casework.Case{}, onetrip.NotFound("store.case.not_found", id)
	}
	return c, nil
}

func (s *Store) loadCaseDetails(ctx context.Context, q rowQueryer, c *casework.Case) error {
	var err error
	if c.Materials, err = s.caseMaterials(ctx, q, c.ID); err != nil {
		return err
	}
	if c.Notices > 0 || c.Status == intake.StatusRefused {
		n, err := s.latestNotice(ctx, q, c.ID)
		if err != nil && !onetrip.HasCode(err, onetrip.CodeNotFound) {
			return err
		}
		if err == nil {
			c.Notice = &n
		}
	}
	if c.Notices > 1 || (c.Notices == 1 && c.Notice != nil && c.Notice.Kind == casework.NoticeCorrection) {
		if c.Notices == 1 {
			c.FirstCorrection = c.Notice
		} else if first, err := s.noticeWhere(ctx, q, `case_id = $1 AND kind = 'correction' ORDER BY seq LIMIT 1`, c.ID); err == nil {
			c.FirstCorrection = &first
		} else if !onetrip.HasCode(err, onetrip.CodeNotFound) {
			return err
		}
	}
	trips, err := s.trips(ctx, q, c.ID)
	if err != nil {
		return err
	}
	_, c.Trips = casework.CountVisits(trips, c)
	if c.Tasks, err = s.caseTasks(ctx, q, c.ID); err != nil {
		return err
	}
	susp, err := s.suspensions(ctx, q, []string{c.ID})
	if err != nil {
		return err
	}
	c.Suspensions = susp[c.ID]
	if c.AcceptedAt != nil {
		if c.Fees, err = s.caseFees(ctx, q, c.ID); err != nil {
			return err
		}
	}
	return nil
}

func (s *Store) caseMaterials(ctx context.Context, q rowQueryer, caseID string) ([]casework.Material, error) {
	rows, err := q.QueryContext(ctx, `SELECT entry_key, name, source, required, state, reason, ref, files, spec_ids, due_date
		FROM case_materials WHERE case_id = $1 ORDER BY seq`, caseID)
	if err != nil {
		return nil, s.mapErr(err)
	}
	defer rows.Close()
	out := []casework.Material{}
	for rows.Next() {
		var m casework.Material
		var state, files, specs string
		var due sql.NullString
		if err := rows.Scan(&m.Key, &m.Name, &m.Source, &m.Required, &state, &m.Reason, &m.Ref, &files, &specs, &due); err != nil {
			return nil, s.mapErr(err)
		}
		m.State, m.DueDate = intake.EntryState(state), due.String
		json.Unmarshal([]byte(files), &m.Files)
		json.Unmarshal([]byte(specs), &m.SpecIDs)
		out = append(out, m)
	}
	return out, s.mapErr(rows.Err())
}

func (s *Store) trips(ctx context.Context, q rowQueryer, caseID string) ([]intake.Trip, error) {
	rows, err := q.QueryContext(ctx, `SELECT seq, at, purpose, outcome, voluntary, note FROM trips WHERE case_id = $1 ORDER BY seq`, caseID)
	if err != nil {
		return nil, s.mapErr(err)
	}
	defer rows.Close()
	var out []intake.Trip
	for rows.Next() {
		var t intake.Trip
		var at, purpose, outcome string
		if err := rows.Scan(&t.Seq, &at, &purpose, &outcome, &t.Voluntary, &t.Note); err != nil {
			return nil, s.mapErr(err)
		}
		t.At, t.Purpose, t.Outcome = mustTS(at), intake.TripPurpose(purpose), intake.TripOutcome(outcome)
		out = append(out, t)
	}
	return out, s.mapErr(rows.Err())
}

func (s *Store) latestNotice(ctx context.Context, q rowQueryer, caseID string) (casework.Notice, error) {
	return s.noticeWhere(ctx, q, `case_id = $1 ORDER BY seq DESC LIMIT 1`, caseID)
}

// NoticeByID returns one notice.
func (s *Store) NoticeByID(ctx context.Context, id string) (casework.Notice, error) {
	return s.noticeWhere(ctx, s.r, `id = $1`, id)
}

// Notices lists a case's notices in order.
func (s *Store) Notices(ctx context.Context, caseID string) ([]casework.Notice, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+noticeCols+` FROM notices WHERE case_id = $1 ORDER BY seq`, caseID)
	if err != nil {
		return nil, s.mapErr(err)
	}
	defer rows.Close()
	out := []casework.Notice{}
	for rows.Next() {
		n, err := scanNotice(rows)
		if err != nil {
			return nil, s.mapErr(err)
		}
		out = append(out, n)
	}
	return out, s.mapErr(rows.Err())
}

const noticeCols = `id, case_id, seq, kind, items, breaches, reason, legal_basis, created_at, created_by`

func scanNotice(sc interface{ Scan(...any) error }) (casework.Notice, error) {
	var n casework.Notice
	var items, breaches, created string
	err := sc.Scan(&n.ID, &n.CaseID, &n.Seq, &n.Kind, &items, &breaches, &n.Reason, &n.LegalBasis, &created, &n.CreatedBy)
	json.Unmarshal([]byte(items), &n.Items)
	json.Unmarshal([]byte(breaches), &n.Breaches)
	n.CreatedAt = mustTS(created)
	return n, err
}

func (s *Store) noticeWhere(ctx context.Context, q rowQueryer, where string, arg any) (casework.Notice, error) {
	n, err := scanNotice(q.QueryRowContext(ctx, `SELECT `+noticeCols+` FROM notices WHERE `+where, arg))
	if errors.Is(err, sql.ErrNoRows) {
		return n, onetrip.NotFound("err.not_found")
	}
	return n, s.mapErr(err)
}

// CaseQuery filters case lists. Scope is the principal's (policy.CaseScope):
// every list is narrowed by it. Every filter is SQL over all cases, on an
// index that leads with the region level (see migration 0007).
type CaseQuery struct {
	policy.Scope
	Status   []intake.Status
	Item     string // item or bundle code
	Number   string
	Delivery string
	// Breach keeps cases with a breach of the promise: a second notice that
	// named something new, or more counted trips than max_visits.
	Breach bool
	// Overdue keeps running cases (accepted, in review) past their due
	// date as of Today.
	Overdue bool
	Today   string // YYYY-MM-DD in China; required with Overdue
	// From and To bound the submission time [From, To).
	From, To time.Time
	// After is the keyset cursor of the previous page's last case
	// (CaseCursor); Offset still works, scanning what it skips.
	After  string
	Limit  int
	Offset int
}

// CaseCursor is the keyset position after a case in a list.
func CaseCursor(c *casework.Case) string { return TS(c.CreatedAt) + "_" + c.ID }

func parseCursor(s string) (ts, id string, ok bool) {
	ts, id, ok = strings.Cut(s, "_")
	if !ok {
		return "", "", false
	}
	if _, err := ParseTS(ts); err != nil || id == "" {
		return "", "", false
	}
	return ts, id, true
}

func init() {
	onetrip.Register(onetrip.Messages{
		"store.case.cursor": {"分页位置 after=%q 无效", "the page position after=%q is not valid"},
	})
}

// Cases lists cases, newest first, without details.
func (s *Store) Cases(ctx context.Context, q CaseQuery) ([]casework.Case, error) {
	where := []string{"1=1"}
	var args []any
	arg := func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)) }
	argList := func(vs []string) string {
		ph := make([]string, len(vs))
		for i, v := range vs {
			ph[i] = arg(v)
		}
		return strings.Join(ph, ",")
	}
	// The region level picks its column, so the index leading with it
	// gives the order: 2 digits the province (every case here), 4 a city,
	// 6 a county, more a township or village.
	switch p := q.RegionPrefix; {
	case p == "":
	case len(p) <= 2:
		where = append(where, "region >= "+arg(p)+" AND region < "+arg(prefixEnd(p)))
	case len(p) == 4:
		where = append(where, "city = "+arg(p))
	case len(p) == 6:
		where = append(where, "county = "+arg(p))
	default:
		where = append(where, "region >= "+arg(p)+" AND region < "+arg(prefixEnd(p)))
	}
	if len(q.Status) > 0 {
		ph := make([]string, len(q.Status))
		for i, st := range q.Status {
			ph[i] = arg(string(st))
		}
		where = append(where, "status IN ("+strings.Join(ph, ",")+")")
	}
	if q.Item != "" {
		where = append(where, "subject = "+arg(q.Item))
	}
	// An applicant's own account's applications: a person's always, an
	// organisation's while the applicant acts for it (policy.Scope).
	ownUser := func() string {
		u := "applicant_user = " + arg(q.ApplicantUser)
		if len(q.OrgsActing) == 0 {
			return "(" + u + " AND applicant_type <> '" + intake.ApplicantOrg + "')"
		}
		return "(" + u + " AND (applicant_type <> '" + intake.ApplicantOrg + "' OR applicant_id IN (" + argList(q.OrgsActing) + ")))"
	}
	if len(q.OrgsAll) > 0 && (q.ApplicantID != "" || q.ApplicantUser != "") {
		where = append(where, "(applicant_id IN ("+argList(append([]string{q.ApplicantID}, q.OrgsAll...))+") OR "+ownUser()+
			" OR id IN (SELECT case_id FROM case_parties WHERE id_number = "+arg(q.ApplicantID)+"))")
		q.ApplicantID, q.ApplicantUser = "", "" // handled
	}
	switch {
	case q.ApplicantID != "" && q.ApplicantUser != "":
		id := arg(q.ApplicantID)
		where = append(where, "(applicant_id = "+id+" OR "+ownUser()+
			" OR id IN (SELECT case_id FROM case_parties WHERE id_number = "+id+"))")
	case q.ApplicantUser != "":
		where = append(where, ownUser())
	case q.ApplicantID != "":
		id := arg(q.ApplicantID)
		where = append(where, "(applicant_id = "+id+" OR id IN (SELECT case_id FROM case_parties WHERE id_number = "+id+"))")
	}
	if q.CreatedBy != "" {
		where = append(where, "created_by = "+arg(q.CreatedBy))
	}
	if q.Department != "" {
		where = append(where, "EXISTS (SELECT 1 FROM tasks t WHERE t.case_id = cases.id AND t.department_id = "+arg(q.Department)+")")
	}
	if q.Number != "" {
		where = append(where, "number = "+arg(q.Number))
	}
	if q.Delivery != "" {
		where = append(where, "delivery = "+arg(q.Delivery))
	}
	if q.Breach {
		where = append(where, "(second_notice OR visit_breach)") // as the partial index cases_breach says it
	}
	if q.Overdue {
		where = append(where, "status IN ('accepted', 'in_review') AND due_date < "+arg(q.Today)) // cases_running_due
	}
	if !q.From.IsZero() {
		where = append(where, "created_at >= "+arg(TS(q.From)))
	}
	if !q.To.IsZero() {
		where = append(where, "created_at < "+arg(TS(q.To)))
	}
	if q.After != "" {
		ts, id, ok := parseCursor(q.After)
		if !ok {
			return nil, onetrip.Invalid("store.case.cursor", q.After).WithDetail("after", "store.case.cursor", q.After)
		}
		a, b := arg(ts), arg(id)
		where = append(where, "(created_at < "+a+" OR (created_at = "+a+" AND id < "+b+"))")
	}
	limit := PageSize(q.Limit)
	rows, err := s.r.QueryContext(ctx, `SELECT `+caseCols+` FROM cases WHERE `+strings.Join(where, " AND ")+
		` ORDER BY created_at DESC, id DESC LIMIT `+strconv.Itoa(limit)+` OFFSET `+strconv.Itoa(max(0, q.Offset)), args...)
	if err != nil {
		return nil, s.mapErr(err)
	}
	defer rows.Close()
	out := []casework.Case{}
	for rows.Next() {
		c, err := scanCase(rows)
		if err != nil {
			return nil, s.mapErr(err)
		}
		out = append(out, c)
	}
	return out, s.mapErr(rows.Err())
}

// PageSize is a list's page for a requested limit: 1–200, else 50.
func PageSize(limit int) int {
	if limit <= 0 || limit > 200 {
		return 50
	}
	return limit
}

// prefixEnd is the smallest string after every string with the prefix (the
// prefix with its last character incremented): region codes are digits, so
// a prefix is a range of the index in any collation.
func prefixEnd(p string) string {
	b := []byte(p)
	b[len(b)-1]++
	return string(b)
}
