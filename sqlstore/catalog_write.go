package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strings"

	"onetrip"
	"onetrip/catalog"
	"onetrip/org"
)

// ImportResult counts what an import changed.
type ImportResult struct {
	ItemsCreated      int `json:"items_created"`
	ItemsNewVersion   int `json:"items_new_version"`
	ItemsUnchanged    int `json:"items_unchanged"`
	BundlesCreated    int `json:"bundles_created"`
	BundlesNewVersion int `json:"bundles_new_version"`
	BundlesUnchanged  int `json:"bundles_unchanged"`
	DraftsDiscarded   int `json:"drafts_discarded"`
}

// ImportCatalog stores a whole catalogue in one transaction. The catalogue
// must already pass catalog.Validate (the caller rejects a file with any
// problem, whole). Items and bundles that changed get a new published
// version (a pending draft of theirs is discarded); unchanged ones keep their
// version; items absent from the file stay as they are. Department kinds new
// to the database get their Zhejiang departments.
func (s *Store) ImportCatalog(ctx context.Context, c *catalog.Catalog, by string) (ImportResult, error) {
	var res ImportResult
	if err := catalog.Validate(c); err != nil {
		return res, err
	}
	now := TS(s.Now())
	err := s.Tx(ctx, func(tx *Tx) error {
		if err := SetMeta(ctx, tx, "store.catalog.version", c.Version); err != nil {
			return err
		}
		if err := SetMeta(ctx, tx, "store.catalog.note", c.Note); err != nil {
			return err
		}
		var kinds []org.Kind
		for i, k := range c.DepartmentKinds {
			if _, err := tx.ExecContext(ctx, `INSERT INTO department_kinds (kind, name, short, seq) VALUES ($1,$2,$3,$4)
				ON CONFLICT (kind) DO UPDATE SET name = excluded.name, short = excluded.short, seq = excluded.seq`,
				k.Kind, k.Name, k.Short, i+1); err != nil {
				return err
			}
			kinds = append(kinds, org.Kind{Kind: k.Kind, Name: k.Name, Short: k.Short})
		}
		if err := ensureDepartments(ctx, tx, kinds); err != nil {
			return err
		}
		for i, l := range c.LicenceTypes {
			fields, _ := json.Marshal(l.Fields)
			if _, err := tx.ExecContext(ctx, `INSERT INTO licence_types (code, seq, name, issuer_kind, holder, validity_years, fields)
				VALUES ($1,$2,$3,$4,$5,$6,$7) ON CONFLICT (code) DO UPDATE SET seq = excluded.seq, name = excluded.name,
				issuer_kind = excluded.issuer_kind, holder = excluded.holder, validity_years = excluded.validity_years, fields = excluded.fields`,
				l.Code, i+1, l.Name, l.IssuerKind, string(l.Holder), l.ValidityYears, string(fields)); err != nil {
				return err
			}
		}
		for i, d := range c.SharedData {
			fields, _ := json.Marshal(d.Fields)
			if _, err := tx.ExecContext(ctx, `INSERT INTO data_items (code, seq, name, provider_kind, subject, fields, level)
				VALUES ($1,$2,$3,$4,$5,$6,$7) ON CONFLICT (code) DO UPDATE SET seq = excluded.seq, name = excluded.name,
				provider_kind = excluded.provider_kind, subject = excluded.subject, fields = excluded.fields, level = excluded.level`,
				d.Code, i+1, d.Name, d.ProviderKind, string(d.Subject), string(fields), string(d.Level)); err != nil {
				return err
			}
		}
		deptNames := map[string]string{}
		for _, k := range c.DepartmentKinds {
			deptNames[k.Kind] = k.Name
		}
		for i, it := range c.Items {
			created, changed, discarded, err := s.putVersion(ctx, tx, itemTable, it.Code, it, i+1, by, now)
			if err != nil {
				return err
			}
			res.DraftsDiscarded += discarded
			switch {
			case created:
				res.ItemsCreated++
			case changed:
				res.ItemsNewVersion++
			default:
				res.ItemsUnchanged++
			}
			if err := upsertItemRow(ctx, tx, it, deptNames[it.DepartmentKind], i+1); err != nil {
				return err
			}
		}
		for i, b := range c.Bundles {
			created, changed, discarded, err := s.putVersion(ctx, tx, bundleTable, b.Code, b, i+1, by, now)
			if err != nil {
				return err
			}
			res.DraftsDiscarded += discarded
			switch {
			case created:
				res.BundlesCreated++
			case changed:
				res.BundlesNewVersion++
			default:
				res.BundlesUnchanged++
			}
			if err := upsertBundleRow(ctx, tx, b, i+1); err != nil {
				return err
			}
		}
		return nil
	})
	return res, err
}

// table names the two versioned kinds of record.
type table struct{ main, versions string }

var (
	itemTable   = table{"items", "item_versions"}
	bundleTable = table{"bundles", "bundle_versions"}
)

// putVersion publishes body as the record's newest version unless it equals
// the published one. The summary row must be upserted by the caller after.
func (s *Store) putVersion(ctx context.Context, tx *Tx, t table, code string, body any, seq int, by, now string) (created, changed bool, discarded int, err error) {
	b, err := json.Marshal(body)
	if err != nil {
		return false, false, 0, err
	}
	var pv, dv sql.NullInt64
	err = tx.QueryRowContext(ctx, `SELECT published_version, draft_version FROM `+t.main+` WHERE code = $1`, code).Scan(&pv, &dv)
	exists := err == nil
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return false, false, 0, err
	}
	if exists && pv.Valid {
		var cur string
		if err := tx.QueryRowContext(ctx, `SELECT body FROM `+t.versions+` WHERE code = $1 AND version = $2`, code, pv.Int64).Scan(&cur); err != nil {
			return false, false, 0, err
		}
		if sameJSON(cur, string(b)) {
			_, err := tx.ExecContext(ctx, `UPDATE `+t.main+` SET seq = $1 WHERE code = $2`, seq, code)
			return false, false, 0, err
		}
	}
	if dv.Valid {
		if _, err := tx.ExecContext(ctx, `DELETE FROM `+t.versions+` WHERE code = $1 AND version = $2`, code, dv.Int64); err != nil {
			return false, false, 0, err
		}
		discarded = 1
	}
	var next int
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) + 1 FROM `+t.versions+` WHERE code = $1`, code).Scan(&next); err != nil {
		return false, false, 0, err
	}
	if pv.Valid {
		if _, err := tx.ExecContext(ctx, `UPDATE `+t.versions+` SET state = $1 WHERE code = $2 AND version = $3`, StateSuperseded, code, pv.Int64); err != nil {
			return false, false, 0, err
		}
	}
	if !exists {
		if err := insertPlaceholder(ctx, tx, t, code, seq); err != nil {
			return false, false, 0, err
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO `+t.versions+` (code, version, state, body, created_at, created_by, published_at, published_by)
		VALUES ($1,$2,$3,$4,$5,$6,$7,$8)`, code, next, StatePublished, string(b), now, by, now, by); err != nil {
		return false, false, 0, err
	}
	_, err = tx.ExecContext(ctx, `UPDATE `+t.main+` SET published_version = $1, draft_version = NULL WHERE code = $2`, next, code)
	return !exists, exists, discarded, err
}

// insertPlaceholder creates the summary row a version refers to; the caller
// fills it with upsertItemRow / upsertBundleRow.
func insertPlaceholder(ctx context.Context, tx *Tx, t table, code string, seq int) error {
	if t == itemTable {
		_, err := tx.ExecContext(ctx, `INSERT INTO items (code, seq, name, kind, department_kind, level, window_category, online,
			max_visits, promised_days, search) VALUES ($1,$2,'','','','','','',0,0,'')`, code, seq)
		return err
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO bundles (code, seq, name, lead_kind, promised_days, search) VALUES ($1,$2,'','',0,'')`, code, seq)
	return err
}

func sameJSON(a, b string) bool {
	var x, y any
	if json.Unmarshal([]byte(a), &x) != nil || json.Unmarshal([]byte(b), &y) != nil {
		return false
	}
	xa, _ := json.Marshal(x)
	ya, _ := json.Marshal(y)
	return string(xa) == string(ya)
}

func upsertItemRow(ctx context.Context, tx *Tx, it catalog.Item, deptName string, seq int) error {
	q := `UPDATE items SET name = $1, kind = $2, department_kind = $3, level = $4, window_category = $5, online = $6,
		max_visits = $7, promised_days = $8, search = $9`
	args := []any{it.Name, it.Kind, it.DepartmentKind, string(it.Level), it.Window, string(it.Online), it.MaxVisits, it.PromisedDays, itemSearch(it, deptName)}
	if seq > 0 {
		q += `, seq = $11`
	}
	q += ` WHERE code = $10`
	args = append(args, it.Code)
	if seq > 0 {
		args = append(args, seq)
	}
	_, err := tx.ExecContext(ctx, q, args...)
	return err
}

func upsertBundleRow(ctx context.Context, tx *Tx, b catalog.Bundle, seq int) error {
	search := strings.ToLower(strings.Join(append([]string{b.Code, b.Name}, b.Keywords...), " "))
	q := `UPDATE bundles SET name = $1, lead_kind = $2, promised_days = $3, search = $4`
	args := []any{b.Name, b.LeadKind, b.PromisedDays, search}
	if seq > 0 {
		q += `, seq = $6`
	}
	q += ` WHERE code = $5`
	args = append(args, b.Code)
	if seq > 0 {
		args = append(args, seq)
	}
	_, err := tx.ExecContext(ctx, q, args...)
	return err
}

// rejectedRules are lint rules that are bad input rather than an unfinished
// guide: a draft with them is not saved at all (issue 3: invalid codes,
// promised > statutory, negative fees, unknown references, cycles). Other
// lint (vague wording, a fee without basis, missing conditions …) may stand
// in a draft and only blocks publishing.
var rejectedRules = map[string]bool{
	"promised_over_statutory": true, "fee_negative": true, "unknown_licence": true, "unknown_data": true,
	"unknown_lead_kind": true, "cycle": true, "unknown_step_item": true,
}

// structural picks the findings that make a draft unsavable: every
// structural check (catalog.check.*) and the rejected lint rules.
func structural(fs []catalog.Finding) onetrip.Problems {
	var p onetrip.Problems
	for _, f := range fs {
		if strings.HasPrefix(f.Key, "catalog.check.") || rejectedRules[f.Rule] {
			p = append(p, f.Detail())
		}
	}
	return p
}

// DraftResult is a saved draft and the lint findings that still stand.
type DraftResult struct {
	Info     VersionInfo      `json:"version"`
	Findings []onetrip.Detail `json:"-"`
}

// SaveItemDraft stores an item's draft (saveDraft).
func (s *Store) SaveItemDraft(ctx context.Context, it catalog.Item, by string) (DraftResult, error) {
	catalog.NormalizeItem(&it)
	refs, err := s.Refs(ctx)
	if err != nil {
		return DraftResult{}, err
	}
	refs.Items[it.Code] = catalog.ItemRef{Name: it.Name, DepartmentKind: it.DepartmentKind, PromisedDays: it.PromisedDays}
	return s.saveDraft(ctx, itemTable, it.Code, it, catalog.CheckItem(it, refs), by, func(tx *Tx) error { return s.itemRow(ctx, tx, it) })
}

// SaveBundleDraft stores a bundle's draft (saveDraft).
func (s *Store) SaveBundleDraft(ctx context.Context, b catalog.Bundle, by string) (DraftResult, error) {
	catalog.NormalizeBundle(&b)
	refs, err := s.Refs(ctx)
	if err != nil {
		return DraftResult{}, err
	}
	return s.saveDraft(ctx, bundleTable, b.Code, b, catalog.CheckBundle(b, refs), by, func(tx *Tx) error { return upsertBundleRow(ctx, tx, b, 0) })
}

// saveDraft is the one draft pipeline of items and bundles: the one pending
// draft is updated in place, or a new version after the newest is started
// (a new code creates the record, listed by its draft until published).
// Structural problems reject the draft whole; lint findings are returned
// with it and block only publishing.
func (s *Store) saveDraft(ctx context.Context, t table, code string, body any, fs []catalog.Finding, by string, listRow func(tx *Tx) error) (DraftResult, error) {
	if p := structural(fs); len(p) > 0 {
		return DraftResult{}, p.Err("store.catalog.draft_invalid", len(p))
	}
	b, _ := json.Marshal(body)
	var res DraftResult
	err := s.Tx(ctx, func(tx *Tx) error {
		var err error
		if res.Info, err = s.putDraft(ctx, tx, t, code, string(b), by); err != nil {
			return err
		}
		var pv sql.NullInt64
		if err := tx.QueryRowContext(ctx, `SELECT published_version FROM `+t.main+` WHERE code = $1`, code).Scan(&pv); err != nil {
			return err
		}
		if !pv.Valid { // never published: the list shows the draft
			return listRow(tx)
		}
		return nil
	})
	for _, f := range fs {
		res.Findings = append(res.Findings, f.Detail())
	}
	return res, err
}

// itemRow upserts an item's list row with its department kind's name.
func (s *Store) itemRow(ctx context.Context, tx *Tx, it catalog.Item) error {
	var dept string
	tx.QueryRowContext(ctx, `SELECT name FROM department_kinds WHERE kind = $1`, it.DepartmentKind).Scan(&dept)
	return upsertItemRow(ctx, tx, it, dept, 0)
}

func (s *Store) putDraft(ctx context.Context, tx *Tx, t table, code, body, by string) (VersionInfo, error) {
	now := s.Now()
	var dv sql.NullInt64
	err := tx.QueryRowContext(ctx, `SELECT draft_version FROM `+t.main+` WHERE code = $1`, code).Scan(&dv)
	if errors.Is(err, sql.ErrNoRows) {
		var seq int
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(seq), 0) + 1 FROM `+t.main).Scan(&seq); err != nil {
			return VersionInfo{}, err
		}
		if err := insertPlaceholder(ctx, tx, t, code, seq); err != nil {
			return VersionInfo{}, err
		}
	} else if err != nil {
		return VersionInfo{}, err
	}
	if dv.Valid {
		_, err := tx.ExecContext(ctx, `UPDATE `+t.versions+` SET body = $1, created_at = $2, created_by = $3 WHERE code = $4 AND version = $5`,
			body, TS(now), by, code, dv.Int64)
		return VersionInfo{Code: code, Version: int(dv.Int64), State: StateDraft, CreatedAt: now, CreatedBy: by}, err
	}
	var next int
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) + 1 FROM `+t.versions+` WHERE code = $1`, code).Scan(&next); err != nil {
		return VersionInfo{}, err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO `+t.versions+` (code, version, state, body, created_at, created_by) VALUES ($1,$2,$3,$4,$5,$6)`,
		code, next, StateDraft, body, TS(now), by); err != nil {
		return VersionInfo{}, err
	}
	_, err = tx.ExecContext(ctx, `UPDATE `+t.main+` SET draft_version = $1 WHERE code = $2`, next, code)
	return VersionInfo{Code: code, Version: next, State: StateDraft, CreatedAt: now, CreatedBy: by}, err
}

// LintItemDraft returns the findings of an item's draft, or of its published
// version when it has no draft.
func (s *Store) LintItemDraft(ctx context.Context, code string) (ItemVersion, []catalog.Finding, error) {
	iv, err := s.currentItem(ctx, code)
	if err != nil {
		return iv, nil, err
	}
	refs, err := s.Refs(ctx)
	if err != nil {
		return iv, nil, err
	}
	fs := catalog.CheckItem(iv.Item, refs)
	fs = append(fs, s.implementationFindings(ctx, iv.Item)...)
	return iv, fs, nil
}

// currentItem is the draft if there is one, else the published version.
func (s *Store) currentItem(ctx context.Context, code string) (ItemVersion, error) {
	var pv, dv sql.NullInt64
	err := s.r.QueryRowContext(ctx, `SELECT published_version, draft_version FROM items WHERE code = $1`, code).Scan(&pv, &dv)
	if errors.Is(err, sql.ErrNoRows) {
		return ItemVersion{}, onetrip.NotFound("store.catalog.item_not_found", code)
	}
	if err != nil {
		return ItemVersion{}, s.mapErr(err)
	}
	v := pv.Int64
	if dv.Valid {
		v = dv.Int64
	}
	return s.Item(ctx, code, int(v))
}

// CurrentItem is what an editor opens: the draft if there is one, else the
// published version.
func (s *Store) CurrentItem(ctx context.Context, code string) (ItemVersion, error) {
	return s.currentItem(ctx, code)
}

// implementationFindings flags implementations whose local promised limit
// would exceed the item's promised limit.
func (s *Store) implementationFindings(ctx context.Context, it catalog.Item) []catalog.Finding {
	rows, err := s.r.QueryContext(ctx, `SELECT region, promised_days FROM implementations WHERE item_code = $1 AND promised_days > $2 ORDER BY region`,
		it.Code, it.PromisedDays)
	if err != nil {
		return nil
	}
	defer rows.Close()
	var fs []catalog.Finding
	for rows.Next() {
		var region string
		var days int
		if rows.Scan(&region, &days) == nil {
			fs = append(fs, catalog.Finding{Path: "implementations[" + region + "].promised_days", Rule: "implementation_over_base",
				Key: "store.catalog.impl_over_base", Args: []any{region, days, it.PromisedDays}})
		}
	}
	return fs
}

// PublishItem freezes an item's draft as its published version (publish).
func (s *Store) PublishItem(ctx context.Context, code, by string) (VersionInfo, error) {
	var it catalog.Item
	return s.publish(ctx, itemTable, code, "store.catalog.item_not_found", by, func(version int) (VersionInfo, []catalog.Finding, error) {
		iv, fs, err := s.LintItemDraft(ctx, code)
		it = iv.Item
		return iv.Info, fs, err
	}, func(tx *Tx) error { return s.itemRow(ctx, tx, it) })
}

// PublishBundle freezes a bundle's draft as its published version (publish).
func (s *Store) PublishBundle(ctx context.Context, code, by string) (VersionInfo, error) {
	var b catalog.Bundle
	return s.publish(ctx, bundleTable, code, "store.catalog.bundle_not_found", by, func(version int) (VersionInfo, []catalog.Finding, error) {
		bv, err := s.Bundle(ctx, code, version)
		if err != nil {
			return VersionInfo{}, nil, err
		}
		refs, err := s.Refs(ctx)
		if err != nil {
			return VersionInfo{}, nil, err
		}
		b = bv.Bundle
		return bv.Info, catalog.CheckBundle(bv.Bundle, refs), nil
	}, func(tx *Tx) error { return upsertBundleRow(ctx, tx, b, 0) })
}

// publish is the one publish pipeline of items and bundles: the draft is
// linted again and any finding refuses it, listing them all and changing
// nothing; otherwise, in one transaction, the published version is
// superseded, the draft takes its place, the list row follows and the
// catalogue generation moves (every node's intake sees it at once). The
// draft must still be the one linted: a concurrent save or publish makes
// this one lose with a conflict.
func (s *Store) publish(ctx context.Context, t table, code, notFound, by string, lint func(version int) (VersionInfo, []catalog.Finding, error), listRow func(tx *Tx) error) (VersionInfo, error) {
	var dv sql.NullInt64
	err := s.r.QueryRowContext(ctx, `SELECT draft_version FROM `+t.main+` WHERE code = $1`, code).Scan(&dv)
	if errors.Is(err, sql.ErrNoRows) {
		return VersionInfo{}, onetrip.NotFound(notFound, code)
	}
	if err != nil {
		return VersionInfo{}, s.mapErr(err)
	}
	if !dv.Valid {
		return VersionInfo{}, onetrip.Conflict("store.catalog.no_draft", code)
	}
	info, fs, err := lint(int(dv.Int64))
	if err != nil {
		return VersionInfo{}, err
	}
	if len(fs) > 0 {
		return VersionInfo{}, catalog.ToProblems(fs).Err("store.catalog.publish_refused", len(fs))
	}
	now := s.Now()
	err = s.Tx(ctx, func(tx *Tx) error {
		if err := bumpCatalogGen(ctx, tx); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE `+t.main+` SET draft_version = NULL, published_version = $1 WHERE code = $2 AND draft_version = $1`, info.Version, code)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return onetrip.Conflict("store.catalog.no_draft", code)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE `+t.versions+` SET state = $1 WHERE code = $2 AND state = $3`, StateSuperseded, code, StatePublished); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE `+t.versions+` SET state = $1, published_at = $2, published_by = $3 WHERE code = $4 AND version = $5`,
			StatePublished, TS(now), by, code, info.Version); err != nil {
			return err
		}
		return listRow(tx)
	})
	if err != nil {
		return VersionInfo{}, err
	}
	info.State, info.PublishedAt, info.PublishedBy = StatePublished, &now, by
	return info, nil
}
