package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"time"

	"onetrip/workday"
)

// Task statuses: a step waits for the steps it names in after, is ready in
// its department's queue once they are approved, and is decided.
const (
	TaskWaiting  = "waiting"
	TaskReady    = "ready"
	TaskApproved = "approved"
	TaskDenied   = "denied"
	TaskReturned = "returned" // sent back to the window for a material
	TaskCanceled = "canceled" // the case ended before the step ran
)

// Task is one department's piece of work on a case (审批任务).
type Task struct {
	ID          string            `json:"id"`
	CaseID      string            `json:"case_id"`
	Step        string            `json:"step"`
	ItemVersion int               `json:"item_version"`
	Department  string            `json:"department"`
	After       []string          `json:"after"`
	Lead        bool              `json:"lead"`
	Status      string            `json:"status"`
	Version     int               `json:"version"`
	LimitDays   int               `json:"limit_days"`
	ReadyAt     *time.Time        `json:"ready_at,omitempty"`
	DueDate     string            `json:"due_date,omitempty"`
	DecidedAt   *time.Time        `json:"decided_at,omitempty"`
	DecidedBy   string            `json:"decided_by,omitempty"`
	Opinion     string            `json:"opinion,omitempty"`
	Outputs     map[string]string `json:"outputs,omitempty"`
	Seq         int               `json:"seq"`
	// Clock is the task's deadline status (normal, due_soon, overdue, suspended).
	Clock string `json:"clock,omitempty"`
}

const taskCols = `id, case_id, step, item_version, department_id, after_steps, is_lead, status, version, limit_days,
	ready_at, due_date, decided_at, decided_by, opinion, outputs, seq`

func scanTask(sc interface{ Scan(...any) error }) (Task, error) {
	var t Task
	var after, outputs string
	var ready, due, decided, by sql.NullString
	err := sc.Scan(&t.ID, &t.CaseID, &t.Step, &t.ItemVersion, &t.Department, &after, &t.Lead, &t.Status, &t.Version, &t.LimitDays,
		&ready, &due, &decided, &by, &t.Opinion, &outputs, &t.Seq)
	if err != nil {
		return t, err
	}
	json.Unmarshal([]byte(after), &t.After)
	json.Unmarshal([]byte(outputs), &t.Outputs)
	t.ReadyAt, t.DecidedAt, t.DueDate, t.DecidedBy = optTS(ready), optTS(decided), due.String, by.String
	return t, nil
}

func (s *Store) caseTasks(ctx context.Context, q rowQueryer, caseID string) ([]Task, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+taskCols+` FROM tasks WHERE case_id = $1 ORDER BY seq`, caseID)
	if err != nil {
		return nil, s.mapErr(err)
	}
	defer rows.Close()
	out := []Task{}
	for rows.Next() {
		t, err := scanTask(rows)
		if err != nil {
			return nil, s.mapErr(err)
		}
		out = append(out, t)
	}
	return out, s.mapErr(rows.Err())
}

// newTasks makes one task per step of an accepted case. Steps with nothing
// to wait for are ready at once (parallel by default, DESIGN rule 4); each
// step's limit is its share of the case's promised limit.
func newTasks(r *resolved, caseID string, cal *workday.Calendar, now time.Time) []Task {
	var steps []struct {
		code  string
		after []string
	}
	if r.bundle != nil {
		for _, st := range r.bundle.Steps {
			steps = append(steps, struct {
				code  string
				after []string
			}{st.Item, st.After})
		}
	} else {
		steps = append(steps, struct {
			code  string
			after []string
		}{r.item.Code, nil})
	}
	days := make([]int, len(r.steps))
	byCode := map[string]int{}
	for i, it := range r.steps {
		days[i] = it.PromisedDays
		if m, ok := r.impls[it.Code]; ok {
			days[i] = m.PromisedDays
		}
		byCode[it.Code] = days[i]
	}
	chain := days[0]
	if r.bundle != nil {
		chain = longestChain(r, byCode)
	}
	limits := workday.StepLimits(r.promised, days, chain)
	out := make([]Task, len(steps))
	for i, st := range steps {
		t := Task{ID: NewID(), CaseID: caseID, Step: st.code, ItemVersion: r.versions[st.code], Department: r.impls[st.code].Department,
			After: st.after, Lead: st.code == r.leadStep, Status: TaskWaiting, Version: 1, LimitDays: limits[i], Seq: i + 1, Outputs: map[string]string{}}
		if t.After == nil {
			t.After = []string{}
		}
		if len(st.after) == 0 {
			n := now
			t.Status, t.ReadyAt = TaskReady, &n
			t.DueDate = cal.AddWorkdays(workday.DateOf(now), t.LimitDays).String()
		}
		out[i] = t
	}
	return out
}

func longestChain(r *resolved, days map[string]int) int {
	memo := map[string]int{}
	var f func(code string) int
	f = func(code string) int {
		if v, ok := memo[code]; ok {
			return v
		}
		memo[code] = days[code] // guards against cycles, which lint forbids
		best := 0
		for _, st := range r.bundle.Steps {
			if st.Item == code {
				for _, a := range st.After {
					best = max(best, f(a))
				}
			}
		}
		memo[code] = best + days[code]
		return memo[code]
	}
	m := 0
	for _, st := range r.bundle.Steps {
		m = max(m, f(st.Item))
	}
	return m
}

func taskRows(ts []Task) [][]any {
	rows := make([][]any, len(ts))
	for i, t := range ts {
		after, _ := json.Marshal(t.After)
		outputs, _ := json.Marshal(t.Outputs)
		var due any
		if t.DueDate != "" {
			due = t.DueDate
		}
		rows[i] = []any{t.ID, t.CaseID, t.Step, t.ItemVersion, t.Department, string(after), t.Lead, t.Status, t.Version, t.LimitDays,
			optTSArg(t.ReadyAt), due, optTSArg(t.DecidedAt), nullable(t.DecidedBy), t.Opinion, string(outputs), t.Seq}
	}
	return rows
}

const taskInsert = `INSERT INTO tasks (id, case_id, step, item_version, department_id, after_steps, is_lead, status, version, limit_days,
	ready_at, due_date, decided_at, decided_by, opinion, outputs, seq)`
