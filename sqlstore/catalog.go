package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"sync"
	"time"

	"onetrip"
	"onetrip/catalog"
	"onetrip/idcode"
)

// Version states: a draft is edited, publishing freezes it, and the version
// it replaces becomes superseded. Cases keep the version they were accepted
// under, so published bodies never change.
const (
	StateDraft      = "draft"
	StatePublished  = "published"
	StateSuperseded = "superseded"
)

// VersionInfo describes one version of an item or bundle.
type VersionInfo struct {
	Code        string     `json:"code"`
	Version     int        `json:"version"`
	State       string     `json:"state"`
	CreatedAt   time.Time  `json:"created_at"`
	CreatedBy   string     `json:"created_by"`
	PublishedAt *time.Time `json:"published_at,omitempty"`
	PublishedBy string     `json:"published_by,omitempty"`
}

// ItemVersion is an item's guide as of one version.
type ItemVersion struct {
	Item catalog.Item
	Info VersionInfo
}

// BundleVersion is a bundle as of one version.
type BundleVersion struct {
	Bundle catalog.Bundle
	Info   VersionInfo
}

// ItemSummary is an item in lists: its published (or never-published
// draft's) headline facts.
type ItemSummary struct {
	Code             string `json:"code"`
	Name             string `json:"name"`
	Kind             string `json:"kind"`
	DepartmentKind   string `json:"department_kind"`
	Department       string `json:"department"`
	Level            string `json:"level"`
	Window           string `json:"window"`
	Online           string `json:"online"`
	MaxVisits        int    `json:"max_visits"`
	PromisedDays     int    `json:"promised_days"`
	PublishedVersion int    `json:"published_version"`
	DraftVersion     int    `json:"draft_version,omitempty"`
}

// BundleSummary is a bundle in lists.
type BundleSummary struct {
	Code             string `json:"code"`
	Name             string `json:"name"`
	LeadKind         string `json:"lead_kind"`
	PromisedDays     int    `json:"promised_days"`
	PublishedVersion int    `json:"published_version"`
	DraftVersion     int    `json:"draft_version,omitempty"`
}

func init() {
	onetrip.Register(onetrip.Messages{
		"store.catalog.item_not_found":    {"事项 %s 不存在", "item %s does not exist"},
		"store.catalog.bundle_not_found":  {"“一件事” %s 不存在", "bundle %s does not exist"},
		"store.catalog.version_not_found": {"%s 没有第 %d 版", "%s has no version %d"},
		"store.catalog.not_published":     {"%s 尚未发布", "%s is not published"},
		"store.catalog.no_draft":          {"%s 没有待发布的草稿", "%s has no draft to publish"},
		"store.catalog.invalid":           {"目录文件有 %d 处问题，未导入任何内容", "the catalogue file has %d problem(s); nothing was imported"},
		"store.catalog.draft_invalid":     {"草稿有 %d 处问题，未保存", "the draft has %d problem(s); nothing was saved"},
		"store.catalog.publish_refused":   {"办事指南有 %d 处问题，不能发布", "the guide has %d finding(s) and cannot be published"},
		"store.catalog.code_mismatch":     {"请求体中的编码 %s 与地址中的 %s 不一致", "the code %s in the body differs from %s in the path"},
		"store.catalog.draft_changed":     {"草稿已被他人修改（当前第 %d 版），请刷新后重试", "someone else changed the draft (now version %d); reload and try again"},
	})
}

// versionCache keeps published and superseded version bodies, which never
// change, so intake does not decode the same guide for every case.
type versionCache struct {
	mu      sync.RWMutex
	items   map[string]catalog.Item
	bundles map[string]catalog.Bundle
}

func newVersionCache() *versionCache {
	return &versionCache{items: map[string]catalog.Item{}, bundles: map[string]catalog.Bundle{}}
}

func vkey(code string, v int) string { return code + "#" + strconv.Itoa(v) }

func itemSearch(it catalog.Item, deptName string) string {
	parts := append([]string{it.Code, it.Name, it.Kind, it.Window, deptName}, it.Keywords...)
	return strings.ToLower(strings.Join(parts, " "))
}

func scanVersion(code string, version int, state, created, createdBy string, pubAt, pubBy sql.NullString) VersionInfo {
	vi := VersionInfo{Code: code, Version: version, State: state, CreatedAt: mustTS(created), CreatedBy: createdBy, PublishedBy: pubBy.String}
	if pubAt.Valid {
		t := mustTS(pubAt.String)
		vi.PublishedAt = &t
	}
	return vi
}

// ---- reading ----

// Item returns an item's guide: the published version when version is 0,
// else that version (drafts included).
func (s *Store) Item(ctx context.Context, code string, version int) (ItemVersion, error) {
	return s.item(ctx, s.r, code, version)
}

type rowQueryer interface {
	QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row
	QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error)
}

func (s *Store) item(ctx context.Context, q rowQueryer, code string, version int) (ItemVersion, error) {
	if version == 0 {
		var pv sql.NullInt64
		err := q.QueryRowContext(ctx, `SELECT published_version FROM items WHERE code = $1`, code).Scan(&pv)
		if errors.Is(err, sql.ErrNoRows) {
			return ItemVersion{}, onetrip.NotFound("store.catalog.item_not_found", code)
		}
		if err != nil {
			return ItemVersion{}, s.mapErr(err)
		}
		if !pv.Valid {
			return ItemVersion{}, onetrip.NotFound("store.catalog.not_published", code)
		}
		version = int(pv.Int64)
	}
	var body, state, created, createdBy string
	var pubAt, pubBy sql.NullString
	err := q.QueryRowContext(ctx, `SELECT body, state, created_at, created_by, published_at, published_by
		FROM item_versions WHERE code = $1 AND version = $2`, code, version).Scan(&body, &state, &created, &createdBy, &pubAt, &pubBy)
	if errors.Is(err, sql.ErrNoRows) {
		if _, err := s.itemExists(ctx, q, code); err != nil {
			return ItemVersion{}, err
		}
		return ItemVersion{}, onetrip.NotFound("store.catalog.version_not_found", code, version)
	}
	if err != nil {
		return ItemVersion{}, s.mapErr(err)
	}
	info := scanVersion(code, version, state, created, createdBy, pubAt, pubBy)
	if state != StateDraft {
		s.frozen.mu.RLock()
		it, ok := s.frozen.items[vkey(code, version)]
		s.frozen.mu.RUnlock()
		if ok {
			return ItemVersion{Item: catalog.CloneItem(it), Info: info}, nil
		}
	}
	var it catalog.Item
	if err := json.Unmarshal([]byte(body), &it); err != nil {
		return ItemVersion{}, onetrip.Internal(err)
	}
	if state != StateDraft {
		s.frozen.mu.Lock()
		s.frozen.items[vkey(code, version)] = catalog.CloneItem(it)
		s.frozen.mu.Unlock()
	}
	return ItemVersion{Item: it, Info: info}, nil
}

func (s *Store) itemExists(ctx context.Context, q rowQueryer, code string) (bool, error) {
	var n int
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM items WHERE code = $1`, code).Scan(&n); err != nil {
		return false, s.mapErr(err)
	}
	if n == 0 {
		return false, onetrip.NotFound("store.catalog.item_not_found", code)
	}
	return true, nil
}

// ItemVersions lists every version of an item, newest first.
func (s *Store) ItemVersions(ctx context.Context, code string) ([]VersionInfo, error) {
	return s.versions(ctx, "item_versions", code, func() error { _, err := s.itemExists(ctx, s.r, code); return err })
}

func (s *Store) versions(ctx context.Context, table, code string, exists func() error) ([]VersionInfo, error) {
	if err := exists(); err != nil {
		return nil, err
	}
	rows, err := s.r.QueryContext(ctx, `SELECT version, state, created_at, created_by, published_at, published_by
		FROM `+table+` WHERE code = $1 ORDER BY version DESC`, code)
	if err != nil {
		return nil, s.mapErr(err)
	}
	defer rows.Close()
	out := []VersionInfo{}
	for rows.Next() {
		var v int
		var state, created, by string
		var pubAt, pubBy sql.NullString
		if err := rows.Scan(&v, &state, &created, &by, &pubAt, &pubBy); err != nil {
			return nil, s.mapErr(err)
		}
		out = append(out, scanVersion(code, v, state, created, by, pubAt, pubBy))
	}
	return out, s.mapErr(rows.Err())
}

// ItemQuery filters the item list. Empty fields do not filter.
type ItemQuery struct {
	Q              string // keyword in name, keywords, code, kind, window or department
	Region         string // items implemented in the region, above it or inside it
	Window         string
	DepartmentKind string
	Online         string
	Drafts         bool // include never-published items (admin lists)
	Limit, Offset  int
}

// Items lists items matching a query, in catalogue order.
func (s *Store) Items(ctx context.Context, q ItemQuery) ([]ItemSummary, error) {
	where := []string{"1=1"}
	var args []any
	arg := func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)) }
	if !q.Drafts {
		where = append(where, "i.published_version IS NOT NULL")
	}
	if q.Q != "" {
		for _, w := range strings.Fields(strings.ToLower(q.Q)) {
			where = append(where, "i.search LIKE "+arg("%"+escapeLike(w)+"%")+" ESCAPE '\\'")
		}
	}
	if q.Window != "" {
		where = append(where, "i.window_category = "+arg(q.Window))
	}
	if q.DepartmentKind != "" {
		where = append(where, "i.department_kind = "+arg(q.DepartmentKind))
	}
	if q.Online != "" {
		where = append(where, "i.online = "+arg(q.Online))
	}
	if q.Region != "" {
		anc := idcode.RegionAncestors(q.Region)
		ph := make([]string, len(anc))
		for i, a := range anc {
			ph[i] = arg(a)
		}
		where = append(where, "EXISTS (SELECT 1 FROM implementations m WHERE m.item_code = i.code AND (m.region IN ("+
			strings.Join(ph, ",")+") OR m.region LIKE "+arg(idcode.RegionPrefix(q.Region)+"%")+"))")
	}
	limit := q.Limit
	if limit <= 0 || limit > 500 {
		limit = 500
	}
	rows, err := s.r.QueryContext(ctx, `SELECT i.code, i.name, i.kind, i.department_kind, COALESCE(k.name, ''), i.level,
		i.window_category, i.online, i.max_visits, i.promised_days, i.published_version, i.draft_version
		FROM items i LEFT JOIN department_kinds k ON k.kind = i.department_kind
		WHERE `+strings.Join(where, " AND ")+` ORDER BY i.seq, i.code LIMIT `+strconv.Itoa(limit)+` OFFSET `+strconv.Itoa(max(0, q.Offset)), args...)
	if err != nil {
		return nil, s.mapErr(err)
	}
	defer rows.Close()
	out := []ItemSummary{}
	for rows.Next() {
		var it ItemSummary
		var pv, dv sql.NullInt64
		if err := rows.Scan(&it.Code, &it.Name, &it.Kind, &it.DepartmentKind, &it.Department, &it.Level, &it.Window,
			&it.Online, &it.MaxVisits, &it.PromisedDays, &pv, &dv); err != nil {
			return nil, s.mapErr(err)
		}
		it.PublishedVersion, it.DraftVersion = int(pv.Int64), int(dv.Int64)
		out = append(out, it)
	}
	return out, s.mapErr(rows.Err())
}

func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// Refs are the codes lint checks references against, from the database.
func (s *Store) Refs(ctx context.Context) (catalog.Refs, error) {
	r := catalog.Refs{Licences: map[string]bool{}, Data: map[string]bool{}, Items: map[string]catalog.ItemRef{}, DepartmentKinds: map[string]bool{}}
	for _, q := range []struct {
		sql string
		fn  func(rows *sql.Rows) error
	}{
		{`SELECT code FROM licence_types`, func(rows *sql.Rows) error {
			var c string
			err := rows.Scan(&c)
			r.Licences[c] = true
			return err
		}},
		{`SELECT code FROM data_items`, func(rows *sql.Rows) error {
			var c string
			err := rows.Scan(&c)
			r.Data[c] = true
			return err
		}},
		{`SELECT kind FROM department_kinds`, func(rows *sql.Rows) error {
			var c string
			err := rows.Scan(&c)
			r.DepartmentKinds[c] = true
			return err
		}},
		{`SELECT code, name, department_kind, promised_days FROM items`, func(rows *sql.Rows) error {
			var c string
			var ref catalog.ItemRef
			err := rows.Scan(&c, &ref.Name, &ref.DepartmentKind, &ref.PromisedDays)
			r.Items[c] = ref
			return err
		}},
	} {
		rows, err := s.r.QueryContext(ctx, q.sql)
		if err != nil {
			return r, s.mapErr(err)
		}
		for rows.Next() {
			if err := q.fn(rows); err != nil {
				rows.Close()
				return r, s.mapErr(err)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return r, s.mapErr(err)
		}
	}
	return r, nil
}

// LicenceTypes lists the licence types in catalogue order.
func (s *Store) LicenceTypes(ctx context.Context) ([]catalog.LicenceType, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT code, name, issuer_kind, holder, validity_years, fields FROM licence_types ORDER BY seq`)
	if err != nil {
		return nil, s.mapErr(err)
	}
	defer rows.Close()
	out := []catalog.LicenceType{}
	for rows.Next() {
		var l catalog.LicenceType
		var holder, fields string
		if err := rows.Scan(&l.Code, &l.Name, &l.IssuerKind, &holder, &l.ValidityYears, &fields); err != nil {
			return nil, s.mapErr(err)
		}
		l.Holder = catalog.Subject(holder)
		json.Unmarshal([]byte(fields), &l.Fields)
		out = append(out, l)
	}
	return out, s.mapErr(rows.Err())
}

// DataItems lists the shared data items in catalogue order.
func (s *Store) DataItems(ctx context.Context) ([]catalog.DataItem, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT code, name, provider_kind, subject, fields, level FROM data_items ORDER BY seq`)
	if err != nil {
		return nil, s.mapErr(err)
	}
	defer rows.Close()
	out := []catalog.DataItem{}
	for rows.Next() {
		var d catalog.DataItem
		var subject, fields, level string
		if err := rows.Scan(&d.Code, &d.Name, &d.ProviderKind, &subject, &fields, &level); err != nil {
			return nil, s.mapErr(err)
		}
		d.Subject, d.Level = catalog.Subject(subject), catalog.ShareLevel(level)
		json.Unmarshal([]byte(fields), &d.Fields)
		out = append(out, d)
	}
	return out, s.mapErr(rows.Err())
}

// DepartmentKinds lists the department kinds in catalogue order.
func (s *Store) DepartmentKinds(ctx context.Context) ([]catalog.DepartmentKind, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT kind, name, short FROM department_kinds ORDER BY seq`)
	if err != nil {
		return nil, s.mapErr(err)
	}
	defer rows.Close()
	out := []catalog.DepartmentKind{}
	for rows.Next() {
		var k catalog.DepartmentKind
		if err := rows.Scan(&k.Kind, &k.Name, &k.Short); err != nil {
			return nil, s.mapErr(err)
		}
		out = append(out, k)
	}
	return out, s.mapErr(rows.Err())
}

// Catalog assembles the published catalogue, as exported.
func (s *Store) Catalog(ctx context.Context) (*catalog.Catalog, error) {
	c := &catalog.Catalog{}
	var err error
	if c.Version, err = s.Meta(ctx, "store.catalog.version"); err != nil {
		return nil, err
	}
	if c.Note, err = s.Meta(ctx, "store.catalog.note"); err != nil {
		return nil, err
	}
	if c.DepartmentKinds, err = s.DepartmentKinds(ctx); err != nil {
		return nil, err
	}
	if c.LicenceTypes, err = s.LicenceTypes(ctx); err != nil {
		return nil, err
	}
	if c.SharedData, err = s.DataItems(ctx); err != nil {
		return nil, err
	}
	list, err := s.Items(ctx, ItemQuery{Limit: 100000})
	if err != nil {
		return nil, err
	}
	c.Items = make([]catalog.Item, 0, len(list))
	for _, sum := range list {
		iv, err := s.Item(ctx, sum.Code, sum.PublishedVersion)
		if err != nil {
			return nil, err
		}
		c.Items = append(c.Items, iv.Item)
	}
	bl, err := s.Bundles(ctx, false)
	if err != nil {
		return nil, err
	}
	c.Bundles = make([]catalog.Bundle, 0, len(bl))
	for _, sum := range bl {
		bv, err := s.Bundle(ctx, sum.Code, sum.PublishedVersion)
		if err != nil {
			return nil, err
		}
		c.Bundles = append(c.Bundles, bv.Bundle)
	}
	return c, nil
}

// Bundles lists bundles in catalogue order (drafts too when asked).
func (s *Store) Bundles(ctx context.Context, drafts bool) ([]BundleSummary, error) {
	q := `SELECT code, name, lead_kind, promised_days, published_version, draft_version FROM bundles`
	if !drafts {
		q += ` WHERE published_version IS NOT NULL`
	}
	rows, err := s.r.QueryContext(ctx, q+` ORDER BY seq, code`)
	if err != nil {
		return nil, s.mapErr(err)
	}
	defer rows.Close()
	out := []BundleSummary{}
	for rows.Next() {
		var b BundleSummary
		var pv, dv sql.NullInt64
		if err := rows.Scan(&b.Code, &b.Name, &b.LeadKind, &b.PromisedDays, &pv, &dv); err != nil {
			return nil, s.mapErr(err)
		}
		b.PublishedVersion, b.DraftVersion = int(pv.Int64), int(dv.Int64)
		out = append(out, b)
	}
	return out, s.mapErr(rows.Err())
}

// Bundle returns a bundle: the published version when version is 0.
func (s *Store) Bundle(ctx context.Context, code string, version int) (BundleVersion, error) {
	if version == 0 {
		var pv sql.NullInt64
		err := s.r.QueryRowContext(ctx, `SELECT published_version FROM bundles WHERE code = $1`, code).Scan(&pv)
		if errors.Is(err, sql.ErrNoRows) {
			return BundleVersion{}, onetrip.NotFound("store.catalog.bundle_not_found", code)
		}
		if err != nil {
			return BundleVersion{}, s.mapErr(err)
		}
		if !pv.Valid {
			return BundleVersion{}, onetrip.NotFound("store.catalog.not_published", code)
		}
		version = int(pv.Int64)
	}
	var body, state, created, createdBy string
	var pubAt, pubBy sql.NullString
	err := s.r.QueryRowContext(ctx, `SELECT body, state, created_at, created_by, published_at, published_by
		FROM bundle_versions WHERE code = $1 AND version = $2`, code, version).Scan(&body, &state, &created, &createdBy, &pubAt, &pubBy)
	if errors.Is(err, sql.ErrNoRows) {
		return BundleVersion{}, onetrip.NotFound("store.catalog.version_not_found", code, version)
	}
	if err != nil {
		return BundleVersion{}, s.mapErr(err)
	}
	info := scanVersion(code, version, state, created, createdBy, pubAt, pubBy)
	k := vkey(code, version)
	if state != StateDraft {
		s.frozen.mu.RLock()
		b, ok := s.frozen.bundles[k]
		s.frozen.mu.RUnlock()
		if ok {
			return BundleVersion{Bundle: b, Info: info}, nil
		}
	}
	var b catalog.Bundle
	if err := json.Unmarshal([]byte(body), &b); err != nil {
		return BundleVersion{}, onetrip.Internal(err)
	}
	if state != StateDraft {
		s.frozen.mu.Lock()
		s.frozen.bundles[k] = b
		s.frozen.mu.Unlock()
	}
	return BundleVersion{Bundle: b, Info: info}, nil
}

// BundleVersions lists every version of a bundle, newest first.
func (s *Store) BundleVersions(ctx context.Context, code string) ([]VersionInfo, error) {
	return s.versions(ctx, "bundle_versions", code, func() error {
		_, err := s.Bundle(ctx, code, 0)
		if onetrip.HasCode(err, onetrip.CodeNotFound) && onetrip.AsError(err).Key == "store.catalog.not_published" {
			return nil
		}
		return err
	})
}

func init() {
	onetrip.Register(onetrip.Messages{
		"store.catalog.impl_over_base": {"%s 的实施清单承诺时限 %d 个工作日超过事项承诺时限 %d 个工作日", "the implementation in %s promises %d working days, more than the item's %d"},
	})
}

// Providers maps each shared data item to the department kind providing it.
func (s *Store) Providers(ctx context.Context) (map[string]string, error) {
	list, err := s.DataItems(ctx)
	if err != nil {
		return nil, err
	}
	m := make(map[string]string, len(list))
	for _, d := range list {
		m[d.Code] = d.ProviderKind
	}
	return m, nil
}
