package sqlstore

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"onetrip"
	"onetrip/casework"
	"onetrip/policy"
)

// MaxPurpose bounds a stated purpose (characters).
const MaxPurpose = 200

func init() {
	onetrip.Register(onetrip.Messages{
		"store.disclosure.purpose": {"用途须为 1–%d 字", "the purpose must be 1–%d characters"},
	})
}

// Disclosed records that p opens a case's ID numbers in full for a stated
// purpose, when the policy makes the purpose the reason p sees them
// (supervisors and admins). Without a purpose, or for roles that see the
// case without one, it records nothing.
func (s *Store) Disclosed(ctx context.Context, p *onetrip.Principal, c *casework.Case, v policy.View, purpose string) error {
	purpose = strings.TrimSpace(purpose)
	if purpose == "" || !policy.NeedsPurpose(p) {
		return nil
	}
	if utf8.RuneCountInString(purpose) > MaxPurpose || !utf8.ValidString(purpose) {
		return onetrip.Invalid("store.disclosure.purpose", MaxPurpose).WithDetail("purpose", "store.disclosure.purpose", MaxPurpose)
	}
	if !policy.Disclose(p, c, v, purpose) {
		return nil
	}
	return s.Tx(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO disclosures (id, username, role, case_id, purpose, at) VALUES ($1,$2,$3,$4,$5,$6)`,
			NewID(), p.Username, string(p.Role), c.ID, purpose, TS(s.Now()))
		return err
	})
}

// Disclosure is one recorded full view of a case's personal data.
type Disclosure struct {
	Username string    `json:"username"`
	Role     string    `json:"role"`
	Purpose  string    `json:"purpose"`
	At       time.Time `json:"at"`
}

// Disclosures lists who opened a case's ID numbers and why, newest first.
func (s *Store) Disclosures(ctx context.Context, caseID string) ([]Disclosure, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT username, role, purpose, at FROM disclosures WHERE case_id = $1 ORDER BY at DESC, id DESC`, caseID)
	if err != nil {
		return nil, s.mapErr(err)
	}
	defer rows.Close()
	out := []Disclosure{}
	for rows.Next() {
		var d Disclosure
		var at string
		if err := rows.Scan(&d.Username, &d.Role, &d.Purpose, &at); err != nil {
			return nil, s.mapErr(err)
		}
		d.At = mustTS(at)
		out = append(out, d)
	}
	return out, s.mapErr(rows.Err())
}
