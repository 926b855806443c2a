// Package smssim simulates an SMS gateway (短信平台) over HTTP, so onetrip
// sends SMS codes and notifications end to end without a real one. It
// behaves as a real gateway does where it matters to the sender: requests
// are signed with a shared AccessKey secret and a timestamp, each number
// has rate limits (one a minute, five an hour, ten a day by default), a
// message's Ref makes a send idempotent, and failures can be injected. It
// records what it sent, for tests (Messages), as JSON and as a small
// "phone" page for the demo. Client is the matching sms.Gateway, and the
// shape a real gateway's client has. State is in memory: it is a simulator.
package smssim

import (
	"bytes"
	"crypto/hmac"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/emmansun/gmsm/sm3"

	"onetrip"
	"onetrip/identity"
	"onetrip/sms"
)

// DefaultPrefix is where the simulator is mounted.
const DefaultPrefix = "/sim/sms"

// Headers of a signed request: the access key's id, the Unix time in
// seconds, and the hex HMAC-SM3 of "<timestamp>\n<body>" under the key's
// secret. The time is signed so a captured request cannot be replayed
// later: the gateway refuses one more than MaxAge from its clock.
const (
	KeyHeader       = "X-Sms-Access-Key"
	TimestampHeader = "X-Sms-Timestamp"
	SignatureHeader = "X-Sms-Signature"
)

// MaxAge is how far a request's signed time may be from the gateway's
// clock, either way.
const MaxAge = 5 * time.Minute

// MaxText is the longest text the gateway takes, in characters: a long
// message is sent as several concatenated parts, up to this.
const MaxText = 500

// Limit is one per-number window: at most Max messages of a category to
// one number in any Window.
type Limit struct {
	Window time.Duration
	Max    int
}

// DefaultLimits are a real gateway's usual limits of SMS codes per number.
var DefaultLimits = []Limit{{time.Minute, 1}, {time.Hour, 5}, {24 * time.Hour, 10}}

// DefaultNoticeLimits are its looser limits of notifications per number,
// counted apart from the codes (sms.CategoryNotice).
var DefaultNoticeLimits = []Limit{{time.Minute, 5}, {24 * time.Hour, 50}}

// HighLimits let a benchmark or a test send many messages to one number.
var HighLimits = []Limit{{time.Minute, 1_000_000}}

// Options configure a simulator. Zero values take the defaults.
type Options struct {
	Prefix string // the path the simulator is mounted under; DefaultPrefix
	// AccessKeyID and AccessSecret are the one credential the gateway
	// accepts; empty ones are generated (Credentials tells them).
	AccessKeyID, AccessSecret string
	Limits                    []Limit // SMS codes; nil: DefaultLimits
	NoticeLimits              []Limit // notifications; nil: DefaultNoticeLimits
	// FailEvery answers every FailEvery-th signed send 503 with nothing
	// sent, so senders' retries get tested; 0 never fails.
	FailEvery int
	Now       func() time.Time // the gateway's clock (the node's); time.Now
}

// Sent is one message the gateway sent.
type Sent struct {
	ID       string    `json:"id"`
	To       string    `json:"to"`
	Text     string    `json:"text"`
	Ref      string    `json:"ref"`
	Category string    `json:"category,omitempty"`
	At       time.Time `json:"at"`
}

// Stats count what the gateway was asked.
type Stats struct {
	Sent, Duplicates, Limited, Failed, Rejected, Unauthorised int
}

// Sim is the simulated gateway, an http.Handler for Options.Prefix.
type Sim struct {
	opts Options
	mux  *http.ServeMux

	mu       sync.Mutex
	limits   map[string][]Limit // by category
	failN    int
	requests int // signed sends, for FailEvery
	sent     []*Sent
	byRef    map[string]*Sent
	times    map[string][]time.Time // per category and number, what counts against its limits
	stats    Stats
	seq      int64
}

// New builds a simulator.
func New(opts Options) (*Sim, error) {
	opts.Prefix = strings.TrimSuffix(opts.Prefix, "/")
	if opts.Prefix == "" {
		opts.Prefix = DefaultPrefix
	}
	if !strings.HasPrefix(opts.Prefix, "/") {
		return nil, errors.New("smssim: the prefix must start with /")
	}
	if opts.AccessKeyID == "" {
		opts.AccessKeyID = "LTAI" + randomHex(8)
	}
	if opts.AccessSecret == "" {
		opts.AccessSecret = randomHex(24)
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Limits == nil {
		opts.Limits = DefaultLimits
	}
	if opts.NoticeLimits == nil {
		opts.NoticeLimits = DefaultNoticeLimits
	}
	if opts.FailEvery < 0 {
		return nil, errors.New("smssim: FailEvery must not be negative")
	}
	s := &Sim{opts: opts, limits: map[string][]Limit{sms.CategoryCode: opts.Limits, sms.CategoryNotice: opts.NoticeLimits}, failN: opts.FailEvery,
		byRef: map[string]*Sent{}, times: map[string][]time.Time{}}
	p := opts.Prefix
	s.mux = http.NewServeMux()
	s.mux.HandleFunc("POST "+p+"/api/messages", s.handleSend)
	s.mux.HandleFunc("GET "+p+"/messages", s.handleList)
	s.mux.HandleFunc("GET "+p+"/{$}", s.handlePage)
	return s, nil
}

// ServeHTTP serves the gateway's API and pages.
func (s *Sim) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.mux.ServeHTTP(w, r) }

// Close releases the simulator; it holds nothing that runs, so it only
// keeps the shape of the other simulators.
func (s *Sim) Close() {}

// Credentials are the access key the gateway accepts.
func (s *Sim) Credentials() (id, secret string) { return s.opts.AccessKeyID, s.opts.AccessSecret }

// SetLimits replaces the per-number limits of both categories (HighLimits
// for a benchmark).
func (s *Sim) SetLimits(l []Limit) {
	s.mu.Lock()
	s.limits = map[string][]Limit{sms.CategoryCode: append([]Limit(nil), l...), sms.CategoryNotice: append([]Limit(nil), l...)}
	s.mu.Unlock()
}

// SetFailEvery changes the injected failures (0: none); the count starts
// again.
func (s *Sim) SetFailEvery(n int) {
	s.mu.Lock()
	s.failN, s.requests = max(n, 0), 0
	s.mu.Unlock()
}

// Messages lists what was sent to a number, oldest first ("" every number).
func (s *Sim) Messages(to string) []Sent {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := []Sent{}
	for _, m := range s.sent {
		if to == "" || m.To == to {
			out = append(out, *m)
		}
	}
	return out
}

// Stats counts the sends so far.
func (s *Sim) Stats() Stats {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stats
}

// sendRequest is the body of POST /api/messages.
type sendRequest struct {
	To       string `json:"to"`
	Text     string `json:"text"`
	Ref      string `json:"ref"`
	Category string `json:"category,omitempty"` // sms.CategoryCode or sms.CategoryNotice
}

// sendAnswer is a send's answer: the message's id, and whether the Ref was
// sent before (nothing new went out).
type sendAnswer struct {
	ID        string `json:"id"`
	Duplicate bool   `json:"duplicate"`
}

// apiError is the body of every refusal; RetryAfter (seconds) comes with
// a rate limit.
type apiError struct {
	Code       onetrip.Code `json:"code"`
	Key        string       `json:"key"`
	Message    string       `json:"message"`
	MessageEN  string       `json:"message_en"`
	RetryAfter int          `json:"retry_after,omitempty"`
}

// maxRequest bounds a request body: a text of MaxText characters fits.
const maxRequest = 8 << 10

func (s *Sim) handleSend(w http.ResponseWriter, r *http.Request) {
	body, ok := s.authenticate(w, r)
	if !ok {
		return
	}
	var req sendRequest
	if err := onetrip.DecodeStrict(bytes.NewReader(body), &req); err != nil {
		s.refuse(w, http.StatusBadRequest, onetrip.Invalid("smssim.body"), &s.stats.Rejected)
		return
	}
	to, err := identity.CheckMobile(req.To)
	switch {
	case err != nil:
		s.refuse(w, http.StatusBadRequest, onetrip.Invalid("smssim.mobile"), &s.stats.Rejected)
		return
	case strings.TrimSpace(req.Ref) == "" || len(req.Ref) > 200:
		s.refuse(w, http.StatusBadRequest, onetrip.Invalid("smssim.ref"), &s.stats.Rejected)
		return
	case !signed(req.Text):
		s.refuse(w, http.StatusBadRequest, onetrip.Invalid("smssim.signature_text"), &s.stats.Rejected)
		return
	case utf8.RuneCountInString(req.Text) > MaxText:
		s.refuse(w, http.StatusBadRequest, onetrip.Invalid("smssim.too_long", MaxText), &s.stats.Rejected)
		return
	case req.Category != sms.CategoryCode && req.Category != sms.CategoryNotice:
		s.refuse(w, http.StatusBadRequest, onetrip.Invalid("smssim.category", req.Category), &s.stats.Rejected)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests++
	if s.failN > 0 && s.requests%s.failN == 0 {
		s.stats.Failed++
		writeError(w, http.StatusServiceUnavailable, onetrip.Unavailable("smssim.unavailable"), 0)
		return
	}
	if m := s.byRef[req.Ref]; m != nil {
		if m.To != to || m.Text != req.Text || m.Category != req.Category {
			s.stats.Rejected++
			writeError(w, http.StatusConflict, onetrip.Conflict("smssim.ref_reused", req.Ref), 0)
			return
		}
		s.stats.Duplicates++
		writeJSON(w, http.StatusOK, sendAnswer{ID: m.ID, Duplicate: true})
		return
	}
	now := s.opts.Now()
	if wait := s.wait(req.Category, to, now); wait > 0 {
		s.stats.Limited++
		secs := int((wait + time.Second - 1) / time.Second)
		w.Header().Set("Retry-After", strconv.Itoa(secs))
		writeError(w, http.StatusTooManyRequests, onetrip.E(onetrip.CodeTooMany, "smssim.limited", secs), secs)
		return
	}
	s.seq++
	m := &Sent{ID: "SM" + now.UTC().Format("20060102") + strconv.FormatInt(s.seq+1e9, 10)[1:], To: to, Text: req.Text, Ref: req.Ref,
		Category: req.Category, At: now}
	s.sent = append(s.sent, m)
	s.byRef[m.Ref] = m
	s.times[req.Category+"/"+to] = append(s.times[req.Category+"/"+to], now)
	s.stats.Sent++
	writeJSON(w, http.StatusOK, sendAnswer{ID: m.ID})
}

// wait is how long a number must wait for its next message of a category
// under the limits, 0 when it may have one now; s.mu is held. Times older
// than the longest window are dropped on the way.
func (s *Sim) wait(category, to string, now time.Time) time.Duration {
	limits := s.limits[category]
	var longest time.Duration
	for _, l := range limits {
		longest = max(longest, l.Window)
	}
	key := category + "/" + to
	ts := s.times[key]
	for len(ts) > 0 && !ts[0].After(now.Add(-longest)) {
		ts = ts[1:]
	}
	s.times[key] = ts
	var wait time.Duration
	for _, l := range limits {
		if l.Max <= 0 {
			continue
		}
		// The messages within the window, oldest first: the window has
		// room again once enough of them have left it.
		i := sort.Search(len(ts), func(i int) bool { return ts[i].After(now.Add(-l.Window)) })
		if in := len(ts) - i; in >= l.Max {
			leaves := ts[i+in-l.Max].Add(l.Window)
			wait = max(wait, leaves.Sub(now))
		}
	}
	return wait
}

// signed reports whether a text begins with its sender's signature, as a
// gateway requires: 【name】.
func signed(text string) bool {
	rest, ok := strings.CutPrefix(text, "【")
	if !ok {
		return false
	}
	name, body, ok := strings.Cut(rest, "】")
	return ok && strings.TrimSpace(name) != "" && strings.TrimSpace(body) != ""
}

// authenticate checks the access key, the time and the signature over the
// body, and returns the body.
func (s *Sim) authenticate(w http.ResponseWriter, r *http.Request) ([]byte, bool) {
	body, err := readBody(w, r)
	if err != nil {
		s.refuse(w, http.StatusRequestEntityTooLarge, onetrip.E(onetrip.CodeTooLarge, "smssim.body"), &s.stats.Rejected)
		return nil, false
	}
	key, ts, sig := r.Header.Get(KeyHeader), r.Header.Get(TimestampHeader), r.Header.Get(SignatureHeader)
	if key == "" || ts == "" || sig == "" || !hmac.Equal([]byte(key), []byte(s.opts.AccessKeyID)) {
		s.refuse(w, http.StatusUnauthorized, onetrip.E(onetrip.CodeUnauthorized, "smssim.unsigned"), &s.stats.Unauthorised)
		return nil, false
	}
	sec, err := strconv.ParseInt(ts, 10, 64)
	if d := s.opts.Now().Sub(time.Unix(sec, 0)); err != nil || d > MaxAge || d < -MaxAge {
		s.refuse(w, http.StatusUnauthorized, onetrip.E(onetrip.CodeUnauthorized, "smssim.stale"), &s.stats.Unauthorised)
		return nil, false
	}
	if !hmac.Equal([]byte(sig), []byte(Sign(s.opts.AccessSecret, ts, body))) {
		s.refuse(w, http.StatusForbidden, onetrip.Forbidden("smssim.signature"), &s.stats.Unauthorised)
		return nil, false
	}
	return body, true
}

// Sign is the signature of a body sent at ts (Unix seconds).
func Sign(secret, ts string, body []byte) string {
	m := hmac.New(sm3.New, []byte(secret))
	m.Write([]byte(ts + "\n"))
	m.Write(body)
	return hex.EncodeToString(m.Sum(nil))
}

func readBody(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	return io.ReadAll(http.MaxBytesReader(w, r.Body, maxRequest))
}

// refuse counts a refusal and answers it.
func (s *Sim) refuse(w http.ResponseWriter, status int, err error, counter *int) {
	s.mu.Lock()
	*counter++
	s.mu.Unlock()
	writeError(w, status, err, 0)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func writeError(w http.ResponseWriter, status int, err error, retryAfter int) {
	e := onetrip.AsError(err)
	writeJSON(w, status, apiError{Code: e.Code, Key: e.Key, Message: onetrip.Render(onetrip.LangZH, e.Key, e.Args...),
		MessageEN: onetrip.Render(onetrip.LangEN, e.Key, e.Args...), RetryAfter: retryAfter})
}

// handleList is GET /messages?to=…: what was sent to a number (every
// number without to), newest first, as JSON.
func (s *Sim) handleList(w http.ResponseWriter, r *http.Request) {
	to := r.URL.Query().Get("to")
	if to != "" {
		m, err := identity.CheckMobile(to)
		if err != nil {
			writeError(w, http.StatusBadRequest, onetrip.Invalid("smssim.mobile"), 0)
			return
		}
		to = m
	}
	list := s.Messages(to)
	for i, j := 0, len(list)-1; i < j; i, j = i+1, j-1 {
		list[i], list[j] = list[j], list[i]
	}
	writeJSON(w, http.StatusOK, list)
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // crypto/rand.Read never fails
	return hex.EncodeToString(b)
}
