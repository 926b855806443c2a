package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"onetrip/casework"
	"strings"
)

const taskCols = `id, case_id, step, item_version, department_id, after_steps, is_lead, status, version, limit_days,
	ready_at, due_date, decided_at, decided_by, opinion, outputs, seq, participant`

// scanTask reads a row of taskCols, followed by the extra columns a
// query selects after them (into extra).
func scanTask(sc interface{ Scan(...any) error }, extra ...any) (casework.Task, error) {
	var t casework.Task
	var after, outputs string
	var ready, due, decided, by sql.NullString
	err := sc.Scan(append([]any{&t.ID, &t.CaseID, &t.Step, &t.ItemVersion, &t.Department, &after, &t.Lead, &t.Status, &t.Version, &t.LimitDays,
		&ready, &due, &decided, &by, &t.Opinion, &outputs, &t.Seq, &t.Participant}, extra...)...)
	if err != nil {
		return t, err
	}
	t.Step = stepOf(t.Step, t.Participant)
	json.Unmarshal([]byte(after), &t.After)
	json.Unmarshal([]byte(outputs), &t.Outputs)
	t.ReadyAt, t.DecidedAt, t.DueDate, t.DecidedBy = optTS(ready), optTS(decided), due.String, by.String
	return t, nil
}

func (s *Store) caseTasks(ctx context.Context, q rowQueryer, caseID string) ([]casework.Task, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+taskCols+` FROM tasks WHERE case_id = $1 ORDER BY seq`, caseID)
	if err != nil {
		return nil, s.mapErr(err)
	}
	defer rows.Close()
	out := []casework.Task{}
	for rows.Next() {
		t, err := scanTask(rows)
		if err != nil {
			return nil, s.mapErr(err)
		}
		out = append(out, t)
	}
	return out, s.mapErr(rows.Err())
}

// stepOf is a task's step from its step column, which holds the task's
// Key: a participant's task on a joint step stores its step with the
// participant, so UNIQUE (case_id, step) holds one task per step and
// participant.
func stepOf(stored, participant string) string {
	if participant == "" {
		return stored
	}
	return strings.TrimSuffix(stored, "@"+participant)
}

func taskRows(ts []casework.Task) [][]any {
	rows := make([][]any, len(ts))
	for i, t := range ts {
		after, _ := json.Marshal(t.After)
		outputs, _ := json.Marshal(t.Outputs)
		var due any
		if t.DueDate != "" {
			due = t.DueDate
		}
		rows[i] = []any{t.ID, t.CaseID, t.Key(), t.ItemVersion, t.Department, string(after), t.Lead, t.Status, t.Version, t.LimitDays,
			optTSArg(t.ReadyAt), due, optTSArg(t.DecidedAt), nullable(t.DecidedBy), t.Opinion, string(outputs), t.Seq, t.Participant}
	}
	return rows
}

const taskInsert = `INSERT INTO tasks (id, case_id, step, item_version, department_id, after_steps, is_lead, status, version, limit_days,
	ready_at, due_date, decided_at, decided_by, opinion, outputs, seq, participant)`

// taskInsertCols is taskInsert's column count.
const taskInsertCols = 18
