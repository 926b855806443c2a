package payment

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"onetrip"
	"onetrip/seal"
)

func newKey(t testing.TB) *seal.Key {
	t.Helper()
	k, err := seal.NewKey()
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func sign(t testing.TB, k *seal.Key, body []byte) string {
	t.Helper()
	sig, err := k.Sign(body)
	if err != nil {
		t.Fatal(err)
	}
	return base64.StdEncoding.EncodeToString(sig)
}

func TestNotificationWire(t *testing.T) {
	n := success()
	b, err := json.Marshal(n)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(b, []byte(`"amount_fen":8000,`)) || !bytes.Contains(b, []byte(`"notify_id":"n1"`)) {
		t.Fatalf("wire form: %s", b)
	}
	var back Notification
	if err := json.Unmarshal(b, &back); err != nil || !back.PaidAt.Equal(n.PaidAt) || !back.SentAt.Equal(n.SentAt) {
		t.Fatalf("round trip: %+v %v", back, err)
	}
	back.PaidAt, back.SentAt = n.PaidAt, n.SentAt
	if back != n {
		t.Fatalf("round trip: %+v, want %+v", back, n)
	}
	failed := Notification{ID: "n2", Code: n.Code, Amount: 1, Channel: ChannelCard, Status: NotifyFailed, SentAt: t0}
	b, _ = json.Marshal(failed)
	if bytes.Contains(b, []byte("paid_at")) {
		t.Fatalf("a failure has no paid_at: %s", b)
	}
}

func TestVerifyNotification(t *testing.T) {
	k := newKey(t)
	now := t0.Add(time.Hour + time.Minute)
	good, sig, err := SignNotification(k, success())
	if err != nil {
		t.Fatal(err)
	}
	n, err := VerifyNotification(k.Public(), good, sig, now)
	if err != nil || n.ID != "n1" || n.Amount != 8000 || !n.SentAt.Equal(success().SentAt) {
		t.Fatalf("good notification: %+v %v", n, err)
	}
	if _, changed, err := Pay(unpaidOrder(), n); err != nil || !changed {
		t.Fatalf("verified notification does not pay: %v", err)
	}

	signed := func(body string) ([]byte, string) { return []byte(body), sign(t, k, []byte(body)) }
	field := func(f func(map[string]any)) ([]byte, string) {
		var m map[string]any
		if err := json.Unmarshal(good, &m); err != nil {
			t.Fatal(err)
		}
		f(m)
		b, _ := json.Marshal(m)
		return signed(string(b))
	}
	tampered := bytes.Replace(good, []byte(`"amount_fen":8000`), []byte(`"amount_fen":8`), 1)
	other := newKey(t)
	type tc struct {
		name string
		body []byte
		sig  string
		now  time.Time
		code onetrip.Code
		key  string
	}
	cases := []tc{
		{"tampered body", tampered, sig, now, onetrip.CodeForbidden, "payment.callback.signature"},
		{"no signature", good, "", now, onetrip.CodeForbidden, "payment.callback.signature"},
		{"not base64", good, "%%%", now, onetrip.CodeForbidden, "payment.callback.signature"},
		{"garbage signature", good, base64.StdEncoding.EncodeToString([]byte("abc")), now, onetrip.CodeForbidden, "payment.callback.signature"},
		{"another key", good, sign(t, other, good), now, onetrip.CodeForbidden, "payment.callback.signature"},
		{"too large", append(bytes.Repeat([]byte(" "), MaxNotificationBody), good...), sig, now, onetrip.CodeTooLarge, "payment.callback.too_large"},
		{"stale", good, sig, now.Add(MaxCallbackAge), onetrip.CodeInvalid, "payment.callback.stale"},
		{"from the future", good, sig, t0.Add(time.Hour - MaxCallbackAge - time.Second), onetrip.CodeInvalid, "payment.callback.stale"},
	}
	add := func(name string, b []byte, s string, key string) {
		cases = append(cases, tc{name, b, s, now, onetrip.CodeInvalid, key})
	}
	b, s := field(func(m map[string]any) { m["extra"] = 1 })
	add("unknown field", b, s, "payment.callback.malformed")
	b, s = field(func(m map[string]any) { m["amount_fen"] = 80.5 })
	add("fractional fen", b, s, "payment.callback.malformed")
	b, s = field(func(m map[string]any) { m["amount_fen"] = 0 })
	add("zero amount", b, s, "payment.callback.malformed")
	b, s = field(func(m map[string]any) { delete(m, "notify_id") })
	add("no id", b, s, "payment.callback.malformed")
	b, s = field(func(m map[string]any) { delete(m, "paid_at") })
	add("success without paid_at", b, s, "payment.callback.malformed")
	b, s = field(func(m map[string]any) { delete(m, "sent_at") })
	add("no sent_at", b, s, "payment.callback.malformed")
	b, s = field(func(m map[string]any) { m["notify_id"] = "a b" })
	add("id with a space", b, s, "payment.callback.malformed")
	b, s = field(func(m map[string]any) { m["status"] = "pending" })
	add("unknown status", b, s, "payment.callback.status")
	b, s = field(func(m map[string]any) { m["channel"] = "cash" })
	add("unknown channel", b, s, "payment.callback.channel")
	b, s = field(func(m map[string]any) { m["code"] = "33010226000000000018" })
	add("bad check digit", b, s, "payment.code.invalid")
	b, s = signed(string(good) + "{}")
	add("trailing data", b, s, "payment.callback.malformed")
	b, s = signed("[]")
	add("not an object", b, s, "payment.callback.malformed")
	for _, c := range cases {
		_, err := VerifyNotification(k.Public(), c.body, c.sig, c.now)
		wantErr(t, c.name, err, c.code, c.key)
	}

	b, s = field(func(m map[string]any) { m["status"] = NotifyFailed; m["txn"] = ""; delete(m, "paid_at") })
	if n, err := VerifyNotification(k.Public(), b, s, now); err != nil || n.Status != NotifyFailed {
		t.Errorf("failed notification: %v", err)
	}
	if _, err := VerifyNotification(nil, good, sig, now); onetrip.AsError(err).Code != onetrip.CodeInternal {
		t.Errorf("no key: %v", err)
	}
	if e := onetrip.AsError(func() error { _, err := VerifyNotification(k.Public(), b[:0], "", now); return err }()); !strings.HasPrefix(e.Key, "payment.callback.") {
		t.Errorf("empty body: %v", e)
	}
}

func BenchmarkVerifyNotification(b *testing.B) {
	k := newKey(b)
	body, sig, err := SignNotification(k, success())
	if err != nil {
		b.Fatal(err)
	}
	now := t0.Add(time.Hour)
	pub := k.Public()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := VerifyNotification(pub, body, sig, now); err != nil {
			b.Fatal(err)
		}
	}
}
