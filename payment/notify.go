package payment

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"
	"time"

	"onetrip"
	"onetrip/catalog"
	"onetrip/seal"
)

// SignatureHeader carries the base64 SM2 signature of a notification's body.
const SignatureHeader = "X-Pay-Signature"

// MaxCallbackAge is how far a notification's SentAt may be from the
// receiver's clock, either way. An older one is a replay (or a clock gone
// wrong) and is refused; a replay within the window is caught by the store,
// which keeps every notification ID once.
const MaxCallbackAge = 10 * time.Minute

// MaxNotificationBody bounds a notification's body; a real one is a few
// hundred bytes, and nothing larger is hashed.
const MaxNotificationBody = 16 << 10

// maxNotifyID bounds the platform's identifiers, which the store keeps.
const maxNotifyID = 64

// Notification outcomes.
const (
	NotifySuccess = "success"
	NotifyFailed  = "failed"
)

// Notification is the platform's asynchronous payment result (支付结果通知).
// The platform sends it until it is acknowledged, so the same ID may arrive
// more than once; ID is the replay key. On the wire the amount is an integer
// number of fen (amount_fen), as payment platforms write it.
type Notification struct {
	ID      string         `json:"notify_id"`
	Txn     string         `json:"txn"`
	Code    string         `json:"code"`
	Amount  catalog.Amount `json:"amount_fen"`
	Channel string         `json:"channel"`
	Status  string         `json:"status"` // NotifySuccess or NotifyFailed
	PaidAt  time.Time      `json:"paid_at"`
	SentAt  time.Time      `json:"sent_at"`
}

// NotificationWire is Notification as the platform sends it (the body the
// OpenAPI document shows): fen as an integer, no paid_at
// on a failure.
type NotificationWire struct {
	ID      string     `json:"notify_id"`
	Txn     string     `json:"txn"`
	Code    string     `json:"code"`
	Amount  int64      `json:"amount_fen"`
	Channel string     `json:"channel"`
	Status  string     `json:"status"`
	PaidAt  *time.Time `json:"paid_at,omitempty"`
	SentAt  time.Time  `json:"sent_at"`
}

// MarshalJSON writes the wire form (amount_fen an integer).
func (n Notification) MarshalJSON() ([]byte, error) {
	w := NotificationWire{ID: n.ID, Txn: n.Txn, Code: n.Code, Amount: n.Amount.Fen(), Channel: n.Channel, Status: n.Status, SentAt: n.SentAt}
	if !n.PaidAt.IsZero() {
		w.PaidAt = &n.PaidAt
	}
	return json.Marshal(w)
}

// UnmarshalJSON reads the wire form strictly (unknown fields refused); it
// does not check the content, VerifyNotification does.
func (n *Notification) UnmarshalJSON(b []byte) error {
	var w NotificationWire
	if err := onetrip.DecodeStrict(bytes.NewReader(b), &w); err != nil {
		return err
	}
	*n = Notification{ID: w.ID, Txn: w.Txn, Code: w.Code, Amount: catalog.Amount(w.Amount), Channel: w.Channel, Status: w.Status, SentAt: w.SentAt}
	if w.PaidAt != nil {
		n.PaidAt = *w.PaidAt
	}
	return nil
}

// SignNotification is the platform's side: the body as sent and the base64
// SM2 signature of exactly those bytes (for SignatureHeader).
func SignNotification(k *seal.Key, n Notification) (body []byte, signature string, err error) {
	body, err = json.Marshal(n)
	if err != nil {
		return nil, "", onetrip.Internal(err)
	}
	sig, err := k.Sign(body)
	if err != nil {
		return nil, "", err
	}
	return body, base64.StdEncoding.EncodeToString(sig), nil
}

// VerifyNotification checks a notification as received: the signature over
// the raw bytes first (nothing unsigned is parsed), then the content, then
// its age. The result is safe to give to Pay; whether its ID was seen
// before is the store's question.
func VerifyNotification(pub *seal.PublicKey, body []byte, signature string, now time.Time) (Notification, error) {
	if pub == nil {
		return Notification{}, onetrip.Internal(errors.New("payment: no platform key to verify notifications"))
	}
	if len(body) > MaxNotificationBody {
		return Notification{}, onetrip.E(onetrip.CodeTooLarge, "payment.callback.too_large", MaxNotificationBody)
	}
	sig, err := base64.StdEncoding.DecodeString(strings.TrimSpace(signature))
	if err != nil || len(sig) == 0 || !seal.Verify(pub, body, sig) {
		return Notification{}, onetrip.Forbidden("payment.callback.signature")
	}
	var n Notification
	if err := n.UnmarshalJSON(body); err != nil {
		bad := onetrip.Invalid("payment.callback.malformed")
		bad.Err = err
		if e := (*onetrip.Error)(nil); errors.As(err, &e) {
			bad.Details = append([]onetrip.Detail{{Path: "$", Key: e.Key, Args: e.Args}}, e.Details...)
		}
		return Notification{}, bad
	}
	if err := checkNotification(n); err != nil {
		return Notification{}, err
	}
	if d := now.Sub(n.SentAt); d > MaxCallbackAge || d < -MaxCallbackAge {
		return Notification{}, onetrip.Invalid("payment.callback.stale", n.SentAt.Format(time.RFC3339), int(MaxCallbackAge/time.Minute))
	}
	return n, nil
}

// checkNotification checks the fields of a decoded notification.
func checkNotification(n Notification) error {
	var p onetrip.Problems
	required := func(field string, ok bool) {
		if !ok {
			p.Add(field, "payment.callback.required", field)
		}
	}
	required("notify_id", n.ID != "")
	required("code", n.Code != "")
	required("channel", n.Channel != "")
	required("status", n.Status != "")
	required("sent_at", !n.SentAt.IsZero())
	if n.Status == NotifySuccess {
		required("txn", n.Txn != "")
		required("paid_at", !n.PaidAt.IsZero())
	}
	if len(p) > 0 {
		return p.Err("payment.callback.malformed")
	}
	if !platformID(n.ID) {
		p.Add("notify_id", "payment.callback.field", "notify_id")
	}
	if n.Txn != "" && !platformID(n.Txn) {
		p.Add("txn", "payment.callback.field", "txn")
	}
	if n.Amount <= 0 {
		p.Add("amount_fen", "payment.callback.field", "amount_fen")
	}
	if len(p) > 0 {
		return p.Err("payment.callback.malformed")
	}
	if n.Status != NotifySuccess && n.Status != NotifyFailed {
		return onetrip.Invalid("payment.callback.status", n.Status)
	}
	if !KnownChannel(n.Channel) {
		return onetrip.Invalid("payment.callback.channel", n.Channel)
	}
	return CheckCode(n.Code)
}

// platformID reports whether s is a plausible platform identifier: short,
// printable ASCII with no spaces, so it can be stored and logged as it is.
func platformID(s string) bool {
	if len(s) > maxNotifyID {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] <= ' ' || s[i] > '~' {
			return false
		}
	}
	return true
}
