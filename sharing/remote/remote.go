// Package remote is the adapter to a provider department's own system
// (部门自建系统): a query is a POST of {item, subject, request, at} to the
// URL configured for the item, signed with the platform's SM2 key so the
// department can tell it comes from the platform; the answer is the
// record's fields. One slow or failing department must not stall intake:
// every call has a timeout, a failed call is retried a bounded number of
// times, and a circuit breaker per provider stops calling it for a while
// after consecutive failures (fail fast, then one trial call).
package remote

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"sync"
	"time"

	"onetrip/seal"
	"onetrip/sharing"
)

// SignatureHeader carries the SM2 signature (base64 DER, distinguishing ID
// 1234567812345678) over "t.<body>", t the unix seconds in TimeHeader.
const (
	SignatureHeader = "X-Onetrip-Signature-SM2"
	TimeHeader      = "X-Onetrip-Time"
	KeyHeader       = "X-Onetrip-Key" // the platform key's fingerprint
)

// Request is what a department's system receives.
type Request struct {
	Item    string    `json:"item"`
	Subject string    `json:"subject"`
	Request string    `json:"request"` // the access record's ID: the department can log it too
	At      time.Time `json:"at"`
}

// Response is what it answers: found, and the record's fields.
type Response struct {
	Found  bool              `json:"found"`
	Fields map[string]string `json:"fields,omitempty"`
}

// Options tune the adapter; zero values take the defaults.
type Options struct {
	Timeout      time.Duration // per attempt; 2 s
	Retries      int           // extra attempts after a failure; 1
	FailuresOpen int           // consecutive failures that open the circuit; 5
	OpenFor      time.Duration // how long it stays open before a trial call; 30 s
	Client       *http.Client
	Now          func() time.Time
}

// Provider calls departments' systems: one URL per item.
type Provider struct {
	urls    map[string]string
	key     *seal.Key
	opt     Options
	mu      sync.Mutex
	circuit map[string]*breaker // by URL
}

// New makes the adapter for items → URLs, signing with key.
func New(urls map[string]string, key *seal.Key, opt Options) *Provider {
	if opt.Timeout <= 0 {
		opt.Timeout = 2 * time.Second
	}
	if opt.Retries < 0 {
		opt.Retries = 0
	} else if opt.Retries == 0 {
		opt.Retries = 1
	}
	if opt.FailuresOpen <= 0 {
		opt.FailuresOpen = 5
	}
	if opt.OpenFor <= 0 {
		opt.OpenFor = 30 * time.Second
	}
	if opt.Client == nil {
		opt.Client = &http.Client{}
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	return &Provider{urls: urls, key: key, opt: opt, circuit: map[string]*breaker{}}
}

// Handles reports whether an item has a URL here.
func (p *Provider) Handles(item string) bool { _, ok := p.urls[item]; return ok }

// ErrOpen: the provider failed too often lately; not called.
var ErrOpen = errors.New("remote: circuit open: the provider failed repeatedly, not called for now")

// ErrNoURL: no system is configured for the item.
var ErrNoURL = errors.New("remote: no provider system for the item")

// Fetch implements sharing.Provider.
func (p *Provider) Fetch(ctx context.Context, item, subject string) (sharing.Record, bool, error) {
	url, ok := p.urls[item]
	if !ok {
		return nil, false, ErrNoURL
	}
	b := p.breaker(url)
	if !b.allow(p.opt.Now()) {
		return nil, false, ErrOpen
	}
	var lastErr error
	for attempt := 0; attempt <= p.opt.Retries; attempt++ {
		rec, found, err := p.call(ctx, url, item, subject)
		if err == nil {
			b.success()
			return rec, found, nil
		}
		lastErr = err
		if ctx.Err() != nil {
			break
		}
	}
	b.failure(p.opt.Now(), p.opt.FailuresOpen, p.opt.OpenFor)
	return nil, false, lastErr
}

// State is the circuit's state for an item's provider: closed, open or
// half-open (the next call is a trial).
func (p *Provider) State(item string) string {
	url, ok := p.urls[item]
	if !ok {
		return ""
	}
	return p.breaker(url).state(p.opt.Now())
}

func (p *Provider) breaker(url string) *breaker {
	p.mu.Lock()
	defer p.mu.Unlock()
	b := p.circuit[url]
	if b == nil {
		b = &breaker{}
		p.circuit[url] = b
	}
	return b
}

func (p *Provider) call(ctx context.Context, url, item, subject string) (sharing.Record, bool, error) {
	ctx, cancel := context.WithTimeout(ctx, p.opt.Timeout)
	defer cancel()
	now := p.opt.Now()
	body, _ := json.Marshal(Request{Item: item, Subject: subject, Request: sharing.RequestOf(ctx), At: now.UTC()})
	ts := strconv.FormatInt(now.Unix(), 10)
	sig, err := p.key.Sign(append([]byte(ts+"."), body...))
	if err != nil {
		return nil, false, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return nil, false, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(TimeHeader, ts)
	req.Header.Set(SignatureHeader, base64.StdEncoding.EncodeToString(sig))
	req.Header.Set(KeyHeader, p.key.Public().Fingerprint())
	resp, err := p.opt.Client.Do(req)
	if err != nil {
		return nil, false, err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return nil, false, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, false, fmt.Errorf("remote: %s answered %d", url, resp.StatusCode)
	}
	var r Response
	if err := json.Unmarshal(raw, &r); err != nil {
		return nil, false, fmt.Errorf("remote: %s answered no JSON: %w", url, err)
	}
	if !r.Found {
		return nil, false, nil
	}
	return sharing.Record(r.Fields), true, nil
}

// Verify is what a department's system does with a request: the signature
// over "t.<body>" with the platform's public key, and t within maxAge.
func Verify(pub *seal.PublicKey, body []byte, ts, sigB64 string, now time.Time, maxAge time.Duration) bool {
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return false
	}
	if d := now.Sub(time.Unix(sec, 0)); d > maxAge || d < -maxAge {
		return false
	}
	sig, err := base64.StdEncoding.DecodeString(sigB64)
	if err != nil {
		return false
	}
	return seal.Verify(pub, append([]byte(ts+"."), body...), sig)
}

// breaker is a provider's circuit: closed (calls go through), open after
// consecutive failures (calls fail at once until until), then half-open
// (one trial call; success closes it, failure opens it again).
type breaker struct {
	mu       sync.Mutex
	failures int
	until    time.Time
	trial    bool
}

func (b *breaker) allow(now time.Time) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.until.IsZero() {
		return true
	}
	if now.Before(b.until) || b.trial {
		return false
	}
	b.trial = true // half-open: this call is the trial
	return true
}

func (b *breaker) success() {
	b.mu.Lock()
	b.failures, b.until, b.trial = 0, time.Time{}, false
	b.mu.Unlock()
}

func (b *breaker) failure(now time.Time, threshold int, openFor time.Duration) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.failures++
	if b.trial || b.failures >= threshold {
		b.until, b.trial = now.Add(openFor), false
	}
}

func (b *breaker) state(now time.Time) string {
	b.mu.Lock()
	defer b.mu.Unlock()
	switch {
	case b.until.IsZero():
		return "closed"
	case now.Before(b.until):
		return "open"
	}
	return "half-open"
}
