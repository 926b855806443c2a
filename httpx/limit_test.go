package httpx

import (
	"testing"
	"time"
)

func TestLimiter(t *testing.T) {
	now := time.Date(2026, 12, 2, 8, 0, 0, 0, time.UTC)
	l := NewLimiter(2, 3)
	l.now = func() time.Time { return now }
	for i := range 3 {
		if ok, _ := l.Allow("a"); !ok {
			t.Fatalf("burst request %d refused", i+1)
		}
	}
	ok, wait := l.Allow("a")
	if ok || wait != 500*time.Millisecond {
		t.Fatalf("4th request: %v, wait %v", ok, wait)
	}
	if ok, _ := l.Allow("b"); !ok {
		t.Fatal("another client shares a's bucket")
	}
	now = now.Add(500 * time.Millisecond)
	if ok, _ := l.Allow("a"); !ok {
		t.Fatal("a token did not come back after 0.5 s at 2/s")
	}
	now = now.Add(2 * time.Minute)
	l.Allow("c")
	if _, ok := l.buckets["b"]; ok {
		t.Fatal("a full bucket was not forgotten")
	}
	if ok, _ := NewLimiter(0, 0).Allow("x"); !ok {
		t.Fatal("rate 0 limits")
	}
}
