package sqlstore

import (
	"context"
	"strconv"

	"onetrip/casework"
	"onetrip/workday"
)

// OverdueDeferred lists accepted cases whose deferred materials (容缺) are
// past their due date and that have not been reminded since: the reminder
// job records one reminder per case and day.
func (s *Store) OverdueDeferred(ctx context.Context, today workday.Date, limit int) ([]string, error) {
	return s.column(ctx, `SELECT c.id FROM cases c WHERE c.deferred_due IS NOT NULL AND c.deferred_due < $1
		AND c.status IN ('accepted', 'in_review', 'suspended')
		AND EXISTS (SELECT 1 FROM case_materials m WHERE m.case_id = c.id AND m.state = 'deferred')
		AND NOT EXISTS (SELECT 1 FROM events e WHERE e.case_id = c.id AND e.type = 'case.deferred_reminder' AND e.at >= $2)
		ORDER BY c.deferred_due LIMIT `+strconv.Itoa(max(1, min(limit, 1000))), today.String(), today.String())
}

// RemindDeferred records that a case's deferred materials are late
// (casework.RemindDeferred): the window and the applicant are reminded,
// supervision counts it.
func (s *Store) RemindDeferred(ctx context.Context, caseID string) error {
	c, err := s.CaseByID(ctx, caseID)
	if err != nil {
		return err
	}
	clk, err := s.clock(ctx)
	if err != nil {
		return err
	}
	res, ok := casework.RemindDeferred(c, clk)
	if !ok {
		return nil
	}
	return s.runCase(ctx, &res, "system", nil, 0, nil)
}
