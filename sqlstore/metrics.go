package sqlstore

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"onetrip/casework"
	"onetrip/workday"
)

// MetricsSnapshot is what /metrics shows of the platform's work: the cases
// by status and region, the departments' late and nearly late tasks, the
// webhook backlog, the job queue and the licences sealed. It is read by a
// handful of aggregate queries (ReadMetrics) and kept for MetricsTTL
// (Metrics), so a storm of scrapes costs one read.
type MetricsSnapshot struct {
	// At is the store's clock when the snapshot was read: "today" of the
	// task clocks.
	At time.Time
	// Cases counts every case by status and region, one row per status and
	// county with cases (a city's own cases, 市本级, have the city's code as
	// county; the province's, the province's). City and County are 6-digit
	// region codes (GB/T 2260).
	Cases []CaseCount
	// Tasks counts, per department, the tasks in its queue (status ready)
	// whose clock is overdue or due soon — the traffic light reviewers see
	// (casework.TaskDeadline, workday.Calendar.Due): overdue once today is
	// after the due date, due soon when at most workday.DueSoonDays(limit)
	// working days are left. Departments with neither are left out.
	Tasks []DepartmentTasks
	// Deliveries is the webhook backlog.
	Deliveries WebhookBacklog
	// Jobs counts the job queue's unfinished jobs by kind and River state,
	// plus the discarded ones River still keeps; nil when the queue's tables
	// do not exist (a store without jobs.Migrate).
	Jobs []JobCount
	// LicencesSealed counts the licences in the library: each was signed
	// once with its department's SM2 seal, and rows are never deleted
	// (revocation keeps them), so it only grows.
	LicencesSealed int64

	read time.Time // wall clock of the read, for the cache's age
}

// CaseCount is the number of cases of one status in one county.
type CaseCount struct {
	Status, City, County string
	Cases                int64
}

// DepartmentTasks is one department's late and nearly late queue.
type DepartmentTasks struct {
	Department       string
	Overdue, DueSoon int64
}

// WebhookBacklog counts deliveries not yet delivered: Pending ones have not
// been tried yet, Failed ones were tried and their last attempt failed
// (the job queue retries them with backoff). Their sum is the backlog.
type WebhookBacklog struct {
	Pending, Failed int64
}

// JobCount is the number of jobs of one kind in one River state.
type JobCount struct {
	Kind, State string
	Jobs        int64
}

// JobStates are the River states Jobs reports: every unfinished one, and
// discarded (failed for good, kept for a while by River's cleaner).
// Completed and cancelled jobs are history, not load.
var JobStates = []string{"available", "pending", "retryable", "running", "scheduled", "discarded"}

// MetricsTTL is how long Metrics serves one snapshot before reading a new
// one (in the background, serving the old one meanwhile).
const MetricsTTL = 15 * time.Second

// metricsMaxAge is the oldest snapshot Metrics still shows: past it (no
// scrape for a while, or the database has not answered the refreshes)
// the caller waits for a fresh read and sees its error, not old figures.
const metricsMaxAge = 4 * MetricsTTL

// metricsCache is the store's cached snapshot; its zero value is ready.
type metricsCache struct {
	once sync.Once
	c    refreshed[MetricsSnapshot]
}

// Metrics returns the snapshot, at most MetricsTTL old as a rule (one
// refresh at a time, stale-while-refresh like the calendar) and never more
// than a minute old.
func (s *Store) Metrics(ctx context.Context) (MetricsSnapshot, error) {
	m := &s.metrics
	m.once.Do(func() { m.c.ttl, m.c.load = MetricsTTL, s.ReadMetrics })
	v, err := m.c.get(ctx)
	if err == nil && time.Since(v.read) > metricsMaxAge {
		m.c.invalidate()
		v, err = m.c.get(ctx)
	}
	return v, err
}

// ReadMetrics reads a snapshot now, bypassing the cache. Its cost, on
// indexes that exist (see each query):
//   - cases: one GROUP BY over the covering index cases_county_status, i.e.
//     a pass over an index of every case (the only query that grows with
//     history; hence the cache);
//   - tasks: the ready tasks of each department through tasks_queue
//     (department, status, …), so history (decided tasks) is not read;
//   - deliveries and jobs: the undelivered and unfinished rows through
//     webhook_deliveries_status and River's state-first index;
//   - licences: a count of the library.
func (s *Store) ReadMetrics(ctx context.Context) (MetricsSnapshot, error) {
	m := MetricsSnapshot{At: s.Now(), read: time.Now()}
	var err error
	if m.Cases, err = s.caseCounts(ctx); err != nil {
		return m, fmt.Errorf("cases: %w", err)
	}
	if m.Tasks, err = s.lateTasks(ctx, m.At); err != nil {
		return m, fmt.Errorf("tasks: %w", err)
	}
	if err = s.r.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(CASE WHEN attempts > 0 THEN 1 ELSE 0 END), 0)
		FROM webhook_deliveries WHERE status = 'pending'`).Scan(&m.Deliveries.Pending, &m.Deliveries.Failed); err != nil {
		return m, fmt.Errorf("webhook deliveries: %w", s.mapErr(err))
	}
	m.Deliveries.Pending -= m.Deliveries.Failed
	if m.Jobs, err = s.jobCounts(ctx); err != nil {
		return m, fmt.Errorf("jobs: %w", err)
	}
	if err = s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM licences`).Scan(&m.LicencesSealed); err != nil {
		return m, fmt.Errorf("licences: %w", s.mapErr(err))
	}
	return m, nil
}

// caseCounts groups the cases by county and status: the order of the
// index cases_county_status (county, status, created_at, id), which covers
// the query. The city is the county's first four digits.
func (s *Store) caseCounts(ctx context.Context) ([]CaseCount, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT county, status, COUNT(*) FROM cases GROUP BY county, status ORDER BY county, status`)
	if err != nil {
		return nil, s.mapErr(err)
	}
	defer rows.Close()
	out := []CaseCount{}
	for rows.Next() {
		var c CaseCount
		if err := rows.Scan(&c.County, &c.Status, &c.Cases); err != nil {
			return nil, s.mapErr(err)
		}
		c.City = c.County
		if len(c.County) >= 4 {
			c.City = c.County[:4] + "00"
		}
		out = append(out, c)
	}
	return out, s.mapErr(rows.Err())
}

// lateTasks counts each department's ready tasks that are overdue or due
// soon at now.
//
// The departments drive the read (CROSS JOIN keeps that order on SQLite;
// PostgreSQL's planner sees the same nested loop is cheapest): each one's
// ready tasks are a range of tasks_queue (department_id, status, due_date,
// id), so decided tasks, however many, are never read. Tasks are grouped
// by what their light depends on, so few rows come back.
//
// A task's due date is kept as it was set when the task became ready; a
// suspension pushes its clock's due date later without changing the row.
// So the light of a task whose case never had a suspension follows from its
// row (the due date and limit), and a task whose case had one comes back
// on a row of its own (its id) and is read with its suspensions through
// casework.TaskDeadline, as the queue shows it.
func (s *Store) lateTasks(ctx context.Context, now time.Time) ([]DepartmentTasks, error) {
	cal, err := s.Calendar(ctx)
	if err != nil {
		return nil, err
	}
	today := workday.DateOf(now)
	rows, err := s.r.QueryContext(ctx, `SELECT department_id, limit_days, due_date, suspended, COUNT(*) FROM (
			SELECT t.department_id, t.limit_days, t.due_date,
				CASE WHEN EXISTS (SELECT 1 FROM suspensions sp WHERE sp.case_id = t.case_id) THEN t.id ELSE '' END AS suspended
			FROM departments d CROSS JOIN tasks t
			WHERE t.department_id = d.id AND t.status = $1 AND t.due_date IS NOT NULL) r
		GROUP BY department_id, limit_days, due_date, suspended`, casework.TaskReady)
	if err != nil {
		return nil, s.mapErr(err)
	}
	byDept := map[string]*DepartmentTasks{}
	count := func(dept string, light workday.Status, n int64) {
		if light != workday.StatusOverdue && light != workday.StatusDueSoon {
			return
		}
		d := byDept[dept]
		if d == nil {
			d = &DepartmentTasks{Department: dept}
			byDept[dept] = d
		}
		if light == workday.StatusOverdue {
			d.Overdue += n
		} else {
			d.DueSoon += n
		}
	}
	var suspended []string
	for rows.Next() {
		var dept, due, id string
		var limit int
		var n int64
		if err := rows.Scan(&dept, &limit, &due, &id, &n); err != nil {
			rows.Close()
			return nil, s.mapErr(err)
		}
		if id != "" {
			suspended = append(suspended, id)
			continue
		}
		if d, err := workday.Parse(due); err == nil {
			count(dept, rowLight(cal, d, limit, today), n)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, s.mapErr(err)
	}
	for len(suspended) > 0 {
		batch := suspended[:min(len(suspended), 500)]
		suspended = suspended[len(batch):]
		tasks, err := s.readyTasks(ctx, batch)
		if err != nil {
			return nil, err
		}
		caseIDs := make([]string, 0, len(tasks))
		for _, t := range tasks {
			caseIDs = append(caseIDs, t.CaseID)
		}
		susp, err := s.suspensions(ctx, s.r, caseIDs)
		if err != nil {
			return nil, err
		}
		for i := range tasks {
			t := &tasks[i]
			count(t.Department, workday.Status(casework.TaskDeadline(cal, t, susp[t.CaseID], now)), 1)
		}
	}
	out := make([]DepartmentTasks, 0, len(byDept))
	for _, d := range byDept {
		out = append(out, *d)
	}
	slices.SortFunc(out, func(a, b DepartmentTasks) int { return strings.Compare(a.Department, b.Department) })
	return out, nil
}

// rowLight is the light of a ready task whose clock never stopped, from its
// row: with no suspension its clock's due date is the row's (the limit-th
// working day after it became ready), and Calendar.Due's rule reads it —
// overdue after the due date, due soon with at most DueSoonDays(limit)
// working days left — as casework.ListClock does for a case's row.
func rowLight(cal *workday.Calendar, due workday.Date, limit int, today workday.Date) workday.Status {
	switch {
	case today.After(due):
		return workday.StatusOverdue
	case workday.DueSoon(cal.WorkdaysBetween(today, due), limit):
		return workday.StatusDueSoon
	}
	return workday.StatusNormal
}

// readyTasks reads tasks by id that are still ready.
func (s *Store) readyTasks(ctx context.Context, ids []string) ([]casework.Task, error) {
	ph := make([]string, len(ids))
	args := make([]any, 0, len(ids)+1)
	args = append(args, casework.TaskReady)
	for i, id := range ids {
		ph[i] = "$" + strconv.Itoa(i+2)
		args = append(args, id)
	}
	rows, err := s.r.QueryContext(ctx, `SELECT `+taskCols+` FROM tasks WHERE status = $1 AND id IN (`+strings.Join(ph, ",")+`)`, args...)
	if err != nil {
		return nil, s.mapErr(err)
	}
	defer rows.Close()
	var out []casework.Task
	for rows.Next() {
		t, err := scanTask(rows)
		if err != nil {
			return nil, s.mapErr(err)
		}
		out = append(out, t)
	}
	return out, s.mapErr(rows.Err())
}

// jobCounts groups River's jobs in JobStates by kind and state, through
// River's index on (state, queue, priority, scheduled_at, id); nil when
// the queue's tables are not there.
func (s *Store) jobCounts(ctx context.Context) ([]JobCount, error) {
	var n int
	if err := s.r.QueryRowContext(ctx, s.d.tableExists, "river_job").Scan(&n); err != nil {
		return nil, s.mapErr(err)
	}
	if n == 0 {
		return nil, nil
	}
	ph := make([]string, len(JobStates))
	args := make([]any, len(JobStates))
	for i, st := range JobStates {
		ph[i], args[i] = "$"+strconv.Itoa(i+1), st
	}
	rows, err := s.r.QueryContext(ctx, `SELECT kind, state, COUNT(*) FROM river_job WHERE state IN (`+strings.Join(ph, ",")+`)
		GROUP BY kind, state ORDER BY kind, state`, args...)
	if err != nil {
		return nil, s.mapErr(err)
	}
	defer rows.Close()
	out := []JobCount{}
	for rows.Next() {
		var j JobCount
		if err := rows.Scan(&j.Kind, &j.State, &j.Jobs); err != nil {
			return nil, s.mapErr(err)
		}
		out = append(out, j)
	}
	return out, s.mapErr(rows.Err())
}
