package sqlstore

import (
	"context"

	"onetrip"
	"onetrip/sharing"
)

// RevokeGrant is the provider's admin stopping an approved grant at once
// (sharing.RevokeGrant): the next query under it is refused.
func (s *Store) RevokeGrant(ctx context.Context, p *onetrip.Principal, id string, rv sharing.GrantRevocation) (sharing.Grant, error) {
	g, err := s.providersGrant(ctx, p, id)
	if err != nil {
		return g, err
	}
	g, err = sharing.RevokeGrant(g, rv, p.Username, s.Now())
	if err != nil {
		return g, err
	}
	err = s.Tx(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE sharing_grants SET status = $1, decided_by = $2, decided_at = $3, reason = $4
			WHERE id = $5 AND status = 'approved'`, g.Status, g.DecidedBy, optTSArg(g.DecidedAt), g.Reason, g.ID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return onetrip.Conflict("sharing.grant.state", "?")
		}
		return nil
	})
	return g, s.mapErr(err)
}
