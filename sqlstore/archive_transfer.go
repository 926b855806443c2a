package sqlstore

import (
	"context"
	"encoding/base64"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"onetrip"
	"onetrip/archive"
	"onetrip/policy"
)

// PackageState is a package's state as messages name it.
type PackageState string

// Label is the state's name in a language.
func (s PackageState) Label(lang onetrip.Lang) string {
	return onetrip.Render(lang, "archive.state."+string(s))
}

// Transfer is a transfer batch (移交): a department's packages handed to
// the archives, with the signed transfer list.
type Transfer struct {
	ID             string    `json:"id"`
	Department     string    `json:"department"`
	DepartmentName string    `json:"department_name"`
	CreatedAt      time.Time `json:"created_at"`
	CreatedBy      string    `json:"created_by"`
	Count          int       `json:"count"`
	ListSM3        string    `json:"list_sm3"`
	Signature      string    `json:"signature"` // base64 DER SM2 of the list's XML
	XML            string    `json:"-"`
	Packages       []Package `json:"packages,omitempty"`
}

// Masked is the batch as pages and the API show it: its packages masked.
func (t Transfer) Masked() Transfer {
	t.Packages = append([]Package(nil), t.Packages...)
	for i := range t.Packages {
		t.Packages[i] = t.Packages[i].Masked()
	}
	return t
}

// TransferPackages hands packages of the archivist's department to the
// archives: each is checked again (四性检测 at transfer) and must pass and
// still be kept; the transfer list is written as XML and signed with the
// department's seal; the packages become transferred. Another
// department's package is not found; any refusal changes nothing.
func (s *Store) TransferPackages(ctx context.Context, p *onetrip.Principal, ids []string, store PackageStore) (Transfer, error) {
	if len(ids) == 0 {
		return Transfer{}, onetrip.Invalid("archive.transfer.empty")
	}
	var probs onetrip.Problems
	var pkgs []Package
	for i, id := range ids {
		if slices.Index(ids, id) != i {
			probs.Add("packages["+strconv.Itoa(i)+"]", "archive.transfer.repeated", id)
			continue
		}
		pkg, err := s.ArchivePackage(ctx, id)
		if onetrip.HasCode(err, onetrip.CodeNotFound) || (err == nil && !policy.CanTransferPackage(p, pkg.Department)) {
			return Transfer{}, onetrip.NotFound("archive.package.not_found", id)
		}
		if err != nil {
			return Transfer{}, err
		}
		if pkg.State != PackageKept {
			probs.Add("packages["+strconv.Itoa(i)+"]", "archive.transfer.not_kept", pkg.CaseNumber, PackageState(pkg.State))
			continue
		}
		pkgs = append(pkgs, pkg)
	}
	if err := probs.Err("archive.transfer.invalid", len(probs)); err != nil {
		return Transfer{}, err
	}
	// 四性检测 at transfer, recorded whatever it finds.
	for i, pkg := range pkgs {
		checked, err := s.RecheckPackage(ctx, pkg.ID, "transfer", p.Username, store)
		if err != nil {
			return Transfer{}, err
		}
		if !checked.CheckOK {
			probs.Add("packages["+strconv.Itoa(i)+"]", "archive.transfer.check_failed", pkg.CaseNumber)
		}
		pkgs[i] = checked
	}
	if err := probs.Err("archive.transfer.invalid", len(probs)); err != nil {
		return Transfer{}, err
	}
	dept, err := s.departmentCached(ctx, s.r, p.Department)
	if err != nil {
		return Transfer{}, err
	}
	now := s.Now()
	t := Transfer{ID: "AT-" + NewID(), Department: dept.ID, DepartmentName: dept.Name, CreatedAt: now, CreatedBy: p.Username, Count: len(pkgs), Packages: pkgs}
	list := archive.TransferList{ID: t.ID, Fonds: dept.ID, FondsName: dept.Name, Created: now, CreatedBy: p.Username}
	for _, pkg := range pkgs {
		list.Packages = append(list.Packages, archive.TransferEntry{PackageID: pkg.ID, CaseNumber: pkg.CaseNumber, ItemCode: pkg.ItemCode,
			ItemName: pkg.ItemName, Title: pkg.Applicant + " " + pkg.ItemName, Archived: pkg.ArchivedAt, Retention: pkg.Retention,
			Files: pkg.Files, Size: pkg.Size, SM3: pkg.SM3, Checked: pkg.CheckOK})
	}
	xmlBytes, err := archive.MarshalTransfer(list)
	if err != nil {
		return Transfer{}, err
	}
	t.XML, t.ListSM3 = string(xmlBytes), archive.SM3Hex(xmlBytes)
	err = s.Tx(ctx, func(tx *Tx) error {
		_, key, err := s.signingSeal(ctx, tx, dept, p.Username)
		if err != nil {
			return err
		}
		sig, err := key.Sign(xmlBytes)
		if err != nil {
			return err
		}
		t.Signature = base64.StdEncoding.EncodeToString(sig)
		for _, pkg := range pkgs {
			res, err := tx.ExecContext(ctx, `UPDATE archive_packages SET state = $1, transfer_id = $2 WHERE id = $3 AND state = $4`,
				PackageTransferred, t.ID, pkg.ID, PackageKept)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n != 1 {
				return onetrip.Conflict("archive.transfer.not_kept", pkg.CaseNumber, PackageState("changed"))
			}
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO archive_transfers (id, department_id, created_at, created_by, packages, list_xml, list_sm3, signature)
			VALUES ($1,$2,$3,$4,$5,$6,$7,$8)`, t.ID, t.Department, TS(now), t.CreatedBy, t.Count, t.XML, t.ListSM3, t.Signature)
		return err
	})
	if err != nil {
		return Transfer{}, err
	}
	for i := range t.Packages {
		t.Packages[i].State, t.Packages[i].TransferID = PackageTransferred, t.ID
	}
	return t, nil
}

// TransferByID returns a transfer batch with its packages, for its
// department's archivist or the region's admin.
func (s *Store) TransferByID(ctx context.Context, p *onetrip.Principal, id string) (Transfer, error) {
	var t Transfer
	var at string
	err := s.r.QueryRowContext(ctx, `SELECT id, department_id, created_at, created_by, packages, list_xml, list_sm3, signature FROM archive_transfers WHERE id = $1`, id).
		Scan(&t.ID, &t.Department, &at, &t.CreatedBy, &t.Count, &t.XML, &t.ListSM3, &t.Signature)
	if isNoRows(err) {
		return t, onetrip.NotFound("archive.transfer.not_found", id)
	}
	if err != nil {
		return t, s.mapErr(err)
	}
	dept, err := s.departmentCached(ctx, s.r, t.Department)
	if err != nil {
		return t, err
	}
	if !policy.CanReadPackage(p, dept.ID, dept.Region) {
		return Transfer{}, onetrip.NotFound("archive.transfer.not_found", id)
	}
	t.CreatedAt, t.DepartmentName = mustTS(at), dept.Name
	rows, err := s.r.QueryContext(ctx, `SELECT `+packageCols+` FROM archive_packages WHERE transfer_id = $1 ORDER BY archived_at, id`, id)
	if err != nil {
		return t, s.mapErr(err)
	}
	defer rows.Close()
	for rows.Next() {
		pkg, err := scanPackage(rows)
		if err != nil {
			return t, s.mapErr(err)
		}
		t.Packages = append(t.Packages, pkg)
	}
	return t, s.mapErr(rows.Err())
}

// MaxDestroyReason bounds a destruction proposal's reason (characters).
const MaxDestroyReason = 500

// ProposeDestruction is the archivist's proposal to destroy a package whose
// retention is over, with its reason; a package still within it (or
// permanent) is refused.
func (s *Store) ProposeDestruction(ctx context.Context, p *onetrip.Principal, id, reason string) error {
	reason = strings.TrimSpace(reason)
	if reason == "" || utf8.RuneCountInString(reason) > MaxDestroyReason {
		return onetrip.Invalid("archive.destroy.reason", MaxDestroyReason)
	}
	pkg, err := s.ArchivePackage(ctx, id)
	if err != nil {
		return err
	}
	if !policy.CanTransferPackage(p, pkg.Department) {
		return onetrip.NotFound("archive.package.not_found", id)
	}
	if !pkg.Retention.CanDestroy(pkg.ArchivedAt, s.Now()) {
		end, ok := pkg.Retention.Expires(pkg.ArchivedAt)
		if !ok {
			return onetrip.Conflict("archive.destroy.permanent", pkg.CaseNumber)
		}
		return onetrip.Conflict("archive.destroy.too_early", pkg.CaseNumber, end.Format(time.DateOnly))
	}
	return s.Tx(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO archive_destructions (package_id, department_id, case_number, item_code, retention, archived_at,
			proposed_at, proposed_by, reason, approved_at, approved_by) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,'','')`,
			pkg.ID, pkg.Department, pkg.CaseNumber, pkg.ItemCode, string(pkg.Retention), TS(pkg.ArchivedAt), TS(s.Now()), p.Username, reason)
		if err != nil && s.d.isUnique(err) {
			return onetrip.Conflict("archive.destroy.proposed", pkg.CaseNumber)
		}
		return err
	})
}

// ApproveDestruction is a region admin's approval of a proposed
// destruction: the package's bytes are removed from the archive storage
// by remove, its row says destroyed, and the destruction list keeps what
// it was. The proposer cannot approve.
func (s *Store) ApproveDestruction(ctx context.Context, p *onetrip.Principal, id string, remove func(sm3 string) error) error {
	pkg, err := s.ArchivePackage(ctx, id)
	if err != nil {
		return err
	}
	if p.Role != onetrip.RoleAdmin || !policy.CanReadPackage(p, pkg.Department, pkg.Region) {
		return onetrip.Forbidden("err.forbidden")
	}
	var by, approved string
	err = s.r.QueryRowContext(ctx, `SELECT proposed_by, approved_at FROM archive_destructions WHERE package_id = $1`, id).Scan(&by, &approved)
	if isNoRows(err) {
		return onetrip.Conflict("archive.destroy.not_proposed", pkg.CaseNumber)
	}
	if err != nil {
		return s.mapErr(err)
	}
	if approved != "" {
		return onetrip.Conflict("archive.destroy.done", pkg.CaseNumber)
	}
	if by == p.Username {
		return onetrip.Conflict("archive.destroy.own")
	}
	if !pkg.Retention.CanDestroy(pkg.ArchivedAt, s.Now()) {
		return onetrip.Conflict("archive.destroy.too_early", pkg.CaseNumber, "")
	}
	err = s.Tx(ctx, func(tx *Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE archive_destructions SET approved_at = $1, approved_by = $2 WHERE package_id = $3`, TS(s.Now()), p.Username, id); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `UPDATE archive_packages SET state = $1 WHERE id = $2`, PackageDestroyed, id)
		return err
	})
	if err != nil {
		return err
	}
	return remove(pkg.SM3)
}

func init() {
	onetrip.Register(onetrip.Messages{
		"archive.transfer.invalid":      {"移交有 %d 处问题，全部未移交", "the transfer has %d problem(s); nothing was transferred"},
		"archive.transfer.repeated":     {"归档包 %s 重复", "package %s appears twice"},
		"archive.transfer.not_kept":     {"办件 %s 的归档包状态为“%s”，不能移交", "the package of case %s is “%s” and cannot be transferred"},
		"archive.state.kept":            {"保管中", "kept"},
		"archive.state.transferred":     {"已移交", "transferred"},
		"archive.state.destroyed":       {"已销毁", "destroyed"},
		"archive.state.changed":         {"已变更", "changed"},
		"archive.transfer.check_failed": {"办件 %s 的归档包未通过四性检测，不能移交", "the package of case %s failed the 四性检测 and cannot be transferred"},
		"archive.transfer.not_found":    {"没有移交批次 %s", "there is no transfer batch %s"},
		"archive.destroy.permanent":     {"办件 %s 的归档包永久保存，不能销毁", "the package of case %s is kept permanently and cannot be destroyed"},
		"archive.destroy.too_early":     {"办件 %s 的归档包保管期限未满（%s 期满），不能销毁", "the package of case %s is within its retention (ends %s) and cannot be destroyed"},
		"archive.destroy.proposed":      {"办件 %s 的归档包已提出销毁", "destroying the package of case %s is already proposed"},
		"archive.destroy.not_proposed":  {"办件 %s 的归档包未提出销毁", "nobody proposed destroying the package of case %s"},
		"archive.destroy.done":          {"办件 %s 的归档包已销毁", "the package of case %s is destroyed"},
		"archive.destroy.reason":        {"请写明销毁理由（最多 %d 字）", "give the reason for destroying (at most %d characters)"},
		"archive.destroy.own":           {"不能批准自己提出的销毁，请另一位管理员批准", "you cannot approve your own proposal; another admin must"},
	})
}
