package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"strings"
	"time"
)

// Token prefixes tell a bearer token from a session id in logs and leaks.
const (
	APITokenPrefix = "otk_"
	SessionPrefix  = "ots_"
)

// NewToken returns a random token with 256 bits of entropy.
func NewToken(prefix string) string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	return prefix + base64.RawURLEncoding.EncodeToString(b)
}

// HashToken is how tokens are stored: the SHA-256 of a high-entropy token is
// enough, a slow hash would only slow every request.
func HashToken(tok string) string {
	s := sha256.Sum256([]byte(tok))
	return hex.EncodeToString(s[:])
}

// LooksLikeToken rejects obviously malformed tokens before any lookup.
func LooksLikeToken(tok, prefix string) bool {
	if !strings.HasPrefix(tok, prefix) || len(tok) != len(prefix)+43 {
		return false
	}
	_, err := base64.RawURLEncoding.DecodeString(tok[len(prefix):])
	return err == nil
}

// CSRFEqual compares a submitted CSRF token with the session's in constant time.
func CSRFEqual(a, b string) bool {
	return a != "" && subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}

// SessionTTL is how long an idle browser session lives.
const SessionTTL = 12 * time.Hour

// FailureDelay is the slow-down of a source (a client address) after its n
// consecutive failed logins: nothing for the first three, then doubling
// from one second up to thirty. It applies to the source that failed, not
// to the account: someone typing a clerk's name elsewhere never keeps the
// clerk out, and one source guessing many names is slowed for all of them.
func FailureDelay(n int) time.Duration {
	if n < 3 {
		return 0
	}
	d := time.Second << min(n-3, 5)
	return min(d, 30*time.Second)
}

// DefaultTokenTTL is how long an API token lives unless issued otherwise.
const DefaultTokenTTL = 90 * 24 * time.Hour

// AlertFailures is how many failed logins against an account since its
// last successful one make the next login tell its owner.
const AlertFailures = 3
