package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"onetrip"
)

func init() {
	onetrip.Register(onetrip.Messages{
		"store.case.idem_mismatch": {"幂等键 %s 已用于另一个请求", "the Idempotency-Key %s was used for a different request"},
	})
}

// Idem is an Idempotency-Key of a write: a retry with the same key and body
// within the window gets the first answer; another body with the key is a
// conflict.
type Idem struct {
	Principal string
	Key       string
	BodyHash  string
}

// IdemAnswer is a stored first answer: its status and the case it wrote.
// The answer is the case rendered again, not a stored copy of the body —
// a few dozen bytes a request instead of the whole case (the table was
// 43% of the database).
type IdemAnswer struct {
	Status int
	CaseID string
}

// DefaultIdemWindow is how long a key's first answer is kept: longer than
// any client's retries, short enough that the table stays small.
const DefaultIdemWindow = 24 * time.Hour

// idemWindow is the store's window (SetIdemWindow).
func (s *Store) idemWindow() time.Duration {
	if s.idemTTL > 0 {
		return s.idemTTL
	}
	return DefaultIdemWindow
}

// SetIdemWindow sets how long first answers are kept (0: the default).
func (s *Store) SetIdemWindow(d time.Duration) { s.idemTTL = d }

// IdemLookup returns the stored answer of a key within the window, or
// ok=false. A key used with another body is a conflict.
func (s *Store) IdemLookup(ctx context.Context, idem Idem) (IdemAnswer, bool, error) {
	var a IdemAnswer
	var hash, created string
	err := s.r.QueryRowContext(ctx, `SELECT body_hash, status, response, created_at FROM idempotency WHERE principal = $1 AND key = $2`,
		idem.Principal, idem.Key).Scan(&hash, &a.Status, &a.CaseID, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return a, false, nil
	}
	if err != nil {
		return a, false, s.mapErr(err)
	}
	if mustTS(created).Before(s.Now().Add(-s.idemWindow())) {
		return IdemAnswer{}, false, nil // expired: the key is new again
	}
	if hash != idem.BodyHash {
		return a, false, onetrip.Conflict("store.case.idem_mismatch", idem.Key)
	}
	return a, true, nil
}

// idemStore records the first answer inside the write's transaction. An
// expired record of the key goes first; a live one makes the insert fail
// with a duplicate, which the caller answers with the first answer.
func (s *Store) idemStore(ctx context.Context, tx *Tx, idem *Idem, status int, caseID string) error {
	if idem == nil || idem.Key == "" {
		return nil
	}
	now := s.Now()
	if _, err := tx.ExecContext(ctx, `DELETE FROM idempotency WHERE principal = $1 AND key = $2 AND created_at < $3`,
		idem.Principal, idem.Key, TS(now.Add(-s.idemWindow()))); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO idempotency (principal, key, body_hash, status, response, created_at) VALUES ($1,$2,$3,$4,$5,$6)`,
		idem.Principal, idem.Key, idem.BodyHash, status, caseID, TS(now))
	return err
}

// PruneIdempotency deletes first answers older than the window, in
// batches (a job runs it); it returns how many it deleted.
func (s *Store) PruneIdempotency(ctx context.Context) (int64, error) {
	cutoff := TS(s.Now().Add(-s.idemWindow()))
	var total int64
	for {
		var n int64
		err := s.Tx(ctx, func(tx *Tx) error {
			res, err := tx.ExecContext(ctx, `DELETE FROM idempotency WHERE (principal, key) IN
				(SELECT principal, key FROM idempotency WHERE created_at < $1 LIMIT 5000)`, cutoff)
			if err != nil {
				return err
			}
			n, _ = res.RowsAffected()
			return nil
		})
		total += n
		if err != nil || n < 5000 {
			return total, err
		}
	}
}
