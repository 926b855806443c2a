package courier

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"time"
	"unicode/utf8"

	"onetrip"
	"onetrip/seal"
)

// TrackingEvent is one step of a shipment as the courier platform reports it
// through its signed webhook. ID is unique per event: the replay key.
type TrackingEvent struct {
	ID       string    `json:"id"`
	Waybill  string    `json:"waybill"`
	Status   string    `json:"status"`
	At       time.Time `json:"at"`
	Location string    `json:"location,omitempty"`
	Reason   string    `json:"reason,omitempty"`
	SentAt   time.Time `json:"sent_at"`
}

// SignatureHeader carries the base64 SM2 signature over the raw body.
const SignatureHeader = "X-Courier-Signature"

// Limits of a tracking event.
const (
	MaxEventBody = 16 << 10         // bytes
	MaxEventAge  = 10 * time.Minute // either side of now: a replayed old body is refused
	maxEventID   = 64
	maxEventText = 200
)

// SignEvent is the courier platform's side: the JSON body and its signature.
func SignEvent(k *seal.Key, e TrackingEvent) (body []byte, sig string, err error) {
	body, err = json.Marshal(e)
	if err != nil {
		return nil, "", onetrip.Internal(err)
	}
	der, err := k.Sign(body)
	if err != nil {
		return nil, "", err
	}
	return body, base64.StdEncoding.EncodeToString(der), nil
}

// VerifyEvent is onetrip's side of the webhook. Only the size is looked at
// before the signature (to bound the work an anonymous caller can cause);
// nothing of the body is parsed until the signature over the raw bytes
// holds. Then the body must be strict JSON of a well-formed event, sent
// within ten minutes of now.
func VerifyEvent(pub *seal.PublicKey, body []byte, sig string, now time.Time) (TrackingEvent, error) {
	if len(body) > MaxEventBody {
		return TrackingEvent{}, onetrip.E(onetrip.CodeTooLarge, "courier.event.too_large", MaxEventBody)
	}
	der, err := base64.StdEncoding.DecodeString(sig)
	if err != nil || !seal.Verify(pub, body, der) {
		return TrackingEvent{}, onetrip.Forbidden("courier.event.signature")
	}
	var e TrackingEvent
	if err := onetrip.DecodeStrict(bytes.NewReader(body), &e); err != nil {
		bad := onetrip.Invalid("courier.event.malformed")
		bad.Details = onetrip.AsError(err).Details
		bad.Err = err
		return TrackingEvent{}, bad
	}
	if err := CheckEvent(e); err != nil {
		return TrackingEvent{}, err
	}
	if d := now.Sub(e.SentAt); d > MaxEventAge || d < -MaxEventAge {
		return TrackingEvent{}, onetrip.Invalid("courier.event.stale", e.SentAt.UTC().Format(time.RFC3339), int(MaxEventAge/time.Minute))
	}
	return e, nil
}

// CheckEvent reports every problem of an event's fields at once.
func CheckEvent(e TrackingEvent) error {
	var p onetrip.Problems
	if e.ID == "" || len(e.ID) > maxEventID {
		p.Add("id", "courier.event.id", maxEventID)
	}
	if err := CheckWaybill(e.Waybill); err != nil {
		p.Add("waybill", "courier.waybill.invalid", e.Waybill)
	}
	if !KnownStatus(e.Status) {
		p.Add("status", "courier.status.unknown", e.Status)
	} else if e.Status == StatusFailed && e.Reason == "" {
		p.Add("reason", "courier.event.reason")
	}
	if e.At.IsZero() {
		p.Add("at", "courier.event.time")
	}
	if e.SentAt.IsZero() {
		p.Add("sent_at", "courier.event.time")
	}
	if utf8.RuneCountInString(e.Location) > maxEventText {
		p.Add("location", "err.too_long", maxEventText)
	}
	if utf8.RuneCountInString(e.Reason) > maxEventText {
		p.Add("reason", "err.too_long", maxEventText)
	}
	return p.Err("courier.event.malformed")
}

// CheckWaybill accepts a waybill number of 10–20 upper-case letters and
// digits, the shape of every Chinese courier's numbers (the simulator's are
// "SF" and 13 digits); anything else is a forged or garbled event.
func CheckWaybill(s string) error {
	if len(s) < 10 || len(s) > 20 {
		return onetrip.Invalid("courier.waybill.invalid", s)
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return onetrip.Invalid("courier.waybill.invalid", s)
		}
	}
	return nil
}
