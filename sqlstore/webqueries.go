package sqlstore

import (
	"context"
	"onetrip/org"
)

// Queries the HTML interface needs beyond the services' own.

// DepartmentsOfKind lists the departments of a kind whose region lies
// inside a region prefix (see idcode.RegionPrefix; "" = everywhere), by
// region: the choices of an implementation's department in the admin
// editor.
func (s *Store) DepartmentsOfKind(ctx context.Context, kind, regionPrefix string) ([]org.Department, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT id, region, kind, name, short, code FROM departments
		WHERE kind = $1 AND region LIKE $2 ORDER BY region, id`, kind, regionPrefix+"%")
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
