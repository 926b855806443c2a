package courier

import (
	"bytes"
	"encoding/base64"
	"strings"
	"testing"
	"time"

	"onetrip"
	"onetrip/seal"
)

func TestVerifyEvent(t *testing.T) {
	key, err := seal.NewKey()
	if err != nil {
		t.Fatal(err)
	}
	other, _ := seal.NewKey()
	now := time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
	ev := TrackingEvent{ID: "ev-1", Waybill: "SF1234567890123", Status: StatusPickedUp, At: now.Add(-time.Minute), Location: "衢州市柯城区", SentAt: now}
	sign := func(e TrackingEvent) ([]byte, string) {
		b, s, err := SignEvent(key, e)
		if err != nil {
			t.Fatal(err)
		}
		return b, s
	}
	signRaw := func(b []byte) string {
		der, err := key.Sign(b)
		if err != nil {
			t.Fatal(err)
		}
		return base64.StdEncoding.EncodeToString(der)
	}
	body, sig := sign(ev)
	got, err := VerifyEvent(key.Public(), body, sig, now.Add(9*time.Minute))
	if err != nil || got.ID != ev.ID || got.Status != ev.Status || !got.At.Equal(ev.At) || got.Location != ev.Location {
		t.Fatalf("%+v %v", got, err)
	}
	with := func(f func(*TrackingEvent)) TrackingEvent { e := ev; f(&e); return e }
	tampered := bytes.Replace(body, []byte("picked_up"), []byte("delivered"), 1)
	unknownField := []byte(strings.Replace(string(body), `{"id"`, `{"extra":1,"id"`, 1))
	big := bytes.Repeat([]byte(" "), MaxEventBody+1)
	for _, tc := range []struct {
		name string
		body []byte
		sig  string
		now  time.Time
		code onetrip.Code
		key  string
	}{
		{"tampered", tampered, sig, now, onetrip.CodeForbidden, "courier.event.signature"},
		{"other key", body, func() string { _, s, _ := SignEvent(other, ev); return s }(), now, onetrip.CodeForbidden, "courier.event.signature"},
		{"not base64", body, "%%%", now, onetrip.CodeForbidden, "courier.event.signature"},
		{"no signature", body, "", now, onetrip.CodeForbidden, "courier.event.signature"},
		{"too large", big, signRaw(big), now, onetrip.CodeTooLarge, "courier.event.too_large"},
		{"unknown field, signed", unknownField, signRaw(unknownField), now, onetrip.CodeInvalid, "courier.event.malformed"},
		{"not JSON, signed", []byte("hello"), signRaw([]byte("hello")), now, onetrip.CodeInvalid, "courier.event.malformed"},
		{"stale", body, sig, now.Add(11 * time.Minute), onetrip.CodeInvalid, "courier.event.stale"},
		{"from the future", body, sig, now.Add(-11 * time.Minute), onetrip.CodeInvalid, "courier.event.stale"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := VerifyEvent(key.Public(), tc.body, tc.sig, tc.now)
			if e := onetrip.AsError(err); err == nil || e.Code != tc.code || e.Key != tc.key {
				t.Fatalf("got %v, want %s %s", err, tc.code, tc.key)
			}
		})
	}
	for _, tc := range []struct {
		name string
		e    TrackingEvent
		path string
	}{
		{"unknown status", with(func(e *TrackingEvent) { e.Status = "lost" }), "status"},
		{"lower-case waybill", with(func(e *TrackingEvent) { e.Waybill = "sf1234567890123" }), "waybill"},
		{"short waybill", with(func(e *TrackingEvent) { e.Waybill = "SF12345" }), "waybill"},
		{"no id", with(func(e *TrackingEvent) { e.ID = "" }), "id"},
		{"failed without reason", with(func(e *TrackingEvent) { e.Status = StatusFailed }), "reason"},
		{"no time", with(func(e *TrackingEvent) { e.At = time.Time{} }), "at"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b, s := sign(tc.e)
			_, err := VerifyEvent(key.Public(), b, s, now)
			if onetrip.AsError(err).Key != "courier.event.malformed" || paths(err)[tc.path] == "" {
				t.Fatalf("got %v, want a problem at %s", err, tc.path)
			}
		})
	}
}

func TestCheckWaybill(t *testing.T) {
	for s, ok := range map[string]bool{
		"SF1234567890123": true, "YT1234567890": true, "1234567890": true, "ABCDEFGHIJ0123456789": true,
		"SF12345678": true, "SF1234567": false, "ABCDEFGHIJ01234567890": false, "SF123456789012a": false,
		"SF-1234567890": false, "": false,
	} {
		if err := CheckWaybill(s); (err == nil) != ok {
			t.Errorf("CheckWaybill(%q) = %v", s, err)
		}
	}
}
