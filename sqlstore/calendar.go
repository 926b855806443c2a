package sqlstore

import (
	"context"
	"database/sql"
	"sort"
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

// CalendarSource is the State Council notice behind one year's schedule as
// the calendar shows it: the administrator's record (who, when) or, when
// nobody recorded one, the notice shipped with the built-in table
// (Builtin).
type CalendarSource struct {
	workday.Source
	Builtin    bool
	RecordedBy string
	RecordedAt time.Time
}

// CalendarSourceAudit is one change of the recorded sources: what was set,
// or what a delete removed.
type CalendarSourceAudit struct {
	Year      int       `json:"year"`
	Action    string    `json:"action"` // set, delete
	Title     string    `json:"title"`
	Number    string    `json:"number"`
	Published string    `json:"published"`
	URL       string    `json:"url"`
	At        time.Time `json:"at"`
	Actor     string    `json:"actor"`
}

// CalendarSources lists the source of every year that has one, by year:
// the administrators' records over the shipped ones.
func (s *Store) CalendarSources(ctx context.Context) ([]CalendarSource, error) {
	byYear := map[int]CalendarSource{}
	for _, b := range workday.BuiltinSources() {
		byYear[b.Year] = CalendarSource{Source: b, Builtin: true}
	}
	rows, err := s.r.QueryContext(ctx, `SELECT year, title, number, published, url, recorded_at, recorded_by FROM calendar_sources`)
	if err != nil {
		return nil, s.mapErr(err)
	}
	defer rows.Close()
	for rows.Next() {
		c, err := scanCalendarSource(rows)
		if err != nil {
			return nil, err
		}
		byYear[c.Year] = c
	}
	if err := rows.Err(); err != nil {
		return nil, s.mapErr(err)
	}
	out := make([]CalendarSource, 0, len(byYear))
	for _, c := range byYear {
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Year < out[j].Year })
	return out, nil
}

// CalendarSourceOf is year's source; ok is false when neither an
// administrator nor the built-in table has one.
func (s *Store) CalendarSourceOf(ctx context.Context, year int) (CalendarSource, bool, error) {
	row := s.r.QueryRowContext(ctx, `SELECT year, title, number, published, url, recorded_at, recorded_by FROM calendar_sources WHERE year = $1`, year)
	c, err := scanCalendarSource(row)
	if err == nil {
		return c, true, nil
	}
	if !isNoRows(err) {
		return CalendarSource{}, false, s.mapErr(err)
	}
	for _, b := range workday.BuiltinSources() {
		if b.Year == year {
			return CalendarSource{Source: b, Builtin: true}, true, nil
		}
	}
	return CalendarSource{}, false, nil
}

func scanCalendarSource(row interface{ Scan(...any) error }) (CalendarSource, error) {
	var c CalendarSource
	var published, at string
	if err := row.Scan(&c.Year, &c.Title, &c.Number, &published, &c.URL, &at, &c.RecordedBy); err != nil {
		return CalendarSource{}, err
	}
	d, err := workday.Parse(published)
	if err != nil {
		return CalendarSource{}, onetrip.Internal(err)
	}
	c.Published, c.RecordedAt = d, mustTS(at)
	return c, nil
}

// SetCalendarSource records (or replaces) the notice behind a year's
// schedule, checked by workday.CheckSource against today in China: a
// refused source writes nothing. The change is audited; the record
// replaces the shipped source for its year.
func (s *Store) SetCalendarSource(ctx context.Context, src workday.Source, actor string) (CalendarSource, error) {
	now := s.Now()
	src, err := workday.CheckSource(src, workday.DateOf(now))
	if err != nil {
		return CalendarSource{}, err
	}
	ts := TS(now)
	err = s.Tx(ctx, func(tx *Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO calendar_sources (year, title, number, published, url, recorded_at, recorded_by) VALUES ($1,$2,$3,$4,$5,$6,$7)
			ON CONFLICT (year) DO UPDATE SET title = excluded.title, number = excluded.number, published = excluded.published, url = excluded.url,
				recorded_at = excluded.recorded_at, recorded_by = excluded.recorded_by`,
			src.Year, src.Title, src.Number, src.Published.String(), src.URL, ts, actor); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO calendar_source_audit (id, year, action, title, number, published, url, at, actor) VALUES ($1,$2,'set',$3,$4,$5,$6,$7,$8)`,
			NewID(), src.Year, src.Title, src.Number, src.Published.String(), src.URL, ts, actor)
		return err
	})
	if err != nil {
		return CalendarSource{}, err
	}
	return CalendarSource{Source: src, RecordedBy: actor, RecordedAt: mustTS(ts)}, nil
}

// DeleteCalendarSource removes the administrator's record of a year's
// source (audited, with what it said); the shipped source, if the year
// has one, applies again. Not found when nothing is recorded.
func (s *Store) DeleteCalendarSource(ctx context.Context, year int, actor string) error {
	return s.Tx(ctx, func(tx *Tx) error {
		var title, number, published, link string
		err := tx.QueryRowContext(ctx, `SELECT title, number, published, url FROM calendar_sources WHERE year = $1`, year).Scan(&title, &number, &published, &link)
		if isNoRows(err) {
			return onetrip.NotFound("err.not_found")
		}
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM calendar_sources WHERE year = $1`, year); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO calendar_source_audit (id, year, action, title, number, published, url, at, actor) VALUES ($1,$2,'delete',$3,$4,$5,$6,$7,$8)`,
			NewID(), year, title, number, published, link, TS(s.Now()), actor)
		return err
	})
}

// CalendarSourceAuditTrail lists the changes of the recorded sources,
// newest first.
func (s *Store) CalendarSourceAuditTrail(ctx context.Context) ([]CalendarSourceAudit, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT year, action, title, number, published, url, at, actor FROM calendar_source_audit ORDER BY at DESC, id DESC`)
	if err != nil {
		return nil, s.mapErr(err)
	}
	defer rows.Close()
	out := []CalendarSourceAudit{}
	for rows.Next() {
		var a CalendarSourceAudit
		var at string
		if err := rows.Scan(&a.Year, &a.Action, &a.Title, &a.Number, &a.Published, &a.URL, &at, &a.Actor); err != nil {
			return nil, s.mapErr(err)
		}
		a.At = mustTS(at)
		out = append(out, a)
	}
	return out, s.mapErr(rows.Err())
}
