package casework

import (
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

// Chain is the end of a case's log: the last event's sequence number and
// hash (0 and "" before the first).
type Chain struct {
	Seq  int
	Hash string
}

// NewEvent is an event a command records, before it is chained.
type NewEvent struct {
	Type string
	Data any
}

// EventHash chains an event to its predecessor: SM3 over the fields joined
// by newlines (the time in onetrip.TimeLayout, the data as its JSON text).
func EventHash(prev, caseID string, seq int, typ, actor string, at time.Time, data string) string {
	h := sm3.New()
	for _, part := range []string{prev, caseID, strconv.Itoa(seq), typ, actor, at.UTC().Format(onetrip.TimeLayout), data} {
		h.Write([]byte(part))
		h.Write([]byte{'\n'})
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Append chains new events after the chain's end, all at one time by one
// actor, and returns them with the new end. Data marshals to JSON; nil is {}.
func (ch Chain) Append(caseID string, at time.Time, actor string, evs []NewEvent) ([]Event, Chain) {
	at = at.UTC().Truncate(time.Microsecond)
	out := make([]Event, 0, len(evs))
	for _, e := range evs {
		b, err := json.Marshal(e.Data)
		if err != nil || e.Data == nil {
			b = []byte("{}")
		}
		ch.Seq++
		h := EventHash(ch.Hash, caseID, ch.Seq, e.Type, actor, at, string(b))
		out = append(out, Event{CaseID: caseID, Seq: ch.Seq, Type: e.Type, Actor: actor, At: at, Data: b, PrevHash: ch.Hash, Hash: h})
		ch.Hash = h
	}
	return out, ch
}

func init() {
	onetrip.Register(onetrip.Messages{
		"casework.events.broken": {"办件 %s 的事件链在第 %d 条处被改动", "the event chain of case %s was altered at event %d"},
	})
}

// VerifyEvents recomputes a case's hash chain; it names the first event
// that does not match (changed, removed or inserted).
func VerifyEvents(events []Event) error {
	prev := ""
	for i, e := range events {
		if e.Seq != i+1 || e.PrevHash != prev || EventHash(prev, e.CaseID, e.Seq, e.Type, e.Actor, e.At, string(e.Data)) != e.Hash {
			return onetrip.Conflict("casework.events.broken", e.CaseID, i+1)
		}
		prev = e.Hash
	}
	return nil
}
