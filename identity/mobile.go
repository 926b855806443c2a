package identity

import (
	"strings"

	"onetrip"
)

func init() {
	onetrip.Register(onetrip.Messages{
		"identity.mobile": {"手机号码须为 11 位中国大陆手机号（1 开头）", "the mobile number must be an 11-digit mainland China number starting with 1"},
	})
}

// CheckMobile normalises a mainland mobile number (spaces, dashes and a
// +86 or 86 prefix dropped) and checks its shape: 11 digits, 1 then 3–9.
func CheckMobile(s string) (string, error) {
	s = strings.NewReplacer(" ", "", "-", "", "\u3000", "").Replace(strings.TrimSpace(s))
	s = strings.TrimPrefix(s, "+")
	if len(s) == 13 && strings.HasPrefix(s, "86") {
		s = s[2:]
	}
	if len(s) != 11 || s[0] != '1' || s[1] < '3' || s[1] > '9' {
		return "", onetrip.Invalid("identity.mobile")
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return "", onetrip.Invalid("identity.mobile")
		}
	}
	return s, nil
}

// MaskMobile shows a mobile number as 138****5678.
func MaskMobile(m string) string {
	if len(m) != 11 {
		return "***"
	}
	return m[:3] + "****" + m[7:]
}
