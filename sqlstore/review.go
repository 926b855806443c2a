package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"

	"onetrip"
	"onetrip/casework"
	"onetrip/intake"
	"onetrip/policy"
	"onetrip/review"
)

func init() {
	onetrip.Register(onetrip.Messages{
		"store.task.not_found": {"审批任务 %s 不存在", "task %s does not exist"},
	})
}

// TaskByID reads one task.
func (s *Store) TaskByID(ctx context.Context, id string) (casework.Task, error) {
	t, err := scanTask(s.r.QueryRowContext(ctx, `SELECT `+taskCols+` FROM tasks WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return t, onetrip.NotFound("store.task.not_found", id)
	}
	return t, s.mapErr(err)
}

// OpenTask is a task as its reviewer sees it: the case, its materials,
// every earlier step's outputs (shared conclusions, 结论互认) and the step's
// deferred materials still out.
func (s *Store) OpenTask(ctx context.Context, p *onetrip.Principal, id string) (casework.TaskView, error) {
	t, err := s.TaskByID(ctx, id)
	if err != nil {
		return casework.TaskView{}, err
	}
	if err := policy.TaskAction(p, &t); err != nil {
		return casework.TaskView{}, err
	}
	c, err := s.CaseByID(ctx, t.CaseID)
	if err != nil {
		return casework.TaskView{}, err
	}
	if me := c.Task(t.ID); me != nil {
		t = *me // with its clock
	}
	v := casework.TaskView{Task: t, CaseNumber: c.Number, CaseTitle: c.Title, Applicant: c.Applicant.Name, CaseStatus: c.Status, Case: &c}
	v.StepName = s.itemName(ctx, t.Step)
	for _, o := range c.Tasks {
		if o.ID != t.ID && o.Status == casework.TaskApproved {
			v.EarlierSteps = append(v.EarlierSteps, o)
		}
	}
	g, err := s.caseGuide(ctx, &c)
	if err != nil {
		return v, err
	}
	v.StepOutputs = g.StepOutputs(t.Step)
	v.StepMaterials = casework.StepMaterials(&c, g, t.Step)
	if t.Status == casework.TaskReady && c.DeferredDue != "" {
		v.Outstanding = casework.OutstandingFor(&c, g, t.Step)
	}
	return v, nil
}

func (s *Store) itemName(ctx context.Context, code string) string {
	var name string
	s.r.QueryRowContext(ctx, `SELECT name FROM items WHERE code = $1`, code).Scan(&name)
	return name
}

// TaskQuery selects a department's queue.
type TaskQuery struct {
	Department string
	Status     string // default ready
	After      string // keyset: the last task id of the previous page
	AfterDue   string // and its due date
	Limit      int
}

// Tasks lists a department's tasks by due date (keyset paginated), with
// their cases' headlines and clock status. The order is the index
// tasks_queue (department, status, due date, id), so the first page of a
// queue of any length reads one page of the index. Waiting tasks have no
// due date yet; NULLs sort first on SQLite and last on PostgreSQL, which
// only orders the waiting list differently.
func (s *Store) Tasks(ctx context.Context, q TaskQuery) ([]casework.TaskView, error) {
	if q.Status == "" {
		q.Status = casework.TaskReady
	}
	limit := q.Limit
	if limit <= 0 || limit > 200 {
		limit = 50
	}
	args := []any{q.Department, q.Status}
	where := `t.department_id = $1 AND t.status = $2`
	if q.After != "" {
		args = append(args, q.AfterDue, q.After)
		where += ` AND (t.due_date > $3 OR (t.due_date = $3 AND t.id > $4))`
	}
	rows, err := s.r.QueryContext(ctx, `SELECT `+prefixCols("t.", taskCols)+`, c.number, c.title, c.applicant_name, c.status, COALESCE(i.name, '')
		FROM tasks t JOIN cases c ON c.id = t.case_id LEFT JOIN items i ON (i.code = t.step OR (t.participant <> '' AND t.step = i.code || '@' || t.participant))
		WHERE `+where+` ORDER BY t.due_date, t.id LIMIT `+strconv.Itoa(limit), args...)
	if err != nil {
		return nil, s.mapErr(err)
	}
	defer rows.Close()
	out := []casework.TaskView{}
	var caseIDs []string
	for rows.Next() {
		var v casework.TaskView
		var status string
		t, err := scanTask(rows, &v.CaseNumber, &v.CaseTitle, &v.Applicant, &status, &v.StepName)
		if err != nil {
			return nil, s.mapErr(err)
		}
		v.Task = t
		v.CaseStatus = intake.Status(status)
		out = append(out, v)
		caseIDs = append(caseIDs, v.CaseID)
	}
	if err := rows.Err(); err != nil {
		return nil, s.mapErr(err)
	}
	if len(out) == 0 {
		return out, nil
	}
	cal, err := s.Calendar(ctx)
	if err != nil {
		return nil, err
	}
	susp, err := s.suspensions(ctx, s.r, caseIDs)
	if err != nil {
		return nil, err
	}
	now := s.Now()
	for i := range out {
		out[i].Clock = casework.TaskDeadline(cal, &out[i].Task, susp[out[i].CaseID], now)
	}
	return out, nil
}

func prefixCols(p, cols string) string {
	parts := strings.Split(cols, ",")
	for i, c := range parts {
		parts[i] = p + strings.TrimSpace(c)
	}
	return strings.Join(parts, ", ")
}

func (s *Store) suspensions(ctx context.Context, q rowQueryer, caseIDs []string) (map[string][]casework.Suspension, error) {
	out := map[string][]casework.Suspension{}
	if len(caseIDs) == 0 {
		return out, nil
	}
	ph := make([]string, len(caseIDs))
	args := make([]any, len(caseIDs))
	for i, id := range caseIDs {
		ph[i], args[i] = "$"+strconv.Itoa(i+1), id
	}
	rows, err := q.QueryContext(ctx, `SELECT id, case_id, task_id, kind, reason, started_at, ended_at, created_by FROM suspensions
		WHERE case_id IN (`+strings.Join(ph, ",")+`) ORDER BY started_at`, args...)
	if err != nil {
		return nil, s.mapErr(err)
	}
	defer rows.Close()
	for rows.Next() {
		var sp casework.Suspension
		var task, ended sql.NullString
		var started string
		if err := rows.Scan(&sp.ID, &sp.CaseID, &task, &sp.Kind, &sp.Reason, &started, &ended, &sp.CreatedBy); err != nil {
			return nil, s.mapErr(err)
		}
		sp.TaskID, sp.Start, sp.End = task.String, mustTS(started), optTS(ended)
		out[sp.CaseID] = append(out[sp.CaseID], sp)
	}
	return out, s.mapErr(rows.Err())
}

// CaseClock computes a case's clock now, for a case read from a list.
func (s *Store) CaseClock(ctx context.Context, c *casework.Case) (*casework.Deadline, error) {
	if c.AcceptedAt == nil {
		return nil, nil
	}
	cal, err := s.Calendar(ctx)
	if err != nil {
		return nil, err
	}
	if c.Suspensions == nil {
		susp, err := s.suspensions(ctx, s.r, []string{c.ID})
		if err != nil {
			return nil, err
		}
		c.Suspensions = susp[c.ID]
	}
	return casework.CaseDeadline(cal, c, s.Now()), nil
}

// DecideTask records a department's decision on a ready task
// (casework.DecideTaskOf), with optimistic concurrency on the task and the
// case: of two decisions exactly one wins. The licences approved steps
// issue are signed in the same transaction.
func (s *Store) DecideTask(ctx context.Context, p *onetrip.Principal, id string, d casework.Decision) (casework.TaskView, error) {
	if err := review.CheckDecision(d.Decision, d.Opinion, d.Outputs); err != nil {
		return casework.TaskView{}, err
	}
	t, err := s.TaskByID(ctx, id)
	if err != nil {
		return casework.TaskView{}, err
	}
	if err := policy.TaskAction(p, &t); err != nil {
		return casework.TaskView{}, err
	}
	c, err := s.caseForDecision(ctx, t.CaseID)
	if err != nil {
		return casework.TaskView{}, err
	}
	g, err := s.caseGuide(ctx, &c)
	if err != nil {
		return casework.TaskView{}, err
	}
	clk, err := s.clock(ctx)
	if err != nil {
		return casework.TaskView{}, err
	}
	res, err := casework.DecideTaskOf(c, casework.DecideTask{Decision: d, TaskID: id, Actor: p.Username}, clk, g)
	if err != nil {
		return casework.TaskView{}, err
	}
	err = s.runCase(ctx, &res, p.Username, nil, 0, func(tx *Tx) error {
		for _, due := range res.Licences {
			if err := s.issueDue(ctx, tx, &res, due, p.Username); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return casework.TaskView{}, err
	}
	me := res.Case.Task(id)
	v := casework.TaskView{Task: *me, CaseNumber: res.Case.Number, CaseTitle: res.Case.Title, Applicant: res.Case.Applicant.Name, CaseStatus: res.Case.Status}
	v.StepName = s.itemName(ctx, me.Step)
	return v, nil
}

// caseForDecision reads what a decision needs: the case row, its tasks,
// and its materials only when deferred ones may be outstanding.
func (s *Store) caseForDecision(ctx context.Context, id string) (casework.Case, error) {
	c, err := s.caseRow(ctx, id)
	if err != nil {
		return c, err
	}
	if c.Tasks, err = s.caseTasks(ctx, s.r, c.ID); err != nil {
		return c, err
	}
	if c.Fees, err = s.caseFees(ctx, s.r, c.ID); err != nil {
		return c, err
	}
	if c.DeferredDue != "" {
		if c.Materials, err = s.caseMaterials(ctx, s.r, c.ID); err != nil {
			return c, err
		}
	}
	return c, nil
}

func (s *Store) taskVersion(ctx context.Context, tx *Tx, id string) (int, error) {
	var v int
	err := tx.QueryRowContext(ctx, `SELECT version FROM tasks WHERE id = $1`, id).Scan(&v)
	return v, err
}

// Suspend starts a special procedure on a case under review
// (casework.SuspendCase): its clock stops until Resume.
func (s *Store) Suspend(ctx context.Context, p *onetrip.Principal, caseID string, req casework.SuspendRequest) (casework.Suspension, error) {
	c, err := s.CaseByID(ctx, caseID)
	if err != nil {
		return casework.Suspension{}, err
	}
	if err := policy.SuspendTask(p, &c, req.TaskID); err != nil {
		return casework.Suspension{}, err
	}
	clk, err := s.clock(ctx)
	if err != nil {
		return casework.Suspension{}, err
	}
	res, err := casework.SuspendCase(c, casework.Suspend{SuspendRequest: req, Actor: p.Username}, clk)
	if err != nil {
		return casework.Suspension{}, err
	}
	if err := s.runCase(ctx, &res, p.Username, nil, 0, nil); err != nil {
		return casework.Suspension{}, err
	}
	return *res.Suspension, nil
}

// Resume ends a special procedure; the clock restarts with what was left.
func (s *Store) Resume(ctx context.Context, p *onetrip.Principal, caseID, suspID string) (casework.Suspension, error) {
	c, err := s.loadForCommand(ctx, p, caseID, policy.Suspend, 0)
	if err != nil {
		return casework.Suspension{}, err
	}
	clk, err := s.clock(ctx)
	if err != nil {
		return casework.Suspension{}, err
	}
	res, err := casework.ResumeCase(c, suspID, clk)
	if err != nil {
		return casework.Suspension{}, err
	}
	if err := s.runCase(ctx, &res, p.Username, nil, 0, nil); err != nil {
		return casework.Suspension{}, err
	}
	return *res.Suspension, nil
}

// Handover gives an approved result at the window to the collector the
// clerk checked (casework.HandOverResult; for an organisation, against the
// legal representative its licences name): the collector and the trip are
// recorded and the case closes.
func (s *Store) Handover(ctx context.Context, p *onetrip.Principal, caseID string, version int, col intake.Collector) (casework.Case, error) {
	c, err := s.loadForCommand(ctx, p, caseID, policy.HandOver, version)
	if err != nil {
		return c, err
	}
	var rep string
	if c.Applicant.Type == intake.ApplicantOrg {
		if rep, err = s.representativeOf(ctx, c.Applicant.IDNumber); err != nil {
			return casework.Case{}, err
		}
	}
	g, err := s.caseGuide(ctx, &c)
	if err != nil {
		return casework.Case{}, err
	}
	clk, err := s.clock(ctx)
	if err != nil {
		return casework.Case{}, err
	}
	res, err := casework.HandOverResult(c, casework.HandOver{Actor: p.Username, Collector: col, Representative: rep}, clk, g)
	if err != nil {
		return casework.Case{}, err
	}
	if err := s.runCase(ctx, &res, p.Username, nil, 0, nil); err != nil {
		return casework.Case{}, err
	}
	return res.Case, nil
}

// Pickups lists approved cases whose results wait at a region's windows.
func (s *Store) Pickups(ctx context.Context, scope policy.Scope) ([]casework.Case, error) {
	return s.Cases(ctx, CaseQuery{Scope: scope, Status: []intake.Status{intake.StatusApproved, intake.StatusIssued}, Delivery: "window", Limit: 200})
}
