package auth

import (
	"strings"
	"testing"
	"time"
)

func TestPassword(t *testing.T) {
	h, err := HashPassword("correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$") {
		t.Fatalf("not a PHC argon2id hash: %s", h)
	}
	if !VerifyPassword(h, "correct horse battery") {
		t.Fatal("right password rejected")
	}
	for _, bad := range []string{"", "correct horse batter", "Correct horse battery"} {
		if VerifyPassword(h, bad) {
			t.Fatalf("wrong password %q accepted", bad)
		}
	}
	for _, garbage := range []string{"", "$argon2id$", "$argon2i$v=19$m=1,t=1,p=1$AA$AA", strings.Replace(h, "m=19456", "m=0", 1), h[:len(h)-3] + "!!!"} {
		if VerifyPassword(garbage, "correct horse battery") {
			t.Fatalf("malformed hash %q matched", garbage)
		}
	}
	if err := CheckNewPassword("short"); err == nil {
		t.Fatal("short password accepted")
	}
}

func TestTokens(t *testing.T) {
	a, b := NewToken(APITokenPrefix), NewToken(APITokenPrefix)
	if a == b || !LooksLikeToken(a, APITokenPrefix) || LooksLikeToken(a, SessionPrefix) {
		t.Fatal("token shape")
	}
	if LooksLikeToken(a[:len(a)-1], APITokenPrefix) || LooksLikeToken(a+"x", APITokenPrefix) {
		t.Fatal("truncated or extended token accepted")
	}
	if HashToken(a) == HashToken(b) || len(HashToken(a)) != 64 {
		t.Fatal("hash")
	}
	if !CSRFEqual("x", "x") || CSRFEqual("", "") || CSRFEqual("x", "y") {
		t.Fatal("csrf compare")
	}
}

func TestFailureDelay(t *testing.T) {
	for n, want := range map[int]time.Duration{0: 0, 2: 0, 3: time.Second, 4: 2 * time.Second, 8: 30 * time.Second, 50: 30 * time.Second} {
		if got := FailureDelay(n); got != want {
			t.Errorf("FailureDelay(%d) = %v, want %v", n, got, want)
		}
	}
}
