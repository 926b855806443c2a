package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"onetrip"
	"onetrip/region"
)

func init() {
	onetrip.Register(onetrip.Messages{
		"region.not_found": {"行政区划代码 %s 不存在", "region code %s does not exist"},
	})
}

// batchInsert inserts rows with multi-row VALUES, about a thousand values
// per statement: reference data loads in one transaction without a round
// trip per row. The budget is in values, not rows, because SQLite's driver
// looks each $N up by name in a list as long as the statement's: 8,000
// values a statement cost 30 million steps (and minutes under the race
// detector), 1,000 cost half a million.
func batchInsert(ctx context.Context, tx *Tx, head string, cols int, rows [][]any) error {
	return batchInsertTail(ctx, tx, head, cols, rows, "")
}

// batchInsertTail is batchInsert with a clause after VALUES (ON CONFLICT …).
func batchInsertTail(ctx context.Context, tx *Tx, head string, cols int, rows [][]any, tail string) error {
	per := max(1, 1000/cols)
	for start := 0; start < len(rows); start += per {
		end := min(start+per, len(rows))
		var b strings.Builder
		b.WriteString(head)
		b.WriteString(" VALUES ")
		args := make([]any, 0, (end-start)*cols)
		for i, r := range rows[start:end] {
			if i > 0 {
				b.WriteString(",")
			}
			b.WriteString("(")
			for j := range cols {
				if j > 0 {
					b.WriteString(",")
				}
				fmt.Fprintf(&b, "$%d", len(args)+j+1)
			}
			b.WriteString(")")
			args = append(args, r...)
		}
		b.WriteString(" ")
		b.WriteString(tail)
		if _, err := tx.ExecContext(ctx, b.String(), args...); err != nil {
			return err
		}
	}
	return nil
}

func loadRegions(ctx context.Context, tx *Tx) error {
	all, err := region.All()
	if err != nil {
		return err
	}
	rows := make([][]any, len(all))
	for i, r := range all {
		var parent any
		if r.Parent != "" {
			parent = r.Parent
		}
		rows[i] = []any{r.Code, r.Name, parent, r.Level}
	}
	return batchInsert(ctx, tx, "INSERT INTO regions (code, name, parent, level)", 4, rows)
}

// Region returns one region.
func (s *Store) Region(ctx context.Context, code string) (region.Region, error) {
	var r region.Region
	var parent sql.NullString
	err := s.r.QueryRowContext(ctx, `SELECT code, name, parent, level FROM regions WHERE code = $1`, code).
		Scan(&r.Code, &r.Name, &parent, &r.Level)
	if errors.Is(err, sql.ErrNoRows) {
		return r, onetrip.NotFound("region.not_found", code)
	}
	r.Parent = parent.String
	return r, s.mapErr(err)
}

// RegionPath returns the region and its ancestors, province first.
func (s *Store) RegionPath(ctx context.Context, code string) ([]region.Region, error) {
	var path []region.Region
	for code != "" && len(path) < 6 {
		r, err := s.Region(ctx, code)
		if err != nil {
			return nil, err
		}
		path = append([]region.Region{r}, path...)
		code = r.Parent
	}
	return path, nil
}

// Regions lists the children of parent, or the provinces when parent is "".
func (s *Store) Regions(ctx context.Context, parent string) ([]region.Region, error) {
	q, args := `SELECT code, name, parent, level FROM regions WHERE parent = $1 ORDER BY code`, []any{parent}
	if parent == "" {
		q, args = `SELECT code, name, parent, level FROM regions WHERE parent IS NULL ORDER BY code`, nil
	} else if _, err := s.Region(ctx, parent); err != nil {
		return nil, err
	}
	rows, err := s.r.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, s.mapErr(err)
	}
	defer rows.Close()
	out := []region.Region{}
	for rows.Next() {
		var r region.Region
		var p sql.NullString
		if err := rows.Scan(&r.Code, &r.Name, &p, &r.Level); err != nil {
			return nil, s.mapErr(err)
		}
		r.Parent = p.String
		out = append(out, r)
	}
	return out, s.mapErr(rows.Err())
}

// FullName joins a region's path: 浙江省衢州市柯城区 (municipal 市辖区 left out).
func FullName(path []region.Region) string {
	var b strings.Builder
	for _, r := range path {
		if r.Name != "市辖区" {
			b.WriteString(r.Name)
		}
	}
	return b.String()
}
