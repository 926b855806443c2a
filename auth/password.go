// Package auth holds the pure parts of authentication: argon2id password
// hashes, bearer and session tokens (stored only as hashes), CSRF tokens and
// the slow-down policy for failed logins. The store keeps the records.
package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"strings"

	"golang.org/x/crypto/argon2"

	"onetrip"
)

// Params are argon2id parameters. The defaults follow OWASP's minimum
// recommendation (19 MiB, 2 passes, 1 lane): strong enough for a login
// form, cheap enough that a busy window does not wait.
type Params struct {
	Memory  uint32 // KiB
	Time    uint32
	Threads uint8
	KeyLen  uint32
	SaltLen int
}

// DefaultParams is used for new hashes.
var DefaultParams = Params{Memory: 19 * 1024, Time: 2, Threads: 1, KeyLen: 32, SaltLen: 16}

// MinPasswordLen is the shortest password accepted for a new account.
const MinPasswordLen = 10

func init() {
	onetrip.Register(onetrip.Messages{
		"auth.password_short":    {"密码至少需要 %d 个字符", "the password needs at least %d characters"},
		"auth.bad_credentials":   {"用户名或密码错误", "wrong username or password"},
		"auth.disabled":          {"该账号已停用", "this account is disabled"},
		"auth.token_invalid":     {"令牌无效或已撤销", "the token is invalid or revoked"},
		"auth.session_expired":   {"登录已过期，请重新登录", "your session expired, please log in again"},
		"auth.csrf":              {"表单已失效（CSRF 校验失败），请刷新页面后重试", "the form expired (CSRF check failed), reload the page and try again"},
		"auth.too_many_failures": {"从您这里的登录失败次数过多，请 %d 秒后再试", "too many failed logins from here; try again in %d s"},
		"auth.token_expired":     {"令牌已于 %s 过期，请重新签发", "the token expired on %s; issue a new one"},
		"auth.login_alert":       {"自您上次登录以来，您的账户有 %d 次失败的登录尝试。如果不是您本人，请联系管理员。", "there were %d failed logins to your account since you last logged in; if they were not yours, tell your administrator"},
	})
}

// CheckNewPassword enforces the policy for a password being set.
func CheckNewPassword(pw string) error {
	if n := len([]rune(pw)); n < MinPasswordLen {
		return onetrip.Invalid("auth.password_short", MinPasswordLen)
	}
	return nil
}

// HashPassword returns a PHC-format argon2id hash:
// $argon2id$v=19$m=...,t=...,p=...$salt$hash (unpadded base64).
func HashPassword(pw string) (string, error) {
	p := DefaultParams
	salt := make([]byte, p.SaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(pw), salt, p.Time, p.Memory, p.Threads, p.KeyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, p.Memory, p.Time, p.Threads, b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// VerifyPassword checks pw against a hash made by HashPassword, in constant
// time. A malformed hash never matches.
func VerifyPassword(hash, pw string) bool {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false
	}
	var version int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false
	}
	var m, t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil || m == 0 || t == 0 || p == 0 || m > 1<<22 {
		return false
	}
	b64 := base64.RawStdEncoding
	salt, err := b64.DecodeString(parts[4])
	if err != nil {
		return false
	}
	want, err := b64.DecodeString(parts[5])
	if err != nil || len(want) == 0 || len(want) > 128 {
		return false
	}
	got := argon2.IDKey([]byte(pw), salt, t, m, p, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}

// DummyHash is verified against when the username is unknown so that the
// answer takes as long as for a known user.
var DummyHash = func() string {
	h, err := HashPassword("onetrip-dummy-password")
	if err != nil {
		panic(err)
	}
	return h
}()
