package sqlstore

import (
	"context"
	"fmt"
	"onetrip/casework"
)

// BenchCloneTasks copies the newest case and its task n times, in bulk, so
// a benchmark can measure a department queue of realistic size without
// accepting a hundred thousand cases one by one. The copies are ready tasks
// of the same department with spread due dates.
func (s *Store) BenchCloneTasks(ctx context.Context, n int) error {
	var caseID string
	if err := s.r.QueryRowContext(ctx, `SELECT id FROM cases ORDER BY created_at DESC LIMIT 1`).Scan(&caseID); err != nil {
		return s.mapErr(err)
	}
	c, err := s.CaseByID(ctx, caseID)
	if err != nil {
		return err
	}
	t := c.Tasks[0]
	const per = 5000
	for start := 0; start < n; start += per {
		end := min(start+per, n)
		err := s.Tx(ctx, func(tx *Tx) error {
			var cases, tasks [][]any
			for i := start; i < end; i++ {
				cc := c
				cc.ID, cc.Number = NewID(), fmt.Sprintf("330802-20261127-9%08d", i)
				cc.Chain = casework.Chain{}
				cases = append(cases, caseInsertArgs(&cc))
				tt := t
				tt.ID, tt.CaseID = NewID(), cc.ID
				tt.DueDate = fmt.Sprintf("2027-%02d-%02d", 1+i%12, 1+i%28)
				tasks = append(tasks, taskRows([]casework.Task{tt})[0])
			}
			if err := batchInsert(ctx, tx, `INSERT INTO cases (`+caseInsertCols+`)`, 43, cases); err != nil {
				return err
			}
			return batchInsert(ctx, tx, taskInsert, taskInsertCols, tasks)
		})
		if err != nil {
			return err
		}
	}
	return nil
}
