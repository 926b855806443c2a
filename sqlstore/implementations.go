package sqlstore

import (
	"context"
	"database/sql"
	"strconv"

	"strings"

	"onetrip"
	"onetrip/catalog"
	"onetrip/idcode"
)

func init() {
	onetrip.Register(onetrip.Messages{
		"store.impl.invalid":       {"实施清单有 %d 处问题，未保存", "the implementation has %d problem(s); nothing was saved"},
		"store.impl.over_base":     {"本地承诺时限 %d 个工作日不能超过事项承诺时限 %d 个工作日", "the local promised limit of %d working days may not exceed the item's %d"},
		"store.impl.negative":      {"承诺时限不能为负数", "the promised limit may not be negative"},
		"store.impl.dept_kind":     {"部门 %s 不是该事项的实施部门类别（%s）", "department %s is not of the item's department kind (%s)"},
		"store.impl.dept_region":   {"部门 %s 不属于 %s 或其上级", "department %s is not in %s or above it"},
		"store.impl.required":      {"此项必填", "required"},
		"store.impl.not_found":     {"事项 %s 在 %s 没有实施清单", "item %s has no implementation in %s"},
		"store.impl.center_region": {"服务中心 %s 不在 %s", "service centre %s is not in %s"},
	})
}

const implCols = `m.id, m.item_code, m.region, r.name, m.department_id, d.name, m.center_id, m.promised_days, m.address, m.hours, m.phone`
const implFrom = ` FROM implementations m JOIN regions r ON r.code = m.region JOIN departments d ON d.id = m.department_id`

func scanImpl(sc interface{ Scan(...any) error }) (catalog.Implementation, error) {
	var m catalog.Implementation
	var center sql.NullString
	err := sc.Scan(&m.ID, &m.Item, &m.Region, &m.RegionName, &m.Department, &m.DeptName, &center, &m.PromisedDays, &m.Address, &m.Hours, &m.Phone)
	m.Center = center.String
	return m, err
}

// Implementations lists an item's implementations inside a region prefix
// ("" = everywhere), by region.
func (s *Store) Implementations(ctx context.Context, item, regionPrefix string) ([]catalog.Implementation, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+implCols+implFrom+` WHERE m.item_code = $1 AND m.region LIKE $2 ORDER BY m.region`,
		item, regionPrefix+"%")
	if err != nil {
		return nil, s.mapErr(err)
	}
	defer rows.Close()
	out := []catalog.Implementation{}
	for rows.Next() {
		m, err := scanImpl(rows)
		if err != nil {
			return nil, s.mapErr(err)
		}
		out = append(out, m)
	}
	return out, s.mapErr(rows.Err())
}

// ImplementationFor is the implementation that serves a region: the
// region's own, else the nearest above it (a county uses the city's for a
// city-level item).
func (s *Store) ImplementationFor(ctx context.Context, item, region string) (catalog.Implementation, error) {
	anc := idcode.RegionAncestors(region)
	if len(anc) == 0 {
		return catalog.Implementation{}, onetrip.NotFound("store.impl.not_found", item, region)
	}
	ph := make([]string, len(anc))
	args := []any{item}
	for i, a := range anc {
		args = append(args, a)
		ph[i] = "$" + strconv.Itoa(i+2)
	}
	rows, err := s.r.QueryContext(ctx, `SELECT `+implCols+implFrom+` WHERE m.item_code = $1 AND m.region IN (`+strings.Join(ph, ",")+`)`, args...)
	if err != nil {
		return catalog.Implementation{}, s.mapErr(err)
	}
	defer rows.Close()
	best, bestLen := catalog.Implementation{}, -1
	for rows.Next() {
		m, err := scanImpl(rows)
		if err != nil {
			return catalog.Implementation{}, s.mapErr(err)
		}
		if l := len(strings.TrimRight(m.Region, "0")); l > bestLen {
			best, bestLen = m, l
		}
	}
	if err := rows.Err(); err != nil {
		return catalog.Implementation{}, s.mapErr(err)
	}
	if bestLen < 0 {
		return catalog.Implementation{}, onetrip.NotFound("store.impl.not_found", item, region)
	}
	return best, nil
}

// SaveImplementations checks and stores implementations in one transaction
// (one per item and region: an existing one is replaced). Any problem
// rejects them all.
func (s *Store) SaveImplementations(ctx context.Context, list []catalog.Implementation, by string) error {
	var p onetrip.Problems
	items := map[string]catalog.Item{}
	for i, m := range list {
		path := "implementations[" + strconv.Itoa(i) + "]"
		it, ok := items[m.Item]
		if !ok {
			iv, err := s.Item(ctx, m.Item, 0)
			if err != nil {
				e := onetrip.AsError(err)
				p.Add(path+".item", e.Key, e.Args...)
				continue
			}
			it = iv.Item
			items[m.Item] = it
		}
		if _, err := s.Region(ctx, m.Region); err != nil {
			p.Add(path+".region", "region.not_found", m.Region)
			continue
		}
		d, err := s.Department(ctx, m.Department)
		switch {
		case err != nil:
			p.Add(path+".department", "department.not_found", m.Department)
		case d.Kind != it.DepartmentKind:
			p.Add(path+".department", "store.impl.dept_kind", m.Department, it.DepartmentKind)
		case !idcode.RegionWithin(m.Region, d.Region):
			p.Add(path+".department", "store.impl.dept_region", m.Department, m.Region)
		}
		if m.Center != "" {
			c, err := s.Center(ctx, m.Center)
			if err != nil {
				p.Add(path+".center", "center.not_found", m.Center)
			} else if !idcode.RegionWithin(c.Region, m.Region) && !idcode.RegionWithin(m.Region, c.Region) {
				p.Add(path+".center", "store.impl.center_region", m.Center, m.Region)
			}
		}
		if m.PromisedDays < 0 {
			p.Add(path+".promised_days", "store.impl.negative")
		} else if m.PromisedDays > it.PromisedDays {
			p.Add(path+".promised_days", "store.impl.over_base", m.PromisedDays, it.PromisedDays)
		}
		for f, v := range map[string]string{"address": m.Address, "hours": m.Hours, "phone": m.Phone} {
			if strings.TrimSpace(v) == "" {
				p.Add(path+"."+f, "store.impl.required")
			}
		}
	}
	if err := p.Err("store.impl.invalid", len(p)); err != nil {
		return err
	}
	now := TS(s.Now())
	return s.Tx(ctx, func(tx *Tx) error {
		if err := bumpCatalogGen(ctx, tx); err != nil {
			return err
		}
		for _, m := range list {
			if m.ID == "" {
				m.ID = NewID()
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO implementations (id, item_code, region, department_id, center_id, promised_days,
				address, hours, phone, updated_at, updated_by) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11)
				ON CONFLICT (item_code, region) DO UPDATE SET department_id = excluded.department_id, center_id = excluded.center_id,
				promised_days = excluded.promised_days, address = excluded.address, hours = excluded.hours, phone = excluded.phone,
				updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
				m.ID, m.Item, m.Region, m.Department, nullable(m.Center), m.PromisedDays, m.Address, m.Hours, m.Phone, now, by); err != nil {
				return err
			}
		}
		return nil
	})
}

// CoverageRow counts the items a department or region offers, by online
// level and by the most trips they may need.
type CoverageRow struct {
	Key        string         `json:"key"` // department id or region code
	Name       string         `json:"name"`
	Items      int            `json:"items"`
	ByOnline   map[string]int `json:"by_online"`   // full, submit, precheck, none
	ByVisits   map[string]int `json:"by_visits"`   // "0", "1", "more"
	OnlineFull float64        `json:"online_full"` // share of items done wholly online
	Online     float64        `json:"online"`      // share applied for online (full or submit)
	ZeroVisit  float64        `json:"zero_visit"`
	AtMostOne  float64        `json:"at_most_one"`
}

// Coverage is the seed's targets measured for a region: its own totals,
// each department's and each child region's.
type Coverage struct {
	Region      CoverageRow   `json:"region"`
	Departments []CoverageRow `json:"departments"`
	Children    []CoverageRow `json:"children"`
}

func newRow(key, name string) *CoverageRow {
	return &CoverageRow{Key: key, Name: name, ByOnline: map[string]int{"full": 0, "submit": 0, "precheck": 0, "none": 0},
		ByVisits: map[string]int{"0": 0, "1": 0, "more": 0}}
}

func (r *CoverageRow) add(online string, maxVisits int) {
	r.Items++
	r.ByOnline[online]++
	switch {
	case maxVisits == 0:
		r.ByVisits["0"]++
	case maxVisits == 1:
		r.ByVisits["1"]++
	default:
		r.ByVisits["more"]++
	}
}

func (r *CoverageRow) finish() {
	if r.Items == 0 {
		return
	}
	n := float64(r.Items)
	r.OnlineFull = float64(r.ByOnline["full"]) / n
	r.Online = float64(r.ByOnline["full"]+r.ByOnline["submit"]) / n
	r.ZeroVisit = float64(r.ByVisits["0"]) / n
	r.AtMostOne = float64(r.ByVisits["0"]+r.ByVisits["1"]) / n
}

// Coverage measures the published items implemented within a region.
func (s *Store) Coverage(ctx context.Context, region string) (Coverage, error) {
	reg, err := s.Region(ctx, region)
	if err != nil {
		return Coverage{}, err
	}
	children, err := s.Regions(ctx, region)
	if err != nil {
		return Coverage{}, err
	}
	rows, err := s.r.QueryContext(ctx, `SELECT m.region, m.department_id, d.name, m.item_code, i.online, i.max_visits
		FROM implementations m JOIN items i ON i.code = m.item_code JOIN departments d ON d.id = m.department_id
		WHERE i.published_version IS NOT NULL AND m.region LIKE $1 ORDER BY m.department_id`, idcode.RegionPrefix(region)+"%")
	if err != nil {
		return Coverage{}, s.mapErr(err)
	}
	defer rows.Close()
	total := newRow(reg.Code, reg.Name)
	depts := map[string]*CoverageRow{}
	var deptOrder []string
	kids := map[string]*CoverageRow{}
	for _, c := range children {
		kids[c.Code] = newRow(c.Code, c.Name)
	}
	seen := map[string]bool{}
	for rows.Next() {
		var mregion, dept, deptName, item, online string
		var mv int
		if err := rows.Scan(&mregion, &dept, &deptName, &item, &online, &mv); err != nil {
			return Coverage{}, s.mapErr(err)
		}
		if !seen[item] { // an item counts once for the region however many counties run it
			seen[item] = true
			total.add(online, mv)
		}
		d, ok := depts[dept]
		if !ok {
			d = newRow(dept, deptName)
			depts[dept] = d
			deptOrder = append(deptOrder, dept)
		}
		d.add(online, mv)
		for code, k := range kids {
			if idcode.RegionWithin(mregion, code) {
				k.add(online, mv)
			}
		}
	}
	if err := rows.Err(); err != nil {
		return Coverage{}, s.mapErr(err)
	}
	cov := Coverage{Departments: []CoverageRow{}, Children: []CoverageRow{}}
	total.finish()
	cov.Region = *total
	for _, id := range deptOrder {
		depts[id].finish()
		cov.Departments = append(cov.Departments, *depts[id])
	}
	for _, c := range children {
		kids[c.Code].finish()
		cov.Children = append(cov.Children, *kids[c.Code])
	}
	return cov, nil
}
