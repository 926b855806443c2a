package sqlstore

import (
	"context"
	"encoding/json"

	"onetrip/casework"
)

// appendEvents writes a case's new events (chained by casework) and, for
// subscribed departments, the webhook deliveries and their jobs: all in the
// transaction of the change.
func (s *Store) appendEvents(ctx context.Context, tx *Tx, caseID string, evs []casework.Event) error {
	if len(evs) == 0 {
		return nil
	}
	rows := make([][]any, len(evs))
	for i, e := range evs {
		rows[i] = []any{e.CaseID, e.Seq, e.Type, e.Actor, TS(e.At), string(e.Data), e.PrevHash, e.Hash}
	}
	if err := batchInsert(ctx, tx, "INSERT INTO events (case_id, seq, type, actor, at, data, prev_hash, hash)", 8, rows); err != nil {
		return err
	}
	return s.enqueueWebhooks(ctx, tx, caseID, rows)
}

// Events returns a case's log in order.
func (s *Store) Events(ctx context.Context, caseID string) ([]casework.Event, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT case_id, seq, type, actor, at, data, prev_hash, hash FROM events WHERE case_id = $1 ORDER BY seq`, caseID)
	if err != nil {
		return nil, s.mapErr(err)
	}
	defer rows.Close()
	out := []casework.Event{}
	for rows.Next() {
		var e casework.Event
		var at, data string
		if err := rows.Scan(&e.CaseID, &e.Seq, &e.Type, &e.Actor, &at, &data, &e.PrevHash, &e.Hash); err != nil {
			return nil, s.mapErr(err)
		}
		e.At, e.Data = mustTS(at), json.RawMessage(data)
		out = append(out, e)
	}
	return out, s.mapErr(rows.Err())
}
