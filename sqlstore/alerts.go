package sqlstore

import (
	"context"
	"database/sql"
	"strconv"
	"strings"

	"onetrip"
	"onetrip/casework"
	"onetrip/intake"
	"onetrip/supervision"
	"onetrip/workday"
)

// Clock alerts (预警): WatchClocks reads every running case's and task's
// clock and raises an alert the first time one turns due-soon or overdue;
// the unique (object, kind) key makes "once" hold across nodes and runs.
// Alerts are their own records: they do not touch the case, so a
// reviewer's open form is never made stale by the watch.

// watchHorizon bounds the clocks read: a due date further than this many
// working days away cannot be due soon (DueSoonDays of a 100-day limit is 20).
const watchHorizon = 40

const watchPage = 1000

// WatchClocks raises the alerts that running clocks call for now and
// returns the new ones.
func (s *Store) WatchClocks(ctx context.Context) ([]supervision.Alert, error) {
	cal, err := s.Calendar(ctx)
	if err != nil {
		return nil, err
	}
	now := s.Now()
	horizon := cal.AddWorkdays(workday.DateOf(now), watchHorizon).String()
	var cands []supervision.Alert

	// The cases' own clocks, from their rows (ListClock).
	after := ""
	for {
		rows, err := s.r.QueryContext(ctx, `SELECT id, number, title, region, status, accepted_at, due_date, promised_days, COALESCE(lead_department, '')
			FROM cases WHERE status IN ('accepted', 'in_review', 'suspended') AND due_date IS NOT NULL AND due_date <= $1 AND id > $2
			ORDER BY id LIMIT `+strconv.Itoa(watchPage), horizon, after)
		if err != nil {
			return nil, s.mapErr(err)
		}
		n := 0
		for rows.Next() {
			var id, number, title, region, status, due, lead string
			var promised int
			var accepted sql.NullString
			if err := rows.Scan(&id, &number, &title, &region, &status, &accepted, &due, &promised, &lead); err != nil {
				rows.Close()
				return nil, s.mapErr(err)
			}
			// The clock's inputs as a list reads them (the status from the row, not a move).
			c := casework.Case{ID: id, Number: number, Title: title, Region: region, Status: intake.Status(status), AcceptedAt: optTS(accepted),
				DueDate: due, PromisedDays: promised, LeadDepartment: lead}
			n, after = n+1, c.ID
			if k, ok := supervision.AlertFor(workday.Status(casework.ListClock(cal, &c, now))); ok {
				cands = append(cands, supervision.Alert{Kind: k, CaseID: c.ID, CaseNumber: c.Number, CaseTitle: c.Title, Region: c.Region,
					Department: c.LeadDepartment, DueDate: c.DueDate})
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, s.mapErr(err)
		}
		if n < watchPage {
			break
		}
	}

	// The tasks in departments' queues, with their suspensions.
	afterDue, afterID := "", ""
	for {
		rows, err := s.r.QueryContext(ctx, `SELECT t.id, t.case_id, t.step, t.participant, t.department_id, t.limit_days, t.ready_at, t.due_date, c.number, c.title, c.region
			FROM tasks t JOIN cases c ON c.id = t.case_id
			WHERE t.status = 'ready' AND t.due_date <= $1 AND (t.due_date > $2 OR (t.due_date = $2 AND t.id > $3))
			ORDER BY t.due_date, t.id LIMIT `+strconv.Itoa(watchPage), horizon, afterDue, afterID)
		if err != nil {
			return nil, s.mapErr(err)
		}
		var page []supervision.Alert
		var tasks []casework.Task
		var caseIDs []string
		for rows.Next() {
			var t casework.Task
			var a supervision.Alert
			var ready sql.NullString
			if err := rows.Scan(&t.ID, &t.CaseID, &t.Step, &t.Participant, &t.Department, &t.LimitDays, &ready, &t.DueDate, &a.CaseNumber, &a.CaseTitle, &a.Region); err != nil {
				rows.Close()
				return nil, s.mapErr(err)
			}
			t.Step = stepOf(t.Step, t.Participant)
			t.ReadyAt = optTS(ready)
			afterDue, afterID = t.DueDate, t.ID
			a.CaseID, a.TaskID, a.Step, a.Department = t.CaseID, t.ID, t.Step, t.Department
			page, tasks, caseIDs = append(page, a), append(tasks, t), append(caseIDs, t.CaseID)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, s.mapErr(err)
		}
		susp, err := s.suspensions(ctx, s.r, caseIDs)
		if err != nil {
			return nil, err
		}
		for i := range tasks {
			st := casework.TaskDeadline(cal, &tasks[i], susp[tasks[i].CaseID], now)
			if k, ok := supervision.AlertFor(workday.Status(st)); ok {
				page[i].Kind, page[i].DueDate = k, tasks[i].DueDate
				cands = append(cands, page[i])
			}
		}
		if len(tasks) < watchPage {
			break
		}
	}
	return s.raiseAlerts(ctx, cands)
}

// raiseAlerts records the candidates not raised before, in batches.
func (s *Store) raiseAlerts(ctx context.Context, cands []supervision.Alert) ([]supervision.Alert, error) {
	var out []supervision.Alert
	now := s.Now()
	for start := 0; start < len(cands); start += 200 {
		part := cands[start:min(start+200, len(cands))]
		err := s.Tx(ctx, func(tx *Tx) error {
			for _, a := range part {
				a.ID, a.At = NewID(), now
				object := a.CaseID
				if a.TaskID != "" {
					object = a.TaskID
				}
				res, err := tx.ExecContext(ctx, `INSERT INTO clock_alerts (id, object, kind, case_id, case_number, case_title, task_id, step, region, department, due_date, at)
					VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT (object, kind) DO NOTHING`,
					a.ID, object, string(a.Kind), a.CaseID, a.CaseNumber, a.CaseTitle, a.TaskID, a.Step, a.Region, a.Department, a.DueDate, TS(a.At))
				if err != nil {
					return err
				}
				if n, _ := res.RowsAffected(); n == 1 {
					out = append(out, a)
				}
			}
			return nil
		})
		if err != nil {
			return out, s.mapErr(err)
		}
	}
	return out, nil
}

// AlertQuery filters alerts: a department's, or a region's and below.
type AlertQuery struct {
	Department   string
	RegionPrefix string
	Kind         supervision.AlertKind
	Before       string // keyset: the previous page's last alert's at_id
	Limit        int
}

// Alerts lists alerts in a scope, newest first.
func (s *Store) Alerts(ctx context.Context, q AlertQuery) ([]supervision.Alert, error) {
	var args []any
	arg := func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)) }
	where, err := scopeWhere(arg, q.Department, q.RegionPrefix)
	if err != nil {
		return nil, err
	}
	if q.Kind != "" {
		where += " AND kind = " + arg(string(q.Kind))
	}
	where += beforeClause(arg, q.Before)
	limit := q.Limit
	if limit <= 0 || limit > 200 {
		limit = 50
	}
	rows, err := s.r.QueryContext(ctx, `SELECT id, kind, case_id, case_number, case_title, task_id, step, region, department, due_date, at
		FROM clock_alerts WHERE `+where+` ORDER BY at DESC, id DESC LIMIT `+strconv.Itoa(limit), args...)
	if err != nil {
		return nil, s.mapErr(err)
	}
	defer rows.Close()
	out := []supervision.Alert{}
	for rows.Next() {
		var a supervision.Alert
		var at string
		if err := rows.Scan(&a.ID, &a.Kind, &a.CaseID, &a.CaseNumber, &a.CaseTitle, &a.TaskID, &a.Step, &a.Region, &a.Department, &a.DueDate, &at); err != nil {
			return nil, s.mapErr(err)
		}
		a.At = mustTS(at)
		out = append(out, a)
	}
	return out, s.mapErr(rows.Err())
}

// AlertCursor is the keyset position after an alert.
func AlertCursor(a supervision.Alert) string { return TS(a.At) + "_" + a.ID }

// UnreadAlerts counts the alerts in a scope newer than the user last looked.
func (s *Store) UnreadAlerts(ctx context.Context, userID string, q AlertQuery) (int, error) {
	where, arg := "department = $2", q.Department
	if q.Department == "" {
		where, arg = "region LIKE $2", q.RegionPrefix+"%"
	}
	if q.Department == "" && q.RegionPrefix == "" {
		return 0, nil
	}
	var n int
	err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM clock_alerts WHERE `+where+`
		AND at > COALESCE((SELECT seen_at FROM alert_reads WHERE user_id = $1), '')`, userID, arg).Scan(&n)
	return n, s.mapErr(err)
}

// SeeAlerts records that the user has seen their alerts up to now.
func (s *Store) SeeAlerts(ctx context.Context, userID string) error {
	return s.Tx(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO alert_reads (user_id, seen_at) VALUES ($1, $2)
			ON CONFLICT (user_id) DO UPDATE SET seen_at = excluded.seen_at`, userID, TS(s.Now()))
		return err
	})
}

// scopeWhere is the condition of a supervision record's scope: a
// department's own, or a region's and below; neither is forbidden.
func scopeWhere(arg func(any) string, department, regionPrefix string) (string, error) {
	switch {
	case department != "":
		return "department = " + arg(department), nil
	case regionPrefix != "":
		return "region LIKE " + arg(regionPrefix+"%"), nil
	}
	return "", onetrip.Forbidden("policy.forbidden")
}

// beforeClause continues a newest-first list after the keyset cursor
// "at_id" (empty: from the top).
func beforeClause(arg func(any) string, before string) string {
	at, id, ok := strings.Cut(before, "_")
	if !ok {
		return ""
	}
	return " AND (at < " + arg(at) + " OR (at = " + arg(at) + " AND id < " + arg(id) + "))"
}
