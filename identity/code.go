package identity

import (
	"crypto/hmac"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"math/big"
	"time"

	"github.com/emmansun/gmsm/sm3"

	"onetrip"
)

// Purpose is what an SMS code is for; a code answers only its purpose.
type Purpose string

const (
	PurposeRegister Purpose = "register" // 注册
	PurposeReset    Purpose = "reset"    // 找回密码
)

// Valid reports whether p is a known purpose.
func (p Purpose) Valid() bool { return p == PurposeRegister || p == PurposeReset }

// The rules of an SMS code (短信验证码), as the province's gateways keep
// them: six digits, five minutes, one use, five wrong tries and then a wait
// before a new code; one code a minute to a number.
const (
	CodeTTL     = 5 * time.Minute
	MaxTries    = 5
	LockFor     = 15 * time.Minute
	ResendAfter = time.Minute
)

func init() {
	onetrip.Register(onetrip.Messages{
		"identity.code.purpose": {"未知的验证码用途 %q", "unknown code purpose %q"},
		"identity.code.wrong":   {"验证码不正确，还可尝试 %d 次", "the code is wrong; %d tries left"},
		"identity.code.expired": {"验证码已过期，请重新获取", "the code has expired; ask for a new one"},
		"identity.code.used":    {"验证码已使用，请重新获取", "the code was already used; ask for a new one"},
		"identity.code.none":    {"请先获取短信验证码", "ask for an SMS code first"},
		"identity.code.locked":  {"验证码错误次数过多，请 %d 分钟后再试", "too many wrong codes; try again in %d minutes"},
		"identity.code.resend":  {"验证码已发送，请 %d 秒后再获取", "a code was just sent; ask again in %d seconds"},
	})
}

// Code is one SMS code as the platform keeps it: only a keyed hash of the
// digits, so the table does not hold codes one could use.
type Code struct {
	ID      string
	Mobile  string
	Purpose Purpose
	Hash    string
	SentAt  time.Time
	Tries   int        // wrong answers so far
	UsedAt  *time.Time // answered rightly once
}

// NewDigits draws a six-digit code.
func NewDigits() (string, error) {
	n, err := rand.Int(rand.Reader, big.NewInt(1_000_000))
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("%06d", n.Int64()), nil
}

// HashDigits is the stored form of a code: HMAC-SM3 under the platform's
// key over the code's id and digits.
func HashDigits(key []byte, id, digits string) string {
	m := hmac.New(sm3.New, key)
	m.Write([]byte(id + "\x00" + digits))
	return hex.EncodeToString(m.Sum(nil))
}

// CanSend says whether a new code may go to a number whose newest code
// for the purpose is last (nil when none): not within a minute of the
// last, and not while five wrong tries keep the number waiting.
func CanSend(last *Code, now time.Time) error {
	if last == nil {
		return nil
	}
	if last.Tries >= MaxTries {
		if wait := last.SentAt.Add(LockFor).Sub(now); wait > 0 {
			return onetrip.E(onetrip.CodeTooMany, "identity.code.locked", minutes(wait))
		}
		return nil
	}
	if wait := last.SentAt.Add(ResendAfter).Sub(now); wait > 0 && last.UsedAt == nil {
		return onetrip.E(onetrip.CodeTooMany, "identity.code.resend", int(wait.Seconds()+0.999))
	}
	return nil
}

// Check answers a code given for the number's newest code c (nil when
// none was sent): the outcome, and whether a wrong try is to be counted.
// A right code is used once; a wrong one counts; the fifth wrong one locks
// the number for LockFor from the code's sending.
func Check(c *Code, key []byte, digits string, now time.Time) (err error, countTry bool) {
	switch {
	case c == nil:
		return onetrip.Invalid("identity.code.none"), false
	case c.Tries >= MaxTries:
		wait := c.SentAt.Add(LockFor).Sub(now)
		if wait <= 0 {
			return onetrip.Invalid("identity.code.expired"), false
		}
		return onetrip.E(onetrip.CodeTooMany, "identity.code.locked", minutes(wait)), false
	case c.UsedAt != nil:
		return onetrip.Invalid("identity.code.used"), false
	case now.Sub(c.SentAt) > CodeTTL:
		return onetrip.Invalid("identity.code.expired"), false
	}
	if !hmac.Equal([]byte(HashDigits(key, c.ID, digits)), []byte(c.Hash)) {
		left := MaxTries - c.Tries - 1
		if left == 0 {
			return onetrip.E(onetrip.CodeTooMany, "identity.code.locked", minutes(c.SentAt.Add(LockFor).Sub(now))), true
		}
		return onetrip.Invalid("identity.code.wrong", left), true
	}
	return nil, false
}

func minutes(d time.Duration) int {
	m := int((d + time.Minute - 1) / time.Minute)
	return max(m, 1)
}
