package sqlstore

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"strconv"
	"time"

	"github.com/emmansun/gmsm/sm3"

	"onetrip"
)

// Event is one entry of a case's append-only log. Each event's hash is the
// SM3 of its predecessor's hash and its own fields, so changing or deleting
// an event breaks every hash after it (DESIGN rule 7).
type Event struct {
	CaseID   string          `json:"case_id"`
	Seq      int             `json:"seq"`
	Type     string          `json:"type"`
	Actor    string          `json:"actor"`
	At       time.Time       `json:"at"`
	Data     json.RawMessage `json:"data"`
	PrevHash string          `json:"prev_hash"`
	Hash     string          `json:"hash"`
}

// eventHash chains an event to its predecessor: SM3 over the fields joined
// by newlines (the data is the stored JSON text).
func eventHash(prev, caseID string, seq int, typ, actor, at, data string) string {
	h := sm3.New()
	for _, part := range []string{prev, caseID, strconv.Itoa(seq), typ, actor, at, data} {
		h.Write([]byte(part))
		h.Write([]byte{'\n'})
	}
	return hex.EncodeToString(h.Sum(nil))
}

// eventLog appends events to one case inside a transaction; the caller
// stores seq and hash back on the case row (cases.event_seq, event_hash),
// which is where the next append starts.
type eventLog struct {
	caseID string
	seq    int
	hash   string
	at     string
	actor  string
	rows   [][]any
}

func (l *eventLog) add(typ string, data any) {
	b, err := json.Marshal(data)
	if err != nil || data == nil {
		b = []byte("{}")
	}
	l.seq++
	h := eventHash(l.hash, l.caseID, l.seq, typ, l.actor, l.at, string(b))
	l.rows = append(l.rows, []any{l.caseID, l.seq, typ, l.actor, l.at, string(b), l.hash, h})
	l.hash = h
}

// flush writes the events and, for subscribed departments, the webhook
// deliveries and their jobs: all in the transaction of the change.
func (l *eventLog) flush(ctx context.Context, s *Store, tx *Tx) error {
	if len(l.rows) == 0 {
		return nil
	}
	if err := batchInsert(ctx, tx, "INSERT INTO events (case_id, seq, type, actor, at, data, prev_hash, hash)", 8, l.rows); err != nil {
		return err
	}
	rows := l.rows
	l.rows = nil
	return s.enqueueWebhooks(ctx, tx, l.caseID, rows)
}

// Events returns a case's log in order.
func (s *Store) Events(ctx context.Context, caseID string) ([]Event, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT case_id, seq, type, actor, at, data, prev_hash, hash FROM events WHERE case_id = $1 ORDER BY seq`, caseID)
	if err != nil {
		return nil, s.mapErr(err)
	}
	defer rows.Close()
	out := []Event{}
	for rows.Next() {
		var e Event
		var at, data string
		if err := rows.Scan(&e.CaseID, &e.Seq, &e.Type, &e.Actor, &at, &data, &e.PrevHash, &e.Hash); err != nil {
			return nil, s.mapErr(err)
		}
		e.At, e.Data = mustTS(at), json.RawMessage(data)
		out = append(out, e)
	}
	return out, s.mapErr(rows.Err())
}

func init() {
	onetrip.Register(onetrip.Messages{
		"store.events.broken": {"办件 %s 的事件链在第 %d 条处被改动", "the event chain of case %s was altered at event %d"},
	})
}

// VerifyEvents recomputes a case's hash chain; it names the first event
// that does not match (changed, removed or inserted).
func VerifyEvents(events []Event) error {
	prev := ""
	for i, e := range events {
		if e.Seq != i+1 || e.PrevHash != prev || eventHash(prev, e.CaseID, e.Seq, e.Type, e.Actor, TS(e.At), string(e.Data)) != e.Hash {
			return onetrip.Conflict("store.events.broken", e.CaseID, i+1)
		}
		prev = e.Hash
	}
	return nil
}
