package jobs

import (
	"strings"
	"testing"
	"time"
)

func TestSignatureCoversTheTime(t *testing.T) {
	now := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	body := []byte(`{"event":"task.ready"}`)
	h := Sign("s3cret", body, now)
	if !strings.HasPrefix(h, "t=") || !strings.Contains(h, ",hmac-sm3=") {
		t.Fatalf("header %q", h)
	}
	for _, tc := range []struct {
		name   string
		secret string
		body   []byte
		header string
		at     time.Time
		ok     bool
	}{
		{"as sent", "s3cret", body, h, now.Add(30 * time.Second), true},
		{"replayed an hour later", "s3cret", body, h, now.Add(time.Hour), false},
		{"another secret", "other", body, h, now, false},
		{"another body", "s3cret", []byte(`{"event":"case.closed"}`), h, now, false},
		{"the time changed", "s3cret", body, strings.Replace(h, "t=", "t=1", 1), now, false},
		{"no time", "s3cret", body, h[strings.Index(h, ",")+1:], now, false},
		{"garbage", "s3cret", body, "hmac-sm3", now, false},
	} {
		if got := VerifySignature(tc.secret, tc.body, tc.header, tc.at); got != tc.ok {
			t.Errorf("%s: %v", tc.name, got)
		}
	}
}
