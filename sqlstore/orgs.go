package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"onetrip"
	"onetrip/idcode"
	"onetrip/org"
	"onetrip/region"
)

func init() {
	onetrip.Register(onetrip.Messages{
		"department.not_found": {"部门 %s 不存在", "department %s does not exist"},
		"center.not_found":     {"服务中心 %s 不存在", "service centre %s does not exist"},
	})
}

// DemoCities are the cities whose townships get 便民服务中心 and a few village
// 代办点: 衢州 (the seed's model city) and 杭州.
var DemoCities = []string{"330800", "330100"}

// Bootstrap loads reference data into an empty database: every region, the
// department kinds, and Zhejiang's departments, service centres and windows.
// It does nothing when regions are already there, so every start may call it.
func (s *Store) Bootstrap(ctx context.Context, kinds []org.Kind) error {
	return s.Tx(ctx, func(tx *Tx) error {
		if s.d.lockBootstrap != "" {
			if _, err := tx.ExecContext(ctx, s.d.lockBootstrap); err != nil {
				return err
			}
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM regions`).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return nil
		}
		if err := loadRegions(ctx, tx); err != nil {
			return err
		}
		var krows [][]any
		for i, k := range kinds {
			krows = append(krows, []any{k.Kind, k.Name, k.Short, i + 1})
		}
		if err := batchInsert(ctx, tx, "INSERT INTO department_kinds (kind, name, short, seq)", 4, krows); err != nil {
			return err
		}
		return loadZhejiang(ctx, tx, kinds)
	})
}

// zhejiang reads Zhejiang's regions with a function giving each one's full
// name (浙江省衢州市柯城区).
func zhejiang(ctx context.Context, tx *Tx) ([]region.Region, func(region.Region) string, error) {
	rows, err := tx.QueryContext(ctx, `SELECT code, name, parent, level FROM regions WHERE code LIKE '33%' ORDER BY code`)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	byCode := map[string]region.Region{}
	var order []region.Region
	for rows.Next() {
		var r region.Region
		var p sql.NullString
		if err := rows.Scan(&r.Code, &r.Name, &p, &r.Level); err != nil {
			return nil, nil, err
		}
		r.Parent = p.String
		byCode[r.Code] = r
		order = append(order, r)
	}
	full := func(r region.Region) string {
		var path []region.Region
		for c := r.Code; c != ""; c = byCode[c].Parent {
			path = append([]region.Region{byCode[c]}, path...)
		}
		return FullName(path)
	}
	return order, full, rows.Err()
}

// ensureDepartments creates the departments of the kinds in Zhejiang's
// province, cities and counties, keeping those that exist.
func ensureDepartments(ctx context.Context, tx *Tx, kinds []org.Kind) error {
	regions, _, err := zhejiang(ctx, tx)
	if err != nil {
		return err
	}
	names := map[string]string{}
	for _, r := range regions {
		names[r.Code] = r.Name
	}
	var depts [][]any
	for _, r := range regions {
		if r.Level == "township" {
			continue
		}
		p := org.Place{Code: r.Code, Name: r.Name, Level: r.Level}
		if r.Level == "county" {
			p.CityName = names[r.Parent]
		}
		for _, d := range org.Departments(p, kinds) {
			depts = append(depts, []any{d.ID, d.Region, d.Kind, d.Name, d.Short, departmentCode(d.ID, d.Region)})
		}
	}
	return batchInsertTail(ctx, tx, "INSERT INTO departments (id, region, kind, name, short, code)", 6, depts, "ON CONFLICT (id) DO NOTHING")
}

func loadZhejiang(ctx context.Context, tx *Tx, kinds []org.Kind) error {
	if err := ensureDepartments(ctx, tx, kinds); err != nil {
		return err
	}
	regions, full, err := zhejiang(ctx, tx)
	if err != nil {
		return err
	}
	var centers, windows [][]any
	addCenter := func(c org.Center) {
		centers = append(centers, []any{c.ID, c.Region, c.Kind, c.Name, c.Address, c.Hours, c.Phone})
		for _, w := range c.Windows {
			windows = append(windows, []any{w.ID, c.ID, w.Category, w.Name, w.Seq})
		}
	}
	agents := map[string]int{}
	for _, r := range regions {
		p := org.Place{Code: r.Code, Name: r.Name, Level: r.Level}
		switch r.Level {
		case "city", "county":
			addCenter(org.AdminCenter(p, full(r)))
		case "township":
			city := r.Code[:4] + "00"
			if city != DemoCities[0] && city != DemoCities[1] {
				continue
			}
			addCenter(org.TownshipCenter(p, full(r)))
			// The first two townships of each county get a village 代办点.
			county := r.Parent
			if agents[county] < 2 {
				agents[county]++
				addCenter(org.AgentPoint(p, full(r), []string{"中心村", "新塘村"}[agents[county]-1], 1))
			}
		}
	}
	if err := batchInsert(ctx, tx, "INSERT INTO centers (id, region, kind, name, address, hours, phone)", 7, centers); err != nil {
		return err
	}
	return batchInsert(ctx, tx, "INSERT INTO windows (id, center_id, category, name, seq)", 5, windows)
}

// Departments lists the departments of a region (its own, not its children's).
func (s *Store) Departments(ctx context.Context, region string) ([]org.Department, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT id, region, kind, name, short, code FROM departments WHERE region = $1 ORDER BY id`, region)
	if err != nil {
		return nil, s.mapErr(err)
	}
	defer rows.Close()
	out := []org.Department{}
	for rows.Next() {
		var d org.Department
		if err := rows.Scan(&d.ID, &d.Region, &d.Kind, &d.Name, &d.Short, &d.Code); err != nil {
			return nil, s.mapErr(err)
		}
		out = append(out, d)
	}
	return out, s.mapErr(rows.Err())
}

// Department returns one department.
func (s *Store) Department(ctx context.Context, id string) (org.Department, error) {
	var d org.Department
	err := s.r.QueryRowContext(ctx, `SELECT id, region, kind, name, short, code FROM departments WHERE id = $1`, id).
		Scan(&d.ID, &d.Region, &d.Kind, &d.Name, &d.Short, &d.Code)
	if errors.Is(err, sql.ErrNoRows) {
		return d, onetrip.NotFound("department.not_found", id)
	}
	return d, s.mapErr(err)
}

// Centers lists the service centres of a region and of its townships.
func (s *Store) Centers(ctx context.Context, region string) ([]org.Center, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT c.id, c.region, c.kind, c.name, c.address, c.hours, c.phone,
		w.id, w.category, w.name
		FROM centers c LEFT JOIN windows w ON w.center_id = c.id
		WHERE c.region = $1 OR c.region IN (SELECT code FROM regions WHERE parent = $1)
		ORDER BY c.region, c.id, w.seq`, region)
	if err != nil {
		return nil, s.mapErr(err)
	}
	defer rows.Close()
	out := []org.Center{}
	for rows.Next() {
		var c org.Center
		var wid, wcat, wname sql.NullString
		if err := rows.Scan(&c.ID, &c.Region, &c.Kind, &c.Name, &c.Address, &c.Hours, &c.Phone, &wid, &wcat, &wname); err != nil {
			return nil, s.mapErr(err)
		}
		if n := len(out); n == 0 || out[n-1].ID != c.ID {
			c.Windows = []org.Window{}
			out = append(out, c)
		}
		if wid.Valid {
			last := &out[len(out)-1]
			last.Windows = append(last.Windows, org.Window{ID: wid.String, Category: wcat.String, Name: wname.String})
		}
	}
	return out, s.mapErr(rows.Err())
}

// Center returns one centre with its windows.
func (s *Store) Center(ctx context.Context, id string) (org.Center, error) {
	var c org.Center
	err := s.r.QueryRowContext(ctx, `SELECT id, region, kind, name, address, hours, phone FROM centers WHERE id = $1`, id).
		Scan(&c.ID, &c.Region, &c.Kind, &c.Name, &c.Address, &c.Hours, &c.Phone)
	if errors.Is(err, sql.ErrNoRows) {
		return c, onetrip.NotFound("center.not_found", id)
	}
	if err != nil {
		return c, s.mapErr(err)
	}
	rows, err := s.r.QueryContext(ctx, `SELECT id, category, name FROM windows WHERE center_id = $1 ORDER BY seq`, id)
	if err != nil {
		return c, s.mapErr(err)
	}
	defer rows.Close()
	c.Windows = []org.Window{}
	for rows.Next() {
		var w org.Window
		if err := rows.Scan(&w.ID, &w.Category, &w.Name); err != nil {
			return c, s.mapErr(err)
		}
		c.Windows = append(c.Windows, w)
	}
	return c, s.mapErr(rows.Err())
}

// departmentCode derives a synthetic but well-formed unified social credit
// code for a government body (registration authority 1, type 1 机关), used as
// the issuer code of the licences it signs.
func departmentCode(id, region string) string {
	h := uint32(2166136261)
	for i := 0; i < len(id); i++ {
		h = (h ^ uint32(id[i])) * 16777619
	}
	return idcode.MakeOrgUSCC("11", region[:6], fmt.Sprintf("%08d", h%100000000))
}
