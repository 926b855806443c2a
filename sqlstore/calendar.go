package sqlstore

import (
	"context"
	"database/sql"
	"time"

	"onetrip"
	"onetrip/workday"
)

// calendarTTL is how soon a node sees another node's calendar change; its
// own changes show at once. Overrides change a few times a year.
const calendarTTL = 30 * time.Second

// Calendar returns the working-day calendar in force: the built-in table
// with the admins' overrides.
func (s *Store) Calendar(ctx context.Context) (*workday.Calendar, error) {
	return s.cal.get(ctx)
}

func (s *Store) loadCalendar(ctx context.Context) (*workday.Calendar, error) {
	ov, err := s.CalendarOverrides(ctx)
	if err != nil {
		return nil, err
	}
	return workday.New(ov)
}

// CalendarOverrides lists the admins' overrides by date.
func (s *Store) CalendarOverrides(ctx context.Context) ([]workday.Override, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT day, work, name FROM calendar_overrides ORDER BY day`)
	if err != nil {
		return nil, s.mapErr(err)
	}
	defer rows.Close()
	var out []workday.Override
	for rows.Next() {
		var day, name string
		var work bool
		if err := rows.Scan(&day, &work, &name); err != nil {
			return nil, s.mapErr(err)
		}
		d, err := workday.Parse(day)
		if err != nil {
			return nil, onetrip.Internal(err)
		}
		out = append(out, workday.Override{Date: d, Work: work, Name: name})
	}
	return out, s.mapErr(rows.Err())
}

// CalendarAudit is one change of the overrides.
type CalendarAudit struct {
	Day    string    `json:"day"`
	Action string    `json:"action"` // set, delete
	Work   *bool     `json:"work,omitempty"`
	Name   string    `json:"name"`
	At     time.Time `json:"at"`
	Actor  string    `json:"actor"`
}

// SetCalendarOverrides adds or replaces overrides (next year's schedule as
// the State Council publishes it). The whole set must make a valid calendar
// — a date both holiday and working day is refused — and each change is
// audited.
func (s *Store) SetCalendarOverrides(ctx context.Context, list []workday.Override, actor string) error {
	cur, err := s.CalendarOverrides(ctx)
	if err != nil {
		return err
	}
	merged := map[workday.Date]workday.Override{}
	for _, o := range cur {
		merged[o.Date] = o
	}
	if _, err := workday.New(list); err != nil { // consistent in itself
		return err
	}
	for _, o := range list {
		merged[o.Date] = o
	}
	all := make([]workday.Override, 0, len(merged))
	for _, o := range merged {
		all = append(all, o)
	}
	if _, err := workday.New(all); err != nil {
		return err
	}
	now := TS(s.Now())
	err = s.Tx(ctx, func(tx *Tx) error {
		for _, o := range list {
			if _, err := tx.ExecContext(ctx, `INSERT INTO calendar_overrides (day, work, name, updated_at, updated_by) VALUES ($1,$2,$3,$4,$5)
				ON CONFLICT (day) DO UPDATE SET work = excluded.work, name = excluded.name, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
				o.Date.String(), o.Work, o.Name, now, actor); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO calendar_audit (id, day, action, work, name, at, actor) VALUES ($1,$2,'set',$3,$4,$5,$6)`,
				NewID(), o.Date.String(), o.Work, o.Name, now, actor); err != nil {
				return err
			}
		}
		return nil
	})
	if err == nil {
		s.cal.invalidate()
	}
	return err
}

// DeleteCalendarOverride removes one override (audited).
func (s *Store) DeleteCalendarOverride(ctx context.Context, day workday.Date, actor string) error {
	err := s.Tx(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM calendar_overrides WHERE day = $1`, day.String())
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return onetrip.NotFound("err.not_found")
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO calendar_audit (id, day, action, work, name, at, actor) VALUES ($1,$2,'delete',NULL,'',$3,$4)`,
			NewID(), day.String(), TS(s.Now()), actor)
		return err
	})
	if err == nil {
		s.cal.invalidate()
	}
	return err
}

// CalendarAuditTrail lists override changes, newest first.
func (s *Store) CalendarAuditTrail(ctx context.Context) ([]CalendarAudit, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT day, action, work, name, at, actor FROM calendar_audit ORDER BY at DESC, id DESC`)
	if err != nil {
		return nil, s.mapErr(err)
	}
	defer rows.Close()
	out := []CalendarAudit{}
	for rows.Next() {
		var a CalendarAudit
		var work sql.NullBool
		var at string
		if err := rows.Scan(&a.Day, &a.Action, &work, &a.Name, &at, &a.Actor); err != nil {
			return nil, s.mapErr(err)
		}
		if work.Valid {
			w := work.Bool
			a.Work = &w
		}
		a.At = mustTS(at)
		out = append(out, a)
	}
	return out, s.mapErr(rows.Err())
}
