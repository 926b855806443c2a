package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strings"
	"time"

	"onetrip"
	"onetrip/casework"
	"onetrip/catalog"
	"onetrip/idcode"
	"onetrip/intake"
)

// Case is a case as stored and shown.
type Case struct {
	ID             string                `json:"id"`
	Number         string                `json:"number"`
	Region         string                `json:"region"`
	Center         string                `json:"center,omitempty"`
	Item           string                `json:"item,omitempty"`
	Bundle         string                `json:"bundle,omitempty"`
	CatalogVersion int                   `json:"catalog_version"`
	StepVersions   map[string]int        `json:"step_versions"`
	Title          string                `json:"title"`
	Channel        intake.Channel        `json:"channel"`
	Status         intake.Status         `json:"status"`
	Applicant      intake.Applicant      `json:"applicant"`
	ApplicantUser  string                `json:"-"`
	Agent          *intake.Agent         `json:"agent,omitempty"`
	Form           json.RawMessage       `json:"form"`
	Delivery       string                `json:"delivery"`
	MaxVisits      int                   `json:"max_visits"`
	PromisedDays   int                   `json:"promised_days"`
	LeadDepartment string                `json:"lead_department,omitempty"`
	AcceptedAt     *time.Time            `json:"accepted_at,omitempty"`
	DueDate        string                `json:"due_date,omitempty"`
	DeferredDue    string                `json:"deferred_due,omitempty"`
	Decision       string                `json:"decision,omitempty"`
	DecidedAt      *time.Time            `json:"decided_at,omitempty"`
	ClosedAt       *time.Time            `json:"closed_at,omitempty"`
	Notices        int                   `json:"notices"`
	SecondNotice   bool                  `json:"second_notice_breach"`
	Visits         VisitSummary          `json:"visits"`
	Refusal        *Refusal              `json:"refusal,omitempty"`
	CreatedAt      time.Time             `json:"created_at"`
	CreatedBy      string                `json:"created_by"`
	UpdatedAt      time.Time             `json:"updated_at"`
	Version        int                   `json:"version"`
	Materials      []CaseMaterial        `json:"materials,omitempty"`
	Notice         *Notice               `json:"notice,omitempty"`
	Trips          []TripRecord          `json:"trips,omitempty"`
	Tasks          []Task                `json:"tasks,omitempty"`
	Licences       []casework.LicenceRef `json:"licences,omitempty"` // licences the case produced (licences.go)
	Clock          *CaseClock            `json:"clock,omitempty"`
	Warnings       []string              `json:"warnings,omitempty"`
	eventSeq       int
	eventHash      string
	stored         intake.Status // the status as read, to tell entering a status from staying
}

// VisitSummary is the case's trips against its promise.
type VisitSummary struct {
	Total   int  `json:"total"`
	Counted int  `json:"counted"`
	Max     int  `json:"max"`
	Breach  bool `json:"breach"`
}

// Refusal is a 不予受理 decision: the reason and its legal basis.
type Refusal struct {
	Reason     string `json:"reason"`
	LegalBasis string `json:"legal_basis"`
}

// CaseMaterial is one checklist entry of a case as last judged.
type CaseMaterial struct {
	Key      string            `json:"key"`
	Name     string            `json:"name"`
	Source   string            `json:"source"`
	Required bool              `json:"required"`
	State    intake.EntryState `json:"state"`
	Reason   string            `json:"reason,omitempty"`
	Ref      string            `json:"ref,omitempty"`
	Files    []string          `json:"files,omitempty"`
	SpecIDs  []string          `json:"spec_ids"`
	DueDate  string            `json:"due_date,omitempty"`
}

// Notice is a correction notice (一次性告知书) or refusal as issued.
type Notice struct {
	ID         string              `json:"id"`
	CaseID     string              `json:"case_id"`
	Seq        int                 `json:"seq"`
	Kind       string              `json:"kind"` // correction, refusal
	Items      []intake.NoticeItem `json:"items"`
	Breaches   []intake.NoticeItem `json:"breaches"`
	Reason     string              `json:"reason,omitempty"`
	LegalBasis string              `json:"legal_basis,omitempty"`
	CreatedAt  time.Time           `json:"created_at"`
	CreatedBy  string              `json:"created_by"`
}

// TripRecord is one in-person trip with whether it counts.
type TripRecord struct {
	intake.Trip
	Counted bool   `json:"counted"`
	Why     string `json:"why"`
}

// Notice kinds.
const (
	NoticeCorrection = "correction"
	NoticeRefusal    = "refusal"
)

func init() {
	onetrip.Register(onetrip.Messages{
		"store.case.not_found":        {"办件 %s 不存在", "case %s does not exist"},
		"store.case.invalid":          {"申请有 %d 处问题，未受理", "the application has %d problem(s); nothing was recorded"},
		"store.case.item_or_bundle":   {"请指定一个事项（item）或一件事（bundle），二者取其一", "give exactly one of item and bundle"},
		"store.case.unpublished":      {"%s 不存在或尚未发布", "%s does not exist or is not published"},
		"store.case.not_offered":      {"事项 %s 在 %s 没有实施清单，不能在此受理", "item %s has no implementation in %s and cannot be accepted there"},
		"store.case.channel_role":     {"角色 %s 不能通过渠道 %s 提交申请", "role %s cannot submit on channel %s"},
		"store.case.applicant_self":   {"网上申请只能以本人身份（%s）提交", "online applications are made as yourself (%s)"},
		"store.case.file_unknown":     {"附件 %s 不存在或不是您上传的", "file %s does not exist or was not uploaded by you"},
		"store.case.stale":            {"办件已被他人处理（当前版本 %d），请刷新后重试", "the case was changed by someone else (now version %d); reload and try again"},
		"store.case.wrong_status":     {"办件当前状态为“%s”，不能执行此操作", "the case is %s; this action is not possible"},
		"store.case.idem_mismatch":    {"幂等键 %s 已用于另一个请求", "the Idempotency-Key %s was used for a different request"},
		"store.case.region_unknown":   {"行政区划 %s 不存在", "region %s does not exist"},
		"store.case.delivery":         {"该事项不提供“%s”送达方式", "the guide does not offer delivery by %s"},
		"store.case.form_too_large":   {"表单内容过大", "the form is too large"},
		"store.case.nothing_deferred": {"该办件没有待补交的容缺材料", "the case has no deferred material outstanding"},
	})
}

// Idem is an Idempotency-Key of a write: a retry with the same key and body
// gets the first answer; another body with the key is a conflict.
type Idem struct {
	Principal string
	Key       string
	BodyHash  string
}

// IdemAnswer is a stored first answer.
type IdemAnswer struct {
	Status   int
	Response []byte
}

// IdemLookup returns the stored answer of a key, or ok=false. A key used
// with another body is a conflict.
func (s *Store) IdemLookup(ctx context.Context, idem Idem) (IdemAnswer, bool, error) {
	var a IdemAnswer
	var hash, resp string
	err := s.r.QueryRowContext(ctx, `SELECT body_hash, status, response FROM idempotency WHERE principal = $1 AND key = $2`,
		idem.Principal, idem.Key).Scan(&hash, &a.Status, &resp)
	if errors.Is(err, sql.ErrNoRows) {
		return a, false, nil
	}
	if err != nil {
		return a, false, s.mapErr(err)
	}
	if hash != idem.BodyHash {
		return a, false, onetrip.Conflict("store.case.idem_mismatch", idem.Key)
	}
	a.Response = []byte(resp)
	return a, true, nil
}

// idemStore records the first answer inside the write's transaction.
func (s *Store) idemStore(ctx context.Context, tx *Tx, idem *Idem, status int, v any) error {
	if idem == nil || idem.Key == "" {
		return nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO idempotency (principal, key, body_hash, status, response, created_at) VALUES ($1,$2,$3,$4,$5,$6)`,
		idem.Principal, idem.Key, idem.BodyHash, status, string(b), TS(s.Now()))
	return err
}

// caseCols are the columns read for a Case.
const caseCols = `id, number, region, center_id, item_code, bundle_code, catalog_version, step_versions, title, channel, status,
	applicant_type, applicant_name, applicant_id, applicant_user, agent, form, delivery, max_visits, promised_days, lead_department,
	accepted_at, due_date, deferred_due, decision, decided_at, closed_at, notices, second_notice, trips_total, trips_counted,
	visit_breach, refusal, created_at, created_by, updated_at, version, event_seq, event_hash`

func scanCase(sc interface{ Scan(...any) error }) (Case, error) {
	var c Case
	var center, item, bundle, appUser, agent, lead, acc, due, ddue, dec, decAt, closed, refusal sql.NullString
	var channel, status, form, created, updated, steps string
	err := sc.Scan(&c.ID, &c.Number, &c.Region, &center, &item, &bundle, &c.CatalogVersion, &steps, &c.Title, &channel, &status,
		&c.Applicant.Type, &c.Applicant.Name, &c.Applicant.IDNumber, &appUser, &agent, &form, &c.Delivery, &c.MaxVisits, &c.PromisedDays, &lead,
		&acc, &due, &ddue, &dec, &decAt, &closed, &c.Notices, &c.SecondNotice, &c.Visits.Total, &c.Visits.Counted,
		&c.Visits.Breach, &refusal, &created, &c.CreatedBy, &updated, &c.Version, &c.eventSeq, &c.eventHash)
	if err != nil {
		return c, err
	}
	c.Center, c.Item, c.Bundle, c.ApplicantUser, c.LeadDepartment = center.String, item.String, bundle.String, appUser.String, lead.String
	c.Channel, c.Status, c.Form = intake.Channel(channel), intake.Status(status), json.RawMessage(form)
	c.stored = c.Status
	c.DueDate, c.DeferredDue, c.Decision = due.String, ddue.String, dec.String
	c.Visits.Max = c.MaxVisits
	json.Unmarshal([]byte(steps), &c.StepVersions)
	c.CreatedAt, c.UpdatedAt = mustTS(created), mustTS(updated)
	c.AcceptedAt, c.DecidedAt, c.ClosedAt = optTS(acc), optTS(decAt), optTS(closed)
	if agent.Valid && agent.String != "" {
		c.Agent = &intake.Agent{}
		json.Unmarshal([]byte(agent.String), c.Agent)
	}
	if refusal.Valid && refusal.String != "" {
		c.Refusal = &Refusal{}
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

// CaseByID reads a case with its materials, latest notice, trips and tasks.
func (s *Store) CaseByID(ctx context.Context, id string) (Case, error) {
	c, err := scanCase(s.r.QueryRowContext(ctx, `SELECT `+caseCols+` FROM cases WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return c, onetrip.NotFound("store.case.not_found", id)
	}
	if err != nil {
		return c, s.mapErr(err)
	}
	if err := s.loadCaseDetails(ctx, s.r, &c); err != nil {
		return c, err
	}
	if err := s.loadCaseLicences(ctx, &c); err != nil {
		return c, err
	}
	if c.AcceptedAt != nil {
		clk, err := s.Clock(ctx, &c)
		if err != nil {
			return c, err
		}
		c.Clock = &clk
		cal, err := s.Calendar(ctx)
		if err != nil {
			return c, err
		}
		susp := clk.Suspensions
		for i := range c.Tasks {
			c.Tasks[i].Clock = taskClock(cal, &c.Tasks[i], susp, s.Now())
		}
	}
	return c, nil
}

// CaseByNumber finds a case by its number.
func (s *Store) CaseByNumber(ctx context.Context, number string) (Case, error) {
	var id string
	err := s.r.QueryRowContext(ctx, `SELECT id FROM cases WHERE number = $1`, number).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return Case{}, onetrip.NotFound("store.case.not_found", number)
	}
	if err != nil {
		return Case{}, s.mapErr(err)
	}
	return s.CaseByID(ctx, id)
}

func (s *Store) loadCaseDetails(ctx context.Context, q rowQueryer, c *Case) error {
	rows, err := q.QueryContext(ctx, `SELECT entry_key, name, source, required, state, reason, ref, files, spec_ids, due_date
		FROM case_materials WHERE case_id = $1 ORDER BY seq`, c.ID)
	if err != nil {
		return s.mapErr(err)
	}
	c.Materials = []CaseMaterial{}
	for rows.Next() {
		var m CaseMaterial
		var state, files, specs string
		var due sql.NullString
		if err := rows.Scan(&m.Key, &m.Name, &m.Source, &m.Required, &state, &m.Reason, &m.Ref, &files, &specs, &due); err != nil {
			rows.Close()
			return s.mapErr(err)
		}
		m.State, m.DueDate = intake.EntryState(state), due.String
		json.Unmarshal([]byte(files), &m.Files)
		json.Unmarshal([]byte(specs), &m.SpecIDs)
		c.Materials = append(c.Materials, m)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return s.mapErr(err)
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
	trips, err := s.trips(ctx, q, c.ID)
	if err != nil {
		return err
	}
	v := intake.CountTripsSince(trips, c.MaxVisits, acceptedIfOnline(c))
	c.Trips = make([]TripRecord, len(trips))
	for i, t := range trips {
		c.Trips[i] = TripRecord{Trip: t, Counted: v.PerTrip[i], Why: v.Why[i]}
	}
	c.Tasks, err = s.caseTasks(ctx, q, c.ID)
	return err
}

// acceptedIfOnline is the acceptance time of a case accepted without a trip
// (online or by an agent), for counting later trips; zero otherwise.
func acceptedIfOnline(c *Case) time.Time {
	if c.Channel != intake.ChannelWindow && c.AcceptedAt != nil {
		return *c.AcceptedAt
	}
	return time.Time{}
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

func (s *Store) latestNotice(ctx context.Context, q rowQueryer, caseID string) (Notice, error) {
	return s.noticeWhere(ctx, q, `case_id = $1 ORDER BY seq DESC LIMIT 1`, caseID)
}

// NoticeByID returns one notice.
func (s *Store) NoticeByID(ctx context.Context, id string) (Notice, error) {
	return s.noticeWhere(ctx, s.r, `id = $1`, id)
}

// Notices lists a case's notices in order.
func (s *Store) Notices(ctx context.Context, caseID string) ([]Notice, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+noticeCols+` FROM notices WHERE case_id = $1 ORDER BY seq`, caseID)
	if err != nil {
		return nil, s.mapErr(err)
	}
	defer rows.Close()
	out := []Notice{}
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

func scanNotice(sc interface{ Scan(...any) error }) (Notice, error) {
	var n Notice
	var items, breaches, created string
	err := sc.Scan(&n.ID, &n.CaseID, &n.Seq, &n.Kind, &items, &breaches, &n.Reason, &n.LegalBasis, &created, &n.CreatedBy)
	json.Unmarshal([]byte(items), &n.Items)
	json.Unmarshal([]byte(breaches), &n.Breaches)
	n.CreatedAt = mustTS(created)
	return n, err
}

func (s *Store) noticeWhere(ctx context.Context, q rowQueryer, where string, arg any) (Notice, error) {
	n, err := scanNotice(q.QueryRowContext(ctx, `SELECT `+noticeCols+` FROM notices WHERE `+where, arg))
	if errors.Is(err, sql.ErrNoRows) {
		return n, onetrip.NotFound("err.not_found")
	}
	return n, s.mapErr(err)
}

// CaseQuery filters case lists; the caller has already narrowed it to the
// principal's scope (RegionPrefix, ApplicantUser, Department…).
type CaseQuery struct {
	RegionPrefix  string
	Status        []intake.Status
	Item          string
	ApplicantID   string
	ApplicantUser string
	CreatedBy     string
	Department    string // cases with a task of this department
	Number        string
	Delivery      string
	Limit, Offset int
}

// Cases lists cases, newest first, without details.
func (s *Store) Cases(ctx context.Context, q CaseQuery) ([]Case, error) {
	where := []string{"1=1"}
	var args []any
	arg := func(v any) string { args = append(args, v); return "$" + itoa(len(args)) }
	if q.RegionPrefix != "" {
		where = append(where, "region LIKE "+arg(q.RegionPrefix+"%"))
	}
	if len(q.Status) > 0 {
		ph := make([]string, len(q.Status))
		for i, st := range q.Status {
			ph[i] = arg(string(st))
		}
		where = append(where, "status IN ("+strings.Join(ph, ",")+")")
	}
	if q.Item != "" {
		where = append(where, "(item_code = "+arg(q.Item)+" OR bundle_code = "+arg(q.Item)+")")
	}
	if q.ApplicantID != "" && q.ApplicantUser != "" {
		where = append(where, "(applicant_id = "+arg(q.ApplicantID)+" OR applicant_user = "+arg(q.ApplicantUser)+")")
	} else if q.ApplicantUser != "" {
		where = append(where, "applicant_user = "+arg(q.ApplicantUser))
	} else if q.ApplicantID != "" {
		where = append(where, "applicant_id = "+arg(q.ApplicantID))
	}
	if q.CreatedBy != "" {
		where = append(where, "created_by = "+arg(q.CreatedBy))
	}
	if q.Department != "" {
		where = append(where, "id IN (SELECT case_id FROM tasks WHERE department_id = "+arg(q.Department)+")")
	}
	if q.Number != "" {
		where = append(where, "number = "+arg(q.Number))
	}
	if q.Delivery != "" {
		where = append(where, "delivery = "+arg(q.Delivery))
	}
	limit := q.Limit
	if limit <= 0 || limit > 200 {
		limit = 50
	}
	rows, err := s.r.QueryContext(ctx, `SELECT `+caseCols+` FROM cases WHERE `+strings.Join(where, " AND ")+
		` ORDER BY created_at DESC, id DESC LIMIT `+itoa(limit)+` OFFSET `+itoa(max(0, q.Offset)), args...)
	if err != nil {
		return nil, s.mapErr(err)
	}
	defer rows.Close()
	out := []Case{}
	for rows.Next() {
		c, err := scanCase(rows)
		if err != nil {
			return nil, s.mapErr(err)
		}
		out = append(out, c)
	}
	return out, s.mapErr(rows.Err())
}

// CanSeeCase is the scope rule for reading a case: applicants their own,
// agents those they brought, clerks, supervisors and admins their region,
// reviewers and department systems cases with a task of their department.
func (s *Store) CanSeeCase(ctx context.Context, p *onetrip.Principal, c *Case) bool {
	switch p.Role {
	case onetrip.RoleApplicant:
		return c.ApplicantUser == p.UserID || (p.IDNumber != "" && c.Applicant.IDNumber == p.IDNumber)
	case onetrip.RoleAgent:
		return c.CreatedBy == p.Username
	case onetrip.RoleClerk, onetrip.RoleSupervisor, onetrip.RoleAdmin:
		return idcode.RegionWithin(c.Region, p.Region)
	case onetrip.RoleReviewer, onetrip.RoleSystem:
		var n int
		s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM tasks WHERE case_id = $1 AND department_id = $2`, c.ID, p.Department).Scan(&n)
		return n > 0
	}
	return false
}

// checklistFor resolves what a submission applies for: the published item
// or bundle, its step items, the merged checklist and the implementations
// serving the region.
type resolved struct {
	item     *catalog.Item
	bundle   *catalog.Bundle
	version  int
	steps    []catalog.Item
	versions map[string]int
	entries  []catalog.ChecklistEntry
	impls    map[string]catalog.Implementation
	title    string
	promised int
	maxVisit int
	lead     string // department id of the lead step
	leadStep string
}

// resolve reads the published versions (pinned is nil) or the versions a
// case was submitted under (pinned: the item or bundle version, and each
// step's item version), so a case keeps its guide.
func (s *Store) resolve(ctx context.Context, itemCode, bundleCode, region string, p *onetrip.Problems, pinned *Case) (*resolved, error) {
	gen, err := s.catalogGen(ctx)
	if err != nil {
		return nil, err
	}
	key := itemCode + "|" + bundleCode + "|" + region
	if pinned != nil {
		b, _ := json.Marshal(pinned.StepVersions)
		key += "|" + itoa(pinned.CatalogVersion) + string(b)
	}
	if r, ok := s.resolved.get(key, gen); ok {
		return r, nil
	}
	var probs onetrip.Problems
	r, err := s.resolveUncached(ctx, itemCode, bundleCode, region, &probs, pinned)
	if err != nil {
		return nil, err
	}
	*p = append(*p, probs...)
	if len(probs) == 0 && r != nil {
		s.resolved.put(key, gen, r)
	}
	return r, nil
}

func (s *Store) resolveUncached(ctx context.Context, itemCode, bundleCode, region string, p *onetrip.Problems, pinned *Case) (*resolved, error) {
	pin := func(code string) int {
		if pinned == nil {
			return 0
		}
		return pinned.StepVersions[code]
	}
	top := 0
	if pinned != nil {
		top = pinned.CatalogVersion
	}
	r := &resolved{versions: map[string]int{}, impls: map[string]catalog.Implementation{}}
	switch {
	case (itemCode == "") == (bundleCode == ""):
		p.Add("item", "store.case.item_or_bundle")
		return nil, nil
	case itemCode != "":
		iv, err := s.Item(ctx, itemCode, top)
		if err != nil {
			if onetrip.HasCode(err, onetrip.CodeNotFound) {
				p.Add("item", "store.case.unpublished", itemCode)
				return nil, nil
			}
			return nil, err
		}
		r.item, r.version, r.title = &iv.Item, iv.Info.Version, iv.Item.Name
		r.steps = []catalog.Item{iv.Item}
		r.versions[itemCode] = iv.Info.Version
		r.entries = catalog.Checklist(r.steps)
		r.maxVisit = iv.Item.MaxVisits
	default:
		bv, err := s.Bundle(ctx, bundleCode, top)
		if err != nil {
			if onetrip.HasCode(err, onetrip.CodeNotFound) {
				p.Add("bundle", "store.case.unpublished", bundleCode)
				return nil, nil
			}
			return nil, err
		}
		r.bundle, r.version, r.title, r.promised = &bv.Bundle, bv.Info.Version, bv.Bundle.Name, bv.Bundle.PromisedDays
		for _, st := range bv.Bundle.Steps {
			iv, err := s.Item(ctx, st.Item, pin(st.Item))
			if err != nil {
				return nil, err
			}
			r.steps = append(r.steps, iv.Item)
			r.versions[st.Item] = iv.Info.Version
		}
		providers, err := s.Providers(ctx)
		if err != nil {
			return nil, err
		}
		r.entries = catalog.BundleChecklistData(bv.Bundle, r.steps, providers)
		r.maxVisit = intake.BundleMaxVisits(r.steps)
	}
	if _, err := s.Region(ctx, region); err != nil {
		p.Add("region", "store.case.region_unknown", region)
		return r, nil
	}
	for _, it := range r.steps {
		m, err := s.ImplementationFor(ctx, it.Code, region)
		if err != nil {
			if onetrip.HasCode(err, onetrip.CodeNotFound) {
				p.Add("region", "store.case.not_offered", it.Code, region)
				continue
			}
			return nil, err
		}
		r.impls[it.Code] = m
	}
	if r.item != nil {
		r.promised = r.item.PromisedDays
		if m, ok := r.impls[r.item.Code]; ok {
			r.promised = m.PromisedDays // the region's local promise
		}
		r.lead, r.leadStep = r.impls[r.item.Code].Department, r.item.Code
	} else {
		for _, it := range r.steps {
			if it.DepartmentKind == r.bundle.LeadKind {
				r.lead, r.leadStep = r.impls[it.Code].Department, it.Code
				break
			}
		}
		if r.leadStep == "" && len(r.steps) > 0 { // lint forbids it; keep a lead anyway
			last := r.steps[len(r.steps)-1]
			r.lead, r.leadStep = r.impls[last.Code].Department, last.Code
		}
	}
	return r, nil
}
