package remote

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"onetrip/seal"
	"onetrip/sharing"
)

// department is a provider's system: it checks the platform's signature
// and answers from its records, or hangs, or fails, as told.
type department struct {
	pub   *seal.PublicKey
	mode  atomic.Value // "ok", "hang", "fail"
	calls atomic.Int32
	hang  chan struct{}
	now   func() time.Time // the department's clock: the platform's (a test moves both)
	last  atomic.Value     // the last query's request id
}

func (d *department) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	d.calls.Add(1)
	body, _ := io.ReadAll(r.Body)
	if !Verify(d.pub, body, r.Header.Get(TimeHeader), r.Header.Get(SignatureHeader), d.now(), time.Minute) {
		http.Error(w, "bad signature", http.StatusUnauthorized)
		return
	}
	switch d.mode.Load() {
	case "hang":
		select {
		case <-d.hang:
		case <-r.Context().Done():
		}
		return
	case "fail":
		http.Error(w, "down", http.StatusInternalServerError)
		return
	}
	var q Request
	json.Unmarshal(body, &q)
	d.last.Store(q.Request)
	if q.Subject != "330802198001021012" {
		json.NewEncoder(w).Encode(Response{Found: false})
		return
	}
	json.NewEncoder(w).Encode(Response{Found: true, Fields: map[string]string{"姓名": "王伟", "item": q.Item}})
}

func setup(t *testing.T, opt Options) (*department, *Provider, *seal.Key) {
	t.Helper()
	key, err := seal.NewKey()
	if err != nil {
		t.Fatal(err)
	}
	d := &department{pub: key.Public(), hang: make(chan struct{}), now: time.Now}
	if opt.Now != nil {
		d.now = opt.Now
	}
	d.mode.Store("ok")
	srv := httptest.NewServer(d)
	t.Cleanup(func() { close(d.hang); srv.Close() })
	return d, New(map[string]string{"D-POP-BASIC": srv.URL}, key, opt), key
}

func TestSignedQueryAnswered(t *testing.T) {
	d, p, _ := setup(t, Options{})
	ctx := sharing.WithRequest(context.Background(), "access-1")
	rec, found, err := p.Fetch(ctx, "D-POP-BASIC", "330802198001021012")
	if err != nil || !found || rec["姓名"] != "王伟" || rec["item"] != "D-POP-BASIC" {
		t.Fatalf("%v %v %v", rec, found, err)
	}
	if got := d.last.Load(); got != "access-1" {
		t.Fatalf("the department does not learn the platform's request id: %v", got)
	}
	if _, found, err := p.Fetch(ctx, "D-POP-BASIC", "330802198001021020"); err != nil || found {
		t.Fatalf("a stranger: %v %v", found, err)
	}
	if _, _, err := p.Fetch(ctx, "D-HOUSEHOLD", "330802198001021012"); !errors.Is(err, ErrNoURL) {
		t.Fatalf("an item without a system: %v", err)
	}
	if d.calls.Load() != 2 {
		t.Fatalf("%d calls", d.calls.Load())
	}
}

func TestAForgedSignatureIsRefusedByTheDepartment(t *testing.T) {
	d, _, _ := setup(t, Options{})
	other, _ := seal.NewKey()
	srv := httptest.NewServer(d)
	defer srv.Close()
	p := New(map[string]string{"D-POP-BASIC": srv.URL}, other, Options{Retries: -1})
	if _, _, err := p.Fetch(context.Background(), "D-POP-BASIC", "330802198001021012"); err == nil {
		t.Fatal("a request signed with another key must be refused")
	}
}

// TestAHangingProviderCostsItsTimeoutThenTheCircuitOpens: a department
// that never answers costs each query at most its timeout (times the
// attempts); after FailuresOpen failures the circuit opens and queries
// fail at once without calling; after OpenFor one trial call goes through
// and a success closes the circuit.
func TestAHangingProviderCostsItsTimeoutThenTheCircuitOpens(t *testing.T) {
	var mu sync.Mutex
	clock := time.Now()
	now := func() time.Time { mu.Lock(); defer mu.Unlock(); return clock }
	d, p, _ := setup(t, Options{Timeout: 50 * time.Millisecond, Retries: 1, FailuresOpen: 3, OpenFor: time.Minute, Now: now})
	d.mode.Store("hang")
	ctx := context.Background()
	for i := range 3 {
		start := time.Now()
		_, _, err := p.Fetch(ctx, "D-POP-BASIC", "330802198001021012")
		if err == nil {
			t.Fatal("a hanging provider answered")
		}
		if took := time.Since(start); took > 2*time.Second {
			t.Fatalf("call %d took %v: the timeout does not hold", i, took)
		}
	}
	if st := p.State("D-POP-BASIC"); st != "open" {
		t.Fatalf("after 3 failures the circuit is %s", st)
	}
	calls := d.calls.Load()
	if calls != 6 {
		t.Fatalf("%d calls for 3 queries with one retry each", calls)
	}
	if _, _, err := p.Fetch(ctx, "D-POP-BASIC", "330802198001021012"); !errors.Is(err, ErrOpen) || d.calls.Load() != calls {
		t.Fatalf("an open circuit still calls: %v", err)
	}
	mu.Lock()
	clock = clock.Add(time.Minute + time.Second)
	mu.Unlock()
	if st := p.State("D-POP-BASIC"); st != "half-open" {
		t.Fatalf("after OpenFor the circuit is %s", st)
	}
	d.mode.Store("ok")
	if _, found, err := p.Fetch(ctx, "D-POP-BASIC", "330802198001021012"); err != nil || !found {
		t.Fatalf("the trial call: %v %v", found, err)
	}
	if st := p.State("D-POP-BASIC"); st != "closed" {
		t.Fatalf("a successful trial leaves the circuit %s", st)
	}
}

func TestAFailedTrialOpensAgain(t *testing.T) {
	var mu sync.Mutex
	clock := time.Now()
	now := func() time.Time { mu.Lock(); defer mu.Unlock(); return clock }
	d, p, _ := setup(t, Options{Retries: -1, FailuresOpen: 1, OpenFor: time.Minute, Now: now})
	d.mode.Store("fail")
	ctx := context.Background()
	p.Fetch(ctx, "D-POP-BASIC", "x")
	mu.Lock()
	clock = clock.Add(2 * time.Minute)
	mu.Unlock()
	if _, _, err := p.Fetch(ctx, "D-POP-BASIC", "x"); err == nil || errors.Is(err, ErrOpen) {
		t.Fatalf("the trial is a real call: %v", err)
	}
	if st := p.State("D-POP-BASIC"); st != "open" {
		t.Fatalf("a failed trial leaves the circuit %s", st)
	}
}

// TestTheDepartmentSimulator: the platform's adapter against the
// simulator of a department's system over HTTP — answers, a subject it
// holds no record of, a forged key and a stale signature refused, an item
// it does not hold, failures retried, a hang cut by the timeout.
func TestTheDepartmentSimulator(t *testing.T) {
	key, _ := seal.NewKey()
	records := recordsFunc(func(item, subject string) (sharing.Record, bool, error) {
		if subject == "330802198001021012" {
			return sharing.Record{"姓名": "王伟"}, true, nil
		}
		return nil, false, nil
	})
	dept := &Department{Platform: key.Public(), Records: records, Items: []string{"D-HPF"}, FailEvery: 2}
	srv := httptest.NewServer(dept)
	defer srv.Close()
	ctx := context.Background()
	p := New(map[string]string{"D-HPF": srv.URL, "D-REALTY": srv.URL}, key, Options{Retries: 1, FailuresOpen: 100})
	// Call 1 answers; call 2 fails (every 2nd) and its retry, call 3, answers.
	for range 2 {
		rec, found, err := p.Fetch(ctx, "D-HPF", "330802198001021012")
		if err != nil || !found || rec["姓名"] != "王伟" {
			t.Fatalf("%v %v %v", rec, found, err)
		}
	}
	if dept.Calls() != 3 {
		t.Fatalf("%d calls: the failure is retried once", dept.Calls())
	}
	if _, found, err := p.Fetch(ctx, "D-HPF", "330802198001021020"); err != nil || found {
		t.Fatalf("no record: %v %v", found, err)
	}
	if _, _, err := p.Fetch(ctx, "D-REALTY", "330802198001021012"); err == nil || !strings.Contains(err.Error(), "404") {
		t.Fatalf("an item the system does not hold: %v", err)
	}
	other, _ := seal.NewKey()
	forged := New(map[string]string{"D-HPF": srv.URL}, other, Options{Retries: -1})
	if _, _, err := forged.Fetch(ctx, "D-HPF", "330802198001021012"); err == nil || !strings.Contains(err.Error(), "401") {
		t.Fatalf("a forged signature: %v", err)
	}
	stale := New(map[string]string{"D-HPF": srv.URL}, key, Options{Retries: -1, Now: func() time.Time { return time.Now().Add(-2 * time.Minute) }})
	if _, _, err := stale.Fetch(ctx, "D-HPF", "330802198001021012"); err == nil || !strings.Contains(err.Error(), "401") {
		t.Fatalf("a stale signature: %v", err)
	}
	dept.Hang.Store(true)
	quick := New(map[string]string{"D-HPF": srv.URL}, key, Options{Retries: -1, Timeout: 100 * time.Millisecond})
	if _, _, err := quick.Fetch(ctx, "D-HPF", "330802198001021012"); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("a hang: %v", err)
	}
}

type recordsFunc func(item, subject string) (sharing.Record, bool, error)

func (f recordsFunc) Fetch(_ context.Context, item, subject string) (sharing.Record, bool, error) {
	return f(item, subject)
}
