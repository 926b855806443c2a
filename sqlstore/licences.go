package sqlstore

import (
	"context"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"strconv"
	"strings"
	"time"

	"onetrip"
	"onetrip/casework"
	"onetrip/idcode"
	"onetrip/licence"
	"onetrip/org"
	"onetrip/seal"
)

// The licence library (电子证照库): licences issued when a step whose result
// is a licence type is approved (licence_hook.go) or directly (demo data,
// migrations of existing registers), signed with the issuing department's
// seal, verified by anyone, revoked by their issuer, and fetched at intake
// instead of paper (holdings.go).

// LicenceVersion is the version field of every identifier the platform
// makes: the first edition of a licence.
const LicenceVersion = "001"

// IssueRequest issues a licence directly, without a case: demo data and
// registers migrated into the library. Fields are taken as given.
type IssueRequest struct {
	Type             string // catalogue licence type code, e.g. L-BIZ
	Department       string // issuing department id
	Holder           licence.Holder
	RepresentativeID string
	Fields           map[string]string
	IssuedOn         string // YYYY-MM-DD; "" is today in China time
	By               string
}

// issueInput is an IssueRequest with the case it comes from.
type issueInput struct {
	IssueRequest
	caseID, caseNumber, taskID string
	form                       json.RawMessage
	outputs                    map[string]string
	derive                     bool // build fields from the type, form and outputs
}

// MaxRevokeReason bounds a revocation reason (characters).
const MaxRevokeReason = 500

func init() {
	onetrip.Register(onetrip.Messages{
		"store.licence.not_found":          {"电子证照 %s 不存在", "licence %s does not exist"},
		"store.licence.unknown_identifier": {"证照库中没有标识为 %s 的电子证照：它不是本平台签发的", "the licence library has no licence with the identifier %s: it was not issued here"},
		"store.licence.type_unknown":       {"证照类型 %s 不在目录中", "licence type %s is not in the catalogue"},
		"store.licence.revoke_dept":        {"只有签发部门（%s）可以注销该证照", "only the issuing department (%s) can revoke this licence"},
		"store.licence.revoke_reason":      {"注销必须写明原因（不超过 %d 字）", "a revocation must give its reason (at most %d characters)"},
		"store.licence.already_revoked":    {"该证照已于 %s 注销", "the licence was already revoked on %s"},
		"store.licence.seal_department":    {"印章 %s 属于 %s，不是证照所写的签发部门 %s", "seal %s belongs to %s, not to the issuing department %s the licence names"},
		"store.licence.bad_query":          {"证照状态应为 valid、expired 或 revoked，实际为 %q", "the licence status must be valid, expired or revoked, got %q"},
		// Event types of a case's log.
		"licence.issued":  {"签发电子证照", "electronic licence issued"},
		"licence.revoked": {"注销电子证照", "electronic licence revoked"},
	})
}

// chinaDate is t's calendar date in China, YYYY-MM-DD.
func chinaDate(t time.Time) string { return t.In(onetrip.China).Format(licence.DateLayout) }

// AuthorityCode is the synthetic 18-character code of the national authority
// that defines the licence types issued by departments of a kind (GB/T 36904
// puts the defining authority's unified social credit code first in a type
// code). It is a government body's code ("11"), national ("100000"), with an
// eight-digit organisation body made from the FNV-1a hash of the department
// kind, and both check characters computed (idcode.MakeOrgUSCC), so it is a
// well-formed USCC that stays the same for a kind across catalogue imports.
func AuthorityCode(issuerKind string) string {
	h := fnv.New32a()
	h.Write([]byte(issuerKind))
	return idcode.MakeOrgUSCC("11", "100000", fmt.Sprintf("%08d", h.Sum32()%100000000))
}

// LicenceTypeCode is the GB/T 36904 type code of a catalogue licence type:
// the authority code of its issuer kind and the type's position in the
// catalogue (1-based, three digits), licence.TypeCode's layout. The demo's
// L-BIZ (market, 3rd type) is AuthorityCode("market") + "003".
func LicenceTypeCode(issuerKind string, seq int) string {
	return licence.TypeCode(AuthorityCode(issuerKind), seq)
}

// licenceSerial is the serial of the n-th licence of an issuer and type on
// a day: the date and the number in at least four digits (202605210001 is
// the first of 2026-05-21; a day with more than 9999 gets wider serials).
// It is unique because the counter row is updated in a transaction
// (SQLite's single writer; PostgreSQL's row lock).
func licenceSerial(day string, n int64) string {
	s := strconv.FormatInt(n, 10)
	for len(s) < 4 {
		s = "0" + s
	}
	return strings.ReplaceAll(day, "-", "") + s
}

type licenceTypeRow struct {
	seq           int
	name, kind    string
	holder        string
	validityYears int
	fields        []string
}

func (s *Store) licenceType(ctx context.Context, q rowQueryer, code string) (licenceTypeRow, error) {
	var lt licenceTypeRow
	var fields string
	err := q.QueryRowContext(ctx, `SELECT seq, name, issuer_kind, holder, validity_years, fields FROM licence_types WHERE code = $1`, code).
		Scan(&lt.seq, &lt.name, &lt.kind, &lt.holder, &lt.validityYears, &fields)
	if isNoRows(err) {
		return lt, onetrip.Invalid("store.licence.type_unknown", code)
	}
	if err != nil {
		return lt, s.mapErr(err)
	}
	json.Unmarshal([]byte(fields), &lt.fields)
	return lt, nil
}

// validUntil is the last day of validity: issued + years − 1 day; "" for a
// type without a term (validity 0, 长期).
func validUntil(issued string, years int) (string, error) {
	if years <= 0 {
		return "", nil
	}
	d, err := time.Parse(licence.DateLayout, issued)
	if err != nil {
		return "", onetrip.Invalid("licence.doc.date", issued)
	}
	return d.AddDate(years, 0, -1).Format(licence.DateLayout), nil
}

// IssueLicence issues a licence directly, without a case (demo data,
// migrated registers, benchmarks): identifier, canonical form, seal
// signature and the library row. The serial is taken in one transaction and
// the row written in another, with the signing between them outside any
// transaction: SQLite's single writer then only writes, and the SM2 work
// runs on every core. A failure after the first leaves a gap in the
// serials, never a duplicate.
func (s *Store) IssueLicence(ctx context.Context, req IssueRequest) (licence.Licence, error) {
	in := issueInput{IssueRequest: req}
	pl, err := s.readIssueContext(ctx, s.r, in)
	if err != nil {
		return licence.Licence{}, err
	}
	err = s.Tx(ctx, func(tx *Tx) error { return s.takeSerial(ctx, tx, &pl) })
	if err != nil {
		return licence.Licence{}, err
	}
	l, err := pl.sign(in)
	if err != nil {
		return licence.Licence{}, err
	}
	err = s.Tx(ctx, func(tx *Tx) error { return s.insertLicence(ctx, tx, &l, pl.dept) })
	return l, err
}

// issue makes one licence inside the caller's transaction (a step's
// approval): the serial from the issuer's daily counter, the GB/T 36904
// identifier, the document, its SM2 signature by the department's active
// seal (created on first need), and the row.
func (s *Store) issue(ctx context.Context, tx *Tx, in issueInput) (licence.Licence, error) {
	pl, err := s.prepareLicence(ctx, tx, in)
	if err != nil {
		return licence.Licence{}, err
	}
	l, err := pl.sign(in)
	if err != nil {
		return licence.Licence{}, err
	}
	return l, s.insertLicence(ctx, tx, &l, pl.dept)
}

// preparedLicence is what issuing takes from the database before signing.
type preparedLicence struct {
	lt            licenceTypeRow
	dept          org.Department
	sealID        string
	key           *seal.Key
	typeCode      string
	serial        string
	issued, until string
	by            string
	now           time.Time
}

// prepareLicence reads the type and department, finds (or makes) the
// department's active seal and takes the next serial of the issuer, type
// and day, all in the caller's transaction.
func (s *Store) prepareLicence(ctx context.Context, tx *Tx, in issueInput) (preparedLicence, error) {
	pl, err := s.readIssueContext(ctx, tx, in)
	if err != nil {
		return pl, err
	}
	return pl, s.takeSerial(ctx, tx, &pl)
}

// readIssueContext reads what a licence needs besides its serial: the
// type, the department and the department's active seal. Read outside the
// writing transaction (IssueLicence) a rotation may slip in between; the
// licence is then signed by the seal just retired, which still verifies.
func (s *Store) readIssueContext(ctx context.Context, q rowQueryer, in issueInput) (preparedLicence, error) {
	pl := preparedLicence{now: s.Now(), by: in.By}
	if pl.by == "" {
		pl.by = "system"
	}
	var err error
	if pl.lt, err = s.licenceType(ctx, q, in.Type); err != nil {
		return pl, err
	}
	if pl.dept, err = s.departmentCached(ctx, q, in.Department); err != nil {
		return pl, err
	}
	err = q.QueryRowContext(ctx, `SELECT id FROM seals WHERE department_id = $1 AND retired_at IS NULL`, pl.dept.ID).Scan(&pl.sealID)
	if err != nil && !isNoRows(err) {
		return pl, s.mapErr(err)
	}
	pl.issued = in.IssuedOn
	if pl.issued == "" {
		pl.issued = chinaDate(pl.now)
	}
	if pl.until, err = validUntil(pl.issued, pl.lt.validityYears); err != nil {
		return pl, err
	}
	pl.typeCode = LicenceTypeCode(pl.lt.kind, pl.lt.seq)
	return pl, nil
}

// takeSerial takes the next serial of the issuer, type and day in the
// transaction, and the seal's key (making the department's first seal when
// it has none).
func (s *Store) takeSerial(ctx context.Context, tx *Tx, pl *preparedLicence) error {
	var err error
	if pl.sealID == "" {
		if pl.sealID, pl.key, err = s.signingSeal(ctx, tx, pl.dept, pl.by); err != nil {
			return err
		}
	} else if pl.key, err = s.sealKey(ctx, tx, pl.sealID); err != nil {
		return err
	}
	var n int64
	if err := tx.QueryRowContext(ctx, `INSERT INTO licence_serials (issuer_code, type_code, day, last) VALUES ($1, $2, $3, 1)
		ON CONFLICT (issuer_code, type_code, day) DO UPDATE SET last = licence_serials.last + 1 RETURNING last`,
		pl.dept.Code, pl.typeCode, pl.issued).Scan(&n); err != nil {
		return err
	}
	pl.serial = licenceSerial(pl.issued, n)
	return nil
}

// sign builds the document, checks it (a licence with a wrong field must
// never carry a seal) and signs its canonical form. It touches no database.
func (pl *preparedLicence) sign(in issueInput) (licence.Licence, error) {
	ident, err := licence.Identifier(pl.typeCode, pl.dept.Code, pl.serial, LicenceVersion)
	if err != nil {
		return licence.Licence{}, err
	}
	issuer := licence.Issuer{DepartmentID: pl.dept.ID, Name: pl.dept.Name, Code: pl.dept.Code}
	fields := in.Fields
	if in.derive {
		fields = licenceFields(pl.lt.fields, in.form, in.outputs, in.Holder, issuer, pl.issued, pl.until)
	}
	doc := licence.Document{Identifier: ident, Type: in.Type, TypeName: pl.lt.name, Holder: in.Holder, Issuer: issuer,
		IssuedOn: pl.issued, ValidUntil: pl.until, Fields: fields, CaseNumber: in.caseNumber, SealID: pl.sealID}
	if err := doc.Validate(); err != nil {
		return licence.Licence{}, err
	}
	msg, err := doc.SignedBytes()
	if err != nil {
		return licence.Licence{}, err
	}
	sig, err := pl.key.Sign(msg)
	if err != nil {
		return licence.Licence{}, err
	}
	l := licence.Licence{ID: NewID(), Identifier: ident, Type: in.Type, TypeCode: pl.typeCode, TypeName: pl.lt.name, Holder: in.Holder,
		RepresentativeID: in.RepresentativeID, Issuer: issuer, Region: pl.dept.Region, SealID: pl.sealID, CaseID: in.caseID,
		CaseNumber: in.caseNumber, TaskID: in.taskID, Serial: pl.serial, Version: LicenceVersion, IssuedOn: pl.issued, ValidUntil: pl.until,
		Fields: fields, IssuedAt: pl.now, IssuedBy: pl.by, Document: string(msg), Signature: base64.StdEncoding.EncodeToString(sig)}
	if l.Fields == nil {
		l.Fields = map[string]string{}
	}
	l.Status = l.StatusAt(pl.now)
	return l, nil
}

// insertLicence writes the library row of a signed licence.
func (s *Store) insertLicence(ctx context.Context, tx *Tx, l *licence.Licence, dept org.Department) error {
	fj, _ := json.Marshal(l.Fields)
	_, err := tx.ExecContext(ctx, `INSERT INTO licences (id, identifier, type, type_code, type_name, holder_name, holder_id_type,
		holder_id_number, representative_id, department_id, issuer_name, issuer_code, region, seal_id, case_id, task_id, case_number,
		serial, version, issued_on, valid_until, fields, document, signature, issued_at, issued_by, search)
		VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21,$22,$23,$24,$25,$26,$27)`,
		l.ID, l.Identifier, l.Type, l.TypeCode, l.TypeName, l.Holder.Name, l.Holder.IDType, l.Holder.IDNumber, l.RepresentativeID,
		dept.ID, dept.Name, dept.Code, dept.Region, l.SealID, nullable(l.CaseID), nullable(l.TaskID), l.CaseNumber, l.Serial,
		l.Version, l.IssuedOn, nullable(l.ValidUntil), string(fj), l.Document, l.Signature, TS(l.IssuedAt), l.IssuedBy, licenceSearchText(l))
	return err
}

// licenceSearchText is what ?q= matches: identifier, holder, case number and type.
func licenceSearchText(l *licence.Licence) string {
	return strings.ToLower(strings.Join([]string{l.Identifier, l.Holder.Name, l.Holder.IDNumber, l.CaseNumber, l.TypeName, l.Type}, " "))
}

const licenceCols = `id, identifier, type, type_code, type_name, holder_name, holder_id_type, holder_id_number, representative_id,
	department_id, issuer_name, issuer_code, region, seal_id, case_id, task_id, case_number, serial, version, issued_on, valid_until,
	fields, document, signature, issued_at, issued_by, revoked_at, revoke_reason, revoked_by`

func (s *Store) scanLicence(sc interface{ Scan(...any) error }) (licence.Licence, error) {
	var l licence.Licence
	var caseID, taskID, until, revAt, revReason, revBy sql.NullString
	var fields, issuedAt string
	err := sc.Scan(&l.ID, &l.Identifier, &l.Type, &l.TypeCode, &l.TypeName, &l.Holder.Name, &l.Holder.IDType, &l.Holder.IDNumber,
		&l.RepresentativeID, &l.Issuer.DepartmentID, &l.Issuer.Name, &l.Issuer.Code, &l.Region, &l.SealID, &caseID, &taskID,
		&l.CaseNumber, &l.Serial, &l.Version, &l.IssuedOn, &until, &fields, &l.Document, &l.Signature, &issuedAt, &l.IssuedBy,
		&revAt, &revReason, &revBy)
	if err != nil {
		return l, err
	}
	l.CaseID, l.TaskID, l.ValidUntil = caseID.String, taskID.String, until.String
	l.RevokedAt, l.RevokeReason, l.RevokedBy = optTS(revAt), revReason.String, revBy.String
	l.IssuedAt = mustTS(issuedAt)
	l.Fields = map[string]string{}
	json.Unmarshal([]byte(fields), &l.Fields)
	l.Altered = l.AlteredFields()
	l.ShowSigned() // the signed document is the licence, whatever the columns say (audit reports a difference)
	l.Status = l.StatusAt(s.Now())
	return l, nil
}

// LicenceByID reads one licence.
func (s *Store) LicenceByID(ctx context.Context, id string) (licence.Licence, error) {
	l, err := s.scanLicence(s.r.QueryRowContext(ctx, `SELECT `+licenceCols+` FROM licences WHERE id = $1`, id))
	if isNoRows(err) {
		return l, onetrip.NotFound("store.licence.not_found", id)
	}
	return l, s.mapErr(err)
}

// LicenceByIdentifier reads a licence by its identifier (written as
// licence.ParseIdentifier normalises it).
func (s *Store) LicenceByIdentifier(ctx context.Context, identifier string) (licence.Licence, error) {
	l, err := s.scanLicence(s.r.QueryRowContext(ctx, `SELECT `+licenceCols+` FROM licences WHERE identifier = $1`, identifier))
	if isNoRows(err) {
		return l, onetrip.NotFound("store.licence.unknown_identifier", identifier)
	}
	return l, s.mapErr(err)
}

// LicenceQuery selects licences; the caller has narrowed it to the
// principal's scope.
type LicenceQuery struct {
	Holder        string // holder's ID number, or the legal representative's
	Department    string // issuing department
	RegionPrefix  string // issuing department's region
	Type          string
	Status        licence.Status
	Q             string // free text: identifier, holder, case number, type
	CaseID        string
	Limit, Offset int
}

// Licences lists licences, newest first.
func (s *Store) Licences(ctx context.Context, q LicenceQuery) ([]licence.Licence, error) {
	where := []string{"1=1"}
	var args []any
	arg := func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)) }
	if q.Holder != "" {
		a := arg(q.Holder)
		where = append(where, "(holder_id_number = "+a+" OR representative_id = "+a+")")
	}
	if q.Department != "" {
		where = append(where, "department_id = "+arg(q.Department))
	}
	if q.RegionPrefix != "" {
		where = append(where, "region LIKE "+arg(q.RegionPrefix+"%"))
	}
	if q.Type != "" {
		where = append(where, "type = "+arg(q.Type))
	}
	if q.CaseID != "" {
		where = append(where, "case_id = "+arg(q.CaseID))
	}
	today := chinaDate(s.Now())
	switch q.Status {
	case "":
	case licence.StatusValid:
		where = append(where, "revoked_at IS NULL AND (valid_until IS NULL OR valid_until >= "+arg(today)+")")
	case licence.StatusExpired:
		where = append(where, "revoked_at IS NULL AND valid_until < "+arg(today))
	case licence.StatusRevoked:
		where = append(where, "revoked_at IS NOT NULL")
	default:
		return nil, onetrip.Invalid("store.licence.bad_query", string(q.Status))
	}
	if t := strings.ToLower(strings.TrimSpace(q.Q)); t != "" {
		esc := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(t)
		where = append(where, "search LIKE "+arg("%"+esc+"%")+` ESCAPE '\'`)
	}
	limit := q.Limit
	if limit <= 0 || limit > 200 {
		limit = 50
	}
	rows, err := s.r.QueryContext(ctx, `SELECT `+licenceCols+` FROM licences WHERE `+strings.Join(where, " AND ")+
		` ORDER BY issued_at DESC, id DESC LIMIT `+strconv.Itoa(limit)+` OFFSET `+strconv.Itoa(max(0, q.Offset)), args...)
	if err != nil {
		return nil, s.mapErr(err)
	}
	defer rows.Close()
	out := []licence.Licence{}
	for rows.Next() {
		l, err := s.scanLicence(rows)
		if err != nil {
			return nil, s.mapErr(err)
		}
		out = append(out, l)
	}
	return out, s.mapErr(rows.Err())
}

// loadCaseLicences lists the licences a case produced (CaseByID).
func (s *Store) loadCaseLicences(ctx context.Context, c *casework.Case) error {
	if c.AcceptedAt == nil {
		return nil
	}
	rows, err := s.r.QueryContext(ctx, `SELECT id, identifier, type, type_name FROM licences WHERE case_id = $1 ORDER BY issued_at, id`, c.ID)
	if err != nil {
		return s.mapErr(err)
	}
	defer rows.Close()
	for rows.Next() {
		var r casework.LicenceRef
		if err := rows.Scan(&r.ID, &r.Identifier, &r.Type, &r.TypeName); err != nil {
			return s.mapErr(err)
		}
		c.Licences = append(c.Licences, r)
	}
	return s.mapErr(rows.Err())
}
