package remote

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"sync/atomic"
	"time"

	"onetrip/seal"
	"onetrip/sharing"
)

// Department is a provider department's system as the platform expects
// one: it checks each query's SM2 signature against the platform's public
// key and the signature's age, and answers from its records. It is the
// simulator the tests and `onetrip provider-sim` run in place of a real
// department's system, and a department can read it as the contract: a
// forged, stale or malformed request is refused (401, 400), an item it
// does not hold is 404, and drills make it slow, fail or hang.
type Department struct {
	Platform *seal.PublicKey  // the platform's key (GET /api/v1/sharing/platform-key)
	Records  sharing.Provider // what the department holds
	Items    []string         // the items it answers (nil: any its records do)
	MaxAge   time.Duration    // oldest signature accepted; 1 minute
	Now      func() time.Time

	// Drills.
	Delay     time.Duration // before every answer
	FailEvery int           // every n-th query answers 503
	Hang      atomic.Bool   // never answer (until the caller gives up)

	calls atomic.Int64
}

// Calls is how many requests reached the system.
func (d *Department) Calls() int64 { return d.calls.Load() }

// maxQuery bounds a query's body (a real one is ~150 bytes).
const maxQuery = 16 << 10

// ServeHTTP answers one query.
func (d *Department) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	n := d.calls.Add(1)
	if r.Method != http.MethodPost {
		http.Error(w, "POST a query", http.StatusMethodNotAllowed)
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxQuery+1))
	if err != nil || len(body) > maxQuery {
		http.Error(w, "query too large", http.StatusRequestEntityTooLarge)
		return
	}
	now, maxAge := time.Now, d.MaxAge
	if d.Now != nil {
		now = d.Now
	}
	if maxAge <= 0 {
		maxAge = time.Minute
	}
	if d.Platform == nil || !Verify(d.Platform, body, r.Header.Get(TimeHeader), r.Header.Get(SignatureHeader), now(), maxAge) {
		http.Error(w, "signature missing, forged or too old", http.StatusUnauthorized)
		return
	}
	var q Request
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&q); err != nil || q.Item == "" || q.Subject == "" {
		http.Error(w, "malformed query", http.StatusBadRequest)
		return
	}
	if d.Hang.Load() {
		<-r.Context().Done()
		return
	}
	if d.Delay > 0 {
		select {
		case <-time.After(d.Delay):
		case <-r.Context().Done():
			return
		}
	}
	if d.FailEvery > 0 && n%int64(d.FailEvery) == 0 {
		http.Error(w, "the department's system is down for a moment", http.StatusServiceUnavailable)
		return
	}
	if d.Items != nil && !slices.Contains(d.Items, q.Item) {
		http.Error(w, "this system does not hold "+q.Item, http.StatusNotFound)
		return
	}
	rec, found, err := d.Records.Fetch(context.WithoutCancel(r.Context()), q.Item, q.Subject)
	if err != nil {
		http.Error(w, "records unavailable", http.StatusServiceUnavailable)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(Response{Found: found, Fields: rec})
}
