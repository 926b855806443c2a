package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"

	"onetrip"
)

func init() {
	onetrip.Register(onetrip.Messages{
		"store.case.idem_mismatch": {"幂等键 %s 已用于另一个请求", "the Idempotency-Key %s was used for a different request"},
	})
}

// Idem is an Idempotency-Key of a write: a retry with the same key and body
// gets the first answer; another body with the key is a conflict.
type Idem struct {
	Principal string
	Key       string
	BodyHash  string
}

// IdemAnswer is a stored first answer.
type IdemAnswer struct {
	Status   int
	Response []byte
}

// IdemLookup returns the stored answer of a key, or ok=false. A key used
// with another body is a conflict.
func (s *Store) IdemLookup(ctx context.Context, idem Idem) (IdemAnswer, bool, error) {
	var a IdemAnswer
	var hash, resp string
	err := s.r.QueryRowContext(ctx, `SELECT body_hash, status, response FROM idempotency WHERE principal = $1 AND key = $2`,
		idem.Principal, idem.Key).Scan(&hash, &a.Status, &resp)
	if errors.Is(err, sql.ErrNoRows) {
		return a, false, nil
	}
	if err != nil {
		return a, false, s.mapErr(err)
	}
	if hash != idem.BodyHash {
		return a, false, onetrip.Conflict("store.case.idem_mismatch", idem.Key)
	}
	a.Response = []byte(resp)
	return a, true, nil
}

// idemStore records the first answer inside the write's transaction.
func (s *Store) idemStore(ctx context.Context, tx *Tx, idem *Idem, status int, v any) error {
	if idem == nil || idem.Key == "" {
		return nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO idempotency (principal, key, body_hash, status, response, created_at) VALUES ($1,$2,$3,$4,$5,$6)`,
		idem.Principal, idem.Key, idem.BodyHash, status, string(b), TS(s.Now()))
	return err
}
