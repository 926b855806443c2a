package sqlstore

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"onetrip"
	"onetrip/archive"
	"onetrip/blob"
	"onetrip/casework"
	"onetrip/idcode"
	"onetrip/intake"
	"onetrip/licence"
	"onetrip/org"
	"onetrip/policy"
	"onetrip/seal"
)

// Electronic filing: a closed case becomes, after a quiet period, one
// archive package per department that worked on it (archive.Parts), built
// from the working record and the uploaded files, signed with the
// department's seal, checked (四性检测) and stored in the archive storage;
// the case moves to archived in the same transaction as the packages'
// rows, its log naming them (case.archived).

// BlobReader reads uploaded files (the blob store).
type BlobReader interface {
	Get(id string) ([]byte, error)
}

// PackageStore is the archive storage: a blob root of its own.
type PackageStore interface {
	PutAs(data []byte, contentType string) (blob.Info, error)
	Get(id string) ([]byte, error)
}

// Package is one archive package as the archive lists it.
type Package struct {
	ID             string            `json:"id"`
	CaseID         string            `json:"case_id"`
	Department     string            `json:"department"`
	DepartmentName string            `json:"department_name"`
	Region         string            `json:"region"`
	ItemCode       string            `json:"item_code"`
	ItemName       string            `json:"item_name"`
	CaseNumber     string            `json:"case_number"`
	Applicant      string            `json:"applicant"`
	ApplicantType  string            `json:"applicant_type"`
	ApplicantID    string            `json:"applicant_id"`
	ClosedAt       time.Time         `json:"closed_at"`
	ArchivedAt     time.Time         `json:"archived_at"`
	Retention      archive.Retention `json:"retention"`
	SM3            string            `json:"sm3"`
	Size           int64             `json:"size"`
	Files          int               `json:"files"`
	State          string            `json:"state"`
	CheckOK        bool              `json:"check_ok"`
	Check          archive.Report    `json:"check"`
	CheckedAt      time.Time         `json:"checked_at"`
	TransferID     string            `json:"transfer_id,omitempty"`
}

// Package states.
const (
	PackageKept        = "kept"
	PackageTransferred = "transferred"
	PackageDestroyed   = "destroyed"
)

// CasesDueForArchive lists closed cases whose quiet period is over, oldest
// first.
func (s *Store) CasesDueForArchive(ctx context.Context, quiet time.Duration, limit int) ([]string, error) {
	return s.column(ctx, `SELECT id FROM cases WHERE status = $1 AND closed_at <= $2 ORDER BY closed_at, id LIMIT `+strconv.Itoa(max(1, limit)),
		string(intake.StatusClosed), TS(s.Now().Add(-quiet)))
}

// RetentionOf is an item's retention period.
func (s *Store) RetentionOf(ctx context.Context, item string) (archive.Retention, error) {
	var r string
	err := s.r.QueryRowContext(ctx, `SELECT retention FROM archive_retention WHERE item_code = $1`, item).Scan(&r)
	if isNoRows(err) {
		return archive.DefaultRetention, nil
	}
	if err != nil {
		return "", s.mapErr(err)
	}
	return archive.Retention(r), nil
}

// SetRetention sets an item's retention period.
func (s *Store) SetRetention(ctx context.Context, item string, r archive.Retention, actor string) error {
	if _, err := archive.ParseRetention(string(r)); err != nil {
		return err
	}
	if ok, err := s.itemExists(ctx, s.r, item); err != nil || !ok {
		if err == nil {
			err = onetrip.NotFound("store.catalog.item_not_found", item)
		}
		return err
	}
	return s.Tx(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO archive_retention (item_code, retention, updated_at, updated_by) VALUES ($1,$2,$3,$4)
			ON CONFLICT (item_code) DO UPDATE SET retention = excluded.retention, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
			item, string(r), TS(s.Now()), actor)
		return err
	})
}

// ArchiveCase builds, checks and stores the packages of a closed case and
// moves it to archived. A case already archived answers its packages; any
// other status is a conflict. Nothing is recorded unless every package
// was built (an orphaned zip in the storage is harmless: it is named by
// its content and built again the same way).
func (s *Store) ArchiveCase(ctx context.Context, caseID string, files BlobReader, store PackageStore) ([]Package, error) {
	c, err := s.CaseByID(ctx, caseID)
	if err != nil {
		return nil, err
	}
	if c.Status == intake.StatusArchived {
		return s.ArchivePackages(ctx, PackageQuery{Case: caseID})
	}
	if c.Status != intake.StatusClosed {
		return nil, onetrip.Conflict("casework.archive.not_closed", string(c.Status))
	}
	evs, err := s.Events(ctx, caseID)
	if err != nil {
		return nil, err
	}
	notices, err := s.Notices(ctx, caseID)
	if err != nil {
		return nil, err
	}
	g, err := s.caseGuide(ctx, &c)
	if err != nil {
		return nil, err
	}
	licences := map[string]licence.Licence{}
	for _, l := range c.Licences {
		if licences[l.ID], err = s.LicenceByID(ctx, l.ID); err != nil {
			return nil, err
		}
	}
	parts := archive.Parts(&c, evs, notices, func(step string) []string { return casework.StepMaterials(&c, g, step) },
		func(id string) string { return licences[id].Issuer.DepartmentID })
	now := s.Now()
	var pkgs []Package
	for _, part := range parts {
		p, err := s.buildPackage(ctx, &c, part, licences, now, files, store)
		if err != nil {
			return nil, err
		}
		pkgs = append(pkgs, p)
	}
	clk, err := s.clock(ctx)
	if err != nil {
		return nil, err
	}
	refs := make([]casework.PackageRef, len(pkgs))
	for i, p := range pkgs {
		refs[i] = casework.PackageRef{ID: p.ID, Department: p.Department, SM3: p.SM3}
	}
	res, err := casework.ArchiveCase(c, refs, clk)
	if err != nil {
		return nil, err
	}
	err = s.runCase(ctx, &res, "onetrip.archive", nil, 0, func(tx *Tx) error {
		for _, p := range pkgs {
			rep := jsonText(p.Check)
			if _, err := tx.ExecContext(ctx, `INSERT INTO archive_packages (id, case_id, department_id, department_name, region, item_code, item_name,
				case_number, applicant, applicant_type, applicant_id, closed_at, archived_at, retention, blob, size, files, state, check_ok, check_report, checked_at, transfer_id)
				VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21,'')`,
				p.ID, p.CaseID, p.Department, p.DepartmentName, p.Region, p.ItemCode, p.ItemName, p.CaseNumber, p.Applicant, p.ApplicantType, p.ApplicantID,
				TS(p.ClosedAt), TS(p.ArchivedAt), string(p.Retention), p.SM3, p.Size, p.Files, p.State, boolInt(p.CheckOK), rep, TS(p.CheckedAt)); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO archive_checks (id, package_id, reason, at, actor, ok, report) VALUES ($1,$2,'created',$3,'onetrip.archive',$4,$5)`,
				NewID(), p.ID, TS(p.CheckedAt), boolInt(p.CheckOK), checkRecord(p.Check)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return pkgs, nil
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// partRecord is the case as a department's package records it: the
// working record's headline with only the department's tasks and the
// materials its steps used.
type partRecord struct {
	ID         string                `json:"id"`
	Number     string                `json:"number"`
	Title      string                `json:"title"`
	Item       string                `json:"item,omitempty"`
	Bundle     string                `json:"bundle,omitempty"`
	Region     string                `json:"region"`
	Channel    intake.Channel        `json:"channel"`
	Applicant  intake.Applicant      `json:"applicant"`
	Parties    []intake.Party        `json:"parties,omitempty"`
	Agent      *intake.Agent         `json:"agent,omitempty"`
	Delivery   string                `json:"delivery"`
	Decision   string                `json:"decision"`
	AcceptedAt *time.Time            `json:"accepted_at,omitempty"`
	DecidedAt  *time.Time            `json:"decided_at,omitempty"`
	ClosedAt   *time.Time            `json:"closed_at,omitempty"`
	Visits     casework.VisitSummary `json:"visits"`
	Department string                `json:"department"`
	Materials  []casework.Material   `json:"materials"`
}

func (s *Store) buildPackage(ctx context.Context, c *casework.Case, part archive.Part, licences map[string]licence.Licence, now time.Time, files BlobReader, store PackageStore) (Package, error) {
	dept, err := s.departmentCached(ctx, s.r, part.Department)
	if err != nil {
		return Package{}, err
	}
	sealID, key, err := s.archiveSeal(ctx, dept)
	if err != nil {
		return Package{}, err
	}
	item := c.Item
	if len(part.Tasks) > 0 {
		item = part.Tasks[0].Step
	}
	itemName := s.itemName(ctx, item)
	retention, err := s.RetentionOf(ctx, item)
	if err != nil {
		return Package{}, err
	}
	js := func(v any) []byte { b, _ := json.MarshalIndent(v, "", "  "); return append(b, '\n') }
	rec := partRecord{ID: c.ID, Number: c.Number, Title: c.Title, Item: c.Item, Bundle: c.Bundle, Region: c.Region, Channel: c.Channel,
		Applicant: c.Applicant, Parties: c.Parties, Agent: c.Agent, Delivery: c.Delivery, Decision: c.Decision, AcceptedAt: c.AcceptedAt,
		DecidedAt: c.DecidedAt, ClosedAt: c.ClosedAt, Visits: c.Visits, Department: part.Department, Materials: part.Materials}
	out := []archive.File{
		{Path: "record.json", Role: archive.RoleRecord, Title: "办件记录", Type: "application/json", Bytes: js(rec)},
		{Path: "form.json", Role: archive.RoleForm, Title: "申请表", Type: "application/json", Bytes: formBytes(c.Form)},
	}
	for i, m := range part.Materials {
		base := fmt.Sprintf("materials/%02d-%s", i+1, fileSafe(m.Name))
		if len(m.Files) == 0 {
			out = append(out, archive.File{Path: base + ".json", Role: archive.RoleMaterial, Title: m.Name, Type: "application/json",
				Bytes: js(map[string]any{"name": m.Name, "source": m.Source, "state": m.State, "ref": m.Ref, "reason": m.Reason})})
			continue
		}
		for j, id := range m.Files {
			b, err := files.Get(id)
			if err != nil {
				return Package{}, fmt.Errorf("archive %s: material %s file %s: %w", c.Number, m.Name, id, err)
			}
			typ := blob.Sniff(b)
			out = append(out, archive.File{Path: fmt.Sprintf("%s-%d%s", base, j+1, extOf(typ)), Role: archive.RoleMaterial, Title: m.Name, Type: typ, Bytes: b})
		}
	}
	out = append(out, archive.File{Path: "tasks.json", Role: archive.RoleTask, Title: "审查记录", Type: "application/json", Bytes: js(part.Tasks)})
	if len(part.Notices) > 0 {
		out = append(out, archive.File{Path: "notices.json", Role: archive.RoleNotice, Title: "补正通知", Type: "application/json", Bytes: js(part.Notices)})
	}
	for _, ref := range part.Licences {
		l := licences[ref.ID]
		sd, err := s.Signed(ctx, &l)
		if err != nil {
			return Package{}, err
		}
		out = append(out, archive.File{Path: "result/licence-" + fileSafe(l.Identifier) + ".json", Role: archive.RoleResult, Title: l.TypeName, Type: "application/json", Bytes: js(sd)})
	}
	out = append(out, archive.File{Path: "events.json", Role: archive.RoleEvents, Title: "事件记录", Type: "application/json", Bytes: js(part.Events)})

	id := "AP-" + NewID()
	accepted, closed := now, now
	if c.AcceptedAt != nil {
		accepted = *c.AcceptedAt
	}
	if c.ClosedAt != nil {
		closed = *c.ClosedAt
	}
	meta := archive.Metadata{PackageID: id, Fonds: dept.ID, FondsName: dept.Name, Region: dept.Region, ItemCode: item, ItemName: itemName,
		CaseID: c.ID, CaseNumber: c.Number, Title: c.Applicant.Name + " " + itemName, Applicant: c.Applicant.Name, ApplicantID: c.Applicant.IDNumber,
		Accepted: accepted, Closed: closed, Archived: now, Retention: retention, Result: cmp.Or(c.Decision, "closed")}
	zipBytes, _, err := archive.Build(meta, out, archive.Signer{Name: dept.Name + "（" + sealID + "）", Key: key})
	if err != nil {
		return Package{}, err
	}
	info, err := store.PutAs(zipBytes, "application/zip")
	if err != nil {
		return Package{}, err
	}
	rep := archive.Check(zipBytes, key.Public())
	return Package{ID: id, CaseID: c.ID, Department: dept.ID, DepartmentName: dept.Name, Region: dept.Region, ItemCode: item, ItemName: itemName,
		CaseNumber: c.Number, Applicant: c.Applicant.Name, ApplicantType: c.Applicant.Type, ApplicantID: c.Applicant.IDNumber, ClosedAt: closed, ArchivedAt: now, Retention: retention,
		SM3: info.ID, Size: int64(len(zipBytes)), Files: len(out), State: PackageKept, CheckOK: rep.OK(), Check: rep, CheckedAt: now}, nil
}

// archiveSeal is the department's active seal, read without a write
// transaction when it exists (archiving runs beside intake, and on SQLite
// every write transaction waits its turn); created in one when it does not.
func (s *Store) archiveSeal(ctx context.Context, dept org.Department) (string, *seal.Key, error) {
	var id string
	err := s.r.QueryRowContext(ctx, `SELECT id FROM seals WHERE department_id = $1 AND retired_at IS NULL`, dept.ID).Scan(&id)
	if err == nil {
		k, err := s.sealKey(ctx, s.r, id)
		return id, k, err
	}
	if !isNoRows(err) {
		return "", nil, s.mapErr(err)
	}
	var key *seal.Key
	err = s.Tx(ctx, func(tx *Tx) error {
		var err error
		id, key, err = s.signingSeal(ctx, tx, dept, "onetrip.archive")
		return err
	})
	return id, key, err
}

func formBytes(f json.RawMessage) []byte {
	if len(f) == 0 || !json.Valid(f) {
		return []byte("{}\n")
	}
	return append(bytes.Clone(f), '\n')
}

// fileSafe keeps a name usable as a file name in any archive tool.
func fileSafe(s string) string {
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || strings.ContainsRune(`/\:*?"<>|`, r) {
			return '_'
		}
		return r
	}, s)
	if r := []rune(s); len(r) > 40 {
		s = string(r[:40])
	}
	return s
}

func extOf(typ string) string {
	switch typ {
	case "application/pdf":
		return ".pdf"
	case "image/jpeg":
		return ".jpg"
	case "image/png":
		return ".png"
	case "application/ofd":
		return ".ofd"
	}
	return ".bin"
}

// PackageQuery filters the package list; empty fields do not filter.
type PackageQuery struct {
	Case       string
	Department string
	Region     string // packages of departments in this region or inside it
	Failed     bool   // only packages whose last 四性检测 failed (destroyed ones left out)
	Number     string // case number, exact or a prefix
	Item       string
	Applicant  string // the applicant's name
	From, To   string // archived on or after / on or before, YYYY-MM-DD
	Limit      int
}

const packageCols = `id, case_id, department_id, department_name, region, item_code, item_name, case_number, applicant, applicant_type, applicant_id,
	closed_at, archived_at, retention, blob, size, files, state, check_ok, check_report, checked_at, transfer_id`

func scanPackage(sc interface{ Scan(...any) error }) (Package, error) {
	var p Package
	var closed, archived, checked, rep, ret string
	var ok int
	if err := sc.Scan(&p.ID, &p.CaseID, &p.Department, &p.DepartmentName, &p.Region, &p.ItemCode, &p.ItemName, &p.CaseNumber, &p.Applicant, &p.ApplicantType, &p.ApplicantID,
		&closed, &archived, &ret, &p.SM3, &p.Size, &p.Files, &p.State, &ok, &rep, &checked, &p.TransferID); err != nil {
		return p, err
	}
	p.ClosedAt, p.ArchivedAt, p.CheckedAt, p.Retention, p.CheckOK = mustTS(closed), mustTS(archived), mustTS(checked), archive.Retention(ret), ok == 1
	if err := json.Unmarshal([]byte(rep), &p.Check); err != nil {
		return p, err
	}
	return p, nil
}

func init() {
	onetrip.Register(onetrip.Messages{
		"archive.package.not_found": {"没有归档包 %s", "there is no archive package %s"},
		"archive.storage.none":      {"本节点未配置档案存储", "this node has no archive storage"},
	})
}

// Check validates what a person typed into a query: dates as YYYY-MM-DD.
func (q PackageQuery) Check() error {
	var p onetrip.Problems
	for _, d := range []struct{ field, v string }{{"from", q.From}, {"to", q.To}} {
		if d.v != "" {
			if _, err := time.Parse(time.DateOnly, d.v); err != nil {
				p.Add(d.field, "http.bad_query", d.field, d.v)
			}
		}
	}
	return p.Err("err.validation", len(p))
}

// ArchivePackages lists packages, newest first.
func (s *Store) ArchivePackages(ctx context.Context, q PackageQuery) ([]Package, error) {
	where := []string{"1=1"}
	var args []any
	arg := func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)) }
	if q.Case != "" {
		where = append(where, "case_id = "+arg(q.Case))
	}
	if q.Department != "" {
		where = append(where, "department_id = "+arg(q.Department))
	}
	if q.Region != "" {
		where = append(where, "region LIKE "+arg(idcode.RegionPrefix(q.Region)+"%"))
	}
	if q.Failed {
		where = append(where, "check_ok = 0 AND state <> "+arg(PackageDestroyed))
	}
	if q.Number != "" {
		where = append(where, "case_number LIKE "+arg(escapeLike(q.Number)+"%")+` ESCAPE '\'`)
	}
	if q.Item != "" {
		where = append(where, "item_code = "+arg(q.Item))
	}
	if q.Applicant != "" {
		where = append(where, "applicant LIKE "+arg("%"+escapeLike(q.Applicant)+"%")+` ESCAPE '\'`)
	}
	if q.From != "" {
		where = append(where, "archived_at >= "+arg(q.From))
	}
	if q.To != "" {
		where = append(where, "archived_at < "+arg(q.To+"~"))
	}
	limit := q.Limit
	if limit <= 0 || limit > 500 {
		limit = 200
	}
	rows, err := s.r.QueryContext(ctx, `SELECT `+packageCols+` FROM archive_packages WHERE `+strings.Join(where, " AND ")+
		` ORDER BY archived_at DESC, id LIMIT `+strconv.Itoa(limit), args...)
	if err != nil {
		return nil, s.mapErr(err)
	}
	defer rows.Close()
	out := []Package{}
	for rows.Next() {
		p, err := scanPackage(rows)
		if err != nil {
			return nil, s.mapErr(err)
		}
		out = append(out, p)
	}
	return out, s.mapErr(rows.Err())
}

// ArchivePackage returns one package.
func (s *Store) ArchivePackage(ctx context.Context, id string) (Package, error) {
	p, err := scanPackage(s.r.QueryRowContext(ctx, `SELECT `+packageCols+` FROM archive_packages WHERE id = $1`, id))
	if isNoRows(err) {
		return p, onetrip.NotFound("archive.package.not_found", id)
	}
	return p, s.mapErr(err)
}

// VisiblePackage returns a package the principal may read (policy.CanReadPackage);
// another department's is not found.
func (s *Store) VisiblePackage(ctx context.Context, p *onetrip.Principal, id string) (Package, error) {
	pkg, err := s.ArchivePackage(ctx, id)
	if err != nil {
		return pkg, err
	}
	if !policy.CanReadPackage(p, pkg.Department, pkg.Region) {
		return Package{}, onetrip.NotFound("archive.package.not_found", id)
	}
	return pkg, nil
}

// checkRecord is a check as its history keeps it: what passed and what
// was found, without the package's metadata (the package row and the zip
// have it), so a package's checks cost a few hundred bytes each.
func checkRecord(r archive.Report) string {
	r.Metadata = nil
	return jsonText(r)
}

// Masked is the package as a list shows it: the applicant's number masked
// (a person's; an organisation's code is public).
func (p Package) Masked() Package {
	p.ApplicantID = policy.MaskID(p.ApplicantType, p.ApplicantID)
	if m := p.Check.Metadata; m != nil {
		mm := *m
		mm.ApplicantID = p.ApplicantID
		p.Check.Metadata = &mm
	}
	return p
}

// RecheckPackage runs the 四性检测 on a package again (on demand, at
// transfer) against the department's published seal keys, and records it.
func (s *Store) RecheckPackage(ctx context.Context, id, reason, actor string, store PackageStore) (Package, error) {
	pkg, err := s.ArchivePackage(ctx, id)
	if err != nil {
		return pkg, err
	}
	b, err := store.Get(pkg.SM3)
	var rep archive.Report
	if err != nil {
		rep = archive.Report{Passed: map[string]bool{}, Problems: []archive.Problem{{Check: archive.CheckIntegrity, Key: "archive.check.missing", File: pkg.SM3}}}
		for _, c := range archive.Checks {
			rep.Passed[c] = false
		}
	} else {
		rep = s.checkWithSeals(ctx, b, pkg.Department)
	}
	now := TS(s.Now())
	err = s.Tx(ctx, func(tx *Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE archive_packages SET check_ok = $1, check_report = $2, checked_at = $3 WHERE id = $4`,
			boolInt(rep.OK()), jsonText(rep), now, id); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO archive_checks (id, package_id, reason, at, actor, ok, report) VALUES ($1,$2,$3,$4,$5,$6,$7)`,
			NewID(), id, reason, now, actor, boolInt(rep.OK()), checkRecord(rep))
		return err
	})
	if err != nil {
		return pkg, err
	}
	pkg.Check, pkg.CheckOK, pkg.CheckedAt = rep, rep.OK(), mustTS(now)
	return pkg, nil
}

// checkWithSeals checks a package against each of the department's seals
// (a rotated seal signed the older packages) and keeps the report of the
// one the package names, or the first.
func (s *Store) checkWithSeals(ctx context.Context, b []byte, deptID string) archive.Report {
	ds, err := s.Seals(ctx, deptID)
	if err != nil {
		return archive.Check(b, nil)
	}
	var first *archive.Report
	for _, si := range ds.Seals {
		pub, err := s.sealPublic(ctx, si.ID)
		if err != nil || pub == nil {
			continue
		}
		r := archive.Check(b, pub.key)
		if r.OK() {
			return r
		}
		if first == nil {
			first = &r
		}
	}
	if first != nil {
		return *first
	}
	return archive.Check(b, nil)
}

// DefaultArchiveQuiet is how long a closed case stays in the working
// tables before it is archived: long enough for a late complaint or a
// correction of the result to find it there.
const DefaultArchiveQuiet = 7 * 24 * time.Hour

// ArchiveResult is what one archiving run did.
type ArchiveResult struct {
	Cases, Packages int
	Failed          []string // case numbers whose packages failed their 四性检测 (archived all the same, listed on the archive page)
}

// ArchiveDue archives every closed case whose quiet period is over, at
// most limit (0: all). A case another node archived meanwhile is skipped.
func (s *Store) ArchiveDue(ctx context.Context, quiet time.Duration, files BlobReader, store PackageStore, limit int) (ArchiveResult, error) {
	return s.ArchiveDuePaced(ctx, quiet, files, store, limit, 1)
}

// ArchiveJobDuty is the share of its time the archive job works: between
// two cases it rests as long again as the case took, so archiving, which
// is all CPU (deflate, SM3, SM2), leaves intake on the same node most of
// the machine (BenchmarkArchive measures the effect).
const ArchiveJobDuty = 0.5

// ArchiveDuePaced is ArchiveDue working duty (0 < duty ≤ 1) of its time.
func (s *Store) ArchiveDuePaced(ctx context.Context, quiet time.Duration, files BlobReader, store PackageStore, limit int, duty float64) (ArchiveResult, error) {
	if duty <= 0 || duty > 1 {
		duty = 1
	}
	var res ArchiveResult
	for limit <= 0 || res.Cases < limit {
		batch := 100
		if limit > 0 {
			batch = min(batch, limit-res.Cases)
		}
		ids, err := s.CasesDueForArchive(ctx, quiet, batch)
		if err != nil || len(ids) == 0 {
			return res, err
		}
		for _, id := range ids {
			t0 := time.Now()
			pkgs, err := s.ArchiveCase(ctx, id, files, store)
			if duty < 1 {
				rest := time.Duration(float64(time.Since(t0)) * (1 - duty) / duty)
				select {
				case <-time.After(rest):
				case <-ctx.Done():
					return res, ctx.Err()
				}
			}
			if onetrip.HasCode(err, onetrip.CodeConflict) {
				continue
			}
			if err != nil {
				return res, err
			}
			res.Cases++
			res.Packages += len(pkgs)
			for _, p := range pkgs {
				if !p.CheckOK {
					res.Failed = append(res.Failed, p.CaseNumber)
				}
			}
		}
	}
	return res, nil
}
