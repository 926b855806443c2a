package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strings"
	"time"

	"onetrip"
	"onetrip/intake"
	"onetrip/review"
	"onetrip/workday"
)

// Decision is what a reviewer or department system sends for a task.
type Decision struct {
	Decision string            `json:"decision"`
	Opinion  string            `json:"opinion"`
	Outputs  map[string]string `json:"outputs"`
	Version  int               `json:"version"`
}

// TaskView is a task in a queue or opened for review: the task with its
// case's headline and, when opened, the case and earlier steps' outputs.
type TaskView struct {
	Task
	CaseNumber   string        `json:"case_number"`
	CaseTitle    string        `json:"case_title"`
	StepName     string        `json:"step_name"`
	Applicant    string        `json:"applicant"`
	CaseStatus   intake.Status `json:"case_status"`
	Case         *Case         `json:"case,omitempty"`
	EarlierSteps []Task        `json:"earlier_steps,omitempty"`
}

func init() {
	onetrip.Register(onetrip.Messages{
		"store.task.not_found":     {"审批任务 %s 不存在", "task %s does not exist"},
		"store.task.other_dept":    {"该任务属于其他部门", "the task belongs to another department"},
		"store.task.case_state":    {"办件当前状态为“%s”，不能审批", "the case is %s; its tasks cannot be decided now"},
		"store.task.deferred":      {"容缺材料尚未补齐（应于 %s 前补交），办件暂不能作出决定", "deferred materials are still outstanding (due %s); the case cannot be decided yet"},
		"store.susp.kind":          {"特别程序类型“%s”无效", "unknown suspension kind %q"},
		"store.susp.reason":        {"特别程序必须写明原因", "a suspension must give its reason"},
		"store.susp.closed":        {"办件已%s，不能启动特别程序", "the case is %s; no suspension is possible"},
		"store.susp.open":          {"办件已处于特别程序中", "the case is already suspended"},
		"store.susp.not_found":     {"特别程序 %s 不存在或已结束", "suspension %s does not exist or has ended"},
		"store.handover.not_ready": {"办件当前状态为“%s”，没有待领取的结果", "the case is %s; there is no result to hand over"},
		"store.handover.delivery":  {"该办件选择了“%s”送达，不在窗口领取", "the case chose delivery by %s, not collection at the window"},
	})
}

// TaskByID reads one task.
func (s *Store) TaskByID(ctx context.Context, id string) (Task, error) {
	t, err := scanTask(s.r.QueryRowContext(ctx, `SELECT `+taskCols+` FROM tasks WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return t, onetrip.NotFound("store.task.not_found", id)
	}
	return t, s.mapErr(err)
}

// OpenTask is a task as its reviewer sees it: the case, its materials and
// every earlier step's outputs (shared conclusions, 结论互认).
func (s *Store) OpenTask(ctx context.Context, p *onetrip.Principal, id string) (TaskView, error) {
	t, err := s.TaskByID(ctx, id)
	if err != nil {
		return TaskView{}, err
	}
	if !canWorkTask(p, &t) {
		return TaskView{}, onetrip.Forbidden("store.task.other_dept")
	}
	c, err := s.CaseByID(ctx, t.CaseID)
	if err != nil {
		return TaskView{}, err
	}
	v := TaskView{Task: t, CaseNumber: c.Number, CaseTitle: c.Title, Applicant: c.Applicant.Name, CaseStatus: c.Status, Case: &c}
	v.StepName = s.itemName(ctx, t.Step)
	for _, o := range c.Tasks {
		if o.ID != t.ID && o.Status == TaskApproved {
			v.EarlierSteps = append(v.EarlierSteps, o)
		}
	}
	cal, err := s.Calendar(ctx)
	if err != nil {
		return v, err
	}
	susp, err := s.suspensions(ctx, s.r, []string{c.ID})
	if err != nil {
		return v, err
	}
	v.Clock = taskClock(cal, &v.Task, susp[c.ID], s.Now())
	return v, nil
}

func (s *Store) itemName(ctx context.Context, code string) string {
	var name string
	s.r.QueryRowContext(ctx, `SELECT name FROM items WHERE code = $1`, code).Scan(&name)
	return name
}

func canWorkTask(p *onetrip.Principal, t *Task) bool {
	return p.Is(onetrip.RoleReviewer, onetrip.RoleSystem) && p.Department == t.Department
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
func (s *Store) Tasks(ctx context.Context, q TaskQuery) ([]TaskView, error) {
	if q.Status == "" {
		q.Status = TaskReady
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
		FROM tasks t JOIN cases c ON c.id = t.case_id LEFT JOIN items i ON i.code = t.step
		WHERE `+where+` ORDER BY t.due_date, t.id LIMIT `+itoa(limit), args...)
	if err != nil {
		return nil, s.mapErr(err)
	}
	defer rows.Close()
	out := []TaskView{}
	var caseIDs []string
	for rows.Next() {
		var v TaskView
		var status string
		var after, outputs string
		var ready, due, decided, by sql.NullString
		if err := rows.Scan(&v.ID, &v.CaseID, &v.Step, &v.ItemVersion, &v.Department, &after, &v.Lead, &v.Status, &v.Version, &v.LimitDays,
			&ready, &due, &decided, &by, &v.Opinion, &outputs, &v.Seq, &v.CaseNumber, &v.CaseTitle, &v.Applicant, &status, &v.StepName); err != nil {
			return nil, s.mapErr(err)
		}
		json.Unmarshal([]byte(after), &v.After)
		json.Unmarshal([]byte(outputs), &v.Outputs)
		v.ReadyAt, v.DecidedAt, v.DueDate, v.DecidedBy = optTS(ready), optTS(decided), due.String, by.String
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
		out[i].Clock = taskClock(cal, &out[i].Task, susp[out[i].CaseID], now)
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

// Suspension is a special procedure (特别程序) that stops a case's clock.
type Suspension struct {
	ID        string     `json:"id"`
	CaseID    string     `json:"case_id"`
	TaskID    string     `json:"task_id,omitempty"`
	Kind      string     `json:"kind"`
	Reason    string     `json:"reason"`
	StartedAt time.Time  `json:"started_at"`
	EndedAt   *time.Time `json:"ended_at,omitempty"`
	CreatedBy string     `json:"created_by"`
}

func (s *Store) suspensions(ctx context.Context, q rowQueryer, caseIDs []string) (map[string][]Suspension, error) {
	out := map[string][]Suspension{}
	if len(caseIDs) == 0 {
		return out, nil
	}
	ph := make([]string, len(caseIDs))
	args := make([]any, len(caseIDs))
	for i, id := range caseIDs {
		ph[i], args[i] = "$"+itoa(i+1), id
	}
	rows, err := q.QueryContext(ctx, `SELECT id, case_id, task_id, kind, reason, started_at, ended_at, created_by FROM suspensions
		WHERE case_id IN (`+strings.Join(ph, ",")+`) ORDER BY started_at`, args...)
	if err != nil {
		return nil, s.mapErr(err)
	}
	defer rows.Close()
	for rows.Next() {
		var sp Suspension
		var task, ended sql.NullString
		var started string
		if err := rows.Scan(&sp.ID, &sp.CaseID, &task, &sp.Kind, &sp.Reason, &started, &ended, &sp.CreatedBy); err != nil {
			return nil, s.mapErr(err)
		}
		sp.TaskID, sp.StartedAt, sp.EndedAt = task.String, mustTS(started), optTS(ended)
		out[sp.CaseID] = append(out[sp.CaseID], sp)
	}
	return out, s.mapErr(rows.Err())
}

func toClockSusp(list []Suspension, taskID string) []workday.Suspension {
	var out []workday.Suspension
	for _, sp := range list {
		if taskID != "" && sp.TaskID != "" && sp.TaskID != taskID {
			continue
		}
		out = append(out, workday.Suspension{Kind: sp.Kind, Reason: sp.Reason, Start: sp.StartedAt, End: sp.EndedAt})
	}
	return out
}

// taskClock is a task's deadline status; it sets the task's due date as
// the suspensions extend it.
func taskClock(cal *workday.Calendar, t *Task, susp []Suspension, now time.Time) string {
	if t.ReadyAt == nil {
		return ""
	}
	clk := workday.Clock{Start: workday.DateOf(*t.ReadyAt), Limit: t.LimitDays, Suspensions: toClockSusp(susp, t.ID), Closed: t.DecidedAt}
	d := cal.Due(clk, now)
	t.DueDate = d.DueDate.String()
	return string(d.Status)
}

// CaseClock is a case's deadline status with the due date as suspensions
// have extended it.
type CaseClock struct {
	DueDate     string       `json:"due_date"`
	Status      string       `json:"status"`
	Used        int          `json:"used"`
	Left        int          `json:"left"`
	Suspended   bool         `json:"suspended"`
	Suspensions []Suspension `json:"suspensions"`
}

// Clock computes a case's clock now.
func (s *Store) Clock(ctx context.Context, c *Case) (CaseClock, error) {
	if c.AcceptedAt == nil {
		return CaseClock{}, nil
	}
	cal, err := s.Calendar(ctx)
	if err != nil {
		return CaseClock{}, err
	}
	susp, err := s.suspensions(ctx, s.r, []string{c.ID})
	if err != nil {
		return CaseClock{}, err
	}
	clk := workday.Clock{Start: workday.DateOf(*c.AcceptedAt), Limit: c.PromisedDays, Suspensions: toClockSusp(susp[c.ID], ""), Closed: c.DecidedAt}
	d := cal.Due(clk, s.Now())
	list := susp[c.ID]
	if list == nil {
		list = []Suspension{}
	}
	return CaseClock{DueDate: d.DueDate.String(), Status: string(d.Status), Used: d.Used, Left: d.Left, Suspended: d.Suspended, Suspensions: list}, nil
}

// DecideTask records a department's decision on a ready task, with
// optimistic concurrency (a stale version is a conflict: of two decisions
// exactly one wins). Approval makes the steps after it ready; when the steps
// together have decided the case, the case is approved or denied with every
// step's reasons, in the same transaction.
func (s *Store) DecideTask(ctx context.Context, p *onetrip.Principal, id string, d Decision) (TaskView, error) {
	if err := review.CheckDecision(d.Decision, d.Opinion, d.Outputs); err != nil {
		return TaskView{}, err
	}
	t, err := s.TaskByID(ctx, id)
	if err != nil {
		return TaskView{}, err
	}
	if !canWorkTask(p, &t) {
		return TaskView{}, onetrip.Forbidden("store.task.other_dept")
	}
	if err := review.CanDecide(t.Status, t.Version, d.Version); err != nil {
		return TaskView{}, err
	}
	c, err := s.caseForDecision(ctx, t.CaseID)
	if err != nil {
		return TaskView{}, err
	}
	if c.Status != intake.StatusAccepted && c.Status != intake.StatusInReview {
		return TaskView{}, onetrip.Conflict("store.task.case_state", c.Status.Label(onetrip.LangZH))
	}
	cal, err := s.Calendar(ctx)
	if err != nil {
		return TaskView{}, err
	}
	now := s.Now()
	// Apply to the case's steps in memory, then ask the rules.
	tasks := c.Tasks
	var me *Task
	for i := range tasks {
		if tasks[i].ID == t.ID {
			me = &tasks[i]
		}
	}
	me.Status = map[string]string{review.Approve: TaskApproved, review.Deny: TaskDenied, review.Return: TaskReturned}[d.Decision]
	me.Opinion, me.DecidedBy = d.Opinion, p.Username
	if d.Outputs != nil {
		me.Outputs = d.Outputs
	}
	if d.Decision != review.Return {
		me.DecidedAt = &now
	}
	steps := make([]review.Step, len(tasks))
	for i, x := range tasks {
		steps[i] = review.Step{Code: x.Step, After: x.After, Status: x.Status}
	}
	readyNow := review.NextReady(steps)
	for i := range tasks {
		for _, code := range readyNow {
			if tasks[i].Step == code {
				tasks[i].Status, tasks[i].ReadyAt = TaskReady, &now
				tasks[i].DueDate = cal.AddWorkdays(workday.DateOf(now), tasks[i].LimitDays).String()
				steps[i].Status = TaskReady
			}
		}
	}
	done, approved, blocked := review.Outcome(steps)
	if done && approved && c.DeferredDue != "" {
		for _, m := range c.Materials {
			if m.State == intake.StateDeferred {
				return TaskView{}, onetrip.Conflict("store.task.deferred", c.DeferredDue)
			}
		}
	}
	w := caseWrite{c: &c, now: now, actor: p.Username}
	ev := func(typ string, data any) {
		w.events = append(w.events, struct {
			typ  string
			data any
		}{typ, data})
	}
	if c.Status == intake.StatusAccepted {
		c.Status = intake.StatusInReview
		ev("case.review_started", nil)
	}
	ev("task.decided", map[string]any{"task": t.ID, "step": t.Step, "department": t.Department, "decision": d.Decision,
		"opinion": d.Opinion, "outputs": me.Outputs})
	for _, code := range readyNow {
		for _, x := range tasks {
			if x.Step == code {
				ev("task.ready", map[string]any{"task": x.ID, "step": x.Step, "department": x.Department, "due_date": x.DueDate})
			}
		}
	}
	for i := range tasks {
		for _, code := range blocked {
			if tasks[i].Step == code {
				tasks[i].Status = TaskCanceled
			}
		}
	}
	if done {
		c.DecidedAt = &now
		if approved {
			c.Status, c.Decision = intake.StatusApproved, "approved"
		} else {
			c.Status, c.Decision = intake.StatusDenied, "denied"
		}
		var reasons []map[string]string
		for _, x := range tasks {
			if x.Status == TaskDenied {
				reasons = append(reasons, map[string]string{"step": x.Step, "department": x.Department, "opinion": x.Opinion})
			}
		}
		ev("case.decided", map[string]any{"decision": c.Decision, "lead_department": c.LeadDepartment, "reasons": reasons})
	}
	err = s.Tx(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE tasks SET status = $1, version = version + 1, decided_at = $2, decided_by = $3, opinion = $4,
			outputs = $5 WHERE id = $6 AND version = $7 AND status = $8`, me.Status, optTSArg(me.DecidedAt), me.DecidedBy, me.Opinion,
			jsonText(me.Outputs), me.ID, d.Version, TaskReady)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			cur, _ := s.taskVersion(ctx, tx, me.ID)
			return onetrip.Conflict("review.task.stale", cur)
		}
		me.Version++
		for i := range tasks {
			x := &tasks[i]
			if x.ID == me.ID {
				continue
			}
			for _, code := range readyNow {
				if x.Step == code {
					if _, err := tx.ExecContext(ctx, `UPDATE tasks SET status = $1, ready_at = $2, due_date = $3, version = version + 1 WHERE id = $4`,
						TaskReady, TS(now), x.DueDate, x.ID); err != nil {
						return err
					}
					x.Version++
				}
			}
			if x.Status == TaskCanceled {
				if _, err := tx.ExecContext(ctx, `UPDATE tasks SET status = $1, version = version + 1 WHERE id = $2 AND status = $3`,
					TaskCanceled, x.ID, TaskWaiting); err != nil {
					return err
				}
			}
		}
		if done {
			if err := s.afterCaseDecided(ctx, tx, &w); err != nil {
				return err
			}
		}
		if d.Decision == review.Approve {
			if err := s.onStepApproved(ctx, tx, &w, me); err != nil {
				return err
			}
		}
		return w.apply(ctx, s, tx, false)
	})
	if err != nil {
		return TaskView{}, err
	}
	v := TaskView{Task: *me, CaseNumber: c.Number, CaseTitle: c.Title, Applicant: c.Applicant.Name, CaseStatus: c.Status}
	v.StepName = s.itemName(ctx, me.Step)
	return v, nil
}

// caseForDecision reads what a decision needs: the case row, its tasks,
// and its materials only when deferred ones may be outstanding.
func (s *Store) caseForDecision(ctx context.Context, id string) (Case, error) {
	c, err := scanCase(s.r.QueryRowContext(ctx, `SELECT `+caseCols+` FROM cases WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return c, onetrip.NotFound("store.case.not_found", id)
	}
	if err != nil {
		return c, s.mapErr(err)
	}
	if c.Tasks, err = s.caseTasks(ctx, s.r, c.ID); err != nil {
		return c, err
	}
	if c.DeferredDue != "" {
		full, err := s.CaseByID(ctx, id)
		if err != nil {
			return c, err
		}
		c.Materials = full.Materials
	}
	return c, nil
}

func (s *Store) taskVersion(ctx context.Context, tx *Tx, id string) (int, error) {
	var v int
	err := tx.QueryRowContext(ctx, `SELECT version FROM tasks WHERE id = $1`, id).Scan(&v)
	return v, err
}

func jsonText(v any) string {
	b, err := json.Marshal(v)
	if err != nil || string(b) == "null" {
		return "{}"
	}
	return string(b)
}

// afterCaseDecided runs when the steps have decided the case: a result sent
// electronically is delivered at once and the case closed.
func (s *Store) afterCaseDecided(ctx context.Context, tx *Tx, w *caseWrite) error {
	c := w.c
	if c.Status == intake.StatusDenied {
		return nil
	}
	if c.Delivery == "electronic" {
		c.Status = intake.StatusIssued
		w.addEvent("case.issued", map[string]any{"delivery": "electronic"})
		c.Status = intake.StatusDelivered
		w.addEvent("case.delivered", map[string]any{"delivery": "electronic"})
		c.Status = intake.StatusClosed
		now := w.now
		c.ClosedAt = &now
		w.addEvent("case.closed", nil)
	}
	return nil
}

func (w *caseWrite) addEvent(typ string, data any) {
	w.events = append(w.events, struct {
		typ  string
		data any
	}{typ, data})
}

// SuspendRequest starts a special procedure.
type SuspendRequest struct {
	Kind   string `json:"kind"`
	Reason string `json:"reason"`
	TaskID string `json:"task_id,omitempty"`
}

// Suspend starts a special procedure on a case under review: its clock
// stops until Resume.
func (s *Store) Suspend(ctx context.Context, p *onetrip.Principal, caseID string, req SuspendRequest) (Suspension, error) {
	var probs onetrip.Problems
	if !workday.ValidKind(req.Kind) {
		probs.Add("kind", "store.susp.kind", req.Kind)
	}
	if strings.TrimSpace(req.Reason) == "" {
		probs.Add("reason", "store.susp.reason")
	}
	if err := probs.Err("store.case.invalid", len(probs)); err != nil {
		return Suspension{}, err
	}
	c, err := s.loadForWrite(ctx, p, caseID, 0)
	if err != nil {
		return Suspension{}, err
	}
	if !p.Is(onetrip.RoleReviewer, onetrip.RoleSystem, onetrip.RoleClerk) {
		return Suspension{}, onetrip.Forbidden("err.forbidden")
	}
	if req.TaskID != "" {
		ok := false
		for _, t := range c.Tasks {
			if t.ID == req.TaskID && (p.Role == onetrip.RoleClerk || t.Department == p.Department) {
				ok = true
			}
		}
		if !ok {
			return Suspension{}, onetrip.Forbidden("store.task.other_dept")
		}
	}
	switch c.Status {
	case intake.StatusAccepted, intake.StatusInReview:
	case intake.StatusSuspended:
		return Suspension{}, onetrip.Conflict("store.susp.open")
	default:
		return Suspension{}, onetrip.Conflict("store.susp.closed", c.Status.Label(onetrip.LangZH))
	}
	now := s.Now()
	sp := Suspension{ID: NewID(), CaseID: c.ID, TaskID: req.TaskID, Kind: req.Kind, Reason: req.Reason, StartedAt: now, CreatedBy: p.Username}
	if c.Status == intake.StatusAccepted {
		c.Status = intake.StatusInReview
	}
	c.Status = intake.StatusSuspended
	w := caseWrite{c: &c, now: now, actor: p.Username}
	w.addEvent("case.suspended", map[string]any{"suspension": sp.ID, "kind": sp.Kind, "reason": sp.Reason, "task": sp.TaskID})
	err = s.Tx(ctx, func(tx *Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO suspensions (id, case_id, task_id, kind, reason, started_at, created_by) VALUES ($1,$2,$3,$4,$5,$6,$7)`,
			sp.ID, sp.CaseID, nullable(sp.TaskID), sp.Kind, sp.Reason, TS(now), sp.CreatedBy); err != nil {
			return err
		}
		return w.apply(ctx, s, tx, false)
	})
	return sp, err
}

// Resume ends a special procedure; the clock restarts with what was left.
func (s *Store) Resume(ctx context.Context, p *onetrip.Principal, caseID, suspID string) (Suspension, error) {
	c, err := s.loadForWrite(ctx, p, caseID, 0)
	if err != nil {
		return Suspension{}, err
	}
	if !p.Is(onetrip.RoleReviewer, onetrip.RoleSystem, onetrip.RoleClerk) {
		return Suspension{}, onetrip.Forbidden("err.forbidden")
	}
	susp, err := s.suspensions(ctx, s.r, []string{c.ID})
	if err != nil {
		return Suspension{}, err
	}
	var sp *Suspension
	for i := range susp[c.ID] {
		if susp[c.ID][i].ID == suspID && susp[c.ID][i].EndedAt == nil {
			sp = &susp[c.ID][i]
		}
	}
	if sp == nil || c.Status != intake.StatusSuspended {
		return Suspension{}, onetrip.NotFound("store.susp.not_found", suspID)
	}
	now := s.Now()
	sp.EndedAt = &now
	c.Status = intake.StatusInReview
	w := caseWrite{c: &c, now: now, actor: p.Username}
	w.addEvent("case.resumed", map[string]any{"suspension": sp.ID})
	err = s.Tx(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE suspensions SET ended_at = $1 WHERE id = $2 AND ended_at IS NULL`, TS(now), sp.ID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return onetrip.NotFound("store.susp.not_found", suspID)
		}
		return w.apply(ctx, s, tx, false)
	})
	return *sp, err
}

// Handover gives an approved result to the applicant at the window: the
// trip is recorded (and counted: collecting is a trip after acceptance,
// voluntary when the guide offered courier or electronic delivery) and the
// case closes.
func (s *Store) Handover(ctx context.Context, p *onetrip.Principal, caseID string, version int) (Case, error) {
	if p.Role != onetrip.RoleClerk {
		return Case{}, onetrip.Forbidden("err.forbidden")
	}
	c, err := s.loadForWrite(ctx, p, caseID, version)
	if err != nil {
		return c, err
	}
	if c.Status != intake.StatusApproved && c.Status != intake.StatusIssued {
		return Case{}, onetrip.Conflict("store.handover.not_ready", c.Status.Label(onetrip.LangZH))
	}
	var probs onetrip.Problems
	r, err := s.resolve(ctx, c.Item, c.Bundle, c.Region, &probs, &c)
	if err != nil {
		return Case{}, err
	}
	now := s.Now()
	w := caseWrite{c: &c, now: now, actor: p.Username}
	w.trip = &intake.Trip{Purpose: intake.PurposePickup, At: now, Outcome: intake.TripPickup, Voluntary: c.Delivery != "window" || intake.ClassifyTrip(intake.PurposePickup, r.resultSteps())}
	if c.Status == intake.StatusApproved {
		c.Status = intake.StatusIssued
		w.addEvent("case.issued", map[string]any{"delivery": "window"})
	}
	c.Status, c.ClosedAt = intake.StatusClosed, &now
	w.addEvent("case.closed", map[string]any{"handed_over_by": p.Username})
	err = s.Tx(ctx, func(tx *Tx) error { return w.apply(ctx, s, tx, false) })
	return c, err
}

// Pickups lists approved cases whose results wait at a region's windows.
func (s *Store) Pickups(ctx context.Context, regionPrefix string) ([]Case, error) {
	return s.Cases(ctx, CaseQuery{RegionPrefix: regionPrefix, Status: []intake.Status{intake.StatusApproved, intake.StatusIssued}, Delivery: "window", Limit: 200})
}
