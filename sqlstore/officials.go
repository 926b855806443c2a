package sqlstore

import (
	"context"
	"time"
)

// Officials' names for logs and histories: a case's events, a decision, a
// calendar change or a grant name their actor by username; people read
// "柯城区综合窗口（柯城区行政服务中心）", not "qz.clerk". Staff accounts are
// few (thousands), so all of them are held, refreshed every few minutes.

// officialNames loads username → "name（body）" for every staff account.
func (s *Store) loadOfficialNames(ctx context.Context) (map[string]string, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT u.username, u.name, COALESCE(d.name, c.name, '')
		FROM users u LEFT JOIN departments d ON d.id = u.department_id LEFT JOIN centers c ON c.id = u.center_id
		WHERE u.role <> 'applicant'`)
	if err != nil {
		return nil, s.mapErr(err)
	}
	defer rows.Close()
	out := map[string]string{"platform": "平台", "demo": "演示数据"}
	for rows.Next() {
		var user, name, body string
		if err := rows.Scan(&user, &name, &body); err != nil {
			return nil, s.mapErr(err)
		}
		out[user] = name
		if body != "" && body != name {
			out[user] = name + "（" + body + "）"
		}
	}
	return out, s.mapErr(rows.Err())
}

// OfficialName is how an actor is shown: a staff account's name and body,
// else the username itself (an applicant's own account, a system).
func (s *Store) OfficialName(ctx context.Context, username string) string {
	m, err := s.officials.get(ctx)
	if err != nil {
		return username
	}
	if n, ok := m[username]; ok {
		return n
	}
	return username
}

const officialsTTL = 5 * time.Minute
