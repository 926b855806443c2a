package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"sort"
	"strconv"
	"strings"
	"time"

	"onetrip/catalog"
	"onetrip/idcode"
	"onetrip/intake"
	"onetrip/region"
	"onetrip/supervision"
	"onetrip/workday"
)

// The measures' projection (supervision). RefreshStats folds the cases that
// changed since its mark into stat_days and stat_months as the difference
// between what each contributes now and what it contributed when last read
// (stat_facts), and the ratings not yet counted; Overview sums it for a
// region and period. Intake pays nothing but the cases_updated index: the
// projection is kept by a job, not by the commands.

// statLag is how far behind its mark the projection reads again, so a
// transaction that committed a moment after a later one is not missed;
// reading a case twice adds nothing.
const statLag = 5 * time.Second

// statBatch is how many cases one transaction of RefreshStats folds.
const statBatch = 2000

// statKey is one row of the projection.
type statKey struct{ period, region, subject, department, center string }

// lockStats makes concurrent folds take turns (see the migration).
func lockStats(ctx context.Context, tx *Tx) error {
	_, err := tx.ExecContext(ctx, `UPDATE stat_marks SET value = value WHERE name = 'lock'`)
	return err
}

// storedFacts are a case's facts as stat_facts keeps them.
type storedFacts struct {
	supervision.Facts
	UpdatedAt string `json:"updated_at"`
	Version   int    `json:"version"` // the case's, when read
}

// RefreshStats brings the projection up to date and returns how many cases
// and ratings it read.
func (s *Store) RefreshStats(ctx context.Context) (int, error) {
	cal, err := s.Calendar(ctx)
	if err != nil {
		return 0, err
	}
	var mark string
	err = s.r.QueryRowContext(ctx, `SELECT value FROM stat_marks WHERE name = 'cases'`).Scan(&mark)
	if err != nil && !isNoRows(err) {
		return 0, s.mapErr(err)
	}
	ts, id := "", ""
	if t, err := ParseTS(mark); err == nil {
		ts = TS(t.Add(-statLag))
	}
	total := 0
	for {
		n, lastTS, lastID, err := s.refreshCases(ctx, cal, ts, id)
		total += n
		if err != nil || n < statBatch {
			if err != nil {
				return total, err
			}
			break
		}
		ts, id = lastTS, lastID
	}
	for {
		n, err := s.refreshRatings(ctx)
		total += n
		if err != nil || n < statBatch {
			return total, err
		}
	}
}

const factCols = `c.id, c.region, c.subject, COALESCE(c.lead_department, (SELECT t.department_id FROM tasks t WHERE t.case_id = c.id ORDER BY t.seq LIMIT 1), ''),
	COALESCE(c.center_id, ''), c.channel, c.status, c.created_at, c.accepted_at, c.decided_at, c.closed_at, COALESCE(c.due_date, ''), c.promised_days,
	c.second_notice, c.notices, c.trips_total, c.trips_counted, c.max_visits, c.updated_at, c.version,
	(SELECT COUNT(*) FROM case_materials m WHERE m.case_id = c.id),
	(SELECT COUNT(*) FROM case_materials m WHERE m.case_id = c.id AND m.state IN ('fetched', 'prior_step'))`

// refreshCases folds one page of changed cases after (ts, id).
func (s *Store) refreshCases(ctx context.Context, cal *workday.Calendar, ts, id string) (n int, lastTS, lastID string, err error) {
	// A case read as it is (within the lag) is skipped by its fact row's
	// time, before its materials are counted.
	rows, err := s.r.QueryContext(ctx, `SELECT `+factCols+` FROM cases c WHERE (c.updated_at > $1 OR (c.updated_at = $1 AND c.id > $2))
		AND NOT EXISTS (SELECT 1 FROM stat_facts f WHERE f.case_id = c.id AND f.version = c.version)
		ORDER BY c.updated_at, c.id LIMIT `+strconv.Itoa(statBatch), ts, id)
	if err != nil {
		return 0, "", "", s.mapErr(err)
	}
	var ids []string
	facts := map[string]storedFacts{}
	for rows.Next() {
		var f storedFacts
		var cid, channel, status, created string
		var accepted, decided, closed sql.NullString
		if err := rows.Scan(&cid, &f.Region, &f.Subject, &f.Department, &f.Center, &channel, &status, &created, &accepted, &decided, &closed,
			&f.DueDate, &f.PromisedDays, &f.SecondNotice, &f.Notices, &f.TripsTotal, &f.TripsCounted, &f.MaxVisits, &f.UpdatedAt, &f.Version, &f.Materials, &f.Exempt); err != nil {
			rows.Close()
			return 0, "", "", s.mapErr(err)
		}
		f.Channel, f.Status, f.CreatedAt = intake.Channel(channel), intake.Status(status), mustTS(created)
		f.AcceptedAt, f.DecidedAt, f.ClosedAt = optTS(accepted), optTS(decided), optTS(closed)
		ids = append(ids, cid)
		facts[cid] = f
		lastTS, lastID = f.UpdatedAt, cid
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, "", "", s.mapErr(err)
	}
	if len(ids) == 0 {
		return 0, ts, id, nil
	}
	err = s.Tx(ctx, func(tx *Tx) error {
		if err := lockStats(ctx, tx); err != nil {
			return err
		}
		old, err := s.storedFacts(ctx, tx, ids)
		if err != nil {
			return err
		}
		delta := map[statKey]supervision.Counts{}
		var factRows [][]any
		for _, cid := range ids {
			f := facts[cid]
			o, had := old[cid]
			if had && o.Version >= f.Version {
				continue // a newer reading is already in
			}
			if had {
				addContributions(delta, o.Facts, cal, -1)
			}
			addContributions(delta, f.Facts, cal, 1)
			b, _ := json.Marshal(f)
			factRows = append(factRows, []any{cid, f.Version, string(b)})
		}
		if err := s.applyStatDelta(ctx, tx, delta); err != nil {
			return err
		}
		if err := batchInsertTail(ctx, tx, `INSERT INTO stat_facts (case_id, version, facts)`, 3, factRows,
			` ON CONFLICT (case_id) DO UPDATE SET version = excluded.version, facts = excluded.facts`); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO stat_marks (name, value) VALUES ('cases', $1) ON CONFLICT (name) DO UPDATE SET value = excluded.value
			WHERE stat_marks.value < excluded.value`, lastTS)
		return err
	})
	return len(ids), lastTS, lastID, err
}

func (s *Store) storedFacts(ctx context.Context, tx *Tx, ids []string) (map[string]storedFacts, error) {
	out := map[string]storedFacts{}
	ph := make([]string, len(ids))
	args := make([]any, len(ids))
	for i, id := range ids {
		ph[i], args[i] = "$"+strconv.Itoa(i+1), id
	}
	rows, err := tx.QueryContext(ctx, `SELECT case_id, facts FROM stat_facts WHERE case_id IN (`+strings.Join(ph, ",")+`)`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id, text string
		if err := rows.Scan(&id, &text); err != nil {
			return nil, err
		}
		var f storedFacts
		if json.Unmarshal([]byte(text), &f) == nil {
			out[id] = f
		}
	}
	return out, rows.Err()
}

// addContributions adds sign × f's contributions to delta, by day.
func addContributions(delta map[statKey]supervision.Counts, f supervision.Facts, cal *workday.Calendar, sign int64) {
	for _, d := range supervision.Contributions(f, cal) {
		k := statKey{d.Day.String(), f.Region, f.Subject, f.Department, f.Center}
		c := delta[k]
		c.Add(scale(d.Counts, sign))
		delta[k] = c
	}
}

func scale(c supervision.Counts, k int64) supervision.Counts {
	for _, p := range c.Fields() {
		*p *= k
	}
	return c
}

// applyStatDelta adds day deltas to stat_days and, summed by month, to
// stat_months. Rows that net to zero are skipped.
func (s *Store) applyStatDelta(ctx context.Context, tx *Tx, delta map[statKey]supervision.Counts) error {
	months := map[statKey]supervision.Counts{}
	for k, c := range delta {
		m := k
		m.period = k.period[:7]
		x := months[m]
		x.Add(c)
		months[m] = x
	}
	if err := s.upsertStats(ctx, tx, "stat_days", "day", delta); err != nil {
		return err
	}
	return s.upsertStats(ctx, tx, "stat_months", "month", months)
}

func (s *Store) upsertStats(ctx context.Context, tx *Tx, table, period string, rows map[statKey]supervision.Counts) error {
	keys := make([]statKey, 0, len(rows))
	for k, c := range rows {
		if c != (supervision.Counts{}) {
			keys = append(keys, k)
		}
	}
	if len(keys) == 0 {
		return nil
	}
	sort.Slice(keys, func(i, j int) bool { return keyLess(keys[i], keys[j]) }) // one lock order for every writer
	var vals [][]any
	for _, k := range keys {
		c := rows[k]
		v := []any{k.period, k.region, k.subject, k.department, k.center}
		for _, p := range c.Fields() {
			v = append(v, *p)
		}
		vals = append(vals, v)
	}
	set := make([]string, len(supervision.CountNames))
	for i, n := range supervision.CountNames {
		set[i] = n + " = " + table + "." + n + " + excluded." + n
	}
	cols := period + ", region, subject, department, center, " + strings.Join(supervision.CountNames, ", ")
	return batchInsertTail(ctx, tx, `INSERT INTO `+table+` (`+cols+`)`, 5+len(supervision.CountNames), vals,
		` ON CONFLICT (`+period+`, region, subject, department, center) DO UPDATE SET `+strings.Join(set, ", "))
}

func keyLess(a, b statKey) bool {
	if a.period != b.period {
		return a.period < b.period
	}
	if a.region != b.region {
		return a.region < b.region
	}
	if a.subject != b.subject {
		return a.subject < b.subject
	}
	if a.department != b.department {
		return a.department < b.department
	}
	return a.center < b.center
}

// refreshRatings counts one batch of ratings not yet counted.
func (s *Store) refreshRatings(ctx context.Context) (int, error) {
	n := 0
	err := s.Tx(ctx, func(tx *Tx) error {
		if err := lockStats(ctx, tx); err != nil {
			return err
		}
		list, err := s.ratings(ctx, tx, `WHERE NOT stat_done ORDER BY at, id LIMIT `+strconv.Itoa(statBatch))
		if err != nil || len(list) == 0 {
			return err
		}
		n = len(list)
		delta := map[statKey]supervision.Counts{}
		ph := make([]string, len(list))
		args := make([]any, len(list))
		for i, r := range list {
			k := statKey{workday.DateOf(r.At).String(), r.Region, r.Subject, r.Department, r.Center}
			c := delta[k]
			c.Add(supervision.RatingCounts(r.Level))
			delta[k] = c
			ph[i], args[i] = "$"+strconv.Itoa(i+1), r.ID
		}
		if err := s.applyStatDelta(ctx, tx, delta); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE ratings SET stat_done = TRUE WHERE id IN (`+strings.Join(ph, ",")+`)`, args...)
		return err
	})
	return n, err
}

// RebuildStats drops the projection and folds every case and rating again
// (after a restore, or a clock set back in a test).
func (s *Store) RebuildStats(ctx context.Context) (int, error) {
	err := s.Tx(ctx, func(tx *Tx) error {
		if err := lockStats(ctx, tx); err != nil {
			return err
		}
		for _, q := range []string{`DELETE FROM stat_days`, `DELETE FROM stat_months`, `DELETE FROM stat_facts`, `DELETE FROM stat_marks WHERE name <> 'lock'`, `UPDATE ratings SET stat_done = FALSE`} {
			if _, err := tx.ExecContext(ctx, q); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, s.mapErr(err)
	}
	return s.RefreshStats(ctx)
}

// StatsQuery asks for measures of a region (and below) over a period,
// optionally of one subject (item or bundle) or department.
type StatsQuery struct {
	Region     string
	Period     supervision.Period
	Subject    string
	Department string
}

// Named are measures of a named thing: a child region, an item, a
// department, a period of the trend.
type Named struct {
	Code     string               `json:"code"`
	Name     string               `json:"name"`
	Measures supervision.Measures `json:"measures"`
}

// Overview is a region's measures over a period: the headline, each child
// region, the trend (by day or month) and each item and department.
type Overview struct {
	Region   region.Region        `json:"region"`
	Period   supervision.Period   `json:"period"`
	Bucket   string               `json:"bucket"` // day or month: the trend's step
	Measures supervision.Measures `json:"measures"`
	Children []Named              `json:"children"`
	Trend    []Named              `json:"trend"`
	// Items and Departments are the worst first (by on-time rate; those
	// without a decision last), at most MaxRanked of each; the totals say
	// how many there are.
	Items            []Named `json:"items"`
	ItemsTotal       int     `json:"items_total"`
	Departments      []Named `json:"departments"`
	DepartmentsTotal int     `json:"departments_total"`
	// Windows are the service centres' (综合窗口) measures, worst first.
	Windows      []Named `json:"windows"`
	WindowsTotal int     `json:"windows_total"`
	// Items online: of the catalogue's published items serving the
	// region, how many can be applied for online (全程网办 or 网上申报).
	CatalogItems    int              `json:"catalog_items"`
	OnlineItems     int              `json:"online_items"`
	OnlineItemShare supervision.Rate `json:"online_item_share"`
}

// MaxRanked bounds the items and departments an overview lists: a province
// has thousands of departments; the dashboard shows the worst, and a
// drill-down (subject=, department=) reads any one.
const MaxRanked = 50

// Overview reads the measures of q. The region must exist; the policy has
// already said the caller may read it. The projection's rows of the period
// are read once and folded here into the headline, the children, the trend,
// the items and the departments: one scan, not one per table shown.
func (s *Store) Overview(ctx context.Context, q StatsQuery) (Overview, error) {
	reg, err := s.Region(ctx, q.Region)
	if err != nil {
		return Overview{}, err
	}
	out := Overview{Region: reg, Period: q.Period, Bucket: q.Period.Bucket()}
	prefix := idcode.RegionPrefix(q.Region)
	rects, err := s.rectCounts(ctx, q, prefix)
	if err != nil {
		return out, err
	}
	byDay := out.Bucket == "day"
	childLen := childPrefixLen(q.Region)
	var head supervision.Counts
	byChild, byPeriod, bySubject, byDept, byCenter := map[string]supervision.Counts{}, map[string]supervision.Counts{}, map[string]supervision.Counts{}, map[string]supervision.Counts{}, map[string]supervision.Counts{}
	fold := func(m map[string]supervision.Counts, k string, c *supervision.Counts) {
		x := m[k]
		x.Add(*c)
		m[k] = x
	}
	err = s.statRows(ctx, q, prefix, byDay, func(k statKey, c *supervision.Counts) {
		head.Add(*c)
		if childLen > 0 && len(k.region) >= childLen {
			fold(byChild, k.region[:childLen], c)
		}
		p := k.period
		if !byDay {
			p = p[:7]
		}
		fold(byPeriod, p, c)
		if k.subject != "" {
			fold(bySubject, k.subject, c)
		}
		if k.department != "" {
			fold(byDept, k.department, c)
		}
		if k.center != "" {
			fold(byCenter, k.center, c)
		}
	})
	if err != nil {
		return out, err
	}
	all := supervision.RectCounts{}
	for _, r := range rects {
		all.Add(r.counts)
	}
	out.Measures = supervision.MeasuresOf(head, all)

	// Children: the regions one level down, every one listed even without cases.
	if childLen > 0 {
		kids, err := s.Regions(ctx, q.Region)
		if err != nil {
			return out, err
		}
		for _, k := range kids {
			p := idcode.RegionPrefix(k.Code)
			var rc supervision.RectCounts
			for _, r := range rects {
				if strings.HasPrefix(r.region, p) {
					rc.Add(r.counts)
				}
			}
			out.Children = append(out.Children, Named{Code: k.Code, Name: k.Name, Measures: supervision.MeasuresOf(byChild[p], rc)})
		}
	}

	// Trend: every day or month of the period, gaps included.
	for d := q.Period.From; !d.After(q.Period.To); {
		label := d.String()
		next := d.AddDays(1)
		if !byDay {
			label, next = supervision.Month(d), d.FirstOfNextMonth()
		}
		out.Trend = append(out.Trend, Named{Code: label, Name: label, Measures: supervision.MeasuresOf(byPeriod[label], supervision.RectCounts{})})
		d = next
	}

	for _, g := range []struct {
		m     map[string]supervision.Counts
		dept  bool
		names func(context.Context, []string) (map[string]string, error)
		into  *[]Named
		total *int
	}{{bySubject, false, s.subjectNames, &out.Items, &out.ItemsTotal}, {byDept, true, s.departmentNames, &out.Departments, &out.DepartmentsTotal},
		{byCenter, false, s.centerNames, &out.Windows, &out.WindowsTotal}} {
		codes := make([]string, 0, len(g.m))
		for k := range g.m {
			codes = append(codes, k)
		}
		worstFirst(codes, g.m)
		*g.total = len(codes)
		codes = codes[:min(len(codes), MaxRanked)]
		names, err := g.names(ctx, codes)
		if err != nil {
			return out, err
		}
		*g.into = []Named{}
		for _, k := range codes {
			var rc supervision.RectCounts
			if g.dept {
				for _, r := range rects {
					if r.department == k {
						rc.Add(r.counts)
					}
				}
			}
			*g.into = append(*g.into, Named{Code: k, Name: names[k], Measures: supervision.MeasuresOf(g.m[k], rc)})
		}
	}
	items, err := s.Items(ctx, ItemQuery{Region: q.Region, Limit: 100000})
	if err != nil {
		return out, err
	}
	levels := make([]catalog.Online, len(items))
	for i, it := range items {
		levels[i] = catalog.Online(it.Online)
	}
	out.CatalogItems, out.OnlineItems = len(items), supervision.OnlineItems(levels)
	out.OnlineItemShare = supervision.Pct(int64(out.OnlineItems), int64(out.CatalogItems))
	return out, nil
}

// worstFirst orders codes by their on-time rate, lowest first; those
// without a decision go last; ties by more decisions, then code.
func worstFirst(codes []string, m map[string]supervision.Counts) {
	rate := func(c supervision.Counts) float64 {
		if c.Decided == 0 {
			return 1e9
		}
		return float64(c.OnTime) / float64(c.Decided)
	}
	sort.Slice(codes, func(i, j int) bool {
		a, b := m[codes[i]], m[codes[j]]
		if ra, rb := rate(a), rate(b); ra != rb {
			return ra < rb
		}
		if a.Decided != b.Decided {
			return a.Decided > b.Decided
		}
		return codes[i] < codes[j]
	})
}

// childPrefixLen is the length of the code prefix of region's children in
// the cases' region codes: cities under a province (4), counties under a
// city (6), townships under a county (9); 0 below.
func childPrefixLen(code string) int {
	switch idcode.RegionLevel(code) {
	case idcode.LevelProvince:
		return 4
	case idcode.LevelCity:
		return 6
	case idcode.LevelCounty:
		return 9
	}
	return 0
}

// statRows reads the projection's rows of q, calling f for each: whole
// months from stat_months (unless byDay asks for every day) and the days
// at the period's edges from stat_days. k.period is the row's day or month.
func (s *Store) statRows(ctx context.Context, q StatsQuery, prefix string, byDay bool, f func(k statKey, c *supervision.Counts)) error {
	var args []any
	arg := func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)) }
	filter := " AND region LIKE " + arg(prefix+"%")
	if q.Subject != "" {
		filter += " AND subject = " + arg(q.Subject)
	}
	if q.Department != "" {
		filter += " AND department = " + arg(q.Department)
	}
	months, days := q.Period.Split()
	if byDay {
		months, days = nil, []supervision.Period{q.Period}
	}
	cols := "region, subject, department, center, " + strings.Join(supervision.CountNames, ", ")
	var parts []string
	if len(months) > 0 {
		ph := make([]string, len(months))
		for i, m := range months {
			ph[i] = arg(m)
		}
		parts = append(parts, `SELECT month, `+cols+` FROM stat_months WHERE month IN (`+strings.Join(ph, ",")+`)`+filter)
	}
	if len(days) > 0 {
		var or []string
		for _, d := range days {
			or = append(or, "day BETWEEN "+arg(d.From.String())+" AND "+arg(d.To.String()))
		}
		parts = append(parts, `SELECT day, `+cols+` FROM stat_days WHERE (`+strings.Join(or, " OR ")+`)`+filter)
	}
	rows, err := s.r.QueryContext(ctx, strings.Join(parts, " UNION ALL "), args...)
	if err != nil {
		return s.mapErr(err)
	}
	defer rows.Close()
	var k statKey
	var c supervision.Counts
	dst := []any{&k.period, &k.region, &k.subject, &k.department, &k.center}
	for _, p := range c.Fields() {
		dst = append(dst, p)
	}
	for rows.Next() {
		if err := rows.Scan(dst...); err != nil {
			return s.mapErr(err)
		}
		f(k, &c)
	}
	return s.mapErr(rows.Err())
}

type rectCount struct {
	region, department string
	counts             supervision.RectCounts
}

// rectCounts counts the rectifications opened in q's period and region, as
// they stand today. Bad ratings are few, so they are read, not projected.
func (s *Store) rectCounts(ctx context.Context, q StatsQuery, prefix string) ([]rectCount, error) {
	from, to := q.Period.From.Time().UTC(), q.Period.To.AddDays(1).Time().UTC()
	where := `WHERE region LIKE $1 AND created_at >= $2 AND created_at < $3`
	args := []any{prefix + "%", TS(from), TS(to)}
	if q.Department != "" {
		where += ` AND department = $4`
		args = append(args, q.Department)
	}
	xs, err := s.rectifications(ctx, s.r, where, args...)
	if err != nil {
		return nil, err
	}
	today := workday.DateOf(s.Now())
	out := make([]rectCount, len(xs))
	for i, x := range xs {
		out[i] = rectCount{x.Region, x.Department, supervision.RectCountsOf(x, today)}
	}
	return out, nil
}

func (s *Store) subjectNames(ctx context.Context, codes []string) (map[string]string, error) {
	return s.names(ctx, `SELECT code, name FROM items WHERE code IN (%s) UNION ALL SELECT code, name FROM bundles WHERE code IN (%s)`, codes)
}

func (s *Store) centerNames(ctx context.Context, ids []string) (map[string]string, error) {
	return s.names(ctx, `SELECT id, name FROM centers WHERE id IN (%s)`, ids)
}

func (s *Store) departmentNames(ctx context.Context, ids []string) (map[string]string, error) {
	return s.names(ctx, `SELECT id, name FROM departments WHERE id IN (%s)`, ids)
}

// names maps codes to names with a query whose %s are the codes' list.
func (s *Store) names(ctx context.Context, query string, codes []string) (map[string]string, error) {
	out := map[string]string{}
	for start := 0; start < len(codes); start += 400 {
		part := codes[start:min(start+400, len(codes))]
		ph := make([]string, len(part))
		args := make([]any, len(part))
		for i, c := range part {
			ph[i], args[i] = "$"+strconv.Itoa(i+1), c
		}
		list := strings.Join(ph, ",")
		rows, err := s.r.QueryContext(ctx, strings.ReplaceAll(query, "%s", list), args...)
		if err != nil {
			return nil, s.mapErr(err)
		}
		for rows.Next() {
			var k, v string
			if err := rows.Scan(&k, &v); err != nil {
				rows.Close()
				return nil, s.mapErr(err)
			}
			out[k] = v
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, s.mapErr(err)
		}
	}
	return out, nil
}
