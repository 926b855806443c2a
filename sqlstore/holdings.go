package sqlstore

import (
	"context"
	"strings"
	"time"

	"onetrip/casework"
	"onetrip/intake"
	"onetrip/licence"
)

// HoldingsOf is what the platform already holds for an applicant: valid
// licences in the licence library (and, later, shared data records), by
// material source ("licence:L-BIZ" → the licence identifier). Intake marks
// such materials 免提交. A licence counts when it is held by that citizen ID
// or USCC, not revoked and not past its last day (China time); of several
// of a type the newest is used.
func (s *Store) HoldingsOf(ctx context.Context, idNumber string) (intake.Holdings, error) {
	held := intake.HeldRecords{}
	if strings.TrimSpace(idNumber) == "" {
		return held, nil
	}
	rows, err := s.r.QueryContext(ctx, `SELECT type, identifier FROM licences WHERE holder_id_number = $1 AND revoked_at IS NULL
		AND (valid_until IS NULL OR valid_until >= $2) ORDER BY issued_at, id`, idNumber, chinaDate(s.Now()))
	if err != nil {
		return nil, s.mapErr(err)
	}
	defer rows.Close()
	for rows.Next() {
		var typ, ident string
		if err := rows.Scan(&typ, &ident); err != nil {
			return nil, s.mapErr(err)
		}
		held["licence:"+typ] = append(held["licence:"+typ], ident) // newest last: it is the default
	}
	return held, s.mapErr(rows.Err())
}

// logLicenceUses runs where a case's materials are written: every entry
// fetched from the licence library (state fetched, a licence source, the
// licence identifier as ref) is a use of that licence, logged once per case
// and licence with who and when, so the holder can see where their
// licences were used. A ref the library does not hold logs nothing.
func (s *Store) logLicenceUses(ctx context.Context, tx *Tx, c *casework.Case, actor string, at time.Time) error {
	for _, m := range c.Materials {
		if m.State != intake.StateFetched || !strings.HasPrefix(m.Source, "licence:") || !strings.HasPrefix(m.Ref, licence.Prefix) {
			continue
		}
		purpose := c.Number + " " + c.Title + "：" + m.Name
		if _, err := tx.ExecContext(ctx, `INSERT INTO licence_uses (licence_id, case_id, used_by, used_at, purpose)
			SELECT id, $2, $3, $4, $5 FROM licences WHERE identifier = $1
			ON CONFLICT (licence_id, case_id) DO NOTHING`, m.Ref, c.ID, actor, TS(at), purpose); err != nil {
			return err
		}
	}
	return nil
}

// LicenceUse is one use of a licence: the case that fetched it instead of
// asking for paper.
type LicenceUse struct {
	LicenceID  string    `json:"licence_id"`
	CaseID     string    `json:"case_id"`
	CaseNumber string    `json:"case_number"`
	CaseTitle  string    `json:"case_title"`
	Region     string    `json:"region"`
	UsedBy     string    `json:"used_by"`
	UsedAt     time.Time `json:"used_at"`
	Purpose    string    `json:"purpose"`
}

// LicenceUses lists where a licence was used, newest first.
func (s *Store) LicenceUses(ctx context.Context, licenceID string) ([]LicenceUse, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT u.licence_id, u.case_id, c.number, c.title, c.region, u.used_by, u.used_at, u.purpose
		FROM licence_uses u JOIN cases c ON c.id = u.case_id WHERE u.licence_id = $1 ORDER BY u.used_at DESC, u.case_id`, licenceID)
	if err != nil {
		return nil, s.mapErr(err)
	}
	defer rows.Close()
	out := []LicenceUse{}
	for rows.Next() {
		var u LicenceUse
		var at string
		if err := rows.Scan(&u.LicenceID, &u.CaseID, &u.CaseNumber, &u.CaseTitle, &u.Region, &u.UsedBy, &at, &u.Purpose); err != nil {
			return nil, s.mapErr(err)
		}
		u.UsedAt = mustTS(at)
		out = append(out, u)
	}
	return out, s.mapErr(rows.Err())
}
