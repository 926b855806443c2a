package sqlstore

import (
	"context"
	"crypto/hmac"
	"database/sql"
	"encoding/json"
	"errors"
	"maps"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/emmansun/gmsm/sm3"

	"onetrip"
	"onetrip/casework"
	"onetrip/catalog"
	"onetrip/idcode"
	"onetrip/intake"
	"onetrip/sharing"
	"onetrip/workday"
)

func init() {
	onetrip.Register(onetrip.Messages{
		"store.sharing.grant_not_found": {"授权 %s 不存在", "grant %s does not exist"},
		"store.sharing.case_not_found":  {"办件 %s 不存在", "case %s does not exist"},
	})
}

// sharingState is the store's part of the sharing platform: the data
// items by code (refreshed), the provider, the subject key and the
// access-log writer.
type sharingState struct {
	items    refreshed[map[string]catalog.DataItem]
	names    refreshed[map[string]string] // department and centre ids → names
	provider sharing.Provider
	keyOnce  sync.Once
	key      []byte
	keyErr   error
	log      accessWriter
	fields   grantFields
}

// SetSharingProvider connects the providers of shared data (the built-in
// registries, departments' systems). Without one every query is
// unavailable.
func (s *Store) SetSharingProvider(p sharing.Provider) { s.sharing.provider = p }

func (s *Store) initSharing() {
	s.sharing.items = refreshed[map[string]catalog.DataItem]{ttl: 30 * time.Second, load: func(ctx context.Context) (map[string]catalog.DataItem, error) {
		list, err := s.DataItems(ctx)
		if err != nil {
			return nil, err
		}
		m := make(map[string]catalog.DataItem, len(list))
		for _, d := range list {
			m[d.Code] = d
		}
		return m, nil
	}}
	s.sharing.names = refreshed[map[string]string]{ttl: 5 * time.Minute, load: func(ctx context.Context) (map[string]string, error) {
		m := map[string]string{}
		for _, q := range []string{`SELECT id, name FROM departments`, `SELECT id, name FROM centers`} {
			rows, err := s.r.QueryContext(ctx, q)
			if err != nil {
				return nil, s.mapErr(err)
			}
			for rows.Next() {
				var id, name string
				rows.Scan(&id, &name)
				m[id] = name
			}
			rows.Close()
		}
		return m, nil
	}}
	s.sharing.log = accessWriter{s: s, ch: make(chan pendingAccess, 4096), stop: make(chan struct{})}
}

// dataItem is one shared data item, or nil.
func (s *Store) dataItem(ctx context.Context, code string) (*catalog.DataItem, error) {
	m, err := s.sharing.items.get(ctx)
	if err != nil {
		return nil, err
	}
	if d, ok := m[code]; ok {
		return &d, nil
	}
	return nil, nil
}

func (s *Store) bodyName(ctx context.Context, id string) string {
	m, err := s.sharing.names.get(ctx)
	if err != nil {
		return id
	}
	if n, ok := m[id]; ok {
		return n
	}
	return id
}

// subjectKey is the searchable hash of a subject's identifier, keyed with
// a key derived from the master key (so a copy of the database alone
// cannot tell whose reads are in the log).
func (s *Store) subjectKey(ctx context.Context, subject string) (string, error) {
	s.sharing.keyOnce.Do(func() {
		master, err := s.masterKey(ctx)
		if err != nil {
			s.sharing.keyErr = err
			return
		}
		m := hmac.New(sm3.New, master)
		m.Write([]byte("onetrip sharing subject key"))
		s.sharing.key = m.Sum(nil)
	})
	if s.sharing.keyErr != nil {
		return "", s.sharing.keyErr
	}
	return sharing.SubjectKey(s.sharing.key, subject), nil
}

// SharingItem is a data item as the sharing catalogue lists it, with its
// provider department.
type SharingItem struct {
	catalog.DataItem
	Provider     string `json:"provider"`
	ProviderName string `json:"provider_name"`
}

// SharingItemQuery filters the sharing catalogue.
type SharingItemQuery struct {
	Q        string // in the code, name or fields
	Provider string // provider department kind
	Level    string
	Subject  string
	Limit    int
	Offset   int
}

// SharingItems lists the sharing catalogue, filtered; the list is held in
// memory (thousands of items are a few hundred KB).
func (s *Store) SharingItems(ctx context.Context, q SharingItemQuery) ([]SharingItem, int, error) {
	list, err := s.DataItems(ctx)
	if err != nil {
		return nil, 0, err
	}
	out := []SharingItem{}
	for _, d := range sharing.SearchItems(list, sharing.ItemQuery{Q: q.Q, Provider: q.Provider, Level: q.Level, Subject: q.Subject}) {
		prov := sharing.ProviderDepartment(d)
		out = append(out, SharingItem{DataItem: d, Provider: prov, ProviderName: s.bodyName(ctx, prov)})
	}
	total := len(out)
	limit := q.Limit
	if limit <= 0 || limit > 500 {
		limit = 100
	}
	from := min(max(q.Offset, 0), len(out))
	return out[from:min(from+limit, len(out))], total, nil
}

const grantCols = `id, item, provider, consumer_kind, consumer, fields, purpose, valid_until, status, requested_by, requested_at, decided_by, decided_at, reason`

func (s *Store) scanGrant(ctx context.Context, sc interface{ Scan(...any) error }) (sharing.Grant, error) {
	var g sharing.Grant
	var fields, requested string
	var decidedBy, decidedAt sql.NullString
	if err := sc.Scan(&g.ID, &g.Item, &g.Provider, &g.ConsumerKind, &g.Consumer, &fields, &g.Purpose, &g.ValidUntil, &g.Status,
		&g.RequestedBy, &requested, &decidedBy, &decidedAt, &g.Reason); err != nil {
		return g, err
	}
	json.Unmarshal([]byte(fields), &g.Fields)
	g.RequestedAt, g.DecidedBy, g.DecidedAt = mustTS(requested), decidedBy.String, optTS(decidedAt)
	if it, _ := s.dataItem(ctx, g.Item); it != nil {
		g.ItemName = it.Name
	}
	g.ConsumerName = s.bodyName(ctx, g.Consumer)
	return g, nil
}

func grantArgs(g *sharing.Grant) []any {
	fields, _ := json.Marshal(g.Fields)
	return []any{g.ID, g.Item, g.Provider, g.ConsumerKind, g.Consumer, string(fields), g.Purpose, g.ValidUntil, g.Status,
		g.RequestedBy, TS(g.RequestedAt), nullable(g.DecidedBy), optTSArg(g.DecidedAt), g.Reason}
}

// RequestGrant records a consumer's request for an item (an open item is
// granted at once).
func (s *Store) RequestGrant(ctx context.Context, p *onetrip.Principal, req sharing.GrantRequest) (sharing.Grant, error) {
	c, err := sharing.ConsumerOf(p)
	if err != nil {
		return sharing.Grant{}, err
	}
	it, err := s.dataItem(ctx, req.Item)
	if err != nil {
		return sharing.Grant{}, err
	}
	if it == nil {
		return sharing.Grant{}, onetrip.Invalid("sharing.grant.invalid", 1).WithDetail("item", "sharing.item.unknown", req.Item)
	}
	g, err := sharing.RequestGrant(*it, c, req, p.Username, s.Now())
	if err != nil {
		return g, err
	}
	g.ID, g.ItemName, g.ConsumerName = NewID(), it.Name, s.bodyName(ctx, c.ID)
	err = s.Tx(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO sharing_grants (`+grantCols+`) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14)`, grantArgs(&g)...)
		return err
	})
	return g, s.mapErr(err)
}

// Grant reads one grant: its consumer, its provider's admins and the
// province's platform admin may.
func (s *Store) Grant(ctx context.Context, p *onetrip.Principal, id string) (sharing.Grant, error) {
	g, err := s.scanGrant(ctx, s.r.QueryRowContext(ctx, `SELECT `+grantCols+` FROM sharing_grants WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return g, onetrip.NotFound("store.sharing.grant_not_found", id)
	}
	if err != nil {
		return g, s.mapErr(err)
	}
	if !s.canSeeGrant(ctx, p, &g) {
		return sharing.Grant{}, onetrip.NotFound("store.sharing.grant_not_found", id)
	}
	return g, nil
}

func (s *Store) canSeeGrant(ctx context.Context, p *onetrip.Principal, g *sharing.Grant) bool {
	if c, err := sharing.ConsumerOf(p); err == nil && c.ID == g.Consumer {
		return true
	}
	it, _ := s.dataItem(ctx, g.Item)
	return it != nil && sharing.CanDecide(p, *it)
}

// providersGrant loads a grant for its provider's admin to act on: not
// found for whoever may not see it, forbidden for its consumer.
func (s *Store) providersGrant(ctx context.Context, p *onetrip.Principal, id string) (sharing.Grant, error) {
	g, err := s.Grant(ctx, p, id)
	if err != nil {
		return g, err
	}
	it, err := s.dataItem(ctx, g.Item)
	if err != nil {
		return g, err
	}
	if it == nil || !sharing.CanDecide(p, *it) {
		return sharing.Grant{}, onetrip.Forbidden("sharing.grant.not_provider", s.bodyName(ctx, g.Provider))
	}
	return g, nil
}

// DecideGrant is the provider's decision on a request.
func (s *Store) DecideGrant(ctx context.Context, p *onetrip.Principal, id string, d sharing.GrantDecision) (sharing.Grant, error) {
	g, err := s.providersGrant(ctx, p, id)
	if err != nil {
		return g, err
	}
	was := g.Status
	g, err = sharing.DecideGrant(g, d, p.Username, s.Now())
	if err != nil {
		return g, err
	}
	err = s.Tx(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE sharing_grants SET status = $1, decided_by = $2, decided_at = $3, reason = $4, valid_until = $5
			WHERE id = $6 AND status = $7`, g.Status, g.DecidedBy, optTSArg(g.DecidedAt), g.Reason, g.ValidUntil, g.ID, was)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return onetrip.Conflict("sharing.grant.state", "?")
		}
		return nil
	})
	return g, s.mapErr(err)
}

// GrantQuery selects grants.
type GrantQuery struct {
	Status string
	Item   string
	// Incoming: the grants of the items the caller's department provides
	// (or, for the platform admin, all); else the caller's body's own.
	Incoming bool
	Limit    int
}

// Grants lists grants, newest first: a body's own, or those a provider
// decides.
func (s *Store) Grants(ctx context.Context, p *onetrip.Principal, q GrantQuery) ([]sharing.Grant, error) {
	var where []string
	var args []any
	arg := func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)) }
	switch {
	case q.Incoming && p.Is(onetrip.RoleAdmin) && p.Department == "" && p.Region == "330000":
	case q.Incoming && p.Is(onetrip.RoleAdmin) && p.Department != "":
		where = append(where, "provider = "+arg(p.Department))
	case q.Incoming:
		return nil, onetrip.Forbidden("err.forbidden")
	default:
		c, err := sharing.ConsumerOf(p)
		if err != nil {
			return nil, err
		}
		where = append(where, "consumer = "+arg(c.ID))
	}
	if q.Status != "" {
		where = append(where, "status = "+arg(q.Status))
	}
	if q.Item != "" {
		where = append(where, "item = "+arg(q.Item))
	}
	limit := q.Limit
	if limit <= 0 || limit > 500 {
		limit = 200
	}
	sqlText := `SELECT ` + grantCols + ` FROM sharing_grants`
	if len(where) > 0 {
		sqlText += ` WHERE ` + strings.Join(where, " AND ")
	}
	rows, err := s.r.QueryContext(ctx, sqlText+` ORDER BY requested_at DESC, id LIMIT `+strconv.Itoa(limit), args...)
	if err != nil {
		return nil, s.mapErr(err)
	}
	defer rows.Close()
	out := []sharing.Grant{}
	for rows.Next() {
		g, err := s.scanGrant(ctx, rows)
		if err != nil {
			return nil, s.mapErr(err)
		}
		out = append(out, g)
	}
	return out, s.mapErr(rows.Err())
}

// activeGrant is the consumer's newest active grant of an item, or nil:
// read from the database on every query (a grant refused, revoked or run
// out stops the next query), with what a query needs of it — its term,
// status and fields.
func (s *Store) activeGrant(ctx context.Context, consumer, item string) (*sharing.Grant, error) {
	today := sharing.Date(s.Now())
	g := sharing.Grant{Item: item, Consumer: consumer}
	var fields string
	err := s.r.QueryRowContext(ctx, `SELECT id, provider, consumer_kind, fields, status, valid_until FROM sharing_grants
		WHERE consumer = $1 AND item = $2 AND status = 'approved' AND valid_until >= $3 ORDER BY valid_until DESC LIMIT 1`, consumer, item, today).
		Scan(&g.ID, &g.Provider, &g.ConsumerKind, &fields, &g.Status, &g.ValidUntil)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, s.mapErr(err)
	}
	g.Fields = s.sharing.fields.parse(fields)
	return &g, nil
}

// grantFields parses grants' field lists (a JSON array) once per distinct
// text: a handful of texts serve every query. The lists it returns are
// shared and never modified.
type grantFields struct {
	mu sync.RWMutex
	m  map[string][]string
}

// maxGrantFieldTexts bounds the parsed texts kept; beyond, each is parsed.
const maxGrantFieldTexts = 4096

func (c *grantFields) parse(text string) []string {
	c.mu.RLock()
	f, ok := c.m[text]
	c.mu.RUnlock()
	if ok {
		return f
	}
	json.Unmarshal([]byte(text), &f)
	c.mu.Lock()
	if c.m == nil {
		c.m = map[string][]string{}
	}
	if len(c.m) < maxGrantFieldTexts {
		c.m[text] = f
	}
	c.mu.Unlock()
	return f
}

// caseFacts is what the sharing rules need of a case, for a consumer.
func (s *Store) caseFacts(ctx context.Context, c sharing.Consumer, caseID string) (*sharing.CaseFacts, error) {
	if caseID == "" {
		return nil, nil
	}
	var number, status, center, applicant string
	err := s.r.QueryRowContext(ctx, `SELECT number, status, COALESCE(center_id, ''), applicant_id FROM cases WHERE id = $1`, caseID).
		Scan(&number, &status, &center, &applicant)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, s.mapErr(err)
	}
	f := &sharing.CaseFacts{ID: caseID, Number: number, Applicant: applicant, Open: caseOpen(intake.Status(status))}
	switch c.Kind {
	case sharing.ConsumerCenter:
		f.Consumer = center == c.ID
	case sharing.ConsumerDepartment:
		var n int
		s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM tasks WHERE case_id = $1 AND department_id = $2`, caseID, c.ID).Scan(&n)
		f.Consumer = n > 0
	}
	return f, nil
}

// caseOpen: the case is running, so reading its applicant's data serves it.
func caseOpen(st intake.Status) bool {
	switch st {
	case intake.StatusRefused, intake.StatusWithdrawn, intake.StatusClosed, intake.StatusArchived, intake.StatusDraft:
		return false
	}
	return true
}

// QuerySharing answers a query with the granted fields of the subject's
// record. Every query — answered, refused, malformed past its item — is in
// the access log before the answer leaves: the log write is durable (its
// transaction committed) first. A refusal is decided before any provider
// is asked, and says the same whether the subject exists or not.
func (s *Store) QuerySharing(ctx context.Context, p *onetrip.Principal, q sharing.Query) (sharing.Answer, error) {
	start := time.Now()
	c, err := sharing.ConsumerOf(p)
	if err != nil {
		return sharing.Answer{}, err
	}
	it, err := s.dataItem(ctx, q.Item)
	if err != nil {
		return sharing.Answer{}, err
	}
	subject, qerr := sharing.CheckQuery(it, q)
	if it == nil {
		return sharing.Answer{}, qerr // an unknown item: nothing to log against
	}
	now := s.Now()
	rec := sharing.Access{ID: NewID(), At: now, User: p.Username, ConsumerKind: c.Kind, Consumer: c.ID, ConsumerName: s.bodyName(ctx, c.ID),
		Item: it.Code, ItemName: it.Name, Provider: sharing.ProviderDepartment(*it), CaseID: q.Case, Purpose: strings.TrimSpace(q.Purpose)}
	logged := func(result string, cause error) error {
		rec.Result, rec.DurationMicro = result, time.Since(start).Microseconds()
		if cause != nil {
			rec.Reason = onetrip.AsError(cause).Key
		}
		subj := subject
		if subj == "" {
			subj = strings.ToUpper(strings.TrimSpace(q.Subject))
		}
		key, err := s.subjectKey(ctx, subj)
		if err != nil {
			return err
		}
		rec.SubjectKey, rec.Subject = key, sharing.MaskSubject(*it, subj)
		if err := s.sharing.log.write(ctx, rec); err != nil {
			return err
		}
		return cause
	}
	if qerr != nil {
		return sharing.Answer{}, logged(resultOf(qerr), qerr)
	}
	var facts *sharing.CaseFacts
	if q.Case != "" {
		if facts, err = s.caseFacts(ctx, c, q.Case); err != nil {
			return sharing.Answer{}, err
		}
		if facts != nil && facts.Consumer {
			rec.CaseNumber = facts.Number
		}
	}
	g, err := s.activeGrant(ctx, c.ID, it.Code)
	if err != nil {
		return sharing.Answer{}, err
	}
	if err := sharing.Allowed(*it, g, subject, facts, now); err != nil {
		return sharing.Answer{}, logged(sharing.ResultDenied, err)
	}
	provName := s.bodyName(ctx, rec.Provider)
	if s.sharing.provider == nil {
		return sharing.Answer{}, logged(sharing.ResultUnavailable, onetrip.Unavailable("sharing.unavailable", it.Name, provName))
	}
	r, found, err := s.sharing.provider.Fetch(sharing.WithRequest(ctx, rec.ID), it.Code, subject)
	switch {
	case err != nil:
		s.log.Warn("sharing provider failed", "item", it.Code, "err", err)
		return sharing.Answer{}, logged(sharing.ResultUnavailable, onetrip.Unavailable("sharing.unavailable", it.Name, provName))
	case !found:
		return sharing.Answer{}, logged(sharing.ResultNoRecord, onetrip.NotFound("sharing.no_record", provName, it.Name))
	}
	fields := sharing.Filter(r, g.Fields)
	for _, f := range g.Fields {
		if _, ok := fields[f]; ok {
			rec.Fields = append(rec.Fields, f)
		}
	}
	if err := logged(sharing.ResultAnswered, nil); err != nil {
		return sharing.Answer{}, err
	}
	return sharing.Answer{Item: it.Code, ItemName: it.Name, Provider: provName, Subject: rec.Subject, Fields: fields, Access: rec.ID, At: now}, nil
}

func resultOf(err error) string {
	if onetrip.AsError(err).Code == onetrip.CodeForbidden {
		return sharing.ResultDenied
	}
	return sharing.ResultInvalid
}

// AccessQuery searches the access log.
type AccessQuery struct {
	Subject  string // a citizen ID or USCC: its reads
	Case     string // a case ID
	Consumer string
	Item     string
	From, To string // dates, China time
	Limit    int
	Before   string // keyset: the last row's "at|id" of the previous page
}

const accessCols = `id, at, user_name, consumer_kind, consumer, item, provider, subject_masked, case_id, case_number, purpose, result, reason, fields, duration_us`

// AccessLog searches the log: supervisors (every body), the platform
// admin, a provider department's admins (reads of their items).
func (s *Store) AccessLog(ctx context.Context, p *onetrip.Principal, q AccessQuery) ([]sharing.Access, error) {
	var where []string
	var args []any
	arg := func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)) }
	switch {
	case p.Is(onetrip.RoleSupervisor) && p.Region != "", p.Is(onetrip.RoleAdmin) && p.Department == "" && p.Region == "330000":
		// Supervisors see the reads of the bodies in their region (a
		// body's id begins with its region code); the province's all.
		if prefix := idcode.RegionPrefix(p.Region); prefix != "33" {
			where = append(where, "consumer LIKE "+arg(prefix+"%"))
		}
	case p.Is(onetrip.RoleAdmin) && p.Department != "":
		where = append(where, "provider = "+arg(p.Department))
	default:
		return nil, onetrip.Forbidden("err.forbidden")
	}
	if q.Subject != "" {
		key, err := s.subjectKey(ctx, strings.ToUpper(strings.TrimSpace(q.Subject)))
		if err != nil {
			return nil, err
		}
		where = append(where, "subject_key = "+arg(key))
	}
	if q.Case != "" {
		where = append(where, "case_id = "+arg(q.Case))
	}
	if q.Consumer != "" {
		where = append(where, "consumer = "+arg(q.Consumer))
	}
	if q.Item != "" {
		where = append(where, "item = "+arg(q.Item))
	}
	if q.From != "" {
		where = append(where, "at >= "+arg(TS(chinaMidnight(q.From))))
	}
	if q.To != "" {
		where = append(where, "at < "+arg(TS(chinaMidnight(q.To))))
	}
	if at, id, ok := strings.Cut(q.Before, "|"); ok {
		a1, a2 := arg(at), arg(id)
		where = append(where, "(at < "+a1+" OR (at = "+a1+" AND id < "+a2+"))")
	}
	return s.accessRows(ctx, where, args, q.Limit)
}

// DataUses are the reads of the caller's own data (数据使用记录): an
// applicant's, by the citizen ID or USCC of the account.
func (s *Store) DataUses(ctx context.Context, p *onetrip.Principal, limit int) ([]sharing.Access, error) {
	if !p.Is(onetrip.RoleApplicant) || p.IDNumber == "" {
		return nil, onetrip.Forbidden("err.forbidden")
	}
	subjects := []string{p.IDNumber}
	var keys []string
	for _, sub := range subjects {
		k, err := s.subjectKey(context.WithoutCancel(ctx), sub)
		if err != nil {
			return nil, err
		}
		keys = append(keys, k)
	}
	var args []any
	var in []string
	for _, k := range keys {
		args = append(args, k)
		in = append(in, "$"+strconv.Itoa(len(args)))
	}
	return s.accessRows(ctx, []string{"subject_key IN (" + strings.Join(in, ",") + ")"}, args, limit)
}

func (s *Store) accessRows(ctx context.Context, where []string, args []any, limit int) ([]sharing.Access, error) {
	if limit <= 0 || limit > 500 {
		limit = 100
	}
	q := `SELECT ` + accessCols + ` FROM sharing_access`
	if len(where) > 0 {
		q += ` WHERE ` + strings.Join(where, " AND ")
	}
	rows, err := s.r.QueryContext(ctx, q+` ORDER BY at DESC, id DESC LIMIT `+strconv.Itoa(limit), args...)
	if err != nil {
		return nil, s.mapErr(err)
	}
	defer rows.Close()
	out := []sharing.Access{}
	for rows.Next() {
		var a sharing.Access
		var at, fields string
		var caseID, caseNumber sql.NullString
		if err := rows.Scan(&a.ID, &at, &a.User, &a.ConsumerKind, &a.Consumer, &a.Item, &a.Provider, &a.Subject, &caseID, &caseNumber,
			&a.Purpose, &a.Result, &a.Reason, &fields, &a.DurationMicro); err != nil {
			return nil, s.mapErr(err)
		}
		a.At, a.CaseID, a.CaseNumber = mustTS(at), caseID.String, caseNumber.String
		json.Unmarshal([]byte(fields), &a.Fields)
		a.ConsumerName, a.ProviderName = s.bodyName(ctx, a.Consumer), s.bodyName(ctx, a.Provider)
		if it, _ := s.dataItem(ctx, a.Item); it != nil {
			a.ItemName = it.Name
		}
		out = append(out, a)
	}
	return out, s.mapErr(rows.Err())
}

func chinaMidnight(date string) time.Time {
	d, err := workday.Parse(date)
	if err != nil {
		return time.Time{}
	}
	return d.Time()
}

func accessArgs(a *sharing.Access) []any {
	fields, _ := json.Marshal(a.Fields)
	if a.Fields == nil {
		fields = []byte("[]")
	}
	return []any{a.ID, TS(a.At), a.User, a.ConsumerKind, a.Consumer, a.Item, a.Provider, a.SubjectKey, a.Subject,
		nullable(a.CaseID), nullable(a.CaseNumber), a.Purpose, a.Result, a.Reason, string(fields), a.DurationMicro}
}

const accessInsert = `INSERT INTO sharing_access (id, at, user_name, consumer_kind, consumer, item, provider, subject_key, subject_masked,
	case_id, case_number, purpose, result, reason, fields, duration_us)`

// accessWriter makes access records durable in batches: a query waits
// until its record's transaction committed, and the records of queries
// arriving meanwhile share the next commit (one multi-row insert). So the
// log costs one commit per batch, not per query, and no answer leaves
// before its record is on disk.
type accessWriter struct {
	s     *Store
	once  sync.Once
	ch    chan pendingAccess
	stop  chan struct{}
	done  chan struct{}
	mu    sync.Mutex
	close bool
	// inserts are the statements by record count, made at start.
	inserts [accessPerInsert + 1]string
}

type pendingAccess struct {
	args []any // the record's row (accessArgs), made by the caller
	done chan error
}

// maxAccessBatch bounds the records of one commit.
const maxAccessBatch = 512

// accessValues are the values of a record; accessPerInsert is how many
// records one INSERT carries (within the 1,000 values batchInsert budgets
// a statement).
const (
	accessValues    = 16
	accessPerInsert = 1000 / accessValues
)

func (w *accessWriter) write(ctx context.Context, a sharing.Access) error {
	w.once.Do(w.start)
	w.mu.Lock()
	closed := w.close
	w.mu.Unlock()
	if closed {
		return onetrip.Unavailable("err.unavailable")
	}
	// The row is made here, on the caller's goroutine: the writer's loop
	// is the one serial step of every query and does only the insert.
	p := pendingAccess{args: accessArgs(&a), done: make(chan error, 1)}
	select {
	case w.ch <- p:
	case <-ctx.Done():
		return ctx.Err()
	}
	select {
	case err := <-p.done:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// start makes the statements and starts the loop.
func (w *accessWriter) start() {
	for n := 1; n <= accessPerInsert; n++ {
		w.inserts[n] = w.insertText(n)
	}
	w.done = make(chan struct{})
	go w.loop()
}

func (w *accessWriter) loop() {
	defer close(w.done)
	batch := make([]pendingAccess, 0, maxAccessBatch)
	args := make([]any, 0, accessPerInsert*accessValues)
	for {
		var first pendingAccess
		select {
		case first = <-w.ch:
		case <-w.stop:
			return
		}
		batch = append(batch[:0], first)
	fill:
		for len(batch) < maxAccessBatch {
			select {
			case p := <-w.ch:
				batch = append(batch, p)
			default:
				break fill
			}
		}
		ctx, cancel := context.WithTimeout(context.Background(), refreshTimeout)
		err := w.s.Tx(ctx, func(tx *Tx) error {
			for from := 0; from < len(batch); from += accessPerInsert {
				part := batch[from:min(from+accessPerInsert, len(batch))]
				args = args[:0]
				for _, p := range part {
					args = append(args, p.args...)
				}
				if _, err := tx.ExecContext(ctx, w.inserts[len(part)], args...); err != nil {
					return err
				}
			}
			return nil
		})
		cancel()
		for _, p := range batch {
			p.done <- err
		}
		clear(batch) // let the rows go
		clear(args)
	}
}

// insertText is the INSERT of n records (made once per n at start: the
// store prepares each text once, so a batch runs prepared statements). On
// SQLite the values are bound by position (?): modernc binds a $N
// placeholder by looking its name up in the statement's list of names,
// which for the 992 values of a full statement is quadratic (≈6% of the
// single writer's time in a profile of 32 querying clients).
func (w *accessWriter) insertText(n int) string {
	var b strings.Builder
	b.WriteString(accessInsert)
	b.WriteString(" VALUES ")
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('(')
		for j := range accessValues {
			if j > 0 {
				b.WriteByte(',')
			}
			if w.s.d.name == "sqlite" {
				b.WriteByte('?')
			} else {
				b.WriteByte('$')
				b.WriteString(strconv.Itoa(i*accessValues + j + 1))
			}
		}
		b.WriteByte(')')
	}
	return b.String()
}

// shutdown ends the writer after the records queued are written.
func (w *accessWriter) shutdown() {
	w.mu.Lock()
	w.close = true
	w.mu.Unlock()
	if w.done == nil {
		return
	}
	close(w.stop)
	<-w.done
	for {
		select {
		case p := <-w.ch:
			p.done <- onetrip.Unavailable("err.unavailable")
		default:
			return
		}
	}
}

// sharedHoldings fetches, for each shared-data entry of an application,
// the applicant's record from its provider where the consumer (the
// centre taking the case) holds an active grant — what makes a material
// 免提交. Each read becomes an access record written with the case, in
// its transaction (the data served only the platform's evaluation of that
// case). A source not held says why: no grant, no record, no answer.
func (s *Store) sharedHoldings(ctx context.Context, p *onetrip.Principal, center, applicant, purpose string, entries []catalog.ChecklistEntry) (map[string]sharedHeld, error) {
	out := map[string]sharedHeld{}
	if applicant == "" {
		return out, nil
	}
	c, err := sharing.ConsumerOf(p)
	if err != nil || c.Kind != sharing.ConsumerCenter {
		if center == "" {
			return out, nil
		}
		c = sharing.Consumer{Kind: sharing.ConsumerCenter, ID: center}
	}
	for _, e := range entries {
		code, ok := strings.CutPrefix(e.Source, "shared:")
		if !ok || !e.Fetched {
			continue
		}
		if _, done := out[e.Source]; done {
			continue
		}
		it, err := s.dataItem(ctx, code)
		if err != nil {
			return nil, err
		}
		if it == nil {
			continue
		}
		start := time.Now()
		h := sharedHeld{item: *it, provider: s.bodyName(ctx, sharing.ProviderDepartment(*it))}
		subject, qerr := sharing.CheckSubject(*it, applicant)
		h.access = sharing.Access{ID: NewID(), At: s.Now(), User: p.Username, ConsumerKind: c.Kind, Consumer: c.ID,
			Item: it.Code, Provider: sharing.ProviderDepartment(*it), Purpose: purpose + "：" + e.Name}
		if qerr != nil {
			continue // an applicant of the other kind (a company's item for a person): not this applicant's data
		}
		key, err := s.subjectKey(ctx, subject)
		if err != nil {
			return nil, err
		}
		h.access.SubjectKey, h.access.Subject = key, sharing.MaskSubject(*it, subject)
		g, err := s.activeGrant(ctx, c.ID, it.Code)
		if err != nil {
			return nil, err
		}
		// The case being taken is the consumer's, open, and its applicant
		// is the subject: only the grant can be missing.
		facts := &sharing.CaseFacts{Consumer: true, Open: true, Applicant: subject}
		switch err := sharing.Allowed(*it, g, subject, facts, s.Now()); {
		case err != nil:
			h.access.Result, h.access.Reason = sharing.ResultDenied, onetrip.AsError(err).Key
		case s.sharing.provider == nil:
			h.access.Result, h.access.Reason = sharing.ResultUnavailable, "sharing.unavailable"
		default:
			rec, found, ferr := s.sharing.provider.Fetch(sharing.WithRequest(ctx, h.access.ID), it.Code, subject)
			switch {
			case ferr != nil:
				h.access.Result, h.access.Reason = sharing.ResultUnavailable, "sharing.unavailable"
			case !found:
				h.access.Result, h.access.Reason = sharing.ResultNoRecord, "sharing.no_record"
			default:
				h.access.Result = sharing.ResultAnswered
				for _, f := range g.Fields {
					if _, ok := rec[f]; ok {
						h.access.Fields = append(h.access.Fields, f)
					}
				}
			}
		}
		h.access.DurationMicro = time.Since(start).Microseconds()
		out[e.Source] = h
	}
	return out, nil
}

// sharedHeld is one shared source as intake found it.
type sharedHeld struct {
	item     catalog.DataItem
	provider string
	access   sharing.Access
}

// holdings are what the applicant holds: licences, and shared records
// with why a shared source is not held (intake.Explained).
type holdings struct {
	intake.HeldRecords
	shared map[string]sharedHeld
}

// Holds implements intake.Holdings: a shared record answered is held; its
// ref is the access record.
func (h holdings) Holds(source string) (string, bool) {
	if sh, ok := h.shared[source]; ok {
		return sh.access.ID, sh.access.Result == sharing.ResultAnswered
	}
	return h.HeldRecords.Holds(source)
}

// HoldsRef implements intake.Holdings.
func (h holdings) HoldsRef(source, ref string) bool {
	if sh, ok := h.shared[source]; ok {
		return sh.access.Result == sharing.ResultAnswered && ref == sh.access.ID
	}
	return h.HeldRecords.HoldsRef(source, ref)
}

// WhyNot implements intake.Explained: which item and provider answered what.
func (h holdings) WhyNot(source string) (intake.SharedMiss, bool) {
	sh, ok := h.shared[source]
	if !ok || sh.access.Result == sharing.ResultAnswered {
		return intake.SharedMiss{}, false
	}
	m := intake.SharedMiss{Item: sh.item.Name, Provider: sh.provider, Why: intake.MissNoRecord}
	switch sh.access.Result {
	case sharing.ResultDenied:
		m.Why = intake.MissNotGranted
	case sharing.ResultUnavailable:
		m.Why = intake.MissUnavailable
	}
	return m, true
}

// sharedReads are the shared-data reads behind holdings, in a stable
// order: the applicant's, or each party's in the guide's order.
func sharedReads(h intake.Holdings) []sharing.Access {
	var out []sharing.Access
	switch hs := h.(type) {
	case holdings:
		for _, k := range slices.Sorted(maps.Keys(hs.shared)) {
			out = append(out, hs.shared[k].access)
		}
	case intake.PartyHoldings:
		for _, r := range hs.Roles {
			out = append(out, sharedReads(hs.ByRole[r])...)
		}
	}
	return out
}

// logSharedReads writes the access records of a case's shared reads in
// the case's transaction, with its id and number.
func (s *Store) logSharedReads(ctx context.Context, tx *Tx, h intake.Holdings, caseID, number string) error {
	reads := sharedReads(h)
	if len(reads) == 0 {
		return nil
	}
	var rows [][]any
	for _, a := range reads {
		a.CaseID, a.CaseNumber = caseID, number
		a.Purpose = number + " " + a.Purpose
		rows = append(rows, accessArgs(&a))
	}
	return batchInsert(ctx, tx, accessInsert, 16, rows)
}

// logReadsWithoutCase logs the shared reads of an application that did
// not become a case (refused by the command, or its transaction failed):
// the data was read, so the read is in the log, without a case.
func (s *Store) logReadsWithoutCase(ctx context.Context, h intake.Holdings) {
	s.logReadsApart(ctx, h, "", "", "（申请未受理）")
}

// logReadsApart writes shared reads through the log writer, outside a
// case's transaction (the command they served did not commit).
func (s *Store) logReadsApart(ctx context.Context, h intake.Holdings, caseID, number, note string) {
	for _, a := range sharedReads(h) {
		a.CaseID, a.CaseNumber, a.Purpose = caseID, number, strings.TrimSpace(number+" "+a.Purpose)+note
		if err := s.sharing.log.write(context.WithoutCancel(ctx), a); err != nil {
			s.log.Error("sharing access log", "access", a.ID, "err", err)
		}
	}
}

// caseReads are the shared reads made for a command on an existing case:
// written in the command's transaction, or — when it does not commit —
// apart, still with the case.
type caseReads struct {
	s       *Store
	ctx     context.Context
	held    intake.Holdings
	c       *casework.Case
	written bool
}

func (s *Store) readsFor(ctx context.Context, held intake.Holdings, c *casework.Case) *caseReads {
	return &caseReads{s: s, ctx: ctx, held: held, c: c}
}

// write is runCase's extra step.
func (r *caseReads) write(tx *Tx) error {
	return r.s.logSharedReads(r.ctx, tx, r.held, r.c.ID, r.c.Number)
}

// settle logs the reads apart unless the command committed them.
func (r *caseReads) settle() {
	if !r.written {
		r.s.logReadsApart(r.ctx, r.held, r.c.ID, r.c.Number, "（未办结该操作）")
	}
}

// applicantHoldings is what the applicant holds for an application: valid
// licences, and the shared records the centre may read for it.
func (s *Store) applicantHoldings(ctx context.Context, p *onetrip.Principal, center, applicant string, g *casework.Guide) (intake.Holdings, error) {
	lic, err := s.HoldingsOf(ctx, applicant)
	if err != nil || g == nil {
		return lic, err
	}
	shared, err := s.sharedHoldings(ctx, p, center, strings.ToUpper(strings.TrimSpace(applicant)), g.Title, g.Entries)
	if err != nil {
		return nil, err
	}
	if len(shared) == 0 {
		return lic, nil
	}
	return holdings{HeldRecords: lic.(intake.HeldRecords), shared: shared}, nil
}

// intakeCenter is the centre a case is taken for: the clerk's or agent's
// own, else (an online application) the region's service centre.
func intakeCenter(p *onetrip.Principal, region string) string {
	if p.Center != "" {
		return p.Center
	}
	return region + "-center"
}
