// Package paysim simulates the unified public payment platform (统一公共支付
// 平台) over HTTP, so onetrip runs end to end without the real one: a hosted
// pay page, signed asynchronous notifications that are retried and
// duplicated as a real platform's are, refunds and daily statements. Client
// is the matching payment.Platform, and the shape a real platform's client
// has. State is in memory: it is a simulator.
package paysim

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"onetrip"
	"onetrip/catalog"
	"onetrip/payment"
	"onetrip/seal"
)

// DefaultPrefix is where the simulator is mounted.
const DefaultPrefix = "/sim/pay"

// China is the platform's civil time: statements are days in it.
var China = time.FixedZone("CST", 8*3600)

// Options configure a simulator. Zero values take the defaults.
type Options struct {
	Prefix    string    // the path the simulator is mounted under; DefaultPrefix
	PublicURL string    // the simulator's absolute base URL for pay_url (prefix included); "" takes it from the request
	NotifyURL string    // onetrip's callback endpoint; may be set later with SetNotifyURL
	Key       *seal.Key // signs notifications; nil generates one
	Client    *http.Client
	// Duplicates is how many extra copies of each notification are sent,
	// concurrently with the first: a real platform may deliver twice.
	Duplicates int
	Now        func() time.Time
	// Retry: an unanswered or failed delivery is retried after RetryBase,
	// doubling up to RetryMax, at most MaxAttempts times; 50 ms, 5 s, 20.
	RetryBase   time.Duration
	RetryMax    time.Duration
	MaxAttempts int
	// WaitFirst is how long a payment waits for the first delivery attempt
	// before it answers, so the callback comes before the browser's
	// redirect as on the real platform: 2 s; negative does not wait.
	WaitFirst time.Duration
	Log       *slog.Logger
}

// Delivery is one attempt to deliver a notification and the receiver's
// answer.
type Delivery struct {
	Notification payment.Notification
	Copy         int  // 0 the first, 1… the duplicates
	Resend       bool // sent by Resend
	Attempt      int  // 1…
	Status       int  // the receiver's HTTP status; 0 when none came
	Err          string
	At           time.Time
}

// Sim is the simulated platform, an http.Handler for Options.Prefix.
type Sim struct {
	opts   Options
	key    *seal.Key
	mux    *http.ServeMux
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup

	mu        sync.Mutex
	notifyURL string
	byToken   map[string]*order
	byCode    map[string]*order
	refunds   map[string]refund
	lines     []payment.StatementLine
	planted   map[string][]payment.StatementLine
	notes     map[string]stored
	sent      []Delivery
	seq       int64
}

type order struct {
	token, code                                     string
	amount                                          int64
	itemName, payerName, departmentName, caseNumber string
	returnURL                                       string
	paid                                            bool
	txn, channel                                    string
	paidAt                                          time.Time
	refunded                                        int64
}

type refund struct {
	code   string
	amount int64
	txn    string
}

// stored is a notification as sent: replays send the same bytes.
type stored struct {
	n         payment.Notification
	body      []byte
	signature string
}

// New builds a simulator.
func New(opts Options) (*Sim, error) {
	opts.Prefix = strings.TrimSuffix(opts.Prefix, "/")
	if opts.Prefix == "" {
		opts.Prefix = DefaultPrefix
	}
	if !strings.HasPrefix(opts.Prefix, "/") {
		return nil, errors.New("paysim: the prefix must start with /")
	}
	if opts.Key == nil {
		k, err := seal.NewKey()
		if err != nil {
			return nil, err
		}
		opts.Key = k
	}
	if opts.Client == nil {
		opts.Client = &http.Client{Timeout: 10 * time.Second}
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.RetryBase <= 0 {
		opts.RetryBase = 50 * time.Millisecond
	}
	if opts.RetryMax <= 0 {
		opts.RetryMax = 5 * time.Second
	}
	if opts.MaxAttempts <= 0 {
		opts.MaxAttempts = 20
	}
	if opts.WaitFirst == 0 {
		opts.WaitFirst = 2 * time.Second
	}
	if opts.Log == nil {
		opts.Log = slog.Default()
	}
	opts.PublicURL = strings.TrimSuffix(opts.PublicURL, "/")
	ctx, cancel := context.WithCancel(context.Background())
	s := &Sim{opts: opts, key: opts.Key, ctx: ctx, cancel: cancel, notifyURL: opts.NotifyURL,
		byToken: map[string]*order{}, byCode: map[string]*order{}, refunds: map[string]refund{},
		planted: map[string][]payment.StatementLine{}, notes: map[string]stored{}}
	p := opts.Prefix
	s.mux = http.NewServeMux()
	s.mux.HandleFunc("POST "+p+"/api/orders", s.handleOpen)
	s.mux.HandleFunc("POST "+p+"/api/refunds", s.handleRefund)
	s.mux.HandleFunc("GET "+p+"/api/key", s.handleKey)
	s.mux.HandleFunc("GET "+p+"/api/statements/{day}", s.handleStatement)
	s.mux.HandleFunc("GET "+p+"/orders/{token}", s.handlePage)
	s.mux.HandleFunc("POST "+p+"/orders/{token}", s.handlePagePost)
	return s, nil
}

// ServeHTTP serves the simulator's pages and API.
func (s *Sim) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.mux.ServeHTTP(w, r) }

// SetNotifyURL sets where notifications go, for a receiver that starts after
// the simulator.
func (s *Sim) SetNotifyURL(u string) {
	s.mu.Lock()
	s.notifyURL = u
	s.mu.Unlock()
}

// PublicKey is the key that verifies the simulator's notifications.
func (s *Sim) PublicKey() *seal.PublicKey { return s.key.Public() }

// Close stops pending retries and waits for the deliveries to return.
func (s *Sim) Close() {
	s.cancel()
	s.wg.Wait()
}

// Wait blocks until every delivery started so far has finished (acknowledged,
// refused or out of attempts). Start no delivery while Wait runs.
func (s *Sim) Wait() { s.wg.Wait() }

// Sent lists every delivery attempt so far, in the order they finished.
func (s *Sim) Sent() []Delivery {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Delivery(nil), s.sent...)
}

// PlantStatementLine adds a line to one day's statement only, as if the
// platform knew of a payment onetrip never heard of.
func (s *Sim) PlantStatementLine(day string, l payment.StatementLine) {
	s.mu.Lock()
	s.planted[day] = append(s.planted[day], l)
	s.mu.Unlock()
}

// Pay pays an open order as a browser would, without one: it records the
// transaction, sends the notification and waits for the first delivery
// attempt as the pay page does.
func (s *Sim) Pay(code, channel string) (payment.Notification, error) {
	if !payment.KnownChannel(channel) {
		return payment.Notification{}, onetrip.Invalid("payment.callback.channel", channel)
	}
	s.mu.Lock()
	o := s.byCode[code]
	s.mu.Unlock()
	if o == nil {
		return payment.Notification{}, onetrip.NotFound("paysim.order_unknown", code)
	}
	n, first, err := s.pay(o, channel)
	if err != nil {
		return payment.Notification{}, err
	}
	s.waitFirst(first)
	return n, nil
}

// Resend sends a notification already sent again, byte for byte: a replay.
func (s *Sim) Resend(notifyID string) error {
	s.mu.Lock()
	st, ok := s.notes[notifyID]
	s.mu.Unlock()
	if !ok {
		return onetrip.NotFound("paysim.notify_unknown", notifyID)
	}
	s.waitFirst(s.deliver(st, true))
	return nil
}

// pay records the transaction and starts delivering its notification; the
// channel is closed when the first attempt has finished.
func (s *Sim) pay(o *order, channel string) (payment.Notification, <-chan struct{}, error) {
	s.mu.Lock()
	if o.paid {
		s.mu.Unlock()
		return payment.Notification{}, nil, onetrip.Conflict("paysim.already_paid")
	}
	now := s.opts.Now()
	s.seq++
	o.paid, o.txn, o.channel, o.paidAt = true, "SIM"+now.In(China).Format("20060102")+pad(s.seq), channel, now
	s.lines = append(s.lines, payment.StatementLine{Txn: o.txn, Code: o.code, Kind: payment.KindPay,
		Amount: catalog.Amount(o.amount), Channel: channel, At: now})
	n := payment.Notification{ID: randomID("N"), Txn: o.txn, Code: o.code, Amount: catalog.Amount(o.amount),
		Channel: channel, Status: payment.NotifySuccess, PaidAt: now, SentAt: now}
	st, err := s.store(n)
	s.mu.Unlock()
	if err != nil {
		return payment.Notification{}, nil, err
	}
	return n, s.deliver(st, false), nil
}

// fail sends the notification of a failed payment; the order stays unpaid.
func (s *Sim) fail(o *order, channel string) error {
	s.mu.Lock()
	now := s.opts.Now()
	n := payment.Notification{ID: randomID("N"), Code: o.code, Amount: catalog.Amount(o.amount), Channel: channel,
		Status: payment.NotifyFailed, SentAt: now}
	st, err := s.store(n)
	s.mu.Unlock()
	if err != nil {
		return err
	}
	s.deliver(st, false)
	return nil
}

// store signs and keeps a notification; s.mu is held.
func (s *Sim) store(n payment.Notification) (stored, error) {
	body, sig, err := payment.SignNotification(s.key, n)
	if err != nil {
		return stored{}, err
	}
	st := stored{n: n, body: body, signature: sig}
	s.notes[n.ID] = st
	return st, nil
}

func (s *Sim) waitFirst(first <-chan struct{}) {
	if s.opts.WaitFirst < 0 || first == nil {
		return
	}
	t := time.NewTimer(s.opts.WaitFirst)
	defer t.Stop()
	select {
	case <-first:
	case <-t.C:
	}
}

func pad(n int64) string { return strconv.FormatInt(n+1e10, 10)[1:] }

func randomID(prefix string) string {
	b := make([]byte, 12)
	_, _ = rand.Read(b) // crypto/rand.Read never fails
	return prefix + hex.EncodeToString(b)
}

// apiError is the body of every refusal of the API.
type apiError struct {
	Code      onetrip.Code `json:"code"`
	Key       string       `json:"key"`
	Message   string       `json:"message"`
	MessageEN string       `json:"message_en"`
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func writeError(w http.ResponseWriter, status int, err error) {
	e := onetrip.AsError(err)
	writeJSON(w, status, apiError{Code: e.Code, Key: e.Key, Message: onetrip.Render(onetrip.LangZH, e.Key, e.Args...),
		MessageEN: onetrip.Render(onetrip.LangEN, e.Key, e.Args...)})
}

// maxRequest bounds the API's request bodies.
const maxRequest = 64 << 10

func decode(w http.ResponseWriter, r *http.Request, v any) bool {
	if err := onetrip.DecodeStrict(http.MaxBytesReader(w, r.Body, maxRequest), v); err != nil {
		writeError(w, http.StatusBadRequest, onetrip.Invalid("paysim.body"))
		return false
	}
	return true
}

type openRequest struct {
	Code           string `json:"code"`
	AmountFen      int64  `json:"amount_fen"`
	ItemName       string `json:"item_name"`
	PayerName      string `json:"payer_name"`
	DepartmentName string `json:"department_name"`
	CaseNumber     string `json:"case_number"`
	ReturnURL      string `json:"return_url"`
}

type openResponse struct {
	PayURL string `json:"pay_url"`
	Token  string `json:"token"`
}

func (s *Sim) handleOpen(w http.ResponseWriter, r *http.Request) {
	var req openRequest
	if !decode(w, r, &req) {
		return
	}
	if err := payment.CheckCode(req.Code); err != nil {
		writeError(w, http.StatusBadRequest, err)
		return
	}
	if req.AmountFen <= 0 {
		writeError(w, http.StatusBadRequest, onetrip.Invalid("paysim.amount"))
		return
	}
	if u, err := url.Parse(req.ReturnURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		writeError(w, http.StatusBadRequest, onetrip.Invalid("paysim.return_url"))
		return
	}
	s.mu.Lock()
	o := s.byCode[req.Code]
	switch {
	case o != nil && o.amount != req.AmountFen:
		s.mu.Unlock()
		writeError(w, http.StatusConflict, onetrip.Conflict("paysim.amount_changed", req.Code, o.amount, req.AmountFen))
		return
	case o != nil:
		o.returnURL = req.ReturnURL // the latest page to come back to
	default:
		o = &order{token: randomID(""), code: req.Code, amount: req.AmountFen, itemName: req.ItemName, payerName: req.PayerName,
			departmentName: req.DepartmentName, caseNumber: req.CaseNumber, returnURL: req.ReturnURL}
		s.byCode[o.code], s.byToken[o.token] = o, o
	}
	token := o.token
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, openResponse{PayURL: s.base(r) + "/orders/" + token, Token: token})
}

// base is the simulator's absolute URL as the browser reaches it.
func (s *Sim) base(r *http.Request) string {
	if s.opts.PublicURL != "" {
		return s.opts.PublicURL
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host + s.opts.Prefix
}

type refundRequest struct {
	Code      string `json:"code"`
	AmountFen int64  `json:"amount_fen"`
	RefundID  string `json:"refund_id"`
}

type refundResponse struct {
	Status string `json:"status"`
	Txn    string `json:"txn"`
}

func (s *Sim) handleRefund(w http.ResponseWriter, r *http.Request) {
	var req refundRequest
	if !decode(w, r, &req) {
		return
	}
	if strings.TrimSpace(req.RefundID) == "" {
		writeError(w, http.StatusBadRequest, onetrip.Invalid("paysim.refund_id"))
		return
	}
	if req.AmountFen <= 0 {
		writeError(w, http.StatusBadRequest, onetrip.Invalid("paysim.amount"))
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if done, ok := s.refunds[req.RefundID]; ok {
		if done.code != req.Code || done.amount != req.AmountFen {
			writeError(w, http.StatusConflict, onetrip.Conflict("paysim.refund_reused", req.RefundID))
			return
		}
		writeJSON(w, http.StatusOK, refundResponse{Status: "refunded", Txn: done.txn})
		return
	}
	o := s.byCode[req.Code]
	switch {
	case o == nil:
		writeError(w, http.StatusNotFound, onetrip.NotFound("paysim.order_unknown", req.Code))
		return
	case !o.paid:
		writeError(w, http.StatusConflict, onetrip.Conflict("paysim.not_paid"))
		return
	case req.AmountFen > o.amount-o.refunded:
		writeError(w, http.StatusBadRequest, onetrip.Invalid("paysim.refund_much", req.AmountFen, o.amount-o.refunded))
		return
	}
	now := s.opts.Now()
	s.seq++
	txn := "SIMR" + now.In(China).Format("20060102") + pad(s.seq)
	o.refunded += req.AmountFen
	s.refunds[req.RefundID] = refund{code: req.Code, amount: req.AmountFen, txn: txn}
	s.lines = append(s.lines, payment.StatementLine{Txn: txn, Code: o.code, Kind: payment.KindRefund,
		Amount: catalog.Amount(req.AmountFen), Channel: o.channel, At: now})
	writeJSON(w, http.StatusOK, refundResponse{Status: "refunded", Txn: txn})
}

func (s *Sim) handleKey(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = w.Write([]byte(s.key.Public().PEM()))
}

func (s *Sim) handleStatement(w http.ResponseWriter, r *http.Request) {
	day := r.PathValue("day")
	if err := payment.CheckDay(day); err != nil {
		writeError(w, http.StatusBadRequest, err)
		return
	}
	s.mu.Lock()
	var lines []payment.StatementLine
	for _, l := range s.lines {
		if l.At.In(China).Format(time.DateOnly) == day {
			lines = append(lines, l)
		}
	}
	lines = append(lines, s.planted[day]...)
	s.mu.Unlock()
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	_ = payment.WriteStatement(w, lines)
}
